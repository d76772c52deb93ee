//! What every generated client holds, and the loop that sends one call: timeouts,
//! retries, a cap on response size, and a tracing span.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, PROXY_AUTHORIZATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use reqwest_middleware::{ClientWithMiddleware, RequestBuilder};
use tracing::Instrument;

use crate::error::SendError;
use crate::response::{RawResponse, Unread};
use crate::retry::RetryPolicy;
use crate::sse::Resend;

/// Response headers that can carry a secret (a session cookie, a challenge) are marked
/// sensitive, so the `Debug` of an error that keeps them does not print them.
fn mask(mut headers: HeaderMap) -> HeaderMap {
    for name in [SET_COOKIE, AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE] {
        if let reqwest::header::Entry::Occupied(mut entry) = headers.entry(name) {
            for value in entry.iter_mut() {
                value.set_sensitive(true);
            }
        }
    }
    headers
}

/// How one call is sent: the client's settings, with the call's own overrides.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// The longest wait for a whole attempt (or, for a streamed body, for its head and
    /// for each chunk).
    pub(crate) timeout: Option<Duration>,
    /// When to try again.
    pub(crate) retry: RetryPolicy,
    /// The request carries an idempotency key, so even a POST may be sent again.
    pub(crate) keyed: bool,
    /// The statuses, as inclusive ranges, whose body is left on the connection for the
    /// caller to stream.
    pub(crate) streamed: &'static [(u16, u16)],
}

/// A description of one operation, generated as a constant next to its method, for
/// tracing and for deciding whether it may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The spec's `operationId` (or `METHOD /path` when it has none).
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template (`/pets/{id}`), low-cardinality for metrics.
    pub route: &'static str,
}

/// The connection settings every generated client holds: where to send requests, through
/// which HTTP client, and how patiently.
///
/// `Debug` shows no credentials: those live in the generated client, wrapped in
/// [`Secret`](crate::Secret).
#[derive(Clone, Debug)]
pub struct ClientCore {
    base_url: String,
    http: ClientWithMiddleware,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

impl ClientCore {
    /// The default timeout of a whole attempt, from connecting to the last body byte.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
    /// The default cap on a response body.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

    /// Settings for `base_url`, with a new `reqwest::Client` that does not follow
    /// redirects, a 30 s timeout, the default [`RetryPolicy`] and a 16 MiB cap on responses.
    ///
    /// Redirects are answers like any other: a `302` the spec declares (a login that
    /// redirects, a download link) reaches its typed arm with its `Location` header, and
    /// one it does not declare is an unexpected status, kept whole. Following them by
    /// default made declared 3xx answers unreachable, and sent requests the spec never
    /// described (found by the conformance harness on oxide-nexus's login operations).
    /// A client that should follow them is passed in with [`Self::set_http_client`].
    pub fn new(base_url: impl Into<String>) -> Self {
        // Generic only at the edge: the body is compiled once, here, not in every client.
        Self::with_base_url(base_url.into())
    }

