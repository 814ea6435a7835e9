#!/usr/bin/env python3
"""Accuracy of the Shield beside a fastText baseline trained on exactly the same data.

Two comparisons, printed as Markdown tables for docs/BENCHMARKS.md:
  shipped  - the six permissive train/ sets plus data/train/benign.jsonl: both models learn from
             the same rows, everything outside the hashed dev split (detect::InDevSplit, ~10%),
             and are scored per dataset on the dev split. fastText trains on all of those rows;
             the Shield trains on them less its calibration slice (detect::InCalibrationSplit,
             ~9% of all), on which it sets its thresholds, so neither ever sees a dev row. The Shield row is the shipped model itself.
  research - research/ sets with their own train/dev files (TRAC-2 eng/hin/iben): both models
             train on the train file and are scored on the dev file (comparison only; nothing
             trained here ships). The Shield uses the shipped recipe (scripts/train-model.sh's
             options) and calibrates on a hashed slice of the train file.
fastText: Debian's `fasttext supervised` with subwords (-minn 2 -maxn 5 -wordNgrams 2 -dim 50
-epoch 10 -lr 0.5 -thread 1 -seed 1: one thread, so the run is deterministic, on the training rows
shuffled with a fixed seed, as fastText does not shuffle), one binary model per
label, threshold 0.5, lower-cased text. Columns beside F1: the F1 of flagging every row (the base
rate's share of any F1), and the weighted F1 of both classes (TRAC-2's official metric).

Usage: tools/compare_fasttext.py BUILD_DIR SHARED_DIR [shipped|research]...
"""
import json, os, random, re, subprocess, sys, tempfile

FT_ARGS = "-minn 2 -maxn 5 -wordNgrams 2 -dim 50 -epoch 10 -lr 0.5 -thread 1 -seed 1".split()
LABELS = ["abusive", "gendered", "threat", "insult", "identity"]
# The options of scripts/train-model.sh, so research runs compare the shipped method.
RECIPE = "--seed 1 --epochs 6 --average-runs 8 --bucket-bits 20 --lexicons data/lexicons".split()
SHIPPED = ["uli", "trac1", "ruhsold", "davidson", "reddit-misogyny-eacl2021", "hatexplain-sold-copy"]


