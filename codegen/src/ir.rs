//! The intermediate representation between lowering and emitting.
//!
//! Everything here is decided: every `$ref` is resolved, every Rust name is final and
//! unique, every type is known, and so is how each value is passed, encoded and checked.
//! Emitting is then a straight walk that turns each item into tokens, with no look-ups into
//! the spec, into other items, or naming decisions left. Items refer to one another by
//! index (a path piece names its parameter by its position in `Operation::params`).

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
    /// The groups operations are sorted into by their first tag, in the order of the
    /// document's `tags` list, then of first use.
    pub groups: Vec<Group>,
    /// Each group is compiled only with the Cargo feature named after its module, and each
    /// type only with a feature of a group that needs it (see `TypeDef::groups`).
    pub features: bool,
    /// Each group's module, and the `types` module, is a file of its own
    /// (`<module>/<group>.rs`), declared `pub mod <group>;` in the main file.
    pub module_files: bool,
}

/// The operations sharing a first tag: a module of the service module, holding a sub-client
/// (`client.issues().list_for_repo(..)`) and the operations' own items; in a standalone
/// crate, a file and a Cargo feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The tag as the spec writes it.
    pub tag: String,
    /// The module's name, which is also the Cargo feature's (`issues`).
    pub module: String,
    /// The `Client` method that returns the sub-client (`issues`).
    pub accessor: String,
    /// The sub-client struct, in the group's module (`Issues`).
    pub client: String,
    /// The tag's description.
    pub doc: Option<String>,
}

/// A credential the client holds, from one security scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialDef {
    /// The client field and constructor argument (`bearer_auth`).
    pub field: String,
    /// The client method that sets it (`with_bearer_auth`).
    pub setter: String,
    /// The scheme's key under `components/securitySchemes`.
    pub scheme: String,
    /// The scheme's description.
    pub description: Option<String>,
    /// How it is sent.
    pub kind: CredentialKind,
    /// Named by the document-wide security requirement, its only alternative, and one
    /// secret, so `Client::new` takes it; the others are set with `with_<field>`.
    pub in_constructor: bool,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// An OAuth2 scheme: a bearer token the caller gives, or, when the scheme declares
    /// the client credentials flow, one the client fetches.
    OAuth2 {
        /// The client credentials flow's token URL, when declared.
        token_url: Option<String>,
        /// The setter that takes a client id and secret (`with_oauth_client_credentials`),
        /// when the flow is declared.
        grant_setter: Option<String>,
    },
    /// `Authorization: Basic`, from a user name and password.
    Basic,
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
    /// The groups (indexes in `Api::groups`) whose operations use it, directly or through
    /// other types. A standalone crate compiles it when any of those groups' features is
    /// on, or the `other_types` feature with `unreferenced`; always when neither says
    /// anything (an untagged operation uses it).
    pub groups: Vec<usize>,
    /// No operation uses it (a webhook's payload, an unused schema), or such a type names
    /// it: compiled with the `other_types` feature.
    pub unreferenced: bool,
    /// Which serde traits it derives.
    pub serde: SerdeDerives,
}

/// The serde traits a struct or untagged union derives. Both, unless the API derives only
/// what each type's direction needs (`Api::features` without contract tests): then a
/// type only answers carry derives `Serialize` only with the `serde_both` feature, and a
/// type only requests carry `Deserialize` only with it. Serde's derives are most of what
/// a big API costs to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SerdeDerives {
    /// `Serialize` only with the `serde_both` feature.
    pub serialize_gated: bool,
    /// `Deserialize` only with the `serde_both` feature.
    pub deserialize_gated: bool,
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

