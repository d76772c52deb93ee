#!/usr/bin/env bash
# The live suites (tests/live.rs): installs each framework app of tests/live/ from the
# package registries, pinned (Python in a virtual environment from its requirements.txt,
# Node from its package-lock.json),
# and runs the generated clients against the servers they start on loopback.
#
#   bash scripts/live.sh
set -euo pipefail
cd "$(dirname "$0")/.."

venvs="${CARGO_TARGET_DIR:-target}/live"
mkdir -p "$venvs"
venvs="$(cd "$venvs" && pwd)"

python_app() {
  local name=$1
  local venv="$venvs/$name"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "tests/live/$name/requirements.txt"
  echo "$venv/bin/python"
}

LIVE_FASTAPI_PYTHON="$(python_app fastapi)"
LIVE_DRF_PYTHON="$(python_app drf)"
export LIVE_FASTAPI_PYTHON LIVE_DRF_PYTHON

# NestJS: pinned by its package-lock.json, compiled once.
bash scripts/npm-ci.sh tests/live/nestjs
(cd tests/live/nestjs && npm run --silent build)
LIVE_NODE="$(command -v node)"
export LIVE_NODE

cargo test --locked -p codegen-tests --test live -- --include-ignored
