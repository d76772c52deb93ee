//! Schemas to types.
//!
//! A schema becomes a named type when Rust needs a declaration for it (objects, enums,
//! component schemas), and a plain Rust type otherwise (`String`, `Vec<T>`, `i64`). Inline
//! schemas that need a name get one from where they sit: `ZaloOa` + `status` ->
//! `ZaloOaStatus`. What cannot be typed yet falls back to `serde_json::Value` with a warning
//! naming its pointer, so one odd schema never fails a whole spec.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    Discriminator, EnvelopeCode, EnvelopeRule, Field, OneWay, Struct, Ty, TypeDef, TypeKind, Union, UnionVariant,
    Variant,
};
use crate::names::{self, Namespace};

/// A schema as the spec gives it: inline, or a `$ref`.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(schema: &'s ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(schema: &'s ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// An "any" schema with combinators, split in two: its own keywords, and its combinators
/// (with the discriminator); either may be absent.
pub(super) fn split_any(schema: &Schema) -> (Option<Schema>, Option<Schema>) {
    let Ok(serde_json::Value::Object(raw)) = serde_json::to_value(schema) else {
        return (None, None);
    };
    let combinators = ["oneOf", "anyOf", "allOf", "discriminator"];
    let (mine, theirs): (
        serde_json::Map<String, serde_json::Value>,
        serde_json::Map<String, serde_json::Value>,
    ) = raw.into_iter().partition(|(k, _)| !combinators.contains(&k.as_str()));
    let own_shape = ["properties", "required", "type", "enum"]
        .iter()
        .any(|k| mine.contains_key(*k));
    let parse = |map: serde_json::Map<String, serde_json::Value>| {
        serde_json::from_value::<Schema>(serde_json::Value::Object(map)).ok()
    };
    (if own_shape { parse(mine) } else { None }, parse(theirs))
}

/// Whether a schema needs a type declaration of its own.
fn needs_declaration(schema: &Schema) -> bool {
    if single_ref(schema).is_some() {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_some),
        SchemaKind::AllOf { .. } => true,
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => parts.len() > 1,
        SchemaKind::Any(a) => {
            !a.properties.is_empty() || !a.all_of.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty()
        }
        _ => false,
    }
}

/// The names of `needed` not yet in `required`.
fn own_required(needed: &[String], required: &[String]) -> Vec<String> {
    needed.iter().filter(|n| !required.contains(n)).cloned().collect()
}

/// The target of `allOf: [{$ref: X}]`, an idiom for adding a description (or `nullable`)
/// to a reference, which OpenAPI 3.0 does not allow beside `$ref`. It is just `X`.
fn single_ref(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => match all_of.as_slice() {
            [ReferenceOr::Reference { reference }] => Some(reference),
            _ => None,
        },
        _ => None,
    }
}

/// The one inline part of `allOf`, `oneOf` or `anyOf` with a single part, and the keyword.
fn single_part(schema: &Schema) -> Option<(&'static str, &Schema)> {
    let (keyword, parts) = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => ("allOf", all_of),
        SchemaKind::OneOf { one_of } => ("oneOf", one_of),
        SchemaKind::AnyOf { any_of } => ("anyOf", any_of),
        _ => return None,
    };
    match parts.as_slice() {
        [ReferenceOr::Item(part)] => Some((keyword, part)),
        _ => None,
    }
}

/// Where normalization keeps a 3.1 `prefixItems`, which the 3.0 model has no field for.
pub(crate) const PREFIX_ITEMS: &str = "x-prefixItems";

/// How deeply named types may nest while one is being lowered. Real specs stay far below;
/// past it, a schema that keeps expanding (an `allOf` that reaches itself again through
/// inline properties) becomes `serde_json::Value` with a warning instead of overflowing
/// the stack.
const MAX_NESTING: usize = 48;

