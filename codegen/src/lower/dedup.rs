//! Structurally identical inline schemas become one type.
//!
//! Big specs repeat the same inline shape under many properties: GitHub's spec has 722
//! identical `read`/`write` permission enums and hundreds of identical link objects, and
//! over half of its 8,000 generated types were copies of another. Each copy is compiled,
//! with its serde derives, for nothing. An inline schema whose type is identical to an
//! earlier one (fields, their names, types, docs and wire names, variants; everything
//! but the type's own name and doc) is dropped and every use names the earlier one.
//! Component schemas are never dropped: their names are the spec's. Merging can make two
//! types identical that were not (their fields named two copies), so it runs until
//! nothing changes.
//!
//! A merged type serves several places, so the name of the first place would mislead at
//! the others (a query parameter typed `KitchenSinkInputPrice`). A merged union or small
//! string enum is named after what it holds instead (`NumberOrString`, `CatOrDog`,
//! `ReadOrWrite`), when that name is free; its doc says where the spec writes it when
//! the copies' descriptions differ.

use std::collections::HashMap;

use crate::ir::{Operation, Payload, Ty, TypeDef, TypeKind};
use crate::names::{self, Namespace};

/// Where a dropped copy was written, and its doc.
type MergedCopy = (String, Option<String>);

/// Merges identical inline types into the first of them, renaming every use, then names
/// each merged union or small enum after its alternatives (claimed in `type_names`).
pub(super) fn merge_identical_inline(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    type_names: &mut Namespace,
) {
    // Survivor name -> the copies merged into it.
    let mut copies: HashMap<String, Vec<MergedCopy>> = HashMap::new();
    loop {
        let mut first_of: HashMap<String, usize> = HashMap::new();
        let mut rename: HashMap<String, String> = HashMap::new();
        for (i, def) in types.iter().enumerate() {
            // An alias is a name for another type, not a shape of its own.
            if matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            let key = format!("{:?}", def.kind);
            match first_of.get(&key) {
                Some(&first) if !is_component(&def.pointer) => {
                    let survivor = types[first].name.clone();
                    let mut merged = copies.remove(&def.name).unwrap_or_default();
                    merged.push((def.pointer.clone(), def.doc.clone()));
                    copies.entry(survivor.clone()).or_default().extend(merged);
                    rename.insert(def.name.clone(), survivor);
                }
                Some(_) => {}
                None => {
                    first_of.insert(key, i);
                }
            }
        }
        if rename.is_empty() {
            break;
        }
        types.retain(|def| !rename.contains_key(&def.name));
        rename_uses(types, operations, &rename);
    }
    let mut rename: HashMap<String, String> = HashMap::new();
    for def in types.iter_mut() {
        let Some(merged) = copies.get(&def.name) else {
            continue;
        };
        if is_component(&def.pointer) {
            continue;
        }
        let Some(name) = name_by_contents(&def.kind).and_then(|name| type_names.try_claim(name)) else {
            continue;
        };
        if merged.iter().any(|(_, doc)| *doc != def.doc) {
            let places = std::iter::once(def.pointer.as_str())
                .chain(merged.iter().map(|(pointer, _)| pointer.as_str()))
                .take(3)
                .map(|pointer| format!("`#{pointer}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let more = if merged.len() + 1 > 3 { ", ..." } else { "" };
            def.doc = Some(format!(
                "A schema the spec writes inline in {} places ({places}{more}), with different descriptions.",
                merged.len() + 1
            ));
        }
        rename.insert(std::mem::replace(&mut def.name, name.clone()), name);
    }
    rename_uses(types, operations, &rename);
}

/// Names every use of a renamed type by its new name.
fn rename_uses(types: &mut [TypeDef], operations: &mut [Operation], rename: &HashMap<String, String>) {
    if rename.is_empty() {
        return;
    }
    let rename = |name: &str| rename.get(name).cloned();
    for def in types.iter_mut() {
        for ty in kind_types(&mut def.kind) {
            ty.rename_named(&rename);
        }
    }
    for op in operations.iter_mut() {
        for ty in operation_types(op) {
            ty.rename_named(&rename);
        }
    }
}

/// A name saying what a type holds, for a union of two or three alternatives
/// (`CatOrDog`, `CatOrDogByKind` when a `kind` property tells them apart) or a string
/// enum of two or three values (`ReadOrWrite`); none for longer ones, nor when a value
/// is no word (`"1"`).
fn name_by_contents(kind: &TypeKind) -> Option<String> {
    let (parts, suffix): (Vec<&str>, String) = match kind {
        TypeKind::Union(union) => (
            union.variants.iter().map(|v| v.name.as_str()).collect(),
            match &union.discriminator {
                Some(d) => format!("By{}", names::type_name(&d.property)),
                None => String::new(),
            },
        ),
        TypeKind::StringEnum(variants) => (variants.iter().map(|v| v.name.as_str()).collect(), String::new()),
        _ => return None,
    };
    // Parts that are not words (`_256x256`, for values that start with a digit) make no
    // name.
    let words = parts.iter().all(|p| p.starts_with(|c: char| c.is_ascii_uppercase()));
    let name = format!("{}{suffix}", parts.join("Or"));
    (words && (2..=3).contains(&parts.len()) && name.len() <= 40).then_some(name)
}

/// Whether `pointer` is a component schema itself (`/components/schemas/Pet`), not a
/// schema inside one.
fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|key| !key.contains('/'))
}

