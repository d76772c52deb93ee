//! The `Client` struct: where it sends requests, its credentials, and its builder methods.

use proc_macro2::TokenStream;
use quote::quote;

use super::operation::{builder, error_alias, method};
use super::response::{error_enum, headers_struct, response_enum};
use super::tokens::{Receiver, cfg_groups, docs, ident, lit};
use super::tree::{Node, Piece, items, module_node};
use crate::ir::{Api, CredentialDef, CredentialKind, Group, Operation};

/// The operations' own items (error aliases, response enums, header structs, builders) for
/// the untagged ones, the `Client` struct and its impl block, and a module per group of
/// operations: one piece per operation, so the largest APIs spread over every core.
pub(super) fn client(api: &Api) -> Vec<Node<'_>> {
    let root: Vec<&Operation> = api.operations.iter().filter(|op| op.group.is_none()).collect();
    let mut nodes = operation_items(&root, Receiver::Root);
    nodes.push(items(|runtime| {
        let title = api.title.trim();
        let doc = docs(Some(&format!(
            "A client for {title}.\n\nCheap to clone: clones share one connection pool. `Debug` never shows credentials. \
             Each call has a timeout (30 s by default), retries idempotent requests on connection errors, 429 and 5xx \
             (see [`Client::with_retry`]), refuses responses over 16 MiB, and runs in a `tracing` span."
        )));
        let fields = api.credentials.iter().map(|c| {
            let field = ident(&c.field);
            let doc = docs(Some(&format!("The `{}` credential, when set.", c.scheme)));
            quote!(#doc #field: Option<#runtime::Credential>,)
        });
        quote! {
            #doc
            #[derive(Clone, Debug)]
            pub struct Client {
                core: #runtime::ClientCore,
                #(#fields)*
            }
        }
    }));
    let mut methods = vec![items(|runtime| {
        let constructor = constructor(api, runtime).1;
        let setters = api.credentials.iter().map(|c| credential_setters(c, runtime));
        quote! {
            #constructor

            /// Sends requests to `base_url` (e.g. a staging server or a local mock) instead.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.core.set_base_url(base_url);
                self
            }

            /// Sends requests through `http`, a `reqwest::Client` configured by the caller
            /// (proxy, TLS roots, connection pool).
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.core.set_http_client(http);
                self
            }

            /// Sends requests through a `reqwest-middleware` stack (tracing, caching, auth
            /// refresh, custom retries).
            pub fn with_middleware(mut self, http: #runtime::reqwest_middleware::ClientWithMiddleware) -> Self {
                self.core.set_middleware_client(http);
                self
            }

            /// Limits each attempt to `timeout`; `None` leaves only the HTTP client's limits.
            pub fn with_timeout(mut self, timeout: Option<std::time::Duration>) -> Self {
                self.core.set_timeout(timeout);
                self
            }

            /// Retries by `retry`; `RetryPolicy::none()` turns retrying off.
            pub fn with_retry(mut self, retry: #runtime::RetryPolicy) -> Self {
                self.core.set_retry(retry);
                self
            }

            /// Refuses response bodies larger than `bytes`.
            pub fn with_max_response_bytes(mut self, bytes: usize) -> Self {
                self.core.set_max_response_bytes(bytes);
                self
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#setters)*
        }
    })];
    if !api.groups.is_empty() {
        methods.push(items(|_| {
            let accessors = api
                .groups
                .iter()
                .enumerate()
                .map(|(i, group)| accessor(group, cfg_groups(api, &[i])));
            quote!(#(#accessors)*)
        }));
    }
    methods.extend(
        root.into_iter()
            .map(|op| items(move |runtime| method(op, Receiver::Root, runtime))),
    );
    nodes.push(Node::Block {
        header: Box::new(|_| quote!(impl Client)),
        is_impl: true,
        children: methods,
    });
    nodes.push(items(|runtime| constructor(api, runtime).0));
    nodes.extend(
        api.groups
            .iter()
            .enumerate()
            .map(|(i, group)| group_module(api, i, group)),
    );
    nodes
}

