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

use codegen_tests::live_fastapi;
use codegen_tests::live_fastapi::things::{GetThingErrorBody, ReplaceThingErrorBody};
use codegen_tests::live_fastapi::types as fa;
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

/// The body of the DRF suite's PUT.
fn widget_for_put() -> codegen_tests::live_drf::types::WidgetRequest {
    codegen_tests::live_drf::types::WidgetRequest {
        name: "put".into(),
        status: codegen_tests::live_drf::types::StatusEnum::Draft,
        price: "1.25".into(),
        tags: None,
        description: Some(Some("replaced".into())),
    }
}

/// The SHA-256 of `bytes` in lowercase hex, as the servers report an upload's.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
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

    // Path parameters: an integer above 2^53 (exact, not through f64), text with escapes,
    // UUID, enum.
    let echo = client
        .params()
        .echo_path(9_007_199_254_740_993, "a b&c", uuid, &fa::Color::Green)
        .await
        .unwrap();
    assert_eq!(
        (echo.item_id, echo.slug.as_str(), echo.item_uuid, echo.color),
        (9_007_199_254_740_993, "a b&c", uuid, fa::Color::Green)
    );

    // Query parameters of every type, lists and optional ones.
    let when: chrono::DateTime<chrono::FixedOffset> = "2024-03-01T08:30:00+07:00".parse().unwrap();
    let price = fa::NumberOrString::String("12.50".into());
    // The required parameters, `tags` (the last) as given.
    let echo_query = |tags| {
        let day = "2024-02-29".parse().unwrap();
        client
            .params()
            .echo_query(-7, 2.5, true, "x y", day, when, uuid, &price, &fa::Color::Blue, tags)
    };
    let tags = ["p".to_owned(), "q r".to_owned()];
    let echo = echo_query(&tags)
        .ids(&[1, 2, 3])
        .page_size(20)
        .limit(50)
        .search("s")
        .mode("slow")
        .await
        .unwrap();
    // Every parameter echoed: the decimal keeps its scale, `limit` (`anyOf: [integer,
    // null]`) travels as a plain integer.
    let expected = fa::QueryEcho {
        int_value: -7,
        float_value: 2.5,
        bool_value: true,
        str_value: "x y".into(),
        date_value: "2024-02-29".parse().unwrap(),
        datetime_value: when,
        uuid_value: uuid,
        decimal_value: "12.50".into(),
        color: fa::Color::Blue,
        tags: tags.to_vec(),
        ids: vec![1, 2, 3],
        page_size: 20,
        limit: Some(50),
        search: Some("s".into()),
        mode: "slow".into(),
    };
    assert_eq!(echo, expected);
    // The optional parameters left out are not sent: the server's defaults come back.
    assert_eq!(
        echo_query(&tags).await.unwrap(),
        fa::QueryEcho {
            ids: Vec::new(),
            page_size: 10,
            limit: None,
            search: None,
            mode: "fast".into(),
            ..expected
        }
    );
    // The required `tags` (repeated keys) given empty would send no `tags` pair at all, and
    // FastAPI would answer 422 "Field required": the client refuses it before sending.
    match echo_query(&[]).await.unwrap_err() {
        Error::Validation(invalid) => {
            assert_eq!(invalid.parameter, "tags");
            assert!(
                invalid.message.contains("empty list sends nothing"),
                "{}",
                invalid.message
            );
        }
        other => panic!("expected the client's validation error, got {other:?}"),
    }

    // Headers: `int | None` is `anyOf: [integer, null]`, typed `Option<i64>`; `list[str]` is
    // an array header.
    let echo = client
        .params()
        .echo_headers("req-1")
        .x_count(5)
        .x_debug(true)
        .x_tags(&["solo tag".to_owned()])
        .await
        .unwrap();
    assert_eq!(
        (echo.x_request_id.as_str(), echo.x_count, echo.x_debug),
        ("req-1", Some(5), true)
    );
    assert_eq!(echo.x_tags, ["solo tag"]);
    let echo = client.params().echo_headers("req-2").await.unwrap();
    assert_eq!(
        (echo.x_count, echo.x_debug, echo.x_tags),
        (None, false, Vec::<String>::new())
    );
    // Two items travel as one `x-tags: a,b c` line (the document's array header has the
    // default `style: simple`), and FastAPI makes one item per header line without
    // splitting on commas: it reads one item.
    let echo = client
        .params()
        .echo_headers("req-3")
        .x_tags(&["a".to_owned(), "b c".to_owned()])
        .await
        .unwrap();
    assert_eq!(echo.x_tags, ["a,b c"]);

    // Cookies.
    let echo = client
        .params()
        .echo_cookies("sess-9")
        .theme("dark")
        .visits(3)
        .await
        .unwrap();
    assert_eq!(
        (echo.session_id.as_str(), echo.theme.as_deref(), echo.visits),
        ("sess-9", Some("dark"), Some(3))
    );

    // A body of every kind of value, echoed: a UUID, an integer above 2^53, a decimal, a
    // tuple, a map, a date, a date-time with an offset and a naive one, nested objects (a
    // `zip` set, one sent as null), a required nullable integer set, and the nullable
    // discriminated union set to a dog.
    let rex = fa::CatOrDogByKind::Dog(fa::Dog {
        kind: fa::DogKind::Dog,
        name: "Rex".into(),
        good_boy: true,
    });
    let sink = fa::KitchenSinkInput {
        id: uuid,
        name: "sink Zoë".into(),
        count: 3,
        big: 9_007_199_254_740_993,
        ratio: 0.25,
        price: fa::NumberOrString::String("12.50".into()),
        active: true,
        color: fa::Color::Red,
        tags: vec!["a".into(), "b c".into()],
        scores: [("x".to_owned(), 1)].into(),
        location: (10.5, -3.25),
        born_on: "2020-01-02".parse().unwrap(),
        created_at: when,
        local_time: "2024-03-01T08:30:00+00:00".parse().unwrap(),
        address: fa::Address {
            street: "1 Main".into(),
            city: "Hue".into(),
            zip: Some(Some("530000".into())),
        },
        previous_addresses: Some(vec![fa::Address {
            street: "0 Old".into(),
            city: "Hanoi".into(),
            zip: Some(None),
        }]),
        nullable_count: Some(-4),
        nickname: Some(Some("n".into())),
        retries: Some(2),
        favorite_pet: Some(Some(rex.clone())),
    };
    let echo = client.bodies().echo_kitchen_sink(&sink).await.unwrap();
    // Everything comes back as sent: no precision lost above 2^53, the decimal as a string
    // keeping its scale, the pet as the `Dog` alternative with its fields. The app stores
    // `local_time` as a naive datetime and sends it back without an offset: read as UTC,
    // the same instant.
    let sink_echo = fa::KitchenSinkOutput {
        id: sink.id,
        name: sink.name.clone(),
        count: sink.count,
        big: sink.big,
        ratio: sink.ratio,
        price: "12.50".into(),
        active: sink.active,
        color: sink.color.clone(),
        tags: sink.tags.clone(),
        scores: sink.scores.clone(),
        location: sink.location,
        born_on: sink.born_on,
        created_at: sink.created_at,
        local_time: sink.local_time,
        address: sink.address.clone(),
        previous_addresses: sink.previous_addresses.clone(),
        nullable_count: sink.nullable_count,
        nickname: sink.nickname.clone(),
        retries: sink.retries,
        favorite_pet: sink.favorite_pet.clone(),
    };
    assert_eq!(echo, sink_echo);
    assert_eq!(echo.favorite_pet, Some(Some(rex)), "the union read back as the dog");
    // The same body with the pet sent as null, the required nullable integer null, and the
    // optional properties left out: the server's defaults and nulls come back.
    let nulls = fa::KitchenSinkInput {
        previous_addresses: None,
        nullable_count: None,
        nickname: None,
        retries: None,
        favorite_pet: Some(None),
        ..sink.clone()
    };
    assert_eq!(
        client.bodies().echo_kitchen_sink(&nulls).await.unwrap(),
        fa::KitchenSinkOutput {
            previous_addresses: Some(Vec::new()),
            nullable_count: None,
            nickname: Some(None),
            retries: Some(3),
            favorite_pet: Some(None),
            ..sink_echo
        }
    );

    // A PATCH: a property left out, one cleared with `null`, one set.
    let patch = fa::WidgetPatch {
        name: Some(Some("renamed".into())),
        note: Some(None),
        size: None,
    };
    let echo = client.bodies().patch_widget(3, &patch).await.unwrap();
    assert_eq!(
        echo.set_fields,
        ["name", "note"],
        "`size` was not sent, `note` was sent as null"
    );
    assert_eq!(echo.applied.note, Some(None));
    assert_eq!(echo.applied.name, Some(Some("renamed".into())));

    // A discriminated union, both ways.
    let dog = fa::CatOrDogByKind::Dog(fa::Dog {
        kind: fa::DogKind::Dog,
        name: "Rex".into(),
        good_boy: true,
    });
    let echo = client.bodies().echo_pet_discriminated(&dog).await.unwrap();
    assert_eq!(
        serde_json::to_value(&echo).unwrap(),
        serde_json::to_value(&dog).unwrap()
    );

    // A plain union (no discriminator), read back as the alternative that fits.
    let cat = fa::CatOrDog::Cat(fa::Cat {
        kind: fa::CatKind::Cat,
        name: "Tom".into(),
        lives: 9,
    });
    match client.bodies().echo_pet(&cat).await.unwrap() {
        fa::CatOrDog::Cat(echo) => assert_eq!((echo.name.as_str(), echo.lives), ("Tom", 9)),
        other => panic!("expected the cat back, got {other:?}"),
    }
    // `lives` is `integer, maximum: 9.0` in pydantic's document: an i64, bounded by the server.
    let ten_lives = fa::CatOrDog::Cat(fa::Cat {
        kind: fa::CatKind::Cat,
        name: "Tom".into(),
        lives: 10,
    });
    assert_eq!(
        client
            .bodies()
            .echo_pet(&ten_lives)
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(422)
    );

    // A map body and a list body.
    let map = [("a".to_owned(), 1), ("b".to_owned(), -2)].into();
    assert_eq!(client.bodies().echo_int_map(&map).await.unwrap(), map);
    let list = vec![fa::Address {
        street: "2 Side".into(),
        city: "Da Nang".into(),
        zip: Some(Some("550000".into())),
    }];
    assert_eq!(client.bodies().echo_address_list(&list).await.unwrap(), list);

    // A form body; the list field repeats its key (`interests=chess&interests=go+fishing`).
    let signup = fa::BodySubmitSignup {
        username: "ann".into(),
        password: "pw".into(),
        age: 30,
        newsletter: Some(true),
        interests: Some(vec!["chess".into(), "go fishing".into()]),
    };
    let echo = client.forms().submit_signup(&signup).await.unwrap();
    assert_eq!((echo.username.as_str(), echo.age, echo.newsletter), ("ann", 30, true));
    assert_eq!(echo.interests, ["chess", "go fishing"]);

    // A multipart upload: a file part with its name and type, and two form fields.
    let contents: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let upload = fa::BodyUploadFile {
        file: live_fastapi::File::new(contents.clone())
            .file_name("data.bin")
            .content_type("application/x-test"),
        description: "ten thousand bytes".into(),
        overwrite: Some(true),
    };
    let echo = client.forms().upload_file(&upload).await.unwrap();
    assert_eq!(
        (
            echo.filename.as_deref(),
            echo.content_type.as_deref(),
            echo.size,
            echo.sha256.as_str()
        ),
        (
            Some("data.bin"),
            Some("application/x-test"),
            10_000,
            sha256_hex(&contents).as_str()
        )
    );
    assert_eq!(
        (echo.description.as_str(), echo.overwrite),
        ("ten thousand bytes", true)
    );
    // An optional field left out sends no part, and the server's default applies.
    let echo = client
        .forms()
        .upload_file(&fa::BodyUploadFile {
            overwrite: None,
            ..upload
        })
        .await
        .unwrap();
    assert!(!echo.overwrite);

    // Several files under one field name (3.1 `contentMediaType` items) and a repeated
    // text field: one part per item, in order, each file with its own name and type.
    let first: Vec<u8> = (0..=255u8).take(100).collect();
    let second = b"second file".to_vec();
    let many = fa::BodyUploadFiles {
        files: vec![
            live_fastapi::File::new(first.clone()).file_name("one.bin"),
            live_fastapi::File::new(second.clone())
                .file_name("two.txt")
                .content_type("text/plain"),
        ],
        labels: Some(vec!["a".into(), "b c".into(), "d".into()]),
    };
    let echo = client.forms().upload_files(&many).await.unwrap();
    assert_eq!(
        echo,
        fa::UploadsEcho {
            files: vec![
                fa::FileEcho {
                    filename: Some("one.bin".into()),
                    content_type: Some("application/octet-stream".into()),
                    size: 100,
                    sha256: sha256_hex(&first),
                },
                fa::FileEcho {
                    filename: Some("two.txt".into()),
                    content_type: Some("text/plain".into()),
                    size: 11,
                    sha256: sha256_hex(&second),
                },
            ],
            labels: vec!["a".into(), "b c".into(), "d".into()],
        }
    );
    // An absent optional list sends no part, and the server's default (`[]`) applies.
    let echo = client
        .forms()
        .upload_files(&fa::BodyUploadFiles { labels: None, ..many })
        .await
        .unwrap();
    assert_eq!((echo.files.len(), echo.labels.len()), (2, 0));

    // A binary download as a stream; byte i is i % 256.
    let mut body = client.forms().download_file().size(70_000).await.unwrap();
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes.len(), 70_000);
    assert!(bytes.iter().enumerate().all(|(i, b)| *b == (i % 256) as u8));

    // Text: the app answers `f"Hello, {name}!"` as `text/plain`.
    assert_eq!(client.forms().get_greeting().name("Ann").await.unwrap(), "Hello, Ann!");

    // 201 with `Location`, a typed 404, FastAPI's own 422, an undeclared 409.
    let created = client
        .things()
        .create_thing(&fa::ThingCreate {
            name: "lamp".into(),
            description: Some(Some("bright".into())),
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
    let thing = client.things().get_thing(created.body().id).await.unwrap();
    assert_eq!(thing.name, "lamp");
    match client.things().get_thing(999_999).await.unwrap_err() {
        Error::Status {
            body: GetThingErrorBody::NotFound(missing),
            ..
        } => assert_eq!(missing.id, 999_999),
        other => panic!("expected a typed 404, got {other:?}"),
    }
    // A PUT that succeeds (bearer token required), read back by a GET.
    let replaced = client
        .things()
        .replace_thing(
            created.body().id,
            &fa::ThingCreate {
                name: "lantern".into(),
                description: Some(None),
                tags: Some(vec!["new".into()]),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (replaced.id, replaced.name.as_str(), replaced.tags.as_deref()),
        (created.body().id, "lantern", Some(&["new".to_string()][..]))
    );
    let thing = client.things().get_thing(created.body().id).await.unwrap();
    assert_eq!(
        (thing.name.as_str(), thing.description.clone()),
        ("lantern", Some(None)),
        "the description sent as null comes back as null"
    );
    // FastAPI's own validation error: the body breaks `min_length` (checked by the server).
    let nameless = fa::ThingCreate {
        name: String::new(),
        description: None,
        tags: None,
    };
    match client
        .things()
        .replace_thing(created.body().id, &nameless)
        .await
        .unwrap_err()
    {
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
    match client.things().create_thing(&taken).await.unwrap_err() {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 409);
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["detail"]["message"], "name taken");
        }
        other => panic!("expected the undeclared 409 kept whole, got {other:?}"),
    }

    // A list with every query parameter, then one filtered by an optional one.
    let things = client.things().list_things().limit(10).offset(0).await.unwrap();
    assert_eq!(
        things.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["seeded", "lantern"]
    );
    let things = client.things().list_things().offset(1).name_prefix("la").await.unwrap();
    assert!(things.is_empty(), "offset 1 skips the only match: {things:?}");
    assert_eq!(client.things().list_things().name_prefix("la").await.unwrap().len(), 1);
    // A 204 without a body, then the typed 404 for what is gone.
    client.things().delete_thing(created.body().id).await.unwrap();
    match client.things().delete_thing(created.body().id).await.unwrap_err() {
        Error::Status {
            body: live_fastapi::things::DeleteThingErrorBody::NotFound(missing),
            ..
        } => assert_eq!(missing.id, created.body().id),
        other => panic!("expected a typed 404, got {other:?}"),
    }

    // Bearer and API-key security, and the error without credentials.
    assert_eq!(client.security().whoami_bearer().await.unwrap().token, "test-token");
    assert_eq!(client.security().whoami_api_key().await.unwrap().api_key, "test-key");
    let anonymous = live_fastapi::Client::new(&server.url);
    assert_eq!(
        anonymous
            .security()
            .whoami_bearer()
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(401)
    );
    #[allow(deprecated)]
    let pong = client.params().legacy_ping().await.unwrap();
    assert!(pong.pong, "a deprecated operation still works");
}

