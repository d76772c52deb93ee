//! Paging streams over in-memory pages (no network, no timing), `next_link` on real and odd
//! `Link` headers, and `Call::at_url` against a loopback server.

use std::collections::HashMap;
use std::future::{Ready, ready};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use futures::executor::block_on;
use futures::stream::BoxStream;
use openapi_client_runtime::__codegen::paging::{
    Caps, CursorPage, Page, PagingError, cursor, link, next_link, offset_limit, page_number,
};
use openapi_client_runtime::__codegen::reqwest::header::{HeaderMap, HeaderValue, LINK};
use openapi_client_runtime::__codegen::reqwest::{Method, StatusCode};
use openapi_client_runtime::__codegen::{Call, ClientCore, Credential, Error, Operation, RawResponse, Secret};

/// What a stream yielded, with errors reduced to something comparable.
#[derive(Debug, PartialEq)]
enum Got {
    Item(i32),
    Paging(String),
    Invalid(&'static str, String),
    Status(u16),
}

fn collect(stream: BoxStream<'_, Result<i32, Error<()>>>) -> Vec<Got> {
    block_on(
        stream
            .map(|r| match r {
                Ok(item) => Got::Item(item),
                Err(Error::Paging(e)) => Got::Paging(e.message().to_owned()),
                Err(Error::Validation(e)) => Got::Invalid(e.parameter, e.message),
                Err(Error::Status { status, .. }) => Got::Status(status.as_u16()),
                Err(other) => panic!("unexpected error {other}"),
            })
            .collect(),
    )
}

fn items(range: std::ops::Range<i32>) -> Vec<Got> {
    range.map(Got::Item).collect()
}

fn failed() -> Error<()> {
    Error::Status {
        status: StatusCode::SERVICE_UNAVAILABLE,
        headers: Box::default(),
        body: (),
    }
}

/// A log of what a fetch closure was asked for, readable after the stream is consumed.
#[derive(Clone, Default)]
struct Log<K>(Arc<Mutex<Vec<K>>>);

impl<K: Clone> Log<K> {
    fn push(&self, k: K) {
        self.0.lock().unwrap().push(k);
    }
    fn get(&self) -> Vec<K> {
        self.0.lock().unwrap().clone()
    }
}

type Fetched = Ready<Result<Page<i32>, Error<()>>>;

/// An offset/limit server over `all`; `total` says whether it reports the total.
/// Without a limit it answers its own page size, 4.
fn by_offset(
    all: Vec<i32>,
    total: bool,
    log: &Log<(i64, Option<i64>)>,
) -> impl FnMut(i64, Option<i64>) -> Fetched + Send + 'static {
    let log = log.clone();
    move |offset, limit| {
        log.push((offset, limit));
        let size = limit.unwrap_or(4) as usize;
        let items = all.iter().skip(offset as usize).take(size).copied().collect();
        ready(Ok(Page {
            items,
            total: total.then_some(all.len() as i64),
        }))
    }
}

/// A page-number server over `all`, `size` items a page, pages counted from 1.
fn by_page(all: Vec<i32>, size: usize, total: bool, log: &Log<i64>) -> impl FnMut(i64) -> Fetched + Send + 'static {
    let log = log.clone();
    move |page| {
        log.push(page);
        let items = all
            .iter()
            .skip((page as usize - 1) * size)
            .take(size)
            .copied()
            .collect();
        ready(Ok(Page {
            items,
            total: total.then_some(all.len() as i64),
        }))
    }
}

type CursorFetched = Ready<Result<CursorPage<i32>, Error<()>>>;

