//! One method per operation, returning the call that sends it, and the alias of its error
//! type.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::args::{body_arg, param_arg};
use super::request::{body_step, cookies_step, param_step, path};
use super::response::{error_arms, error_body_ty, success_arms};
use super::tokens::{docs, ident, lit, payload_ty};
use super::validation::validation;
use crate::ir::{Operation, ParamLocation, Payload};

/// `pub type ListTemplatesError = Error<types::ErrorEnvelope>;`
pub(super) fn error_alias(op: &Operation) -> TokenStream {
    let alias = ident(&op.error_alias);
    let doc = docs(Some(&format!("What can go wrong in [`Client::{}`].", op.name)));
    let body = error_body_ty(op);
    quote! {
        #doc
        pub type #alias = Error<#body>;
    }
}

/// The method of one operation: it checks the arguments and builds the request at once,
/// and returns the `Call` that sends it when awaited.
pub(super) fn operation(op: &Operation, runtime: &syn::Path) -> TokenStream {
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
    let mut args: Vec<TokenStream> = op.params.iter().map(|p| param_arg(p, &no_lifetime)).collect();
    if let Some(body) = &op.body {
        args.push(body_arg(body, runtime, &no_lifetime));
    }

    let checks = op.params.iter().map(|p| validation(p, runtime));
    let path = path(op, runtime);
    let method = format_ident!("{}", op.method);
    let (id, http_method, route) = (lit(&op.id), lit(&op.method), lit(&op.path_template));
    let steps = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            matches!(p.location, ParamLocation::Query | ParamLocation::Header) && Some(*i) != op.idempotency_key
        })
        .map(|(_, p)| param_step(p, runtime));
    let body = op.body.as_ref().map(|b| body_step(b, runtime));
    let cookies = cookies_step(op, runtime);
    let security = security(op, runtime);

    let ok_ty = match (&op.success.enum_name, op.success.single_body()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(body)) => payload_ty(body, runtime),
        (None, None) => quote!(()),
    };
    let err_ty = error_body_ty(op);
    let success = success_arms(op, runtime);
    let errors = error_arms(op);
    let (headers_ty, read_headers) = match &op.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            (quote!(, #name), quote!(.reading_headers(#name::read)))
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let streamed = if op.success.streamed.is_empty() {
        TokenStream::new()
    } else {
        let ranges = op.success.streamed.iter().map(|&(first, last)| {
            let (first, last) = (Literal::u16_unsuffixed(first), Literal::u16_unsuffixed(last));
            quote!((#first, #last))
        });
        if op.success.arms.iter().any(|a| matches!(a.body, Payload::Events(_))) {
            quote!(.resumable(&[#(#ranges),*]))
        } else {
            quote!(.streamed(&[#(#ranges),*]))
        }
    };
    // Servers that can answer several ways (JSON or XML, an event stream or a page) pick
    // by `Accept`.
    let accept = match &op.accept {
        Some(media) => {
            let media = lit(media);
            quote!(let request = request.header(reqwest::header::ACCEPT, #media);)
        }
        None => TokenStream::new(),
    };
    let idempotency = op.idempotency_key.map(|i| {
        let p = &op.params[i];
        let key = ident(&p.name);
        if p.required {
            quote!(call.idempotency_key(#key))
        } else {
            quote! {
                match #key {
                    Some(key) => call.idempotency_key(key),
                    None => call.idempotent(),
                }
            }
        }
    });
    let call = match &idempotency {
        Some(_) => quote!(let call = ),
        None => TokenStream::new(),
    };
    let tail = match &idempotency {
        Some(_) => quote!(; #idempotency),
        None => TokenStream::new(),
    };
    quote! {
        #doc
        #deprecated
        #many
        pub fn #name(&self, #(#args),*) -> Call<'_, #ok_ty, #err_ty #headers_ty> {
            const OPERATION: #runtime::Operation = #runtime::Operation { id: #id, method: #http_method, route: #route };
            let request = #runtime::validate::checked(|| {
                #(#checks)*
                let request = self.core.request(reqwest::Method::#method, #path);
                #accept
                #(#steps)*
                #cookies
                #body
                Ok(request)
            });
            #call #runtime::Call::new(&self.core, &OPERATION, request, #security, |response| match response.status().as_u16() {
                #(#success)*
                #(#errors)*
            })
            #read_headers
            #streamed
            #tail
        }
    }
}

/// The credentials the operation sends: those of the first alternative of its security
/// requirement whose credentials are all set.
fn security(op: &Operation, runtime: &syn::Path) -> TokenStream {
    if op.security.is_empty() {
        return quote!(Vec::new());
    }
    let alternatives = op.security.iter().map(|fields| {
        let fields = fields.iter().map(|f| {
            let f = ident(f);
            quote!(self.#f.as_ref())
        });
        quote!(&[#(#fields),*][..])
    });
    quote!(#runtime::security(&[#(#alternatives),*]))
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
