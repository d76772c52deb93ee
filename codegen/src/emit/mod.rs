//! Phase 3: the IR to tokens with `quote!`.
//!
//! One function per item shape, each returning one readable `quote!` block (as in
//! tonic-build). Nothing is decided here: names, types, order, how each value is passed,
//! encoded and checked all come from the IR. The files import one another without a cycle
//! (`layout::no_import_cycle` holds them to it; `tests.rs` has a test per emitted shape), leaves first:
//!
//! - `tokens.rs`: identifiers, literals, doc comments, Rust types;
//! - `tree.rs`: the file as a tree of lazily emitted pieces, for `render`;
//! - `args.rs`: method arguments; `request.rs`: path, parameters, cookies and body;
//!   `validation.rs`: checks; `response.rs`: success arms and response enums;
//! - `operation.rs`: one async method per operation; `paging.rs`: paging streams;
//! - `types.rs`: the `types` module; `client.rs`: the `Client` and its impl block;
//! - `contract.rs`: the contract tests, when the IR has example calls;
//! - this file: the service module around them.

mod args;
mod client;
mod contract;
mod operation;
mod paging;
mod request;
mod response;
#[cfg(test)]
mod tests;
mod tokens;
mod tree;
mod types;
mod validation;

use quote::quote;

pub use tokens::doc_text;
pub use tree::{Node, Piece, count_tokens};

use crate::ir::Api;

/// The constant of the runtime's `__codegen` module that generated code requires: it names
/// the runtime's version (major and minor of a 0.x), which is this crate's own.
pub const RUNTIME_VERSION_CONST: &str = "OPENAPI_CLIENT_RUNTIME_0_1";

/// The service module: `pub mod <name> { pub mod types {...} pub struct Client {...} }`.
pub fn api(api: &Api) -> Vec<Node<'_>> {
    let header = move |_: &syn::Path| {
        let module = tokens::ident(&api.module);
        let mut doc = format!("{} (API version {})", api.title.trim(), api.version.trim());
        if let Some(description) = &api.description {
            doc.push_str("\n\n");
            doc.push_str(description.trim());
        }
        let doc = tokens::docs(Some(&doc));
        quote! {
            #doc
            // Descriptions are the spec author's prose, and rustdoc would read their bare
            // URLs, brackets and angle brackets as markup.
            #[allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
            pub mod #module
        }
    };
    let mut children = vec![tree::items(|runtime| {
        let version = quote::format_ident!("{}", RUNTIME_VERSION_CONST);
        quote! {
            pub use #runtime::{Call, Error, Secret, multipart::File};
            // The crates generated code builds on, as the runtime has them.
            #[allow(unused_imports)]
            use #runtime::{chrono, multipart, reqwest, serde, serde_json, uuid};
            // Fails to compile, naming this constant, against a runtime of another version.
            const _: () = #runtime::#version;
        }
    })];
    children.push(types::module(api));
    children.extend(client::client(api));
    children.extend(contract::module(api));
    vec![Node::Block {
        header: Box::new(header),
        is_impl: false,
        children,
    }]
}

#[cfg(test)]
mod layout {
    use std::collections::{BTreeMap, BTreeSet};

    /// Which emitter files each one names (`super::x`, or `x::` from this file), read off
    /// the sources: there must be no cycle, so each file can be read after the ones it uses.
    #[test]
    fn no_import_cycle() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit");
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).expect("src/emit is readable") {
            let path = entry.expect("an entry").path();
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            files.insert(stem, std::fs::read_to_string(&path).expect("a source file"));
        }
        assert!(
            files.len() >= 10,
            "the emitter files were not found in {}",
            dir.display()
        );
        let modules: BTreeSet<String> = files.keys().filter(|k| *k != "mod").cloned().collect();
        let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
        for (name, text) in &files {
            // Leave out the inline test module (`#[cfg(test)]` then `mod ... {`), and only it.
            let code = text.split("#[cfg(test)]\nmod layout {").next().unwrap_or_default();
            let code = code.split("#[cfg(test)]\nmod tests {").next().unwrap_or_default();
            let uses = edges.entry(name).or_default();
            for (i, _) in code.match_indices("super::") {
                let rest = &code[i + "super::".len()..];
                let target: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let target = if modules.contains(&target) {
                    target
                } else {
                    "mod".to_owned()
                };
                if name != "mod" && target != *name {
                    uses.insert(target);
                }
            }
            if name == "mod" {
                for module in &modules {
                    if code.contains(&format!("{module}::")) {
                        uses.insert(module.clone());
                    }
                }
            }
        }
        // Depth-first search for a back edge.
        fn visit<'a>(
            node: &'a str,
            edges: &'a BTreeMap<&str, BTreeSet<String>>,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) {
            if done.contains(node) {
                return;
            }
            assert!(
                !path.contains(&node),
                "emit/ has an import cycle: {} -> {node}",
                path.join(" -> ")
            );
            path.push(node);
            for next in edges.get(node).into_iter().flatten() {
                visit(next, edges, path, done);
            }
            path.pop();
            done.insert(node);
        }
        let mut done = BTreeSet::new();
        for name in edges.keys() {
            visit(name, &edges, &mut Vec::new(), &mut done);
        }
        assert!(edges["client"].contains("operation") && edges["operation"].contains("tokens"));
    }
}