/// A cursor (or link) server answering from a table: request -> (items, next).
fn by_table(
    table: Vec<(Option<&'static str>, Vec<i32>, Option<&'static str>)>,
    log: &Log<Option<String>>,
) -> impl FnMut(Option<String>) -> CursorFetched + Send + 'static {
    let log = log.clone();
    let table: HashMap<Option<String>, (Vec<i32>, Option<String>)> = table
        .into_iter()
        .map(|(at, items, next)| (at.map(str::to_owned), (items, next.map(str::to_owned))))
        .collect();
    move |at| {
        log.push(at.clone());
        let (items, next) = table.get(&at).cloned().expect("a request the table does not know");
        ready(Ok(CursorPage { items, next }))
    }
}

#[test]
fn offset_limit_walks_every_page() {
    for total in [true, false] {
        let log = Log::default();
        assert_eq!(
            collect(offset_limit(
                0,
                Some(3),
                Caps::none(),
                by_offset((0..7).collect(), total, &log)
            )),
            items(0..7)
        );
        // A short last page ends it, with or without a total.
        assert_eq!(log.get(), vec![(0, Some(3)), (3, Some(3)), (6, Some(3))]);

        let log = Log::default();
        assert_eq!(
            collect(offset_limit(
                0,
                Some(3),
                Caps::none(),
                by_offset((0..6).collect(), total, &log)
            )),
            items(0..6)
        );
        // A full last page: the total ends it, or else the empty page after it.
        let expected = if total {
            vec![(0, Some(3)), (3, Some(3))]
        } else {
            vec![(0, Some(3)), (3, Some(3)), (6, Some(3))]
        };
        assert_eq!(log.get(), expected);

        let log = Log::default();
        assert_eq!(
            collect(offset_limit(0, Some(3), Caps::none(), by_offset(vec![], total, &log))),
            vec![]
        );
        assert_eq!(log.get(), vec![(0, Some(3))]);
    }
    // From another offset.
    let log = Log::default();
    assert_eq!(
        collect(offset_limit(
            4,
            Some(2),
            Caps::none(),
            by_offset((0..7).collect(), true, &log)
        )),
        items(4..7)
    );
    assert_eq!(log.get(), vec![(4, Some(2)), (6, Some(2))]);
}

#[test]
fn page_number_walks_every_page() {
    let log = Log::default();
    assert_eq!(
        collect(page_number(1, Caps::none(), by_page((0..7).collect(), 3, true, &log))),
        items(0..7)
    );
    assert_eq!(log.get(), vec![1, 2, 3], "the total ends it");

    let log = Log::default();
    assert_eq!(
        collect(page_number(1, Caps::none(), by_page((0..7).collect(), 3, false, &log))),
        items(0..7)
    );
    assert_eq!(log.get(), vec![1, 2, 3, 4], "without a total, the empty page ends it");

    let log = Log::default();
    assert_eq!(
        collect(page_number(2, Caps::none(), by_page((0..6).collect(), 3, false, &log))),
        items(3..6)
    );
    assert_eq!(log.get(), vec![2, 3]);
}

#[test]
fn cursor_walks_every_page() {
    let log = Log::default();
    let table = vec![
        (None, vec![1, 2], Some("a")),
        (Some("a"), vec![], Some("b")), // an empty page with a cursor is followed
        (Some("b"), vec![3], Some("c")),
        (Some("c"), vec![4, 5], Some("")), // an empty cursor ends it
    ];
    assert_eq!(collect(cursor(None, Caps::none(), by_table(table, &log))), items(1..6));
    assert_eq!(
        log.get(),
        vec![None, Some("a".into()), Some("b".into()), Some("c".into())]
    );

    // From a cursor the caller kept.
    let log = Log::default();
    let table = vec![(Some("k"), vec![7], Some("l")), (Some("l"), vec![8], None)];
    assert_eq!(
        collect(cursor(Some("k".into()), Caps::none(), by_table(table, &log))),
        vec![Got::Item(7), Got::Item(8)]
    );
    assert_eq!(log.get(), vec![Some("k".into()), Some("l".into())]);
}