    fn with_base_url(base_url: String) -> Self {
        let mut core = Self {
            base_url: String::new(),
            http: ClientWithMiddleware::from(
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .unwrap_or_default(),
            ),
            timeout: Some(Self::DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
        };
        core.store_base_url(base_url);
        core
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends requests to `base_url` instead (a trailing `/` is dropped).
    pub fn set_base_url(&mut self, base_url: impl Into<String>) {
        self.store_base_url(base_url.into());
    }

    fn store_base_url(&mut self, mut base_url: String) {
        while base_url.ends_with('/') {
            base_url.pop();
        }
        self.base_url = base_url;
    }

    /// The HTTP client requests go through.
    pub(crate) fn http(&self) -> &ClientWithMiddleware {
        &self.http
    }

    /// The timeout of an attempt.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The cap on a response body.
    pub(crate) fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Sends requests through `http` (proxy, TLS roots, connection pool of the caller's).
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = ClientWithMiddleware::from(http);
    }

    /// Sends requests through a middleware stack (tracing, caching, custom retries).
    pub fn set_middleware_client(&mut self, http: ClientWithMiddleware) {
        self.http = http;
    }

    /// Limits each attempt to `timeout` (`None`: only the HTTP client's own limits).
    pub fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    /// Retries by `retry` ([`RetryPolicy::none`] turns retrying off).
    pub fn set_retry(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// Refuses response bodies larger than `bytes`.
    pub fn set_max_response_bytes(&mut self, bytes: usize) {
        self.max_response_bytes = bytes;
    }

    /// Starts a request to `path` (which starts with `/`) under the base URL.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base_url))
    }

    /// The plan for a call with the client's own settings.
    pub(crate) fn plan(&self, streamed: &'static [(u16, u16)]) -> Plan {
        Plan {
            timeout: self.timeout,
            retry: self.retry.clone(),
            keyed: false,
            streamed,
        }
    }

    /// Sends `request`, retrying as the plan allows, and reads the response (all of it, but
    /// for a status the plan streams), all in a tracing span named after the operation.
    /// `resend`, when given, goes with a streamed body, for an event stream to reconnect.
    pub(crate) async fn execute(
        &self,
        operation: &'static Operation,
        request: RequestBuilder,
        plan: &Plan,
        resend: Option<Resend>,
    ) -> Result<RawResponse, SendError> {
        let span = tracing::info_span!(
            "http_client_request",
            otel.name = operation.id,
            otel.kind = "client",
            http.request.method = operation.method,
            url.template = operation.route,
            http.response.status_code = tracing::field::Empty,
            http.request.resend_count = tracing::field::Empty,
        );
        self.execute_in_span(operation, request, plan, resend)
            .instrument(span)
            .await
    }

    async fn execute_in_span(
        &self,
        operation: &'static Operation,
        request: RequestBuilder,
        plan: &Plan,
        mut resend: Option<Resend>,
    ) -> Result<RawResponse, SendError> {
        let method = Method::from_bytes(operation.method.as_bytes()).unwrap_or(Method::GET);
        let streams = !plan.streamed.is_empty();
        let mut request = request;
        let mut attempt = 0u32;
        loop {
            // A copy for the next attempt, when one is allowed. A request whose body cannot
            // be cloned (a stream) is sent once.
            let mut spare = request
                .try_clone()
                .filter(|_| plan.retry.allows(&method, attempt, plan.keyed));
            // A streamed body may take longer than any timeout: the timeout then bounds the
            // wait for the response's head, and each wait for a chunk.
            let sent = match plan.timeout {
                Some(timeout) if streams => match tokio::time::timeout(timeout, request.send()).await {
                    Ok(sent) => sent,
                    Err(elapsed) => return Err(SendError::Timeout(reqwest_middleware::Error::middleware(elapsed))),
                },
                Some(timeout) => request.timeout(timeout).send().await,
                None => request.send().await,
            };
            // Either return, or plan the next attempt: how long to wait, and what to send.
            let (wait, next) = match sent {
                Ok(mut response) => {
                    let status = response.status();
                    let retry = spare
                        .take()
                        .and_then(|next| Some((plan.retry.wait_for(status, response.headers(), attempt)?, next)));
                    match retry {
                        Some(retry) => {
                            tracing::debug!(%status, wait = ?retry.0, attempt, "retrying after an error status");
                            retry
                        }
                        None => {
                            tracing::Span::current().record("http.response.status_code", status.as_u16());
                            let headers = mask(std::mem::take(response.headers_mut()));
                            let code = status.as_u16();
                            if plan
                                .streamed
                                .iter()
                                .any(|&(first, last)| (first..=last).contains(&code))
                            {
                                // An event stream may be quiet between events for a while.
                                let idle = match &resend {
                                    Some(_) => plan.timeout.map(|t| t.max(crate::sse::EventStream::<()>::MIN_IDLE)),
                                    None => plan.timeout,
                                };
                                let unread = Unread {
                                    response,
                                    idle,
                                    resend: resend.take(),
                                };
                                return Ok(RawResponse::unread(status, headers, unread));
                            }
                            let body = match plan.timeout {
                                Some(timeout) if streams => tokio::time::timeout(timeout, self.read_body(response))
                                    .await
                                    .unwrap_or_else(|elapsed| {
                                        Err(SendError::Timeout(reqwest_middleware::Error::middleware(elapsed)))
                                    })?,
                                _ => self.read_body(response).await?,
                            };
                            return Ok(RawResponse::from_parts(status, headers, body));
                        }
                    }
                }
                Err(error) if error.is_timeout() => {
                    return Err(SendError::Timeout(error.without_url()));
                }
                Err(error) if error.is_connect() || error.is_request() => match spare.take() {
                    Some(next) => {
                        let wait = plan.retry.backoff(attempt);
                        tracing::debug!(error = %error.without_url(), ?wait, attempt, "retrying after a connection error");
                        (wait, next)
                    }
                    None => return Err(SendError::Transport(error.without_url())),
                },
                Err(error) => return Err(SendError::Transport(error.without_url())),
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
            tracing::Span::current().record("http.request.resend_count", attempt);
            request = next;
        }
    }

    /// Reads the body, refusing more than `max_response_bytes` before buffering it.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Bytes, SendError> {
        let status: StatusCode = response.status();
        let limit = self.max_response_bytes;
        let too_large = || SendError::ResponseTooLarge { status, limit };
        if response.content_length().is_some_and(|len| len > limit as u64) {
            return Err(too_large());
        }
        // A body that arrives in one chunk is returned as it is; a longer one is gathered
        // into a buffer sized from Content-Length, so it is copied once and never regrown.
        let expected = response.content_length().map_or(0, |len| len as usize);
        let mut first: Option<Bytes> = None;
        let mut body = BytesMut::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let read = first.as_ref().map_or(body.len(), Bytes::len);
                    if read + chunk.len() > limit {
                        return Err(too_large());
                    }
                    match first.take() {
                        None if body.is_empty() => first = Some(chunk),
                        None => body.extend_from_slice(&chunk),
                        Some(head) => {
                            body.reserve(expected.max(head.len() + chunk.len()));
                            body.extend_from_slice(&head);
                            body.extend_from_slice(&chunk);
                        }
                    }
                }
                Ok(None) => return Ok(first.unwrap_or_else(|| body.freeze())),
                Err(error) if error.is_timeout() => {
                    return Err(SendError::Timeout(error.without_url().into()));
                }
                Err(error) => return Err(SendError::Transport(error.without_url().into())),
            }
        }
    }
}
