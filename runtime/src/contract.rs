//! What generated contract tests call: read an example argument, run a call, and judge
//! its outcome.
//!
//! A failing test panics with `contract failure [<cause>] <operationId>: <details>`, so a
//! harness running many of them can tally the causes:
//!
//! - `refused`: the server did not accept the request (a 4xx where success was expected,
//!   or Prism's `sl-violations` header naming what it found wrong);
//! - `decode`: the answer does not decode into the type declared for its status;
//! - `unexpected-status`: a status the operation does not declare (the body is quoted: a
//!   mock's own error, such as Prism's `NO_RESPONSE_DEFINED`, names itself there);
//! - `client-validation`: the client refused its own example before sending;
//! - `example`: the example does not fit the argument's Rust type;
//! - `spec`: the answer does not decode, and the server reports that its answer breaks
//!   the spec (a mock serving the spec's example, which contradicts its schema);
//! - `mock`: the mock's own error (Prism's problem types, or the harness's mock's
//!   `x-mock-error` header), quoted: it cannot serve what the spec declares here;
//! - `transport`: the server could not be reached.

use std::fmt::Debug;
use std::future::Future;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;

use crate::{Error, Response};

/// How Prism's own errors begin their problem type.
const PRISM_ERRORS: &str = "stoplight.io/prism/errors#";

/// The header in which the conformance harness's own mock says why it cannot answer.
const MOCK_ERROR: &str = "x-mock-error";

/// The header in which Prism lists what a request (or its own response) breaks, when it
/// answers anyway.
const VIOLATIONS: &str = "sl-violations";
/// How a violation of the request begins its location in that header.
const REQUEST_VIOLATION: &str = "\"location\":[\"request\"";
/// How a violation of the response begins its location in that header.
const RESPONSE_VIOLATION: &str = "\"location\":[\"response\"";

/// The header that asks a mock for a response of a given status (RFC 7240 `Prefer`, as
/// Prism reads it: `Prefer: code=404`).
pub const PREFER: HeaderName = HeaderName::from_static("prefer");

/// `code=<status>`, the value of [`PREFER`] that asks for `status`.
pub fn code(status: u16) -> HeaderValue {
    HeaderValue::from_str(&format!("code={status}")).expect("digits are a valid header value")
}

/// The base URL in the environment variable `var`; panics saying how to set it.
pub fn base_url(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("contract tests call the server named by {var}: set it (e.g. to a Prism mock of the spec)")
    })
}

/// Runs a test's body on a current-thread executor (a plain `#[test]` needs no async
/// test macro, so the generated crate needs no test dependency).
pub fn run(test: impl Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a test runtime")
        .block_on(test);
}

/// An example argument, read from the JSON the generator wrote.
pub fn example<T: DeserializeOwned>(operation: &str, json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| {
        fail(
            "example",
            operation,
            format!("`{json}` does not fit the argument's type: {e}"),
        )
    })
}

/// The call succeeded: a 2xx, decoded into its declared type, with no violation reported.
/// A 2xx whose envelope reports a failure (`x-envelope`) decoded too: a mock's random
/// data says nothing about when the API succeeds.
pub fn expect_success<T, E: Debug, H>(operation: &str, outcome: Result<Response<T, H>, Error<E>>) {
    match outcome {
        Ok(response) => no_violations(operation, response.headers()),
        Err(Error::Api { status, headers, .. }) if status.is_success() => no_violations(operation, &headers),
        Err(error) => judge(operation, error, None),
    }
}

/// An operation that declares no success: any declared status, decoded, passes.
pub fn expect_declared<T, E: Debug, H>(operation: &str, outcome: Result<Response<T, H>, Error<E>>) {
    match outcome {
        Ok(response) => no_violations(operation, response.headers()),
        Err(Error::Status { headers, .. } | Error::Api { headers, .. }) => no_violations(operation, &headers),
        Err(error) => judge(operation, error, None),
    }
}

/// The call asked for error status `status` (Prism's `Prefer: code=N`): the answer has it,
/// and its body decoded into that status's declared type.
pub fn expect_status<T: Debug, E: Debug, H>(operation: &str, status: u16, outcome: Result<Response<T, H>, Error<E>>) {
    match outcome {
        Err(Error::Status {
            status: got, headers, ..
        }) if got.as_u16() == status => no_violations(operation, &headers),
        Ok(response) => fail(
            "unexpected-status",
            operation,
            format!("asked for {status}, the server answered {}", response.status()),
        ),
        Err(error) => judge(operation, error, Some(status)),
    }
}

