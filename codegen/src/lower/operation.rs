//! Paths, parameters, request bodies and responses to operations.

use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, StatusCode};

use super::Lowerer;
use crate::diagnostics::pointer_push;
use crate::ir::{
    Body, BodyMedia, CredentialDef, ErrorArm, ErrorStatus, Errors, FieldStep, Group, HeaderField, HeadersDef,
    Operation, Param, ParamLocation, Part, PartKind, Passing, PathPart, Payload, Success, SuccessArm, Text, Ty,
};
use crate::names::{self, Namespace};

/// The names claimed for one operation.
struct Named {
    /// A name unique among all operations (its contract test's).
    flat: String,
    /// Its group, by index in the groups.
    group: Option<usize>,
    /// The method on its client.
    method: String,
    /// The alias of its error type.
    error_alias: String,
    /// Whether the operation is paged (`x-pagination`, or the build's declaration).
    paged: Option<serde_json::Value>,
    /// The enum of its success responses, should they differ.
    response_enum: String,
    /// The enum of its error bodies, should they differ.
    error_enum: String,
    /// The struct of its declared response headers, should it declare any.
    headers: String,
}

/// Where an operation sits in the document.
struct Site<'o> {
    /// `operationId`, or `METHOD /path`.
    id: String,
    path: &'o str,
    method: &'o str,
    op: &'o openapiv3::Operation,
    /// Parameters of the path item, shared by its operations.
    shared_params: &'o [ReferenceOr<Parameter>],
    pointer: String,
}

