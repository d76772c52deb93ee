//! The thin I/O shell for build scripts: spec files in, Rust files in `OUT_DIR` out.
//!
//! Everything else in this crate is pure; this module alone reads the environment and the
//! file system and talks to Cargo. It writes a file only when its content changed, so an
//! unchanged spec never makes Cargo recompile the crate that includes it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::GenerateError;
use crate::load::Format;
use crate::{OperationFilter, Settings, generate_str, names};

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
    /// Two specs would be generated into one module (`foo-bar.yaml` and `foo_bar.yaml`).
    SameModule {
        /// The module both map to.
        module: String,
        /// The specs, in the order they were given.
        specs: Vec<PathBuf>,
    },
    /// Warnings were found and [`Builder::warnings_as_errors`] is set.
    Warnings(Vec<GenerateError>),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            BuildError::NoOutDir => f.write_str("OUT_DIR is not set; run this from a Cargo build script"),
            BuildError::Spec(errors) | BuildError::Warnings(errors) => errors.iter().try_for_each(|e| write!(f, "{e}")),
            BuildError::SameModule { module, specs } => {
                let specs: Vec<String> = specs.iter().map(|s| s.display().to_string()).collect();
                write!(
                    f,
                    "{} would all be generated into the module `{module}`; rename one, or give it another module \
                     with `Builder::module_name`",
                    specs.join(" and ")
                )
            }
        }
    }
}

impl std::error::Error for BuildError {}

/// Configures code generation for a build script, as `prost_build::Config` does.
///
/// ```no_run
/// // build.rs
/// openapi_client_codegen::build::Builder::new()
///     .spec_dir("../spec")
///     .exclude_tags(["admin"])
///     .warnings_as_errors(true)
///     .generate()
///     .unwrap_or_else(|e| panic!("{e}"));
/// ```
///
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/openapi_clients.rs"));`, one line
/// that holds every spec's module, so adding a spec to the directory needs no other edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    spec_dirs: Vec<PathBuf>,
    specs: Vec<PathBuf>,
    modules: Vec<(PathBuf, String)>,
    runtime_crate: String,
    operations: OperationFilter,
    pagination: std::collections::BTreeMap<String, serde_json::Value>,
    contract_tests: bool,
    warnings_as_errors: bool,
    out_dir: Option<PathBuf>,
    index_file: String,
    cargo_instructions: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            spec_dirs: Vec::new(),
            specs: Vec::new(),
            modules: Vec::new(),
            runtime_crate: "openapi_client_runtime".to_owned(),
            operations: OperationFilter::default(),
            pagination: std::collections::BTreeMap::new(),
            contract_tests: false,
            warnings_as_errors: false,
            out_dir: None,
            index_file: INDEX_FILE.to_owned(),
            cargo_instructions: true,
        }
    }
}

/// The index file's default name in `OUT_DIR`.
pub const INDEX_FILE: &str = "openapi_clients.rs";

