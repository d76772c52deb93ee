//! The spec's constraints on arguments, checked before a request is sent.
//!
//! A call that the server would reject for `limit: 500` fails here instead, without a
//! round trip, and the error names the argument.

use std::fmt::Display;

/// An argument that breaks a constraint of the spec.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid argument `{parameter}`: {message}")]
pub struct ValidationError {
    /// The parameter's name on the wire.
    pub parameter: &'static str,
    /// What is wrong with it.
    pub message: String,
}

fn fail(parameter: &'static str, message: String) -> Result<(), ValidationError> {
    Err(ValidationError { parameter, message })
}

/// `value` must lie within `minimum..=maximum` (either bound may be absent).
pub fn range<T: PartialOrd + Display>(
    parameter: &'static str,
    value: T,
    minimum: Option<T>,
    maximum: Option<T>,
) -> Result<(), ValidationError> {
    if let Some(min) = minimum.filter(|min| value < *min) {
        return fail(parameter, format!("{value} is below the minimum {min}"));
    }
    if let Some(max) = maximum.filter(|max| value > *max) {
        return fail(parameter, format!("{value} is above the maximum {max}"));
    }
    Ok(())
}

/// `value` must be strictly greater than `bound` (`exclusiveMinimum`).
pub fn above<T: PartialOrd + Display>(parameter: &'static str, value: T, bound: T) -> Result<(), ValidationError> {
    if value > bound {
        Ok(())
    } else {
        fail(parameter, format!("{value} must be greater than {bound}"))
    }
}

/// `value` must be strictly less than `bound` (`exclusiveMaximum`).
pub fn below<T: PartialOrd + Display>(parameter: &'static str, value: T, bound: T) -> Result<(), ValidationError> {
    if value < bound {
        Ok(())
    } else {
        fail(parameter, format!("{value} must be less than {bound}"))
    }
}

/// A string's length in characters must lie within `minimum..=maximum`.
pub fn length(
    parameter: &'static str,
    value: &str,
    minimum: Option<usize>,
    maximum: Option<usize>,
) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if let Some(min) = minimum.filter(|min| len < *min) {
        return fail(parameter, format!("{len} characters, fewer than the minimum {min}"));
    }
    if let Some(max) = maximum.filter(|max| len > *max) {
        return fail(parameter, format!("{len} characters, more than the maximum {max}"));
    }
    Ok(())
}

/// A list's length must lie within `minimum..=maximum`.
pub fn items<T>(
    parameter: &'static str,
    value: &[T],
    minimum: Option<usize>,
    maximum: Option<usize>,
) -> Result<(), ValidationError> {
    let len = value.len();
    if let Some(min) = minimum.filter(|min| len < *min) {
        return fail(parameter, format!("{len} items, fewer than the minimum {min}"));
    }
    if let Some(max) = maximum.filter(|max| len > *max) {
        return fail(parameter, format!("{len} items, more than the maximum {max}"));
    }
    Ok(())
}

/// A required list written one `name=item` pair per item has an item: an empty one would
/// send nothing, and the server would answer that the parameter is missing.
pub fn not_empty<T>(parameter: &'static str, value: &[T]) -> Result<(), ValidationError> {
    if value.is_empty() {
        return fail(
            parameter,
            "is required, and an empty list sends nothing in this style (one pair per item): \
             the server would read it as missing"
                .to_owned(),
        );
    }
    Ok(())
}

/// Runs `build`, the checks and encodings of one request, so generated code can use `?`
/// on them and hand the outcome to the call.
pub fn checked<T>(build: impl FnOnce() -> Result<T, ValidationError>) -> Result<T, ValidationError> {
    build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lengths_and_items() {
        assert!(range("limit", 100, Some(1), Some(100)).is_ok());
        let err = range("limit", 101, Some(1), Some(100)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid argument `limit`: 101 is above the maximum 100"
        );
        assert_eq!(
            range("offset", -1, Some(0), None).unwrap_err().message,
            "-1 is below the minimum 0"
        );
        assert!(above("x", 0.5, 0.0).is_ok() && above("x", 0.0, 0.0).is_err());
        assert!(below("x", 1, 2).is_ok() && below("x", 2, 2).is_err());
        assert!(length("name", "ăâê", Some(3), Some(3)).is_ok(), "characters, not bytes");
        assert!(length("name", "", Some(1), None).is_err());
        assert!(items("ids", &[1, 2, 3], None, Some(2)).is_err());
    }
}
