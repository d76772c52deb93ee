//! Generates every fixture spec of `fixtures/` into `OUT_DIR`, and `OUT_DIR/fixtures.rs`,
//! which includes them all, so that compiling this crate compiles every fixture's output:
//! a snapshot of code that does not compile cannot pass.

use std::fmt::Write;

fn main() {
    let written = match openapi_client_codegen::build::generate_specs("fixtures") {
        Ok(written) => written,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    let mut includes = String::new();
    for file in &written {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let _ = writeln!(includes, "include!(concat!(env!(\"OUT_DIR\"), \"/{name}\"));");
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("fixtures.rs");
    if let Err(error) = openapi_client_codegen::build::write_if_changed(&out, &includes) {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
