//! The corpus harness: how much of the real world the generator turns into compiling Rust.
//!
//! For every spec in the given directories (by default `../shared/corpus` and its `3.1/`
//! beside this repository, or else the copy `scripts/fetch-corpus.sh` writes to
//! `target/corpus-specs`), it generates a standalone crate under `target/corpus/`, runs
//! `cargo check` on each against one shared target directory, and prints a table: spec,
//! operations, generated, warnings, compiles, generation time. It exits non-zero when any
//! spec does not generate, does not compile, or compiles with a rustc warning.
//!
//! ```text
//! cargo run --release -p openapi-client-codegen --bin corpus -- [DIR ...] [--no-check]
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use openapi_client_codegen::build::{settings_for, spec_files, write_crate};
use openapi_client_codegen::standalone::{RuntimeSource, crate_files};
use openapi_client_codegen::{Format, generate_str};

/// One row of the table.
struct Row {
    spec: String,
    bytes: u64,
    operations: Option<usize>,
    warnings: usize,
    error: Option<String>,
    seconds: f64,
    compiles: Option<Result<(), String>>,
}

fn main() -> ExitCode {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let repo = repo.canonicalize().unwrap_or(repo);
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut check = true;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--no-check" => check = false,
            "-h" | "--help" => {
                eprintln!("usage: corpus [DIR ...] [--no-check]");
                return ExitCode::SUCCESS;
            }
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    if dirs.is_empty() {
        // The shared corpus beside the repository, else the copy scripts/fetch-corpus.sh makes.
        let corpus = [repo.join("../shared/corpus"), repo.join("target/corpus-specs")]
            .into_iter()
            .find(|d| d.is_dir());
        if let Some(corpus) = corpus {
            dirs = vec![corpus.clone(), corpus.join("3.1")];
            dirs.retain(|d| d.is_dir());
        }
    }
    if dirs.is_empty() {
        eprintln!("no corpus: pass directories of specs, or run scripts/fetch-corpus.sh");
        return ExitCode::from(2);
    }

    let work = repo.join("target/corpus");
    let target_dir = repo.join("target/corpus-target");
    let lock = std::fs::read(repo.join("Cargo.lock")).ok();
    let runtime = RuntimeSource::Path(repo.join("runtime").display().to_string());

    let mut specs = Vec::new();
    for dir in &dirs {
        match spec_files(dir) {
            Ok(files) => specs.extend(files),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut rows = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
        eprintln!("[{}/{}] generating {name}", i + 1, specs.len());
        let bytes = std::fs::metadata(spec).map(|m| m.len()).unwrap_or(0);
        let mut row = Row {
            spec: name.clone(),
            bytes,
            operations: None,
            warnings: 0,
            error: None,
            seconds: 0.0,
            compiles: None,
        };
        let text = match std::fs::read_to_string(spec) {
            Ok(text) => text,
            Err(e) => {
                row.error = Some(e.to_string());
                rows.push(row);
                continue;
            }
        };
        let mut settings = settings_for(Path::new(&name));
        // As `codegen generate --out` writes it: a feature per group, all on by default.
        settings.features = true;
        settings.module_files = true;
        let started = Instant::now();
        let result = generate_str(&text, Format::from_path(spec), &settings);
        row.seconds = started.elapsed().as_secs_f64();
        match result {
            Ok(generated) => {
                row.operations = Some(generated.operations);
                row.warnings = generated.warnings.len();
                let dir = work.join(&settings.module_name);
                if let Err(e) = write_crate(&dir, crate_files(&generated, &settings, &runtime), lock.as_deref()) {
                    row.error = Some(e.to_string());
                } else if check {
                    eprintln!("[{}/{}] cargo check {name}", i + 1, specs.len());
                    row.compiles = Some(cargo_check(&dir, &target_dir));
                }
            }
            Err(error) => {
                row.warnings = error.diagnostics.iter().filter(|d| !d.is_error()).count();
                row.error = error.errors().next().map(|d| d.message.clone());
            }
        }
        rows.push(row);
    }
    print_table(&rows);
    let failed = rows
        .iter()
        .any(|r| r.error.is_some() || matches!(r.compiles, Some(Err(_))));
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// `cargo check` of one generated crate, with its default features (every group, each type
/// deriving the serde traits its direction needs), then with all of them (the types no
/// operation uses, both serde traits everywhere); on failure, its first error or warning.
fn cargo_check(dir: &Path, target_dir: &Path) -> Result<(), String> {
    cargo_check_with(dir, target_dir, &[])?;
    cargo_check_with(dir, target_dir, &["--all-features"])
}

fn cargo_check_with(dir: &Path, target_dir: &Path, features: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--message-format", "short"])
        .args(features)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cargo did not run: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    let _ = std::fs::write(dir.join("check.log"), &log);
    // Generated code compiles without warnings: any warning is a failure too, rustc's
    // (`src/..: warning:` in the short format, or at the runtime's path for one that a
    // runtime macro expanded into the crate) and cargo's own (`warning: ...`, such as an
    // unexpected `cfg` or a manifest key). The runtime's own code has none (CI's clippy
    // denies them), so each one here is the generated crate's.
    let warning = log
        .lines()
        .find(|l| l.starts_with("warning:") || l.contains(": warning:"));
    if let (true, Some(warning)) = (output.status.success(), warning) {
        let with = if features.is_empty() { "" } else { " (all features)" };
        return Err(format!("compiles with warnings{with}: {warning}"));
    }
    if output.status.success() {
        Ok(())
    } else {
        let first = log
            .lines()
            .find(|l| l.contains("error"))
            .unwrap_or("cargo check failed")
            .to_owned();
        Err(first)
    }
}

fn print_table(rows: &[Row]) {
    println!("| spec | size | operations | generated | warnings | compiles | generation time |");
    println!("|---|---:|---:|---|---:|---|---:|");
    for r in rows {
        let generated = match &r.error {
            None => "yes".to_owned(),
            Some(e) => format!("no: {}", e.chars().take(80).collect::<String>()),
        };
        let compiles = match &r.compiles {
            None => "-".to_owned(),
            Some(Ok(())) => "yes".to_owned(),
            Some(Err(e)) => format!("no: {}", e.chars().take(100).collect::<String>()),
        };
        println!(
            "| {} | {} KB | {} | {} | {} | {} | {:.3} s |",
            r.spec,
            r.bytes / 1024,
            r.operations.map_or("-".to_owned(), |n| n.to_string()),
            generated,
            r.warnings,
            compiles,
            r.seconds
        );
    }
    let generated = rows.iter().filter(|r| r.error.is_none()).count();
    let compiled = rows.iter().filter(|r| matches!(r.compiles, Some(Ok(())))).count();
    println!(
        "\n{generated}/{} generated, {compiled}/{} compile without warnings",
        rows.len(),
        rows.len()
    );
}