impl Builder {
    /// A builder with nothing to generate yet, and every default of [`Builder::default`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Generates every spec of `dir` (`*.yaml`, `*.yml`, `*.json`), each into the module
    /// named after its file's stem (`spec/pet-store.yaml` -> `pet_store`).
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.spec_dirs.push(dir.into());
        self
    }

    /// Generates the spec file `spec`.
    pub fn spec(mut self, spec: impl Into<PathBuf>) -> Self {
        self.specs.push(spec.into());
        self
    }

    /// Generates `spec` into the module `module` instead of one named after its file.
    pub fn module_name(mut self, spec: impl Into<PathBuf>, module: impl Into<String>) -> Self {
        self.modules.push((spec.into(), module.into()));
        self
    }

    /// The path generated code names the runtime crate by (`openapi_client_runtime`), for
    /// a crate that renames the dependency or re-exports it.
    pub fn runtime_crate(mut self, path: impl Into<String>) -> Self {
        self.runtime_crate = path.into();
        self
    }

    /// Generates only these `operationId`s (and those of [`Builder::include_tags`]).
    pub fn include_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.operations
            .include_operations
            .extend(ids.into_iter().map(Into::into));
        self
    }

    /// Generates only the operations with one of these tags (and those of
    /// [`Builder::include_operations`]).
    pub fn include_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.operations.include_tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Leaves out these `operationId`s.
    pub fn exclude_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.operations
            .exclude_operations
            .extend(ids.into_iter().map(Into::into));
        self
    }

    /// Leaves out the operations with one of these tags.
    pub fn exclude_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.operations.exclude_tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Pages the operation `operation_id` as `declaration` says: the object an operation's
    /// `x-pagination` holds (`{"style": "link"}`, `{"style": "cursor", "cursor": "after",
    /// "next": "meta.next"}`), for a spec you do not own. The operation gets a `stream`;
    /// its own `x-pagination` wins.
    pub fn paginate(mut self, operation_id: impl Into<String>, declaration: serde_json::Value) -> Self {
        self.pagination.insert(operation_id.into(), declaration);
        self
    }

    /// Also writes a contract test per operation into each module (`#[cfg(test)] mod
    /// contract_tests`, ignored unless run with `--ignored` and `<MODULE>_BASE_URL` set):
    /// the operation called with example arguments, checking the server accepts the
    /// request and the answer decodes.
    pub fn contract_tests(mut self, yes: bool) -> Self {
        self.contract_tests = yes;
        self
    }

    /// Fails the build on any warning (an approximated schema, an ignored extension).
    pub fn warnings_as_errors(mut self, yes: bool) -> Self {
        self.warnings_as_errors = yes;
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Names the index file ([`INDEX_FILE`] by default). The modules go into the directory
    /// beside it named after its stem (`openapi_clients/`), so builders with different
    /// index files can share one `OUT_DIR`.
    pub fn index_file(mut self, name: impl Into<String>) -> Self {
        self.index_file = name.into();
        self
    }

    /// Whether to print `cargo:rerun-if-changed` and `cargo:warning` lines (yes by
    /// default; no outside a build script).
    pub fn cargo_instructions(mut self, yes: bool) -> Self {
        self.cargo_instructions = yes;
        self
    }

    /// Generates every spec, writes each module and the index, and removes the modules of
    /// specs that are gone (those the previous index listed and this run did not write;
    /// no other file is ever removed). Returns the files of the modules, in the order the
    /// specs were found. Every spec is tried, so all their errors are reported together.
    pub fn generate(&self) -> Result<Vec<PathBuf>, BuildError> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => PathBuf::from(std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?),
        };
        let mut specs = Vec::new();
        for dir in &self.spec_dirs {
            self.cargo(&format!("rerun-if-changed={}", dir.display()));
            specs.extend(spec_files(dir)?);
        }
        specs.extend(self.specs.iter().cloned());
        let jobs: Vec<(PathBuf, Settings)> = specs
            .into_iter()
            .map(|spec| {
                let mut settings = settings_for(&spec);
                if let Some((_, module)) = self.modules.iter().rev().find(|(file, _)| *file == spec) {
                    settings.module_name = names::snake_name(module);
                }
                settings.runtime_crate = self.runtime_crate.clone();
                settings.operations = self.operations.clone();
                settings.contract_tests = self.contract_tests;
                settings.pagination = self.pagination.clone();
                (spec, settings)
            })
            .collect();
        check_modules(&jobs)?;
        let modules_name = Path::new(&self.index_file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("openapi_clients")
            .to_owned();
        let index_path = out_dir.join(&self.index_file);
        let modules_dir = out_dir.join(&modules_name);
        std::fs::create_dir_all(&modules_dir).map_err(|error| BuildError::Io {
            path: modules_dir.clone(),
            error,
        })?;
        let mut written = Vec::new();
        let (mut failures, mut warned) = (Vec::new(), Vec::new());
        for (spec, settings) in &jobs {
            self.cargo(&format!("rerun-if-changed={}", spec.display()));
            let text = std::fs::read_to_string(spec).map_err(|error| BuildError::Io {
                path: spec.clone(),
                error,
            })?;
            match generate_str(&text, Format::from_path(spec), settings) {
                Ok(generated) => {
                    for warning in &generated.warnings {
                        for line in warning.display_in(&settings.source_name).to_string().lines() {
                            self.cargo(&format!("warning={line}"));
                        }
                    }
                    if self.warnings_as_errors && !generated.warnings.is_empty() {
                        warned.push(GenerateError {
                            source_name: settings.source_name.clone(),
                            diagnostics: generated.warnings,
                        });
                        continue;
                    }
                    let out = modules_dir.join(format!("{}.rs", generated.module));
                    write_if_changed(&out, &generated.code)?;
                    written.push(out);
                }
                Err(error) => failures.push(error),
            }
        }
        if !failures.is_empty() {
            return Err(BuildError::Spec(failures));
        }
        if !warned.is_empty() {
            return Err(BuildError::Warnings(warned));
        }
        remove_stale(&index_path, &modules_dir, &written)?;
        // Paths relative to the index, which an `include!` of it resolves from its own place.
        let index: String = written
            .iter()
            .filter_map(|file| file.file_name()?.to_str())
            .map(|name| format!("include!(\"{modules_name}/{name}\");\n"))
            .collect();
        let header = "// @generated by openapi-client-codegen: one `include!` per spec.\n";
        write_if_changed(&index_path, &format!("{header}{index}"))?;
        Ok(written)
    }

    fn cargo(&self, instruction: &str) {
        if self.cargo_instructions {
            println!("cargo:{instruction}");
        }
    }
}

