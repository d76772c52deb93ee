//! Contract tests: `#[cfg(test)] mod contract_tests`, one test per operation that calls
//! it with its example arguments (from the IR) against the server the environment names,
//! and checks that the request is accepted and the answer decodes into its declared type;
//! then, for each declared error status with a typed body, asks for that status (Prism's
//! `Prefer: code=N`) and checks it decodes into that status's type.

use proc_macro2::TokenStream;
use quote::quote;

use super::args::pass_owned;
use super::tokens::{cfg_groups, docs, ident, lit, raw_lit, rust_ty};
use super::tree::{Node, items};
use crate::ir::{Api, BodyMedia, CredentialKind, ErrorStatus, Operation, Payload, Ty};

/// The environment variable naming the server contract tests call: `<MODULE>_BASE_URL`.
pub(super) fn base_url_var(api: &Api) -> String {
    format!("{}_BASE_URL", api.module.to_ascii_uppercase())
}

/// `#[cfg(test)] mod contract_tests { ... }`, when the IR has example calls.
pub(super) fn module(api: &Api) -> Option<Node<'_>> {
    if api.operations.iter().all(|op| op.example.is_none()) {
        return None;
    }
    let mut children = vec![items(move |runtime| client_fn(api, runtime))];
    children.extend(
        api.operations
            .iter()
            .filter(|op| matches!(op.example, Some(Ok(_))))
            .map(|op| items(move |_| test(api, op))),
    );
    let var = base_url_var(api);
    Some(Node::Block {
        header: Box::new(move |_| {
            let doc = docs(Some(&format!(
                "Contract tests: each operation called with example arguments against the server at `{var}` \
                 (a mock such as Prism serving the spec, or a test deployment). They are ignored unless \
                 asked for: `{var}=http://127.0.0.1:4010 cargo test contract_tests -- --ignored`."
            )));
            quote! {
                #doc
                #[cfg(test)]
                #[allow(unused_imports, deprecated)]
                mod contract_tests
            }
        }),
        is_impl: false,
        children,
    })
}

