//! Generates one client module per spec in `../spec/` into `OUT_DIR`, each with its
//! contract tests (`contract_tests`, run against Prism by `scripts/conformance.sh`).
//!
//! Cargo reruns this only when a spec (or the directory's list of files) changes, and an
//! output file is rewritten only when its text changes.

fn main() {
    let built = openapi_client_codegen::build::Builder::new()
        .spec_dir("../spec")
        .contract_tests(true)
        .generate();
    if let Err(error) = built {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
