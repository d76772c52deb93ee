//! Credentials that never print their secret.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest_middleware::RequestBuilder;

use crate::client::ClientCore;
use crate::error::SendError;
use crate::token::ClientCredentials;

/// A secret string (an API key or token). `Debug` and `Display` print `***`, so a secret
/// cannot leak through a logged client, a panic message or an error.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl<T: Into<String>> From<T> for Secret {
    fn from(secret: T) -> Self {
        Self::new(secret)
    }
}

/// How a client proves who it is, as a security scheme of the spec describes it.
#[derive(Clone, Debug)]
pub enum Credential {
    /// `Authorization: Bearer <token>` (an `http` scheme with `scheme: bearer`, or an
    /// OAuth2 or OpenID Connect token the caller obtained).
    Bearer(Secret),
    /// `Authorization: Basic <base64(username:password)>` (an `http` scheme with
    /// `scheme: basic`).
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// An OAuth2 access token from the client credentials grant, fetched, cached, and
    /// fetched again before it expires or once after a 401.
    OAuth2(ClientCredentials),
    /// A key in a request header (an `apiKey` scheme with `in: header`).
    ApiKeyHeader {
        /// The header's name.
        header: HeaderName,
        /// The key.
        key: Secret,
    },
    /// A key in the query string (an `apiKey` scheme with `in: query`).
    ApiKeyQuery {
        /// The query parameter's name.
        parameter: String,
        /// The key.
        key: Secret,
    },
}

impl Credential {
    /// Adds the credential to a request. Header values are marked sensitive, so reqwest and
    /// the HTTP stack below it leave them out of their own debug output. An OAuth2
    /// credential adds the token it holds, if any; calls fetch one first.
    pub fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            Credential::Bearer(token) => bearer(request, token),
            Credential::Basic { username, password } => request.basic_auth(username, Some(password.expose())),
            Credential::ApiKeyHeader { header, key } => request.header(header.clone(), sensitive(key.expose())),
            Credential::ApiKeyQuery { parameter, key } => request.query(&[(parameter.as_str(), key.expose())]),
            Credential::OAuth2(grant) => match grant.cached() {
                Some(token) => bearer(request, &token),
                None => request,
            },
        }
    }

    /// Adds the credential, fetching an OAuth2 token first when none is cached or the
    /// cached one is about to expire; returns the token an OAuth2 credential sent.
    pub(crate) async fn authorize(
        &self,
        request: RequestBuilder,
        core: &ClientCore,
    ) -> Result<(RequestBuilder, Option<Secret>), SendError> {
        match self {
            Credential::OAuth2(grant) => {
                let token = grant.token(core).await.map_err(SendError::Auth)?;
                Ok((bearer(request, &token), Some(token)))
            }
            other => Ok((other.apply(request), None)),
        }
    }

    /// Whether a 401 may be cured by fetching a new token.
    pub(crate) fn is_refreshable(&self) -> bool {
        matches!(self, Credential::OAuth2(_))
    }

    /// Drops the cached token if it is `rejected` (the one the server refused), so the
    /// next call fetches a new one; a token another call has fetched since stays.
    pub(crate) fn forget_token(&self, rejected: Option<&Secret>) {
        if let (Credential::OAuth2(grant), Some(rejected)) = (self, rejected) {
            grant.forget_if(rejected);
        }
    }
}

fn bearer(request: RequestBuilder, token: &Secret) -> RequestBuilder {
    request.header(
        reqwest::header::AUTHORIZATION,
        sensitive(&format!("Bearer {}", token.expose())),
    )
}

fn sensitive(value: &str) -> HeaderValue {
    // A secret with bytes a header cannot carry is sent empty rather than panicking; the
    // server then answers 401, which names the problem.
    let mut value = HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static(""));
    value.set_sensitive(true);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_secret() {
        let secret = Secret::new("sk-live-123");
        assert_eq!(format!("{secret:?} {secret}"), "Secret(***) ***");
        let credential = Credential::ApiKeyHeader {
            header: HeaderName::from_static("access_token"),
            key: secret,
        };
        let printed = format!("{credential:?}");
        assert!(!printed.contains("sk-live-123"), "{printed}");
        assert!(printed.contains("access_token"), "{printed}");
    }
}
