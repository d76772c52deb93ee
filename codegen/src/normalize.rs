//! OpenAPI 3.1 documents, normalized into the 3.0 model that `openapiv3` reads.
//!
//! 3.1 aligned schemas with JSON Schema 2020-12. The changes real documents use are
//! rewritten on the raw tree before it is read as 3.0:
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [T, U]` | no `type` (any JSON), with a warning |
//! | `oneOf`/`anyOf: [X, {type: "null"}]` | `allOf: [X]`, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `prefixItems: [A, B]` | `x-prefixItems: [A, B]`, which lowering types as a tuple |
//! | `examples: [a, ...]` in a schema | `example: a` |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true` (and the same for maximum) |
//! | a schema `true`, anywhere a schema goes | `{}` (any value) |
//! | a property schema `false` | no such property, with a warning (it must never be sent) |
//! | any other schema `false` | `{not: {}}` (no value), which lowering reports |
//!
//! Only schemas are rewritten, found by where they sit (a `schema`, the `schemas` of
//! `components`, and the keywords that hold schemas inside them), so a property named
//! `type` or `nullable` is never taken for a keyword, and instance data (`example`,
//! `default`, `enum`) is never touched.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, percent_decode, pointer_push};

/// Keys whose values are data, not schemas or documents.
const DATA_KEYS: &[&str] = &["example", "default", "enum", "const", "x-examples"];

/// Rewrites a 3.1 document in place into 3.0 form; returns warnings for what could not be
/// carried over exactly.
pub fn normalize_31(raw: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    tolerate(raw, true, &mut warnings);
    choices_with_blank_and_null(raw);
    if let Some(root) = raw.as_object_mut() {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        root.remove("jsonSchemaDialect");
    }
    walk(raw, "", &mut warnings);
    // After the walk: the copies it makes are of components already rewritten, and are
    // not walked again (their warnings stay once, where the component is written).
    reference_descriptions(raw);
    // After the walk, so warnings inside webhook payloads point where they are written.
    hoist_webhook_payloads(raw);
    warnings
}

/// A 3.1 Reference Object to a parameter, request body or response may carry its own
/// `description` (and `summary`), which overrides the component's for that use. The 3.0
/// model drops anything beside `$ref`, so such a reference is replaced by a copy of what it
/// leads to (through references to references) with the description put in; lowering reads
/// the copy exactly as it reads the reference (types are named by the operation either
/// way). `summary` has no place in these objects and is dropped. A reference that leads
/// nowhere, in a cycle, or to what is not an object is left bare, for lowering to report.
/// Operations are found under `paths` and `components/pathItems` (which a path item may
/// `$ref`).
fn reference_descriptions(raw: &mut Value) {
    let mut edits = Vec::new();
    for section in ["/paths", "/components/pathItems"] {
        let Some(Value::Object(items)) = raw.pointer(section) else {
            continue;
        };
        for (path, item) in items {
            let Some(item) = item.as_object() else { continue };
            edits.extend(
                slots(&pointer_push(section, path), item)
                    .into_iter()
                    .filter_map(|(at, slot)| Some((at, with_own_description(raw, slot)?))),
            );
        }
    }
    for (at, value) in edits {
        if let Some(slot) = raw.pointer_mut(&at) {
            *slot = value;
        }
    }
}

/// The places of a path item that may hold a Reference Object: its parameters, and each
/// operation's parameters, request body and responses, with their pointers.
fn slots<'v>(item_at: &str, item: &'v Map<String, Value>) -> Vec<(String, &'v Value)> {
    let listed = |at: String, list: Option<&'v Value>| {
        let items = list.and_then(Value::as_array).into_iter().flatten().enumerate();
        items.map(move |(i, value)| (pointer_push(&at, &i.to_string()), value))
    };
    let mut slots = Vec::new();
    for (key, value) in item {
        let at = pointer_push(item_at, key);
        if key == "parameters" {
            slots.extend(listed(at, Some(value)));
        } else if METHODS.contains(&key.as_str()) {
            slots.extend(listed(pointer_push(&at, "parameters"), value.get("parameters")));
            if let Some(body) = value.get("requestBody") {
                slots.push((pointer_push(&at, "requestBody"), body));
            }
            let responses = value.get("responses").and_then(Value::as_object).into_iter().flatten();
            let responses_at = pointer_push(&at, "responses");
            slots.extend(responses.map(|(status, response)| (pointer_push(&responses_at, status), response)));
        }
    }
    slots
}

