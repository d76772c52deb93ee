//! Timestamps sent as seconds since the Unix epoch, often with a fraction
//! (`1634720490.000000000`), as `format: unix-time` declares them.
//!
//! `chrono::serde::ts_seconds` reads whole seconds only; these adapters read integers and
//! decimals alike into a `DateTime<Utc>`, and write whole seconds as an integer and anything
//! finer as a decimal, so the server gets back the kind of number it sent.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};

/// Writes the time as epoch seconds: an integer when it has no fraction, else a decimal.
pub fn serialize<S: Serializer>(value: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let nanos = value.timestamp_subsec_nanos();
    if nanos == 0 {
        serializer.serialize_i64(value.timestamp())
    } else {
        serializer.serialize_f64(value.timestamp() as f64 + f64::from(nanos) / 1e9)
    }
}

/// The time as text (a parameter, a multipart part): epoch seconds as [`serialize`] writes
/// them, an integer when whole, else a decimal with the fraction's digits exact
/// (`1700000000.5`, `-1.25`).
pub fn text(value: &DateTime<Utc>) -> String {
    let (seconds, nanos) = (value.timestamp(), value.timestamp_subsec_nanos());
    if nanos == 0 {
        return seconds.to_string();
    }
    // `timestamp` floors: -1.25 s is -2 s and 750,000,000 ns.
    let (sign, whole, fraction) = if seconds < 0 {
        ("-", -(seconds + 1), 1_000_000_000 - nanos)
    } else {
        ("", seconds, nanos)
    };
    let digits = format!("{fraction:09}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Reads epoch seconds given as an integer or a decimal number.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_any(UnixTimeVisitor)
}

/// The same adapters for an optional field: absent or `null` is `None`.
pub mod option {
    use super::*;

    /// Writes `Some` as epoch seconds and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads `null` as `None`, and epoch seconds as `Some`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(deserialize_with = "super::deserialize")] DateTime<Utc>);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(v)| v))
    }
}

adapter_double_option!(DateTime<Utc>);

struct UnixTimeVisitor;

impl UnixTimeVisitor {
    fn out_of_range<E: de::Error>(v: impl fmt::Display) -> E {
        E::custom(format_args!("{v} seconds since the epoch is out of range"))
    }
}

impl Visitor<'_> for UnixTimeVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("seconds since the Unix epoch, as a number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        DateTime::from_timestamp(v, 0).ok_or_else(|| Self::out_of_range(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let secs = i64::try_from(v).map_err(|_| Self::out_of_range(v))?;
        self.visit_i64(secs)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(Self::out_of_range(v));
        }
        let secs = v.floor();
        // Rounded to microseconds: an f64 near today's epoch carries no finer precision,
        // and rounding keeps `…490.000000000` from turning into `…489.999999`.
        let micros = ((v - secs) * 1e6).round() as u32;
        let (secs, micros) = if micros >= 1_000_000 {
            (secs + 1.0, 0)
        } else {
            (secs, micros)
        };
        if secs < i64::MIN as f64 || secs > i64::MAX as f64 {
            return Err(Self::out_of_range(v));
        }
        DateTime::from_timestamp(secs as i64, micros * 1_000).ok_or_else(|| Self::out_of_range(v))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct T {
        #[serde(with = "super")]
        at: DateTime<Utc>,
        #[serde(with = "super::option", default, skip_serializing_if = "Option::is_none")]
        maybe: Option<DateTime<Utc>>,
    }

    #[test]
    fn text_is_whole_seconds_or_an_exact_decimal() {
        let at = |seconds: i64, nanos: u32| DateTime::from_timestamp(seconds, nanos).unwrap();
        assert_eq!(super::text(&at(1_700_000_000, 0)), "1700000000");
        assert_eq!(super::text(&at(1_700_000_000, 500_000_000)), "1700000000.5");
        assert_eq!(super::text(&at(1_634_720_490, 123_456_789)), "1634720490.123456789");
        assert_eq!(super::text(&at(0, 0)), "0");
        // Before the epoch: -1.25 s, which chrono holds as -2 s and 750 ms.
        assert_eq!(super::text(&at(-2, 750_000_000)), "-1.25");
        assert_eq!(super::text(&at(-1, 0)), "-1");
    }

    #[test]
    fn reads_decimals_and_integers() {
        let t: T = serde_json::from_str(r#"{"at":1634720490.000000000,"maybe":1634720490.25}"#).unwrap();
        assert_eq!(t.at.to_rfc3339(), "2021-10-20T09:01:30+00:00");
        assert_eq!(t.maybe.unwrap().timestamp_subsec_millis(), 250);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"at":1634720490,"maybe":1634720490.25}"#
        );
        let t: T = serde_json::from_str(r#"{"at":0,"maybe":null}"#).unwrap();
        assert_eq!(
            t,
            T {
                at: DateTime::UNIX_EPOCH,
                maybe: None
            }
        );
    }

    #[test]
    fn rejects_strings_and_out_of_range() {
        assert!(serde_json::from_str::<T>(r#"{"at":"1634720490"}"#).is_err());
        let err = serde_json::from_str::<T>(r#"{"at":1e300}"#).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }
}
