"""Message-level recall per category on tagged conversations (JSON lines; no message text is ever printed).

    python bench/message_recall.py FILE.jsonl... [--detectors catalogue|semantic|combined]

For each category a writer tagged on a suspect's messages: how many messages carry the tag, the share of them with a
finding of that category ("same cat") and the share with any finding ("any"). For benign look-alike messages: how many
got a finding of the category they resemble. A conversation measures how well the detectors hear the moves as real
writers word them, not only as the catalogue's examples do.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lurewatch.api import DETECTORS, Detectors, analyze_conversation
from lurewatch.model import Conversation, Message


def _conversations(paths: list[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def _categories_by_message(row: dict[str, Any], detectors: Detectors) -> dict[int, set[str]]:
    messages = [Message(author=m["author"], text=m["text"]) for m in row["messages"]]
    analysis = analyze_conversation(Conversation(id=row["id"], messages=messages), detectors=detectors)
    found: dict[int, set[str]] = {}
    for finding in analysis.findings:
        found.setdefault(finding.message_index, set()).add(finding.category)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--detectors", choices=DETECTORS, default="combined")
    args = parser.parse_args()

    tagged: Counter[str] = Counter()
    same: Counter[str] = Counter()
    anything: Counter[str] = Counter()
    lookalikes: Counter[str] = Counter()
    lookalike_hits: Counter[str] = Counter()
    for row in _conversations(args.files):
        found = _categories_by_message(row, args.detectors)
        for index, message in enumerate(row["messages"]):
            categories = found.get(index, set())
            for tag in message.get("tags", []):
                tagged[tag] += 1
                same[tag] += tag in categories
                anything[tag] += bool(categories)
            for tag in message.get("lookalike", []):
                lookalikes[tag] += 1
                lookalike_hits[tag] += tag in categories

    print(f"detectors: {args.detectors}")
    print(f"{'category':20} {'tagged':>6} {'same cat':>8} {'any':>5} | look-alikes with a finding")
    for tag in sorted(tagged, key=lambda t: same[t] / tagged[t]):
        print(f"{tag:20} {tagged[tag]:6} {same[tag] / tagged[tag]:8.2f} {anything[tag] / tagged[tag]:5.2f} | "
              f"{lookalike_hits[tag]}/{lookalikes[tag]}")
    for tag in sorted(set(lookalikes) - set(tagged)):
        print(f"{tag:20} {0:6} {'-':>8} {'-':>5} | {lookalike_hits[tag]}/{lookalikes[tag]}")
    total = sum(tagged.values())
    print(f"all tagged {total}, same category {sum(same.values()) / max(total, 1):.3f}; "
          f"look-alikes with a finding {sum(lookalike_hits.values())}/{sum(lookalikes.values())}")


if __name__ == "__main__":
    main()
