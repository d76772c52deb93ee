//! Responses as users need them, against loopback servers: errors typed per declared
//! status, status and headers on every call, per-call options, streamed bodies and
//! server-sent events, and every common way to authenticate (`fixtures/statuses.yaml`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use codegen_tests::statuses::types::{HttpValidationError, NewPet, NotFound, Pet, Problem};
use codegen_tests::statuses::{self, Client, GetPetErrorBody, GetPhotoErrorBody};
use futures::StreamExt;
use openapi_client_runtime::{Error, RetryPolicy};
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new()
        .with_base_url(server.uri())
        .with_oauth("token-1")
        .with_retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

async fn answer(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(path(route)).respond_with(response).mount(server).await;
}

#[tokio::test]
async fn each_declared_error_status_decodes_into_its_own_type() {
    let server = MockServer::start().await;
    let fastapi_422 = json!({"detail": [{"loc": ["path", "pet_id"], "msg": "not an int", "type": "int_parsing"}]});
    Mock::given(path("/pets/404"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"detail": "no pet 404"}))
                .insert_header("x-request-id", "req-404"),
        )
        .mount(&server)
        .await;
    answer(
        &server,
        "/pets/422",
        ResponseTemplate::new(422).set_body_json(&fastapi_422),
    )
    .await;
    answer(
        &server,
        "/pets/418",
        ResponseTemplate::new(418).set_body_json(json!({"title": "teapot", "status": 418})),
    )
    .await;
    answer(
        &server,
        "/pets/501",
        ResponseTemplate::new(501).set_body_string("not built yet"),
    )
    .await;
    let client = client(&server);

    match client.get_pet(404).await.unwrap_err() {
        Error::Status { status, headers, body } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(
                body,
                GetPetErrorBody::NotFound(NotFound {
                    detail: "no pet 404".into()
                })
            );
            assert_eq!(headers["x-request-id"], "req-404");
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }
    match client.get_pet(422).await.unwrap_err() {
        Error::Status {
            body: GetPetErrorBody::UnprocessableEntity(HttpValidationError { detail: Some(detail) }),
            ..
        } => assert_eq!(detail[0].msg, "not an int"),
        other => panic!("expected a typed 422, got {other:?}"),
    }
    // `default` covers a status nothing else declares.
    match client.get_pet(418).await.unwrap_err() {
        Error::Status {
            status,
            body: GetPetErrorBody::Default(Problem { title, .. }),
            ..
        } => {
            assert_eq!(status.as_u16(), 418);
            assert_eq!(title.as_deref(), Some("teapot"));
        }
        other => panic!("expected the default error, got {other:?}"),
    }
    // `5XX` with a text body, after the client's retries.
    match client.get_pet(501).await.unwrap_err() {
        Error::Status {
            body: GetPetErrorBody::ServerError(text),
            ..
        } => assert_eq!(text, "not built yet"),
        other => panic!("expected the 5XX text, got {other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_is_an_answer_not_followed_to_a_request_the_spec_never_described() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/7",
        ResponseTemplate::new(302).insert_header("location", "/pets/8"),
    )
    .await;
    answer(
        &server,
        "/pets/8",
        ResponseTemplate::new(200).set_body_json(json!({"id": 8, "name": "Followed"})),
    )
    .await;
    // getPet's `default` response reads the 302 (its empty body does not decode): the
    // answer, with its status and `Location`, is what the caller gets.
    let error = client(&server).get_pet(7).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302), "{error:?}");
    assert_eq!(error.headers().expect("the answer's headers")["location"], "/pets/8");
    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/pets/7"]);
}

