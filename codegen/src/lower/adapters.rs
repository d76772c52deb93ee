//! Wire formats behind an alias. An int64 carried as a JSON string, a unix time and a
//! date-time read leniently travel through a serde adapter, which only a field can name
//! (see [`Field::adapter`]). A component schema that is one of them (`Id: {type: string,
//! format: int64}`) is an alias (`pub type Id = i64;`), and a field typed by the alias
//! would read the plain Rust type: `"id": "123"` would fail the whole answer.
//!
//! So, once every type is lowered, a field whose type names such an alias (through any
//! chain of aliases) takes the aliased wire type instead, as if the schema were inline:
//! the field gets its adapter. Inside a list or map, where no adapter reaches but for a
//! field's own list of date-times, the value keeps its plain wire type with a warning, as
//! an inline one does. The alias itself stays, for the user's own code.

use std::collections::HashMap;

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{Field, Ty, TypeDef, TypeKind};

impl Lowerer<'_> {
    /// Rewrites, in every struct's fields, references to aliases of wire formats that need
    /// an adapter (see the module's doc).
    pub(super) fn adapt_aliased_fields(&mut self, types: &mut [TypeDef]) {
        let aliases: HashMap<String, Ty> = types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::Alias(ty) => Some((t.name.clone(), ty.clone())),
                _ => None,
            })
            .collect();
        for def in types.iter_mut() {
            let TypeKind::Struct(s) = &mut def.kind else { continue };
            for field in &mut s.fields {
                let at = pointer_push(&pointer_push(&def.pointer, "properties"), &field.wire_name);
                let ty = std::mem::replace(&mut field.ty, Ty::Json);
                field.ty = self.adapted(ty, Depth::Field, &aliases, &at, field);
            }
        }
    }

    fn adapted(&mut self, ty: Ty, depth: Depth, aliases: &HashMap<String, Ty>, at: &str, field: &Field) -> Ty {
        match ty {
            Ty::Named(name) => match adapter_target(&name, aliases) {
                Some(target) => match (depth, target) {
                    (Depth::Field, target) | (Depth::FieldList, target @ Ty::DateTime) => target,
                    (_, Ty::DateTime) => Ty::DateTime,
                    (_, Ty::I64String) => {
                        self.warning(
                            at,
                            format!(
                                "`{}`: an int64 string (`{name}`) inside an array or map is kept as a String",
                                field.wire_name
                            ),
                        );
                        Ty::String
                    }
                    (_, _) => {
                        self.warning(
                            at,
                            format!(
                                "`{}`: a unix-time value (`{name}`) inside an array or map is kept as an f64",
                                field.wire_name
                            ),
                        );
                        Ty::F64
                    }
                },
                None => Ty::Named(name),
            },
            Ty::Vec(item) => {
                let inner = if depth == Depth::Field {
                    Depth::FieldList
                } else {
                    Depth::Nested
                };
                Ty::Vec(Box::new(self.adapted(*item, inner, aliases, at, field)))
            }
            Ty::Map(value) => Ty::Map(Box::new(self.adapted(*value, Depth::Nested, aliases, at, field))),
            Ty::Nullable(inner) => Ty::Nullable(Box::new(self.adapted(*inner, Depth::Nested, aliases, at, field))),
            Ty::Tuple(items) => Ty::Tuple(
                items
                    .into_iter()
                    .map(|item| self.adapted(item, Depth::Nested, aliases, at, field))
                    .collect(),
            ),
            other => other,
        }
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

/// The wire type an alias stands for, through a chain of aliases, when it needs an adapter.
fn adapter_target(name: &str, aliases: &HashMap<String, Ty>) -> Option<Ty> {
    let mut current = aliases.get(name)?;
    // Alias cycles are reported elsewhere; the bound keeps this from looping on one.
    for _ in 0..=aliases.len() {
        match current {
            Ty::I64String | Ty::UnixTime | Ty::DateTime => return Some(current.clone()),
            Ty::Named(next) => current = aliases.get(next)?,
            _ => return None,
        }
    }
    None
}
