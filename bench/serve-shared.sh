#!/usr/bin/env bash
# The inbox and person load (bench/serve-mix.lua, MIX=inbox) against one or
# more `rapport serve` processes sharing one database, optionally while an
# import runs through the job queue.
#
#   bench/serve-shared.sh URL       (URL: sqlite://PATH or postgres://USER@HOST:PORT/DB;
#                                    or RAPPORT_DB=URL; an imported database)
#
#   SERVERS=1     servers, each on a free loopback port; one wrk per server,
#                 CONNS/SERVERS connections each (wrk -t2 for one server,
#                 -t1 each for more: the load is on the same cores)
#   WORKERS=0     `rapport worker` processes; with any, the servers run
#                 with --no-worker; with none and an IMPORT, the servers
#                 run the queued jobs themselves (in-process)
#   IMPORT=file   split into PARTS (8) files of whole lines and queued with
#                 `rapport import --queue jsonl` just before the load; the
#                 parts not finished when the load (and IMPORT_WAIT) ends
#                 are taken off the queue, so the database can be loaded again
#   MIX=inbox     or inbox-api (bench/serve-mix.lua)
#   CONNS=50  SECS=30  WARMUP=5 (seconds of unrecorded load first)
#   IMPORT_WAIT=0 seconds to wait after the load for the import to finish
#                 (its whole duration is printed when it does)
#
# Prints each wrk's requests/s, errors and p50/p90/p99/p99.9, the summed
# requests/s, and the interactions stored during the load (per second).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/db.sh
DB=${1:-${RAPPORT_DB:?give a database URL (argument or RAPPORT_DB)}}
SERVERS=${SERVERS:-1}; WORKERS=${WORKERS:-0}; CONNS=${CONNS:-50}; SECS=${SECS:-30}
WARMUP=${WARMUP:-5}; PARTS=${PARTS:-8}; IMPORT_WAIT=${IMPORT_WAIT:-0}
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport
R() { "$BIN" --db "$DB" "$@"; }

echo 'bench password' | R user add bench@example.org --role agent --password-stdin >/dev/null 2>&1 || true
TOKEN=$(R token create bench@example.org 2>/dev/null)
PEOPLE=$(db_sql "$DB" "SELECT max(id) FROM person")
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
flags=(--api-rate 0)
# servers run queued jobs themselves only when there is an import and no worker
{ [ "$WORKERS" -gt 0 ] || [ -z "${IMPORT:-}" ]; } && flags+=(--no-worker)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORTS=()
for i in $(seq 0 $((SERVERS - 1))); do
  PORTS+=("$(free_port)")
  "$BIN" --db "$DB" serve --addr "127.0.0.1:${PORTS[$i]}" "${flags[@]}" 2>"$OUT/serve-$i.log" &
  PIDS+=($!)
done
for i in $(seq 1 "$WORKERS"); do
  "$BIN" --db "$DB" worker --idle-ms 200 2>"$OUT/worker-$i.log" &
  PIDS+=($!)
done
for i in $(seq 0 $((SERVERS - 1))); do
  until curl -sf -o /dev/null "http://127.0.0.1:${PORTS[$i]}/health"; do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "server $i exited:"; cat "$OUT/serve-$i.log"; exit 1; }
    sleep 0.05
  done
  # the first inbox page, each page of the mix once, before any load
  for p in "/api/inbox?limit=50" / /api/people/10 /api/people/10/interactions /people/10; do
    printf 'server %d first %s: %s\n' "$i" "$p" "$(curl -s -m 300 -o /dev/null -w '%{http_code} %{time_total} s' \
      -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PORTS[$i]}$p")"
  done
done
echo "database: $(db_kind "$DB"), mix ${MIX:-inbox}, $SERVERS server(s), $WORKERS worker(s), $CONNS connections, $SECS s, people ids up to $PEOPLE"

per=$((CONNS / SERVERS)); threads=$([ "$SERVERS" = 1 ] && echo 2 || echo 1)
load() { # seconds, tag
  local i ws=()
  for i in $(seq 0 $((SERVERS - 1))); do
    TOKEN=$TOKEN PEOPLE=$PEOPLE MIX=${MIX:-inbox} wrk --timeout 10s -t"$threads" -c"$per" -d"$1s" --latency \
      -s bench/serve-mix.lua "http://127.0.0.1:${PORTS[$i]}" > "$OUT/wrk-$2-$i.txt" 2>&1 &
    ws+=($!)
  done
  for i in "${ws[@]}"; do wait "$i" || true; done
}
[ "$WARMUP" -gt 0 ] && load "$WARMUP" warm

if [ -n "${IMPORT:-}" ]; then
  rm -rf "$OUT/parts"; mkdir -p "$OUT/parts"
  split -n "l/$PARTS" -d "$IMPORT" "$OUT/parts/part-"
  LINES=$(wc -l < "$IMPORT")
  t=$(date +%s.%N)
  R import --queue jsonl "$OUT"/parts/part-* >/dev/null
  echo "queued $LINES lines in $PARTS jobs in $(echo "$(date +%s.%N) - $t" | bc -l | xargs printf '%.1f') s"
fi
ti=$(date +%s.%N)
m0=$(db_sql "$DB" "SELECT coalesce(max(id), 0) FROM interaction")
load "$SECS" run
m1=$(db_sql "$DB" "SELECT coalesce(max(id), 0) FROM interaction")
total=0
for i in $(seq 0 $((SERVERS - 1))); do
  f="$OUT/wrk-run-$i.txt"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
  total=$(echo "$total + $rps" | bc -l)
  printf 'server %d: %s requests/s; %s; %s\n' "$i" "$rps" \
    "$(grep -E '^p(50|90|99|99.9) ' "$f" | awk '{printf "%s %s ms / ", $1, $2}' | sed 's# / $##')" \
    "$(grep -E '^requests ' "$f")"
done
printf 'all servers: %.0f requests/s\n' "$total"
echo "interactions stored during the load: $((m1 - m0)) ($(echo "($m1 - $m0) / $SECS" | bc) per second)"
if [ -n "${IMPORT:-}" ] && [ "$IMPORT_WAIT" -gt 0 ]; then
  left() { db_sql "$DB" "SELECT count(*) FROM job WHERE kind = 'import' AND state IN ('queued', 'running')"; }
  end=$(( $(date +%s) + IMPORT_WAIT ))
  while [ "$(left)" != 0 ] && [ "$(date +%s)" -lt "$end" ]; do sleep 1; done
  if [ "$(left)" = 0 ]; then
    d=$(echo "$(date +%s.%N) - $ti" | bc -l)
    printf 'import of %d lines finished %.1f s after the load began: %.0f lines/s\n' "$LINES" "$d" "$(echo "$LINES / $d" | bc -l)"
  else
    echo "import not finished $IMPORT_WAIT s after the load"
  fi
fi
db_sql "$DB" "SELECT state, count(*) FROM job WHERE kind = 'import' GROUP BY state" | tr '\n' ' '; echo
# a job cut short is not waited for
for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
PIDS=()
if [ -n "${IMPORT:-}" ]; then
  db_sql "$DB" "DELETE FROM job WHERE kind = 'import' AND state IN ('queued', 'running')"
fi
