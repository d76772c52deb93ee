//! Percent-encoding of path parameters.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters escaped in a path parameter: all but RFC 3986's unreserved ones, so a value
/// can never add a path segment or a query string.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a path parameter's value.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode_path_segment("a/b?c=d e"), "a%2Fb%3Fc%3Dd%20e");
        assert_eq!(encode_path_segment("ok-._~1"), "ok-._~1");
    }
}
