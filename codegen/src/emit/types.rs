//! The `types` module: one item per named type of the IR.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{cfg_predicate, docs, ident, lit, rust_ty};
use super::tree::{Node, gated_items, items, module_node};
use crate::ir::{Api, EnvelopeCode, Field, Struct, TypeDef, TypeKind, Union, UnionVariant, Variant};

/// `pub mod types { ... }`, one piece per type.
pub(super) fn module(api: &Api) -> Node<'_> {
    let mut children = Vec::new();
    if api.types.iter().any(|t| t.kind.uses_serde_traits()) {
        // With features, every type using them may be compiled out.
        let features = api.features;
        children.push(items(move |runtime| {
            let allow = if features {
                quote!(#[allow(unused_imports)])
            } else {
                TokenStream::new()
            };
            quote!(
                #allow
                use #runtime::serde::{Deserialize, Serialize};
            )
        }));
    }
    children.insert(
        0,
        items(|runtime| {
            quote! {
                #[allow(unused_imports)]
                use #runtime::{chrono, multipart, serde, serde_json, uuid};
            }
        }),
    );
    children.extend(api.types.iter().map(|def| {
        gated_items(cfg_predicate(api, &def.groups, def.unreferenced), move |runtime| {
            type_def(def, runtime)
        })
    }));
    let file = api.module_files.then(|| format!("{}/types.rs", api.module));
    module_node(
        Box::new(|_| {
            quote! {
                /// The API's data types, one per schema.
                pub mod types
            }
        }),
        children,
        file,
    )
}

