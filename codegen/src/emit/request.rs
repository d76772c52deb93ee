//! Building a request: the path, the parameters in their styles, cookies, and the body in
//! its media type.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::Ctx;
use super::operation::arg_ty;
use super::{ident, lit};
use crate::ir::{Body, BodyMedia, Operation, Param, ParamLocation, ParamStyle, PathPart, Ty};

/// The path under the base URL: a literal, or the pieces of the template joined, with each
/// parameter percent-encoded (`["/pets/", &encode_path_segment(id)].concat()`).
pub(super) fn path(op: &Operation, runtime: &syn::Path) -> TokenStream {
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

/// Adds a query or header parameter to `request`, written in its style.
pub(super) fn param_step(p: &Param, ctx: &Ctx<'_>) -> TokenStream {
    let runtime = ctx.runtime;
    let name = ident(&p.name);
    let wire = lit(&p.wire_name);
    let is_object = match &p.ty {
        Ty::Map(_) | Ty::Json => true,
        Ty::Named(n) => !ctx.is_enum(n),
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
pub(super) fn cookies_step(op: &Operation, runtime: &syn::Path) -> TokenStream {
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
pub(super) fn body_step(body: &Body, runtime: &syn::Path) -> TokenStream {
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
pub(super) fn body_arg(body: &Body, ctx: &Ctx<'_>, lifetime: &TokenStream) -> TokenStream {
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