/// `node` from the path, as `scripts/live.sh` leaves the NestJS app built.
fn node() -> String {
    std::env::var("LIVE_NODE").unwrap_or_else(|_| panic!("LIVE_NODE is not set: run `bash scripts/live.sh`"))
}

#[tokio::test]
#[ignore = "needs the NestJS app built: bash scripts/live.sh"]
async fn nestjs() {
    use codegen_tests::live_nestjs;
    use codegen_tests::live_nestjs::items::{CreateItemErrorBody, GetItemErrorBody};
    use codegen_tests::live_nestjs::types as ne;

    let server = start(&node(), &["dist/main.js"], "live/nestjs");
    serves_the_committed_document(&server, "/openapi.json", "live/nestjs/openapi.json").await;
    let client = live_nestjs::Client::new(&server.url)
        .with_bearer("test-token")
        .with_api_key("test-key");
    let uuid: openapi_client_runtime::uuid::Uuid = "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f".parse().unwrap();

    let echo = client
        .params()
        .echo_path_params(7, "a b", uuid, &ne::Color::Blue)
        .await
        .unwrap();
    assert_eq!(
        (echo.id, echo.slug.as_str(), echo.uuid, echo.color),
        (7, "a b", uuid, ne::Color::Blue)
    );

    // Query parameters, among them a `format: date` and a decimal as a string (`format:
    // decimal`, a String that keeps its trailing zero).
    let since: chrono::DateTime<chrono::FixedOffset> = "2024-03-01T08:30:00+07:00".parse().unwrap();
    let day: chrono::NaiveDate = "2024-02-29".parse().unwrap();
    let echo = client
        .params()
        .echo_query_params(25, 0.5, true, "x y")
        .since(since)
        .day(day)
        .amount("12.50")
        .color(&ne::Color::Red)
        .tags(&["p".to_owned(), "q".to_owned()])
        .scores(&[1.5, 2.0])
        .await
        .unwrap();
    assert_eq!(
        (echo.limit, echo.ratio, echo.active, echo.q.as_str()),
        (25, 0.5, true, "x y")
    );
    assert_eq!(echo.since, Some(since));
    assert_eq!(
        (echo.day.map(|d| d.to_string()), echo.amount.as_deref()),
        (Some("2024-02-29".to_owned()), Some("12.50"))
    );
    assert_eq!(echo.color, Some(ne::Color::Red));
    assert_eq!(echo.tags.as_deref(), Some(&["p".to_owned(), "q".to_owned()][..]));
    assert_eq!(echo.scores, Some(vec![1.5, 2.0]));
    // The optional parameters left out are not sent (an empty `since=` or `day=` would be a
    // 400, an empty `tags=` would come back as `[""]`): the echo lacks them, and `page` has
    // its default.
    let echo = client.params().echo_query_params(0, -1.25, false, "z").await.unwrap();
    assert_eq!(
        echo,
        ne::QueryParamsDto {
            limit: 0,
            ratio: -1.25,
            active: false,
            q: "z".into(),
            since: None,
            day: None,
            amount: None,
            color: None,
            tags: None,
            scores: None,
            page: Some(1),
        }
    );

    let echo = client
        .params()
        .echo_headers("req-1")
        .x_mode(&ne::FastOrSafe::Safe)
        .x_retry_count(3)
        .await
        .unwrap();
    assert_eq!(
        (echo.request_id.as_str(), echo.retry_count, echo.mode),
        ("req-1", Some(3), Some(ne::FastOrSafe::Safe))
    );
    // Cookies, one of them an integer (declared `in: cookie` through `@ApiParam`).
    let echo = client
        .params()
        .echo_cookies("sess-1")
        .theme("dark")
        .visits(-12)
        .await
        .unwrap();
    assert_eq!(
        (echo.session_id.as_str(), echo.theme.as_deref(), echo.visits),
        ("sess-1", Some("dark"), Some(-12))
    );
    let echo = client.params().echo_cookies("sess-2").await.unwrap();
    assert_eq!(
        (echo.session_id.as_str(), echo.theme.as_deref(), echo.visits),
        ("sess-2", None, None)
    );

    let lines = vec![ne::LineItemDto {
        sku: "A-1".into(),
        quantity: 2,
        unit_price: 9.5,
    }];
    assert_eq!(client.bodies().echo_line_items(&lines).await.unwrap(), lines);

    // A body of every kind: nested objects (one required but null), a list of objects, a
    // string enum, a numeric enum, a list of enums, an optional field left out, a map, a
    // date-time with an offset, an integer above 2^53 as a string.
    let order = ne::OrderDto {
        id: uuid,
        customer: ne::CustomerDto {
            name: "Ann".into(),
            email: "ann@example.com".into(),
            shipping_address: Some(ne::AddressDto {
                street: "1 Main".into(),
                city: "Hue".into(),
                country: None,
            }),
            billing_address: None,
        },
        items: lines.clone(),
        status: ne::OrderStatus::Paid,
        priority: ne::OrderDtoPriority::Value3,
        flags: vec![ne::OrderDtoFlagsItem::Gift, ne::OrderDtoFlagsItem::Express],
        note: None,
        coupon_code: None,
        metadata: [("channel".to_owned(), "web".to_owned())].into(),
        placed_at: since,
        amount_minor: 9_007_199_254_740_993,
        tags: vec!["x".into()],
    };
    assert_eq!(client.bodies().echo_order(&order).await.unwrap(), order);
    let invalid_order = ne::OrderDto {
        placed_at: since,
        customer: ne::CustomerDto {
            email: "not an email".into(),
            ..order.customer.clone()
        },
        ..order.clone()
    };
    match client.bodies().echo_order(&invalid_order).await.unwrap_err() {
        Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 400);
            assert!(body.message.iter().any(|m| m.contains("email")), "{:?}", body.message);
        }
        other => panic!("expected Nest's typed 400, got {other:?}"),
    }

    // A union without a discriminator, each alternative; and one with a discriminator.
    for shape in [
        ne::ShapeRequestDtoShape::CircleDto(ne::CircleDto { radius: 1.5 }),
        ne::ShapeRequestDtoShape::RectangleDto(ne::RectangleDto {
            width: 2.0,
            height: 3.0,
        }),
    ] {
        let request = ne::ShapeRequestDto {
            label: "s".into(),
            shape,
        };
        assert_eq!(client.bodies().echo_shape(&request).await.unwrap(), request);
    }
    let dog = ne::CatDtoOrDogDtoByKind::DogDto(ne::DogDto {
        kind: ne::DogDtoKind::Dog,
        name: "Rex".into(),
        breed: "corgi".into(),
        good_boy: true,
    });
    match client.bodies().echo_pet(&dog).await.unwrap() {
        ne::CatDtoOrDogDtoByKind::DogDto(echo) => {
            assert_eq!((echo.name.as_str(), echo.breed.as_str()), ("Rex", "corgi"))
        }
        other => panic!("expected the dog back, got {other:?}"),
    }
    let cat = ne::CatDtoOrDogDtoByKind::CatDto(ne::CatDto {
        kind: ne::CatDtoKind::Cat,
        name: "Tom".into(),
        lives_left: 9,
    });
    assert!(matches!(
        client.bodies().echo_pet(&cat).await.unwrap(),
        ne::CatDtoOrDogDtoByKind::CatDto(ne::CatDto { lives_left: 9, .. })
    ));

    // Maps of integers and of objects, and a list of lists.
    let inventory = ne::InventoryDto {
        counts: [("A-1".to_owned(), 3), ("B-2".to_owned(), 0)].into(),
        locations: [(
            "HUE".to_owned(),
            ne::AddressDto {
                street: "2 Side".into(),
                city: "Hue".into(),
                country: Some("VN".into()),
            },
        )]
        .into(),
        grid: Some(vec![vec![1, 2], vec![], vec![3]]),
    };
    assert_eq!(client.bodies().echo_inventory(&inventory).await.unwrap(), inventory);

    // A form body echoed as the DTO it converts to: the enum field, and the list field
    // repeating its key (`interests=chess&interests=go+fishing`, read as an array).
    let form = ne::SignupFormDto {
        username: "ann".into(),
        age: 30,
        subscribe: true,
        favorite_color: Some(ne::Color::Green),
        interests: Some(vec!["chess".into(), "go fishing".into()]),
    };
    assert_eq!(client.forms().submit_signup_form(&form).await.unwrap(), form);

    let mut bytes = Vec::new();
    let mut body = client.files().download_bytes(5_000).await.unwrap();
    while let Some(chunk) = body.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes.len(), 5_000);
    assert!(
        bytes.iter().enumerate().all(|(i, b)| *b == (i % 256) as u8),
        "byte i is i % 256"
    );

    // A binary body echoed byte for byte, and a multipart upload (multer reads it).
    let blob: Vec<u8> = (0..=255u8).rev().cycle().take(4_096).collect();
    let echo = client
        .files()
        .echo_bytes(blob.clone())
        .await
        .unwrap()
        .collect(1 << 20)
        .await
        .unwrap();
    assert_eq!(echo.as_ref(), blob.as_slice());
    let upload = ne::UploadFileRequest {
        file: live_nestjs::File::new(blob.clone()).file_name("blob.bin"),
        description: Some("a blob".into()),
    };
    let echo = client.files().upload_file(&upload).await.unwrap();
    assert_eq!(
        (
            echo.filename.as_str(),
            echo.mimetype.as_str(),
            echo.size,
            echo.sha256.as_str(),
            echo.description.as_deref()
        ),
        (
            "blob.bin",
            "application/octet-stream",
            4_096,
            sha256_hex(&blob).as_str(),
            Some("a blob")
        )
    );
    // Text: the app answers `Hello, ${name}!` as `text/plain`.
    assert_eq!(client.text().get_greeting().name("Ann").await.unwrap(), "Hello, Ann!");

    // 201 with `Location`, a typed 404, Nest's own 400, an undeclared 409.
    let new = ne::CreateItemDto {
        note: Some(Some("fragile".into())),
        ..ne::CreateItemDto::new("lamp".into(), 12.5)
    };
    let created = client.items().create_item(&new).response().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let location = created.declared_headers().location.clone().expect("a Location");
    assert!(
        location.ends_with(&format!("/items/{}", created.body().id)),
        "{location}"
    );
    assert_eq!(client.items().get_item(created.body().id).await.unwrap().name, "lamp");
    match client.items().get_item(999_999).await.unwrap_err() {
        Error::Status {
            body: GetItemErrorBody::NotFound(missing),
            ..
        } => assert_eq!(missing.id, 999_999),
        other => panic!("expected a typed 404, got {other:?}"),
    }
    let invalid = ne::CreateItemDto::new(String::new(), -1.0);
    match client.items().create_item(&invalid).await.unwrap_err() {
        Error::Status {
            status,
            body: CreateItemErrorBody::BadRequest(invalid),
            ..
        } => {
            assert_eq!(status.as_u16(), 400);
            assert!(!invalid.message.is_empty());
        }
        other => panic!("expected Nest's typed 400, got {other:?}"),
    }
    match client.items().create_item(&new).await.unwrap_err() {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 409);
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["code"], "DUPLICATE_NAME");
        }
        other => panic!("expected the undeclared 409 kept whole, got {other:?}"),
    }
    // A PATCH of one field, the list with the filter and paging parameters, a 204.
    let update = ne::UpdateItemDto {
        price: Some(20.0),
        ..Default::default()
    };
    let updated = client.items().update_item(created.body().id, &update).await.unwrap();
    assert_eq!((updated.name.as_str(), updated.price), ("lamp", 20.0));
    assert_eq!(updated.note.as_deref(), Some("fragile"), "an absent note is left alone");
    // Three states: `null` clears the note (`"note": null` is sent), absent leaves it.
    let clear = ne::UpdateItemDto {
        note: Some(None),
        ..Default::default()
    };
    let updated = client.items().update_item(created.body().id, &clear).await.unwrap();
    assert_eq!((updated.note.as_deref(), updated.price), (None, 20.0));
    let page = client.items().list_items().limit(5).offset(0).await.unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items, std::slice::from_ref(&updated));
    let page = client.items().list_items().tag("nothing").await.unwrap();
    assert_eq!((page.total, page.items.len()), (0, 0));
    client.items().delete_item(created.body().id).await.unwrap();
    match client
        .items()
        .update_item(created.body().id, &update)
        .await
        .unwrap_err()
    {
        Error::Status {
            body: live_nestjs::items::UpdateItemErrorBody::NotFound(missing),
            ..
        } => assert_eq!(missing.id, created.body().id),
        other => panic!("expected a typed 404, got {other:?}"),
    }

    // API key, either scheme, and none. The guards echo the scheme and the whole
    // credential presented.
    let by_key = ne::PrincipalDto {
        scheme: ne::PrincipalDtoScheme::ApiKey,
        credential: "test-key".into(),
    };
    assert_eq!(client.auth().who_am_i_api_key().await.unwrap(), by_key);
    // Either scheme: the client sends the first alternative it has credentials for, in
    // the document's order (`api_key`, then `bearer`).
    assert_eq!(client.auth().who_am_i_either().await.unwrap(), by_key);
    // With the bearer token alone, the second alternative is sent.
    let bearer_only = live_nestjs::Client::new(&server.url).with_bearer("test-token");
    assert_eq!(
        bearer_only.auth().who_am_i_either().await.unwrap(),
        ne::PrincipalDto {
            scheme: ne::PrincipalDtoScheme::Bearer,
            credential: "test-token".into(),
        }
    );
    // A bearer-only operation called with the API key alone: the declared 401 (no body).
    let key_only = live_nestjs::Client::new(&server.url).with_api_key("test-key");
    match key_only.items().list_items().await.unwrap_err() {
        Error::Status {
            status,
            body: live_nestjs::items::ListItemsErrorBody::Unauthorized,
            ..
        } => assert_eq!(status.as_u16(), 401),
        other => panic!("expected the declared 401, got {other:?}"),
    }
    let anonymous = live_nestjs::Client::new(&server.url);
    assert_eq!(
        anonymous
            .auth()
            .who_am_i_api_key()
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(401)
    );
    let health = anonymous.health().get_health().await.unwrap();
    assert_eq!(health.status, ne::HealthDtoStatus::Ok);
    assert!(health.uptime_seconds >= 0.0);
}

