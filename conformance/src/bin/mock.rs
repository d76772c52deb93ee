//! The validating mock alone, serving one spec on loopback for a bounded time (so a
//! forgotten one stops by itself):
//!
//! ```text
//! cargo run --release -p openapi-conformance --bin mock -- SPEC [--port N] [--seconds S]
//! ```
//!
//! It prints its base URL, then serves until `S` seconds (default 600) have passed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use openapi_client_codegen::Format;
use openapi_conformance::mock::Mock;

fn main() -> ExitCode {
    let mut spec: Option<PathBuf> = None;
    let (mut port, mut seconds) = (0u16, 600u64);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let number = |value: Option<String>| value.and_then(|v| v.parse::<u64>().ok());
        match arg.as_str() {
            "--port" => match number(args.next()).and_then(|p| u16::try_from(p).ok()) {
                Some(p) => port = p,
                None => return usage(),
            },
            "--seconds" => match number(args.next()) {
                Some(s) => seconds = s,
                None => return usage(),
            },
            _ if spec.is_none() && !arg.starts_with('-') => spec = Some(PathBuf::from(arg)),
            _ => return usage(),
        }
    }
    let Some(spec) = spec else {
        return usage();
    };
    let text = match std::fs::read_to_string(&spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}: {e}", spec.display());
            return ExitCode::from(2);
        }
    };
    match Mock::start(&text, Format::from_path(&spec), port) {
        Ok(mock) => {
            println!("{}", mock.url());
            std::thread::sleep(Duration::from_secs(seconds));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", spec.display());
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: mock SPEC [--port N] [--seconds S]");
    ExitCode::from(2)
}
