//! Every failure branch of the generated clients, against real servers on loopback:
//! wiremock for HTTP-level faults, and a raw TCP server for what a well-behaved HTTP server
//! cannot do (a truncated body, a reset connection). Nothing panics; each fault yields the
//! documented error or value.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;
use openapi_client_runtime::{Caps, RetryPolicy};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use zalo_api_clients::gobysend::types::{TemplateQuality, TemplateStatus};
use zalo_api_clients::sencloud::types::ConnectOaRequest;
use zalo_api_clients::{gobysend, sencloud};

const SECRET: &str = "sk-live-very-secret-4711";

/// Retries that are quick enough for tests.
fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

fn goby(server: &str) -> gobysend::Client {
    gobysend::Client::new(SECRET)
        .with_base_url(server)
        .with_retry(fast_retry())
}

fn sen(server: &str) -> sencloud::Client {
    sencloud::Client::new(SECRET)
        .with_base_url(server)
        .with_retry(fast_retry())
}

fn page(items: std::ops::Range<i64>, total: i64) -> serde_json::Value {
    let data: Vec<_> = items
        .map(|id| json!({"templateId": id, "templateName": format!("t{id}")}))
        .collect();
    json!({"error": 0, "message": "Success", "data": data, "metadata": {"total": total}})
}

/// Checks an error's `Display` and `Debug` hold no secret, and returns its `Display`.
#[track_caller]
fn shown<E: std::fmt::Debug + std::fmt::Display>(error: &E) -> String {
    let text = format!("{error} | {error:?}");
    assert!(!text.contains(SECRET), "the secret leaked: {text}");
    error.to_string()
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"error": 0, "data": [{"templateId": 1,"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = goby(&server.uri()).template().list_templates(0, 10).await.unwrap_err();
    assert!(
        matches!(&error, gobysend::Error::Decode { status, .. } if status.as_u16() == 200),
        "{error:?}"
    );
    assert!(shown(&error).contains("does not decode"));
}

#[tokio::test]
async fn html_502_is_retried_then_kept_as_an_unexpected_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw("<html><h1>502 Bad Gateway</h1></html>", "text/html"))
        .expect(4) // the first attempt and three retries
        .mount(&server)
        .await;
    match goby(&server.uri()).template().list_templates(0, 10).await.unwrap_err() {
        gobysend::Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 502);
            assert!(body.starts_with(b"<html>"));
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn a_500_then_success_succeeds_on_the_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..2, 2)))
        .expect(1)
        .mount(&server)
        .await;
    let page = goby(&server.uri())
        .template()
        .list_templates(0, 10)
        .await
        .expect("the retry succeeds");
    assert_eq!(page.data.map(|d| d.len()), Some(2));
}

#[tokio::test]
async fn retries_can_be_switched_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = goby(&server.uri()).with_retry(RetryPolicy::none());
    let error = client.template().list_templates(0, 10).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn posts_are_not_retried_unless_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let error = sen(&server.uri())
        .zalo()
        .connect_oa(&ConnectOaRequest::default())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    server.verify().await;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = sen(&server.uri()).with_retry(RetryPolicy {
        retry_non_idempotent: true,
        ..fast_retry()
    });
    client
        .zalo()
        .connect_oa(&ConnectOaRequest::default())
        .await
        .expect("retried");
}

