//! Generates typed async Rust clients from OpenAPI 3.0 documents.
//!
//! The pipeline reads off the file list, one phase per module:
//!
//! 1. [`load`]: text (YAML or JSON) to an `openapiv3::OpenAPI` document;
//! 2. `lower`: the document to the IR (private), with every `$ref` resolved and every Rust
//!    name and encoding decided once (names by [`names`]);
//! 3. `emit`: the IR to tokens with `quote!`;
//! 4. `render`: tokens to formatted source with prettyplease, under an `@generated` header.
//!
//! [`generate`] is the pure core (document and settings in, source text out) that tests,
//! the command line and build scripts all call; [`lower`] and [`finish`] split it in two,
//! so a caller can drop the parsed document before rendering; [`build`] is the thin shell
//! that build scripts use to turn a directory of specs into files in `OUT_DIR`.
//!
//! Generation never panics on user input. Problems are [`Diagnostic`]s with a JSON pointer
//! into the spec (and a line and column where the parser gives one), and a run reports all
//! of them at once.
//!
//! ```
//! use openapi_client_codegen::{Format, Settings, generate_str};
//!
//! let spec = r#"
//! openapi: 3.0.3
//! info: {title: Pets, version: "1"}
//! servers: [{url: "https://pets.example"}]
//! paths:
//!   /pets:
//!     get:
//!       operationId: listPets
//!       responses:
//!         "200":
//!           description: The pets.
//!           content:
//!             application/json:
//!               schema: {type: array, items: {type: string}}
//! "#;
//! let generated = generate_str(spec, Format::Yaml, &Settings::new("pets", "pets.yaml")).unwrap();
//! assert!(generated.code.contains("pub fn list_pets("));
//! ```

// The public API is what build scripts and the command line need: `generate_str` and its
// settings, the build shell, reports, standalone crates, and the names the generated code
// claims. The IR and the phases behind it stay private, so they can change freely.
#![warn(missing_docs)]

pub mod build;
mod diagnostics;
mod emit;
mod ir;
pub mod load;
mod locate;
mod lower;
pub mod names;
mod normalize;
mod render;
#[doc(hidden)]
pub use render::Rendered;
pub mod report;
// Hidden: the malformed-spec catalogue checks the lines it finds; not an API.
#[doc(hidden)]
pub mod source_map;
pub mod standalone;

pub use diagnostics::{Diagnostic, GenerateError, LineColumn, Severity};
pub use load::{Document, Format};

/// What to generate, beyond the spec itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The Rust module the client is generated into (`sencloud`).
    pub module_name: String,
    /// How the spec is named in the `@generated` header and in diagnostics
    /// (`spec/sencloud.yaml`). Keep it free of machine-specific paths, so output is the
    /// same on every machine.
    pub source_name: String,
    /// The path generated code uses for the support crate.
    pub runtime_crate: String,
    /// Which operations get a method; all by default.
    pub operations: OperationFilter,
    /// Also writes a contract test per operation (`#[cfg(test)] mod contract_tests`):
    /// the operation called with example arguments against the server named by the
    /// environment, checking the request is accepted and the answer decodes. Off by default.
    pub contract_tests: bool,
    /// Paging for operations whose spec does not declare it, by `operationId`: the same
    /// object `x-pagination` holds (`{"style": "link"}`), for specs a user does not own.
    /// An operation's own `x-pagination` wins.
    pub pagination: std::collections::BTreeMap<String, serde_json::Value>,
    /// Compiles each group of operations (by first tag) only with the Cargo feature named
    /// after its module, and each type only when a group that needs it is on, so a user
    /// compiles only what they use. The crate's manifest must declare the features:
    /// [`standalone::crate_files`] writes them. Off by default.
    pub features: bool,
    /// Writes each group's module and the `types` module to a file of its own
    /// ([`Generated::files`]), for a standalone crate, whose `src/` holds them. Off by
    /// default: a build script's output is one file.
    pub module_files: bool,
}

