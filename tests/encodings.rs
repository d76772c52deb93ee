//! What the generated clients put on the wire for each parameter style and body media
//! type, checked against the raw requests a loopback server receives.

use std::collections::BTreeMap;

use codegen_tests::bodies::types::{CreateChargeRequest, Pet};
use codegen_tests::parameters::types::{PreviewLinesLinesItem, SearchFilter, SearchPage, SearchTheme};
use codegen_tests::{bodies, parameters};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A loopback server that answers every request with `status` and records it.
async fn answering(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .pop()
        .expect("a request arrived")
}

#[tokio::test]
async fn query_styles_content_headers_and_cookies() {
    let server = answering(200).await;
    let client = parameters::Client::new().with_base_url(server.uri());
    let tags = ["a".to_owned(), "b c".to_owned()];
    let filter = SearchFilter {
        status: Some("open".into()),
        owner: Some(7),
    };
    let page = SearchPage {
        size: Some(20),
        cursor: Some("x".into()),
    };
    let where_ = BTreeMap::from([("city".to_owned(), "Hà Nội".to_owned())]);
    client
        .search("s3ss10n")
        .tags(&tags)
        .ids(&[1, 2])
        .colors(&["red".into(), "blue".into()])
        .filter(&filter)
        .page(&page)
        .where_(&where_)
        .x_tags(&["x".into(), "y".into()])
        .theme(&SearchTheme::Dark)
        .await
        .expect("sent");
    let request = last_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some(concat!(
            "tags=a%2Cb+c&ids=1+2&colors=red%7Cblue&filter%5Bstatus%5D=open&filter%5Bowner%5D=7",
            "&size=20&cursor=x&where=%7B%22city%22%3A%22H%C3%A0+N%E1%BB%99i%22%7D"
        ))
    );
    assert_eq!(request.headers.get("x-tags").map(|v| v.to_str().unwrap()), Some("x,y"));
    assert_eq!(
        request.headers.get("cookie").map(|v| v.to_str().unwrap()),
        Some("session=s3ss10n; theme=dark")
    );

    // Absent optional parameters are left out entirely.
    client.search("s").await.expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), None);
    assert_eq!(
        request.headers.get("cookie").map(|v| v.to_str().unwrap()),
        Some("session=s")
    );
}

#[tokio::test]
async fn bodies_of_every_media_type() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "Rex"})))
        .mount(&server)
        .await;
    let client = bodies::Client::new().with_base_url(server.uri());
    let header = |r: &wiremock::Request, name: &str| r.headers.get(name).map(|v| v.to_str().unwrap().to_owned());

    let charge = CreateChargeRequest {
        amount: 100,
        expand: Some(vec!["customer".into()]),
        metadata: Some(BTreeMap::from([("plan".to_owned(), "pro".to_owned())])),
    };
    client.create_charge(&charge).await.expect("sent");
    let r = last_request(&server).await;
    assert_eq!(
        header(&r, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        "amount=100&expand=customer&metadata%5Bplan%5D=pro"
    );

    client.add_note("hello").await.expect("sent");
    let r = last_request(&server).await;
    assert_eq!(header(&r, "content-type").as_deref(), Some("text/plain"));
    assert_eq!(r.body, b"hello");

    client
        .put_avatar("me")
        .body(vec![0x89, b'P', b'N', b'G'])
        .await
        .expect("sent");
    let r = last_request(&server).await;
    assert_eq!(r.url.path(), "/avatars/me");
    assert_eq!(header(&r, "content-type").as_deref(), Some("image/png"));
    assert_eq!(r.body, [0x89, b'P', b'N', b'G']);

    // A multipart schema with no properties: the caller builds the form.
    let form = reqwest::multipart::Form::new().text("title", "Report").part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF".to_vec()).file_name("r.pdf"),
    );
    client.upload_raw(form).await.expect("sent");
    let r = last_request(&server).await;
    let parts = parse_multipart(&r).await;
    assert_eq!(
        parts,
        [
            part("title", None, None, b"Report"),
            part("file", Some("r.pdf"), None, b"%PDF"),
        ]
    );

    let pet = client.update_pet(&Pet { name: "Rex".into() }).await.expect("sent");
    let r = last_request(&server).await;
    assert_eq!(header(&r, "content-type").as_deref(), Some("application/json"));
    assert_eq!(pet.name, "Rex");
}