/// What replaces a Reference Object with keys beside `$ref`: the object it leads to with
/// the reference's own `description`, or the bare reference. `None` for anything else.
fn with_own_description(raw: &Value, slot: &Value) -> Option<Value> {
    let map = slot.as_object()?;
    let reference = map.get("$ref")?.as_str()?;
    if map.len() == 1 {
        return None;
    }
    let description = map.get("description").and_then(Value::as_str);
    Some(match (description, followed(raw, reference)) {
        (Some(description), Some(target)) => {
            let mut copy = target.clone();
            copy.insert("description".into(), Value::String(description.to_owned()));
            Value::Object(copy)
        }
        _ => {
            let mut bare = Map::new();
            bare.insert("$ref".into(), Value::String(reference.to_owned()));
            Value::Object(bare)
        }
    })
}

/// The object a local `$ref` leads to, following references to references (as lowering
/// does, `%XX` escapes decoded); `None` for one that leads nowhere, to what is not an
/// object, or around a cycle (given up after 64 steps).
fn followed<'v>(raw: &'v Value, reference: &str) -> Option<&'v Map<String, Value>> {
    let mut reference = reference;
    for _ in 0..64 {
        let target = raw
            .pointer(&percent_decode(reference.strip_prefix('#')?))?
            .as_object()?;
        match target.get("$ref") {
            Some(next) => reference = next.as_str()?,
            None => return Some(target),
        }
    }
    None
}

/// Webhooks are calls the API makes, not ones a client makes: no method is generated for
/// them, but the client's user receives their payloads, so those are typed. Each
/// webhook's JSON request body schema becomes a component (`newPet` -> `newPetWebhook`,
/// unless it is a `$ref` to one already), marked `x-webhooks` with the webhooks that send
/// it, which lowering puts in its docs.
fn hoist_webhook_payloads(raw: &mut Value) {
    let Some(root) = raw.as_object_mut() else { return };
    let Some(Value::Object(webhooks)) = root.remove("webhooks") else {
        return;
    };
    let mut payloads: Vec<(String, Value, Option<String>)> = Vec::new();
    for (name, item) in &webhooks {
        let operations: Vec<(&str, &Value)> = METHODS.iter().filter_map(|m| item.get(*m).map(|op| (*m, op))).collect();
        for (method, op) in &operations {
            let content = op.pointer("/requestBody/content").and_then(Value::as_object);
            let schema = content.and_then(|c| {
                c.iter()
                    .find(|(media, _)| media.starts_with("application/json") || media.contains("+json"))
                    .or_else(|| c.iter().next())
                    .and_then(|(_, media)| media.get("schema"))
            });
            let Some(schema) = schema else { continue };
            let key = if operations.len() > 1 {
                format!("{name}_{method}_webhook")
            } else {
                format!("{name}_webhook")
            };
            let summary = ["summary", "description"]
                .iter()
                .find_map(|k| op.get(*k).and_then(Value::as_str))
                .map(str::to_owned);
            let key = key.replace(|c: char| c == '/' || c == '~' || c.is_whitespace(), "_");
            payloads.push((key, schema.clone(), summary));
        }
    }
    if payloads.is_empty() {
        return;
    }
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut();
    let Some(components) = components else { return };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = schemas.as_object_mut() else { return };
    for (key, schema, summary) in payloads {
        let webhook = key.trim_end_matches("_webhook").to_owned();
        // `x-webhooks` names the webhook (and method, when it has several) that sends it.
        let mark = |schema: &mut Value| {
            if let Some(map) = schema.as_object_mut() {
                let list = map.entry("x-webhooks").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.push(Value::String(webhook.clone()));
                }
            }
        };
        let target = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(|k| k.replace("~1", "/").replace("~0", "~"));
        match target.and_then(|k| schemas.get_mut(&k)) {
            Some(component) => mark(component),
            None => {
                let mut key = key;
                while schemas.contains_key(&key) {
                    key.push('_');
                }
                let mut schema = schema;
                mark(&mut schema);
                if let (Some(map), Some(summary)) = (schema.as_object_mut(), summary) {
                    map.entry("description").or_insert(Value::String(summary));
                }
                schemas.insert(key, schema);
            }
        }
    }
}

/// Reads a 3.0 document tolerantly: where it breaks the letter of the specification but
/// has one sensible reading (no `info.version`, an operation without `responses`, `type:
/// long`, a string `discriminator`, `nullable` beside a `$ref`), it is rewritten into that
/// reading with a located warning. What has no reading is left for the reader to reject.
pub fn normalize_30(raw: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    tolerate(raw, false, &mut warnings);
    choices_with_blank_and_null(raw);
    walk(raw, "", &mut warnings);
    warnings
}

