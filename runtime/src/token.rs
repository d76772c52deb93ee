//! OAuth2 access tokens from the client credentials grant (RFC 6749 §4.4), through the
//! `oauth2` crate: fetched on first use, cached, fetched again shortly before they expire
//! or once after the API answers 401.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oauth2::basic::BasicClient;
use oauth2::{ClientId, ClientSecret, HttpRequest, HttpResponse, RequestTokenError, Scope, TokenResponse, TokenUrl};

use reqwest_middleware::ClientWithMiddleware;

use crate::client::ClientCore;
use crate::error::AuthError;
use crate::secret::Secret;

/// The client credentials grant: a client id and secret traded at a token endpoint for a
/// short-lived access token, sent as a bearer token. Cheap to clone; clones share the
/// cached token. `Debug` shows neither the secret nor the token.
#[derive(Clone)]
pub struct ClientCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    cached: Mutex<Option<Token>>,
    /// One fetch at a time: concurrent calls wait for it rather than each fetching.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Token {
    access: Secret,
    /// When to fetch a new one: a little before the server says it expires.
    renew_at: Option<Instant>,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.inner.token_url)
            .field("client_id", &self.inner.client_id)
            .field("client_secret", &self.inner.client_secret)
            .field("scopes", &self.inner.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// The longest a token is renewed before it expires.
    pub const RENEW_BEFORE: Duration = Duration::from_secs(30);

    /// Tokens from `token_url` (absolute, or relative to the client's base URL) for this
    /// client, asking for `scopes` (none: the server's default).
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        scopes: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                token_url: token_url.into(),
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                scopes: scopes.into_iter().map(Into::into).collect(),
                cached: Mutex::new(None),
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The cached token, if it is still fresh.
    pub(crate) fn cached(&self) -> Option<Secret> {
        let cached = self.inner.cached.lock().unwrap_or_else(|e| e.into_inner());
        cached
            .as_ref()
            .filter(|t| t.renew_at.is_none_or(|at| Instant::now() < at))
            .map(|t| t.access.clone())
    }

    /// Forgets the cached token if it is `rejected`.
    pub(crate) fn forget_if(&self, rejected: &Secret) {
        let mut cached = self.inner.cached.lock().unwrap_or_else(|e| e.into_inner());
        if cached.as_ref().is_some_and(|t| &t.access == rejected) {
            *cached = None;
        }
    }

    /// A fresh token: the cached one, or a new one from the token endpoint.
    pub(crate) async fn token(&self, core: &ClientCore) -> Result<Secret, AuthError> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _one_at_a_time = self.inner.fetching.lock().await;
        // Another call may have fetched one while this one waited.
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        // The token request is bounded like a call: by the client's timeout.
        let token = match core.timeout() {
            Some(limit) => tokio::time::timeout(limit, self.fetch(core))
                .await
                .unwrap_or_else(|_| {
                    Err(AuthError {
                        message: format!("the OAuth2 token request took longer than {limit:?}"),
                    })
                })?,
            None => self.fetch(core).await?,
        };
        let access = token.access.clone();
        *self.inner.cached.lock().unwrap_or_else(|e| e.into_inner()) = Some(token);
        Ok(access)
    }

    async fn fetch(&self, core: &ClientCore) -> Result<Token, AuthError> {
        let inner = &self.inner;
        // A relative token URL is resolved against the base URL, as RFC 3986 says.
        let url = oauth2::url::Url::parse(core.base_url())
            .and_then(|base| base.join(&inner.token_url))
            .or_else(|_| oauth2::url::Url::parse(&inner.token_url))
            .map_err(|e| AuthError {
                message: format!("the OAuth2 token URL `{}` is not a URL: {e}", inner.token_url),
            })?;
        let token_url = TokenUrl::from_url(url);
        let client = BasicClient::new(ClientId::new(inner.client_id.clone()))
            .set_client_secret(ClientSecret::new(inner.client_secret.expose().to_owned()))
            .set_token_uri(token_url);
        let (through, limit) = (core.http().clone(), core.max_response_bytes());
        let http = move |request: HttpRequest| send(through.clone(), request, limit);
        let started = Instant::now();
        let response = client
            .exchange_client_credentials()
            .add_scopes(inner.scopes.iter().cloned().map(Scope::new))
            .request_async(&http)
            .await
            .map_err(|error| AuthError {
                message: describe(&error),
            })?;
        let renew_at = response.expires_in().map(|lifetime| {
            let early = (lifetime / 2).min(Self::RENEW_BEFORE);
            started + lifetime.saturating_sub(early)
        });
        Ok(Token {
            access: Secret::new(response.access_token().secret().clone()),
            renew_at,
        })
    }
}

/// The token request, sent through the client's own HTTP stack (its middleware, proxy
/// and TLS settings).
async fn send(
    http: ClientWithMiddleware,
    request: HttpRequest,
    limit: usize,
) -> Result<HttpResponse, reqwest_middleware::Error> {
    let (parts, body) = request.into_parts();
    let response = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await?;
    let mut built = HttpResponse::new(Vec::new());
    *built.status_mut() = response.status();
    *built.headers_mut() = response.headers().clone();
    let mut body = Vec::new();
    let mut response = response;
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(reqwest_middleware::Error::middleware(TooLarge(limit)));
        }
        body.extend_from_slice(&chunk);
    }
    *built.body_mut() = body;
    Ok(built)
}

/// A token request's failure, with the server's OAuth2 error code and description but
/// never the secret or a token.
fn describe<RE: std::error::Error + 'static, T: oauth2::ErrorResponse + 'static>(
    error: &RequestTokenError<RE, T>,
) -> String {
    match error {
        RequestTokenError::ServerResponse(response) => {
            format!("the OAuth2 token endpoint refused: {response}")
        }
        RequestTokenError::Request(error) => {
            format!("the OAuth2 token request failed: {error}")
        }
        // Neither the body (a 200's holds the token) nor serde's message (it may quote a
        // value): only where it stopped.
        RequestTokenError::Parse(error, _) => {
            format!("the OAuth2 token response does not parse at `{}`", error.path())
        }
        RequestTokenError::Other(message) => format!("the OAuth2 token request failed: {message}"),
    }
}

/// A token response over the client's size cap.
#[derive(Debug)]
struct TooLarge(usize);

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token response is larger than the {}-byte limit", self.0)
    }
}

impl std::error::Error for TooLarge {}
