//! A validating mock of an OpenAPI document, the harness's second mock beside Prism: for
//! specs Prism does not load in time (Stripe's, GitHub's) and for answers Prism cannot
//! give (a response whose only example contradicts its schema, a media type its
//! generator cannot write).
//!
//! It does what a contract test needs of a server, and says so when it cannot:
//!
//! - **routes** a request to its operation (literal path segments win over templated ones);
//!   an unknown path or method is refused;
//! - **validates the request** against the spec with the `jsonschema` crate: security
//!   credentials present, required parameters present and every parameter's value
//!   (coerced from its text by its schema and style) valid, the body's media type declared
//!   and its content (JSON, a form, multipart parts) valid. What it finds is answered with
//!   400 and listed in `sl-violations` (the header Prism uses, which the runtime's contract
//!   checks read), each violation located `["request", <where>, <name>]`;
//! - **answers** with the status asked by `Prefer: code=N`, else the lowest success the
//!   operation declares, in a media type the request accepts, with a body synthesized by
//!   the generator ([`openapi_client_codegen::response_examples`]) and checked here against
//!   the spec's schema, and every declared response header;
//! - **owns its failures**: where it has no body to give, it answers 500 with an
//!   `x-mock-error` header saying why, which the contract checks count as the mock's, not
//!   the client's; where the only body it has breaks the schema (a `oneOf` whose
//!   alternatives overlap, so no value matches exactly one), it sends it with the breach
//!   in `sl-violations`, as Prism does with a spec's example.
//!
//! A mock serves one document on a free loopback port, and stops when dropped.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};
use jsonschema::{Draft, Registry, Validator};
use openapi_client_codegen::{Format, load};
use serde_json::{Map, Value, json};

use crate::schema::{Direction, json_schema_document, resolve, resolve_at};

