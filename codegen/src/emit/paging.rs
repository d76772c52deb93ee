//! `stream`, on the builder of a paged operation: every item of every page, the call sent
//! again with its paging input moved on, by the runtime's driver for the style.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Receiver, compiled_where_called, docs, ident, lit, rust_ty};
use crate::ir::{FieldStep, NextCursor, Operation, Pagination, PagingStyle, Param, Total, Ty};

/// `pub fn stream(self, caps) -> BoxStream<..>`, inside the builder's impl block.
pub(super) fn stream(op: &Operation, paging: &Pagination, receiver: Receiver<'_>, runtime: &syn::Path) -> TokenStream {
    let inline = compiled_where_called();
    let paging_mod = quote!(#runtime::paging);
    let items = items_expr(&paging.items);
    let (driver, how) = match &paging.style {
        PagingStyle::OffsetLimit {
            offset,
            limit,
            max_limit,
            total,
        } => {
            let (offset_p, limit_p) = (&op.params[*offset], &op.params[*limit]);
            let start = widen(offset_p, quote!(0));
            let offset_f = ident(&offset_p.name);
            let set_offset = narrow(offset_p, quote!(offset));
            // The page size: the call's limit; an unset optional one asks for `max-limit`,
            // or (without one) is left unset, the server's page size followed.
            let limit_f = ident(&limit_p.name);
            let (size, set_limit) = match (limit_p.required, limit_p.ty == Ty::I32, max_limit) {
                (true, true, _) => (quote!(Some(i64::from(self.#limit_f))), TokenStream::new()),
                (true, false, _) => (quote!(Some(self.#limit_f)), TokenStream::new()),
                (false, is_i32, max) => {
                    let own = if is_i32 {
                        quote!(self.#limit_f.map(i64::from))
                    } else {
                        quote!(self.#limit_f)
                    };
                    let size = match max {
                        Some(max) => {
                            let max = lit_i64(*max);
                            quote!(#own.or(Some(#max)))
                        }
                        None => own,
                    };
                    let set = if is_i32 {
                        let value = as_field_int(limit_p, quote!(limit));
                        quote!(page.#limit_f = limit.map(|limit| #value);)
                    } else {
                        quote!(page.#limit_f = limit;)
                    };
                    (size, set)
                }
            };
            // A required limit is the call's own on every page.
            let limit_arg = if limit_p.required { quote!(_) } else { quote!(limit) };
            let total = total_expr(total.as_ref());
            let (page_size, stops) = match (limit_p.required, max_limit) {
                (true, _) => (String::new(), "an empty or short page"),
                (false, Some(m)) => (format!(" ({m} when unset)"), "an empty or short page"),
                (false, None) => (
                    " (the server's page size when unset)".to_owned(),
                    "an empty page (or a short one, when the limit is set)",
                ),
            };
            (
                quote! {
                    let (start, size) = (#start, #size);
                    #paging_mod::offset_limit(start, size, caps, move |offset, #limit_arg| {
                        let mut page = self.clone();
                        page.#offset_f = #set_offset;
                        #set_limit
                        let call = page.send();
                        async move {
                            let body = call.await?;
                            Ok(#paging_mod::Page { total: #total, items: #items })
                        }
                    })
                },
                format!(
                    "`{}` items at a time{page_size} from offset `{}`; it stops after {stops}, or at the reported total",
                    limit_p.name, offset_p.name
                ),
            )
        }
        PagingStyle::PageNumber { page, first, total } => {
            let page_p = &op.params[*page];
            let start = widen(page_p, lit_i64(*first));
            let field = ident(&page_p.name);
            let set = narrow(page_p, quote!(number));
            let total = total_expr(total.as_ref());
            (
                quote! {
                    #paging_mod::page_number(#start, caps, move |number| {
                        let mut page = self.clone();
                        page.#field = #set;
                        let call = page.send();
                        async move {
                            let body = call.await?;
                            Ok(#paging_mod::Page { total: #total, items: #items })
                        }
                    })
                },
                format!(
                    "page `{}` after page, from this call's (or {first}); it stops after an empty page or at the \
                     reported total",
                    page_p.name
                ),
            )
        }
        PagingStyle::Cursor { cursor, next } => {
            let cursor_p = &op.params[*cursor];
            let field = ident(&cursor_p.name);
            let (first, set) = if cursor_p.required {
                (quote!(Some(self.#field.clone())), quote!(cursor.unwrap_or_default()))
            } else {
                (quote!(self.#field.clone()), quote!(cursor))
            };
            // The next cursor and the page's items, from the answer.
            let page = match next {
                NextCursor::Header(name) => {
                    let name = lit(name);
                    quote! {
                        let response = call.response().await?;
                        let next = response.headers().get(#name).and_then(|v| v.to_str().ok()).map(str::to_owned);
                        let body = response.into_body();
                        let items = #items;
                    }
                }
                NextCursor::Body(steps) => {
                    let next = owned_at(quote!(body), steps);
                    quote! {
                        let body = call.await?;
                        let next = #next;
                        let items = #items;
                    }
                }
                NextCursor::LastItem { item, has_more } => {
                    let cursor = if item.iter().any(|s| s.optional) {
                        let path = ref_path(quote!(item), item);
                        quote!(items.last().and_then(|item| #path.cloned()))
                    } else {
                        let path = field_path(quote!(item), item);
                        quote!(items.last().map(|item| #path.clone()))
                    };
                    // An absent flag is no answer: the stream goes on to an empty page.
                    let more = match has_more {
                        Some(steps) if steps.iter().any(|s| s.optional) => {
                            let path = ref_path(quote!(body), steps);
                            Some(quote!(#path.copied().unwrap_or(true)))
                        }
                        Some(steps) => Some(field_path(quote!(body), steps)),
                        None => None,
                    };
                    match more {
                        Some(more) => quote! {
                            let body = call.await?;
                            let more = #more;
                            let items: Vec<_> = #items;
                            let next = if more { #cursor } else { None };
                        },
                        None => quote! {
                            let body = call.await?;
                            let items: Vec<_> = #items;
                            let next = #cursor;
                        },
                    }
                }
            };
            let how = match next {
                NextCursor::Header(name) => format!(
                    "sending back as `{}` the cursor the `{name}` header gives, until it gives none",
                    cursor_p.name
                ),
                NextCursor::Body(_) => format!(
                    "sending back as `{}` the cursor the answer gives, until it gives none",
                    cursor_p.name
                ),
                NextCursor::LastItem { has_more, .. } => format!(
                    "sending back as `{}` the cursor of the last item received, until {}",
                    cursor_p.name,
                    if has_more.is_some() {
                        "the answer says there are no more or a page is empty"
                    } else {
                        "a page is empty"
                    }
                ),
            };
            (
                quote! {
                    #paging_mod::cursor(#first, caps, move |cursor| {
                        let mut page = self.clone();
                        page.#field = #set;
                        let call = page.send();
                        async move {
                            #page
                            Ok(#paging_mod::CursorPage { next, items })
                        }
                    })
                },
                how,
            )
        }
        PagingStyle::Link { next } => {
            let (page, from) = match next {
                None => (
                    quote! {
                        let response = call.response().await?;
                        let next = #paging_mod::next_link(response.headers());
                        let body = response.into_body();
                    },
                    "the `Link` header's `rel=\"next\"` URL",
                ),
                Some(steps) => {
                    let next = owned_at(quote!(body), steps);
                    (
                        quote! {
                            let body = call.await?;
                            let next = #next;
                        },
                        "the `next` URL the answer gives",
                    )
                }
            };
            (
                quote! {
                    #paging_mod::link(caps, move |next| {
                        let call = self.clone().send();
                        let call = match next {
                            Some(url) => call.at_url(&url),
                            None => call,
                        };
                        async move {
                            #page
                            Ok(#paging_mod::CursorPage { next, items: #items })
                        }
                    })
                },
                format!("following {from} (on the client's own origin only) until there is none"),
            )
        }
    };
    let item_ty = rust_ty(&paging.item_ty, &quote!(types::));
    let err_ty = ident(&op.error_alias);
    let method = receiver.doc_path(op);
    let doc = docs(Some(&format!(
        "Every item of [`{method}`], page by page, {how}.\n\n\
         `caps` bounds the items or pages fetched (`Caps::none()` for none). A server that does not move on (the same \
         page, cursor or link twice) ends the stream with `Error::Paging`; any error is yielded once and ends it."
    )));
    quote! {
        #doc
        #inline
        pub fn stream(self, caps: #paging_mod::Caps) -> #runtime::futures::stream::BoxStream<'a, Result<#item_ty, #err_ty>> {
            #driver
        }
    }
}

/// A paging parameter's value as the `i64` the runtime counts in: the call's own, or
/// `default` when it is an unset optional one.
fn widen(p: &Param, default: TokenStream) -> TokenStream {
    let field = ident(&p.name);
    match (p.required, &p.ty) {
        (true, Ty::I32) => quote!(i64::from(self.#field)),
        (true, _) => quote!(self.#field),
        (false, Ty::I32) => quote!(self.#field.map_or(#default, i64::from)),
        (false, _) => quote!(self.#field.unwrap_or(#default)),
    }
}

/// The runtime's `i64` `value` as the parameter's field holds it.
fn narrow(p: &Param, value: TokenStream) -> TokenStream {
    let value = as_field_int(p, value);
    if p.required { value } else { quote!(Some(#value)) }
}

/// The runtime's `i64` `value` as the parameter's integer type (`i32` saturating).
fn as_field_int(p: &Param, value: TokenStream) -> TokenStream {
    if p.ty == Ty::I32 {
        quote!(i32::try_from(#value).unwrap_or(i32::MAX))
    } else {
        value
    }
}

fn lit_i64(value: i64) -> TokenStream {
    let value = proc_macro2::Literal::i64_unsuffixed(value);
    quote!(#value)
}

/// The page's items, moved out of `body`: the body itself, or a path of fields (absent
/// ones read as no items).
fn items_expr(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote!(body);
    let mut in_option = false;
    for step in steps {
        let field = ident(&step.field);
        let value = if step.double {
            quote!(v.#field.flatten())
        } else {
            quote!(v.#field)
        };
        expr = match (in_option, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) if step.double => quote!(#expr.#field.flatten()),
            (false, true) => quote!(#expr.#field),
            (true, false) => quote!(#expr.map(|v| v.#field)),
            (true, true) => quote!(#expr.and_then(|v| #value)),
        };
        in_option |= step.optional;
    }
    if in_option {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}

/// An `Option` of a clone of the value at the end of `steps`, from `root`.
fn owned_at(root: TokenStream, steps: &[FieldStep]) -> TokenStream {
    if steps.iter().any(|s| s.optional) {
        let path = ref_path(root, steps);
        quote!(#path.cloned())
    } else {
        let path = field_path(root, steps);
        quote!(Some(#path.clone()))
    }
}

/// The place at the end of `steps` from `root`, through fields none of which is an `Option`.
fn field_path(root: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let fields = steps.iter().map(|step| ident(&step.field));
    quote!(#root #(.#fields)*)
}

/// An `Option<&T>` of the value at the end of `steps`, from `root` (a place expression).
fn ref_path(root: TokenStream, steps: &[FieldStep]) -> TokenStream {
    let mut expr = root;
    let mut in_option = false;
    for step in steps {
        let field = ident(&step.field);
        let as_ref = if step.double {
            quote!(#field.as_ref().and_then(Option::as_ref))
        } else {
            quote!(#field.as_ref())
        };
        expr = match (in_option, step.optional) {
            (false, false) => quote!(#expr.#field),
            (false, true) => quote!(#expr.#as_ref),
            (true, false) => quote!(#expr.map(|v| &v.#field)),
            (true, true) => quote!(#expr.and_then(|v| v.#as_ref)),
        };
        in_option |= step.optional;
    }
    if in_option { expr } else { quote!(Some(&#expr)) }
}

/// The reported total as an `Option<i64>`, read from `body` before its items move out.
fn total_expr(total: Option<&Total>) -> TokenStream {
    let Some(total) = total else {
        return quote!(None);
    };
    let path = ref_path(quote!(body), &total.path);
    if total.is_i32 {
        quote!(#path.copied().map(i64::from))
    } else {
        quote!(#path.copied())
    }
}