/// Fails when two specs map to one module, naming both.
fn check_modules(jobs: &[(PathBuf, Settings)]) -> Result<(), BuildError> {
    for (i, (_, settings)) in jobs.iter().enumerate() {
        let module = names::snake_name(&settings.module_name);
        let same: Vec<PathBuf> = jobs
            .iter()
            .filter(|(_, other)| names::snake_name(&other.module_name) == module)
            .map(|(spec, _)| spec.clone())
            .collect();
        if same.len() > 1 && jobs.iter().position(|(spec, _)| *spec == same[0]) == Some(i) {
            return Err(BuildError::SameModule { module, specs: same });
        }
    }
    Ok(())
}

/// Removes the modules the previous index at `index` listed that are not in `keep`: the
/// modules of specs that are gone. Only files this builder wrote are ever removed.
fn remove_stale(index: &Path, dir: &Path, keep: &[PathBuf]) -> Result<(), BuildError> {
    let Ok(previous) = std::fs::read_to_string(index) else {
        return Ok(());
    };
    let listed = previous.lines().filter_map(|line| {
        let file = line.strip_prefix("include!(\"")?.strip_suffix("\");")?;
        Path::new(file).file_name().map(|name| dir.join(name))
    });
    for path in listed {
        if !keep.contains(&path) && path.is_file() {
            std::fs::remove_file(&path).map_err(|error| BuildError::Io { path, error })?;
        }
    }
    Ok(())
}

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

/// Generates one module per spec of `spec_dir` into `OUT_DIR`, and the index file
/// [`INDEX_FILE`] that includes them all: [`Builder`] with every default.
///
/// Prints `cargo:rerun-if-changed` for the directory and each spec, and each warning as a
/// `cargo:warning`. Every spec is tried, so all their errors are reported together.
pub fn generate_specs(spec_dir: impl AsRef<Path>) -> Result<Vec<PathBuf>, BuildError> {
    Builder::new().spec_dir(spec_dir.as_ref()).generate()
}