/// Each operation's error alias, response and error enums, headers struct and builder.
fn operation_items<'a>(ops: &[&'a Operation], receiver: Receiver<'a>) -> Vec<Node<'a>> {
    let mut nodes = Vec::new();
    if !ops.is_empty() {
        let ops = ops.to_vec();
        nodes.push(items(move |_| {
            let aliases = ops.iter().map(|op| error_alias(op, receiver));
            quote!(#(#aliases)*)
        }));
    }
    nodes.extend(ops.iter().map(|&op| {
        items(move |runtime| {
            let responses = response_enum(op, receiver, runtime);
            let errors = error_enum(op, receiver, runtime);
            let headers = op.headers.as_ref().map(|h| headers_struct(op, h, receiver, runtime));
            let builder = builder(op, receiver, runtime);
            quote!(#responses #errors #headers #builder)
        })
    }));
    nodes
}

/// `pub fn issues(&self) -> issues::Issues<'_>` on the root client.
fn accessor(group: &Group, cfg: TokenStream) -> TokenStream {
    let (name, module, client) = (ident(&group.accessor), ident(&group.module), ident(&group.client));
    let doc = docs(Some(&format!(
        "The operations tagged `{}`{}",
        group.tag,
        group
            .doc
            .as_deref()
            .map(|d| format!(": {}", d.trim()))
            .unwrap_or_else(|| ".".to_owned())
    )));
    quote! {
        #doc
        #cfg
        pub fn #name(&self) -> #module::#client<'_> {
            #module::#client { client: self }
        }
    }
}

/// A group's module: its sub-client, whose methods are the group's operations, and their
/// own items.
fn group_module<'a>(api: &'a Api, index: usize, group: &'a Group) -> Node<'a> {
    let ops: Vec<&Operation> = api.operations.iter().filter(|op| op.group == Some(index)).collect();
    let receiver = Receiver::Group(group);
    let mut children = vec![items(move |_| {
        let client = ident(&group.client);
        let doc = docs(Some(&format!(
            "The operations tagged `{}`, from [`Client::{}`].",
            group.tag, group.accessor
        )));
        // The service module (generated code's `super`, not an emitter module).
        let service = quote!(super);
        quote! {
            #[allow(unused_imports)]
            use #service::*;

            #doc
            #[derive(Clone, Copy, Debug)]
            pub struct #client<'a> {
                pub(super) client: &'a Client,
            }
        }
    })];
    let methods: Vec<Node<'a>> = ops
        .iter()
        .map(|&op| items(move |runtime| method(op, receiver, runtime)))
        .collect();
    children.push(Node::Block {
        header: Box::new(move |_| {
            let client = ident(&group.client);
            quote!(impl<'a> #client<'a>)
        }),
        is_impl: true,
        children: methods,
    });
    children.extend(operation_items(&ops, receiver));
    let file = api.module_files.then(|| format!("{}/{}.rs", api.module, group.module));
    let header: Piece<'a> = Box::new(move |_| {
        let module = ident(&group.module);
        let doc = docs(Some(&format!(
            "{}\n\nThe operations tagged `{}`, and their own types; the data types they share are in [`types`].",
            group
                .doc
                .as_deref()
                .map_or_else(|| format!("`{}`", group.tag), |d| d.trim().to_owned()),
            group.tag
        )));
        let cfg = cfg_groups(api, &[index]);
        quote! {
            #doc
            #cfg
            pub mod #module
        }
    });
    module_node(header, children, file)
}

