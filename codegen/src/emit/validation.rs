//! The spec's constraints on parameters, checked before a request is sent.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, lit};
use crate::ir::{Constraints, Number, Param, Ty};

/// The checks of a parameter's constraints, as statements that return early.
pub(super) fn validation(p: &Param, runtime: &syn::Path) -> TokenStream {
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