impl Settings {
    /// Settings for module `module_name`, generated from the spec called `source_name`.
    pub fn new(module_name: impl Into<String>, source_name: impl Into<String>) -> Self {
        Self {
            module_name: module_name.into(),
            source_name: source_name.into(),
            runtime_crate: "openapi_client_runtime".into(),
            operations: OperationFilter::default(),
            contract_tests: false,
            pagination: std::collections::BTreeMap::new(),
            features: false,
            module_files: false,
        }
    }
}

/// Which operations of a spec are generated, by `operationId` and by tag. An operation is
/// generated when it is included (every one is, while both include lists are empty) and
/// not excluded. Types are generated whatever the filter, as operations share them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationFilter {
    /// `operationId`s to generate; empty means no restriction by id.
    pub include_operations: Vec<String>,
    /// Tags whose operations to generate; empty means no restriction by tag.
    pub include_tags: Vec<String>,
    /// `operationId`s never to generate.
    pub exclude_operations: Vec<String>,
    /// Tags whose operations are never generated.
    pub exclude_tags: Vec<String>,
}

impl OperationFilter {
    /// Whether the operation with `id` (its `operationId`, if any) and `tags` is generated.
    pub fn selects(&self, id: Option<&str>, tags: &[String]) -> bool {
        let listed = |list: &[String], id: Option<&str>| id.is_some_and(|id| list.iter().any(|x| x == id));
        let tagged = |list: &[String]| tags.iter().any(|t| list.contains(t));
        let included = (self.include_operations.is_empty() && self.include_tags.is_empty())
            || listed(&self.include_operations, id)
            || tagged(&self.include_tags);
        included && !listed(&self.exclude_operations, id) && !tagged(&self.exclude_tags)
    }
}

/// The generated source of one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// A Rust file holding one `pub mod` for the API.
    pub code: String,
    /// The name of that module: [`Settings::module_name`] made a legal snake-case
    /// identifier, decided once here (`PetStore` -> `pet_store`).
    pub module: String,
    /// What was approximated on the way.
    pub warnings: Vec<Diagnostic>,
    /// How many operations the client has.
    pub operations: usize,
    /// With contract tests: the operations left untested (`operationId`, or `METHOD
    /// /path`), each with why no valid example call could be built.
    pub contract_exclusions: Vec<(String, String)>,
    /// With [`Settings::features`]: the Cargo feature of each group of operations, in order.
    pub features: Vec<String>,
    /// With [`Settings::module_files`]: the files of the modules written apart from
    /// [`Generated::code`], as `(path relative to the crate's src/, contents)`.
    pub files: Vec<(String, String)>,
}

/// Generates the client for a parsed document: the pure core, phases 2 to 4 in a row.
pub fn generate(doc: &Document, settings: &Settings) -> Result<Generated, GenerateError> {
    finish(lower(doc, settings)?)
}

/// Phases 3 and 4: the IR to its [`Generated`] source.
pub fn finish(lowered: Lowered) -> Result<Generated, GenerateError> {
    let Rendered { code, files } = render(emit(&lowered), &lowered)?;
    Ok(Generated {
        code,
        files,
        module: lowered.api.module.clone(),
        operations: lowered.api.operations.len(),
        features: if lowered.api.features {
            let other = lowered.api.types.iter().any(|t| t.unreferenced);
            let groups = lowered.api.groups.iter().map(|g| g.module.clone());
            groups.chain(other.then(|| names::OTHER_TYPES.to_owned())).collect()
        } else {
            Vec::new()
        },
        contract_exclusions: lowered
            .api
            .operations
            .iter()
            .filter_map(|op| match &op.example {
                Some(Err(why)) => Some((op.id.clone(), why.clone())),
                _ => None,
            })
            .collect(),
        warnings: lowered.warnings,
    })
}

/// A document lowered to the IR: phase 2's output, which [`finish`] turns into source.
#[derive(Debug)]
pub struct Lowered {
    /// The API, every name decided.
    api: ir::Api,
    /// What loading and lowering approximated.
    pub warnings: Vec<Diagnostic>,
    runtime: String,
    source_name: String,
}

impl Lowered {
    /// How many operations get a method.
    pub fn operations(&self) -> usize {
        self.api.operations.len()
    }
}

