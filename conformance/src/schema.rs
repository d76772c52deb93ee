//! The spec's schemas as JSON Schema, for the mock's validator.
//!
//! An OpenAPI 3.0 schema is JSON Schema draft 4 but for a few keywords, which are spelled
//! out here before the document is handed to the validator: `nullable: true` becomes
//! `null` among the types (an `anyOf` with `null` beside a `$ref`), `enum: [.., null]` on a
//! typed schema allows `null` too (as the generator reads it), and a `required` property
//! that is `readOnly` is required of responses only (`writeOnly`: of requests only), so
//! each direction gets its own copy of the document; and a `string` enum of numbers is
//! their text, as the generator reads it. OpenAPI 3.1 documents are JSON Schema 2020-12
//! already and get only the last two.

use serde_json::{Map, Value, json};

/// Which way a message goes: what a `required` `readOnly` or `writeOnly` property means
/// depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Client to server: `readOnly` properties are not required.
    Request,
    /// Server to client: `writeOnly` properties are not required.
    Response,
}

/// The document with its schemas made plain JSON Schema for `direction` (see the module
/// docs); `openapi_30` says whether the 3.0 keywords need spelling out.
pub fn json_schema_document(raw: &Value, openapi_30: bool, direction: Direction) -> Value {
    let mut doc = raw.clone();
    rewrite(&mut doc, raw, openapi_30, direction, 0);
    doc
}

/// How deep the rewrite descends (documents nest far less; this only bounds a hostile one).
const MAX_DEPTH: usize = 256;

fn rewrite(value: &mut Value, root: &Value, openapi_30: bool, direction: Direction, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                rewrite(item, root, openapi_30, direction, depth + 1);
            }
        }
        Value::Object(map) => {
            for child in map.values_mut() {
                rewrite(child, root, openapi_30, direction, depth + 1);
            }
            drop_one_way_required(map, root, direction);
            string_enum_as_text(map);
            if openapi_30 {
                spell_out_nullable(value);
            }
        }
        _ => {}
    }
}

/// Removes from `required` the properties that do not travel in `direction`.
fn drop_one_way_required(map: &mut Map<String, Value>, root: &Value, direction: Direction) {
    let keyword = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    let Some(Value::Array(required)) = map.get("required") else {
        return;
    };
    // The property's schema: the object's own, or one of its `allOf` parts' (Codat's and
    // Box's objects list `required` beside an `allOf` that defines the properties).
    let property = |name: &str| -> Option<&Value> {
        let own = map.get("properties").and_then(|p| p.get(name));
        own.or_else(|| {
            map.get("allOf")?
                .as_array()?
                .iter()
                .find_map(|part| resolve(root, part).get("properties")?.get(name))
        })
    };
    let one_way: Vec<Value> = required
        .iter()
        .filter(|name| {
            name.as_str()
                .and_then(property)
                .map(|p| resolve(root, p))
                .is_some_and(|p| p.get(keyword) == Some(&Value::Bool(true)))
        })
        .cloned()
        .collect();
    if one_way.is_empty() {
        return;
    }
    let kept: Vec<Value> = required.iter().filter(|n| !one_way.contains(n)).cloned().collect();
    if kept.is_empty() {
        map.remove("required");
    } else {
        map.insert("required".into(), Value::Array(kept));
    }
}

/// A `string` enum listing numbers (Zoom's `enum: [1, 2]`) as their text, as the generator
/// reads it (read literally, no value is valid).
fn string_enum_as_text(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        for value in values.iter_mut().filter(|v| v.is_number() || v.is_boolean()) {
            *value = Value::String(value.to_string());
        }
    }
}

/// 3.0's `nullable: true` (and a typed `enum` holding `null`) as JSON Schema's `null` type.
fn spell_out_nullable(value: &mut Value) {
    let Value::Object(map) = value else {
        return;
    };
    let enum_null = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().any(Value::is_null));
    let nullable = map.get("nullable") == Some(&Value::Bool(true)) || (enum_null && map.contains_key("type"));
    if !nullable {
        return;
    }
    map.remove("nullable");
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match map.get("type").cloned() {
        // Beside a `$ref` (which draft 4 reads alone), or with no type of its own: either
        // what the schema says, or null.
        _ if map.contains_key("$ref") => {
            let inner = std::mem::take(map);
            *value = json!({"anyOf": [Value::Object(inner), {"type": "null"}]});
        }
        Some(Value::String(ty)) => {
            map.insert("type".into(), json!([ty, "null"]));
        }
        Some(Value::Array(mut types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            map.insert("type".into(), Value::Array(types));
        }
        _ => {
            let inner = std::mem::take(map);
            *value = json!({"anyOf": [Value::Object(inner), {"type": "null"}]});
        }
    }
}

/// Follows local `$ref`s (`#/components/...`) from `value`, up to a bound.
pub fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(target) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|pointer| root.pointer(&decode_pointer(pointer)))
        else {
            return value;
        };
        value = target;
    }
    value
}

/// Like [`resolve`], also returning the JSON pointer of what it resolved to (`at` when
/// `value` is no reference).
pub fn resolve_at<'a>(root: &'a Value, mut value: &'a Value, at: &str) -> (String, &'a Value) {
    let mut pointer = at.to_owned();
    for _ in 0..16 {
        let Some(reference) = value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        else {
            break;
        };
        let decoded = decode_pointer(reference);
        let Some(target) = root.pointer(&decoded) else {
            break;
        };
        pointer = decoded;
        value = target;
    }
    (pointer, value)
}

/// A `$ref` fragment may be percent-encoded (`#/paths/~1pets%7Bid%7D`).
fn decode_pointer(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_a_null_type_and_a_ref_an_any_of() {
        let raw = json!({"components": {"schemas": {
            "A": {"type": "string", "nullable": true, "enum": ["x"]},
            "B": {"$ref": "#/components/schemas/A", "nullable": true},
            "C": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true},
            "D": {"type": "string", "enum": ["y", null]},
        }}});
        let doc = json_schema_document(&raw, true, Direction::Request);
        let s = &doc["components"]["schemas"];
        assert_eq!(s["A"], json!({"type": ["string", "null"], "enum": ["x", null]}));
        assert_eq!(
            s["B"],
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})
        );
        assert_eq!(
            s["C"],
            json!({"anyOf": [{"allOf": [{"$ref": "#/components/schemas/A"}]}, {"type": "null"}]})
        );
        assert_eq!(s["D"], json!({"type": ["string", "null"], "enum": ["y", null]}));
        // 3.1 documents say null their own way.
        let doc = json_schema_document(&raw, false, Direction::Request);
        assert_eq!(doc["components"]["schemas"]["A"]["nullable"], json!(true));
    }

    #[test]
    fn read_only_is_required_of_responses_only() {
        let raw = json!({"components": {"schemas": {
            "Id": {"type": "string", "readOnly": true},
            "Pet": {"type": "object", "required": ["id", "name", "secret"], "properties": {
                "id": {"$ref": "#/components/schemas/Id"},
                "name": {"type": "string"},
                "secret": {"type": "string", "writeOnly": true},
            }},
        }}});
        let request = json_schema_document(&raw, true, Direction::Request);
        assert_eq!(
            request["components"]["schemas"]["Pet"]["required"],
            json!(["name", "secret"])
        );
        let response = json_schema_document(&raw, true, Direction::Response);
        assert_eq!(
            response["components"]["schemas"]["Pet"]["required"],
            json!(["id", "name"])
        );
    }
}
