//! `multipart/form-data` bodies (RFC 7578): [`File`], the type of a file part, and the
//! encoder generated methods write typed bodies with.
//!
//! The body is encoded into one buffer rather than sent as reqwest's streamed
//! `multipart::Form`: a buffered body can be sent again, so an upload is retried like any
//! other call and survives the resend after an OAuth2 token refresh. Files are held in
//! memory by [`File`] already, so the cost is one copy of the upload.

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::validate::ValidationError;

/// A file, sent as one part of a `multipart/form-data` body: its bytes, and the file
/// name and media type the server is told.
///
/// ```
/// use openapi_client_runtime::multipart::File;
///
/// let photo = File::new(b"\x89PNG...".to_vec()).file_name("cat.png").content_type("image/png");
/// assert_eq!(photo.bytes().len(), 7);
/// ```
///
/// In the rare JSON document that holds a binary string, a `File` travels as its text
/// (it must be UTF-8), as the string it is in the spec.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of these bytes, with no name; the part's media type is the one the spec
    /// gives it, else `application/octet-stream`.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Names the file (the part's `filename`): many servers store or check it.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's media type, over the one the spec gives.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The file's contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file's name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type it is sent as, if set on the file.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl<T: Into<Bytes>> From<T> for File {
    fn from(bytes: T) -> Self {
        File::new(bytes)
    }
}

/// Prints the size, name and type, never the contents.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "a file that is not UTF-8 text cannot travel in a JSON or form body",
            )),
        }
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(File::new)
    }
}

/// A `multipart/form-data` body being written, part by part.
#[doc(hidden)]
pub struct FormData {
    boundary: String,
    body: Vec<u8>,
}

impl Default for FormData {
    fn default() -> Self {
        Self::new()
    }
}

impl FormData {
    /// An empty body with a random boundary (128 random bits, as no content will
    /// contain it by chance).
    pub fn new() -> Self {
        FormData {
            boundary: format!("codegen-{}", uuid::Uuid::new_v4().simple()),
            body: Vec::new(),
        }
    }

    /// A text part: a value written by `Display`.
    pub fn text(&mut self, name: &str, value: impl fmt::Display, content_type: Option<&str>) {
        self.part(name, None, content_type, value.to_string().as_bytes());
    }

    /// A file part: `file`'s own media type, else `content_type` (the spec's), else
    /// `application/octet-stream`.
    pub fn file(&mut self, name: &str, file: &File, content_type: Option<&str>) {
        let media_type = file
            .content_type
            .as_deref()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        // A file part always has a filename: servers (Starlette, multer, Django) tell files
        // from fields by it.
        let file_name = file.file_name.as_deref().unwrap_or(name);
        self.part(name, Some(file_name), Some(media_type), &file.bytes);
    }

    /// A JSON part (an object, or a list of them), `application/json` unless the spec
    /// says otherwise.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), ValidationError> {
        let bytes = serde_json::to_vec(value).map_err(|e| ValidationError {
            parameter: name,
            message: format!("cannot be written as JSON: {e}"),
        })?;
        self.part(name, None, Some(content_type.unwrap_or("application/json")), &bytes);
        Ok(())
    }

    fn part(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) {
        let body = &mut self.body;
        body.extend_from_slice(b"--");
        body.extend_from_slice(self.boundary.as_bytes());
        body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        body.extend_from_slice(escape(name).as_bytes());
        body.push(b'"');
        if let Some(file_name) = file_name {
            body.extend_from_slice(b"; filename=\"");
            body.extend_from_slice(escape(file_name).as_bytes());
            body.push(b'"');
        }
        if let Some(content_type) = content_type {
            body.extend_from_slice(b"\r\nContent-Type: ");
            body.extend_from_slice(content_type.as_bytes());
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }

    /// The `Content-Type` header and the finished body.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        (format!("multipart/form-data; boundary={}", self.boundary), self.body)
    }

    /// Sets `request`'s body to this form.
    pub fn attach(self, request: reqwest_middleware::RequestBuilder) -> reqwest_middleware::RequestBuilder {
        let (content_type, body) = self.finish();
        request.header(reqwest::header::CONTENT_TYPE, content_type).body(body)
    }
}

/// A name or file name in a `Content-Disposition` header, quoted as browsers do (the HTML
/// standard's form encoding): `"`, CR and LF percent-encoded.
fn escape(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary() {
        let mut form = FormData::new();
        form.text("note", "hi", None);
        form.file(
            "upload",
            &File::new(&b"\x00\x01"[..]).file_name("a\"b.bin"),
            Some("image/png"),
        );
        form.json("meta", &serde_json::json!({"k": 1}), None).unwrap();
        let boundary = form.boundary.clone();
        let (content_type, body) = form.finish();
        assert_eq!(content_type, format!("multipart/form-data; boundary={boundary}"));
        let mut expected = Vec::new();
        expected.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n").as_bytes(),
        );
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a%22b.bin\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(b"\x00\x01\r\n");
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n--{boundary}--\r\n"
            )
            .as_bytes(),
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn a_files_own_media_type_wins_and_a_nameless_file_is_named_after_its_part() {
        let mut form = FormData::new();
        form.file("doc", &File::new("x").content_type("text/csv"), Some("image/png"));
        let (_, body) = form.finish();
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains("name=\"doc\"; filename=\"doc\"\r\nContent-Type: text/csv\r\n"),
            "{text}"
        );
    }

    #[test]
    fn debug_hides_the_contents_and_json_carries_text() {
        let file = File::new("secret contents").file_name("a.txt");
        let debug = format!("{file:?}");
        assert!(!debug.contains("secret") && debug.contains("len: 15"), "{debug}");
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"secret contents\"");
        let back: File = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(back.bytes().as_ref(), b"x");
        assert!(serde_json::to_string(&File::new(vec![0xff])).is_err());
    }
}
