//! Generation benchmark: time per phase (load, lower, emit, render) and peak memory for
//! every spec of the corpus, and how time grows with the number of operations.
//!
//! Rendering emits each piece on the thread that formats it (tokens cannot cross threads),
//! so the `emit` column is emission alone, run once more on one thread for the breakdown,
//! and `render` includes emission on every core. `total` is load + lower + render: what
//! `generate_str` costs.
//!
//! ```text
//! cargo bench -p openapi-client-codegen --bench generation -- [SPEC|DIR ...] [--runs N] [--no-scaling]
//! ```
//!
//! Without paths it reads `../shared/corpus` and its `3.1/` beside the repository (or the
//! copy `scripts/fetch-corpus.sh` writes to `target/corpus-specs`) and `spec/`. Each spec
//! is measured in a child process of its own, so its peak resident memory is its own: the
//! child reads the file, then runs the pipeline `--runs` times (5 by default), and the
//! table shows the median of each phase. Peak heap is counted by this binary's allocator;
//! peak RSS is the kernel's high-water mark (`VmHWM`), which includes the spec's text and
//! the binary itself.
//!
//! The scaling series generates synthetic specs of 250 to 4,000 operations (each with a
//! path parameter, two query parameters and its own eight-field response schema), so that
//! size is the only thing that changes between rows.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use openapi_client_codegen::build::{settings_for, spec_files};
use openapi_client_codegen::{Format, Settings, emit, load, lower, render};

/// Counts live heap bytes and their high-water mark.
struct CountingAllocator;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, which `System` shares.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// One spec's medians, as a child reports them on one line.
#[derive(Debug, Clone)]
struct Measurement {
    name: String,
    bytes: usize,
    operations: usize,
    /// Median seconds of load, lower, emit (alone, on one thread) and render (which emits
    /// each piece again on the thread that formats it, on every core).
    phases: [f64; 4],
    peak_heap: usize,
    peak_rss: usize,
}

impl Measurement {
    /// Load, lower and render: rendering emits each piece as it goes, so emission alone
    /// (measured on one thread for the breakdown) is already inside it.
    fn total(&self) -> f64 {
        let [load, lower, _, render] = self.phases;
        load + lower + render
    }

    fn to_line(&self) -> String {
        let [load, lower, emit, render] = self.phases;
        format!(
            "{}\t{}\t{}\t{load}\t{lower}\t{emit}\t{render}\t{}\t{}",
            self.name, self.bytes, self.operations, self.peak_heap, self.peak_rss
        )
    }