impl Lowerer<'_> {
    /// The Rust type of a schema found at `pointer`. `hint` names the inline type it may need.
    pub(super) fn schema_ty(&mut self, schema: SchemaRef<'_>, hint: &str, pointer: &str) -> Ty {
        match schema {
            SchemaRef::Ref(reference) => self.ref_ty(reference, pointer),
            SchemaRef::Inline(schema) if single_ref(schema).is_some() => {
                let reference = single_ref(schema).unwrap_or_default();
                self.ref_ty(reference, &pointer_push(&pointer_push(pointer, "allOf"), "0"))
            }
            // `anyOf: [T, null]` (3.1, normalized to `allOf: [T]` + `nullable`) and other
            // combinators of one inline part are that part.
            SchemaRef::Inline(schema) if single_part(schema).is_some() => {
                let (keyword, part) = single_part(schema).unwrap_or(("allOf", schema));
                self.schema_ty(
                    SchemaRef::Inline(part),
                    hint,
                    &pointer_push(&pointer_push(pointer, keyword), "0"),
                )
            }
            SchemaRef::Inline(schema) if needs_declaration(schema) => {
                let name = self.type_names.claim(names::type_name(hint));
                let slot = self.reserve_slot();
                self.define(slot, name.clone(), SchemaRef::Inline(schema), pointer);
                Ty::Named(name)
            }
            SchemaRef::Inline(schema) => self.plain_ty(schema, hint, pointer),
        }
    }

    /// The type a `$ref` points to. A chain of references (`#/a -> #/b -> ... -> schema`)
    /// is followed in a loop, not by recursion, so a chain of any length fits on the
    /// stack of an unoptimized build script; every reference of the chain gets the type.
    fn ref_ty(&mut self, reference: &str, pointer: &str) -> Ty {
        let mut chain: Vec<String> = Vec::new();
        let mut current = reference.to_owned();
        let mut at = pointer_push(pointer, "$ref");
        let (schema, target_pointer) = loop {
            if chain.contains(&current) {
                self.error(at, format!("`$ref` cycle: {} -> {current}", chain.join(" -> ")));
                return self.settle_chain(chain, Ty::Json);
            }
            if let Some(ty) = self.known_ref(&current) {
                return self.settle_chain(chain, ty);
            }
            let Some(target) = self.lookup_pointer(&current, &at) else {
                return self.settle_chain(chain, Ty::Json);
            };
            let schema = match serde_path_to_error::deserialize::<_, ReferenceOr<Schema>>(target) {
                Ok(schema) => schema,
                // A reference to something that is not a schema (Codat's `Item.type` points
                // at a map of schemas) has one reading: any JSON, kept whole.
                Err(e) => {
                    self.warning(
                        at,
                        format!(
                            "`{current}` does not point to a valid schema ({}); typed as serde_json::Value",
                            e.inner()
                        ),
                    );
                    return self.settle_chain(chain, Ty::Json);
                }
            };
            // Guard against cycles through pointers outside components: a second visit
            // while the first is still being lowered sees this placeholder.
            self.pointer_types.insert(current.clone(), Ty::Json);
            let target_pointer = super::percent_decode(current.trim_start_matches('#'));
            chain.push(std::mem::take(&mut current));
            match schema {
                ReferenceOr::Reference { reference: next } => {
                    at = pointer_push(&target_pointer, "$ref");
                    current = next;
                }
                ReferenceOr::Item(inline) => break (inline, target_pointer),
            }
        };
        let hint = self.ref_hint(&target_pointer);
        let ty = if needs_declaration(&schema) {
            let name = self.type_names.claim(names::type_name(&hint));
            for link in &chain {
                self.pointer_types.insert(link.clone(), Ty::Named(name.clone()));
            }
            let slot = self.reserve_slot();
            self.define(slot, name.clone(), SchemaRef::Inline(&schema), &target_pointer);
            Ty::Named(name)
        } else {
            self.plain_ty(&schema, &hint, &target_pointer)
        };
        self.settle_chain(chain, ty)
    }

    /// The name hint of a schema reached by a `$ref` outside the components: the name its
    /// own place would give it, for an operation's whole request or response body
    /// (`getItem`'s 200 body: `GetItemResponse`), else the pointer's last segment.
    fn ref_hint(&self, target_pointer: &str) -> String {
        let unescape = |segment: &str| segment.replace("~1", "/").replace("~0", "~");
        let segments: Vec<String> = target_pointer.split('/').skip(1).map(unescape).collect();
        let body_of = |path: &str, method: &str| -> Option<String> {
            let item = self.doc.api.paths.paths.get(path)?.as_item()?;
            let (_, op) = item.iter().find(|(m, _)| *m == method)?;
            op.operation_id.clone()
        };
        let place = match segments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["paths", path, method, "responses", status, "content", _, "schema"] => body_of(path, method).map(|id| {
                let suffix = if status.starts_with('2') || *status == "default" {
                    "response"
                } else {
                    "error"
                };
                format!("{id} {suffix}")
            }),
            ["paths", path, method, "requestBody", "content", _, "schema"] => {
                body_of(path, method).map(|id| format!("{id} request"))
            }
            _ => None,
        };
        place.unwrap_or_else(|| segments.last().cloned().unwrap_or_else(|| "Schema".to_owned()))
    }

    /// The type of a reference already resolved: a component schema, or a pointer lowered
    /// before.
    fn known_ref(&self, reference: &str) -> Option<Ty> {
        if let Some(key) = reference.strip_prefix("#/components/schemas/") {
            let key = super::percent_decode(key).replace("~1", "/").replace("~0", "~");
            if let Some(name) = self.component_names.get(&key) {
                return Some(Ty::Named(name.clone()));
            }
        }
        self.pointer_types.get(reference).cloned()
    }

    /// Records `ty` as the type of every reference of a chain, and returns it.
    fn settle_chain(&mut self, chain: Vec<String>, ty: Ty) -> Ty {
        for link in chain {
            self.pointer_types.insert(link, ty.clone());
        }
        ty
    }

    /// Lowers a schema into the named type `name`, filling the reserved `slot`.
    pub(super) fn define(&mut self, slot: usize, name: String, schema: SchemaRef<'_>, pointer: &str) {
        if self.nesting >= MAX_NESTING {
            self.warning(
                pointer,
                format!("types nest more than {MAX_NESTING} deep here (an `allOf` that includes itself?); typed as serde_json::Value"),
            );
            self.types[slot] = Some(TypeDef {
                name,
                doc: Some(format!("The schema at `#{pointer}`.")),
                pointer: pointer.to_owned(),
                kind: TypeKind::Alias(Ty::Json),
                groups: Vec::new(),
                unreferenced: false,
                serde: crate::ir::SerdeDerives::default(),
            });
            return;
        }
        self.nesting += 1;
        self.define_at_depth(slot, name, schema, pointer);
        self.nesting -= 1;
    }

    fn define_at_depth(&mut self, slot: usize, name: String, schema: SchemaRef<'_>, pointer: &str) {
        let (doc, kind) = match schema {
            SchemaRef::Ref(reference) => (None, TypeKind::Alias(self.ref_ty(reference, pointer))),
            SchemaRef::Inline(schema) => (
                webhook_doc(
                    schema,
                    doc_of(schema).or_else(|| single_part(schema).and_then(|(_, part)| doc_of(part))),
                ),
                self.type_kind(&name, schema, pointer),
            ),
        };
        // Every public item is documented: where the spec says nothing, by where it is from.
        let doc = doc.or_else(|| Some(format!("The schema at `#{pointer}`.")));
        match &kind {
            TypeKind::Struct(Struct { envelope: Some(_), .. }) => {
                self.envelopes.insert(name.clone());
            }
            TypeKind::IntEnum(_) => {
                self.int_enums.insert(name.clone());
            }
            TypeKind::StringEnum(_) => {
                self.string_enums.insert(name.clone());
            }
            TypeKind::Alias(target) => {
                self.aliases.insert(name.clone(), target.clone());
            }
            _ => {}
        }
        self.types[slot] = Some(TypeDef {
            name,
            doc,
            pointer: pointer.to_owned(),
            kind,
            groups: Vec::new(),
            unreferenced: false,
            serde: crate::ir::SerdeDerives::default(),
        });
    }

    fn type_kind(&mut self, name: &str, schema: &Schema, pointer: &str) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                TypeKind::Struct(self.object(name, &o.properties, &o.required, schema, pointer))
            }
            // Combinators beside the schema's own keywords, which the 3.0 model reads as
            // "any": `oneOf`/`anyOf` beside own properties is a union whose alternatives
            // each hold the own part too; `allOf` beside them is one object of all parts.
            SchemaKind::Any(a) if !a.one_of.is_empty() || !a.any_of.is_empty() => {
                let (keyword, alternatives) = if a.one_of.is_empty() {
                    ("anyOf", &a.any_of)
                } else {
                    ("oneOf", &a.one_of)
                };
                let own = split_any(schema).0.filter(|own| match &own.schema_kind {
                    SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty() || !o.required.is_empty(),
                    SchemaKind::Any(a) => !a.properties.is_empty() || !a.required.is_empty(),
                    _ => false,
                });
                let parts: Vec<ReferenceOr<Schema>> = match own {
                    None => alternatives.clone(),
                    Some(own) => alternatives
                        .iter()
                        .map(|alternative| {
                            let title = match alternative {
                                ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_owned),
                                ReferenceOr::Item(s) => s.schema_data.title.clone(),
                            };
                            ReferenceOr::Item(Schema {
                                schema_data: openapiv3::SchemaData {
                                    title,
                                    ..Default::default()
                                },
                                schema_kind: SchemaKind::AllOf {
                                    all_of: vec![ReferenceOr::Item(own.clone()), alternative.clone()],
                                },
                            })
                        })
                        .collect(),
                };
                if parts.len() == 1 {
                    return TypeKind::Alias(self.schema_ty((&parts[0]).into(), name, pointer));
                }
                TypeKind::Union(self.union(name, &parts, schema, &pointer_push(pointer, keyword)))
            }
            SchemaKind::Any(a) if !a.all_of.is_empty() => {
                let mut parts = a.all_of.clone();
                parts.extend(split_any(schema).0.map(ReferenceOr::Item));
                self.all_of(name, &parts, schema, pointer)
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => {
                TypeKind::Struct(self.object(name, &a.properties, &a.required, schema, pointer))
            }
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                TypeKind::StringEnum(self.enum_variants(schema, s.enumeration.iter().flatten().cloned(), pointer))
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                TypeKind::IntEnum(self.enum_variants(schema, i.enumeration.iter().flatten().copied(), pointer))
            }
            SchemaKind::AllOf { all_of } => self.all_of(name, all_of, schema, pointer),
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.len() > 1 => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                TypeKind::Union(self.union(name, parts, schema, &pointer_push(pointer, keyword)))
            }
            // One inline alternative is the type itself, declared under this name (not an
            // alias of a second name, `Digest = Digest2`).
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } if single_part(schema).is_some() => {
                let (keyword, part) = single_part(schema).expect("checked");
                self.type_kind(name, part, &pointer_push(&pointer_push(pointer, keyword), "0"))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.len() == 1 => {
                TypeKind::Alias(self.schema_ty((&parts[0]).into(), name, pointer))
            }
            _ => TypeKind::Alias(self.plain_ty(schema, name, pointer)),
        }
    }

    /// `allOf` whose parts are all objects: one struct with every part's properties.
    fn all_of(&mut self, name: &str, parts: &[ReferenceOr<Schema>], schema: &Schema, pointer: &str) -> TypeKind {
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        if let Err(part_pointer) = self.gather_objects(parts, pointer, &mut properties, &mut required, 0) {
            if let [part] = parts {
                let part_pointer = pointer_push(&pointer_push(pointer, "allOf"), "0");
                return TypeKind::Alias(self.schema_ty(part.into(), name, &part_pointer));
            }
            self.warning(
                part_pointer,
                "`allOf` of a part that is not an object is not supported yet; typed as serde_json::Value",
            );
            return TypeKind::Alias(Ty::Json);
        }
        TypeKind::Struct(self.object(name, &properties, &required, schema, pointer))
    }

    /// Gathers the properties and required names of `allOf` parts that are all objects,
    /// through references and nested `allOf`s (a part may require what another defines).
    /// `Err` is the pointer of the first part that is not an object.
    fn gather_objects(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        pointer: &str,
        properties: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), String> {
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
            if depth > 16 {
                return Err(part_pointer);
            }
            let Some(resolved) = self.resolve(part, "schemas", &part_pointer) else {
                return Err(part_pointer);
            };
            let resolved = resolved.into_owned();
            let (own, needed) = match &resolved.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
                SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() => {
                    if !a.all_of.is_empty() {
                        self.gather_objects(&a.all_of, &part_pointer, properties, required, depth + 1)?;
                    }
                    if a.properties.is_empty() && a.required.is_empty() && a.all_of.is_empty() {
                        return Err(part_pointer);
                    }
                    (&a.properties, &a.required)
                }
                SchemaKind::AllOf { all_of } => {
                    self.gather_objects(all_of, &part_pointer, properties, required, depth + 1)?;
                    continue;
                }
                _ => return Err(part_pointer),
            };
            for (name, property) in own {
                properties.insert(name.clone(), property.clone());
            }
            required.extend(own_required(needed, required));
        }
        Ok(())
    }

    fn object(
        &mut self,
        name: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        schema: &Schema,
        pointer: &str,
    ) -> Struct {
        let mut field_names = Namespace::snake();
        let mut fields = Vec::new();
        let props_pointer = pointer_push(pointer, "properties");
        for (wire_name, property) in properties {
            let field_pointer = pointer_push(&props_pointer, wire_name);
            let one_way_of = |s: &Schema| match (s.schema_data.read_only, s.schema_data.write_only) {
                (true, false) => Some(OneWay::ReadOnly),
                (false, true) => Some(OneWay::WriteOnly),
                _ => None,
            };
            let (doc, nullable, rust_name, one_way) = match property {
                ReferenceOr::Item(s) => (doc_of(s), s.schema_data.nullable, rust_name_override(s), one_way_of(s)),
                ReferenceOr::Reference { reference } => {
                    let target = self.component(reference);
                    (
                        target.and_then(doc_of),
                        target.is_some_and(|t| t.schema_data.nullable),
                        None,
                        target.and_then(one_way_of),
                    )
                }
            };
            let doc = doc.or_else(|| Some(format!("The `{wire_name}` property.")));
            let hint = format!("{name} {wire_name}");
            let ty = self.schema_ty(property.into(), &hint, &field_pointer);
            let rust_name = field_names.claim(rust_name.unwrap_or_else(|| names::snake_name(wire_name)));
            fields.push(Field {
                name: rust_name,
                wire_name: wire_name.clone(),
                doc,
                ty,
                required: required.contains(wire_name),
                nullable,
                boxed: false,
                one_way,
            });
        }
        // A required property the schema does not declare (allowed by
        // `additionalProperties`) is still a field, or a request could never carry it.
        for wire_name in required.iter().filter(|r| !properties.contains_key(*r)) {
            let rust_name = field_names.claim(names::snake_name(wire_name));
            fields.push(Field {
                name: rust_name,
                wire_name: wire_name.clone(),
                doc: Some(format!(
                    "The `{wire_name}` property, required but not declared by the spec: any JSON."
                )),
                ty: Ty::Json,
                required: true,
                nullable: false,
                boxed: false,
                one_way: None,
            });
        }
        let envelope = self.envelope(schema, &fields, pointer);
        Struct {
            default: fields.iter().all(|f| !f.required),
            constructor: false,
            fields,
            envelope,
        }
    }

    /// The component schema a `#/components/schemas/...` reference names, if any.
    pub(super) fn component(&self, reference: &str) -> Option<&Schema> {
        let key = reference.strip_prefix("#/components/schemas/")?;
        let key = super::percent_decode(key).replace("~1", "/").replace("~0", "~");
        self.doc.api.components.as_ref()?.schemas.get(&key)?.as_item()
    }

    /// The alternatives of a `oneOf`/`anyOf`, named after the types they refer to, and
    /// the discriminator's mapping, when the spec gives one.
    fn union(&mut self, name: &str, parts: &[ReferenceOr<Schema>], schema: &Schema, pointer: &str) -> Union {
        let mut variant_names = Namespace::types().reserve(&["Other"]);
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_pointer = pointer_push(pointer, &i.to_string());
            let label = match part {
                ReferenceOr::Reference { reference } => reference.rsplit('/').next().unwrap_or("Variant").to_owned(),
                ReferenceOr::Item(s) => match &s.schema_kind {
                    SchemaKind::Type(Type::String(_)) => "String".to_owned(),
                    SchemaKind::Type(Type::Integer(_)) => "Integer".to_owned(),
                    SchemaKind::Type(Type::Number(_)) => "Number".to_owned(),
                    SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_owned(),
                    SchemaKind::Type(Type::Array(_)) => "List".to_owned(),
                    _ => s
                        .schema_data
                        .title
                        .clone()
                        .unwrap_or_else(|| format!("Variant{}", i + 1)),
                },
            };
            let variant = variant_names.claim(names::variant_name(&label));
            let ty = self.schema_ty(part.into(), &format!("{name} {variant}"), &part_pointer);
            variants.push(UnionVariant {
                name: variant,
                ty,
                boxed: false,
            });
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|d| {
            let mut mapping: Vec<(String, String)> = Vec::new();
            for (value, target) in &d.mapping {
                let target_name = target.rsplit('/').next().unwrap_or(target);
                let found = parts.iter().zip(&variants).find(|(part, _)| match part {
                    ReferenceOr::Reference { reference } => {
                        reference == target || reference.rsplit('/').next() == Some(target_name)
                    }
                    ReferenceOr::Item(_) => false,
                });
                match found {
                    Some((_, variant)) => mapping.push((value.clone(), variant.name.clone())),
                    None => self.warning(
                        pointer_push(&pointer_push(pointer, "discriminator"), value),
                        format!("the discriminator maps `{value}` to `{target}`, which is not one of the alternatives"),
                    ),
                }
            }
            // Alternatives without a mapping entry are named by their schema's name.
            for (part, variant) in parts.iter().zip(&variants) {
                if let ReferenceOr::Reference { reference } = part {
                    let implicit = reference.rsplit('/').next().unwrap_or_default().to_owned();
                    if !mapping.iter().any(|(_, v)| v == &variant.name) {
                        mapping.push((implicit, variant.name.clone()));
                    }
                }
            }
            Discriminator {
                property: d.property_name.clone(),
                mapping,
            }
        });
        Union {
            variants,
            discriminator,
        }
    }

    /// Reads `x-envelope: {code, success, message}` and checks it against the fields.
    fn envelope(&mut self, schema: &Schema, fields: &[Field], pointer: &str) -> Option<EnvelopeRule> {
        let value = schema.schema_data.extensions.get("x-envelope")?;
        let at = pointer_push(pointer, "x-envelope");
        let code = value.get("code").and_then(Value::as_str);
        let Some(code) = code.and_then(|c| fields.iter().find(|f| f.wire_name == c)) else {
            self.error(at, "`x-envelope.code` must name a property of this schema");
            return None;
        };
        if code.is_option() {
            self.error(
                at,
                format!(
                    "the envelope's code property `{}` must be required and not nullable",
                    code.wire_name
                ),
            );
            return None;
        }
        let success = match (&code.ty, value.get("success")) {
            (Ty::I32 | Ty::I64 | Ty::I64String, Some(Value::Number(n))) if n.as_i64().is_some() => {
                EnvelopeCode::Int(n.as_i64().unwrap_or_default())
            }
            (Ty::String, Some(Value::String(s))) => EnvelopeCode::Str(s.clone()),
            _ => {
                self.error(
                    at,
                    "`x-envelope.success` must be a value of the code property's type (an integer or a string)",
                );
                return None;
            }
        };
        let message_field = match value.get("message") {
            None => None,
            Some(Value::String(m)) => match fields.iter().find(|f| &f.wire_name == m && f.ty == Ty::String) {
                Some(f) => Some((
                    f.name.clone(),
                    crate::ir::FieldStep {
                        field: f.name.clone(),
                        optional: f.is_option(),
                        double: f.is_double_option(),
                    },
                )),
                None => {
                    self.error(
                        at,
                        format!("`x-envelope.message` names `{m}`, which is not a string property of this schema"),
                    );
                    return None;
                }
            },
            Some(_) => {
                self.error(at, "`x-envelope.message` must be a property name");
                return None;
            }
        };
        Some(EnvelopeRule {
            code_field: code.name.clone(),
            success,
            message_field,
        })
    }

    /// Variants of an open enum, named by `x-enum-varnames` or from their values, described
    /// by `x-enum-descriptions`, deprecated by `x-enum-deprecated`.
    fn enum_variants<V>(&mut self, schema: &Schema, values: impl Iterator<Item = V>, pointer: &str) -> Vec<Variant<V>>
    where
        V: Clone + PartialEq + ToString + serde::Serialize,
    {
        let ext = &schema.schema_data.extensions;
        let strings = |key: &str| -> Vec<Option<String>> {
            ext.get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default()
        };
        let varnames = strings("x-enum-varnames");
        let descriptions = strings("x-enum-descriptions");
        let deprecated: Vec<Value> = ext
            .get("x-enum-deprecated")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let values: Vec<V> = values.collect();
        for key in ["x-enum-varnames", "x-enum-descriptions"] {
            if let Some(list) = ext.get(key).and_then(Value::as_array) {
                if list.len() != values.len() {
                    self.warning(
                        pointer_push(pointer, key),
                        format!(
                            "`{key}` has {} entries for {} enum values; entries are matched by position",
                            list.len(),
                            values.len()
                        ),
                    );
                }
            }
        }
        let mut variant_names = Namespace::types().reserve(&["Other"]);
        let mut variants: Vec<Variant<V>> = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if variants.iter().any(|v| v.value == value) {
                self.warning(
                    pointer_push(pointer, "enum"),
                    format!("the enum value {} is listed twice", value.to_string()),
                );
                continue;
            }
            let raw_name = match varnames.get(i).cloned().flatten() {
                Some(name) => names::variant_name(&name),
                None => match serde_json::to_value(&value) {
                    Ok(Value::Number(n)) => names::int_variant_name(n.as_i64().unwrap_or_default()),
                    _ => names::variant_name(&value.to_string()),
                },
            };
            let wire = serde_json::to_value(&value).unwrap_or(Value::Null);
            variants.push(Variant {
                name: variant_names.claim(raw_name),
                doc: descriptions.get(i).cloned().flatten(),
                deprecated: deprecated.contains(&wire),
                value,
            });
        }
        variants
    }

    /// The Rust type of a schema that needs no declaration of its own.
    fn plain_ty(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Ty {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Ty::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "int64" => Ty::I64String,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Ty::Uuid,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::File,
                _ if is_raw_media(schema) => Ty::File,
                _ => Ty::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "unix-time" => Ty::UnixTime,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "unix-time" => Ty::UnixTime,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "decimal" => {
                    self.warning(
                        pointer_push(pointer, "format"),
                        "a decimal sent as a JSON number is an f64 (exact to about 15 digits); \
                         a decimal sent as a string (`type: string, format: decimal`) is a String \
                         and keeps every digit",
                    );
                    Ty::F64
                }
                _ => Ty::F64,
            },
            SchemaKind::Type(Type::Array(_)) if schema.schema_data.extensions.contains_key(PREFIX_ITEMS) => {
                self.tuple(schema, hint, pointer)
            }
            SchemaKind::Type(Type::Array(a)) => {
                let items_pointer = pointer_push(pointer, "items");
                let item = match &a.items {
                    Some(items) => {
                        let ty = self.schema_ty(items.into(), &format!("{hint} item"), &items_pointer);
                        self.or_null(self.is_nullable(items.into()), ty)
                    }
                    None => Ty::Json,
                };
                Ty::Vec(Box::new(self.in_container(item, &items_pointer)))
            }
            SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
                Some(AdditionalProperties::Schema(values)) => {
                    let values_pointer = pointer_push(pointer, "additionalProperties");
                    let value = self.schema_ty(values.as_ref().into(), &format!("{hint} value"), &values_pointer);
                    let value = self.or_null(self.is_nullable(values.as_ref().into()), value);
                    Ty::Map(Box::new(self.in_container(value, &values_pointer)))
                }
                _ => Ty::Json,
            },
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Ty::Json,
            SchemaKind::Not { .. } => {
                self.warning(
                    pointer,
                    "`not` cannot be expressed as a type; this value is a serde_json::Value",
                );
                Ty::Json
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                None | Some("string" | "number" | "integer" | "boolean" | "array" | "object") => Ty::Json,
                Some("null") => {
                    self.warning(
                        pointer,
                        "`type: null` is not an OpenAPI 3.0 type; typed as serde_json::Value",
                    );
                    Ty::Json
                }
                Some(other) => {
                    self.error(
                        pointer_push(pointer, "type"),
                        format!("`{other}` is not a type; use one of string, number, integer, boolean, array, object"),
                    );
                    Ty::Json
                }
            },
            SchemaKind::AllOf { .. } => Ty::Json,
        }
    }

    /// A 3.1 `prefixItems` array as a tuple of its items' types. An array that may be
    /// shorter or longer than its `prefixItems` does not fit a tuple: it stays a list, with
    /// a warning.
    fn tuple(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Ty {
        let at = pointer_push(pointer, "prefixItems");
        let parts: Option<Vec<ReferenceOr<Schema>>> = schema
            .schema_data
            .extensions
            .get(PREFIX_ITEMS)
            .and_then(|v| serde_json::from_value(v.clone()).ok());
        let (min, max) = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a)) => (a.min_items, a.max_items),
            _ => (None, None),
        };
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            self.warning(
                at,
                "`prefixItems` is not a list of schemas; the array is a list of any JSON",
            );
            return Ty::Vec(Box::new(Ty::Json));
        };
        let fixed = min == Some(parts.len()) && max.is_none_or(|m| m == parts.len())
            || max == Some(parts.len()) && min == Some(parts.len());
        let closed = matches!(&schema.schema_kind, SchemaKind::Type(Type::Array(a)) if a.items.is_none())
            && max == Some(parts.len());
        if !(fixed || closed && min == Some(parts.len())) {
            self.warning(
                at,
                format!(
                    "`prefixItems` without `minItems` and `maxItems` of {n} allows arrays of other lengths; \
                     typed as a list of any JSON",
                    n = parts.len()
                ),
            );
            return Ty::Vec(Box::new(Ty::Json));
        }
        let items = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let part_at = pointer_push(&at, &i.to_string());
                let ty = self.schema_ty(part.into(), &format!("{hint} {i}"), &part_at);
                let ty = self.or_null(self.is_nullable(part.into()), ty);
                self.in_container(ty, &part_at)
            })
            .collect();
        Ty::Tuple(items)
    }

    /// Wire formats that need a serde adapter can only be adapted on a field; inside a
    /// `Vec` or map they keep their plain wire type (see `adapters::plain_in_container`).
    fn in_container(&mut self, ty: Ty, pointer: &str) -> Ty {
        match super::adapters::plain_in_container(&ty) {
            Some((plain, why)) => {
                self.warning(pointer, why);
                plain
            }
            None => ty,
        }
    }
}

