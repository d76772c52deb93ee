//! Which way each type travels, and what a `required` property that travels one way only
//! means for it.
//!
//! OpenAPI lets one schema serve requests and answers: a `readOnly` property is sent by the
//! server only, a `writeOnly` one by the client only, and `required` applies in the
//! direction the property travels. drf-spectacular writes `id` as `readOnly` and required
//! in the answers' types (and writes separate request types), while Jira and Codat use one
//! schema both ways. So a one-way required property stays required in a type that only
//! travels its way, and is an `Option` in a type that also travels the other way: a
//! request can then leave out what the server refuses to be sent, and an answer without
//! what only clients send still decodes.

use std::collections::{HashMap, HashSet};

use crate::ir::{OneWay, Operation, Payload, Ty, TypeDef, TypeKind};

/// Makes a one-way required field optional in every struct that also travels the other
/// way (reached from a request body and a `readOnly` field, or from an answer and a
/// `writeOnly` one), saying so in its doc.
pub(super) fn relax_one_way_required(types: &mut [TypeDef], operations: &[Operation]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut requests: Vec<&Ty> = Vec::new();
    let mut answers: Vec<&Ty> = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            requests.push(&body.ty);
        }
        answers.extend(answer_bodies(op));
    }
    let in_requests = reachable(types, &index, &requests);
    let in_answers = reachable(types, &index, &answers);
    for (i, def) in types.iter_mut().enumerate() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        for field in &mut s.fields {
            let other_way = match field.one_way {
                Some(OneWay::ReadOnly) => in_requests.contains(&i),
                Some(OneWay::WriteOnly) => in_answers.contains(&i),
                None => false,
            };
            if field.required && other_way {
                field.required = false;
                let note = match field.one_way {
                    Some(OneWay::ReadOnly) => {
                        "Required in answers only (`readOnly`); this type is sent in requests too, so it may be left out."
                    }
                    _ => {
                        "Required in requests only (`writeOnly`); this type is read from answers too, so it may be absent."
                    }
                };
                field.doc = Some(match field.doc.take() {
                    Some(doc) => format!("{doc}\n\n{note}"),
                    None => note.to_owned(),
                });
            }
        }
    }
}

/// The indexes of the named types reachable from `roots` (through fields, variants,
/// aliases, lists and maps).
pub(super) fn reachable(types: &[TypeDef], index: &HashMap<&str, usize>, roots: &[&Ty]) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut work: Vec<usize> = Vec::new();
    let push_ty = |ty: &Ty, work: &mut Vec<usize>| {
        let mut names = Vec::new();
        ty.named_types(&mut names);
        work.extend(names.into_iter().filter_map(|n| index.get(n).copied()));
    };
    for root in roots {
        push_ty(root, &mut work);
    }
    while let Some(i) = work.pop() {
        if !seen.insert(i) {
            continue;
        }
        match &types[i].kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| push_ty(&f.ty, &mut work)),
            TypeKind::Union(u) => u.variants.iter().for_each(|v| push_ty(&v.ty, &mut work)),
            TypeKind::Alias(ty) => push_ty(ty, &mut work),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    seen
}

/// Marks the structs that get `new`: those sent in requests that have a required field
/// and so cannot derive `Default`.
pub(super) fn mark_constructors(types: &mut [TypeDef], operations: &[Operation]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let requests: Vec<&Ty> = operations
        .iter()
        .filter_map(|op| op.body.as_ref().map(|b| &b.ty))
        .collect();
    let in_requests = reachable(types, &index, &requests);
    drop(index);
    for i in in_requests {
        if let TypeKind::Struct(s) = &mut types[i].kind {
            s.constructor = !s.default && s.fields.iter().any(|f| f.required);
        }
    }
}

/// Derives on each type only the serde traits its direction needs (see
/// [`crate::ir::SerdeDerives`]): `Serialize` for what requests carry (bodies and
/// parameters), `Deserialize` for what answers carry (bodies, events, headers). Types no
/// operation uses keep both.
pub(super) fn one_way_serde(types: &mut [TypeDef], operations: &[Operation]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut requests: Vec<&Ty> = Vec::new();
    let mut answers: Vec<&Ty> = Vec::new();
    for op in operations {
        requests.extend(op.params.iter().map(|p| &p.ty));
        requests.extend(op.body.iter().map(|b| &b.ty));
        answers.extend(answer_bodies(op));
        answers.extend(op.headers.iter().flat_map(|h| h.fields.iter().map(|f| &f.ty)));
    }
    let in_requests = reachable(types, &index, &requests);
    let in_answers = reachable(types, &index, &answers);
    drop(index);
    for (i, def) in types.iter_mut().enumerate() {
        if def.unreferenced {
            continue;
        }
        def.serde = crate::ir::SerdeDerives {
            serialize_gated: !in_requests.contains(&i),
            deserialize_gated: !in_answers.contains(&i),
        };
    }
}

/// The types of an operation's typed answer bodies (JSON, and event data), success and
/// error alike.
pub(super) fn answer_bodies(op: &Operation) -> impl Iterator<Item = &Ty> {
    op.success
        .arms
        .iter()
        .map(|a| &a.body)
        .chain(op.errors.arms.iter().map(|a| &a.body))
        .filter_map(|payload| match payload {
            Payload::Json(ty) | Payload::Events(Some(ty)) => Some(ty),
            _ => None,
        })
}
