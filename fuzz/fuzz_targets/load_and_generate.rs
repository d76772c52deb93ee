//! Any bytes, read as YAML and as JSON, through load, lower, emit, render, and the
//! diagnostic report: the generator must return, never panic or overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openapi_client_codegen::{Format, Settings, generate_str, report};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let settings = Settings::new("fuzz", "fuzz.yaml");
    for format in [Format::Yaml, Format::Json] {
        let diagnostics = match generate_str(text, format, &settings) {
            Ok(generated) => generated.warnings,
            Err(error) => error.diagnostics,
        };
        let _ = report::render(&diagnostics, "fuzz.yaml", text);
    }
});
