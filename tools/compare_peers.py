#!/usr/bin/env python3
"""Accuracy of the Shield beside the npm profanity filters of ../shared/peers, on the same rows.

Label `abusive` (rows whose labels have that key), positive-class precision / recall / F1 of
each detector's flag, printed as Markdown tables for docs/BENCHMARKS.md:
  train/ sets  - the six permissive sets, dev split only (detect::InDevSplit, the hashed ~10%
                 that `byteback train` holds out), scored per dataset.
  research     - TRAC-2 eng/hin/iben dev files, whole (no shipped model trains on TRAC-2).
Peers: every filter of `node run_peer.js --list`, one at a time (one Node thread each), with the
settings run_peer.js gives them; msgs/s is their classification loop alone (stderr line).
Shield: `byteback scan --threads 1`; flag = "abusive" in its labels. Its msgs/s is wall-clock
over 10 copies of the input less a one-message run (model load), JSON parsing/writing included.
A "flag everything" row gives the F1 of flagging every row (precision = the base rate).

Setup of the peers (once):
  d=/tmp/peers/env && mkdir -p $d && cp -r ../shared/peers/. $d && cd $d && npm install
Usage (from the repository root):
  tools/compare_peers.py PEERS_ENV_DIR SHARED_DIR BUILD_DIR [--model NAME=FILE]...
                         [--lexicons DIR] [--peers a,b] [--out DIR]
  --model     Shield model(s) to score (default: "Shield (shipped)=data/models/shield.bbm")
  --lexicons  lexicon folder for the Shield (default: data/lexicons)
  --peers     comma-separated subset of the peers ("" for none; default: all)
  --out       keep the inputs and raw outputs there (default: a temp dir)
"""
import argparse, hashlib, json, os, subprocess, sys, tempfile, time

from compare_fasttext import in_dev, prf, read, write  # the same dev split and metrics

SHIPPED = ["uli", "trac1", "ruhsold", "davidson", "reddit-misogyny-eacl2021", "hatexplain-sold-copy"]
RESEARCH = ["trac2-eng", "trac2-hin", "trac2-iben"]
TOP = 5  # peers shown in the P / R table, by mean F1 over the six dev splits
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_sets(shared):
    sets = {}
    for n in SHIPPED:
        sets[n] = [r for r in read(f"{shared}/data/train/{n}.jsonl") if in_dev(r["text"])]
    for n in RESEARCH:
        sets[n] = read(f"{shared}/data/research/{n}-dev.jsonl")
    return {n: [r for r in rows if "abusive" in r["labels"]] for n, rows in sets.items()}


def run_peer(env, name, inp, out):
    """-> (flags by id, stderr summary dict or {'status': why})."""
    with open(inp, "rb") as fi, open(out, "wb") as fo:
        p = subprocess.run(["node", "run_peer.js", name], cwd=env, stdin=fi, stdout=fo,
                           stderr=subprocess.PIPE, text=True)
    summary = {}
    for line in p.stderr.splitlines():
        if line.startswith("{") and '"msgs_per_s"' in line:
            summary = json.loads(line)
    if p.returncode != 0 or not summary:
        return None, {"status": f"failed (rc {p.returncode}): {p.stderr.strip()[-200:]}"}
    return {o["id"]: o["flag"] for o in read(out)}, summary


def run_shield(build, model, lexicons, inp, out, repeat=10):
    """Scores one run; the rate times a second run over `repeat` copies of the input, less the
    wall time of a one-message run (model load)."""
    cmd = [f"{build}/byteback", "scan", "--model", model, "--lexicons", lexicons, "--threads", "1",
           "--input"]
    subprocess.run(cmd + [inp, "--output", out], check=True)
    flags = {o["id"]: "abusive" in o["labels"] for o in read(out)}
    with open(inp, encoding="utf-8") as f:
        text = f.read()
    with open(out + ".one", "w", encoding="utf-8") as f:
        f.write(text.split("\n", 1)[0] + "\n")
    with open(out + ".rep", "w", encoding="utf-8") as f:
        f.write(text * repeat)
    times = []
    for path in (out + ".one", out + ".rep"):
        t0 = time.monotonic()
        subprocess.run(cmd + [path, "--output", os.devnull], check=True)
        times.append(time.monotonic() - t0)
        os.remove(path)
    rate = round(len(flags) * repeat / max(times[1] - times[0], 1e-6))
    return flags, {"msgs_per_s": rate, "load_s": round(times[0], 3), "errors": 0,
                   "status": f"ok (scan --threads 1, input x{repeat}, JSON I/O included)"}


