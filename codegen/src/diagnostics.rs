//! What the generator reports: errors and warnings, each tied to a place in the spec.
//!
//! Phases gather diagnostics instead of stopping at the first one, so a user fixing a spec
//! sees every problem of a run at once (as cxx does). Every diagnostic names a JSON pointer
//! into the document; parse errors also carry the line and column the parser reported.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec cannot be generated as written.
    Error,
    /// Generation goes on, but something was approximated (for example a schema that could
    /// not be typed falls back to `serde_json::Value`).
    Warning,
}

/// A line and column in the spec's text, both starting at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineColumn {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Where in the document, as a JSON pointer (`/paths/~1pets/get/responses/200`); empty
    /// for the document as a whole.
    pub pointer: String,
    /// Where in the text, when the parser reported it.
    pub location: Option<LineColumn>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            pointer: pointer.into(),
            location: None,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            message: message.into(),
            pointer: pointer.into(),
            location: None,
        }
    }

    /// The same diagnostic, placed at a line and column of the text.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some(LineColumn { line, column });
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic with the spec's name, like a compiler message:
    /// `error: message` then `  --> spec.yaml:12:5 at #/paths/...`.
    pub fn display_in<'a>(&'a self, source_name: &'a str) -> impl fmt::Display + 'a {
        DisplayIn {
            diagnostic: self,
            source_name,
        }
    }
}

struct DisplayIn<'a> {
    diagnostic: &'a Diagnostic,
    source_name: &'a str,
}

impl fmt::Display for DisplayIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}\n  --> {}", d.message, self.source_name)?;
        if let Some(LineColumn { line, column }) = d.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, " at #{}", d.pointer)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display_in("<spec>").fmt(f)
    }
}

/// Why a spec could not be generated: every error of the run, with the warnings found on
/// the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// The spec's name as the caller gave it, used when rendering.
    pub source_name: String,
    /// Errors first, then warnings, each group in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl GenerateError {
    /// The errors alone.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        writeln!(
            f,
            "{} could not be generated: {errors} error{}",
            self.source_name,
            if errors == 1 { "" } else { "s" }
        )?;
        for d in &self.diagnostics {
            writeln!(f, "{}", d.display_in(&self.source_name))?;
        }
        Ok(())
    }
}

impl std::error::Error for GenerateError {}

/// Appends one segment to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer_push(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes, which URI fragments may use in `$ref`s (`%7Bid%7D`).
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/paths/~1pets~1%7Bid%7D"), "/paths/~1pets~1{id}");
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/a%zz"), "/a%zz");
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(pointer_push("/paths", "/v1/a~b"), "/paths/~1v1~1a~0b");
        assert_eq!(pointer_push("", "components"), "/components");
    }

    #[test]
    fn renders_like_a_compiler() {
        let d = Diagnostic::error("/paths/~1a", "bad").at(3, 7);
        assert_eq!(
            d.display_in("api.yaml").to_string(),
            "error: bad\n  --> api.yaml:3:7 at #/paths/~1a"
        );
    }
}
