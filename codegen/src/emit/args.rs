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
        (passing, Ty::Nullable(inner)) => {
            let inner = arg_ty(inner, passing, lifetime);
            quote!(Option<#inner>)
        }
        (passing, ty) if by_deref_target(ty, passing) => match ty {
            Ty::Vec(item) => {
                let item = rust_ty(item, &types);
                quote!(&#lifetime [#item])
            }
            _ => quote!(&#lifetime str),
        },
        (Passing::Value, ty) => rust_ty(ty, &types),
        (_, ty) => {
            let ty = rust_ty(ty, &types);
            quote!(&#lifetime #ty)
        }
    }
}

/// Whether a value of `ty` taken as `passing` is taken as its `Deref` target: `&str` for
/// every string (an alias of `String` too), `&[T]` for a list written as one (an alias of
/// a list is taken as `&Alias`).
fn by_deref_target(ty: &Ty, passing: Passing) -> bool {
    match passing {
        Passing::Str => true,
        Passing::Slice => matches!(ty, Ty::Vec(_)),
        Passing::Value | Passing::Ref => false,
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

/// The argument that passes a local holding an owned value of `ty` to a parameter taken as
/// `passing`: the value, a reference, or for an `Option` that may be sent as `null` the
/// `Option` of a reference.
pub(super) fn pass_owned(local: &TokenStream, ty: &Ty, passing: Passing) -> TokenStream {
    match (ty, passing) {
        (_, Passing::Value) => quote!(#local),
        (Ty::Nullable(inner), passing) if by_deref_target(inner, passing) => quote!(#local.as_deref()),
        (Ty::Nullable(_), _) => quote!(#local.as_ref()),
        _ => quote!(&#local),
    }
}