/// The HTTP methods of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Document-level readings: what 3.1 allows and 3.0 requires, and what sloppy 3.0 omits.
/// `v31` documents are valid without `paths` and `responses`, so those get no warning.
fn tolerate(raw: &mut Value, v31: bool, warnings: &mut Vec<Diagnostic>) {
    let Some(root) = raw.as_object_mut() else { return };
    if !root.contains_key("paths") {
        if !v31 {
            warnings.push(Diagnostic::warning(
                "",
                "the document has no `paths`; it is read as having none",
            ));
        }
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if !info.contains_key("version") {
            warnings.push(Diagnostic::warning(
                "/info",
                "`info.version` is missing; it is read as empty",
            ));
            info.insert("version".into(), Value::String(String::new()));
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Value::Object(item) = item else { continue };
            for method in METHODS {
                let Some(Value::Object(op)) = item.get_mut(*method) else {
                    continue;
                };
                if !op.contains_key("responses") {
                    if !v31 {
                        warnings.push(Diagnostic::warning(
                            pointer_push(&pointer_push("/paths", path), method),
                            "the operation has no `responses`; any 2xx is read as success without a body",
                        ));
                    }
                    op.insert("responses".into(), Value::Object(Map::new()));
                }
            }
        }
    }
    // `mutualTLS` (3.1) is a client certificate: the TLS layer's business, not a header.
    let mut tls_schemes = Vec::new();
    if let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.as_object_mut())
        .and_then(|c| c.get_mut("securitySchemes"))
    {
        schemes.retain(|name, scheme| {
            let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
            if mutual {
                tls_schemes.push(name.clone());
                warnings.push(Diagnostic::warning(
                    pointer_push("/components/securitySchemes", name),
                    "`mutualTLS` is a client certificate: configure it on the reqwest::Client given to \
                     `with_http_client`; the generated client sends nothing for it",
                ));
            }
            !mutual
        });
    }
    if !tls_schemes.is_empty() {
        drop_schemes(raw, &tls_schemes);
    }
}

/// drf-spectacular writes a choice field that allows blank and null as `oneOf: [$ref
/// PriorityEnum, $ref BlankEnum, $ref NullEnum]`, where `BlankEnum` is `enum: [""]` and
/// `NullEnum` is `enum: [null]`. Read as meant: the choice, nullable (`Option<PriorityEnum>`),
/// with `""` kept by the open enum as `Other("")`. A reference to a null-only enum in any
/// `oneOf`/`anyOf` makes it nullable; a blank-only enum beside a string enum adds nothing.
fn choices_with_blank_and_null(raw: &mut Value) {
    let Some(Value::Object(schemas)) = raw.pointer("/components/schemas") else {
        return;
    };
    let only = |schema: &Value, value: &Value| {
        schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1 && e[0] == *value)
            && schema.get("properties").is_none()
    };
    let reference = |name: &str| format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"));
    let nulls: Vec<String> = schemas
        .iter()
        .filter(|(_, s)| only(s, &Value::Null))
        .map(|(k, _)| reference(k))
        .collect();
    let blanks: Vec<String> = schemas
        .iter()
        .filter(|(_, s)| only(s, &Value::String(String::new())))
        .map(|(k, _)| reference(k))
        .collect();
    let string_enums: Vec<String> = schemas
        .iter()
        .filter(|(_, s)| {
            s.get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| e.iter().all(Value::is_string))
        })
        .map(|(k, _)| reference(k))
        .collect();
    if nulls.is_empty() && blanks.is_empty() {
        return;
    }
    fn visit(value: &mut Value, nulls: &[String], blanks: &[String], string_enums: &[String]) {
        match value {
            Value::Object(map) => {
                for combinator in ["oneOf", "anyOf"] {
                    let Some(Value::Array(parts)) = map.get_mut(combinator) else {
                        continue;
                    };
                    let target = |v: &Value| v.get("$ref").and_then(Value::as_str).map(str::to_owned);
                    let has = |list: &[String], v: &Value| target(v).is_some_and(|t| list.contains(&t));
                    let had_null = parts.iter().any(|p| has(nulls, p));
                    let other_choice = parts.iter().any(|p| has(string_enums, p) && !has(blanks, p));
                    let dropped = |p: &Value| has(nulls, p) || (other_choice && has(blanks, p));
                    parts.retain(|p| !dropped(p));
                    if had_null {
                        map.insert("nullable".into(), Value::Bool(true));
                    }
                    if let Some(Value::Array(parts)) = map.get(combinator) {
                        if let [only] = parts.as_slice() {
                            let only = only.clone();
                            map.remove(combinator);
                            map.insert("allOf".into(), Value::Array(vec![only]));
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    // (Outside schemas, `default` is the default response, not data.)
                    let data = (DATA_KEYS.contains(&key.as_str()) && key != "default") || key == "examples";
                    if !data && !key.starts_with("x-") {
                        visit(child, nulls, blanks, string_enums);
                    }
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|item| visit(item, nulls, blanks, string_enums)),
            _ => {}
        }
    }
    visit(raw, &nulls, &blanks, &string_enums);
}

/// Removes `schemes` from every security requirement, document-wide and per operation.
fn drop_schemes(value: &mut Value, schemes: &[String]) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "security" {
                    if let Value::Array(requirements) = child {
                        for requirement in requirements.iter_mut() {
                            if let Value::Object(r) = requirement {
                                r.retain(|name, _| !schemes.contains(name));
                            }
                        }
                    }
                } else if key != "components" {
                    drop_schemes(child, schemes);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| drop_schemes(item, schemes)),
        _ => {}
    }
}