#[test]
fn link_walks_every_page() {
    let log = Log::default();
    let table = vec![
        (None, vec![1, 2], Some("https://api.example.com/items?page=2")),
        (
            Some("https://api.example.com/items?page=2"),
            vec![3],
            Some("/items?page=3"),
        ),
        (Some("/items?page=3"), vec![4], None),
    ];
    assert_eq!(collect(link(Caps::none(), by_table(table, &log))), items(1..5));
    assert_eq!(
        log.get(),
        vec![
            None,
            Some("https://api.example.com/items?page=2".into()),
            Some("/items?page=3".into())
        ]
    );
}

#[test]
fn a_server_ignoring_the_offset_or_page_ends_with_one_paging_error() {
    // The bug this guards against: the same 3 items, forever.
    let calls = Log::default();
    let same = {
        let calls = calls.clone();
        move |offset: i64, limit: Option<i64>| {
            calls.push((offset, limit));
            ready(Ok::<_, Error<()>>(Page {
                items: vec![1, 2, 3],
                total: None,
            }))
        }
    };
    let mut expected = items(1..4);
    expected.push(Got::Paging(
        "the server returned the same page for offset 0 and offset 3 (it ignores the offset)".into(),
    ));
    assert_eq!(collect(offset_limit(0, Some(3), Caps::none(), same)), expected);
    assert_eq!(calls.get(), vec![(0, Some(3)), (3, Some(3))]);

    let calls = Log::default();
    let same = {
        let calls = calls.clone();
        move |page: i64| {
            calls.push(page);
            ready(Ok::<_, Error<()>>(Page {
                items: vec![1, 2, 3],
                total: Some(100),
            }))
        }
    };
    let mut expected = items(1..4);
    expected.push(Got::Paging(
        "the server returned the same page for page 1 and page 2 (it ignores the page number)".into(),
    ));
    assert_eq!(collect(page_number(1, Caps::none(), same)), expected);
    assert_eq!(calls.get(), vec![1, 2]);
}

#[test]
fn a_server_ignoring_the_cursor_ends_with_one_paging_error() {
    // Same page, a fresh cursor each time (a timestamp, say): only the page gives it away.
    let calls = Log::default();
    let same = {
        let calls = calls.clone();
        move |at: Option<String>| {
            let n = calls.get().len();
            calls.push(at);
            ready(Ok::<_, Error<()>>(CursorPage {
                items: vec![1, 2],
                next: Some(format!("t{n}")),
            }))
        }
    };
    let mut expected = items(1..3);
    expected.push(Got::Paging(
        "the server returned the same page for the first request and cursor `t0` (it ignores the cursor)".into(),
    ));
    assert_eq!(collect(cursor(None, Caps::none(), same)), expected);
    assert_eq!(calls.get(), vec![None, Some("t0".into())]);
}

#[test]
fn a_repeated_cursor_or_link_ends_with_one_paging_error() {
    let log = Log::default();
    let table = vec![
        (None, vec![1, 2], Some("a")),
        (Some("a"), vec![3, 4], Some("b")),
        (Some("b"), vec![5], Some("a")),
    ];
    let mut expected = items(1..6);
    expected.push(Got::Paging(
        "request 4 would repeat request 2 (cursor `a`): the server is going in circles".into(),
    ));
    assert_eq!(collect(cursor(None, Caps::none(), by_table(table, &log))), expected);
    assert_eq!(log.get(), vec![None, Some("a".into()), Some("b".into())]);

    let log = Log::default();
    let table = vec![
        (None, vec![1], Some("/p2")),
        (Some("/p2"), vec![2], Some("/p3")),
        (Some("/p3"), vec![3], Some("/p2")),
    ];
    let mut expected = items(1..4);
    expected.push(Got::Paging(
        "request 4 would repeat request 2 (a `next` link): the server is going in circles".into(),
    ));
    assert_eq!(collect(link(Caps::none(), by_table(table, &log))), expected);
    assert_eq!(log.get(), vec![None, Some("/p2".into()), Some("/p3".into())]);
}

