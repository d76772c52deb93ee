//! The thin I/O shell for build scripts: spec files in, Rust files in `OUT_DIR` out.
//!
//! Everything else in this crate is pure; this module alone reads the environment and the
//! file system and talks to Cargo. It writes a file only when its content changed, so an
//! unchanged spec never makes Cargo recompile the crate that includes it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::GenerateError;
use crate::load::Format;
use crate::{Settings, generate_str, names};

/// Why a build script could not generate its clients.
#[derive(Debug)]
pub enum BuildError {
    /// A file or directory could not be read or written.
    Io {
        /// The path involved.
        path: PathBuf,
        /// What the OS reported.
        error: std::io::Error,
    },
    /// `OUT_DIR` is not set: not running under Cargo.
    NoOutDir,
    /// One or more specs have errors; every one of them, with every error.
    Spec(Vec<GenerateError>),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            BuildError::NoOutDir => f.write_str("OUT_DIR is not set; run this from a Cargo build script"),
            BuildError::Spec(errors) => errors.iter().try_for_each(|e| write!(f, "{e}")),
        }
    }
}

impl std::error::Error for BuildError {}

/// The spec files of a directory: `*.yaml`, `*.yml` and `*.json`, sorted by name.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let io = |error| BuildError::Io {
        path: dir.to_owned(),
        error,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_spec = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"));
        if is_spec && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Generates one module per spec of `spec_dir` into `OUT_DIR/<module>.rs`, where `<module>`
/// is the file's stem in snake case (`sencloud.yaml` -> `sencloud.rs`, module `sencloud`).
///
/// Prints `cargo:rerun-if-changed` for the directory and each spec, and each warning as a
/// `cargo:warning`. Every spec is tried, so all their errors are reported together.
pub fn generate_specs(spec_dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, BuildError> {
    let spec_dir = spec_dir.as_ref();
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?);
    println!("cargo:rerun-if-changed={}", spec_dir.display());
    let mut written = Vec::new();
    let mut failures = Vec::new();
    for spec in spec_files(spec_dir)? {
        println!("cargo:rerun-if-changed={}", spec.display());
        let settings = settings_for(&spec);
        let text = std::fs::read_to_string(&spec).map_err(|error| BuildError::Io {
            path: spec.clone(),
            error,
        })?;
        match generate_str(&text, Format::from_path(&spec), &settings) {
            Ok(generated) => {
                for warning in &generated.warnings {
                    for line in warning.display_in(&settings.source_name).to_string().lines() {
                        println!("cargo:warning={line}");
                    }
                }
                let out = out_dir.join(format!("{}.rs", settings.module_name));
                write_if_changed(&out, &generated.code)?;
                written.push(out);
            }
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() {
        Ok(written)
    } else {
        Err(BuildError::Spec(failures))
    }
}

/// The settings a build script uses for a spec file: the module is the file's stem in snake
/// case, and the spec is named by its path as given. Tests call this too, so their
/// snapshots are exactly what builds compile.
pub fn settings_for(spec: &Path) -> Settings {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    Settings::new(names::snake_name(stem), spec.display().to_string().replace('\\', "/"))
}

/// Writes `contents` to `path` unless it already holds exactly that.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool, BuildError> {
    if std::fs::read(path).is_ok_and(|current| current == contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(path, contents).map_err(|error| BuildError::Io {
        path: path.to_owned(),
        error,
    })?;
    Ok(true)
}