#[tokio::test]
async fn an_undeclared_error_is_kept_whole_never_decoded_into_another_statuss_type() {
    let server = MockServer::start().await;
    // createPet declares only 201 and 422; HTTPValidationError's fields are all optional,
    // so decoding this 409 into it would "succeed" and lose the message.
    answer(
        &server,
        "/pets",
        ResponseTemplate::new(409)
            .set_body_json(json!({"message": "name taken", "code": "conflict"}))
            .insert_header("x-request-id", "req-409"),
    )
    .await;
    let error = client(&server)
        .create_pet(&NewPet::new("Rex".into()))
        .await
        .unwrap_err();
    match &error {
        Error::UnexpectedStatus { status, headers, body } => {
            assert_eq!(status.as_u16(), 409);
            assert_eq!(headers["x-request-id"], "req-409");
            let body: serde_json::Value = serde_json::from_slice(body).unwrap();
            assert_eq!(body["message"], "name taken");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(error.headers().unwrap()["x-request-id"], "req-409");
}

#[tokio::test]
async fn a_declared_error_body_that_does_not_match_is_a_decode_error_with_the_path_and_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/1",
        ResponseTemplate::new(404).set_body_json(json!({"detail": 5})),
    )
    .await;
    match client(&server).get_pet(1).await.unwrap_err() {
        Error::Decode { status, path, body, .. } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(path, "detail");
            assert_eq!(&body[..], br#"{"detail":5}"#);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    // A proxy's HTML page where JSON is declared is unexpected, not a decode failure.
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/1",
        ResponseTemplate::new(404).set_body_raw("<html>gone</html>", "text/html"),
    )
    .await;
    assert!(matches!(
        client(&server).get_pet(1).await.unwrap_err(),
        Error::UnexpectedStatus { .. }
    ));
}

#[tokio::test]
async fn a_201_gives_its_location_and_a_200_its_rate_limit_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": 7, "name": "Rex"}))
                .insert_header("location", "/pets/7"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/7"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": 7, "name": "Rex"}))
                .insert_header("x-ratelimit-remaining", "41")
                .insert_header("x-request-id", "req-7")
                .insert_header("etag", "\"v1\""),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let created = client.create_pet(&NewPet::new("Rex".into())).response().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.declared_headers().location.as_deref(), Some("/pets/7"));
    assert_eq!(
        created.body(),
        &Pet {
            id: 7,
            name: "Rex".into()
        }
    );

    let read = client.get_pet(7).response().await.unwrap();
    assert_eq!(read.declared_headers().x_rate_limit_remaining, Some(41));
    assert_eq!(read.declared_headers().x_request_id.as_deref(), Some("req-7"));
    // Undeclared headers are there too, raw.
    assert_eq!(read.headers()["etag"], "\"v1\"");
    assert_eq!(read.into_body().name, "Rex");
}

#[tokio::test]
async fn headers_timeout_and_retry_can_be_set_for_one_call() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/1",
        ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "a"})),
    )
    .await;
    answer(
        &server,
        "/pets/2",
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": 2, "name": "b"}))
            .set_delay(Duration::from_millis(800)),
    )
    .await;
    answer(&server, "/pets/3", ResponseTemplate::new(503)).await;
    let client = client(&server);

    client
        .get_pet(1)
        .header(HeaderName::from_static("x-trace"), HeaderValue::from_static("abc"))
        .await
        .unwrap();
    assert_eq!(requests(&server).await[0].headers["x-trace"], "abc");

    // The client's timeout is 30 s; this call's is 50 ms.
    let error = client
        .get_pet(2)
        .timeout(Some(Duration::from_millis(50)))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");

    // The client retries a 503 three times; this call not at all.
    let before = requests(&server).await.len();
    let error = client.get_pet(3).retry(RetryPolicy::none()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(requests(&server).await.len() - before, 1);

    // The same client, without options, still retries.
    let before = requests(&server).await.len();
    client.get_pet(3).await.unwrap_err();
    assert_eq!(requests(&server).await.len() - before, 4);
}

#[tokio::test]
async fn one_idempotency_key_is_made_and_sent_on_every_retry_of_a_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(3)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 1, "name": "Rex"})))
        .mount(&server)
        .await;
    let client = client(&server);
    // A POST is not retried without a key; the spec declares `Idempotency-Key`, so the
    // client makes one when the caller gives none.
    client.create_pet(&NewPet::new("Rex".into())).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 4, "the first attempt and three retries");
    let keys: Vec<&HeaderValue> = sent.iter().map(|r| &r.headers["idempotency-key"]).collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    assert_eq!(keys[0].len(), 36, "a UUID: {:?}", keys[0]);

    // A key the caller gives is sent as it is; a new call makes a new key.
    client
        .create_pet(&NewPet::new("Rex".into()))
        .idempotency_key("order-17")
        .await
        .unwrap();
    client.create_pet(&NewPet::new("Rex".into())).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(sent[4].headers["idempotency-key"], "order-17");
    assert_ne!(sent[5].headers["idempotency-key"], keys[0]);
}

