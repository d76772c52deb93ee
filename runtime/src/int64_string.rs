//! 64-bit integers that travel as JSON strings (`"1296121461794938793"`).
//!
//! APIs built on protobuf's JSON mapping send `int64` as strings because JavaScript numbers
//! lose precision above 2^53. In Rust such a field is an `i64`: these adapters read a string
//! *or* a bare number (servers are not always consistent) and always write a string, so a
//! value round-trips in the form the server expects. Use with `#[serde(with = "...")]`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};

/// Writes the integer as a JSON string.
pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Reads the integer from a JSON string or a JSON number.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(Int64Visitor)
}

/// The same adapters for an optional field: absent or `null` is `None`.
pub mod option {
    use super::*;

    /// Writes `Some` as a JSON string and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.collect_str(v),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None`, and a string or number as `Some`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(deserialize_with = "super::deserialize")] i64);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(v)| v))
    }
}

adapter_double_option!(i64);

struct Int64Visitor;

impl Visitor<'_> for Int64Visitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a 64-bit integer, as a string or a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format_args!("integer {v} is out of range for i64")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.parse()
            .map_err(|_| E::custom(format_args!("string {v:?} is not a 64-bit integer")))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct T {
        #[serde(with = "super")]
        id: i64,
        #[serde(with = "super::option", default, skip_serializing_if = "Option::is_none")]
        other: Option<i64>,
    }

    #[test]
    fn reads_strings_and_numbers_and_writes_strings() {
        let t: T = serde_json::from_str(r#"{"id":"-9223372036854775808","other":42}"#).unwrap();
        assert_eq!(
            t,
            T {
                id: i64::MIN,
                other: Some(42)
            }
        );
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"id":"-9223372036854775808","other":"42"}"#
        );
        let t: T = serde_json::from_str(r#"{"id":7,"other":null}"#).unwrap();
        assert_eq!(t, T { id: 7, other: None });
        let t: T = serde_json::from_str(r#"{"id":"7"}"#).unwrap();
        assert_eq!(t.other, None);
    }

    #[test]
    fn rejects_out_of_range_and_non_numeric_strings() {
        let err = serde_json::from_str::<T>(r#"{"id":"9223372036854775808"}"#).unwrap_err();
        assert!(err.to_string().contains("not a 64-bit integer"), "{err}");
        let err = serde_json::from_str::<T>(r#"{"id":18446744073709551615}"#).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
        let err = serde_json::from_str::<T>(r#"{"id":"12abc"}"#).unwrap_err();
        assert!(err.to_string().contains("\"12abc\""), "{err}");
        assert!(serde_json::from_str::<T>(r#"{"id":1.5}"#).is_err());
    }
}
