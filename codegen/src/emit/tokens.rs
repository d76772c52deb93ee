//! The small pieces every emitter prints: identifiers, literals, doc attributes and Rust
//! types. A leaf module: it imports no other emitter.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Group, Operation, Payload, Ty};

/// `#[inline]`, on every function of an operation (its method, its builder's setters,
/// `send` and `stream`, and the reader of its response headers). Not for speed: rustc compiles an `#[inline]` function, and the
/// decoding and encoding it instantiates (serde's code for every type its answers and
/// body hold), only in a crate that calls it. So a crate that uses two of GitHub's 1,223
/// operations compiles those two, and the generated crate itself compiles almost no code
/// (its build is mostly type and borrow checking: GitHub's went from 6.7x a progenitor
/// nexus build and 3.9 GB to about 4x and 2.5 GB; BENCHMARKS.md).
pub(super) fn compiled_where_called() -> TokenStream {
    quote!(#[inline])
}

/// An identifier; names in the IR are already legal, and raw keywords never reach here.
pub(super) fn ident(name: &str) -> Ident {
    // Names from `names` never start with a digit or equal a keyword, so `Ident::new` holds.
    format_ident!("{}", name)
}

/// A string literal token.
pub(super) fn lit(s: &str) -> proc_macro2::Literal {
    let mut lit = proc_macro2::Literal::string(s);
    lit.set_span(Span::call_site());
    lit
}

/// A raw string literal (`r#"..."#`), with as many `#` as the text needs: JSON reads
/// better without escaped quotes.
pub(super) fn raw_lit(s: &str) -> proc_macro2::Literal {
    let mut hashes = 1;
    while s.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{s}\"{fence}").parse().unwrap_or_else(|_| lit(s))
}

/// `#[doc = "..."]` attributes, one per line, which prettyplease prints as `///` comments.
pub(super) fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(doc_text) else {
        return TokenStream::new();
    };
    let text = text.trim();
    if text.is_empty() {
        return TokenStream::new();
    }
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

/// Spec prose made fit for a `///` comment: line breaks of every kind (`\r\n`, a lone `\r`,
/// which rustc rejects as a "bare CR" in a doc comment, and Unicode's line and paragraph
/// separators) become `\n`, and other control characters (NUL, escapes) are dropped.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The Rust type of `ty`. `types` is the path to the types module from where it is used
/// (empty inside it).
pub(super) fn rust_ty(ty: &Ty, types: &TokenStream) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 | Ty::I64String => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::String => quote!(String),
        Ty::DateTime => quote!(chrono::DateTime<chrono::FixedOffset>),
        Ty::Date => quote!(chrono::NaiveDate),
        Ty::Uuid => quote!(uuid::Uuid),
        Ty::File => quote!(multipart::File),
        Ty::Nullable(inner) => {
            let inner = rust_ty(inner, types);
            quote!(Option<#inner>)
        }
        Ty::Tuple(items) => {
            let items = items.iter().map(|item| rust_ty(item, types));
            quote!((#(#items,)*))
        }
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

/// The Rust type of a response body, outside the types module.
pub(super) fn payload_ty(body: &Payload, runtime: &syn::Path) -> TokenStream {
    match body {
        Payload::None => quote!(()),
        Payload::Json(ty) => rust_ty(ty, &quote!(types::)),
        Payload::Text => quote!(String),
        Payload::Bytes => quote!(#runtime::bytes::Bytes),
        Payload::Stream => quote!(#runtime::ByteStream),
        Payload::Events(data) => {
            let data = match data {
                Some(ty) => rust_ty(ty, &quote!(types::)),
                None => quote!(String),
            };
            quote!(#runtime::sse::EventStream<#data>)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::doc_text;

    #[test]
    fn doc_text_keeps_prose_and_drops_what_rustdoc_rejects() {
        assert_eq!(doc_text("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(doc_text("nul\0 bell\u{7} esc\u{1b}[0m"), "nul bell esc[0m");
        assert_eq!(doc_text("tab\tand\u{2028}sep"), "tab\tand\nsep");
        assert_eq!(
            doc_text("*/ `code` <b> https://x.example é 日本"),
            "*/ `code` <b> https://x.example é 日本"
        );
    }
}

/// Where an operation's method is: on the root `Client`, or on a group's sub-client.
#[derive(Clone, Copy)]
pub(super) enum Receiver<'g> {
    /// `impl Client`: methods take `&self`.
    Root,
    /// `impl<'a> Issues<'a>`: methods take the sub-client (a `Copy` reference) by value.
    Group(&'g Group),
}

impl Receiver<'_> {
    /// The method's path in docs (`Client::get_pet`, `Issues::list_for_repo`).
    pub(super) fn doc_path(self, op: &Operation) -> String {
        match self {
            Receiver::Root => format!("Client::{}", op.fn_name),
            Receiver::Group(group) => format!("{}::{}", group.client, op.fn_name),
        }
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]`: the features of the
/// groups `groups`, when the API puts groups behind features and the list is not empty.
pub(super) fn cfg_groups(api: &Api, groups: &[usize]) -> TokenStream {
    let predicate = cfg_predicate(api, groups, false);
    if predicate.is_empty() {
        return TokenStream::new();
    }
    let predicate: TokenStream = predicate.parse().unwrap_or_default();
    quote!(#[cfg(#predicate)])
}

/// The predicate of [`cfg_groups`] as text (`feature = "a"`), with the `other_types`
/// feature when `unreferenced`; empty without one.
pub(super) fn cfg_predicate(api: &Api, groups: &[usize], unreferenced: bool) -> String {
    if !api.features || groups.is_empty() && !unreferenced {
        return String::new();
    }
    let features: Vec<String> = groups
        .iter()
        .map(|&g| api.groups[g].module.as_str())
        .chain(unreferenced.then_some(crate::names::OTHER_TYPES))
        .map(|feature| format!("feature = {feature:?}"))
        .collect();
    match features.as_slice() {
        [one] => one.clone(),
        _ => format!("any({})", features.join(", ")),
    }
}
