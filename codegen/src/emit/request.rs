//! Building a request: the path, the parameters in their encodings, cookies, and the body
//! in its media type.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, lit};
use crate::ir::{
    Body, BodyMedia, Encoding, Operation, Param, ParamLocation, Part, PartKind, Passing, PathPart, Text, Ty,
};

/// The path under the base URL: a literal, or the pieces of the template joined, with each
/// parameter percent-encoded (`["/pets/", &encode_path_segment(id)].concat()`).
pub(super) fn path(op: &Operation, runtime: &syn::Path) -> TokenStream {
    if let [PathPart::Literal(text)] = op.path.as_slice() {
        let text = lit(text);
        return quote!(#text);
    }
    let parts = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => {
            let text = lit(text);
            quote!(#text)
        }
        PathPart::Param(index) => {
            let p = &op.params[*index];
            let value = text_of(p, quote!(#runtime), {
                let name = ident(&p.name);
                quote!(#name)
            });
            quote!(&#runtime::encode_path_segment(#value))
        }
    });
    quote!(&[#(#parts),*].concat())
}

/// A scalar or JSON value as `&str` (paths): `&str` arguments as they are, JSON
/// serialized, anything else through `Display`.
fn text_of(p: &Param, runtime: TokenStream, value: TokenStream) -> TokenStream {
    let wire = lit(&p.wire_name);
    match (&p.encoding, p.passing) {
        (Encoding::Json, _) => {
            let value = by_ref(p, value);
            quote!(&#runtime::form::json(#wire, #value)?)
        }
        (_, Passing::Str) => value,
        _ => {
            let text = text(p, &runtime, value);
            quote!(&#text)
        }
    }
}

/// One value as a `String`, in its text form (`value` is the value itself, not a reference).
fn text(p: &Param, runtime: &TokenStream, value: TokenStream) -> TokenStream {
    match p.text {
        Text::Display => quote!(#value.to_string()),
        Text::Rfc3339 => quote!(#value.to_rfc3339()),
        Text::EpochSeconds => quote!(#runtime::unix_time::text(&#value)),
    }
}

/// `value` as a reference, for the runtime's serializers: a value taken by value (a number,
/// a boolean) is borrowed.
fn by_ref(p: &Param, value: TokenStream) -> TokenStream {
    if p.passing == Passing::Value {
        quote!(&#value)
    } else {
        value
    }
}

/// Adds a query or header parameter to `request`, written in its encoding.
pub(super) fn param_step(p: &Param, runtime: &syn::Path) -> TokenStream {
    let name = ident(&p.name);
    let wire = lit(&p.wire_name);
    let add = |value: TokenStream| match (p.location, &p.encoding) {
        (ParamLocation::Query, Encoding::Json) => {
            let value = by_ref(p, value);
            quote!(request.query(&[(#wire, #runtime::form::json(#wire, #value)?)]))
        }
        (ParamLocation::Query, Encoding::Repeated) => {
            quote!(request.query(&#value.iter().map(|item| (#wire, item)).collect::<Vec<_>>()))
        }
        (ParamLocation::Query, Encoding::Joined(separator)) => {
            quote!(request.query(&[(#wire, #runtime::form::join(#value, #separator))]))
        }
        (ParamLocation::Query, Encoding::DeepObject) => {
            quote!(request.query(&#runtime::form::deep_object(#wire, #value)?))
        }
        (ParamLocation::Query, Encoding::ObjectJoined) => {
            quote!(request.query(&[(#wire, #runtime::form::object_joined(#wire, #value)?)]))
        }
        (ParamLocation::Query, Encoding::ObjectPairs) => {
            quote!(request.query(&#runtime::form::object_pairs(#wire, #value)?))
        }
        // serde writes date-times as RFC 3339 already; epoch seconds need their number.
        (ParamLocation::Query, Encoding::Scalar) if p.text == Text::EpochSeconds => {
            quote!(request.query(&[(#wire, #runtime::unix_time::text(&#value))]))
        }
        (ParamLocation::Query, Encoding::Scalar) => quote!(request.query(&[(#wire, #value)])),
        (ParamLocation::Header, Encoding::Json) => {
            let value = by_ref(p, value);
            quote!(request.header(#wire, #runtime::form::json(#wire, #value)?))
        }
        (ParamLocation::Header, Encoding::Joined(separator)) => {
            quote!(request.header(#wire, #runtime::form::join(#value, #separator)))
        }
        (ParamLocation::Header, _) => {
            let text = text(p, &quote!(#runtime), value);
            quote!(request.header(#wire, #text))
        }
        (ParamLocation::Path | ParamLocation::Cookie, _) => quote!(request),
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

/// Sends every cookie parameter in one `Cookie` header.
pub(super) fn cookies_step(op: &Operation, runtime: &syn::Path) -> TokenStream {
    let cookies: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let (name, wire) = (ident(&p.name), lit(&p.wire_name));
            match (&p.encoding, p.required) {
                (Encoding::Json, true) => {
                    let value = by_ref(p, quote!(#name));
                    quote!((#wire, Some(#runtime::form::json(#wire, #value)?)))
                }
                (Encoding::Json, false) => {
                    let value = by_ref(p, quote!(value));
                    quote! {
                        (#wire, match #name {
                            Some(value) => Some(#runtime::form::json(#wire, #value)?),
                            None => None,
                        })
                    }
                }
                (_, true) => {
                    let text = text(p, &quote!(#runtime), quote!(#name));
                    quote!((#wire, Some(#text)))
                }
                (_, false) => {
                    let text = text(p, &quote!(#runtime), quote!(value));
                    quote!((#wire, #name.map(|value| #text)))
                }
            }
        })
        .collect();
    if cookies.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let request = match #runtime::form::cookie_header(&[#(#cookies),*]) {
            Some(cookies) => request.header(reqwest::header::COOKIE, cookies),
            None => request,
        };
    }
}

/// Writes a typed multipart body part by part (`body` is a reference to its struct), and
/// sets it on `request`.
fn multipart(parts: &[Part], runtime: &syn::Path) -> TokenStream {
    let parts = parts.iter().map(|part| {
        let field = ident(&part.field.field);
        let wire = lit(&part.wire_name);
        let content_type = match &part.content_type {
            Some(t) => {
                let t = lit(t);
                quote!(Some(#t))
            }
            None => quote!(None),
        };
        // `value` is a reference, or (`place`) the field itself, whose text a method makes
        // or which is borrowed.
        let add = |value: TokenStream, place: bool| {
            let borrowed = if place { quote!(&#value) } else { value.clone() };
            match part.kind {
                PartKind::File => quote!(form.file(#wire, #borrowed, #content_type);),
                PartKind::Text(Text::Display) => quote!(form.text(#wire, #borrowed, #content_type);),
                PartKind::Text(Text::Rfc3339) => quote!(form.text(#wire, #value.to_rfc3339(), #content_type);),
                PartKind::Text(Text::EpochSeconds) => {
                    quote!(form.text(#wire, #runtime::unix_time::text(#borrowed), #content_type);)
                }
                PartKind::Json => quote!(form.json(#wire, #borrowed, #content_type)?;),
            }
        };
        let add_value = |value: TokenStream, place: bool| {
            if part.repeated {
                let add = add(quote!(item), false);
                let list = if place { quote!(&#value) } else { value };
                quote!(for item in #list { #add })
            } else {
                add(value, place)
            }
        };
        // An absent value (or a null, which multipart cannot carry) sends no part.
        match (part.field.optional, part.field.double) {
            (false, _) => add_value(quote!(body.#field), true),
            (true, double) => {
                let add = add_value(quote!(value), false);
                let pattern = if double {
                    quote!(Some(Some(value)))
                } else {
                    quote!(Some(value))
                };
                quote! {
                    if let #pattern = &body.#field {
                        #add
                    }
                }
            }
        }
    });
    quote! {{
        let mut form = #runtime::multipart::FormData::new();
        #(#parts)*
        form.attach(request)
    }}
}

/// Adds the body to `request`, encoded by its media type. A body taken by value (a number,
/// a boolean, or an `Option` that may be sent as `null`) is serialized by reference.
pub(super) fn body_step(body: &Body, runtime: &syn::Path) -> TokenStream {
    let content_type = lit(&body.content_type);
    let by_value = body.passing == Passing::Value || matches!(body.ty, Ty::Nullable(_));
    let value = if by_value && matches!(body.media, BodyMedia::Json | BodyMedia::Form) {
        quote!(&body)
    } else {
        quote!(body)
    };
    let add = match body.media {
        // A JSON media type of its own (`application/json-patch+json`) is said; reqwest's
        // `json` sets `application/json` only where no type is set.
        BodyMedia::Json if body.content_type != "application/json" => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).json(#value))
        }
        BodyMedia::Json => quote!(request.json(#value)),
        BodyMedia::Form => quote! {
            request
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(#runtime::form::encode(#value)?)
        },
        BodyMedia::Multipart => match &body.parts {
            Some(parts) => multipart(parts, runtime),
            None => quote!(request.multipart(#value)),
        },
        BodyMedia::Text => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(#value.to_owned()))
        }
        BodyMedia::Binary => {
            quote!(request.header(reqwest::header::CONTENT_TYPE, #content_type).body(Into::<#runtime::bytes::Bytes>::into(#value)))
        }
    };
    if body.required {
        quote!(let request = #add;)
    } else {
        quote! {
            let request = match body {
                Some(body) => #add,
                None => request,
            };
        }
    }
}
