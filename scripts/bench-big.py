#!/usr/bin/env python3
"""What big APIs cost to build, against progenitor's nexus crate built alternately.

    python3 scripts/bench-big.py [--runs N] [--only NAME ...]

Generates standalone crates with this repository's generator (release build) for
GitHub, Stripe and Oxide's nexus, and progenitor's crate for nexus (cargo-progenitor
0.15.1, installed into target/tools by compare-progenitor.py). Each crate gets a target
directory of its own under target/bench-big/, where its dependencies are built once
first. Then, `--runs` times (2 by default), every measured build runs once in turn, so
the progenitor baseline and each of ours alternate in one run on the same machine:

    progenitor nexus `cargo build`
    ours nexus `cargo build`
    ours GitHub, all tags: `cargo check`, then `cargo build`
    ours GitHub, `issues` tag only (`--no-default-features --features issues`): `cargo build`
    ours Stripe, all tags: `cargo build`
    a program calling five GitHub operations: `cargo build` of the program alone

Each build is `cargo clean -p <crate>` then the command, with CARGO_INCREMENTAL=0 (debug
profile), so only the crate itself compiles. Reported per build: the median wall time, the
ratio to progenitor's nexus build of the same round, and the peak resident memory of the
build's process tree (the largest rustc), read from wait4's rusage. Also the generation
time of `codegen generate` for each spec (whole process, median of 5).

With `--corpus`, instead: every spec of ../shared/corpus (and its 3.1/) generated and built once with all
its tags (default features), in one shared target directory (dependencies built first),
reporting each build's wall time and peak RSS, for the target that no corpus spec needs
more than 4 GB.

Only the Python standard library is used. Prints Markdown.
"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "target" / "bench-big"
CORPUS = REPO.parent / "shared" / "corpus"

spec = importlib.util.spec_from_file_location("compare", REPO / "scripts" / "compare-progenitor.py")
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)


def timed(cmd, cwd, env, check=True):
    """Runs `cmd`; returns (seconds, peak RSS in MB of the process tree). A failure exits
    the script, or with `check=False` returns the tail of its stderr as a string."""
    start = time.perf_counter()
    # stderr to a file, not a pipe: a pipe nobody reads while waiting fills up and stalls
    # a chatty build.
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        # wait4's rusage of a child holds the largest RSS among it and the descendants it
        # waited for: cargo waits for every rustc.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode(errors="replace")[-3000:]
    if os.waitstatus_to_exitcode(status) != 0:
        if check:
            sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{tail}")
        return tail
    return seconds, usage.ru_maxrss / 1024


class Crate:
    def __init__(self, label, tool, spec_name, features=None):
        self.label, self.tool, self.spec_name, self.features = label, tool, spec_name, features
        self.dir = WORK / tool / Path(spec_name).stem
        self.target = WORK / f"target-{tool}-{Path(spec_name).stem}"

    def env(self):
        return {**os.environ, "CARGO_TARGET_DIR": str(self.target), "CARGO_INCREMENTAL": "0", "CARGO_TERM_COLOR": "never"}

    def args(self):
        if self.features is None:
            return []
        return ["--no-default-features", "--features", self.features]

    def warm(self):
        # Both profiles' dependencies: `cargo check` builds them as metadata only, apart
        # from `cargo build`'s (the first check would otherwise pay for them).
        for command in ("build", "check"):
            subprocess.run(["cargo", command, "-q", *self.args()], cwd=self.dir, env=self.env(), check=True)

    def measure(self, command):
        name = compare.package_name(self.dir)
        subprocess.run(["cargo", "clean", "-q", "-p", name], cwd=self.dir, env=self.env(), check=True)
        return timed(["cargo", command, "-q", *self.args()], self.dir, self.env())


USER_MAIN = """//! A program that calls five of GitHub's operations: what a user pays for them.
use github::Client;

