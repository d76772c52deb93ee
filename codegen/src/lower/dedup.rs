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

use std::collections::HashMap;

use crate::ir::{Operation, Payload, Ty, TypeDef, TypeKind};

/// Merges identical inline types into the first of them, renaming every use.
pub(super) fn merge_identical_inline(types: &mut Vec<TypeDef>, operations: &mut [Operation]) {
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
                    rename.insert(def.name.clone(), types[first].name.clone());
                }
                Some(_) => {}
                None => {
                    first_of.insert(key, i);
                }
            }
        }
        if rename.is_empty() {
            return;
        }
        types.retain(|def| !rename.contains_key(&def.name));
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
