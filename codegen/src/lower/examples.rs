//! Example arguments for an operation, for its contract test: a call the spec says is
//! valid, built from the spec's own examples where they are present and valid, and
//! otherwise synthesized from the schemas.
//!
//! Synthesis is deterministic (the same spec gives the same values on every run): it
//! follows `enum`, `format`, bounds (`minimum`, `exclusiveMaximum`, `multipleOf`),
//! lengths, item counts and `pattern` (sampled by `rand_regex` from a generator seeded by
//! the schema's location), picks a `oneOf` alternative that matches only itself (setting
//! the discriminator to the alternative's mapping value), and fills only what is required
//! (never `readOnly` properties), so recursion ends where the spec allows it to.
//!
//! The values are JSON as the *Rust* argument reads it (`serde_json::from_str` of the
//! argument's type), which is the wire form for bodies, and differs for parameters only
//! where the Rust type does (`format: int64` strings are `i64`, `unix-time` numbers are
//! date-times).

use openapiv3::{
    AdditionalProperties, Parameter, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use rand::SeedableRng;
use serde_json::{Map, Value};

use super::Lowerer;
use super::schema::{CONTENT_MEDIA_TYPE, SchemaRef, split_any};
use crate::diagnostics::pointer_push;
use crate::ir::{Body, BodyMedia, OperationExample, Param, ParamLocation, Ty};

/// How deep synthesis and checking descend through nested schemas.
const MAX_DEPTH: usize = 12;

/// How deep (in [`MAX_DEPTH`]'s steps) a response's optional properties are filled.
const RESPONSE_FILL_DEPTH: usize = 6;

/// A synthesized value, or why none can be made.
type Synth = Result<Value, String>;

impl Lowerer<'_> {
    /// The example call of an operation: a value for every required parameter and for the
    /// body. `Err` says why no valid call can be built (the operation is then excluded
    /// from the contract tests, with that reason).
    pub(super) fn operation_example(
        &mut self,
        params: &[Param],
        sources: &[(Parameter, String)],
        body: Option<&Body>,
        request_body: Option<&ReferenceOr<openapiv3::RequestBody>>,
        at: &str,
    ) -> Result<OperationExample, String> {
        let mut args = Vec::new();
        for param in params {
            if !param.required {
                args.push(None);
                continue;
            }
            let source = sources
                .iter()
                .find(|(p, _)| p.parameter_data_ref().name == param.wire_name && location(p) == param.location);
            let Some((source, source_at)) = source else {
                return Err(format!(
                    "parameter `{}` has no definition to take an example from",
                    param.wire_name
                ));
            };
            let value = self.parameter_example(source, source_at)?;
            let value = unambiguous_as_text(value, source);
            let value =
                for_rust(value, &param.ty, self).map_err(|why| format!("parameter `{}`: {why}", param.wire_name))?;
            args.push(Some(value));
        }
        let body = match (body, request_body) {
            (Some(body), Some(request_body)) => Some(self.body_example(body, request_body, at)?),
            _ => None,
        };
        Ok(OperationExample { args, body })
    }

    /// A parameter's value: its `example`, the first of its `examples`, its schema's, or
    /// one synthesized from its schema.
    fn parameter_example(&mut self, param: &Parameter, at: &str) -> Synth {
        let data = param.parameter_data_ref();
        let (schema, schema_at) = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(schema) => (Some(schema.clone()), pointer_push(at, "schema")),
            openapiv3::ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((media, media_type)) => (
                    media_type.schema.clone(),
                    pointer_push(&pointer_push(&pointer_push(at, "content"), media), "schema"),
                ),
                None => (None, pointer_push(at, "content")),
            },
        };
        let Some(schema) = schema else {
            return Ok(Value::String("example".into()));
        };
        let given = data.example.clone().or_else(|| self.first_example(&data.examples));
        self.example_of(SchemaRef::from(&schema), given, &schema_at)
    }

    /// The body's value, in the media type the method sends.
    fn body_example(&mut self, body: &Body, request_body: &ReferenceOr<openapiv3::RequestBody>, at: &str) -> Synth {
        let resolved = self
            .resolve(request_body, "requestBodies", at)
            .ok_or("the request body does not resolve")?;
        let resolved = resolved.into_owned();
        let Some((media, content)) = super::operation::chosen_media(&resolved) else {
            return Err("the request body has no media type".into());
        };
        let schema_at = pointer_push(&pointer_push(&pointer_push(at, "content"), media), "schema");
        match body.media {
            BodyMedia::Text => Ok(content
                .example
                .clone()
                .filter(Value::is_string)
                .unwrap_or_else(|| Value::String("example".into()))),
            // Bytes the schema describes as text (`format: byte`, a pattern) are that text.
            BodyMedia::Binary => match content.schema.clone() {
                Some(schema) => {
                    let given = content
                        .example
                        .clone()
                        .or_else(|| self.first_example(&content.examples));
                    match self.example_of(SchemaRef::from(&schema), given, &schema_at)? {
                        Value::String(text) => Ok(Value::String(text)),
                        _ => Ok(Value::String("example".into())),
                    }
                }
                None => Ok(Value::String("example".into())),
            },
            // A schema with no properties: an empty form is valid for it.
            BodyMedia::Multipart if body.parts.is_none() => Ok(Value::Null),
            BodyMedia::Json | BodyMedia::Form | BodyMedia::Multipart => {
                let Some(schema) = content.schema.clone() else {
                    return Ok(Value::Object(Map::new()));
                };
                let given = content
                    .example
                    .clone()
                    .or_else(|| self.first_example(&content.examples));
                let value = self.example_of(SchemaRef::from(&schema), given, &schema_at)?;
                for_rust(value, &body.ty, self).map_err(|why| format!("the body: {why}"))
            }
        }
    }

    /// A value for every schema of every operation's responses and response headers (see
    /// [`super::response_examples`]).
    pub(super) fn all_response_examples(&mut self) -> std::collections::BTreeMap<String, Synth> {
        let mut out = std::collections::BTreeMap::new();
        let doc = self.doc;
        for (path, item) in &doc.api.paths.paths {
            let Some(item) = item.as_item() else {
                continue;
            };
            for (method, operation) in item.iter() {
                let at = pointer_push(&pointer_push("/paths", path), method);
                let responses = operation
                    .responses
                    .responses
                    .iter()
                    .map(|(status, r)| (status.to_string(), r))
                    .chain(operation.responses.default.iter().map(|r| ("default".to_owned(), r)));
                for (status, response) in responses {
                    let response_at = pointer_push(&pointer_push(&at, "responses"), &status);
                    let Some(response) = self.resolve(response, "responses", &response_at) else {
                        continue;
                    };
                    let response = response.into_owned();
                    for (media, content) in &response.content {
                        let Some(schema) = &content.schema else {
                            continue;
                        };
                        let schema_at =
                            pointer_push(&pointer_push(&pointer_push(&response_at, "content"), media), "schema");
                        let given = content
                            .example
                            .clone()
                            .or_else(|| self.first_example(&content.examples));
                        let value = self.example_of(SchemaRef::from(schema), given, &schema_at);
                        out.insert(schema_at, value);
                    }
                    for (name, header) in &response.headers {
                        let header_at = pointer_push(&pointer_push(&response_at, "headers"), name);
                        let Some(header) = self.resolve(header, "headers", &header_at) else {
                            continue;
                        };
                        let header = header.into_owned();
                        if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &header.format {
                            let schema_at = pointer_push(&header_at, "schema");
                            let given = header.example.clone().or_else(|| self.first_example(&header.examples));
                            let value = self.example_of(SchemaRef::from(schema), given, &schema_at);
                            out.insert(schema_at, value);
                        }
                    }
                }
            }
        }
        out
    }

    /// The value of the first entry of an `examples` map that has one.
    fn first_example(
        &mut self,
        examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
    ) -> Option<Value> {
        examples.iter().find_map(|(name, example)| {
            let example = self.resolve(example, "examples", &format!("/examples/{name}"))?;
            example.value.clone()
        })
    }

    /// `given` (an example from the spec) when it is valid for `schema`, otherwise a
    /// synthesized value; an invalid example is reported with a warning at `at`.
    fn example_of(&mut self, schema: SchemaRef<'_>, given: Option<Value>, at: &str) -> Synth {
        if let Some(given) = given {
            match self.check(&given, schema, 0) {
                Ok(()) => return Ok(given),
                Err(why) => self.warning(
                    at,
                    format!("the spec's example does not match its schema ({why}); the contract test synthesizes one"),
                ),
            }
        }
        let value = self.synthesize(schema, at, 0, &mut Vec::new())?;
        // A synthesized value that its own schema refuses is a bug here, not in the spec;
        // but for a mock's answer where the spec allows no value (a `oneOf` whose
        // alternatives overlap), the closest one: the mock says what it breaks.
        match self.check(&value, schema, 0) {
            Ok(()) => Ok(value),
            Err(_) if self.response_examples => Ok(value),
            Err(why) => Err(format!("no value could be synthesized that matches the schema ({why})")),
        }
    }

    /// The schema behind a reference (`None` for what does not resolve to one).
    fn schema_at(&self, schema: SchemaRef<'_>) -> Option<Schema> {
        match schema {
            SchemaRef::Inline(schema) => Some(schema.clone()),
            SchemaRef::Ref(reference) => match self.component(reference) {
                Some(schema) => Some(schema.clone()),
                None => {
                    let pointer = super::percent_decode(reference.strip_prefix('#')?);
                    let raw = self.doc.raw.pointer(&pointer)?;
                    serde_json::from_value::<ReferenceOr<Schema>>(raw.clone())
                        .ok()
                        .and_then(|r| r.into_item())
                }
            },
        }
    }

    /// A value of `schema`. `seen` holds the references being expanded, so a schema that
    /// requires itself is refused rather than expanded forever.
    fn synthesize(&self, schema: SchemaRef<'_>, at: &str, depth: usize, seen: &mut Vec<String>) -> Synth {
        self.synthesize_as(schema, at, depth, seen, false)
    }

    /// [`Self::synthesize`], with every optional property of the top object too when
    /// `full` (to tell `oneOf` alternatives apart).
    fn synthesize_as(
        &self,
        schema: SchemaRef<'_>,
        at: &str,
        depth: usize,
        seen: &mut Vec<String>,
        full: bool,
    ) -> Synth {
        if depth > MAX_DEPTH {
            return Err(format!("the schema at #{at} nests deeper than {MAX_DEPTH} levels"));
        }
        if let SchemaRef::Ref(reference) = schema {
            if seen.iter().filter(|r| *r == reference).count() >= 2 {
                return Err(format!("`{reference}` requires a value of itself"));
            }
            seen.push(reference.to_owned());
            let inner = self
                .schema_at(schema)
                .ok_or_else(|| format!("`{reference}` does not resolve"));
            let value = inner.and_then(|s| self.synthesize_as(SchemaRef::Inline(&s), at, depth + 1, seen, full));
            seen.pop();
            return value;
        }
        let Some(schema) = self.schema_at(schema) else {
            return Err(format!("the schema at #{at} does not resolve"));
        };
        // The spec's own example (or default) for this schema, where it is valid.
        for given in [&schema.schema_data.example, &schema.schema_data.default]
            .into_iter()
            .flatten()
        {
            if self.check(given, SchemaRef::Inline(&schema), depth).is_ok() {
                return Ok(given.clone());
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if let Some(value) = s.enumeration.iter().flatten().next() {
                    return Ok(Value::String(value.clone()));
                }
                string(&schema, s, at)
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if let Some(value) = i.enumeration.iter().flatten().next() {
                    return Ok(Value::from(*value));
                }
                let unix_time = matches!(&i.format, VariantOrUnknownOrEmpty::Unknown(f) if f == "unix-time");
                let min = i.minimum.map(|m| if i.exclusive_minimum { m + 1 } else { m });
                let max = i.maximum.map(|m| if i.exclusive_maximum { m - 1 } else { m });
                let start = if unix_time { 1_700_000_000 } else { 1 };
                integer(min, max, i.multiple_of).map(Value::from).map(|v| {
                    if min.is_none() && max.is_none() {
                        Value::from(start)
                    } else {
                        v
                    }
                })
            }
            SchemaKind::Type(Type::Number(n)) => {
                if let Some(value) = n.enumeration.iter().flatten().next() {
                    return Ok(Value::from(*value));
                }
                number(n).map(Value::from)
            }
            SchemaKind::Type(Type::Boolean(b)) => Ok(Value::Bool(
                b.enumeration.iter().flatten().next().copied().unwrap_or(true),
            )),
            SchemaKind::Type(Type::Array(a)) => {
                let count = a
                    .min_items
                    .unwrap_or(1)
                    .max(usize::from(a.max_items != Some(0)))
                    .min(a.max_items.unwrap_or(usize::MAX));
                let Some(items) = &a.items else {
                    return Ok(Value::Array(vec![Value::String("example".into()); count]));
                };
                let items_at = pointer_push(at, "items");
                let items = SchemaRef::from(items);
                let mut out = Vec::new();
                for i in 0..count {
                    let item = self.synthesize(items, &items_at, depth + 1, seen)?;
                    let item = if a.unique_items && out.contains(&item) {
                        vary(&item, i)
                    } else {
                        item
                    };
                    out.push(item);
                }
                Ok(Value::Array(out))
            }
            SchemaKind::Type(Type::Object(o)) => self.synth_object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                o.min_properties,
                at,
                depth,
                seen,
                full,
            ),
            // Combinators beside keywords of the schema's own (`anyOf` next to `properties`,
            // which the 3.0 model reads as "any"): the own part and the combinator, merged.
            SchemaKind::Any(a) if !a.one_of.is_empty() || !a.any_of.is_empty() || !a.all_of.is_empty() => {
                let (own, combinator) = split_any(&schema);
                // `allOf` beside its own `properties`/`required`: all of it one object, so
                // what the schema requires is found in whichever part defines it.
                if a.one_of.is_empty() && a.any_of.is_empty() {
                    let mut parts = a.all_of.clone();
                    parts.extend(own.clone().map(ReferenceOr::Item));
                    if let [part] = parts.as_slice() {
                        return self.synthesize_as(SchemaRef::from(part), at, depth + 1, seen, full);
                    }
                    let mut properties = indexmap::IndexMap::new();
                    let mut required = Vec::new();
                    if self.flatten_objects(&parts, &mut properties, &mut required, 0) {
                        return self.synth_object(&properties, &required, None, None, at, depth, seen, full);
                    }
                }
                let mut values = Vec::new();
                for part in [own, combinator].into_iter().flatten() {
                    values.push(self.synthesize_as(SchemaRef::Inline(&part), at, depth + 1, seen, full)?);
                }
                Ok(merge(values))
            }
            SchemaKind::Any(a) if !a.properties.is_empty() || !a.required.is_empty() => self.synth_object(
                &a.properties,
                &a.required,
                a.additional_properties.as_ref(),
                a.min_properties,
                at,
                depth,
                seen,
                full,
            ),
            // One part is that part, `additionalProperties` and all.
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let part_at = pointer_push(&pointer_push(at, "allOf"), "0");
                self.synthesize_as(SchemaRef::from(&all_of[0]), &part_at, depth + 1, seen, full)
            }
            SchemaKind::AllOf { all_of } => {
                // Parts that are all objects are one object: every part's properties, and
                // every part's required ones (a part may require what another defines).
                let mut properties = indexmap::IndexMap::new();
                let mut required = Vec::new();
                if self.flatten_objects(all_of, &mut properties, &mut required, 0) {
                    return self.synth_object(&properties, &required, None, None, at, depth, seen, full);
                }
                let mut values = Vec::new();
                for (i, part) in all_of.iter().enumerate() {
                    let part_at = pointer_push(&pointer_push(at, "allOf"), &i.to_string());
                    values.push(self.synthesize_as(SchemaRef::from(part), &part_at, depth + 1, seen, full)?);
                }
                Ok(merge(values))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let one_of = matches!(schema.schema_kind, SchemaKind::OneOf { .. });
                self.alternative(&schema, parts, one_of, at, depth, seen, full)
            }
            SchemaKind::Not { .. } => Err(format!("the schema at #{at} is only a `not`")),
            // Read again with its `type` (the 3.0 model reads a typed schema with keywords
            // of another type as "any"): a value of that type, else any value.
            SchemaKind::Any(a) => match (a.enumeration.iter().find(|v| !v.is_null()), typed(&schema)) {
                (Some(value), _) => Ok(value.clone()),
                (None, Some(typed)) => self.synthesize_as(SchemaRef::Inline(&typed), at, depth + 1, seen, full),
                (None, None) => Ok(Value::String("example".into())),
            },
        }
    }

    /// Gathers the properties and required names of `allOf` parts that are all objects
    /// (through references and nested `allOf`s); false when one part is anything else.
    fn flatten_objects(
        &self,
        parts: &[ReferenceOr<Schema>],
        properties: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &mut Vec<String>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        for part in parts {
            let Some(schema) = self.schema_at(SchemaRef::from(part)) else {
                return false;
            };
            let (own, needed) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
                // Its own keywords and its own `allOf` (Box's `File`: an `allOf` beside the
                // `required` list of what its parts define).
                SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() => {
                    if !a.all_of.is_empty() && !self.flatten_objects(&a.all_of, properties, required, depth + 1) {
                        return false;
                    }
                    (&a.properties, &a.required)
                }
                SchemaKind::AllOf { all_of } => {
                    if !self.flatten_objects(all_of, properties, required, depth + 1) {
                        return false;
                    }
                    continue;
                }
                _ => return false,
            };
            for (name, property) in own {
                properties.entry(name.clone()).or_insert_with(|| property.clone());
            }
            required.extend(
                needed
                    .iter()
                    .filter(|n| !required.contains(n))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
        true
    }

    /// An object with every required property that is not `readOnly` (and one map entry
    /// when `minProperties` asks for it).
    #[allow(clippy::too_many_arguments)]
    fn synth_object(
        &self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        min_properties: Option<usize>,
        at: &str,
        depth: usize,
        seen: &mut Vec<String>,
        full: bool,
    ) -> Synth {
        let mut map = Map::new();
        let every: Vec<String>;
        let required = if full {
            every = required
                .iter()
                .cloned()
                .chain(properties.keys().filter(|k| !required.contains(k)).cloned())
                .collect();
            every.as_slice()
        } else {
            required
        };
        // A request leaves out what the server writes (`readOnly`), a response what only
        // clients send (`writeOnly`).
        let one_way = |schema: &Schema| {
            if self.response_examples {
                schema.schema_data.write_only
            } else {
                schema.schema_data.read_only
            }
        };
        for name in required {
            let property_at = pointer_push(&pointer_push(at, "properties"), name);
            let value = match properties.get(name) {
                Some(property) => {
                    if self.schema_at(SchemaRef::from(property)).is_some_and(|s| one_way(&s)) {
                        continue;
                    }
                    let value = self.synthesize(SchemaRef::from(property), &property_at, depth + 1, seen)?;
                    // A required object with nothing required of its own is given its
                    // properties: an empty one vanishes from a form body (Stripe's
                    // `business_profile[...]`), so the server would find it missing.
                    if value.as_object().is_some_and(Map::is_empty) {
                        self.synthesize_as(SchemaRef::from(property), &property_at, depth + 1, seen, true)
                            .ok()
                            .filter(|full| self.check(full, SchemaRef::from(property), depth + 1).is_ok())
                            .unwrap_or(value)
                    } else {
                        value
                    }
                }
                None => match additional {
                    Some(AdditionalProperties::Schema(schema)) => {
                        self.synthesize(SchemaRef::from(schema.as_ref()), &property_at, depth + 1, seen)?
                    }
                    Some(AdditionalProperties::Any(false)) => {
                        return Err(format!(
                            "the spec contradicts itself: the object at #{at} requires `{name}` but allows no property of that name"
                        ));
                    }
                    _ => Value::String("example".into()),
                },
            };
            map.insert(name.clone(), value);
        }
        // A response fills its optional properties near the top too (where one cannot be
        // made, it is left out), so the client's reading of them is tried.
        if self.response_examples && !full && depth < RESPONSE_FILL_DEPTH {
            for (name, property) in properties {
                if map.contains_key(name) || self.schema_at(SchemaRef::from(property)).is_none_or(|s| one_way(&s)) {
                    continue;
                }
                let property_at = pointer_push(&pointer_push(at, "properties"), name);
                if let Ok(value) = self.synthesize(SchemaRef::from(property), &property_at, depth + 1, seen) {
                    map.insert(name.clone(), value);
                }
            }
        }
        let wanted = min_properties.unwrap_or(0);
        let mut extra = 0;
        while map.len() < wanted {
            let key = format!("key{extra}");
            extra += 1;
            let value = match (properties.iter().find(|(k, _)| !map.contains_key(*k)), additional) {
                (Some((name, property)), _) => {
                    let property_at = pointer_push(&pointer_push(at, "properties"), name);
                    let value = self.synthesize(SchemaRef::from(property), &property_at, depth + 1, seen)?;
                    map.insert(name.clone(), value);
                    continue;
                }
                (None, Some(AdditionalProperties::Schema(schema))) => {
                    self.synthesize(SchemaRef::from(schema.as_ref()), at, depth + 1, seen)?
                }
                (None, Some(AdditionalProperties::Any(false))) => {
                    return Err(format!("the object at #{at} needs more properties than it declares"));
                }
                (None, _) => Value::String("example".into()),
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// A value of one alternative of a `oneOf` (matching no other) or `anyOf`: the first
    /// that works, with the discriminator set to the value that names it.
    #[allow(clippy::too_many_arguments)]
    fn alternative(
        &self,
        schema: &Schema,
        parts: &[ReferenceOr<Schema>],
        one_of: bool,
        at: &str,
        depth: usize,
        seen: &mut Vec<String>,
        full: bool,
    ) -> Synth {
        let keyword = if one_of { "oneOf" } else { "anyOf" };
        let mut last_error = format!("the {keyword} at #{at} has no alternatives");
        // For a mock's answer, a value of the first alternative that works when none
        // matches only itself (GitHub's 422: a validation error is a basic error too, so no
        // value holds exactly one): the mock says its answer breaks the spec, and the
        // client's reading of a realistic value is still tried.
        let mut overlapping: Option<Value> = None;
        // Each alternative with its required properties, then (to tell apart alternatives
        // that differ only in optional ones) with all of them.
        let attempts = parts.iter().enumerate().map(|(i, p)| (i, p, full)).chain(
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| (i, p, true))
                .filter(|_| one_of && !full),
        );
        for (i, part, full) in attempts {
            let part_at = pointer_push(&pointer_push(at, keyword), &i.to_string());
            let mut value = match self.synthesize_as(SchemaRef::from(part), &part_at, depth + 1, seen, full) {
                Ok(value) => value,
                Err(why) => {
                    last_error = why;
                    continue;
                }
            };
            if let (Some(discriminator), Value::Object(map)) = (&schema.schema_data.discriminator, &mut value) {
                let name = discriminator_value(discriminator, part);
                if let Some(name) = name {
                    map.insert(discriminator.property_name.clone(), Value::String(name));
                }
            }
            let matching = parts
                .iter()
                .filter(|p| self.check(&value, SchemaRef::from(*p), depth + 1).is_ok())
                .count();
            if !one_of || matching == 1 || schema.schema_data.discriminator.is_some() {
                return Ok(value);
            }
            if self.response_examples && matching > 1 && overlapping.is_none() {
                overlapping = Some(value);
            }
            last_error = format!("alternative {i} of the oneOf at #{at} also matches another");
        }
        overlapping.ok_or(last_error)
    }
}

/// The values of parts that all hold: objects merged into one (later keys win), else the
/// last value that is not an object.
fn merge(values: Vec<Value>) -> Value {
    let mut merged = Map::new();
    let mut other = None;
    for value in values {
        match value {
            Value::Object(map) => merged.extend(map),
            value => other = Some(value),
        }
    }
    match other {
        Some(value) if merged.is_empty() => value,
        _ => Value::Object(merged),
    }
}

/// An "any" schema read again as the type its `type` names, if that reads as a type.
fn typed(schema: &Schema) -> Option<Schema> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    let ty = any.typ.as_deref()?;
    let mut raw = serde_json::to_value(schema).ok()?;
    let map = raw.as_object_mut()?;
    // Keep the keywords of that type; drop the others, which made it read as "any".
    let keep: &[&str] = match ty {
        "string" => &[
            "type",
            "format",
            "pattern",
            "minLength",
            "maxLength",
            "enum",
            "nullable",
        ],
        "integer" | "number" => &[
            "type",
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "enum",
            "nullable",
        ],
        "boolean" => &["type", "enum", "nullable"],
        "array" => &["type", "items", "minItems", "maxItems", "uniqueItems", "nullable"],
        "object" => &[
            "type",
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "nullable",
        ],
        _ => return None,
    };
    map.retain(|k, _| keep.contains(&k.as_str()));
    let typed: Schema = serde_json::from_value(raw).ok()?;
    (!matches!(typed.schema_kind, SchemaKind::Any(_))).then_some(typed)
}

/// The discriminator value naming `part`: the `mapping` key that points to it, else the
/// name of the component it references.
fn discriminator_value(discriminator: &openapiv3::Discriminator, part: &ReferenceOr<Schema>) -> Option<String> {
    let ReferenceOr::Reference { reference } = part else {
        return None;
    };
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
        .map(|(key, _)| key.clone())
        .or_else(|| reference.rsplit('/').next().map(str::to_owned))
}

/// A different value of the same kind as `value`, for the `i`th item of a unique list.
fn vary(value: &Value, i: usize) -> Value {
    match value {
        Value::String(s) => Value::String(format!("{s}{i}")),
        Value::Number(n) => n
            .as_i64()
            .map(|n| Value::from(n + i as i64))
            .unwrap_or_else(|| value.clone()),
        other => other.clone(),
    }
}

/// The least integer allowed from 1 up (or the greatest below `max` when that is less),
/// a multiple of `multiple_of` when it is given.
fn integer(min: Option<i64>, max: Option<i64>, multiple_of: Option<i64>) -> Result<i64, String> {
    let mut value = match (min, max) {
        (Some(min), _) => min,
        (None, Some(max)) if max < 1 => max,
        _ => 1,
    };
    if let Some(step) = multiple_of.filter(|s| *s > 0) {
        value = if value >= 0 {
            (value + step - 1) / step * step
        } else {
            -((-value) / step * step)
        };
    }
    if max.is_some_and(|max| value > max) || min.is_some_and(|min| value < min) {
        return Err(format!(
            "no integer lies within {min:?}..={max:?} (multiple of {multiple_of:?})"
        ));
    }
    Ok(value)
}

fn number(n: &openapiv3::NumberType) -> Result<f64, String> {
    let step = n.multiple_of.filter(|s| *s > 0.0);
    let mut value = match (n.minimum, n.maximum) {
        (Some(min), _) => min,
        (None, Some(max)) if max < 1.0 => max,
        _ => 1.0,
    };
    if let Some(step) = step {
        value = (value / step).ceil() * step;
    }
    if n.exclusive_minimum && n.minimum == Some(value) {
        value += step
            .unwrap_or(1.0)
            .min(n.maximum.map_or(1.0, |max| (max - value) / 2.0));
    }
    if n.exclusive_maximum && n.maximum == Some(value) {
        value -= step.unwrap_or(0.5);
    }
    let in_range = n.minimum.is_none_or(|min| value >= min) && n.maximum.is_none_or(|max| value <= max);
    if !in_range || !value.is_finite() {
        return Err(format!("no number lies within {:?}..={:?}", n.minimum, n.maximum));
    }
    Ok(value)
}

/// A string of the schema's format, or matching its pattern, within its lengths.
fn string(schema: &Schema, s: &openapiv3::StringType, at: &str) -> Synth {
    let min = s.min_length.unwrap_or(0);
    let max = s.max_length.unwrap_or(usize::MAX);
    let by_format = format_value(&s.format);
    if let Some(pattern) = &s.pattern {
        // The format's value where it matches the pattern too (a sample of `^(https?)?://`
        // may be `://`, which is no URI); else a sample of the pattern, of the format.
        let fits = |text: &str| {
            let len = text.chars().count();
            len >= min
                && len <= max
                && fancy_regex::Regex::new(pattern).is_ok_and(|re| re.is_match(text).unwrap_or(false))
        };
        if let Some(text) = by_format.filter(|t| fits(t)) {
            return Ok(Value::String(text.to_owned()));
        }
        let sampled = sample_pattern(pattern, min, max, at)?;
        return match sampled.as_str() {
            Some(text) if !format_holds(&s.format, text) => Err(format!(
                "no value of the format was found that matches `{pattern}` (sampled `{text}`)"
            )),
            _ => Ok(sampled),
        };
    }
    if let Some(text) = by_format {
        return Ok(Value::String(text.to_owned()));
    }
    if schema.schema_data.extensions.contains_key(CONTENT_MEDIA_TYPE) {
        return Ok(Value::String("example".into()));
    }
    let mut text = "example".to_owned();
    while text.chars().count() < min {
        text.push('x');
    }
    Ok(Value::String(text.chars().take(max).collect()))
}

/// A value of a string format, for the formats that have one.
fn format_value(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<&'static str> {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("2024-01-02T03:04:05Z"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("2024-01-02"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("ZXhhbXBsZQ=="),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("example"),
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "uuid" => Some("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "email" | "idn-email" => Some("user@example.com"),
            "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => Some("https://example.com/a"),
            "hostname" | "idn-hostname" => Some("example.com"),
            "ipv4" => Some("192.0.2.1"),
            "ipv6" => Some("2001:db8::1"),
            "int64" | "int32" | "integer" => Some("1"),
            "decimal" | "number" | "double" | "float" => Some("1.5"),
            "time" => Some("03:04:05Z"),
            "duration" => Some("P1D"),
            "date-time" => Some("2024-01-02T03:04:05Z"),
            "date" => Some("2024-01-02"),
            _ => None,
        },
        _ => None,
    }
}