/// Keywords whose value is one schema.
const SCHEMA_KEYS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
/// Keywords whose value is a map of schemas.
const SCHEMA_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems", "x-prefixItems"];

/// Walks the document outside schemas, looking for where schemas start: a `schema` (of a
/// media type, parameter or header) or the `schemas` of `components`.
fn walk(value: &mut Value, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let at = pointer_push(pointer, key);
                match key.as_str() {
                    "schema" => walk_schema(child, &at, warnings),
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            for (name, schema) in schemas.iter_mut() {
                                walk_schema(schema, &pointer_push(&at, name), warnings);
                            }
                        }
                    }
                    // Data, and Example objects, never hold schemas. (Outside schemas,
                    // `default` is the default response, not data.)
                    k if (DATA_KEYS.contains(&k) && k != "default") || k == "examples" || k.starts_with("x-") => {}
                    _ => walk(child, &at, warnings),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &pointer_push(pointer, &i.to_string()), warnings);
            }
        }
        _ => {}
    }
}

/// Rewrites one schema, then the schemas inside it.
fn walk_schema(value: &mut Value, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    // Boolean schemas, which JSON Schema allows anywhere a schema goes.
    match value {
        Value::Bool(true) => *value = Value::Object(Map::new()),
        Value::Bool(false) => *value = serde_json::json!({"not": {}}),
        _ => {}
    }
    let Value::Object(map) = value else { return };
    rewrite_schema_keywords(map, pointer, warnings);
    for (key, child) in map.iter_mut() {
        let at = pointer_push(pointer, key);
        // `additionalProperties: false` is 3.0 too (no other properties): left as it is.
        if key == "additionalProperties" && child.is_boolean() {
            continue;
        }
        if SCHEMA_KEYS.contains(&key.as_str()) {
            walk_schema(child, &at, warnings);
        } else if SCHEMA_MAP_KEYS.contains(&key.as_str()) {
            if let Value::Object(schemas) = child {
                for (name, schema) in schemas.iter_mut() {
                    walk_schema(schema, &pointer_push(&at, name), warnings);
                }
            }
        } else if SCHEMA_LIST_KEYS.contains(&key.as_str()) {
            if let Value::Array(schemas) = child {
                for (i, schema) in schemas.iter_mut().enumerate() {
                    walk_schema(schema, &pointer_push(&at, &i.to_string()), warnings);
                }
            }
        }
    }
}

