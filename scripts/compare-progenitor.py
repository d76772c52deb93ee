#!/usr/bin/env python3
"""Side by side with progenitor: generation time, and for the specs both generate, the
build time and line count of the generated crates.

    python3 scripts/compare-progenitor.py [SPEC ...] [--runs N] [--build-runs N] [--no-build]

Installs cargo-progenitor 0.15.1 from crates.io into target/tools (once), builds this
repository's `codegen` in release mode, then for every spec (by default the corpus in
../shared/corpus, else target/corpus-specs from scripts/fetch-corpus.sh):

1. runs both generators N times each (5 by default), alternating, each writing a
   standalone crate, and prints the median wall time and the ratio progenitor / ours;
2. for the specs both generate, builds each generated crate with `cargo build` against a
   target directory of its own whose dependencies are built first, then times rebuilding
   the crate alone (`cargo clean -p <crate>` and `cargo build --timings`) --build-runs
   times (5 by default), alternating: the wall time, and the crate's own compilation from
   cargo's timings; and counts the lines of its Rust sources.

Only the Python standard library is used. Everything it writes is under target/compare.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "target" / "tools"
WORK = REPO / "target" / "compare"
PROGENITOR_VERSION = "0.15.1"


def run(cmd, **kwargs):
    """Runs cmd, returns (seconds, CompletedProcess)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    return time.perf_counter() - start, done


def install_progenitor():
    exe = TOOLS / "bin" / "cargo-progenitor"
    if exe.exists():
        version = subprocess.run(
            ["cargo", "install", "--list", "--root", str(TOOLS)], stdout=subprocess.PIPE, text=True
        ).stdout
        if f"cargo-progenitor v{PROGENITOR_VERSION}" in version:
            return exe
    print(f"installing cargo-progenitor {PROGENITOR_VERSION} into {TOOLS} ...", file=sys.stderr)
    subprocess.run(
        ["cargo", "install", "--locked", "--version", PROGENITOR_VERSION, "cargo-progenitor", "--root", str(TOOLS)],
        check=True,
        env={**os.environ, "CARGO_TARGET_DIR": str(REPO / "target" / "tools-build")},
    )
    return exe


def build_ours():
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-p", "openapi-client-codegen", "--bin", "codegen"],
        check=True,
        cwd=REPO,
    )
    return REPO / "target" / "release" / "codegen"


