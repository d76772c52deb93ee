//! One method per operation, returning the call that sends it, and the alias of its error
//! type.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::args::{arg_ty, body_arg, body_arg_ty, param_arg};
use super::paging::stream;
use super::request::{body_step, cookies_step, param_step, path};
use super::response::{error_arms, error_body_ty, success_arms};
use super::tokens::{Receiver, compiled_where_called, docs, ident, lit, payload_ty};
use super::validation::validation;
use crate::ir::{BodyMedia, Operation, Param, ParamLocation, Payload};

/// `pub type ListTemplatesError = Error<types::ErrorEnvelope>;`
pub(super) fn error_alias(op: &Operation, receiver: Receiver<'_>) -> TokenStream {
    let alias = ident(&op.error_alias);
    let doc = docs(Some(&format!("What can go wrong in [`{}`].", receiver.doc_path(op))));
    let body = error_body_ty(op);
    quote! {
        #doc
        pub type #alias = Error<#body>;
    }
}

/// Whether parameter `i` is set by a setter of the operation's builder rather than taken
/// by its method: an optional parameter, but for the `Idempotency-Key`, which the call's
/// own `idempotency_key` sets.
fn is_setter(op: &Operation, i: usize) -> bool {
    op.builder.is_some() && !op.params[i].required && Some(i) != op.idempotency_key
}

