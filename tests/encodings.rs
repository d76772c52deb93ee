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
        .search(
            Some(&tags),
            Some(&[1, 2]),
            Some(&["red".into(), "blue".into()]),
            Some(&filter),
            Some(&page),
            Some(&where_),
            Some(&["x".into(), "y".into()]),
            "s3ss10n",
            Some(&SearchTheme::Dark),
        )
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
    client
        .search(None, None, None, None, None, None, None, "s", None)
        .await
        .expect("sent");
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
        .put_avatar("me", Some(vec![0x89, b'P', b'N', b'G']))
        .await
        .expect("sent");
    let r = last_request(&server).await;
    assert_eq!(r.url.path(), "/avatars/me");
    assert_eq!(header(&r, "content-type").as_deref(), Some("image/png"));
    assert_eq!(r.body, [0x89, b'P', b'N', b'G']);

    let form = reqwest::multipart::Form::new().text("title", "Report").part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF".to_vec()).file_name("r.pdf"),
    );
    client.upload_file(form).await.expect("sent");
    let r = last_request(&server).await;
    assert!(
        header(&r, "content-type")
            .unwrap_or_default()
            .starts_with("multipart/form-data; boundary=")
    );
    let body = String::from_utf8_lossy(&r.body);
    assert!(
        body.contains("name=\"title\"") && body.contains("Report") && body.contains("filename=\"r.pdf\""),
        "{body}"
    );

    let pet = client.update_pet(&Pet { name: "Rex".into() }).await.expect("sent");
    let r = last_request(&server).await;
    assert_eq!(header(&r, "content-type").as_deref(), Some("application/json"));
    assert_eq!(pet.name, "Rex");
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
        .preview_lines(Some(&lines), Some("field:name"))
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
        .list_visits(
            7,
            since,
            Some(&vec![1, 2]),
            Some(3),
            Some(until),
            Some(since),
            Some(until),
        )
        .await
        .expect("sent");
    let request = last_request(&server).await;
    assert_eq!(request.url.path(), "/pets/7/visits/2024-03-01T08%3A30%3A00%2B07%3A00");
    assert_eq!(request.url.query(), Some("ids=1%2C2&owner=3&until=1700000000"));
    let header = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("x-since").as_deref(), Some("2024-03-01T08:30:00+07:00"));
    assert_eq!(header("cookie").as_deref(), Some("seen=1700000000"));
    // The alias keeps the spec's `minimum: 1`.
    let error = client
        .list_visits(0, since, None, None, None, None, None)
        .await
        .expect_err("0 is below the minimum");
    assert!(error.to_string().contains("petId"), "{error}");
}
