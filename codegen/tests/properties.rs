//! Structure-aware property tests of the generator: random OpenAPI documents assembled from
//! a grammar of the constructs the generator supports (every schema kind, parameters of every
//! location and style, bodies of every media type, responses, security schemes, unions with
//! and without discriminators, `x-pagination`, `x-envelope`, `x-enum-varnames`, `x-rust-name`,
//! OpenAPI 3.0.3 and 3.1.0), with names drawn from Rust keywords, the names generated code
//! itself uses, Unicode, symbols, leading digits, case clashes and the empty string.
//!
//! Properties, over `PROPTEST_CASES` random documents (proptest reads it; 256 by default):
//!
//! 1. `generate_str` never panics;
//! 2. it answers `Ok`, or `Err` whose every diagnostic has a message and a pointer that is
//!    `""` or starts with `/`, with at least one error; `report::render` never panics;
//! 3. the code of the first `PROPTEST_COMPILE` successful documents (24 by default, 0 skips
//!    it) compiles: all of them as modules of one temporary crate, checked by
//!    `cargo check --offline` against the workspace's target directory. A failure is
//!    narrowed to the modules that fail alone, then each spec is shrunk (at most
//!    `PROPTEST_COMPILE_SHRINK` more checks, 40 by default) before it is printed.
//!
//! Runs are reproducible: the seed is fixed unless `PROPTEST_SEED` (a decimal `u64`) says
//! otherwise, and it is printed. Failing specs are also written under
//! `target/property-failures/`; the spec being generated is always in
//! `target/property-failures/last-case.*`, for crashes that abort the process (a stack
//! overflow cannot be caught).
//!
//! Every crash or non-compiling output found is kept, minimised, as a file in
//! `tests/property_regressions/`, and [`regressions`] replays each through properties 1-3.
//!
//! Thousands of cases:
//!
//! ```sh
//! PROPTEST_CASES=5000 PROPTEST_COMPILE=200 cargo test -p openapi-client-codegen --test properties --release
//! ```

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use openapi_client_codegen::standalone::{RuntimeSource, crate_files};
use openapi_client_codegen::{Diagnostic, Format, Generated, Settings, generate_str, report};
use proptest::option::weighted;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::{Map, Value, json};

/// The seed of a run without `PROPTEST_SEED`.
const DEFAULT_SEED: u64 = 0x0A91_C0DE_5EED;

// ---------------------------------------------------------------------------------------
// The grammar's vocabulary.
// ---------------------------------------------------------------------------------------

/// Names of schemas, properties, parameters, operations, security schemes and enum values.
const NAMES: &[&str] = &[
    // Rust keywords.
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "async",
    "await",
    "match",
    "ref",
    "mod",
    "impl",
    "r#type",
    "dyn",
    "use",
    "in",
    "loop",
    "move",
    "try",
    "gen",
    "union",
    "_",
    // What generated code itself uses comes from `names` (see `name()`); these are
    // names one step from them (`timeout` gives `with_timeout`), and common words.
    "url",
    "offset",
    "limit",
    "types",
    "Other",
    "timeout",
    "retry",
    "http_client",
    "middleware",
    "max_response_bytes",
    "core",
    "page_offset",
    "Some",
    "None",
    "Ok",
    "Err",
    "data",
    "items",
    "total",
    "id",
    "name",
    "code",
    "message",
    // Unicode, symbols, digits, emptiness.
    "é",
    "日本",
    "🦀",
    "naïve café",
    ">=",
    "!=",
    "$ref",
    "-",
    "a b",
    "3d",
    "1",
    "0x",
    "",
    // Duplicates and case clashes.
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "FOO_BAR",
    "foo.bar",
    "a",
    "A",
    "item",
    "Item",
    "ITEM",
];

/// Descriptions that are hard to turn into doc comments.
const DESCRIPTIONS: &[&str] = &[
    "Plain words.",
    "Carriage\rreturn.",
    "Windows\r\nline ends.\r\n",
    "A NUL \0 inside.",
    "Closes a comment */ and opens one /*",
    "`code` and ``` fenced\n```rust\nfn x() {}\n```",
    "<b>bold</b> <script>alert(1)</script>",
    "See https://example.com/a_b?c=d&e=<f> and [a link](http://x.example).",
    "Backslash \\ and quotes \" ' and #[doc = \"x\"]",
    "Para one.\n\nPara two.\n    indented code",
    "   ",
    "",
];

const STRING_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "int64",
    "uuid",
    "byte",
    "binary",
    "uri",
    "email",
    "password",
];
const INTEGER_FORMATS: &[&str] = &["int32", "int64", "unix-time", "uint64"];
const NUMBER_FORMATS: &[&str] = &["float", "double", "unix-time", "decimal"];
/// Bounds, as JSON numbers: huge, tiny, fractional and the edges of the integer types.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "100",
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "1e300",
    "-1e300",
    "1.7976931348623157e308",
    "5e-324",
];
const INTEGERS: &[i64] = &[0, 1, -1, 2, 3, 100, i32::MAX as i64, i64::MAX, i64::MIN];
const SERVERS: &[&str] = &[
    "https://api.example",
    "https://api.example/v1/",
    "/v2",
    "http://localhost:8080/a b",
];
const METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options"];
const STATUSES: &[&str] = &["200", "201", "202", "204", "2XX", "400", "404", "4XX", "500", "default"];

// ---------------------------------------------------------------------------------------
// The grammar: a document as a tree of choices, which shrinks structurally.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Schema {
    kind: Kind,
    nullable: bool,
    description: Option<&'static str>,
}

