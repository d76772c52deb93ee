//! One call of an operation: built by the generated method, adjusted for this call alone
//! (headers, timeout, retries, an idempotency key), and sent when awaited.

use std::future::IntoFuture;
use std::time::Duration;

use futures::future::BoxFuture;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest_middleware::RequestBuilder;

use crate::client::{ClientCore, Operation, Plan};
use crate::error::SendError;
use crate::error::{Error, ValidationError};
use crate::response::{RawResponse, Response};
use crate::retry::RetryPolicy;
use crate::secret::{Credential, Secret};
use crate::sse::Resend;

/// The header an idempotency key travels in (the IETF `Idempotency-Key` draft, as Stripe,
/// Adyen and PayPal read it).
pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");

/// Settings for one call, overriding the client's: extra headers, a timeout, a retry
/// policy, an idempotency key. Build one to reuse with [`Call::options`], or set them on
/// the call directly.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    headers: HeaderMap,
    timeout: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    idempotency: Idempotency,
}

#[derive(Debug, Clone, Default)]
enum Idempotency {
    #[default]
    None,
    /// A key made for each call these options are applied to.
    New,
    Key(String),
}

/// A new random idempotency key.
fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl CallOptions {
    /// No overrides: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to the request (after the operation's own, so it wins for
    /// single-valued headers the server reads once).
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Limits each attempt to `timeout` instead of the client's timeout (`None`: no limit
    /// but the HTTP client's own).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries by `retry` instead of the client's policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Sends `key` as the `Idempotency-Key` header, the same on every retry; the server
    /// then performs the call at most once, so even a POST is retried.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency = Idempotency::Key(key.into());
        self
    }

    /// Like [`CallOptions::idempotency_key`] with a new random key (a UUID v4) for each
    /// call these options are applied to. Keeps a key already set.
    pub fn idempotent(mut self) -> Self {
        if matches!(self.idempotency, Idempotency::None) {
            self.idempotency = Idempotency::New;
        }
        self
    }

    /// The idempotency key these options send, when it is one key (set by
    /// [`CallOptions::idempotency_key`]) rather than a new one for each call.
    pub fn idempotency_key_value(&self) -> Option<&str> {
        match &self.idempotency {
            Idempotency::Key(key) => Some(key),
            _ => None,
        }
    }

    /// These options with a new random key (a UUID v4) unless they have a key: one call's
    /// [`Call::idempotent`], for the builders of generated operations, whose caller may
    /// read the key before sending.
    #[doc(hidden)]
    pub fn idempotent_once(mut self) -> Self {
        if !matches!(self.idempotency, Idempotency::Key(_)) {
            self.idempotency = Idempotency::Key(new_key());
        }
        self
    }

    /// These options with `other`'s over them (what [`Call::options`] applies), for the
    /// builders of generated operations, which hold their options until they make the call.
    #[doc(hidden)]
    pub fn merged(mut self, other: &CallOptions) -> Self {
        self.merge(other);
        self
    }

    fn merge(&mut self, other: &CallOptions) {
        for (name, value) in &other.headers {
            self.headers.append(name.clone(), value.clone());
        }
        if other.timeout.is_some() {
            self.timeout = other.timeout;
        }
        if other.retry.is_some() {
            self.retry.clone_from(&other.retry);
        }
        match &other.idempotency {
            Idempotency::None => {}
            Idempotency::New => {
                if !matches!(self.idempotency, Idempotency::Key(_)) {
                    self.idempotency = Idempotency::Key(new_key());
                }
            }
            Idempotency::Key(key) => self.idempotency = Idempotency::Key(key.clone()),
        }
    }
}

/// How a generated operation reads a response: one function per operation, a `match` on
/// the status.
pub type Decode<T, E> = fn(RawResponse) -> Result<T, Error<E>>;

/// One call of an operation, returned by its method on the generated client. Awaiting it
/// sends the request and gives the decoded body; [`Call::response`] gives the status and
/// headers too; the other methods change this call alone.
///
/// ```no_run
/// # async fn run(call: openapi_client_runtime::Call<'_, String, ()>) -> Result<(), openapi_client_runtime::Error<()>> {
/// use std::time::Duration;
/// let response = call
///     .timeout(Some(Duration::from_secs(5)))
///     .idempotent()
///     .response()
///     .await?;
/// println!("{} {:?}", response.status(), response.headers().get("x-request-id"));
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, E, H = ()> {
    core: &'a ClientCore,
    operation: &'static Operation,
    request: Result<RequestBuilder, ValidationError>,
    credentials: Vec<Credential>,
    decode: Decode<T, E>,
    declared: fn(&HeaderMap) -> H,
    streamed: &'static [(u16, u16)],
    resumable: bool,
    options: CallOptions,
    /// Where to send the request instead of the operation's URL (a `next` link).
    url: Option<String>,
}

fn no_headers(_: &HeaderMap) {}