/// A string matching `pattern` within the lengths, sampled deterministically (the
/// generator is seeded by the schema's location, so each schema gets its own stable value).
///
/// Patterns are JavaScript's: rand_regex samples a form of the pattern that it can read
/// (anchors and look-arounds left out, every class narrowed to printable ASCII, as `\d`
/// and `.` are in a server's JavaScript), and fancy-regex checks each sample against the
/// pattern as written.
fn sample_pattern(pattern: &str, min: usize, max: usize, at: &str) -> Synth {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(&without_look_around(pattern))
        .map_err(|e| {
            format!(
                "the pattern `{pattern}` at #{at} cannot be read: {}",
                first_line(&e.to_string())
            )
        })?;
    let generator = rand_regex::Regex::with_hir(printable(hir), 8)
        .map_err(|e| format!("the pattern `{pattern}` at #{at} cannot be sampled: {e}"))?;
    let matcher = fancy_regex::Regex::new(pattern).map_err(|e| format!("the pattern `{pattern}` at #{at}: {e}"))?;
    let seed = at.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    for _ in 0..64 {
        let text: String = rand::RngExt::sample(&mut rng, &generator);
        let len = text.chars().count();
        if (min..=max).contains(&len) && matcher.is_match(&text).unwrap_or(false) {
            return Ok(Value::String(text));
        }
    }
    Err(format!(
        "no string of {min}..={max} characters matching `{pattern}` was found"
    ))
}

