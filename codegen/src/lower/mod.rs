//! Phase 2: the parsed document to the [`ir::Api`](crate::ir::Api).
//!
//! Lowering resolves every `$ref`, decides every Rust name (through [`crate::names`]) and
//! every type, and gathers diagnostics rather than stopping at the first. Names are claimed
//! in a fixed order (component schemas in document order first, then security schemes,
//! then operations in document order, each claiming the inline types it needs), so the
//! output is the same on every run, and adding an inline type never renames a component.
//!
//! - `schema.rs`: schemas to types;
//! - `operation.rs`: paths, parameters, bodies and responses to operations;
//! - `params.rs`: parameters: how each is passed, encoded and checked;
//! - `paging.rs`: `x-pagination`, checked against an operation;
//! - `adapters.rs`: fields typed by an alias of a wire format that needs a serde adapter;
//! - `examples.rs`: example arguments for each operation's contract test;
//! - this file: the walk, security schemes, and `$ref` resolution.

mod adapters;
mod boxing;
mod dedup;
mod direction;
mod examples;
mod operation;
mod paging;
mod params;
mod schema;
mod usage;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use openapiv3::{ReferenceOr, SecurityScheme};
use serde::de::DeserializeOwned;

use crate::Settings;
use crate::diagnostics::{Diagnostic, percent_decode, pointer_push};
use crate::ir::{Api, CredentialDef, CredentialKind, TypeDef};
use crate::load::Document;
use crate::names::{self, Namespace};

/// Lowers a document. Returns the API when no error was found, and every diagnostic.
pub fn lower(doc: &Document, settings: &Settings) -> (Option<Api>, Vec<Diagnostic>) {
    let mut lowerer = Lowerer::new(doc, settings.operations.clone());
    lowerer.contract_tests = settings.contract_tests;
    lowerer.pagination_settings = settings.pagination.clone();
    let api = lowerer.api(settings);
    let has_errors = lowerer.diagnostics.iter().any(Diagnostic::is_error);
    (if has_errors { None } else { Some(api) }, lowerer.diagnostics)
}

/// A value for every schema of the document's responses and response headers, keyed by
/// the schema's location through its operation (`/paths/~1pets/get/responses/200/content/
/// application~1json/schema`, a `$ref`'d response read as if it were inline), for a mock
/// server to answer with: the spec's example where it is valid, otherwise synthesized as
/// contract-test arguments are. `Err` says why no value could be made.
pub fn response_examples(doc: &Document) -> std::collections::BTreeMap<String, Result<serde_json::Value, String>> {
    let mut lowerer = Lowerer::new(doc, crate::OperationFilter::default());
    lowerer.response_examples = true;
    lowerer.all_response_examples()
}