#[test]
fn caps_stop_exactly_at_the_cap() {
    let run = |caps: Caps| {
        let log = Log::default();
        let got = collect(offset_limit(0, Some(3), caps, by_offset((0..10).collect(), true, &log)));
        (got, log.get().len())
    };
    assert_eq!(run(Caps::none().items(5)), (items(0..5), 2));
    assert_eq!(
        run(Caps::none().items(3)),
        (items(0..3), 1),
        "no request for a page it would not yield"
    );
    assert_eq!(run(Caps::none().items(0)), (vec![], 0));
    assert_eq!(run(Caps::none().items(10)), (items(0..10), 4));
    assert_eq!(run(Caps::none().items(50)), (items(0..10), 4));
    assert_eq!(run(Caps::none().pages(2)), (items(0..6), 2));
    assert_eq!(run(Caps::none().pages(0)), (vec![], 0));
    assert_eq!(run(Caps::default().pages(3).items(7)), (items(0..7), 3));
    assert_eq!(run(Caps::default().items(8).pages(2)), (items(0..6), 2));
    assert_eq!(Caps::none().items(8).pages(2).max_items(), Some(8));
    assert_eq!(Caps::default(), Caps::none());

    // A cap ends even a list that would go on forever, or go in circles.
    let endless = |at: Option<String>| {
        let n: i32 = at.as_deref().map_or(0, |c| c.parse().unwrap());
        ready(Ok::<_, Error<()>>(CursorPage {
            items: vec![n * 2, n * 2 + 1],
            next: Some((n + 1).to_string()),
        }))
    };
    assert_eq!(collect(cursor(None, Caps::none().items(7), endless)), items(0..7));
    assert_eq!(collect(link(Caps::none().pages(2), endless)), items(0..4));
    let endless_pages = |page: i64| {
        ready(Ok::<_, Error<()>>(Page {
            items: vec![page as i32],
            total: None,
        }))
    };
    assert_eq!(
        collect(page_number(0, Caps::none().items(4), endless_pages)),
        items(0..4)
    );
    // Taking a few from an uncapped endless stream is the consumer's cap.
    let taken: Vec<i32> = block_on(
        cursor(None, Caps::none(), endless)
            .take(5)
            .map(Result::unwrap)
            .collect(),
    );
    assert_eq!(taken, vec![0, 1, 2, 3, 4]);
}

#[test]
fn without_a_limit_the_servers_page_size_is_followed_to_an_empty_page() {
    // An optional limit left unset with no `max-limit`: nothing is sent for it, the
    // offset moves by the items received (the server's 4), and only an empty page or
    // the total ends it, since no page is known to be short.
    for total in [true, false] {
        let log = Log::default();
        assert_eq!(
            collect(offset_limit(
                0,
                None,
                Caps::none(),
                by_offset((0..10).collect(), total, &log)
            )),
            items(0..10)
        );
        let expected = if total {
            vec![(0, None), (4, None), (8, None)]
        } else {
            vec![(0, None), (4, None), (8, None), (10, None)]
        };
        assert_eq!(log.get(), expected);
    }
}

#[test]
fn a_limit_below_one_is_refused_without_a_request() {
    for limit in [0, -5] {
        let log = Log::default();
        assert_eq!(
            collect(offset_limit(
                0,
                Some(limit),
                Caps::none(),
                by_offset((0..7).collect(), true, &log)
            )),
            vec![Got::Invalid("limit", format!("must be at least 1, not {limit}"))]
        );
        assert!(log.get().is_empty());
    }
}

