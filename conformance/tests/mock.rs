//! The second mock refuses what the spec forbids, and answers what the spec declares.
//!
//! Each test starts the mock on a free loopback port with a small spec and calls it with
//! a plain HTTP client, so what is checked is the wire, not a generated client.

use openapi_client_codegen::Format;
use openapi_conformance::mock::{MOCK_ERROR, Mock};
use serde_json::{Value, json};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pet:
      type: object
      required: [id, name, tag]
      properties:
        id: {type: integer, format: int64, readOnly: true, minimum: 1}
        name: {type: string, minLength: 2}
        tag: {type: string, nullable: true}
        born: {type: string, format: date-time}
        kind: {type: string, enum: [cat, dog]}
    Problem:
      type: object
      required: [code]
      properties:
        code: {type: integer}
    Impossible:
      type: object
      required: [x]
      properties:
        x: {type: string, minLength: 5, maxLength: 2}
security: [{key: []}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: kinds, in: query, schema: {type: array, items: {type: string, enum: [cat, dog]}}}
      responses:
        "200":
          description: The pets.
          headers:
            X-Total: {schema: {type: integer, minimum: 0}}
          content:
            application/json:
              schema: {type: array, minItems: 1, items: {$ref: "#/components/schemas/Pet"}}
        "404":
          description: None.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
    post:
      operationId: createPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /pets/{id}:
    get:
      operationId: getPet
      security: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Impossible"}
  /pets/{id}/nothing:
    get:
      operationId: nothing
      security: []
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: Only a `not`, which nothing can be built from.
          content:
            application/json:
              schema: {not: {type: string}}
  /pets/mine:
    get:
      operationId: myPets
      security: []
      responses:
        "204": {description: None.}
"##;

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn call(request: reqwest::RequestBuilder) -> Answer {
    let (client, request) = request.build_split();
    send(&client, request.expect("a request")).await
}

async fn send(client: &reqwest::Client, request: reqwest::Request) -> Answer {
    let response = client.execute(request).await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Answer { status, headers, body }
}

