"""The lines behind the risky chats still missed: in every read-half and training chat that a `per_chat.py measure` run
found never reaching `high`, the suspects' lines their writers tagged with a category that the catalogue's words do not
find there, counted by category, and for one category the lines themselves (a blind half is never read).

    python bench/missed_lines.py RUN.json                      # how many such lines per category
    python bench/missed_lines.py RUN.json gifts [--show 60]    # and the first lines of one category, to read

Where `miss_sequences.py` looks for frequent wordings among every suspect line, this looks only at the chats whose
alert is still missing: the forms that would move a chat, not one more finding in a chat already found.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from pattern_check import categories_found, labelled_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="a per_chat.py measure output")
    parser.add_argument("category", nargs="?")
    parser.add_argument("--show", type=int, default=60)
    args = parser.parse_args()
    outcomes = json.loads(args.run.read_text(encoding="utf-8"))
    missed = {
        chat_id for chat_id, outcome in outcomes.items()
        if outcome["half"] in ("read", "train") and outcome["label"] != "benign" and not outcome["alerted"]
    }
    counts: Counter[str] = Counter()
    lines: defaultdict[str, list[str]] = defaultdict(list)
    for half, kind, chat_id, text, tags in labelled_lines():
        if half == "blind" or chat_id not in missed or kind != "suspect" or not tags:
            continue
        for category in set(tags) - categories_found(text):
            counts[category] += 1
            lines[category].append(f"{chat_id}: {text}")
    print(f"{len(missed)} risky chats never reach high (read halves and training)")
    for category, count in counts.most_common():
        print(f"{count:6d}  {category}")
    if args.category:
        for line in lines[args.category][: args.show]:
            print("  ", line)


if __name__ == "__main__":
    main()