/// The method of one operation. Without optional inputs it checks the arguments, builds the
/// request at once and returns the `Call` that sends it when awaited; with them it returns
/// the operation's builder, holding the required arguments.
pub(super) fn method(op: &Operation, receiver: Receiver<'_>, runtime: &syn::Path) -> TokenStream {
    let inline = compiled_where_called();
    let name = ident(&op.fn_name);
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let Some(builder) = &op.builder else {
        let doc = docs(Some(&method_doc(op, None)));
        // One argument per parameter mirrors the spec; clippy's limit counts `self` too.
        let many = too_many(op.params.len() + usize::from(op.body.is_some()) + 1);
        let no_lifetime = TokenStream::new();
        let mut args: Vec<TokenStream> = op.params.iter().map(|p| param_arg(p, &no_lifetime)).collect();
        if let Some(body) = &op.body {
            args.push(body_arg(body, runtime, &no_lifetime));
        }
        let (recv, lifetime, client) = match receiver {
            Receiver::Root => (quote!(&self), quote!('_), quote!(self)),
            Receiver::Group(_) => (quote!(self), quote!('a), quote!(self.client)),
        };
        let ty = call_ty(op, &lifetime, runtime);
        let call = call(op, &client, runtime);
        return quote! {
            #doc
            #deprecated
            #many
            #inline
            pub fn #name(#recv, #(#args),*) -> #ty {
                #call
            }
        };
    };
    let builder = ident(builder);
    let doc = docs(Some(&method_doc(op, Some(&builder.to_string()))));
    let lifetime = quote!('a);
    // The optional inputs are the builder's: setters, and its `idempotency_key`.
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let mut args: Vec<TokenStream> = required.iter().map(|p| param_arg(p, &lifetime)).collect();
    let required_body = op.body.as_ref().filter(|b| b.required);
    if let Some(body) = required_body {
        args.push(body_arg(body, runtime, &lifetime));
    }
    let many = too_many(args.len() + 1);
    let mut fields: Vec<TokenStream> = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != op.idempotency_key || op.params[*i].required)
        .map(|(i, p)| {
            let field = ident(&p.name);
            if is_setter(op, i) {
                quote!(#field: None)
            } else {
                quote!(#field)
            }
        })
        .collect();
    match &op.body {
        Some(body) if body.media == BodyMedia::Binary && body.required => fields.push(quote!(body: body.into())),
        Some(body) if body.required => fields.push(quote!(body)),
        Some(_) => fields.push(quote!(body: None)),
        None => {}
    }
    let (recv, client) = match receiver {
        Receiver::Root => (quote!(&'a self), quote!(self)),
        Receiver::Group(_) => (quote!(self), quote!(self.client)),
    };
    let generics = match receiver {
        Receiver::Root => quote!(<'a>),
        Receiver::Group(_) => TokenStream::new(),
    };
    quote! {
        #doc
        #deprecated
        #many
        #inline
        pub fn #name #generics(#recv, #(#args),*) -> #builder<'a> {
            #builder {
                client: #client,
                #(#fields,)*
                options: #runtime::CallOptions::new(),
            }
        }
    }
}

/// `#[allow(clippy::too_many_arguments)]` over clippy's limit of 7.
fn too_many(count: usize) -> TokenStream {
    if count > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    }
}

/// `Call<'a, T, E, H>`: what the operation's call gives.
fn call_ty(op: &Operation, lifetime: &TokenStream, runtime: &syn::Path) -> TokenStream {
    let ok_ty = ok_ty(op, runtime);
    let err_ty = error_body_ty(op);
    let headers_ty = match &op.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            quote!(, #name)
        }
        None => TokenStream::new(),
    };
    quote!(Call<#lifetime, #ok_ty, #err_ty #headers_ty>)
}

/// What a success decodes into.
fn ok_ty(op: &Operation, runtime: &syn::Path) -> TokenStream {
    match (&op.success.enum_name, op.success.single_body()) {
        (Some(name), _) => {
            let name = ident(name);
            quote!(#name)
        }
        (None, Some(body)) => payload_ty(body, runtime),
        (None, None) => quote!(()),
    }
}

/// The struct an operation with optional inputs returns: its inputs as fields, a setter
/// per optional one, `send` to get the `Call`, the `Call`'s own methods and `IntoFuture`,
/// and for a paged operation, `stream`.
pub(super) fn builder(op: &Operation, receiver: Receiver<'_>, runtime: &syn::Path) -> TokenStream {
    let inline = compiled_where_called();
    let Some(name) = &op.builder else {
        return TokenStream::new();
    };
    let builder = ident(name);
    let lifetime = quote!('a);
    let doc = docs(Some(&format!(
        "The call of [`{}`]: set its optional inputs by name, then `.await` it (or call a method of \
         [`Call`] on it). New optional parameters in the spec become new setters, so code using this keeps compiling.",
        receiver.doc_path(op)
    )));
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        if Some(i) == op.idempotency_key && !p.required {
            continue;
        }
        let field = ident(&p.name);
        let ty = arg_ty(&p.ty, p.passing, &lifetime);
        if is_setter(op, i) {
            fields.push(quote!(#field: Option<#ty>));
            let doc = docs(Some(p.doc.as_deref().unwrap_or("Sets this optional parameter.")));
            setters.push(quote! {
                #doc
                #inline
                pub fn #field(mut self, #field: #ty) -> Self {
                    self.#field = Some(#field);
                    self
                }
            });
        } else {
            fields.push(quote!(#field: #ty));
        }
    }
    if let Some(body) = &op.body {
        let ty = match body.media {
            BodyMedia::Binary => quote!(#runtime::bytes::Bytes),
            _ => body_arg_ty(body, runtime, &lifetime),
        };
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: Option<#ty>));
            let arg = body_arg_ty(body, runtime, &lifetime);
            let doc = docs(Some(body.doc.as_deref().unwrap_or("Sets the optional request body.")));
            let value = match body.media {
                BodyMedia::Binary => quote!(body.into()),
                _ => quote!(body),
            };
            setters.push(quote! {
                #doc
                #inline
                pub fn body(mut self, body: #arg) -> Self {
                    self.body = Some(#value);
                    self
                }
            });
        }
    }
    let mut bindings: Vec<TokenStream> = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| Some(*i) != op.idempotency_key || p.required)
        .map(|(_, p)| {
            let field = ident(&p.name);
            quote!(#field)
        })
        .collect();
    if op.body.is_some() {
        bindings.push(quote!(body));
    }
    let call = call(op, &quote!(client), runtime);
    let ty = call_ty(op, &lifetime, runtime);
    let (ok, err) = (ok_ty(op, runtime), error_body_ty(op));
    let headers = match &op.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            quote!(#name)
        }
        None => quote!(()),
    };
    // Paging clones the call once per page.
    let clone = if op.pagination.is_some() {
        quote!(#[derive(Clone)])
    } else {
        TokenStream::new()
    };
    let stream = op
        .pagination
        .as_ref()
        .map(|paging| stream(op, paging, receiver, runtime));
    let allow_deprecated = if op.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[must_use = "a call does nothing until it is awaited"]
        #clone
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields,)*
            options: #runtime::CallOptions,
        }

        #allow_deprecated
        impl<'a> #builder<'a> {
            #(#setters)*

            /// The `Call` with the inputs set so far (awaiting this struct sends the same).
            #inline
            pub fn send(self) -> #ty {
                let Self { client, #(#bindings,)* options } = self;
                #call
                .options(&options)
            }

            #stream
        }

        #runtime::call_builder!(#builder => #ok, #err, #headers);
    }
}

/// The statements that check the inputs and build the request, ending in the `Call`;
/// `client` is the expression of the `&Client` (`self`, `self.client`).
fn call(op: &Operation, client: &TokenStream, runtime: &syn::Path) -> TokenStream {
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
    let security = security(op, client, runtime);
    let success = success_arms(op, runtime);
    let errors = error_arms(op);
    let read_headers = match &op.headers {
        Some(headers) => {
            let name = ident(&headers.name);
            quote!(.reading_headers(#name::read))
        }
        None => TokenStream::new(),
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
    // A required key is an argument. An optional one is the builder's (an operation with
    // one always has a builder): the caller's, set by its `idempotency_key`, else a new
    // one for each call sent (each page of a stream is a call of its own).
    let idempotency = op.idempotency_key.map(|i| {
        let p = &op.params[i];
        if p.required {
            let key = ident(&p.name);
            quote!(call.idempotency_key(#key))
        } else {
            quote!(call.idempotent())
        }
    });
    let (bind, tail) = match &idempotency {
        Some(idempotency) => (quote!(let call = ), quote!(; #idempotency)),
        None => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        const OPERATION: #runtime::Operation = #runtime::Operation { id: #id, method: #http_method, route: #route };
        let request = #runtime::validate::checked(|| {
            #(#checks)*
            let request = #client.core.request(reqwest::Method::#method, #path);
            #accept
            #(#steps)*
            #cookies
            #body
            Ok(request)
        });
        #bind #runtime::Call::new(&#client.core, &OPERATION, request, #security, |response| match response.status().as_u16() {
            #(#success)*
            #(#errors)*
        })
        #read_headers
        #streamed
        #tail
    }
}

/// The credentials the operation sends: those of the first alternative of its security
/// requirement whose credentials are all set.
fn security(op: &Operation, client: &TokenStream, runtime: &syn::Path) -> TokenStream {
    if op.security.is_empty() {
        return quote!(Vec::new());
    }
    let alternatives = op.security.iter().map(|fields| {
        let fields = fields.iter().map(|f| {
            let f = ident(f);
            quote!(#client.#f.as_ref())
        });
        quote!(&[#(#fields),*][..])
    });
    quote!(#runtime::security(&[#(#alternatives),*]))
}

/// The method's doc: the operation's, then its arguments, then (with a builder) its
/// setters.
fn method_doc(op: &Operation, builder: Option<&str>) -> String {
    let mut doc = op.doc.clone().unwrap_or_default();
    let line = |name: &str, text: Option<&str>| match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => format!("- `{name}`: {}", text.replace('\n', " ")),
        None => format!("- `{name}`"),
    };
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for (i, p) in op.params.iter().enumerate() {
        if Some(i) == op.idempotency_key && !p.required && builder.is_some() {
            // Set by the builder's own `idempotency_key`, whatever the parameter's name.
            let text = p
                .doc
                .as_deref()
                .unwrap_or("the `Idempotency-Key` header; a new key is made for the call when none is set.");
            optional.push(line("idempotency_key", Some(text)));
            continue;
        }
        let target = if builder.is_some() && !p.required {
            &mut optional
        } else {
            &mut required
        };
        target.push(line(&p.name, p.doc.as_deref()));
    }
    if let Some(b) = &op.body {
        let target = if builder.is_some() && !b.required {
            &mut optional
        } else {
            &mut required
        };
        target.push(line("body", Some(b.doc.as_deref().unwrap_or("the request body."))));
    }
    if !required.is_empty() {
        doc.push_str("\n\nArguments:\n");
        doc.push_str(&required.join("\n"));
    }
    if let Some(builder) = builder {
        if !optional.is_empty() {
            doc.push_str(&format!("\n\nOptional, set by name on the returned [`{builder}`]:\n"));
            doc.push_str(&optional.join("\n"));
        }
    }
    doc
}
