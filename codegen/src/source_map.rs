//! Where a JSON pointer's node sits in the spec's text, for showing the source line of a
//! diagnostic.
//!
//! serde_yaml and serde_json keep no positions, so when there is something to report the
//! text is read once more as a stream of events with their positions, following the path
//! of each node. A property's position is its key's. YAML is read with yaml-rust2; JSON,
//! though it is YAML, with the small tokenizer below: yaml-rust2 queues every token of a
//! document that opens with `{` (it could be a complex key), 170 MB for GitHub's spec.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

use yaml_rust2::parser::{Event, Parser};

use crate::diagnostics::{Diagnostic, LineColumn, pointer_push};

/// A container being read, with the path of the node inside it that comes next.
enum Frame {
    /// `pending`: the mapping's own position, when it is to be taken from its first key
    /// (yaml-rust2 places the start of a block mapping in a sequence after that key).
    /// `keys`: the keys read so far, when duplicates are being looked for.
    Mapping {
        path: String,
        key: Option<String>,
        pending: Option<(String, LineColumn)>,
        keys: Option<HashSet<String>>,
    },
    Sequence {
        path: String,
        index: usize,
    },
}

/// What [`walk`] reports.
enum Found<'a> {
    /// A node and where it starts (for a property, where its key starts).
    Node(&'a str, LineColumn),
    /// A key read a second time in one mapping.
    DuplicateKey(&'a str, LineColumn),
}

/// Fills in the line and column of every diagnostic that has none, from its pointer (or
/// the nearest of its ancestors the text has).
pub fn locate(diagnostics: &mut [Diagnostic], text: &str) {
    // Only the pointers asked about (and their ancestors) are kept: a map of every node of
    // GitHub's spec took 170 MB.
    let mut wanted = HashSet::new();
    for d in diagnostics.iter().filter(|d| d.location.is_none()) {
        let mut pointer = d.pointer.as_str();
        wanted.insert(pointer);
        while let Some(i) = pointer.rfind('/') {
            pointer = &pointer[..i];
            wanted.insert(pointer);
        }
    }
    if wanted.is_empty() {
        return;
    }
    let mut found: HashMap<String, LineColumn> = HashMap::new();
    let _ = walk(text, false, |event| {
        if let Found::Node(pointer, at) = event
            && wanted.contains(pointer)
        {
            found.entry(pointer.to_owned()).or_insert(at);
        }
        ControlFlow::Continue(())
    });
    for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
        let mut pointer = d.pointer.as_str();
        loop {
            if let Some(at) = found.get(pointer) {
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
pub(crate) fn duplicate_key(text: &str) -> Option<(String, LineColumn)> {
    let mut duplicate = None;
    let _ = walk(text, true, |event| match event {
        Found::DuplicateKey(pointer, at) => {
            duplicate = Some((pointer.to_owned(), at));
            ControlFlow::Break(())
        }
        Found::Node(..) => ControlFlow::Continue(()),
    });
    duplicate
}

/// The events the walk follows, from either reader.
enum Ev {
    MappingStart,
    MappingEnd,
    SequenceStart,
    SequenceEnd,
    /// A scalar, with its text (a key's name).
    Scalar(String),
    /// A YAML alias (`*name`), which is a node but never read as a key's name.
    Alias,
}

/// Reads the document and reports the position of every node, by JSON pointer, in document
/// order, and with `check_keys` every repeated key. Stops when `visit` breaks, or quietly at
/// a syntax error: what was read before it is still right.
fn walk(text: &str, check_keys: bool, visit: impl FnMut(Found<'_>) -> ControlFlow<()>) -> ControlFlow<()> {
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        follow(JsonEvents::new(text), check_keys, visit)
    } else {
        follow(yaml_events(text), check_keys, visit)
    }
}

/// yaml-rust2's events, as far as the text parses.
fn yaml_events(text: &str) -> impl Iterator<Item = (Ev, LineColumn)> + '_ {
    let mut parser = Parser::new_from_str(text);
    std::iter::from_fn(move || {
        loop {
            let (event, mark) = parser.next_token().ok()?;
            let at = LineColumn {
                line: mark.line(),
                column: mark.col() + 1,
            };
            let event = match event {
                Event::StreamEnd => return None,
                Event::MappingStart(..) => Ev::MappingStart,
                Event::MappingEnd => Ev::MappingEnd,
                Event::SequenceStart(..) => Ev::SequenceStart,
                Event::SequenceEnd => Ev::SequenceEnd,
                Event::Scalar(text, ..) => Ev::Scalar(text),
                Event::Alias(_) => Ev::Alias,
                _ => continue,
            };
            return Some((event, at));
        }
    })
}

/// Follows the path of each node through `events`, reporting to `visit`.
fn follow(
    events: impl Iterator<Item = (Ev, LineColumn)>,
    check_keys: bool,
    mut visit: impl FnMut(Found<'_>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut stack: Vec<Frame> = Vec::new();
    for (event, at) in events {
        let starts_node = matches!(event, Ev::Scalar(..) | Ev::MappingStart | Ev::SequenceStart | Ev::Alias);
        // Where this node goes, or `None` when it is a mapping key.
        let path = match stack.last_mut() {
            _ if !starts_node => None,
            None => Some(String::new()),
            Some(Frame::Mapping {
                path,
                key,
                pending,
                keys,
            }) => match key.take() {
                Some(k) => Some(pointer_push(path, &k)),
                None => {
                    if let Ev::Scalar(k) = &event {
                        // The mapping's position is its first key's.
                        if let Some((own, _)) = pending.take() {
                            visit(Found::Node(&own, at))?;
                        }
                        let pointer = pointer_push(path, k);
                        if let Some(keys) = keys
                            && !keys.insert(k.clone())
                        {
                            visit(Found::DuplicateKey(&pointer, at))?;
                        }
                        visit(Found::Node(&pointer, at))?;
                        *key = Some(k.clone());
                    }
                    None
                }
            },
            Some(Frame::Sequence { path, index }) => {
                let p = pointer_push(path, &index.to_string());
                *index += 1;
                if !matches!(event, Ev::MappingStart) {
                    visit(Found::Node(&p, at))?;
                }
                Some(p)
            }
        };
        let in_sequence = matches!(stack.last(), Some(Frame::Sequence { .. }));
        match event {
            Ev::MappingStart => {
                let path = path.unwrap_or_default();
                let pending = in_sequence.then(|| (path.clone(), at));
                stack.push(Frame::Mapping {
                    path,
                    key: None,
                    pending,
                    keys: check_keys.then(HashSet::new),
                });
            }
            Ev::SequenceStart => stack.push(Frame::Sequence {
                path: path.unwrap_or_default(),
                index: 0,
            }),
            Ev::MappingEnd | Ev::SequenceEnd => {
                // An empty mapping in a sequence has no first key: use its start.
                if let Some(Frame::Mapping {
                    pending: Some((own, own_at)),
                    ..
                }) = stack.pop()
                {
                    visit(Found::Node(&own, own_at))?;
                }
            }
            _ => {}
        }
    }
    ControlFlow::Continue(())
}

/// The events of a JSON text (already known to be valid), with positions counted in
/// characters as yaml-rust2 counts them.
struct JsonEvents<'t> {
    bytes: &'t [u8],
    index: usize,
    line: usize,
    column: usize,
}

impl<'t> JsonEvents<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            bytes: text.as_bytes(),
            index: 0,
            line: 1,
            column: 1,
        }
    }

    /// Moves past one byte, counting lines and (UTF-8 lead bytes as) columns.
    fn bump(&mut self) {
        match self.bytes.get(self.index) {
            Some(b'\n') => (self.line, self.column) = (self.line + 1, 1),
            Some(&b) if b & 0xC0 != 0x80 => self.column += 1,
            _ => {}
        }
        self.index += 1;
    }

    /// A string's value; the cursor is on its opening quote.
    fn string(&mut self) -> String {
        self.bump();
        let start = self.index;
        while let Some(&b) = self.bytes.get(self.index) {
            match b {
                b'"' => break,
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                _ => self.bump(),
            }
        }
        let raw = &self.bytes[start..self.index.min(self.bytes.len())];
        self.bump();
        // The text is valid JSON, so the quoted slice decodes; escapes are rare in keys.
        let quoted = [b"\"", raw, b"\""].concat();
        serde_json::from_slice(&quoted).unwrap_or_default()
    }
}