impl TypeKind {
    /// Whether the type's code names serde's `Serialize` and `Deserialize` unqualified, so
    /// its module must import them: structs and untagged unions derive them, and a
    /// discriminated union's own impls call their methods.
    pub fn uses_serde_traits(&self) -> bool {
        match self {
            TypeKind::Struct(_) | TypeKind::Union(_) => true,
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_) => false,
        }
    }
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
    /// Derives `Default`: every field may be absent, so `..Default::default()` builds it.
    pub default: bool,
    /// Has `new`, taking the required fields: it is sent in requests and has required
    /// fields, so callers build it with `new` and set optional fields by name, and keep
    /// compiling when the spec adds an optional property (a struct literal would not).
    pub constructor: bool,
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
    /// The property travels one way only (`readOnly`, `writeOnly`), which decides whether
    /// a `required` one is required of this type (see `lower::direction`).
    pub one_way: Option<OneWay>,
}

/// Which way a `readOnly` or `writeOnly` property travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneWay {
    /// `readOnly`: in answers only.
    ReadOnly,
    /// `writeOnly`: in requests only.
    WriteOnly,
}

impl Field {
    /// Whether the Rust field is an `Option`: when the value may be absent or null.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }

    /// Whether the field has three states, absent (`None`), `null` (`Some(None)`) and a
    /// value (`Some(Some(v))`): an optional and nullable property, so a PATCH can clear
    /// it by sending `null`. A field that travels through a serde adapter (see
    /// [`Field::adapter`]) uses the adapter's `double_option` module.
    pub fn is_double_option(&self) -> bool {
        !self.required && self.nullable
    }

    /// The runtime module whose `serialize`/`deserialize` the field travels through
    /// (its `option` module when the field is an `Option`, its `double_option` module when
    /// it has three states), when serde's own reading of the Rust type is not the wire's:
    /// int64 strings, unix times, and date-times read leniently (a naive one as UTC), alone
    /// or in a list.
    pub fn adapter(&self) -> Option<&'static str> {
        self.ty.adapter()
    }
}

impl Ty {
    /// The runtime module whose `serialize`/`deserialize` a value of this type travels
    /// through where it is a struct's field or an alternative of an untagged union, when
    /// serde's own reading of the Rust type is not the wire's (see [`Field::adapter`]).
    pub fn adapter(&self) -> Option<&'static str> {
        match self {
            Ty::I64String => Some("int64_string"),
            Ty::UnixTime => Some("unix_time"),
            Ty::DateTime => Some("date_time"),
            Ty::Vec(item) if **item == Ty::DateTime => Some("date_time::list"),
            _ => None,
        }
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
    pub message_field: Option<(String, FieldStep)>,
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
    /// `uuid::Uuid` (`format: uuid`).
    Uuid,
    /// The runtime's `multipart::File`: bytes with a file name and media type (`format:
    /// binary`, or 3.1 `contentMediaType`), a file part of a multipart body.
    File,
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
    /// `Option<T>`: a list item, map value, tuple item or whole body that may be `null`
    /// (a field's own `Option` carries its `null` instead).
    Nullable(Box<Ty>),
    /// `(A, B, ...)`: an array of fixed length whose items each have their own type
    /// (3.1 `prefixItems`).
    Tuple(Vec<Ty>),
}

impl Ty {
    /// Renames the types of the `types` module this type mentions, as `rename` says.
    pub fn rename_named(&mut self, rename: &dyn Fn(&str) -> Option<String>) {
        match self {
            Ty::Named(name) => {
                if let Some(new) = rename(name) {
                    *name = new;
                }
            }
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.rename_named(rename),
            Ty::Tuple(items) => items.iter_mut().for_each(|item| item.rename_named(rename)),
            _ => {}
        }
    }

    /// Appends the names of the `types` module this type mentions (inside `Vec` and maps).
    pub fn named_types<'t>(&'t self, out: &mut Vec<&'t str>) {
        match self {
            Ty::Named(name) => out.push(name),
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) => inner.named_types(out),
            Ty::Tuple(items) => items.iter().for_each(|item| item.named_types(out)),
            _ => {}
        }
    }

    /// Whether values are passed by value rather than by reference in function arguments.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            Ty::Bool
                | Ty::I32
                | Ty::I64
                | Ty::I64String
                | Ty::F32
                | Ty::F64
                | Ty::DateTime
                | Ty::Date
                | Ty::UnixTime
                | Ty::Uuid
        )
    }
}

