#!/usr/bin/env bash
# Whole-workload ladder benchmark at 1M people / 10M interactions:
#   1. `rapport rescore` (everyone judged again and stored) beside Debian's
#      sqlite3 shell running one aggregate over the same interactions per
#      person (count, latest) — the floor of "read everything once";
#   2. the incremental update after importing a small batch of new
#      comments by existing people at the latest moment (per interaction);
#   3. the update when the clock moves a day (people whose activities
#      leave the 90-day window are judged again).
#
#   bench/rescore.sh [PEOPLE] [INTERACTIONS] [ROUNDS]   (default 1000000 10000000 3)
#   RAPPORT_BENCH_DB=path reuses a database imported earlier.
#   RAPPORT_DB=URL (sqlite://PATH or postgres://USER@HOST:PORT/DB) runs it
#   all on that database instead, imported once when it has no people; on
#   PostgreSQL the aggregate peer runs in psql.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/db.sh
P=${1:-1000000}
N=${2:-10000000}
ROUNDS=${3:-3}
OUT=bench/out
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport
DATA="$OUT/ladder-$N.jsonl"
DB=${RAPPORT_DB:-sqlite://${RAPPORT_BENCH_DB:-$OUT/ladder-$N.db}}
db_exists "$DB" || db_reset "$DB"
if [ "$(db_sql "$DB" "SELECT count(*) FROM (SELECT 1 FROM person LIMIT 1) p" 2>/dev/null || echo 0)" != 1 ]; then
  [ -f "$DATA" ] || "$BIN" generate --people "$P" --interactions "$N" --seed 7 --out "$DATA" >/dev/null
  echo "importing $N interactions (once) ..."
  "$BIN" --db "$DB" import jsonl "$DATA" >/dev/null
fi
"$BIN" --db "$DB" rescore >/dev/null   # fills signals of older rows once

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { local s; s=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $s" | bc -l; }

echo "== full rescore vs one sqlite3 aggregate over the same rows ($ROUNDS rounds, side by side)"
: > "$OUT/r.txt"; : > "$OUT/q.txt"
for _ in $(seq "$ROUNDS"); do
  secs "$BIN" --db "$DB" rescore >> "$OUT/r.txt"
  secs db_sql "$DB" "SELECT count(*) FROM (SELECT d.person_id, count(*), max(i.created_at)
      FROM interaction i JOIN identity d ON d.id = i.identity_id GROUP BY d.person_id);" >> "$OUT/q.txt"
done
R=$(median < "$OUT/r.txt"); Q=$(median < "$OUT/q.txt")
printf 'rapport rescore: %6.1f s   sqlite3 aggregate: %6.1f s   ratio %.2f× the aggregate\n' "$R" "$Q" "$(echo "$R / $Q" | bc -l)"
db_sql "$DB" "SELECT count(*) || ' people, ' || (SELECT count(*) FROM interaction) || ' interactions' FROM person_score;"

echo "== incremental: a batch of new comments by existing people"
LATEST=$(db_sql "$DB" "SELECT max(created_at) FROM interaction")
for size in 100 1000 10000; do
  db_sql "$DB" "SELECT channel, handle FROM identity WHERE id % 97 = 3 ORDER BY id LIMIT $size" > "$OUT/ids.txt"
  python3 - "$OUT/ids.txt" "$size" "$LATEST" "$OUT/new-$size.jsonl" <<'PY'
import json, sys, datetime
ids, size, latest, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [l.rstrip("\n").split("|", 1) for l in open(ids) if l.strip()]
at = datetime.datetime.fromtimestamp(latest, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
import random
tag = random.randrange(1 << 40)
with open(out, "w") as f:
    for n, (ch, h) in enumerate(rows):
        f.write(json.dumps({"channel": ch, "external_id": f"bench-{tag}-{n}", "kind": "comment",
            "author": {"handle": h}, "text": "Does the gravel tyre fit a 29er rim?",
            "created_at": at, "post_id": None, "from_brand": False}) + "\n")
PY
  line=$(RAPPORT_LOG=ladder=info NO_COLOR=1 "$BIN" --db "$DB" import jsonl "$OUT/new-$size.jsonl" 2>&1 >/dev/null | grep "ladder updated" | tail -1)
  ms=$(echo "$line" | sed -E 's/.*millis=([0-9]+).*/\1/'); judged=$(echo "$line" | sed -E 's/.*judged=([0-9]+).*/\1/')
  printf '%6d new interactions: update %5d ms, %4d µs per interaction (%d people judged)\n' "$size" "$ms" "$((ms * 1000 / size))" "$judged"
done
echo "== the clock moves a day: one new comment a day after the latest"
db_sql "$DB" "SELECT channel, handle FROM identity WHERE id = 5" > "$OUT/ids.txt"
python3 - "$OUT/ids.txt" 1 "$((LATEST + 86400))" "$OUT/day.jsonl" <<'PY'
import json, sys, datetime, random
ids, size, latest, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ch, h = open(ids).readline().rstrip("\n").split("|", 1)
at = datetime.datetime.fromtimestamp(latest, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
with open(out, "w") as f:
    f.write(json.dumps({"channel": ch, "external_id": f"bench-day-{random.randrange(1 << 40)}", "kind": "comment",
        "author": {"handle": h}, "text": "Thanks for the quick help with my order", "created_at": at,
        "post_id": None, "from_brand": False}) + "\n")
PY
line=$(RAPPORT_LOG=ladder=info NO_COLOR=1 "$BIN" --db "$DB" import jsonl "$OUT/day.jsonl" 2>&1 >/dev/null | grep "ladder updated" | tail -1)
echo "$line" | sed -E 's/.*judged=([0-9]+).*millis=([0-9]+).*/update: \1 people judged again in \2 ms/'
"$BIN" --db "$DB" rescore --check >/dev/null && echo "stored verdicts equal judging everyone: yes"
