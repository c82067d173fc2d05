"""Evaluate the detector on the research data in ../shared/data (read by path; no text is ever printed).

    python bench/eval_data.py [--data ../shared/data] [--window 40] [--pj-window 20] [--max-windows 3000]
                              [--detectors catalogue|semantic|combined]

- Ordinary chat (benign/*.jsonl.gz): conversations cut into windows of --window messages; the share of windows that
  reach medium / high / critical is the false-positive rate per corpus.
- Perverted-Justice chats (pj-lines.jsonl.gz): the offender's first --pj-window lines interleaved with the decoy's (the
  file has lost the order between the two roles); the share of chats where the offender reaches medium / high and is
  labelled suspect is the detection rate from an early window; also for each half of the chats, split by a hash of the
  chat id as `split_half.py` splits the validation sets (sessions read the misses of the `read` half only).
- PAN 2012 excerpt: per conversation, whether the suspect lurewatch names is a ground-truth predator.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from split_half import in_read_half

from lurewatch.api import DETECTORS, Detectors, analyze_conversation
from lurewatch.ingest import load
from lurewatch.model import Analysis, Conversation, Message
from lurewatch.scoring import level_at_least

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LEVELS = ("medium", "high", "critical")


def _read_jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _windows(path: Path, size: int) -> Iterator[Conversation]:
    by_conversation: dict[str, list[Message]] = defaultdict(list)
    for row in _read_jsonl(path):
        by_conversation[row["conversation_id"]].append(Message(author=row["author"], text=row["text"] or ""))
    for cid, messages in by_conversation.items():
        for start in range(0, len(messages), size):
            yield Conversation(id=f"{cid}@{start}", messages=messages[start : start + size])


def _rates(analyses: list[Analysis]) -> str:
    total = max(len(analyses), 1)
    parts = [f"{level}+ {sum(level_at_least(a.risk.level, level) for a in analyses) / total:6.2%}" for level in LEVELS]
    return "  ".join(parts)


def eval_benign(data: Path, window: int, max_windows: int, detectors: Detectors) -> None:
    print(f"Ordinary chat, windows of {window} messages (false-positive rates):")
    for path in sorted((data / "benign").glob("*.jsonl.gz")):
        conversations = list(islice(_windows(path, window), max_windows))
        started = time.perf_counter()
        analyses = [analyze_conversation(c, detectors=detectors) for c in conversations]
        messages = sum(a.message_count for a in analyses)
        seconds = time.perf_counter() - started
        indicators: dict[str, int] = defaultdict(int)
        for analysis in analyses:
            if level_at_least(analysis.risk.level, "medium"):
                for finding in analysis.findings:
                    indicators[finding.indicator] += 1
        top = ", ".join(f"{k} ×{v}" for k, v in sorted(indicators.items(), key=lambda kv: -kv[1])[:4])
        print(f"  {path.name:32} {len(analyses):5} windows {messages:7,} msgs  {_rates(analyses)}"
              f"  ({messages / seconds:,.0f} msg/s)  {'drivers: ' + top if top else ''}")


def eval_pj(data: Path, window: int, max_windows: int, detectors: Detectors) -> None:
    lines: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"predator": [], "decoy": []})
    for row in _read_jsonl(data / "pj-lines.jsonl.gz"):
        lines[row["chat"]][row["role"]].append(row["text"])
    analyses = []
    suspect_right = 0
    # A few chats of the release hold only the decoy's side: there is no offender in them to find.
    silent = [chat_id for chat_id, roles in lines.items() if not roles["predator"]]
    for chat_id, roles in islice(((c, r) for c, r in lines.items() if r["predator"]), max_windows):
        messages = []
        for predator, decoy in zip(roles["predator"][:window], roles["decoy"][:window] + [""] * window, strict=False):
            messages.append(Message(author="offender", text=predator))
            if decoy:
                messages.append(Message(author="decoy", text=decoy))
        analysis = analyze_conversation(Conversation(id=chat_id, messages=messages), detectors=detectors)
        analyses.append(analysis)
        suspect_right += any(p.name == "offender" and p.role == "suspect" for p in analysis.participants)
    print(
        f"Perverted-Justice offenders, first {window} lines each ({len(analyses)} chats, detection rates; "
        f"{len(silent)} chats without an offender line left out):"
    )
    print(f"  {_rates(analyses)}  offender labelled suspect: {suspect_right / max(len(analyses), 1):.2%}")
    # Split as the validation sets are (`split_half.py`): the half whose misses sessions have read, and the other.
    for half, name in ((True, "read half"), (False, "unread half")):
        part = [a for a in analyses if in_read_half(a.id) == half]
        print(f"  {name} ({len(part)} chats): {_rates(part)}")


def eval_pan12(data: Path, detectors: Detectors) -> None:
    root = data / "pan12-excerpt"
    for split, corpus_glob, truth_glob in (
        ("train", "train/*training-corpus-2012-05-01.xml", "train/*predators-2012-05-01.txt"),
        ("test", "test/*test-corpus-2012-05-17.xml", "test/*groundtruth-problem1.txt"),
    ):
        corpus = next(root.glob(corpus_glob))
        predators = set(next(root.glob(truth_glob)).read_text().split())
        with_predator = flagged_right = flagged_wrong = 0
        total = 0
        for conversation in load([corpus]):
            total += 1
            analysis = analyze_conversation(conversation, detectors=detectors)
            has_predator = any(name in predators for name in conversation.participants)
            with_predator += has_predator
            suspects = {p.name for p in analysis.participants if p.role == "suspect"}
            flagged = level_at_least(analysis.risk.level, "medium") and suspects
            if flagged and suspects & predators:
                flagged_right += 1
            elif flagged:
                flagged_wrong += 1
        print(f"PAN12 excerpt {split}: {total} conversations, {with_predator} with a predator; medium+ with the "
              f"predator as suspect: {flagged_right}; medium+ with a wrong suspect: {flagged_wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--window", type=int, default=40)
    parser.add_argument("--pj-window", type=int, default=20)
    parser.add_argument("--max-windows", type=int, default=3000)
    parser.add_argument("--detectors", choices=DETECTORS, default="combined")
    args = parser.parse_args()
    print(f"detectors: {args.detectors}")
    eval_benign(args.data, args.window, args.max_windows, args.detectors)
    eval_pj(args.data, args.pj_window, args.max_windows, args.detectors)
    eval_pan12(args.data, args.detectors)


if __name__ == "__main__":
    main()