#[tokio::test]
async fn a_download_larger_than_the_size_cap_streams_through() {
    const SIZE: usize = 24 << 20;
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/1/photo",
        ResponseTemplate::new(200).set_body_raw(vec![7u8; SIZE], "application/octet-stream"),
    )
    .await;
    answer(&server, "/pets/2/photo", ResponseTemplate::new(404)).await;
    // The client refuses bodies over 16 MiB; a stream is not a body held in memory.
    let client = client(&server);
    let mut photo = client.get_photo(1).await.unwrap();
    assert_eq!(photo.content_length(), Some(SIZE as u64));
    let (mut read, mut chunks) = (0, 0);
    while let Some(chunk) = photo.next().await {
        let chunk = chunk.unwrap();
        assert!(chunk.iter().all(|b| *b == 7));
        read += chunk.len();
        chunks += 1;
    }
    assert_eq!(read, SIZE);
    assert!(chunks > 1, "read in {chunks} chunk(s)");
    match client.get_photo(2).await.unwrap_err() {
        Error::Status { body, .. } => assert_eq!(body, GetPhotoErrorBody::NotFound),
        other => panic!("expected a typed 404, got {other:?}"),
    }
}

/// A loopback SSE server that drops the first connection after two events, then
/// expects `Last-Event-ID: 2` and ends cleanly after a third. Returns its address and
/// what the second request carried. Bounded: two connections, five seconds.
async fn dropping_event_server() -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let serve = async {
            let mut second_request = String::new();
            for connection in 0..2 {
                let (mut socket, _) = listener.accept().await.unwrap();
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.ends_with(b"\r\n\r\n") {
                    let n = socket.read(&mut buffer).await.unwrap();
                    assert!(n > 0, "the client closed early");
                    request.extend_from_slice(&buffer[..n]);
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
                socket.write_all(head.as_bytes()).await.unwrap();
                let chunk = |text: &str| format!("{:x}\r\n{text}\r\n", text.len());
                if connection == 0 {
                    let events = "retry: 20\nid: 1\ndata: {\"pet_id\": 1, \"name\": \"Rex\"}\n\n\
                                  id: 2\nevent: admitted\ndata: {\"pet_id\": 2, \"name\": \"Ada\"}\n\n";
                    socket.write_all(chunk(events).as_bytes()).await.unwrap();
                    socket.flush().await.unwrap();
                    // Dropped: no final chunk.
                } else {
                    second_request = String::from_utf8_lossy(&request).to_lowercase();
                    let events = "id: 3\ndata: {\"pet_id\": 3, \"name\": \"Bo\"}\n\n";
                    socket.write_all(chunk(events).as_bytes()).await.unwrap();
                    socket.write_all(b"0\r\n\r\n").await.unwrap();
                    socket.flush().await.unwrap();
                }
            }
            second_request
        };
        tokio::time::timeout(Duration::from_secs(5), serve)
            .await
            .expect("the test ends in time")
    });
    (address, server)
}

#[tokio::test]
async fn an_event_stream_resumes_after_a_dropped_connection_from_the_last_event_id() {
    let (address, server) = dropping_event_server().await;
    let client = Client::new().with_base_url(address).with_oauth("t");
    let events = client.watch_pets().await.unwrap();
    let events: Vec<_> = tokio::time::timeout(Duration::from_secs(5), events.collect::<Vec<_>>())
        .await
        .expect("the stream ends");
    let events: Vec<_> = events.into_iter().map(|e| e.unwrap()).collect();
    let names: Vec<&str> = events.iter().map(|e| e.data.name.as_str()).collect();
    assert_eq!(names, ["Rex", "Ada", "Bo"]);
    let ids: Vec<Option<&str>> = events.iter().map(|e| e.id.as_deref()).collect();
    assert_eq!(ids, [Some("1"), Some("2"), Some("3")]);
    assert_eq!(events[1].event, "admitted");
    assert_eq!(events[0].event, "message");
    assert_eq!(events[0].retry, Some(Duration::from_millis(20)));
    let second = server.await.unwrap();
    assert!(second.contains("last-event-id: 2\r\n"), "{second}");
    assert!(
        second.contains("authorization: bearer t\r\n"),
        "credentials are sent again: {second}"
    );
}

#[tokio::test]
async fn text_events_keep_their_data_and_a_byte_order_mark_is_no_panic() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/log",
        ResponseTemplate::new(200).set_body_raw(
            "\u{feff}data: line one\n\ndata: line\ndata: two\n\n",
            "text/event-stream",
        ),
    )
    .await;
    let lines: Vec<String> = client(&server)
        .tail_log()
        .await
        .unwrap()
        .map(|event| event.unwrap().data)
        .collect()
        .await;
    assert_eq!(lines, ["line one", "line\ntwo"]);
}

