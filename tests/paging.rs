//! Paging streams of every style against loopback servers: each walks every page, stops
//! when the server does not move on, honours its caps, and checks its arguments like the
//! operation does. GitHub's `issues` list operations page by `Link` header.

use codegen_tests::github_issues;
use codegen_tests::paging::Client;
use futures::StreamExt;
use openapi_client_runtime::reqwest::header::{AUTHORIZATION, HeaderValue};
use openapi_client_runtime::{Caps, Error};
use serde_json::json;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The value of query parameter `name` of `request`.
fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Numbers `0..total`, a page of them at a time, by the style the request's path names.
struct Numbers {
    total: i64,
    server: Server,
    /// The server's own URL, for absolute `next` links.
    base: String,
}

/// How a [`Numbers`] server pages.
#[derive(Clone, Copy, PartialEq)]
enum Server {
    /// As the spec says.
    Moving,
    /// Answers every request with the first page, as a server ignoring the paging input.
    Stuck,
    /// Answers each request with its page, but always points to the second page next
    /// (the same cursor or `next` link twice), as a server with a broken cursor.
    Circling,
}

impl Respond for Numbers {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let number = |name: &str, default: i64| {
            query(request, name)
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or(default)
        };
        let size = 3;
        let start = if self.server == Server::Stuck {
            0
        } else {
            match request.url.path() {
                "/by-offset" => number("offset", 0),
                "/by-skip" => number("skip", 0),
                "/by-last-item" => query(request, "starting_after")
                    .and_then(|id| id.strip_prefix('t')?.parse::<i64>().ok())
                    .map_or(0, |n| n + 1),
                "/by-page" => (number("page", 1) - 1) * size,
                "/by-cursor" => number("after", 0),
                "/by-header-cursor" => number("cursor", 0),
                _ => (number("page", 1) - 1) * size,
            }
        };
        let size = match request.url.path() {
            "/by-offset" => number("limit", 50),
            "/by-skip" => number("take", size),
            _ => size,
        };
        let end = (start + size).min(self.total);
        let items: Vec<i64> = (start..end).collect();
        let next = (end < self.total).then(|| match self.server {
            Server::Circling => "3".to_owned(),
            _ => end.to_string(),
        });
        match request.url.path() {
            "/by-next-url" => {
                let next = (end < self.total).then(|| {
                    let page = match self.server {
                        Server::Moving => start / 3 + 2,
                        Server::Stuck | Server::Circling => 2,
                    };
                    format!("{}/by-next-url?page={page}", self.base)
                });
                ResponseTemplate::new(200).set_body_json(json!({
                    "count": self.total, "next": next, "results": items,
                }))
            }
            "/by-last-item" => ResponseTemplate::new(200).set_body_json(json!({
                "data": items.iter().map(|n| json!({"id": format!("t{n}"), "n": n})).collect::<Vec<_>>(),
                "has_more": end < self.total,
            })),
            "/by-header-cursor" => {
                let mut answer = ResponseTemplate::new(200).set_body_json(&items);
                if let Some(next) = next {
                    answer = answer.insert_header("X-Next-Cursor", next.as_str());
                }
                answer
            }
            "/by-link" => {
                let mut answer = ResponseTemplate::new(200).set_body_json(&items);
                if end < self.total {
                    let page = match self.server {
                        Server::Moving => start / 3 + 2,
                        Server::Stuck => 1,
                        Server::Circling => 2,
                    };
                    let link = format!("</by-link?page={page}&per_page=3>; rel=\"next\"");
                    answer = answer.insert_header("Link", link.as_str());
                }
                answer
            }
            _ => ResponseTemplate::new(200).set_body_json(json!({
                "items": items,
                "meta": {"total": self.total, "next_cursor": next},
            })),
        }
    }
}

async fn serving(total: i64, server: Server) -> (MockServer, Client) {
    let mock = MockServer::start().await;
    let (respond, server) = (
        Numbers {
            total,
            server,
            base: mock.uri(),
        },
        mock,
    );
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(respond)
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri());
    (server, client)
}

async fn requests(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .iter()
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or_default()))
        .collect()
}

