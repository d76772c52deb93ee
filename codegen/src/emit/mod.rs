//! Phase 3: the IR to tokens with `quote!`.
//!
//! One function per item shape, each returning one readable `quote!` block (as in
//! tonic-build). Nothing is decided here: names, types and order all come from the IR.
//!
//! - `types.rs`: the `types` module (structs, open enums, aliases);
//! - `client.rs`: the `Client` struct, its constructor, credentials and builder methods;
//! - `operation.rs`: one async method per operation, built from
//!   `request.rs` (path, parameters, cookies, body), `validation.rs` (constraints) and
//!   `response.rs` (success arms, response enums); `paging.rs`: paging streams;
//! - this file: the service module around them, docs, and Rust types.

mod client;
mod operation;
mod paging;
mod request;
mod response;
mod types;
mod validation;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Ty};

/// The service module: `pub mod <name> { pub mod types {...} pub struct Client {...} }`.
pub fn api(api: &Api, runtime: &syn::Path) -> TokenStream {
    let module = ident(&api.module);
    let mut doc = format!("{} (API version {})", api.title.trim(), api.version.trim());
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim());
    }
    let doc = docs(Some(&doc));
    let types = types::module(api, runtime);
    let client = client::client(api, runtime);
    quote! {
        #doc
        // Descriptions are the spec author's prose, and rustdoc would read their bare
        // URLs, brackets and angle brackets as markup.
        #[allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        pub mod #module {
            pub use #runtime::{Error, Secret};

            #types

            #client
        }
    }
}

/// An identifier; names in the IR are already legal, and raw keywords never reach here.
fn ident(name: &str) -> Ident {
    // Names from `names` never start with a digit or equal a keyword, so `Ident::new` holds.
    format_ident!("{}", name)
}

/// `#[doc = "..."]` attributes, one per line, which prettyplease prints as `///` comments.
fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|line| {
        let line = line.trim_end();
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// The Rust type of `ty`. `types` is the path to the types module from where it is used
/// (empty inside it).
fn rust_ty(ty: &Ty, types: &TokenStream) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 | Ty::I64String => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::String => quote!(String),
        Ty::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Ty::Date => quote!(chrono::NaiveDate),
        Ty::UnixTime => quote!(chrono::DateTime<chrono::Utc>),
        Ty::Json => quote!(serde_json::Value),
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#types #name)
        }
        Ty::Vec(item) => {
            let item = rust_ty(item, types);
            quote!(Vec<#item>)
        }
        Ty::Map(value) => {
            let value = rust_ty(value, types);
            quote!(std::collections::BTreeMap<String, #value>)
        }
    }
}

/// A string literal token.
fn lit(s: &str) -> proc_macro2::Literal {
    let mut lit = proc_macro2::Literal::string(s);
    lit.set_span(Span::call_site());
    lit
}
