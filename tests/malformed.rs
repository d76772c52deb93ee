//! A catalogue of malformed specs: each must yield its documented message at its
//! location, never a panic, and the rendered report must show the source line.
//!
//! Every case is a small document; `H` is a valid head that cases extend.

use openapi_client_codegen::{Format, Settings, Severity, generate_str, report};

/// A valid document head with empty paths and components, for cases to extend.
const H: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

struct Case {
    name: &'static str,
    text: String,
    format: Format,
    /// A piece of the message of the first diagnostic of `severity`.
    message: &'static str,
    /// Its JSON pointer.
    pointer: &'static str,
    /// Its line, where the case pins one down.
    line: Option<usize>,
    severity: Severity,
}

fn yaml(name: &'static str, text: &str, message: &'static str, pointer: &'static str, line: Option<usize>) -> Case {
    Case {
        name,
        text: text.to_owned(),
        format: Format::Yaml,
        message,
        pointer,
        line,
        severity: Severity::Error,
    }
}

fn json(name: &'static str, text: &str, message: &'static str, pointer: &'static str, line: Option<usize>) -> Case {
    Case {
        format: Format::Json,
        ..yaml(name, text, message, pointer, line)
    }
}

fn warn(case: Case) -> Case {
    Case {
        severity: Severity::Warning,
        ..case
    }
}

fn with(body: &str) -> String {
    format!("{H}{body}")
}

fn schemas(body: &str) -> String {
    with(&format!("paths: {{}}\ncomponents:\n  schemas:\n{body}"))
}

fn op(operation: &str) -> String {
    with(&format!("paths:\n  /a:\n    get:\n{operation}"))
}

