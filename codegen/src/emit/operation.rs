//! One async method per operation, and the alias of its error type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::args::{body_arg, param_arg};
use super::request::{body_step, cookies_step, param_step, path};
use super::response::success_arms;
use super::tokens::{docs, ident, lit, payload_ty, rust_ty};
use super::validation::validation;
use crate::ir::{Operation, ParamLocation};

/// `pub type ListTemplatesError = Error<types::ErrorEnvelope>;`
pub(super) fn error_alias(op: &Operation) -> TokenStream {
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

/// The async method of one operation.
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
        .filter(|p| matches!(p.location, ParamLocation::Query | ParamLocation::Header))
        .map(|p| param_step(p, runtime));
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
