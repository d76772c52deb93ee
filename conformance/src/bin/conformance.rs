//! The conformance harness: does each generated client work against a validating mock of
//! its spec, operation by operation?
//!
//! For every spec given (files or directories; by default `spec/`, `../shared/corpus` and
//! its `3.1/`), it generates a standalone crate with contract tests under
//! `target/conformance/`, starts Prism (pinned in `package-lock.json`) on a free loopback
//! port with request validation on, `--errors`, and dynamic responses from a fixed seed,
//! builds the tests meanwhile (one shared target directory), runs them, and prints one
//! row per spec: operations, requests accepted, responses decoded, failures by cause, and
//! exclusions.
//!
//! Two mocks: where Prism cannot answer (its own error, or an answer that breaks the spec
//! because the spec's example does), the test runs again against the project's second
//! validating mock ([`openapi_conformance::mock`]), whose answers are synthesized and
//! checked against the schema; where Prism does not load the spec in time (Stripe's and
//! GitHub's documents), every test runs against the second mock. The table's notes say
//! which tests passed only there.
//!
//! Every operation that is not run is listed with its reason: the generator's (no valid
//! example call could be built) or `scripts/conformance-exclusions.tsv`'s (a failure that
//! is not the client's, justified there). It ends with
//! `operations: P passed, F failed, X excluded` and exits non-zero when F > 0.
//!
//! ```text
//! npm ci   # Prism
//! cargo run --release -p openapi-conformance --bin conformance -- [SPEC|DIR ...]
//! ```

use std::collections::BTreeMap;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use openapi_client_codegen::build::{settings_for, spec_files, write_crate};
use openapi_client_codegen::standalone::{RuntimeSource, crate_files};
use openapi_client_codegen::{Format, generate_str};
use openapi_conformance::mock::Mock;

/// How long Prism may take to load a spec, counted from its start (it loads while the
/// tests build). Past it, the spec's tests run against the second mock: Prism does not
/// finish loading Stripe's or GitHub's document in 15 minutes.
const PRISM_START: Duration = Duration::from_secs(300);
/// How long one spec's tests may run.
const TESTS_LIMIT: Duration = Duration::from_secs(900);

/// What happened to one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Passed,
    /// A contract test failed: its cause (`refused`, `decode`, ...) and the message.
    Failed {
        cause: String,
        message: String,
    },
    /// Not run, and why.
    Excluded(String),
}

/// One spec's row.
struct Row {
    spec: String,
    operations: usize,
    outcomes: BTreeMap<String, Outcome>,
    /// What stopped the whole spec (generation, build or Prism), if anything did.
    broken: Option<String>,
    /// What the table should say besides (tests passed against the second mock).
    notes: Vec<String>,
    seconds: f64,
}

fn main() -> ExitCode {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let repo = repo.canonicalize().unwrap_or(repo);
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        eprintln!("usage: conformance [--second-mock-only] [SPEC|DIR ...]");
        return ExitCode::SUCCESS;
    }
    // Every test against the second mock alone (to try the mock itself, or without Node).
    let second_only = args.iter().any(|a| a == "--second-mock-only");
    args.retain(|a| a != "--second-mock-only");
    let mut inputs: Vec<PathBuf> = args.into_iter().map(PathBuf::from).collect();
    if inputs.is_empty() {
        inputs.push(repo.join("spec"));
        let corpus = repo.join("../shared/corpus");
        if corpus.is_dir() {
            inputs.push(corpus.clone());
            inputs.push(corpus.join("3.1"));
        }
    }
    let mut specs = Vec::new();
    for input in &inputs {
        if input.is_dir() {
            match spec_files(input) {
                Ok(files) => specs.extend(files),
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            }
        } else {
            specs.push(input.clone());
        }
    }
    let prism = (!second_only).then(|| repo.join("node_modules/.bin/prism"));
    if prism.as_ref().is_some_and(|p| !p.exists()) {
        eprintln!("Prism is not installed: run `npm ci` in {}", repo.display());
        return ExitCode::from(2);
    }
    let exclusions = read_exclusions(&repo.join("scripts/conformance-exclusions.tsv"));
    let work = repo.join("target/conformance");
    let target_dir = repo.join("target/conformance-target");
    let lock = std::fs::read(repo.join("Cargo.lock")).ok();
    let runtime = RuntimeSource::Path(repo.join("runtime").display().to_string());

    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
        eprintln!("[{}/{}] {name}", i + 1, specs.len());
        let started = Instant::now();
        let mut row = run_spec(
            spec,
            &name,
            &work,
            &target_dir,
            lock.as_deref(),
            &runtime,
            prism.as_deref(),
        );
        for (operation, outcome) in row.outcomes.iter_mut() {
            if let (Outcome::Failed { cause, message }, Some(reason)) =
                (&*outcome, exclusions.get(&(name.clone(), operation.clone())))
            {
                *outcome = Outcome::Excluded(format!("{reason} (failed: [{cause}] {})", short(message, 160)));
            }
        }
        row.seconds = started.elapsed().as_secs_f64();
        rows.push(row);
    }
    report(&rows)
}

