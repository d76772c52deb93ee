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

Each build is `cargo clean -p <crate>` then the command, with CARGO_INCREMENTAL=0 (debug
profile), so only the crate itself compiles. Reported per build: the median wall time, the
ratio to progenitor's nexus build of the same round, and the peak resident memory of the
build's process tree (the largest rustc), read from wait4's rusage. Also the generation
time of `codegen generate` for each spec (whole process, median of 5).

Only the Python standard library is used. Prints Markdown.
"""

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "target" / "bench-big"
CORPUS = REPO.parent / "shared" / "corpus"

spec = importlib.util.spec_from_file_location("compare", REPO / "scripts" / "compare-progenitor.py")
compare = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare)


def timed(cmd, cwd, env):
    """Runs `cmd`; returns (seconds, peak RSS in MB of the process tree, completed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait4's rusage of a child holds the largest RSS among it and the descendants it
    # waited for: cargo waits for every rustc.
    out, err = b"", b""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{err.decode()[-3000:]}")
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
        subprocess.run(["cargo", "build", "-q", *self.args()], cwd=self.dir, env=self.env(), check=True)

    def measure(self, command):
        name = compare.package_name(self.dir)
        subprocess.run(["cargo", "clean", "-q", "-p", name], cwd=self.dir, env=self.env(), check=True)
        return timed(["cargo", command, "-q", *self.args()], self.dir, self.env())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="labels to measure (besides the baseline)")
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