impl Lowerer<'_> {
    /// Every operation, in document order, and the groups they are sorted into by their
    /// first tag. `method_names` holds the client's own methods and the credential setters,
    /// claimed before any operation.
    pub(super) fn operations(
        &mut self,
        credentials: &[CredentialDef],
        method_names: &mut Namespace,
    ) -> (Vec<Operation>, Vec<Group>) {
        // Names in the service module, beside what the generated code puts there itself.
        let mut module_names = Namespace::types().reserve(names::MODULE_ITEMS);
        let doc = self.doc;
        // Every operation with its path item, in document order.
        let mut found = Vec::new();
        for (path, item) in &doc.api.paths.paths {
            let path_pointer = pointer_push("/paths", path);
            let Some(item) = self.resolve(item, "paths", &path_pointer) else {
                continue;
            };
            let item = item.into_owned();
            let ops: Vec<(String, openapiv3::Operation)> = item
                .iter()
                .map(|(method, op)| (method.to_owned(), op.clone()))
                .collect();
            for (method, op) in ops {
                found.push((path.as_str(), method, op, item.parameters.clone(), path_pointer.clone()));
            }
        }
        // Paging the build declares for an operation the spec does not have is a mistake
        // worth a word (a typo in an `operationId`), not silence.
        let unknown: Vec<String> = self
            .pagination_settings
            .keys()
            .filter(|id| {
                !found
                    .iter()
                    .any(|(_, _, op, _, _)| op.operation_id.as_ref() == Some(*id))
            })
            .cloned()
            .collect();
        for id in unknown {
            self.warning(
                "/paths",
                format!("the build declares paging for `{id}`, but no operation has that operationId"),
            );
        }
        found.retain(|(_, _, op, _, _)| self.filter.selects(op.operation_id.as_deref(), &op.tags));
        let first_tags: Vec<Option<&str>> = found
            .iter()
            .map(|(_, _, op, _, _)| op.tags.first().map(String::as_str))
            .collect();
        let (groups, mut group_types) = groups(&doc.api.tags, &first_tags, method_names);
        let group_of: Vec<Option<usize>> = first_tags
            .iter()
            .map(|tag| tag.and_then(|tag| groups.iter().position(|g| g.tag == tag)))
            .collect();
        // Explicit `operationId`s claim their names first, and a synthesized name comes
        // from the method and the whole path, so adding an operation never renames another.
        // Each operation claims a name unique among all of them, and its method's name on
        // its client (without the group's name in front: `issues_list` is `issues().list`).
        let mut flat_names = Namespace::snake().reserve(names::CONTRACT_ITEMS);
        let mut group_methods: Vec<Namespace> = groups.iter().map(|_| Namespace::snake()).collect();
        let mut named_of: Vec<Option<(String, String)>> = vec![None; found.len()];
        let mut ids: Vec<(&str, String)> = Vec::new();
        for pass in [true, false] {
            for (i, (path, method, op, _, path_pointer)) in found.iter().enumerate() {
                let base = match (&op.operation_id, pass) {
                    (Some(id), true) => {
                        let at = pointer_push(&pointer_push(path_pointer, method), "operationId");
                        if let Some((_, first)) = ids.iter().find(|(seen, _)| seen == id) {
                            self.warning(
                                at.clone(),
                                format!("operationId `{id}` is also used at #{first}; operationIds must be unique, so this method gets a numbered name"),
                            );
                        }
                        ids.push((id, at));
                        names::snake_name(id)
                    }
                    (None, false) => synthesized_name(method, path),
                    _ => continue,
                };
                let flat = flat_names.claim(base.clone());
                let method = match group_of[i] {
                    Some(g) => group_methods[g].claim(without_group(&base, &groups[g].tag)),
                    None => method_names.claim(base),
                };
                named_of[i] = Some((flat, method));
            }
        }
        let mut operations = Vec::new();
        for (i, ((path, method, op, shared_params, path_pointer), names_)) in found.iter().zip(named_of).enumerate() {
            let (flat, method_name) =
                names_.unwrap_or_else(|| (synthesized_name(method, path), synthesized_name(method, path)));
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            let group = group_of[i];
            let item_names = match group {
                Some(g) => &mut group_types[g],
                None => &mut module_names,
            };
            let type_base = names::type_name(&method_name);
            let named = Named {
                error_alias: item_names.claim(format!("{type_base}Error")),
                response_enum: item_names.claim(format!("{type_base}Response")),
                error_enum: item_names.claim(format!("{type_base}ErrorBody")),
                headers: item_names.claim(format!("{type_base}Headers")),
                paged: op
                    .extensions
                    .get("x-pagination")
                    .or_else(|| op.operation_id.as_ref().and_then(|id| self.pagination_settings.get(id)))
                    .cloned(),
                flat,
                group,
                method: method_name,
            };
            let site = Site {
                id,
                path,
                method,
                op,
                shared_params,
                pointer: pointer_push(path_pointer, method),
            };
            if let Some(mut operation) = self.operation(named, site, credentials) {
                // The struct its method returns, when it has optional inputs or pages. An
                // optional `Idempotency-Key` counts: the builder's own `idempotency_key`
                // sets it, so adding another optional input later changes no signature.
                let optional_inputs = operation.params.iter().any(|p| !p.required)
                    || operation.body.as_ref().is_some_and(|b| !b.required);
                if optional_inputs || operation.pagination.is_some() {
                    let item_names = match group {
                        Some(g) => &mut group_types[g],
                        None => &mut module_names,
                    };
                    operation.builder = Some(item_names.claim(names::type_name(&operation.fn_name)));
                }
                operations.push(operation);
            }
        }
        (operations, groups)
    }

    fn operation(&mut self, named: Named, site: Site<'_>, credentials: &[CredentialDef]) -> Option<Operation> {
        let Site {
            id,
            path,
            method,
            op,
            shared_params,
            pointer,
        } = site;
        let pointer = pointer.as_str();
        let name = named.flat;
        let hint = names::type_name(&name);
        // The method body's own locals, and the methods of the struct a method with optional
        // inputs returns, whose setters are named after the parameters.
        let mut param_names = Namespace::snake()
            .reserve(names::OPERATION_LOCALS)
            .reserve(names::BUILDER_METHODS);
        let mut params = Vec::new();
        // Operation-level parameters override path-level ones with the same name and location.
        let shared = shared_params.iter().enumerate().map(|(i, p)| {
            (
                p,
                format!(
                    "{}/parameters/{i}",
                    pointer.rsplit_once('/').map_or("", |(base, _)| base)
                ),
            )
        });
        let own = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        let mut resolved: Vec<(Parameter, String)> = Vec::new();
        for (param, at) in shared.chain(own) {
            let Some(param) = self.resolve(param, "parameters", &at) else {
                continue;
            };
            let param = param.into_owned();
            let key = |p: &Parameter| (p.parameter_data_ref().name.clone(), std::mem::discriminant(p));
            resolved.retain(|(p, _)| key(p) != key(&param));
            resolved.push((param, at));
        }
        resolved.sort_by_key(|(p, _)| match p {
            Parameter::Path { .. } => 0,
            Parameter::Query { .. } => 1,
            Parameter::Header { .. } => 2,
            Parameter::Cookie { .. } => 3,
        });
        for (param, at) in &resolved {
            if let Some(param) = self.param(param, &hint, &mut param_names, at) {
                params.push(param);
            }
        }
        // Every part is lowered even when one fails, so all of its errors are reported.
        let path_parts = self.path_parts(path, &params, pointer);
        let body = op
            .request_body
            .as_ref()
            .map(|body| self.body(body, &hint, &pointer_push(pointer, "requestBody")));
        let body_media = body.as_ref().and_then(|b| b.as_ref().map(|b| b.media));
        let responses_at = pointer_push(pointer, "responses");
        let (success, errors, headers, accept) = self.responses(
            &op.responses,
            &hint,
            &responses_at,
            [named.response_enum, named.error_enum, named.headers],
        );
        let path_parts = path_parts?;
        let body = match body {
            Some(body) => Some(body?),
            None => None,
        };
        let security = security(op.security.as_ref().or(self.doc.api.security.as_ref()), credentials);
        // A text `Idempotency-Key` header: the client makes one when the caller gives none.
        // Not in a paged operation, whose pages must not share one key.
        let idempotency_key = params
            .iter()
            .position(|p| {
                p.location == ParamLocation::Header
                    && p.wire_name.eq_ignore_ascii_case("idempotency-key")
                    && p.passing == Passing::Str
            })
            .filter(|_| named.paged.is_none());
        // An optional key is not an input of the method: the caller sets it on the call,
        // or the client makes one (a UUID v4, 36 characters). Its schema's bounds are not
        // checked, and said so.
        if let Some(key) = idempotency_key
            .map(|i| &mut params[i])
            .filter(|p| !p.required && !p.checks.is_empty())
        {
            key.checks.clear();
            self.warning(
                pointer,
                format!(
                    "the constraints on the optional `{}` header are not checked: the key is set on the call \
                     (`idempotency_key`) or made by the client (a UUID v4, 36 characters)",
                    key.wire_name
                ),
            );
        }
        let pagination = named.paged.as_ref().and_then(|declared| {
            self.pagination(
                super::paging::Paged {
                    declared,
                    params: &mut params,
                    body: body_media,
                    success: &success,
                },
                &if op.extensions.contains_key("x-pagination") {
                    pointer_push(pointer, "x-pagination")
                } else {
                    pointer.to_owned()
                },
            )
        });
        // A WebSocket upgrade (101 and no 2xx) is not an exchange the client makes.
        let upgrade = op.responses.responses.contains_key(&StatusCode::Code(101)) && success.arms.is_empty();
        let example = self.contract_tests.then(|| {
            if upgrade {
                return Err("it upgrades the connection (101), which is not an HTTP exchange the client makes".into());
            }
            self.operation_example(&params, &resolved, body.as_ref(), op.request_body.as_ref(), pointer)
        });
        Some(Operation {
            accept,
            example,
            error_alias: named.error_alias,
            pagination,
            name,
            group: named.group,
            fn_name: named.method,
            builder: None,
            id,
            doc: operation_doc(op, method, path),
            deprecated: op.deprecated,
            method: method.to_uppercase(),
            path_template: path.to_owned(),
            path: path_parts,
            params,
            body,
            success,
            errors,
            headers,
            security,
            idempotency_key,
        })
    }

    /// Splits `/pets/{id}` into literal text and parameters; every `{name}` must be a path
    /// parameter.
    fn path_parts(&mut self, path: &str, params: &[Param], pointer: &str) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut ok = true;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                self.error(pointer, format!("the path `{path}` has an unclosed `{{`"));
                return None;
            };
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            let wire = &rest[start + 1..start + len];
            match params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire_name == wire)
            {
                Some(i) => parts.push(PathPart::Param(i)),
                None => {
                    self.error(
                        pointer,
                        format!("the path names `{{{wire}}}`, but the operation has no path parameter `{wire}`"),
                    );
                    ok = false;
                }
            }
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (i, p) in params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.location == ParamLocation::Path)
        {
            if !parts.contains(&PathPart::Param(i)) {
                self.warning(
                    pointer,
                    format!("path parameter `{}` does not appear in the path `{path}`", p.wire_name),
                );
            }
        }
        ok.then_some(parts)
    }

    /// The request body, in the best of the media types the spec offers (JSON, form,
    /// multipart, text, binary, in that order); the others are named in its docs.
    fn body(&mut self, body: &ReferenceOr<RequestBody>, hint: &str, at: &str) -> Option<Body> {
        let body = self.resolve(body, "requestBodies", at)?;
        let Some((media_type, content)) = chosen_media(&body) else {
            self.warning(at, "the request body declares no media type; the operation sends none");
            return None;
        };
        let media = body_media(media_type);
        let schema_at = pointer_push(&pointer_push(&pointer_push(at, "content"), media_type), "schema");
        let ty = match (&content.schema, media) {
            (Some(schema), BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart) => {
                self.schema_ty(schema.into(), &format!("{hint} request"), &schema_at)
            }
            (None, BodyMedia::Json | BodyMedia::Form) => Ty::Json,
            (_, BodyMedia::Text) => Ty::String,
            _ => Ty::Json,
        };
        let parts = match media {
            BodyMedia::Multipart => self.parts(&ty, content, &pointer_push(&pointer_push(at, "content"), media_type)),
            _ => None,
        };
        // A multipart schema with nothing to type is a form the caller builds. A required
        // JSON body that may be `null` is an `Option` the caller passes, `None` sent as `null`.
        let nullable_json = media == BodyMedia::Json
            && body.required
            && content.schema.as_ref().is_some_and(|s| self.is_nullable(s.into()));
        let ty = match (media, &parts) {
            (BodyMedia::Multipart, None) => Ty::Json,
            _ => self.or_null(nullable_json, ty),
        };
        let mut doc = body.description.clone().unwrap_or_default();
        if body.content.len() > 1 {
            let others: Vec<&str> = body
                .content
                .keys()
                .filter(|m| *m != media_type)
                .map(String::as_str)
                .collect();
            doc.push_str(&format!(
                " Sent as `{media_type}`; the server also accepts {}.",
                others.join(", ")
            ));
        }
        let content_type = match media_type.as_str() {
            m if m.contains('*') => "application/octet-stream".to_owned(),
            m => m.to_owned(),
        };
        Some(Body {
            media,
            content_type,
            passing: self.passing(&ty),
            ty,
            required: body.required,
            doc: Some(doc.trim().to_owned()).filter(|d| !d.is_empty()),
            parts,
        })
    }

    /// The parts of a multipart body of type `ty`, one per field of its struct, each
    /// written as the spec's `encoding` says: files with their media type, scalars as
    /// text, the rest as JSON. `None` when `ty` is not a struct (the caller builds the form).
    fn parts(&mut self, ty: &Ty, content: &openapiv3::MediaType, at: &str) -> Option<Vec<Part>> {
        let Ty::Named(name) = self.resolved(ty) else {
            self.warning(
                pointer_push(at, "schema"),
                "a multipart body without properties is a `reqwest::multipart::Form` the caller builds",
            );
            return None;
        };
        let fields = self.struct_fields(name)?.to_vec();
        if fields.is_empty() {
            return None;
        }
        let media_types = self.part_media_types(content.schema.as_ref());
        let mut parts = Vec::new();
        for field in fields {
            let encoding = content.encoding.get(&field.wire_name);
            if encoding.is_some_and(|e| !e.headers.is_empty()) {
                self.warning(
                    pointer_push(
                        &pointer_push(&pointer_push(at, "encoding"), &field.wire_name),
                        "headers",
                    ),
                    "per-part headers are not sent",
                );
            }
            // One concrete media type; a list or a wildcard leaves the default.
            let declared = encoding
                .and_then(|e| e.content_type.clone())
                .filter(|t| !t.contains(',') && !t.contains('*'))
                .or_else(|| media_types.get(&field.wire_name).cloned());
            // A list's items as the field will hold them: an int64 string or unix time
            // reached through an alias is plain there, as an inline one is.
            let (item, repeated) = match self.resolved(&field.ty) {
                Ty::Vec(item) => {
                    let item = self.resolved(item);
                    let item =
                        super::adapters::plain_in_container(item).map_or_else(|| item.clone(), |(plain, _)| plain);
                    (item, true)
                }
                other => (other.clone(), false),
            };
            let kind = match item {
                Ty::File => PartKind::File,
                Ty::DateTime => PartKind::Text(Text::Rfc3339),
                Ty::UnixTime => PartKind::Text(Text::EpochSeconds),
                ref scalar if self.is_text(scalar) => PartKind::Text(Text::Display),
                _ => PartKind::Json,
            };
            // A list that is not of files or scalars is one JSON part.
            let repeated = repeated && kind != PartKind::Json;
            parts.push(Part {
                field: FieldStep {
                    optional: field.is_option(),
                    double: field.is_double_option(),
                    field: field.name,
                },
                wire_name: field.wire_name,
                kind,
                repeated,
                content_type: declared,
            });
        }
        Some(parts)
    }

    /// The 3.1 `contentMediaType` of each property (or of its items) of a multipart body's
    /// object schema, by property name.
    fn part_media_types(
        &self,
        schema: Option<&ReferenceOr<openapiv3::Schema>>,
    ) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        let schema = match schema {
            Some(ReferenceOr::Item(schema)) => Some(schema),
            Some(ReferenceOr::Reference { reference }) => self.component(reference),
            None => None,
        };
        let Some(schema) = schema else {
            return out;
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
            return out;
        };
        for (name, property) in &object.properties {
            let property = match property {
                ReferenceOr::Item(schema) => Some(schema.as_ref()),
                ReferenceOr::Reference { reference } => self.component(reference),
            };
            let items = property.and_then(|p| match &p.schema_kind {
                openapiv3::SchemaKind::Type(openapiv3::Type::Array(array)) => match array.items.as_ref()? {
                    ReferenceOr::Item(items) => Some(items.as_ref()),
                    ReferenceOr::Reference { reference } => self.component(reference),
                },
                _ => None,
            });
            let media = [property, items].into_iter().flatten().find_map(|s| {
                s.schema_data
                    .extensions
                    .get(super::schema::CONTENT_MEDIA_TYPE)
                    .and_then(|v| v.as_str())
            });
            if let Some(media) = media {
                out.insert(name.clone(), media.to_owned());
            }
        }
        out
    }

    /// The success arms, the error arms, the success responses' declared headers and the
    /// `Accept` header (every media type the client reads, in order), from the declared
    /// responses; `names` are those of the response enum, the error enum and the headers
    /// struct.
    fn responses(
        &mut self,
        responses: &openapiv3::Responses,
        hint: &str,
        at: &str,
        [enum_name, error_enum, headers_name]: [String; 3],
    ) -> (Success, Errors, Option<HeadersDef>, Option<String>) {
        let mut successes: Vec<(Option<u16>, Payload)> = Vec::new();
        let mut errors: Vec<(ErrorStatus, Payload, String)> = Vec::new();
        let mut headers: Vec<(String, ReferenceOr<openapiv3::Header>, String)> = Vec::new();
        let mut accept: Vec<String> = Vec::new();
        // Identical inline schemas under several statuses (201 and 202 alike) are one type.
        let mut seen: Vec<(openapiv3::ReferenceOr<openapiv3::Schema>, Ty)> = Vec::new();
        // The declared statuses, then `default`, which comes last so that it describes the
        // success when no status does.
        let declared = responses.responses.iter().map(|(status, r)| (Some(status), r));
        for (status, response) in declared.chain(responses.default.iter().map(|r| (None, r))) {
            let key = status.map_or("default".to_owned(), ToString::to_string);
            let response_at = pointer_push(at, &key);
            let Some(response) = self.resolve(response, "responses", &response_at) else {
                continue;
            };
            let is_success = match status {
                Some(StatusCode::Code(200..=299) | StatusCode::Range(2)) => true,
                Some(_) => false,
                None => successes.is_empty(),
            };
            let suffix = if is_success { "response" } else { "error" };
            let (body, read_as) = self.payload(
                &response,
                &format!("{hint} {suffix}"),
                &response_at,
                &mut seen,
                is_success,
            );
            // 204 and 205 never carry a body (RFC 9110 15.3.5-6), whatever the spec declares.
            let bodiless = matches!(status, Some(StatusCode::Code(204 | 205)));
            let (body, read_as) = if bodiless && body != Payload::None {
                self.warning(
                    pointer_push(&response_at, "content"),
                    "a 204 or 205 response has no body (RFC 9110); the declared content is not read",
                );
                (Payload::None, None)
            } else {
                (body, read_as)
            };
            if let Some(media) = read_as.filter(|m| !accept.contains(m)) {
                accept.push(media);
            }
            if is_success {
                declared_headers(&response, &response_at, &mut headers);
            }
            let description = response.description.clone();
            match status {
                Some(StatusCode::Code(c @ 200..=299)) => successes.push((Some(*c), body)),
                Some(StatusCode::Range(2)) | None if is_success => successes.push((None, body)),
                Some(StatusCode::Code(c)) => errors.push((ErrorStatus::Code(*c), body, description)),
                Some(StatusCode::Range(r)) => errors.push((ErrorStatus::Range(*r), body, description)),
                None => errors.push((ErrorStatus::Default, body, description)),
            }
        }
        // A specific status before a range, so `200..=299` never shadows `201`.
        successes.sort_by_key(|(status, _)| status.is_none());
        let mut variants = Namespace::types();
        let arms: Vec<SuccessArm> = successes
            .into_iter()
            .map(|(status, body)| SuccessArm {
                variant: variants.claim(status_variant(status)),
                envelope: matches!(&body, Payload::Json(Ty::Named(n)) if self.envelopes.contains(n)),
                status,
                body,
            })
            .collect();
        let mut success = Success {
            arms,
            enum_name: None,
            other_2xx: Vec::new(),
            streamed: Vec::new(),
        };
        if success.single_body().is_none() {
            success.enum_name = Some(enum_name);
        } else if success.arms.iter().all(|a| a.status.is_some()) {
            let declared: Vec<u16> = success.arms.iter().filter_map(|a| a.status).collect();
            success.other_2xx = free_ranges(&declared);
        }
        success.streamed = streamed_statuses(&success);
        let headers = self.response_headers(headers, headers_name);
        let accept = (!accept.is_empty()).then(|| accept.join(", "));
        (success, error_arms(errors, error_enum), headers, accept)
    }

    /// The response headers the success responses declare, typed, one field per name
    /// (the first declaration wins); `Content-Type` is the body's business.
    fn response_headers(
        &mut self,
        declared: Vec<(String, ReferenceOr<openapiv3::Header>, String)>,
        name: String,
    ) -> Option<HeadersDef> {
        let mut fields: Vec<HeaderField> = Vec::new();
        let mut field_names = Namespace::snake();
        for (wire_name, header, header_at) in declared {
            if wire_name.eq_ignore_ascii_case("content-type")
                || fields.iter().any(|f| f.wire_name.eq_ignore_ascii_case(&wire_name))
            {
                continue;
            }
            let Some(header) = self.resolve(&header, "headers", &header_at) else {
                continue;
            };
            let ty = match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => header_ty(schema),
                _ => Ty::String,
            };
            fields.push(HeaderField {
                name: field_names.claim(names::snake_name(&wire_name)),
                wire_name,
                ty,
                doc: header.description.clone(),
            });
        }
        (!fields.is_empty()).then_some(HeadersDef { name, fields })
    }

    /// What a response's body holds (JSON of a type, text, bytes, or nothing), and the
    /// media type the client reads it as, for `Accept`.
    fn payload(
        &mut self,
        response: &Response,
        hint: &str,
        at: &str,
        seen: &mut Vec<(ReferenceOr<openapiv3::Schema>, Ty)>,
        success: bool,
    ) -> (Payload, Option<String>) {
        if success {
            if let Some((media, content)) = response.content.iter().find(|(media, _)| is_event_stream(media)) {
                let schema_at = pointer_push(&pointer_push(&pointer_push(at, "content"), media), "schema");
                let data = content
                    .schema
                    .as_ref()
                    .filter(|schema| !is_text_schema(schema))
                    .map(|schema| self.schema_ty(schema.into(), &format!("{hint} event"), &schema_at));
                return (Payload::Events(data), Some("text/event-stream".to_owned()));
            }
        }
        let Some((media, content)) = response.content.iter().find(|(media, _)| is_json(media)) else {
            let text = response.content.keys().find(|m| m.starts_with("text/"));
            return match response.content.keys().next() {
                None => (Payload::None, None),
                Some(_) if text.is_some() => (Payload::Text, text.cloned()),
                Some(first) if success => (Payload::Stream, Some(first.clone())),
                Some(first) => (Payload::Bytes, Some(first.clone())),
            };
        };
        // A server offering several media types picks by `Accept`: the client asks for the
        // JSON it decodes (`*/*` declares no type, so JSON is asked for).
        let read_as = if media == "*/*" { "application/json" } else { media };
        let read_as = Some(read_as.to_owned());
        let schema_at = pointer_push(&pointer_push(&pointer_push(at, "content"), media), "schema");
        let Some(schema) = &content.schema else {
            return (Payload::Json(Ty::Json), read_as);
        };
        if let Some((_, ty)) = seen.iter().find(|(s, _)| s == schema) {
            return (Payload::Json(ty.clone()), read_as);
        }
        let ty = self.schema_ty(schema.into(), hint, &schema_at);
        // A nullable body (dropshot's `null` answer) may be `null`.
        let ty = self.or_null(self.is_nullable(schema.into()), ty);
        seen.push((schema.clone(), ty.clone()));
        (Payload::Json(ty), read_as)
    }
}

