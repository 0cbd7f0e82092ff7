#!/usr/bin/env bash
# Server benchmark over a generated shop: start-up, the first view of every
# dashboard page and API list, latency and memory under 50 concurrent
# clients (wrk on loopback, bench/serve-mix.lua), how soon a write shows,
# and the same while an import of more data runs into the same database.
#
#   bench/serve.sh [PEOPLE] [INTERACTIONS] [SECONDS]   (default 100000 1000000 30)
#
#   RAPPORT_BENCH_DB=path  serves an existing database instead of generating
#   RAPPORT_DB=URL         the database by URL (sqlite://PATH or
#                          postgres://USER@HOST:PORT/DB), imported when it
#                          has no people yet
#   IMPORT=file.jsonl      also measures while `rapport import` stores this file
#   MIX=inbox              keeps only the inbox and person endpoints
#
# Every figure is printed as `name: value` lines.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/db.sh
PEOPLE=${1:-100000}
N=${2:-1000000}
SECS=${3:-30}
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport

DATA="$OUT/serve-$PEOPLE-$N.jsonl"
DB=${RAPPORT_DB:-sqlite://${RAPPORT_BENCH_DB:-$OUT/serve-$PEOPLE-$N.db}}
db_exists "$DB" || db_reset "$DB"
if [ "$(db_sql "$DB" "SELECT count(*) FROM (SELECT 1 FROM person LIMIT 1) p" 2>/dev/null || echo 0)" != 1 ]; then
  [ -f "$DATA" ] || "$BIN" generate --people "$PEOPLE" --interactions "$N" --seed 42 --out "$DATA" >/dev/null
  "$BIN" --db "$DB" import jsonl "$DATA" >/dev/null
fi
echo 'bench password' | "$BIN" --db "$DB" user add bench@example.org --role agent --password-stdin >/dev/null 2>&1 || true
TOKEN=$("$BIN" --db "$DB" token create bench@example.org 2>/dev/null)
PORT=18977
URL="http://127.0.0.1:$PORT"
auth=(-H "Authorization: Bearer $TOKEN")

t0=$(date +%s.%N)
# One token plays fifty clients: its rate limit is off for the benchmark.
"$BIN" --db "$DB" serve --addr "127.0.0.1:$PORT" --api-rate 0 2>"$OUT/serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$URL/health"; do sleep 0.05; done
echo "start-up until /health answers: $(echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.2f') s"
rss() { echo $(( $(ps -o rss= -p "$PID") / 1024 )); }
echo "resident after start: $(rss) MiB"

# The first view of each page, and of the API lists, in milliseconds
# (loopback: the time is the server's).
PERSON=$(curl -sf "${auth[@]}" "$URL/api/inbox?limit=1" | python3 -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["person"]["id"] if i else 1)')
THREAD=$(curl -sf "${auth[@]}" "$URL/api/threads?limit=1" | python3 -c 'import json,sys; i=json.load(sys.stdin)["items"]; print(i[0]["first_id"] if i else 1)')
first() { curl -s -o /dev/null -w '%{time_total}' "${auth[@]}" "$URL$1" | awk '{printf "%.1f", $1 * 1000}'; }
for p in / /alerts /threads "/threads?status=unanswered" "/threads/$THREAD" /ladder /report "/report?since=30d" \
         "/report?since=7d" "/report?since=12w" /cohorts /influencers /settings "/people/$PERSON" \
         "/api/inbox?limit=50" "/api/people?limit=50" "/api/people?sort=name&limit=50&offset=5000" \
         "/api/people?label=true_fan&sort=lifetime_value" "/api/alerts" "/api/report" "/api/ladder" \
         "/api/ladder/weekly" "/api/threads" "/api/people/$PERSON"; do
  echo "first view $p: $(first "$p") ms"
done

# A write shows in the next request: mark the most urgent item handled and
# read the inbox again (the item must be gone from its first page).
visible() {
  local id t0 t1
  id=$(curl -sf "${auth[@]}" "$URL/api/inbox?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  t0=$(date +%s.%N)
  curl -sf -o /dev/null "${auth[@]}" -X POST "$URL/api/inbox/$id/handled"
  until ! curl -sf "${auth[@]}" "$URL/api/inbox?limit=50" | grep -q "\"id\":$id,"; do sleep 0.01; done
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l | awk '{printf "%.0f", $1 * 1000}'
}
echo "a write visible to the next request after: $(visible) ms"

load() {
  TOKEN=$TOKEN PEOPLE=$PEOPLE MIX=${MIX:-} wrk -t2 -c50 -d"${SECS}s" --latency -s bench/serve-mix.lua "$URL" &
  local w=$! peak=0
  while kill -0 $w 2>/dev/null; do
    local r; r=$(rss); [ "$r" -gt "$peak" ] && peak=$r
    sleep 1
  done
  wait $w || true
  echo "resident peak under load: $peak MiB"
}
echo "== load (${MIX:-all} mix, 50 clients, ${SECS} s)"
load

if [ -n "${IMPORT:-}" ]; then
  echo "== while importing $IMPORT into the same database"
  ti=$(date +%s.%N)
  "$BIN" --db "$DB" import jsonl "$IMPORT" >/dev/null 2>"$OUT/import.log" &
  IPID=$!
  sleep 3
  echo "a write visible during the import after: $(visible) ms"
  MIX=inbox load
  echo "a write visible during the import after: $(visible) ms"
  wait $IPID || true
  echo "import took: $(echo "$(date +%s.%N) - $ti" | bc -l | xargs printf '%.1f') s"
fi
kill -TERM $PID
wait $PID && echo "server stopped cleanly on SIGTERM"