/// Generates, builds and runs one spec's contract tests against Prism.
fn run_spec(
    spec: &Path,
    name: &str,
    work: &Path,
    target_dir: &Path,
    lock: Option<&[u8]>,
    runtime: &RuntimeSource,
    prism: Option<&Path>,
) -> Row {
    let mut row = Row {
        spec: name.to_owned(),
        operations: 0,
        outcomes: BTreeMap::new(),
        broken: None,
        notes: Vec::new(),
        seconds: 0.0,
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(e) => {
            row.broken = Some(format!("unreadable: {e}"));
            return row;
        }
    };
    let mut settings = settings_for(Path::new(name));
    settings.contract_tests = true;
    settings.features = true;
    let generated = match generate_str(&text, Format::from_path(spec), &settings) {
        Ok(generated) => generated,
        Err(error) => {
            row.broken = Some(format!(
                "does not generate: {}",
                error.errors().next().map(|d| d.message.clone()).unwrap_or_default()
            ));
            return row;
        }
    };
    row.operations = generated.operations;
    for (operation, reason) in &generated.contract_exclusions {
        row.outcomes.insert(
            operation.clone(),
            Outcome::Excluded(format!("no valid example call: {reason}")),
        );
    }
    let dir = work.join(&settings.module_name);
    if let Err(e) = write_crate(&dir, crate_files(&generated, &settings, runtime), lock) {
        row.broken = Some(e.to_string());
        return row;
    }
    // Prism loads while the tests build (a big spec takes it minutes).
    let mock_spec = dir.join("mock-spec.json");
    if let Err(e) = write_mock_spec(&text, spec, &mock_spec) {
        row.broken = Some(e);
        return row;
    }
    let prism = match prism {
        Some(prism) => Prism::spawn(prism, &mock_spec, &dir.join("prism.log")),
        None => Err("Prism was not asked for (--second-mock-only)".to_owned()),
    };
    eprintln!("  building the contract tests");
    let binary = match build_tests(&dir, target_dir) {
        Ok(binary) => binary,
        Err(e) => {
            row.broken = Some(format!("the tests do not build: {e}"));
            return row;
        }
    };
    let variable = format!("{}_BASE_URL", settings.module_name.to_ascii_uppercase());
    let own_mock = || Mock::start(&text, Format::from_path(spec), 0);
    let mut on_prism = true;
    let mut results = match prism.and_then(Prism::ready) {
        Ok(prism) => {
            eprintln!("  running the tests against Prism at {}", prism.url);
            match run_tests(&binary, &variable, &prism.url, &dir.join("tests.log"), &[]) {
                Ok(results) => results,
                Err(e) => {
                    row.broken = Some(e);
                    return row;
                }
            }
        }
        Err(why) => {
            // Prism cannot serve the spec at all: every test runs against the second mock.
            eprintln!("  {why}; running the tests against the second mock");
            on_prism = false;
            row.notes.push(format!("{why}: every test ran against the second mock"));
            let ran =
                own_mock().and_then(|mock| run_tests(&binary, &variable, mock.url(), &dir.join("tests.log"), &[]));
            match ran {
                Ok(results) => results,
                Err(e) => {
                    row.broken = Some(e);
                    return row;
                }
            }
        }
    };
    // What Prism could not serve (its own error, or the spec's example, which breaks the
    // spec's schema), and answers of Prism's the client could not read (Prism's checks of
    // its own answers miss some breaches: a Box folder without the `item_collection` the
    // spec requires), run again against the second mock, which answers with values it
    // checked against the schema. Each one that passes there is noted with what Prism gave.
    let again: Vec<String> = results
        .iter()
        .filter(|r| {
            matches!(&r.outcome, Outcome::Failed { cause, .. }
                if cause == "mock" || cause == "spec" || cause == "decode")
        })
        .map(|r| r.test.clone())
        .collect();
    if !again.is_empty() && on_prism {
        eprintln!("  {} test(s) again, against the second mock", again.len());
        let rerun =
            own_mock().and_then(|mock| run_tests(&binary, &variable, mock.url(), &dir.join("tests-again.log"), &again));
        match rerun {
            Ok(second) => {
                for result in &mut results {
                    let Some(second) = second.iter().find(|a| a.test == result.test) else {
                        continue;
                    };
                    if let (Outcome::Failed { cause, message }, Outcome::Passed) = (&result.outcome, &second.outcome) {
                        row.notes.push(format!(
                            "`{}` passed against the second mock; against Prism: [{cause}] {}",
                            result.operation,
                            short(message, 200)
                        ));
                    }
                    result.outcome = second.outcome.clone();
                    result.notes = second.notes.clone();
                }
            }
            Err(e) => row.notes.push(format!("the second mock did not run: {e}")),
        }
    }
    for result in results {
        for note in &result.notes {
            row.notes.push(format!("`{}`: {}", result.operation, short(note, 300)));
        }
        // An answer that breaks the spec, by the mock's own report, which the client
        // refused (on both mocks, where Prism ran): no valid answer could be had to test
        // the client with (the spec's example breaks its schema, or the schema allows no
        // value), and refusing an invalid one is right.
        let outcome = match result.outcome {
            Outcome::Failed { cause, message } if cause == "spec" => Outcome::Excluded(format!(
                "no valid answer to test with: the mock's answer breaks the spec by its own report, and the client refused it: {}",
                short(&message, 300)
            )),
            other => other,
        };
        row.outcomes.entry(result.operation).or_insert(outcome);
    }
    row
}

