//! The command line takes the build API's choices: operation filters and paging
//! declarations for a spec the user does not own.

use std::process::Command;

const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://t.example'}]
paths:
  /a: {get: {operationId: getA, tags: [a], responses: {'204': {description: ok}}}}
  /b:
    get:
      operationId: listB
      tags: [b]
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
";

#[test]
fn filters_and_paging_declarations_are_taken_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("codegen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let spec = dir.join("t.yaml");
    std::fs::write(&spec, SPEC).expect("written");
    let paging = dir.join("paging.yaml");
    std::fs::write(&paging, "listB: {style: page, page: page}\n").expect("written");
    let generate = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("generate")
            .arg(&spec)
            .args(extra)
            .output()
            .expect("codegen runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };

    let (status, code) = generate(&[]);
    assert_eq!(status, Some(0));
    assert!(
        code.contains("pub fn get_a(") && code.contains("pub fn list_b("),
        "{code}"
    );
    assert!(!code.contains("pub fn stream("), "no paging declared: {code}");

    let paging = paging.display().to_string();
    let (status, code) = generate(&["--include-tag", "b", "--paginate", &paging]);
    assert_eq!(status, Some(0));
    assert!(
        !code.contains("pub fn get_a(") && code.contains("pub fn list_b("),
        "{code}"
    );
    assert!(code.contains("pub fn stream("), "paged by the file: {code}");

    let (status, code) = generate(&["--exclude-operation", "listB"]);
    assert_eq!(status, Some(0));
    assert!(
        code.contains("pub fn get_a(") && !code.contains("pub fn list_b("),
        "{code}"
    );

    // A missing value or an unreadable file is a usage error (2).
    assert_eq!(generate(&["--include-tag"]).0, Some(2));
    assert_eq!(generate(&["--paginate", "/nonexistent/paging.yaml"]).0, Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
