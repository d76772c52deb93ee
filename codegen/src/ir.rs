//! The intermediate representation between lowering and emitting.
//!
//! Everything here is decided: every `$ref` is resolved, every Rust name is final and
//! unique, every type is known. Emitting is then a straight walk that turns each item into
//! tokens, with no look-ups into the spec and no naming decisions left.

/// One API: the types and the client of one spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The Rust module holding the client (`sencloud`).
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server's URL, with its variables at their defaults; `None` when the spec
    /// gives no absolute one, and the user must then pass a base URL.
    pub default_base_url: Option<String>,
    /// The credentials the client holds, one per security scheme it uses.
    pub credentials: Vec<CredentialDef>,
    /// Named types, in the order they are emitted.
    pub types: Vec<TypeDef>,
    /// Operations, in document order.
    pub operations: Vec<Operation>,
}

/// A credential the client holds, from one security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialDef {
    /// The client field and constructor argument (`bearer_auth`).
    pub field: String,
    /// The scheme's key under `components/securitySchemes`.
    pub scheme: String,
    /// The scheme's description.
    pub description: Option<String>,
    /// How it is sent.
    pub kind: CredentialKind,
    /// Named by the document-wide security requirement, so `Client::new` takes it; the
    /// others are set with `with_<field>`.
    pub in_constructor: bool,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// In a header; the name is the spec's, and the client lets users override it.
    Header {
        /// The header's name.
        name: String,
        /// The setter that overrides it (`with_access_token_header`).
        setter: String,
    },
    /// In a query parameter.
    Query {
        /// The parameter's name.
        name: String,
    },
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, unique in the `types` module.
    pub name: String,
    /// Its doc comment: the schema's title and description.
    pub doc: Option<String>,
    /// The JSON pointer of the schema it comes from.
    pub pointer: String,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct of named fields.
    Struct(Struct),
    /// An open string enum: listed values get variants, others are kept in `Other(String)`.
    StringEnum(Vec<Variant<String>>),
    /// An open integer enum: listed values get variants, others are kept in `Other(i64)`.
    IntEnum(Vec<Variant<i64>>),
    /// One of several types (`oneOf`, `anyOf`).
    Union(Union),
    /// Another name for a type (`pub type Name = Ty;`).
    Alias(Ty),
}

/// A value that is one of several types; values matching none are kept in `Other`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, in the spec's order (serde tries them in this order when there is
    /// no discriminator).
    pub variants: Vec<UnionVariant>,
    /// How to tell the alternatives apart, when the spec says.
    pub discriminator: Option<Discriminator>,
}

/// One alternative of a [`Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust name, unique in the enum.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Held in a `Box`, because the union contains itself through it.
    pub boxed: bool,
}

/// The property whose value names the alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property's wire name.
    pub property: String,
    /// Property value -> variant name.
    pub mapping: Vec<(String, String)>,
}

