//! Diagnostics rendered like rustc's: the message, then the spec's line with a caret under
//! the place, labelled with the JSON pointer.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Files, SimpleFile};
use codespan_reporting::term::{self, Config};

use crate::diagnostics::{Diagnostic, Severity};

/// Source lines longer than this are not shown whole: minified JSON is one line of
/// megabytes, and printing it under every warning once wrote 170 MB for one spec.
const MAX_LINE_SHOWN: usize = 200;

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
        let report = match d.location.map(|l| (l, place(&file, l.line, l.column))) {
            Some((_, Some(Place::Span(span)))) => {
                report.with_labels(vec![Label::primary((), span).with_message(pointer)])
            }
            Some((l, Some(Place::Excerpt(excerpt)))) => report.with_notes(vec![format!(
                "{pointer}\n{source_name}:{}:{}: {excerpt}",
                l.line, l.column
            )]),
            Some((l, None)) => report.with_notes(vec![format!("{pointer} ({source_name}:{}:{})", l.line, l.column)]),
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

/// How a position is shown.
enum Place {
    /// The byte range from the position to the end of its token, where the caret goes
    /// under the whole source line.
    Span(std::ops::Range<usize>),
    /// A few dozen characters from the position, for a line too long to show.
    Excerpt(String),
}

/// Where a line and column (from 1, in characters) are, in the way they are best shown.
fn place(file: &SimpleFile<&str, &str>, line: usize, column: usize) -> Option<Place> {
    let text = *file.source();
    let range = file.line_range((), line.checked_sub(1)?).ok()?;
    let line_text = text.get(range.clone())?.trim_end_matches(['\n', '\r']);
    let offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let rest = &line_text[offset..];
    if line_text.len() > MAX_LINE_SHOWN {
        let excerpt: String = rest.chars().take(60).collect();
        let ellipsis = if excerpt.len() < rest.len() { "…" } else { "" };
        return Some(Place::Excerpt(format!("{excerpt}{ellipsis}")));
    }
    let start = range.start + offset;
    let token = rest
        .find([':', ','])
        .unwrap_or(rest.len())
        .max(1)
        .min(rest.len().max(1));
    Some(Place::Span(start..(start + token).min(text.len())))
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
    fn long_lines_are_excerpted() {
        let text = format!(
            "{{\"openapi\": \"3.0.3\", \"x\": \"{}\", \"paths\": {{\"/a\": 1}}}}",
            "y".repeat(10_000)
        );
        let d = Diagnostic::error("/paths/~1a", "bad path item");
        let out = render(&[d], "min.json", &text);
        assert!(out.len() < 500, "{out}");
        assert!(out.contains("at #/paths/~1a"), "{out}");
        let column = text.find("\"/a\"").unwrap() + 1;
        assert!(out.contains(&format!("min.json:1:{column}: \"/a\": 1}}}}")), "{out}");
    }

    #[test]
    fn parse_errors_keep_their_own_position() {
        let d = Diagnostic::error("", "invalid YAML: x").at(2, 3);
        let out = render(&[d], "a.yaml", "a: 1\nb: [\n");
        assert!(out.contains("a.yaml:2:3"), "{out}");
    }
}