/// A method name for an operation without `operationId`: the method, then the path's
/// words, with parameters as `by_<name>` (`GET /pets/{id}/toys` -> `get_pets_by_id_toys`).
fn synthesized_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by {param}")),
            None => words.push(segment.to_owned()),
        }
    }
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    names::snake_name(&words.join(" "))
}

/// The groups of the operations whose first tags are `first_tags`: in the order of the
/// document's `tags`, then of first use. Claims each group's module name, its accessor
/// in `method_names` (the root client's), and its sub-client's name in the namespace of
/// its module's items, which is returned beside it.
fn groups(
    declared: &[openapiv3::Tag],
    first_tags: &[Option<&str>],
    method_names: &mut Namespace,
) -> (Vec<Group>, Vec<Namespace>) {
    let mut order: Vec<&str> = Vec::new();
    let used = |tag: &str| first_tags.contains(&Some(tag));
    for tag in declared
        .iter()
        .map(|t| t.name.as_str())
        .chain(first_tags.iter().flatten().copied())
    {
        if used(tag) && !order.contains(&tag) {
            order.push(tag);
        }
    }
    let mut modules = Namespace::snake().reserve(names::SERVICE_MODULES);
    let mut groups = Vec::new();
    let mut item_names = Vec::new();
    for tag in order {
        let mut items = Namespace::types().reserve(names::MODULE_ITEMS);
        groups.push(Group {
            tag: tag.to_owned(),
            module: modules.claim(names::snake_name(tag)),
            accessor: method_names.claim(names::snake_name(tag)),
            client: items.claim(names::type_name(tag)),
            doc: declared
                .iter()
                .find(|t| t.name == tag)
                .and_then(|t| t.description.clone())
                .filter(|d| !d.trim().is_empty()),
        });
        item_names.push(items);
    }
    (groups, item_names)
}

