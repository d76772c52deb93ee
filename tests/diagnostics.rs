//! A broken spec yields errors that say where the problem is, all of them at once, and
//! never a panic.

use openapi_client_codegen::{Format, GenerateError, LineColumn, Settings, Severity, generate_str};

fn errors_of(text: &str, format: Format) -> GenerateError {
    match generate_str(text, format, &Settings::new("broken", "broken.yaml")) {
        Ok(generated) => panic!("expected errors, generated:\n{}", generated.code),
        Err(error) => error,
    }
}

/// A valid document with `extra` appended under `components: schemas:`.
fn with_schemas(schemas: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}")
}

#[test]
fn dangling_ref_names_its_pointer() {
    let spec = with_schemas(
        "    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n",
    );
    let error = errors_of(&spec, Format::Yaml);
    let errors: Vec<_> = error.errors().collect();
    assert_eq!(errors.len(), 1, "{error}");
    assert_eq!(errors[0].pointer, "/components/schemas/A/properties/b/$ref");
    assert!(
        errors[0]
            .message
            .contains("`#/components/schemas/Missing` points to nothing"),
        "{error}"
    );
    let rendered = error.to_string();
    assert!(
        rendered.contains("error: `#/components/schemas/Missing` points to nothing"),
        "{rendered}"
    );
    assert!(
        rendered.contains("--> broken.yaml at #/components/schemas/A/properties/b/$ref"),
        "{rendered}"
    );
}

#[test]
fn bad_type_names_its_pointer() {
    let spec = with_schemas("    A:\n      type: object\n      properties:\n        b:\n          type: strin\n");
    let error = errors_of(&spec, Format::Yaml);
    let errors: Vec<_> = error.errors().collect();
    assert_eq!(errors.len(), 1, "{error}");
    assert_eq!(errors[0].pointer, "/components/schemas/A/properties/b/type", "{error}");
    assert!(errors[0].message.contains("`strin` is not a type"), "{error}");
}

#[test]
fn wrong_shape_deep_in_paths_names_its_pointer() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: 5\n          content: []\n";
    let error = errors_of(spec, Format::Yaml);
    assert_eq!(error.diagnostics[0].pointer, "/paths/~1a/get/responses/200", "{error}");
}

#[test]
fn invalid_yaml_has_line_and_column() {
    let error = errors_of("openapi: 3.0.3\ninfo:\n  title: [t\n  version: 1\n", Format::Yaml);
    let d = &error.diagnostics[0];
    assert!(d.message.starts_with("invalid YAML"), "{error}");
    assert!(matches!(d.location, Some(LineColumn { line: 4, .. })), "{error}");
    assert!(error.to_string().contains("--> broken.yaml:4:"), "{error}");
}

#[test]
fn invalid_json_has_line_and_column() {
    let error = errors_of("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {,}\n}", Format::Json);
    assert_eq!(
        error.diagnostics[0].location,
        Some(LineColumn { line: 3, column: 12 }),
        "{error}"
    );
}

#[test]
fn every_error_of_a_run_is_reported() {
    let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Nope'}
  /owners:
    get:
      parameters:
        - $ref: '#/components/parameters/Gone'
      responses:
        default: {$ref: 'other.yaml#/components/responses/X'}
components:
  schemas:
    Env:
      type: object
      x-envelope: {code: missing, success: 0}
      properties:
        a: {type: string}
    Loop:
      $ref: '#/components/schemas/Loop2'
    Loop2:
      type: array
      items: {$ref: '#/components/schemas/Bad'}
    Bad:
      type: object
      properties:
        x: {$ref: '#/paths/~1nowhere'}
";
    let error = errors_of(spec, Format::Yaml);
    let pointers: Vec<&str> = error.errors().map(|d| d.pointer.as_str()).collect();
    for expected in [
        "/components/schemas/Env/x-envelope",
        "/components/schemas/Bad/properties/x/$ref",
        "/paths/~1pets~1{id}/get",
        "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/$ref",
        "/paths/~1owners/get/parameters/0/$ref",
        "/paths/~1owners/get/responses/default/$ref",
    ] {
        assert!(pointers.contains(&expected), "missing {expected} in\n{error}");
    }
    assert_eq!(pointers.len(), 6, "{error}");
    let path_error = error
        .errors()
        .find(|d| d.pointer == "/paths/~1pets~1{id}/get")
        .expect("reported");
    assert!(path_error.message.contains("no path parameter `id`"), "{error}");
    let external = error
        .errors()
        .find(|d| d.pointer.ends_with("default/$ref"))
        .expect("reported");
    assert!(external.message.contains("points outside this document"), "{error}");
}