/// One operation: an async method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// A name unique among all the operations (`issues_list_for_repo`): its contract test's.
    pub name: String,
    /// The group it is in (an index in `Api::groups`); `None` for an untagged operation,
    /// whose method is on the root `Client`.
    pub group: Option<usize>,
    /// The method's name on its client (`list_for_repo` on the `issues` sub-client).
    pub fn_name: String,
    /// The struct its method returns when it has optional inputs or pages: the required
    /// inputs are the method's arguments and the optional ones its setters, so adding an
    /// optional parameter to the spec breaks no caller. `None`: the method returns a `Call`.
    pub builder: Option<String>,
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
    /// What each declared error status decodes into.
    pub errors: Errors,
    /// The response headers the success responses declare, typed.
    pub headers: Option<HeadersDef>,
    /// The security requirement's alternatives, in order of preference, each the client
    /// credentials (`CredentialDef::field`) it sends together. Empty: send none
    /// (`security: []`); an empty alternative (`{}`) comes last and sends none.
    pub security: Vec<Vec<String>>,
    /// The `Idempotency-Key` header parameter, by its index in `params`: a key is made
    /// for the call when the caller gives none. A required one is an argument; an optional
    /// one makes a builder, whose `idempotency_key` sets it.
    pub idempotency_key: Option<usize>,
    /// The name of the alias for this operation's error type (`ConnectOaError`).
    pub error_alias: String,
    /// Set when the spec marks the operation as paged (`x-pagination`).
    pub pagination: Option<Pagination>,
    /// The `Accept` header: every media type the client reads in its responses, in
    /// order (`application/json`, `text/event-stream`, ...); `None` when it reads none.
    pub accept: Option<String>,
    /// The example call its contract test makes (only when contract tests are asked for):
    /// `Err` says why no valid call could be built, and the operation goes untested.
    pub example: Option<Result<OperationExample, String>>,
}

/// The arguments of an operation's example call, as JSON each argument's Rust type reads.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationExample {
    /// One per parameter, in `params` order: the value given, or `None` for an optional
    /// parameter left out.
    pub args: Vec<Option<serde_json::Value>>,
    /// The body: JSON for typed bodies, a string for text and bytes.
    pub body: Option<serde_json::Value>,
}

/// How a paged operation walks its pages: its `stream` sends the operation again and again
/// with the paging input moved on, and yields each page's items.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: PagingStyle,
    /// The fields of the response leading to the page's items; empty when the body is the
    /// list itself (GitHub's).
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item_ty: Ty,
}

/// The paging styles real APIs use.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingStyle {
    /// `offset` and `limit` query parameters (by index in `Operation::params`).
    OffsetLimit {
        offset: usize,
        limit: usize,
        /// The most items a page may hold (`max-limit`).
        max_limit: Option<i64>,
        /// The reported number of items in the whole list.
        total: Option<Total>,
    },
    /// A page number parameter, counted from `first`.
    PageNumber {
        page: usize,
        first: i64,
        /// The reported number of items in the whole list.
        total: Option<Total>,
    },
    /// A cursor parameter (taken as an owned `String`) sent back as the answer gave it.
    Cursor { cursor: usize, next: NextCursor },
    /// A link to the next page, followed as it is: the RFC 8288 `Link` response header's
    /// `rel="next"` one, or (Spotify's, DRF's `next`) the URL at these fields of the body.
    Link { next: Option<Vec<FieldStep>> },
}

/// Where a reported total is read in the response.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The fields leading to it (`metadata.total`).
    pub path: Vec<FieldStep>,
    /// Whether it is an `i32` (else `i64`).
    pub is_i32: bool,
}