/// The client every test uses: the base URL from the environment, every credential set
/// to a test value.
fn client_fn(api: &Api, runtime: &syn::Path) -> TokenStream {
    let var = lit(&base_url_var(api));
    let mut args = Vec::new();
    if api.default_base_url.is_none() {
        args.push(quote!(url.clone()));
    }
    let mut setters = Vec::new();
    for c in &api.credentials {
        if c.in_constructor {
            args.push(quote!("test-credential"));
            continue;
        }
        let setter = ident(&c.setter);
        setters.push(match c.kind {
            CredentialKind::Basic => quote!(.#setter("test-user", "test-password")),
            _ => quote!(.#setter("test-credential")),
        });
    }
    // The service module's items (generated code's `super`, not an emitter module).
    let service = quote!(super);
    quote! {
        use #service::*;
        use #runtime::contract;

        /// A client for the server under test, with test credentials.
        fn client() -> Client {
            let url = contract::base_url(#var);
            Client::new(#(#args),*)
                .with_base_url(url)
                .with_retry(#runtime::RetryPolicy::none())
                #(#setters)*
        }
    }
}

/// One operation's test.
fn test(api: &Api, op: &Operation) -> TokenStream {
    let Some(Ok(example)) = &op.example else {
        return TokenStream::new();
    };
    let name = ident(&op.name);
    let id = lit(&op.id);
    let doc = docs(Some(&format!(
        "`{} {}`: the example request is accepted and the answer decodes.",
        op.method, op.path_template
    )));
    let reason = lit(&format!(
        "contract test: set {} to a server for the spec",
        base_url_var(api)
    ));
    let types = quote!(types::);
    let mut lets = Vec::new();
    // Required inputs are the method's arguments; with a builder, the optional ones its
    // setters, and without, `Option` arguments.
    let mut call_args = Vec::new();
    let mut setters = Vec::new();
    let by_setter = |required: bool| op.builder.is_some() && !required;
    for (i, (param, value)) in op.params.iter().zip(&example.args).enumerate() {
        let skipped = op.builder.is_some() && !param.required && Some(i) == op.idempotency_key;
        let Some(value) = value else {
            if !by_setter(param.required) && !skipped {
                call_args.push(quote!(None));
            }
            continue;
        };
        // Parameter names never take the test's own locals (`client`, `outcome`, `body`).
        let local = ident(&param.name);
        let ty = rust_ty(&param.ty, &types);
        let json = raw_lit(&value.to_string());
        lets.push(quote!(let #local: #ty = contract::example(#id, #json);));
        let arg = pass_owned(&quote!(#local), &param.ty, param.passing);
        if skipped {
            setters.push(quote!(.idempotency_key(#local)));
        } else if by_setter(param.required) {
            setters.push(quote!(.#local(#arg)));
        } else if param.required {
            call_args.push(arg);
        } else {
            call_args.push(quote!(Some(#arg)));
        }
    }
    if let (Some(body), Some(value)) = (&op.body, &example.body) {
        let arg = match body.media {
            BodyMedia::Text => {
                let text = lit(value.as_str().unwrap_or("example"));
                quote!(#text)
            }
            BodyMedia::Binary => {
                let text = lit(value.as_str().unwrap_or("example"));
                quote!(#text.as_bytes().to_vec())
            }
            // A form with nothing to type: sent empty.
            BodyMedia::Multipart if body.parts.is_none() => quote!(reqwest::multipart::Form::new()),
            _ => {
                let ty = rust_ty(&body.ty, &types);
                let json = raw_lit(&value.to_string());
                lets.push(quote!(let body: #ty = contract::example(#id, #json);));
                pass_owned(&quote!(body), &body.ty, body.passing)
            }
        };
        if by_setter(body.required) {
            setters.push(quote!(.body(#arg)));
        } else if body.required {
            call_args.push(arg);
        } else {
            call_args.push(quote!(Some(#arg)));
        }
    } else if let Some(body) = &op.body {
        if body.required {
            call_args.push(quote!(Default::default()));
        } else if !by_setter(false) {
            call_args.push(quote!(None));
        }
    }
    let method = ident(&op.fn_name);
    let accessor = op.group.map(|g| {
        let accessor = ident(&api.groups[g].accessor);
        quote!(.#accessor())
    });
    let call = quote!(client #accessor.#method(#(#call_args),*) #(#setters)*);
    // Each declared error status whose body is typed, asked for by number.
    let statuses: Vec<u16> = op
        .errors
        .arms
        .iter()
        .filter_map(|arm| match (&arm.status, &arm.body) {
            // A body with a schema: a mock can generate it (without one it answers otherwise).
            (ErrorStatus::Code(code), Payload::Json(ty)) if *ty != Ty::Json => Some(*code),
            _ => None,
        })
        .collect();
    let expects_success = !op.success.arms.is_empty();
    let errors = statuses.iter().map(|status| {
        let status = proc_macro2::Literal::u16_unsuffixed(*status);
        quote! {
            let outcome = #call.header(contract::PREFER, contract::code(#status)).response().await;
            contract::expect_status(#id, #status, outcome);
        }
    });
    let first = if expects_success {
        quote!(contract::expect_success(#id, outcome);)
    } else {
        quote!(contract::expect_declared(#id, outcome);)
    };
    // A plain `#[test]` on the runtime's executor, so the crate needs no async test macro.
    let cfg = cfg_groups(api, op.group.as_slice());
    quote! {
        #doc
        #cfg
        #[test]
        #[ignore = #reason]
        fn #name() {
            contract::run(async {
                let client = client();
                #(#lets)*
                let outcome = #call.response().await;
                #first
                #(#errors)*
            });
        }
    }
}