/// The numbers a stream yields, and the error that ended it, if any.
async fn drain<E: std::fmt::Debug>(
    stream: futures::stream::BoxStream<'_, Result<i64, Error<E>>>,
) -> (Vec<i64>, Option<Error<E>>) {
    let mut items = Vec::new();
    let mut stream = stream;
    while let Some(item) = stream.next().await {
        match item {
            Ok(n) => items.push(n),
            Err(error) => {
                assert!(stream.next().await.is_none(), "an error ends the stream");
                return (items, Some(error));
            }
        }
    }
    (items, None)
}

#[tokio::test]
async fn every_style_walks_every_page() {
    let all: Vec<i64> = (0..8).collect();
    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_offset().limit(3).stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), (all.clone(), true));
    assert_eq!(
        requests(&server).await,
        [
            "/by-offset?offset=0&limit=3",
            "/by-offset?offset=3&limit=3",
            "/by-offset?offset=6&limit=3"
        ]
    );

    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_page().stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), (all.clone(), true));
    assert_eq!(
        requests(&server).await,
        ["/by-page?page=1", "/by-page?page=2", "/by-page?page=3"]
    );

    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_cursor().stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), (all.clone(), true));
    assert_eq!(
        requests(&server).await,
        ["/by-cursor?", "/by-cursor?after=3", "/by-cursor?after=6"]
    );

    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_header_cursor().stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), (all.clone(), true));
    assert_eq!(
        requests(&server).await,
        [
            "/by-header-cursor?",
            "/by-header-cursor?cursor=3",
            "/by-header-cursor?cursor=6"
        ]
    );

    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_next_url().stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), (all.clone(), true));
    assert_eq!(
        requests(&server).await,
        ["/by-next-url?", "/by-next-url?page=2", "/by-next-url?page=3"]
    );

    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_link().per_page(3).stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), (all, true));
    assert_eq!(
        requests(&server).await,
        [
            "/by-link?per_page=3",
            "/by-link?page=2&per_page=3",
            "/by-link?page=3&per_page=3"
        ]
    );
}

/// The numbers of a stream of things.
fn numbered<'a, E: 'a>(
    stream: futures::stream::BoxStream<'a, Result<codegen_tests::paging::types::Thing, Error<E>>>,
) -> futures::stream::BoxStream<'a, Result<i64, Error<E>>> {
    stream.map(|thing| thing.map(|t| t.n)).boxed()
}

/// Stripe's paging: the next `starting_after` is the last item's `id`, until `has_more`
/// is false (so no empty page is asked for).
#[tokio::test]
async fn a_cursor_from_the_last_item_pages_until_the_answer_says_no_more() {
    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(numbered(client.list_by_last_item().stream(Caps::none()))).await;
    assert_eq!((items, error.is_none()), ((0..8).collect(), true));
    assert_eq!(
        requests(&server).await,
        [
            "/by-last-item?",
            "/by-last-item?starting_after=t2",
            "/by-last-item?starting_after=t5"
        ]
    );
    // From the caller's own cursor, with the caller's other parameters on every page.
    let (server, client) = serving(8, Server::Moving).await;
    let stream = client
        .list_by_last_item()
        .starting_after("t3".into())
        .limit(2)
        .stream(Caps::none());
    let (items, _) = drain(numbered(stream)).await;
    assert_eq!(items, [4, 5, 6, 7]);
    assert_eq!(
        requests(&server).await,
        [
            "/by-last-item?starting_after=t3&limit=2",
            "/by-last-item?starting_after=t6&limit=2"
        ]
    );
}

/// Without a limit or a declared `max-limit`, the offset stream sends no limit and follows
/// the server's page size (3 here) to an empty page: no page is known to be short.
#[tokio::test]
async fn an_offset_stream_without_a_limit_or_maximum_follows_the_servers_page_size() {
    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_skip().stream(Caps::none())).await;
    assert_eq!((items, error.is_none()), ((0..8).collect(), true));
    assert_eq!(
        requests(&server).await,
        [
            "/by-skip?skip=0",
            "/by-skip?skip=3",
            "/by-skip?skip=6",
            "/by-skip?skip=8"
        ]
    );
    // A limit the caller sets is sent on every page, and a short page ends it.
    let (server, client) = serving(8, Server::Moving).await;
    let (items, _) = drain(client.list_by_skip().take(5).stream(Caps::none())).await;
    assert_eq!(items.len(), 8);
    assert_eq!(
        requests(&server).await,
        ["/by-skip?skip=0&take=5", "/by-skip?skip=5&take=5"]
    );
}

