"""Where to look for a general form the catalogue lacks: the 3-word sequences most frequent in the suspects' lines that
their writers tagged with a category and that have no finding of it in the catalogue's words, and rare in benign chats.
Read halves and training files only; a blind half is never read. Each sequence is a lead, not a pattern: widen it into
a form and count that form with `pattern_check.py --category` before it goes in.

    python bench/miss_sequences.py secrecy [--top 40] [--min 6]

Columns: suspect lines with the sequence and no finding of the category, benign lines with it, the sequence.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter

from pattern_check import labelled_lines
from per_chat import half_of, labelled_files

from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.normalize import normalize

# Sequences of plain talk that every category's misses share.
COMMON = frozenset({"i don't", "you don't", "do you want", "if you want", "i want to", "you want to", "i can't", "a lot of",
                    "i'm not", "it's a", "don't know"})


def sequences(text: str) -> set[str]:
    words = re.findall(r"[a-z']+", normalize(text).text)
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)} - COMMON


def tagged_suspect_lines(category: str) -> list[str]:
    """The suspects' lines of the read halves and training that their writers tagged with `category`."""
    lines = []
    for path in labelled_files():
        for row in path.read_text(encoding="utf-8").splitlines():
            if not row.strip():
                continue
            chat = json.loads(row)
            if chat.get("label") in (None, "benign") or half_of(path, chat["id"]) == "blind":
                continue
            suspects = set(chat.get("suspects") or ())
            lines += [m["text"] for m in chat["messages"] if m["author"] in suspects and category in (m.get("tags") or ())]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("category")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--min", type=int, default=6, help="fewest unfound suspect lines a sequence needs")
    args = parser.parse_args()
    recognizer = default_recognizer()
    missed: Counter[str] = Counter()
    for text in tagged_suspect_lines(args.category):
        if all(hit.spec.category != args.category for hit in recognizer.scan(text)):
            missed.update(sequences(text))
    benign: Counter[str] = Counter()
    for half, kind, _, text in labelled_lines():
        if kind == "benign" and half != "blind":
            benign.update(sequences(text) & missed.keys())
    # A lead is worth widening when at most one benign line in four carries it.
    leads = [(n, benign[s], s) for s, n in missed.items() if n >= args.min and benign[s] * 4 <= n]
    for n, b, sequence in sorted(leads, key=lambda lead: (-lead[0], lead[2]))[: args.top]:
        print(f"{n:5} {b:4}  {sequence}")


if __name__ == "__main__":
    main()