    fn from_line(line: &str) -> Option<Self> {
        let f: Vec<&str> = line.split('\t').collect();
        let [name, bytes, operations, load, lower, emit, render, heap, rss] = f.as_slice() else {
            return None;
        };
        Some(Self {
            name: (*name).to_owned(),
            bytes: bytes.parse().ok()?,
            operations: operations.parse().ok()?,
            phases: [
                load.parse().ok()?,
                lower.parse().ok()?,
                emit.parse().ok()?,
                render.parse().ok()?,
            ],
            peak_heap: heap.parse().ok()?,
            peak_rss: rss.parse().ok()?,
        })
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let mut runs = 5usize;
    let mut scaling = true;
    let mut paths = Vec::new();
    let mut child: Option<String> = None;
    let mut synthetic: Option<usize> = None;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => runs = it.next().and_then(|n| n.parse().ok()).unwrap_or(runs).max(1),
            "--no-scaling" => scaling = false,
            "--child" => child = it.next(),
            "--synthetic" => synthetic = it.next().and_then(|n| n.parse().ok()),
            "-h" | "--help" => {
                eprintln!("usage: generation [SPEC|DIR ...] [--runs N] [--no-scaling]");
                return ExitCode::SUCCESS;
            }
            path => paths.push(PathBuf::from(path)),
        }
    }
    // In a child: measure one spec and print one line.
    if let Some(path) = child {
        let path = PathBuf::from(path);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let settings = settings_for(&path);
        return report(measure(&name, &text, Format::from_path(&path), &settings, runs));
    }
    if let Some(operations) = synthetic {
        let text = synthetic_spec(operations);
        let settings = Settings::new("synthetic", "synthetic.json");
        let name = format!("synthetic-{operations}");
        return report(measure(&name, &text, Format::Json, &settings, runs));
    }

    let specs = match spec_paths(paths) {
        Ok(specs) => specs,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    println!("{}", machine());
    println!("{runs} runs per spec, medians; each spec in a process of its own.\n");
    let mut rows = Vec::new();
    let mut failed = false;
    for spec in &specs {
        match in_child(&["--child", &spec.to_string_lossy(), "--runs", &runs.to_string()]) {
            Ok(m) => rows.push(m),
            Err(e) => {
                eprintln!("{}: {e}", spec.display());
                failed = true;
            }
        }
    }
    rows.sort_by_key(|m| m.bytes);
    print_table("Corpus", &rows);
    print_fit(&rows);
    if scaling {
        let mut series = Vec::new();
        for operations in [250, 500, 1_000, 2_000, 4_000] {
            match in_child(&["--synthetic", &operations.to_string(), "--runs", &runs.to_string()]) {
                Ok(m) => series.push(m),
                Err(e) => {
                    eprintln!("synthetic {operations}: {e}");
                    failed = true;
                }
            }
        }
        print_table("Scaling (synthetic specs)", &series);
        print_fit(&series);
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// The specs to measure: the paths given (directories expanded), or the default corpus.
fn spec_paths(paths: Vec<PathBuf>) -> Result<Vec<PathBuf>, String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dirs = if paths.is_empty() {
        let corpus = [repo.join("../shared/corpus"), repo.join("target/corpus-specs")]
            .into_iter()
            .find(|d| d.is_dir())
            .ok_or("no corpus: pass specs or directories, or run scripts/fetch-corpus.sh")?;
        vec![corpus.join("3.1"), corpus, repo.join("spec")]
    } else {
        paths
    };
    let mut specs = Vec::new();
    for path in dirs {
        // `cargo bench` runs in `codegen/`; paths may also be given from the repository root.
        let path = if path.exists() { path } else { repo.join(path) };
        if path.is_dir() {
            specs.extend(spec_files(&path).map_err(|e| e.to_string())?);
        } else if path.is_file() {
            specs.push(path);
        } else if !path.ends_with("3.1") {
            return Err(format!("{}: no such file or directory", path.display()));
        }
    }
    Ok(specs)
}

/// Runs this binary again with `args` and reads the line it prints.
fn in_child(args: &[&str]) -> Result<Measurement, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe).args(args).output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    Measurement::from_line(stdout.trim()).ok_or_else(|| format!("unreadable child output: {stdout}"))
}

