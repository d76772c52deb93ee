//! `text/event-stream` responses as a typed stream of server-sent events, reconnecting
//! after a dropped connection as the SSE specification says: after the server's `retry`
//! delay, with `Last-Event-ID`. Parsing is `sseer`'s (`eventsource-stream` panics on a
//! stream that starts with a byte order mark, and stalls on one invalid UTF-8 byte).

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{self, BoxStream, Stream, StreamExt};
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use reqwest_middleware::RequestBuilder;
use sseer::errors::EventStreamError;

use crate::call::Signer;
use crate::client::Plan;
use crate::error::Error;
use crate::stream::ByteStream;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<D> {
    /// The event's type (`message` when the server names none).
    pub event: String,
    /// The last event id the server set, if any: sent back as `Last-Event-ID` on a
    /// reconnection.
    pub id: Option<String>,
    /// The reconnection delay the server asked for with this event.
    pub retry: Option<Duration>,
    /// The data, decoded into the type the spec declares (`String` for plain text).
    pub data: D,
}

/// How an event's data is read: as text, or as JSON of the spec's schema.
pub type DataDecoder<D> = fn(&str) -> Result<D, serde_json::Error>;

/// Reads an event's data as text.
pub fn text(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

/// Reads an event's data as JSON of `D`.
pub fn json<D: serde::de::DeserializeOwned>(data: &str) -> Result<D, serde_json::Error> {
    serde_json::from_str(data)
}

/// What it takes to send an event stream's request again: the request before it was
/// signed (a reconnection signs it anew, with a fresh token if need be), and how.
#[derive(Debug)]
pub(crate) struct Resend {
    pub(crate) signer: Signer,
    pub(crate) request: RequestBuilder,
    pub(crate) plan: Plan,
}

impl Resend {
    /// Another copy, if the request can be cloned.
    pub(crate) fn duplicate(&self) -> Option<Resend> {
        Some(Resend {
            signer: self.signer.clone(),
            request: self.request.try_clone()?,
            plan: self.plan.clone(),
        })
    }
}

/// The events of a `text/event-stream` response, their data decoded into `D`.
///
/// When the connection drops mid-stream, the stream waits for the delay the server last
/// set with `retry:` (3 s until it sets one), sends the request again with the
/// `Last-Event-ID` header (signed anew: a refreshed OAuth2 token if need be), and goes on
/// with the new response's events; after [`EventStream::MAX_RECONNECTS`] reconnections in
/// a row without an event it yields the error and ends. Only a request as safe to send
/// twice as a retry is sent again (a GET, or a call with an idempotency key); a dropped
/// POST stream yields the error and ends. The wait for each chunk is bounded by the
/// timeout of the call, but never less than [`EventStream::MIN_IDLE`], as servers may be
/// silent between events.
/// A server that answers a reconnection with 204 ends the stream, as the specification
/// says. A stream the server ends cleanly ends here too (no reconnection): APIs that
/// stream a finite answer over SSE close it when they are done.
///
/// An event whose data does not decode is yielded as an [`Error::Decode`], and the stream
/// goes on.
pub struct EventStream<D> {
    events: BoxStream<'static, Result<Event<D>, Error>>,
}

impl<D> fmt::Debug for EventStream<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").finish_non_exhaustive()
    }
}

struct State<D> {
    events: Option<BoxStream<'static, Result<sseer::event::Event, EventStreamError<Error>>>>,
    last_id: String,
    retry: Duration,
    resend: Option<Resend>,
    failures: u32,
    data: DataDecoder<D>,
}

impl<D: Send + 'static> EventStream<D> {
    /// The most reconnection attempts in a row before the stream gives up.
    pub const MAX_RECONNECTS: u32 = 5;
    /// The reconnection delay until the server sets one.
    pub const DEFAULT_RETRY: Duration = Duration::from_secs(3);
    /// The shortest wait for the next chunk before the connection counts as dropped.
    pub const MIN_IDLE: Duration = Duration::from_secs(300);

    pub(crate) fn new(body: ByteStream, resend: Option<Resend>, data: DataDecoder<D>) -> Self {
        let state = State {
            events: Some(parse(body, "")),
            last_id: String::new(),
            retry: Self::DEFAULT_RETRY,
            resend,
            failures: 0,
            data,
        };
        Self {
            events: stream::unfold(state, next).boxed(),
        }
    }

    pub(crate) fn from_bytes(bytes: Bytes, data: DataDecoder<D>) -> Self {
        Self::new(ByteStream::once(bytes), None, data)
    }
}