#[tokio::test]
async fn alternatives_basic_auth_and_an_operation_that_needs_none() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/1",
        ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "a"})),
    )
    .await;
    answer(&server, "/health", ResponseTemplate::new(204)).await;
    answer(
        &server,
        "/reports",
        ResponseTemplate::new(200).set_body_json(json!(["q3"])),
    )
    .await;
    // Only the second alternative (`basic`) is set: it is what the call sends.
    let client = Client::new()
        .with_base_url(server.uri())
        .with_basic("ann", "pa55")
        .with_staff_key("staff-secret");
    client.get_pet(1).await.unwrap();
    client.health().await.unwrap();
    client.list_reports().await.unwrap();
    let sent = requests(&server).await;
    // base64("ann:pa55")
    assert_eq!(sent[0].headers["authorization"], "Basic YW5uOnBhNTU=");
    assert!(
        sent[0].headers.get("x-staff-key").is_none(),
        "only what the operation needs"
    );
    assert!(
        sent[1].headers.get("authorization").is_none(),
        "`security: []` sends nothing"
    );
    assert!(sent[1].headers.get("x-staff-key").is_none());
    assert_eq!(sent[2].headers["x-staff-key"], "staff-secret");
    assert!(sent[2].headers.get("authorization").is_none());
    // With the first alternative set too, it is preferred.
    client.with_oauth("tok").get_pet(1).await.unwrap();
    assert_eq!(requests(&server).await[3].headers["authorization"], "Bearer tok");
    let printed = format!("{:?}", Client::new().with_basic("ann", "pa55"));
    assert!(!printed.contains("pa55"), "{printed}");
}

#[tokio::test]
async fn oauth2_tokens_are_fetched_cached_and_refreshed_once_on_a_401() {
    let server = MockServer::start().await;
    let token = |access: &str, expires_in: u64| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": access, "token_type": "bearer", "expires_in": expires_in}))
    };
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("revoked", 3600))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("fresh", 3600))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(token("short", 1))
        .mount(&server)
        .await;
    Mock::given(header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/pets/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "a"})))
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri()).with_oauth_client_credentials(
        "app-7",
        "client-secret-xyz",
        &["pets:read"],
    );
    // The first token is refused: one refresh, and the call succeeds.
    client.get_pet(1).await.unwrap();
    // The fresh token is cached.
    client.get_pet(1).await.unwrap();
    let sent = requests(&server).await;
    let paths: Vec<&str> = sent.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/oauth/token", "/pets/1", "/oauth/token", "/pets/1", "/pets/1"]);
    let grant = String::from_utf8_lossy(&sent[0].body).into_owned();
    assert!(grant.contains("grant_type=client_credentials"), "{grant}");
    assert!(grant.contains("scope=pets%3Aread"), "{grant}");
    assert_eq!(sent[4].headers["authorization"], "Bearer fresh");

    // A token about to expire is fetched again before it is used.
    let client =
        Client::new()
            .with_base_url(server.uri())
            .with_oauth_client_credentials("app-7", "client-secret-xyz", &[]);
    client.get_pet(1).await.unwrap(); // fetches "short" (1 s; renewed after 0.5 s)
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.get_pet(1).await.unwrap();
    let token_requests = requests(&server)
        .await
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count();
    assert_eq!(token_requests, 4);
    let printed = format!("{client:?}");
    assert!(
        !printed.contains("client-secret-xyz") && !printed.contains("short"),
        "{printed}"
    );
}

#[tokio::test]
async fn a_refused_token_request_is_an_auth_error_without_secrets() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/oauth/token",
        ResponseTemplate::new(400)
            .set_body_json(json!({"error": "invalid_client", "error_description": "unknown client"})),
    )
    .await;
    let client =
        Client::new()
            .with_base_url(server.uri())
            .with_oauth_client_credentials("app-7", "client-secret-xyz", &[]);
    let error = client.get_pet(1).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    let shown = format!("{} {error:?}", error.report());
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(!shown.contains("client-secret-xyz"), "{shown}");
    // Nothing reached the API.
    assert!(requests(&server).await.iter().all(|r| r.url.path() == "/oauth/token"));
}

#[test]
fn a_fastapi_style_operation_has_one_error_variant_per_status() {
    // The types a caller matches on, named as the closing note shows them.
    fn describe(error: &statuses::GetPetError) -> String {
        match error {
            Error::Status {
                body: GetPetErrorBody::NotFound(not_found),
                ..
            } => format!("404: {}", not_found.detail),
            Error::Status {
                body: GetPetErrorBody::UnprocessableEntity(invalid),
                ..
            } => format!("422: {:?}", invalid.detail),
            Error::UnexpectedStatus { status, body, .. } => format!("{status}: {} bytes", body.len()),
            other => other.to_string(),
        }
    }
    let error = statuses::GetPetError::UnexpectedStatus {
        status: reqwest::StatusCode::CONFLICT,
        headers: Box::default(),
        body: openapi_client_runtime::bytes::Bytes::from_static(b"{}"),
    };
    assert_eq!(describe(&error), "409 Conflict: 2 bytes");
}

