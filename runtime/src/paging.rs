//! Streams of items over every page of a paged operation, in the four styles APIs use:
//! an offset and a limit, a page number, a cursor the server hands back, and a `next` link
//! (generated code reads it from an RFC 8288 `Link` header; [`link`] takes it from wherever
//! its caller reads it, a body included).
//!
//! The generated method for a paged operation fetches one page; these functions turn it
//! into one stream of items. Every style goes through one driver, so a stream behaves the
//! same whatever the style:
//!
//! - items come one by one, in the order of the pages;
//! - an error (from a fetch, or a guard below) is yielded once and ends the stream, so a
//!   consumer can tell a complete list from a broken one;
//! - [`Caps`] end a stream, without an error, after so many items or so many pages;
//! - a server that does not advance ends the stream with [`Error::Paging`] instead of
//!   looping forever: one that answers a page identical to the one before (it ignores the
//!   offset, the page number or the cursor), or hands back a cursor or `next` link that was
//!   already requested. (Found on a server that ignored the offset: the stream yielded the
//!   same 100 items forever.) Two consecutive pages that are truly equal would stop a
//!   list too; real items carry an id, so only a list of bare values (page size 1 over
//!   `[7, 7]`) could trip it, and an empty page never does.
//!
//! A well-behaved list that never ends (a feed) is a stream that never ends: it runs until
//! the consumer stops polling it (drops it, or takes a few with `take`), or until a cap.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::future::Future;
use std::hash::Hash;

use futures::stream::{self, BoxStream, StreamExt};
use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};

use crate::error::{Error, ValidationError};

/// Limits on a stream, so a caller can take "the first 500 items" or "at most 10 requests"
/// without counting: the stream ends, successfully, once it has yielded `items` items or
/// fetched `pages` pages. No cap by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Caps {
    max_items: Option<u64>,
    max_pages: Option<u64>,
}

impl Caps {
    /// No cap: the stream ends with the list (or an error).
    pub const fn none() -> Self {
        Self {
            max_items: None,
            max_pages: None,
        }
    }

    /// Ends the stream after `n` items (the last page fetched may hold more; they are
    /// dropped).
    pub const fn items(mut self, n: u64) -> Self {
        self.max_items = Some(n);
        self
    }

    /// Ends the stream after `n` pages are fetched, that is, after `n` requests.
    pub const fn pages(mut self, n: u64) -> Self {
        self.max_pages = Some(n);
        self
    }

    /// The cap on items, if any.
    pub const fn max_items(&self) -> Option<u64> {
        self.max_items
    }

    /// The cap on pages, if any.
    pub const fn max_pages(&self) -> Option<u64> {
        self.max_pages
    }
}

/// Why a paging stream stopped early: the server did not advance, or a `next` link pointed
/// at another origin. Carried by [`Error::Paging`]. The message never holds a URL (a
/// `next` link may carry a key in its query), only origins and request numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PagingError {
    message: String,
}

impl PagingError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// What went wrong, in a sentence.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// One page of an offset/limit or page-number list: its items, and the total the server
/// reports, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// How many items the whole list has, when the server says.
    pub total: Option<i64>,
}

/// One page of a cursor or link list: its items, and where the next page is.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorPage<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The cursor (or, for [`link`], the URL) of the next page; `None` or empty on the
    /// last page.
    pub next: Option<String>,
}

