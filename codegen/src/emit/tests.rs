//! One test per emitted shape: a piece of IR in, the code it prints out, formatted as
//! prettyplease prints it (as prettyplease's own tests read). The runtime's path is `rt`,
//! to keep the expected code short.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::Receiver;
use super::{args, client, operation, paging, request, response, types, validation};
use crate::ir::*;

fn rt() -> syn::Path {
    syn::parse_str("rt").expect("a path")
}

/// Items, formatted.
fn items(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).unwrap_or_else(|e| panic!("items do not parse: {e}"));
    prettyplease::unparse(&file)
}

/// The lines of `wrapper { tokens }` between its braces, unindented once.
fn inside(wrapper: TokenStream, tokens: TokenStream) -> String {
    let text = items(quote!(#wrapper { #tokens }));
    let lines: Vec<&str> = text.lines().collect();
    lines[1..lines.len() - 1]
        .iter()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Statements, formatted (inside a function body).
fn stmts(tokens: TokenStream) -> String {
    inside(quote!(fn f()), tokens)
}

/// Associated items, formatted (inside an impl block).
fn assoc(tokens: TokenStream) -> String {
    inside(quote!(impl Client), tokens)
}

/// A function argument list, formatted.
fn arg(tokens: TokenStream) -> String {
    let text = items(quote!(fn f(#tokens) {}));
    text.trim()
        .trim_start_matches("fn f(")
        .trim_end_matches(") {}")
        .to_owned()
}

fn param(name: &str, location: ParamLocation, ty: Ty, passing: Passing, encoding: Encoding) -> Param {
    Param {
        name: name.to_owned(),
        wire_name: name.to_owned(),
        location,
        ty,
        required: true,
        doc: None,
        passing,
        encoding,
        text: Text::Display,
        checks: Vec::new(),
    }
}

fn optional(p: Param) -> Param {
    Param { required: false, ..p }
}

fn named(name: &str) -> Ty {
    Ty::Named(name.to_owned())
}

fn list(ty: Ty) -> Ty {
    Ty::Vec(Box::new(ty))
}

fn query_step(ty: Ty, passing: Passing, encoding: Encoding) -> String {
    stmts(request::param_step(
        &param("q", ParamLocation::Query, ty, passing, encoding),
        &rt(),
    ))
}

#[test]
fn arguments_by_passing() {
    let none = TokenStream::new();
    let p = |ty, passing| args::param_arg(&param("x", ParamLocation::Query, ty, passing, Encoding::Scalar), &none);
    assert_eq!(arg(p(Ty::String, Passing::Str)), "x: &str");
    assert_eq!(arg(p(list(Ty::I64), Passing::Slice)), "x: &[i64]");
    assert_eq!(arg(p(named("Level"), Passing::Value)), "x: types::Level");
    assert_eq!(arg(p(named("Filter"), Passing::Ref)), "x: &types::Filter");
    let opt = optional(param(
        "x",
        ParamLocation::Query,
        Ty::I32,
        Passing::Value,
        Encoding::Scalar,
    ));
    assert_eq!(arg(args::param_arg(&opt, &quote!('a))), "x: Option<i32>");
    let opt = optional(param(
        "x",
        ParamLocation::Query,
        Ty::String,
        Passing::Str,
        Encoding::Scalar,
    ));
    assert_eq!(arg(args::param_arg(&opt, &quote!('a))), "x: Option<&'a str>");
}

#[test]
fn query_encodings() {
    assert_eq!(
        query_step(Ty::I64, Passing::Value, Encoding::Scalar),
        "let request = request.query(&[(\"q\", q)]);\n"
    );
    assert_eq!(
        query_step(list(Ty::String), Passing::Slice, Encoding::Repeated),
        "let request = request.query(&q.iter().map(|item| (\"q\", item)).collect::<Vec<_>>());\n"
    );
    assert_eq!(
        query_step(list(Ty::I64), Passing::Slice, Encoding::Joined("|".into())),
        "let request = request.query(&[(\"q\", rt::form::join(q, \"|\"))]);\n"
    );
    assert_eq!(
        query_step(named("Filter"), Passing::Ref, Encoding::DeepObject),
        "let request = request.query(&rt::form::deep_object(\"q\", q)?);\n"
    );
    assert_eq!(
        query_step(named("Page"), Passing::Ref, Encoding::ObjectPairs),
        "let request = request.query(&rt::form::object_pairs(\"q\", q)?);\n"
    );
    assert_eq!(
        query_step(named("Page"), Passing::Ref, Encoding::ObjectJoined),
        "let request = request.query(&[(\"q\", rt::form::object_joined(\"q\", q)?)]);\n"
    );
    // A value taken by value is serialized by reference.
    assert_eq!(
        query_step(Ty::Bool, Passing::Value, Encoding::Json),
        "let request = request.query(&[(\"q\", rt::form::json(\"q\", &q)?)]);\n"
    );
}

#[test]
fn optional_and_header_parameters() {
    let p = optional(param(
        "q",
        ParamLocation::Query,
        Ty::String,
        Passing::Str,
        Encoding::Scalar,
    ));
    assert_eq!(
        stmts(request::param_step(&p, &rt())),
        "let request = match q {\n    Some(value) => request.query(&[(\"q\", value)]),\n    None => request,\n};\n"
    );
    let h = |ty, passing, encoding| {
        stmts(request::param_step(
            &param("h", ParamLocation::Header, ty, passing, encoding),
            &rt(),
        ))
    };
    assert_eq!(
        h(Ty::I32, Passing::Value, Encoding::Scalar),
        "let request = request.header(\"h\", h.to_string());\n"
    );
    assert_eq!(
        h(list(Ty::String), Passing::Slice, Encoding::Joined(",".into())),
        "let request = request.header(\"h\", rt::form::join(h, \",\"));\n"
    );
    assert_eq!(
        h(Ty::I64, Passing::Value, Encoding::Json),
        "let request = request.header(\"h\", rt::form::json(\"h\", &h)?);\n"
    );
}

fn operation_with(params: Vec<Param>, path: Vec<PathPart>, body: Option<Body>) -> Operation {
    Operation {
        example: None,
        accept: Some("application/json".into()),
        name: "get_pet".into(),
        group: None,
        fn_name: "get_pet".into(),
        builder: None,
        id: "getPet".into(),
        doc: Some("Gets a pet.".into()),
        deprecated: false,
        method: "GET".into(),
        path_template: "/pets/{id}".into(),
        path,
        params,
        body,
        success: Success {
            arms: vec![SuccessArm {
                status: Some(200),
                body: Payload::Json(named("Pet")),
                variant: "Ok".into(),
                envelope: false,
            }],
            enum_name: None,
            other_2xx: vec![(201, 299)],
            streamed: Vec::new(),
        },
        errors: Errors {
            arms: vec![ErrorArm {
                status: ErrorStatus::Default,
                body: Payload::Json(named("Problem")),
                variant: "Default".into(),
                doc: None,
            }],
            enum_name: None,
        },
        headers: None,
        security: vec![vec!["token".into()]],
        idempotency_key: None,
        error_alias: "GetPetError".into(),
        pagination: None,
    }
}

#[test]
fn paths_and_cookies() {
    let id = param("id", ParamLocation::Path, Ty::I64, Passing::Value, Encoding::Scalar);
    let slug = param("slug", ParamLocation::Path, Ty::String, Passing::Str, Encoding::Scalar);
    let parts = vec![
        PathPart::Literal("/pets/".into()),
        PathPart::Param(0),
        PathPart::Literal("/".into()),
        PathPart::Param(1),
    ];
    let op = operation_with(vec![id, slug], parts, None);
    assert_eq!(
        stmts(request::path(&op, &rt())),
        "&[\n    \"/pets/\",\n    &rt::encode_path_segment(&id.to_string()),\n    \"/\",\n    &rt::encode_path_segment(slug),\n]\n    .concat()\n"
    );
    let session = param(
        "session",
        ParamLocation::Cookie,
        Ty::String,
        Passing::Str,
        Encoding::Scalar,
    );
    let theme = optional(param(
        "theme",
        ParamLocation::Cookie,
        named("Theme"),
        Passing::Ref,
        Encoding::Scalar,
    ));
    let op = operation_with(vec![session, theme], vec![PathPart::Literal("/".into())], None);
    assert_eq!(
        stmts(request::cookies_step(&op, &rt())),
        "let request = match rt::form::cookie_header(\n    &[\n        (\"session\", Some(session.to_string())),\n        (\"theme\", theme.map(|value| value.to_string())),\n    ],\n) {\n    Some(cookies) => request.header(reqwest::header::COOKIE, cookies),\n    None => request,\n};\n"
    );
}

fn body(media: BodyMedia, ty: Ty, passing: Passing, required: bool) -> Body {
    Body {
        content_type: match media {
            BodyMedia::Json => "application/json",
            _ => "text/plain",
        }
        .into(),
        media,
        ty,
        passing,
        required,
        doc: None,
        parts: None,
    }
}

#[test]
fn bodies_by_media_type() {
    let step = |b: Body| stmts(request::body_step(&b, &rt()));
    assert_eq!(
        step(body(BodyMedia::Json, named("Pet"), Passing::Ref, true)),
        "let request = request.json(body);\n"
    );
    // A JSON media type of its own is said before reqwest's `json` would say another.
    let patch = Body {
        content_type: "application/merge-patch+json".into(),
        ..body(BodyMedia::Json, named("Pet"), Passing::Ref, true)
    };
    assert_eq!(
        step(patch),
        "let request = request\n    .header(reqwest::header::CONTENT_TYPE, \"application/merge-patch+json\")\n    .json(body);\n"
    );
    // A primitive JSON body is taken by value and serialized by reference.
    assert_eq!(
        step(body(BodyMedia::Json, Ty::Bool, Passing::Value, true)),
        "let request = request.json(&body);\n"
    );
    assert_eq!(
        step(body(BodyMedia::Form, named("Pet"), Passing::Ref, false)),
        "let request = match body {\n    Some(body) => {\n        request\n            .header(\n                reqwest::header::CONTENT_TYPE,\n                \"application/x-www-form-urlencoded\",\n            )\n            .body(rt::form::encode(body)?)\n    }\n    None => request,\n};\n"
    );
    assert_eq!(
        step(body(BodyMedia::Multipart, Ty::Json, Passing::Ref, true)),
        "let request = request.multipart(body);\n"
    );
    // A typed multipart body: one part per field, absent ones (and nulls) left out.
    let part = |field: &str, optional, double, kind, repeated, content_type: Option<&str>| Part {
        field: FieldStep {
            field: field.into(),
            optional,
            double,
        },
        wire_name: field.into(),
        kind,
        repeated,
        content_type: content_type.map(str::to_owned),
    };
    let mut typed = body(BodyMedia::Multipart, named("Upload"), Passing::Ref, true);
    typed.parts = Some(vec![
        part("file", false, false, PartKind::File, false, Some("image/png")),
        part("tags", true, false, PartKind::Text(Text::Display), true, None),
        part("at", true, true, PartKind::Text(Text::Rfc3339), false, None),
        part("meta", false, false, PartKind::Json, false, None),
    ]);
    assert_eq!(
        step(typed),
        "let request = {\n    let mut form = rt::multipart::FormData::new();\n    form.file(\"file\", &body.file, Some(\"image/png\"));\n    if let Some(value) = &body.tags {\n        for item in value {\n            form.text(\"tags\", item, None);\n        }\n    }\n    if let Some(Some(value)) = &body.at {\n        form.text(\"at\", value.to_rfc3339(), None);\n    }\n    form.json(\"meta\", &body.meta, None)?;\n    form.attach(request)\n};\n"
    );
    assert_eq!(
        step(body(BodyMedia::Text, Ty::String, Passing::Str, true)),
        "let request = request\n    .header(reqwest::header::CONTENT_TYPE, \"text/plain\")\n    .body(body.to_owned());\n"
    );
    let none = TokenStream::new();
    assert_eq!(
        arg(args::body_arg(
            &body(BodyMedia::Binary, Ty::Json, Passing::Ref, true),
            &rt(),
            &none
        )),
        "body: impl Into<rt::bytes::Bytes>"
    );
}

#[test]
fn checks_print_fitted_bounds() {
    let mut p = param("limit", ParamLocation::Query, Ty::I32, Passing::Value, Encoding::Scalar);
    p.checks = vec![Check::IntRange {
        min: Some(1),
        max: Some(100),
    }];
    assert_eq!(
        stmts(validation::validation(&p, &rt())),
        "rt::validate::range(\"limit\", limit, Some(1), Some(100))?;\n"
    );
    let mut p = optional(param(
        "ratio",
        ParamLocation::Query,
        Ty::F32,
        Passing::Value,
        Encoding::Scalar,
    ));
    p.checks = vec![
        Check::Below(2.5),
        Check::FloatRange {
            min: Some(-1.5),
            max: None,
        },
    ];
    assert_eq!(
        stmts(validation::validation(&p, &rt())),
        "if let Some(value) = ratio {\n    rt::validate::below(\"ratio\", value, 2.5)?;\n    rt::validate::range(\"ratio\", value, Some(-1.5), None)?;\n}\n"
    );
    let mut p = param(
        "tags",
        ParamLocation::Query,
        list(Ty::String),
        Passing::Slice,
        Encoding::Repeated,
    );
    p.checks = vec![
        Check::Items {
            min: None,
            max: Some(3),
        },
        Check::Length {
            min: Some(1),
            max: None,
        },
    ];
    assert_eq!(
        stmts(validation::validation(&p, &rt())),
        "rt::validate::items(\"tags\", tags, None, Some(3))?;\nrt::validate::length(\"tags\", tags, Some(1), None)?;\n"
    );
}

#[test]
fn success_arms_and_the_other_2xx() {
    let op = operation_with(Vec::new(), vec![PathPart::Literal("/".into())], None);
    let arms = response::success_arms(&op, &rt());
    assert_eq!(
        stmts(quote!(match status { #(#arms)* _ => Err(response.unexpected()), })),
        "match status {\n    200 => response.json(),\n    201..=299 => response.json(),\n    _ => Err(response.unexpected()),\n}\n"
    );
    let mut op = op;
    op.success = Success {
        arms: vec![
            SuccessArm {
                status: Some(200),
                body: Payload::Json(named("Pet")),
                variant: "Ok".into(),
                envelope: true,
            },
            SuccessArm {
                status: Some(204),
                body: Payload::None,
                variant: "NoContent".into(),
                envelope: false,
            },
        ],
        enum_name: Some("GetPetResponse".into()),
        other_2xx: Vec::new(),
        streamed: Vec::new(),
    };
    let arms = response::success_arms(&op, &rt());
    assert_eq!(
        stmts(quote!(match status { #(#arms)* _ => Err(response.unexpected()), })),
        "match status {\n    200 => response.json_envelope().map(GetPetResponse::Ok),\n    204 => response.empty().map(|()| GetPetResponse::NoContent),\n    _ => Err(response.unexpected()),\n}\n"
    );
    assert_eq!(
        items(response::response_enum(&op, Receiver::Root, &rt())),
        "/// What [`Client::get_pet`] answers on success, by status.\n#[derive(Debug, Clone, PartialEq)]\npub enum GetPetResponse {\n    /// HTTP 200.\n    Ok(types::Pet),\n    /// HTTP 204, without a body.\n    NoContent,\n}\n"
    );
}

#[test]
fn an_operation_method() {
    let id = param("id", ParamLocation::Path, Ty::I64, Passing::Value, Encoding::Scalar);
    let verbose = optional(param(
        "verbose",
        ParamLocation::Query,
        Ty::Bool,
        Passing::Value,
        Encoding::Scalar,
    ));
    let parts = vec![PathPart::Literal("/pets/".into()), PathPart::Param(0)];
    let op = operation_with(vec![id, verbose], parts, None);
    assert_eq!(
        items(operation::error_alias(&op, Receiver::Root)),
        "/// What can go wrong in [`Client::get_pet`].\npub type GetPetError = Error<types::Problem>;\n"
    );
    assert_eq!(
        assoc(operation::method(&op, Receiver::Root, &rt())),
        r#"/// Gets a pet.
///
/// Arguments:
/// - `id`
/// - `verbose`
#[inline]
pub fn get_pet(
    &self,
    id: i64,
    verbose: Option<bool>,
) -> Call<'_, types::Pet, types::Problem> {
    const OPERATION: rt::Operation = rt::Operation {
        id: "getPet",
        method: "GET",
        route: "/pets/{id}",
    };
    let request = rt::validate::checked(|| {
        let request = self
            .core
            .request(
                reqwest::Method::GET,
                &["/pets/", &rt::encode_path_segment(&id.to_string())].concat(),
            );
        let request = request.header(reqwest::header::ACCEPT, "application/json");
        let request = match verbose {
            Some(value) => request.query(&[("verbose", value)]),
            None => request,
        };
        Ok(request)
    });
    rt::Call::new(
        &self.core,
        &OPERATION,
        request,
        rt::security(&[&[self.token.as_ref()][..]]),
        |response| match response.status().as_u16() {
            200 => response.json(),
            201..=299 => response.json(),
            _ => Err(response.error_json(std::convert::identity)),
        },
    )
}
"#
    );
}

#[test]
fn a_paging_stream_sends_the_call_again() {
    let offset = param(
        "offset",
        ParamLocation::Query,
        Ty::I32,
        Passing::Value,
        Encoding::Scalar,
    );
    let size = param(
        "page_size",
        ParamLocation::Query,
        Ty::I32,
        Passing::Value,
        Encoding::Scalar,
    );
    let limit = optional(param(
        "limit",
        ParamLocation::Query,
        Ty::String,
        Passing::Str,
        Encoding::Scalar,
    ));
    let mut op = operation_with(
        vec![offset, size, limit],
        vec![PathPart::Literal("/items".into())],
        None,
    );
    op.name = "list_items".into();
    op.fn_name = "list_items".into();
    op.error_alias = "ListItemsError".into();
    op.builder = Some("ListItems".into());
    let paging = Pagination {
        style: PagingStyle::OffsetLimit {
            offset: 0,
            limit: 1,
            max_limit: Some(100),
            total: Some(Total {
                path: vec![FieldStep {
                    field: "total".into(),
                    optional: true,
                    double: false,
                }],
                is_i32: true,
            }),
        },
        items: vec![FieldStep {
            field: "items".into(),
            optional: false,
            double: false,
        }],
        item_ty: Ty::String,
    };
    assert_eq!(assoc(paging::stream(&op, &paging, Receiver::Root, &rt())), STREAM);
}

/// What `a_paging_stream_sends_the_call_again` expects.
const STREAM: &str = r#"/// Every item of [`Client::list_items`], page by page, `page_size` items at a time from offset `offset`; it stops after an empty or short page, or at the reported total.
///
/// `caps` bounds the items or pages fetched (`Caps::none()` for none). A server that does not move on (the same page, cursor or link twice) ends the stream with `Error::Paging`; any error is yielded once and ends it.
#[inline]
pub fn stream(
    self,
    caps: rt::paging::Caps,
) -> rt::futures::stream::BoxStream<'a, Result<String, ListItemsError>> {
    let (start, size) = (i64::from(self.offset), Some(i64::from(self.page_size)));
    rt::paging::offset_limit(
        start,
        size,
        caps,
        move |offset, _| {
            let mut page = self.clone();
            page.offset = i32::try_from(offset).unwrap_or(i32::MAX);
            let call = page.send();
            async move {
                let body = call.await?;
                Ok(rt::paging::Page {
                    total: body.total.as_ref().copied().map(i64::from),
                    items: body.items,
                })
            }
        },
    )
}
"#;

#[test]
fn a_struct_with_renamed_and_adapted_fields() {
    let field = |name: &str, wire: &str, ty: Ty, required: bool| Field {
        name: name.into(),
        wire_name: wire.into(),
        doc: Some(format!("The `{wire}` property.")),
        ty,
        required,
        nullable: false,
        boxed: false,
        one_way: None,
    };
    let def = TypeDef {
        name: "Shop".into(),
        doc: Some("A shop.".into()),
        pointer: "/components/schemas/Shop".into(),
        groups: Vec::new(),
        unreferenced: false,
        serde: SerdeDerives::default(),
        kind: TypeKind::Struct(Struct {
            fields: vec![
                field("owner_id", "ownerId", Ty::I64String, true),
                field("opened", "opened", Ty::UnixTime, false),
                field("parent", "parent", named("Shop"), false),
            ],
            envelope: None,
            default: false,
            constructor: false,
        }),
    };
    let mut def = def;
    if let TypeKind::Struct(s) = &mut def.kind {
        s.fields[2].boxed = true;
    }
    assert_eq!(
        items(types::type_def(&def, &rt())),
        r#"/// A shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(crate = "rt::serde")]
pub struct Shop {
    /// The `ownerId` property.
    #[serde(rename = "ownerId", with = "rt::int64_string")]
    pub owner_id: i64,
    /// The `opened` property.
    #[serde(
        with = "rt::unix_time::option",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub opened: Option<chrono::DateTime<chrono::Utc>>,
    /// The `parent` property.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Box<Shop>>,
}
"#
    );
}

#[test]
fn an_untagged_union_and_an_alias() {
    let def = TypeDef {
        name: "Reading".into(),
        doc: Some("A colour, a number or a time.".into()),
        pointer: "/components/schemas/Reading".into(),
        groups: Vec::new(),
        unreferenced: false,
        serde: SerdeDerives::default(),
        kind: TypeKind::Union(Union {
            variants: vec![
                UnionVariant {
                    name: "Colour".into(),
                    ty: named("Colour"),
                    boxed: false,
                },
                UnionVariant {
                    name: "Integer".into(),
                    ty: Ty::I64,
                    boxed: false,
                },
                UnionVariant {
                    name: "At".into(),
                    ty: Ty::DateTime,
                    boxed: false,
                },
            ],
            discriminator: None,
        }),
    };
    assert_eq!(
        items(types::type_def(&def, &rt())),
        r#"/// A colour, a number or a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(crate = "rt::serde")]
#[serde(untagged)]
pub enum Reading {
    /// A `Colour`.
    Colour(Colour),
    /// An `Integer`.
    Integer(i64),
    /// An `At`.
    At(#[serde(with = "rt::date_time")] chrono::DateTime<chrono::FixedOffset>),
    /// A value matching none of the alternatives, kept as received.
    Other(serde_json::Value),
}
"#
    );
    let alias = TypeDef {
        name: "Tags".into(),
        doc: Some("The schema at `#/components/schemas/Tags`.".into()),
        pointer: "/components/schemas/Tags".into(),
        kind: TypeKind::Alias(Ty::Map(Box::new(list(Ty::Date)))),
        groups: Vec::new(),
        unreferenced: false,
        serde: SerdeDerives::default(),
    };
    assert_eq!(
        items(types::type_def(&alias, &rt())),
        "/// The schema at `#/components/schemas/Tags`.\npub type Tags = std::collections::BTreeMap<String, Vec<chrono::NaiveDate>>;\n"
    );
}

#[test]
fn credential_setters_use_their_claimed_names() {
    let c = CredentialDef {
        field: "timeout".into(),
        setter: "with_timeout_2".into(),
        scheme: "timeout".into(),
        description: None,
        kind: CredentialKind::Header {
            name: "X-Key".into(),
            setter: "with_timeout_header".into(),
        },
        in_constructor: false,
    };
    assert_eq!(
        assoc(client::credential_setters(&c, &rt())),
        r#"/// Sets the `timeout` credential.
pub fn with_timeout_2(mut self, secret: impl Into<Secret>) -> Self {
    self.timeout = Some(rt::Credential::ApiKeyHeader {
        header: reqwest::header::HeaderName::from_static("x-key"),
        key: secret.into(),
    });
    self
}
/// Sends the `timeout` credential in the header `header` instead of `X-Key`.
pub fn with_timeout_header(mut self, header: reqwest::header::HeaderName) -> Self {
    if let Some(rt::Credential::ApiKeyHeader { header: current, .. }) = &mut self
        .timeout
    {
        *current = header;
    }
    self
}
"#
    );
}

/// A FastAPI-style operation: 404 and 422 with their own schemas, and `default`.
fn fastapi_errors(op: &mut Operation) {
    op.errors = Errors {
        arms: vec![
            ErrorArm {
                status: ErrorStatus::Code(404),
                body: Payload::Json(named("NotFound")),
                variant: "NotFound".into(),
                doc: Some("No such pet.".into()),
            },
            ErrorArm {
                status: ErrorStatus::Code(422),
                body: Payload::Json(named("HttpValidationError")),
                variant: "UnprocessableEntity".into(),
                doc: None,
            },
            ErrorArm {
                status: ErrorStatus::Range(5),
                body: Payload::Text,
                variant: "ServerError".into(),
                doc: None,
            },
            ErrorArm {
                status: ErrorStatus::Default,
                body: Payload::None,
                variant: "Default".into(),
                doc: None,
            },
        ],
        enum_name: Some("GetPetErrorBody".into()),
    };
}

#[test]
fn each_error_status_decodes_into_its_own_variant() {
    let mut op = operation_with(Vec::new(), vec![PathPart::Literal("/".into())], None);
    // One shared schema: the error body is that type, and `default` catches the rest.
    let arms = response::error_arms(&op);
    assert_eq!(
        stmts(quote!(match status { #(#arms)* })),
        "match status {\n    _ => Err(response.error_json(std::convert::identity)),\n}\n"
    );
    fastapi_errors(&mut op);
    let arms = response::error_arms(&op);
    assert_eq!(
        stmts(quote!(match status { #(#arms)* })),
        "match status {\n    404 => Err(response.error_json(GetPetErrorBody::NotFound)),\n    422 => Err(response.error_json(GetPetErrorBody::UnprocessableEntity)),\n    500..=599 => Err(response.error_text(GetPetErrorBody::ServerError)),\n    _ => Err(response.status_error(GetPetErrorBody::Default)),\n}\n"
    );
    assert_eq!(
        items(response::error_enum(&op, Receiver::Root, &rt())),
        "/// The body of an error status [`Client::get_pet`] declares, by status: the `body` of [`Error::Status`]. A status it does not declare is [`Error::UnexpectedStatus`].\n#[derive(Debug, Clone, PartialEq)]\npub enum GetPetErrorBody {\n    /// HTTP 404: No such pet.\n    NotFound(types::NotFound),\n    /// HTTP 422.\n    UnprocessableEntity(types::HttpValidationError),\n    /// Any other HTTP 5xx.\n    ServerError(String),\n    /// Any other status (the spec's `default`), without a body.\n    Default,\n}\n"
    );
    assert_eq!(
        items(operation::error_alias(&op, Receiver::Root)),
        "/// What can go wrong in [`Client::get_pet`].\npub type GetPetError = Error<GetPetErrorBody>;\n"
    );
    // Without `default`, what no arm declares is unexpected, never decoded.
    op.errors.arms.pop();
    let arms = response::error_arms(&op);
    assert!(
        stmts(quote!(match status { #(#arms)* })).ends_with("    _ => Err(response.unexpected()),\n}\n"),
        "{}",
        stmts(quote!(match status { #(#arms)* }))
    );
}

#[test]
fn declared_response_headers_are_a_typed_struct() {
    let op = operation_with(Vec::new(), vec![PathPart::Literal("/".into())], None);
    let headers = HeadersDef {
        name: "GetPetHeaders".into(),
        fields: vec![
            HeaderField {
                name: "location".into(),
                wire_name: "Location".into(),
                ty: Ty::String,
                doc: Some("Where the new pet lives.".into()),
            },
            HeaderField {
                name: "x_rate_limit_remaining".into(),
                wire_name: "X-RateLimit-Remaining".into(),
                ty: Ty::I64,
                doc: None,
            },
        ],
    };
    assert_eq!(
        items(response::headers_struct(&op, &headers, Receiver::Root, &rt())),
        r#"/// The response headers [`Client::get_pet`] declares, typed: `None` when a header is absent or does not parse (its raw value stays in `Response::headers`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GetPetHeaders {
    /// Where the new pet lives.
    ///
    /// `Location`
    pub location: Option<String>,
    /// The `X-RateLimit-Remaining` header.
    pub x_rate_limit_remaining: Option<i64>,
}
impl GetPetHeaders {
    #[inline]
    fn read(headers: &reqwest::header::HeaderMap) -> Self {
        Self {
            location: rt::header(headers, "location"),
            x_rate_limit_remaining: rt::header(headers, "x-ratelimit-remaining"),
        }
    }
}
"#
    );
}

#[test]
fn a_2xx_no_success_arm_reads_is_unexpected_not_defaults_error() {
    let mut op = operation_with(Vec::new(), vec![PathPart::Literal("/".into())], None);
    // Two success bodies (an enum), so no arm reads the other 2xx.
    op.success.arms.push(SuccessArm {
        status: Some(204),
        body: Payload::None,
        variant: "NoContent".into(),
        envelope: false,
    });
    op.success.enum_name = Some("GetPetResponse".into());
    op.success.other_2xx.clear();
    let arms = response::error_arms(&op);
    assert_eq!(
        stmts(quote!(match status { #(#arms)* })),
        "match status {\n    200..=299 => Err(response.unexpected()),\n    _ => Err(response.error_json(std::convert::identity)),\n}\n"
    );
}