/// `new`: takes the base URL when the spec has no absolute server, and the credentials the
/// document-wide security requirement names; others start unset. Returns it with a
/// `Default` impl when it takes no arguments.
fn constructor(api: &Api, runtime: &syn::Path) -> (TokenStream, TokenStream) {
    let mut args = Vec::new();
    let mut arg_docs = String::new();
    let base_url = match &api.default_base_url {
        Some(url) => {
            let url = lit(url);
            quote!(#url)
        }
        None => {
            args.push(quote!(base_url: impl Into<String>));
            arg_docs.push_str("\n- `base_url`: where the API is served; the spec names no absolute server.");
            quote!(base_url)
        }
    };
    let inits: Vec<TokenStream> = api
        .credentials
        .iter()
        .map(|c| {
            let field = ident(&c.field);
            if !c.in_constructor {
                return quote!(#field: None,);
            }
            args.push(quote!(#field: impl Into<Secret>));
            let description = c
                .description
                .as_deref()
                .map(|d| d.trim().replace('\n', " "))
                .unwrap_or_default();
            let description = if description.is_empty() {
                "the credential.".to_owned()
            } else {
                description
            };
            arg_docs.push_str(&format!("\n- `{}`: {description}", c.field));
            let credential = credential(c, quote!(#field.into()), runtime);
            quote!(#field: Some(#credential),)
        })
        .collect();
    let server = match &api.default_base_url {
        Some(url) => format!("Creates a client for `{url}`, the spec's first server."),
        None => "Creates a client.".to_owned(),
    };
    let doc = if arg_docs.is_empty() {
        server
    } else {
        format!("{server}\n{arg_docs}")
    };
    let doc = docs(Some(&doc));
    let default = if args.is_empty() {
        quote! {
            impl Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let many = if args.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let constructor = quote! {
        #doc
        #many
        pub fn new(#(#args),*) -> Self {
            Self {
                core: #runtime::ClientCore::new(#base_url),
                #(#inits)*
            }
        }
    };
    (default, constructor)
}

fn credential(c: &CredentialDef, secret: TokenStream, runtime: &syn::Path) -> TokenStream {
    match &c.kind {
        CredentialKind::Bearer | CredentialKind::OAuth2 { .. } => quote!(#runtime::Credential::Bearer(#secret)),
        // Two values, the arguments of its setter (`new` never takes it): `secret` is unused.
        CredentialKind::Basic => quote!(#runtime::Credential::Basic {
            username: username.into(),
            password: password.into(),
        }),
        CredentialKind::Header { name, .. } => {
            let name = lit(&name.to_ascii_lowercase());
            quote!(#runtime::Credential::ApiKeyHeader {
                header: reqwest::header::HeaderName::from_static(#name),
                key: #secret,
            })
        }
        CredentialKind::Query { name } => {
            let name = lit(name);
            quote!(#runtime::Credential::ApiKeyQuery { parameter: #name.to_owned(), key: #secret })
        }
    }
}

pub(super) fn credential_setters(c: &CredentialDef, runtime: &syn::Path) -> TokenStream {
    let field = ident(&c.field);
    let setter = ident(&c.setter);
    let credential = credential(c, quote!(secret.into()), runtime);
    let doc = docs(Some(&format!("Sets the `{}` credential.", c.scheme)));
    let header_setter = match &c.kind {
        CredentialKind::Header { name, setter } => {
            let setter = ident(setter);
            let doc = docs(Some(&format!(
                "Sends the `{}` credential in the header `header` instead of `{name}`.",
                c.scheme
            )));
            quote! {
                #doc
                pub fn #setter(mut self, header: reqwest::header::HeaderName) -> Self {
                    if let Some(#runtime::Credential::ApiKeyHeader { header: current, .. }) = &mut self.#field {
                        *current = header;
                    }
                    self
                }
            }
        }
        CredentialKind::OAuth2 {
            token_url: Some(token_url),
            grant_setter: Some(grant_setter),
        } => {
            let grant_setter = ident(grant_setter);
            let doc = docs(Some(&format!(
                "Fetches the `{}` credential's tokens with the OAuth2 client credentials grant from `{token_url}`, \
                 asking for `scopes` (none: the server's default). Tokens are cached, fetched again before they \
                 expire, and once after a 401.",
                c.scheme
            )));
            let token_url = lit(token_url);
            quote! {
                #doc
                pub fn #grant_setter(
                    mut self,
                    client_id: impl Into<String>,
                    client_secret: impl Into<Secret>,
                    scopes: &[&str],
                ) -> Self {
                    self.#field = Some(#runtime::Credential::OAuth2(#runtime::ClientCredentials::new(
                        #token_url,
                        client_id,
                        client_secret,
                        scopes.iter().copied(),
                    )));
                    self
                }
            }
        }
        _ => TokenStream::new(),
    };
    if c.kind == CredentialKind::Basic {
        let doc = docs(Some(&format!(
            "Sets the `{}` credential: HTTP Basic authentication as `username` with `password`.",
            c.scheme
        )));
        return quote! {
            #doc
            pub fn #setter(mut self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
                self.#field = Some(#credential);
                self
            }
        };
    }
    let doc = match c.kind {
        CredentialKind::OAuth2 { .. } => docs(Some(&format!(
            "Sets the `{}` credential: an OAuth2 access token, sent as a bearer token.",
            c.scheme
        ))),
        _ => doc,
    };
    quote! {
        #doc
        pub fn #setter(mut self, secret: impl Into<Secret>) -> Self {
            self.#field = Some(#credential);
            self
        }

        #header_setter
    }
}