fn main() {
    let client = Client::new();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        println!("{:?}", client.issues().list_for_repo("o", "r").await.map(|i| i.len()));
        println!("{:?}", client.issues().get("o", "r", 1).await.map(|i| i.number));
        println!("{:?}", client.repos().get("o", "r").await.map(|r| r.id));
        println!("{:?}", client.users().get_by_username("octocat").await.is_ok());
        println!("{:?}", client.pulls().list("o", "r").await.map(|p| p.len()));
    });
}
"""


class User(Crate):
    """A binary crate calling five GitHub operations; only its own `main.rs` is rebuilt,
    so the figure is what compiling those calls costs (their code compiles where it is
    called)."""

    def __init__(self, label):
        super().__init__(label, "ours", "github-user.json")
        github = WORK / "ours" / "github-api.github.com"
        (self.dir / "src").mkdir(parents=True, exist_ok=True)
        (self.dir / "Cargo.toml").write_text(
            '[package]\nname = "github-user"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
            f'[workspace]\n\n[dependencies]\ngithub = {{ package = "{compare.package_name(github)}", path = "{github}" }}\n'
            'tokio = { version = "1", features = ["rt"] }\n'
        )
        (self.dir / "src" / "main.rs").write_text(USER_MAIN)

    def warm(self):
        # Only `build`: the program is never checked, and a check would compile the whole
        # GitHub crate's metadata again.
        subprocess.run(["cargo", "build", "-q"], cwd=self.dir, env=self.env(), check=True)

    def measure(self, command):
        (self.dir / "src" / "main.rs").touch()
        return timed(["cargo", command, "-q"], self.dir, self.env())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="labels to measure (besides the baseline)")
    parser.add_argument("--corpus", action="store_true", help="build every corpus spec once; peak RSS each")
    args = parser.parse_args()
    if args.corpus:
        return corpus()
    exes = {"ours": compare.build_ours(), "progenitor": compare.install_progenitor()}
    specs = {
        "github": CORPUS / "github-api.github.com.json",
        "stripe": CORPUS / "stripe.json",
        "nexus": CORPUS / "oxide-nexus.json",
    }
    print("## Generation (`codegen generate SPEC --out DIR`, whole process, median of 5)\n")
    print("| spec | seconds |")
    print("|---|---|")
    for name, path in specs.items():
        out = WORK / "ours" / path.stem
        times = []
        for _ in range(5):
            seconds, ok, reason = compare.generate("ours", exes["ours"], path, out)
            if not ok:
                sys.exit(f"generating {name} failed: {reason}")
            times.append(seconds)
        print(f"| {name} | {statistics.median(times):.2f} |")
    seconds, ok, reason = compare.generate("progenitor", exes["progenitor"], specs["nexus"], WORK / "progenitor" / "oxide-nexus")
    if not ok:
        sys.exit(f"progenitor failed on nexus: {reason}")

    baseline = Crate("progenitor nexus: build", "progenitor", "oxide-nexus.json")
    measured = [
        (Crate("nexus: build", "ours", "oxide-nexus.json"), "build"),
        (Crate("GitHub, all tags: check", "ours", "github-api.github.com.json"), "check"),
        (Crate("GitHub, all tags: build", "ours", "github-api.github.com.json"), "build"),
        (Crate("GitHub, issues only: build", "ours", "github-api.github.com.json", features="issues"), "build"),
        (Crate("Stripe, all tags: build", "ours", "stripe.json"), "build"),
        (User("GitHub, a program calling five operations: build of the program alone"), "build"),
    ]
    if args.only:
        measured = [(c, cmd) for c, cmd in measured if any(o in c.label for o in args.only)]
    print("\nwarming dependencies ...", file=sys.stderr)
    for crate in [baseline, *[c for c, _ in measured]]:
        crate.warm()
    rows = {crate.label: [] for crate, _ in measured}
    base_rows = []
    for round_ in range(args.runs):
        print(f"round {round_ + 1}/{args.runs}", file=sys.stderr)
        for crate, command in measured:
            base = baseline.measure("build")
            base_rows.append(base)
            ours = crate.measure(command)
            rows[crate.label].append((ours, base))
            print(f"  {crate.label}: {ours[0]:.1f} s {ours[1]:.0f} MB; progenitor nexus {base[0]:.1f} s", file=sys.stderr)
    print(f"\n## Builds (`CARGO_INCREMENTAL=0`, debug, dependencies prebuilt; {args.runs} rounds, alternating)\n")
    print("| build | wall s (median) | ratio to progenitor nexus (median of the round ratios) | peak RSS MB (max) |")
    print("|---|---|---|---|")
    b = [s for s, _ in base_rows]
    print(f"| progenitor nexus: build (baseline, {len(b)} runs) | {statistics.median(b):.2f} | 1.00 | {max(m for _, m in base_rows):.0f} |")
    for label, pairs in rows.items():
        walls = [ours[0] for ours, _ in pairs]
        ratios = [ours[0] / base[0] for ours, base in pairs]
        peak = max(ours[1] for ours, _ in pairs)
        print(f"| {label} | {statistics.median(walls):.2f} | {statistics.median(ratios):.2f} | {peak:.0f} |")


def corpus():
    """Every corpus spec's crate, all tags, built once after its dependencies."""
    exe = compare.build_ours()
    target = WORK / "target-corpus"
    env = {**os.environ, "CARGO_TARGET_DIR": str(target), "CARGO_INCREMENTAL": "0", "CARGO_TERM_COLOR": "never"}
    dirs = [CORPUS, CORPUS / "3.1"]
    files = [p for d in dirs if d.is_dir() for p in d.iterdir()]
    specs = sorted((p for p in files if p.suffix in (".json", ".yaml", ".yml")), key=lambda p: p.name)
    rows = []
    warmed = False
    for spec in specs:
        # The folder under corpus/ keeps 3.1/ apart, so a name in both stays two crates.
        out = WORK / "corpus" / spec.relative_to(CORPUS).with_suffix("")
        _, ok, reason = compare.generate("ours", exe, spec, out)
        if not ok:
            rows.append((spec.name, None, None, reason))
            continue
        name = compare.package_name(out)
        if not warmed:
            # The dependencies, once: every crate has the same (the runtime and its tree),
            # built into the shared target directory by the first crate's build.
            warmed = subprocess.run(["cargo", "build", "-q"], cwd=out, env=env).returncode == 0
        subprocess.run(["cargo", "clean", "-q", "-p", name], cwd=out, env=env, check=True)
        result = timed(["cargo", "build", "-q"], out, env, check=False)
        if isinstance(result, str):
            rows.append((spec.name, None, None, "does not build: " + result.strip().splitlines()[-1:][0]))
            continue
        seconds, peak = result
        rows.append((spec.name, seconds, peak, ""))
        print(f"  {spec.name}: {seconds:.1f} s {peak:.0f} MB", file=sys.stderr)
    print("## Corpus crates, all tags (`cargo build`, debug, `CARGO_INCREMENTAL=0`, dependencies prebuilt)\n")
    print("| spec | wall s | peak RSS MB |")
    print("|---|---:|---:|")
    for name, seconds, peak, reason in rows:
        if seconds is None:
            print(f"| {name} | fails: {reason} | |")
        else:
            print(f"| {name} | {seconds:.1f} | {peak:.0f} |")
    built = [r for r in rows if r[2] is not None]
    if built:
        worst = max(built, key=lambda r: r[2])
        print(f"\nLargest peak: {worst[0]}, {worst[2]:.0f} MB (target: at most 4,000 MB).")


if __name__ == "__main__":
    main()