/// A method's name without its group's name in front, which the sub-client already says
/// (`issues_list_for_repo` in `issues` is `list_for_repo`); unchanged when nothing would
/// be left, or what is left does not start with a letter.
fn without_group(name: &str, tag: &str) -> String {
    let prefix = format!("{}_", names::snake_name(tag));
    match name.strip_prefix(&prefix) {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_lowercase()) => rest.to_owned(),
        _ => name.to_owned(),
    }
}

/// The runs of 200..=299 not in `declared`, as inclusive `(first, last)` pairs.
fn free_ranges(declared: &[u16]) -> Vec<(u16, u16)> {
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for code in (200..=299).filter(|c| !declared.contains(c)) {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == code => *last = code,
            _ => ranges.push((code, code)),
        }
    }
    ranges
}

/// How a media type is sent; the order of the variants is the order of preference.
fn body_media(media: &str) -> BodyMedia {
    let essence = media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase();
    match essence.as_str() {
        m if m == "application/json" || m.ends_with("+json") => BodyMedia::Json,
        "application/x-www-form-urlencoded" => BodyMedia::Form,
        "multipart/form-data" | "multipart/mixed" => BodyMedia::Multipart,
        m if m.starts_with("text/") => BodyMedia::Text,
        _ => BodyMedia::Binary,
    }
}

