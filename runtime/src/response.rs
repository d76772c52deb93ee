//! What came back: the response as the runtime read it ([`RawResponse`]), the typed
//! [`Response`] a caller can ask for, and the decoding of one status's body into its type
//! or into the [`Error`] that says why not.

use std::str::FromStr;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use crate::error::{ApiFailure, Error, bounded};
use crate::sse::{DataDecoder, EventStream, Resend};
use crate::stream::ByteStream;

/// A typed response: the status, every header, the headers the spec declares (typed, as
/// `H`; `()` when it declares none), and the decoded body. Returned by
/// [`Call::response`](crate::Call::response); awaiting a call gives the body alone.
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    declared: H,
    body: T,
}

impl<T, H> Response<T, H> {
    /// Builds a response from its parts (for tests and custom transports).
    pub fn new(status: StatusCode, headers: HeaderMap, declared: H, body: T) -> Self {
        Self {
            status,
            headers,
            declared,
            body,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Every response header, as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers the spec declares for this operation's success responses, typed
    /// (`location`, `x_rate_limit_remaining`). A header that is absent or does not parse
    /// as its type is `None`; its raw value is still in [`Response::headers`].
    pub fn declared_headers(&self) -> &H {
        &self.declared
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers, typed headers and body, by value.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, H, T) {
        (self.status, self.headers, self.declared, self.body)
    }
}

/// A response type whose body can report a failure even on a 2xx status, as declared by
/// the spec's `x-envelope` extension. Generated for such types.
pub trait Envelope {
    /// The failure the envelope reports, or `None` when it reports success.
    fn failure(&self) -> Option<ApiFailure>;
}

/// A response as the runtime read it: status, headers, and the body, read completely (at
/// most the client's size cap) unless the operation streams it for this status.
///
/// Generated code turns it into the operation's result with one method per status: its
/// methods consume it, so a body or its headers move into the value or error they become.
#[derive(Debug)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    Read(Bytes),
    Unread(Box<Unread>),
}

/// A body left on the connection, for a byte or event stream.
#[derive(Debug)]
pub(crate) struct Unread {
    pub(crate) response: reqwest::Response,
    /// The longest wait for the next chunk.
    pub(crate) idle: Option<std::time::Duration>,
    /// How to send the request again (an event stream reconnects).
    pub(crate) resend: Option<Resend>,
}

impl RawResponse {
    /// Builds a response from its parts (for tests and custom transports).
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::from_parts(status, HeaderMap::new(), body.into())
    }

    /// Builds a response with headers (for tests and custom transports).
    pub fn from_parts(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body: Body::Read(body),
        }
    }

    pub(crate) fn unread(status: StatusCode, headers: HeaderMap, unread: Unread) -> Self {
        Self {
            status,
            headers,
            body: Body::Unread(Box::new(unread)),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as read; empty for a body left streaming.
    pub fn body(&self) -> &[u8] {
        match &self.body {
            Body::Read(bytes) => bytes,
            Body::Unread(_) => &[],
        }
    }

    fn into_bytes(self) -> (StatusCode, HeaderMap, Bytes) {
        let body = match self.body {
            Body::Read(bytes) => bytes,
            // Generated code streams exactly the statuses it reads as streams.
            Body::Unread(_) => Bytes::new(),
        };
        (self.status, self.headers, body)
    }

    /// Decodes the body as JSON into `T`; on failure the error names the path to the bad
    /// field and keeps the body.
    ///
    /// Decoding is plain `serde_json`, as fast as a hand-written struct: tracking the path
    /// on the way (serde_path_to_error) cost 1.6x to 2x, and a second, tracking read of a
    /// failed body would compile every response type's `Deserialize` twice. The path is
    /// found instead from where serde_json stopped, by `path_at`, compiled once here.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        decode_json(&self.body_bytes()).map_err(|failure| self.decode_error(failure))
    }

    fn body_bytes(&self) -> Bytes {
        match &self.body {
            Body::Read(bytes) => bytes.clone(),
            Body::Unread(_) => Bytes::new(),
        }
    }

    fn decode_error<E>(self, (source, path): (serde_json::Error, String)) -> Error<E> {
        let (status, headers, body) = self.into_bytes();
        Error::Decode {
            status,
            headers: Box::new(headers),
            path,
            source,
            body: bounded(body),
        }
    }

    /// Decodes the body like [`RawResponse::json`], then applies the envelope's success
    /// rule: a reported failure becomes [`Error::Api`].
    pub fn json_envelope<T: DeserializeOwned + Envelope, E>(self) -> Result<T, Error<E>> {
        let value: T = match decode_json(&self.body_bytes()) {
            Ok(value) => value,
            Err(failure) => return Err(self.decode_error(failure)),
        };
        match value.failure() {
            None => Ok(value),
            Some(failure) => Err(Error::Api {
                status: self.status,
                headers: Box::new(self.headers),
                failure,
            }),
        }
    }

    /// The body as text (`text/*` responses); bytes that are not UTF-8 become U+FFFD.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        Ok(String::from_utf8_lossy(self.body()).into_owned())
    }

    /// The body as bytes, read completely.
    pub fn bytes<E>(self) -> Result<Bytes, Error<E>> {
        Ok(self.into_bytes().2)
    }

    /// The body as a stream of chunks, never held whole in memory and not limited by the
    /// client's size cap (binary downloads).
    pub fn byte_stream<E>(self) -> Result<ByteStream, Error<E>> {
        Ok(match self.body {
            Body::Unread(unread) => ByteStream::new(unread.response, unread.idle),
            Body::Read(bytes) => ByteStream::once(bytes),
        })
    }

    /// The body as a stream of server-sent events whose data `data` decodes
    /// ([`sse::text`](crate::sse::text) or [`sse::json`](crate::sse::json)), reconnecting
    /// after a dropped connection.
    pub fn event_stream<D: Send + 'static, E>(self, data: DataDecoder<D>) -> Result<EventStream<D>, Error<E>> {
        Ok(match self.body {
            Body::Unread(unread) => {
                EventStream::new(ByteStream::new(unread.response, unread.idle), unread.resend, data)
            }
            Body::Read(bytes) => EventStream::from_bytes(bytes, data),
        })
    }

    /// Succeeds for a response the spec declares without a body.
    pub fn empty<E>(self) -> Result<(), Error<E>> {
        Ok(())
    }

    /// The error for a declared error status whose body is JSON: its type, wrapped by `wrap`
    /// into the operation's error body (`GetPetErrorBody::NotFound`), or
    /// [`Error::Decode`] when it does not decode, or [`Error::UnexpectedStatus`] when the
    /// response says it is not JSON at all (a proxy's HTML page).
    pub fn error_json<B: DeserializeOwned, E>(self, wrap: fn(B) -> E) -> Error<E> {
        if !self.is_json() {
            return self.unexpected();
        }
        match decode_json(&self.body_bytes()) {
            Ok(body) => Error::Status {
                status: self.status,
                headers: Box::new(self.headers),
                body: wrap(body),
            },
            Err(failure) => self.decode_error(failure),
        }
    }

    /// The error for a declared error status whose body is text.
    pub fn error_text<E>(self, wrap: fn(String) -> E) -> Error<E> {
        let body = wrap(String::from_utf8_lossy(self.body()).into_owned());
        self.status_error(body)
    }

    /// The error for a declared error status whose body is neither JSON nor text.
    pub fn error_bytes<E>(self, wrap: fn(Bytes) -> E) -> Error<E> {
        let (status, headers, bytes) = self.into_bytes();
        Error::Status {
            status,
            headers: Box::new(headers),
            body: wrap(bounded(bytes)),
        }
    }

    /// The error for a declared error status without a body: `body` names the status.
    pub fn status_error<E>(self, body: E) -> Error<E> {
        Error::Status {
            status: self.status,
            headers: Box::new(self.headers),
            body,
        }
    }

    /// [`Error::UnexpectedStatus`] for this response: a status the spec does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        let (status, headers, body) = self.into_bytes();
        Error::UnexpectedStatus {
            status,
            headers: Box::new(headers),
            body: bounded(body),
        }
    }

    /// Whether the body is JSON by its `Content-Type` (`application/json`, `*+json`);
    /// a response without one is given the benefit of the doubt.
    fn is_json(&self) -> bool {
        let Some(value) = self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
            return true;
        };
        let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        essence.ends_with("/json") || essence.ends_with("+json")
    }
}