/// A struct's fields, and the envelope rule that may apply to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields, in the order of the schema's properties.
    pub fields: Vec<Field>,
    /// Set when the schema declares `x-envelope`.
    pub envelope: Option<EnvelopeRule>,
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name, unique in the struct.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// The property's description.
    pub doc: Option<String>,
    /// The type of a present, non-null value.
    pub ty: Ty,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Held in a `Box`, because the struct contains itself through this field.
    pub boxed: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`: when the value may be absent or null.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A variant of an enum whose wire values are of type `V`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant<V> {
    /// Rust name, unique in the enum.
    pub name: String,
    /// The value on the wire.
    pub value: V,
    /// From `x-enum-descriptions`.
    pub doc: Option<String>,
    /// Listed in `x-enum-deprecated`.
    pub deprecated: bool,
}

/// The success rule of a response envelope (`x-envelope`).
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeRule {
    /// Rust name of the (required) field holding the code.
    pub code_field: String,
    /// The code's value on success.
    pub success: EnvelopeCode,
    /// Rust name of the field holding the message, and whether it is an `Option`.
    pub message_field: Option<(String, bool)>,
}

/// A success code: integer or string, as the code field is.
#[derive(Debug, Clone, PartialEq)]
pub enum EnvelopeCode {
    /// An integer code (`0`).
    Int(i64),
    /// A string code (`"OK"`).
    Str(String),
}

/// A Rust type, by what it holds and how it travels on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `i64` that travels as a JSON string (`type: string, format: int64`).
    I64String,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// `chrono::DateTime<chrono::FixedOffset>` from RFC 3339 (`format: date-time`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `chrono::DateTime<chrono::Utc>` from epoch seconds (`format: unix-time`).
    UnixTime,
    /// `serde_json::Value`: any JSON, for what cannot be typed.
    Json,
    /// A type of the `types` module, by its Rust name.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `std::collections::BTreeMap<String, T>` (`additionalProperties`).
    Map(Box<Ty>),
}

impl Ty {
    /// Whether values are passed by value rather than by reference in function arguments.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::I64String | Ty::F32 | Ty::F64 | Ty::DateTime | Ty::Date | Ty::UnixTime
        )
    }
}

/// One operation: an async method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name.
    pub name: String,
    /// The spec's `operationId`, or `METHOD /path` when there is none.
    pub id: String,
    /// Summary, description and where it lives.
    pub doc: Option<String>,
    /// Marked `deprecated`.
    pub deprecated: bool,
    /// The HTTP method, upper case.
    pub method: String,
    /// The path template as written (`/pets/{id}`).
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Parameters, path first, then query, header and cookie, each in spec order.
    pub params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// What a success decodes into.
    pub success: Success,
    /// The typed body of error statuses; `None` for `serde_json::Value`.
    pub error: Option<Ty>,
    /// The client credentials this operation sends (their `CredentialDef::field`).
    pub credentials: Vec<String>,
    /// The name of the alias for this operation's error type (`ConnectOaError`).
    pub error_alias: String,
    /// Set when the spec marks the operation as paged (`x-pagination`).
    pub pagination: Option<Pagination>,
}

/// How an offset/limit-paged operation walks its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The stream method's name (`list_templates_stream`).
    pub stream_name: String,
    /// Rust name of the offset parameter.
    pub offset_param: String,
    /// Rust name of the limit parameter.
    pub limit_param: String,
    /// The most items a page may hold (`max-limit`).
    pub max_limit: Option<i64>,
    /// The field of the response holding the page's items.
    pub items: FieldStep,
    /// The type of one item.
    pub item_ty: Ty,
    /// The fields leading to the reported total (`metadata.total`).
    pub total: Vec<FieldStep>,
    /// Whether the total is an `i32` (else `i64`).
    pub total_is_i32: bool,
}

/// One field on a path through response types.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter, by its Rust name.
    Param(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// How a query parameter's value is written (OpenAPI's `style` and `explode`, or
/// `content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form`: lists repeat the name when exploded (the default), else join with `,`;
    /// objects give one pair per property when exploded, else `name=k,v,k,v`.
    Form {
        /// OpenAPI's `explode`.
        explode: bool,
    },
    /// Lists joined with spaces.
    SpaceDelimited,
    /// Lists joined with `|`.
    PipeDelimited,
    /// Objects as `name[key]=value`.
    DeepObject,
    /// The value serialized as JSON (`content: application/json`).
    Json,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Rust name, unique in the method.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be given.
    pub required: bool,
    /// Its description.
    pub doc: Option<String>,
    /// The spec's constraints on its value, checked before sending.
    pub constraints: Constraints,
    /// How the value is written, for query parameters.
    pub style: ParamStyle,
}

/// How a request body is encoded, chosen among the media types the spec offers in this
/// order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` (or `+json`): the typed value as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: the typed value as form pairs.
    Form,
    /// `multipart/form-data`: a `reqwest::multipart::Form` the caller builds (files and fields).
    Multipart,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`): bytes.
    Binary,
}

/// Constraints from a parameter's schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minimum`, and whether it is exclusive.
    pub minimum: Option<(Number, bool)>,
    /// `maximum`, and whether it is exclusive.
    pub maximum: Option<(Number, bool)>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A bound of a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// On an integer.
    Int(i64),
    /// On a number.
    Float(f64),
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// How it is encoded.
    pub media: BodyMedia,
    /// The media type sent as `Content-Type` (for text and binary bodies).
    pub content_type: String,
    /// Its type (for JSON and form bodies).
    pub ty: Ty,
    /// Whether it must be given.
    pub required: bool,
    /// Its description.
    pub doc: Option<String>,
}

/// What a successful response decodes into.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// One arm per declared success status, in document order; a `2XX` or `default`
    /// success is an arm for any 2xx status.
    pub arms: Vec<SuccessArm>,
    /// Set when the arms' bodies differ: the enum the method returns, one variant per arm.
    pub enum_name: Option<String>,
}

impl Success {
    /// The body every arm shares, when they all share one.
    pub fn single_body(&self) -> Option<&Payload> {
        match self.arms.split_first() {
            None => Some(&Payload::None),
            Some((first, rest)) => rest.iter().all(|a| a.body == first.body).then_some(&first.body),
        }
    }
}

/// One success status and what it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessArm {
    /// The status, or `None` for any 2xx.
    pub status: Option<u16>,
    /// What the body holds.
    pub body: Payload,
    /// The variant of the response enum (`Created`).
    pub variant: String,
    /// Whether the body's type carries an envelope whose rule must be checked.
    pub envelope: bool,
}

/// What a response body holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// No body (`()`).
    None,
    /// JSON of this type.
    Json(Ty),
    /// Text (`text/*`), as a `String`.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`), as `bytes::Bytes`.
    Bytes,
}