fn first_line(text: &str) -> &str {
    text.lines().rfind(|l| l.starts_with("error:")).unwrap_or(text)
}

/// `pattern` without its look-around groups (`(?=...)`, `(?!...)`, `(?<=...)`,
/// `(?<!...)`), which the sampler cannot read; the samples are checked against the whole
/// pattern afterwards.
fn without_look_around(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            out.push(c);
            if let Some((_, next)) = chars.next() {
                out.push(next);
            }
            continue;
        }
        let rest = &pattern[i..];
        if c == '(' && ["(?=", "(?!", "(?<=", "(?<!"].iter().any(|p| rest.starts_with(p)) {
            // Skip to the matching `)`.
            let mut depth = 0usize;
            let mut escaped = false;
            for (_, c) in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '(' {
                    depth += 1;
                } else if c == ')' {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// `hir` with anchors and word boundaries left out and every class narrowed to printable
/// ASCII (what a JavaScript `\d`, `\w` or `.` can be relied on to accept).
fn printable(hir: regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{Capture, Class, ClassBytes, ClassBytesRange, Hir, HirKind, Repetition};
    match hir.into_kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => {
            let mut bytes = match class {
                Class::Bytes(bytes) => bytes,
                Class::Unicode(unicode) => match unicode.to_byte_class() {
                    Some(bytes) => bytes,
                    None => ClassBytes::new([ClassBytesRange::new(b' ', b'~')]),
                },
            };
            bytes.intersect(&ClassBytes::new([ClassBytesRange::new(b' ', b'~')]));
            if bytes.ranges().is_empty() {
                Hir::fail()
            } else {
                Hir::class(Class::Bytes(bytes))
            }
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(printable(*r.sub)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(printable(*c.sub)),
            ..c
        }),
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(printable).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.into_iter().map(printable).collect()),
    }
}