/// A required list in the exploded form style cannot be sent empty (it would send
/// nothing, which the server reads as missing): the method refuses it before sending.
/// Joined styles (form, `spaceDelimited`, `pipeDelimited`, a header's `simple`) write an
/// empty list as an empty value.
#[tokio::test]
async fn empty_required_lists() {
    let server = answering(204).await;
    let client = parameters::Client::new().with_base_url(server.uri());
    client.get_batch(&[1, 2], &[], &[], &[], &[]).await.expect("sent");
    let r = last_request(&server).await;
    // Every joined style (form, space- and pipe-delimited) writes an empty list as an
    // empty value.
    assert_eq!(r.url.query(), Some("ids=1&ids=2&codes=&words=&levels="));
    assert_eq!(r.headers.get("x-tags").map(|v| v.as_bytes()), Some(&b""[..]));
    let words = ["a".to_owned(), "b".to_owned()];
    client.get_batch(&[1], &[], &words, &[3, 4], &[]).await.expect("sent");
    let r = last_request(&server).await;
    // The query is form-encoded, so the joining space is `+` (the spec's example writes
    // `%20`; form decoding, which servers apply to query strings, reads both as a space).
    assert_eq!(r.url.query(), Some("ids=1&codes=&words=a+b&levels=3%7C4"));
    let words: Vec<String> = r
        .url
        .query_pairs()
        .filter(|(k, _)| k == "words")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(words, ["a b"]);

    match client
        .get_batch(&[], &["a".into()], &[], &[], &["t".into()])
        .await
        .unwrap_err()
    {
        openapi_client_runtime::Error::Validation(e) => {
            assert_eq!(e.parameter, "ids");
            assert!(e.message.contains("empty list sends nothing"), "{}", e.message);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "the two calls above were sent, the refused one nothing"
    );
}

/// One part of a multipart body as a server reads it: name, file name, media type, bytes.
type ReadPart = (String, Option<String>, Option<String>, Vec<u8>);

fn part(name: &str, file_name: Option<&str>, media: Option<&str>, bytes: &[u8]) -> ReadPart {
    (
        name.to_owned(),
        file_name.map(str::to_owned),
        media.map(str::to_owned),
        bytes.to_vec(),
    )
}

/// The parts of a recorded `multipart/form-data` request, read by multer.
async fn parse_multipart(request: &wiremock::Request) -> Vec<ReadPart> {
    let content_type = request
        .headers
        .get("content-type")
        .expect("a content type")
        .to_str()
        .unwrap();
    let boundary = multer::parse_boundary(content_type).expect("a multipart content type");
    let body = request.body.clone();
    let stream = futures::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed body") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let media = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.expect("a part's bytes").to_vec();
        parts.push((name, file_name, media, bytes));
    }
    parts
}

