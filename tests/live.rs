//! Live suites: the generated client against a real framework serving its own OpenAPI
//! document (`tests/live/<framework>/`), started on a free loopback port.
//!
//! The client is generated at build time from `live/<framework>/openapi.json` (see
//! `build.rs`); each suite first checks that the running server serves exactly that
//! document, so a framework upgrade that changes it shows as a diff to review, then calls
//! the operations and asserts exact echoes and typed errors.
//!
//! They need the framework installed (pinned), so they are ignored by a plain `cargo
//! test` (cargo lists them as ignored) and run by `bash scripts/live.sh`, which installs
//! each framework into a virtual environment under `target/` and runs them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use codegen_tests::live_fastapi::types as fa;
use codegen_tests::live_fastapi::{self, GetThingErrorBody, ReplaceThingErrorBody};
use futures::StreamExt;
use openapi_client_runtime::Error;
use serde_json::Value;

/// A framework's server, stopped when dropped (and by itself after its lifetime).
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `program args... --port 0 --lifetime 120` in `dir` and waits (at most 60 s) for
/// the line that names its address.
fn start(program: &str, args: &[&str], dir: &str) -> Server {
    let mut child = Command::new(program)
        .args(args)
        .args(["--port", "0", "--lifetime", "120"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e} (run `bash scripts/live.sh`)"));
    let stdout = child.stdout.take().expect("piped");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")) {
                let _ = sender.send(url.trim_end_matches('/').to_owned());
            }
        }
    });
    let url = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("the server says where it listens within 60 s");
    Server { child, url }
}

/// The interpreter of a framework's virtual environment, as `scripts/live.sh` exports it.
fn python(variable: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| panic!("{variable} is not set: run `bash scripts/live.sh`"))
}

/// The document the server serves equals the committed one the client was built from.
async fn serves_the_committed_document(server: &Server, path: &str, committed: &str) {
    let served: Value = reqwest::get(format!("{}{path}", server.url))
        .await
        .expect("the document is served")
        .json()
        .await
        .expect("as JSON");
    let committed: Value = serde_json::from_str(&std::fs::read_to_string(committed).expect("committed")).unwrap();
    assert!(
        served == committed,
        "the server's document changed; review it and commit it as {path}:\n{}",
        serde_json::to_string_pretty(&served).unwrap()
    );
}