/// `value` as the JSON that the Rust type `ty` reads, where it differs from the wire form.
fn for_rust(value: Value, ty: &Ty, lowerer: &Lowerer<'_>) -> Synth {
    Ok(match (lowerer.resolved(ty), value) {
        (Ty::I64 | Ty::I64String | Ty::I32, Value::String(s)) => {
            Value::from(s.parse::<i64>().map_err(|_| format!("`{s}` is not an integer"))?)
        }
        (Ty::UnixTime, Value::Number(n)) => {
            let seconds = n.as_f64().unwrap_or_default();
            let time = chrono_like_rfc3339(seconds);
            Value::String(time)
        }
        (Ty::String, Value::String(s)) => Value::String(s),
        (Ty::String, value @ (Value::Number(_) | Value::Bool(_))) => Value::String(value.to_string()),
        (Ty::String, _) => return Err("a value the caller formats as text has no example".into()),
        (Ty::Nullable(inner), value) if !value.is_null() => {
            let inner = (**inner).clone();
            for_rust(value, &inner, lowerer)?
        }
        (Ty::Vec(item), Value::Array(items)) => {
            let item = (**item).clone();
            Value::Array(
                items
                    .into_iter()
                    .map(|v| for_rust(v, &item, lowerer))
                    .collect::<Result<_, _>>()?,
            )
        }
        (_, value) => value,
    })
}

