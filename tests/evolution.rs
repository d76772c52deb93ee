//! A caller survives the spec edits that add optional inputs.
//!
//! `fixtures/evolution_v2.yaml` is `evolution_v1.yaml` with an optional query parameter, an
//! optional body property, a first optional parameter of an operation that had none, and
//! an optional parameter beside an optional `Idempotency-Key`.
//! The same calls, written once against version 1, are compiled here against both
//! clients (this file does not compile if an addition breaks a caller), then sent to a
//! loopback server, which must receive the same requests from both.

use std::time::Duration;

use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every call a user of version 1 writes, in the call style the generator emits: required
/// inputs as arguments (a call with only path parameters stays one line), optional ones by
/// name, bodies from `new` with optional properties set by name.
macro_rules! calls_written_against_v1 {
    ($caller:ident, $api:ident) => {
        mod $caller {
            use codegen_tests::$api as api;

            use super::Duration;

            /// Lists, adds, gets and removes a pet; returns the ids seen.
            pub async fn every_call(client: &api::Client) -> Result<Vec<i64>, String> {
                let listed = client.pets().list().limit(10).await.map_err(|e| e.report())?;
                let new = api::types::NewPet::new("Rex".to_owned());
                let created = client.pets().create(&new).await.map_err(|e| e.report())?;
                let got = client.pets().get(created.id).await.map_err(|e| e.report())?;
                // A `Call` in version 1, a builder in version 2: the call's own methods work
                // on both, reading its idempotency key before sending included.
                let delete = client
                    .pets()
                    .delete(got.id)
                    .timeout(Some(Duration::from_secs(5)))
                    .idempotency_key("remove-rex");
                let key = delete.idempotency_key_value().map(str::to_owned);
                delete.await.map_err(|e| e.report())?;
                if key.as_deref() != Some("remove-rex") {
                    return Err(format!("the idempotency key read back as {key:?}"));
                }
                // An optional `Idempotency-Key` is the builder's in both versions, though
                // version 2 adds an optional parameter beside it.
                client
                    .pets()
                    .adopt(got.id)
                    .idempotency_key("adopt-rex")
                    .await
                    .map_err(|e| e.report())?;
                Ok(listed.iter().map(|p| p.id).chain([created.id, got.id]).collect())
            }
        }
    };
}

calls_written_against_v1!(against_v1, evolution_v1);
calls_written_against_v1!(against_v2, evolution_v2);

/// A server answering every request as the spec says, recording them.
async fn pet_shop() -> MockServer {
    let server = MockServer::start().await;
    let pet = serde_json::json!({"id": 7, "name": "Rex"});
    Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([pet])))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/pets/7/adopt"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(&pet))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path("/pets/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&pet))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// What a server received: method, path and query, body.
async fn received(server: &MockServer) -> Vec<(String, String, String)> {
    server
        .received_requests()
        .await
        .expect("recording is on")
        .into_iter()
        .map(|r| {
            let target = format!("{}?{}", r.url.path(), r.url.query().unwrap_or_default());
            (
                r.method.to_string(),
                target,
                String::from_utf8_lossy(&r.body).into_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn calls_written_against_version_1_send_the_same_requests_to_version_2() {
    let v1 = pet_shop().await;
    let client = codegen_tests::evolution_v1::Client::new().with_base_url(v1.uri());
    assert_eq!(against_v1::every_call(&client).await, Ok(vec![7, 7, 7]));
    let v2 = pet_shop().await;
    let client = codegen_tests::evolution_v2::Client::new().with_base_url(v2.uri());
    assert_eq!(against_v2::every_call(&client).await, Ok(vec![7, 7, 7]));

    let sent = received(&v1).await;
    assert_eq!(
        sent,
        [
            ("GET".to_owned(), "/pets?limit=10".to_owned(), String::new()),
            ("POST".to_owned(), "/pets?".to_owned(), r#"{"name":"Rex"}"#.to_owned()),
            ("GET".to_owned(), "/pets/7?".to_owned(), String::new()),
            ("DELETE".to_owned(), "/pets/7?".to_owned(), String::new()),
            ("POST".to_owned(), "/pets/7/adopt?".to_owned(), String::new()),
        ]
    );
    assert_eq!(received(&v2).await, sent, "version 2 sends what version 1 sent");
    for server in [&v1, &v2] {
        let keys: Vec<Option<String>> = server
            .received_requests()
            .await
            .expect("recording is on")
            .iter()
            .filter(|r| r.url.path().ends_with("/adopt"))
            .map(|r| {
                r.headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            })
            .collect();
        assert_eq!(keys, [Some("adopt-rex".to_owned())], "the caller's key is sent");
    }
}

/// What version 2 added is reachable by name, and sent.
#[tokio::test]
async fn the_additions_of_version_2_are_set_by_name() {
    let server = pet_shop().await;
    let client = codegen_tests::evolution_v2::Client::new().with_base_url(server.uri());
    let pets = client.pets().list().limit(10).tag("calm").await.expect("listed");
    assert_eq!(pets.len(), 1);
    let mut new = codegen_tests::evolution_v2::types::NewPet::new("Rex".to_owned());
    new.nickname = Some("R".to_owned());
    client.pets().create(&new).await.expect("added");
    client.pets().delete(7).reason("adopted").await.expect("removed");
    let sent = received(&server).await;
    assert_eq!(sent[0].1, "/pets?limit=10&tag=calm");
    assert_eq!(sent[1].2, r#"{"name":"Rex","nickname":"R"}"#);
    assert_eq!(sent[2].1, "/pets/7?reason=adopted");
}