def main():
    ap = argparse.ArgumentParser(description="Shield vs the npm peers on the dev splits")
    ap.add_argument("env"), ap.add_argument("shared"), ap.add_argument("build")
    ap.add_argument("--model", action="append", metavar="NAME=FILE")
    ap.add_argument("--lexicons", default=f"{ROOT}/data/lexicons")
    ap.add_argument("--peers"), ap.add_argument("--out")
    args = ap.parse_args()
    env, shared, build = (os.path.abspath(a) for a in (args.env, args.shared, args.build))
    models = dict(m.split("=", 1) for m in args.model or [f"Shield (shipped)={ROOT}/data/models/shield.bbm"])
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.abspath(args.out or tmp)
        os.makedirs(work, exist_ok=True)
        sets = load_sets(shared)
        names = list(sets)
        allrows, gold = [], {}
        for n, rows in sets.items():
            write([{"id": r["id"], "text": r["text"]} for r in rows], f"{work}/dev-{n}.jsonl")
            for i, r in enumerate(rows):
                key = f"{n}#{i}"
                allrows.append({"id": key, "text": r["text"]})
                gold[key] = bool(r["labels"]["abusive"])
        inp = f"{work}/all.jsonl"
        write(allrows, inp)

        peers = subprocess.run(["node", "run_peer.js", "--list"], cwd=env, check=True,
                               capture_output=True, text=True).stdout.split()
        if args.peers is not None:
            peers = [p for p in args.peers.split(",") if p]
        results = {}  # detector -> (flags, summary)
        lexicons = os.path.abspath(args.lexicons)
        for i, (name, path) in enumerate(models.items()):
            out = f"{work}/out-shield{i}.jsonl"
            results[name] = run_shield(build, os.path.abspath(path), lexicons, inp, out)
        for p in peers:  # one at a time: 2-core machine, and the rates are single-thread
            print(f"running {p} ...", file=sys.stderr, flush=True)
            results[p] = run_peer(env, p, inp, f"{work}/out-{p}.jsonl")

        scores = {}  # detector -> dataset -> (P, R, F1)
        for det, (flags, _) in results.items():
            if flags is None or len(flags) != len(gold):
                continue
            scores[det] = {}
            for n, rows in sets.items():
                keys = [f"{n}#{i}" for i in range(len(rows))]
                scores[det][n] = prf([gold[k] for k in keys], [flags[k] for k in keys])
        everything = "*flag everything*"
        scores[everything] = {n: prf([r["labels"]["abusive"] for r in rows], [True] * len(rows))
                              for n, rows in sets.items()}
        mean = lambda d, ns: sum(scores[d][n][2] for n in ns) / len(ns)
        order = sorted(scores, key=lambda d: (d not in models, -mean(d, SHIPPED)))

        for name, path in models.items():
            with open(path, "rb") as f:
                print(f"- {name}: `{path}` (sha256 {hashlib.sha256(f.read()).hexdigest()[:12]})")
        print()

        pos = {n: sum(1 for r in rows if r["labels"]["abusive"]) for n, rows in sets.items()}
        print("### F1 of `abusive` per dataset (train/ sets: dev split; TRAC-2: dev file)\n")
        print("| detector | " + " | ".join(names) + " | mean (6 dev splits) | mean (TRAC-2) |")
        print("|---|" + "---:|" * (len(names) + 2))
        print("| *n (positives)* | " + " | ".join(f"{len(sets[n])} ({pos[n]})" for n in names) + " | | |")
        for d in order:
            cells = [f"{scores[d][n][2]:.3f}" for n in names]
            print(f"| {d} | " + " | ".join(cells) + f" | **{mean(d, SHIPPED):.3f}** | "
                  f"**{mean(d, RESEARCH):.3f}** |")

        shown = [d for d in order if d != everything][:len(models) + TOP]
        print(f"\n### Precision / recall of `abusive` (Shield and the top {TOP} peers by mean F1)\n")
        print("| detector | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for d in shown:
            print(f"| {d} | " + " | ".join(f"{scores[d][n][0]:.2f} / {scores[d][n][1]:.2f}"
                                           for n in names) + " |")

        print(f"\n### Speed and status ({len(allrows)} messages, all sets in one run, one thread)\n")
        print("| detector | msgs/s | load s | errors | flagged | status |")
        print("|---|---:|---:|---:|---:|---|")
        for d, (flags, s) in results.items():
            rate = f"{s['msgs_per_s']:,}" if s.get("msgs_per_s") else "-"
            load = s.get("load_s")
            flagged = f"{sum(flags.values()) / len(flags):.1%}" if flags else "-"
            print(f"| {d} | {rate} | {'-' if load is None else load} | {s.get('errors', '-')} | "
                  f"{flagged} | {s.get('status', 'ok')} |")


if __name__ == "__main__":
    main()