/// Streams every item, fetching `limit` items at a time from offset `start`; `fetch` gets
/// the offset and the limit. A `limit` of `None` (an optional limit the caller left unset,
/// with no `max-limit` declared) leaves the page size to the server: the next offset is
/// still the items received, but no page is known to be short.
///
/// Stops after an empty page, after a page shorter than `limit`, or once the offset
/// reaches the reported total, whichever comes first. A page identical to the one before
/// ends the stream with [`Error::Paging`]: the server ignores the offset.
///
/// Generated code checks `limit` against the spec first; a `limit` below 1 (which would
/// never advance) is still refused here, with one [`Error::Validation`] and no request.
///
/// The stream is boxed: `Unpin`, so `stream.next().await` works without pinning, and
/// `Send`, so it can move to another task. One allocation per stream is nothing next to
/// an HTTP request per page.
pub fn offset_limit<'a, T, E, F, Fut>(
    start: i64,
    limit: Option<i64>,
    caps: Caps,
    mut fetch: F,
) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: PartialEq + Clone + Send + 'a,
    E: Send + 'a,
    F: FnMut(i64, Option<i64>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send + 'a,
{
    if let Some(limit) = limit.filter(|&limit| limit < 1) {
        let error = ValidationError {
            parameter: "limit",
            message: format!("must be at least 1, not {limit}"),
        };
        return stream::once(async move { Err(Error::Validation(error)) }).boxed();
    }
    drive(
        Offset(start),
        caps,
        move |Offset(offset)| fetch(offset, limit),
        move |&Offset(offset), page: Page<T>| {
            let fetched = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
            let next = offset.saturating_add(fetched);
            let short = limit.is_some_and(|limit| fetched < limit);
            let last = fetched == 0 || short || page.total.is_some_and(|total| next >= total);
            (page.items, (!last).then_some(Offset(next)))
        },
    )
}

/// Streams every item, fetching page `first`, then the page after it, and so on; `fetch`
/// gets the page number. [`Page::total`] is the total number of items, when reported.
///
/// Stops after an empty page, or once the items this stream has seen reach the total (a
/// stream that starts after the first page counts from there, so it stops at the empty
/// page instead). A page identical to the one before ends the stream with
/// [`Error::Paging`]: the server ignores the page number.
pub fn page_number<'a, T, E, F, Fut>(first: i64, caps: Caps, mut fetch: F) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: PartialEq + Clone + Send + 'a,
    E: Send + 'a,
    F: FnMut(i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + Send + 'a,
{
    let mut seen = 0i64;
    drive(
        PageNumber(first),
        caps,
        move |PageNumber(page)| fetch(page),
        move |&PageNumber(page), fetched: Page<T>| {
            let count = i64::try_from(fetched.items.len()).unwrap_or(i64::MAX);
            seen = seen.saturating_add(count);
            let last = count == 0 || fetched.total.is_some_and(|total| seen >= total);
            (fetched.items, (!last).then_some(PageNumber(page.saturating_add(1))))
        },
    )
}

/// Streams every item, fetching the page at cursor `first` (`None`: the first page), then
/// at each cursor the server hands back; `fetch` gets the cursor to send.
///
/// Stops when the server hands back no cursor, or an empty one. A cursor that was already
/// sent, or a page identical to the one before, ends the stream with [`Error::Paging`]: the
/// server is going in circles. (An empty page with a new cursor is followed: some servers
/// filter pages after cutting them.)
pub fn cursor<'a, T, E, F, Fut>(first: Option<String>, caps: Caps, fetch: F) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: PartialEq + Clone + Send + 'a,
    E: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<CursorPage<T>, Error<E>>> + Send + 'a,
{
    let mut fetch = fetch;
    drive(
        Cursor(first.filter(|c| !c.is_empty())),
        caps,
        move |Cursor(cursor)| fetch(cursor),
        |_: &Cursor, page: CursorPage<T>| (page.items, non_empty(page.next).map(|c| Cursor(Some(c)))),
    )
}

/// Streams every item, fetching the first page (`fetch` gets `None`), then following each
/// `next` link (`fetch` gets `Some(url)`, the link as the server wrote it; the generated
/// code sends it with [`Call::at_url`](crate::Call::at_url), which resolves it and refuses
/// another origin). The link comes from a `Link` header (read it with [`next_link`]) or
/// from the body.
///
/// Stops when there is no `next` link, or an empty one. A link that was already followed,
/// or a page identical to the one before, ends the stream with [`Error::Paging`].
pub fn link<'a, T, E, F, Fut>(caps: Caps, fetch: F) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: PartialEq + Clone + Send + 'a,
    E: Send + 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<CursorPage<T>, Error<E>>> + Send + 'a,
{
    let mut fetch = fetch;
    drive(
        Link(None),
        caps,
        move |Link(url)| fetch(url),
        |_: &Link, page: CursorPage<T>| (page.items, non_empty(page.next).map(|url| Link(Some(url)))),
    )
}

fn non_empty(next: Option<String>) -> Option<String> {
    next.filter(|next| !next.is_empty())
}

/// Where a page is: what one request of a style asks for. The driver remembers every
/// position it requested, and names them in its errors.
trait Position: Clone + Eq + Hash + Send {
    /// What a server that answers the same page twice ignores.
    const IGNORED: &'static str;

    /// The position in an error message: `offset 100`, ``cursor `abc` ``.
    fn describe(&self) -> String;
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Offset(i64);

#[derive(Clone, PartialEq, Eq, Hash)]
struct PageNumber(i64);

#[derive(Clone, PartialEq, Eq, Hash)]
struct Cursor(Option<String>);

#[derive(Clone, PartialEq, Eq, Hash)]
struct Link(Option<String>);

impl Position for Offset {
    const IGNORED: &'static str = "the offset";

    fn describe(&self) -> String {
        format!("offset {}", self.0)
    }
}

impl Position for PageNumber {
    const IGNORED: &'static str = "the page number";

    fn describe(&self) -> String {
        format!("page {}", self.0)
    }
}

impl Position for Cursor {
    const IGNORED: &'static str = "the cursor";

    fn describe(&self) -> String {
        match &self.0 {
            None => "the first request".to_owned(),
            // Cursors are opaque and can be long; the start tells them apart in a log.
            Some(cursor) => match cursor.char_indices().nth(40) {
                Some((end, _)) => format!("cursor `{}...`", &cursor[..end]),
                None => format!("cursor `{cursor}`"),
            },
        }
    }
}

impl Position for Link {
    const IGNORED: &'static str = "the `next` link";

    fn describe(&self) -> String {
        // Never the URL: a server may echo a query-string key into its links.
        match &self.0 {
            None => "the first request".to_owned(),
            Some(_) => "a `next` link".to_owned(),
        }
    }
}

/// The one loop behind every style: fetch a position, yield its items, and decide whether
/// and where to go on. `fetch` starts a request; `advance` reads a page into its items and
/// the next position (`None`: the list is done), and is where a style's rules live.
fn drive<'a, K, P, T, E, F, Fut, A>(first: K, caps: Caps, fetch: F, advance: A) -> BoxStream<'a, Result<T, Error<E>>>
where
    K: Position + 'a,
    T: PartialEq + Clone + Send + 'a,
    E: Send + 'a,
    F: FnMut(K) -> Fut + Send + 'a,
    Fut: Future<Output = Result<P, Error<E>>> + Send + 'a,
    A: FnMut(&K, P) -> (Vec<T>, Option<K>) + Send + 'a,
{
    let walk = Walk {
        fetch,
        advance,
        caps,
        next: Some(first),
        requested: HashMap::new(),
        previous: None,
        items: Vec::new().into_iter(),
        pages: 0,
        yielded: 0,
    };
    stream::unfold(walk, |mut walk| async move {
        let item = walk.step().await?;
        Some((item, walk))
    })
    .boxed()
}

/// The driver's state between two items.
struct Walk<K, T, F, A> {
    fetch: F,
    advance: A,
    caps: Caps,
    /// The position to fetch once `items` is drained; `None` once the list is done or has
    /// failed.
    next: Option<K>,
    /// Every position requested, with its request number (1 for the first).
    requested: HashMap<K, u64>,
    /// The last page and where it was, to catch a server that answers it again.
    previous: Option<(K, Vec<T>)>,
    /// The rest of the current page.
    items: std::vec::IntoIter<T>,
    /// Pages fetched.
    pages: u64,
    /// Items handed to the consumer (or queued in `items` for it).
    yielded: u64,
}

impl<K, T, F, A> Walk<K, T, F, A>
where
    K: Position,
    T: PartialEq + Clone,
{
    /// The next item, or the error that ends the stream, or `None` at its end.
    async fn step<P, E, Fut>(&mut self) -> Option<Result<T, Error<E>>>
    where
        F: FnMut(K) -> Fut,
        Fut: Future<Output = Result<P, Error<E>>>,
        A: FnMut(&K, P) -> (Vec<T>, Option<K>),
    {
        // Each turn fetches one page; an empty page that does not end the list (a cursor
        // list's) takes another turn. Bounded: each turn is a new position or an error.
        loop {
            if let Some(item) = self.items.next() {
                return Some(Ok(item));
            }
            // `take`: whatever happens below, an error leaves `next` empty, so the stream
            // ends after yielding it.
            let position = self.next.take()?;
            let capped = |cap: Option<u64>, count: u64| cap.is_some_and(|cap| count >= cap);
            if capped(self.caps.max_items, self.yielded) || capped(self.caps.max_pages, self.pages) {
                return None;
            }
            let request = self.pages + 1;
            match self.requested.entry(position.clone()) {
                Entry::Occupied(earlier) => {
                    return Some(Err(stopped(format!(
                        "request {request} would repeat request {} ({}): the server is going in circles",
                        earlier.get(),
                        position.describe(),
                    ))));
                }
                Entry::Vacant(entry) => {
                    entry.insert(request);
                }
            }
            self.pages = request;
            let page = match (self.fetch)(position.clone()).await {
                Ok(page) => page,
                Err(error) => return Some(Err(error)),
            };
            let (mut items, next) = (self.advance)(&position, page);
            // An empty page is never "the same page": two empty pages in a row are how some
            // cursor lists filter, and an empty page ends the other styles anyway.
            if let Some((before, previous)) = &self.previous {
                if !items.is_empty() && *previous == items {
                    return Some(Err(stopped(format!(
                        "the server returned the same page for {} and {} (it ignores {})",
                        before.describe(),
                        position.describe(),
                        K::IGNORED,
                    ))));
                }
            }
            self.previous = Some((position, items.clone()));
            if let Some(max) = self.caps.max_items {
                items.truncate(usize::try_from(max - self.yielded).unwrap_or(usize::MAX));
            }
            self.yielded += items.len() as u64;
            self.next = next;
            self.items = items.into_iter();
        }
    }
}

fn stopped<E>(message: String) -> Error<E> {
    Error::Paging(PagingError::new(message))
}

/// The URI of the `Link` header's `rel="next"` link, as written (a relative reference is
/// not resolved: [`Call::at_url`](crate::Call::at_url) resolves it against the request's
/// URL). `None` when no link has the `next` relation.
///
/// Reads RFC 8288 links: any number of header lines, each with comma-separated links;
/// parameters with or without quotes and with spaces around `;` and `=`; a `rel` with
/// several relations (`rel="next last"`); commas and semicolons inside `<...>`; relations
/// compared without regard to case. A malformed link is skipped, not fatal.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers.get_all(LINK).iter().find_map(|value| {
        let value = String::from_utf8_lossy(value.as_bytes());
        links(&value)
            .into_iter()
            .find(|(_, rels)| {
                rels.split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
            })
            .map(|(uri, _)| uri.to_owned())
    })
}