fn violations(answer: &Answer) -> String {
    answer
        .headers
        .get("sl-violations")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

fn mock() -> Mock {
    Mock::start(SPEC, Format::Yaml, 0).expect("the mock starts")
}

#[tokio::test]
async fn a_valid_request_gets_a_body_valid_for_its_schema() {
    let mock = mock();
    let client = reqwest::Client::new();
    let answer = call(
        client
            .get(format!("{}/pets?limit=10&kinds=cat&kinds=dog", mock.url()))
            .header("X-Key", "secret"),
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(violations(&answer), "");
    let pets = answer.body.as_array().expect("a list of pets");
    assert!(!pets.is_empty());
    // Required properties are there, readOnly ones too (this is a response), and the
    // optional ones near the top are filled, each valid.
    let pet = &pets[0];
    assert!(pet["id"].as_i64().is_some_and(|id| id >= 1), "{pet}");
    assert!(pet["name"].as_str().is_some_and(|n| n.chars().count() >= 2), "{pet}");
    assert!(pet.get("tag").is_some(), "{pet}");
    assert!(matches!(pet["kind"].as_str(), Some("cat" | "dog")), "{pet}");
    assert!(chrono_like(pet["born"].as_str().unwrap_or_default()), "{pet}");
    let total = answer.headers.get("x-total").expect("the declared header");
    assert!(total.to_str().unwrap().parse::<u64>().is_ok());
}

fn chrono_like(text: &str) -> bool {
    text.len() >= 20 && text.as_bytes()[4] == b'-' && text.contains('T')
}

#[tokio::test]
async fn what_breaks_the_spec_is_refused_and_located() {
    let mock = mock();
    let client = reqwest::Client::new();
    let url = mock.url();
    let cases: Vec<(reqwest::RequestBuilder, &str)> = vec![
        // A required query parameter missing, out of bounds, not a number, not an enum value.
        (
            client.get(format!("{url}/pets")).header("X-Key", "k"),
            "\"query\",\"limit\"",
        ),
        (
            client.get(format!("{url}/pets?limit=0")).header("X-Key", "k"),
            "\"query\",\"limit\"",
        ),
        (
            client.get(format!("{url}/pets?limit=ten")).header("X-Key", "k"),
            "\"query\",\"limit\"",
        ),
        (
            client.get(format!("{url}/pets?limit=1&kinds=cow")).header("X-Key", "k"),
            "\"query\",\"kinds\"",
        ),
        // A path parameter of the wrong type.
        (client.get(format!("{url}/pets/abc")), "\"path\",\"id\""),
        // A body that breaks its schema, one of a media type not declared, none at all.
        (
            client
                .post(format!("{url}/pets"))
                .header("X-Key", "k")
                .json(&json!({"name": "x", "tag": null})),
            "\"body\"",
        ),
        (
            client
                .post(format!("{url}/pets"))
                .header("X-Key", "k")
                .header("content-type", "text/plain")
                .body("hello"),
            "\"body\"",
        ),
        (client.post(format!("{url}/pets")).header("X-Key", "k"), "\"body\""),
        // A path or a method the spec does not have.
        (client.get(format!("{url}/cats")), "\"path\""),
        (client.delete(format!("{url}/pets")).header("X-Key", "k"), "\"path\""),
    ];
    for (request, location) in cases {
        let request = request.build().expect("a request");
        let what = format!("{} {}", request.method(), request.url());
        let answer = send(&client, request).await;
        assert_eq!(answer.status, 400, "{what}: {:?}", answer.body);
        let found = violations(&answer);
        assert!(
            found.contains(&format!("\"location\":[\"request\",{location}")),
            "{what}: {found}"
        );
    }
}

#[tokio::test]
async fn a_body_that_keeps_the_spec_is_accepted_without_its_read_only_fields() {
    let mock = mock();
    let answer = call(
        reqwest::Client::new()
            .post(format!("{}/pets", mock.url()))
            .header("X-Key", "k")
            .json(&json!({"name": "Rex", "tag": null, "kind": "dog"})),
    )
    .await;
    assert_eq!(answer.status, 201, "{:?} {}", answer.body, violations(&answer));
}

#[tokio::test]
async fn missing_credentials_are_refused_with_401() {
    let mock = mock();
    let answer = call(reqwest::Client::new().get(format!("{}/pets?limit=1", mock.url()))).await;
    assert_eq!(answer.status, 401);
    assert!(violations(&answer).contains("\"security\""));
}

#[tokio::test]
async fn prefer_asks_for_a_declared_status() {
    let mock = mock();
    let answer = call(
        reqwest::Client::new()
            .get(format!("{}/pets?limit=1", mock.url()))
            .header("X-Key", "k")
            .header("Prefer", "code=404"),
    )
    .await;
    assert_eq!(answer.status, 404);
    assert!(answer.body["code"].is_i64(), "{:?}", answer.body);
}

#[tokio::test]
async fn no_content_is_answered_without_a_body() {
    let mock = mock();
    // `/pets/mine` is literal, so it wins over `/pets/{id}`.
    let answer = call(reqwest::Client::new().get(format!("{}/pets/mine", mock.url()))).await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.body, Value::String(String::new()));
}

#[tokio::test]
async fn an_answer_that_breaks_its_schema_says_so_and_none_at_all_is_the_mocks_failure() {
    let mock = mock();
    // No string is 5 to 2 characters long: the closest value, its breach named.
    let answer = call(reqwest::Client::new().get(format!("{}/pets/7", mock.url()))).await;
    assert_eq!(answer.status, 200);
    let found = violations(&answer);
    assert!(found.contains("\"location\":[\"response\",\"body\"]"), "{found}");
    assert!(found.contains("/paths/~1pets~1{id}/get/responses/200"), "{found}");
    // Nothing can be built from a lone `not`: the mock's own failure, not the client's.
    let answer = call(reqwest::Client::new().get(format!("{}/pets/7/nothing", mock.url()))).await;
    assert_eq!(answer.status, 500);
    let why = answer.headers.get(MOCK_ERROR).expect("the mock names its failure");
    assert!(
        why.to_str()
            .unwrap()
            .contains("/paths/~1pets~1{id}~1nothing/get/responses/200"),
        "{why:?}"
    );
    assert_eq!(violations(&answer), "");
}
