"""Where to look for a general form the catalogue lacks: the 3-word sequences most frequent in the suspects' lines that
their writers tagged with a category and that have no finding of it in the catalogue's words, and rare in benign chats.
Read halves and training files only; a blind half is never read. Each sequence is a lead, not a pattern: widen it into
a form and count that form with `pattern_check.py --category` before it goes in.

    python bench/miss_sequences.py secrecy [--top 40] [--min 6]

Columns: suspect lines with the sequence and no finding of the category, benign lines with it, the sequence.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

from pattern_check import categories_found, labelled_lines

from lurewatch.normalize import normalize

# Sequences of plain talk that every category's misses share.
COMMON = frozenset({"i don't", "you don't", "do you want", "if you want", "i want to", "you want to", "i can't", "a lot of",
                    "i'm not", "it's a", "don't know"})


def sequences(text: str) -> set[str]:
    words = re.findall(r"[a-z']+", normalize(text).text)
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)} - COMMON


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("category")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--min", type=int, default=6, help="fewest unfound suspect lines a sequence needs")
    args = parser.parse_args()
    missed: Counter[str] = Counter()
    benign: Counter[str] = Counter()
    for half, kind, _, text, tags in labelled_lines():
        if half == "blind":
            continue
        if kind == "benign":
            benign.update(sequences(text))
        elif kind == "suspect" and args.category in tags and args.category not in categories_found(text):
            missed.update(sequences(text))
    # A lead is worth widening when at most one benign line in four carries it.
    leads = [(n, benign[s], s) for s, n in missed.items() if n >= args.min and benign[s] * 4 <= n]
    for n, b, sequence in sorted(leads, key=lambda lead: (-lead[0], lead[2]))[: args.top]:
        print(f"{n:5} {b:4}  {sequence}")


if __name__ == "__main__":
    main()
