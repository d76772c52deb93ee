//! RFC 3339 date-times (`format: date-time`), read leniently.
//!
//! Real servers often send a date-time without an offset (`2024-03-01T08:30:00`, what a
//! naive Python `datetime` serializes to), which RFC 3339 and chrono's own deserializer
//! reject, failing the whole response. These adapters read it as UTC instead, so such a
//! value keeps one Rust type, `DateTime<FixedOffset>`, with an offset of zero. A space in
//! place of the `T` is read too, and so is an offset without its colon (`+0000`, Jira's). Writing is chrono's, unchanged (RFC 3339 with the offset).

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Writes the date-time as chrono does: RFC 3339, with its offset.
pub fn serialize<S: Serializer>(value: &DateTime<FixedOffset>, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize(serializer)
}

/// Reads an RFC 3339 date-time, or one without an offset as UTC.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// Parses `text` as a date-time: RFC 3339 first, then with an offset without its colon
/// (`+0000`, as Jira writes it), then without an offset (as UTC).
pub fn parse(text: &str) -> Result<DateTime<FixedOffset>, String> {
    if let Ok(value) = DateTime::parse_from_rfc3339(text) {
        return Ok(value);
    }
    if let Ok(value) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Ok(value);
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(naive.and_utc().fixed_offset());
        }
    }
    Err(format!("`{text}` is not a date-time (RFC 3339, or without an offset)"))
}

/// The same adapters for an optional field: absent or `null` is `None`.
pub mod option {
    use super::*;

    /// Writes `Some` as RFC 3339 and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<DateTime<FixedOffset>>, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads `null` as `None`, and a date-time as `Some`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Ok(Option::<Lenient>::deserialize(deserializer)?.map(|Lenient(v)| v))
    }
}

adapter_double_option!(DateTime<FixedOffset>);

/// The same adapters for a list of date-times (`type: array` of `format: date-time`), so
/// a naive date-time inside the list reads as UTC as a field's does.
pub mod list {
    use super::*;

    /// Writes each date-time as RFC 3339.
    pub fn serialize<S: Serializer>(value: &[DateTime<FixedOffset>], serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads a list of date-times, each leniently.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<DateTime<FixedOffset>>, D::Error> {
        Ok(Vec::<Lenient>::deserialize(deserializer)?
            .into_iter()
            .map(|Lenient(v)| v)
            .collect())
    }

    /// The same for an optional list: absent or `null` is `None`.
    pub mod option {
        use super::*;

        /// Writes `Some` as a list of RFC 3339 date-times and `None` as `null`.
        pub fn serialize<S: Serializer>(
            value: &Option<Vec<DateTime<FixedOffset>>>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            value.serialize(serializer)
        }

        /// Reads `null` as `None`, and a list of date-times as `Some`, each leniently.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Vec<DateTime<FixedOffset>>>, D::Error> {
            Ok(Option::<Vec<Lenient>>::deserialize(deserializer)?
                .map(|items| items.into_iter().map(|Lenient(v)| v).collect()))
        }
    }

    adapter_double_option!(Vec<DateTime<FixedOffset>>);
}

/// One date-time read by [`deserialize`], for the adapters of optional values and lists.
#[derive(Deserialize)]
struct Lenient(#[serde(deserialize_with = "deserialize")] DateTime<FixedOffset>);

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn offsets_are_kept_and_naive_times_are_utc() {
        assert_eq!(
            parse("2024-03-01T08:30:00+07:00").unwrap().to_rfc3339(),
            "2024-03-01T08:30:00+07:00"
        );
        assert_eq!(
            parse("2024-03-01T08:30:00").unwrap().to_rfc3339(),
            "2024-03-01T08:30:00+00:00"
        );
        assert_eq!(
            parse("2024-03-01 08:30:00.250").unwrap().to_rfc3339(),
            "2024-03-01T08:30:00.250+00:00"
        );
        assert_eq!(
            parse("0001-01-01T00:00:00Z").unwrap().to_rfc3339(),
            "0001-01-01T00:00:00+00:00"
        );
        assert_eq!(
            parse("2021-01-17T12:34:00.000+0000").unwrap().to_rfc3339(),
            "2021-01-17T12:34:00+00:00"
        );
        assert_eq!(
            parse("2021-01-17T12:34:00.000-0530").unwrap().to_rfc3339(),
            "2021-01-17T12:34:00-05:30"
        );
        assert!(parse("yesterday").is_err());
    }

    #[test]
    fn lists_read_each_item_leniently_and_write_rfc_3339() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Times {
            #[serde(with = "super::list")]
            all: Vec<chrono::DateTime<chrono::FixedOffset>>,
            #[serde(default, with = "super::list::option", skip_serializing_if = "Option::is_none")]
            some: Option<Vec<chrono::DateTime<chrono::FixedOffset>>>,
        }
        let text = r#"{"all": ["2024-03-01T08:30:00", "2024-03-01T08:30:00+07:00"], "some": ["2024-03-02 09:00:00"]}"#;
        let times: Times = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_value(&times).unwrap(),
            serde_json::json!({
                "all": ["2024-03-01T08:30:00Z", "2024-03-01T08:30:00+07:00"],
                "some": ["2024-03-02T09:00:00Z"],
            })
        );
        let times: Times = serde_json::from_str(r#"{"all": [], "some": null}"#).unwrap();
        assert!(times.all.is_empty() && times.some.is_none());
        assert!(serde_json::from_str::<Times>(r#"{"all": ["yesterday"]}"#).is_err());
    }
}