#[derive(Debug, Clone)]
enum Kind {
    /// `{}`.
    Any,
    /// `true` or `false` (3.1), `{}` or `{not: {}}` (3.0).
    Boolean(bool),
    Str(Option<&'static str>),
    StrEnum(Vec<&'static str>, Option<Vec<&'static str>>),
    /// `const` (3.1) or a one-value enum (3.0).
    Const(&'static str),
    Int(Option<&'static str>, Bounds),
    IntEnum(Vec<i64>, Option<Vec<&'static str>>),
    Num(Option<&'static str>, Bounds),
    Bool,
    /// A `$ref` to the n-th component schema (modulo their number).
    Ref(usize),
    Array(Box<Schema>),
    Map(Box<Schema>),
    Object(Vec<Prop>, Option<Envelope>),
    AllOf(Vec<Schema>),
    Union {
        any_of: bool,
        alternatives: Vec<Schema>,
    },
    /// `oneOf` over component objects told apart by a property, with or without `mapping`.
    Tagged {
        property: &'static str,
        variants: Vec<Variant>,
        mapping: bool,
    },
}

#[derive(Debug, Clone)]
struct Variant {
    schema_name: &'static str,
    tag: &'static str,
    properties: Vec<Prop>,
}

#[derive(Debug, Clone)]
struct Bounds {
    minimum: Option<&'static str>,
    maximum: Option<&'static str>,
    exclusive_minimum: bool,
    exclusive_maximum: bool,
}

#[derive(Debug, Clone)]
struct Prop {
    name: &'static str,
    schema: Schema,
    required: bool,
    rust_name: Option<&'static str>,
}

/// `x-envelope`: the code property (a required string or integer, added to the object), its
/// success value, the message property.
#[derive(Debug, Clone)]
struct Envelope {
    code: &'static str,
    success: Value,
    message: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy)]
enum Style {
    Default,
    Form(bool),
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// `content: {application/json: {schema}}` instead of `schema`.
    Content,
}

#[derive(Debug, Clone)]
struct Param {
    name: &'static str,
    location: Location,
    style: Style,
    required: bool,
    schema: Schema,
    description: Option<&'static str>,
}

#[derive(Debug, Clone)]
enum Media {
    Json(Schema),
    Form(Vec<Prop>),
    Multipart(Vec<Prop>),
    Text,
    Binary,
}

#[derive(Debug, Clone)]
struct Body {
    media: Vec<Media>,
    required: bool,
}

#[derive(Debug, Clone)]
enum Content {
    None,
    Json(Schema),
    Text,
    Binary,
}

#[derive(Debug, Clone)]
struct Response {
    status: &'static str,
    content: Content,
    description: Option<&'static str>,
}

/// `x-pagination`, with the query parameters and response it names added to the operation.
#[derive(Debug, Clone)]
struct Paging {
    offset: &'static str,
    limit: &'static str,
    items: &'static str,
    total: Option<&'static str>,
    item: Schema,
    max_limit: Option<i64>,
}

#[derive(Debug, Clone)]
struct Operation {
    method: &'static str,
    segment: &'static str,
    operation_id: Option<&'static str>,
    params: Vec<Param>,
    body: Option<Body>,
    responses: Vec<Response>,
    /// Indices into the document's schemes; empty is `security: []`.
    security: Option<Vec<usize>>,
    paging: Option<Paging>,
    description: Option<&'static str>,
    deprecated: bool,
}

#[derive(Debug, Clone)]
enum Scheme {
    Bearer,
    Basic,
    ApiKey(&'static str, &'static str),
    OAuth2,
}

#[derive(Debug, Clone)]
struct Doc {
    v31: bool,
    yaml: bool,
    server: Option<&'static str>,
    schemas: Vec<(&'static str, Schema)>,
    operations: Vec<Operation>,
    schemes: Vec<(&'static str, Scheme)>,
    security: Option<Vec<usize>>,
    /// A chain of this many aliases, each a `$ref` to the next.
    chain: Option<usize>,
    description: Option<&'static str>,
}

/// A name from `NAMES` or from the lists of names the generated code claims itself, so a
/// name added to those lists is drawn here with no edit.
fn name() -> impl Strategy<Value = &'static str> + Clone {
    let mut pool: Vec<&'static str> = NAMES.to_vec();
    for name in openapi_client_codegen::names::generated_names() {
        if !pool.contains(&name) {
            pool.push(name);
        }
    }
    select(pool)
}

fn description() -> impl Strategy<Value = Option<&'static str>> + Clone {
    weighted(0.3, select(DESCRIPTIONS))
}

fn bounds() -> impl Strategy<Value = Bounds> + Clone {
    (
        weighted(0.3, select(NUMBERS)),
        weighted(0.3, select(NUMBERS)),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(minimum, maximum, exclusive_minimum, exclusive_maximum)| Bounds {
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
        })
}

fn varnames() -> impl Strategy<Value = Option<Vec<&'static str>>> + Clone {
    weighted(0.3, prop::collection::vec(name(), 0..4))
}

fn leaf_kind() -> impl Strategy<Value = Kind> + Clone {
    prop_oneof![
        1 => Just(Kind::Any),
        1 => any::<bool>().prop_map(Kind::Boolean),
        3 => weighted(0.6, select(STRING_FORMATS)).prop_map(Kind::Str),
        2 => (prop::collection::vec(name(), 1..4), varnames()).prop_map(|(v, n)| Kind::StrEnum(v, n)),
        1 => name().prop_map(Kind::Const),
        2 => (weighted(0.7, select(INTEGER_FORMATS)), bounds()).prop_map(|(f, b)| Kind::Int(f, b)),
        1 => (prop::collection::vec(select(INTEGERS), 1..4), varnames()).prop_map(|(v, n)| Kind::IntEnum(v, n)),
        2 => (weighted(0.7, select(NUMBER_FORMATS)), bounds()).prop_map(|(f, b)| Kind::Num(f, b)),
        2 => Just(Kind::Bool),
        3 => any::<usize>().prop_map(Kind::Ref),
    ]
}

fn schema_of(kind: impl Strategy<Value = Kind> + Clone) -> impl Strategy<Value = Schema> + Clone {
    (kind, prop::bool::weighted(0.15), description()).prop_map(|(kind, nullable, description)| Schema {
        kind,
        nullable,
        description,
    })
}

fn leaf() -> impl Strategy<Value = Schema> + Clone {
    schema_of(leaf_kind())
}

fn prop_of(schema: impl Strategy<Value = Schema> + Clone) -> impl Strategy<Value = Prop> + Clone {
    (name(), schema, any::<bool>(), weighted(0.1, name())).prop_map(|(name, schema, required, rust_name)| Prop {
        name,
        schema,
        required,
        rust_name,
    })
}

fn envelope() -> impl Strategy<Value = Envelope> + Clone {
    (
        name(),
        select(vec![json!("OK"), json!(0), json!(200), json!("")]),
        weighted(0.5, name()),
    )
        .prop_map(|(code, success, message)| Envelope { code, success, message })
}

/// Any schema, nested up to three levels.
fn schema() -> BoxedStrategy<Schema> {
    leaf()
        .prop_recursive(3, 24, 4, |inner| {
            let variant = (name(), name(), prop::collection::vec(prop_of(inner.clone()), 0..3)).prop_map(
                |(schema_name, tag, properties)| Variant {
                    schema_name,
                    tag,
                    properties,
                },
            );
            schema_of(prop_oneof![
                2 => inner.clone().prop_map(|s| Kind::Array(Box::new(s))),
                1 => inner.clone().prop_map(|s| Kind::Map(Box::new(s))),
                4 => (prop::collection::vec(prop_of(inner.clone()), 0..5), weighted(0.15, envelope()))
                    .prop_map(|(props, envelope)| Kind::Object(props, envelope)),
                1 => prop::collection::vec(inner.clone(), 1..3).prop_map(Kind::AllOf),
                1 => (any::<bool>(), prop::collection::vec(inner.clone(), 1..4))
                    .prop_map(|(any_of, alternatives)| Kind::Union { any_of, alternatives }),
                1 => (name(), prop::collection::vec(variant, 1..3), any::<bool>())
                    .prop_map(|(property, variants, mapping)| Kind::Tagged { property, variants, mapping }),
            ])
        })
        .boxed()
}

/// A parameter's schema: mostly a scalar, a list or a flat object, sometimes anything.
fn param_schema() -> BoxedStrategy<Schema> {
    prop_oneof![
        3 => leaf(),
        2 => schema_of(leaf().prop_map(|s| Kind::Array(Box::new(s)))),
        1 => schema_of(prop::collection::vec(prop_of(leaf()), 0..3).prop_map(|p| Kind::Object(p, None))),
        1 => schema(),
    ]
    .boxed()
}

fn param() -> impl Strategy<Value = Param> {
    let location = select(vec![
        Location::Path,
        Location::Query,
        Location::Query,
        Location::Header,
        Location::Cookie,
    ]);
    let style = prop_oneof![
        4 => Just(Style::Default),
        1 => any::<bool>().prop_map(Style::Form),
        1 => Just(Style::SpaceDelimited),
        1 => Just(Style::PipeDelimited),
        1 => Just(Style::DeepObject),
        1 => Just(Style::Content),
    ];
    (
        name(),
        location,
        style,
        prop::bool::weighted(0.4),
        param_schema(),
        description(),
    )
        .prop_map(|(name, location, style, required, schema, description)| Param {
            name,
            location,
            // Each location has its own styles: the others are not valid OpenAPI.
            style: match (location, style) {
                (_, Style::Default | Style::Content) | (Location::Query, _) | (Location::Cookie, Style::Form(_)) => {
                    style
                }
                _ => Style::Default,
            },
            required,
            schema,
            description,
        })
}

fn body() -> impl Strategy<Value = Body> {
    let media = prop_oneof![
        4 => schema().prop_map(Media::Json),
        1 => prop::collection::vec(prop_of(param_schema()), 0..4).prop_map(Media::Form),
        1 => prop::collection::vec(prop_of(param_schema()), 0..4).prop_map(Media::Multipart),
        1 => Just(Media::Text),
        1 => Just(Media::Binary),
    ];
    (prop::collection::vec(media, 1..3), any::<bool>()).prop_map(|(media, required)| Body { media, required })
}

fn response() -> impl Strategy<Value = Response> {
    let content = prop_oneof![
        2 => Just(Content::None),
        5 => schema().prop_map(Content::Json),
        1 => Just(Content::Text),
        1 => Just(Content::Binary),
    ];
    (select(STATUSES), content, description()).prop_map(|(status, content, description)| Response {
        status,
        content,
        description,
    })
}

fn paging() -> impl Strategy<Value = Paging> {
    (
        name(),
        name(),
        name(),
        weighted(0.7, name()),
        schema(),
        weighted(0.5, select(vec![1i64, 100, 0, -1])),
    )
        .prop_map(|(offset, limit, items, total, item, max_limit)| Paging {
            offset,
            limit,
            items,
            total,
            item,
            max_limit,
        })
}

fn operation() -> impl Strategy<Value = Operation> {
    (
        (select(METHODS), name(), weighted(0.8, name())),
        prop::collection::vec(param(), 0..4),
        weighted(0.4, body()),
        prop::collection::vec(response(), 1..3),
        weighted(0.3, prop::collection::vec(any::<usize>(), 0..3)),
        weighted(0.15, paging()),
        (description(), prop::bool::weighted(0.1)),
    )
        .prop_map(
            |(
                (method, segment, operation_id),
                params,
                body,
                responses,
                security,
                paging,
                (description, deprecated),
            )| {
                Operation {
                    method,
                    segment,
                    operation_id,
                    params,
                    body,
                    responses,
                    security,
                    paging,
                    description,
                    deprecated,
                }
            },
        )
}

fn scheme() -> impl Strategy<Value = Scheme> {
    prop_oneof![
        Just(Scheme::Bearer),
        Just(Scheme::Basic),
        (select(vec!["header", "query", "cookie"]), name()).prop_map(|(at, name)| Scheme::ApiKey(at, name)),
        Just(Scheme::OAuth2),
    ]
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        (any::<bool>(), any::<bool>(), weighted(0.8, select(SERVERS))),
        prop::collection::vec((name(), schema()), 0..5),
        prop::collection::vec(operation(), 0..4),
        prop::collection::vec((name(), scheme()), 0..3),
        weighted(0.3, prop::collection::vec(any::<usize>(), 0..3)),
        prop_oneof![
            30 => Just(None),
            2 => (2usize..40).prop_map(Some),
            1 => (40usize..5000).prop_map(Some),
        ],
        description(),
    )
        .prop_map(
            |((v31, yaml, server), schemas, operations, schemes, security, chain, description)| Doc {
                v31,
                yaml,
                server,
                schemas,
                operations,
                schemes,
                security,
                chain,
                description,
            },
        )
}

// ---------------------------------------------------------------------------------------
// From the grammar to a document.
// ---------------------------------------------------------------------------------------

/// What building a document needs to know: the version, the component schemas refs point to,
/// and the schemas hoisted out of tagged unions.
struct Builder {
    v31: bool,
    components: Vec<String>,
    taken: HashSet<String>,
    hoisted: Vec<(String, Value)>,
}

fn pointer_escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{}", pointer_escape(name))
}

fn number(text: &str) -> Value {
    serde_json::from_str(text).expect("the bounds are JSON numbers")
}

impl Builder {
    fn fresh(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{name}{n}");
            n += 1;
        }
        candidate
    }

