#!/usr/bin/env bash
# `make bench`: speed and memory of the Shield on this machine.
#  1. every Google Benchmark program in BUILD_DIR/benchmarks (messages/s, bytes/s, thread scaling);
#  2. `byteback scan` throughput and peak RSS on the fixed corpus data/bench/messages.txt x 20;
#  3. `byteback import` of generated 100k/1M-message WhatsApp and JSONL files (scripts/bench-import.sh);
#  4. with fastText installed and a fastText model at $FASTTEXT_MODEL (see docs/BENCHMARKS.md),
#     fastText's own predict on the same messages.
# Numbers go to stdout; docs/BENCHMARKS.md records the ones measured for a release.
set -euo pipefail
build=${1:-build}
corpus=data/bench/messages.txt
for b in "$build"/benchmarks/*_bench; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=1
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 20); do cat "$corpus"; done > "$tmp/lines.txt"
n=$(wc -l < "$tmp/lines.txt")
echo "== byteback scan --format text, $n messages"
for threads in 1 2; do
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" "$build/byteback" scan --format text --threads "$threads" \
    --input "$tmp/lines.txt" --output /dev/null
  end=$(date +%s.%N)
  awk -v n="$n" -v s="$start" -v e="$end" -v t="$threads" -v rss="$(cat "$tmp/rss")" \
    'BEGIN { printf "threads %d: %.0f messages/s end to end (JSON out), peak RSS %.1f MB\n", t, n / (e - s), rss / 1024 }'
done

# Importers: 1,000,000-message WhatsApp export and JSONL, throughput and peak RSS.
scripts/bench-import.sh "$build"

if [ -n "${FASTTEXT_MODEL:-}" ] && command -v fasttext >/dev/null; then
  echo "== fasttext predict ($FASTTEXT_MODEL), $n messages"
  tr 'A-Z' 'a-z' < "$tmp/lines.txt" > "$tmp/lower.txt"
  head -1 "$tmp/lower.txt" > "$tmp/one.txt"
  s0=$(date +%s.%N); fasttext predict "$FASTTEXT_MODEL" "$tmp/one.txt" > /dev/null; s1=$(date +%s.%N)
  fasttext predict "$FASTTEXT_MODEL" "$tmp/lower.txt" > /dev/null; s2=$(date +%s.%N)
  awk -v n="$n" -v a="$s0" -v b="$s1" -v c="$s2" \
    'BEGIN { printf "fastText: %.0f messages/s (load time %.2f s subtracted)\n", n / ((c - b) - (b - a)), b - a }'
fi

# The Shield service under load (wrk on loopback).
if command -v wrk >/dev/null; then
  scripts/bench-service.sh "$build"
fi