/// Fails when the server reports the request broke the spec. Violations it reports of its
/// own response (a mock serving an example that breaks its schema) are the spec's.
fn no_violations(operation: &str, headers: &HeaderMap) {
    if let Some(violations) = headers.get(VIOLATIONS) {
        let text = String::from_utf8_lossy(violations.as_bytes());
        if text.contains(REQUEST_VIOLATION) {
            fail("refused", operation, format!("the server reports: {text}"));
        }
        // The client read an answer the server says breaks the spec: a pass, noted (a
        // harness running the tests with `--show-output` lists these).
        if text.contains(RESPONSE_VIOLATION) {
            println!(
                "contract note {operation}: the answer decoded, though the server says it breaks the spec: {text}"
            );
        }
    }
}

/// The violations the server reports of its own response, if any.
fn response_violations(headers: Option<&HeaderMap>) -> Option<String> {
    let text = String::from_utf8_lossy(headers?.get(VIOLATIONS)?.as_bytes()).into_owned();
    text.contains(RESPONSE_VIOLATION).then_some(text)
}

fn judge<E: Debug>(operation: &str, error: Error<E>, asked: Option<u16>) -> ! {
    // The project's own mock names its failures in a header, whatever the status.
    if let Some(why) = error.headers().and_then(|h| h.get(MOCK_ERROR)) {
        fail("mock", operation, String::from_utf8_lossy(why.as_bytes()).into_owned());
    }
    // A refusal that names what the request broke is one, whatever its body decodes to.
    if let Some(text) = error.headers().and_then(|h| h.get(VIOLATIONS)) {
        let text = String::from_utf8_lossy(text.as_bytes());
        if text.contains(REQUEST_VIOLATION) && error.status().is_some_and(|s| s.is_client_error()) {
            fail("refused", operation, format!("the server reports: {text}"));
        }
    }
    let violations = error
        .headers()
        .and_then(|h| h.get(VIOLATIONS))
        .map(|v| format!(" (violations: {})", String::from_utf8_lossy(v.as_bytes())))
        .unwrap_or_default();
    // Prism's own errors (it cannot serve the construct, or finds its own response
    // invalid) name themselves by a problem type; its refusals of a request
    // (`UNPROCESSABLE_ENTITY`, request `VIOLATIONS`) are the client's.
    // A body that does not decode, which the server itself says breaks the spec: the
    // spec's example contradicts its schema.
    if let (
        Error::Decode {
            status, path, source, ..
        },
        Some(violations),
    ) = (&error, response_violations(error.headers()))
    {
        fail(
            "spec",
            operation,
            format!("{status} at `{path}`: {source}; the server says its response breaks the spec: {violations}"),
        );
    }
    let mock = |text: &str| {
        text.contains(PRISM_ERRORS)
            && !text.contains("errors#UNPROCESSABLE_ENTITY")
            && !(text.contains("errors#VIOLATIONS") && text.contains("[\"request\""))
    };
    match error {
        Error::UnexpectedStatus { status, body, .. } | Error::Decode { status, body, .. }
            if mock(&String::from_utf8_lossy(&body)) =>
        {
            fail("mock", operation, format!("{status}: {}", quote(&body)))
        }
        Error::Status { status, body, .. } if mock(&format!("{body:?}")) => {
            fail("mock", operation, format!("{status}: {body:?}"))
        }
        Error::Status { status, body, .. } if asked.is_none() => fail(
            if status.is_client_error() {
                "refused"
            } else {
                "unexpected-status"
            },
            operation,
            format!("{status}: {body:?}{violations}"),
        ),
        Error::Status { status, body, .. } => fail(
            "unexpected-status",
            operation,
            format!(
                "asked for {}, the server answered {status}: {body:?}",
                asked.unwrap_or_default()
            ),
        ),
        Error::Api { status, failure, .. } => fail("refused", operation, format!("{status}: {failure:?}{violations}")),
        Error::UnexpectedStatus { status, body, .. } => fail(
            if status.is_client_error() && asked.is_none() {
                "refused"
            } else {
                "unexpected-status"
            },
            operation,
            format!("{status}: {}{violations}", quote(&body)),
        ),
        Error::Decode {
            status,
            path,
            source,
            body,
            ..
        } => fail(
            "decode",
            operation,
            format!("{status} at `{path}`: {source}; the body: {}", quote(&body)),
        ),
        Error::Validation(e) => fail("client-validation", operation, e.to_string()),
        other => fail("transport", operation, other.report()),
    }
}

/// The start of a body, as text.
fn quote(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(600) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.into_owned(),
    }
}

fn fail(cause: &str, operation: &str, details: String) -> ! {
    panic!("contract failure [{cause}] {operation}: {details}")
}