/// The links of one `Link` header value: each URI with its `rel` (empty when it has none).
fn links(value: &str) -> Vec<(&str, String)> {
    let mut found = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return found;
        }
        let Some(after) = rest.strip_prefix('<') else {
            // Not a link: skip to the next one.
            rest = skip_link(rest);
            continue;
        };
        let Some(end) = after.find('>') else {
            return found;
        };
        let uri = after[..end].trim();
        rest = &after[end + 1..];
        let mut rel: Option<String> = None;
        // Parameters: `; name`, `; name=token`, `; name="quoted"`, until a `,` or the end.
        loop {
            rest = rest.trim_start();
            let Some(after) = rest.strip_prefix(';') else {
                break;
            };
            rest = after.trim_start();
            let name_end = rest
                .find(|c: char| c == '=' || c == ';' || c == ',' || c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = match rest.strip_prefix('=') {
                Some(after) => {
                    let (value, after) = param_value(after.trim_start());
                    rest = after;
                    value
                }
                None => String::new(),
            };
            // RFC 8288 3.3: a `rel` after the first is ignored.
            if name.eq_ignore_ascii_case("rel") && rel.is_none() {
                rel = Some(value);
            }
        }
        found.push((uri, rel.unwrap_or_default()));
        // Anything else before the next `,` is malformed; skip it.
        rest = skip_link(rest);
    }
}

