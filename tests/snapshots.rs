//! Snapshots of the generated source of every spec in `spec/`, every fixture in
//! `fixtures/` and every document the live framework apps serve (`live/*/openapi.json`),
//! generated with the same settings as the build scripts use.
//!
//! Review changes with `cargo insta review`; CI runs with `INSTA_UPDATE=no`, so an
//! unreviewed change fails. The fixtures' output is also compiled by this crate's build
//! script (see `lib.rs`), and the services' output by `generated/`.

use std::path::{Path, PathBuf};

use openapi_client_codegen::build::settings_for;
use openapi_client_codegen::{Format, Settings, generate_str};

/// `path` as the build scripts name it: relative to this crate (`fixtures/x.yaml`,
/// `../spec/x.yaml`), so the `@generated` header is the same on every machine.
fn as_build_sees_it(path: &Path) -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(rest) = path.strip_prefix(here) {
        return rest.to_owned();
    }
    let parent = here.parent().expect("the crate is inside the workspace");
    Path::new("..").join(path.strip_prefix(parent).expect("specs are inside the workspace"))
}

/// The settings both build scripts (`generated/`, `tests/`) use: with contract tests.
fn settings(spec: &Path) -> Settings {
    let mut settings = settings_for(spec);
    settings.contract_tests = true;
    settings
}

fn generate(path: &Path) -> String {
    let spec = as_build_sees_it(path);
    let settings = settings(&spec);
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let first = generate_str(&text, Format::from_path(path), &settings).unwrap_or_else(|e| panic!("{e}"));
    let second = generate_str(&text, Format::from_path(path), &settings).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        first.code,
        second.code,
        "{}: generating twice must give identical bytes",
        spec.display()
    );
    first.code
}

#[test]
fn services() {
    insta::glob!("..", "spec/*.yaml", |path| {
        insta::assert_snapshot!(generate(path));
    });
}

/// The warnings of every fixture, located, in one snapshot: what each approximates is
/// reviewed like the code it generates.
#[test]
fn warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut out = String::new();
    for path in paths {
        let spec = as_build_sees_it(&path);
        let text = std::fs::read_to_string(&path).expect("the spec is readable");
        let generated =
            generate_str(&text, Format::from_path(&path), &settings(&spec)).unwrap_or_else(|e| panic!("{e}"));
        if generated.warnings.is_empty() {
            continue;
        }
        out.push_str(&format!("## {}\n", spec.display()));
        for warning in &generated.warnings {
            out.push_str(&format!("{}\n", warning.display_in(&spec.display().to_string())));
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        insta::assert_snapshot!(generate(path));
    });
}

/// The clients of the documents the live framework apps serve (`live/*/openapi.json`),
/// with their warnings: the live suites prove them against the running servers, and this
/// shows a reviewer what a generator change does to them.
#[test]
fn live_documents() {
    insta::glob!("live/*/openapi.json", |path| {
        let spec = as_build_sees_it(path);
        let text = std::fs::read_to_string(path).expect("the document is readable");
        let generated =
            generate_str(&text, Format::from_path(path), &settings(&spec)).unwrap_or_else(|e| panic!("{e}"));
        let warnings: Vec<String> = generated
            .warnings
            .iter()
            .map(|w| w.display_in(&spec.display().to_string()).to_string())
            .collect();
        insta::assert_snapshot!(format!(
            "// warnings: {}\n{}\n{}",
            warnings.len(),
            warnings.join("\n"),
            generated.code
        ));
    });
}
