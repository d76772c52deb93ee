//! How a method takes its arguments: each parameter and the body by its `Passing`, as the
//! IR decided.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, rust_ty};
use crate::ir::{Body, BodyMedia, Param, Passing, Ty};

/// The argument type of a value of `ty` taken as `passing`; `lifetime` names the
/// references' lifetime (empty for elided).
pub(super) fn arg_ty(ty: &Ty, passing: Passing, lifetime: &TokenStream) -> TokenStream {
    let types = quote!(types::);
    match (passing, ty) {
        (Passing::Str, _) => quote!(&#lifetime str),
        (Passing::Slice, Ty::Vec(item)) => {
            let item = rust_ty(item, &types);
            quote!(&#lifetime [#item])
        }
        (Passing::Value, ty) => rust_ty(ty, &types),
        (_, ty) => {
            let ty = rust_ty(ty, &types);
            quote!(&#lifetime #ty)
        }
    }
}

/// `name: T`, or `name: Option<T>` when the parameter is optional.
pub(super) fn param_arg(p: &Param, lifetime: &TokenStream) -> TokenStream {
    let name = ident(&p.name);
    let ty = arg_ty(&p.ty, p.passing, lifetime);
    if p.required {
        quote!(#name: #ty)
    } else {
        quote!(#name: Option<#ty>)
    }
}

/// The type a body is taken as.
pub(super) fn body_arg_ty(body: &Body, runtime: &syn::Path, lifetime: &TokenStream) -> TokenStream {
    match body.media {
        BodyMedia::Json | BodyMedia::Form => arg_ty(&body.ty, body.passing, lifetime),
        BodyMedia::Multipart if body.parts.is_some() => arg_ty(&body.ty, body.passing, lifetime),
        BodyMedia::Multipart => quote!(reqwest::multipart::Form),
        BodyMedia::Text => quote!(&#lifetime str),
        BodyMedia::Binary => quote!(impl Into<#runtime::bytes::Bytes>),
    }
}

/// How the body is taken: typed for JSON, form and multipart (a `Form` the caller builds
/// when the multipart schema has nothing to type), `&str` for text, anything that becomes
/// bytes for binary.
pub(super) fn body_arg(body: &Body, runtime: &syn::Path, lifetime: &TokenStream) -> TokenStream {
    let ty = body_arg_ty(body, runtime, lifetime);
    if body.required {
        quote!(body: #ty)
    } else {
        quote!(body: Option<#ty>)
    }
}