def default_specs():
    for corpus in (REPO.parent / "shared" / "corpus", REPO / "target" / "corpus-specs"):
        if corpus.is_dir():
            return sorted(p for p in corpus.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    sys.exit("no corpus: pass specs, or run scripts/fetch-corpus.sh")


def crate_name(spec):
    stem = "".join(c if c.isalnum() else "_" for c in spec.stem.lower())
    return f"cmp_{stem}"


def generate(tool, exe, spec, out):
    if out.exists():
        shutil.rmtree(out)
    if tool == "ours":
        cmd = [str(exe), "generate", str(spec), "--out", str(out), "--runtime-path", str(REPO / "runtime")]
    else:
        cmd = [str(exe), "progenitor", "-i", str(spec), "-o", str(out), "-n", crate_name(spec), "-v", "0.1.0"]
    seconds, done = run(cmd, env={**os.environ, "RUST_BACKTRACE": "0"})
    if done.returncode == 0:
        # Under target/ the crate would be taken for a member of this repository's
        # workspace; make it a workspace of its own, as ours already is.
        manifest = out / "Cargo.toml"
        if "[workspace]" not in manifest.read_text():
            with manifest.open("a") as f:
                f.write("\n[workspace]\n")
        return seconds, True, ""
    # The panic message, or else the first thing said.
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    panic = [i for i, line in enumerate(lines) if "panicked at" in line]
    if panic:
        # "thread 'main' (7) panicked at /root/.cargo/registry/src/index.crates.io-…/typify-impl-0.4.3/src/x.rs:1:2:"
        # then the message: keep the crate file and the message.
        place = re.sub(r".*panicked at .*/registry/src/[^/]+/", "panic at ", lines[panic[0]])
        reason = " ".join([place, *lines[panic[0] + 1 : panic[0] + 2]])
    else:
        reason = lines[0] if lines else f"exit {done.returncode}"
    return seconds, False, reason


def package_name(crate):
    for line in (crate / "Cargo.toml").read_text().splitlines():
        if line.startswith("name"):
            return line.split("=", 1)[1].strip().strip('"')
    raise RuntimeError(f"no package name in {crate / 'Cargo.toml'}")


def lines_of_rust(crate):
    return sum(len(p.read_text().splitlines()) for p in (crate / "src").rglob("*.rs"))


def build_time(crate, target):
    """Seconds to rebuild the crate alone, its dependencies already built in `target`:
    the wall time of `cargo build`, and the crate's own compilation in it (from cargo's
    --timings report), which leaves out cargo's checks of the dependency graph."""
    env = {**os.environ, "CARGO_TARGET_DIR": str(target)}
    name = package_name(crate)
    subprocess.run(["cargo", "clean", "-q", "-p", name], cwd=crate, env=env, check=True)
    seconds, done = run(["cargo", "build", "-q", "--timings"], cwd=crate, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{crate} does not build:\n{done.stderr[-2000:]}")
    html = (target / "cargo-timings" / "cargo-timing.html").read_text()
    units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
    own = sum(u["duration"] for u in units if u["name"] == name)
    return seconds, own


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()
    specs = [s.resolve() for s in args.specs] or default_specs()

    exes = {"ours": build_ours(), "progenitor": install_progenitor()}
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"cores: {os.cpu_count()}; {args.runs} alternating runs per generator, medians\n")
    print("| spec | KB | ours s | progenitor s | progenitor / ours |")
    print("|---|---:|---:|---:|---:|")
    both = []
    for spec in specs:
        times = {"ours": [], "progenitor": []}
        ok = {}
        failure = {}
        for _ in range(args.runs):
            for tool in ("ours", "progenitor"):
                seconds, success, error = generate(tool, exes[tool], spec, WORK / tool / spec.stem)
                times[tool].append(seconds)
                ok[tool] = success
                failure[tool] = error
        ours, theirs = statistics.median(times["ours"]), statistics.median(times["progenitor"])
        kb = spec.stat().st_size // 1000
        if not ok["ours"]:
            print(f"| {spec.name} | {kb} | fails: {failure['ours'][:80]} | {theirs:.3f} | - |")
        elif not ok["progenitor"]:
            reason = failure["progenitor"][:140].replace("|", "/")
            print(f"| {spec.name} | {kb} | {ours:.3f} | fails ({theirs:.3f} s): {reason} | - |")
        else:
            print(f"| {spec.name} | {kb} | {ours:.3f} | {theirs:.3f} | {theirs / ours:.1f}x |")
            both.append(spec)
        sys.stdout.flush()

    if args.no_build or not both:
        return
    print(f"\n`cargo build` (dev profile) of each generated crate alone, dependencies prebuilt; "
          f"median of {args.build_runs} alternating runs. Wall time includes cargo's checks of the dependency "
          f"graph; ours carries TLS (rustls), progenitor's crate has none unless its user adds it.\n")
    print("| spec | ours wall s | progenitor wall s | ours rustc s | progenitor rustc s | ours lines | progenitor lines |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for spec in both:
        crates = {tool: WORK / tool / spec.stem for tool in ("ours", "progenitor")}
        targets = {tool: WORK / f"target-{tool}" for tool in ("ours", "progenitor")}
        for tool, crate in crates.items():
            # Dependencies first, so that only the crate itself is timed below.
            env = {**os.environ, "CARGO_TARGET_DIR": str(targets[tool])}
            done = subprocess.run(["cargo", "build", "-q"], cwd=crate, env=env, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                sys.exit(f"{crate} does not build:\n{done.stderr[-2000:]}")
        wall = {"ours": [], "progenitor": []}
        own = {"ours": [], "progenitor": []}
        for _ in range(args.build_runs):
            for tool in ("ours", "progenitor"):
                seconds, crate_seconds = build_time(crates[tool], targets[tool])
                wall[tool].append(seconds)
                own[tool].append(crate_seconds)
        m = {k: statistics.median(v) for k, v in wall.items()}
        c = {k: statistics.median(v) for k, v in own.items()}
        print(
            f"| {spec.name} | {m['ours']:.2f} | {m['progenitor']:.2f} | {c['ours']:.2f} | {c['progenitor']:.2f} "
            f"| {lines_of_rust(crates['ours'])} | {lines_of_rust(crates['progenitor'])} |"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