#[test]
fn ref_cycles_are_errors_not_hangs() {
    let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/parameters/A'
      responses:
        '204': {description: ok}
components:
  parameters:
    A: {$ref: '#/components/parameters/B'}
    B: {$ref: '#/components/parameters/A'}
";
    let error = errors_of(spec, Format::Yaml);
    assert!(error.errors().any(|d| d.message.contains("`$ref` cycle")), "{error}");
}

/// Build scripts run the generator unoptimized, where each recursive step costs several
/// times the stack of a release build: a chain of `$ref`s through pointers outside
/// `components` is followed in a loop, at any length.
#[test]
fn a_long_ref_chain_fits_on_the_stack_of_a_debug_build() {
    const LINKS: usize = 5_000;
    let mut chain = serde_json::Map::new();
    for i in 0..LINKS {
        chain.insert(
            format!("s{i}"),
            serde_json::json!({"$ref": format!("#/x-chain/s{}", i + 1)}),
        );
    }
    chain.insert(
        format!("s{LINKS}"),
        serde_json::json!({"type": "object", "properties": {"end": {"type": "string"}}}),
    );
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "x-chain": chain,
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/x-chain/s0"}}}}}}}}
    });
    // Run where the stack is that of a thread a build script would start with.
    let text = spec.to_string();
    let generated = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || generate_str(&text, Format::Json, &Settings::new("chain", "chain.json")))
        .expect("a thread")
        .join()
        .expect("no stack overflow")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.code.contains("pub struct S5000"), "{}", generated.code);
    assert!(
        generated
            .code
            .split_whitespace()
            .collect::<String>()
            .contains("Call<'_,types::S5000,serde_json::Value"),
        "{}",
        generated.code
    );
}

#[test]
fn a_ref_cycle_outside_components_is_an_error() {
    let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
x-a: {$ref: '#/x-b'}
x-b: {$ref: '#/x-a'}
paths:
  /a:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/x-a'}}}}
";
    let error = errors_of(spec, Format::Yaml);
    assert!(error.errors().any(|d| d.message.contains("`$ref` cycle")), "{error}");
}

#[test]
fn untypable_constructs_are_warnings_not_errors() {
    let spec = with_schemas("    A:\n      not: {type: string}\n");
    let generated = generate_str(&spec, Format::Yaml, &Settings::new("ok", "ok.yaml")).expect("generates");
    assert_eq!(generated.warnings.len(), 1);
    assert_eq!(generated.warnings[0].severity, Severity::Warning);
    assert_eq!(generated.warnings[0].pointer, "/components/schemas/A");
    assert!(
        generated.code.contains("pub type A = serde_json::Value;"),
        "{}",
        generated.code
    );
}

#[test]
fn unsupported_versions_and_non_documents_are_errors() {
    for (text, format, expected) in [
        ("", Format::Yaml, "not an object"),
        ("null", Format::Json, "not an object"),
        ("[1, 2]", Format::Json, "not an object"),
        ("just text", Format::Yaml, "not an object"),
        ("swagger: '2.0'", Format::Yaml, "Swagger 2.0"),
        ("openapi: 3.2.0", Format::Yaml, "3.2.0"),
        ("openapi: 3", Format::Yaml, "version string"),
        ("{\"openapi\": \"3.0.0\"}", Format::Json, "missing field `info`"),
        ("{\"openapi\": \"3.0.0\"", Format::Json, "invalid JSON"),
        ("a: b: c", Format::Yaml, "invalid YAML"),
    ] {
        let error = errors_of(text, format);
        assert!(
            error.to_string().contains(expected),
            "{text:?}: expected {expected:?} in\n{error}"
        );
    }
}

#[test]
fn deeply_nested_input_does_not_overflow_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = errors_of(&deep, Format::Json);
    assert!(error.to_string().contains("recursion limit"), "{error}");
    let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = errors_of(&deep, Format::Yaml);
    assert!(error.to_string().contains("invalid YAML"), "{error}");
}

