//! A stream of items over every page of an offset/limit-paged operation.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::args::{body_arg, param_arg};
use super::tokens::{docs, ident, rust_ty};
use crate::ir::{Operation, Pagination, PagingLocals, Param, Ty};

/// `list_templates_stream`: every item of every page, fetched `limit` at a time.
pub(super) fn stream(op: &Operation, paging: &Pagination, runtime: &syn::Path) -> TokenStream {
    let name = ident(&paging.stream_name);
    let method = ident(&op.name);
    let lifetime = quote!('a);
    let limit = &op.params[paging.limit_param];
    let limit_name = ident(&limit.name);
    let PagingLocals {
        offset,
        limit: page_limit,
        page,
    } = &paging.locals;
    let (offset, page_limit, page) = (ident(offset), ident(page_limit), ident(page));

    // The stream takes every argument but the offset; the limit becomes the page size.
    let args = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != paging.offset_param)
        .map(|(i, p)| {
            if i == paging.limit_param {
                let ty = rust_ty(&limit.ty, &TokenStream::new());
                quote!(#limit_name: #ty)
            } else {
                param_arg(p, &lifetime)
            }
        });
    let body_arg = op.body.as_ref().map(|b| body_arg(b, runtime, &lifetime));
    // Page offsets and sizes travel as i64 in the runtime; convert at the edges.
    let page_size = if limit.ty == Ty::I32 {
        quote!(i64::from(#limit_name))
    } else {
        quote!(#limit_name)
    };
    let narrow = |p: &Param, v: &Ident| {
        let v = if p.ty == Ty::I32 {
            quote!(i32::try_from(#v).unwrap_or(i32::MAX))
        } else {
            quote!(#v)
        };
        if p.required { v } else { quote!(Some(#v)) }
    };
    let call_args = op.params.iter().enumerate().map(|(i, p)| {
        if i == paging.offset_param {
            narrow(p, &offset)
        } else if i == paging.limit_param {
            narrow(p, &page_limit)
        } else {
            let n = ident(&p.name);
            quote!(#n)
        }
    });
    let call_body = op.body.as_ref().map(|_| quote!(body));
    let items = ident(&paging.items.field);
    let items = if paging.items.double {
        quote!(#page.#items.flatten().unwrap_or_default())
    } else if paging.items.optional {
        quote!(#page.#items.unwrap_or_default())
    } else {
        quote!(#page.#items)
    };
    let total = total_expr(paging, &page);
    let item_ty = rust_ty(&paging.item_ty, &quote!(types::));
    let err_ty = ident(&op.error_alias);
    let max = paging.max_limit.map(|m| format!(" (at most {m})")).unwrap_or_default();
    let doc = docs(Some(&format!(
        "Every item of [`Client::{}`], fetched page by page, `{}` items at a time{max}.\n\n\
         Starts at offset 0 and stops after the last page (an empty or short page, or the reported total). \
         An error ends the stream after it is yielded.",
        op.name, limit.name
    )));
    let deprecated = if op.deprecated {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    };
    // Every argument but the offset, and `self`: clippy's limit counts `self` too.
    let many = if op.params.len() + usize::from(op.body.is_some()) > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #deprecated
        #many
        pub fn #name<'a>(&'a self, #(#args,)* #body_arg) -> #runtime::futures::stream::BoxStream<'a, Result<#item_ty, #err_ty>> {
            #runtime::paging::offset_limit(#page_size, move |#offset, #page_limit| async move {
                let #page = self.#method(#(#call_args,)* #call_body).await?;
                Ok(#runtime::paging::Page { total: #total, items: #items })
            })
        }
    }
}

/// The expression reading the total (`page.metadata.as_ref().and_then(|v| v.total)`), as
/// an `Option<i64>`.
fn total_expr(paging: &Pagination, page: &Ident) -> TokenStream {
    let Some((last, path)) = paging.total.split_last() else {
        return quote!(None);
    };
    let mut expr = quote!(#page);
    let mut in_option = false;
    for step in path {
        let field = ident(&step.field);
        let access = if step.double {
            quote!(#field.as_ref().and_then(Option::as_ref))
        } else {
            quote!(#field.as_ref())
        };
        expr = match (in_option, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) => quote!(#expr.#access),
            (true, false) => quote!(#expr.map(|v| &v.#field)),
            (true, true) => quote!(#expr.and_then(|v| v.#access)),
        };
        in_option |= step.optional;
    }
    let field = ident(&last.field);
    let value = if last.double {
        quote!(#field.flatten())
    } else {
        quote!(#field)
    };
    let expr = match (in_option, last.optional) {
        (false, false) => quote!(Some(#expr.#field)),
        (false, true) => quote!(#expr.#value),
        (true, false) => quote!(#expr.map(|v| v.#field)),
        (true, true) => quote!(#expr.and_then(|v| v.#value)),
    };
    if paging.total_is_i32 {
        quote!(#expr.map(i64::from))
    } else {
        expr
    }
}
