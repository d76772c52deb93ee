//! Phase 1: text to an `openapiv3::OpenAPI` document.
//!
//! The text is first read into a `serde_json::Value` (YAML through serde_yaml, JSON through
//! serde_json, which is several times faster on large files), then deserialized into the
//! typed model with serde_path_to_error, so a misplaced or mistyped field is reported with
//! the JSON pointer where it sits. The `Value` is kept: `$ref`s may point anywhere in a
//! document, not only into `components`, and lowering resolves them against it.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, pointer_push};

/// The text format of a spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
}

impl Format {
    /// The format a file name's extension implies; YAML, a superset of JSON, otherwise.
    pub fn from_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// A parsed spec: the typed model and the raw tree it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The typed model.
    pub(crate) api: OpenAPI,
    /// The document as parsed, for resolving `$ref`s to arbitrary JSON pointers.
    pub(crate) raw: Value,
    /// What loading approximated (an OpenAPI 3.1 construct 3.0 cannot say).
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Document {
    /// Wraps a document built in code. Its raw tree, which `$ref`s to arbitrary pointers
    /// are resolved against, is produced by serializing it.
    pub fn from_openapi(api: OpenAPI) -> Result<Self, Diagnostic> {
        let raw = serde_json::to_value(&api)
            .map_err(|e| Diagnostic::error("", format!("the document does not serialize: {e}")))?;
        Ok(Self {
            api,
            raw,
            warnings: Vec::new(),
        })
    }
}

/// Parses a spec's text. Fails with one diagnostic: past a syntax or structure error
/// nothing more can be read reliably.
pub fn parse(text: &str, format: Format) -> Result<Document, Diagnostic> {
    let raw: Value = match format {
        Format::Json => serde_json::from_str(text).map_err(|e| {
            Diagnostic::error("", format!("invalid JSON: {}", strip_position(&e.to_string()))).at(e.line(), e.column())
        })?,
        Format::Yaml => {
            check_yaml_nesting(text)?;
            if let Some((pointer, at)) = crate::source_map::duplicate_key(text) {
                let key = pointer
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .replace("~1", "/")
                    .replace("~0", "~");
                return Err(Diagnostic::error(
                    pointer,
                    format!("invalid YAML: the key `{key}` appears twice in one mapping"),
                )
                .at(at.line, at.column));
            }
            serde_yaml::from_str(text)
        }
        .map_err(|e| {
            let d = Diagnostic::error("", format!("invalid YAML: {}", strip_position(&e.to_string())));
            match e.location() {
                Some(l) => d.at(l.line(), l.column()),
                None => d,
            }
        })?,
    };
    from_value(raw)
}

/// How deep `[`/`{` may nest in YAML before parsing. serde_yaml stops at 128 levels anyway,
/// but only after libyaml has scanned the whole text, which takes time quadratic in the
/// depth (18 s for 100,000 levels); failing first keeps a hostile file from hanging a build.
const MAX_YAML_FLOW_DEPTH: usize = 1_000;

/// Fails on flow collections nested deeper than [`MAX_YAML_FLOW_DEPTH`], at the line and
/// column where the limit is crossed. Brackets in quoted strings and comments do not count.
/// An apostrophe in a plain scalar (`it's`) reads as an open quote, which can only make the
/// count lower: the check may let a deep document through, never reject a valid one.
fn check_yaml_nesting(text: &str) -> Result<(), Diagnostic> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        column += 1;
        match (quote, c) {
            // Quoted scalars may span lines, so a newline ends only a comment.
            (_, '\n') => (line, column, comment) = (line + 1, 0, false),
            _ if comment => {}
            (Some('"'), '\\') => {
                chars.next();
                column += 1;
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_YAML_FLOW_DEPTH {
                    return Err(Diagnostic::error(
                        "",
                        format!("invalid YAML: collections nested deeper than {MAX_YAML_FLOW_DEPTH} levels"),
                    )
                    .at(line, column));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    Ok(())
}

/// Reads the typed model out of an already parsed tree.
pub(crate) fn from_value(mut raw: Value) -> Result<Document, Diagnostic> {
    let warnings = match check_version(&raw)? {
        Version::V30 => crate::normalize::normalize_30(&mut raw),
        Version::V31 => crate::normalize::normalize_31(&mut raw),
    };
    let api = serde_path_to_error::deserialize::<_, OpenAPI>(&raw).map_err(|e| {
        // serde's own path stops where openapiv3 flattens extensions; look deeper.
        let (pointer, message) = match crate::locate::locate(&raw) {
            Some((pointer, message)) if pointer.len() >= to_pointer(e.path()).len() => (pointer, message),
            _ => (to_pointer(e.path()), e.inner().to_string()),
        };
        Diagnostic::error(pointer, format!("not a valid OpenAPI 3.0 document here: {message}"))
    })?;
    Ok(Document { api, raw, warnings })
}

/// The OpenAPI versions read.
enum Version {
    V30,
    /// Normalized into 3.0 first.
    V31,
}

fn check_version(raw: &Value) -> Result<Version, Diagnostic> {
    let Some(root) = raw.as_object() else {
        return Err(Diagnostic::error(
            "",
            "the document is not an object with an `openapi` field",
        ));
    };
    match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") => Ok(Version::V30),
        Some(Value::String(v)) if v.starts_with("3.1.") => Ok(Version::V31),
        Some(Value::String(v)) => Err(Diagnostic::error(
            "/openapi",
            format!("OpenAPI version {v} is not supported; this generator reads 3.0.x and 3.1.x documents"),
        )),
        Some(_) => Err(Diagnostic::error(
            "/openapi",
            "`openapi` must be a version string such as \"3.0.3\"",
        )),
        None if root.contains_key("swagger") => Err(Diagnostic::error(
            "/swagger",
            "Swagger 2.0 documents are not supported; convert the document to OpenAPI 3.0 first",
        )),
        None => Err(Diagnostic::error("", "missing the `openapi` version field")),
    }
}

/// serde's path (`paths./pets.get.responses`) as a JSON pointer (`/paths/~1pets/get/responses`).
fn to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// Parsers append " at line X column Y" to their messages; the location is kept separately.
fn strip_position(message: &str) -> &str {
    message.find(" at line ").map_or(message, |i| &message[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_errors_carry_line_and_column() {
        let err = parse("openapi: 3.0.3\ninfo: [unclosed\n", Format::Yaml).unwrap_err();
        assert!(err.message.starts_with("invalid YAML"), "{err}");
        assert_eq!(err.location.map(|l| l.line), Some(3));
    }

    #[test]
    fn deep_yaml_fails_fast_at_the_crossing_point() {
        let deep = format!("a:\n  b: {}", "[".repeat(2_000));
        let err = parse(&deep, Format::Yaml).unwrap_err();
        assert_eq!(err.location.map(|l| (l.line, l.column)), Some((2, 1_006)), "{err}");
        // Brackets in strings and comments do not count.
        let quoted = format!("a: '{0}'\nb: \"{0}\" # {0}\n", "[".repeat(2_000));
        assert!(check_yaml_nesting(&quoted).is_ok());
    }

    #[test]
    fn json_syntax_errors_carry_line_and_column() {
        let err = parse("{\"openapi\": \"3.0.3\",\n  \"info\": }", Format::Json).unwrap_err();
        assert!(err.message.starts_with("invalid JSON"), "{err}");
        assert_eq!(err.location.map(|l| (l.line, l.column)), Some((2, 11)));
    }

    #[test]
    fn structure_errors_name_the_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = parse(text, Format::Yaml).unwrap_err();
        assert_eq!(err.pointer, "/paths/~1a/get/responses", "{err}");
    }

    #[test]
    fn documents_built_in_code_resolve_refs_like_parsed_ones() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {$ref: '#/components/schemas/A/properties/c'}, c: {type: string}}}\n";
        let parsed = parse(text, Format::Yaml).unwrap();
        let built = Document::from_openapi(parsed.api.clone()).unwrap();
        let settings = crate::Settings::new("a", "a.yaml");
        assert_eq!(
            crate::generate(&parsed, &settings).unwrap(),
            crate::generate(&built, &settings).unwrap()
        );
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        let err = parse("swagger: '2.0'\n", Format::Yaml).unwrap_err();
        assert_eq!(err.pointer, "/swagger");
        let err = parse("openapi: 3.2.0\n", Format::Yaml).unwrap_err();
        assert!(err.message.contains("3.2.0"), "{err}");
    }
}
