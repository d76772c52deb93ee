//! Encodings of structured values into `name=value` pairs: form bodies
//! (`application/x-www-form-urlencoded`) and the query styles of OpenAPI parameters.
//!
//! Values go through `serde_json::Value`, so any generated type can be encoded. Nested
//! objects use bracket notation (`metadata[plan]=pro`), as form-encoded APIs such as
//! Stripe's read it; OpenAPI's `deepObject` style is the same notation for one level.

use serde::Serialize;
use serde_json::Value;

use crate::validate::ValidationError;

fn to_value<T: Serialize + ?Sized>(parameter: &'static str, value: &T) -> Result<Value, ValidationError> {
    serde_json::to_value(value).map_err(|e| ValidationError {
        parameter,
        message: format!("cannot be encoded: {e}"),
    })
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Flattens `value` under `prefix`: objects by `prefix[key]`, arrays by `prefix[]`.
fn flatten(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                flatten(format!("{prefix}[{key}]"), v, out);
            }
        }
        Value::Array(items) => {
            for v in items {
                flatten(format!("{prefix}[]"), v, out);
            }
        }
        v => out.extend(scalar(v).map(|s| (prefix, s))),
    }
}

/// The pairs of an object exploded in `form` style: each property its own pair; arrays
/// repeat their name; nested objects use brackets.
pub fn object_pairs<T: Serialize + ?Sized>(
    parameter: &'static str,
    value: &T,
) -> Result<Vec<(String, String)>, ValidationError> {
    let mut out = Vec::new();
    match to_value(parameter, value)? {
        Value::Object(map) => {
            for (key, v) in &map {
                match v {
                    Value::Array(items) => {
                        for item in items {
                            match item {
                                Value::Object(_) | Value::Array(_) => flatten(format!("{key}[]"), item, &mut out),
                                v => out.extend(scalar(v).map(|s| (key.clone(), s))),
                            }
                        }
                    }
                    v => flatten(key.clone(), v, &mut out),
                }
            }
        }
        other => out.extend(scalar(&other).map(|s| (parameter.to_owned(), s))),
    }
    Ok(out)
}

/// A form body: the object's pairs, URL-encoded.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, ValidationError> {
    let pairs = object_pairs("body", value)?;
    serde_urlencoded::to_string(pairs).map_err(|e| ValidationError {
        parameter: "body",
        message: e.to_string(),
    })
}

/// A `deepObject` query parameter: `name[key]=value` for each property.
pub fn deep_object<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
) -> Result<Vec<(String, String)>, ValidationError> {
    let mut out = Vec::new();
    flatten(name.to_owned(), &to_value(name, value)?, &mut out);
    Ok(out)
}

/// An object in `form` style without explode: `name=key,value,key,value`.
pub fn object_joined<T: Serialize + ?Sized>(name: &'static str, value: &T) -> Result<String, ValidationError> {
    let pairs = object_pairs(name, value)?;
    Ok(pairs
        .into_iter()
        .flat_map(|(k, v)| [k, v])
        .collect::<Vec<_>>()
        .join(","))
}

/// A list joined by `separator` (`,` for `form` without explode, ` ` for
/// `spaceDelimited`, `|` for `pipeDelimited`).
pub fn join<T: std::fmt::Display>(items: &[T], separator: &str) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

/// A value serialized as JSON, for a parameter declared with `content: application/json`.
pub fn json<T: Serialize + ?Sized>(name: &'static str, value: &T) -> Result<String, ValidationError> {
    serde_json::to_string(value).map_err(|e| ValidationError {
        parameter: name,
        message: format!("cannot be encoded: {e}"),
    })
}

/// The `Cookie` header for the given cookies; `None` when there are none.
pub fn cookie_header(cookies: &[(&str, Option<String>)]) -> Option<String> {
    let parts: Vec<String> = cookies
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn form_bodies_use_brackets_for_nesting() {
        let body = json!({"amount": 100, "expand": ["customer", "invoice"], "metadata": {"plan": "pro"}, "note": null,
            "items": [{"price": "p1"}]});
        assert_eq!(
            encode(&body).unwrap(),
            "amount=100&expand=customer&expand=invoice&metadata%5Bplan%5D=pro&items%5B%5D%5Bprice%5D=p1"
        );
    }

    #[test]
    fn query_styles() {
        let filter = json!({"status": "open", "owner": {"id": 7}});
        assert_eq!(
            deep_object("filter", &filter).unwrap(),
            vec![
                ("filter[status]".into(), "open".into()),
                ("filter[owner][id]".into(), "7".into())
            ]
        );
        assert_eq!(
            object_joined("color", &json!({"R": 100, "G": 200})).unwrap(),
            "R,100,G,200"
        );
        assert_eq!(join(&[1, 2, 3], "|"), "1|2|3");
        assert_eq!(json("q", &json!({"a": 1})).unwrap(), r#"{"a":1}"#);
        assert_eq!(
            cookie_header(&[("a", Some("1".into())), ("b", None), ("c", Some("x".into()))]).as_deref(),
            Some("a=1; c=x")
        );
        assert_eq!(cookie_header(&[("a", None)]), None);
    }
}