pub(super) fn type_def(def: &TypeDef, runtime: &syn::Path) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => structure(def, s, runtime),
        TypeKind::StringEnum(variants) => string_enum(def, variants, runtime),
        TypeKind::IntEnum(variants) => int_enum(def, variants),
        TypeKind::Union(union) => union_type(def, union, runtime),
        TypeKind::Alias(ty) => {
            let doc = docs(def.doc.as_deref());
            let name = ident(&def.name);
            let ty = rust_ty(ty, &TokenStream::new());
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

/// `#[serde(crate = "...")]`: derives name serde through the runtime, as the user's crate
/// need not depend on serde itself.
fn serde_crate(runtime: &syn::Path) -> TokenStream {
    let path = lit(&format!("{}::serde", quote!(#runtime).to_string().replace(' ', "")));
    quote!(#[serde(crate = #path)])
}

fn structure(def: &TypeDef, s: &Struct, runtime: &syn::Path) -> TokenStream {
    let serde_crate = serde_crate(runtime);
    let doc = docs(def.doc.as_deref());
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| field(f, runtime));
    let default = if s.default {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let constructor = s.constructor.then(|| constructor(def, s));
    let envelope = s.envelope.as_ref().map(|rule| {
        let code = ident(&rule.code_field);
        let code_text = match &rule.success {
            EnvelopeCode::Int(_) => quote!(self.#code.to_string()),
            EnvelopeCode::Str(_) => quote!(self.#code.clone()),
        };
        let success = match &rule.success {
            EnvelopeCode::Int(v) => {
                let v = proc_macro2::Literal::i64_unsuffixed(*v);
                quote!(#v)
            }
            EnvelopeCode::Str(s) => {
                let s = lit(s);
                quote!(#s)
            }
        };
        let message = match &rule.message_field {
            Some((field, step)) if step.double => {
                let field = ident(field);
                quote!(self.#field.clone().flatten())
            }
            Some((field, step)) if step.optional => {
                let field = ident(field);
                quote!(self.#field.clone())
            }
            Some((field, _)) => {
                let field = ident(field);
                quote!(Some(self.#field.clone()))
            }
            None => quote!(None),
        };
        quote! {
            impl #runtime::Envelope for #name {
                fn failure(&self) -> Option<#runtime::ApiFailure> {
                    if self.#code == #success {
                        return None;
                    }
                    Some(#runtime::ApiFailure { code: #code_text, message: #message })
                }
            }
        }
    });
    let derives = derives(def, default);
    quote! {
        #doc
        #derives
        #serde_crate
        pub struct #name {
            #(#fields)*
        }

        #envelope
        #constructor
    }
}

/// `#[derive(Debug, Clone, PartialEq, <extra> Serialize, Deserialize)]`, a serde trait the
/// type's direction does not need moved to `#[cfg_attr(feature = "serde_both", ...)]`.
fn derives(def: &TypeDef, extra: TokenStream) -> TokenStream {
    let feature = crate::names::SERDE_BOTH;
    let mut gated = Vec::new();
    let mut kept = Vec::new();
    for (is_gated, derive) in [
        (def.serde.serialize_gated, quote!(Serialize)),
        (def.serde.deserialize_gated, quote!(Deserialize)),
    ] {
        if is_gated {
            gated.push(derive)
        } else {
            kept.push(derive)
        }
    }
    let gated = if gated.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[cfg_attr(feature = #feature, derive(#(#gated),*))])
    };
    quote! {
        #[derive(Debug, Clone, PartialEq, #extra #(#kept),*)]
        #gated
    }
}

/// `new`, from the required fields, the optional ones absent.
fn constructor(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let field = ident(&f.name);
        if !f.required {
            inits.push(quote!(#field: None));
            continue;
        }
        let ty = rust_ty(&f.ty, &TokenStream::new());
        let ty = if f.is_option() { quote!(Option<#ty>) } else { ty };
        args.push(quote!(#field: #ty));
        inits.push(match (f.boxed, f.is_option()) {
            (true, true) => quote!(#field: #field.map(Box::new)),
            (true, false) => quote!(#field: Box::new(#field)),
            (false, _) => quote!(#field),
        });
    }
    let many = if args.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let doc = docs(Some(&format!(
        "A `{name}` from its required fields, the optional ones absent (set them by name): code that builds it \
         this way keeps compiling when the spec adds an optional property."
    )));
    quote! {
        impl #name {
            #doc
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

fn field(f: &Field, runtime: &syn::Path) -> TokenStream {
    let doc = docs(f.doc.as_deref());
    let name = ident(&f.name);
    let ty = rust_ty(&f.ty, &TokenStream::new());
    let ty = if f.boxed { quote!(Box<#ty>) } else { ty };
    let ty = if f.is_double_option() {
        quote!(Option<Option<#ty>>)
    } else if f.is_option() {
        quote!(Option<#ty>)
    } else {
        ty
    };
    let mut serde = Vec::new();
    if f.name != f.wire_name {
        let wire = lit(&f.wire_name);
        serde.push(quote!(rename = #wire));
    }
    // The module the field travels through: the adapter's own, its `option` or
    // `double_option` module, or (three states without an adapter) the runtime's
    // `double_option`. Absent is `None` (left out when writing), `null` is `Some(None)`.
    let runtime = quote!(#runtime).to_string().replace(' ', "");
    let with = match (f.adapter(), f.is_double_option(), f.is_option()) {
        (Some(adapter), true, _) => Some(format!("{runtime}::{adapter}::double_option")),
        (None, true, _) => Some(format!("{runtime}::double_option")),
        (Some(adapter), false, true) => Some(format!("{runtime}::{adapter}::option")),
        (Some(adapter), false, false) => Some(format!("{runtime}::{adapter}")),
        (None, false, _) => None,
    };
    if let Some(with) = &with {
        let with = lit(with);
        serde.push(quote!(with = #with));
    }
    if !f.required {
        // An optional field is `None` when absent (serde's own `Option` reading does that
        // without `default`; a `with` module needs it), and `None` is left out when writing.
        if with.is_some() {
            serde.push(quote!(default));
        }
        serde.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = if serde.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde),*)])
    };
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

fn variant_docs<V>(v: &Variant<V>, wire: &str) -> TokenStream {
    let text = match &v.doc {
        Some(doc) => format!("{doc}\n\nOn the wire: `{wire}`."),
        None => format!("On the wire: `{wire}`."),
    };
    let doc = docs(Some(&text));
    let deprecated = if v.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    quote!(#doc #deprecated)
}

/// `#[allow(deprecated)]` for impls that must name deprecated variants.
fn allow_deprecated<V>(variants: &[Variant<V>]) -> TokenStream {
    if variants.iter().any(|v| v.deprecated) {
        quote!(#[allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

fn string_enum(def: &TypeDef, variants: &[Variant<String>], runtime: &syn::Path) -> TokenStream {
    let doc = docs(def.doc.as_deref());
    let name = ident(&def.name);
    let decls = variants.iter().map(|v| {
        let docs = variant_docs(v, &v.value);
        let variant = ident(&v.name);
        quote!(#docs #variant,)
    });
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants.iter().map(|v| lit(&v.value)).collect();
    let allow = allow_deprecated(variants);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value the spec does not list, kept as received so it is written back unchanged.
            Other(String),
        }

        #allow
        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Other(value) => value,
                }
            }
        }

        #allow
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #runtime::enums::deserialize_str(deserializer).map(|value| Self::from(&*value))
            }
        }
    }
}

fn int_enum(def: &TypeDef, variants: &[Variant<i64>]) -> TokenStream {
    let doc = docs(def.doc.as_deref());
    let name = ident(&def.name);
    let decls = variants.iter().map(|v| {
        let docs = variant_docs(v, &v.value.to_string());
        let variant = ident(&v.name);
        quote!(#docs #variant,)
    });
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = variants
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.value))
        .collect();
    let allow = allow_deprecated(variants);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value the spec does not list, kept as received so it is written back unchanged.
            Other(i64),
        }

        #allow
        impl #name {
            /// The value as it travels on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#names => #values,)*
                    Self::Other(value) => *value,
                }
            }
        }

        #allow
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Other(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

fn union_type(def: &TypeDef, union: &Union, runtime: &syn::Path) -> TokenStream {
    let doc = docs(def.doc.as_deref());
    let name = ident(&def.name);
    let variant_ty = |v: &UnionVariant| {
        let ty = rust_ty(&v.ty, &TokenStream::new());
        if v.boxed { quote!(Box<#ty>) } else { ty }
    };
    let decls = union.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = variant_ty(v);
        // "An `Integer`", "A `Uuid`": by the first letter, `U` read as "you".
        let article = if v.name.starts_with(['A', 'E', 'I', 'O']) {
            "An"
        } else {
            "A"
        };
        let doc = docs(Some(&format!("{article} `{}`.", v.name)));
        // An alternative tried in order reads its wire format through its adapter, as a
        // field does (a discriminated union's alternatives are objects, with none).
        match v.ty.adapter().filter(|_| union.discriminator.is_none()) {
            Some(adapter) => {
                let with = format!("{}::{adapter}", quote!(#runtime).to_string().replace(' ', ""));
                quote!(#doc #variant(#[serde(with = #with)] #ty),)
            }
            None => quote!(#doc #variant(#ty),),
        }
    });
    let other_doc = docs(Some("A value matching none of the alternatives, kept as received."));
    let serde_crate = serde_crate(runtime);
    let Some(discriminator) = &union.discriminator else {
        // serde tries the alternatives in order and keeps the first that decodes.
        let derives = derives(def, TokenStream::new());
        return quote! {
            #doc
            #derives
            #serde_crate
            #[serde(untagged)]
            pub enum #name {
                #(#decls)*
                #other_doc
                Other(serde_json::Value),
            }
        };
    };
    let property = lit(&discriminator.property);
    let names: Vec<_> = union.variants.iter().map(|v| ident(&v.name)).collect();
    let arms = discriminator.mapping.iter().map(|(value, variant)| {
        let value = lit(value);
        let variant = ident(variant);
        quote! {
            Some(#value) => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom),
        }
    });
    // The hand-written impls follow the derives' gating (see `derives`).
    let feature = crate::names::SERDE_BOTH;
    let gate = |gated: bool| {
        if gated {
            quote!(#[cfg(feature = #feature)])
        } else {
            TokenStream::new()
        }
    };
    let (serialize_gate, deserialize_gate) = (gate(def.serde.serialize_gated), gate(def.serde.deserialize_gated));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#decls)*
            #other_doc
            Other(serde_json::Value),
        }

        #serialize_gate
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(Self::#names(value) => value.serialize(serializer),)*
                    Self::Other(value) => value.serialize(serializer),
                }
            }
        }

        /// Reads the discriminator, then decodes the alternative it names (the
        /// discriminator stays in the value, as the alternative's type may require it).
        #deserialize_gate
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::Other(value)),
                }
            }
        }
    }
}