/// Reads a declared response header as `T`: `None` when absent or when it does not parse.
pub fn header<T: FromStr>(headers: &HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, (serde_json::Error, String)> {
    serde_json::from_slice(body).map_err(|source| {
        let path = path_at(body, source.line(), source.column());
        (source, path)
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
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
        let err = RawResponse::new(StatusCode::BAD_GATEWAY, huge).unexpected::<Item>();
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

    fn with_type(status: StatusCode, content_type: &str, body: &'static str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, content_type.parse().unwrap());
        headers.insert("x-request-id", "r-1".parse().unwrap());
        RawResponse::from_parts(status, headers, Bytes::from_static(body.as_bytes()))
    }

    #[test]
    fn an_error_body_decodes_only_into_its_own_status_type_and_keeps_headers() {
        #[derive(Debug, PartialEq)]
        enum Body {
            NotFound(Item),
        }
        let error = with_type(StatusCode::NOT_FOUND, "application/json", r#"{"id": 7}"#).error_json(Body::NotFound);
        match error {
            Error::Status { status, headers, body } => {
                assert_eq!(status, StatusCode::NOT_FOUND);
                assert_eq!(body, Body::NotFound(Item { id: 7 }));
                assert_eq!(headers["x-request-id"], "r-1");
            }
            other => panic!("unexpected {other:?}"),
        }
        // A declared JSON body that does not match: a decode error with the path and body.
        let error =
            with_type(StatusCode::NOT_FOUND, "application/problem+json", r#"{"id": "x"}"#).error_json(Body::NotFound);
        match error {
            Error::Decode {
                path, body, headers, ..
            } => {
                assert_eq!(path, "id");
                assert_eq!(&body[..], br#"{"id": "x"}"#);
                assert_eq!(headers["x-request-id"], "r-1");
            }
            other => panic!("unexpected {other:?}"),
        }
        // A proxy's HTML page where JSON is declared is unexpected, not a decode failure.
        let error = with_type(StatusCode::NOT_FOUND, "text/html", "<html>").error_json(Body::NotFound);
        assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    }

    #[test]
    fn declared_headers_parse_or_are_none() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-remaining", " 42 ".parse().unwrap());
        headers.insert("x-bad", "many".parse().unwrap());
        assert_eq!(header::<i64>(&headers, "x-ratelimit-remaining"), Some(42));
        assert_eq!(header::<i64>(&headers, "x-bad"), None);
        assert_eq!(header::<String>(&headers, "absent"), None);
    }
}