/// Epoch seconds as an RFC 3339 UTC time (whole seconds), without a date library.
fn chrono_like_rfc3339(seconds: f64) -> String {
    let secs = seconds.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

fn location(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

impl Lowerer<'_> {
    /// Whether `value` is valid for `schema`: the JSON Schema keywords OpenAPI 3.0 uses
    /// (types, `enum`, `nullable`, bounds, lengths, `pattern`, items, required and declared
    /// properties, `additionalProperties: false`, `allOf`, exactly one of `oneOf`, `anyOf`,
    /// `not`). `Err` says what fails. Formats are not checked.
    fn check(&self, value: &Value, schema: SchemaRef<'_>, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH * 2 {
            return Ok(());
        }
        let Some(schema) = self.schema_at(schema) else {
            return Ok(());
        };
        if value.is_null() {
            let allows_null = schema.schema_data.nullable
                || matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.enumeration.contains(&None));
            return if allows_null || matches!(schema.schema_kind, SchemaKind::Any(_)) {
                Ok(())
            } else {
                Err("null where the schema is not nullable".into())
            };
        }
        let check_in = |v: &Value, s: SchemaRef<'_>| self.check(v, s, depth + 1);
        // What the 3.0 model reads as "any" is checked as what it says: its own keywords
        // and its combinators both (`allOf` beside `required`), or its `type` with the
        // keywords of another type beside it.
        if let SchemaKind::Any(a) = &schema.schema_kind {
            if !(a.all_of.is_empty() && a.one_of.is_empty() && a.any_of.is_empty()) {
                let (own, combinator) = split_any(&schema);
                if a.one_of.is_empty() && a.any_of.is_empty() {
                    let mut parts = a.all_of.clone();
                    parts.extend(own.map(ReferenceOr::Item));
                    return self.check_all_of(value, &parts, depth);
                }
                for part in [own, combinator].into_iter().flatten() {
                    check_in(value, SchemaRef::Inline(&part))?;
                }
                return Ok(());
            }
            if let Some(typed) = typed(&schema) {
                return check_in(value, SchemaRef::Inline(&typed));
            }
            if !a.enumeration.is_empty() && !a.enumeration.contains(value) {
                return Err(format!("{value} is not one of the enum's values"));
            }
        }
        match (&schema.schema_kind, value) {
            (SchemaKind::Type(Type::String(s)), Value::String(text)) => {
                let values: Vec<&String> = s.enumeration.iter().flatten().collect();
                if !values.is_empty() && !values.contains(&text) {
                    return Err(format!("`{text}` is not one of the enum's values"));
                }
                let len = text.chars().count();
                if s.min_length.is_some_and(|m| len < m) || s.max_length.is_some_and(|m| len > m) {
                    return Err(format!("`{text}` has {len} characters, outside the lengths allowed"));
                }
                if !format_holds(&s.format, text) {
                    return Err(format!("`{text}` is not of its format"));
                }
                if let Some(pattern) = &s.pattern {
                    let matcher = fancy_regex::Regex::new(pattern);
                    if matcher.is_ok_and(|re| re.is_match(text).is_ok_and(|m| !m)) {
                        return Err(format!("`{text}` does not match `{pattern}`"));
                    }
                }
                Ok(())
            }
            (SchemaKind::Type(Type::Integer(i)), Value::Number(n)) => {
                let Some(v) = n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                else {
                    return Err(format!("{n} is not an integer"));
                };
                let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
                if !values.is_empty() && !values.contains(&v) {
                    return Err(format!("{v} is not one of the enum's values"));
                }
                let below = i.minimum.is_some_and(|m| v < m || (i.exclusive_minimum && v == m));
                let above = i.maximum.is_some_and(|m| v > m || (i.exclusive_maximum && v == m));
                let step = i.multiple_of.is_some_and(|s| s != 0 && v % s != 0);
                if below || above || step {
                    return Err(format!("{v} is outside the bounds"));
                }
                Ok(())
            }
            (SchemaKind::Type(Type::Number(num)), Value::Number(n)) => {
                let v = n.as_f64().unwrap_or_default();
                let below = num.minimum.is_some_and(|m| v < m || (num.exclusive_minimum && v == m));
                let above = num.maximum.is_some_and(|m| v > m || (num.exclusive_maximum && v == m));
                if below || above {
                    return Err(format!("{v} is outside the bounds"));
                }
                Ok(())
            }
            (SchemaKind::Type(Type::Boolean(_)), Value::Bool(_)) => Ok(()),
            (SchemaKind::Type(Type::Array(a)), Value::Array(items)) => {
                if a.min_items.is_some_and(|m| items.len() < m) || a.max_items.is_some_and(|m| items.len() > m) {
                    return Err(format!("{} items, outside the counts allowed", items.len()));
                }
                if let Some(item_schema) = &a.items {
                    for item in items {
                        check_in(item, SchemaRef::from(item_schema))?;
                    }
                }
                Ok(())
            }
            (SchemaKind::Type(Type::Object(o)), Value::Object(map)) => {
                self.check_object(map, &o.properties, &o.required, o.additional_properties.as_ref(), depth)
            }
            (SchemaKind::Any(a), Value::Object(map)) => {
                self.check_object(map, &a.properties, &a.required, a.additional_properties.as_ref(), depth)
            }
            (SchemaKind::AllOf { all_of }, _) => self.check_all_of(value, all_of, depth),
            (SchemaKind::OneOf { one_of }, _) => {
                let matching = one_of
                    .iter()
                    .filter(|p| check_in(value, SchemaRef::from(*p)).is_ok())
                    .count();
                match matching {
                    1 => Ok(()),
                    0 => Err("no alternative of the oneOf matches".into()),
                    n => Err(format!("{n} alternatives of the oneOf match")),
                }
            }
            (SchemaKind::AnyOf { any_of }, _) => {
                if any_of.iter().any(|p| check_in(value, SchemaRef::from(p)).is_ok()) {
                    Ok(())
                } else {
                    Err("no alternative of the anyOf matches".into())
                }
            }
            (SchemaKind::Not { not }, _) => match check_in(value, SchemaRef::from(not.as_ref())) {
                Ok(()) => Err("the value matches a `not`".into()),
                Err(_) => Ok(()),
            },
            (SchemaKind::Any(_), _) => Ok(()),
            (SchemaKind::Type(t), value) => Err(format!("{value} is not of the type {}", type_name(t))),
        }
    }

    /// `allOf`: parts that are all objects are one object (a part may require what another
    /// defines, `readOnly` included); others are each checked.
    fn check_all_of(&self, value: &Value, parts: &[ReferenceOr<Schema>], depth: usize) -> Result<(), String> {
        // One part is that part, `additionalProperties` and all.
        if let [part] = parts {
            return self.check(value, SchemaRef::from(part), depth + 1);
        }
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        if let Value::Object(map) = value {
            if self.flatten_objects(parts, &mut properties, &mut required, 0) {
                return self.check_object(map, &properties, &required, None, depth);
            }
        }
        parts
            .iter()
            .try_for_each(|part| self.check(value, SchemaRef::from(part), depth + 1))
    }

    fn check_object(
        &self,
        map: &Map<String, Value>,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        depth: usize,
    ) -> Result<(), String> {
        // A required `readOnly` property is required in responses only.
        let read_only = |name: &String| {
            properties
                .get(name)
                .and_then(|p| self.schema_at(SchemaRef::from(p)))
                .is_some_and(|s| s.schema_data.read_only)
        };
        if let Some(missing) = required.iter().find(|r| !map.contains_key(*r) && !read_only(r)) {
            return Err(format!("the required property `{missing}` is missing"));
        }
        for (key, value) in map {
            match (properties.get(key), additional) {
                // What the server writes is not sent (a validating server strips it from
                // the schema, so it becomes an unknown property); what only clients send
                // is not answered.
                (Some(property), _)
                    if self.schema_at(SchemaRef::from(property)).is_some_and(|s| {
                        if self.response_examples {
                            s.schema_data.write_only
                        } else {
                            s.schema_data.read_only
                        }
                    }) =>
                {
                    return Err(format!("`{key}` only travels the other way (readOnly or writeOnly)"));
                }
                (Some(property), _) => self
                    .check(value, SchemaRef::from(property), depth + 1)
                    .map_err(|why| format!("`{key}`: {why}"))?,
                (None, Some(AdditionalProperties::Any(false))) => {
                    return Err(format!("the property `{key}` is not allowed"));
                }
                (None, Some(AdditionalProperties::Schema(schema))) => self
                    .check(value, SchemaRef::from(schema.as_ref()), depth + 1)
                    .map_err(|why| format!("`{key}`: {why}"))?,
                (None, _) => {}
            }
        }
        Ok(())
    }
}