    fn bounds(&self, m: &mut Map<String, Value>, b: &Bounds) {
        for (bound, exclusive, key, exclusive_key) in [
            (b.minimum, b.exclusive_minimum, "minimum", "exclusiveMinimum"),
            (b.maximum, b.exclusive_maximum, "maximum", "exclusiveMaximum"),
        ] {
            let Some(bound) = bound else { continue };
            match (exclusive, self.v31) {
                (true, true) => {
                    m.insert(exclusive_key.into(), number(bound));
                }
                (true, false) => {
                    m.insert(key.into(), number(bound));
                    m.insert(exclusive_key.into(), Value::Bool(true));
                }
                (false, _) => {
                    m.insert(key.into(), number(bound));
                }
            }
        }
    }

    fn object(&mut self, props: &[Prop], envelope: Option<&Envelope>) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), json!("object"));
        let mut properties = Map::new();
        let mut required = Vec::new();
        for p in props {
            let mut s = self.schema(&p.schema);
            if let (Some(rust_name), Value::Object(o)) = (p.rust_name, &mut s) {
                o.insert("x-rust-name".into(), json!(rust_name));
            }
            properties.insert(p.name.into(), s);
            if p.required {
                required.push(json!(p.name));
            }
        }
        if let Some(e) = envelope {
            let mut x = Map::new();
            x.insert("code".into(), json!(e.code));
            x.insert("success".into(), e.success.clone());
            if let Some(message) = e.message {
                x.insert("message".into(), json!(message));
                properties.insert(message.into(), json!({"type": "string"}));
            }
            let ty = if e.success.is_string() { "string" } else { "integer" };
            properties.insert(e.code.into(), json!({ "type": ty }));
            if !required.iter().any(|r| r.as_str() == Some(e.code)) {
                required.push(json!(e.code));
            }
            m.insert("x-envelope".into(), Value::Object(x));
        }
        if !required.is_empty() {
            m.insert("required".into(), Value::Array(required));
        }
        if !properties.is_empty() {
            m.insert("properties".into(), Value::Object(properties));
        }
        m
    }

    fn schema(&mut self, s: &Schema) -> Value {
        let mut m = Map::new();
        match &s.kind {
            Kind::Any => {}
            Kind::Boolean(b) => {
                if self.v31 {
                    return Value::Bool(*b);
                }
                if !b {
                    m.insert("not".into(), json!({}));
                }
            }
            Kind::Str(format) => {
                m.insert("type".into(), json!("string"));
                if let Some(f) = format {
                    m.insert("format".into(), json!(f));
                }
            }
            Kind::StrEnum(values, names) => {
                m.insert("type".into(), json!("string"));
                m.insert("enum".into(), json!(values));
                if let Some(names) = names {
                    m.insert("x-enum-varnames".into(), json!(names));
                }
            }
            Kind::Const(value) => {
                if self.v31 {
                    m.insert("const".into(), json!(value));
                } else {
                    m.insert("type".into(), json!("string"));
                    m.insert("enum".into(), json!([value]));
                }
            }
            Kind::Int(format, b) => {
                m.insert("type".into(), json!("integer"));
                if let Some(f) = format {
                    m.insert("format".into(), json!(f));
                }
                self.bounds(&mut m, b);
            }
            Kind::IntEnum(values, names) => {
                m.insert("type".into(), json!("integer"));
                m.insert("enum".into(), json!(values));
                if let Some(names) = names {
                    m.insert("x-enum-varnames".into(), json!(names));
                }
            }
            Kind::Num(format, b) => {
                m.insert("type".into(), json!("number"));
                if let Some(f) = format {
                    m.insert("format".into(), json!(f));
                }
                self.bounds(&mut m, b);
            }
            Kind::Bool => {
                m.insert("type".into(), json!("boolean"));
            }
            Kind::Ref(i) => {
                // A dangling `$ref` now and then, when there is nothing to point to.
                let target = match self.components.len() {
                    0 if i % 8 != 7 => {
                        return self.schema(&Schema {
                            kind: Kind::Str(None),
                            ..s.clone()
                        });
                    }
                    0 => "Missing".to_owned(),
                    n => self.components[i % n].clone(),
                };
                m.insert("$ref".into(), json!(schema_ref(&target)));
            }
            Kind::Array(items) => {
                m.insert("type".into(), json!("array"));
                m.insert("items".into(), self.schema(items));
            }
            Kind::Map(values) => {
                m.insert("type".into(), json!("object"));
                m.insert("additionalProperties".into(), self.schema(values));
            }
            Kind::Object(props, envelope) => m = self.object(props, envelope.as_ref()),
            Kind::AllOf(parts) => {
                let parts: Vec<Value> = parts.iter().map(|p| self.schema(p)).collect();
                m.insert("allOf".into(), Value::Array(parts));
            }
            Kind::Union { any_of, alternatives } => {
                let alternatives: Vec<Value> = alternatives.iter().map(|p| self.schema(p)).collect();
                m.insert(
                    if *any_of { "anyOf" } else { "oneOf" }.into(),
                    Value::Array(alternatives),
                );
            }
            Kind::Tagged {
                property,
                variants,
                mapping,
            } => {
                let mut alternatives = Vec::new();
                let mut map = Map::new();
                for v in variants {
                    let mut props = vec![Prop {
                        name: property,
                        schema: Schema {
                            kind: Kind::Str(None),
                            nullable: false,
                            description: None,
                        },
                        required: true,
                        rust_name: None,
                    }];
                    props.extend(v.properties.iter().filter(|p| p.name != *property).cloned());
                    let name = self.fresh(v.schema_name);
                    let object = Value::Object(self.object(&props, None));
                    self.hoisted.push((name.clone(), object));
                    alternatives.push(json!({"$ref": schema_ref(&name)}));
                    map.insert(v.tag.into(), json!(schema_ref(&name)));
                }
                m.insert("oneOf".into(), Value::Array(alternatives));
                let mut discriminator = Map::new();
                discriminator.insert("propertyName".into(), json!(property));
                if *mapping {
                    discriminator.insert("mapping".into(), Value::Object(map));
                }
                m.insert("discriminator".into(), Value::Object(discriminator));
            }
        }
        if let Some(d) = s.description {
            m.insert("description".into(), json!(d));
        }
        if !s.nullable {
            return Value::Object(m);
        }
        if !self.v31 {
            m.insert("nullable".into(), Value::Bool(true));
            return Value::Object(m);
        }
        match m.get("type").and_then(Value::as_str).map(str::to_owned) {
            Some(ty) => {
                m.insert("type".into(), json!([ty, "null"]));
                Value::Object(m)
            }
            None => json!({"oneOf": [Value::Object(m), {"type": "null"}]}),
        }
    }

    fn param(&mut self, p: &Param) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), json!(p.name));
        let location = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        };
        m.insert("in".into(), json!(location));
        m.insert("required".into(), json!(p.required || p.location == Location::Path));
        if let Some(d) = p.description {
            m.insert("description".into(), json!(d));
        }
        let schema = self.schema(&p.schema);
        let (style, explode) = match p.style {
            Style::Default => (None, None),
            Style::Form(explode) => (Some("form"), Some(explode)),
            Style::SpaceDelimited => (Some("spaceDelimited"), None),
            Style::PipeDelimited => (Some("pipeDelimited"), None),
            Style::DeepObject => (Some("deepObject"), Some(true)),
            Style::Content => {
                m.insert("content".into(), json!({"application/json": {"schema": schema}}));
                return Value::Object(m);
            }
        };
        if let Some(style) = style {
            m.insert("style".into(), json!(style));
        }
        if let Some(explode) = explode {
            m.insert("explode".into(), json!(explode));
        }
        m.insert("schema".into(), schema);
        Value::Object(m)
    }

    fn body(&mut self, b: &Body) -> Value {
        let mut content = Map::new();
        for media in &b.media {
            let (key, schema) = match media {
                Media::Json(s) => ("application/json", self.schema(s)),
                Media::Form(props) => (
                    "application/x-www-form-urlencoded",
                    Value::Object(self.object(props, None)),
                ),
                Media::Multipart(props) => {
                    let mut o = self.object(props, None);
                    let properties = o.entry("properties").or_insert_with(|| json!({}));
                    properties["file"] = json!({"type": "string", "format": "binary"});
                    ("multipart/form-data", Value::Object(o))
                }
                Media::Text => ("text/plain", json!({"type": "string"})),
                Media::Binary => (
                    "application/octet-stream",
                    json!({"type": "string", "format": "binary"}),
                ),
            };
            content.insert(key.into(), json!({ "schema": schema }));
        }
        json!({"required": b.required, "content": content})
    }

    fn response(&mut self, r: &Response) -> Value {
        let mut m = Map::new();
        m.insert("description".into(), json!(r.description.unwrap_or("A response.")));
        let content = match &r.content {
            Content::None => None,
            Content::Json(s) => Some(("application/json", self.schema(s))),
            Content::Text => Some(("text/plain", json!({"type": "string"}))),
            Content::Binary => Some((
                "application/octet-stream",
                json!({"type": "string", "format": "binary"}),
            )),
        };
        if let Some((media, schema)) = content {
            m.insert("content".into(), json!({ media: {"schema": schema} }));
        }
        Value::Object(m)
    }
}

