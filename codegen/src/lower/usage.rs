//! Which groups of operations need each type, for the Cargo feature per group of a
//! standalone crate; and, when the build generates only some operations, which types none
//! of them needs, so they are not generated at all.

use std::collections::{HashMap, HashSet};

use super::direction::{answer_bodies, reachable};
use crate::ir::{Operation, Ty, TypeDef};

/// Every type an operation names itself: its parameters, body, answers and headers.
pub(super) fn operation_types(op: &Operation) -> Vec<&Ty> {
    let mut roots: Vec<&Ty> = op.params.iter().map(|p| &p.ty).collect();
    roots.extend(op.body.iter().map(|b| &b.ty));
    roots.extend(answer_bodies(op));
    roots.extend(op.headers.iter().flat_map(|h| h.fields.iter().map(|f| &f.ty)));
    roots
}

/// Sets each type's `groups`: those whose operations reach it, or none when an untagged
/// operation does. With `prune` (the build selects operations), drops the types no
/// operation reaches; otherwise they stay, `unreferenced`, as do the types they name.
pub(super) fn mark_groups(types: &mut Vec<TypeDef>, operations: &[Operation], group_count: usize, prune: bool) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut roots_of: Vec<Vec<&Ty>> = vec![Vec::new(); group_count + 1];
    for op in operations {
        let slot = op.group.unwrap_or(group_count);
        roots_of[slot].extend(operation_types(op));
    }
    let reached: Vec<HashSet<usize>> = roots_of.iter().map(|roots| reachable(types, &index, roots)).collect();
    let (by_group, by_root) = reached.split_at(group_count);
    // What no operation reaches is compiled always (without `prune`), and so must be
    // everything it names.
    let unused: Vec<Ty> = (0..types.len())
        .filter(|i| !reached.iter().any(|set| set.contains(i)))
        .map(|i| Ty::Named(types[i].name.clone()))
        .collect();
    let unreferenced = if prune {
        HashSet::new()
    } else {
        reachable(types, &index, &unused.iter().collect::<Vec<_>>())
    };
    let by_root = &by_root[0];
    let needed: Vec<(bool, Vec<usize>, bool)> = (0..types.len())
        .map(|i| {
            if by_root.contains(&i) {
                return (true, Vec::new(), false);
            }
            let groups: Vec<usize> = (0..group_count).filter(|&g| by_group[g].contains(&i)).collect();
            let other = unreferenced.contains(&i);
            (!groups.is_empty() || other, groups, other)
        })
        .collect();
    drop(index);
    let mut kept = Vec::with_capacity(types.len());
    for (mut def, (used, groups, other)) in std::mem::take(types).into_iter().zip(needed) {
        if !used {
            continue;
        }
        def.groups = groups;
        def.unreferenced = other;
        kept.push(def);
    }
    *types = kept;
}
