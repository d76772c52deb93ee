//! Generates one client module per spec in `../spec/` into `OUT_DIR`.
//!
//! Cargo reruns this only when a spec (or the directory's list of files) changes, and an
//! output file is rewritten only when its text changes.

fn main() {
    if let Err(error) = openapi_client_codegen::build::generate_specs("../spec") {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