fn security(indices: &[usize], schemes: &[(&'static str, Scheme)]) -> Value {
    if indices.is_empty() {
        return json!([]);
    }
    let mut requirement = Map::new();
    for i in indices {
        let name = schemes
            .get(i % schemes.len().max(1))
            .map_or("undefined", |(name, _)| name);
        requirement.insert(name.into(), json!([]));
    }
    json!([requirement])
}

impl Doc {
    fn to_value(&self) -> Value {
        let mut b = Builder {
            v31: self.v31,
            components: self.schemas.iter().map(|(n, _)| (*n).to_owned()).collect(),
            taken: self.schemas.iter().map(|(n, _)| (*n).to_owned()).collect(),
            hoisted: Vec::new(),
        };
        let mut doc = Map::new();
        doc.insert("openapi".into(), json!(if self.v31 { "3.1.0" } else { "3.0.3" }));
        let mut info = json!({"title": "Random", "version": "1"});
        if let Some(d) = self.description {
            info["description"] = json!(d);
        }
        doc.insert("info".into(), info);
        if let Some(server) = self.server {
            doc.insert("servers".into(), json!([{ "url": server }]));
        }
        if let Some(indices) = self.security.as_ref().filter(|_| !self.schemes.is_empty()) {
            doc.insert("security".into(), security(indices, &self.schemes));
        }
        let mut paths = Map::new();
        for op in &self.operations {
            let mut params: Vec<&Param> = op.params.iter().collect();
            let paged: Vec<Param>;
            let mut o = Map::new();
            let mut responses = Map::new();
            if let Some(p) = &op.paging {
                let integer = |name| Param {
                    name,
                    location: Location::Query,
                    style: Style::Default,
                    required: true,
                    schema: Schema {
                        kind: Kind::Int(
                            Some("int32"),
                            Bounds {
                                minimum: Some("0"),
                                maximum: None,
                                exclusive_minimum: false,
                                exclusive_maximum: false,
                            },
                        ),
                        nullable: false,
                        description: None,
                    },
                    description: None,
                };
                paged = vec![integer(p.offset), integer(p.limit)];
                params.splice(0..0, paged.iter());
                let mut x = json!({"style": "offset-limit", "offset": p.offset, "limit": p.limit, "items": p.items});
                if let Some(total) = p.total {
                    x["total"] = json!(total);
                }
                if let Some(max) = p.max_limit {
                    x["max-limit"] = json!(max);
                }
                o.insert("x-pagination".into(), x);
                let mut properties = Map::new();
                properties.insert(p.items.into(), json!({"type": "array", "items": b.schema(&p.item)}));
                if let Some(total) = p.total {
                    properties.insert(total.into(), json!({"type": "integer", "format": "int64"}));
                }
                responses.insert(
                    "200".into(),
                    json!({"description": "A page.", "content": {"application/json": {"schema": {"type": "object", "properties": properties}}}}),
                );
            }
            let mut path = format!("/{}", op.segment);
            for p in params.iter().filter(|p| p.location == Location::Path) {
                path.push_str(&format!("/{{{}}}", p.name));
            }
            if let Some(id) = op.operation_id {
                o.insert("operationId".into(), json!(id));
            }
            if let Some(d) = op.description {
                o.insert("description".into(), json!(d));
            }
            if op.deprecated {
                o.insert("deprecated".into(), json!(true));
            }
            if !params.is_empty() {
                let params: Vec<Value> = params.iter().map(|p| b.param(p)).collect();
                o.insert("parameters".into(), Value::Array(params));
            }
            if let Some(body) = &op.body {
                o.insert("requestBody".into(), b.body(body));
            }
            for r in &op.responses {
                // A paged operation answers with its page only.
                let paged = op.paging.is_some() && r.status.starts_with('2');
                if !paged && !responses.contains_key(r.status) {
                    let response = b.response(r);
                    responses.insert(r.status.into(), response);
                }
            }
            o.insert("responses".into(), Value::Object(responses));
            if let Some(indices) = op.security.as_ref().filter(|_| !self.schemes.is_empty()) {
                o.insert("security".into(), security(indices, &self.schemes));
            }
            let item = paths.entry(path).or_insert_with(|| json!({}));
            item[op.method] = Value::Object(o);
        }
        doc.insert("paths".into(), Value::Object(paths));
        let mut schemas = Map::new();
        for (name, s) in &self.schemas {
            let s = b.schema(s);
            schemas.insert((*name).into(), s);
        }
        for (name, s) in std::mem::take(&mut b.hoisted) {
            schemas.insert(name, s);
        }
        if let Some(n) = self.chain {
            for i in 0..n {
                schemas.insert(
                    format!("Chain{i}"),
                    json!({"$ref": schema_ref(&format!("Chain{}", i + 1))}),
                );
            }
            schemas.insert(
                format!("Chain{n}"),
                json!({"type": "object", "properties": {"x": {"type": "string"}}}),
            );
        }
        let mut components = Map::new();
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if !self.schemes.is_empty() {
            let mut schemes = Map::new();
            for (name, scheme) in &self.schemes {
                let s = match scheme {
                    Scheme::Bearer => json!({"type": "http", "scheme": "bearer"}),
                    Scheme::Basic => json!({"type": "http", "scheme": "basic"}),
                    Scheme::ApiKey(at, header) => json!({"type": "apiKey", "in": at, "name": header}),
                    Scheme::OAuth2 => json!({"type": "oauth2", "flows": {"clientCredentials": {
                        "tokenUrl": "https://auth.example/token", "scopes": {"read": "Read."}}}}),
                };
                schemes.insert((*name).into(), s);
            }
            components.insert("securitySchemes".into(), Value::Object(schemes));
        }
        if !components.is_empty() {
            doc.insert("components".into(), Value::Object(components));
        }
        Value::Object(doc)
    }

    fn to_text(&self) -> (String, Format) {
        text_of(&self.to_value(), self.yaml)
    }
}

fn text_of(value: &Value, yaml: bool) -> (String, Format) {
    if yaml {
        (
            serde_yaml::to_string(value).expect("a JSON value is YAML"),
            Format::Yaml,
        )
    } else {
        (
            serde_json::to_string_pretty(value).expect("a JSON value is JSON"),
            Format::Json,
        )
    }
}

// ---------------------------------------------------------------------------------------
// Properties 1 and 2: no panic, located errors, a report that renders.
// ---------------------------------------------------------------------------------------

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "<a panic without a message>".into())
}