/// Phase 2: resolves the document into the IR. Fails with every error found, warnings
/// after them.
pub fn lower(doc: &Document, settings: &Settings) -> Result<Lowered, GenerateError> {
    let fail = |diagnostics: Vec<Diagnostic>| GenerateError {
        source_name: settings.source_name.clone(),
        diagnostics,
    };
    syn::parse_str::<syn::Path>(&settings.runtime_crate).map_err(|_| {
        fail(vec![Diagnostic::error(
            "",
            format!("`{}` is not a Rust path for the runtime crate", settings.runtime_crate),
        )])
    })?;
    let settings = Settings {
        module_name: names::snake_name(&settings.module_name),
        ..settings.clone()
    };
    let (api, lowering) = lower::lower(doc, &settings);
    let mut diagnostics = doc.warnings.clone();
    diagnostics.extend(lowering);
    match api {
        Some(api) => Ok(Lowered {
            api,
            warnings: diagnostics,
            // Generated code names everything through the runtime's `__codegen` module.
            runtime: format!("{}::__codegen", settings.runtime_crate),
            source_name: settings.source_name,
        }),
        None => {
            diagnostics.sort_by_key(|d| d.severity);
            Err(fail(diagnostics))
        }
    }
}

/// A value for every schema of the document's responses and response headers, for a mock
/// server to answer with: the spec's example where it is valid, otherwise one synthesized
/// as contract tests synthesize their arguments (optional properties near the top filled
/// too, `writeOnly` ones left out). Keyed by the schema's JSON pointer through its operation
/// (`/paths/~1pets/get/responses/200/content/application~1json/schema`, or
/// `.../headers/X-Rate-Limit/schema`; a `$ref`'d response or header read as if it were
/// inline); `Err` says why no value could be made.
pub fn response_examples(doc: &Document) -> std::collections::BTreeMap<String, Result<serde_json::Value, String>> {
    lower::response_examples(doc)
}

/// The constant of the runtime that generated code requires. Hidden: for the test that
/// ties it to the runtime's version.
#[doc(hidden)]
pub fn emit_runtime_version_const() -> &'static str {
    emit::RUNTIME_VERSION_CONST
}

/// Phase 3 (hidden, with [`Emitted`] and [`render`]: only the generation benchmark times
/// emission apart from rendering): the IR as a tree of pieces of tokens, which [`render`] formats.
#[doc(hidden)]
pub fn emit(lowered: &Lowered) -> Emitted<'_> {
    Emitted(emit::api(&lowered.api))
}

/// A generated file as a tree of pieces, each of which yields its tokens when [`render`]
/// asks: tokens cannot cross threads, and emitting piece by piece on the threads that
/// format them keeps memory flat and every core busy.
#[derive(Debug)]
#[doc(hidden)]
pub struct Emitted<'a>(Vec<emit::Node<'a>>);

impl Emitted<'_> {
    /// Emits every piece on this thread and drops it; returns how many token trees there
    /// were. For benchmarks: the cost of emission alone, without rendering.
    pub fn emit_only(&self, lowered: &Lowered) -> usize {
        let Ok(runtime) = syn::parse_str::<syn::Path>(&lowered.runtime) else {
            return 0;
        };
        emit::count_tokens(&self.0, &runtime)
    }
}

/// Phase 4 (hidden, see [`emit`]): formats the tokens as source text under an `@generated` header.
#[doc(hidden)]
pub fn render(emitted: Emitted<'_>, lowered: &Lowered) -> Result<Rendered, GenerateError> {
    render::render(&emitted.0, &lowered.runtime, &lowered.source_name).map_err(|error| {
        let mut diagnostics = vec![error];
        diagnostics.extend(lowered.warnings.iter().cloned());
        GenerateError {
            source_name: lowered.source_name.clone(),
            diagnostics,
        }
    })
}

/// Parses `text` and generates its client.
///
/// The parsed document is dropped once lowered, before the largest allocations of
/// rendering: on GitHub's spec that halves peak memory.
pub fn generate_str(text: &str, format: Format, settings: &Settings) -> Result<Generated, GenerateError> {
    let doc = load::parse(text, format).map_err(|d| GenerateError {
        source_name: settings.source_name.clone(),
        diagnostics: vec![d],
    })?;
    let lowered = lower(&doc, settings)?;
    drop(doc);
    finish(lowered)
}
