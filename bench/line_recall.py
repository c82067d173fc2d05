"""Line-level recall on held-out probe lines (`eval/probes/*.tsv`): how many risky lines get a finding of their category,
and how many everyday lines that share their words get a move. Each file holds lines written fresh by someone who never
saw the catalogue's patterns, one per line: `category<TAB>text`, or `-<TAB>text` for an everyday line. No choice of a
pattern was made on them: they measure how far the catalogue (and the semantic layer) hear wordings nobody wrote for.

    python bench/line_recall.py eval/probes/*.tsv [--detectors catalogue|combined]

`catalogue` scans each line alone; `combined` reads it as the one message of a private chat, with the semantic layer.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from lurewatch.api import analyze_conversation
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import Conversation, Message

EVERYDAY = "-"


def indicators(text: str, detectors: str) -> set[str]:
    if detectors == "catalogue":
        return {hit.spec.id for hit in default_recognizer().scan(text)}
    conversation = Conversation(id="line", messages=[Message(author="writer", text=text)])
    return {finding.indicator for finding in analyze_conversation(conversation, detectors="combined").findings}


def measure(path: Path, detectors: str) -> None:
    lines = Counter[str]()
    found = Counter[str]()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        label, tab, text = line.partition("\t")
        if not tab:
            raise SystemExit(f"line_recall.py: error: {path}: line {number}: no tab between the category and the text")
        seen = indicators(text, detectors)
        lines[label] += 1
        if label == EVERYDAY:
            # Only a move counts: an everyday line may show the catalogue's signals (context that lowers a risk, facts
            # about the writer).
            found[label] += any(not load_catalogue().by_id(i).signal for i in seen)
        else:
            found[label] += any(i.split(".")[0] == label for i in seen)
    risky = sum(n for label, n in lines.items() if label != EVERYDAY)
    hit = sum(n for label, n in found.items() if label != EVERYDAY)
    print(f"{path.name}: risky lines found {hit} of {risky} ({hit / max(risky, 1):.0%}); "
          f"everyday lines with a move {found[EVERYDAY]} of {lines[EVERYDAY]}")
    print("   " + " ".join(f"{label} {found[label]}/{lines[label]}" for label in sorted(lines) if label != EVERYDAY))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--detectors", choices=("catalogue", "combined"), default="catalogue")
    args = parser.parse_args()
    for path in args.files:
        measure(path, args.detectors)


if __name__ == "__main__":
    main()