#[tokio::test]
#[ignore = "needs FastAPI installed: bash scripts/live.sh"]
async fn fastapi() {
    let server = start(&python("LIVE_FASTAPI_PYTHON"), &["serve.py"], "live/fastapi");
    serves_the_committed_document(&server, "/openapi.json", "live/fastapi/openapi.json").await;
    let client = live_fastapi::Client::new(&server.url)
        .with_http_bearer("test-token")
        .with_api_key_header("test-key");
    let uuid: openapi_client_runtime::uuid::Uuid = "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f".parse().unwrap();

    // Path parameters: integer, text with escapes, UUID, enum.
    let echo = client.echo_path(42, "a b&c", uuid, &fa::Color::Green).await.unwrap();
    assert_eq!(
        (echo.item_id, echo.slug.as_str(), echo.item_uuid, echo.color),
        (42, "a b&c", uuid, fa::Color::Green)
    );

    // Query parameters of every type, lists and optional ones.
    let when: chrono::DateTime<chrono::FixedOffset> = "2024-03-01T08:30:00+07:00".parse().unwrap();
    let echo = client
        .echo_query(
            -7,
            2.5,
            true,
            "x y",
            "2024-02-29".parse().unwrap(),
            when,
            uuid,
            &fa::EchoQueryDecimalValue::String("12.50".into()),
            &fa::Color::Blue,
            &["p".to_owned(), "q r".to_owned()],
            Some(&[1, 2, 3]),
            Some(20),
            None,
            Some("s"),
            None,
        )
        .await
        .unwrap();
    assert_eq!((echo.int_value, echo.float_value, echo.bool_value), (-7, 2.5, true));
    assert_eq!(echo.str_value, "x y");
    assert_eq!(echo.date_value.to_string(), "2024-02-29");
    assert_eq!(echo.datetime_value, when);
    assert_eq!(echo.uuid_value, uuid);
    assert_eq!(echo.decimal_value, "12.50", "the decimal keeps its scale");
    assert_eq!(echo.color, fa::Color::Blue);
    assert_eq!(echo.tags, ["p", "q r"]);
    assert_eq!(echo.ids, [1, 2, 3]);
    assert_eq!(
        (echo.page_size, echo.limit, echo.search.as_deref()),
        (20, None, Some("s"))
    );

    // Headers: `int | None` is `anyOf: [integer, null]`, typed `Option<i64>`.
    let echo = client.echo_headers("req-1", Some(5), Some(true)).await.unwrap();
    assert_eq!(
        (echo.x_request_id.as_str(), echo.x_count, echo.x_debug),
        ("req-1", Some(5), true)
    );
    let echo = client.echo_headers("req-2", None, None).await.unwrap();
    assert_eq!((echo.x_count, echo.x_debug), (None, false));

    // Cookies.
    let echo = client.echo_cookies("sess-9", Some("dark"), Some(3)).await.unwrap();
    assert_eq!(
        (echo.session_id.as_str(), echo.theme.as_deref(), echo.visits),
        ("sess-9", Some("dark"), Some(3))
    );

    // A body of every kind of value, echoed: a UUID, an integer above 2^53, a decimal, a
    // tuple, a map, a date, a date-time with an offset and a naive one.
    let sink = fa::KitchenSinkInput {
        id: uuid,
        name: "sink".into(),
        count: 3,
        big: 9_007_199_254_740_993,
        ratio: 0.25,
        price: fa::KitchenSinkInputPrice::String("12.50".into()),
        active: true,
        color: fa::Color::Red,
        tags: vec!["a".into()],
        scores: [("x".to_owned(), 1)].into(),
        location: (10.5, -3.25),
        born_on: "2020-01-02".parse().unwrap(),
        created_at: when,
        local_time: "2024-03-01T08:30:00+00:00".parse().unwrap(),
        address: fa::Address {
            street: "1 Main".into(),
            city: "Hue".into(),
            zip: None,
        },
        previous_addresses: None,
        nullable_count: None,
        nickname: Some("n".into()),
        retries: Some(2),
        favorite_pet: None,
    };
    let echo = client.echo_kitchen_sink(&sink).await.unwrap();
    assert_eq!(echo.id, uuid);
    assert_eq!(echo.big, 9_007_199_254_740_993, "no precision lost above 2^53");
    assert_eq!(echo.price, "12.50");
    assert_eq!(echo.location, (10.5, -3.25));
    assert_eq!(echo.scores["x"], 1);
    assert_eq!(echo.born_on, sink.born_on);
    assert_eq!(echo.created_at, when);
    // The app stores `local_time` as a naive datetime and sends it back without an
    // offset: read as UTC.
    assert_eq!(echo.local_time, sink.local_time);
    assert_eq!((echo.nickname.as_deref(), echo.retries), (Some("n"), Some(2)));

    // A discriminated union, both ways.
    let dog = fa::EchoPetDiscriminatedRequest::Dog(fa::Dog {
        kind: fa::DogKind::Dog,
        name: "Rex".into(),
        good_boy: true,
    });
    let echo = client.echo_pet_discriminated(&dog).await.unwrap();
    assert_eq!(
        serde_json::to_value(&echo).unwrap(),
        serde_json::to_value(&dog).unwrap()
    );

    // A map body and a list body.
    let map = [("a".to_owned(), 1), ("b".to_owned(), -2)].into();
    assert_eq!(client.echo_int_map(&map).await.unwrap(), map);
    let list = vec![fa::Address {
        street: "2 Side".into(),
        city: "Da Nang".into(),
        zip: Some("550000".into()),
    }];
    assert_eq!(client.echo_address_list(&list).await.unwrap(), list);

    // A form body.
    let signup = fa::BodySubmitSignup {
        username: "ann".into(),
        password: "pw".into(),
        age: 30,
        newsletter: Some(true),
        interests: None,
    };
    let echo = client.submit_signup(&signup).await.unwrap();
    assert_eq!((echo.username.as_str(), echo.age, echo.newsletter), ("ann", 30, true));

    // A binary download as a stream; byte i is i % 256.
    let mut body = client.download_file(Some(70_000)).await.unwrap();
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes.len(), 70_000);
    assert!(bytes.iter().enumerate().all(|(i, b)| *b == (i % 256) as u8));

    // Text.
    let greeting = client.get_greeting(Some("Ann")).await.unwrap();
    assert!(greeting.contains("Ann"), "{greeting}");

    // 201 with `Location`, a typed 404, FastAPI's own 422, an undeclared 409.
    let created = client
        .create_thing(&fa::ThingCreate {
            name: "lamp".into(),
            description: Some("bright".into()),
            tags: None,
        })
        .response()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let location = created.declared_headers().location.clone().expect("a Location");
    assert!(
        location.ends_with(&format!("/things/{}", created.body().id)),
        "{location}"
    );
    let thing = client.get_thing(created.body().id).await.unwrap();
    assert_eq!(thing.name, "lamp");
    match client.get_thing(999_999).await.unwrap_err() {
        Error::Status {
            body: GetThingErrorBody::NotFound(missing),
            ..
        } => assert_eq!(missing.id, 999_999),
        other => panic!("expected a typed 404, got {other:?}"),
    }
    // FastAPI's own validation error: the body breaks `min_length` (checked by the server).
    let nameless = fa::ThingCreate {
        name: String::new(),
        description: None,
        tags: None,
    };
    match client.replace_thing(created.body().id, &nameless).await.unwrap_err() {
        Error::Status {
            status,
            body: ReplaceThingErrorBody::UnprocessableEntity(invalid),
            ..
        } => {
            assert_eq!(status.as_u16(), 422);
            let detail = invalid.detail.expect("FastAPI's detail list");
            assert_eq!(
                detail[0].loc.last().map(|l| serde_json::to_value(l).unwrap()),
                Some("name".into())
            );
        }
        other => panic!("expected a typed 422, got {other:?}"),
    }
    let taken = fa::ThingCreate {
        name: "taken".into(),
        description: None,
        tags: None,
    };
    match client.create_thing(&taken).await.unwrap_err() {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 409);
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["detail"]["message"], "name taken");
        }
        other => panic!("expected the undeclared 409 kept whole, got {other:?}"),
    }

    // Bearer and API-key security, and the error without credentials.
    assert_eq!(client.whoami_bearer().await.unwrap().token, "test-token");
    assert_eq!(client.whoami_api_key().await.unwrap().api_key, "test-key");
    let anonymous = live_fastapi::Client::new(&server.url);
    assert_eq!(
        anonymous
            .whoami_bearer()
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(401)
    );
    #[allow(deprecated)]
    let pong = client.legacy_ping().await.unwrap();
    assert!(pong.pong, "a deprecated operation still works");
}