/// The header a request's violations are listed in (Prism's name for it).
const VIOLATIONS: &str = "sl-violations";
/// The header that marks an answer as the mock's own failure.
pub const MOCK_ERROR: &str = "x-mock-error";
/// Where the document is registered for the validator's `$ref`s.
const BASE: &str = "https://mock.invalid/openapi.json";
/// The largest request body read.
const MAX_BODY: usize = 16 * 1024 * 1024;
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A mock serving one document; stopped when dropped.
pub struct Mock {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Mock {
    /// Serves the document in `text` on a free port of 127.0.0.1 (or `port`, when given).
    pub fn start(text: &str, format: Format, port: u16) -> Result<Mock, String> {
        let spec = Arc::new(Spec::read(text, format)?);
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen: {e}"))?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("mock".into())
            .spawn(move || serve(listener, spec, stopped))
            .map_err(|e| e.to_string())?;
        Ok(Mock {
            url: format!("http://{addr}"),
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The base URL the mock answers at.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(listener: std::net::TcpListener, spec: Arc<Spec>, stopped: tokio::sync::oneshot::Receiver<()>) {
    let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    else {
        return;
    };
    runtime.block_on(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        tokio::pin!(stopped);
        loop {
            let accepted = tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => accepted,
            };
            let Ok((stream, _)) = accepted else {
                continue;
            };
            let spec = spec.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let spec = spec.clone();
                    async move { Ok::<_, Infallible>(spec.answer(request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

/// One operation, as the mock routes and checks it.
struct Route {
    method: String,
    segments: Vec<Segment>,
    /// The operation's JSON pointer (`/paths/~1pets/get`).
    at: String,
    params: Vec<Param>,
    body: Option<(String, Value)>,
    security: Vec<Map<String, Value>>,
}

enum Segment {
    Literal(String),
    /// `{name}`, the whole segment.
    Param(String),
    /// A segment mixing text and templates (`{id}.json`).
    Pattern(fancy_regex::Regex, Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum In {
    Path,
    Query,
    Header,
    Cookie,
}

struct Param {
    name: String,
    location: In,
    required: bool,
    style: String,
    explode: bool,
    /// The pointer of its schema (of its `content`'s schema, read as JSON, when `json`).
    schema_at: Option<String>,
    json: bool,
}

/// A schema's validator, built once (`Err`: the schema does not compile, and is not checked).
type Compiled = Arc<Result<Validator, String>>;

/// The document, its routes, its validators and its answers.
struct Spec {
    /// The document as written (for types, styles and security).
    raw: Value,
    routes: Vec<Route>,
    /// Values for every response schema, by pointer.
    examples: std::collections::BTreeMap<String, Result<Value, String>>,
    requests: &'static Registry<'static>,
    responses: &'static Registry<'static>,
    draft: Draft,
    validators: Mutex<HashMap<(Direction, String), Compiled>>,
}

impl Spec {
    fn read(text: &str, format: Format) -> Result<Spec, String> {
        let doc = load::parse(text, format).map_err(|d| format!("the spec does not load: {}", d.message))?;
        let examples = openapi_client_codegen::response_examples(&doc);
        let raw: Value = match format {
            Format::Json => serde_json::from_str(text).map_err(|e| e.to_string())?,
            Format::Yaml => serde_yaml::from_str(text).map_err(|e| e.to_string())?,
        };
        let openapi_30 = raw["openapi"].as_str().is_some_and(|v| v.starts_with("3.0"));
        let draft = if openapi_30 { Draft::Draft4 } else { Draft::Draft202012 };
        // Prepared once and kept for the process: validators borrow them.
        let registry = |direction| -> Result<&'static Registry<'static>, String> {
            let document = json_schema_document(&raw, openapi_30, direction);
            let registry = Registry::new()
                .draft(draft)
                .add(BASE, draft.create_resource(document))
                .and_then(|r| r.prepare())
                .map_err(|e| format!("the document's schemas do not load: {e}"))?;
            Ok(Box::leak(Box::new(registry)))
        };
        let requests = registry(Direction::Request)?;
        let responses = registry(Direction::Response)?;
        let routes = routes(&raw);
        Ok(Spec {
            raw,
            routes,
            examples,
            requests,
            responses,
            draft,
            validators: Mutex::new(HashMap::new()),
        })
    }

    /// The validator of the schema at `pointer`, built once.
    fn validator(&self, direction: Direction, pointer: &str) -> Compiled {
        let key = (direction, pointer.to_owned());
        if let Some(v) = self.validators.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return v.clone();
        }
        let registry = match direction {
            Direction::Request => self.requests,
            Direction::Response => self.responses,
        };
        let reference = format!("{BASE}#{}", fragment(pointer));
        let built = jsonschema::options()
            .with_draft(self.draft)
            .with_registry(registry)
            .should_validate_formats(true)
            .build(&json!({ "$ref": reference }))
            .map_err(|e| format!("the schema at {pointer} does not compile: {e}"));
        let built = Arc::new(built);
        self.validators
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, built.clone());
        built
    }

    /// What is wrong with `value` for the schema at `pointer`, if anything.
    fn check(&self, direction: Direction, pointer: &str, value: &Value) -> Result<(), String> {
        match &*self.validator(direction, pointer) {
            Ok(validator) => {
                let errors: Vec<String> = validator
                    .iter_errors(value)
                    .take(3)
                    .map(|e| format!("{} at `{}`", e, e.instance_path()))
                    .collect();
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(errors.join("; "))
                }
            }
            // A schema the validator cannot read is not the request's fault.
            Err(_) => Ok(()),
        }
    }

    async fn answer(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let body = match http_body_util::Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) => return refuse(vec![violation(&["body"], format!("the body cannot be read: {e}"))]),
        };
        let path = parts.uri.path();
        let Some((route, path_values)) = self.route(parts.method.as_str(), path) else {
            let known = self.routes.iter().any(|r| match_path(&r.segments, path).is_some());
            let what = if known {
                format!("{} is not an operation of {path}", parts.method)
            } else {
                format!("no path of the spec matches {path}")
            };
            return refuse(vec![violation(&["path"], what)]);
        };
        let mut violations = self.check_security(route, &parts.headers, parts.uri.query());
        if !violations.is_empty() {
            let mut response = refuse(violations);
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            return response;
        }
        violations.extend(self.check_params(route, &path_values, parts.uri.query(), &parts.headers));
        violations.extend(self.check_body(route, &parts.headers, &body));
        if !violations.is_empty() {
            return refuse(violations);
        }
        self.respond(route, &parts.headers)
    }

    fn route(&self, method: &str, path: &str) -> Option<(&Route, Vec<(String, String)>)> {
        self.routes
            .iter()
            .filter(|r| r.method.eq_ignore_ascii_case(method))
            .filter_map(|r| match_path(&r.segments, path).map(|values| (r, values)))
            .max_by_key(|(r, _)| r.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count())
    }

    fn check_security(&self, route: &Route, headers: &HeaderMap, query: Option<&str>) -> Vec<Value> {
        if route.security.is_empty() {
            return Vec::new();
        }
        let schemes = &self.raw["components"]["securitySchemes"];
        let query: Vec<(String, String)> = query_pairs(query);
        let cookies = cookies(headers);
        let authorization = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let holds = |name: &str| {
            let scheme = resolve(&self.raw, &schemes[name]);
            match scheme["type"].as_str().unwrap_or_default() {
                "apiKey" => {
                    let key = scheme["name"].as_str().unwrap_or_default();
                    match scheme["in"].as_str().unwrap_or_default() {
                        "header" => headers.contains_key(key),
                        "query" => query.iter().any(|(k, _)| k == key),
                        "cookie" => cookies.iter().any(|(k, _)| k == key),
                        _ => true,
                    }
                }
                "http" => match scheme["scheme"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
                    .as_str()
                {
                    "basic" => authorization.starts_with("basic "),
                    "bearer" => authorization.starts_with("bearer "),
                    _ => !authorization.is_empty(),
                },
                "oauth2" | "openIdConnect" => !authorization.is_empty(),
                _ => true,
            }
        };
        if route
            .security
            .iter()
            .any(|requirement| requirement.keys().all(|name| holds(name)))
        {
            Vec::new()
        } else {
            vec![violation(
                &["security"],
                "the request carries none of the credentials the operation's security asks for".to_owned(),
            )]
        }
    }

    fn check_params(
        &self,
        route: &Route,
        path_values: &[(String, String)],
        query: Option<&str>,
        headers: &HeaderMap,
    ) -> Vec<Value> {
        let query = query_pairs(query);
        let cookies = cookies(headers);
        let mut violations = Vec::new();
        for param in &route.params {
            let (location, texts): (&str, Vec<String>) = match param.location {
                In::Path => (
                    "path",
                    path_values
                        .iter()
                        .filter(|(k, _)| *k == param.name)
                        .map(|(_, v)| v.clone())
                        .collect(),
                ),
                In::Query => (
                    "query",
                    query
                        .iter()
                        .filter(|(k, _)| *k == param.name || deep_key(k, &param.name).is_some())
                        .map(|(_, v)| v.clone())
                        .collect(),
                ),
                In::Header => (
                    "header",
                    headers
                        .get_all(param.name.as_str())
                        .iter()
                        .filter_map(|v| v.to_str().ok().map(str::to_owned))
                        .collect(),
                ),
                In::Cookie => (
                    "cookie",
                    cookies
                        .iter()
                        .filter(|(k, _)| *k == param.name)
                        .map(|(_, v)| v.clone())
                        .collect(),
                ),
            };
            if texts.is_empty() {
                // An exploded object in a form query has no entry of its own name.
                let spread = param.location == In::Query
                    && param.explode
                    && param.style == "form"
                    && self.param_kind(param) == Kind::Object;
                if param.required && !spread {
                    violations.push(violation(
                        &[location, &param.name],
                        format!("the required parameter `{}` is missing", param.name),
                    ));
                }
                continue;
            }
            let Some(schema_at) = &param.schema_at else {
                continue;
            };
            let value = if param.json {
                match serde_json::from_str(&texts[0]) {
                    Ok(value) => value,
                    Err(e) => {
                        violations.push(violation(
                            &[location, &param.name],
                            format!("`{}` is not JSON: {e}", texts[0]),
                        ));
                        continue;
                    }
                }
            } else if param.style == "deepObject" {
                let mut object = Map::new();
                for (key, text) in &query {
                    if let Some(property) = deep_key(key, &param.name) {
                        object.insert(property.to_owned(), Value::String(text.clone()));
                    }
                }
                Value::Object(object)
            } else {
                self.param_value(param, &texts)
            };
            if let Err(why) = self.check_coerced(Direction::Request, schema_at, value) {
                violations.push(violation(
                    &[location, &param.name],
                    format!("`{}`: {why}", texts.join(",")),
                ));
            }
        }
        violations
    }

    /// Checks a value read from text: as read, then with its strings read as numbers or
    /// booleans where the schema wants those (text carries no types).
    fn check_coerced(&self, direction: Direction, schema_at: &str, value: Value) -> Result<(), String> {
        let first = self.check(direction, schema_at, &value);
        if first.is_ok() {
            return first;
        }
        let schema = self.raw.pointer(schema_at).unwrap_or(&Value::Null);
        let coerced = self.coerce(schema, value, 0);
        self.check(direction, schema_at, &coerced)
    }

    /// Text read as the values `schema` wants: a number or boolean where the schema (or an
    /// alternative of it) wants one and no string, a list where it wants a list of a value
    /// given once, all the way down through properties and items.
    fn coerce(&self, schema: &Value, value: Value, depth: usize) -> Value {
        if depth > 32 {
            return value;
        }
        let schema = resolve(&self.raw, schema);
        let alternatives: Vec<&Value> = std::iter::once(schema)
            .chain(
                ["allOf", "anyOf", "oneOf"]
                    .iter()
                    .filter_map(|k| schema.get(*k).and_then(Value::as_array))
                    .flatten()
                    .map(|part| resolve(&self.raw, part)),
            )
            .collect();
        let types: Vec<&str> = alternatives
            .iter()
            .flat_map(|s| match &s["type"] {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            })
            .collect();
        let sub = |key: &str| alternatives.iter().find_map(|s| s.get(key));
        match value {
            Value::String(text) => {
                if types.contains(&"string") {
                    return Value::String(text);
                }
                if types.contains(&"array") {
                    let items = sub("items").unwrap_or(&Value::Null);
                    return Value::Array(vec![self.coerce(items, Value::String(text), depth + 1)]);
                }
                if (types.contains(&"integer") || types.contains(&"number")) && text.parse::<f64>().is_ok() {
                    if let Some(number) = coerce(Value::String(text.clone())).as_number() {
                        return Value::Number(number.clone());
                    }
                }
                match (types.contains(&"boolean"), text.as_str()) {
                    (true, "true") => Value::Bool(true),
                    (true, "false") => Value::Bool(false),
                    _ if types.contains(&"null") && text.is_empty() => Value::Null,
                    _ => Value::String(text),
                }
            }
            Value::Array(items) => {
                let item_schema = sub("items").unwrap_or(&Value::Null);
                Value::Array(
                    items
                        .into_iter()
                        .map(|i| self.coerce(item_schema, i, depth + 1))
                        .collect(),
                )
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let property = alternatives
                            .iter()
                            .find_map(|s| s.get("properties").and_then(|p| p.get(&k)))
                            .or_else(|| sub("additionalProperties").filter(|a| a.is_object()))
                            .unwrap_or(&Value::Null);
                        let v = self.coerce(property, v, depth + 1);
                        (k, v)
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    fn param_kind(&self, param: &Param) -> Kind {
        match &param.schema_at {
            Some(at) => kind(resolve(&self.raw, self.raw.pointer(at).unwrap_or(&Value::Null))),
            None => Kind::Other,
        }
    }

    /// A parameter's value as JSON, from the text of each of its occurrences.
    fn param_value(&self, param: &Param, texts: &[String]) -> Value {
        if self.param_kind(param) != Kind::Array {
            return Value::String(texts[0].clone());
        }
        let separator = match param.style.as_str() {
            "spaceDelimited" => ' ',
            "pipeDelimited" => '|',
            _ => ',',
        };
        let items: Vec<Value> = if param.location == In::Query && param.explode && param.style == "form" {
            texts.iter().cloned().map(Value::String).collect()
        } else {
            texts
                .iter()
                .flat_map(|t| t.split(separator))
                .filter(|t| !t.is_empty())
                .map(|t| Value::String(t.to_owned()))
                .collect()
        };
        Value::Array(items)
    }

    fn check_body(&self, route: &Route, headers: &HeaderMap, body: &Bytes) -> Vec<Value> {
        let Some((at, request_body)) = &route.body else {
            return Vec::new();
        };
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        // No bytes and no media type is no body; an empty form is a body.
        if body.is_empty() && content_type.is_empty() {
            return if request_body["required"] == json!(true) {
                vec![violation(&["body"], "the required body is missing".to_owned())]
            } else {
                Vec::new()
            };
        }
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let Some(content) = request_body["content"].as_object() else {
            return Vec::new();
        };
        let declared = content
            .keys()
            .find(|m| m.to_ascii_lowercase() == essence)
            .or_else(|| content.keys().find(|m| media_matches(m, &essence)));
        let Some(media) = declared else {
            return vec![violation(
                &["body"],
                format!(
                    "the body's media type `{essence}` is not one the operation takes ({})",
                    content.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            )];
        };
        if content[media].get("schema").is_none() {
            return Vec::new();
        }
        let schema_at = format!("{at}/content/{}/schema", escape(media));
        let value = if is_json(&essence) {
            match serde_json::from_slice::<Value>(body) {
                Ok(value) => value,
                Err(e) => return vec![violation(&["body"], format!("the body is not JSON: {e}"))],
            }
        } else if (essence == "application/x-www-form-urlencoded" || essence == "multipart/form-data")
            && kind(resolve(&self.raw, &content[media]["schema"])) != Kind::Object
        {
            // A form of something other than an object (Jira's multipart `array` of files)
            // has no fields to check by name.
            return Vec::new();
        } else if essence == "application/x-www-form-urlencoded" {
            self.form_value(&schema_at, form_urlencoded::parse(body).into_owned().collect())
        } else if essence == "multipart/form-data" {
            match multipart_fields(&content_type, body) {
                Some(fields) => self.form_value(&schema_at, fields),
                None => return vec![violation(&["body"], "the multipart body has no boundary".to_owned())],
            }
        } else {
            // Text and bytes: their schema describes the text, if anything.
            return Vec::new();
        };
        match self.check_coerced_object(&schema_at, value, !is_json(&essence)) {
            Ok(()) => Vec::new(),
            Err(why) => vec![violation(&["body"], why)],
        }
    }

    /// Form and multipart fields as an object: a field given more than once, or whose
    /// property is an array, is a list.
    fn form_value(&self, schema_at: &str, fields: Vec<(String, String)>) -> Value {
        let schema = resolve(&self.raw, self.raw.pointer(schema_at).unwrap_or(&Value::Null));
        let mut object = Map::new();
        let mut nested = Value::Object(Map::new());
        for (name, text) in fields {
            // `a[b][]=v` (deepObject, as Stripe's forms nest): a path into the value.
            if let Some(open) = name.find('[').filter(|&i| i > 0 && name.ends_with(']')) {
                let mut path = vec![name[..open].to_owned()];
                path.extend(name[open + 1..name.len() - 1].split("][").map(str::to_owned));
                insert_at(&mut nested, &path, Value::String(text));
                continue;
            }
            let property = resolve(&self.raw, &schema["properties"][&name]);
            // A property given as JSON text (multipart parts of objects) reads as JSON.
            let value = match kind(property) {
                Kind::Object => serde_json::from_str(&text).unwrap_or(Value::String(text)),
                _ => Value::String(text),
            };
            match object.get_mut(&name) {
                Some(Value::Array(items)) => items.push(value),
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, value]);
                }
                None if kind(property) == Kind::Array => {
                    object.insert(name, Value::Array(vec![value]));
                }
                None => {
                    object.insert(name, value);
                }
            }
        }
        if let Value::Object(nested) = lists_from_indexes(nested) {
            object.extend(nested);
        }
        Value::Object(object)
    }

    /// [`Self::check_coerced`] for a whole body, whose fields are text when `textual`.
    fn check_coerced_object(&self, schema_at: &str, value: Value, textual: bool) -> Result<(), String> {
        if textual {
            self.check_coerced(Direction::Request, schema_at, value)
        } else {
            self.check(Direction::Request, schema_at, &value)
        }
    }

    /// The answer of a request that passed its checks.
    fn respond(&self, route: &Route, headers: &HeaderMap) -> Response<Full<Bytes>> {
        let responses = &self.raw.pointer(&route.at).unwrap_or(&Value::Null)["responses"];
        let Some(responses) = responses.as_object() else {
            return mock_error("the operation declares no responses");
        };
        let asked = headers
            .get("prefer")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').find_map(|p| p.trim().strip_prefix("code=")))
            .and_then(|code| code.trim().parse::<u16>().ok());
        let chosen = match asked {
            Some(code) => [code.to_string(), format!("{}XX", code / 100), "default".to_owned()]
                .into_iter()
                .find_map(|key| {
                    responses
                        .keys()
                        .find(|k| k.eq_ignore_ascii_case(&key))
                        .map(|k| (code, k.clone()))
                }),
            None => {
                let mut codes: Vec<(u16, String)> = responses
                    .keys()
                    .filter_map(|k| {
                        let upper = k.to_ascii_uppercase();
                        match upper.strip_suffix("XX") {
                            Some(class) => class.parse::<u16>().ok().map(|c| (c * 100, k.clone())),
                            None => k.parse::<u16>().ok().map(|c| (c, k.clone())),
                        }
                    })
                    .collect();
                codes.sort();
                codes
                    .iter()
                    .find(|(c, _)| (200..300).contains(c))
                    .or_else(|| codes.first())
                    .cloned()
                    .or_else(|| responses.contains_key("default").then(|| (200, "default".to_owned())))
            }
        };
        let Some((code, key)) = chosen else {
            return mock_error(&format!(
                "no response is declared for the status asked ({})",
                asked.map(|c| c.to_string()).unwrap_or_default()
            ));
        };
        let response_at = format!("{}/responses/{}", route.at, escape(&key));
        let (_, response) = resolve_at(&self.raw, &responses[&key], &response_at);
        let status = StatusCode::from_u16(code).unwrap_or(StatusCode::OK);
        let mut builder = Response::builder().status(status);
        // Declared headers, with synthesized values.
        if let Some(declared) = response["headers"].as_object() {
            for name in declared.keys() {
                if matches!(
                    name.to_ascii_lowercase().as_str(),
                    "content-type" | "content-length" | "transfer-encoding" | "connection"
                ) {
                    continue;
                }
                let schema_at = format!("{response_at}/headers/{}/schema", escape(name));
                let Some(Ok(value)) = self.examples.get(&schema_at) else {
                    continue;
                };
                if let (Ok(name), Ok(value)) = (
                    HeaderName::from_bytes(name.as_bytes()),
                    HeaderValue::from_str(&header_text(value)),
                ) {
                    builder = builder.header(name, value);
                }
            }
        }
        let no_body = matches!(code, 204 | 205 | 304) || code < 200;
        let content = response["content"].as_object().filter(|c| !c.is_empty());
        let (Some(content), false) = (content, no_body) else {
            return builder
                .body(Full::new(Bytes::new()))
                .unwrap_or_else(|_| mock_error("bad header"));
        };
        let accept = headers
            .get("accept")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("*/*")
            .to_ascii_lowercase();
        let accepted: Vec<&str> = accept
            .split(',')
            .map(|r| r.split(';').next().unwrap_or_default().trim())
            .collect();
        let mut medias: Vec<&String> = content.keys().collect();
        medias.sort_by_key(|m| !is_json(&m.to_ascii_lowercase()));
        let Some(media) = medias
            .iter()
            .find(|m| accepted.iter().any(|a| media_matches(a, &m.to_ascii_lowercase())))
            .or_else(|| medias.first())
        else {
            return mock_error("no media type to answer in");
        };
        if content[media.as_str()].get("schema").is_none() {
            return builder
                .header("content-type", concrete(media, false))
                .body(Full::new(Bytes::from_static(b"example")))
                .unwrap_or_else(|_| mock_error("bad header"));
        }
        let schema_at = format!("{response_at}/content/{}/schema", escape(media));
        let value = match self.examples.get(&schema_at) {
            Some(Ok(value)) => value,
            Some(Err(why)) => return mock_error(&format!("no value could be made for {schema_at}: {why}")),
            None => return mock_error(&format!("no value was made for {schema_at}")),
        };
        let media_lower = media.to_ascii_lowercase();
        let bytes = if is_json(&media_lower) || media_lower == "*/*" && !value.is_string() {
            // An answer that breaks its schema (a `oneOf` no value matches only one
            // alternative of) is sent all the same, with what it breaks said in
            // `sl-violations`, as Prism does with a spec's example: a client that reads it
            // passes, with a note; one that does not fails as the spec's contradiction.
            if let Err(why) = self.check(Direction::Response, &schema_at, value) {
                let list = json!([{
                    "location": ["response", "body"],
                    "severity": "Error",
                    "message": format!("the answer breaks the schema at {schema_at}: {why}"),
                }]);
                builder = builder.header(VIOLATIONS, header_safe(&list.to_string()));
            }
            serde_json::to_vec(value).unwrap_or_default()
        } else {
            match value {
                Value::String(text) => text.clone().into_bytes(),
                other => other.to_string().into_bytes(),
            }
        };
        builder
            .header("content-type", concrete(media, !value.is_string()))
            .body(Full::new(Bytes::from(bytes)))
            .unwrap_or_else(|_| mock_error("bad header"))
    }
}

/// Every operation of the document, with what routing and checking need.
fn routes(raw: &Value) -> Vec<Route> {
    let mut routes = Vec::new();
    let Some(paths) = raw["paths"].as_object() else {
        return routes;
    };
    let global_security = raw.get("security").and_then(Value::as_array);
    for (path, item) in paths {
        let item_at = format!("/paths/{}", escape(path));
        let (item_at, item) = resolve_at(raw, item, &item_at);
        let shared = item.get("parameters").and_then(Value::as_array);
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let at = format!("{item_at}/{method}");
            let mut params: Vec<Param> = Vec::new();
            let own = operation.get("parameters").and_then(Value::as_array);
            // The operation's own parameters override the path item's of the same name and place.
            for (list, list_at) in [
                (own, format!("{at}/parameters")),
                (shared, format!("{item_at}/parameters")),
            ] {
                for (i, p) in list.into_iter().flatten().enumerate() {
                    let (p_at, p) = resolve_at(raw, p, &format!("{list_at}/{i}"));
                    if let Some(param) = param(p, &p_at) {
                        if !params
                            .iter()
                            .any(|q| q.name == param.name && q.location == param.location)
                        {
                            params.push(param);
                        }
                    }
                }
            }
            let body = operation
                .get("requestBody")
                .map(|b| resolve_at(raw, b, &format!("{at}/requestBody")))
                .map(|(b_at, b)| (b_at, b.clone()));
            let security = operation
                .get("security")
                .and_then(Value::as_array)
                .or(global_security)
                .map(|list| list.iter().filter_map(|r| r.as_object().cloned()).collect())
                .unwrap_or_default();
            routes.push(Route {
                method: method.to_ascii_uppercase(),
                segments: segments(path),
                at,
                params,
                body,
                security,
            });
        }
    }
    routes
}

fn param(p: &Value, at: &str) -> Option<Param> {
    let name = p["name"].as_str()?.to_owned();
    let location = match p["in"].as_str()? {
        "path" => In::Path,
        "query" => In::Query,
        "header" => In::Header,
        "cookie" => In::Cookie,
        _ => return None,
    };
    let default_style = match location {
        In::Query | In::Cookie => "form",
        In::Path | In::Header => "simple",
    };
    let style = p["style"].as_str().unwrap_or(default_style).to_owned();
    let explode = p["explode"].as_bool().unwrap_or(style == "form");
    let (schema_at, json) = if p.get("schema").is_some() {
        (Some(format!("{at}/schema")), false)
    } else if let Some((media, content)) = p["content"].as_object().and_then(|c| c.iter().next()) {
        let json = is_json(&media.to_ascii_lowercase());
        let schema = content
            .get("schema")
            .map(|_| format!("{at}/content/{}/schema", escape(media)));
        (schema.filter(|_| json), json)
    } else {
        (None, false)
    };
    Some(Param {
        name,
        location,
        required: p["required"] == json!(true) || location == In::Path,
        style,
        explode,
        schema_at,
        json,
    })
}

fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .map(|segment| {
            if !segment.contains('{') {
                return Segment::Literal(segment.to_owned());
            }
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                if !name.contains(['{', '}']) {
                    return Segment::Param(name.to_owned());
                }
            }
            let mut pattern = String::from("^");
            let mut names = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                pattern.push_str(&fancy_regex::escape(&rest[..open]));
                let Some(close) = rest[open..].find('}') else {
                    break;
                };
                names.push(rest[open + 1..open + close].to_owned());
                pattern.push_str("(.+?)");
                rest = &rest[open + close + 1..];
            }
            pattern.push_str(&fancy_regex::escape(rest));
            pattern.push('$');
            match fancy_regex::Regex::new(&pattern) {
                Ok(regex) => Segment::Pattern(regex, names),
                Err(_) => Segment::Literal(segment.to_owned()),
            }
        })
        .collect()
}

/// The path parameters' values when `path` matches `segments`.
fn match_path(segments: &[Segment], path: &str) -> Option<Vec<(String, String)>> {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut values = Vec::new();
    for (segment, part) in segments.iter().zip(parts) {
        let decoded = percent_encoding::percent_decode_str(part)
            .decode_utf8_lossy()
            .into_owned();
        match segment {
            Segment::Literal(text) => {
                if *text != decoded && *text != part {
                    return None;
                }
            }
            Segment::Param(name) => {
                if decoded.is_empty() {
                    return None;
                }
                values.push((name.clone(), decoded));
            }
            Segment::Pattern(regex, names) => {
                let captures = regex.captures(&decoded).ok()??;
                for (i, name) in names.iter().enumerate() {
                    values.push((name.clone(), captures.get(i + 1)?.as_str().to_owned()));
                }
            }
        }
    }
    Some(values)
}

/// What a schema's values are, as far as reading them from text needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Array,
    Object,
    Other,
}

fn kind(schema: &Value) -> Kind {
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"array") || schema.get("items").is_some() && types.is_empty() {
        Kind::Array
    } else if types.contains(&"object") || types.is_empty() && schema.get("properties").is_some() {
        Kind::Object
    } else {
        Kind::Other
    }
}

/// Strings read as the numbers, booleans or nulls they spell, all the way down.
fn coerce(value: Value) -> Value {
    match value {
        Value::String(text) => match text.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => text
                .parse::<i64>()
                .map(Value::from)
                .ok()
                .or_else(|| {
                    text.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number))
                })
                .unwrap_or(Value::String(text)),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(coerce).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, coerce(v))).collect()),
        other => other,
    }
}

