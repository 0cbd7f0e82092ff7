#!/usr/bin/env bash
# The ladder on real people: 540 customers of 24 companies' care accounts
# on X (../shared/data/conversations), labelled by a reader
# (data/people/ibm-customer-care.jsonl); each company is imported as its
# own shop and every customer's verdict compared with the reader's.
#
#   bench/real-people.sh [DATA_DIR]        (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
cargo build --release --locked -q
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/rapport
WORK=bench/out/real-people
rm -rf "$WORK"
python3 bench/real_people.py "$BIN" "$DATA/conversations/ibm-customer-care-dev.jsonl" \
  data/people/ibm-customer-care.jsonl "$WORK"
