#!/usr/bin/env python3
"""What the generated crate costs a user's build.

    python3 scripts/bench-build.py

Measures, in target directories of its own under target/bench-build*:

1. a clean `cargo build -p zalo-api-clients` (dev profile), wall time, with `--timings`;
2. a clean build of the runtime crate alone: what any client over reqwest and serde
   needs anyway, so the difference is what generating at build time adds;
3. from the timings, the units that only the build script needs (the generator and its
   dependencies), the build script's run (generation itself) and the generated crate's
   own compilation;
4. a no-op rebuild, which must be fresh and run no build script;
5. a rebuild after a spec changes (the build script runs, the crate recompiles).

Only the Python standard library is used.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CRATE = "zalo-api-clients"


def cargo(args, target, check=True):
    env = {**os.environ, "CARGO_TARGET_DIR": str(target), "CARGO_TERM_COLOR": "never"}
    start = time.perf_counter()
    done = subprocess.run(["cargo", *args], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if check and done.returncode != 0:
        sys.exit(f"cargo {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stderr


def units(target):
    """The units of the last --timings build: {(name, version, target): seconds}."""
    html = (target / "cargo-timings" / "cargo-timing.html").read_text()
    match = re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S)
    if not match:
        sys.exit("no UNIT_DATA in cargo's timing report; has its format changed?")
    data = json.loads(match.group(1))
    out = {}
    for unit in data:
        key = (unit["name"], unit["version"], unit["target"].strip() or "lib")
        out[key] = out.get(key, 0.0) + unit["duration"]
    return out


def clean_build(package, target):
    if target.exists():
        shutil.rmtree(target)
    seconds, _ = cargo(["build", "-p", package, "--locked", "--timings"], target)
    return seconds, units(target)


def main():
    full_dir = REPO / "target" / "bench-build"
    runtime_dir = REPO / "target" / "bench-build-runtime"
    print(f"cores: {os.cpu_count()}; dev profile; each clean build in an empty target directory\n")

    full_wall, full = clean_build(CRATE, full_dir)
    runtime_wall, runtime = clean_build("openapi-client-runtime", runtime_dir)

    own = {k: v for k, v in full.items() if k[0] == CRATE}
    extra = {k: v for k, v in full.items() if k not in runtime and k[0] != CRATE}
    run_script = sum(v for k, v in own.items() if "build-script" in k[2] and "run" in k[2])
    compile_script = sum(v for k, v in own.items() if "build-script" in k[2] and "run" not in k[2])
    crate = sum(v for k, v in own.items() if "build-script" not in k[2])

    print("| what | seconds |")
    print("|---|---:|")
    print(f"| clean build of `{CRATE}` (wall) | {full_wall:.1f} |")
    print(f"| clean build of the runtime alone (wall) | {runtime_wall:.1f} |")
    print(f"| difference: what generating at build time adds (wall) | {full_wall - runtime_wall:.1f} |")
    print(f"| units only the build script needs: {len(extra)} crates (sum of unit times) | {sum(extra.values()):.1f} |")
    print(f"| compiling the build script | {compile_script:.1f} |")
    print(f"| running it: generating both clients | {run_script:.2f} |")
    print(f"| compiling the generated crate | {crate:.1f} |")

    # No change: nothing may run or rebuild.
    noop_wall, log = cargo(["build", "-p", CRATE, "--locked", "-v"], full_dir)
    fresh = f"Fresh {CRATE}" in log and "build-script-build" not in log
    print(f"| no-op rebuild (wall; {'fresh, no build script run' if fresh else 'NOT FRESH'}) | {noop_wall:.2f} |")

    # A spec saved unchanged: the build script runs, writes nothing new, nothing recompiles.
    spec = REPO / "spec" / "gobysend.yaml"
    original = spec.read_bytes()
    os.utime(spec)
    touch_wall, _ = cargo(["build", "-p", CRATE, "--locked"], full_dir)
    print(f"| rebuild after a spec is saved unchanged (wall) | {touch_wall:.2f} |")
    # A real edit (the API's description, so the generated docs change): the build script
    # runs and the crate recompiles. The spec is put back as it was, whatever happens.
    try:
        spec.write_bytes(original.replace(b"what the server sends.", b"what the server sends (edited).", 1))
        edit_wall, _ = cargo(["build", "-p", CRATE, "--locked"], full_dir)
    finally:
        spec.write_bytes(original)
    print(f"| rebuild after a spec edit (wall) | {edit_wall:.1f} |")

    print("\nThe build script's own dependencies, slowest first (unit seconds):\n")
    for (name, version, kind), seconds in sorted(extra.items(), key=lambda kv: -kv[1])[:10]:
        print(f"- {name} {version} ({kind}): {seconds:.1f}")
    if not fresh:
        sys.exit("a no-op rebuild was not fresh")


if __name__ == "__main__":
    main()