/// Sets `leaf` at `path` in `node`: a segment names a property, an empty one (`a[]`)
/// appends to a list (a new item when the last one already has the next key).
fn insert_at(node: &mut Value, path: &[String], leaf: Value) {
    let Some((segment, rest)) = path.split_first() else {
        match node {
            Value::Array(items) => items.push(leaf),
            Value::Null => *node = leaf,
            Value::Object(map) if map.is_empty() => *node = leaf,
            other => {
                let first = other.take();
                *other = Value::Array(vec![first, leaf]);
            }
        }
        return;
    };
    if segment.is_empty() {
        if !node.is_array() {
            *node = Value::Array(Vec::new());
        }
        let Value::Array(items) = node else {
            return;
        };
        match rest.first() {
            None => items.push(leaf),
            Some(next) => {
                let fresh = items.last().is_none_or(|last| last.get(next).is_some());
                if fresh {
                    items.push(Value::Object(Map::new()));
                }
                if let Some(last) = items.last_mut() {
                    insert_at(last, rest, leaf);
                }
            }
        }
        return;
    }
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    if let Value::Object(map) = node {
        let child = map.entry(segment.clone()).or_insert(Value::Null);
        insert_at(child, rest, leaf);
    }
}

/// Objects whose keys are all indexes (`a[0][x]`, `a[1][x]`) as the lists they stand for.
fn lists_from_indexes(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let indexed = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
            let mut entries: Vec<(String, Value)> = map.into_iter().map(|(k, v)| (k, lists_from_indexes(v))).collect();
            if indexed {
                entries.sort_by_key(|(k, _)| k.parse::<usize>().unwrap_or(usize::MAX));
                Value::Array(entries.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(entries.into_iter().collect())
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(lists_from_indexes).collect()),
        other => other,
    }
}