/// The media type a request body is sent in: the best the spec offers (JSON, form,
/// multipart, text, binary, in that order).
pub(super) fn chosen_media(body: &RequestBody) -> Option<(&String, &openapiv3::MediaType)> {
    body.content.iter().min_by_key(|(media, _)| body_media(media) as u8)
}

/// The response enum's variant for a status: its reason phrase (`Created`), or `Status299`.
fn status_variant(status: Option<u16>) -> String {
    let known = match status {
        None => "Other",
        Some(200) => "Ok",
        Some(201) => "Created",
        Some(202) => "Accepted",
        Some(203) => "NonAuthoritativeInformation",
        Some(204) => "NoContent",
        Some(205) => "ResetContent",
        Some(206) => "PartialContent",
        Some(207) => "MultiStatus",
        Some(208) => "AlreadyReported",
        Some(226) => "ImUsed",
        Some(code) => return format!("Status{code}"),
    };
    known.to_owned()
}

/// The 2xx statuses whose arm (the one the generated `match` picks: its own code, else a
/// `2XX`/`default` arm, else the first arm for the other 2xx) streams its body, as ranges.
fn streamed_statuses(success: &Success) -> Vec<(u16, u16)> {
    let arm_for = |code: u16| {
        success
            .arms
            .iter()
            .find(|a| a.status == Some(code))
            .or_else(|| success.arms.iter().find(|a| a.status.is_none()))
            .or_else(|| {
                success
                    .other_2xx
                    .iter()
                    .any(|&(first, last)| (first..=last).contains(&code))
                    .then(|| success.arms.first())
                    .flatten()
            })
    };
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for code in (200..=299).filter(|&c| arm_for(c).is_some_and(|a| a.body.is_streamed())) {
        match ranges.last_mut() {
            Some((_, last)) if *last + 1 == code => *last = code,
            _ => ranges.push((code, code)),
        }
    }
    ranges
}

