//! `x-pagination` on an operation, checked against its parameters and response type.

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{BodyMedia, FieldStep, Pagination, PagingLocals, Param, ParamLocation, Payload, Success, Ty};

/// What a paged operation has been lowered to so far.
pub(super) struct Paged<'p> {
    /// The stream method's name, claimed.
    pub(super) stream_name: String,
    /// The stream's locals, claimed before the parameters.
    pub(super) locals: PagingLocals,
    pub(super) params: &'p [Param],
    /// How the request body is sent, if there is one.
    pub(super) body: Option<BodyMedia>,
    pub(super) success: &'p Success,
}

impl Lowerer<'_> {
    /// Reads `x-pagination` and checks it against the operation: `offset` and `limit` must
    /// be integer query parameters, `items` an array property of the response, `total` a
    /// dotted path to an integer property. The stream calls the operation once per page,
    /// so a body must be one it can send again (typed JSON or form); otherwise there is no
    /// stream, and a warning says why.
    pub(super) fn pagination(&mut self, paged: Paged<'_>, op: &openapiv3::Operation, at: &str) -> Option<Pagination> {
        let spec = op.extensions.get("x-pagination")?;
        let Paged {
            stream_name,
            locals,
            params,
            body,
            success,
        } = paged;
        if body.is_some_and(|media| !matches!(media, BodyMedia::Json | BodyMedia::Form)) {
            self.warning(
                at,
                "a paging stream sends its request body once per page, and this operation's body (text, bytes or \
                 multipart) can be sent only once; no stream is generated",
            );
            return None;
        }
        let text = |key: &str| spec.get(key).and_then(serde_json::Value::as_str);
        if text("style") != Some("offset-limit") {
            self.error(
                pointer_push(at, "style"),
                "only `style: offset-limit` paging is supported",
            );
            return None;
        }
        let mut param = |key: &str| -> Option<usize> {
            let wire = text(key);
            let found = params.iter().position(|p| {
                Some(p.wire_name.as_str()) == wire
                    && p.location == ParamLocation::Query
                    && matches!(p.ty, Ty::I32 | Ty::I64)
            });
            if found.is_none() {
                self.error(
                    pointer_push(at, key),
                    format!("`{key}` must name an integer query parameter of the operation"),
                );
            }
            found
        };
        let (offset_param, limit_param) = (param("offset"), param("limit"));
        let Some(Payload::Json(Ty::Named(response))) = success.single_body() else {
            self.error(at, "a paged operation must answer with an object that holds the items");
            return None;
        };
        let items = self.field_path(response, text("items").unwrap_or_default(), &pointer_push(at, "items"));
        let total = match text("total") {
            Some(path) => self.field_path(response, path, &pointer_push(at, "total")),
            None => Some(Vec::new()),
        };
        let (offset_param, limit_param, mut items, total) = (offset_param?, limit_param?, items?, total?);
        if offset_param == limit_param {
            self.error(at, "`offset` and `limit` must name two different parameters");
            return None;
        }
        let item_ty = match (items.len(), items.last().map(|(_, ty)| ty)) {
            (1, Some(Ty::Vec(item))) => *item.clone(),
            _ => {
                self.error(
                    pointer_push(at, "items"),
                    "`items` must name an array property of the response",
                );
                return None;
            }
        };
        let total_is_i32 = match total.last().map(|(_, ty)| ty) {
            None | Some(Ty::I64) => false,
            Some(Ty::I32) => true,
            Some(_) => {
                self.error(pointer_push(at, "total"), "`total` must lead to an integer property");
                return None;
            }
        };
        let (items, _) = items.remove(0);
        Some(Pagination {
            stream_name,
            offset_param,
            limit_param,
            locals,
            max_limit: spec.get("max-limit").and_then(serde_json::Value::as_i64),
            items,
            item_ty,
            total: total.into_iter().map(|(step, _)| step).collect(),
            total_is_i32,
        })
    }

    /// Follows a dotted path of wire names (`metadata.total`) through struct types, from
    /// the struct `start`; each step with the type of its field.
    fn field_path(&mut self, start: &str, path: &str, at: &str) -> Option<Vec<(FieldStep, Ty)>> {
        let mut steps = Vec::new();
        let mut current = start.to_owned();
        for (i, wire) in path.split('.').enumerate() {
            let field = self
                .struct_fields(&current)
                .and_then(|fields| fields.iter().find(|f| f.wire_name == wire))
                .cloned();
            let Some(field) = field else {
                self.error(at, format!("`{path}`: `{wire}` is not a property of `{current}`"));
                return None;
            };
            steps.push((
                FieldStep {
                    field: field.name.clone(),
                    optional: field.is_option(),
                    double: field.is_double_option(),
                },
                field.ty.clone(),
            ));
            if i + 1 < path.split('.').count() {
                match field.ty {
                    Ty::Named(next) => current = next,
                    _ => {
                        self.error(at, format!("`{path}`: `{wire}` is not an object"));
                        return None;
                    }
                }
            }
        }
        Some(steps)
    }
}