/// A typed multipart body: every field one part (none for absent ones), files with their
/// names and the media type from the spec's `encoding` unless the file sets its own,
/// lists one part per item, scalars as text, an object as JSON in its declared type. The
/// body is buffered, so it is sent again when a retry needs it.
#[tokio::test]
async fn typed_multipart_bodies() {
    use codegen_tests::bodies::File;
    use codegen_tests::bodies::types::{UploadFileRequest, UploadFileRequestKind, UploadFileRequestMeta};

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    let client = bodies::Client::new().with_base_url(server.uri());
    let body = UploadFileRequest {
        file: File::new(&b"%PDF-1.7\x00\xff"[..]).file_name("report.pdf"),
        attachments: Some(vec![
            File::new("a,b\n1,2\n").file_name("data.csv").content_type("text/csv"),
            File::new(vec![0x89, b'P', b'N', b'G']),
        ]),
        title: "Q3 \"final\"".into(),
        pages: Some(12),
        taken: Some("2024-03-01T08:30:00+07:00".parse().unwrap()),
        kind: Some(UploadFileRequestKind::Memo),
        labels: Some(vec!["a".into(), "b".into()]),
        meta: Some(UploadFileRequestMeta {
            author: Some("Ann".into()),
        }),
        note: None,
    };
    client
        .upload_file(&body)
        .idempotent()
        .retry(openapi_client_runtime::RetryPolicy {
            initial_backoff: std::time::Duration::from_millis(1),
            ..Default::default()
        })
        .await
        .expect("sent, after one retry");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2, "the 503 was retried with the same body");
    assert_eq!(requests[0].body, requests[1].body);
    let parts = parse_multipart(&requests[1]).await;
    assert_eq!(
        parts,
        [
            part("file", Some("report.pdf"), Some("application/pdf"), b"%PDF-1.7\x00\xff"),
            part("attachments", Some("data.csv"), Some("text/csv"), b"a,b\n1,2\n"),
            part(
                "attachments",
                Some("attachments"),
                Some("application/octet-stream"),
                &[0x89, b'P', b'N', b'G']
            ),
            part("title", None, None, b"Q3 \"final\""),
            part("pages", None, None, b"12"),
            part("taken", None, None, b"2024-03-01T08:30:00+07:00"),
            part("kind", None, None, b"memo"),
            part("labels", None, None, b"a"),
            part("labels", None, None, b"b"),
            part("meta", None, Some("application/vnd.meta+json"), br#"{"author":"Ann"}"#),
        ]
    );
}

/// A 3.1 multipart body whose file parts are `contentMediaType` strings: each file is a
/// part with that media type, a list of files one part per item, a `null` caption (which
/// multipart cannot carry) no part at all, a date-time its RFC 3339 text.
#[tokio::test]
async fn multipart_file_parts_from_3_1_content_media_type() {
    use codegen_tests::fidelity_31::{self, File, types::AttachPhotosRequest};

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path(
        "/readings/6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f/photos",
    ))
    .respond_with(ResponseTemplate::new(204))
    .mount(&server)
    .await;
    let client = fidelity_31::Client::new().with_base_url(server.uri());
    let mut body = AttachPhotosRequest::new(File::new(&b"\x89PNG"[..]).file_name("front.png"));
    body.extras = Some(vec![
        File::new(&b"\xff\xd8a"[..]).file_name("a.jpg"),
        File::new(&b"\xff\xd8b"[..]),
    ]);
    body.caption = Some(None);
    body.taken = Some("2024-03-01T08:30:00+07:00".parse().unwrap());
    client
        .attach_photos("6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f".parse().unwrap(), &body)
        .await
        .expect("204");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        parse_multipart(&requests[0]).await,
        [
            part("photo", Some("front.png"), Some("image/png"), b"\x89PNG"),
            part("extras", Some("a.jpg"), Some("image/jpeg"), b"\xff\xd8a"),
            part("extras", Some("extras"), Some("image/jpeg"), b"\xff\xd8b"),
            part("taken", None, None, b"2024-03-01T08:30:00+07:00"),
        ]
    );
}

/// A required body that may be `null` is an `Option`: `None` is sent as the JSON `null`,
/// never left out (the server would read a missing body).
#[tokio::test]
async fn a_required_nullable_body_sends_null() {
    use codegen_tests::fidelity_31;

    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = fidelity_31::Client::new().with_base_url(server.uri());
    let reading = "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f".parse().unwrap();
    client.set_label(reading, Some("north")).await.expect("204");
    client.set_label(reading, None).await.expect("204");
    // The same through a `$ref` to a nullable string (taken as `Option<&str>`) and to a
    // nullable list (an alias, taken as `Option<&Tags>`).
    client.set_note(reading, Some("calibrated")).await.expect("204");
    client.set_note(reading, None).await.expect("204");
    client
        .set_tags(reading, Some(&vec!["a".to_owned()]))
        .await
        .expect("204");
    client.set_tags(reading, None).await.expect("204");
    let requests = server.received_requests().await.expect("recording is on");
    let bodies: Vec<&[u8]> = requests.iter().map(|r| &r.body[..]).collect();
    assert_eq!(
        bodies,
        [
            &b"\"north\""[..],
            b"null",
            b"\"calibrated\"",
            b"null",
            b"[\"a\"]",
            b"null"
        ]
    );
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("content-type").is_some_and(|v| v == "application/json"))
    );
}