fn catalogue() -> Vec<Case> {
    let ok = "      responses: {'204': {description: ok}}\n";
    vec![
        // Syntax
        yaml(
            "unclosed flow sequence",
            "openapi: 3.0.3\ninfo: [\n",
            "invalid YAML",
            "",
            Some(3),
        ),
        yaml(
            "tab indentation",
            "openapi: 3.0.3\ninfo:\n\ttitle: t\n",
            "invalid YAML",
            "",
            Some(3),
        ),
        yaml(
            "duplicate key",
            "openapi: 3.0.3\nopenapi: 3.0.3\n",
            "`openapi` appears twice",
            "/openapi",
            Some(2),
        ),
        yaml(
            "mapping value in a scalar",
            "openapi: 3.0.3\ninfo: a: b\n",
            "invalid YAML",
            "",
            Some(2),
        ),
        yaml(
            "deeply nested",
            &format!("a: {}", "[".repeat(5000)),
            "nested deeper than",
            "",
            Some(1),
        ),
        json(
            "trailing comma",
            "{\"openapi\": \"3.0.3\",}",
            "invalid JSON",
            "",
            Some(1),
        ),
        json(
            "unterminated string",
            "{\"openapi\": \"3.0.3}",
            "invalid JSON",
            "",
            Some(1),
        ),
        json("not json at all", "openapi: 3.0.3", "invalid JSON", "", Some(1)),
        // Not an OpenAPI 3 document
        yaml("empty document", "", "not an object", "", None),
        yaml("a list", "- a\n- b\n", "not an object", "", None),
        yaml("swagger 2", "swagger: '2.0'\n", "Swagger 2.0", "/swagger", Some(1)),
        yaml(
            "openapi 3.2",
            "openapi: 3.2.0\n",
            "3.2.0 is not supported",
            "/openapi",
            Some(1),
        ),
        yaml(
            "numeric version",
            "openapi: 3.0\n",
            "version string",
            "/openapi",
            Some(1),
        ),
        yaml(
            "no info",
            "openapi: 3.0.3\npaths: {}\n",
            "missing field `info`",
            "",
            None,
        ),
        // Wrong types
        yaml(
            "paths is a list",
            &with("paths: []\n"),
            "not a valid OpenAPI 3.0 document",
            "/paths",
            Some(3),
        ),
        yaml(
            "responses is a number",
            &op("      responses: 7\n"),
            "not a valid OpenAPI 3.0 document",
            "/paths/~1a/get/responses",
            Some(6),
        ),
        yaml(
            "content is a list",
            &op("      responses:\n        '200': {description: d, content: []}\n"),
            "not a valid OpenAPI 3.0 document",
            "/paths/~1a/get/responses/200",
            Some(7),
        ),
        yaml(
            "parameter without in",
            &op(&format!(
                "      parameters: [{{name: q, schema: {{type: string}}}}]\n{ok}"
            )),
            "not a valid OpenAPI 3.0 document",
            "/paths/~1a/get/parameters/0",
            Some(6),
        ),
        yaml(
            "unknown schema type",
            &schemas("    A: {type: strng}\n"),
            "`strng` is not a type",
            "/components/schemas/A/type",
            Some(6),
        ),
        yaml(
            "properties is a list",
            &schemas("    A: {type: object, properties: [a]}\n"),
            "not a valid OpenAPI 3.0 document",
            "/components/schemas/A",
            Some(6),
        ),
        yaml(
            "required is a string",
            &schemas("    A: {type: object, required: a, properties: {a: {type: string}}}\n"),
            "not a valid OpenAPI 3.0 document",
            "/components/schemas/A",
            Some(6),
        ),
        // References
        yaml(
            "dangling schema ref",
            &schemas("    A: {$ref: '#/components/schemas/B'}\n"),
            "points to nothing",
            "/components/schemas/A/$ref",
            Some(6),
        ),
        yaml(
            "dangling pointer into properties",
            &schemas("    A: {type: object, properties: {a: {$ref: '#/components/schemas/A/properties/zz'}}}\n"),
            "points to nothing",
            "/components/schemas/A/properties/a/$ref",
            Some(6),
        ),
        yaml(
            "external ref",
            &schemas("    A: {$ref: 'other.yaml#/B'}\n"),
            "points outside this document",
            "/components/schemas/A/$ref",
            Some(6),
        ),
        warn(yaml(
            "ref to a non-schema",
            &schemas("    A: {type: object, properties: {a: {$ref: '#/openapi'}}}\n"),
            "does not point to a valid schema",
            "/components/schemas/A/properties/a/$ref",
            Some(6),
        )),
        yaml(
            "dangling parameter ref",
            &op(&format!(
                "      parameters: [{{$ref: '#/components/parameters/P'}}]\n{ok}"
            )),
            "points to nothing",
            "/paths/~1a/get/parameters/0/$ref",
            Some(6),
        ),
        yaml(
            "dangling response ref",
            &op("      responses: {'200': {$ref: '#/components/responses/R'}}\n"),
            "points to nothing",
            "/paths/~1a/get/responses/200/$ref",
            Some(6),
        ),
        yaml(
            "dangling request body ref",
            &op(&format!(
                "      requestBody: {{$ref: '#/components/requestBodies/B'}}\n{ok}"
            )),
            "points to nothing",
            "/paths/~1a/get/requestBody/$ref",
            Some(6),
        ),
        yaml(
            "parameter ref cycle",
            &format!(
                "{H}paths:\n  /a:\n    get:\n      parameters: [{{$ref: '#/components/parameters/A'}}]\n{ok}components:\n  parameters:\n    A: {{$ref: '#/components/parameters/B'}}\n    B: {{$ref: '#/components/parameters/A'}}\n"
            ),
            "`$ref` cycle",
            "/paths/~1a/get/parameters/0/$ref",
            Some(6),
        ),
        yaml(
            "response ref to a schema",
            &op("      responses: {'200': {$ref: '#/info'}}\n"),
            "does not point to a valid response",
            "/paths/~1a/get/responses/200/$ref",
            Some(6),
        ),
        // Paths, security, extensions
        yaml(
            "path parameter missing",
            &format!("{H}paths:\n  /a/{{id}}:\n    get:\n{ok}"),
            "no path parameter `id`",
            "/paths/~1a~1{id}/get",
            Some(5),
        ),
        yaml(
            "unclosed path template",
            &format!("{H}paths:\n  /a/{{id:\n    get:\n{ok}"),
            "unclosed",
            "/paths/~1a~1{id/get",
            Some(5),
        ),
        yaml(
            "undefined security scheme",
            &format!("{H}security: [{{nope: []}}]\npaths: {{}}\n"),
            "`nope` is not defined",
            "/security",
            Some(3),
        ),
        yaml(
            "invalid api key header",
            &format!(
                "{H}security: [{{k: []}}]\npaths: {{}}\ncomponents:\n  securitySchemes:\n    k: {{type: apiKey, in: header, name: 'bad header'}}\n"
            ),
            "not a valid HTTP header name",
            "/components/securitySchemes/k/name",
            Some(7),
        ),
        yaml(
            "envelope naming no property",
            &schemas(
                "    E:\n      type: object\n      x-envelope: {code: status, success: 0}\n      properties: {a: {type: string}}\n",
            ),
            "must name a property",
            "/components/schemas/E/x-envelope",
            Some(8),
        ),
        yaml(
            "envelope with a mistyped success",
            &schemas(
                "    E:\n      type: object\n      required: [code]\n      x-envelope: {code: code, success: 'zero'}\n      properties: {code: {type: integer}}\n",
            ),
            "must be a value of the code property's type",
            "/components/schemas/E/x-envelope",
            Some(9),
        ),
        yaml(
            "pagination naming no parameter",
            &op(
                "      x-pagination: {style: offset-limit, offset: o, limit: l, items: data}\n      responses: {'200': {description: d, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: string}}}}}}}}\n",
            ),
            "must name an integer query parameter",
            "/paths/~1a/get/x-pagination/offset",
            Some(6),
        ),
        // Warnings: generation goes on
        warn(yaml(
            "duplicate operationId",
            &format!(
                "{H}paths:\n  /a:\n    get: {{operationId: x, responses: {{'204': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: x, responses: {{'204': {{description: ok}}}}}}\n"
            ),
            "also used at",
            "/paths/~1b/get/operationId",
            Some(7),
        )),
        warn(yaml(
            "not",
            &schemas("    A: {not: {type: string}}\n"),
            "cannot be expressed as a type",
            "/components/schemas/A",
            Some(6),
        )),
        yaml(
            "alias cycle of three",
            &schemas(
                "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/C'}\n    C: {$ref: '#/components/schemas/A'}\n",
            ),
            "alias cycle",
            "/components/schemas/A",
            Some(6),
        ),
        yaml(
            "alias cycle through a list",
            &schemas(
                "    A: {type: array, items: {$ref: '#/components/schemas/B'}}\n    B: {$ref: '#/components/schemas/A'}\n",
            ),
            "alias cycle",
            "/components/schemas/A",
            Some(6),
        ),
        yaml(
            "alias of itself",
            &schemas("    A: {$ref: '#/components/schemas/A'}\n"),
            "alias cycle",
            "/components/schemas/A",
            Some(6),
        ),
        yaml(
            "paging offset and limit are one parameter",
            &op(
                "      x-pagination: {style: offset-limit, offset: n, limit: n, items: items}\n      parameters: [{name: n, in: query, schema: {type: integer}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}}}\n",
            ),
            "two different parameters",
            "/paths/~1a/get/x-pagination",
            Some(6),
        ),
        yaml(
            "paging by a last item's cursor that is not a string",
            &op(
                "      x-pagination: {style: cursor, cursor: after, next-item: id, items: items}\n      parameters: [{name: after, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {more: {type: string}, items: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}\n",
            ),
            "`next-item` must lead to a string property",
            "/paths/~1a/get/x-pagination/next-item",
            Some(6),
        ),
        yaml(
            "paging with a has-more flag that is not a boolean",
            &op(
                "      x-pagination: {style: cursor, cursor: after, next-item: name, has-more: more, items: items}\n      parameters: [{name: after, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {more: {type: string}, items: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}\n",
            ),
            "`has-more` must lead to a boolean property",
            "/paths/~1a/get/x-pagination/has-more",
            Some(6),
        ),
        yaml(
            "paging by two cursors",
            &op(
                "      x-pagination: {style: cursor, cursor: after, next: more, next-item: name, items: items}\n      parameters: [{name: after, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {more: {type: string}, items: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}\n",
            ),
            "exactly one of",
            "/paths/~1a/get/x-pagination",
            Some(6),
        ),
        yaml(
            "paging by a next link in the body that is not a string",
            &op(
                "      x-pagination: {style: link, next: more, items: items}\n      parameters: [{name: after, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {more: {type: integer}, items: {type: array, items: {type: string}}}}}}}}\n",
            ),
            "`next` must lead to a string property",
            "/paths/~1a/get/x-pagination/next",
            Some(6),
        ),
        yaml(
            "paging with a max-limit below one",
            &op(
                "      x-pagination: {style: offset-limit, offset: o, limit: l, items: items, max-limit: 0}\n      parameters: [{name: o, in: query, schema: {type: integer}}, {name: l, in: query, schema: {type: integer}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}}}\n",
            ),
            "`max-limit` must be at least 1",
            "/paths/~1a/get/x-pagination/max-limit",
            Some(6),
        ),
        yaml(
            "paging with a key of the wrong type",
            &op(
                "      x-pagination: {style: offset-limit, offset: o, limit: l, items: items, total: true}\n      parameters: [{name: o, in: query, schema: {type: integer}}, {name: l, in: query, schema: {type: integer}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}}}\n",
            ),
            "`total` must be a string",
            "/paths/~1a/get/x-pagination/total",
            Some(6),
        ),
        warn(yaml(
            "a has-more flag beside a cursor from the body",
            &op(
                "      x-pagination: {style: cursor, cursor: after, next: more, has-more: more, items: items}\n      parameters: [{name: after, in: query, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {more: {type: string}, items: {type: array, items: {type: object, properties: {id: {type: integer}, name: {type: string}}}}}}}}}}\n",
            ),
            "is read with `next-item` only",
            "/paths/~1a/get/x-pagination/has-more",
            Some(6),
        )),
        warn(yaml(
            "paging an operation with a text body",
            &with(
                "paths:\n  /a:\n    post:\n      x-pagination: {style: offset-limit, offset: o, limit: l, items: items}\n      parameters: [{name: o, in: query, schema: {type: integer}}, {name: l, in: query, schema: {type: integer}}]\n      requestBody: {content: {text/plain: {schema: {type: string}}}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {items: {type: array, items: {type: string}}}}}}}}\n",
            ),
            "no stream is generated",
            "/paths/~1a/post/x-pagination",
            Some(6),
        )),
        warn(yaml(
            "a float bound no f32 can hold",
            &op(
                "      parameters: [{name: w, in: query, schema: {type: number, format: float, minimum: 1e300}}]\n      responses: {'204': {description: ok}}\n",
            ),
            "`minimum: 1e300` cannot be represented as an f32",
            "/paths/~1a/get/parameters/0/schema/minimum",
            Some(6),
        )),
        warn(yaml(
            "an integer bound no i32 reaches",
            &op(
                "      parameters: [{name: n, in: query, schema: {type: integer, format: int32, maximum: -3000000000}}]\n      responses: {'204': {description: ok}}\n",
            ),
            "no value can satisfy it",
            "/paths/~1a/get/parameters/0/schema/maximum",
            Some(6),
        )),
        warn(yaml(
            "type null in 3.0",
            &schemas("    A: {type: 'null'}\n"),
            "not an OpenAPI 3.0 type",
            "/components/schemas/A",
            Some(6),
        )),
    ]
}

