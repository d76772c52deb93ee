//! A standalone crate compiles with any one of its tag features alone: each type is
//! compiled when an enabled group needs it, however the groups share it (directly,
//! through another type, or through an inline schema merged with one of another group).
//!
//! The crate is written by [`crate_files`] as `codegen generate --out` writes it, and
//! checked with `cargo check --no-default-features --features <tag>` for each tag, with
//! none, and with all, sharing the workspace's target directory (only the small crate is
//! compiled each time). The GitHub crate with its `issues` feature alone is built by
//! `scripts/bench-big.py`; this test keeps the gating honest on every run.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_codegen::standalone::{RuntimeSource, crate_files};
use openapi_client_codegen::{Format, Settings, generate_str};

/// Three tags and untagged operations sharing types every way gating must follow.
const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'https://shop.example'}]
tags:
  - {name: pets, description: Pets for sale.}
  - {name: orders, description: What was bought.}
  - {name: audit, description: Who did what.}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      x-pagination: {style: link}
      parameters:
        - {name: per_page, in: query, schema: {type: integer}}
        - {name: mood, in: query, schema: {type: string, enum: [calm, wild]}}
      responses:
        '200':
          description: Pets.
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
  /orders:
    post:
      operationId: placeOrder
      tags: [orders]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [pet]
              properties:
                pet: {$ref: '#/components/schemas/Pet'}
                mood: {type: string, enum: [calm, wild]}
      responses:
        '201':
          description: Placed.
          content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}
  /audit:
    get:
      operationId: listEvents
      tags: [audit]
      responses:
        '200':
          description: Events.
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    who: {$ref: '#/components/schemas/Owner'}
                    mood: {type: string, enum: [calm, wild]}
  /health:
    get:
      operationId: health
      responses:
        '200':
          description: Up.
          content: {application/json: {schema: {$ref: '#/components/schemas/Health'}}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int64}
        owner: {$ref: '#/components/schemas/Owner'}
        tag: {oneOf: [{$ref: '#/components/schemas/Owner'}, {type: string}]}
    Owner:
      type: object
      properties: {name: {type: string}}
    Order:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
        receipt: {$ref: '#/components/schemas/Receipt'}
    Receipt:
      type: object
      properties: {total: {type: string}}
    Health:
      type: object
      properties: {owner: {$ref: '#/components/schemas/Owner'}}
    Unused:
      type: object
      properties: {pet: {$ref: '#/components/schemas/Pet'}}
"##;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from)
}

/// `cargo check` of the crate at `dir` with exactly `features`.
fn check(dir: &Path, features: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(dir)
        .args([
            "check",
            "--offline",
            "--quiet",
            "--message-format=short",
            "--no-default-features",
        ])
        .env("CARGO_TARGET_DIR", target_dir())
        .env("RUSTFLAGS", "-D warnings");
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("{command:?} could not start: {e}"))
}

#[test]
fn each_tag_feature_compiles_alone_and_with_the_others() {
    let mut settings = Settings::new("shop", "shop.yaml");
    settings.features = true;
    settings.module_files = true;
    let generated = generate_str(SPEC, Format::Yaml, &settings).expect("generates");
    let runtime = workspace().join("runtime").canonicalize().expect("the runtime");
    let dir = std::env::temp_dir().join(format!("codegen-features-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, contents) in crate_files(
        &generated,
        &settings,
        &RuntimeSource::Path(runtime.display().to_string()),
    ) {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(path, contents).expect("written");
    }
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("the lockfile");

    // The manifest declares a feature per tag, and the one for types nothing uses.
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a manifest");
    for feature in ["pets = []", "orders = []", "audit = []", "other_types = []"] {
        assert!(manifest.contains(feature), "`{feature}` in:\n{manifest}");
    }
    // The gates the checks below exercise: a type of one group, and an inline enum each
    // group writes for itself, merged into one type all three need.
    let types = std::fs::read_to_string(dir.join("src/shop/types.rs")).expect("the types");
    // Whether `item` is the first public item after an occurrence of `cfg`.
    let gate = |cfg: &str, item: &str| {
        types.match_indices(cfg).any(|(at, _)| {
            let after = &types[at..];
            after.find("\npub ").is_some_and(|i| after[i + 1..].starts_with(item))
        })
    };
    assert!(gate("#[cfg(feature = \"orders\")]", "pub struct Receipt {"), "{types}");
    assert!(
        gate(
            "#[cfg(any(feature = \"pets\", feature = \"orders\", feature = \"audit\"))]",
            "pub enum CalmOrWild {"
        ),
        "{types}"
    );
    let sets: [&[&str]; 6] = [
        &[],
        &["pets"],
        &["orders"],
        &["audit"],
        &["other_types"],
        &["pets", "orders", "audit", "other_types"],
    ];
    for features in sets {
        let output = check(&dir, features);
        assert!(
            output.status.success(),
            "features {features:?} do not compile:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