/// Gathers the headers a success response declares, with where each is.
fn declared_headers(response: &Response, at: &str, out: &mut Vec<(String, ReferenceOr<openapiv3::Header>, String)>) {
    for (name, header) in &response.headers {
        let header_at = pointer_push(&pointer_push(at, "headers"), name);
        out.push((name.clone(), header.clone(), header_at));
    }
}

/// The error arms, codes first, then ranges, then `default`; one type for all when they
/// share one JSON type, else an enum with one variant per status.
fn error_arms(mut errors: Vec<(ErrorStatus, Payload, String)>, enum_name: String) -> Errors {
    errors.sort_by_key(|(status, _, _)| match status {
        ErrorStatus::Code(_) => 0,
        ErrorStatus::Range(_) => 1,
        ErrorStatus::Default => 2,
    });
    let mut variants = Namespace::types();
    let arms: Vec<ErrorArm> = errors
        .into_iter()
        .map(|(status, body, description)| ErrorArm {
            variant: variants.claim(error_variant(status)),
            status,
            body,
            doc: Some(description.trim().to_owned()).filter(|d| !d.is_empty()),
        })
        .collect();
    let shared = match arms.split_first() {
        Some((first, rest)) => matches!(first.body, Payload::Json(_)) && rest.iter().all(|a| a.body == first.body),
        None => true,
    };
    Errors {
        arms,
        enum_name: (!shared).then_some(enum_name),
    }
}