fn bad_diagnostic(d: &Diagnostic) -> Option<String> {
    if d.message.trim().is_empty() {
        return Some(format!("a diagnostic without a message: {d:?}"));
    }
    if !(d.pointer.is_empty() || d.pointer.starts_with('/')) {
        return Some(format!("a diagnostic whose pointer is not a JSON pointer: {d:?}"));
    }
    None
}

/// What one spec came to.
enum Outcome {
    Generated(Generated),
    Rejected,
}

/// Properties 1 and 2 for one spec; `Err` says what broke.
fn check_spec(text: &str, format: Format, module: &str, source: &str) -> Result<Outcome, String> {
    let settings = Settings::new(module, source);
    let result = catch_unwind(AssertUnwindSafe(|| generate_str(text, format, &settings)))
        .map_err(|p| format!("generate_str panicked: {}", panic_message(&*p)))?;
    let (diagnostics, outcome) = match result {
        Ok(generated) => (generated.warnings.clone(), Outcome::Generated(generated)),
        Err(error) => {
            if !error.diagnostics.iter().any(Diagnostic::is_error) {
                return Err(format!("Err without an error diagnostic: {:?}", error.diagnostics));
            }
            (error.diagnostics, Outcome::Rejected)
        }
    };
    if let Some(problem) = diagnostics.iter().find_map(bad_diagnostic) {
        return Err(problem);
    }
    catch_unwind(AssertUnwindSafe(|| report::render(&diagnostics, source, text)))
        .map_err(|p| format!("report::render panicked: {}", panic_message(&*p)))?;
    Ok(outcome)
}

