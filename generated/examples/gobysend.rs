//! Lists every ZNS template of your Official Account from the real GobySend API.
//!
//! ```sh
//! GOBYSEND_API_KEY=... cargo run -p zalo-api-clients --example gobysend
//! # optional: GOBYSEND_API_KEY_HEADER=api-key   (if your key goes in another header)
//! # optional: GOBYSEND_STATUS=1                 (1 enabled .. 5 deleted)
//! ```

use std::process::ExitCode;

use openapi_client_runtime::Caps;
use openapi_client_runtime::futures::StreamExt;
use openapi_client_runtime::reqwest::header::HeaderName;
use zalo_api_clients::gobysend::{Client, types::TemplateStatusFilter};

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(key) = std::env::var("GOBYSEND_API_KEY") else {
        eprintln!("set GOBYSEND_API_KEY to your GobySend API key (or run the demo: --example demo)");
        return ExitCode::from(2);
    };
    let mut client = Client::new(key);
    if let Ok(header) = std::env::var("GOBYSEND_API_KEY_HEADER") {
        match HeaderName::from_bytes(header.as_bytes()) {
            Ok(header) => client = client.with_access_token_header(header),
            Err(_) => {
                eprintln!("GOBYSEND_API_KEY_HEADER is not a valid header name");
                return ExitCode::from(2);
            }
        }
    }
    let status = std::env::var("GOBYSEND_STATUS")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .map(TemplateStatusFilter::from);

    let mut call = client.template().list_templates(0, 100);
    if let Some(status) = status {
        call = call.status(status);
    }
    let mut templates = call.stream(Caps::none());
    let mut count = 0;
    while let Some(template) = templates.next().await {
        match template {
            Ok(t) => {
                count += 1;
                println!(
                    "{:>8}  {:<40}  {:<14}  quality {:<9}  created {}",
                    t.template_id,
                    t.template_name,
                    t.status.map(|s| s.to_string()).unwrap_or_default(),
                    t.template_quality.map(|q| q.to_string()).unwrap_or_default(),
                    t.created_at.map(|c| c.to_rfc3339()).unwrap_or_default(),
                );
            }
            Err(error) => {
                eprintln!("error: {}", error.report());
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{count} template(s)");
    ExitCode::SUCCESS
}