impl<'a, T, E> Call<'a, T, E> {
    /// A call of `operation`, sending `request` (or failing with its validation error)
    /// with `credentials`, read by `decode`. For generated code.
    #[doc(hidden)]
    pub fn new(
        core: &'a ClientCore,
        operation: &'static Operation,
        request: Result<RequestBuilder, ValidationError>,
        credentials: Vec<Credential>,
        decode: Decode<T, E>,
    ) -> Self {
        Self {
            core,
            operation,
            request,
            credentials,
            decode,
            declared: no_headers,
            streamed: &[],
            resumable: false,
            options: CallOptions::default(),
            url: None,
        }
    }

    /// Reads the response headers the spec declares into `H`. For generated code.
    #[doc(hidden)]
    pub fn reading_headers<H>(self, declared: fn(&HeaderMap) -> H) -> Call<'a, T, E, H> {
        Call {
            core: self.core,
            operation: self.operation,
            request: self.request,
            credentials: self.credentials,
            decode: self.decode,
            declared,
            streamed: self.streamed,
            resumable: self.resumable,
            options: self.options,
            url: self.url,
        }
    }
}

impl<'a, T, E, H> Call<'a, T, E, H> {
    /// Leaves the body of these statuses (inclusive ranges) on the connection, for a byte
    /// stream. For generated code.
    #[doc(hidden)]
    pub fn streamed(mut self, statuses: &'static [(u16, u16)]) -> Self {
        self.streamed = statuses;
        self
    }

    /// Leaves the body of these statuses on the connection for an event stream, which may
    /// send the request again to resume. For generated code.
    #[doc(hidden)]
    pub fn resumable(mut self, statuses: &'static [(u16, u16)]) -> Self {
        self.streamed = statuses;
        self.resumable = true;
        self
    }

    /// Sends the request to `url` instead of the operation's URL, with the same method,
    /// headers, body and credentials: how a generated `Link`-paged stream follows a `next`
    /// link. For generated code.
    ///
    /// `url` is absolute, or relative to the operation's URL (as RFC 8288 resolves a
    /// `Link` header's references against the request's URL), and must stay on the origin
    /// (scheme, host and port) of the client's base URL: otherwise the call fails with
    /// [`Error::Paging`] and sends nothing, so a credential never goes to another host.
    /// Query parameters of the operation are replaced by the link's; a query-string
    /// credential is added to it as to any request.
    #[doc(hidden)]
    pub fn at_url(mut self, url: &str) -> Self {
        self.url = Some(url.to_owned());
        self
    }

    /// Adds a header to this call's request.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.options.headers.append(name, value);
        self
    }

    /// Limits each attempt of this call to `timeout` (`None`: no limit but the HTTP
    /// client's own).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retries this call by `retry` ([`RetryPolicy::none`] to send it once).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.options.retry = Some(retry);
        self
    }

    /// Sends `key` as the `Idempotency-Key` header, the same on every retry, so the
    /// server performs the call at most once; a call with a key is retried even when it
    /// is a POST.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency = Idempotency::Key(key.into());
        self
    }

    /// Like [`Call::idempotency_key`] with a new random key (a UUID v4), unless one is set.
    /// [`Call::idempotency_key_value`] reads it, to send the call again later as the same
    /// operation.
    pub fn idempotent(mut self) -> Self {
        if !matches!(self.options.idempotency, Idempotency::Key(_)) {
            self.options.idempotency = Idempotency::Key(new_key());
        }
        self
    }

    /// The idempotency key this call sends, if any: keep it to send the call again later
    /// (after a timeout, say) as the same operation.
    pub fn idempotency_key_value(&self) -> Option<&str> {
        match &self.options.idempotency {
            Idempotency::Key(key) => Some(key),
            _ => None,
        }
    }

    /// Applies a set of options; those it sets win over the call's.
    pub fn options(mut self, options: &CallOptions) -> Self {
        self.options.merge(options);
        self
    }

    /// Sends the call and returns the status, the headers (all of them, and the declared
    /// ones typed) and the decoded body.
    pub async fn response(self) -> Result<Response<T, H>, Error<E>> {
        let (decode, declared) = (self.decode, self.declared);
        let raw = self.send().await?;
        let (status, headers) = (raw.status(), raw.headers().clone());
        let typed = declared(&headers);
        let body = decode(raw)?;
        Ok(Response::new(status, headers, typed, body))
    }

    /// Sends the request: the call's options over the client's settings, the idempotency
    /// key, the credentials, then the call's own headers (which replace any of the same
    /// name).
    async fn send(self) -> Result<RawResponse, Error<E>> {
        let Call {
            core,
            operation,
            request,
            credentials,
            streamed,
            resumable,
            options,
            url,
            ..
        } = self;
        let mut request = request?;
        if let Some(url) = url {
            // Before signing: the credentials are added to the request that is sent.
            request = retarget(core, request, &url)?;
        }
        let mut plan = core.plan(streamed);
        if let Some(timeout) = options.timeout {
            plan.timeout = timeout;
        }
        if let Some(retry) = options.retry {
            plan.retry = retry;
        }
        let key = match options.idempotency {
            Idempotency::None => None,
            Idempotency::New => Some(new_key()),
            Idempotency::Key(key) => Some(key),
        };
        if let Some(key) = key {
            // A key with bytes a header cannot carry is a caller's mistake worth a message.
            let value = HeaderValue::from_str(&key).map_err(|_| ValidationError {
                parameter: "Idempotency-Key",
                message: "is not a valid header value".to_owned(),
            })?;
            request = request.header(IDEMPOTENCY_KEY, value);
            plan.keyed = true;
        }
        let signer = Signer {
            core: core.clone(),
            operation,
            credentials,
            headers: options.headers,
        };
        // An event stream reconnects by sending the request again: only where that is as
        // safe as a retry (a GET, or a call with an idempotency key).
        let method = reqwest::Method::from_bytes(operation.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let resend = if !resumable || !(plan.keyed || crate::retry::is_idempotent(&method)) {
            None
        } else {
            request.try_clone().map(|again| Resend {
                signer: signer.clone(),
                request: again,
                plan: plan.clone(),
            })
        };
        Ok(signer.send(request, &plan, resend).await?)
    }
}

