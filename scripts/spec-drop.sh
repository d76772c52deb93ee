#!/usr/bin/env bash
# A spec dropped into spec/ is generated, built and documented with no other file edited,
# and once removed it leaves nothing behind in OUT_DIR. Run on a temporary copy of the
# tracked files, sharing this checkout's target directory, so nothing here changes.
#
#   bash scripts/spec-drop.sh [SPEC]    (default: tests/fixtures/parameters.yaml)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
spec=${1:-$root/tests/fixtures/parameters.yaml}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$work"
cp "$spec" "$work/spec/dropped.yaml"

# Builds the generated crate; prints its OUT_DIR and fails on any warning of the crate's
# own code (the crate warns on missing docs, so an undocumented item fails here).
build() {
  (cd "$work" && cargo build -q -p zalo-api-clients --locked --message-format=json) | python3 -c '
import json, sys
out_dir, warnings = None, []
for line in sys.stdin:
    m = json.loads(line)
    name = m.get("package_id", "")
    if "zalo-api-clients" not in name and "generated#" not in name:
        continue
    if m.get("reason") == "build-script-executed":
        out_dir = m["out_dir"]
    if m.get("reason") == "compiler-message" and m["message"]["level"] in ("warning", "error"):
        warnings.append(m["message"]["rendered"])
if warnings:
    sys.exit("the generated crate warns:\n" + "".join(warnings))
if not out_dir:
    sys.exit("no OUT_DIR was reported for zalo-api-clients")
print(out_dir)
'
}

out_dir=$(build)
test -s "$out_dir/openapi_clients/dropped.rs" || { echo "dropped.yaml was not generated" >&2; exit 1; }
grep -q '"openapi_clients/dropped.rs"' "$out_dir/openapi_clients.rs" || { echo "the index does not include dropped.rs" >&2; exit 1; }
grep -q 'pub mod dropped' "$out_dir/openapi_clients/dropped.rs"
echo "dropped in: generated, included and built without a warning ($out_dir)"

rm "$work/spec/dropped.yaml"
out_dir=$(build)
if [ -e "$out_dir/openapi_clients/dropped.rs" ] || grep -q dropped "$out_dir/openapi_clients.rs"; then
  echo "the removed spec left its module behind in $out_dir" >&2
  exit 1
fi
echo "removed: nothing left behind in OUT_DIR"