/// The spec as Prism serves it: the same document, read as the generator reads it where
/// Prism reads it otherwise, so the mock's random values are valid ones. Formats Prism's
/// response generator does not know are spelled out as the constraints they mean
/// (`format: int64` on a string means digits, `unix-time` a time in a plausible range,
/// `format: decimal` on a string a decimal number); keywords JSON Schema ignores are left
/// out (`pattern` on a number) and ones it defaults are said (`items: {}`); `enum: [null]`
/// means null; a string `enum` of numbers means their text; a required property that is
/// not declared is declared as anything (Prism reads form bodies by the declared
/// properties); a `*/*` response holding JSON is served as JSON.
fn write_mock_spec(text: &str, spec: &Path, out: &Path) -> Result<(), String> {
    let mut doc: serde_json::Value = match Format::from_path(spec) {
        Format::Json => serde_json::from_str(text).map_err(|e| format!("{}: {e}", spec.display()))?,
        Format::Yaml => serde_yaml::from_str(text).map_err(|e| format!("{}: {e}", spec.display()))?,
    };
    fn hint(value: &mut serde_json::Value, in_responses: bool) {
        match value {
            serde_json::Value::Object(map) => {
                let ty = map.get("type").and_then(|t| t.as_str()).unwrap_or_default().to_owned();
                let format = map
                    .get("format")
                    .and_then(|f| f.as_str())
                    .unwrap_or_default()
                    .to_owned();
                match (ty.as_str(), format.as_str()) {
                    ("string", "int64" | "int32") if !map.contains_key("pattern") => {
                        map.insert("pattern".into(), "^-?([0-9]{1,18}|[1-8][0-9]{18})$".into());
                    }
                    ("string", "decimal") if !map.contains_key("pattern") => {
                        map.insert("pattern".into(), "^-?[0-9]{1,9}(\\.[0-9]{1,4})?$".into());
                    }
                    ("integer" | "number", "unix-time") => {
                        map.entry("minimum").or_insert(0.into());
                        map.entry("maximum").or_insert(4_102_444_800_i64.into());
                    }
                    _ => {}
                }
                // `pattern` constrains strings only (JSON Schema ignores it elsewhere); the
                // response generator would write a string for an integer that has one.
                if matches!(ty.as_str(), "integer" | "number" | "boolean") {
                    map.remove("pattern");
                }
                // An array without `items` holds anything; the generator needs them said.
                if ty == "array" && !map.contains_key("items") {
                    map.insert("items".into(), serde_json::json!({}));
                }
                // `enum: [null]` on a typed schema means null, as the generator reads it
                // (dropshot writes its empty body so).
                let null_enum = map
                    .get("enum")
                    .and_then(|e| e.as_array())
                    .is_some_and(|e| e.iter().any(|v| v.is_null()));
                if null_enum && map.contains_key("type") {
                    map.insert("nullable".into(), true.into());
                }
                // A string enum listing numbers means their text, as the generator reads it.
                if ty == "string" {
                    if let Some(serde_json::Value::Array(values)) = map.get_mut("enum") {
                        for v in values.iter_mut().filter(|v| v.is_number() || v.is_boolean()) {
                            *v = serde_json::Value::String(v.to_string());
                        }
                    }
                }
                // A required property the schema does not declare (which
                // `additionalProperties` allows) is declared as anything: Prism reads a form
                // body by the declared properties only, and would drop it.
                let open = map.get("additionalProperties") != Some(&serde_json::Value::Bool(false));
                let undeclared: Vec<String> = match (map.get("required"), map.get("properties")) {
                    (Some(serde_json::Value::Array(required)), Some(serde_json::Value::Object(properties))) => required
                        .iter()
                        .filter_map(|r| r.as_str())
                        .filter(|r| !properties.contains_key(*r))
                        .map(str::to_owned)
                        .collect(),
                    _ => Vec::new(),
                };
                if open {
                    if let Some(serde_json::Value::Object(properties)) = map.get_mut("properties") {
                        for name in undeclared {
                            properties.insert(name, serde_json::json!({}));
                        }
                    }
                }
                // A response of any media type (`*/*`) holding JSON is served as JSON, which
                // the client asks for (Prism cannot write an object as `*/*`); a request
                // body of any media type stays so.
                if in_responses {
                    if let Some(serde_json::Value::Object(content)) = map.get_mut("content") {
                        if !content.contains_key("application/json") {
                            if let Some(any) = content.remove("*/*") {
                                content.insert("application/json".into(), any);
                            }
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    hint(child, in_responses || key == "responses");
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|item| hint(item, in_responses)),
            _ => {}
        }
    }
    hint(&mut doc, false);
    let json = serde_json::to_string(&doc).map_err(|e| e.to_string())?;
    std::fs::write(out, json).map_err(|e| format!("{}: {e}", out.display()))
}

/// `cargo test --no-run --lib` of a generated crate: the test binary's path.
fn build_tests(dir: &Path, target_dir: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "test",
            "--no-run",
            "--lib",
            "--offline",
            "--message-format",
            "json-render-diagnostics",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cargo did not run: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    let _ = std::fs::write(dir.join("build.log"), &log);
    if !output.status.success() {
        return Err(log
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or("cargo failed")
            .to_owned());
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["profile"]["test"] == true)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo named no test binary".to_owned())
}

/// Prism serving one spec on a free loopback port; stopped when dropped.
struct Prism {
    child: Child,
    url: String,
    port: u16,
    log: PathBuf,
    started: Instant,
}

impl Prism {
    /// Starts Prism on `spec`, with responses generated from the schemas (from a fixed
    /// seed) and checked by Prism (`--errors`: one that breaks the spec is Prism's own
    /// error); [`Prism::ready`] waits for it to listen.
    fn spawn(prism: &Path, spec: &Path, log: &Path) -> Result<Prism, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(prism)
            .args(["mock", "--dynamic", "--seed", "1", "--errors"])
            .args(["--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .arg(spec)
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("Prism did not start: {e}"))?;
        Ok(Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            port,
            log: log.to_owned(),
            started: Instant::now(),
        })
    }

    /// Waits until Prism listens, at most [`PRISM_START`] from its start.
    fn ready(mut self) -> Result<Prism, String> {
        while self.started.elapsed() < PRISM_START {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(self);
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut text = String::new();
                let _ = std::fs::File::open(&self.log).and_then(|mut f| f.read_to_string(&mut text));
                return Err(format!("Prism exited ({status}): {}", short(&text, 300)));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(format!("Prism did not load the spec in {} s", PRISM_START.as_secs()))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One test's result: its name, the operation (named by its failure message, else the
/// test's name), and what happened.
struct TestResult {
    test: String,
    operation: String,
    outcome: Outcome,
    /// What a passing test noted (`contract note ...`: the answer broke the spec, and the
    /// client read it anyway).
    notes: Vec<String>,
}

impl TestResult {
    /// A test that took its binary down, or never reported: failed with cause `crash`.
    fn crashed(test: String, message: String) -> TestResult {
        TestResult {
            operation: test_fn_name(&test).to_owned(),
            test,
            outcome: Outcome::Failed {
                cause: "crash".to_owned(),
                message,
            },
            notes: Vec::new(),
        }
    }
}

/// `module::contract_tests::get_pet` -> `get_pet`.
fn test_fn_name(test: &str) -> &str {
    test.rsplit("::").next().unwrap_or(test)
}

/// Runs the contract tests (only `only`, by exact name, when given), bounded in time. A
/// test that takes the whole binary down (a stack overflow aborts the process) fails with
/// cause `crash`, and the tests it took down with it run again, in up to
/// [`CRASH_ROUNDS`] more rounds.
fn run_tests(binary: &Path, variable: &str, url: &str, log: &Path, only: &[String]) -> Result<Vec<TestResult>, String> {
    let wanted: Vec<String> = if only.is_empty() {
        list_tests(binary)?
    } else {
        only.to_vec()
    };
    let mut results: Vec<TestResult> = Vec::new();
    for round in 0..=CRASH_ROUNDS {
        let pending: Vec<String> = wanted
            .iter()
            .filter(|t| !results.iter().any(|r| r.test == **t))
            .cloned()
            .collect();
        if pending.is_empty() {
            break;
        }
        let round_log = if round == 0 {
            log.to_owned()
        } else {
            log.with_extension(format!("crash{round}.log"))
        };
        // The first round names no test (all of them, and a short command line).
        let names = if only.is_empty() && round == 0 {
            &[][..]
        } else {
            &pending[..]
        };
        let text = run_binary(binary, variable, url, &round_log, names)?;
        let mut got = parse_results(&text);
        got.retain(|r| pending.contains(&r.test));
        let crashed = text.lines().find_map(|line| {
            let rest = line.strip_prefix("thread '")?;
            let (test, rest) = rest.split_once('\'')?;
            rest.contains("has overflowed its stack")
                .then(|| (test.to_owned(), "the stack overflowed".to_owned()))
        });
        let progress = !got.is_empty() || crashed.is_some();
        results.extend(got);
        if let Some((test, why)) = crashed {
            if !results.iter().any(|r| r.test == test) {
                results.push(TestResult::crashed(test, format!("{why}; the test binary aborted")));
            }
        }
        if !progress {
            break;
        }
    }
    // What never reported (the binary stopped before it, round after round) fails too.
    for test in wanted {
        if !results.iter().any(|r| r.test == test) {
            let why = "no result: the test binary stopped before reporting it".to_owned();
            results.push(TestResult::crashed(test, why));
        }
    }
    Ok(results)
}

/// How many times tests taken down by another's crash run again.
const CRASH_ROUNDS: usize = 5;

/// The contract tests in a test binary (`--list --ignored`).
fn list_tests(binary: &Path) -> Result<Vec<String>, String> {
    let output = Command::new(binary)
        .args(["contract_tests", "--list", "--ignored"])
        .output()
        .map_err(|e| format!("the tests did not list: {e}"))?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_owned)
        .collect())
}

/// One run of the test binary, bounded in time; its output.
fn run_binary(binary: &Path, variable: &str, url: &str, log: &Path, only: &[String]) -> Result<String, String> {
    let out = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut command = Command::new(binary);
    if only.is_empty() {
        command.arg("contract_tests");
    } else {
        command.args(only).arg("--exact");
    }
    let mut child = command
        .args(["--ignored", "--show-output", "--test-threads", "4"])
        .env(variable, url)
        .stdout(out.try_clone().map_err(|e| e.to_string())?)
        .stderr(out)
        .spawn()
        .map_err(|e| format!("the tests did not run: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > TESTS_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the tests ran past {} s", TESTS_LIMIT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => return Err(e.to_string()),
        }
    }
    std::fs::read_to_string(log).map_err(|e| e.to_string())
}

/// Reads libtest's output: `test contract_tests::x ... ok|FAILED` lines, and each failure's
/// `contract failure [cause] operation: details` message.
fn parse_results(text: &str) -> Vec<TestResult> {
    let mut failures: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut notes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----")) {
            current = Some(name.to_owned());
        } else if let (Some(test), Some(rest)) = (&current, line.strip_prefix("contract note ")) {
            let note = rest.split_once(": ").map_or(rest, |(_, note)| note);
            notes.entry(test.clone()).or_default().push(note.to_owned());
        } else if let (Some(test), Some(rest)) = (&current, line.strip_prefix("contract failure [")) {
            if let Some((cause, rest)) = rest.split_once("] ") {
                let (operation, message) = rest.split_once(": ").unwrap_or((rest, ""));
                failures.insert(
                    test.clone(),
                    (operation.to_owned(), cause.to_owned(), message.to_owned()),
                );
            }
        }
    }
    let mut results = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((test, status)) = rest.split_once(" ... ") else {
            continue;
        };
        let test = test.trim().to_owned();
        let short_name = test_fn_name(&test).to_owned();
        match status.trim() {
            "ok" => results.push(TestResult {
                operation: short_name,
                notes: notes.remove(&test).unwrap_or_default(),
                test,
                outcome: Outcome::Passed,
            }),
            "FAILED" => {
                let (operation, cause, message) = failures
                    .get(&test)
                    .cloned()
                    .unwrap_or_else(|| (short_name, "panic".to_owned(), "see tests.log".to_owned()));
                results.push(TestResult {
                    test,
                    operation,
                    outcome: Outcome::Failed { cause, message },
                    notes: Vec::new(),
                });
            }
            _ => {}
        }
    }
    results
}

