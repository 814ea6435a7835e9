#!/usr/bin/env python3
"""Accuracy of the Shield beside a fastText baseline trained on exactly the same data.

Two comparisons, printed as Markdown tables for docs/BENCHMARKS.md:
  shipped  - the six permissive train/ sets: both models train on the train split of all six
             (the Shield's hashed 90% split, detect::InDevSplit) and are scored per dataset on
             the dev split (the other 10%). The Shield row is the shipped model itself.
  research - research/ sets with their own train/dev files (TRAC-2 eng/hin/iben): both models
             train on the train file and are scored on the dev file (comparison only; nothing
             trained here ships).
fastText: Debian's `fasttext supervised` with subwords (-minn 2 -maxn 5 -wordNgrams 2 -dim 50
-epoch 10 -lr 0.5 -seed 1), one binary model per label, threshold 0.5, lower-cased text.

Usage: tools/compare_fasttext.py BUILD_DIR SHARED_DIR [shipped|research]...
"""
import json, os, re, subprocess, sys, tempfile

FT_ARGS = "-minn 2 -maxn 5 -wordNgrams 2 -dim 50 -epoch 10 -lr 0.5 -thread 2 -seed 1".split()
LABELS = ["abusive", "gendered", "threat", "insult", "identity"]
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


def prf(gold, pred):
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def fasttext_scores(train_rows, dev_sets, label, tmp):
    tr = os.path.join(tmp, "ft.txt")
    n = 0
    with open(tr, "w", encoding="utf-8") as f:
        for r in train_rows:
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


def compare(build, sets, tmp, model=None):
    """sets: name -> (train_rows, dev_rows)."""
    all_train = [r for tr, _ in sets.values() for r in tr]
    if model is None:
        tpath = os.path.join(tmp, "train.jsonl")
        write(all_train, tpath)
        model = os.path.join(tmp, "m.bbm")
        # Thresholds are calibrated on a hashed 10% of the train file, never on the dev file.
        subprocess.run([f"{build}/byteback", "train", "--data", tpath, "--out", model], check=True,
                       capture_output=True)
    dev_sets = {n: d for n, (_, d) in sets.items()}
    ft = {l: fasttext_scores(all_train, dev_sets, l, tmp) for l in LABELS}
    print("| dataset (dev) | label | n | Shield P / R / F1 | fastText P / R / F1 |")
    print("|---|---|---:|---|---|")
    for name, rows in dev_sets.items():
        dpath = os.path.join(tmp, f"dev-{name}.jsonl")
        write(rows, dpath)
        ours = shield_scores(build, model, dpath)
        for l in LABELS:
            if l not in ours or name not in ft[l]:
                continue
            o = ours[l]
            p, r, f = ft[l][name]
            print(f"| {name} | {l} | {o['annotated']} | {o['precision']:.3f} / {o['recall']:.3f} / "
                  f"**{o['f1']:.3f}** | {p:.3f} / {r:.3f} / **{f:.3f}** |")


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
            compare(build, sets, tmp, model="data/models/shield.bbm")
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