/// Every type a type kind names directly.
fn kind_types(kind: &mut TypeKind) -> Vec<&mut Ty> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
    }
}

/// Every type an operation names.
fn operation_types(op: &mut Operation) -> Vec<&mut Ty> {
    let mut out: Vec<&mut Ty> = op.params.iter_mut().map(|p| &mut p.ty).collect();
    out.extend(op.body.iter_mut().map(|b| &mut b.ty));
    let payloads = op
        .success
        .arms
        .iter_mut()
        .map(|a| &mut a.body)
        .chain(op.errors.arms.iter_mut().map(|a| &mut a.body));
    for payload in payloads {
        if let Payload::Json(ty) | Payload::Events(Some(ty)) = payload {
            out.push(ty);
        }
    }
    out.extend(
        op.headers
            .iter_mut()
            .flat_map(|h| h.fields.iter_mut().map(|f| &mut f.ty)),
    );
    out.extend(op.pagination.iter_mut().map(|p| &mut p.item_ty));
    out
}

#[cfg(test)]
mod tests {
    /// The generated code of `spec`.
    fn generate(spec: &str) -> String {
        crate::generate_str(spec, crate::Format::Yaml, &crate::Settings::new("t", "t.yaml"))
            .expect("generates")
            .code
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: mode, in: query, schema: {type: string, enum: [fast, safe]}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  link: {type: object, properties: {href: {type: string}}}
                  mode: {type: string, enum: [fast, safe]}
  /b:
    get:
      operationId: getB
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  link: {type: object, properties: {href: {type: string}}}
                  mode: {type: string, enum: [fast, safe]}
components:
  schemas:
    Link:
      type: object
      properties: {href: {type: string}}
    Pet:
      type: object
      properties:
        friend: {oneOf: [{$ref: '#/components/schemas/Link'}, {type: string}]}
        rival: {oneOf: [{$ref: '#/components/schemas/Link'}, {type: string}]}
"#;

    #[test]
    fn identical_inline_schemas_become_one_type_and_components_stay() {
        let code = generate(SPEC);
        // The component is kept under its own name, and the inline copies of its shape
        // name it.
        assert!(code.contains("pub struct Link {"), "{code}");
        assert!(!code.contains("pub struct GetAResponseLink"), "{code}");
        assert!(code.contains("pub link: Option<Link>"), "{code}");
        // The two response bodies were identical only once their `link` fields named one
        // type: the second pass merges them too.
        assert!(code.contains("pub struct GetAResponse {"), "{code}");
        assert!(!code.contains("pub struct GetBResponse {"), "{code}");
        assert!(
            code.contains("pub fn get_b(&self) -> Call<'_, types::GetAResponse,"),
            "{code}"
        );
    }

    #[test]
    fn a_merged_union_or_small_enum_is_named_after_what_it_holds() {
        let code = generate(SPEC);
        // The enum of a query parameter and two properties: `FastOrSafe`, not the name of
        // its first place.
        assert!(code.contains("pub enum FastOrSafe {"), "{code}");
        assert!(!code.contains("pub enum GetAMode"), "{code}");
        assert!(code.contains("mode: &'a types::FastOrSafe"), "{code}");
        assert!(code.contains("pub mode: Option<FastOrSafe>"), "{code}");
        assert!(code.contains("pub enum LinkOrString {"), "{code}");
        assert!(code.contains("pub friend: Option<LinkOrString>"), "{code}");
        assert!(code.contains("pub rival: Option<LinkOrString>"), "{code}");
        // Values that are no words make no name.
        let digits = SPEC.replace("enum: [fast, safe]", "enum: ['1', '2']");
        let code = generate(&digits);
        assert!(code.contains("pub enum GetAMode {"), "{code}");
        assert!(code.contains("pub mode: Option<GetAMode>"), "{code}");
        // A type used in one place keeps the name of that place.
        let single = SPEC.replace(
            "        rival: {oneOf: [{$ref: '#/components/schemas/Link'}, {type: string}]}\n",
            "",
        );
        let code = generate(&single);
        assert!(code.contains("pub enum PetFriend {"), "{code}");
        // A component of that name wins; the merged type keeps its first place's name.
        let taken = format!("{SPEC}    LinkOrString: {{type: integer}}\n");
        let code = generate(&taken);
        assert!(code.contains("pub type LinkOrString = i64;"), "{code}");
        assert!(code.contains("pub enum PetFriend {"), "{code}");
    }
}
