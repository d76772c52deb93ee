//! Paging declarations (`x-pagination` on an operation, or the build's own for specs a user
//! does not own), checked against the operation's parameters and response type.

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    BodyMedia, FieldStep, NextCursor, Pagination, PagingStyle, Param, ParamLocation, Passing, Payload, Success, Total,
    Ty,
};

/// What a paged operation has been lowered to so far.
pub(super) struct Paged<'p> {
    /// The declaration: `{style, ...}`.
    pub(super) declared: &'p serde_json::Value,
    /// The parameters; a cursor parameter is taken by value, as the stream sends back an
    /// owned cursor.
    pub(super) params: &'p mut [Param],
    /// How the request body is sent, if there is one.
    pub(super) body: Option<BodyMedia>,
    pub(super) success: &'p Success,
}

/// The styles a declaration may name, for its error message.
const STYLES: &str = "`offset-limit`, `page`, `cursor` or `link`";

impl Lowerer<'_> {
    /// Reads a paging declaration and checks it against the operation:
    ///
    /// - `style: offset-limit`: `offset` and `limit` name integer query parameters,
    ///   `max-limit` caps the page size, `total` is a dotted path to the reported count;
    /// - `style: page`: `page` names an integer query parameter counted from `first-page`
    ///   (1 by default), `total` as above;
    /// - `style: cursor`: `cursor` names a string query parameter, and `next` is a dotted
    ///   path to the next cursor in the body, `next-header` the header carrying it, or
    ///   `next-item` a dotted path to it in the last item of the page (Stripe's
    ///   `starting_after` is the last item's `id`), with `has-more` a path to the boolean
    ///   saying whether more pages follow;
    /// - `style: link`: the `Link` header's `rel="next"` URL is followed, or with `next`
    ///   (a dotted path to a string) the URL the body gives.
    ///
    /// `items` is a dotted path to the array of items; without it the body must be the
    /// array. The stream sends the operation once per page, so a body must be one it can
    /// send again (typed JSON or form); otherwise there is no stream, and a warning says why.
    pub(super) fn pagination(&mut self, paged: Paged<'_>, at: &str) -> Option<Pagination> {
        let Paged {
            declared,
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
        // Every key holds what it must: a key of another type would be read as absent.
        let mut mistyped = false;
        for (key, value) in declared.as_object().into_iter().flatten() {
            let expected = match key.as_str() {
                "max-limit" | "first-page" => (!value.is_i64()).then_some("an integer"),
                _ => (!value.is_string()).then_some("a string"),
            };
            if let Some(expected) = expected {
                self.error(pointer_push(at, key), format!("`{key}` must be {expected}"));
                mistyped = true;
            }
        }
        if mistyped {
            return None;
        }
        let text = |key: &str| declared.get(key).and_then(serde_json::Value::as_str);
        let Some(Payload::Json(response)) = success.single_body() else {
            self.error(at, "a paged operation must answer with JSON that holds the items");
            return None;
        };
        let response = response.clone();
        let (items, item_ty) = self.items(&response, text("items"), at)?;
        let style = match text("style") {
            Some("offset-limit") => {
                let offset = self.paging_param(params, text("offset"), IsInteger, &pointer_push(at, "offset"));
                let limit = self.paging_param(params, text("limit"), IsInteger, &pointer_push(at, "limit"));
                let total = self.total(&response, text("total"), at);
                let (offset, limit, total) = (offset?, limit?, total?);
                if offset == limit {
                    self.error(at, "`offset` and `limit` must name two different parameters");
                    return None;
                }
                let max_limit = declared.get("max-limit").and_then(serde_json::Value::as_i64);
                if max_limit.is_some_and(|max| max < 1) {
                    self.error(pointer_push(at, "max-limit"), "`max-limit` must be at least 1");
                    return None;
                }
                PagingStyle::OffsetLimit {
                    offset,
                    limit,
                    max_limit,
                    total,
                }
            }
            Some("page") => {
                let page = self.paging_param(params, text("page"), IsInteger, &pointer_push(at, "page"));
                let total = self.total(&response, text("total"), at);
                PagingStyle::PageNumber {
                    page: page?,
                    first: declared
                        .get("first-page")
                        .and_then(serde_json::Value::as_i64)
                        .unwrap_or(1),
                    total: total?,
                }
            }
            Some("cursor") => {
                let cursor = self.paging_param(params, text("cursor"), IsString, &pointer_push(at, "cursor"))?;
                let next = match (text("next"), text("next-header"), text("next-item")) {
                    (Some(path), None, None) => {
                        NextCursor::Body(self.string_path(&response, path, &pointer_push(at, "next"))?)
                    }
                    (None, Some(header), None) => NextCursor::Header(header.to_ascii_lowercase()),
                    (None, None, Some(path)) => {
                        let item = self.string_path(&item_ty, path, &pointer_push(at, "next-item"))?;
                        let has_more = match text("has-more") {
                            Some(path) => {
                                let at = pointer_push(at, "has-more");
                                let steps = self.path_to(&response, path, &at)?;
                                if steps.last().map(|(_, ty)| self.resolved(ty)) != Some(&Ty::Bool) {
                                    self.error(at, "`has-more` must lead to a boolean property");
                                    return None;
                                }
                                Some(steps.into_iter().map(|(step, _)| step).collect())
                            }
                            None => None,
                        };
                        NextCursor::LastItem { item, has_more }
                    }
                    _ => {
                        self.error(
                            at,
                            "a cursor stream reads its next cursor from exactly one of `next` (a path in the body), \
                             `next-header` and `next-item` (a path in the last item)",
                        );
                        return None;
                    }
                };
                if declared.get("has-more").is_some() && !matches!(next, NextCursor::LastItem { .. }) {
                    self.warning(
                        pointer_push(at, "has-more"),
                        "`has-more` is read with `next-item` only; here the next cursor's absence ends the list",
                    );
                }
                // The stream sends back a cursor it owns.
                params[cursor].passing = Passing::Value;
                PagingStyle::Cursor { cursor, next }
            }
            Some("link") => PagingStyle::Link {
                next: match text("next") {
                    Some(path) => Some(self.string_path(&response, path, &pointer_push(at, "next"))?),
                    None => None,
                },
            },
            _ => {
                self.error(pointer_push(at, "style"), format!("`style` must be {STYLES}"));
                return None;
            }
        };
        Some(Pagination { style, items, item_ty })
    }

    /// The query parameter whose wire name is `wire`, of the kind the style needs.
    fn paging_param(&mut self, params: &[Param], wire: Option<&str>, kind: ParamKind, at: &str) -> Option<usize> {
        let found = params.iter().position(|p| {
            Some(p.wire_name.as_str()) == wire
                && p.location == ParamLocation::Query
                && match kind {
                    IsInteger => matches!(p.ty, Ty::I32 | Ty::I64),
                    IsString => p.ty == Ty::String,
                }
        });
        if found.is_none() {
            let key = at.rsplit('/').next().unwrap_or_default();
            let what = match kind {
                IsInteger => "an integer",
                IsString => "a string",
            };
            self.error(at, format!("`{key}` must name {what} query parameter of the operation"));
        }
        found
    }

    /// The fields leading to the items and the type of one, or none when the body is the
    /// list.
    fn items(&mut self, response: &Ty, path: Option<&str>, at: &str) -> Option<(Vec<FieldStep>, Ty)> {
        let (steps, list) = match path {
            None => (Vec::new(), response.clone()),
            Some(path) => {
                let mut steps = self.path_to(response, path, &pointer_push(at, "items"))?;
                let list = steps.last().map(|(_, ty)| ty.clone()).unwrap_or(Ty::Json);
                (steps.drain(..).map(|(step, _)| step).collect(), list)
            }
        };
        match list {
            Ty::Vec(item) => Some((steps, *item)),
            _ => {
                self.error(
                    pointer_push(at, "items"),
                    "`items` must name an array property of the response (or, left out, the response must be an array)",
                );
                None
            }
        }
    }

    /// The fields from `start` to the string property a dotted path names.
    fn string_path(&mut self, start: &Ty, path: &str, at: &str) -> Option<Vec<FieldStep>> {
        let steps = self.path_to(start, path, at)?;
        if steps.last().map(|(_, ty)| self.resolved(ty)) != Some(&Ty::String) {
            let key = at.rsplit('/').next().unwrap_or_default();
            self.error(at, format!("`{key}` must lead to a string property"));
            return None;
        }
        Some(steps.into_iter().map(|(step, _)| step).collect())
    }

    /// The reported total, when the declaration names one.
    fn total(&mut self, response: &Ty, path: Option<&str>, at: &str) -> Option<Option<Total>> {
        let Some(path) = path else {
            return Some(None);
        };
        let at = pointer_push(at, "total");
        let steps = self.path_to(response, path, &at)?;
        let is_i32 = match steps.last().map(|(_, ty)| ty) {
            Some(Ty::I64) => false,
            Some(Ty::I32) => true,
            _ => {
                self.error(at, "`total` must lead to an integer property");
                return None;
            }
        };
        Some(Some(Total {
            path: steps.into_iter().map(|(step, _)| step).collect(),
            is_i32,
        }))
    }

    /// Follows a dotted path of wire names (`metadata.total`) through struct types, from
    /// the response type; each step with the type of its field.
    fn path_to(&mut self, start: &Ty, path: &str, at: &str) -> Option<Vec<(FieldStep, Ty)>> {
        let Ty::Named(start) = self.resolved(start).clone() else {
            self.error(at, format!("`{path}`: the value it starts from is not an object"));
            return None;
        };
        let mut steps = Vec::new();
        let mut current = start.clone();
        let count = path.split('.').count();
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
            if i + 1 < count {
                match self.resolved(&field.ty).clone() {
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

/// The type a paging parameter must have.
#[derive(Clone, Copy)]
enum ParamKind {
    IsInteger,
    IsString,
}
use ParamKind::{IsInteger, IsString};
