//! Optional and nullable properties with three states: absent, `null`, and a value.
//!
//! A field `Option<Option<T>>` with these adapters (and `default` and
//! `skip_serializing_if = "Option::is_none"`) reads an absent property as `None`, `null`
//! as `Some(None)` and a value as `Some(Some(v))`, and writes them back the same way. A
//! PATCH can so leave a property alone (`None`) or clear it (`Some(None)`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes `Some(None)` as `null` and `Some(Some(v))` as `v` (`None` is skipped by the
/// field's `skip_serializing_if`).
pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(Some(value)) => value.serialize(serializer),
        _ => serializer.serialize_none(),
    }
}

/// Reads a present property: `null` as `Some(None)`, a value as `Some(Some(v))` (an
/// absent one never reaches here; the field's `default` makes it `None`).
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, with = "super", skip_serializing_if = "Option::is_none")]
        note: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_a_value_are_three_states_both_ways() {
        for (json, value) in [
            ("{}", None),
            (r#"{"note":null}"#, Some(None)),
            (r#"{"note":"hi"}"#, Some(Some("hi".to_owned()))),
        ] {
            let read: Patch = serde_json::from_str(json).unwrap();
            assert_eq!(read, Patch { note: value });
            assert_eq!(serde_json::to_string(&read).unwrap(), json);
        }
    }
}