/// Where the next page's cursor is read.
#[derive(Debug, Clone, PartialEq)]
pub enum NextCursor {
    /// In the body, by these fields (a string).
    Body(Vec<FieldStep>),
    /// In this response header.
    Header(String),
    /// In the last item of the page, by these fields (a string), as Stripe pages: its
    /// `starting_after` is the `id` of the last item received.
    LastItem {
        /// From an item to its cursor.
        item: Vec<FieldStep>,
        /// From the body to a boolean saying whether there are more pages (`has_more`);
        /// without one, an empty page ends the list.
        has_more: Option<Vec<FieldStep>>,
    },
}

/// One field on a path through response types.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether it is an `Option<Option<_>>` (see [`Field::is_double_option`]).
    pub double: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter, by its index in `Operation::params`.
    Param(usize),
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

/// How a parameter's value becomes text on the wire: OpenAPI's `style` and `explode`
/// (or `content`), applied to the value's type and location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoding {
    /// One value, written with `Display` (in a path, percent-encoded).
    Scalar,
    /// Query `form`, exploded list: one `name=item` pair per item.
    Repeated,
    /// A list joined into one value with this separator (`,`, ` `, `|`).
    Joined(String),
    /// Query `deepObject`: `name[key]=value` per property.
    DeepObject,
    /// Query `form`, exploded object: one `key=value` pair per property.
    ObjectPairs,
    /// Query `form`, not exploded object: `name=key,value,key,value`.
    ObjectJoined,
    /// The value serialized as JSON (`content: application/json`).
    Json,
}

/// How one value becomes text in a path, header, cookie or query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// `Display` (numbers, strings, dates, enums); in a query string, as serde writes it.
    Display,
    /// RFC 3339 (`format: date-time`): chrono's `Display` puts a space before the offset.
    Rfc3339,
    /// Epoch seconds (`format: unix-time`).
    EpochSeconds,
}

/// How an argument is taken by the generated method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// By value: small `Copy` types (numbers, dates, integer enums).
    Value,
    /// By reference: `&T`.
    Ref,
    /// As `&str`, for strings.
    Str,
    /// As `&[T]`, for lists.
    Slice,
}

/// A check of a parameter's value against the spec's constraints, with its bounds already
/// narrowed to the parameter's type (inclusive, and only those the type can cross).
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// `min <= value <= max`, on an integer.
    IntRange {
        /// The least value allowed.
        min: Option<i64>,
        /// The greatest value allowed.
        max: Option<i64>,
    },
    /// `min <= value <= max`, on a number; the bounds are finite in the parameter's type.
    FloatRange {
        /// The least value allowed.
        min: Option<f64>,
        /// The greatest value allowed.
        max: Option<f64>,
    },
    /// `value > bound` (`exclusiveMinimum`), on a number.
    Above(f64),
    /// `value < bound` (`exclusiveMaximum`), on a number.
    Below(f64),
    /// A string's length in characters.
    Length {
        /// `minLength`.
        min: Option<usize>,
        /// `maxLength`.
        max: Option<usize>,
    },
    /// A required list sent one pair per item (`tags=a&tags=b`) must have an item: empty,
    /// it sends nothing, which the server reads as missing.
    NotEmpty,
    /// A list's length.
    Items {
        /// `minItems`.
        min: Option<usize>,
        /// `maxItems`.
        max: Option<usize>,
    },
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
    /// How the method takes it.
    pub passing: Passing,
    /// How its value is written.
    pub encoding: Encoding,
    /// How one value becomes text, where it is written as text.
    pub text: Text,
    /// The spec's constraints on its value, checked before sending.
    pub checks: Vec<Check>,
}

