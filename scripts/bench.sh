#!/usr/bin/env bash
# Every benchmark, then the comparison with progenitor, in the order BENCHMARKS.md shows
# them; prints Markdown. Run it on a quiet machine: 7 minutes on 2 cores once warm for the
# first steps, then bench-big.py's builds (about 3 minutes a round, 2 rounds); the first run
# also installs cargo-progenitor and builds both generators' crates' dependencies.
#
#   bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

echo "# Generation (cargo bench -p openapi-client-codegen --bench generation)"
cargo bench -q --locked -p openapi-client-codegen --bench generation

echo "# Client overhead (cargo bench -p zalo-api-clients --bench client)"
cargo bench -q --locked -p zalo-api-clients --bench client

echo "# Download memory (cargo bench -p codegen-tests --bench download)"
cargo bench -q --locked -p codegen-tests --bench download

echo "# Build cost (python3 scripts/bench-build.py)"
python3 scripts/bench-build.py

echo "# Against progenitor 0.15.1 (python3 scripts/compare-progenitor.py)"
python3 scripts/compare-progenitor.py

echo "# Big APIs against progenitor's nexus build (python3 scripts/bench-big.py)"
python3 scripts/bench-big.py
