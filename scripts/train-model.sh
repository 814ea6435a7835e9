#!/usr/bin/env bash
# Rebuilds the shipped Shield model, data/models/shield.bbm, from the
# permissively licensed training data (see data/models/README.md).
# Deterministic: the same data and byteback give a byte-identical file.
# Usage: scripts/train-model.sh BUILD_DIR SHARED_DIR
set -euo pipefail
build=${1:-build}
shared=${2:-../shared}
train="$shared/data/train"
[ -d "$train" ] || { echo "train-model: no training data in $train (set SHARED=...)" >&2; exit 1; }
version=${MODEL_VERSION:-shield-2026.12-1}
args=()
for f in uli trac1 ruhsold davidson reddit-misogyny-eacl2021 hatexplain-sold-copy; do
  [ -f "$train/$f.jsonl" ] || { echo "train-model: missing $train/$f.jsonl" >&2; exit 1; }
  args+=(--data "$train/$f.jsonl")
done
# data/train/benign.jsonl: project-written benign messages (greetings, thanks,
# news-desk chatter; every label 0), see data/models/README.md. Not scored below.
"$build/byteback" train "${args[@]}" --data data/train/benign.jsonl --lexicons data/lexicons --seed 1 --epochs 6 \
  --average-runs 8 --bucket-bits 20 \
  --model-version "$version" --out data/models/shield.bbm
echo "per-dataset accuracy on the held-out dev split:"
for f in "${args[@]}"; do
  [ "$f" = --data ] && continue
  echo "== $(basename "$f")"
  "$build/byteback" eval --model data/models/shield.bbm --data "$f" --split dev | tail -n +2
done