#[test]
fn an_error_from_fetch_is_yielded_once_and_ends_the_stream() {
    let calls = Log::default();
    let failing = {
        let calls = calls.clone();
        move |offset: i64, _limit: Option<i64>| {
            calls.push(offset);
            ready(if offset == 0 {
                Ok(Page {
                    items: vec![1, 2],
                    total: None,
                })
            } else {
                Err(failed())
            })
        }
    };
    assert_eq!(
        collect(offset_limit(0, Some(2), Caps::none(), failing)),
        vec![Got::Item(1), Got::Item(2), Got::Status(503)]
    );
    assert_eq!(calls.get(), vec![0, 2]);

    let calls = Log::default();
    let failing = {
        let calls = calls.clone();
        move |at: Option<String>| {
            calls.push(at);
            ready(Err::<CursorPage<i32>, _>(failed()))
        }
    };
    assert_eq!(collect(cursor(None, Caps::none(), failing)), vec![Got::Status(503)]);
    assert_eq!(calls.get(), vec![None]);

    let failing_page = |page: i64| ready(if page == 1 { Err(failed()) } else { unreachable!() });
    assert_eq!(
        collect(page_number(1, Caps::none(), failing_page)),
        vec![Got::Status(503)]
    );
    let failing_link = |_: Option<String>| ready(Err::<CursorPage<i32>, _>(failed()));
    assert_eq!(collect(link(Caps::none(), failing_link)), vec![Got::Status(503)]);
}

#[test]
fn streams_are_send_and_unpin_and_errors_display() {
    fn send_unpin<S: Send + Unpin>(_: &S) {}
    let s = offset_limit(0, Some(1), Caps::none(), by_offset(vec![], false, &Log::default()));
    send_unpin(&s);
    let error: Error<()> = block_on(
        cursor(None, Caps::none(), |_| {
            ready(Ok::<_, Error<()>>(CursorPage {
                items: vec![1],
                next: Some(String::new() + "x"),
            }))
        })
        .filter_map(|r| ready(r.err()))
        .next(),
    )
    .unwrap();
    assert_eq!(
        error.to_string(),
        "paging stopped: the server returned the same page for the first request and cursor `x` \
         (it ignores the cursor)"
    );
    assert_eq!(error.status(), None);
    let Error::Paging(inner) = error else { unreachable!() };
    let copy: PagingError = inner.clone();
    assert_eq!(copy, inner);
    assert_eq!(copy.to_string(), copy.message());
}

fn links(values: &[&str]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        headers.append(LINK, HeaderValue::from_str(value).unwrap());
    }
    headers
}

