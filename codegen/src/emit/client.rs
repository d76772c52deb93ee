//! The `Client` struct and one async method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, lit, rust_ty};
use crate::ir::{
    Api, CredentialDef, CredentialKind, Operation, Param, ParamLocation, PathPart, Ty, TypeKind,
};

pub(super) fn client(api: &Api, runtime: &syn::Path) -> TokenStream {
    let title = api.title.trim();
    let doc = docs(Some(&format!(
        "A client for {title}.\n\nCheap to clone: clones share one connection pool. `Debug` never shows credentials."
    )));
    let fields = api.credentials.iter().map(|c| {
        let field = ident(&c.field);
        let doc = docs(Some(&format!("The `{}` credential, when set.", c.scheme)));
        quote!(#doc #field: Option<#runtime::Credential>,)
    });
    let (default, constructor) = constructor(api, runtime);
    let setters = api
        .credentials
        .iter()
        .map(|c| credential_setters(c, runtime));
    let copy_types: Vec<&str> = api
        .types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::IntEnum(_)))
        .map(|t| t.name.as_str())
        .collect();
    let operations = api
        .operations
        .iter()
        .map(|op| operation(op, runtime, &copy_types));
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            base_url: String,
            http: reqwest::Client,
            #(#fields)*
        }

        impl Client {
            #constructor

            /// Sends requests to `base_url` (e.g. a staging server or a local mock) instead.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                let mut base_url = base_url.into();
                while base_url.ends_with('/') {
                    base_url.pop();
                }
                self.base_url = base_url;
                self
            }

            /// Sends requests through `http`, a `reqwest::Client` configured by the caller
            /// (proxy, TLS roots, timeouts).
            pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #(#setters)*

            #(#operations)*
        }

        #default
    }
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
            quote!(#url.to_owned())
        }
        None => {
            args.push(quote!(base_url: impl Into<String>));
            arg_docs.push_str(
                "\n- `base_url`: where the API is served; the spec names no absolute server.",
            );
            quote!(base_url.into().trim_end_matches('/').to_owned())
        }
    };
    let inits = api.credentials.iter().map(|c| {
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
        arg_docs.push_str(&format!(
            "\n- `{}`: {}",
            c.field,
            if description.is_empty() {
                "the credential."
            } else {
                &description
            }
        ));
        let credential = credential(c, quote!(#field.into()), runtime);
        quote!(#field: Some(#credential),)
    });
    let inits: Vec<_> = inits.collect();
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
    (
        default,
        quote! {
            #doc
            pub fn new(#(#args),*) -> Self {
                Self {
                    base_url: #base_url,
                    http: reqwest::Client::new(),
                    #(#inits)*
                }
            }
        },
    )
}

fn credential(c: &CredentialDef, secret: TokenStream, runtime: &syn::Path) -> TokenStream {
    match &c.kind {
        CredentialKind::Bearer => quote!(#runtime::Credential::Bearer(#secret)),
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

fn credential_setters(c: &CredentialDef, runtime: &syn::Path) -> TokenStream {
    let field = ident(&c.field);
    let setter = ident(&format!("with_{}", c.field));
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
        _ => TokenStream::new(),
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

/// How an argument of type `ty` is taken: by value for small `Copy` types, by reference
/// otherwise, `&str` and `&[T]` for strings and lists.
fn arg_ty(ty: &Ty, copy_types: &[&str]) -> TokenStream {
    let types = quote!(types::);
    match ty {
        Ty::String => quote!(&str),
        Ty::Vec(item) => {
            let item = rust_ty(item, &types);
            quote!(&[#item])
        }
        Ty::Named(name) if copy_types.contains(&name.as_str()) => rust_ty(ty, &types),
        ty if ty.is_copy() => rust_ty(ty, &types),
        ty => {
            let ty = rust_ty(ty, &types);
            quote!(&#ty)
        }
    }
}

fn operation(op: &Operation, runtime: &syn::Path, copy_types: &[&str]) -> TokenStream {
    let name = ident(&op.name);
    let types = quote!(types::);
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
    let doc = docs(Some(&doc));
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

    let mut args: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = arg_ty(&p.ty, copy_types);
            if p.required {
                quote!(#name: #ty)
            } else {
                quote!(#name: Option<#ty>)
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = arg_ty(&body.ty, copy_types);
        args.push(if body.required {
            quote!(body: #ty)
        } else {
            quote!(body: Option<#ty>)
        });
    }

    let url = url(op, runtime);
    let method = ident(&op.method.to_lowercase());
    let steps = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(param_step);
    let body = op.body.as_ref().map(|b| {
        if b.required {
            quote!(let request = request.json(body);)
        } else {
            quote! {
                let request = match body {
                    Some(body) => request.json(body),
                    None => request,
                };
            }
        }
    });
    let credentials = op.credentials.iter().map(|field| {
        let field = ident(field);
        quote! {
            let request = match &self.#field {
                Some(credential) => credential.apply(request),
                None => request,
            };
        }
    });

    let ok_ty = match &op.success.ty {
        Some(ty) => rust_ty(ty, &types),
        None => quote!(()),
    };
    let err_ty = match &op.error {
        Some(ty) => {
            let ty = rust_ty(ty, &types);
            quote!(Error<#ty>)
        }
        None => quote!(Error),
    };
    let decode = match (&op.success.ty, op.success.envelope) {
        (None, _) => quote!(response.empty()),
        (Some(_), true) => quote!(response.json_envelope()),
        (Some(_), false) => quote!(response.json()),
    };
    let statuses = if op.success.statuses.is_empty() {
        quote!(200..=299)
    } else {
        let codes = op
            .success
            .statuses
            .iter()
            .map(|c| proc_macro2::Literal::u16_unsuffixed(*c));
        quote!(#(#codes)|*)
    };

    quote! {
        #doc
        #deprecated
        #many
        pub async fn #name(&self, #(#args),*) -> Result<#ok_ty, #err_ty> {
            let url = #url;
            let request = self.http.#method(url);
            #(#steps)*
            #body
            #(#credentials)*
            let response = #runtime::send(request).await?;
            match response.status().as_u16() {
                #statuses => #decode,
                _ => Err(response.error()),
            }
        }
    }
}

/// `format!("{}/pets/{}", self.base_url, encode_path_segment(&id.to_string()))`.
fn url(op: &Operation, runtime: &syn::Path) -> TokenStream {
    let mut template = String::from("{}");
    let mut args = vec![quote!(self.base_url)];
    for part in &op.path {
        match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Param(name) => {
                template.push_str("{}");
                let is_str = op
                    .params
                    .iter()
                    .any(|p| &p.name == name && p.ty == Ty::String);
                let name = ident(name);
                args.push(if is_str {
                    quote!(#runtime::encode_path_segment(#name))
                } else {
                    quote!(#runtime::encode_path_segment(&#name.to_string()))
                });
            }
        }
    }
    let template = lit(&template);
    quote!(format!(#template, #(#args),*))
}

/// Adds a query or header parameter to `request`.
fn param_step(p: &Param) -> TokenStream {
    let name = ident(&p.name);
    let wire = lit(&p.wire_name);
    let add = |value: TokenStream| match (p.location, &p.ty) {
        (ParamLocation::Query, Ty::Vec(_)) => {
            quote!(request.query(&#value.iter().map(|item| (#wire, item)).collect::<Vec<_>>()))
        }
        (ParamLocation::Query, _) => quote!(request.query(&[(#wire, #value)])),
        (ParamLocation::Header, _) => quote!(request.header(#wire, #value.to_string())),
        (ParamLocation::Path, _) => quote!(request),
    };
    if p.required {
        let add = add(quote!(#name));
        quote!(let request = #add;)
    } else {
        let add = add(quote!(value));
        quote! {
            let request = match #name {
                Some(value) => #add,
                None => request,
            };
        }
    }
}
