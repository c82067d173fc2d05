"""How a candidate catalogue pattern would behave before it is added: how many labelled lines it matches (suspects'
lines of risky chats, their targets' lines, lines of benign chats) in the read halves, blind halves and training
files, and how many messages of the shared ordinary-chat corpora. The counts are what decides; `--show` prints the
matched lines of the read halves and training only (never a blind half's, never an ordinary corpus' text).

    python bench/pattern_check.py "keep (it|this) (as )?our (plan|thing)" ["another pattern" ...]
    python bench/pattern_check.py PATTERN --category secrecy     # only lines that have no finding of that category yet
    python bench/pattern_check.py PATTERN --show                 # the matched read and training lines, for reading

A pattern is written as in catalogue.yaml (macros, optional apostrophes and word boundaries are added the same way)
and matched against the normalised text, as the recognizer matches.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from collections.abc import Iterator

import re2
from per_chat import REPO, half_of, labelled_files

from lurewatch.indicators.catalogue import expand_pattern, load_catalogue
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.normalize import normalize

ORDINARY = REPO.parent / "shared/data/benign"


def labelled_lines() -> Iterator[tuple[str, str, str, str, list[str]]]:
    """(half, kind of line, chat id, text, the writer's tags) of every message of the validation sets and training files,
    the kind being `suspect` or `target` in a risky chat and `benign` in a benign one."""
    for path in labelled_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            chat = json.loads(line)
            label = chat.get("label")
            if label is None:
                continue
            suspects = set(chat.get("suspects") or ())
            for message in chat["messages"]:
                kind = "benign" if label == "benign" else "suspect" if message["author"] in suspects else "target"
                tags = message.get("tags")
                yield half_of(path, chat["id"]), kind, chat["id"], message["text"], tags if isinstance(tags, list) else []


def categories_found(text: str) -> set[str]:
    """The categories the catalogue's words find in a line."""
    return {hit.spec.category for hit in default_recognizer().scan(text)}


def ordinary_lines() -> Iterator[tuple[str, str]]:
    for path in sorted(ORDINARY.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                yield path.name.removesuffix(".jsonl.gz"), json.loads(line)["text"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("patterns", nargs="+")
    parser.add_argument("--category", help="count only lines without a finding of this category")
    parser.add_argument("--show", action="store_true", help="print the matched lines of read halves and training")
    args = parser.parse_args()
    catalogue = load_catalogue()
    expressions = [re2.compile(expand_pattern(p, catalogue.macros)) for p in args.patterns]

    def matched(text: str) -> list[int]:
        canonical = normalize(text).encoded
        found = [i for i, expression in enumerate(expressions) if expression.search(canonical)]
        already = found and args.category is not None and args.category in categories_found(text)
        return [] if already else found

    counts: Counter[tuple[int, str, str]] = Counter()
    for half, kind, chat_id, text, _ in labelled_lines():
        for index in matched(text):
            counts[index, half, kind] += 1
            if args.show and half != "blind":
                print(f"  [{index}] {half:5} {kind:7} {chat_id}: {text}")
    for name, text in ordinary_lines():
        for index in matched(text):
            counts[index, "ordinary", name] += 1
    for index, pattern in enumerate(args.patterns):
        print(f"[{index}] {pattern}")
        for half in ("read", "blind", "train"):
            row = "  ".join(f"{kind} {counts[index, half, kind]}" for kind in ("suspect", "target", "benign"))
            print(f"    {half:5}  {row}")
        ordinary = {name: n for (i, where, name), n in counts.items() if i == index and where == "ordinary"}
        print(f"    ordinary  {sum(ordinary.values())} {dict(sorted(ordinary.items())) if ordinary else ''}")


if __name__ == "__main__":
    main()