/// A `deepObject` list of objects brackets each item (`lines[][amount]=1`); a form-style
/// list of objects is a string the caller formats, sent as given.
#[tokio::test]
async fn lists_of_objects_in_the_query() {
    let server = answering(204).await;
    let client = parameters::Client::new().with_base_url(server.uri());
    let lines = [
        PreviewLinesLinesItem {
            amount: Some(1),
            memo: Some("a b".into()),
        },
        PreviewLinesLinesItem {
            amount: Some(2),
            memo: None,
        },
    ];
    client
        .preview_lines()
        .lines(&lines)
        .filters("field:name")
        .await
        .expect("sent");
    let request = last_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("lines%5B%5D%5Bamount%5D=1&lines%5B%5D%5Bmemo%5D=a+b&lines%5B%5D%5Bamount%5D=2&filters=field%3Aname")
    );
}

/// Aliases of primitives are typed and checked like the primitive; date-times go out as
/// RFC 3339 in paths and headers, unix times as epoch seconds in queries and cookies.
#[tokio::test]
async fn aliases_and_date_times_on_the_wire() {
    let server = answering(204).await;
    let client = parameters::Client::new().with_base_url(server.uri());
    let since = chrono::DateTime::parse_from_rfc3339("2024-03-01T08:30:00+07:00").expect("a date-time");
    let until = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a time");
    client
        .list_visits(7, since)
        .ids(&vec![1, 2])
        .owner(3)
        .until(until)
        .x_since(since)
        .seen(until)
        .await
        .expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.path(), "/pets/7/visits/2024-03-01T08%3A30%3A00%2B07%3A00");
    assert_eq!(request.url.query(), Some("ids=1%2C2&owner=3&until=1700000000"));
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("x-since").as_deref(), Some("2024-03-01T08:30:00+07:00"));
    assert_eq!(header("cookie").as_deref(), Some("seen=1700000000"));
    // A fraction of a second is sent, as the JSON adapter writes it.
    let until = chrono::DateTime::from_timestamp(1_700_000_000, 250_000_000).expect("a time");
    client
        .list_visits(7, since)
        .until(until)
        .seen(until)
        .await
        .expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), Some("until=1700000000.25"));
    let cookie = request.headers.get("cookie").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(cookie.as_deref(), Some("seen=1700000000.25"));
    // The alias keeps the spec's `minimum: 1`.
    let error = client.list_visits(0, since).await.expect_err("0 is below the minimum");
    assert!(error.to_string().contains("petId"), "{error}");
}

/// An operation without `responses` (3.1 allows it) takes any 2xx as success, its body
/// ignored, and keeps any other status whole as `UnexpectedStatus`.
#[tokio::test]
async fn an_operation_without_responses_accepts_any_success() {
    use codegen_tests::fidelity_31;

    for (status, body) in [(200, "{\"pong\": true}"), (204, ""), (202, "queued")] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::path("/ping"))
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let client = fidelity_31::Client::new().with_base_url(server.uri());
        client.ping().await.unwrap_or_else(|e| panic!("{status}: {e}"));
    }
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/ping"))
        .respond_with(ResponseTemplate::new(503).set_body_string("down for maintenance"))
        .mount(&server)
        .await;
    let client = fidelity_31::Client::new()
        .with_base_url(server.uri())
        .with_retry(openapi_client_runtime::RetryPolicy::none());
    match client.ping().await.unwrap_err() {
        openapi_client_runtime::Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(&body[..], b"down for maintenance");
        }
        other => panic!("expected the 503 kept whole, got {other:?}"),
    }
}