#[test]
fn next_link_reads_github_and_odd_headers() {
    let github = r#"<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last""#;
    assert_eq!(
        next_link(&links(&[github])).as_deref(),
        Some("https://api.github.com/repositories/1300192/issues?page=2")
    );
    // GitHub's last page: prev and first only.
    let last = r#"<https://api.github.com/repositories/1300192/issues?page=514>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first""#;
    assert_eq!(next_link(&links(&[last])), None);
    assert_eq!(next_link(&HeaderMap::new()), None);

    // Several header lines; the next link is on the second.
    let lines = links(&[r#"</items?page=1>; rel="prev""#, r#"</items?page=3>; rel="next""#]);
    assert_eq!(next_link(&lines).as_deref(), Some("/items?page=3"));

    // Odd spacing and quoting, several relations, the relation's case.
    let odd = [
        (r#"<a>;rel=next"#, Some("a")),
        (r#"  < b >  ;  REL = "Last   NEXT"  "#, Some("b")),
        (r#"<c>; title="x, rel=next"; rel=prev, <d>; Rel="next""#, Some("d")),
        (r#"<e>; rel="nextpage", <f>; rel="next-page""#, None),
        (
            r#"<https://x.example/s?q=a,b;c=1>; rel="next""#,
            Some("https://x.example/s?q=a,b;c=1"),
        ),
        (
            r##"<g>; anchor="#s"; type="text/html";rel="http://example.com/rel next""##,
            Some("g"),
        ),
        (r#"garbage, <h>; rel=next"#, Some("h")),
        (r#"<i>; rel=prev; rel=next"#, None), // a second rel is ignored (RFC 8288 3.3)
    ];
    for (value, expected) in odd {
        assert_eq!(next_link(&links(&[value])).as_deref(), expected, "{value}");
    }
}

// ---- Call::at_url against a loopback server ----

static LIST: Operation = Operation {
    id: "listItems",
    method: "POST",
    route: "/items",
};

static GET_LIST: Operation = Operation {
    id: "listItems",
    method: "GET",
    route: "/items",
};

/// One request as the server read it: the request line, the headers (names in lower
/// case), and the body.
#[derive(Debug)]
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Serves `count` requests on a loopback port, one connection each; `respond` gives the
/// extra headers and the body for a request target and the server's port. Returns the port, and a handle that
/// gives the requests once all are served.
fn serve(count: usize, respond: fn(&str, u16) -> (String, String)) -> (u16, std::thread::JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for _ in 0..count {
            let (mut stream, _) = listener.accept().unwrap();
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            let head_end = loop {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the connection closed before the request head ended");
                data.extend_from_slice(&buf[..n]);
                if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                    break i;
                }
            };
            let head = String::from_utf8(data[..head_end].to_vec()).unwrap();
            let mut lines = head.split("\r\n");
            let line = lines.next().unwrap().to_owned();
            let headers: Vec<(String, String)> = lines
                .map(|l| {
                    let (n, v) = l.split_once(':').unwrap();
                    (n.trim().to_ascii_lowercase(), v.trim().to_owned())
                })
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .map_or(0, |(_, v)| v.parse().unwrap());
            while data.len() < head_end + 4 + length {
                let n = stream.read(&mut buf).unwrap();
                assert!(n > 0, "the connection closed before the body ended");
                data.extend_from_slice(&buf[..n]);
            }
            let body = String::from_utf8(data[head_end + 4..head_end + 4 + length].to_vec()).unwrap();
            let target = line.split(' ').nth(1).unwrap();
            let (extra, reply) = respond(target, port);
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{reply}",
                reply.len()
            )
            .unwrap();
            stream.flush().unwrap();
            seen.push(Seen { line, headers, body });
        }
        seen
    });
    (port, handle)
}

fn text(raw: RawResponse) -> Result<String, Error<()>> {
    Ok(String::from_utf8_lossy(raw.body()).into_owned())
}

fn credentials() -> Vec<Credential> {
    vec![
        Credential::Bearer(Secret::new("tok")),
        Credential::ApiKeyQuery {
            parameter: "api_key".into(),
            key: Secret::new("k"),
        },
    ]
}

#[tokio::test]
async fn at_url_sends_the_same_request_to_the_link() {
    let (port, server) = serve(2, |target, _| (String::new(), format!("at {target}")));
    let core = ClientCore::new(format!("http://127.0.0.1:{port}/v1/"));

    // A relative link, resolved against the operation's URL; method, body, headers and
    // credentials kept; the operation's query replaced by the link's.
    let request = core
        .request(Method::POST, "/items")
        .query(&[("limit", "10")])
        .body("hello");
    let body = Call::new(&core, &LIST, Ok(request), credentials(), text)
        .header("x-trace".parse().unwrap(), HeaderValue::from_static("t1"))
        .at_url("items?page=2")
        .await
        .unwrap();
    assert_eq!(body, "at /v1/items?page=2&api_key=k");

    // An absolute link on the same origin.
    let request = core.request(Method::GET, "/items");
    let absolute = format!("http://127.0.0.1:{port}/v1/items?page=3");
    let body = Call::new(&core, &GET_LIST, Ok(request), credentials(), text)
        .at_url(&absolute)
        .await
        .unwrap();
    assert_eq!(body, "at /v1/items?page=3&api_key=k");

    let seen = server.join().unwrap();
    assert_eq!(seen[0].line, "POST /v1/items?page=2&api_key=k HTTP/1.1");
    assert_eq!(seen[0].header("authorization"), Some("Bearer tok"));
    assert_eq!(seen[0].header("x-trace"), Some("t1"));
    assert_eq!(seen[0].body, "hello");
    assert_eq!(seen[1].line, "GET /v1/items?page=3&api_key=k HTTP/1.1");
    assert_eq!(seen[1].header("authorization"), Some("Bearer tok"));
    assert_eq!(seen[1].body, "");
}

#[tokio::test]
async fn at_url_sends_nothing_to_another_origin() {
    // Two listeners nobody accepts on: a connection would wait in their backlog.
    let base = TcpListener::bind("127.0.0.1:0").unwrap();
    let other = TcpListener::bind("127.0.0.1:0").unwrap();
    let (base_port, other_port) = (base.local_addr().unwrap().port(), other.local_addr().unwrap().port());
    let core = ClientCore::new(format!("http://127.0.0.1:{base_port}/v1"));
    for link in [
        format!("http://127.0.0.1:{other_port}/steal?x=1"),
        format!("//127.0.0.1:{other_port}/steal"),
        format!("https://127.0.0.1:{base_port}/v1/items"),
        format!("http://localhost:{base_port}/v1/items"),
    ] {
        let request = core.request(Method::GET, "/items");
        let error = Call::new(&core, &GET_LIST, Ok(request), credentials(), text)
            .at_url(&link)
            .await
            .unwrap_err();
        let Error::Paging(error) = error else {
            panic!("{link}: {error:?}");
        };
        assert!(
            error
                .message()
                .ends_with(&format!("not at the client's origin http://127.0.0.1:{base_port}; it was not followed, so no credential went there")),
            "{link}: {}",
            error.message()
        );
        assert!(!error.message().contains("steal"), "the message shows no path or query");
    }
    for listener in [base, other] {
        listener.set_nonblocking(true).unwrap();
        assert_eq!(
            listener.accept().unwrap_err().kind(),
            ErrorKind::WouldBlock,
            "nothing was sent"
        );
    }
}

#[tokio::test]
async fn a_link_stream_follows_link_headers_over_http() {
    fn respond(target: &str, port: u16) -> (String, String) {
        match target {
            "/v1/items?api_key=k" => ("link: </v1/items?page=2>; rel=\"next\"\r\n".into(), "1,2".into()),
            "/v1/items?page=2&api_key=k" => (
                // Absolute, with another relation first and on a second line.
                format!(
                    "link: </v1/items?page=1>; rel=\"first\"\r\n\
                     link: <http://127.0.0.1:{port}/v1/items?page=3>; rel=\"next\"\r\n"
                ),
                "3".into(),
            ),
            "/v1/items?page=3&api_key=k" => (String::new(), "4,5".into()),
            other => panic!("unexpected target {other}"),
        }
    }
    let (port, server) = serve(3, respond);
    let core = ClientCore::new(format!("http://127.0.0.1:{port}/v1"));
    let core = &core;
    let stream = link(Caps::none(), move |next: Option<String>| {
        let call = Call::new(
            core,
            &GET_LIST,
            Ok(core.request(Method::GET, "/items")),
            credentials(),
            text,
        );
        let call = match &next {
            Some(url) => call.at_url(url),
            None => call,
        };
        async move {
            let response = call.response().await?;
            let items = response.body().split(',').map(|n| n.parse::<i32>().unwrap()).collect();
            Ok(CursorPage {
                items,
                next: next_link(response.headers()),
            })
        }
    });
    let got: Vec<i32> = stream.map(Result::unwrap).collect().await;
    assert_eq!(got, vec![1, 2, 3, 4, 5]);
    let seen = server.join().unwrap();
    let lines: Vec<&str> = seen.iter().map(|s| s.line.as_str()).collect();
    assert_eq!(
        lines,
        vec![
            "GET /v1/items?api_key=k HTTP/1.1",
            "GET /v1/items?page=2&api_key=k HTTP/1.1",
            "GET /v1/items?page=3&api_key=k HTTP/1.1",
        ]
    );
}
