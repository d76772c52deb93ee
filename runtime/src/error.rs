//! The error every generated operation returns.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

pub use crate::validate::ValidationError;

/// Why a call failed. `E` is the typed body of the error statuses the operation declares:
/// the one schema they share (a `{code, msg}` object), or a generated enum with one
/// variant per declared status (`GetPetErrorBody::NotFound(..)`), or `serde_json::Value`
/// where the spec declares none.
///
/// Every variant made from a response carries its status and headers (`Retry-After`,
/// request ids). No variant holds request headers or URLs, so an error message never shows
/// a credential. Headers are boxed to keep `Result<T, Error<E>>` small.
#[derive(Debug, thiserror::Error)]
pub enum Error<E = serde_json::Value> {
    /// An argument broke a constraint of the spec (a range, a length); nothing was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The request was not sent, or the response was not read completely (connection
    /// refused or reset, DNS, TLS, a middleware's error), after any retries. The URL is
    /// removed, since an API key may be in it.
    #[error("the request failed: {0}")]
    Transport(#[source] reqwest_middleware::Error),
    /// An attempt took longer than the client's timeout.
    #[error("the request timed out: {0}")]
    Timeout(#[source] reqwest_middleware::Error),
    /// The response body was larger than the client accepts.
    #[error("the HTTP {status} response is larger than the {limit}-byte limit")]
    ResponseTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A credential could not be obtained (an OAuth2 token endpoint refused or failed);
    /// nothing was sent to the API.
    #[error("no credential: {0}")]
    Auth(#[source] AuthError),
    /// The server answered with an error status the spec declares, and its body decoded
    /// into that status's type (only that one: a 404 body is never read as the 422 type).
    #[error("the server answered HTTP {status}: {body:?}")]
    Status {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The decoded error body.
        body: E,
    },
    /// The server answered 2xx, but the response's envelope reports a failure, by the rule
    /// the spec declares with `x-envelope`.
    #[error("the API reported a failure (HTTP {status}): {failure}")]
    Api {
        /// The HTTP status, usually 200.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The failure's code and message, from the envelope.
        failure: ApiFailure,
    },
    /// The server answered with a status the spec does not declare (and no `default`
    /// covers), or with a media type other than the declared one (a proxy's HTML page
    /// where JSON is declared). The body is kept, never decoded into another status's type.
    #[error("the server answered HTTP {status} unexpectedly ({} bytes of body)", body.len())]
    UnexpectedStatus {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// The start of the body, at most [`Error::MAX_BODY_KEPT`] bytes.
        body: Bytes,
    },
    /// A response whose body does not decode into the type its status declares (a success
    /// or an error status).
    #[error("the HTTP {status} response does not decode at `{path}`: {source}")]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The response headers.
        headers: Box<HeaderMap>,
        /// Where in the body decoding failed, e.g. `data[3].templateId` (`.` for the root).
        path: String,
        /// What serde_json reported.
        source: serde_json::Error,
        /// The start of the body, at most [`Error::MAX_BODY_KEPT`] bytes.
        body: Bytes,
    },
    /// A paging stream stopped because the server did not advance (it answered the same
    /// offset, page, cursor or `next` link twice, or a page identical to the last), or a
    /// `next` link pointed at another origin than the client's base URL.
    #[error("paging stopped: {0}")]
    Paging(crate::paging::PagingError),
}

impl<E> Error<E> {
    /// How many bytes of a response body an error keeps, so a huge HTML page does not
    /// travel through the application's error handling.
    pub const MAX_BODY_KEPT: usize = 64 * 1024;

    /// The error and every cause below it on one line
    /// (`the request failed: error sending request: dns error: ...`), for logs and
    /// command lines: `Display` alone stops at the top cause. A cause whose message the one
    /// above it already shows is not repeated.
    pub fn report(&self) -> String
    where
        Self: std::error::Error,
    {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            let message = cause.to_string();
            if !text.ends_with(&message) {
                text.push_str(": ");
                text.push_str(&message);
            }
            source = cause.source();
        }
        text
    }

    /// The HTTP status of the response, if one was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Validation(_) | Error::Transport(_) | Error::Timeout(_) | Error::Auth(_) | Error::Paging(_) => None,
            Error::Status { status, .. }
            | Error::ResponseTooLarge { status, .. }
            | Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. } => Some(*status),
        }
    }

    /// The headers of the response, if one was received and kept.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Status { headers, .. }
            | Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::Decode { headers, .. } => Some(headers),
            _ => None,
        }
    }
}

/// Why a credential could not be obtained. Its message never holds a secret: token
/// endpoint answers are summarized by their OAuth2 error code and description.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AuthError {
    /// What went wrong.
    pub message: String,
}

/// A failure reported inside a success response's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiFailure {
    /// The envelope's code, as text (`-124`).
    pub code: String,
    /// The envelope's message, if it has one.
    pub message: Option<String>,
}

impl std::fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "code {}", self.code)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

/// Why a request got no complete response: the part of [`Error`] that does not depend on
/// the operation. The runtime's sending code returns it, so its retry loop is compiled
/// once, in this crate, rather than once per operation error type in every generated
/// crate; `?` turns it into an [`Error`].
#[derive(Debug)]
pub enum SendError {
    /// See [`Error::Transport`].
    Transport(reqwest_middleware::Error),
    /// See [`Error::Timeout`].
    Timeout(reqwest_middleware::Error),
    /// See [`Error::ResponseTooLarge`].
    ResponseTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// See [`Error::Auth`].
    Auth(AuthError),
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Transport(e) => Error::Transport(e),
            SendError::Timeout(e) => Error::Timeout(e),
            SendError::ResponseTooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
            SendError::Auth(e) => Error::Auth(e),
        }
    }
}

pub(crate) fn bounded(body: Bytes) -> Bytes {
    if body.len() > Error::<()>::MAX_BODY_KEPT {
        body.slice(..Error::<()>::MAX_BODY_KEPT)
    } else {
        body
    }
}
