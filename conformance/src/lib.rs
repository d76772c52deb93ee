//! Whether generated clients work against a validating mock of their spec.
//!
//! - [`mock`]: the second validating mock, beside Prism, for the documents Prism does not
//!   load in time and the answers it cannot give;
//! - [`schema`]: the spec's schemas as plain JSON Schema, for the mock's validator.
//!
//! The harness itself is the `conformance` binary (`src/bin/conformance.rs`); the mock
//! alone is the `mock` binary.

pub mod mock;
pub mod schema;
