#!/usr/bin/env bash
# A shop teaches Rapport its language (issue 15, item 4), measured:
#   - accuracy on the shop's next posts before and after it taught 1,000
#     of its own labelled posts (the German customer-feedback train set's
#     first 1,000 rows as what it taught, the dev set as its next posts);
#   - the time to learn them and read every stored text again — 100,000
#     and more, in a generated store of 250,000 interactions — (with
#     the ladder and the inbox brought up to date), beside `rapport
#     reanalyze` (the shipped models alone) on the same store as the peer.
# The learned layer lives only in bench/out/learn.db.
#
#   bench/learn.sh               (needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${RAPPORT_SHARED_DATA:-../shared/data}/sentiment/de-germeval2017
OUT=bench/out
BIN=${RAPPORT_BIN:-${CARGO_TARGET_DIR:-target}/release/rapport}
mkdir -p "$OUT"
[ -n "${RAPPORT_BIN:-}" ] || cargo build --release --locked -q --bin rapport
DB="sqlite://$OUT/learn.db"
rm -f "$OUT"/learn.db*
head -n 1000 "$DATA/train.jsonl" > "$OUT/taught.jsonl"

echo "== a store with 100,000 texts (250,000 interactions: likes, follows and orders have none)"
"$BIN" generate --people 25000 --interactions 250000 --seed 15 --out "$OUT/shop250k.jsonl" >/dev/null
"$BIN" --db "$DB" import jsonl "$OUT/shop250k.jsonl" --json | python3 -c 'import json,sys; print("imported", json.load(sys.stdin)["imported"])'

echo "== peer: rapport reanalyze (the shipped models alone; reads every text again, then updates the ladder)"
/usr/bin/time -f "reanalyze: %e s wall" "$BIN" --db "$DB" reanalyze --json

echo "== before: the shipped models on the shop's next posts ($(wc -l < "$DATA/dev.jsonl") German posts)"
"$BIN" --db "$DB" eval sentiment --input "$DATA/dev.jsonl" | tail -n 1

echo "== learn 1,000 of the shop's posts, read every stored text again"
/usr/bin/time -f "learn: %e s wall" "$BIN" --db "$DB" learn sentiment --input "$OUT/taught.jsonl" --json

echo "== after: the shop's analysis on its next posts"
"$BIN" --db "$DB" eval sentiment --input "$DATA/dev.jsonl" | tail -n 1
