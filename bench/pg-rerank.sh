#!/usr/bin/env bash
# Re-ranking the whole inbox queue on PostgreSQL in a session that first
# changed one queued message: the queue's count trigger as it was until
# migration 0008 (it joined the statement's old and new rows, and
# PL/pgSQL kept the plan it made for the one-row statement) beside the
# trigger of 0008 (counts moved by what was added less what was taken, no
# join). Both run on the same database, one after the other, each inside
# a transaction that is rolled back.
#
#   RAPPORT_PG=postgres://USER@HOST:PORT bench/pg-rerank.sh [PEOPLE] [INTERACTIONS]
#   (default 10000 100000; the user must be allowed to create databases)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/db.sh
P=${1:-10000}
N=${2:-100000}
PG=${RAPPORT_PG:?set RAPPORT_PG=postgres://USER@HOST:PORT (a server where this user may create databases)}
OUT=bench/out
mkdir -p "$OUT"
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport
DATA=$OUT/rerank-$N.jsonl
[ -f "$DATA" ] || "$BIN" generate --people "$P" --interactions "$N" --seed 42 --out "$DATA" >/dev/null
URL="${PG%/}/rapport_rerank_$N"
db_reset "$URL"
"$BIN" --db "$URL" import jsonl "$DATA" >/dev/null
M=crates/store/src/postgres/migrations
sed -n '/^CREATE OR REPLACE FUNCTION inbox_counts_move/,/^END \$\$;/p' "$M/0005_stock_counts.sql" > "$OUT/move-joined.sql"
sed -n '/^CREATE OR REPLACE FUNCTION inbox_counts_move/,/^END \$\$;/p' "$M/0008_counts_without_join.sql" > "$OUT/move-net.sql"
cat > "$OUT/rerank.sql" <<'SQL'
\timing on
BEGIN;
UPDATE inbox_queue SET rank = rank + 1 WHERE interaction_id = (SELECT min(interaction_id) FROM inbox_queue);
UPDATE inbox_queue SET rank = rank + 1;
ROLLBACK;
SQL
echo "queued messages: $(psql -tAq "$URL" -c 'SELECT count(*) FROM inbox_queue')"
for body in joined net; do
  psql -q "$URL" -f "$OUT/move-$body.sql"
  # The second timing is the whole queue's re-rank.
  t=$(psql -q "$URL" -f "$OUT/rerank.sql" | sed -nE 's/^Time: ([0-9.]+) ms.*/\1/p' | sed -n 3p)
  echo "re-rank of every queued message, trigger $body: $t ms"
done