#[test]
fn build_shell_reports_every_broken_spec() {
    let dir = std::env::temp_dir().join(format!("codegen-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("a.yaml"), "openapi: 3.0.3\ninfo: {title: [\n").expect("write");
    std::fs::write(dir.join("b.json"), "{\"swagger\": \"2.0\"}").expect("write");
    std::fs::write(dir.join("notes.txt"), "not a spec").expect("write");
    let files = openapi_client_codegen::build::spec_files(&dir).expect("listed");
    assert_eq!(files.len(), 2, "only .yaml/.yml/.json files are specs");
    // SAFETY: this test is the only one in this binary that touches OUT_DIR.
    unsafe { std::env::set_var("OUT_DIR", &dir) };
    let error = openapi_client_codegen::build::generate_specs(&dir)
        .unwrap_err()
        .to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        error.contains("a.yaml could not be generated") && error.contains("invalid YAML"),
        "{error}"
    );
    assert!(
        error.contains("b.json could not be generated") && error.contains("Swagger 2.0"),
        "{error}"
    );
}

#[test]
fn an_all_of_that_includes_itself_is_cut_off_with_a_warning_not_a_stack_overflow() {
    let spec = with_schemas(
        "    A:
      type: object
      properties:
        x:
          allOf:
            - $ref: '#/components/schemas/A'
            - type: object
              properties: {y: {type: string}}
",
    );
    let generated = generate_str(&spec, Format::Yaml, &Settings::new("ok", "ok.yaml")).expect("generates");
    let nesting: Vec<_> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("nest more than"))
        .collect();
    assert_eq!(nesting.len(), 1, "{:?}", generated.warnings);
    assert!(
        nesting[0].pointer.starts_with("/components/schemas/A/properties/x"),
        "{}",
        nesting[0].pointer
    );
}

#[test]
fn all_of_wrapping_one_ref_is_that_ref() {
    let spec = with_schemas(
        "    Node:
      type: object
      properties:
        parent:
          description: The parent node; allOf only adds this description.
          allOf:
            - $ref: '#/components/schemas/Node'
",
    );
    let generated = generate_str(&spec, Format::Yaml, &Settings::new("ok", "ok.yaml")).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert!(
        generated.code.contains("pub parent: Option<Box<Node>>"),
        "{}",
        generated.code
    );
}

/// The client's method names, in order.
fn method_names(spec: &str) -> Vec<String> {
    let generated = generate_str(spec, Format::Yaml, &Settings::new("n", "n.yaml")).expect("generates");
    // Operation methods are the ones that return a `Call`.
    generated
        .code
        .split("pub fn ")
        .skip(1)
        .filter(|item| {
            item.split('{')
                .next()
                .is_some_and(|signature| signature.contains("Call<"))
        })
        .map(|item| item.split('(').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn operations_without_an_id_get_stable_names() {
    let op = |id: &str| {
        if id.is_empty() {
            "{responses: {'204': {description: ok}}}".to_owned()
        } else {
            format!("{{operationId: {id}, responses: {{'204': {{description: ok}}}}}}")
        }
    };
    let spec = |paths: &[(&str, &str)]| {
        let mut text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n".to_owned();
        for (path, body) in paths {
            text.push_str(&format!("  {path}: {body}\n"));
        }
        text
    };
    let before = spec(&[
        (
            "/pets/{id}",
            &format!(
                "{{get: {}, parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]}}",
                op("")
            ),
        ),
        ("/pets", &format!("{{get: {}, post: {}}}", op(""), op("createPet"))),
    ]);
    assert_eq!(method_names(&before), ["get_pets_by_id", "get_pets", "create_pet"]);
    // New operations, before and between the old ones, with and without ids.
    let after = spec(&[
        ("/", &format!("{{get: {}}}", op(""))),
        ("/pets-by", &format!("{{get: {}}}", op(""))),
        (
            "/pets/{id}",
            &format!(
                "{{get: {}, delete: {}, parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]}}",
                op(""),
                op("removePet")
            ),
        ),
        ("/pets", &format!("{{get: {}, post: {}}}", op(""), op("createPet"))),
    ]);
    let names = method_names(&after);
    for old in ["get_pets_by_id", "get_pets", "create_pet"] {
        assert!(names.contains(&old.to_owned()), "{old} was renamed: {names:?}");
    }
    assert!(
        names.contains(&"get_root".to_owned()) && names.contains(&"remove_pet".to_owned()),
        "{names:?}"
    );
}
