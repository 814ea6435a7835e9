#!/usr/bin/env bash
# Import benchmarks (called by scripts/bench.sh; numbers in docs/BENCHMARKS.md#importers).
# Generates deterministic WhatsApp exports and JSONL files of 100,000 and 1,000,000 messages in
# BUILD_DIR/bench-import/ (tools/gen_whatsapp_export.py; kept between runs), imports each with
# `byteback import --out /dev/null` (read, score with the Shield, write JSONL) under /usr/bin/time -v,
# and prints throughput and peak RSS. Peak RSS must not grow with the file size.
set -euo pipefail
build=${1:-build}
threads=${THREADS:-2}
dir="$build/bench-import"
mkdir -p "$dir"
gen() {  # gen FORMAT N FILE
  [ -s "$3" ] || python3 tools/gen_whatsapp_export.py --format "$1" --messages "$2" --out "$3"
}
gen whatsapp 100000 "$dir/chat-100k.txt"
gen whatsapp 1000000 "$dir/chat-1m.txt"
gen jsonl 100000 "$dir/messages-100k.jsonl"
gen jsonl 1000000 "$dir/messages-1m.jsonl"

echo "== byteback import (read + score + write JSONL), $threads scoring threads"
printf '%-22s %10s %9s %12s %14s %12s\n' file MB messages seconds messages/s "peak RSS MB"
for f in chat-100k.txt chat-1m.txt messages-100k.jsonl messages-1m.jsonl; do
  "$build/byteback" import "$dir/$f" --threads "$threads" --out /dev/null 2> "$dir/summary" \
    || { cat "$dir/summary"; exit 1; }
  /usr/bin/time -v -o "$dir/time" "$build/byteback" import "$dir/$f" --threads "$threads" --out /dev/null \
    2> "$dir/summary"
  n=$(sed -n 's/^imported \([0-9]*\) messages.*/\1/p' "$dir/summary")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time" |
         awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  mb=$(du -m "$dir/$f" | cut -f1)
  awk -v f="$f" -v mb="$mb" -v n="$n" -v w="$wall" -v rss="$rss" \
    'BEGIN { printf "%-22s %10d %9d %12.2f %14.0f %12.1f\n", f, mb, n, w, n / w, rss / 1024 }'
done
