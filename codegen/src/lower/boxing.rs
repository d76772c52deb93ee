//! Which fields are boxed: a struct that contains itself, directly or through other
//! structs, has no finite size unless a `Box` breaks the cycle; and a struct that holds
//! large structs inline is itself large, which costs stack where serde decodes it.
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

/// How large (in bytes, estimated) a struct or union may be and still be held inline by
/// another: past it, the field holding it is boxed.
///
/// serde's derived `Deserialize` keeps an `Option` of every field on the stack while it
/// reads an object, so a struct that holds its nested objects inline costs a stack frame
/// the size of everything under it, once per level of nesting. In a debug build, a
/// Stripe checkout session of 1.9 kB overflowed a test thread's 2 MiB stack (also the
/// size of tokio's worker threads) before this bound; with it, structs stay within a few
/// kilobytes.
pub(super) const INLINE_LIMIT: usize = 256;

/// Sets `boxed` on every field and union variant that holds a struct or union larger
/// than [`INLINE_LIMIT`], deciding bottom-up (a struct whose large fields are boxed may
/// be small enough to be held inline in turn).
pub(super) fn box_large_fields(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut sizes: Vec<Option<usize>> = vec![None; types.len()];
    for i in 0..types.len() {
        size_of_type(i, types, &index, &mut sizes, &mut Vec::new());
    }
}

/// The estimated size of type `i`, boxing its large fields on the way. `open` holds the
/// types being sized (a cycle through them is already boxed, and counts as a pointer).
fn size_of_type(
    i: usize,
    types: &mut [TypeDef],
    index: &HashMap<String, usize>,
    sizes: &mut Vec<Option<usize>>,
    open: &mut Vec<usize>,
) -> usize {
    if let Some(size) = sizes[i] {
        return size;
    }
    // Through a cycle (already boxed), or past a bound on how deep the sizing descends
    // (a chain of thousands of aliases must not overflow a build script's stack): counted
    // as a pointer, which only makes a box less likely.
    if open.contains(&i) || open.len() >= MAX_SIZING_DEPTH {
        return POINTER;
    }
    open.push(i);
    let size = match types[i].kind.clone() {
        TypeKind::Struct(s) => {
            let mut total = 0;
            for (f, field) in s.fields.iter().enumerate() {
                let (inner, to_box) = held(&field.ty, field.boxed, types, index, sizes, open);
                if let (true, TypeKind::Struct(s)) = (to_box, &mut types[i].kind) {
                    s.fields[f].boxed = true;
                }
                let options = if field.is_double_option() {
                    2
                } else {
                    usize::from(field.is_option())
                };
                total += inner + options * TAG;
            }
            total.max(1)
        }
        TypeKind::Union(u) => {
            let mut largest = 0;
            for (v, variant) in u.variants.iter().enumerate() {
                let (inner, to_box) = held(&variant.ty, variant.boxed, types, index, sizes, open);
                if let (true, TypeKind::Union(u)) = (to_box, &mut types[i].kind) {
                    u.variants[v].boxed = true;
                }
                largest = largest.max(inner);
            }
            // The variant holding any other JSON value.
            largest.max(JSON) + TAG
        }
        TypeKind::StringEnum(_) => STRING + TAG,
        TypeKind::IntEnum(_) => 16,
        TypeKind::Alias(ty) => size_of_ty(&ty, types, index, sizes, open),
    };
    open.pop();
    sizes[i] = Some(size);
    size
}

/// What a field or variant of type `ty` adds to the size of what holds it, and whether it
/// is to be boxed (a struct or union over [`INLINE_LIMIT`], not boxed yet).
fn held(
    ty: &Ty,
    boxed: bool,
    types: &mut [TypeDef],
    index: &HashMap<String, usize>,
    sizes: &mut Vec<Option<usize>>,
    open: &mut Vec<usize>,
) -> (usize, bool) {
    if boxed {
        return (POINTER, false);
    }
    let inner = size_of_ty(ty, types, index, sizes, open);
    if inner > INLINE_LIMIT && holds_aggregate(ty, types, index) {
        (POINTER, true)
    } else {
        (inner, false)
    }
}

/// How many named types deep sizing descends.
const MAX_SIZING_DEPTH: usize = 64;

const POINTER: usize = 8;
const TAG: usize = 8;
const STRING: usize = 24;
const JSON: usize = 32;

fn size_of_ty(
    ty: &Ty,
    types: &mut [TypeDef],
    index: &HashMap<String, usize>,
    sizes: &mut Vec<Option<usize>>,
    open: &mut Vec<usize>,
) -> usize {
    match ty {
        Ty::Bool => 1,
        Ty::I32 | Ty::F32 => 4,
        Ty::I64 | Ty::I64String | Ty::F64 => 8,
        Ty::Date => 4,
        Ty::DateTime | Ty::UnixTime => 12,
        Ty::Uuid => 16,
        Ty::String | Ty::Vec(_) | Ty::Map(_) => STRING,
        Ty::Json => JSON,
        Ty::File => 3 * STRING + JSON,
        Ty::Nullable(inner) => size_of_ty(inner, types, index, sizes, open) + TAG,
        Ty::Tuple(items) => items.iter().map(|t| size_of_ty(t, types, index, sizes, open)).sum(),
        Ty::Named(name) => match index.get(name) {
            Some(&j) => size_of_type(j, types, index, sizes, open),
            None => POINTER,
        },
    }
}

/// Whether `ty` is (or is an alias of) a struct or union, held inline: what a `Box` on the
/// field shrinks. A list or map already allocates.
fn holds_aggregate(ty: &Ty, types: &[TypeDef], index: &HashMap<String, usize>) -> bool {
    let mut ty = ty;
    for _ in 0..types.len() + 1 {
        match ty {
            Ty::Nullable(inner) => ty = inner,
            Ty::Named(name) => match index.get(name).map(|&j| &types[j].kind) {
                Some(TypeKind::Struct(_) | TypeKind::Union(_)) => return true,
                Some(TypeKind::Alias(next)) => ty = next,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
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
    fn large_structs_are_boxed_where_they_are_held_and_small_ones_are_not() {
        let big: String = (0..20).map(|i| format!("f{i}: {{type: string}}, ")).collect();
        let spec = format!(
            r##"
openapi: 3.0.3
info: {{title: T, version: "1"}}
paths: {{}}
components:
  schemas:
    Outer:
      type: object
      required: [big, small]
      properties:
        big: {{$ref: "#/components/schemas/Big"}}
        small: {{$ref: "#/components/schemas/Small"}}
        maybe: {{$ref: "#/components/schemas/Big"}}
        either: {{oneOf: [{{$ref: "#/components/schemas/Big"}}, {{type: string}}]}}
    Big:
      type: object
      properties: {{{big}}}
    Small:
      type: object
      properties: {{x: {{type: string}}}}
"##
        );
        let generated =
            crate::generate_str(&spec, crate::Format::Yaml, &crate::Settings::new("t", "t.yaml")).expect("generates");
        let code = generated.code;
        assert!(code.contains("pub big: Box<Big>"), "{code}");
        assert!(code.contains("pub maybe: Option<Box<Big>>"), "{code}");
        assert!(code.contains("pub small: Small"), "{code}");
        assert!(code.contains("Big(Box<Big>)"), "{code}");
    }

    #[test]
    fn components() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 is a self-loop; 4 -> 0 is not on a cycle.
        let edges = vec![vec![(0, 1)], vec![(0, 2)], vec![(0, 0)], vec![(0, 3)], vec![(0, 0)]];
        let c = scc(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }
}