def fnv(text, seed):
    h = 0xcbf29ce484222325 ^ ((seed * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF)
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def in_dev(text):  # same as detect::InDevSplit(text, 10)
    return fnv(text, 7) % 100 < 10


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def write(rows, path):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def clean(t):
    return re.sub(r"\s+", " ", t).strip().lower()


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def weighted_f1(tp, fp, fn, tn):
    """TRAC-2's metric: the F1 of each class weighted by the class's share of the rows."""
    pos, neg = tp + fn, tn + fp
    return (f1(tp, fp, fn) * pos + f1(tn, fn, fp) * neg) / (pos + neg) if pos + neg else 0.0


def prf(gold, pred):
    """(precision, recall, F1 of the positive class, weighted F1 of both classes)."""
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    tn = len(gold) - tp - fp - fn
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return pr, rc, f1(tp, fp, fn), weighted_f1(tp, fp, fn, tn)


def fasttext_scores(train_rows, dev_sets, label, tmp):
    tr = os.path.join(tmp, "ft.txt")
    n = 0
    # fastText reads its file in order and does not shuffle; with one thread, rows sorted by dataset
    # would leave the last datasets to the end of a decaying step (TRAC-1 F1 0.67 instead of 0.82).
    rows = list(train_rows)
    random.Random(1).shuffle(rows)
    with open(tr, "w", encoding="utf-8") as f:
        for r in rows:
            if label in r["labels"]:
                f.write(f"__label__{int(r['labels'][label])} {clean(r['text'])}\n")
                n += 1
    if n == 0:
        return {}
    model = os.path.join(tmp, "ft")
    subprocess.run(["fasttext", "supervised", "-input", tr, "-output", model] + FT_ARGS, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = {}
    for name, rows in dev_sets.items():
        rows = [r for r in rows if label in r["labels"]]
        if not rows or not any(r["labels"][label] for r in rows):
            continue
        te = os.path.join(tmp, "te.txt")
        with open(te, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(clean(r["text"]) + "\n")
        lines = subprocess.run(["fasttext", "predict-prob", model + ".bin", te, "2"], check=True,
                               capture_output=True, text=True).stdout.splitlines()
        pred = []
        for line in lines:
            t = line.split()
            probs = {t[i]: float(t[i + 1]) for i in range(0, len(t) - 1, 2)}
            pred.append(probs.get("__label__1", 1.0 - probs.get("__label__0", 1.0)) >= 0.5)
        out[name] = prf([r["labels"][label] for r in rows], pred)
    return out


def shield_scores(build, model, dev_path):
    out = subprocess.run([f"{build}/byteback", "eval", "--json", "--model", model, "--data", dev_path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out).get("labels", {})


def compare(build, sets, tmp, model=None, extra_train=()):
    """sets: name -> (train_rows, dev_rows)."""
    all_train = [r for tr, _ in sets.values() for r in tr] + list(extra_train)
    if model is None:
        tpath = os.path.join(tmp, "train.jsonl")
        write(all_train, tpath)
        model = os.path.join(tmp, "m.bbm")
        # Thresholds are calibrated on a hashed slice of the train file, never on the dev file.
        subprocess.run([f"{build}/byteback", "train", "--data", tpath, "--dev-percent", "0", "--out", model]
                       + RECIPE, check=True, capture_output=True)
    dev_sets = {n: d for n, (_, d) in sets.items()}
    ft = {l: fasttext_scores(all_train, dev_sets, l, tmp) for l in LABELS}
    print("| dataset (dev) | label | n | Shield P / R / F1 | fastText P / R / F1 | flag-all F1 | weighted F1 Shield / fastText |")
    print("|---|---|---:|---|---|---:|---|")
    for name, rows in dev_sets.items():
        dpath = os.path.join(tmp, f"dev-{name}.jsonl")
        write(rows, dpath)
        ours = shield_scores(build, model, dpath)
        for l in LABELS:
            if l not in ours or name not in ft[l]:
                continue
            o = ours[l]
            p, r, f, wf = ft[l][name]
            pos = o["tp"] + o["fn"]
            # flag-all: the F1 of flagging every row, i.e. what the base rate alone gives.
            print(f"| {name} | {l} | {o['annotated']} | {o['precision']:.3f} / {o['recall']:.3f} / "
                  f"**{o['f1']:.3f}** | {p:.3f} / {r:.3f} / **{f:.3f}** | {f1(pos, o['annotated'] - pos, 0):.3f} | "
                  f"{weighted_f1(o['tp'], o['fp'], o['fn'], o['tn']):.3f} / {wf:.3f} |")


def main():
    build, shared = sys.argv[1], sys.argv[2]
    which = sys.argv[3:] or ["shipped", "research"]
    with tempfile.TemporaryDirectory() as tmp:
        if "shipped" in which:
            sets = {}
            for n in SHIPPED:
                rows = read(f"{shared}/data/train/{n}.jsonl")
                sets[n] = ([r for r in rows if not in_dev(r["text"])], [r for r in rows if in_dev(r["text"])])
            print("### Shipped model, permissive data (train split -> per-dataset dev split)\n")
            compare(build, sets, tmp, model="data/models/shield.bbm", extra_train=read("data/train/benign.jsonl"))
            print()
        if "research" in which:
            print("### Research data (comparison only; train file -> dev file)\n")
            for n in ["trac2-eng", "trac2-hin", "trac2-iben"]:
                sets = {n: (read(f"{shared}/data/research/{n}-train.jsonl"),
                            read(f"{shared}/data/research/{n}-dev.jsonl"))}
                compare(build, sets, tmp)
            print()


if __name__ == "__main__":
    main()
