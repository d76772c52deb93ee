//! Connects a Zalo Official Account to your shop through the real SenCloud API.
//!
//! Run it after the OA owner authorized your app and Zalo redirected back with `code` and
//! `state`:
//!
//! ```sh
//! SENCLOUD_API_KEY=... SENCLOUD_OA_ID=1296121461794938793 \
//! SENCLOUD_CODE=... SENCLOUD_STATE=1 cargo run -p zalo-api-clients --example sencloud
//! ```

use std::process::ExitCode;

use zalo_api_clients::sencloud::{Client, Error, types::ConnectOaRequest};

#[tokio::main]
async fn main() -> ExitCode {
    let var = |name: &str| std::env::var(name).ok();
    let (Some(key), Some(oa_id), Some(code)) = (var("SENCLOUD_API_KEY"), var("SENCLOUD_OA_ID"), var("SENCLOUD_CODE"))
    else {
        eprintln!(
            "set SENCLOUD_API_KEY, SENCLOUD_OA_ID and SENCLOUD_CODE (and SENCLOUD_STATE), or run the demo: --example demo"
        );
        return ExitCode::from(2);
    };
    let Ok(oa_id) = oa_id.parse() else {
        eprintln!("SENCLOUD_OA_ID must be a 64-bit integer");
        return ExitCode::from(2);
    };
    let request = ConnectOaRequest {
        code: Some(code),
        oa_id: Some(oa_id),
        state: var("SENCLOUD_STATE").and_then(|s| s.parse().ok()),
    };
    match Client::new(key).zalo().connect_oa(&request).await {
        Ok(oa) => {
            println!("connected: {:#?}", oa);
            ExitCode::SUCCESS
        }
        Err(Error::Status { status, body, .. }) => {
            eprintln!("SenCloud refused (HTTP {status}): {} {}", body.code, body.msg);
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {}", error.report());
            ExitCode::FAILURE
        }
    }
}
