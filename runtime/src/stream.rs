//! A response body as a stream of chunks, for downloads too large to hold in memory.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures::stream::{self, BoxStream, Stream, StreamExt};

use crate::error::Error;

/// The body of a binary response, chunk by chunk as it arrives: never held whole in
/// memory, and not limited by the client's response size cap. Each wait for a chunk is
/// bounded by the client's (or the call's) timeout. A connection that breaks mid-body
/// yields an error and ends the stream.
///
/// ```no_run
/// # async fn save(body: openapi_client_runtime::ByteStream) -> Result<(), Box<dyn std::error::Error>> {
/// use futures::StreamExt;
/// let mut body = body;
/// let mut file = Vec::new(); // or a tokio::fs::File
/// while let Some(chunk) = body.next().await {
///     file.extend_from_slice(&chunk?);
/// }
/// # Ok(()) }
/// ```
pub struct ByteStream {
    status: reqwest::StatusCode,
    content_length: Option<u64>,
    chunks: BoxStream<'static, Result<Bytes, Error>>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(response: reqwest::Response, idle: Option<Duration>) -> Self {
        let (status, content_length) = (response.status(), response.content_length());
        let chunks = stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            let next = match idle {
                Some(idle) => match tokio::time::timeout(idle, response.chunk()).await {
                    Ok(next) => next,
                    Err(elapsed) => {
                        return Some((
                            Err(Error::Timeout(reqwest_middleware::Error::middleware(elapsed))),
                            None,
                        ));
                    }
                },
                None => response.chunk().await,
            };
            match next {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(error) if error.is_timeout() => Some((Err(Error::Timeout(error.without_url().into())), None)),
                Err(error) => Some((Err(Error::Transport(error.without_url().into())), None)),
            }
        })
        .boxed();
        Self {
            status,
            content_length,
            chunks,
        }
    }

    /// A stream of one chunk already read (a body a custom transport read whole).
    pub(crate) fn once(bytes: Bytes) -> Self {
        Self {
            status: reqwest::StatusCode::OK,
            content_length: Some(bytes.len() as u64),
            chunks: stream::once(async move { Ok(bytes) }).boxed(),
        }
    }

    /// The body's length, when the server sent `Content-Length`.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Reads the rest of the body into memory, refusing more than `limit` bytes.
    pub async fn collect(mut self, limit: usize) -> Result<Bytes, Error> {
        let mut body = BytesMut::new();
        while let Some(chunk) = self.chunks.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge {
                    status: self.status,
                    limit,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.poll_next_unpin(cx)
    }
}