/// The error enum's variant for a status: its reason phrase (`NotFound`), `ClientError`
/// for `4XX`, `ServerError` for `5XX`, or `Default`.
fn error_variant(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => match http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => names::type_name(reason),
            None => format!("Status{code}"),
        },
        ErrorStatus::Range(4) => "ClientError".to_owned(),
        ErrorStatus::Range(5) => "ServerError".to_owned(),
        ErrorStatus::Range(digit) => format!("Status{digit}xx"),
        ErrorStatus::Default => "Default".to_owned(),
    }
}

/// The alternatives of a security requirement as the credential fields each sends: schemes
/// the client does not hold are left out, and an alternative that needs none comes last,
/// so a credential the caller set is sent when the spec allows it.
fn security(
    requirement: Option<&Vec<openapiv3::SecurityRequirement>>,
    credentials: &[CredentialDef],
) -> Vec<Vec<String>> {
    let Some(alternatives) = requirement else {
        return Vec::new();
    };
    let mut lowered: Vec<Vec<String>> = alternatives
        .iter()
        .map(|alternative| {
            credentials
                .iter()
                .filter(|c| alternative.contains_key(&c.scheme))
                .map(|c| c.field.clone())
                .collect()
        })
        .collect();
    lowered.sort_by_key(Vec::is_empty);
    lowered.dedup();
    lowered
}

