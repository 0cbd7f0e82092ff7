#!/usr/bin/env bash
# Analyzer speed against its peers, side by side in one run, on one core:
#   - the full `analyze` path vs VADER (PyPI vaderSentiment) on the same
#     12,000 English tweets (TweetEval dev, six times over);
#   - Thai segmentation vs PyThaiNLP's newmm on the same Thai texts
#     (Wisesight dev, 2,404 texts, five times over).
#
#   bench/analyzer.sh            (needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${RAPPORT_SHARED_DATA:-../shared/data}
OUT=bench/out
mkdir -p "$OUT"
python3 -c "import vaderSentiment, pythainlp" 2>/dev/null || pip install -q vaderSentiment pythainlp >/dev/null
cargo build --release --locked -q -p rapport-nlp --example speed
SPEED=${CARGO_TARGET_DIR:-$PWD/target}/release/examples/speed
EN="$OUT/en12k.jsonl"; TH="$OUT/th12k.jsonl"
for _ in 1 2 3 4 5 6; do cat "$DATA/sentiment/en-tweeteval/dev.jsonl"; done > "$EN"
for _ in 1 2 3 4 5; do cat "$DATA/sentiment/th-wisesight/dev.jsonl"; done > "$TH"
PIN="taskset -c 0"

echo "== English, full analysis vs VADER ($(wc -l < "$EN") texts, one core)"
$PIN python3 - "$EN" <<'PY'
import json, sys, time
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
a = SentimentIntensityAnalyzer()
# One pass to warm up, then the median of five timed passes (as the
# speed example does).
def passes():
    for t in texts: a.polarity_scores(t)
passes()
runs = []
for _ in range(5):
    start = time.perf_counter(); passes(); runs.append(time.perf_counter() - start)
secs = sorted(runs)[2]
print(f"vader (python): {len(texts)/secs:10.0f} texts/s, {secs*1e6/len(texts):6.2f} µs/text (median of 5 passes)")
PY
printf 'rapport analyze: '; $PIN "$SPEED" "$EN"

echo "== Thai, segmentation vs PyThaiNLP newmm ($(wc -l < "$TH") texts, one core)"
$PIN python3 - "$TH" <<'PY'
import json, sys, time
from pythainlp.tokenize import word_tokenize
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
def passes():
    for t in texts: word_tokenize(t, engine="newmm")
passes()
runs = []
for _ in range(5):
    start = time.perf_counter(); passes(); runs.append(time.perf_counter() - start)
secs = sorted(runs)[2]
print(f"newmm (python): {len(texts)/secs:10.0f} texts/s, {secs*1e6/len(texts):6.2f} µs/text (median of 5 passes)")
PY
printf 'rapport segment: '; $PIN "$SPEED" "$TH" segment
printf 'rapport analyze (Thai, full): '; $PIN "$SPEED" "$TH"