/// Writes a crate's files (as [`crate::standalone::crate_files`] gives them) under `dir`,
/// each only when its text changed, and `lock` as its `Cargo.lock` when it has none, so
/// it builds with the dependency versions the caller's workspace pins.
pub fn write_crate(dir: &Path, files: Vec<(String, String)>, lock: Option<&[u8]>) -> Result<(), BuildError> {
    for (path, contents) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| BuildError::Io {
                path: parent.to_owned(),
                error,
            })?;
        }
        write_if_changed(&path, &contents)?;
    }
    if let Some(lock) = lock {
        let path = dir.join("Cargo.lock");
        if !path.exists() {
            std::fs::write(&path, lock).map_err(|error| BuildError::Io { path, error })?;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://t.example'}]
paths:
  /a: {get: {operationId: getA, tags: [a], responses: {'204': {description: ok}}}}
  /b: {get: {operationId: getB, tags: [b], responses: {'204': {description: ok}}}}
";

    /// A fresh directory under the system's temporary one.
    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-build-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).expect("temp dir");
        dir
    }

    fn builder(dir: &Path) -> Builder {
        Builder::new()
            .spec_dir(dir.join("spec"))
            .out_dir(dir.join("out"))
            .cargo_instructions(false)
    }

    #[test]
    fn the_index_includes_every_spec_and_a_removed_spec_leaves_nothing() {
        let dir = temp_dir("index");
        std::fs::create_dir_all(dir.join("out")).expect("out dir");
        std::fs::write(dir.join("spec/pet-store.yaml"), SPEC).expect("write");
        std::fs::write(
            dir.join("spec/zoo.json"),
            serde_json::to_string(&serde_yaml::from_str::<serde_json::Value>(SPEC).expect("yaml")).expect("json"),
        )
        .expect("write");
        builder(&dir).generate().expect("generates");
        let index = std::fs::read_to_string(dir.join("out").join(INDEX_FILE)).expect("an index");
        assert!(
            index.contains("include!(\"openapi_clients/pet_store.rs\");")
                && index.contains("include!(\"openapi_clients/zoo.rs\");"),
            "{index}"
        );
        // A file of the user's beside the modules is never removed.
        std::fs::write(dir.join("out/openapi_clients/mine.rs"), "// mine").expect("write");
        std::fs::remove_file(dir.join("spec/zoo.json")).expect("remove");
        let written = builder(&dir).generate().expect("generates");
        assert_eq!(written, [dir.join("out/openapi_clients/pet_store.rs")]);
        assert!(
            !dir.join("out/openapi_clients/zoo.rs").exists(),
            "the module of a removed spec is gone"
        );
        assert!(
            dir.join("out/openapi_clients/mine.rs").exists(),
            "only listed modules are removed"
        );
        // A second builder with its own index shares the directory without touching these.
        builder(&dir).index_file("other.rs").generate().expect("generates");
        assert!(dir.join("out/other/pet_store.rs").exists() && dir.join("out/openapi_clients/pet_store.rs").exists());
        let index = std::fs::read_to_string(dir.join("out").join(INDEX_FILE)).expect("an index");
        assert!(!index.contains("zoo"), "{index}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn two_specs_of_one_module_are_an_error_naming_both() {
        let dir = temp_dir("same");
        std::fs::write(dir.join("spec/foo-bar.yaml"), SPEC).expect("write");
        std::fs::write(dir.join("spec/foo_bar.yaml"), SPEC).expect("write");
        let error = builder(&dir).generate().expect_err("two specs, one module").to_string();
        assert!(
            error.contains("foo-bar.yaml") && error.contains("foo_bar.yaml") && error.contains("`foo_bar`"),
            "{error}"
        );
        // Giving one of them another module resolves it.
        builder(&dir)
            .module_name(dir.join("spec/foo-bar.yaml"), "FooBarV1")
            .generate()
            .expect("distinct modules");
        assert!(dir.join("out/openapi_clients/foo_bar_v1.rs").exists());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn filters_pick_operations_by_id_and_tag() {
        let dir = temp_dir("filters");
        std::fs::write(dir.join("spec/t.yaml"), SPEC).expect("write");
        let methods = |b: Builder| {
            let written = b.generate().expect("generates");
            let code = std::fs::read_to_string(&written[0]).expect("generated");
            ["get_a", "get_b"]
                .into_iter()
                .filter(|m| code.contains(&format!("pub fn {m}(")))
                .collect::<Vec<_>>()
        };
        assert_eq!(methods(builder(&dir)), ["get_a", "get_b"]);
        assert_eq!(methods(builder(&dir).include_tags(["b"])), ["get_b"]);
        assert_eq!(methods(builder(&dir).include_operations(["getA"])), ["get_a"]);
        assert_eq!(methods(builder(&dir).exclude_tags(["a"])), ["get_b"]);
        assert_eq!(
            methods(builder(&dir).include_tags(["a", "b"]).exclude_operations(["getB"])),
            ["get_a"]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_filter_drops_the_types_only_dropped_operations_need() {
        let dir = temp_dir("filter-types");
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://t.example'}]
paths:
  /a: {get: {operationId: getA, tags: [a], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/OfA'}}}}}}}
  /b: {get: {operationId: getB, tags: [b], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/OfB'}}}}}}}
components:
  schemas:
    OfA: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}}}
    OfB: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}, own: {$ref: '#/components/schemas/OnlyB'}}}
    Shared: {type: object, properties: {x: {type: string}}}
    OnlyB: {type: object, properties: {y: {type: string}}}
    Unused: {type: object, properties: {z: {type: string}}}
";
        std::fs::write(dir.join("spec/t.yaml"), spec).expect("write");
        let structs = |b: Builder| {
            let written = b.generate().expect("generates");
            let code = std::fs::read_to_string(&written[0]).expect("generated");
            ["OfA", "OfB", "Shared", "OnlyB", "Unused"]
                .into_iter()
                .filter(|t| code.contains(&format!("pub struct {t} {{")))
                .collect::<Vec<_>>()
        };
        assert_eq!(structs(builder(&dir)), ["OfA", "OfB", "Shared", "OnlyB", "Unused"]);
        assert_eq!(structs(builder(&dir).include_tags(["a"])), ["OfA", "Shared"]);
        assert_eq!(
            structs(builder(&dir).include_operations(["getB"])),
            ["OfB", "Shared", "OnlyB"]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn warnings_as_errors_fails_on_a_warning() {
        let dir = temp_dir("warnings");
        std::fs::write(dir.join("spec/t.yaml"), SPEC.replace("https://t.example", "/relative")).expect("write");
        builder(&dir).generate().expect("a warning alone passes");
        let error = builder(&dir)
            .warnings_as_errors(true)
            .generate()
            .expect_err("fails")
            .to_string();
        assert!(error.contains("not absolute"), "{error}");
        std::fs::remove_dir_all(&dir).ok();
    }

    /// Paging the build declares reaches the operation; for an `operationId` the spec does
    /// not have, it is a warning, not silence.
    #[test]
    fn paging_declared_by_the_build() {
        let dir = temp_dir("paginate");
        let spec = SPEC.replace(
            "/b: {get: {operationId: getB, tags: [b], responses: {'204': {description: ok}}}}",
            "/b: {get: {operationId: getB, tags: [b], responses: {'200': {description: ok, content: \
             {application/json: {schema: {type: array, items: {type: string}}}}}}}}",
        );
        std::fs::write(dir.join("spec/t.yaml"), spec).expect("write");
        let written = builder(&dir)
            .paginate("getB", serde_json::json!({"style": "link"}))
            .warnings_as_errors(true)
            .generate()
            .expect("generates");
        let code = std::fs::read_to_string(&written[0]).expect("generated");
        assert!(code.contains("pub fn stream("), "getB has a stream");
        let error = builder(&dir)
            .paginate("getC", serde_json::json!({"style": "link"}))
            .warnings_as_errors(true)
            .generate()
            .expect_err("a warning fails the build here")
            .to_string();
        assert!(
            error.contains("`getC`, but no operation has that operationId"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
