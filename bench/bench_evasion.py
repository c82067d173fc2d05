"""How much detection survives disguised spelling.

    python bench/bench_evasion.py [--misses] [--min-survival PERCENT] [--seed N]

Every disguise in `tests/disguises.py` (look-alike letters, zero-width characters, stretched letters, dotted letters,
spaced letters, full leetspeak) is applied to
- every `examples.match` string of every catalogue indicator: it survives when the same indicator is still found;
- every message of the risky example conversations (`examples/walkthrough.txt`, `examples/sextortion.txt`), the
  "Name: " prefix and time stamp left intact: it survives when the conversation's risk level is the same or higher.

Prints one table per corpus (disguise, items, survived, survival %). `--misses` lists what was missed;
`--min-survival` exits 1 when any disguise keeps less than that share of its detections (goal: 95).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from lurewatch import analyze, ingest
from lurewatch.api import analyze_conversation
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.model import RISK_LEVELS, Analysis

REPO = Path(__file__).resolve().parents[1]
CONVERSATIONS = [REPO / "examples" / "walkthrough.txt", REPO / "examples" / "sextortion.txt"]


def _load_disguises() -> ModuleType:
    # tests/ is not an installed package: load the shared disguise module by path so the bench and the tests agree.
    path = REPO / "tests" / "disguises.py"
    spec = importlib.util.spec_from_file_location("lurewatch_bench_disguises", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analysis(chat_text: str) -> Analysis:
    """The conversation as the catalogue's patterns see it, which is what disguised spelling attacks. Where
    `analyze_conversation` can leave out the semantic layer it does, so that layer cannot hide a normalizer gap."""
    if "detectors" in inspect.signature(analyze_conversation).parameters:
        (conversation,) = ingest.parse_text(chat_text)
        return analyze_conversation(conversation, detectors="catalogue")
    return analyze(chat_text)


def _findings(result: Analysis) -> set[tuple[int, str]]:
    return {(finding.message_index, finding.indicator) for finding in result.findings}


def example_items() -> list[tuple[str, str]]:
    """(indicator id, example) for every positive example the undisguised catalogue finds."""
    recognizer = default_recognizer()
    items = []
    for spec in load_catalogue().indicators:
        for example in spec.examples.match if spec.examples else ():
            if any(hit.spec.id == spec.id for hit in recognizer.scan(example)):
                items.append((spec.id, example))
    return items


def run(show_misses: bool, seed: int = 0) -> float:
    module = _load_disguises()
    disguises: dict[str, Callable[[str, int], str]] = module.DISGUISES
    recognizer = default_recognizer()
    items = example_items()
    chats = [(path.stem, path.read_text(encoding="utf-8")) for path in CONVERSATIONS]
    baseline = {name: analysis(text) for name, text in chats}
    worst = 100.0

    print(f"catalogue examples ({len(items)} positive examples, same indicator must be found)")
    print(f"  {'disguise':24} {'items':>6} {'survived':>9} {'survival':>9}")
    misses: list[str] = []
    for name, disguise in disguises.items():
        survived = 0
        for indicator, example in items:
            disguised = disguise(example, seed)
            if any(hit.spec.id == indicator for hit in recognizer.scan(disguised)):
                survived += 1
            else:
                misses.append(f"  {name:24} {indicator:40} {disguised!r}")
        share = 100 * survived / len(items)
        worst = min(worst, share)
        print(f"  {name:24} {len(items):6} {survived:9} {share:8.1f}%")

    levels_before = ", ".join(f"{name}: {result.risk.level}" for name, result in baseline.items())
    print(f"\nexample conversations ({levels_before}; the risk level must hold)")
    print(f"  {'disguise':24} {'items':>6} {'survived':>9} {'survival':>9}  {'findings kept':>13}  levels")
    for name, disguise in disguises.items():
        results = {chat: analysis(module.disguise_chat(text, disguise, seed)) for chat, text in chats}
        kept = [
            RISK_LEVELS.index(results[chat].risk.level) >= RISK_LEVELS.index(baseline[chat].risk.level) for chat in results
        ]
        findings = sum(len(_findings(baseline[chat]) & _findings(results[chat])) for chat in results)
        findings_before = sum(len(_findings(result)) for result in baseline.values())
        share = 100 * sum(kept) / len(kept)
        worst = min(worst, share)
        shown = ", ".join(f"{chat}: {result.risk.level}" for chat, result in results.items())
        print(f"  {name:24} {len(kept):6} {sum(kept):9} {share:8.1f}%  {findings:>6}/{findings_before:<6}  {shown}")

    if show_misses and misses:
        print("\nmissed examples")
        print("\n".join(misses))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list every disguised example that was missed")
    parser.add_argument("--min-survival", type=float, default=None, metavar="PERCENT")
    parser.add_argument("--seed", type=int, default=0, help="draw other (equally repeatable) random disguises")
    args = parser.parse_args()
    worst = run(args.misses, args.seed)
    if args.min_survival is not None and worst < args.min_survival:
        print(f"\nlowest survival {worst:.1f}% is below {args.min_survival:.1f}%")
        sys.exit(1)


if __name__ == "__main__":
    main()
