//! What the builder of a generated operation shares with every other: the methods of a
//! [`Call`](crate::Call) and `IntoFuture`, written once here rather than in every operation.
//!
//! An operation with optional inputs returns a builder holding its inputs; an operation
//! without them returns its `Call`. So that code written against the `Call` keeps compiling
//! when the spec gives the operation its first optional parameter, the builder has the
//! `Call`'s methods, each applied to the call it makes.

/// Implements the `Call`'s methods and `IntoFuture` for `$builder<'a>`, a struct with an
/// `options: CallOptions` field and a `send(self) -> Call<'a, $ok, $err, $headers>` method.
///
/// Every method is `#[inline]`, as the operation's own are: rustc then compiles it (and the
/// decoding of `$ok` and `$err` it reaches) only in a crate that calls it, not in the
/// generated crate, so a user pays for the operations they use.
#[doc(hidden)]
#[macro_export]
macro_rules! __call_builder {
    ($builder:ident => $ok:ty, $err:ty, $headers:ty) => {
        impl<'a> $builder<'a> {
            /// Adds a header to the request (see `Call::header`).
            #[inline]
            pub fn header(
                mut self,
                name: $crate::reqwest::header::HeaderName,
                value: $crate::reqwest::header::HeaderValue,
            ) -> Self {
                self.options = self.options.header(name, value);
                self
            }

            /// Limits each attempt to `timeout` instead of the client's (see `Call::timeout`).
            #[inline]
            pub fn timeout(mut self, timeout: ::std::option::Option<::std::time::Duration>) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// Retries by `retry` instead of the client's policy (see `Call::retry`).
            #[inline]
            pub fn retry(mut self, retry: $crate::RetryPolicy) -> Self {
                self.options = self.options.retry(retry);
                self
            }

            /// Sends `key` as the `Idempotency-Key` header (see `Call::idempotency_key`).
            #[inline]
            pub fn idempotency_key(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.options = self.options.idempotency_key(key);
                self
            }

            /// Sends a new random `Idempotency-Key`, unless one is set (see `Call::idempotent`).
            #[inline]
            pub fn idempotent(mut self) -> Self {
                self.options = self.options.idempotent_once();
                self
            }

            /// The idempotency key this call sends, if any (see `Call::idempotency_key_value`).
            #[inline]
            pub fn idempotency_key_value(&self) -> ::std::option::Option<&str> {
                self.options.idempotency_key_value()
            }

            /// Applies a set of options; those it sets win (see `Call::options`).
            #[inline]
            pub fn options(mut self, options: &$crate::CallOptions) -> Self {
                self.options = self.options.merged(options);
                self
            }

            /// Sends the call and returns the status, the headers and the decoded body (see
            /// `Call::response`).
            #[inline]
            pub async fn response(self) -> ::std::result::Result<$crate::Response<$ok, $headers>, $crate::Error<$err>> {
                self.send().response().await
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::std::result::Result<$ok, $crate::Error<$err>>;
            type IntoFuture = $crate::futures::future::BoxFuture<'a, Self::Output>;

            /// Sends the call and decodes the body.
            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                ::std::future::IntoFuture::into_future(self.send())
            }
        }
    };
}