/// The next event, reconnecting as needed.
async fn next<D>(mut state: State<D>) -> Option<(Result<Event<D>, Error>, State<D>)> {
    loop {
        let Some(events) = state.events.as_mut() else {
            match reconnect(&mut state).await? {
                Ok(()) => continue,
                Err(error) => {
                    state.resend = None;
                    return Some((Err(error), state));
                }
            }
        };
        match events.next().await {
            Some(Ok(event)) => {
                state.failures = 0;
                if let Some(retry) = event.retry {
                    state.retry = retry;
                }
                state.last_id = event.id.to_string();
                let decoded = match (state.data)(&event.data) {
                    Ok(data) => Ok(Event {
                        event: if event.event.is_empty() {
                            "message".to_owned()
                        } else {
                            event.event.to_string()
                        },
                        id: Some(event.id.to_string()).filter(|id| !id.is_empty()),
                        retry: event.retry,
                        data,
                    }),
                    Err(source) => Err(Error::Decode {
                        status: StatusCode::OK,
                        headers: Box::default(),
                        path: "data".to_owned(),
                        source,
                        body: Bytes::copy_from_slice(event.data.as_bytes()),
                    }),
                };
                return Some((decoded, state));
            }
            // The server ended the stream.
            None => return None,
            // Bytes that are not UTF-8: reported, and the stream goes on.
            Some(Err(EventStreamError::Utf8Error(error))) => {
                let error = Error::Transport(reqwest_middleware::Error::middleware(Broken(error.to_string())));
                return Some((Err(error), state));
            }
            Some(Err(EventStreamError::Transport(error))) => {
                tracing::debug!(%error, "the event stream broke; reconnecting");
                state.events = None;
                if state.resend.is_none() {
                    return Some((Err(error), state));
                }
            }
        }
    }
}

/// Parses a body into events, picking up after `last_id`.
fn parse(body: ByteStream, last_id: &str) -> BoxStream<'static, Result<sseer::event::Event, EventStreamError<Error>>> {
    let mut events = sseer::EventStream::new(body);
    events.set_last_event_id(last_id.to_owned());
    events.boxed()
}

/// Sends the request again after the server's delay; `None` ends the stream (a 204, or
/// nothing to resend).
async fn reconnect<D>(state: &mut State<D>) -> Option<Result<(), Error>> {
    let resend = state.resend.as_ref()?;
    loop {
        // Every reconnection counts until an event arrives: one that connects and drops
        // again at once is a failure too.
        state.failures += 1;
        if state.failures > EventStream::<()>::MAX_RECONNECTS {
            return Some(Err(Error::Transport(reqwest_middleware::Error::middleware(Broken(
                format!("no event after {} reconnections", EventStream::<()>::MAX_RECONNECTS),
            )))));
        }
        tokio::time::sleep(state.retry).await;
        let mut request = resend.request.try_clone()?;
        if !state.last_id.is_empty() {
            if let Ok(id) = HeaderValue::from_str(&state.last_id) {
                request = request.header("last-event-id", id);
            }
        }
        let failure = match resend.signer.send(request, &resend.plan, None).await {
            Ok(response) if response.status() == StatusCode::NO_CONTENT => return None,
            Ok(response) if response.status().is_success() => {
                let body = match response.byte_stream::<()>() {
                    Ok(body) => body,
                    Err(_) => return None,
                };
                state.events = Some(parse(body, &state.last_id));
                return Some(Ok(()));
            }
            Ok(response) => response.unexpected(),
            Err(error) => Error::from(error),
        };
        if state.failures >= EventStream::<()>::MAX_RECONNECTS {
            return Some(Err(failure));
        }
        tracing::debug!(error = %failure, failures = state.failures, "reconnecting the event stream failed");
    }
}

/// A stream that could not be parsed any further.
#[derive(Debug)]
struct Broken(String);

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the event stream is malformed: {}", self.0)
    }
}

impl std::error::Error for Broken {}

impl<D> Stream for EventStream<D> {
    type Item = Result<Event<D>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.poll_next_unpin(cx)
    }
}