fn rewrite_schema_keywords(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    // Keywords beside a `$ref` (3.0 ignores them; 3.1 allows `description`, and real
    // documents put `nullable` there): kept, by reading the `$ref` as `allOf: [$ref]`.
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or(Value::Null);
        let siblings: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| !["description", "summary"].contains(k) && !k.starts_with("x-"))
            .collect();
        if !siblings.is_empty() {
            warnings.push(Diagnostic::warning(
                pointer,
                format!(
                    "`{}` beside `$ref` is read as applying to the referenced schema",
                    siblings.join("`, `")
                ),
            ));
        }
        map.remove("summary");
        // A `type` beside the reference restates the referenced schema's: kept, it would
        // make the schema read as that bare type (an enum's values lost).
        map.remove("type");
        map.insert("allOf".into(), serde_json::json!([{"$ref": reference}]));
    }
    // `enum` listing `null` on a typed schema: the value may be null (dropshot writes its
    // empty body as `type: string, enum: [null]`).
    let lists_null = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(Value::is_null));
    if lists_null && map.get("type").is_some_and(Value::is_string) {
        map.insert("nullable".into(), Value::Bool(true));
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            values.retain(|v| !v.is_null());
            if values.is_empty() {
                map.remove("enum");
            }
        }
    }
    // `type: object` beside a combinator and nothing else of an object's (NestJS writes a
    // nullable `$ref` as `{nullable, type: object, allOf: [$ref]}`) says no more than the
    // combinator does; kept, it would make the schema read as a free-form object.
    let combined = ["allOf", "oneOf", "anyOf"].iter().any(|k| map.contains_key(*k));
    let own_shape = ["properties", "additionalProperties"]
        .iter()
        .any(|k| map.contains_key(*k));
    if combined && !own_shape && map.get("type").and_then(Value::as_str) == Some("object") {
        map.remove("type");
    }
    // Type names other generators accept.
    if let Some(Value::String(name)) = map.get("type") {
        let reading = match name.as_str() {
            "long" | "int64" => Some(("integer", Some("int64"))),
            "int" | "int32" => Some(("integer", Some("int32"))),
            "float" => Some(("number", Some("float"))),
            "double" => Some(("number", Some("double"))),
            "bool" => Some(("boolean", None)),
            _ => None,
        };
        if let Some((ty, format)) = reading {
            warnings.push(Diagnostic::warning(
                pointer_push(pointer, "type"),
                format!(
                    "`type: {name}` is not an OpenAPI type; read as `type: {ty}`{}",
                    match format {
                        Some(f) => format!(", `format: {f}`"),
                        None => String::new(),
                    }
                ),
            ));
            map.insert("type".into(), Value::String(ty.into()));
            if let Some(format) = format {
                map.entry("format").or_insert_with(|| Value::String(format.into()));
            }
        }
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        warnings.push(Diagnostic::warning(
            pointer_push(pointer, "discriminator"),
            format!("`discriminator` is a string; read as `{{propertyName: {property}}}`"),
        ));
        let property = property.clone();
        map.insert("discriminator".into(), serde_json::json!({"propertyName": property}));
    }
    // The 3.0 model has no `prefixItems`; lowering reads it from an extension, as a tuple.
    if let Some(prefix) = map.remove("prefixItems") {
        if !map.contains_key("type") {
            map.insert("type".into(), Value::String("array".into()));
        }
        map.insert("x-prefixItems".into(), prefix);
    }
    // Boolean schemas, which JSON Schema allows anywhere a schema goes.
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        let never: Vec<String> = properties
            .iter()
            .filter(|(_, v)| **v == Value::Bool(false))
            .map(|(k, _)| k.clone())
            .collect();
        for key in never {
            properties.remove(&key);
            warnings.push(Diagnostic::warning(
                pointer_push(&pointer_push(pointer, "properties"), &key),
                format!("property `{key}` has the schema `false` (it must never be present); it is left out"),
            ));
        }
    }
    if let Some(Value::Array(types)) = map.get("type") {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let nullable = names.contains(&"null");
        let others: Vec<String> = names
            .iter()
            .filter(|t| **t != "null")
            .map(|t| (*t).to_owned())
            .collect();
        match others.as_slice() {
            [one] => {
                map.insert("type".into(), Value::String(one.clone()));
            }
            [] => {
                map.insert("type".into(), Value::String("null".into()));
            }
            several => {
                map.remove("type");
                warnings.push(Diagnostic::warning(
                    pointer_push(pointer, "type"),
                    format!(
                        "a value of several types ({}) is typed as serde_json::Value",
                        several.join(", ")
                    ),
                ));
            }
        }
        if nullable && !others.is_empty() {
            map.insert("nullable".into(), Value::Bool(true));
        }
    }
    for combinator in ["oneOf", "anyOf"] {
        let Some(Value::Array(parts)) = map.get(combinator) else {
            continue;
        };
        let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
        if parts.iter().any(is_null) {
            let rest: Vec<Value> = parts.iter().filter(|v| !is_null(v)).cloned().collect();
            map.insert("nullable".into(), Value::Bool(true));
            if rest.len() == 1 {
                map.remove(combinator);
                map.insert("allOf".into(), Value::Array(rest));
            } else {
                map.insert(combinator.into(), Value::Array(rest));
            }
        }
    }
    // Raw content of a media type is a file; encoded content stays the text it is.
    if let Some(media) = map.remove("contentMediaType") {
        map.insert("x-contentMediaType".into(), media);
    }
    if let Some(encoding) = map.remove("contentEncoding") {
        warnings.push(Diagnostic::warning(
            pointer_push(pointer, "contentEncoding"),
            format!(
                "`contentEncoding: {}` content is kept as the encoded text (a String), not decoded",
                encoding.as_str().unwrap_or("?")
            ),
        ));
        map.insert("x-contentEncoding".into(), encoding);
    }
    // Keywords that constrain values without changing their type: the type stands, and
    // the constraint is left to the server.
    for (keyword, reading) in [
        (
            "if",
            "`if`/`then`/`else` is not applied: the value is typed by the schema's other keywords",
        ),
        (
            "dependentRequired",
            "`dependentRequired` is not checked: the properties stay as optional as `required` says",
        ),
        (
            "dependentSchemas",
            "`dependentSchemas` is not applied: the value is typed by the schema's other keywords",
        ),
        (
            "unevaluatedProperties",
            "`unevaluatedProperties` is not applied: undeclared properties are ignored when reading and never sent",
        ),
    ] {
        if map.remove(keyword).is_some() {
            warnings.push(Diagnostic::warning(pointer_push(pointer, keyword), reading));
            if keyword == "if" {
                map.remove("then");
                map.remove("else");
            }
        }
    }
    if let Some(value) = map.remove("const") {
        // The constant's own JSON type, when the schema states none.
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("boolean"),
            _ => None,
        };
        if let Some(ty) = ty.filter(|_| !map.contains_key("type")) {
            map.insert("type".into(), Value::String(ty.into()));
        }
        map.insert("enum".into(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        if let Some(first) = examples.first().cloned() {
            map.entry("example").or_insert(first);
        }
        map.remove("examples");
    }
    // A numeric exclusive bound beside an inclusive one: the stricter of the two holds.
    for (exclusive, bound, stricter) in [
        (
            "exclusiveMinimum",
            "minimum",
            (|e: f64, i: f64| e >= i) as fn(f64, f64) -> bool,
        ),
        ("exclusiveMaximum", "maximum", |e: f64, i: f64| e <= i),
    ] {
        let Some(n @ Value::Number(_)) = map.get(exclusive).cloned() else {
            continue;
        };
        let inclusive = map.get(bound).and_then(Value::as_f64);
        match (n.as_f64(), inclusive) {
            (Some(e), Some(i)) if !stricter(e, i) => {
                map.remove(exclusive);
            }
            _ => {
                map.insert(bound.into(), n);
                map.insert(exclusive.into(), Value::Bool(true));
            }
        }
    }
    whole_number_enum(map);
    string_enum_of_scalars(map, pointer, warnings);
    integer_bounds(map, pointer, warnings);
}

