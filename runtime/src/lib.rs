//! Support code shared by every client that `openapi-client-codegen` generates.
//!
//! Generated code stays short and readable because the parts that are the same for every
//! API live here, written and tested once:
//!
//! - [`int64_string`], [`unix_time`] and [`date_time`]: serde adapters for wire formats that
//!   serde does not know (64-bit integers sent as JSON strings, epoch seconds sent as
//!   decimals, date-times without an offset);
//! - [`enums`]: the deserializer behind every generated *open* enum, whose unlisted values
//!   are kept rather than rejected;
//! - [`Credential`] and [`Secret`]: authentication that never prints its secret (bearer,
//!   Basic, API keys, and OAuth2 client credentials through [`ClientCredentials`]);
//! - [`Call`] and [`CallOptions`]: one call of an operation, with per-call headers,
//!   timeout, retry policy and idempotency key, awaited for its body or asked for its
//!   [`Response`] (status, headers, declared headers typed);
//! - [`ClientCore`] and [`RetryPolicy`]: base URL, HTTP client (with middleware), timeouts,
//!   retries with backoff and jitter, a cap on response size, a tracing span per call;
//! - [`Error`], [`RawResponse`] and [`Envelope`]: turning what comes back into a typed value
//!   or an error that says what happened, with the status and headers;
//! - [`ByteStream`] and [`sse::EventStream`]: bodies read as they arrive, for downloads
//!   and server-sent events;
//! - [`multipart::File`]: a file part of a `multipart/form-data` body, which generated
//!   methods encode from a typed struct;
//! - [`validate`]: the spec's constraints, checked before anything is sent;
//! - [`paging`]: a stream of items over every page of a paged operation (offset/limit, page
//!   number, cursor, `Link` header), bounded by [`Caps`] and guarded against a server that
//!   does not advance.

/// Writes, inside a serde adapter module (one with `serialize`, `deserialize` and an
/// `option` module), its `double_option` module: the same adapter for an optional and
/// nullable field with three states (see [`double_option`]), so a PATCH can send `null`
/// for an int64 string, a unix time or a date-time too.
macro_rules! adapter_double_option {
    ($ty:ty) => {
        /// The same adapters for an optional and nullable field with three states (see
        /// [`crate::double_option`]): absent is `None`, `null` is `Some(None)`, a value is
        /// `Some(Some(v))`.
        pub mod double_option {
            use super::*;

            /// Writes `Some(Some(v))` as the adapter does and `Some(None)` as `null` (`None`
            /// is skipped by the field's `skip_serializing_if`).
            pub fn serialize<S: Serializer>(value: &Option<Option<$ty>>, serializer: S) -> Result<S::Ok, S::Error> {
                match value {
                    Some(Some(value)) => super::serialize(value, serializer),
                    _ => serializer.serialize_none(),
                }
            }

            /// Reads a present property: `null` as `Some(None)`, a value as `Some(Some(v))`
            /// (an absent one never reaches here; the field's `default` makes it `None`).
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<$ty>>, D::Error> {
                super::option::deserialize(deserializer).map(Some)
            }
        }
    };
}

mod builder;
mod call;
mod client;
#[doc(hidden)]
pub mod contract;
pub mod date_time;
pub mod double_option;
#[doc(hidden)]
pub mod enums;
mod error;
#[doc(hidden)]
pub mod form;
pub mod int64_string;
pub mod multipart;
#[doc(hidden)]
pub mod paging;
mod path;
mod response;
mod retry;
mod secret;
pub mod sse;
mod stream;
mod token;
pub mod unix_time;
#[doc(hidden)]
pub mod validate;

// Only generated code calls these (through `__codegen`); kept here for code generated
// before that module existed, and hidden from the documentation.
pub use call::{Call, CallOptions, IDEMPOTENCY_KEY};
#[doc(hidden)]
pub use client::{ClientCore, Operation};
pub use error::{ApiFailure, AuthError, Error, SendError};
pub use paging::{Caps, PagingError};
#[doc(hidden)]
pub use path::encode_path_segment;
pub use response::{Envelope, RawResponse, Response};
pub use retry::RetryPolicy;
pub use secret::{Credential, Secret};
pub use stream::ByteStream;
pub use token::ClientCredentials;
pub use validate::ValidationError;

/// What generated code calls, and nothing a user needs (as `tonic::codegen` is): generated
/// code names every item it uses through this module, the crates it builds on included, so
/// a user's crate depends on this runtime alone and never sees two versions of serde,
/// reqwest or chrono. Its items follow the generator, not semver.
#[doc(hidden)]
pub mod __codegen {
    pub use crate::__call_builder as call_builder;
    pub use crate::call::{Call, CallOptions, security};
    pub use crate::client::{ClientCore, Operation};
    pub use crate::error::{ApiFailure, Error};
    pub use crate::path::encode_path_segment;
    pub use crate::response::{Envelope, RawResponse, header};
    pub use crate::retry::RetryPolicy;
    pub use crate::secret::{Credential, Secret};
    pub use crate::stream::ByteStream;
    pub use crate::token::ClientCredentials;
    pub use crate::{
        contract, date_time, double_option, enums, form, int64_string, multipart, paging, sse, unix_time, validate,
    };
    pub use {bytes, chrono, futures, reqwest, reqwest_middleware, serde, serde_json, uuid};

    /// Generated code names this constant, which only a runtime of the version the code
    /// was generated for has: with another, the build fails on this very name.
    pub const OPENAPI_CLIENT_RUNTIME_0_1: () = ();
}

/// Re-exported so generated code and its users name the same versions.
pub use bytes;
/// Re-exported so generated code and its users name the same versions.
pub use chrono;
/// Re-exported so generated code and its users name the same versions.
pub use futures;
/// Re-exported so generated code and its users name the same versions.
pub use reqwest;
/// Re-exported so generated code and its users name the same versions.
pub use reqwest_middleware;
/// Re-exported so generated code and its users name the same versions.
pub use serde;
/// Re-exported so generated code and its users name the same versions.
pub use serde_json;
/// Re-exported so generated code and its users name the same versions.
pub use uuid;