/// Without a limit, the offset stream asks for the declared `max-limit`.
#[tokio::test]
async fn an_offset_stream_without_a_limit_asks_for_the_most() {
    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_offset().stream(Caps::none())).await;
    assert_eq!((items.len(), error.is_none()), (8, true));
    assert_eq!(requests(&server).await, ["/by-offset?offset=0&limit=50"]);
}

#[tokio::test]
async fn a_server_that_does_not_move_on_ends_the_stream_with_an_error() {
    for style in [
        "offset",
        "page",
        "cursor",
        "header cursor",
        "last item",
        "next url",
        "link",
    ] {
        let (server, client) = serving(100, Server::Stuck).await;
        let stream = match style {
            "next url" => client.list_by_next_url().stream(Caps::none()),
            "offset" => client.list_by_offset().limit(3).stream(Caps::none()),
            "last item" => numbered(client.list_by_last_item().stream(Caps::none())),
            "page" => client.list_by_page().stream(Caps::none()),
            "cursor" => client.list_by_cursor().stream(Caps::none()),
            "header cursor" => client.list_by_header_cursor().stream(Caps::none()),
            _ => client.list_by_link().stream(Caps::none()),
        };
        let (items, error) = drain(stream).await;
        assert_eq!(items, [0, 1, 2], "{style}: the first page once");
        assert!(matches!(error, Some(Error::Paging(_))), "{style}: {error:?}");
        assert!(requests(&server).await.len() <= 3, "{style}: bounded");
    }
}

/// A server that moves on but sends the same cursor or `next` link twice is caught before
/// the repeated request is sent.
#[tokio::test]
async fn a_cursor_or_link_given_twice_ends_the_stream_with_an_error() {
    for style in ["cursor", "header cursor", "next url", "link"] {
        let (server, client) = serving(100, Server::Circling).await;
        let stream = match style {
            "next url" => client.list_by_next_url().stream(Caps::none()),
            "cursor" => client.list_by_cursor().stream(Caps::none()),
            "header cursor" => client.list_by_header_cursor().stream(Caps::none()),
            _ => client.list_by_link().stream(Caps::none()),
        };
        let (items, error) = drain(stream).await;
        assert_eq!(items, [0, 1, 2, 3, 4, 5], "{style}: the first two pages once");
        let Some(Error::Paging(error)) = error else {
            panic!("{style}: {error:?}");
        };
        assert!(error.to_string().contains("going in circles"), "{style}: {error}");
        assert_eq!(requests(&server).await.len(), 2, "{style}: the repeat is not sent");
    }
}

#[tokio::test]
async fn caps_stop_a_stream_at_a_number_of_items_or_pages() {
    let (server, client) = serving(100, Server::Moving).await;
    let (items, error) = drain(client.list_by_page().stream(Caps::none().items(5))).await;
    assert_eq!((items, error.is_none()), (vec![0, 1, 2, 3, 4], true));
    assert_eq!(requests(&server).await.len(), 2);

    let (server, client) = serving(100, Server::Moving).await;
    let (items, error) = drain(client.list_by_cursor().stream(Caps::none().pages(2))).await;
    assert_eq!((items, error.is_none()), ((0..6).collect::<Vec<_>>(), true));
    assert_eq!(requests(&server).await.len(), 2);
}