/// A `string` enum that lists numbers or booleans (Zoom's `type: string, enum: [1, 2]`)
/// means their text: no JSON value is both a string and a number, so read literally no
/// value would be valid. The values are read as their text, with a warning.
fn string_enum_of_scalars(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    if map.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        return;
    };
    if !values.iter().any(|v| v.is_number() || v.is_boolean()) {
        return;
    }
    for value in values.iter_mut() {
        if value.is_number() || value.is_boolean() {
            *value = Value::String(value.to_string());
        }
    }
    warnings.push(Diagnostic::warning(
        pointer_push(pointer, "enum"),
        "a string enum lists numbers or booleans; they are read as their text (\"1\" for 1)",
    ));
}

/// A `number` enum of whole values (a TypeScript numeric enum, as NestJS writes it:
/// `type: number, enum: [1, 2, 3]`) is an integer enum: the same values, typed.
fn whole_number_enum(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("number") {
        return;
    }
    let Some(Value::Array(values)) = map.get("enum") else {
        return;
    };
    let whole: Option<Vec<Value>> = values
        .iter()
        .map(|v| match v {
            Value::Number(n) if n.is_i64() => Some(v.clone()),
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| Value::from(f as i64)),
            Value::Null => Some(Value::Null),
            _ => None,
        })
        .collect();
    if let Some(whole) = whole.filter(|w| w.iter().any(|v| !v.is_null())) {
        map.insert("type".into(), Value::String("integer".into()));
        map.insert("enum".into(), Value::Array(whole));
    }
}

