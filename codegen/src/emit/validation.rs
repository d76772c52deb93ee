//! The spec's constraints on parameters, checked before a request is sent. Lowering has
//! fitted every bound to the parameter's type; this prints the calls.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{ident, lit};
use crate::ir::{Check, Param, Passing, Ty};

/// The checks of a parameter, as statements that return early.
pub(super) fn validation(p: &Param, runtime: &syn::Path) -> TokenStream {
    if p.checks.is_empty() {
        return TokenStream::new();
    }
    let wire = lit(&p.wire_name);
    let name = ident(&p.name);
    // An owned `String` (a paging cursor, which the stream sends back) is checked as a
    // borrow, and stays for the request.
    let owned = p.passing == Passing::Value && p.ty == Ty::String;
    let value = match (p.required, owned) {
        (true, true) => quote!(&#name),
        (true, false) => quote!(#name),
        (false, _) => quote!(value),
    };
    let float = |v: f64| {
        if p.ty == Ty::F32 {
            Literal::f32_unsuffixed(v as f32)
        } else {
            Literal::f64_unsuffixed(v)
        }
    };
    let checks = p.checks.iter().map(|check| match check {
        Check::IntRange { min, max } => {
            let (min, max) = (
                bound(min.map(Literal::i64_unsuffixed)),
                bound(max.map(Literal::i64_unsuffixed)),
            );
            quote!(#runtime::validate::range(#wire, #value, #min, #max)?;)
        }
        Check::FloatRange { min, max } => {
            let (min, max) = (bound(min.map(float)), bound(max.map(float)));
            quote!(#runtime::validate::range(#wire, #value, #min, #max)?;)
        }
        Check::Above(v) => {
            let v = float(*v);
            quote!(#runtime::validate::above(#wire, #value, #v)?;)
        }
        Check::Below(v) => {
            let v = float(*v);
            quote!(#runtime::validate::below(#wire, #value, #v)?;)
        }
        Check::Length { min, max } => {
            let (min, max) = (
                bound(min.map(Literal::usize_unsuffixed)),
                bound(max.map(Literal::usize_unsuffixed)),
            );
            quote!(#runtime::validate::length(#wire, #value, #min, #max)?;)
        }
        Check::Items { min, max } => {
            let (min, max) = (
                bound(min.map(Literal::usize_unsuffixed)),
                bound(max.map(Literal::usize_unsuffixed)),
            );
            quote!(#runtime::validate::items(#wire, #value, #min, #max)?;)
        }
        Check::NotEmpty => quote!(#runtime::validate::not_empty(#wire, #value)?;),
    });
    let optional = if owned { quote!(#name.as_deref()) } else { quote!(#name) };
    if p.required {
        quote!(#(#checks)*)
    } else {
        quote! {
            if let Some(value) = #optional {
                #(#checks)*
            }
        }
    }
}

/// `Some(v)` or `None`.
fn bound(v: Option<Literal>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}
