//! Turning a response into the method's result: one match arm per declared status (success
//! or error), the enum of an operation whose successes carry different bodies, the enum of
//! its error bodies, and the struct of its declared response headers.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{Receiver, compiled_where_called, docs, ident, lit, payload_ty, rust_ty};
use crate::ir::{ErrorArm, ErrorStatus, HeadersDef, Operation, Payload};

/// The runtime call that reads a success body (`response.json()`).
fn decode(body: &Payload, envelope: bool, runtime: &syn::Path) -> TokenStream {
    match (body, envelope) {
        (Payload::None, _) => quote!(response.empty()),
        (Payload::Json(_), true) => quote!(response.json_envelope()),
        (Payload::Json(_), false) => quote!(response.json()),
        (Payload::Text, _) => quote!(response.text()),
        (Payload::Bytes, _) => quote!(response.bytes()),
        (Payload::Stream, _) => quote!(response.byte_stream()),
        (Payload::Events(None), _) => quote!(response.event_stream(#runtime::sse::text)),
        (Payload::Events(Some(_)), _) => quote!(response.event_stream(#runtime::sse::json)),
    }
}

/// A status range as a pattern (`201..=299`, or `204` for a range of one).
fn range_pattern((first, last): (u16, u16)) -> TokenStream {
    let first_lit = Literal::u16_unsuffixed(first);
    if first == last {
        quote!(#first_lit)
    } else {
        let last = Literal::u16_unsuffixed(last);
        quote!(#first_lit..=#last)
    }
}

/// One match arm per success status, wrapped in the response enum's variant when the arms
/// differ, and one for the other 2xx statuses that are read like the first arm.
pub(super) fn success_arms(op: &Operation, runtime: &syn::Path) -> Vec<TokenStream> {
    let mut arms: Vec<TokenStream> = op
        .success
        .arms
        .iter()
        .map(|arm| {
            let pattern = match arm.status {
                Some(code) => range_pattern((code, code)),
                None => quote!(200..=299),
            };
            let decode = decode(&arm.body, arm.envelope, runtime);
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
            Some(arm) => decode(&arm.body, arm.envelope, runtime),
            None => decode(&Payload::None, false, runtime),
        };
        let ranges = op.success.other_2xx.iter().map(|&range| range_pattern(range));
        arms.push(quote!(#(#ranges)|* => #decode,));
    }
    arms
}

/// One match arm per declared error status, each decoding into its own status's type,
/// and the last arm for what no status covers: `default`'s, or an unexpected status.
pub(super) fn error_arms(op: &Operation) -> Vec<TokenStream> {
    let errors = &op.errors;
    let covers_2xx = op.success.arms.iter().any(|a| a.status.is_none()) || !op.success.other_2xx.is_empty();
    if errors.enum_name.is_none() && covers_2xx && errors.arms.iter().any(|a| a.status == ErrorStatus::Default) {
        // One type for every status, and `default` covers the rest: one arm says it all.
        return vec![quote!(_ => Err(response.error_json(std::convert::identity)),)];
    }
    let mut arms: Vec<TokenStream> = errors
        .arms
        .iter()
        .map(|arm| {
            let pattern = match arm.status {
                ErrorStatus::Code(code) => range_pattern((code, code)),
                ErrorStatus::Range(digit) => range_pattern((digit * 100, digit * 100 + 99)),
                ErrorStatus::Default => quote!(_),
            };
            (pattern, error_read(arm, errors.enum_name.as_deref()))
        })
        .fold(
            Vec::<(Vec<TokenStream>, TokenStream)>::new(),
            |mut arms, (pattern, read)| {
                // Statuses read alike share an arm (`400 | 401 | 404`).
                match arms.last_mut() {
                    Some((patterns, last)) if last.to_string() == read.to_string() => patterns.push(pattern),
                    _ => arms.push((vec![pattern], read)),
                }
                arms
            },
        )
        .into_iter()
        .map(|(patterns, read)| quote!(#(#patterns)|* => Err(#read),))
        .collect();
    let has_default = errors.arms.iter().any(|a| a.status == ErrorStatus::Default);
    if !has_default {
        arms.push(quote!(_ => Err(response.unexpected()),));
    }
    // A 2xx no success arm reads is unexpected, not `default`'s error.
    let success = &op.success;
    if has_default && !success.arms.iter().any(|a| a.status.is_none()) && success.other_2xx.is_empty() {
        arms.insert(0, quote!(200..=299 => Err(response.unexpected()),));
    }
    arms
}

/// The runtime call that reads one error status's body into the error.
fn error_read(arm: &ErrorArm, enum_name: Option<&str>) -> TokenStream {
    let Some(name) = enum_name else {
        // Every status shares one JSON type, which is the error body itself.
        return quote!(response.error_json(std::convert::identity));
    };
    let (name, variant) = (ident(name), ident(&arm.variant));
    match arm.body {
        Payload::None => quote!(response.status_error(#name::#variant)),
        Payload::Json(_) => quote!(response.error_json(#name::#variant)),
        Payload::Text => quote!(response.error_text(#name::#variant)),
        _ => quote!(response.error_bytes(#name::#variant)),
    }
}

/// The Rust type of the operation's error body: its enum, the one type every status
/// shares, or `serde_json::Value` when it declares no error status.
pub(super) fn error_body_ty(op: &Operation) -> TokenStream {
    match (&op.errors.enum_name, op.errors.arms.first()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (
            None,
            Some(ErrorArm {
                body: Payload::Json(ty),
                ..
            }),
        ) => rust_ty(ty, &quote!(types::)),
        _ => quote!(serde_json::Value),
    }
}

/// A status as people say it, for docs (`HTTP 404`, `HTTP 4xx`, `any other status`).
fn status_words(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => format!("HTTP {code}"),
        ErrorStatus::Range(digit) => format!("Any other HTTP {digit}xx"),
        ErrorStatus::Default => "Any other status (the spec's `default`)".to_owned(),
    }
}

/// The enum of an operation's error bodies, one variant per declared error status.
pub(super) fn error_enum(op: &Operation, receiver: Receiver<'_>, runtime: &syn::Path) -> TokenStream {
    let Some(name) = &op.errors.enum_name else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = docs(Some(&format!(
        "The body of an error status [`{}`] declares, by status: the `body` of \
         [`Error::Status`]. A status it does not declare is [`Error::UnexpectedStatus`].",
        receiver.doc_path(op)
    )));
    let variants = op.errors.arms.iter().map(|arm| {
        let variant = ident(&arm.variant);
        let without = if arm.body == Payload::None {
            ", without a body"
        } else {
            ""
        };
        let doc = match &arm.doc {
            Some(description) => format!("{}{without}: {description}", status_words(arm.status)),
            None => format!("{}{without}.", status_words(arm.status)),
        };
        let doc = docs(Some(&doc));
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

/// The enum of an operation whose success responses differ, one variant per status.
pub(super) fn response_enum(op: &Operation, receiver: Receiver<'_>, runtime: &syn::Path) -> TokenStream {
    let Some(name) = &op.success.enum_name else {
        return TokenStream::new();
    };
    let name = ident(name);
    let doc = docs(Some(&format!(
        "What [`{}`] answers on success, by status.",
        receiver.doc_path(op)
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
    // A stream can be neither cloned nor compared.
    let derives = if op.success.arms.iter().any(|a| a.body.is_streamed()) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #derives
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The struct of the response headers an operation declares, and its reader.
pub(super) fn headers_struct(
    op: &Operation,
    headers: &HeadersDef,
    receiver: Receiver<'_>,
    runtime: &syn::Path,
) -> TokenStream {
    let name = ident(&headers.name);
    let doc = docs(Some(&format!(
        "The response headers [`{}`] declares, typed: `None` when a header is absent or does not \
         parse (its raw value stays in `Response::headers`).",
        receiver.doc_path(op)
    )));
    let fields = headers.fields.iter().map(|f| {
        let field = ident(&f.name);
        let ty = rust_ty(&f.ty, &quote!(types::));
        let doc = match f.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => format!("{d}\n\n`{}`", f.wire_name),
            None => format!("The `{}` header.", f.wire_name),
        };
        let doc = docs(Some(&doc));
        quote!(#doc pub #field: Option<#ty>,)
    });
    let reads = headers.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = lit(&f.wire_name.to_ascii_lowercase());
        quote!(#field: #runtime::header(headers, #wire),)
    });
    let inline = compiled_where_called();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #inline
            fn read(headers: &reqwest::header::HeaderMap) -> Self {
                Self {
                    #(#reads)*
                }
            }
        }
    }
}