/// `name[property]` -> `property`.
fn deep_key<'k>(key: &'k str, name: &str) -> Option<&'k str> {
    key.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')
}

fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

fn cookies(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            Some((k.to_owned(), v.to_owned()))
        })
        .collect()
}

/// The fields of a multipart body: each part's name and its content as text (`None`
/// without a boundary to split it by).
fn multipart_fields(content_type: &str, body: &[u8]) -> Option<Vec<(String, String)>> {
    let boundary = content_type.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("boundary=")
            .map(|b| b.trim_matches('"').to_owned())
    })?;
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut fields = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let (head, content) = part.split_once("\r\n\r\n")?;
        let name = head.lines().find_map(|line| {
            let lower = line.to_ascii_lowercase();
            lower.starts_with("content-disposition:").then_some(())?;
            let start = line.find("name=\"")? + 6;
            let end = line[start..].find('"')? + start;
            Some(line[start..end].to_owned())
        })?;
        fields.push((name, content.strip_suffix("\r\n").unwrap_or(content).to_owned()));
    }
    Some(fields)
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json") || media.starts_with("application/json;")
}

/// Whether the media range `range` (`*/*`, `text/*`, `application/json`) covers `media`.
fn media_matches(range: &str, media: &str) -> bool {
    let range = range.to_ascii_lowercase();
    let media = media.to_ascii_lowercase();
    range == "*/*"
        || media == "*/*"
        || range == media
        || range
            .strip_suffix("/*")
            .is_some_and(|kind| media.split('/').next() == Some(kind))
        || media
            .strip_suffix("/*")
            .is_some_and(|kind| range.split('/').next() == Some(kind))
}