/// A stream checks its arguments as the operation does: a limit of 0 breaks the spec's
/// `minimum: 1`, a cursor longer than its `maxLength` breaks that, and nothing is sent.
#[tokio::test]
async fn a_stream_with_limit_zero_is_a_validation_error() {
    let (server, client) = serving(8, Server::Moving).await;
    let (items, error) = drain(client.list_by_offset().limit(0).stream(Caps::none())).await;
    assert!(items.is_empty());
    assert!(matches!(error, Some(Error::Validation(_))), "{error:?}");
    assert!(requests(&server).await.is_empty());

    let stream = client
        .list_by_last_item()
        .starting_after("t".repeat(5001))
        .stream(Caps::none());
    let (items, error) = drain(numbered(stream)).await;
    assert!(items.is_empty());
    let Some(Error::Validation(error)) = error else {
        panic!("{error:?}");
    };
    assert!(error.to_string().contains("starting_after"), "{error}");
    assert!(requests(&server).await.is_empty());
}

/// An issue as GitHub's spec describes it, from the example synthesizer a mock uses.
fn github_issue(number: i64) -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/github-api.github.com.json"
    );
    let text = std::fs::read_to_string(path).expect("the corpus is beside the repository");
    let doc = openapi_client_codegen::load::parse(&text, openapi_client_codegen::Format::Json).expect("GitHub's spec");
    let examples = openapi_client_codegen::response_examples(&doc);
    let key = "/paths/~1repos~1{owner}~1{repo}~1issues/get/responses/200/content/application~1json/schema";
    let list = examples[key].clone().expect("an example list of issues");
    let mut issue = list[0].clone();
    issue["number"] = json!(number);
    issue
}

/// Issues `1..=5`, two a page, with GitHub's `Link` headers (absolute URLs).
struct GitHubIssues {
    issue: serde_json::Value,
    base: String,
}

impl Respond for GitHubIssues {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: i64 = query(request, "page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let issues: Vec<serde_json::Value> = (page * 2 - 1..=(page * 2).min(5))
            .map(|n| {
                let mut issue = self.issue.clone();
                issue["number"] = json!(n);
                issue
            })
            .collect();
        let url = |p: i64| format!("<{}/repos/o/r/issues?per_page=2&page={p}>", self.base);
        let mut links = Vec::new();
        if page < 3 {
            links.push(format!("{}; rel=\"next\"", url(page + 1)));
        }
        links.push(format!("{}; rel=\"last\"", url(3)));
        ResponseTemplate::new(200)
            .set_body_json(issues)
            .insert_header("Link", links.join(", ").as_str())
    }
}

#[tokio::test]
async fn github_issues_page_by_link_header() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/repos/o/r/issues"))
        .respond_with(GitHubIssues {
            issue: github_issue(0),
            base: server.uri(),
        })
        .mount(&server)
        .await;
    let client = github_issues::Client::new().with_base_url(server.uri());
    let numbers: Vec<i64> = client
        .issues()
        .list_for_repo("o", "r")
        .per_page(2)
        .header(AUTHORIZATION, HeaderValue::from_static("Bearer token-1"))
        .stream(Caps::none())
        .map(|issue| issue.expect("an issue").number)
        .collect()
        .await;
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    let received = server.received_requests().await.expect("recording is on");
    let pages: Vec<String> = received
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(pages, ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]);
    assert!(
        received
            .iter()
            .all(|r| r.headers.get("authorization").is_some_and(|v| v == "Bearer token-1")),
        "every page carries the call's headers"
    );
}

/// A `next` link to another origin is never followed: the credentials and headers would go
/// with it.
#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let elsewhere = MockServer::start().await;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(GitHubIssues {
            issue: github_issue(0),
            base: elsewhere.uri(),
        })
        .mount(&server)
        .await;
    let client = github_issues::Client::new().with_base_url(server.uri());
    let mut stream = client
        .issues()
        .list_for_repo("o", "r")
        .header(AUTHORIZATION, HeaderValue::from_static("Bearer token-1"))
        .stream(Caps::none());
    let mut numbers = Vec::new();
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(issue) => numbers.push(issue.number),
            Err(e) => error = Some(e),
        }
    }
    assert_eq!(numbers, [1, 2]);
    assert!(matches!(error, Some(Error::Paging(_))), "{error:?}");
    assert!(elsewhere.received_requests().await.expect("recording").is_empty());
}
