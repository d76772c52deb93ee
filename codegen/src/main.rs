//! `codegen`: the generator's command line.
//!
//! ```text
//! codegen generate <SPEC> [--module NAME]                print the generated client
//! codegen generate <SPEC> --out DIR [--runtime-path P | --runtime-version V]
//!                                                       write it as a crate (Cargo.toml + src/),
//!                                                       the runtime by path (this repository's
//!                                                       by default) or by version requirement
//! codegen check <SPEC>                                   only report errors and warnings
//! ```
//!
//! `--contract-tests` (with `generate`) also writes a contract test per operation
//! (`#[cfg(test)] mod contract_tests`), run against the server named by `<MODULE>_BASE_URL`.
//!
//! The build API's choices, for `generate` and `check`: `--include-tag`, `--exclude-tag`,
//! `--include-operation` and `--exclude-operation` (each repeatable) pick the operations;
//! `--paginate FILE` pages operations whose spec does not say how, from a JSON or YAML map
//! of `operationId` to the object `x-pagination` holds (`issues/list-for-repo: {style: link}`).
//!
//! Exit status: 0 on success, 1 when the spec has errors, 2 on wrong usage or I/O errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use openapi_client_codegen::standalone::{RuntimeSource, crate_files};
use std::time::Instant;

use openapi_client_codegen::{Format, OperationFilter, Settings, finish, load, lower, names, report};

/// mimalloc, not glibc's allocator: generating allocates and frees millions of small
/// strings and token trees (GitHub's spec: 0.97 s against 1.42 s; BENCHMARKS.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  codegen generate <SPEC> [--module NAME] [--contract-tests] [--out DIR [--runtime-path PATH | --runtime-version REQ]] [CHOICES]
  codegen check <SPEC> [CHOICES]
CHOICES (each flag repeatable):
  --include-tag TAG  --exclude-tag TAG  --include-operation ID  --exclude-operation ID
  --paginate FILE    paging for operations the spec does not page: {operationId: x-pagination object}, JSON or YAML";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (command, rest) = args.split_first().ok_or(USAGE)?;
    let mut spec = None;
    let mut module = None;
    let mut out = None;
    let mut runtime_path = None;
    let mut runtime_version = None;
    let mut contract_tests = false;
    let mut operations = OperationFilter::default();
    let mut pagination = None;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        let mut value = |what: &str| rest.next().cloned().ok_or_else(|| format!("{arg} needs {what}"));
        match arg.as_str() {
            "--include-tag" => operations.include_tags.push(value("a tag")?),
            "--exclude-tag" => operations.exclude_tags.push(value("a tag")?),
            "--include-operation" => operations.include_operations.push(value("an operationId")?),
            "--exclude-operation" => operations.exclude_operations.push(value("an operationId")?),
            "--paginate" => pagination = Some(read_pagination(Path::new(&value("a file")?))?),
            "--module" => module = Some(rest.next().ok_or("--module needs a name")?.clone()),
            "--out" => out = Some(PathBuf::from(rest.next().ok_or("--out needs a directory")?)),
            "--runtime-path" => runtime_path = Some(rest.next().ok_or("--runtime-path needs a path")?.clone()),
            "--runtime-version" => {
                runtime_version = Some(
                    rest.next()
                        .ok_or("--runtime-version needs a version requirement")?
                        .clone(),
                )
            }
            "--contract-tests" => contract_tests = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other if spec.is_none() && !other.starts_with('-') => spec = Some(PathBuf::from(other)),
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    let spec = spec.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let module = module.unwrap_or_else(|| names::snake_name(&stem(&spec)));
    let mut settings = Settings::new(module, spec.display().to_string());
    settings.contract_tests = contract_tests;
    settings.operations = operations;
    settings.pagination = pagination.unwrap_or_default();
    // A crate of its own gets a Cargo feature per group of operations.
    settings.features = out.is_some();
    settings.module_files = out.is_some();
    let name = settings.source_name.clone();
    // Large specs take a noticeable moment: say what is happening.
    let large = text.len() > 1_000_000;
    let started = Instant::now();
    if large {
        eprintln!("reading {name} ({:.1} MB)", text.len() as f64 / 1e6);
    }
    let doc = match load::parse(&text, Format::from_path(&spec)) {
        Ok(doc) => doc,
        Err(error) => {
            eprint!("{}", report::render(&[error], &name, &text));
            eprintln!("{name}: 1 error");
            return Ok(ExitCode::from(1));
        }
    };
    if large {
        eprintln!("parsed in {:.2} s; generating", started.elapsed().as_secs_f64());
    }
    // The parsed document is the largest thing in memory: let it go once lowered.
    let lowered = lower(&doc, &settings);
    drop(doc);
    let generated = match lowered.and_then(finish) {
        Ok(generated) => generated,
        Err(error) => {
            eprint!("{}", report::render(&error.diagnostics, &name, &text));
            let (errors, warnings) = count(&error.diagnostics);
            eprintln!("{name}: {errors} error(s), {warnings} warning(s)");
            return Ok(ExitCode::from(1));
        }
    };
    eprint!("{}", report::render(&generated.warnings, &name, &text));
    for (operation, why) in &generated.contract_exclusions {
        eprintln!("note: `{operation}` has no contract test: {why}");
    }
    if large {
        eprintln!(
            "generated {} operations in {:.2} s",
            generated.operations,
            started.elapsed().as_secs_f64()
        );
    }
    match command.as_str() {
        "check" => eprintln!("{}: ok, {} warning(s)", settings.source_name, generated.warnings.len()),
        "generate" => match out {
            Some(out) => {
                let runtime = match (runtime_path, runtime_version) {
                    (Some(_), Some(_)) => return Err("give --runtime-path or --runtime-version, not both".to_owned()),
                    (None, Some(version)) => RuntimeSource::Version(version),
                    (path, None) => RuntimeSource::Path(path.unwrap_or_else(default_runtime_path)),
                };
                for (path, contents) in crate_files(&generated, &settings, &runtime) {
                    let path = out.join(path);
                    if let Some(dir) = path.parent() {
                        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    }
                    std::fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
                }
                eprintln!("wrote the crate `{}` to {}", generated.module, out.display());
            }
            None => print!("{}", generated.code),
        },
        other => return Err(format!("unknown command `{other}`\n{USAGE}")),
    }
    Ok(ExitCode::SUCCESS)
}

/// The paging declarations of `--paginate`: a map of `operationId` to the object an
/// operation's `x-pagination` holds, as JSON or YAML (by the file's extension).
fn read_pagination(path: &Path) -> Result<BTreeMap<String, serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parsed = match Format::from_path(path) {
        Format::Json => serde_json::from_str(&text).map_err(|e| e.to_string()),
        Format::Yaml => serde_yaml::from_str(&text).map_err(|e| e.to_string()),
    };
    parsed.map_err(|e| format!("{}: not a map of operationId to x-pagination: {e}", path.display()))
}

/// This repository's runtime crate, where the binary was built from it.
fn default_runtime_path() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    path.canonicalize().unwrap_or(path).display().to_string()
}

fn count(diagnostics: &[openapi_client_codegen::Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

fn stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or("api").to_owned()
}