/// `spec <TAB> operationId <TAB> reason` lines; `#` starts a comment.
fn read_exclusions(path: &Path) -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.splitn(3, '\t');
            Some((
                (fields.next()?.to_owned(), fields.next()?.to_owned()),
                fields.next()?.to_owned(),
            ))
        })
        .collect()
}

fn short(text: &str, limit: usize) -> String {
    let flat = text.replace('\n', " ");
    match flat.char_indices().nth(limit) {
        Some((end, _)) => format!("{}...", &flat[..end]),
        None => flat,
    }
}

/// The table, the list of failures and exclusions, and the last line; the exit status.
fn report(rows: &[Row]) -> ExitCode {
    println!("| spec | operations | requests accepted | responses decoded | failures by cause | excluded | time |");
    println!("|---|---:|---:|---:|---|---:|---:|");
    let (mut passed, mut failed, mut excluded) = (0, 0, 0);
    for row in rows {
        let count = |f: &dyn Fn(&Outcome) -> bool| row.outcomes.values().filter(|o| f(o)).count();
        let refused = count(&|o| matches!(o, Outcome::Failed { cause, .. } if cause == "refused"));
        let ran = count(&|o| !matches!(o, Outcome::Excluded(_)));
        let ok = count(&|o| *o == Outcome::Passed);
        let mut causes: BTreeMap<&str, usize> = BTreeMap::new();
        for outcome in row.outcomes.values() {
            if let Outcome::Failed { cause, .. } = outcome {
                *causes.entry(cause).or_default() += 1;
            }
        }
        let x = count(&|o| matches!(o, Outcome::Excluded(_)));
        // A spec that broke before its tests ran fails every operation it has.
        let broken_failures = match &row.broken {
            Some(_) => row.operations.saturating_sub(row.outcomes.len()).max(1),
            None => 0,
        };
        // Operations that got no outcome at all (neither run nor excluded) fail: nothing
        // goes unreported.
        let unaccounted = match &row.broken {
            None => row.operations.saturating_sub(row.outcomes.len()),
            Some(_) => 0,
        };
        if unaccounted > 0 {
            causes.insert("no result", unaccounted);
        }
        let causes = match (&row.broken, causes.is_empty()) {
            (Some(why), _) => format!("broken: {}", short(why, 100)),
            (None, true) => "-".to_owned(),
            (None, false) => causes
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {:.0} s |",
            row.spec,
            row.operations,
            ran - refused,
            ok,
            causes,
            x,
            row.seconds
        );
        passed += ok;
        failed += ran - ok + broken_failures + unaccounted;
        excluded += x;
    }
    let notes: Vec<String> = rows
        .iter()
        .flat_map(|row| row.notes.iter().map(move |n| format!("- note {}: {n}", row.spec)))
        .collect();
    let details: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            row.outcomes
                .iter()
                .filter_map(move |(operation, outcome)| match outcome {
                    Outcome::Passed => None,
                    Outcome::Failed { cause, message } => Some(format!(
                        "- FAILED {} `{operation}` [{cause}]: {}",
                        row.spec,
                        short(message, 400)
                    )),
                    Outcome::Excluded(why) => Some(format!("- excluded {} `{operation}`: {why}", row.spec)),
                })
        })
        .collect();
    if !details.is_empty() || !notes.is_empty() {
        println!();
        for line in details.into_iter().chain(notes) {
            println!("{line}");
        }
    }
    println!();
    println!("operations: {passed} passed, {failed} failed, {excluded} excluded");
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
