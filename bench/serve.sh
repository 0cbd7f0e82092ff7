#!/usr/bin/env bash
# Server latency under load: `rapport serve` over a generated shop, 50
# concurrent clients (wrk, on loopback only) reading a mix of API routes and
# dashboard pages (bench/serve-mix.lua), bounded in time.
#
#   bench/serve.sh [PEOPLE] [INTERACTIONS] [SECONDS]   (default 1000000 2000000 30)
#
# Prints start-up time, memory and the latency percentiles. MIX=inbox keeps
# the inbox and person endpoints only; RAPPORT_BENCH_DB=path serves an
# existing database instead (e.g. bench/rescore.sh's 10M-interaction one).
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-1000000}
N=${2:-2000000}
SECS=${3:-30}
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q
BIN=$PWD/target/release/rapport

DATA="$OUT/serve-$PEOPLE-$N.jsonl"
DB=${RAPPORT_BENCH_DB:-$OUT/serve-$PEOPLE-$N.db}
[ -f "$DB" ] || [ -f "$DATA" ] || "$BIN" generate --people "$PEOPLE" --interactions "$N" --seed 42 --out "$DATA" >/dev/null
[ -f "$DB" ] || "$BIN" --db "sqlite://$DB" import jsonl "$DATA" >/dev/null
echo 'bench password' | "$BIN" --db "sqlite://$DB" user add bench@example.org --role viewer --password-stdin >/dev/null 2>&1 || true
TOKEN=$("$BIN" --db "sqlite://$DB" token create bench@example.org 2>/dev/null)
PORT=18977
start=$(date +%s)
"$BIN" --db "sqlite://$DB" serve --addr "127.0.0.1:$PORT" 2>"$OUT/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 900); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 1; done
echo "listening after $(( $(date +%s) - start )) s"
# The first report is computed in the background; wait for it (bounded).
curl -sf -o /dev/null -m 900 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/report"
# The other report windows come last in the background; wait for them too,
# so the load does not share the cores with them.
curl -sf -o /dev/null -m 900 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/report?since=12w"
echo "report ready after $(( $(date +%s) - start )) s; RSS $(( $(ps -o rss= -p $PID) / 1024 )) MiB"
# Warm the kept sort orders once, as a first visitor would.
for q in "sort=name" "label=true_fan&sort=lifetime_value" "stage=fan"; do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/people?$q&limit=1"
done
TOKEN=$TOKEN wrk -t2 -c50 -d"${SECS}s" --latency -s bench/serve-mix.lua "http://127.0.0.1:$PORT"
kill -TERM $PID
wait $PID && echo "server stopped cleanly on SIGTERM"
