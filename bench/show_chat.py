"""One labelled chat as lurewatch reads it, for studying a miss or a false alarm: each message with the writer's tags
and the findings it got, then each participant's level, score and top contributions. Only chats of a read half or a
training file: a blind half's chat is refused, so that half stays unread.

    python bench/show_chat.py setdf-004 [setdg-016 ...] [--detectors combined|catalogue|semantic]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from per_chat import half_of, labelled_files

from lurewatch.learn.evaluate import detector_analyzer
from lurewatch.learn.labelled import read_labelled
from lurewatch.model import Analysis


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ids", nargs="+")
    parser.add_argument("--detectors", choices=("combined", "catalogue", "semantic"), default="combined")
    args = parser.parse_args()
    analyze = detector_analyzer(args.detectors)
    wanted = set(args.ids)
    for path in labelled_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or json.loads(line).get("id") not in wanted:
                continue
            chat = json.loads(line)
            wanted.discard(chat["id"])
            if half_of(path, chat["id"]) == "blind":
                print(f"{chat['id']}: in a blind half, not shown", file=sys.stderr)
                continue
            item = next(i for i in read_labelled(path) if i.conversation.id == chat["id"])
            show(chat, analyze(item.conversation))
    for missing in sorted(wanted):
        print(f"{missing}: no such labelled chat", file=sys.stderr)


def show(chat: dict[str, Any], analysis: Analysis) -> None:
    print(f"== {chat['id']} {chat['label']} suspects={chat.get('suspects')} onset={chat.get('onset')}")
    print(f"   {chat.get('kind', '')}")
    print(f"   level {analysis.risk.level} score {analysis.risk.score:.3f} first alert {analysis.first_alert_index}")
    by_message: dict[int, list[str]] = {}
    for finding in analysis.findings:
        how = "p" if finding.matched_by == "pattern" else f"m{finding.similarity or 0:.2f}"
        by_message.setdefault(finding.message_index, []).append(f"{finding.indicator}({how})")
    for index, message in enumerate(chat["messages"]):
        marks = message.get("tags") or message.get("lookalike") or []
        # Older sets mark a look-alike line with true instead of its categories.
        tags = ",".join(marks) if isinstance(marks, list) else "lookalike"
        print(f"{index:3} {message['author'][:14]:14} {message['text']}")
        if tags or index in by_message:
            print(f"{'':19}tags[{tags}] found[{' '.join(by_message.get(index, []))}]")
    for person in analysis.participants:
        top = "; ".join(f"{c.feature} {c.log_odds:+.2f}" for c in person.contributions[:6])
        print(f"   {person.name}: {person.role} {person.risk.level} {person.risk.score:.3f}  {top}")
    print()


if __name__ == "__main__":
    main()
