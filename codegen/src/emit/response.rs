//! Turning a response into the method's result: one match arm per success status, and
//! the enum of an operation whose successes carry different bodies.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, ident, rust_ty};
use crate::ir::{Operation, Payload};

/// The Rust type of a response body.
pub(super) fn payload_ty(body: &Payload, runtime: &syn::Path) -> TokenStream {
    match body {
        Payload::None => quote!(()),
        Payload::Json(ty) => rust_ty(ty, &quote!(types::)),
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(#runtime::bytes::Bytes),
    }
}

/// One match arm per success status: decode the body, and wrap it in the response enum's
/// variant when the arms differ.
pub(super) fn success_arms(op: &Operation) -> Vec<TokenStream> {
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
pub(super) fn response_enum(op: &Operation, runtime: &syn::Path) -> TokenStream {
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