#[tokio::test]
async fn a_429_honours_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 1)))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    goby(&server.uri())
        .template()
        .list_templates(0, 10)
        .await
        .expect("succeeds after waiting");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_429_asking_for_too_long_is_returned_not_waited_for() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_json(json!({"error": -1, "message": "slow down"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    match goby(&server.uri()).template().list_templates(0, 10).await.unwrap_err() {
        gobysend::Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 429);
            assert_eq!(body.message.as_deref(), Some("slow down"));
        }
        other => panic!("expected a typed 429, got {other:?}"),
    }
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(0..1, 1))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = goby(&server.uri()).with_timeout(Some(Duration::from_millis(200)));
    let started = Instant::now();
    let error = client.template().list_templates(0, 10).await.unwrap_err();
    assert!(matches!(error, gobysend::Error::Timeout(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
    assert!(shown(&error).contains("timed out"));
}

#[tokio::test]
async fn oversized_responses_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..100, 100)))
        .mount(&server)
        .await;
    let error = goby(&server.uri())
        .with_max_response_bytes(1024)
        .template()
        .list_templates(0, 100)
        .await
        .unwrap_err();
    assert!(
        matches!(error, gobysend::Error::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn unlisted_values_and_out_of_range_int64_over_http() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "error": 0, "data": [{"templateId": 1, "templateName": "a", "status": "LOCKED", "templateQuality": "unknown"}]
        })))
        .mount(&server)
        .await;
    let page = goby(&server.uri())
        .template()
        .list_templates(0, 10)
        .await
        .expect("unlisted values decode");
    let t = &page.data.expect("data")[0];
    assert_eq!(t.status, Some(TemplateStatus::Other("LOCKED".into())));
    assert_eq!(t.template_quality, Some(TemplateQuality::Other("unknown".into())));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"oa_id": "99999999999999999999", "updated_at": "0001-01-01T00:00:00Z"})),
        )
        .mount(&server)
        .await;
    match sen(&server.uri())
        .zalo()
        .connect_oa(&ConnectOaRequest::default())
        .await
        .unwrap_err()
    {
        sencloud::Error::Decode { path, source, .. } => {
            assert_eq!(path, "oa_id");
            assert!(source.to_string().contains("not a 64-bit integer"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_arguments_fail_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = goby(&server.uri());
    for (offset, limit, parameter, message) in [
        (0, 101, "limit", "101 is above the maximum 100"),
        (0, 0, "limit", "0 is below the minimum 1"),
        (-1, 10, "offset", "-1 is below the minimum 0"),
    ] {
        match client.template().list_templates(offset, limit).await.unwrap_err() {
            gobysend::Error::Validation(e) => {
                assert_eq!((e.parameter, e.message.as_str()), (parameter, message));
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
}

/// Answers each page request from a list of `total` templates, `limit` at a time.
struct Pages {
    total: i64,
    fail_at_offset: Option<i64>,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| -> i64 {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(-1)
        };
        let (offset, limit) = (param("offset"), param("limit"));
        if Some(offset) == self.fail_at_offset {
            return ResponseTemplate::new(200).set_body_json(json!({"error": -124, "message": "Access token invalid"}));
        }
        let end = (offset + limit).min(self.total);
        ResponseTemplate::new(200).set_body_json(page(offset.min(end)..end, self.total))
    }
}

#[tokio::test]
async fn the_paging_stream_walks_several_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("limit", "3"))
        .and(query_param("status", "1"))
        .respond_with(Pages {
            total: 8,
            fail_at_offset: None,
        })
        .expect(3) // offsets 0, 3, 6; the total says 8 is the end
        .mount(&server)
        .await;
    let client = goby(&server.uri());
    let ids: Vec<i64> = client
        .template()
        .list_templates(0, 3)
        .status(gobysend::types::TemplateStatusFilter::Enable)
        .stream(Caps::none())
        .map(|t| t.expect("no error").template_id)
        .collect()
        .await;
    assert_eq!(ids, (0..8).collect::<Vec<_>>());
}

#[tokio::test]
async fn the_paging_stream_of_an_empty_list_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Pages {
            total: 0,
            fail_at_offset: None,
        })
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<_> = goby(&server.uri())
        .template()
        .list_templates(0, 100)
        .stream(Caps::none())
        .collect()
        .await;
    assert!(items.is_empty());
}

#[tokio::test]
async fn the_paging_stream_surfaces_an_error_on_page_two_and_ends() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Pages {
            total: 10,
            fail_at_offset: Some(4),
        })
        .expect(2)
        .mount(&server)
        .await;
    let items: Vec<_> = goby(&server.uri())
        .template()
        .list_templates(0, 4)
        .stream(Caps::none())
        .collect()
        .await;
    assert_eq!(items.len(), 5, "four items, then the error, then nothing");
    assert!(items[..4].iter().all(Result::is_ok));
    match &items[4] {
        Err(gobysend::Error::Api { failure, .. }) => assert_eq!(failure.code, "-124"),
        other => panic!("expected the envelope failure, got {other:?}"),
    }
}

#[tokio::test]
async fn the_paging_stream_validates_its_page_size() {
    let items: Vec<_> = goby("http://127.0.0.1:9")
        .template()
        .list_templates(0, 500)
        .stream(Caps::none())
        .collect()
        .await;
    assert!(
        matches!(items.as_slice(), [Err(gobysend::Error::Validation(_))]),
        "{items:?}"
    );
}

/// What the raw TCP server does with each connection.
#[derive(Clone, Copy)]
enum Misbehave {
    /// Promises 100 bytes of body, sends 10, closes.
    Truncate,
    /// Closes with a TCP reset as soon as the request arrives.
    Reset,
    /// Sends a page of 30 templates in three pieces, 20 ms apart, with a Content-Length
    /// or (when `chunked`) in chunked transfer encoding, which gives no length up front.
    Trickle { chunked: bool },
}

