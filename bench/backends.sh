#!/usr/bin/env bash
# The same import and full re-score on SQLite and on PostgreSQL, side by
# side in one run (the two backends alternate in every step, and which one
# goes first alternates between rounds):
#   1. `rapport import jsonl` of generated data into an empty database;
#   2. `rapport rescore` (everyone judged again and stored) on the result.
#
#   RAPPORT_PG=postgres://USER@HOST:PORT bench/backends.sh [PEOPLE] [INTERACTIONS] [ROUNDS]
#   (default 100000 1000000 1; the user must be allowed to create databases)
#
# Prints wall seconds, records/s, the CPU seconds of rapport (user+system)
# and of the PostgreSQL server's processes, the database sizes, and the
# ratios PostgreSQL/SQLite. Leaves both databases of the last round in
# place for bench/serve-shared.sh:
#   sqlite://bench/out/backends-INTERACTIONS.db and RAPPORT_PG/rapport_bench_INTERACTIONS
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/db.sh
P=${1:-100000}
N=${2:-1000000}
ROUNDS=${3:-1}
PG=${RAPPORT_PG:?set RAPPORT_PG=postgres://USER@HOST:PORT (a server where this user may create databases)}
OUT=bench/out
mkdir -p "$OUT"
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport

DATA=${DATA:-$OUT/backends-$N.jsonl}
[ -f "$DATA" ] || "$BIN" generate --people "$P" --interactions "$N" --seed 42 --out "$DATA" >/dev/null
ROWS=$(wc -l < "$DATA")
SQ="sqlite://$PWD/$OUT/backends-$N.db"
PGURL="${PG%/}/rapport_bench_$N"
declare -A URL=([sqlite]=$SQ [postgres]=$PGURL)

# one step: wall s, rapport CPU s, PostgreSQL CPU s
step() {
  local url=$1; shift
  local c0 c1 t
  c0=$(pg_cpu "$url")
  /usr/bin/time -o "$OUT/time.txt" -f '%e %U %S' "$BIN" --db "$url" "$@" >/dev/null
  c1=$(pg_cpu "$url")
  read -r t u s < "$OUT/time.txt"
  echo "$t $(echo "$u + $s" | bc -l) $(echo "$c1 - $c0" | bc -l)"
}
rm -f "$OUT"/bk-*.txt
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "data: $DATA ($ROWS lines), $ROUNDS round(s), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order=(sqlite postgres); else order=(postgres sqlite); fi
  for b in "${order[@]}"; do
    db_reset "${URL[$b]}"
    line=$(step "${URL[$b]}" import jsonl "$DATA")
    echo "$line" >> "$OUT/bk-import-$b.txt"
    read -r t c p <<< "$line"
    printf 'round %d %-8s import : %8.1f s %9.0f records/s  rapport CPU %7.1f s  postgres CPU %7.1f s  size %s MB  (%s)\n' \
      "$r" "$b" "$t" "$(echo "$ROWS / $t" | bc -l)" "$c" "$p" "$(( $(db_bytes "${URL[$b]}") / 1000000 ))" "$(date -u +%H:%M:%S)"
  done
  for b in "${order[@]}"; do
    line=$(step "${URL[$b]}" rescore)
    echo "$line" >> "$OUT/bk-rescore-$b.txt"
    read -r t c p <<< "$line"
    printf 'round %d %-8s rescore: %8.1f s                      rapport CPU %7.1f s  postgres CPU %7.1f s  (%s)\n' \
      "$r" "$b" "$t" "$c" "$p" "$(date -u +%H:%M:%S)"
  done
done
for what in import rescore; do
  s=$(cut -d' ' -f1 "$OUT/bk-$what-sqlite.txt" | median); p=$(cut -d' ' -f1 "$OUT/bk-$what-postgres.txt" | median)
  printf '%-7s median: sqlite %8.1f s  postgres %8.1f s  postgres/sqlite time %.2f\n' "$what" "$s" "$p" "$(echo "$p / $s" | bc -l)"
done
rm -f "$OUT"/bk-*.txt "$OUT/time.txt"
echo "people: sqlite $(db_sql "$SQ" 'SELECT count(*) FROM person') postgres $(db_sql "$PGURL" 'SELECT count(*) FROM person')"
