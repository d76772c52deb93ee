//! Deserialization behind generated *open* enums.
//!
//! Real servers send enum values their documentation does not list (`status: "Z"`, quality
//! `"unknown"`). A closed enum would turn the first such response into a decoding error, so
//! every generated string enum has a catch-all variant keeping the raw value, and reads its
//! input through [`deserialize_str`], which borrows the string where the input allows and
//! allocates only for an unlisted value.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Reads a JSON string, borrowed from the input when possible.
pub fn deserialize_str<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(StrVisitor)
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}