/// `request`, sent to `next` (resolved against its URL) instead, if `next` is on the base
/// URL's origin. Its extensions (set by the middleware's initialisers) are kept.
fn retarget<E>(core: &ClientCore, mut request: RequestBuilder, next: &str) -> Result<RequestBuilder, Error<E>> {
    let extensions = std::mem::take(request.extensions());
    let (client, built) = request.build_split();
    // A request that does not build fails as sending it would have.
    let mut built = built.map_err(|e| Error::Transport(e.without_url().into()))?;
    *built.url_mut() = crate::paging::follow(core.base_url(), built.url(), next).map_err(Error::Paging)?;
    let mut request = RequestBuilder::from_parts(client, built);
    *request.extensions() = extensions;
    Ok(request)
}

/// What signs and sends one operation's request: the client, the credentials, and the
/// call's own headers. An event stream keeps it, to reconnect as the call was sent.
#[derive(Debug, Clone)]
pub(crate) struct Signer {
    pub(crate) core: ClientCore,
    pub(crate) operation: &'static Operation,
    pub(crate) credentials: Vec<Credential>,
    pub(crate) headers: HeaderMap,
}

impl Signer {
    /// Adds the credentials and the call's headers to `request` and sends it; once more,
    /// with a new token, if the server answered 401 to a token that can be refreshed.
    pub(crate) async fn send(
        &self,
        request: RequestBuilder,
        plan: &Plan,
        resend: Option<Resend>,
    ) -> Result<RawResponse, SendError> {
        let refreshable = self.credentials.iter().any(Credential::is_refreshable);
        let unsigned = if refreshable { request.try_clone() } else { None };
        let (signed, tokens) = self.sign(request).await?;
        let resend_again = resend.as_ref().and_then(Resend::duplicate);
        let response = self.core.execute(self.operation, signed, plan, resend).await?;
        match unsigned {
            Some(request) if response.status() == StatusCode::UNAUTHORIZED => {
                tracing::debug!("fetching a new OAuth2 token after a 401");
                for (credential, token) in self.credentials.iter().zip(&tokens) {
                    credential.forget_token(token.as_ref());
                }
                let (signed, _) = self.sign(request).await?;
                self.core.execute(self.operation, signed, plan, resend_again).await
            }
            _ => Ok(response),
        }
    }

    /// The request with the credentials and the call's headers, and the token each
    /// credential sent (an OAuth2 one's).
    async fn sign(&self, mut request: RequestBuilder) -> Result<(RequestBuilder, Vec<Option<Secret>>), SendError> {
        let mut tokens = Vec::with_capacity(self.credentials.len());
        for credential in &self.credentials {
            let (signed, token) = credential.authorize(request, &self.core).await?;
            request = signed;
            tokens.push(token);
        }
        if !self.headers.is_empty() {
            request = request.headers(self.headers.clone());
        }
        Ok((request, tokens))
    }
}

impl<'a, T, E, H> IntoFuture for Call<'a, T, E, H>
where
    T: Send + 'a,
    E: Send + 'a,
    H: Send + 'a,
{
    type Output = Result<T, Error<E>>;
    type IntoFuture = BoxFuture<'a, Self::Output>;

    /// Sends the call and decodes the body. The future is boxed: one allocation next to an
    /// HTTP request, and one copy of the sending code in the runtime rather than an async
    /// state machine per operation in every generated crate.
    fn into_future(self) -> Self::IntoFuture {
        let decode = self.decode;
        let sent = self.send();
        Box::pin(async move { decode(sent.await?) })
    }
}

/// The credentials of the first alternative of an operation's security requirement whose
/// credentials are all set (`[{a: []}, {b: [], c: []}]` is `&[&[a], &[b, c]]`); none when
/// no alternative is complete, or the operation needs none (`security: []`). Cloned into
/// the call, which then owns what it sends: a few short strings, or an `Arc`.
pub fn security(alternatives: &[&[Option<&Credential>]]) -> Vec<Credential> {
    alternatives
        .iter()
        .find(|all| all.iter().all(Option::is_some))
        .map(|all| all.iter().flatten().map(|c| (*c).clone()).collect())
        .unwrap_or_default()
}
