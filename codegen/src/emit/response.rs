//! Turning a response into the method's result: one match arm per success status, and
//! the enum of an operation whose successes carry different bodies.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{docs, ident, payload_ty};
use crate::ir::{Operation, Payload};

/// The runtime call that reads a body (`response.json()`).
fn decode(body: &Payload, envelope: bool) -> TokenStream {
    match (body, envelope) {
        (Payload::None, _) => quote!(response.empty()),
        (Payload::Json(_), true) => quote!(response.json_envelope()),
        (Payload::Json(_), false) => quote!(response.json()),
        (Payload::Text, _) => quote!(response.text()),
        (Payload::Bytes, _) => quote!(response.bytes()),
    }
}

/// One match arm per success status, wrapped in the response enum's variant when the arms
/// differ, and one for the other 2xx statuses that are read like the first arm.
pub(super) fn success_arms(op: &Operation) -> Vec<TokenStream> {
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
            let decode = decode(&arm.body, arm.envelope);
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
    if !op.success.other_2xx.is_empty() {
        let decode = match op.success.arms.first() {
            Some(arm) => decode(&arm.body, arm.envelope),
            None => decode(&Payload::None, false),
        };
        let ranges = op.success.other_2xx.iter().map(|&(first, last)| {
            let first_lit = Literal::u16_unsuffixed(first);
            if first == last {
                quote!(#first_lit)
            } else {
                let last = Literal::u16_unsuffixed(last);
                quote!(#first_lit..=#last)
            }
        });
        arms.push(quote!(#(#ranges)|* => #decode,));
    }
    arms
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
