//! The `Client` struct, one async method per operation, and a stream per paged operation.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{docs, ident, lit, rust_ty};
use crate::ir::{
    Api, Body, BodyMedia, Constraints, CredentialDef, CredentialKind, Number, Operation, Pagination, Param,
    ParamLocation, ParamStyle, PathPart, Payload, Ty, TypeKind,
};

/// What every operation method needs to know about the API's types.
struct Ctx<'a> {
    runtime: &'a syn::Path,
    /// Integer enums, which are `Copy` and passed by value.
    copy_types: Vec<&'a str>,
    /// Every enum, whose values are single pieces of text.
    enum_types: Vec<&'a str>,
}

pub(super) fn client(api: &Api, runtime: &syn::Path) -> TokenStream {
    let ctx = Ctx {
        runtime,
        enum_types: api
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::StringEnum(_) | TypeKind::IntEnum(_)))
            .map(|t| t.name.as_str())
            .collect(),
        copy_types: api
            .types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::IntEnum(_)))
            .map(|t| t.name.as_str())
            .collect(),
    };
    let title = api.title.trim();
    let doc = docs(Some(&format!(
        "A client for {title}.\n\nCheap to clone: clones share one connection pool. `Debug` never shows credentials. \
         Each call has a timeout (30 s by default), retries idempotent requests on connection errors, 429 and 5xx \
         (see [`Client::with_retry`]), refuses responses over 16 MiB, and runs in a `tracing` span."
    )));
    let fields = api.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let doc = docs(Some(&format!("The `{}` credential, when set.", c.scheme)));
        quote!(#doc #field: Option<#runtime::Credential>,)
    });
    let (default, constructor) = constructor(api, runtime);
    let setters = api.credentials.iter().map(|c| credential_setters(c, runtime));
    let aliases = api.operations.iter().map(error_alias);
    let response_enums = api.operations.iter().map(|op| response_enum(op, runtime));
    let operations = api.operations.iter().map(|op| operation(op, &ctx));
    let streams = api
        .operations
        .iter()
        .filter_map(|op| op.pagination.as_ref().map(|p| stream(op, p, &ctx)));
    quote! {
        #(#aliases)*

        #(#response_enums)*

        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            core: #runtime::ClientCore,
            #(#fields)*
        }

        impl Client {
            #constructor

            /// Sends requests to `base_url` (e.g. a staging server or a local mock) instead.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.core.set_base_url(base_url);
                self
            }

            /// Sends requests through `http`, a `reqwest::Client` configured by the caller
            /// (proxy, TLS roots, connection pool).
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.core.set_http_client(http);
                self
            }

            /// Sends requests through a `reqwest-middleware` stack (tracing, caching, auth
            /// refresh, custom retries).
            pub fn with_middleware(mut self, http: #runtime::reqwest_middleware::ClientWithMiddleware) -> Self {
                self.core.set_middleware_client(http);
                self
            }

            /// Limits each attempt to `timeout`; `None` leaves only the HTTP client's limits.
            pub fn with_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
                self.core.set_timeout(timeout);
                self
            }

            /// Retries by `retry`; `RetryPolicy::none()` turns retrying off.
            pub fn with_retry(mut self, retry: #runtime::RetryPolicy) -> Self {
                self.core.set_retry(retry);
                self
            }

            /// Refuses response bodies larger than `bytes`.
            pub fn with_max_response_bytes(mut self, bytes: usize) -> Self {
                self.core.set_max_response_bytes(bytes);
                self
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#setters)*

            #(#operations)*

            #(#streams)*
        }

        #default
    }
}

