//! Sending a request and turning the response into a typed value or an [`Error`].

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{ApiFailure, Error, bounded};

/// A response read completely: its status and body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    status: StatusCode,
    body: Bytes,
}

/// A response type whose body can report a failure even on a 2xx status, as declared by
/// the spec's `x-envelope` extension. Generated for such types.
pub trait Envelope {
    /// The failure the envelope reports, or `None` when it reports success.
    fn failure(&self) -> Option<ApiFailure>;
}

impl RawResponse {
    /// Builds a response from its parts (for tests and custom transports).
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            body: body.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Decodes the body as JSON into `T`; on failure the error names the path to the bad
    /// field.
    ///
    /// Success takes plain `serde_json`, as fast as a hand-written struct; tracking the
    /// path on the way (serde_path_to_error) cost 1.6x to 2x, so only a failed body is
    /// read a second time, with tracking, to find the path.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        let error = match serde_json::from_slice(&self.body) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        let deserializer = &mut serde_json::Deserializer::from_slice(&self.body);
        let (path, source) = match serde_path_to_error::deserialize::<_, T>(deserializer) {
            Err(e) => (e.path().to_string(), e.into_inner()),
            // Only trailing characters after a complete value fail the first read alone.
            Ok(_) => (".".to_owned(), error),
        };
        Err(Error::Decode {
            status: self.status,
            path,
            source,
            body: bounded(self.body.clone()),
        })
    }

    /// Decodes the body like [`RawResponse::json`], then applies the envelope's success
    /// rule: a reported failure becomes [`Error::Api`].
    pub fn json_envelope<T: DeserializeOwned + Envelope, E>(&self) -> Result<T, Error<E>> {
        let value: T = self.json()?;
        match value.failure() {
            None => Ok(value),
            Some(failure) => Err(Error::Api {
                status: self.status,
                failure,
            }),
        }
    }

    /// The body as text (`text/*` responses); bytes that are not UTF-8 become U+FFFD.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(&self.body).into_owned())
    }

    /// The body as bytes (`application/octet-stream`, images, anything not JSON or text).
    pub fn bytes<E>(&self) -> Result<Bytes, Error<E>> {
        Ok(self.body.clone())
    }

    /// Succeeds for a response the spec declares without a body.
    pub fn empty<E>(&self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// The error for a status that is not a declared success: [`Error::Status`] when the body
    /// decodes into the declared error type `E`, else [`Error::UnexpectedStatus`].
    pub fn error<E: DeserializeOwned>(&self) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Status {
                status: self.status,
                body,
            },
            Err(_) => self.unexpected(),
        }
    }

    /// [`Error::UnexpectedStatus`] for this response.
    pub fn unexpected<E>(&self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            body: bounded(self.body.clone()),
        }
    }
}

/// Characters escaped in a path parameter: all but RFC 3986's unreserved ones, so a value
/// can never add a path segment or a query string.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a path parameter's value.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: i64,
    }

    #[test]
    fn decode_errors_name_the_path_and_keep_a_bounded_body() {
        let response = RawResponse::new(StatusCode::OK, r#"{"data":[{"id":1},{"id":"x"}]}"#);
        let err = response.json::<Page, ()>().unwrap_err();
        match &err {
            Error::Decode { path, status, .. } => {
                assert_eq!(path, "data[1].id");
                assert_eq!(*status, StatusCode::OK);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(err.to_string().contains("`data[1].id`"), "{err}");
        // Trailing bytes after a complete value fail too, at the root.
        let err = RawResponse::new(StatusCode::OK, r#"{"data":[]} x"#)
            .json::<Page, ()>()
            .unwrap_err();
        assert!(matches!(&err, Error::Decode { path, .. } if path == "."), "{err:?}");

        let huge = vec![b'<'; 3 * Error::<()>::MAX_BODY_KEPT];
        let err = RawResponse::new(StatusCode::BAD_GATEWAY, huge).error::<Item>();
        match err {
            Error::UnexpectedStatus { body, .. } => {
                assert_eq!(body.len(), Error::<()>::MAX_BODY_KEPT)
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("a/b?c=d e"), "a%2Fb%3Fc%3Dd%20e");
        assert_eq!(encode_path_segment("ok-._~1"), "ok-._~1");
    }
}
