//! Generated code and a runtime of another version fail to compile, with a message that
//! names the version the code needs.
//!
//! The runtime is packaged as it would be published (`cargo package --no-verify`, which
//! resolves its workspace inheritance), unpacked twice into a temporary directory, and one
//! copy is turned into a 0.2 release that no longer has the 0.1 constant. A small generated
//! crate is checked against each copy: against 0.1 it compiles (so the failure that follows
//! has no other cause), against 0.2 it fails on `OPENAPI_CLIENT_RUNTIME_0_1` alone.
//!
//! Builds share the workspace's target directory, so only the runtime copies and the small
//! crate are compiled.

use std::path::{Path, PathBuf};
use std::process::Command;

use openapi_client_codegen::standalone::{RuntimeSource, crate_files};
use openapi_client_codegen::{Format, Settings, generate_str};

const SPEC: &str = "openapi: 3.0.3
info: {title: Pets, version: '1'}
servers: [{url: 'https://pets.example'}]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: A pet.
          content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from)
}

fn run(command: &mut Command) -> std::process::Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("{command:?} could not start: {e}"))
}

/// The runtime as `cargo package` writes it, unpacked under `into/<name>`.
fn packaged_runtime(work: &Path, into: &str) -> PathBuf {
    let package_dir = work.join("package-target");
    let output = run(Command::new(env!("CARGO"))
        .current_dir(workspace())
        .args([
            "package",
            "--no-verify",
            "--allow-dirty",
            "--offline",
            "-p",
            "openapi-client-runtime",
        ])
        .arg("--target-dir")
        .arg(&package_dir));
    assert!(
        output.status.success(),
        "cargo package failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let archive = std::fs::read_dir(package_dir.join("package"))
        .expect("cargo package wrote its directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "crate"))
        .expect("a .crate archive");
    let dest = work.join(into);
    std::fs::create_dir_all(&dest).expect("a directory to unpack into");
    let output = run(Command::new("tar").arg("-xzf").arg(&archive).arg("-C").arg(&dest));
    assert!(
        output.status.success(),
        "tar failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_dir(&dest)
        .expect("unpacked")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("the unpacked crate")
}

/// `cargo check` of a crate holding the generated client, against the runtime at `runtime`.
fn check_against(work: &Path, name: &str, runtime: &Path) -> std::process::Output {
    let settings = Settings::new("pets", "pets.yaml");
    let generated = generate_str(SPEC, Format::Yaml, &settings).expect("generates");
    let dir = work.join(name);
    let files = crate_files(
        &generated,
        &settings,
        &RuntimeSource::Path(runtime.display().to_string()),
    );
    for (path, contents) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(path, contents).expect("written");
    }
    // The workspace's versions of every dependency, so nothing is fetched or rebuilt.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).expect("the lockfile");
    run(Command::new(env!("CARGO"))
        .current_dir(&dir)
        .args(["check", "--offline", "--quiet", "--message-format=short"])
        .env("CARGO_TARGET_DIR", target_dir()))
}

#[test]
fn generated_code_names_the_runtime_version_it_needs() {
    let work = std::env::temp_dir().join(format!("runtime-version-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("a temporary directory");

    let same = packaged_runtime(&work, "same");
    let output = check_against(&work, "on-0-1", &same);
    assert!(
        output.status.success(),
        "generated code does not compile against its own runtime, packaged:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let next = packaged_runtime(&work, "next");
    let manifest = std::fs::read_to_string(next.join("Cargo.toml")).expect("a manifest");
    let manifest = manifest.replacen("version = \"0.1.0\"", "version = \"0.2.0\"", 1);
    std::fs::write(next.join("Cargo.toml"), manifest).expect("written");
    let lib = std::fs::read_to_string(next.join("src/lib.rs")).expect("the runtime's lib.rs");
    assert!(
        lib.contains("OPENAPI_CLIENT_RUNTIME_0_1"),
        "the runtime lacks its version constant"
    );
    std::fs::write(
        next.join("src/lib.rs"),
        lib.replace("OPENAPI_CLIENT_RUNTIME_0_1", "OPENAPI_CLIENT_RUNTIME_0_2"),
    )
    .expect("written");
    let output = check_against(&work, "on-0-2", &next);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "generated code for 0.1 compiled against a 0.2 runtime"
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error[")).collect();
    assert!(
        !errors.is_empty() && errors.iter().all(|e| e.contains("OPENAPI_CLIENT_RUNTIME_0_1")),
        "the only errors must name the version the code needs:\n{stderr}"
    );
    std::fs::remove_dir_all(&work).ok();
}
