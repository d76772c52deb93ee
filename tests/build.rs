//! Generates every fixture spec of `fixtures/`, and the name sweep, into `OUT_DIR`, with
//! `OUT_DIR/fixtures.rs` including them all, so that compiling this crate compiles every
//! fixture's output: a snapshot of code that does not compile cannot pass.
//!
//! The name sweep is a spec written here from `openapi_client_codegen::names`: every name
//! the generated code introduces itself, used as a parameter, a property, a security
//! scheme, an operation and a schema. It compiles only if no spec name can collide with
//! one of them, and a name added to those lists is swept with no edit here.

use openapi_client_codegen::build::Builder;
use openapi_client_codegen::names;
use serde_json::{Map, Value, json};

fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap_or_default();
    let sweep = std::path::Path::new(&out_dir).join("name_sweep.json");
    let text = serde_json::to_string_pretty(&name_sweep()).unwrap_or_default();
    if let Err(error) = openapi_client_codegen::build::write_if_changed(&sweep, &text) {
        fail(error);
    }
    // The documents the live framework apps serve (`live/*/openapi.json`, snapshots the
    // live suites compare with what the running server serves), one module each.
    // With contract tests, so the test code generated for every construct compiles too
    // (in this crate's own test build).
    // DRF's list pages by the `next` URL its body gives, which its document does not say:
    // declared here, as a user would for a spec they do not own.
    let mut builder = Builder::new()
        .spec_dir("fixtures")
        .spec(&sweep)
        .contract_tests(true)
        .paginate(
            "list_widgets",
            json!({"style": "link", "next": "next", "items": "results"}),
        );
    for framework in ["fastapi", "nestjs", "drf"] {
        let document = format!("live/{framework}/openapi.json");
        builder = builder
            .spec(&document)
            .module_name(&document, format!("live_{framework}"));
    }
    let built = builder.index_file("fixtures.rs").generate();
    if let Err(error) = built {
        fail(error);
    }
    // GitHub's `issues` operations alone, as a user who needs only them builds them (the
    // build's tag filter, which also leaves out the types no kept operation needs), with
    // their list operations paged by `Link` header as the build declares: GitHub's spec
    // does not say how it pages.
    let github = "../../shared/corpus/github-api.github.com.json";
    let mut builder = Builder::new()
        .spec(github)
        .module_name(github, "github_issues")
        .include_tags(["issues"]);
    for &id in GITHUB_LINK_PAGED {
        builder = builder.paginate(id, json!({"style": "link"}));
    }
    if let Err(error) = builder.index_file("github.rs").generate() {
        fail(error);
    }
}

/// GitHub's `issues` list operations, which page by `Link` header.
const GITHUB_LINK_PAGED: &[&str] = &[
    "issues/list",
    "issues/list-for-org",
    "issues/list-assignees",
    "issues/list-for-repo",
    "issues/list-comments-for-repo",
    "issues/list-events-for-repo",
    "issues/list-comments",
    "issues/list-events",
    "issues/list-labels-on-issue",
    "issues/list-sub-issues",
    "issues/list-labels-for-repo",
    "issues/list-milestones",
    "issues/list-labels-for-milestone",
    "issues/list-for-authenticated-user",
];

fn fail(error: impl std::fmt::Display) -> ! {
    eprintln!("{error}");
    std::process::exit(1);
}

/// Every name the generated code introduces, in every role a spec name can take.
fn name_sweep() -> Value {
    let swept: Vec<&str> = names::generated_names().collect();
    // Credential setters are `with_<scheme>` and `with_<scheme>_header`; operations,
    // response enums and error aliases are `<op>`, `<Op>Response`, `<Op>Error`.
    let derived: Vec<String> = swept
        .iter()
        .flat_map(|n| {
            [
                format!("with_{n}"),
                format!("with_{n}_header"),
                format!("{n}_stream"),
                format!("{n}Error"),
                format!("{n}Response"),
            ]
        })
        .collect();
    let mut all: Vec<String> = Vec::new();
    for name in swept.iter().map(|n| (*n).to_owned()).chain(derived) {
        if !all.contains(&name) {
            all.push(name);
        }
    }

    let params: Vec<Value> = all
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let location = ["query", "header", "cookie"][i % 3];
            json!({"name": n, "in": location, "schema": {"type": "string"}})
        })
        .collect();
    let properties: Map<String, Value> = all.iter().map(|n| (n.clone(), json!({"type": "string"}))).collect();
    let schemes: Map<String, Value> = all
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let scheme = match i % 3 {
                0 => json!({"type": "http", "scheme": "bearer"}),
                1 => json!({"type": "apiKey", "in": "header", "name": format!("X-Key-{i}")}),
                _ => json!({"type": "apiKey", "in": "query", "name": format!("key{i}")}),
            };
            (n.clone(), scheme)
        })
        .collect();
    let requirement: Map<String, Value> = all.iter().map(|n| (n.clone(), json!([]))).collect();
    let mut schemas: Map<String, Value> = all
        .iter()
        .map(|n| {
            (
                n.clone(),
                json!({"type": "object", "properties": {"x": {"type": "string"}}}),
            )
        })
        .collect();
    schemas.insert(
        "Everything".to_owned(),
        json!({"type": "object", "properties": properties}),
    );
    let parameters: Vec<Value> = [
        json!({"name": "new", "in": "path", "required": true, "schema": {"type": "string"}}),
        json!({"name": "offset", "in": "query", "required": true, "schema": {"type": "integer"}}),
        json!({"name": "limit", "in": "query", "required": true, "schema": {"type": "integer"}}),
    ]
    .into_iter()
    .chain(params)
    .collect();
    let mut paths = Map::new();
    paths.insert(
        "/everything/{new}".to_owned(),
        json!({"post": {
            "operationId": "everything",
            "x-pagination": {"style": "offset-limit", "offset": "offset", "limit": "limit", "items": "items"},
            "parameters": parameters,
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Everything"}}}},
            "responses": {"200": {"description": "A page.", "content": {"application/json": {"schema":
                {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}}}}}}
        }}),
    );
    for (i, n) in all.iter().enumerate() {
        paths.insert(
            format!("/op/{i}"),
            json!({"get": {"operationId": n, "responses": {"204": {"description": "ok"}}}}),
        );
        // Every name as a tag (a module, an accessor, a sub-client, a Cargo feature), with
        // an operation whose builder has a setter of that name.
        paths.insert(
            format!("/tagged/{i}"),
            json!({"get": {
                "operationId": format!("{n} tagged"),
                "tags": [n],
                "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Name sweep", "version": "1", "description": "Every name the generated code introduces, taken by the spec."},
        // Relative: `Client::new` then takes `base_url` beside every credential.
        "servers": [{"url": "/v1"}],
        "security": [requirement],
        "paths": paths,
        "components": {"securitySchemes": schemes, "schemas": schemas}
    })
}