/// Whether `text` is of the string format `format`, for the formats that tell `oneOf`
/// alternatives apart in real specs (IPv4 or IPv6 ranges, UUIDs, dates); others hold.
fn format_holds(format: &VariantOrUnknownOrEmpty<StringFormat>, text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
    };
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => date(text),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => text
            .split_once(['T', 't'])
            .is_some_and(|(d, t)| date(d) && t.len() >= 8 && t.as_bytes()[2] == b':'),
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
            "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
            "uuid" => {
                text.len() == 36
                    && text.char_indices().all(|(i, c)| match i {
                        8 | 13 | 18 | 23 => c == '-',
                        _ => c.is_ascii_hexdigit(),
                    })
            }
            "email" => text
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.')),
            // A scheme (a letter, then letters, digits, `+`, `-`, `.`), a colon, and more.
            "uri" | "url" | "iri" => text.split_once(':').is_some_and(|(scheme, rest)| {
                scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                    && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    && !rest.is_empty()
            }),
            _ => true,
        },
        _ => true,
    }
}

fn type_name(t: &Type) -> &'static str {
    match t {
        Type::String(_) => "string",
        Type::Number(_) => "number",
        Type::Integer(_) => "integer",
        Type::Object(_) => "object",
        Type::Array(_) => "array",
        Type::Boolean(_) => "boolean",
    }
}

