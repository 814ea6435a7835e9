#!/usr/bin/env python3
"""The Shield on the obfuscation and clean corpora of tests/detect/data, for docs/BENCHMARKS.md.

obfuscated.tsv: abusive messages each hiding a lexicon term with one trick (column `trick`);
clean.tsv: innocent messages, many near slurs. Prints recall (flagged `abusive`) and how often the
term was located (a span), overall, without the `plain` rows, per trick and per language; the
clean messages flagged; and every miss.

Usage: tools/obfuscation_report.py BUILD_DIR [MODEL]
"""
import collections, json, subprocess, sys

DATA = "tests/detect/data"


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def scan(build, model, texts):
    cmd = [f"{build}/byteback", "scan", "--threads", "1"] + (["--model", model] if model else [])
    inp = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
    out = subprocess.run(cmd, input=inp, capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines()]


def pct(a, b):
    return f"{100.0 * a / b:.1f}% ({a} of {b})" if b else "-"


def main():
    build = sys.argv[1]
    model = sys.argv[2] if len(sys.argv) > 2 else None
    obf = read_tsv(f"{DATA}/obfuscated.tsv")
    clean = read_tsv(f"{DATA}/clean.tsv")
    verdicts = scan(build, model, [r["text"] for r in obf])
    by = collections.defaultdict(lambda: [0, 0, 0])  # key -> [n, flagged, located]
    misses = []
    for r, v in zip(obf, verdicts):
        flagged = "abusive" in v["labels"]
        located = any(s["label"] in (r["expected_label"], "abusive") for s in v["spans"])
        keys = ["all", "trick:" + r["trick"], "lang:" + r["lang"]]
        if r["trick"] != "plain":
            keys.append("obfuscated (not plain)")
        for k in keys:
            by[k][0] += 1
            by[k][1] += flagged
            by[k][2] += located
        if not flagged or not located:
            misses.append(f"  {r['text']!r} ({r['trick']}, {r['lang']}): flagged={flagged} located={located}")
    print("| rows | caught (flagged abusive) | term located |\n|---|---|---|")
    for k in sorted(by, key=lambda k: (k != "all", k != "obfuscated (not plain)", k)):
        n, f, l = by[k]
        print(f"| {k} | {pct(f, n)} | {pct(l, n)} |")
    cv = scan(build, model, [r["text"] for r in clean])
    hard = [r.get("note", "").startswith("hard case") for r in clean]
    flagged = [r["text"] for r, v, h in zip(clean, cv, hard) if v["labels"] and not h]
    print(f"\nclean messages flagged (hard cases excluded): {pct(len(flagged), hard.count(False))}")
    for t in flagged:
        print("  " + t)
    print("\nmisses:")
    print("\n".join(misses) or "  none")


if __name__ == "__main__":
    main()
