#!/usr/bin/env bash
# The Shield service under load (part of `make bench`): starts `byteback serve` on loopback with a fresh
# SQLite database, makes an API key, and drives it with wrk:
#  1. Perspective-style single-message analyze calls at ~2,000 requests/s (paced) and flat out;
#  2. /api/v1/score with batches of 1,000 messages, flat out (messages/s = requests/s x 1,000).
# Messages cycle through data/bench/messages.txt. Prints one RESULT line per run.
set -euo pipefail
build=${1:-build}
duration=${DURATION:-15s}
bin=$(realpath "$build/byteback")
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pw="bench password long enough"
echo "$pw" | "$bin" admin create-user --data-dir "$tmp/var" --email bench@example.org --role admin >/dev/null
BYTEBACK_LOG_LEVEL=warn "$bin" serve --data-dir "$tmp/var" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
csrf=$(curl -fs -c "$tmp/cookies" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench@example.org\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/auth/login" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
export BB_API_KEY=$(curl -fs -b "$tmp/cookies" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"name":"bench"}' "http://127.0.0.1:$port/api/v1/api-keys" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
lines = [l.rstrip("\n") for l in open("data/bench/messages.txt", encoding="utf-8") if l.strip()]
with open(tmp + "/analyze.txt", "w") as f:
    for l in lines[:2000]:
        f.write(json.dumps({"comment": {"text": l}, "requestedAttributes": {"TOXICITY": {}, "INSULT": {}},
                            "doNotStore": True}) + "\n")
with open(tmp + "/batch.txt", "w") as f:
    for b in range(8):
        msgs = [{"id": str(i), "text": lines[(b * 1000 + i) % len(lines)]} for i in range(1000)]
        f.write(json.dumps({"messages": msgs}) + "\n")
PY
lua=benchmarks/wrk/post_lines.lua
url="http://127.0.0.1:$port"
echo "== analyze, one message per request, paced to ~2,000 requests/s (6 connections, 2 ms apart)"
BODIES_FILE=$tmp/analyze.txt PACE_MS=2 wrk -t1 -c6 -d"$duration" -s "$lua" "$url/v1alpha1/comments:analyze" | grep RESULT
echo "== analyze, one message per request, flat out (8 connections)"
BODIES_FILE=$tmp/analyze.txt wrk -t1 -c8 -d"$duration" -s "$lua" "$url/v1alpha1/comments:analyze" | grep RESULT
echo "== score, 1,000 messages per request, flat out (2 connections)"
BODIES_FILE=$tmp/batch.txt wrk -t1 -c2 -d"$duration" -s "$lua" "$url/api/v1/score" | grep RESULT |
  awk '{ print; printf "messages/s %.0f\n", $3 * 1000 }'