#[test]
fn every_malformed_spec_yields_its_message_at_its_location() {
    let cases = catalogue();
    assert!(cases.len() >= 30, "the catalogue holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let settings = Settings::new("broken", "broken.yaml");
        let diagnostics = match generate_str(&case.text, case.format, &settings) {
            Ok(generated) => generated.warnings,
            Err(error) => error.diagnostics,
        };
        let Some(d) = diagnostics.iter().find(|d| d.severity == case.severity) else {
            failures.push(format!("{}: no {:?}; got {diagnostics:?}", case.name, case.severity));
            continue;
        };
        let rendered = report::render(std::slice::from_ref(d), "broken.yaml", &case.text);
        let line = {
            let mut located = vec![d.clone()];
            openapi_client_codegen::source_map::locate(&mut located, &case.text);
            located[0].location.map(|l| l.line)
        };
        if !d.message.contains(case.message) {
            failures.push(format!(
                "{}: message {:?} lacks {:?}",
                case.name, d.message, case.message
            ));
        }
        if d.pointer != case.pointer {
            failures.push(format!(
                "{}: pointer {:?}, expected {:?}",
                case.name, d.pointer, case.pointer
            ));
        }
        if case.line.is_some() && line != case.line {
            failures.push(format!(
                "{}: line {line:?}, expected {:?}\n{rendered}",
                case.name, case.line
            ));
        }
        if case.line.is_some() && !rendered.contains(&format!("broken.yaml:{}:", case.line.unwrap_or_default())) {
            failures.push(format!("{}: the report does not show the line:\n{rendered}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