fn report(measurement: Result<Measurement, String>) -> ExitCode {
    match measurement {
        Ok(m) => {
            println!("{}", m.to_line());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the pipeline `runs` times and takes the median of each phase.
fn measure(name: &str, text: &str, format: Format, settings: &Settings, runs: usize) -> Result<Measurement, String> {
    let mut samples: [Vec<Duration>; 4] = Default::default();
    let mut operations = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let doc = load::parse(text, format).map_err(|d| d.to_string())?;
        let loaded = Instant::now();
        let lowered = lower(&doc, settings).map_err(|e| e.to_string())?;
        // As `generate_str` does: the document goes once lowered.
        drop(doc);
        let lowered_at = Instant::now();
        let emitted = emit(&lowered);
        std::hint::black_box(emitted.emit_only(&lowered));
        let emitted_at = Instant::now();
        let code = render(emitted, &lowered).map_err(|e| e.to_string())?.code;
        let rendered = Instant::now();
        std::hint::black_box(code);
        operations = lowered.operations();
        for (phase, (from, to)) in [
            (start, loaded),
            (loaded, lowered_at),
            (lowered_at, emitted_at),
            (emitted_at, rendered),
        ]
        .into_iter()
        .enumerate()
        {
            samples[phase].push(to - from);
        }
    }
    Ok(Measurement {
        name: name.to_owned(),
        bytes: text.len(),
        operations,
        phases: samples.map(|mut s| median(&mut s)),
        peak_heap: PEAK.load(Ordering::Relaxed),
        peak_rss: peak_rss().unwrap_or(0),
    })
}

fn median(samples: &mut [Duration]) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64()
}

/// The process's peak resident set, in bytes (Linux's `VmHWM`).
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn print_table(title: &str, rows: &[Measurement]) {
    println!("## {title}\n");
    println!(
        "| spec | KB | ops | load s | lower s | (emit alone) s | emit+render s | total s | peak heap MB | peak RSS MB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in rows {
        let [load, lower, emit, render] = m.phases;
        println!(
            "| {} | {} | {} | {load:.3} | {lower:.3} | {emit:.3} | {render:.3} | {:.3} | {:.0} | {:.0} |",
            m.name,
            m.bytes / 1000,
            m.operations,
            m.total(),
            m.peak_heap as f64 / 1e6,
            m.peak_rss as f64 / 1e6
        );
    }
    println!();
}

/// Least-squares lines of total time against megabytes and against operations, to show
/// how time grows with size.
fn print_fit(rows: &[Measurement]) {
    if rows.len() < 3 {
        return;
    }
    let total: Vec<f64> = rows.iter().map(Measurement::total).collect();
    let mb: Vec<f64> = rows.iter().map(|m| m.bytes as f64 / 1e6).collect();
    let ops: Vec<f64> = rows.iter().map(|m| m.operations as f64).collect();
    let (slope, intercept, r2) = fit(&mb, &total);
    println!("time ≈ {intercept:.3} s + {slope:.3} s per MB of spec (R² {r2:.3})");
    let (slope, intercept, r2) = fit(&ops, &total);
    println!(
        "time ≈ {intercept:.3} s + {:.3} ms per operation (R² {r2:.3})\n",
        slope * 1e3
    );
}

/// Slope, intercept and R² of the least-squares line through (x, y).
fn fit(x: &[f64], y: &[f64]) -> (f64, f64, f64) {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = x.iter().map(|x| (x - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|y| (y - my).powi(2)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let r2 = if sxx > 0.0 && syy > 0.0 {
        sxy * sxy / (sxx * syy)
    } else {
        0.0
    };
    (slope, my - slope * mx, r2)
}

/// The CPU and core count, for the record.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("Machine: {cpu}, {cores} cores available.")
}

/// A spec of `operations` operations, each `GET /things{i}/{id}` with two query parameters
/// and its own response schema of eight fields (strings, int64, a date-time, an enum, an
/// array and a reference to a shared schema).
fn synthetic_spec(operations: usize) -> String {
    use serde_json::{Map, Value, json};
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Owner".into(),
        json!({"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string", "description": "Display name."}}}),
    );
    for i in 0..operations {
        let schema = format!("Thing{i}");
        paths.insert(
            format!("/things{i}/{{id}}"),
            json!({"get": {
                "operationId": format!("getThing{i}"),
                "summary": format!("Gets thing {i}."),
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {"description": "The thing.", "content": {"application/json": {
                        "schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
                    "404": {"description": "Not found."}
                }
            }}),
        );
        schemas.insert(
            schema,
            json!({"type": "object", "description": format!("Thing number {i}."), "required": ["id", "created_at"],
            "properties": {
                "id": {"type": "string", "format": "int64"},
                "name": {"type": "string", "description": "What it is called."},
                "count": {"type": "integer", "format": "int32"},
                "created_at": {"type": "string", "format": "date-time"},
                "state": {"type": "string", "enum": ["active", "archived", "deleted"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "owner": {"$ref": "#/components/schemas/Owner"},
                "score": {"type": "number"}
            }}),
        );
    }
    let spec: Value = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://synthetic.example"}],
        "paths": paths,
        "components": {"schemas": schemas}
    });
    spec.to_string()
}
