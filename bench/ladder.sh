#!/usr/bin/env bash
# Ladder validation on unseen data: generates shops with seeds the unit
# tests never use, imports them with the release binary, and prints each
# label's precision and recall against the generator's truth file.
#
#   bash bench/ladder.sh            # seeds 1001 and 2002, two sizes each
#   RAPPORT_BIN=path/to/rapport bash bench/ladder.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${RAPPORT_BIN:-${CARGO_TARGET_DIR:-target}/release/rapport}
[ -x "$BIN" ] || cargo build --release
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

for seed in 1001 2002; do
  for size in "1000 10000" "5000 50000"; do
    set -- $size
    people=$1 interactions=$2
    out="$WORK/s$seed-$people.jsonl"
    db="sqlite://$WORK/s$seed-$people.db"
    "$BIN" generate --people "$people" --interactions "$interactions" --seed "$seed" --out "$out" >/dev/null
    "$BIN" --db "$db" import jsonl "$out" --json >/dev/null
    "$BIN" --db "$db" people --json >"$WORK/people.json"
    python3 - "$WORK/people.json" "${out%.jsonl}.truth.jsonl" "$seed" "$people" "$interactions" <<'PY'
import json, sys
people_file, truth_file, seed, n, m = sys.argv[1:]
people = json.load(open(people_file))
by_handle = {}
for p in people:
    for i in p["identities"]:
        by_handle[(i["channel"], i["handle"].lower())] = p
truth = {}
for line in open(truth_file):
    t = json.loads(line)
    p = by_handle.get((t["channel"], t["handle"].lower()))
    if p is not None:
        truth[p["id"]] = t["persona"]
labels = ["true_fan", "evangelist", "influencer", "detractor", "box_ticker"]
print(f"seed {seed}, {n} people, {m} interactions ({len(truth)} people matched)")
worst = 1.0
for label in labels:
    predicted = {p["id"] for p in people if label in p["labels"]}
    actual = {pid for pid, persona in truth.items() if persona == label}
    hit = len(predicted & actual)
    precision = hit / max(len(predicted), 1)
    recall = hit / max(len(actual), 1)
    worst = min(worst, precision, recall)
    print(f"  {label:<11} precision {precision:.3f}  recall {recall:.3f}  ({len(actual)} true, {len(predicted)} predicted)")
print(f"  lowest {worst:.3f}")
PY
  done
done