/// A TCP server on loopback that misbehaves on every connection; counts connections.
async fn raw_server(how: Misbehave) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            match how {
                Misbehave::Truncate => {
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
                    let _ = socket.write_all(head.as_bytes()).await;
                    let _ = socket.write_all(br#"{"error": 0"#).await;
                    let _ = socket.shutdown().await;
                }
                Misbehave::Reset => {
                    let _ = socket.set_zero_linger();
                    drop(socket);
                }
                Misbehave::Trickle { chunked } => {
                    let body = page(0..30, 30).to_string();
                    let length = if chunked {
                        "transfer-encoding: chunked".to_owned()
                    } else {
                        format!("content-length: {}", body.len())
                    };
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{length}\r\n\r\n");
                    let _ = socket.write_all(head.as_bytes()).await;
                    let third = body.len() / 3;
                    for piece in [&body[..third], &body[third..2 * third], &body[2 * third..]] {
                        let piece = if chunked {
                            format!("{:x}\r\n{piece}\r\n", piece.len())
                        } else {
                            piece.to_owned()
                        };
                        let _ = socket.write_all(piece.as_bytes()).await;
                        let _ = socket.flush().await;
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    if chunked {
                        let _ = socket.write_all(b"0\r\n\r\n").await;
                    }
                    let _ = socket.shutdown().await;
                }
            }
        }
    });
    (address, connections)
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let (address, _) = raw_server(Misbehave::Truncate).await;
    let error = goby(&address).template().list_templates(0, 10).await.unwrap_err();
    assert!(matches!(error, gobysend::Error::Transport(_)), "{error:?}");
    shown(&error);
}

#[tokio::test]
async fn bodies_arriving_in_pieces_are_put_together_and_capped() {
    for chunked in [false, true] {
        let (address, _) = raw_server(Misbehave::Trickle { chunked }).await;
        let page = goby(&address).template().list_templates(0, 30).await.expect("decodes");
        let ids: Vec<i64> = page.data.unwrap_or_default().iter().map(|t| t.template_id).collect();
        assert_eq!(ids, (0..30).collect::<Vec<_>>(), "chunked: {chunked}");
        // Over the cap part way through, even with no length announced.
        let error = goby(&address)
            .with_max_response_bytes(200)
            .template()
            .list_templates(0, 30)
            .await
            .unwrap_err();
        assert!(
            matches!(error, gobysend::Error::ResponseTooLarge { limit: 200, .. }),
            "chunked: {chunked}: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_reset_connection_is_retried_then_a_transport_error() {
    let (address, connections) = raw_server(Misbehave::Reset).await;
    let error = goby(&address).template().list_templates(0, 10).await.unwrap_err();
    assert!(matches!(error, gobysend::Error::Transport(_)), "{error:?}");
    assert_eq!(
        connections.load(Ordering::SeqCst),
        4,
        "the first attempt and three retries"
    );
    shown(&error);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let error = goby(&format!("http://127.0.0.1:{port}"))
        .template()
        .list_templates(0, 10)
        .await
        .unwrap_err();
    match &error {
        gobysend::Error::Transport(e) => assert!(e.is_connect(), "{e}"),
        other => panic!("expected a transport error, got {other:?}"),
    }
    shown(&error);
    // The one-line report goes down to the cause `Display` leaves out.
    let report = error.report();
    assert!(
        report.starts_with("the request failed: ") && report.to_lowercase().contains("connect"),
        "{report}"
    );
    assert!(
        !report.contains("error sending request: error sending request"),
        "{report}"
    );
}

#[tokio::test]
async fn users_bring_their_own_http_client_and_middleware() {
    struct Tag;
    #[async_trait::async_trait]
    impl reqwest_middleware::Middleware for Tag {
        async fn handle(
            &self,
            mut req: reqwest::Request,
            extensions: &mut http::Extensions,
            next: reqwest_middleware::Next<'_>,
        ) -> reqwest_middleware::Result<reqwest::Response> {
            req.headers_mut().insert("x-middleware", "seen".parse().expect("valid"));
            next.run(req, extensions).await
        }
    }
    let server = MockServer::start().await;
    Mock::given(header("x-middleware", "seen"))
        .and(header("user-agent", "my-app/1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 1)))
        .expect(1)
        .mount(&server)
        .await;
    let http = reqwest::Client::builder()
        .user_agent("my-app/1.0")
        .build()
        .expect("client");
    let stack = reqwest_middleware::ClientBuilder::new(http).with(Tag).build();
    let client = goby(&server.uri()).with_middleware(stack);
    client
        .template()
        .list_templates(0, 10)
        .await
        .expect("through the middleware");
}

#[tokio::test]
async fn debug_and_tracing_output_hold_no_secret() {
    use std::io::Write;
    use std::sync::Mutex;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(0..1, 1)))
        .mount(&server)
        .await;
    let client = goby(&server.uri());
    client.template().list_templates(0, 10).await.expect("succeeds");
    let debug = format!("{client:?} {:?}", sencloud::Client::new(SECRET));
    assert!(!debug.contains(SECRET), "Debug leaked the secret: {debug}");
    assert!(debug.contains("Secret(***)"), "{debug}");

    let logs = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(
        logs.contains("otel.name=\"listTemplates\"") || logs.contains("otel.name=listTemplates"),
        "{logs}"
    );
    assert!(logs.contains("retrying after an error status"), "{logs}");
    assert!(!logs.contains(SECRET), "the logs leaked the secret: {logs}");
}
