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

/// Emits one piece of the file from the runtime crate's path. Tokens cannot cross threads,
/// so a piece is emitted on the thread that renders it, just before rendering.
pub type Piece<'a> = Box<dyn Fn(&syn::Path) -> TokenStream + Send + Sync + 'a>;

/// The generated file as a tree of pieces. Each piece is emitted, formatted and dropped on
/// its own, on any thread: as one `syn::File`, GitHub's API held 400 MB of syntax tree.
pub enum Node<'a> {
    /// One or more items (or associated items, inside an impl block).
    Items(Piece<'a>),
    /// `header { children }`: a module, or an impl block when `is_impl`.
    Block {
        /// Attributes and `pub mod name` or `impl Name`, without the braces.
        header: Piece<'a>,
        /// Whether the children are associated items.
        is_impl: bool,
        /// What goes between the braces, in order.
        children: Vec<Node<'a>>,
    },
}

impl std::fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Node::Items(_) => f.write_str("Items"),
            Node::Block { is_impl, children, .. } => f
                .debug_struct("Block")
                .field("is_impl", is_impl)
                .field("children", children)
                .finish(),
        }
    }
}

/// Emits every piece of `nodes` and counts the token trees (for benchmarks).
pub fn count_tokens(nodes: &[Node<'_>], runtime: &syn::Path) -> usize {
    fn count(tokens: TokenStream) -> usize {
        tokens
            .into_iter()
            .map(|tree| match tree {
                proc_macro2::TokenTree::Group(group) => 1 + count(group.stream()),
                _ => 1,
            })
            .sum()
    }
    nodes
        .iter()
        .map(|node| match node {
            Node::Items(piece) => count(piece(runtime)),
            Node::Block { header, children, .. } => count(header(runtime)) + count_tokens(children, runtime),
        })
        .sum()
}

fn items<'a>(piece: impl Fn(&syn::Path) -> TokenStream + Send + Sync + 'a) -> Node<'a> {
    Node::Items(Box::new(piece))
}

/// The service module: `pub mod <name> { pub mod types {...} pub struct Client {...} }`.
pub fn api(api: &Api) -> Vec<Node<'_>> {
    let header = move |_: &syn::Path| {
        let module = ident(&api.module);
        let mut doc = format!("{} (API version {})", api.title.trim(), api.version.trim());
        if let Some(description) = &api.description {
            doc.push_str("\n\n");
            doc.push_str(description.trim());
        }
        let doc = docs(Some(&doc));
        quote! {
            #doc
            // Descriptions are the spec author's prose, and rustdoc would read their bare
            // URLs, brackets and angle brackets as markup.
            #[allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
            pub mod #module
        }
    };
    let mut children = vec![items(|runtime| quote!(pub use #runtime::{Error, Secret};))];
    children.push(types::module(api));
    children.extend(client::client(api));
    vec![Node::Block {
        header: Box::new(header),
        is_impl: false,
        children,
    }]
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