/// A parameter's value (a quoted string, unescaped, or a token) and what follows it.
fn param_value(rest: &str) -> (String, &str) {
    if let Some(quoted) = rest.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return (value, &quoted[i + 1..]),
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        value.push(escaped);
                    }
                }
                c => value.push(c),
            }
        }
        // No closing quote: the value runs to the end.
        (value, "")
    } else {
        let end = rest
            .find(|c: char| c == ';' || c == ',' || c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        (rest[..end].to_owned(), &rest[end..])
    }
}

/// What follows the next `,` outside quotes and `<...>`, or nothing.
fn skip_link(rest: &str) -> &str {
    let (mut quoted, mut bracketed, mut escaped) = (false, false, false);
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' if !bracketed => quoted = !quoted,
            '<' if !quoted => bracketed = true,
            '>' if !quoted => bracketed = false,
            ',' if !quoted && !bracketed => return &rest[i + 1..],
            _ => {}
        }
    }
    ""
}

/// Where a `next` link leads: `next` resolved against `current`, the URL of the request it
/// replaces (as RFC 8288 resolves a `Link` header's references, against the request's URL),
/// if it stays on the origin (scheme, host and port) of `base_url`. Credentials go with
/// the request, so a link to another origin is refused before anything is sent.
pub(crate) fn follow(base_url: &str, current: &Url, next: &str) -> Result<Url, PagingError> {
    let base = Url::parse(base_url)
        .map_err(|_| PagingError::new("the client's base URL is not an absolute URL, so no `next` link is followed"))?;
    let url = current
        .join(next.trim())
        .map_err(|e| PagingError::new(format!("the `next` link is not a URL: {e}")))?;
    let (origin, allowed) = (url.origin(), base.origin());
    if !origin.is_tuple() || origin != allowed {
        return Err(PagingError::new(format!(
            "a `next` link points at {}, not at the client's origin {}; it was not followed, \
             so no credential went there",
            origin.ascii_serialization(),
            allowed.ascii_serialization(),
        )));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links_of(value: &str) -> Vec<(String, String)> {
        links(value).into_iter().map(|(u, r)| (u.to_owned(), r)).collect()
    }

    #[test]
    fn reads_each_link_with_its_rel() {
        let pair = |u: &str, r: &str| (u.to_owned(), r.to_owned());
        assert_eq!(
            links_of(r#"<a>; rel="next last"; title="x, y; z", <b>;rel=prev , <c>"#),
            vec![pair("a", "next last"), pair("b", "prev"), pair("c", "")]
        );
        // Commas and semicolons inside `<...>` belong to the URI.
        assert_eq!(links_of(r#"</s?q=a,b;c>; rel=next"#), vec![pair("/s?q=a,b;c", "next")]);
        // Escapes in a quoted string; a second `rel` is ignored; a flag parameter.
        assert_eq!(
            links_of(r#"<d>; crossorigin; rel="ne\"xt"; rel=next"#),
            vec![pair("d", "ne\"xt")]
        );
        // Garbage between links is skipped; an unclosed `<` ends the value.
        assert_eq!(
            links_of(r#"junk "with, comma", <e>; rel=next, <f"#),
            vec![pair("e", "next")]
        );
        assert_eq!(links_of(r#"<g>; rel="unterminated"#), vec![pair("g", "unterminated")]);
        assert!(links_of("").is_empty());
    }

    #[test]
    fn follows_a_link_on_the_same_origin_only() {
        let current = Url::parse("http://127.0.0.1:8080/v1/items?limit=10").unwrap();
        let base = "http://127.0.0.1:8080/v1";
        let ok = |next: &str| follow(base, &current, next).map(|u| u.to_string());
        assert_eq!(ok("/v1/items?page=2").unwrap(), "http://127.0.0.1:8080/v1/items?page=2");
        assert_eq!(ok("?page=2").unwrap(), "http://127.0.0.1:8080/v1/items?page=2");
        assert_eq!(ok("items?page=3").unwrap(), "http://127.0.0.1:8080/v1/items?page=3");
        assert_eq!(
            ok(" http://127.0.0.1:8080/v2/else ").unwrap(),
            "http://127.0.0.1:8080/v2/else"
        );
        let refused = |next: &str| follow(base, &current, next).unwrap_err().message().to_owned();
        assert_eq!(
            refused("https://127.0.0.1:8080/v1/items?page=2"),
            "a `next` link points at https://127.0.0.1:8080, not at the client's origin \
             http://127.0.0.1:8080; it was not followed, so no credential went there"
        );
        assert!(refused("http://127.0.0.1:8081/v1/items").contains("points at http://127.0.0.1:8081,"));
        assert!(refused("//evil.example/steal").contains("points at http://evil.example,"));
        assert!(refused("http://localhost:8080/v1").contains("points at http://localhost:8080,"));
        assert!(refused("data:text/plain,hi").contains("points at null,"));
        // The default port and the host's case do not make another origin.
        let github = Url::parse("https://api.github.com/repos/o/r/issues").unwrap();
        assert_eq!(
            follow("https://API.github.com", &github, "https://api.github.com:443/x?page=2")
                .unwrap()
                .as_str(),
            "https://api.github.com/x?page=2"
        );
        assert_eq!(
            follow("/relative", &github, "/x").unwrap_err().message(),
            "the client's base URL is not an absolute URL, so no `next` link is followed"
        );
    }
}
