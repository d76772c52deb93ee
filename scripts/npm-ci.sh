#!/usr/bin/env bash
# `npm ci` with up to three attempts, for the one failure seen in CI that is not ours: npm's
# tarball extraction racing itself (`TAR_ENTRY_ERROR ENOENT ... lstat node_modules/...`),
# which left a half-written node_modules and failed the run after 9 s. Each retry starts
# from an empty node_modules and a verified cache; a failure that repeats three times is
# real and fails the run, with the tail of npm's own log printed.
# Usage: scripts/npm-ci.sh [DIR]   (DIR holds package.json and package-lock.json; default .)
set -euo pipefail
cd "${1:-.}"
for attempt in 1 2 3; do
  if npm ci --no-audit --no-fund --silent; then
    exit 0
  fi
  echo "npm ci failed in $(pwd) (attempt $attempt of 3)" >&2
  log=$(ls -t "$(npm config get cache 2>/dev/null || echo "$HOME/.npm")"/_logs/*-debug-0.log 2>/dev/null | head -1 || true)
  if [ -n "$log" ]; then
    grep -E 'error|verbose stack' "$log" | tail -15 >&2 || true
  fi
  rm -rf node_modules
  npm cache verify >/dev/null 2>&1 || true
  sleep $((attempt * 5))
done
echo "npm ci failed three times in $(pwd)" >&2
exit 1