/// `new`: takes the base URL when the spec has no absolute server, and the credentials the
/// document-wide security requirement names; others start unset. Returns it with a
/// `Default` impl when it takes no arguments.
fn constructor(api: &Api, runtime: &syn::Path) -> (TokenStream, TokenStream) {
    let mut args = Vec::new();
    let mut arg_docs = String::new();
    let base_url = match &api.default_base_url {
        Some(url) => {
            let url = lit(url);
            quote!(#url)
        }
        None => {
            args.push(quote!(base_url: impl Into<String>));
            arg_docs.push_str("\n- `base_url`: where the API is served; the spec names no absolute server.");
            quote!(base_url)
        }
    };
    let inits: Vec<TokenStream> = api
        .credentials
        .iter()
        .map(|c| {
            let field = ident(&c.field);
            if !c.in_constructor {
                return quote!(#field: None,);
            }
            args.push(quote!(#field: impl Into<Secret>));
            let description = c
                .description
                .as_deref()
                .map(|d| d.trim().replace('\n', " "))
                .unwrap_or_default();
            let description = if description.is_empty() {
                "the credential.".to_owned()
            } else {
                description
            };
            arg_docs.push_str(&format!("\n- `{}`: {description}", c.field));
            let credential = credential(c, quote!(#field.into()), runtime);
            quote!(#field: Some(#credential),)
        })
        .collect();
    let server = match &api.default_base_url {
        Some(url) => format!("Creates a client for `{url}`, the spec's first server."),
        None => "Creates a client.".to_owned(),
    };
    let doc = if arg_docs.is_empty() {
        server
    } else {
        format!("{server}\n{arg_docs}")
    };
    let doc = docs(Some(&doc));
    let default = if args.is_empty() {
        quote! {
            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let constructor = quote! {
        #doc
        pub fn new(#(#args),*) -> Self {
            Self {
                core: #runtime::ClientCore::new(#base_url),
                #(#inits)*
            }
        }
    };
    (default, constructor)
}

fn credential(c: &CredentialDef, secret: TokenStream, runtime: &syn::Path) -> TokenStream {
    match &c.kind {
        CredentialKind::Bearer => quote!(#runtime::Credential::Bearer(#secret)),
        CredentialKind::Header { name, .. } => {
            let name = lit(&name.to_ascii_lowercase());
            quote!(#runtime::Credential::ApiKeyHeader {
                header: reqwest::header::HeaderName::from_static(#name),
                key: #secret,
            })
        }
        CredentialKind::Query { name } => {
            let name = lit(name);
            quote!(#runtime::Credential::ApiKeyQuery { parameter: #name.to_owned(), key: #secret })
        }
    }
}

fn credential_setters(c: &CredentialDef, runtime: &syn::Path) -> TokenStream {
    let field = ident(&c.field);
    let setter = format_ident!("with_{}", c.field);
    let credential = credential(c, quote!(secret.into()), runtime);
    let doc = docs(Some(&format!("Sets the `{}` credential.", c.scheme)));
    let header_setter = match &c.kind {
        CredentialKind::Header { name, setter } => {
            let setter = ident(setter);
            let doc = docs(Some(&format!(
                "Sends the `{}` credential in the header `header` instead of `{name}`.",
                c.scheme
            )));
            quote! {
                #doc
                pub fn #setter(mut self, header: reqwest::header::HeaderName) -> Self {
                    if let Some(#runtime::Credential::ApiKeyHeader { header: current, .. }) = &mut self.#field {
                        *current = header;
                    }
                    self
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #doc
        pub fn #setter(mut self, secret: impl Into<Secret>) -> Self {
            self.#field = Some(#credential);
            self
        }

        #header_setter
    }
}

/// `pub type ListTemplatesError = Error<types::ErrorEnvelope>;`
fn error_alias(op: &Operation) -> TokenStream {
    let alias = ident(&op.error_alias);
    let doc = docs(Some(&format!("What can go wrong in [`Client::{}`].", op.name)));
    let body = match &op.error {
        Some(ty) => rust_ty(ty, &quote!(types::)),
        None => quote!(serde_json::Value),
    };
    quote! {
        #doc
        pub type #alias = Error<#body>;
    }
}

/// How an argument of type `ty` is taken: by value for small `Copy` types, by reference
/// otherwise, `&str` and `&[T]` for strings and lists. `lifetime` names the references'.
fn arg_ty(ty: &Ty, ctx: &Ctx<'_>, lifetime: &TokenStream) -> TokenStream {
    let types = quote!(types::);
    match ty {
        Ty::String => quote!(&#lifetime str),
        Ty::Vec(item) => {
            let item = rust_ty(item, &types);
            quote!(&#lifetime [#item])
        }
        Ty::Named(name) if ctx.copy_types.contains(&name.as_str()) => rust_ty(ty, &types),
        ty if ty.is_copy() => rust_ty(ty, &types),
        ty => {
            let ty = rust_ty(ty, &types);
            quote!(&#lifetime #ty)
        }
    }
}

fn param_arg(p: &Param, ctx: &Ctx<'_>, lifetime: &TokenStream) -> TokenStream {
    let name = ident(&p.name);
    let ty = arg_ty(&p.ty, ctx, lifetime);
    if p.required {
        quote!(#name: #ty)
    } else {
        quote!(#name: Option<#ty>)
    }
}

fn operation(op: &Operation, ctx: &Ctx<'_>) -> TokenStream {
    let runtime = ctx.runtime;
    let name = ident(&op.name);
    let doc = docs(Some(&operation_doc(op)));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    // One argument per parameter mirrors the spec; clippy's limit counts `self` too.
    let arg_count = op.params.len() + usize::from(op.body.is_some()) + 1;
    let many = if arg_count > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };

    let no_lifetime = TokenStream::new();
    let mut args: Vec<TokenStream> = op.params.iter().map(|p| param_arg(p, ctx, &no_lifetime)).collect();
    if let Some(body) = &op.body {
        args.push(body_arg(body, ctx, &no_lifetime));
    }

    let checks = op.params.iter().map(|p| validation(p, runtime));
    let path = path(op, runtime);
    let method = format_ident!("{}", op.method);
    let (id, http_method, route) = (lit(&op.id), lit(&op.method), lit(&op.path_template));
    let steps = op
        .params
        .iter()
        .filter(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Header))
        .map(|p| param_step(p, ctx));
    let body = op.body.as_ref().map(|b| body_step(b, runtime));
    let cookies = cookies_step(op, runtime);
    let credentials = op.credentials.iter().map(|field| {
        let field = ident(field);
        quote! {
            let request = match &self.#field {
                Some(credential) => credential.apply(request),
                None => request,
            };
        }
    });

    let ok_ty = match (&op.success.enum_name, op.success.single_body()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(body)) => payload_ty(body, runtime),
        (None, None) => quote!(()),
    };
    let err_ty = ident(&op.error_alias);
    let arms = success_arms(op);
    quote! {
        #doc
        #deprecated
        #many
        pub async fn #name(&self, #(#args),*) -> Result<#ok_ty, #err_ty> {
            const OPERATION: #runtime::Operation = #runtime::Operation { id: #id, method: #http_method, route: #route };
            #(#checks)*
            let request = self.core.request(reqwest::Method::#method, #path);
            #(#steps)*
            #cookies
            #body
            #(#credentials)*
            let response = self.core.execute(&OPERATION, request).await?;
            match response.status().as_u16() {
                #(#arms)*
                _ => Err(response.error()),
            }
        }
    }
}

/// The Rust type of a response body.
fn payload_ty(body: &Payload, runtime: &syn::Path) -> TokenStream {
    match body {
        Payload::None => quote!(()),
        Payload::Json(ty) => rust_ty(ty, &quote!(types::)),
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(#runtime::bytes::Bytes),
    }
}

/// One match arm per success status: decode the body, and wrap it in the response enum's
/// variant when the arms differ.
fn success_arms(op: &Operation) -> Vec<TokenStream> {
    if op.success.arms.is_empty() {
        return vec![quote!(200..=299 => response.empty(),)];
    }
    let mut arms: Vec<TokenStream> = op
        .success
        .arms
        .iter()
        .map(|arm| {
            let pattern = match arm.status {
                Some(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                None => quote!(200..=299),
            };
            let decode = match (&arm.body, arm.envelope) {
                (Payload::None, _) => quote!(response.empty()),
                (Payload::Json(_), true) => quote!(response.json_envelope()),
                (Payload::Json(_), false) => quote!(response.json()),
                (Payload::Text, _) => quote!(response.text()),
                (Payload::Bytes, _) => quote!(response.bytes()),
            };
            let decode = match &op.success.enum_name {
                Some(name) => {
                    let (name, variant) = (ident(name), ident(&arm.variant));
                    match arm.body {
                        Payload::None => quote!(response.empty().map(|()| #name::#variant)),
                        _ => quote!(#decode.map(#name::#variant)),
                    }
                }
                None => decode,
            };
            quote!(#pattern => #decode,)
        })
        .collect();
    // Specs often list fewer 2xx statuses than servers send; where every success carries
    // the same body, any other 2xx is read as that body too.
    let covers_range = op.success.arms.iter().any(|a| a.status.is_none());
    if op.success.enum_name.is_none() && !covers_range {
        let decode = match op.success.arms.first().map(|a| (&a.body, a.envelope)) {
            Some((Payload::Json(_), true)) => quote!(response.json_envelope()),
            Some((Payload::Json(_), false)) => quote!(response.json()),
            Some((Payload::Text, _)) => quote!(response.text()),
            Some((Payload::Bytes, _)) => quote!(response.bytes()),
            Some((Payload::None, _)) | None => quote!(response.empty()),
        };
        let declared: Vec<u16> = op.success.arms.iter().filter_map(|a| a.status).collect();
        let rest = other_2xx(&declared);
        if !rest.is_empty() {
            arms.push(quote!(#(#rest)|* => #decode,));
        }
    }
    arms
}

/// The 2xx statuses not in `declared`, as patterns (`201..=299`, `200 | 203..=299`), so
/// the fallback arm overlaps no declared one.
fn other_2xx(declared: &[u16]) -> Vec<TokenStream> {
    free_ranges(declared)
        .into_iter()
        .map(|(first, last)| {
            let first_lit = Literal::u16_unsuffixed(first);
            if first == last {
                quote!(#first_lit)
            } else {
                let last = Literal::u16_unsuffixed(last);
                quote!(#first_lit..=#last)
            }
        })
        .collect()
}

/// The runs of 200..=299 not in `declared`, as inclusive `(first, last)` pairs.
fn free_ranges(declared: &[u16]) -> Vec<(u16, u16)> {
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for code in (200..=299).filter(|c| !declared.contains(c)) {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == code => *last = code,
            _ => ranges.push((code, code)),
        }
    }
    ranges
}

/// The enum of an operation whose success responses differ, one variant per status.
fn response_enum(op: &Operation, runtime: &syn::Path) -> TokenStream {
    let Some(name) = &op.success.enum_name else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = docs(Some(&format!(
        "What [`Client::{}`] answers on success, by status.",
        op.name
    )));
    let variants = op.success.arms.iter().map(|arm| {
        let variant = ident(&arm.variant);
        let status = arm
            .status
            .map_or("Any other 2xx status".to_owned(), |c| format!("HTTP {c}"));
        let doc = docs(Some(&format!(
            "{status}{}.",
            if arm.body == Payload::None {
                ", without a body"
            } else {
                ""
            }
        )));
        match &arm.body {
            Payload::None => quote!(#doc #variant,),
            body => {
                let ty = payload_ty(body, runtime);
                quote!(#doc #variant(#ty),)
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The method's doc: the operation's, then its arguments.
fn operation_doc(op: &Operation) -> String {
    let mut doc = op.doc.clone().unwrap_or_default();
    let described: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            format!(
                "- `{}`: {}",
                p.name,
                p.doc.as_deref().unwrap_or("").trim().replace('\n', " ")
            )
        })
        .chain(op.body.iter().map(|b| {
            format!(
                "- `body`: {}",
                b.doc
                    .as_deref()
                    .unwrap_or("the request body.")
                    .trim()
                    .replace('\n', " ")
            )
        }))
        .collect();
    if !described.is_empty() {
        doc.push_str("\n\nArguments:\n");
        doc.push_str(&described.join("\n"));
    }
    doc
}

/// The path under the base URL: a literal, or the pieces of the template joined, with each
/// parameter percent-encoded (`["/pets/", &encode_path_segment(id)].concat()`).
fn path(op: &Operation, runtime: &syn::Path) -> TokenStream {
    if let [PathPart::Literal(text)] = op.path.as_slice() {
        let text = lit(text);
        return quote!(#text);
    }
    let parts = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => {
            let text = lit(text);
            quote!(#text)
        }
        PathPart::Param(name) => {
            let is_str = op.params.iter().any(|p| &p.name == name && p.ty == Ty::String);
            let name = ident(name);
            if is_str {
                quote!(&#runtime::encode_path_segment(#name))
            } else {
                quote!(&#runtime::encode_path_segment(&#name.to_string()))
            }
        }
    });
    quote!(&[#(#parts),*].concat())
}

/// The checks of a parameter's constraints, as statements that return early.
fn validation(p: &Param, runtime: &syn::Path) -> TokenStream {
    let c = &p.constraints;
    if c.is_empty() {
        return TokenStream::new();
    }
    let wire = lit(&p.wire_name);
    let name = ident(&p.name);
    let value = if p.required { quote!(#name) } else { quote!(value) };
    let checks: Vec<TokenStream> = match &p.ty {
        Ty::I32 => int_checks(c, i64::from(i32::MIN), i64::from(i32::MAX), &wire, &value, runtime),
        Ty::I64 | Ty::I64String => int_checks(c, i64::MIN, i64::MAX, &wire, &value, runtime),
        Ty::F32 | Ty::F64 => float_checks(c, &p.ty, &wire, &value, runtime),
        Ty::String if c.min_length.is_some() || c.max_length.is_some() => {
            let (min, max) = (opt_usize(c.min_length), opt_usize(c.max_length));
            vec![quote!(#runtime::validate::length(#wire, #value, #min, #max)?;)]
        }
        Ty::Vec(_) if c.min_items.is_some() || c.max_items.is_some() => {
            let (min, max) = (opt_usize(c.min_items), opt_usize(c.max_items));
            vec![quote!(#runtime::validate::items(#wire, #value, #min, #max)?;)]
        }
        _ => Vec::new(),
    };
    if checks.is_empty() {
        return TokenStream::new();
    }
    if p.required {
        quote!(#(#checks)*)
    } else {
        quote! {
            if let Some(value) = #name {
                #(#checks)*
            }
        }
    }
}

/// Integer bounds, made inclusive, and left out where the type cannot cross them anyway.
fn int_checks(
    c: &Constraints,
    lo: i64,
    hi: i64,
    wire: &Literal,
    value: &TokenStream,
    runtime: &syn::Path,
) -> Vec<TokenStream> {
    let inclusive = |bound: Option<(Number, bool)>, up: bool| -> Option<i64> {
        let (number, exclusive) = bound?;
        let v = match number {
            Number::Int(v) => v,
            Number::Float(v) if up => v.ceil() as i64,
            Number::Float(v) => v.floor() as i64,
        };
        if exclusive {
            if up { v.checked_add(1) } else { v.checked_sub(1) }
        } else {
            Some(v)
        }
    };
    let min = inclusive(c.minimum, true).filter(|m| *m > lo);
    let max = inclusive(c.maximum, false).filter(|m| *m < hi);
    if min.is_none() && max.is_none() {
        return Vec::new();
    }
    let bound = |b: Option<i64>| match b {
        Some(v) => {
            let v = Literal::i64_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    };
    let (min, max) = (bound(min), bound(max));
    vec![quote!(#runtime::validate::range(#wire, #value, #min, #max)?;)]
}

fn float_checks(
    c: &Constraints,
    ty: &Ty,
    wire: &Literal,
    value: &TokenStream,
    runtime: &syn::Path,
) -> Vec<TokenStream> {
    let float = |n: Number| -> TokenStream {
        let v = match n {
            Number::Int(v) => v as f64,
            Number::Float(v) => v,
        };
        if *ty == Ty::F32 {
            let v = Literal::f32_unsuffixed(v as f32);
            quote!(#v)
        } else {
            let v = Literal::f64_unsuffixed(v);
            quote!(#v)
        }
    };
    let mut checks = Vec::new();
    let (mut min, mut max) = (quote!(None), quote!(None));
    match c.minimum {
        Some((n, true)) => {
            let n = float(n);
            checks.push(quote!(#runtime::validate::above(#wire, #value, #n)?;));
        }
        Some((n, false)) => {
            let n = float(n);
            min = quote!(Some(#n));
        }
        None => {}
    }
    match c.maximum {
        Some((n, true)) => {
            let n = float(n);
            checks.push(quote!(#runtime::validate::below(#wire, #value, #n)?;));
        }
        Some((n, false)) => {
            let n = float(n);
            max = quote!(Some(#n));
        }
        None => {}
    }
    if c.minimum.is_some_and(|(_, e)| !e) || c.maximum.is_some_and(|(_, e)| !e) {
        checks.push(quote!(#runtime::validate::range(#wire, #value, #min, #max)?;));
    }
    checks
}

fn opt_usize(v: Option<usize>) -> TokenStream {
    match v {
        Some(v) => {
            let v = Literal::usize_unsuffixed(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

/// Adds a query or header parameter to `request`, written in its style.
fn param_step(p: &Param, ctx: &Ctx<'_>) -> TokenStream {
    let runtime = ctx.runtime;
    let name = ident(&p.name);
    let wire = lit(&p.wire_name);
    let is_object = match &p.ty {
        Ty::Map(_) | Ty::Json => true,
        Ty::Named(n) => !ctx.enum_types.contains(&n.as_str()),
        _ => false,
    };
    let add = |value: TokenStream| match (p.location, p.style, &p.ty) {
        (ParamLocation::Query, ParamStyle::Json, _) => {
            quote!(request.query(&[(#wire, #runtime::form::json(#wire, #value)?)]))
        }
        (ParamLocation::Query, style, Ty::Vec(_)) => {
            let separator = match style {
                ParamStyle::Form { explode: true } | ParamStyle::DeepObject => None,
                ParamStyle::SpaceDelimited => Some(" "),
                ParamStyle::PipeDelimited => Some("|"),
                _ => Some(","),
            };
            match separator {
                None => {
                    quote!(request.query(&#value.iter().map(|item| (#wire, item)).collect::<Vec<_>>()))
                }
                Some(separator) => {
                    quote!(request.query(&[(#wire, #runtime::form::join(#value, #separator))]))
                }
            }
        }
        (ParamLocation::Query, ParamStyle::DeepObject, _) if is_object => {
            quote!(request.query(&#runtime::form::deep_object(#wire, #value)?))
        }
        (ParamLocation::Query, ParamStyle::Form { explode: false }, _) if is_object => {
            quote!(request.query(&[(#wire, #runtime::form::object_joined(#wire, #value)?)]))
        }
        (ParamLocation::Query, _, _) if is_object => {
            quote!(request.query(&#runtime::form::object_pairs(#wire, #value)?))
        }
        (ParamLocation::Query, _, _) => quote!(request.query(&[(#wire, #value)])),
        (ParamLocation::Header, ParamStyle::Json, _) => {
            quote!(request.header(#wire, #runtime::form::json(#wire, #value)?))
        }
        (ParamLocation::Header, _, Ty::Vec(_)) => {
            quote!(request.header(#wire, #runtime::form::join(#value, ",")))
        }
        (ParamLocation::Header, _, _) => quote!(request.header(#wire, #value.to_string())),
        (ParamLocation::Path | ParamLocation::Cookie, _, _) => quote!(request),
    };
    if p.required {
        let add = add(quote!(#name));
        quote!(let request = #add;)
    } else {
        let add = add(quote!(value));
        quote! {
            let request = match #name {
                Some(value) => #add,
                None => request,
            };
        }
    }
}

/// Sends every cookie parameter in one `Cookie` header.
fn cookies_step(op: &Operation, runtime: &syn::Path) -> TokenStream {
    let cookies: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let (name, wire) = (ident(&p.name), lit(&p.wire_name));
            if p.required {
                quote!((#wire, Some(#name.to_string())))
            } else {
                quote!((#wire, #name.map(|value| value.to_string())))
            }
        })
        .collect();
    if cookies.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let request = match #runtime::form::cookie_header(&[#(#cookies),*]) {
            Some(cookies) => request.header(reqwest::header::COOKIE, cookies),
            None => request,
        };
    }
}

/// Adds the body to `request`, encoded by its media type.
fn body_step(body: &Body, runtime: &syn::Path) -> TokenStream {
    let content_type = lit(&body.content_type);
    let add = |value: TokenStream| match body.media {
        BodyMedia::Json => quote!(request.json(#value)),
        BodyMedia::Form => quote! {
            request
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(#runtime::form::encode(#value)?)
        },
        BodyMedia::Multipart => quote!(request.multipart(#value)),
        BodyMedia::Text => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(#value.to_owned()))
        }
        BodyMedia::Binary => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(#value.into()))
        }
    };
    if body.required {
        let add = add(quote!(body));
        quote!(let request = #add;)
    } else {
        let add = add(quote!(body));
        quote! {
            let request = match body {
                Some(body) => #add,
                None => request,
            };
        }
    }
}

/// How the body is taken: typed for JSON and form, a `Form` for multipart, `&str` for
/// text, anything that becomes bytes for binary.
fn body_arg(body: &Body, ctx: &Ctx<'_>, lifetime: &TokenStream) -> TokenStream {
    let runtime = ctx.runtime;
    let ty = match body.media {
        BodyMedia::Json | BodyMedia::Form => arg_ty(&body.ty, ctx, lifetime),
        BodyMedia::Multipart => quote!(reqwest::multipart::Form),
        BodyMedia::Text => quote!(&#lifetime str),
        BodyMedia::Binary => quote!(impl Into<#runtime::bytes::Bytes>),
    };
    if body.required {
        quote!(body: #ty)
    } else {
        quote!(body: Option<#ty>)
    }
}

/// `list_templates_stream`: every item of every page, fetched `limit` at a time.
fn stream(op: &Operation, paging: &Pagination, ctx: &Ctx<'_>) -> TokenStream {
    let runtime = ctx.runtime;
    let name = ident(&paging.stream_name);
    let method = ident(&op.name);
    let lifetime = quote!('a);
    let offset = op.params.iter().find(|p| p.name == paging.offset_param);
    let limit = op.params.iter().find(|p| p.name == paging.limit_param);
    let (Some(offset), Some(limit)) = (offset, limit) else {
        return TokenStream::new();
    };
    let limit_name = ident(&limit.name);

    // The stream takes every argument but the offset; the limit becomes the page size.
    let args = op.params.iter().filter(|p| p.name != offset.name).map(|p| {
        if p.name == limit.name {
            let ty = rust_ty(&limit.ty, &TokenStream::new());
            quote!(#limit_name: #ty)
        } else {
            param_arg(p, ctx, &lifetime)
        }
    });
    // The stream calls the operation once per page, so a body must be reusable: typed.
    if op
        .body
        .as_ref()
        .is_some_and(|b| !matches!(b.media, BodyMedia::Json | BodyMedia::Form))
    {
        return TokenStream::new();
    }
    let body_arg = op.body.as_ref().map(|b| body_arg(b, ctx, &lifetime));
    // Page offsets and sizes travel as i64 in the runtime; convert at the edges.
    let page_size = if limit.ty == Ty::I32 {
        quote!(i64::from(#limit_name))
    } else {
        quote!(#limit_name)
    };
    let narrow = |p: &Param, v: TokenStream| {
        let v = if p.ty == Ty::I32 {
            quote!(i32::try_from(#v).unwrap_or(i32::MAX))
        } else {
            v
        };
        if p.required { v } else { quote!(Some(#v)) }
    };
    let call_args = op.params.iter().map(|p| {
        if p.name == offset.name {
            narrow(p, quote!(offset))
        } else if p.name == limit.name {
            narrow(p, quote!(limit))
        } else {
            let n = ident(&p.name);
            quote!(#n)
        }
    });
    let call_body = op.body.as_ref().map(|_| quote!(body));
    let items = ident(&paging.items.field);
    let items = if paging.items.optional {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };
    let total = total_expr(paging);
    let item_ty = rust_ty(&paging.item_ty, &quote!(types::));
    let err_ty = ident(&op.error_alias);
    let max = paging.max_limit.map(|m| format!(" (at most {m})")).unwrap_or_default();
    let doc = docs(Some(&format!(
        "Every item of [`Client::{}`], fetched page by page, `{}` items at a time{max}.\n\n\
         Starts at offset 0 and stops after the last page (an empty or short page, or the reported total). \
         An error ends the stream after it is yielded.",
        op.name, limit.name
    )));
    let deprecated = if op.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #deprecated
        pub fn #name<'a>(&'a self, #(#args,)* #body_arg) -> #runtime::futures::stream::BoxStream<'a, Result<#item_ty, #err_ty>> {
            #runtime::paging::offset_limit(#page_size, move |offset, limit| async move {
                let page = self.#method(#(#call_args,)* #call_body).await?;
                Ok(#runtime::paging::Page { total: #total, items: #items })
            })
        }
    }
}

/// The expression reading the total (`page.metadata.as_ref().and_then(|v| v.total)`), as
/// an `Option<i64>`.
fn total_expr(paging: &Pagination) -> TokenStream {
    let Some((last, path)) = paging.total.split_last() else {
        return quote!(None);
    };
    let mut expr = quote!(page);
    let mut in_option = false;
    for step in path {
        let field = ident(&step.field);
        expr = match (in_option, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) => quote!(#expr.#field.as_ref()),
            (true, false) => quote!(#expr.map(|v| &v.#field)),
            (true, true) => quote!(#expr.and_then(|v| v.#field.as_ref())),
        };
        in_option |= step.optional;
    }
    let field = ident(&last.field);
    let expr = match (in_option, last.optional) {
        (false, false) => quote!(Some(#expr.#field)),
        (false, true) => quote!(#expr.#field),
        (true, false) => quote!(#expr.map(|v| v.#field)),
        (true, true) => quote!(#expr.and_then(|v| v.#field)),
    };
    if paging.total_is_i32 {
        quote!(#expr.map(i64::from))
    } else {
        expr
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn undeclared_2xx_ranges() {
        assert_eq!(super::free_ranges(&[200]), [(201, 299)]);
        assert_eq!(super::free_ranges(&[201, 202]), [(200, 200), (203, 299)]);
        assert_eq!(super::free_ranges(&[200, 299]), [(201, 298)]);
        assert!(super::free_ranges(&(200..=299).collect::<Vec<_>>()).is_empty());
    }
}
