#!/usr/bin/env bash
# The workbench at scale: what a filtered inbox page, a search, the stock
# phrases folded and a CSV export cost over a generated shop, each beside
# a peer measured in the same run on the same database:
#
#   - a filtered inbox page beside the unfiltered first page (the queue's
#     own order, read by index);
#   - the first search (it indexes every message stored so far) and the
#     next ones beside `sqlite3`'s LIKE scan over the same texts;
#   - the CSV of every person beside `sqlite3 -csv` of the person table.
#
#   bench/workbench.sh [PEOPLE] [INTERACTIONS]   (default 100000 1000000)
#
# Every figure is printed as `name: value` lines (milliseconds).
set -euo pipefail
cd "$(dirname "$0")/.."
PEOPLE=${1:-100000}
N=${2:-1000000}
OUT=bench/out
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport
DATA="$OUT/workbench-$PEOPLE-$N.jsonl"
DB="$OUT/workbench-$PEOPLE-$N.db"
if [ ! -f "$DB" ]; then
  [ -f "$DATA" ] || "$BIN" generate --people "$PEOPLE" --interactions "$N" --seed 42 --out "$DATA" >/dev/null
  "$BIN" --db "sqlite://$DB" import jsonl "$DATA" >/dev/null
fi
echo 'bench password' | "$BIN" --db "sqlite://$DB" user add bench@example.org --role agent --password-stdin >/dev/null 2>&1 || true
TOKEN=$("$BIN" --db "sqlite://$DB" token create bench@example.org 2>/dev/null)
PORT=18978
URL="http://127.0.0.1:$PORT"
auth=(-H "Authorization: Bearer $TOKEN")
"$BIN" --db "sqlite://$DB" serve --addr "127.0.0.1:$PORT" --api-rate 0 2>"$OUT/workbench-serve.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "$URL/health"; do sleep 0.05; done

ms() { curl -s -o /dev/null -w '%{time_total}' "${auth[@]}" "$URL$1" | awk '{printf "%.1f", $1 * 1000}'; }
# Three tries each (the engine keeps a view for the rest of the second:
# a pause between tries makes each one computed).
three() { local a b c; a=$(ms "$1"); sleep 1.1; b=$(ms "$1"); sleep 1.1; c=$(ms "$1"); echo "$a / $b / $c"; }

echo "inbox, first page, unfiltered (peer): $(three '/api/inbox?limit=50')"
for q in 'channel=instagram' 'intent=complaint' 'label=true_fan' 'over_target=true' \
         'channel=facebook&intent=question' 'language=de' 'language=de&stage=fan' 'stock=fold' 'stock=only'; do
  echo "inbox, first page, $q: $(three "/api/inbox?limit=50&$q")"
done
echo "inbox page, the dashboard (filters folded, stock groups): $(three '/?channel=instagram&intent=complaint')"

# Search: the first one indexes every message; then the index answers.
echo "search, first (indexes $(sqlite3 "$DB" 'SELECT count(*) FROM interaction_text') messages): $(ms '/api/search?q=Reifen')"
for q in Reifen gravel ยาง muller 'tyre puncture'; do
  enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  echo "search '$q': $(three "/api/search?q=$enc&limit=20")"
  t0=$(date +%s%N)
  sqlite3 "$DB" "SELECT interaction_id FROM interaction_text WHERE text LIKE '%${q}%' ORDER BY interaction_id DESC LIMIT 20" >/dev/null
  echo "peer sqlite3 LIKE '%$q%' (newest 20): $(( ($(date +%s%N) - t0) / 1000000 ))"
done

# The CSV of everyone.
t0=$(date +%s%N)
curl -sf "${auth[@]}" "$URL/api/people.csv" -o "$OUT/people.csv"
echo "people.csv ($(wc -l < "$OUT/people.csv") lines): $(( ($(date +%s%N) - t0) / 1000000 ))"
t0=$(date +%s%N)
sqlite3 -csv -header "$DB" 'SELECT p.id, p.name, s.stage, s.lifetime_value FROM person p LEFT JOIN person_score s ON s.person_id = p.id ORDER BY p.id' > "$OUT/people-peer.csv"
echo "peer sqlite3 -csv of person and score ($(wc -l < "$OUT/people-peer.csv") lines): $(( ($(date +%s%N) - t0) / 1000000 ))"
echo "resident at the end: $(( $(ps -o rss= -p "$PID") / 1024 )) MiB"