#[tokio::test]
#[ignore = "needs Django REST framework installed: bash scripts/live.sh"]
async fn drf() {
    use codegen_tests::live_drf;
    use codegen_tests::live_drf::types as dr;
    use codegen_tests::live_drf::widgets::CreateWidgetErrorBody;

    let server = start(&python("LIVE_DRF_PYTHON"), &["serve.py"], "live/drf");
    serves_the_committed_document(&server, "/openapi.json", "live/drf/openapi.json").await;
    let client = live_drf::Client::new(&server.url)
        .with_bearer_auth("test-token")
        .with_api_key_auth("test-key");
    let uuid: openapi_client_runtime::uuid::Uuid = "6f1c2a2e-1d3b-4c5e-9f00-2a1b3c4d5e6f".parse().unwrap();

    // Path parameters: `<str>`, `<int>`, `<uuid>`, and a choice (`OpenApiParameter(enum=...)`,
    // an inline enum; the echo's `ColorEnum` component).
    let echo = client
        .paths()
        .echo_path_params(&dr::EchoPathParamsColor::Green, "a b", 7, uuid)
        .await
        .unwrap();
    assert_eq!(
        (echo.name.as_str(), echo.number, echo.uid, echo.color),
        ("a b", 7, uuid, dr::ColorEnum::Green)
    );
    // A value the enum does not list is sent as it is, and the view's ChoiceField refuses it.
    match client
        .paths()
        .echo_path_params(&dr::EchoPathParamsColor::Other("purple".into()), "a b", 7, uuid)
        .await
        .unwrap_err()
    {
        Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 400);
            assert_eq!(
                serde_json::to_value(&body).unwrap(),
                serde_json::json!({"color": ["\"purple\" is not a valid choice."]})
            );
        }
        other => panic!("expected DRF's typed 400, got {other:?}"),
    }

    // Every query type; DRF answers date-times in UTC.
    let dt: chrono::DateTime<chrono::FixedOffset> = "2024-03-01T08:30:00+07:00".parse().unwrap();
    let echo = client
        .query()
        .echo_query_params(-7)
        .b(true)
        .color(&dr::ColorEnum::Green)
        .d("2024-02-29".parse().unwrap())
        .dec("12.500")
        .dt(dt)
        .f(2.5)
        .ids(&[1, 2, 3])
        .s("x y")
        .tags(&["p".to_owned(), "q".to_owned()])
        .u(uuid)
        .await
        .unwrap();
    assert_eq!(
        (echo.i, echo.f, echo.b, echo.s.as_deref()),
        (-7, Some(2.5), Some(true), Some("x y"))
    );
    assert_eq!(echo.d.map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
    assert_eq!(echo.dt, Some(dt), "the same instant, whatever the offset");
    assert_eq!(echo.u, Some(uuid));
    assert_eq!(
        echo.dec.as_deref(),
        Some("12.500"),
        "a decimal keeps its digits (3 places here)"
    );
    assert_eq!(echo.color, Some(dr::ColorEnum::Green));
    assert_eq!(echo.tags, Some(vec!["p".to_owned(), "q".to_owned()]));
    assert_eq!(echo.ids, Some(vec![1, 2, 3]));
    assert_eq!(echo.opt, None);

    let echo = client
        .headers()
        .echo_headers(uuid)
        .x_client_version("1.2")
        .x_debug(true)
        .x_retry_count(3)
        .await
        .unwrap();
    assert_eq!(
        (
            echo.request_id,
            echo.client_version.as_deref(),
            echo.retry_count,
            echo.debug
        ),
        (uuid, Some("1.2"), Some(3), Some(true))
    );
    let echo = client
        .cookies()
        .echo_cookies("sess-1")
        .theme(&dr::EchoCookiesTheme::Dark)
        .visits(4)
        .await
        .unwrap();
    assert_eq!(
        (echo.session_id.as_str(), echo.theme, echo.visits),
        ("sess-1", Some(dr::ThemeEnum::Dark), Some(4))
    );

    // Every serializer field kind: a decimal keeps its digits, an integer above 2^53 its
    // value, a write-only field is not echoed, a choice allowing blank and null is
    // `Option<PriorityEnum>`, optional nullable fields left out come back as null.
    let created_at: chrono::DateTime<chrono::FixedOffset> = "2024-02-29T19:34:56.789+07:00".parse().unwrap();
    let sink = dr::KitchenSinkRequest {
        name: "sink".into(),
        count: 3,
        big_number: 9_007_199_254_740_993,
        ratio: 0.5,
        active: true,
        price: "1234.50".into(),
        birthday: "1990-05-17".parse().unwrap(),
        created_at,
        uid: uuid,
        status: dr::StatusEnum::Active,
        priority: Some(Some(dr::PriorityEnum::High)),
        tags: vec!["a".into(), "b".into()],
        scores: Some(vec![1, -2]),
        attributes: [("color".to_owned(), "red".to_owned())].into(),
        counters: Some([("x".to_owned(), 1)].into()),
        metadata: Some(serde_json::json!({"any": ["json", 1, null]})),
        address: dr::AddressRequest {
            street: "1 Main St".into(),
            city: "Springfield".into(),
            zip_code: None,
        },
        contacts: vec![dr::ContactRequest {
            kind: dr::KindEnum::Email,
            value: "a@example.com".into(),
        }],
        alt_address: None,
        destination: dr::DestinationRequest::ContactRequest(dr::ContactRequest {
            kind: dr::KindEnum::Phone,
            value: "+84 123".into(),
        }),
        nickname: Some("sinky".into()),
        note: Some("a note".into()),
        maybe_count: Some(None),
        secret: "hunter2".into(),
    };
    let echo = client.echo().kitchen_sink(&sink).await.unwrap();
    // The echo is the serializer's representation of what it validated: every field as
    // sent; `zip_code` (optional, not nullable) left out stays out; `alt_address` left out
    // and `maybe_count` sent as null come back as null; the write-only `secret` is not
    // echoed, its length is; a union without a discriminator
    // (`PolymorphicProxySerializer(resource_type_field_name=None)` on a custom field) is
    // read back as the alternative that fits.
    let sink_echo = dr::KitchenSink {
        name: sink.name.clone(),
        count: sink.count,
        big_number: sink.big_number,
        ratio: sink.ratio,
        active: sink.active,
        price: "1234.50".into(),
        birthday: sink.birthday,
        created_at,
        uid: uuid,
        status: sink.status.clone(),
        priority: Some(Some(dr::PriorityEnum::High)),
        tags: sink.tags.clone(),
        scores: sink.scores.clone(),
        attributes: sink.attributes.clone(),
        counters: sink.counters.clone(),
        metadata: sink.metadata.clone(),
        address: dr::Address {
            street: "1 Main St".into(),
            city: "Springfield".into(),
            zip_code: None,
        },
        contacts: vec![dr::Contact {
            kind: dr::KindEnum::Email,
            value: "a@example.com".into(),
        }],
        alt_address: Some(None),
        destination: dr::Destination::Contact(dr::Contact {
            kind: dr::KindEnum::Phone,
            value: "+84 123".into(),
        }),
        nickname: sink.nickname.clone(),
        note: sink.note.clone(),
        maybe_count: Some(None),
        secret_length: 7,
    };
    assert_eq!(echo, sink_echo);
    // The decimal keeps its digits, the integer above 2^53 its value; the date-time is the
    // same instant (compared above), sent back in UTC.
    assert_eq!(
        (echo.big_number, echo.price.as_str()),
        (9_007_199_254_740_993, "1234.50")
    );
    assert_eq!(echo.created_at.offset().local_minus_utc(), 0);
    // A blank choice, and the union's other alternative; the required nullable `note` sent
    // as null, and the optional `nickname` left out (not echoed).
    let blank = dr::KitchenSinkRequest {
        priority: Some(Some(dr::PriorityEnum::Other(String::new()))),
        destination: dr::DestinationRequest::AddressRequest(dr::AddressRequest {
            street: "2 Side St".into(),
            city: "Hue".into(),
            zip_code: Some("530000".into()),
        }),
        note: None,
        nickname: None,
        ..sink.clone()
    };
    let echo = client.echo().kitchen_sink(&blank).await.unwrap();
    assert_eq!(
        echo.priority,
        Some(Some(dr::PriorityEnum::Other(String::new()))),
        "a blank choice is kept"
    );
    assert_eq!(
        echo,
        dr::KitchenSink {
            priority: Some(Some(dr::PriorityEnum::Other(String::new()))),
            destination: dr::Destination::Address(dr::Address {
                street: "2 Side St".into(),
                city: "Hue".into(),
                zip_code: Some("530000".into()),
            }),
            note: None,
            nickname: None,
            ..sink_echo
        }
    );
    match client
        .echo()
        .kitchen_sink(&dr::KitchenSinkRequest {
            price: "12.345".into(),
            ..sink
        })
        .await
        .unwrap_err()
    {
        Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 400);
            assert!(body.contains_key("price"), "two places at most: {body:?}");
        }
        other => panic!("expected DRF's typed 400, got {other:?}"),
    }

    // A union discriminated by `shape_type`, alone and in a list.
    let circle = dr::ShapeRequest::CircleRequest(dr::CircleRequest {
        shape_type: "circle".into(),
        radius: 1.5,
    });
    match client.echo().shape().body(&circle).await.unwrap() {
        dr::Shape::Circle(c) => assert_eq!(c.radius, 1.5),
        other => panic!("expected the circle back, got {other:?}"),
    }
    let shapes = [
        circle,
        dr::ShapeRequest::RectangleRequest(dr::RectangleRequest {
            shape_type: "rectangle".into(),
            width: 2.0,
            height: 3.0,
        }),
        dr::ShapeRequest::TriangleRequest(dr::TriangleRequest {
            shape_type: "triangle".into(),
            points: vec![vec![0.0, 0.0], vec![1.0, 0.0], vec![0.0, 1.0]],
        }),
    ];
    let echo = client.echo().shapes(&shapes).await.unwrap();
    assert!(
        matches!(
            echo.as_slice(),
            [dr::Shape::Circle(_), dr::Shape::Rectangle(_), dr::Shape::Triangle(t)] if t.points.len() == 3
        ),
        "{echo:?}"
    );

    // Text in, text out; bytes in, bytes out with a declared header; a multipart upload.
    assert_eq!(
        client.text().echo_text().body("héllo\nworld").await.unwrap(),
        "héllo\nworld"
    );
    let blob: Vec<u8> = (0..=255u8).cycle().take(2_000).collect();
    let echoed = client.blobs().echo_blob().body(blob.clone()).response().await.unwrap();
    assert_eq!(
        echoed.declared_headers().x_body_sha256.as_deref(),
        Some(sha256_hex(&blob).as_str())
    );
    let bytes = echoed.into_body().collect(1 << 20).await.unwrap();
    assert_eq!(bytes.as_ref(), blob.as_slice());
    let upload = dr::UploadRequest {
        file: live_drf::File::new(blob.clone())
            .file_name("blob.bin")
            .content_type("image/png"),
        description: Some("a blob".into()),
        attachments: None,
    };
    let uploaded = dr::UploadResult {
        filename: "blob.bin".into(),
        content_type: "image/png".into(),
        size: 2_000,
        sha256: sha256_hex(&blob),
        description: Some("a blob".into()),
        attachments: None,
    };
    assert_eq!(client.uploads().upload_file(&upload).await.unwrap(), uploaded);
    // The optional text part left out sends no part, and the view echoes no description.
    let echo = client
        .uploads()
        .upload_file(&dr::UploadRequest {
            description: None,
            ..upload.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        echo,
        dr::UploadResult {
            description: None,
            ..uploaded.clone()
        }
    );
    // A list of files (3.0 `format: binary` items): one part per file under the same
    // name, which DRF's `ListField(child=FileField())` reads with `getlist`, in order.
    let notes = b"notes".to_vec();
    let echo = client
        .uploads()
        .upload_file(&dr::UploadRequest {
            attachments: Some(vec![
                live_drf::File::new(notes.clone()).file_name("notes.txt"),
                live_drf::File::new(blob.clone()).file_name("copy.bin"),
            ]),
            ..upload
        })
        .await
        .unwrap();
    assert_eq!(
        echo,
        dr::UploadResult {
            attachments: Some(vec![
                dr::Attachment {
                    filename: "notes.txt".into(),
                    size: 5,
                    sha256: sha256_hex(&notes),
                },
                dr::Attachment {
                    filename: "copy.bin".into(),
                    size: 2_000,
                    sha256: sha256_hex(&blob),
                },
            ]),
            ..uploaded
        }
    );

    // A form body; the list field repeats its key (`interests=chess&interests=go+fishing`),
    // which DRF's `ListField` reads from the `QueryDict` with `getlist`.
    let form = dr::ContactFormRequest {
        name: "Ann".into(),
        email: "ann@example.com".into(),
        age: 30,
        subscribe: true,
        interests: Some(vec!["chess".into(), "go fishing".into()]),
    };
    assert_eq!(
        client.forms().submit_contact_form(&form).await.unwrap(),
        dr::ContactForm {
            name: form.name.clone(),
            email: form.email.clone(),
            age: form.age,
            subscribe: form.subscribe,
            interests: form.interests.clone(),
        }
    );

    let mut bytes = Vec::new();
    let mut body = client.blobs().download_blob(3_000).await.unwrap();
    while let Some(chunk) = body.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes.len(), 3_000);
    assert!(
        bytes.iter().enumerate().all(|(i, b)| *b == (i % 256) as u8),
        "byte i is i % 256"
    );
    // Text: the view answers `f"Hello, {name}!"` as `text/plain`.
    assert_eq!(client.text().get_greeting("Ann").await.unwrap(), "Hello, Ann!");

    // 201 with `Location`, a typed 404, DRF's own 400, an undeclared 409.
    let widget = dr::WidgetRequest {
        name: "lamp".into(),
        status: dr::StatusEnum::Active,
        price: "12.50".into(),
        tags: Some(vec!["a".into()]),
        description: None,
    };
    let created = client.widgets().create_widget(&widget).response().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let location = created.declared_headers().location.clone().expect("a Location");
    assert!(location.ends_with("/api/widgets/101/"), "{location}");
    assert_eq!(created.body().price, "12.50");
    assert_eq!(client.widgets().get_widget(5).await.unwrap().id, 5);
    match client.widgets().get_widget(1000).await.unwrap_err() {
        Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body.code.as_deref(), Some("not_found"));
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }
    let invalid = dr::WidgetRequest {
        price: "not a price".into(),
        ..widget.clone()
    };
    match client.widgets().create_widget(&invalid).await.unwrap_err() {
        Error::Status {
            status,
            body: CreateWidgetErrorBody::BadRequest(fields),
            ..
        } => {
            assert_eq!(status.as_u16(), 400);
            assert!(fields.contains_key("price"), "{fields:?}");
        }
        other => panic!("expected DRF's typed 400, got {other:?}"),
    }
    let conflict = dr::WidgetRequest {
        name: "conflict".into(),
        ..widget
    };
    match client.widgets().create_widget(&conflict).await.unwrap_err() {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 409);
            let body: Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["code"], "conflict");
        }
        other => panic!("expected the undeclared 409 kept whole, got {other:?}"),
    }
    // The app stores nothing: a delete answers 204, one past its range a typed 404.
    let deleted = client.widgets().delete_widget(5).response().await.unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    match client.widgets().delete_widget(1000).await.unwrap_err() {
        Error::Status { status, body, .. } => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(body.code.as_deref(), Some("not_found"));
        }
        other => panic!("expected a typed 404, got {other:?}"),
    }

    // DRF's limit/offset pagination, a PUT, a PATCH that sets one field and clears one,
    // and a custom `@action`.
    let page = client
        .widgets()
        .list_widgets()
        .limit(2)
        .offset(1)
        .total(5)
        .await
        .unwrap();
    assert_eq!(page.count, 5);
    assert_eq!(page.results.iter().map(|w| w.id).collect::<Vec<_>>(), [2, 3]);
    assert!(
        matches!(&page.next, Some(Some(next)) if next.contains("offset=3")),
        "{:?}",
        page.next
    );
    // The same list as a stream (declared by the build: `{style: link, next: next}`),
    // following the absolute `next` URL DRF writes, which keeps `limit` and `total`.
    let ids: Vec<i64> = client
        .widgets()
        .list_widgets()
        .limit(2)
        .total(5)
        .stream(openapi_client_runtime::Caps::none())
        .map(|widget| widget.expect("a widget").id)
        .collect()
        .await;
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let replaced = client.widgets().replace_widget(7, &widget_for_put()).await.unwrap();
    assert_eq!(
        (replaced.id, replaced.name.as_str(), replaced.price.as_str()),
        (7, "put", "1.25")
    );
    let patch = dr::PatchedWidgetRequest {
        price: Some("2.50".into()),
        description: Some(None),
        ..Default::default()
    };
    let echo = client.widgets().patch_widget(7).body(&patch).await.unwrap();
    assert_eq!(
        (echo.provided.clone(), echo.nulled.clone()),
        (
            vec!["price".to_owned(), "description".to_owned()],
            vec!["description".to_owned()]
        )
    );
    assert_eq!(
        (echo.widget.price.as_str(), echo.widget.description.clone()),
        ("2.50", Some(None))
    );
    assert_eq!(
        client.widgets().archive_widget(7).await.unwrap().status,
        dr::StatusEnum::Archived
    );
    match client.widgets().archive_widget(1000).await.unwrap_err() {
        Error::Status { status, .. } => assert_eq!(status.as_u16(), 404),
        other => panic!("expected a typed 404, got {other:?}"),
    }

    // The views echo the scheme and the whole credential presented (`request.auth`).
    assert_eq!(
        client.secure().whoami().await.unwrap(),
        dr::WhoAmI {
            scheme: dr::SchemeEnum::Bearer,
            credential: "test-token".into(),
        }
    );
    assert_eq!(
        client.secure().whoami_api_key().await.unwrap(),
        dr::WhoAmI {
            scheme: dr::SchemeEnum::ApiKey,
            credential: "test-key".into(),
        }
    );
    let anonymous = live_drf::Client::new(&server.url);
    assert_eq!(
        anonymous
            .secure()
            .whoami()
            .await
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(401)
    );
}