/// A parameter travels as text, where a `oneOf` of a number and a string (GitHub's
/// `workflow_id`: an id or a file name) matches both alternatives for `42`, and a
/// validating server refuses it. For such a parameter, a value that reads as a number or
/// a boolean becomes a string that matches the string alternative alone.
fn unambiguous_as_text(value: Value, param: &Parameter) -> Value {
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &param.parameter_data_ref().format
    else {
        return value;
    };
    let (SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }) = &schema.schema_kind else {
        return value;
    };
    let has_string = parts.iter().any(|p| {
        matches!(
            p,
            ReferenceOr::Item(Schema {
                schema_kind: SchemaKind::Type(Type::String(_)),
                ..
            })
        )
    });
    let text = match &value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let reads_as_other = text.parse::<f64>().is_ok() || text == "true" || text == "false";
    if has_string && reads_as_other {
        Value::String("example".into())
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_within_bounds_and_steps() {
        assert_eq!(integer(None, None, None), Ok(1));
        assert_eq!(integer(Some(5), Some(9), Some(4)), Ok(8));
        assert_eq!(integer(None, Some(-3), None), Ok(-3));
        assert!(integer(Some(5), Some(6), Some(4)).is_err());
    }

    #[test]
    fn patterns_are_sampled_the_same_way_every_time() {
        let matches = |pattern: &str, text: &Value| {
            fancy_regex::Regex::new(pattern)
                .unwrap()
                .is_match(text.as_str().unwrap())
                .unwrap()
        };
        let a = sample_pattern("^[A-Z]{3}-\\d{2}$", 0, 10, "/a").unwrap();
        assert_eq!(a, sample_pattern("^[A-Z]{3}-\\d{2}$", 0, 10, "/a").unwrap());
        assert!(matches("^[A-Z]{3}-\\d{2}$", &a));
        // Look-arounds are checked, not sampled; `.` and `\\d` are printable ASCII.
        let name_pattern = "^(?![0-9]+$)[a-z][a-z0-9-]*[a-z0-9]$";
        let name = sample_pattern(name_pattern, 2, 63, "/n").unwrap();
        assert!(matches(name_pattern, &name));
        let version = sample_pattern("^\\d+\\.\\d+\\.\\d+([\\-\\+].+)?$", 0, 40, "/v").unwrap();
        assert!(version.as_str().unwrap().bytes().all(|b| (b' '..=b'~').contains(&b)));
        assert!(sample_pattern("^(?=a)b$", 0, 10, "/b").is_err(), "nothing matches");
        // Classes with nothing printable: an error (or the other branch), never a panic.
        assert!(sample_pattern("^[^\\x00-\\x7F]+$", 0, 10, "/u").is_err());
        assert!(sample_pattern("^(é|ab)$", 0, 10, "/e").is_ok());
    }

    #[test]
    fn epoch_seconds_as_rfc3339() {
        assert_eq!(chrono_like_rfc3339(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(chrono_like_rfc3339(1_700_000_000.0), "2023-11-14T22:13:20Z");
        assert_eq!(chrono_like_rfc3339(951_782_400.0), "2000-02-29T00:00:00Z");
    }
}