/// A loopback SSE server that sends `first` on its first connection and nothing on the
/// next ones, dropping each connection without ending the body. Returns its address and
/// a count of the connections it took. Bounded: `max` connections, five seconds.
async fn flaky_event_server(first: &'static str, max: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        let serve = async {
            for connections in 1..=max {
                let (mut socket, _) = listener.accept().await.unwrap();
                counted.store(connections, Ordering::SeqCst);
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
                socket.write_all(head.as_bytes()).await.unwrap();
                if connections == 1 {
                    let chunk = format!("{:x}\r\n{first}\r\n", first.len());
                    socket.write_all(chunk.as_bytes()).await.unwrap();
                }
                socket.flush().await.unwrap();
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(5), serve).await;
    });
    (address, count)
}

#[tokio::test]
async fn a_dropped_post_stream_is_not_sent_again() {
    let (address, server) = flaky_event_server("retry: 10\ndata: first token\n\n", 3).await;
    let client = Client::new().with_base_url(address).with_oauth("t");
    let events = client
        .ask_question()
        .body(&NewPet { name: "Rex".into() })
        .await
        .unwrap();
    let events: Vec<_> = tokio::time::timeout(Duration::from_secs(5), events.collect::<Vec<_>>())
        .await
        .expect("the stream ends");
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].as_ref().unwrap().data, "first token");
    assert!(matches!(events[1], Err(Error::Transport(_))), "{events:?}");
    assert_eq!(server.load(Ordering::SeqCst), 1, "the POST was sent once");
}

#[tokio::test]
async fn reconnections_that_bring_no_event_are_bounded() {
    let (address, server) =
        flaky_event_server("retry: 10\nid: 1\ndata: {\"pet_id\": 1, \"name\": \"Rex\"}\n\n", 20).await;
    let client = Client::new().with_base_url(address).with_oauth("t");
    let events = client.watch_pets().await.unwrap();
    let events: Vec<_> = tokio::time::timeout(Duration::from_secs(5), events.collect::<Vec<_>>())
        .await
        .expect("the stream gives up");
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].as_ref().unwrap().data.name, "Rex");
    assert!(events[1].is_err());
    // The first connection and five reconnections that brought nothing.
    assert_eq!(server.load(Ordering::SeqCst), 6);
}

#[tokio::test]
async fn a_call_header_replaces_the_credential_and_a_made_key_can_be_read() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/pets/1",
        ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "a"})),
    )
    .await;
    answer(
        &server,
        "/pets",
        ResponseTemplate::new(201)
            .set_body_json(json!({"id": 1, "name": "a"}))
            .insert_header("set-cookie", "session=s3cr3t"),
    )
    .await;
    let client = client(&server);
    client
        .get_pet(1)
        .header(
            reqwest::header::AUTHORIZATION,
            HeaderValue::from_static("Bearer caller"),
        )
        .await
        .unwrap();
    let sent = requests(&server).await;
    let values: Vec<_> = sent[0].headers.get_all("authorization").iter().collect();
    assert_eq!(values, ["Bearer caller"]);

    // A key made before sending (`idempotent`) is read back, then sent.
    let pet = NewPet::new("a".into());
    let call = client.create_pet(&pet).idempotent();
    let key = call.idempotency_key_value().expect("a key is made").to_owned();
    let created = call.response().await.unwrap();
    assert_eq!(requests(&server).await[1].headers["idempotency-key"], key.as_str());
    // A session cookie in a kept response does not print.
    assert!(!format!("{:?}", created.headers()).contains("s3cr3t"));
}

#[tokio::test]
async fn a_token_endpoint_that_never_answers_is_bounded_by_the_timeout() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/oauth/token",
        ResponseTemplate::new(200)
            .set_body_json(json!({"access_token": "late", "token_type": "bearer"}))
            .set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = Client::new()
        .with_base_url(server.uri())
        .with_timeout(Some(Duration::from_millis(100)))
        .with_oauth_client_credentials("app", "secret", &[]);
    let started = std::time::Instant::now();
    let error = client.get_pet(1).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