impl Iterator for JsonEvents<'_> {
    type Item = (Ev, LineColumn);

    fn next(&mut self) -> Option<Self::Item> {
        while matches!(
            self.bytes.get(self.index),
            Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b':')
        ) {
            self.bump();
        }
        let at = LineColumn {
            line: self.line,
            column: self.column,
        };
        let event = match self.bytes.get(self.index)? {
            b'{' => Ev::MappingStart,
            b'}' => Ev::MappingEnd,
            b'[' => Ev::SequenceStart,
            b']' => Ev::SequenceEnd,
            b'"' => return Some((Ev::Scalar(self.string()), at)),
            _ => {
                // A number, `true`, `false` or `null`: runs to the next delimiter.
                let start = self.index;
                while self
                    .bytes
                    .get(self.index)
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
                {
                    self.bump();
                }
                let scalar = String::from_utf8_lossy(&self.bytes[start..self.index]).into_owned();
                return Some((Ev::Scalar(scalar), at));
            }
        };
        self.bump();
        Some((event, at))
    }
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

    /// Every node's pointer and position, as `follow` reports them from `events`.
    fn nodes(events: impl Iterator<Item = (Ev, LineColumn)>) -> Vec<(String, (usize, usize))> {
        let mut out = Vec::new();
        let _ = follow(events, false, |found| {
            if let Found::Node(pointer, at) = found {
                out.push((pointer.to_owned(), (at.line, at.column)));
            }
            ControlFlow::Continue(())
        });
        out
    }

    #[test]
    fn the_json_tokenizer_agrees_with_yaml_rust2() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a~b\": {\"get\": {\"tags\": [\"x\", 1, true, null, -2.5e3],\n\t\"é\\\"q\\u00e9\": {}, \"list\": [{\"k\": [[], {}]}, {}]}}},\n  \"x-ünï\": \"ü\"\n}";
        assert!(serde_json::from_str::<serde_json::Value>(json).is_ok());
        let from_json = nodes(JsonEvents::new(json));
        assert_eq!(from_json, nodes(yaml_events(json)));
        assert!(
            from_json.contains(&("/paths/~1a~0b/get/é\"qé".to_owned(), (4, 2))),
            "{from_json:?}"
        );
        assert!(from_json.len() > 15);
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
