//! Which fields must be boxed: a struct that contains itself, directly or through other
//! structs, has no finite size unless a `Box` breaks the cycle.
//!
//! As prost-build's `message_graph` does, the structs form a graph with an edge for each
//! field holding another struct inline (plain or in an `Option`; a `Vec` or a map already
//! allocates). A field is boxed when its struct and the struct it holds are in the same
//! strongly connected component: exactly the fields on some cycle.

use std::collections::HashMap;

use crate::ir::{Ty, TypeDef, TypeKind};

/// Sets `Field::boxed` on every field that lies on a cycle of inline containment.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    // Through aliases (`pub type A = B;`) to the struct a type names, if any.
    let target = |ty: &Ty| -> Option<usize> {
        let mut ty = ty;
        for _ in 0..types.len() + 1 {
            let Ty::Named(name) = ty else { return None };
            let i = *index.get(name.as_str())?;
            match &types[i].kind {
                TypeKind::Struct(_) | TypeKind::Union(_) => return Some(i),
                TypeKind::Alias(next) => ty = next,
                _ => return None,
            }
        }
        None
    };
    let edges: Vec<Vec<(usize, usize)>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .enumerate()
                .filter_map(|(f, field)| Some((f, target(&field.ty)?)))
                .collect(),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .enumerate()
                .filter_map(|(v, variant)| Some((v, target(&variant.ty)?)))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    for (i, out) in edges.iter().enumerate() {
        for &(f, j) in out {
            if component[i] == component[j] {
                match &mut types[i].kind {
                    TypeKind::Struct(s) => s.fields[f].boxed = true,
                    TypeKind::Union(u) => u.variants[f].boxed = true,
                    _ => {}
                }
            }
        }
    }
}

/// Aliases that name themselves through other aliases (`A = B`, `B = Vec<C>`, `C = A`):
/// Rust expands aliases eagerly, so such a cycle has no type at all. Returns, for each
/// cycle, the pointer of its first alias (in emit order) and the aliases on it.
pub(super) fn alias_cycles(types: &[TypeDef]) -> Vec<(String, Vec<String>)> {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let edges: Vec<Vec<(usize, usize)>> = types
        .iter()
        .map(|t| {
            let TypeKind::Alias(ty) = &t.kind else {
                return Vec::new();
            };
            let mut named = Vec::new();
            ty.named_types(&mut named);
            named
                .into_iter()
                .filter_map(|name| index.get(name).copied())
                .filter(|&j| matches!(types[j].kind, TypeKind::Alias(_)))
                .map(|j| (0, j))
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut cycles: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, out) in edges.iter().enumerate() {
        let on_cycle = out.iter().any(|&(_, j)| component[j] == component[i]);
        if !on_cycle || cycles.iter().any(|(c, _)| *c == component[i]) {
            continue;
        }
        let members = (0..types.len())
            .filter(|&j| component[j] == component[i])
            .map(|j| types[j].name.clone())
            .collect();
        cycles.push((component[i], members));
    }
    cycles
        .into_iter()
        .map(|(c, members)| {
            let first = component.iter().position(|&x| x == c).unwrap_or_default();
            (types[first].pointer.clone(), members)
        })
        .collect()
}

/// Tarjan's algorithm, iterative (a spec's type graph may be deep): the component of each
/// node.
fn strongly_connected_components(edges: &[Vec<(usize, usize)>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut next_edge)) = work.last_mut() {
            if *next_edge == 0 && order[v] == UNSEEN {
                order[v] = next_order;
                low[v] = next_order;
                next_order += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&(_, w)) = edges[v].get(*next_edge) {
                *next_edge += 1;
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected_components as scc;

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 is a self-loop; 4 -> 0 is not on a cycle.
        let edges = vec![vec![(0, 1)], vec![(0, 2)], vec![(0, 0)], vec![(0, 3)], vec![(0, 0)]];
        let c = scc(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }
}
