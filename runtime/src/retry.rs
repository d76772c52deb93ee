//! When to try a request again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How a client retries failed requests.
///
/// A request is retried when the connection failed, or the server answered 429 (Too Many
/// Requests) or a 5xx status, and only for idempotent methods (GET, HEAD, PUT, DELETE,
/// OPTIONS, TRACE) unless [`RetryPolicy::retry_non_idempotent`] is set or the call carries
/// an idempotency key ([`Call::idempotency_key`](crate::Call::idempotency_key)): retrying a
/// POST that reached the server may otherwise perform it twice. Waits grow exponentially with full
/// jitter; a `Retry-After` header on 429 or 503 is honoured up to
/// [`RetryPolicy::max_retry_after`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The wait before the first retry; each later one doubles it, up to `max_backoff`.
    pub initial_backoff: Duration,
    /// The longest wait between attempts, before jitter.
    pub max_backoff: Duration,
    /// The longest `Retry-After` to honour; a server asking for more gets its error back.
    pub max_retry_after: Duration,
    /// Also retry POST and PATCH.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three retries, waits from 200 ms up to 5 s, `Retry-After` up to 60 s, idempotent
    /// methods only.
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Whether requests of this method may be retried; `keyed` requests carry an
    /// idempotency key, which makes any method safe to send again.
    pub(crate) fn allows(&self, method: &reqwest::Method, attempt: u32, keyed: bool) -> bool {
        attempt < self.max_retries && (self.retry_non_idempotent || keyed || is_idempotent(method))
    }

    /// The wait before retry number `attempt + 1`: a random duration between zero and the
    /// exponential backoff ("full jitter"), so many clients do not retry in lockstep.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt));
        let cap = exp.min(self.max_backoff);
        cap.mul_f64(fastrand::f64())
    }

    /// The wait before retrying a response with this status, or `None` when it must not
    /// be retried: not retryable, or `Retry-After` asks for longer than allowed.
    pub(crate) fn wait_for(&self, status: StatusCode, headers: &HeaderMap, attempt: u32) -> Option<Duration> {
        if !is_retryable_status(status) {
            return None;
        }
        match retry_after(headers, SystemTime::now()) {
            Some(wait) if wait > self.max_retry_after => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(attempt)),
        }
    }
}

/// RFC 9110's idempotent methods.
pub(crate) fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// `Retry-After` as a duration: delay-seconds, or an HTTP date relative to `now`.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(retry_after(&headers("7"), now), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:50:37 GMT"), now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            retry_after(&headers("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_429_and_5xx_are_retried_and_long_waits_are_refused() {
        let policy = RetryPolicy::default();
        let none = HeaderMap::new();
        assert!(policy.wait_for(StatusCode::TOO_MANY_REQUESTS, &none, 0).is_some());
        assert!(policy.wait_for(StatusCode::BAD_GATEWAY, &none, 0).is_some());
        assert!(policy.wait_for(StatusCode::BAD_REQUEST, &none, 0).is_none());
        assert!(policy.wait_for(StatusCode::NOT_FOUND, &none, 0).is_none());
        assert_eq!(
            policy.wait_for(StatusCode::TOO_MANY_REQUESTS, &headers("2"), 0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.wait_for(StatusCode::TOO_MANY_REQUESTS, &headers("3600"), 0),
            None
        );
    }

    #[test]
    fn backoff_is_jittered_below_an_exponential_cap() {
        let policy = RetryPolicy::default();
        for attempt in 0..10 {
            let cap = Duration::from_millis(200 * 2u64.pow(attempt)).min(Duration::from_secs(5));
            for _ in 0..50 {
                assert!(policy.backoff(attempt) <= cap);
            }
        }
    }

    #[test]
    fn non_idempotent_methods_are_not_retried_by_default() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&reqwest::Method::GET, 0, false));
        assert!(!policy.allows(&reqwest::Method::GET, 3, false));
        assert!(!policy.allows(&reqwest::Method::POST, 0, false));
        assert!(
            policy.allows(&reqwest::Method::POST, 0, true),
            "an idempotency key makes a POST safe to resend"
        );
        let all = RetryPolicy {
            retry_non_idempotent: true,
            ..RetryPolicy::default()
        };
        assert!(all.allows(&reqwest::Method::POST, 0, false));
        assert!(!RetryPolicy::none().allows(&reqwest::Method::GET, 0, true));
    }
}
