#!/usr/bin/env python3
"""Writes data/bench/messages.txt: a fixed benchmark corpus of ~100-byte messages.

Synthetic on purpose (no third-party text in the repo): everyday words in English, Hinglish,
Roman Urdu, Hindi, Urdu, Bengali and Tamil, with a lexicon term (sometimes obfuscated) in about a
fifth of the messages. Deterministic: the same lexicons give the same file.
Usage: tools/gen_bench_corpus.py [N] > data/bench/messages.txt
"""
import glob
import random
import sys

WORDS = {
    "en": "the report is out today and we will publish the story after the editor checks every "
          "source please share it with your colleagues in the newsroom thanks for the support".split(),
    "hi-Latn": "aaj ki khabar bahut zaroori hai hum sab milkar kaam karenge kal press club mein "
               "baithak hai aap bhi aana yaar dhanyavaad".split(),
    "ur-Latn": "aaj ki khabar bohat zaroori hai hum sab mil kar kaam karen gay kal press club mein "
               "ijlas hai ap bhi aana shukriya".split(),
    "hi": "आज की खबर बहुत ज़रूरी है हम सब मिलकर काम करेंगे कल प्रेस क्लब में बैठक है".split(),
    "ur": "آج کی خبر بہت ضروری ہے ہم سب مل کر کام کریں گے کل پریس کلب میں اجلاس ہے".split(),
    "bn": "আজকের খবর খুব জরুরি আমরা সবাই মিলে কাজ করব কাল প্রেস ক্লাবে সভা আছে".split(),
    "ta": "இன்றைய செய்தி மிகவும் முக்கியம் நாம் அனைவரும் சேர்ந்து வேலை செய்வோம்".split(),
}
LEET = str.maketrans({"a": "@", "i": "1", "e": "3", "o": "0", "s": "$"})


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rng = random.Random(20261125)
    terms = []
    for path in sorted(glob.glob("data/lexicons/*/*.tsv")):
        with open(path, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        terms += [r[0].rstrip("*") for r in rows[1:] if len(r) == 5]
    langs = sorted(WORDS)
    for _ in range(n):
        words = WORDS[rng.choice(langs)]
        msg = []
        while len(" ".join(msg).encode()) < 90:
            msg.append(rng.choice(words))
        if rng.random() < 0.2:
            t = rng.choice(terms)
            if t.isascii() and rng.random() < 0.5:
                t = t.translate(LEET)
            msg.insert(rng.randrange(len(msg) + 1), t)
        print(" ".join(msg))


if __name__ == "__main__":
    main()