impl Lowerer<'_> {
    /// Whether a schema, inline or behind a reference (to a component or any pointer), is
    /// `nullable`.
    pub(super) fn is_nullable(&self, schema: SchemaRef<'_>) -> bool {
        match schema {
            SchemaRef::Inline(s) => s.schema_data.nullable,
            SchemaRef::Ref(reference) => match self.component(reference) {
                Some(s) => s.schema_data.nullable,
                None => reference
                    .strip_prefix('#')
                    .and_then(|p| self.doc.raw.pointer(&super::percent_decode(p)))
                    .and_then(|v| v.get("nullable"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
        }
    }

    /// `Option<T>` for a value whose schema may be `null` (`nullable`, 3.1's `anyOf: [T,
    /// null]`) where no field's own `Option` carries the `null`: a list item, map value or
    /// tuple item, and a whole request or response body. A `ty` that holds `null` already
    /// (any JSON, an `Option`) stays as it is.
    pub(super) fn or_null(&self, nullable: bool, ty: Ty) -> Ty {
        if nullable && !matches!(ty, Ty::Json | Ty::Nullable(_)) {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// The fields of the struct named `name`, if it is one.
    pub(super) fn struct_fields(&self, name: &str) -> Option<&[Field]> {
        self.types
            .iter()
            .flatten()
            .find(|t| t.name == name)
            .and_then(|t| match &t.kind {
                TypeKind::Struct(s) => Some(s.fields.as_slice()),
                _ => None,
            })
    }
}

/// Whether a string schema holds raw content of a media type (3.1 `contentMediaType`
/// without a `contentEncoding`), which is a file in a multipart body.
fn is_raw_media(schema: &Schema) -> bool {
    let extensions = &schema.schema_data.extensions;
    extensions.contains_key(CONTENT_MEDIA_TYPE) && !extensions.contains_key(CONTENT_ENCODING)
}

/// Where 3.1 normalization keeps `contentMediaType` and `contentEncoding`.
pub(super) const CONTENT_MEDIA_TYPE: &str = "x-contentMediaType";
const CONTENT_ENCODING: &str = "x-contentEncoding";

/// `doc`, with a note naming the webhooks whose payload the schema is (3.1 `webhooks`,
/// marked `x-webhooks` by normalization): the API sends these, no method does.
fn webhook_doc(schema: &Schema, doc: Option<String>) -> Option<String> {
    let Some(Value::Array(webhooks)) = schema.schema_data.extensions.get("x-webhooks") else {
        return doc;
    };
    let names: Vec<String> = webhooks
        .iter()
        .filter_map(Value::as_str)
        .map(|w| format!("`{w}`"))
        .collect();
    let note = format!(
        "The payload of the {} webhook{}: the API sends it to your server, and no method of \
         the client calls it; deserialize what you receive into this type.",
        names.join(", "),
        if names.len() > 1 { "s" } else { "" }
    );
    Some(match doc {
        Some(doc) => format!("{doc}\n\n{note}"),
        None => note,
    })
}

/// A schema's doc text: its title and description.
pub(super) fn doc_of(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (Some(t), None) => Some(t.clone()),
        (None, Some(d)) => Some(d.clone()),
        (None, None) => None,
    }
}

/// `x-rust-name` on a property: the Rust name to use instead of one derived from the wire
/// name (`onwer_id` -> `owner_id`).
fn rust_name_override(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .extensions
        .get("x-rust-name")
        .and_then(Value::as_str)
        .map(names::snake_name)
}
