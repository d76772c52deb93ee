#!/usr/bin/env bash
# Spec conformance: serves both specs with Prism (pinned in package-lock.json; request
# validation on, and `--errors` so a request that breaks the spec is answered with an
# error rather than a best-effort response), then has the generated clients call every
# operation and decode every response (tests/conformance.rs), then runs the contract
# tests generated for both (one per operation, and one call per declared error status).
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x node_modules/.bin/prism ] || npm ci --no-audit --no-fund
mkdir -p target
base=${PRISM_PORT_BASE:-4010}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

port=$base
declare -A urls
for spec in spec/sencloud.yaml spec/gobysend.yaml; do
  name=$(basename "$spec" .yaml)
  node_modules/.bin/prism mock --errors --host 127.0.0.1 --port "$port" "$spec" > "target/prism-$name.log" 2>&1 &
  pids+=($!)
  urls[$name]="http://127.0.0.1:$port"
  port=$((port + 1))
done

# Wait up to 60 s for each server to accept connections.
for name in "${!urls[@]}"; do
  port=${urls[$name]##*:}
  for _ in $(seq 1 120); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue 2; fi
    sleep 0.5
  done
  echo "Prism did not start for $name; its log:" >&2
  cat "target/prism-$name.log" >&2
  exit 1
done

export SENCLOUD_BASE_URL=${urls[sencloud]} GOBYSEND_BASE_URL=${urls[gobysend]}
cargo test -p codegen-tests --test conformance --locked -- --ignored --nocapture
# The contract tests generated into the seed clients (generated/build.rs), one per operation.
cargo test -p zalo-api-clients --lib --locked contract_tests -- --ignored
