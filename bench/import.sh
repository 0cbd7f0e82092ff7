#!/usr/bin/env bash
# Whole-workload import benchmark: `rapport import jsonl` against Debian's
# sqlite3 shell importing the same rows as CSV (`.import`) into a table
# with the same columns and unique key, side by side in one run.
#
#   bench/import.sh [INTERACTIONS] [ROUNDS]     (default 1000000, 3)
#   RAPPORT_DB=postgres://USER@HOST:PORT/DB     rapport imports into this
#     PostgreSQL database instead (dropped and created again each round),
#     and the peer is `psql \copy` of the same CSV into a table of the same
#     shape in DB_copy on the same server
#
# Prints records/s for both and the ratio rapport/peer (median of ROUNDS).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/db.sh
N=${1:-1000000}
ROUNDS=${2:-3}
OUT=bench/out
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport
RDB=${RAPPORT_DB:-sqlite://$PWD/$OUT/r.db}
KIND=$(db_kind "$RDB")

DATA="$OUT/import-$N.jsonl"
[ -f "$DATA" ] || "$BIN" generate --people $((N / 10)) --interactions "$N" --seed 42 --out "$DATA" >/dev/null
CSV="$OUT/import-$N.csv"
[ -f "$CSV" ] || python3 - "$DATA" "$CSV" <<'PY'
import csv, json, sys
src, dst = sys.argv[1], sys.argv[2]
cols = ["channel", "external_id", "kind", "handle", "text", "created_at", "in_reply_to", "post_id", "url", "from_brand"]
with open(src, encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    for line in f:
        r = json.loads(line)
        if r.get("kind") == "order":
            continue
        w.writerow([r["channel"], r["external_id"], r["kind"], r["author"]["handle"], r.get("text", ""),
                    r["created_at"], r.get("in_reply_to") or "", r.get("post_id") or "", r.get("url") or "",
                    1 if r.get("from_brand") else 0])
PY
ROWS=$(wc -l < "$DATA")
CSV_ROWS=$(wc -l < "$CSV")

now() { date +%s.%N; }
rapport_once() {
  db_reset "$RDB"
  local t0 t1; t0=$(now)
  "$BIN" --db "$RDB" import jsonl "$DATA" --json >/dev/null
  t1=$(now); echo "$t1 - $t0" | bc -l
}
sqlite_once() {
  [ "$KIND" = postgres ] && { psql_once; return; }
  rm -f "$OUT"/s.db*
  local t0 t1; t0=$(now)
  sqlite3 "$OUT/s.db" <<SQL >/dev/null
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE interaction (channel TEXT NOT NULL, external_id TEXT NOT NULL,
  kind TEXT NOT NULL, handle TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL,
  in_reply_to TEXT, post_id TEXT, url TEXT, from_brand INTEGER NOT NULL, UNIQUE (channel, external_id));
CREATE INDEX interaction_handle ON interaction (handle);
.mode csv
.import $CSV interaction
SQL
  t1=$(now); echo "$t1 - $t0" | bc -l
}
psql_once() {
  local peer="${RDB%%\?*}_copy"
  db_reset "$peer"
  local t0 t1; t0=$(now)
  psql -q -v ON_ERROR_STOP=1 "$peer" <<SQL >/dev/null
CREATE TABLE interaction (channel TEXT NOT NULL, external_id TEXT NOT NULL,
  kind TEXT NOT NULL, handle TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL,
  in_reply_to TEXT, post_id TEXT, url TEXT, from_brand INTEGER NOT NULL, UNIQUE (channel, external_id));
CREATE INDEX interaction_handle ON interaction (handle);
\copy interaction FROM '$CSV' WITH (FORMAT csv)
SQL
  t1=$(now); db_drop "$peer"; echo "$t1 - $t0" | bc -l
}
command -v bc >/dev/null || { apt-get update -qq && apt-get install -y -qq bc >/dev/null; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
r_times=(); s_times=()
for _ in $(seq "$ROUNDS"); do
  s_times+=("$(sqlite_once)")
  r_times+=("$(rapport_once)")
done
R=$(printf '%s\n' "${r_times[@]}" | median)
S=$(printf '%s\n' "${s_times[@]}" | median)
printf 'rows: rapport %s (interactions + orders), sqlite3 %s\n' "$ROWS" "$CSV_ROWS"
printf 'rapport import jsonl : %8.2f s  %10.0f records/s   (runs: %s)\n' "$R" "$(echo "$ROWS / $R" | bc -l)" "${r_times[*]}"
PEER=$([ "$KIND" = postgres ] && echo 'psql \copy csv' || echo 'sqlite3 .import csv')
echo "rapport into: $KIND"
printf '%-21s: %8.2f s  %10.0f records/s   (runs: %s)\n' "$PEER" "$S" "$(echo "$CSV_ROWS / $S" | bc -l)" "${s_times[*]}"
printf 'ratio rapport/peer (records/s): %.2f\n' "$(echo "($ROWS / $R) / ($CSV_ROWS / $S)" | bc -l)"