// ---------------------------------------------------------------------------------------
// Property 3: the generated code compiles.
// ---------------------------------------------------------------------------------------

/// A spec that generated, kept for compiling.
#[derive(Clone)]
struct Sample {
    /// Where it came from: a case number or a regression file.
    origin: String,
    module: String,
    text: String,
    format: Format,
    code: String,
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| manifest_dir().join("../target"), PathBuf::from);
    dir.canonicalize().unwrap_or(dir)
}

fn failures_dir() -> PathBuf {
    let dir = target_dir().join("property-failures");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// One cargo at a time, whichever test asks.
static CARGO: Mutex<()> = Mutex::new(());

/// A scratch crate, its own workspace, whose modules are generated files.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("openapi-codegen-properties-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("a scratch directory");
        let runtime = manifest_dir()
            .join("../runtime")
            .canonicalize()
            .expect("the runtime crate");
        // Any generated spec will do: only the manifest is kept.
        let settings = Settings::new("property_specs", "random specs");
        let empty = "openapi: 3.0.3\ninfo: {title: Empty, version: \"1\"}\npaths: {}\n";
        let placeholder = generate_str(empty, Format::Yaml, &settings).expect("an empty spec generates");
        let files = crate_files(
            &placeholder,
            &settings,
            &RuntimeSource::Path(runtime.display().to_string()),
        );
        let (_, manifest) = files.iter().find(|(path, _)| path == "Cargo.toml").expect("a manifest");
        // The workspace's profile, so the dependencies already built are reused.
        let manifest = format!("{manifest}\n[profile.dev.package.\"*\"]\ndebug = false\n");
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("the manifest");
        std::fs::copy(manifest_dir().join("../Cargo.lock"), dir.join("Cargo.lock")).expect("the lock file");
        Scratch { dir }
    }

    /// `cargo check` over these samples as modules of one crate; `Err` holds the errors.
    fn check(&self, samples: &[&Sample]) -> Result<(), String> {
        let mut lib = String::from("//! Generated clients of random specs.\n\n");
        for s in samples {
            std::fs::write(self.dir.join("src").join(format!("{}.rs", s.module)), &s.code).expect("a module");
            lib.push_str(&format!("include!(\"{}.rs\");\n", s.module));
        }
        std::fs::write(self.dir.join("src/lib.rs"), lib).expect("lib.rs");
        let _guard = CARGO.lock().unwrap_or_else(|e| e.into_inner());
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args(["check", "--offline", "--quiet", "--message-format", "short"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target_dir())
            .output()
            .expect("cargo runs");
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The error lines of cargo's short messages.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("error")).collect()
}

/// The modules cargo's errors point into (`src/p3.rs:12:5: error...`).
fn failing_modules(stderr: &str) -> BTreeSet<String> {
    error_lines(stderr)
        .iter()
        .filter_map(|l| l.strip_prefix("src/")?.split_once(".rs:").map(|(m, _)| m.to_owned()))
        .collect()
}

/// What a compile failure is, to tell whether a smaller spec fails the same way: the error
/// code of the first error (`E0428`), or its message.
fn signature(stderr: &str) -> String {
    let first = error_lines(stderr).into_iter().next().unwrap_or("");
    let message = first.split_once(": error").map_or(first, |(_, rest)| rest);
    match message.strip_prefix('[').and_then(|m| m.split_once(']')) {
        Some((code, _)) => code.to_owned(),
        None => message.to_owned(),
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n... ({} more bytes)", &text[..end], text.len() - end)
}

/// Every path to a removable part of the document (an object member or array element),
/// shallowest first.
fn removable_paths(value: &Value) -> Vec<Vec<PathStep>> {
    let mut out = Vec::new();
    let mut layer = vec![(Vec::new(), value)];
    while !layer.is_empty() {
        let mut next = Vec::new();
        for (path, v) in layer {
            let children: Vec<(PathStep, &Value)> = match v {
                Value::Object(m) => m.iter().map(|(k, v)| (PathStep::Key(k.clone()), v)).collect(),
                Value::Array(a) => a.iter().enumerate().map(|(i, v)| (PathStep::Index(i), v)).collect(),
                _ => Vec::new(),
            };
            for (step, child) in children {
                let mut p: Vec<PathStep> = path.clone();
                p.push(step);
                out.push(p.clone());
                next.push((p, child));
            }
        }
        layer = next;
    }
    out
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn without(value: &Value, path: &[PathStep]) -> Option<Value> {
    let mut copy = value.clone();
    let (last, parents) = path.split_last()?;
    let mut at = &mut copy;
    for step in parents {
        at = match step {
            PathStep::Key(k) => at.get_mut(k.as_str())?,
            PathStep::Index(i) => at.get_mut(*i)?,
        };
    }
    match (last, at) {
        (PathStep::Key(k), Value::Object(m)) => {
            m.shift_remove(k.as_str())?;
        }
        (PathStep::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
        }
        _ => return None,
    }
    Some(copy)
}

/// Shrinks a spec whose code does not compile by removing parts of it while it still
/// generates and fails to compile the same way; at most `budget` more checks.
fn shrink_compile_failure(scratch: &Scratch, sample: &Sample, stderr: &str, budget: usize) -> (Sample, String) {
    let parsed: Value = match sample.format {
        Format::Json => serde_json::from_str(&sample.text).ok(),
        _ => serde_yaml::from_str(&sample.text).ok(),
    }
    .unwrap_or(Value::Null);
    let wanted = signature(stderr);
    let (mut best, mut best_value, mut best_errors) = (sample.clone(), parsed, stderr.to_owned());
    let mut checks = 0;
    let mut start = 0;
    'outer: while checks < budget {
        let paths = removable_paths(&best_value);
        for (i, path) in paths.iter().enumerate().skip(start) {
            if checks >= budget {
                break 'outer;
            }
            let Some(smaller) = without(&best_value, path) else {
                continue;
            };
            let (text, format) = text_of(&smaller, matches!(sample.format, Format::Yaml));
            let Ok(Outcome::Generated(generated)) = check_spec(&text, format, &sample.module, "shrunk") else {
                continue;
            };
            let candidate = Sample {
                text,
                code: generated.code,
                ..sample.clone()
            };
            checks += 1;
            if let Err(errors) = scratch.check(&[&candidate])
                && signature(&errors) == wanted
            {
                best = candidate;
                best_value = smaller;
                best_errors = errors;
                start = i;
                continue 'outer;
            }
        }
        break;
    }
    (best, best_errors)
}

/// Property 3 over `samples`: `Err` describes every module that does not compile, with its
/// (shrunk) spec and errors.
fn compile(samples: &[Sample], tag: &str, shrink_budget: usize) -> Result<(), String> {
    if samples.is_empty() {
        return Ok(());
    }
    let scratch = Scratch::new(tag);
    let all: Vec<&Sample> = samples.iter().collect();
    let Err(errors) = scratch.check(&all) else {
        return Ok(());
    };
    let named = failing_modules(&errors);
    // Each suspect alone: those cargo named, or every one when it named none.
    let suspects: Vec<&Sample> = if named.is_empty() {
        all.clone()
    } else {
        all.iter().copied().filter(|s| named.contains(&s.module)).collect()
    };
    let mut report = String::new();
    for s in suspects {
        let Err(alone) = scratch.check(&[s]) else { continue };
        let (shrunk, shrunk_errors) = shrink_compile_failure(&scratch, s, &alone, shrink_budget);
        let extension = if matches!(shrunk.format, Format::Json) {
            "json"
        } else {
            "yaml"
        };
        let file = failures_dir().join(format!("compile-{tag}-{}.{extension}", s.module));
        let _ = std::fs::write(&file, &shrunk.text);
        report.push_str(&format!(
            "\n=== module `{}` ({}) does not compile; spec (also in {}):\n{}\n--- errors:\n{}\n",
            s.module,
            s.origin,
            file.display(),
            shrunk.text,
            truncate(&error_lines(&shrunk_errors).join("\n"), 6000),
        ));
    }
    if report.is_empty() {
        report = format!(
            "the modules compile alone but not together:\n{}",
            truncate(&errors, 6000)
        );
    }
    Err(report)
}

// ---------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------

fn seed() -> u64 {
    match std::env::var("PROPTEST_SEED") {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("PROPTEST_SEED={text:?} is not a u64")),
        Err(_) => DEFAULT_SEED,
    }
}

/// Properties 1-3 over random documents.
#[test]
fn random_specs() {
    let seed = seed();
    let compile_sample = env_number("PROPTEST_COMPILE", 24);
    let shrink_budget = env_number("PROPTEST_COMPILE_SHRINK", 40);
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    let cases = config.cases;
    eprintln!("properties: seed {seed} (set PROPTEST_SEED to change it), {cases} cases, compiling {compile_sample}");
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&seed.to_le_bytes());
    }
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let generated = Cell::new(0usize);
    let ok = Cell::new(0usize);
    let rejected = Cell::new(0usize);
    let samples = RefCell::new(Vec::<Sample>::new());
    let last_case = failures_dir().join("last-case");
    let result = runner.run(&doc(), |doc| {
        let n = generated.get();
        generated.set(n + 1);
        let (text, format) = doc.to_text();
        let extension = if doc.yaml { "yaml" } else { "json" };
        let _ = std::fs::write(last_case.with_extension(extension), &text);
        let module = format!("p{n}");
        match check_spec(&text, format, &module, "random.yaml") {
            Ok(Outcome::Generated(g)) => {
                ok.set(ok.get() + 1);
                let mut samples = samples.borrow_mut();
                if samples.len() < compile_sample {
                    samples.push(Sample {
                        origin: format!("random case {n}"),
                        module,
                        text,
                        format,
                        code: g.code,
                    });
                }
                Ok(())
            }
            Ok(Outcome::Rejected) => {
                rejected.set(rejected.get() + 1);
                Ok(())
            }
            Err(problem) => Err(TestCaseError::fail(format!("{problem}\n--- spec:\n{text}"))),
        }
    });
    let mut failures = Vec::new();
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, doc)) => {
            let (text, _) = doc.to_text();
            let extension = if doc.yaml { "yaml" } else { "json" };
            let file = failures_dir().join(format!("generate-failure.{extension}"));
            let _ = std::fs::write(&file, &text);
            failures.push(format!("minimal failing spec (also in {}): {reason}", file.display()));
        }
        Err(TestError::Abort(reason)) => failures.push(format!("aborted: {reason}")),
    }
    let samples = samples.into_inner();
    let compiled = compiled_count(&samples, compile(&samples, "random", shrink_budget), &mut failures);
    eprintln!(
        "properties: seed {seed}: {} random specs generated, {} Ok, {} located errors, {compiled} of {} compiled",
        generated.get(),
        ok.get(),
        rejected.get(),
        samples.len(),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// How many of `samples` compiled, given the outcome of compiling them; a failure's report
/// joins `failures`.
fn compiled_count(samples: &[Sample], outcome: Result<(), String>, failures: &mut Vec<String>) -> usize {
    match outcome {
        Ok(()) => samples.len(),
        Err(report) => {
            let failed = report.matches("\n=== module").count();
            failures.push(report);
            samples.len().saturating_sub(failed.max(1))
        }
    }
}

/// Every spec in `tests/property_regressions/`, through properties 1-3.
#[test]
fn regressions() {
    let dir = manifest_dir().join("tests/property_regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.retain(|f| matches!(f.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")));
    files.sort();
    let mut failures = Vec::new();
    let mut samples = Vec::new();
    let mut rejected = 0;
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).expect("a regression spec");
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let format = if name.ends_with(".json") {
            Format::Json
        } else {
            Format::Yaml
        };
        let module = format!("r{i}");
        match check_spec(&text, format, &module, &name) {
            Ok(Outcome::Generated(g)) => samples.push(Sample {
                origin: name,
                module,
                text,
                format,
                code: g.code,
            }),
            Ok(Outcome::Rejected) => rejected += 1,
            Err(problem) => failures.push(format!("{name}: {problem}")),
        }
    }
    let compiled = compiled_count(&samples, compile(&samples, "regressions", 0), &mut failures);
    eprintln!(
        "properties: {} regression specs, {} Ok, {rejected} located errors, {compiled} of {} compiled",
        files.len(),
        samples.len(),
        samples.len(),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
