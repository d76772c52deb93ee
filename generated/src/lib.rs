//! Typed async clients for the two APIs described in `spec/`, generated at build time.
//!
//! - [`sencloud`]: SenCloud's Zalo Official Account API (`spec/sencloud.yaml`);
//! - [`gobysend`]: GobySend's ZNS API (`spec/gobysend.yaml`).
//!
//! Each module holds a `Client` with one method per operation (it returns a `Call`, or a
//! builder with a setter per optional input when the operation has some: await either for
//! the body, or ask it for the whole `Response`), and a `types` module with one type per
//! schema. Nothing here is written by hand: edit the spec and rebuild.
//!
//! ```no_run
//! use zalo_api_clients::gobysend::{Client, types::TemplateStatusFilter};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(std::env::var("GOBYSEND_API_KEY")?);
//! let page = client.template().list_templates(0, 100).status(TemplateStatusFilter::Enable).await?;
//! for template in page.data.unwrap_or_default() {
//!     println!("{} {}", template.template_id, template.template_name);
//! }
//! # Ok(())
//! # }
//! ```

// Every public item carries the spec's description; this keeps it so.
#![warn(missing_docs)]

// One module per spec of `spec/`: a spec dropped there needs no edit here.
include!(concat!(env!("OUT_DIR"), "/openapi_clients.rs"));