/// The state of one lowering run.
struct Lowerer<'a> {
    doc: &'a Document,
    /// Which operations get a method.
    filter: crate::OperationFilter,
    /// Paging declared by the build, by `operationId` (`x-pagination` wins).
    pagination_settings: std::collections::BTreeMap<String, serde_json::Value>,
    diagnostics: Vec<Diagnostic>,
    /// Names in the generated `types` module.
    type_names: Namespace,
    /// Component schema key -> Rust type name, assigned before any schema is lowered.
    component_names: HashMap<String, String>,
    /// Types in emit order; a slot is reserved when a name is claimed and filled once the
    /// type is lowered, so a type comes before the inline types it contains.
    types: Vec<Option<TypeDef>>,
    /// `$ref` targets outside `components/schemas`, by pointer, once lowered.
    pointer_types: HashMap<String, crate::ir::Ty>,
    /// Types that carry an `x-envelope` rule.
    envelopes: HashSet<String>,
    /// Integer enums, which are `Copy` and passed by value.
    int_enums: HashSet<String>,
    /// String enums, whose values are single pieces of text.
    string_enums: HashSet<String>,
    /// Aliases (`pub type PetId = i64;`) and what they stand for.
    aliases: HashMap<String, crate::ir::Ty>,
    /// How many named types are being lowered inside one another right now.
    nesting: usize,
    /// Whether operations get example calls, for contract tests.
    contract_tests: bool,
    /// Whether examples are synthesized for responses (a mock's answers) rather than for
    /// requests: `writeOnly` properties are left out instead of `readOnly` ones, and
    /// optional properties are filled near the top, so a client's decoding of them is tried.
    response_examples: bool,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a Document, filter: crate::OperationFilter) -> Self {
        Self {
            doc,
            filter,
            pagination_settings: std::collections::BTreeMap::new(),
            diagnostics: Vec::new(),
            type_names: Namespace::types(),
            component_names: HashMap::new(),
            types: Vec::new(),
            pointer_types: HashMap::new(),
            envelopes: HashSet::new(),
            int_enums: HashSet::new(),
            string_enums: HashSet::new(),
            aliases: HashMap::new(),
            nesting: 0,
            contract_tests: false,
            response_examples: false,
        }
    }

    fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(pointer, message));
    }

    fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(pointer, message));
    }

    fn api(&mut self, settings: &Settings) -> Api {
        let api = &self.doc.api;
        self.name_components();
        self.lower_components();
        // The client's own methods first, then credential setters, then operations.
        let mut method_names = Namespace::snake().reserve(names::CLIENT_METHODS);
        let credentials = self.credentials(&mut method_names);
        let (mut operations, groups) = self.operations(&credentials, &mut method_names);
        let mut types: Vec<TypeDef> = std::mem::take(&mut self.types).into_iter().flatten().collect();
        for (pointer, aliases) in boxing::alias_cycles(&types) {
            self.error(
                pointer,
                format!(
                    "alias cycle: these schemas only name one another, so none of them has a type: {}",
                    aliases.join(", ")
                ),
            );
        }
        self.adapt_aliased_fields(&mut types);
        dedup::merge_identical_inline(&mut types, &mut operations, &mut self.type_names);
        direction::relax_one_way_required(&mut types, &operations);
        direction::mark_constructors(&mut types, &operations);
        usage::mark_groups(
            &mut types,
            &operations,
            groups.len(),
            self.filter != crate::OperationFilter::default(),
        );
        if settings.features && !settings.contract_tests {
            direction::one_way_serde(&mut types, &operations);
        }
        boxing::box_recursive_fields(&mut types);
        boxing::box_large_fields(&mut types);
        Api {
            module: settings.module_name.clone(),
            title: api.info.title.clone(),
            version: api.info.version.clone(),
            description: api.info.description.clone(),
            default_base_url: self.default_base_url(),
            credentials,
            types,
            operations,
            groups,
            features: settings.features,
            module_files: settings.module_files,
        }
    }

    /// Claims a Rust name for every component schema, in document order.
    fn name_components(&mut self) {
        let Some(components) = &self.doc.api.components else {
            return;
        };
        for key in components.schemas.keys() {
            let name = self.type_names.claim(names::type_name(key));
            self.component_names.insert(key.clone(), name);
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.doc.api.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let pointer = pointer_push("/components/schemas", key);
            let name = self
                .component_names
                .get(key)
                .cloned()
                .unwrap_or_else(|| names::type_name(key));
            let slot = self.reserve_slot();
            self.define(slot, name, schema.into(), &pointer);
        }
    }

    fn reserve_slot(&mut self) -> usize {
        self.types.push(None);
        self.types.len() - 1
    }

    /// The first server's URL with its variables at their defaults, if absolute.
    fn default_base_url(&mut self) -> Option<String> {
        let server = self.doc.api.servers.first()?;
        let mut url = server.url.clone();
        if let Some(variables) = &server.variables {
            for (name, variable) in variables {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
        }
        let url = url.trim_end_matches('/').to_owned();
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url)
        } else {
            self.warning(
                "/servers/0/url",
                format!("the server URL {url:?} is not absolute; the client takes its base URL as an argument"),
            );
            None
        }
    }

    /// One credential per security scheme that the document or an operation requires.
    fn credentials(&mut self, method_names: &mut Namespace) -> Vec<CredentialDef> {
        let api = &self.doc.api;
        let mut used: Vec<&str> = Vec::new();
        let requirements = api.security.iter().flatten().chain(
            api.paths
                .paths
                .values()
                .filter_map(|p| p.as_item())
                .flat_map(|p| p.iter().map(|(_, op)| op))
                .flat_map(|op| op.security.iter().flatten()),
        );
        for requirement in requirements {
            for scheme in requirement.keys() {
                if !used.contains(&scheme.as_str()) {
                    used.push(scheme);
                }
            }
        }
        let mut fields = Namespace::snake().reserve(names::CLIENT_FIELDS);
        let mut credentials = Vec::new();
        for key in used {
            let pointer = pointer_push("/components/securitySchemes", key);
            let scheme = api.components.as_ref().and_then(|c| c.security_schemes.get(key));
            let Some(scheme) = scheme else {
                self.error(
                    "/security",
                    format!("security scheme `{key}` is not defined in components/securitySchemes"),
                );
                continue;
            };
            let Some(scheme) = self.resolve(scheme, "securitySchemes", &pointer) else {
                continue;
            };
            let (kind, description) = match scheme.as_ref() {
                SecurityScheme::HTTP {
                    scheme, description, ..
                } if scheme.eq_ignore_ascii_case("bearer") => (CredentialKind::Bearer, description.clone()),
                SecurityScheme::HTTP {
                    scheme, description, ..
                } if scheme.eq_ignore_ascii_case("basic") => (CredentialKind::Basic, description.clone()),
                // OAuth 2 access tokens travel as bearer tokens; with the client credentials
                // flow, the client can fetch them too.
                SecurityScheme::OAuth2 { flows, description, .. } => (
                    CredentialKind::OAuth2 {
                        token_url: flows.client_credentials.as_ref().map(|f| f.token_url.clone()),
                        // Claimed below, once the field's name is known.
                        grant_setter: None,
                    },
                    description.clone(),
                ),
                SecurityScheme::OpenIDConnect { description, .. } => (CredentialKind::Bearer, description.clone()),
                SecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Header,
                    name,
                    description,
                    ..
                } if is_header_name(name) => {
                    (
                        CredentialKind::Header {
                            name: name.clone(),
                            // Claimed below, once the field's name is known.
                            setter: String::new(),
                        },
                        description.clone(),
                    )
                }
                SecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Query,
                    name,
                    description,
                    ..
                } => (CredentialKind::Query { name: name.clone() }, description.clone()),
                SecurityScheme::APIKey { name, .. } if !is_header_name(name) => {
                    self.error(
                        pointer_push(&pointer, "name"),
                        format!("`{name}` is not a valid HTTP header name"),
                    );
                    continue;
                }
                other => {
                    let what = match other {
                        SecurityScheme::HTTP { scheme, .. } => {
                            format!("HTTP `{scheme}` authentication")
                        }
                        _ => "an API key in a cookie".to_owned(),
                    };
                    self.warning(
                        pointer,
                        format!("{what} is not supported yet; requests are sent without it"),
                    );
                    continue;
                }
            };
            let field = fields.claim(names::snake_name(key));
            let setter = method_names.claim(names::snake_name(&format!("with {field}")));
            let kind = match kind {
                CredentialKind::Header { name, .. } => CredentialKind::Header {
                    name,
                    setter: method_names.claim(names::snake_name(&format!("with {field} header"))),
                },
                CredentialKind::OAuth2 { token_url, .. } => CredentialKind::OAuth2 {
                    grant_setter: token_url
                        .as_ref()
                        .map(|_| method_names.claim(names::snake_name(&format!("with {field} client credentials")))),
                    token_url,
                },
                other => other,
            };
            // `new` takes what every call needs: the credentials of the document's one
            // security alternative. With alternatives, the caller picks one with the setters;
            // a user name and password, or a client id and secret, are set by setters too.
            let takes_one_secret = match &kind {
                CredentialKind::Basic => false,
                CredentialKind::OAuth2 { token_url, .. } => token_url.is_none(),
                _ => true,
            };
            let in_constructor = takes_one_secret
                && api
                    .security
                    .as_ref()
                    .is_some_and(|alternatives| alternatives.len() == 1 && alternatives[0].contains_key(key));
            credentials.push(CredentialDef {
                field,
                setter,
                scheme: key.to_owned(),
                description,
                kind,
                in_constructor,
            });
        }
        credentials
    }

    /// Resolves a `$ref` to a component of kind `kind` (`parameters`, `responses`, ...), or
    /// to any JSON pointer in the document. Reports dangling, external and cyclic references.
    fn resolve<'b, T>(&mut self, item: &'b ReferenceOr<T>, kind: &str, pointer: &str) -> Option<Cow<'b, T>>
    where
        T: Clone + DeserializeOwned,
        'a: 'b,
    {
        let mut current = match item {
            ReferenceOr::Item(item) => return Some(Cow::Borrowed(item)),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        let ref_pointer = pointer_push(pointer, "$ref");
        let mut seen = vec![current.clone()];
        loop {
            let target = self.lookup_pointer(&current, &ref_pointer)?;
            // A component that is itself a reference: follow it.
            if let Some(next) = target.get("$ref").and_then(|r| r.as_str()) {
                if seen.iter().any(|s| s == next) {
                    self.error(ref_pointer, format!("`$ref` cycle: {} -> {next}", seen.join(" -> ")));
                    return None;
                }
                seen.push(next.to_owned());
                current = next.to_owned();
                continue;
            }
            return match serde_path_to_error::deserialize::<_, T>(target) {
                Ok(value) => Some(Cow::Owned(value)),
                Err(e) => {
                    let what = kind.trim_end_matches('s');
                    self.error(
                        ref_pointer,
                        format!("`{current}` does not point to a valid {what}: {}", e.inner()),
                    );
                    None
                }
            };
        }
    }

    /// Finds the target of a local `$ref` in the raw document.
    fn lookup_pointer(&mut self, reference: &str, at: &str) -> Option<&'a serde_json::Value> {
        let Some(fragment) = reference.strip_prefix('#') else {
            self.error(
                at,
                format!("`{reference}` points outside this document; only local references (`#/...`) are supported"),
            );
            return None;
        };
        let decoded = percent_decode(fragment);
        match self.doc.raw.pointer(&decoded) {
            Some(value) => Some(value),
            None => {
                self.error(at, format!("`{reference}` points to nothing in this document"));
                None
            }
        }
    }
}

/// Whether `name` is a legal HTTP header name (an RFC 9110 token).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
