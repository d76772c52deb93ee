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
    /// Decoding is plain `serde_json`, as fast as a hand-written struct: tracking the path
    /// on the way (serde_path_to_error) cost 1.6x to 2x, and a second, tracking read of a
    /// failed body would compile every response type's `Deserialize` twice. The path is
    /// found instead from where serde_json stopped, by `path_at`, compiled once here.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            path: path_at(&self.body, source.line(), source.column()),
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

/// The path (`data[1].templateId`, `.` for the root) of the innermost value that holds
/// `line`:`column` (serde_json's 1-based position of an error: just past the value it
/// could not take, or past the object that misses a field) in a JSON `body`.
fn path_at(body: &[u8], line: usize, column: usize) -> String {
    enum Frame {
        Object(Option<String>),
        Array(Option<usize>),
    }
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(body.len(), |(i, _)| i + 1)
    };
    let end = (line_start + column).min(body.len());
    let mut stack: Vec<Frame> = Vec::new();
    // A value starts: in an array, it is the next element.
    let start_value = |stack: &mut Vec<Frame>| {
        if let Some(Frame::Array(index)) = stack.last_mut() {
            *index = Some(index.map_or(0, |i| i + 1));
        }
    };
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => {
                start_value(&mut stack);
                stack.push(Frame::Object(None));
            }
            b'[' => {
                start_value(&mut stack);
                stack.push(Frame::Array(None));
            }
            b'}' | b']' => {
                stack.pop();
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < body.len() && body[i] != b'"' {
                    i += if body[i] == b'\\' { 2 } else { 1 };
                }
                let after_key = body[(i + 1).min(body.len())..]
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|b| *b == b':');
                match stack.last_mut() {
                    Some(Frame::Object(key)) if after_key => {
                        let raw = &body[start..(i + 1).min(body.len())];
                        *key = Some(
                            serde_json::from_slice(raw).unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned()),
                        );
                    }
                    _ => start_value(&mut stack),
                }
            }
            b if b.is_ascii_whitespace() || b == b',' || b == b':' => {}
            _ => {
                // A number, `true`, `false` or `null`.
                start_value(&mut stack);
                while i + 1 < end && !matches!(body[i + 1], b',' | b'}' | b']') && !body[i + 1].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Array(Some(index)) => path.push_str(&format!("[{index}]")),
            Frame::Object(None) | Frame::Array(None) => {}
        }
    }
    if path.is_empty() { ".".to_owned() } else { path }
}

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
    fn paths_are_found_where_serde_json_stopped() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Template {
            #[serde(rename = "templateId")]
            id: i64,
            tags: Option<Vec<u8>>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Page {
            data: Vec<Template>,
            total: Option<u32>,
        }
        let cases = [
            (
                r#"{"data": [{"templateId": 1}, {"templateId": "x"}]}"#,
                "data[1].templateId",
            ),
            (
                "{\n  \"data\": [\n    {\"templateId\": 1, \"tags\": [1, 2, 300]}\n  ]\n}",
                "data[0].tags[2]",
            ),
            (r#"{"data": [{"templateId": 1}, {"tags": []}]}"#, "data[1]"),
            (
                r#"{"data": [{"templateId": 1, "x": {"y": [{}]}}], "total": -1}"#,
                "total",
            ),
            (r#"{"da\"ta": 1, "data": 5}"#, "data"),
            (r#"{"data": []} trailing"#, "."),
            (r#"[1]"#, "[0]"),
        ];
        for (body, expected) in cases {
            let error = serde_json::from_str::<Page>(body).unwrap_err();
            assert_eq!(
                path_at(body.as_bytes(), error.line(), error.column()),
                expected,
                "{body}: {error}"
            );
        }
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("a/b?c=d e"), "a%2Fb%3Fc%3Dd%20e");
        assert_eq!(encode_path_segment("ok-._~1"), "ok-._~1");
    }
}