/// A content type to answer with for a declared media range.
fn concrete(media: &str, structured: bool) -> String {
    match media {
        "*/*" if structured => "application/json".to_owned(),
        "*/*" => "application/octet-stream".to_owned(),
        m if m.ends_with("/*") => format!("{}/plain", m.trim_end_matches("/*")),
        m => m.to_owned(),
    }
}

/// A header's value as text: strings as they are, lists joined by commas.
fn header_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(header_text).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), header_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

/// A JSON pointer token (`/` and `~` escaped).
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A JSON pointer as a URI fragment.
fn fragment(pointer: &str) -> String {
    const FRAGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'[')
        .add(b'\\')
        .add(b']')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    percent_encoding::utf8_percent_encode(pointer, FRAGMENT).to_string()
}

fn violation(location: &[&str], message: String) -> Value {
    let mut at = vec!["request"];
    at.extend_from_slice(location);
    json!({"location": at, "severity": "Error", "message": message})
}

/// A refused request: 400, its violations in [`VIOLATIONS`] and in the body.
fn refuse(violations: Vec<Value>) -> Response<Full<Bytes>> {
    let list = Value::Array(violations);
    Response::builder()
        .status(StatusCode::BAD_REQUEST)
        .header("content-type", "application/json")
        .header(VIOLATIONS, header_safe(&list.to_string()))
        .body(Full::new(Bytes::from(
            json!({"title": "Invalid request", "violations": list}).to_string(),
        )))
        .unwrap_or_else(|_| mock_error("bad violations"))
}

/// The mock's own failure: 500 with [`MOCK_ERROR`] saying why.
fn mock_error(why: &str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(
        json!({"title": "The mock cannot answer", "detail": why}).to_string(),
    )));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(MOCK_ERROR, header_safe(&short(why)));
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    response
}

/// Text as a header value: control characters and non-ASCII replaced.
fn header_safe(text: &str) -> HeaderValue {
    let clean: String = text
        .chars()
        .map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' })
        .collect();
    HeaderValue::from_str(&clean).unwrap_or_else(|_| HeaderValue::from_static("?"))
}

fn short(text: &str) -> String {
    match text.char_indices().nth(600) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