/// How a request body is encoded, chosen among the media types the spec offers in this
/// order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` (or `+json`): the typed value as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: the typed value as form pairs.
    Form,
    /// `multipart/form-data`: a typed struct, one part per field (see [`Body::parts`]),
    /// or a `reqwest::multipart::Form` the caller builds when the schema has no properties.
    Multipart,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`): bytes.
    Binary,
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
    /// How the method takes it (for JSON and form bodies).
    pub passing: Passing,
    /// Whether it must be given.
    pub required: bool,
    /// Its description.
    pub doc: Option<String>,
    /// For a multipart body typed as a struct: one part per field, in field order. `None`
    /// for other bodies, and for a multipart schema with no properties to type.
    pub parts: Option<Vec<Part>>,
}

/// One part of a multipart body: a field of the body's struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The struct field holding it, and whether it is an `Option` (or two).
    pub field: FieldStep,
    /// The part's name (the property's wire name).
    pub wire_name: String,
    /// How its value is written.
    pub kind: PartKind,
    /// A list: one part per item, all of the same name.
    pub repeated: bool,
    /// The media type the spec's `encoding` (or 3.1 `contentMediaType`) gives it; the
    /// default otherwise (none for text, `application/json`, `application/octet-stream`).
    pub content_type: Option<String>,
}

/// How one multipart part's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A file: its bytes, with a `filename`.
    File,
    /// A scalar as text.
    Text(Text),
    /// An object (or anything not text) as JSON.
    Json,
}

/// What a successful response decodes into.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// One arm per declared success status, in document order; a `2XX` or `default`
    /// success is an arm for any 2xx status.
    pub arms: Vec<SuccessArm>,
    /// Set when the arms' bodies differ: the enum the method returns, one variant per arm.
    pub enum_name: Option<String>,
    /// The 2xx statuses no arm declares, as inclusive ranges, that are read like the first
    /// arm: specs often list fewer 2xx statuses than servers send. Empty when the arms
    /// differ or one covers every 2xx status.
    pub other_2xx: Vec<(u16, u16)>,
    /// The statuses, as inclusive ranges, whose body is streamed rather than read whole.
    pub streamed: Vec<(u16, u16)>,
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
    /// Anything else (`application/octet-stream`, `image/*`), read whole, as
    /// `bytes::Bytes` (error bodies).
    Bytes,
    /// A binary success body, as a `ByteStream` of chunks.
    Stream,
    /// Server-sent events (`text/event-stream`), their data JSON of this type, or text.
    Events(Option<Ty>),
}

impl Payload {
    /// Whether the body is left on the connection and read as a stream.
    pub fn is_streamed(&self) -> bool {
        matches!(self, Payload::Stream | Payload::Events(_))
    }
}

/// The declared error statuses of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Errors {
    /// One arm per declared error status: codes first, then ranges, then `default`.
    pub arms: Vec<ErrorArm>,
    /// Set when the arms differ in body: the enum of error bodies, one variant per arm.
    /// When they all share one JSON type, that type is the error body.
    pub enum_name: Option<String>,
}

/// One declared error status and what its body holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorArm {
    /// The status it covers.
    pub status: ErrorStatus,
    /// What its body holds (never streamed).
    pub body: Payload,
    /// The variant of the error enum (`NotFound`).
    pub variant: String,
    /// The response's description.
    pub doc: Option<String>,
}

/// The statuses an error arm covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// One status.
    Code(u16),
    /// A range by its first digit (`4XX` is 4).
    Range(u16),
    /// Every status nothing else covers.
    Default,
}

/// The response headers an operation's success responses declare.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadersDef {
    /// The struct's name (`CreatePetHeaders`).
    pub name: String,
    /// One field per header, in document order.
    pub fields: Vec<HeaderField>,
}

/// One declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderField {
    /// The Rust field.
    pub name: String,
    /// The header's name as declared (`X-RateLimit-Remaining`).
    pub wire_name: String,
    /// Its type: a scalar that parses from text (`String` otherwise).
    pub ty: Ty,
    /// Its description.
    pub doc: Option<String>,
}
