//! Where a JSON pointer's node sits in the spec's text, for showing the source line of a
//! diagnostic.
//!
//! serde_yaml keeps no positions, so when there is something to report the text is read
//! once more as a stream of YAML events with their positions (JSON is YAML, so one reader
//! serves both), following the path of each node. A property's position is its key's.

use yaml_rust2::parser::{Event, Parser};

use crate::diagnostics::{Diagnostic, LineColumn, pointer_push};

/// A container being read, with the path of the node inside it that comes next.
enum Frame {
    /// `pending`: the mapping's own position, when it is to be taken from its first key
    /// (yaml-rust2 places the start of a block mapping in a sequence after that key).
    Mapping {
        path: String,
        key: Option<String>,
        pending: Option<(String, LineColumn)>,
    },
    Sequence {
        path: String,
        index: usize,
    },
}

/// Fills in the line and column of every diagnostic that has none, from its pointer (or
/// the nearest of its ancestors the text has).
pub fn locate(diagnostics: &mut [Diagnostic], text: &str) {
    if diagnostics.iter().all(|d| d.location.is_some()) {
        return;
    }
    let positions = positions(text);
    for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        let mut pointer = d.pointer.as_str();
        loop {
            if let Some((_, at)) = positions.iter().find(|(p, _)| p == pointer) {
                d.location = Some(*at);
                break;
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => break,
            }
        }
    }
}

/// The first key that appears twice in one mapping: its pointer and where the second one
/// is. YAML forbids this, and a parser that keeps the last value would lose the first
/// without a word.
pub fn duplicate_key(text: &str) -> Option<(String, LineColumn)> {
    let mut seen = std::collections::HashSet::new();
    positions(text)
        .into_iter()
        .find(|(pointer, _)| !seen.insert(pointer.clone()))
}

/// The position of every node of the document, by JSON pointer, in document order. Stops
/// quietly at a syntax error: what was read before it is still right.
fn positions(text: &str) -> Vec<(String, LineColumn)> {
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Ok((event, mark)) = parser.next_token() {
        let at = LineColumn {
            line: mark.line(),
            column: mark.col() + 1,
        };
        let starts_node = matches!(
            event,
            Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_)
        );
        // Where this node goes, or `None` when it is a mapping key.
        let path = match stack.last_mut() {
            _ if !starts_node => None,
            None => Some(String::new()),
            Some(Frame::Mapping { path, key, pending }) => match key.take() {
                Some(k) => Some(pointer_push(path, &k)),
                None => {
                    if let Event::Scalar(k, ..) = &event {
                        if let Some((own, _)) = pending.take() {
                            out.push((own, at));
                        }
                        out.push((pointer_push(path, k), at));
                        *key = Some(k.clone());
                    }
                    None
                }
            },
            Some(Frame::Sequence { path, index }) => {
                let p = pointer_push(path, &index.to_string());
                *index += 1;
                if !matches!(event, Event::MappingStart(..)) {
                    out.push((p.clone(), at));
                }
                Some(p)
            }
        };
        let in_sequence = matches!(stack.last(), Some(Frame::Sequence { .. }));
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) => {
                let path = path.unwrap_or_default();
                let pending = in_sequence.then(|| (path.clone(), at));
                stack.push(Frame::Mapping {
                    path,
                    key: None,
                    pending,
                });
            }
            Event::SequenceStart(..) => stack.push(Frame::Sequence {
                path: path.unwrap_or_default(),
                index: 0,
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                // An empty mapping in a sequence has no first key: use its start.
                if let Some(Frame::Mapping { pending: Some(own), .. }) = stack.pop() {
                    out.push(own);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, pointer: &str) -> Option<(usize, usize)> {
        let mut d = [Diagnostic::error(pointer, "x")];
        locate(&mut d, text);
        d[0].location.map(|l| (l.line, l.column))
    }

    #[test]
    fn yaml_and_json_positions() {
        let yaml = "openapi: 3.0.3\npaths:\n  /pets/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n";
        assert_eq!(at(yaml, "/paths/~1pets~1{id}/get"), Some((4, 5)));
        assert_eq!(at(yaml, "/paths/~1pets~1{id}/get/parameters/0/in"), Some((7, 11)));
        assert_eq!(
            at(yaml, "/paths/~1pets~1{id}/get/parameters/0/schema"),
            Some((6, 11)),
            "nearest ancestor"
        );
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\"}\n}";
        assert_eq!(at(json, "/info/title"), Some((3, 12)));
        assert_eq!(at("a: [b", "/a"), Some((1, 1)), "stops at a syntax error");
    }

    #[test]
    fn duplicate_keys() {
        let text = "a:\n  b: 1\n  c: [{d: 1}, {d: 2}]\n  b: 2\n";
        assert_eq!(
            duplicate_key(text),
            Some(("/a/b".to_owned(), LineColumn { line: 4, column: 3 }))
        );
        assert_eq!(duplicate_key("a: 1\nb: {a: 2}\n"), None);
    }
}
