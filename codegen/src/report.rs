//! Diagnostics rendered like rustc's: the message, then the spec's line with a caret under
//! the place, labelled with the JSON pointer.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

use crate::diagnostics::{Diagnostic, Severity};

/// Renders `diagnostics` against the spec's `text`, locating those that have no line yet.
pub fn render(diagnostics: &[Diagnostic], source_name: &str, text: &str) -> String {
    let mut located = diagnostics.to_vec();
    crate::source_map::locate(&mut located, text);
    // Errors first, then warnings, each in the order of the text.
    located.sort_by_key(|d| (d.severity, d.location.map(|l| (l.line, l.column))));
    let file = SimpleFile::new(source_name, text);
    let config = Config::default();
    let mut out = String::new();
    for d in &located {
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&d.message);
        let pointer = format!("at #{}", d.pointer);
        let report = match d.location.and_then(|l| span(text, l.line, l.column)) {
            Some(span) => report.with_labels(vec![Label::primary((), span).with_message(pointer)]),
            None => report.with_notes(vec![pointer]),
        };
        match term::emit_into_string(&config, &file, &report) {
            Ok(text) => out.push_str(&text),
            // The span is always inside the text; should rendering fail anyway, the plain
            // form still says everything.
            Err(_) => out.push_str(&format!("{}\n", d.display_in(source_name))),
        }
    }
    out
}

/// The byte range from a line and column (from 1, in characters) to the end of that line's
/// token, where the caret goes.
fn span(text: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_text = text[line_start..].split('\n').next().unwrap_or_default();
    let start = line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
    let rest = &text[start..line_start + line_text.len()];
    let token = rest
        .find([':', ',', '\r'])
        .unwrap_or(rest.len())
        .max(1)
        .min(rest.len().max(1));
    Some(start..(start + token).min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_line_with_a_caret_and_the_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses: {}\n";
        let d = Diagnostic::error("/paths/~1pets/get", "no success response");
        let out = render(&[d], "pets.yaml", text);
        assert!(out.contains("error: no success response"), "{out}");
        assert!(out.contains("pets.yaml:5:5"), "{out}");
        assert!(out.contains("    get:"), "{out}");
        assert!(out.contains("^^^ at #/paths/~1pets/get"), "{out}");
    }

    #[test]
    fn parse_errors_keep_their_own_position() {
        let d = Diagnostic::error("", "invalid YAML: x").at(2, 3);
        let out = render(&[d], "a.yaml", "a: 1\nb: [\n");
        assert!(out.contains("a.yaml:2:3"), "{out}");
    }
}
