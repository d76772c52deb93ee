//! Finds where in a document a structure error really is.
//!
//! openapiv3 flattens `x-` extensions into nearly every struct, and serde buffers flattened
//! structs, which loses track of the path: serde_path_to_error then stops at `/paths` for a
//! bad response deep inside. Only when deserialization has failed, this module walks the
//! document along its known structure, descending into the first child that fails to
//! deserialize on its own, and reports the deepest such place with that place's own error.

use openapiv3 as oa;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::pointer_push;

/// What a node of the document is.
#[derive(Clone, Copy)]
enum Kind {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Schema,
    Components,
    Leaf(fn(&Value) -> Result<(), String>),
}

/// How a kind's children are found.
enum Children {
    Field(&'static str, Kind),
    MapAt(&'static str, Kind),
    ListAt(&'static str, Kind),
    /// Every non-`x-` key of the node itself.
    Entries(Kind),
}

fn check<T: for<'de> Deserialize<'de>>(value: &Value) -> Result<(), String> {
    T::deserialize(value).map(drop).map_err(|e| e.to_string())
}

impl Kind {
    fn check(self, value: &Value) -> Result<(), String> {
        match self {
            Kind::Root => check::<oa::OpenAPI>(value),
            Kind::Paths => check::<oa::Paths>(value),
            Kind::PathItem => check::<oa::ReferenceOr<oa::PathItem>>(value),
            Kind::Operation => check::<oa::Operation>(value),
            Kind::Parameter => check::<oa::ReferenceOr<oa::Parameter>>(value),
            Kind::RequestBody => check::<oa::ReferenceOr<oa::RequestBody>>(value),
            Kind::Responses => check::<oa::Responses>(value),
            Kind::Response => check::<oa::ReferenceOr<oa::Response>>(value),
            Kind::Header => check::<oa::ReferenceOr<oa::Header>>(value),
            Kind::MediaType => check::<oa::MediaType>(value),
            Kind::Schema => check::<oa::ReferenceOr<oa::Schema>>(value),
            Kind::Components => check::<oa::Components>(value),
            Kind::Leaf(check) => check(value),
        }
    }

    fn children(self) -> &'static [Children] {
        use Children::*;
        const METHODS: [Children; 9] = [
            Field("get", Kind::Operation),
            Field("put", Kind::Operation),
            Field("post", Kind::Operation),
            Field("delete", Kind::Operation),
            Field("options", Kind::Operation),
            Field("head", Kind::Operation),
            Field("patch", Kind::Operation),
            Field("trace", Kind::Operation),
            ListAt("parameters", Kind::Parameter),
        ];
        match self {
            Kind::Root => &[
                Field("info", Kind::Leaf(check::<oa::Info>)),
                ListAt("servers", Kind::Leaf(check::<oa::Server>)),
                Field("paths", Kind::Paths),
                Field("components", Kind::Components),
            ],
            Kind::Paths => &[Entries(Kind::PathItem)],
            Kind::PathItem => &METHODS,
            Kind::Operation => &[
                ListAt("parameters", Kind::Parameter),
                Field("requestBody", Kind::RequestBody),
                Field("responses", Kind::Responses),
            ],
            Kind::Parameter => &[Field("schema", Kind::Schema), MapAt("content", Kind::MediaType)],
            Kind::RequestBody => &[MapAt("content", Kind::MediaType)],
            Kind::Responses => &[Entries(Kind::Response)],
            Kind::Response => &[MapAt("content", Kind::MediaType), MapAt("headers", Kind::Header)],
            Kind::Header => &[Field("schema", Kind::Schema)],
            Kind::MediaType => &[Field("schema", Kind::Schema)],
            Kind::Schema => &[
                MapAt("properties", Kind::Schema),
                Field("items", Kind::Schema),
                Field("not", Kind::Schema),
                ListAt("allOf", Kind::Schema),
                ListAt("oneOf", Kind::Schema),
                ListAt("anyOf", Kind::Schema),
            ],
            Kind::Components => &[
                MapAt("schemas", Kind::Schema),
                MapAt("responses", Kind::Response),
                MapAt("parameters", Kind::Parameter),
                MapAt("requestBodies", Kind::RequestBody),
                MapAt("headers", Kind::Header),
                MapAt(
                    "securitySchemes",
                    Kind::Leaf(check::<oa::ReferenceOr<oa::SecurityScheme>>),
                ),
            ],
            Kind::Leaf(_) => &[],
        }
    }
}

/// The deepest place in `root` that fails to deserialize, as a JSON pointer, with its error.
/// `None` when the document deserializes.
pub fn locate(root: &Value) -> Option<(String, String)> {
    let mut error = Kind::Root.check(root).err()?;
    let mut pointer = String::new();
    let mut node = root;
    let mut kind = Kind::Root;
    'descend: loop {
        for child in kind.children() {
            for (key, value, child_kind) in entries(node, child) {
                if let Err(child_error) = child_kind.check(value) {
                    for segment in key {
                        pointer = pointer_push(&pointer, &segment);
                    }
                    error = child_error;
                    node = value;
                    kind = child_kind;
                    continue 'descend;
                }
            }
        }
        return Some((pointer, error));
    }
}

/// The children `spec` names in `node`: their path segments, values and kinds.
fn entries<'v>(node: &'v Value, spec: &Children) -> Vec<(Vec<String>, &'v Value, Kind)> {
    let field = |name: &str| node.as_object().and_then(|o| o.get(name));
    match *spec {
        Children::Field(name, kind) => field(name)
            .map(|v| (vec![name.to_owned()], v, kind))
            .into_iter()
            .collect(),
        Children::MapAt(name, kind) => field(name)
            .and_then(Value::as_object)
            .map(|map| {
                map.iter()
                    .map(|(k, v)| (vec![name.to_owned(), k.clone()], v, kind))
                    .collect()
            })
            .unwrap_or_default(),
        Children::ListAt(name, kind) => field(name)
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(i, v)| (vec![name.to_owned(), i.to_string()], v, kind))
                    .collect()
            })
            .unwrap_or_default(),
        Children::Entries(kind) => node
            .as_object()
            .map(|map| {
                map.iter()
                    .filter(|(k, _)| !k.starts_with("x-"))
                    .map(|(k, v)| (vec![k.clone()], v, kind))
                    .collect()
            })
            .unwrap_or_default(),
    }
}