/// An integer's bounds written as decimals (`maximum: 9.0`, as pydantic writes them) are
/// the integers they equal; a bound with a fraction is rounded inward (`maximum: 9.5` is
/// `maximum: 9`), with a warning; a fractional `multipleOf` is dropped, with a warning.
fn integer_bounds(map: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<Diagnostic>) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for (bound, exclusive, round) in [
        ("minimum", "exclusiveMinimum", f64::ceil as fn(f64) -> f64),
        ("maximum", "exclusiveMaximum", f64::floor),
        ("multipleOf", "", f64::round),
    ] {
        let Some(Value::Number(n)) = map.get(bound) else {
            continue;
        };
        if n.is_i64() || n.is_u64() {
            continue;
        }
        let Some(value) = n.as_f64() else { continue };
        let rounded = round(value);
        if !(i64::MIN as f64..=i64::MAX as f64).contains(&rounded) {
            continue;
        }
        if rounded != value && bound == "multipleOf" {
            warnings.push(Diagnostic::warning(
                pointer_push(pointer, bound),
                format!("`multipleOf: {value}` on an integer is not checked"),
            ));
            map.remove(bound);
            continue;
        }
        if rounded != value {
            warnings.push(Diagnostic::warning(
                pointer_push(pointer, bound),
                format!("`{bound}: {value}` on an integer is read as `{bound}: {rounded}`"),
            ));
            // The rounded bound is itself allowed: `> 9.5` is `>= 10`.
            if !exclusive.is_empty() {
                map.remove(exclusive);
            }
        }
        map.insert(bound.into(), Value::from(rounded as i64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrites_schemas_and_leaves_data_alone() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": {"schemas": {
                "A": {"type": ["string", "null"], "examples": ["x", "y"], "const": "x"},
                "B": {"type": ["integer", "string"], "exclusiveMinimum": 3},
                "C": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]},
                "D": {"type": "object", "example": {"type": ["string", "null"], "const": 1}},
                "E": {"type": "object", "properties": {"a": true, "b": false}, "items": true},
                "F": {"type": "object", "properties": {"nullable": {"type": "boolean"}, "type": {"type": ["string", "null"]}}},
                "G": {"type": "integer", "minimum": 10, "exclusiveMinimum": 5},
                "H": {"type": "integer", "minimum": 1, "exclusiveMinimum": 5, "maximum": 7, "exclusiveMaximum": 7}
            }}
        });
        let warnings = normalize_31(&mut doc);
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        let s = &doc["components"]["schemas"];
        assert_eq!(
            s["A"],
            json!({"type": "string", "nullable": true, "example": "x", "enum": ["x"]})
        );
        assert_eq!(s["B"], json!({"minimum": 3, "exclusiveMinimum": true}));
        assert_eq!(
            s["G"],
            json!({"type": "integer", "minimum": 10}),
            "the stricter bound holds"
        );
        assert_eq!(
            s["H"],
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true, "maximum": 7, "exclusiveMaximum": true})
        );
        assert_eq!(
            s["C"],
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        assert_eq!(
            s["D"]["example"],
            json!({"type": ["string", "null"], "const": 1}),
            "data is untouched"
        );
        assert_eq!(s["E"], json!({"type": "object", "properties": {"a": {}}, "items": {}}));
        assert_eq!(
            s["F"]["properties"],
            json!({"nullable": {"type": "boolean"}, "type": {"type": "string", "nullable": true}}),
            "properties named like keywords are properties"
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/components/schemas/B/type", "/components/schemas/E/properties/b"]
        );
    }

    #[test]
    fn integer_bounds_written_as_decimals() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {
                "Lives": {"type": "integer", "minimum": 0.0, "maximum": 9.0},
                "Odd": {"type": "integer", "minimum": 0.5, "exclusiveMaximum": 9.5, "multipleOf": 1.5},
                "Ratio": {"type": "number", "maximum": 9.5}
            }}
        });
        let warnings = normalize_31(&mut doc);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["Lives"], json!({"type": "integer", "minimum": 0, "maximum": 9}));
        assert_eq!(s["Odd"], json!({"type": "integer", "minimum": 1, "maximum": 9}));
        assert_eq!(
            s["Ratio"],
            json!({"type": "number", "maximum": 9.5}),
            "numbers keep fractions"
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/Odd/minimum",
                "/components/schemas/Odd/maximum",
                "/components/schemas/Odd/multipleOf"
            ]
        );
    }

    #[test]
    fn webhook_payloads_become_marked_components() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "W", "version": "1"},
            "webhooks": {
                "newPet": {"post": {
                    "summary": "A pet was added.",
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}
                }},
                "petGone": {"post": {
                    "summary": "A pet left.",
                    "requestBody": {"content": {"application/json": {"schema":
                        {"type": "object", "properties": {"id": {"type": ["integer", "null"]}}}}}}
                }}
            },
            "components": {"schemas": {"Pet": {"type": "object"}}}
        });
        assert!(normalize_31(&mut doc).is_empty());
        assert!(doc.get("webhooks").is_none());
        let s = &doc["components"]["schemas"];
        assert_eq!(s["Pet"], json!({"type": "object", "x-webhooks": ["newPet"]}));
        assert_eq!(
            s["petGone_webhook"],
            json!({
                "type": "object",
                "description": "A pet left.",
                "properties": {"id": {"type": "integer", "nullable": true}},
                "x-webhooks": ["petGone"]
            }),
            "hoisted after normalization"
        );
    }

    #[test]
    fn keywords_that_do_not_change_the_type_warn_where_they_are() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"D": {
                "type": "object",
                "properties": {
                    "thumb": {"type": "string", "contentEncoding": "base64", "contentMediaType": "image/png"},
                    "raw": {"type": "string", "contentMediaType": "image/png"}
                },
                "if": {"required": ["a"]}, "then": {"required": ["b"]},
                "dependentRequired": {"a": ["b"]},
                "unevaluatedProperties": false
            }}}
        });
        let warnings = normalize_31(&mut doc);
        let d = &doc["components"]["schemas"]["D"];
        assert_eq!(
            d.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["type", "properties"]
        );
        assert_eq!(
            d["properties"]["thumb"],
            json!({"type": "string", "x-contentEncoding": "base64", "x-contentMediaType": "image/png"})
        );
        assert_eq!(
            d["properties"]["raw"],
            json!({"type": "string", "x-contentMediaType": "image/png"})
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/D/if",
                "/components/schemas/D/dependentRequired",
                "/components/schemas/D/unevaluatedProperties",
                "/components/schemas/D/properties/thumb/contentEncoding"
            ]
        );
    }

    #[test]
    fn drf_choices_with_blank_and_null_are_the_nullable_choice() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "D", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "PriorityEnum": {"enum": ["low", "high"], "type": "string"},
                "BlankEnum": {"enum": [""]},
                "NullEnum": {"enum": [null]},
                "Sink": {"type": "object", "properties": {
                    "priority": {"nullable": true, "oneOf": [
                        {"$ref": "#/components/schemas/PriorityEnum"},
                        {"$ref": "#/components/schemas/BlankEnum"},
                        {"$ref": "#/components/schemas/NullEnum"}
                    ]},
                    "blank_only": {"oneOf": [{"$ref": "#/components/schemas/BlankEnum"}, {"type": "integer"}]}
                }}
            }}
        });
        assert!(normalize_30(&mut doc).is_empty());
        let sink = &doc["components"]["schemas"]["Sink"]["properties"];
        assert_eq!(
            sink["priority"],
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/PriorityEnum"}]})
        );
        assert_eq!(
            sink["blank_only"]["oneOf"].as_array().map(Vec::len),
            Some(2),
            "a blank beside no string enum is a value of its own"
        );
    }

    #[test]
    fn boolean_schemas_anywhere_and_the_default_response() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {
                "parameters": [{"name": "p", "in": "query", "schema": true}],
                "responses": {"default": {"description": "x", "content": {"application/json": {"schema":
                    {"type": ["string", "null"], "exclusiveMinimum": 1}}}}}
            }}},
            "servers": [{"url": "https://{h}", "variables": {"h": {"default": "a.example"}}}],
            "components": {"schemas": {
                "T": true,
                "N": false,
                "U": {"allOf": [true, {"type": "object"}], "items": false, "additionalProperties": false}
            }}
        });
        let warnings = normalize_31(&mut doc);
        assert!(warnings.is_empty(), "{warnings:?}");
        let get = &doc["paths"]["/a"]["get"];
        assert_eq!(get["parameters"][0]["schema"], json!({}));
        assert_eq!(
            get["responses"]["default"]["content"]["application/json"]["schema"],
            json!({"type": "string", "nullable": true, "minimum": 1, "exclusiveMinimum": true})
        );
        assert_eq!(doc["servers"][0]["variables"]["h"]["default"], "a.example");
        let s = &doc["components"]["schemas"];
        assert_eq!(s["T"], json!({}));
        assert_eq!(s["N"], json!({"not": {}}));
        assert_eq!(
            s["U"],
            json!({"allOf": [{}, {"type": "object"}], "items": {"not": {}}, "additionalProperties": false})
        );
    }

    #[test]
    fn property_false_is_left_out() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "E": {"type": "object", "properties": {"a": true, "b": false}, "items": true}
        }}});
        let warnings = normalize_31(&mut doc);
        assert_eq!(
            doc["components"]["schemas"]["E"],
            json!({"type": "object", "properties": {"a": {}}, "items": {}})
        );
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/components/schemas/E/properties/b"]);
    }

    #[test]
    fn a_reference_objects_own_description_overrides_its_components() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {
            "/a/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id", "summary": "S"}],
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/Id", "description": "Own."}],
                    "responses": {
                        "404": {"$ref": "#/components/responses/Gone", "description": "Own 404."},
                        "410": {"$ref": "#/components/responses/Moved", "description": "Through a reference."},
                        "500": {"$ref": "#/components/responses/Nowhere", "description": "Dangling."}
                    }
                }
            },
            "/b": {"$ref": "#/components/pathItems/B"}
        }, "components": {
            "parameters": {"Id": {"name": "id", "in": "path", "required": true, "description": "Shared."}},
            "responses": {
                "Gone": {"description": "Shared 404."},
                "Moved": {"$ref": "#/components/responses/Gone%20Too"},
                "Gone Too": {"description": "Shared 410."}
            },
            "pathItems": {"B": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Raw", "description": "Own body."}}}},
            "requestBodies": {"Raw": {"content": {"text/plain": {}}}}
        }});
        assert!(normalize_31(&mut doc).is_empty());
        let item = &doc["paths"]["/a/{id}"];
        assert_eq!(
            item["parameters"][0],
            json!({"$ref": "#/components/parameters/Id"}),
            "summary alone: dropped"
        );
        assert_eq!(
            item["get"]["parameters"][0],
            json!({"name": "id", "in": "path", "required": true, "description": "Own."})
        );
        let responses = &item["get"]["responses"];
        assert_eq!(responses["404"], json!({"description": "Own 404."}));
        assert_eq!(
            responses["410"],
            json!({"description": "Through a reference."}),
            "a reference to a reference is followed, its `%20` decoded"
        );
        assert_eq!(
            responses["500"],
            json!({"$ref": "#/components/responses/Nowhere"}),
            "a dangling reference is left bare, for lowering to report"
        );
        assert_eq!(
            doc["components"]["pathItems"]["B"]["post"]["requestBody"],
            json!({"content": {"text/plain": {}}, "description": "Own body."}),
            "operations of a path item component too"
        );
        assert_eq!(doc["components"]["parameters"]["Id"]["description"], "Shared.");
        assert_eq!(doc["components"]["responses"]["Gone"]["description"], "Shared 404.");
    }
}
