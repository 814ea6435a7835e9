#!/usr/bin/env python3
"""Deterministic synthetic chat exports for the import benchmarks.

  gen_whatsapp_export.py --messages 1000000 --out build/bench/chat.txt
  gen_whatsapp_export.py --messages 1000000 --format jsonl --out build/bench/messages.jsonl

whatsapp: an Android "Export chat" file (24-hour clock, day/month/year), with
the encryption notice, multi-line messages (1 in 20), "<Media omitted>" (1 in
50) and system lines (1 in 500), one minute apart. jsonl: one
{"text","author","time","url","thread"} object per line. The same
arguments always give the same bytes (fixed seed, no clock). The messages are
written here, not taken from any data set: ordinary chat mixed with generic
hostile phrases, in English, romanised Hindi, Devanagari and Urdu.
"""
import argparse
import datetime
import json
import random
import sys

AUTHORS = ["Ayesha Khan", "Rahul", "Troll King", "+91 98765 43210", "Meera", "Sana Iqbal", "anon_4471", "Press Club"]
TEXTS = [
    "good morning everyone",
    "did you see the report on the flood relief?",
    "meeting moved to 4 pm at the press club",
    "please share the draft before tonight",
    "thank you for your brave reporting",
    "kal ki story bahut achhi thi",
    "aaj shaam ko milte hain",
    "नमस्ते, कल की बैठक कहाँ है?",
    "رپورٹ بہت اچھی تھی، شکریہ",
    "you should shut up and stay home",
    "nobody wants to hear from you, delete your account",
    "we know where you live",
    "women like you should not be journalists",
    "stupid reporter, stop lying",
    "tum chup raho warna dekh lena",
    "this is fake news and you are a liar",
]
SYSTEM = ["Meera added Sana Iqbal", "anon_4471 left", "Rahul changed the group description"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=1000000)
    ap.add_argument("--format", choices=["whatsapp", "jsonl"], default="whatsapp")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8", newline="\n")
    t = datetime.datetime(2024, 1, 1, 8, 0)
    step = datetime.timedelta(minutes=1)
    buf = []
    if a.format == "whatsapp":
        buf.append(t.strftime("%d/%m/%Y, %H:%M") + " - Messages and calls are end-to-end encrypted. No one outside "
                   "of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n")
    for i in range(a.messages):
        author = AUTHORS[rng.randrange(len(AUTHORS))]
        text = TEXTS[rng.randrange(len(TEXTS))]
        r = rng.randrange(1000)
        if r < 20:
            text = "<Media omitted>"
        elif r < 70:
            text = text + "\n" + TEXTS[rng.randrange(len(TEXTS))]
        stamp = t.strftime("%d/%m/%Y, %H:%M")
        if a.format == "whatsapp":
            if rng.randrange(500) == 0:
                buf.append(f"{stamp} - {SYSTEM[rng.randrange(len(SYSTEM))]}\n")
            buf.append(f"{stamp} - {author}: {text}\n")
        else:
            buf.append(json.dumps({"text": text, "author": author, "time": t.strftime("%Y-%m-%dT%H:%M:00Z"),
                                   "url": f"https://example.org/m/{i}", "thread": "bench"},
                                  ensure_ascii=False) + "\n")
        t += step
        if len(buf) >= 10000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