/// A declared header's type: a scalar that parses from its text, else `String`.
fn header_ty(schema: &openapiv3::Schema) -> Ty {
    use openapiv3::{SchemaKind, Type, VariantOrUnknownOrEmpty};
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => match &i.format {
            VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
            _ => Ty::I64,
        },
        SchemaKind::Type(Type::Number(_)) => Ty::F64,
        SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
        _ => Ty::String,
    }
}

fn is_event_stream(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .eq_ignore_ascii_case("text/event-stream")
}

/// A schema of plain text (`type: string`), so event data is kept as a `String`.
fn is_text_schema(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(s.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(_))))
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The method's doc: summary, description, then the HTTP route it calls.
fn operation_doc(op: &openapiv3::Operation, method: &str, path: &str) -> Option<String> {
    let mut doc = String::new();
    for part in [&op.summary, &op.description].into_iter().flatten() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(part.trim());
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {path}`", method.to_uppercase()));
    Some(doc)
}

#[cfg(test)]
mod tests {
    use crate::ir::{Payload, Success, SuccessArm, Ty};

    fn arm(status: Option<u16>, body: Payload) -> SuccessArm {
        SuccessArm {
            status,
            body,
            variant: String::new(),
            envelope: false,
        }
    }

    #[test]
    fn only_the_statuses_whose_arm_streams_are_streamed() {
        // `200` JSON beside a `2XX` download: a 200 is read whole, the rest streamed.
        let success = Success {
            arms: vec![arm(Some(200), Payload::Json(Ty::String)), arm(None, Payload::Stream)],
            enum_name: Some("R".into()),
            other_2xx: Vec::new(),
            streamed: Vec::new(),
        };
        assert_eq!(super::streamed_statuses(&success), [(201, 299)]);
        // A `200` download, and the other 2xx read like it.
        let success = Success {
            arms: vec![arm(Some(200), Payload::Stream)],
            enum_name: None,
            other_2xx: vec![(201, 299)],
            streamed: Vec::new(),
        };
        assert_eq!(super::streamed_statuses(&success), [(200, 299)]);
        // A download at 206 only, with a 200 JSON.
        let success = Success {
            arms: vec![
                arm(Some(200), Payload::Json(Ty::String)),
                arm(Some(206), Payload::Stream),
            ],
            enum_name: Some("R".into()),
            other_2xx: Vec::new(),
            streamed: Vec::new(),
        };
        assert_eq!(super::streamed_statuses(&success), [(206, 206)]);
    }

    #[test]
    fn undeclared_2xx_ranges() {
        assert_eq!(super::free_ranges(&[200]), [(201, 299)]);
        assert_eq!(super::free_ranges(&[201, 202]), [(200, 200), (203, 299)]);
        assert_eq!(super::free_ranges(&[200, 299]), [(201, 298)]);
        assert!(super::free_ranges(&(200..=299).collect::<Vec<_>>()).is_empty());
    }
}
