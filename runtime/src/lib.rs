//! Support code shared by every client that `openapi-client-codegen` generates.
//!
//! Generated code stays short and readable because the parts that are the same for every
//! API live here, written and tested once:
//!
//! - [`int64_string`] and [`unix_time`]: serde adapters for wire formats that serde does not
//!   know (64-bit integers sent as JSON strings, epoch seconds sent as decimals);
//! - [`enums`]: the deserializer behind every generated *open* enum, whose unlisted values
//!   are kept rather than rejected;
//! - [`Credential`] and [`Secret`]: authentication that never prints its secret;
//! - [`Error`], [`RawResponse`] and [`Envelope`]: sending a request and turning what comes
//!   back into a typed value or an error that says what happened.

pub mod enums;
mod error;
pub mod int64_string;
mod request;
mod secret;
pub mod unix_time;

pub use error::{ApiFailure, Error};
pub use request::{Envelope, RawResponse, encode_path_segment, send};
pub use secret::{Credential, Secret};

/// Re-exported so generated code and its users name the same versions.
pub use chrono;
/// Re-exported so generated code and its users name the same versions.
pub use reqwest;
