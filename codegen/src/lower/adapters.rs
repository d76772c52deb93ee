//! Wire formats that need a serde adapter, wherever they sit. An int64 carried as a JSON
//! string, a unix time and a date-time read leniently travel through an adapter, which
//! only a field can name (see [`Field::adapter`]), for its own value or (date-times) its
//! own list. Elsewhere, inside a list or a map, [`plain_in_container`] says what the value
//! keeps: the decision inline schemas, aliases and multipart parts share.
//!
//! A component schema that is one of these formats (`Id: {type: string, format: int64}`)
//! is an alias (`pub type Id = i64;`), and a field typed by the alias would read the plain
//! Rust type: `"id": "123"` would fail the whole answer. So, once every type is lowered, a
//! field whose type reaches such a format through aliases (`Id`, a list of `Id`, an alias
//! of a list of `Stamp`) is typed as if the schema were inline, and gets its adapter. An
//! alias that needs no adapter (`Tags = Vec<String>`) keeps its name, and every alias
//! stays, for the user's own code.

use std::collections::HashMap;

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{Ty, TypeDef, TypeKind};

/// What a value of wire type `ty` is typed as inside a list or map, where no adapter
/// reaches, and why, when that is not `ty` itself: an int64 string stays a `String` and a
/// unix time an `f64` (a date-time keeps its type, read strictly).
pub(super) fn plain_in_container(ty: &Ty) -> Option<(Ty, &'static str)> {
    match ty {
        Ty::I64String => Some((Ty::String, "an int64 string inside an array or map is kept as a String")),
        Ty::UnixTime => Some((Ty::F64, "a unix-time value inside an array or map is kept as an f64")),
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Types every struct field (and alternative of a union tried in order) that reaches a
    /// wire format through aliases as if its schema were inline (see the module's doc).
    pub(super) fn adapt_aliased_fields(&mut self, types: &mut [TypeDef]) {
        let aliases: HashMap<String, Ty> = types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Alias(ty) => Some((t.name.clone(), ty.clone())),
                _ => None,
            })
            .collect();
        for def in types.iter_mut() {
            // A struct's fields, and the alternatives of a union tried in order (each
            // takes an adapter as a field does).
            let slots: Vec<(&mut Ty, String, &str)> = match &mut def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter_mut()
                    .map(|f| {
                        let at = pointer_push(&pointer_push(&def.pointer, "properties"), &f.wire_name);
                        (&mut f.ty, at, f.wire_name.as_str())
                    })
                    .collect(),
                TypeKind::Union(u) if u.discriminator.is_none() => u
                    .variants
                    .iter_mut()
                    .map(|v| (&mut v.ty, def.pointer.clone(), v.name.as_str()))
                    .collect(),
                _ => continue,
            };
            for (ty, at, label) in slots {
                let mut adapting = Adapting {
                    aliases: &aliases,
                    chain: 0,
                    warnings: Vec::new(),
                };
                *ty = adapting.adapted(ty, Depth::Field);
                for warning in adapting.warnings {
                    self.warning(at.clone(), format!("`{label}`: {warning}"));
                }
            }
        }
    }
}

/// One field's type being adapted.
struct Adapting<'a> {
    aliases: &'a HashMap<String, Ty>,
    /// Aliases being followed, one inside the other: alias cycles are reported elsewhere,
    /// and this bounds them.
    chain: usize,
    warnings: Vec<String>,
}

impl Adapting<'_> {
    /// `ty` at `depth` of the field's type, with aliases that reach a wire format replaced.
    fn adapted(&mut self, ty: &Ty, depth: Depth) -> Ty {
        match ty {
            Ty::Named(name) => {
                let Some(target) = self.aliases.get(name) else {
                    return ty.clone();
                };
                if self.chain > self.aliases.len() {
                    return ty.clone();
                }
                self.chain += 1;
                let adapted = self.adapted(target, depth);
                self.chain -= 1;
                // An alias whose type needs nothing here keeps its name.
                if adapted != *target || has_adapter(&adapted, depth) {
                    adapted
                } else {
                    ty.clone()
                }
            }
            Ty::I64String | Ty::UnixTime if depth != Depth::Field => match plain_in_container(ty) {
                Some((plain, why)) => {
                    self.warnings.push(why.to_owned());
                    plain
                }
                None => ty.clone(),
            },
            Ty::Vec(item) => {
                let inner = if depth == Depth::Field {
                    Depth::FieldList
                } else {
                    Depth::Nested
                };
                Ty::Vec(Box::new(self.adapted(item, inner)))
            }
            Ty::Map(value) => Ty::Map(Box::new(self.adapted(value, Depth::Nested))),
            Ty::Nullable(inner) => Ty::Nullable(Box::new(self.adapted(inner, Depth::Nested))),
            Ty::Tuple(items) => Ty::Tuple(items.iter().map(|item| self.adapted(item, Depth::Nested)).collect()),
            other => other.clone(),
        }
    }
}

/// Whether a value of `ty` at `depth` travels through an adapter, so an alias of it is
/// replaced by it.
fn has_adapter(ty: &Ty, depth: Depth) -> bool {
    match (depth, ty) {
        (Depth::Field, Ty::I64String | Ty::UnixTime | Ty::DateTime) => true,
        (Depth::Field, Ty::Vec(item)) => **item == Ty::DateTime,
        (Depth::FieldList, Ty::DateTime) => true,
        _ => false,
    }
}

/// Where a type sits in a field's type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Depth {
    /// The field's own type: every adapter reaches it.
    Field,
    /// The items of the field's own list: the list-of-date-times adapter reaches them.
    FieldList,
    /// Deeper: no adapter reaches.
    Nested,
}
