"""Every labelled chat's outcome, saved, summed by half and compared between two runs: how each session measures a
change over every validation set (read and blind halves, split as `split_half.py` does) and every training file.

    python bench/per_chat.py measure OUT.json [--detectors combined] [--only REGEX] [--jobs 2]
    python bench/per_chat.py summary OUT.json [--only REGEX]
    python bench/per_chat.py compare OLD.json NEW.json

`measure` analyses each chat of eval/validation/*.jsonl and eval/train/**/*.jsonl and keeps, per chat id, its label,
final level and score, its half (blind, read, train), its file and whether it ever reached `high`. `summary` prints
found / benign alerted / P / R / F0.5 at `high` and sextortion chats at `critical` per half; `compare` lists the chats
whose alert or level changed. Ids, labels and levels only: never message text.
"""

from __future__ import annotations

import argparse
import json
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from split_half import in_read_half

from lurewatch.learn.evaluate import detector_analyzer, reached
from lurewatch.learn.labelled import read_labelled
from lurewatch.learn.metrics import Confusion

REPO = Path(__file__).resolve().parent.parent
HALVES = ("blind", "read", "train")


def half_of(path: Path, conversation_id: str) -> str:
    if "validation" not in path.parts:
        return "train"
    return "read" if "blind" not in path.name and in_read_half(conversation_id) else "blind"


def labelled_files() -> list[Path]:
    """Every validation set and training file, validation first."""
    return sorted((REPO / "eval/validation").glob("*.jsonl")) + sorted((REPO / "eval/train").glob("**/*.jsonl"))


def measure_file(path: Path, detectors: str) -> dict[str, dict[str, object]]:
    analyze = detector_analyzer(detectors)  # type: ignore[arg-type]  # checked by argparse's choices
    outcomes: dict[str, dict[str, object]] = {}
    for item in read_labelled(path):
        analysis = analyze(item.conversation)
        outcomes[item.conversation.id] = {
            "label": item.label,
            "level": analysis.risk.level,
            "score": round(analysis.risk.score, 4),
            "half": half_of(path, item.conversation.id),
            "file": str(path.relative_to(REPO)),
            "alerted": reached(analysis, "high"),
        }
    return outcomes


def measure(args: argparse.Namespace) -> None:
    files = [f for f in labelled_files() if re.search(args.only, str(f.relative_to(REPO)))]
    files.sort(key=lambda f: -f.stat().st_size)  # the largest first, so the workers end together
    outcomes: dict[str, dict[str, object]] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for part in pool.map(measure_file, files, [args.detectors] * len(files)):
            outcomes.update(part)
    Path(args.out).write_text(json.dumps(outcomes, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(outcomes)} chats of {len(files)} files -> {args.out}")


def load(path: str) -> dict[str, dict[str, object]]:
    try:
        outcomes: dict[str, dict[str, object]] = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"per_chat.py: error: {path}: not a file that `measure` wrote ({error})") from None
    return outcomes


def summary(args: argparse.Namespace) -> None:
    outcomes = [o for o in load(args.file).values() if re.search(args.only, str(o["file"]))]
    for half in HALVES:
        rows = [o for o in outcomes if o["half"] == half]
        if not rows:
            continue
        counts = Confusion.of((o["label"] != "benign" for o in rows), (bool(o["alerted"]) for o in rows))
        sextortion = [o for o in rows if o["label"] == "sextortion"]
        critical = sum(o["level"] == "critical" for o in sextortion)
        print(
            f"{half:5}  found {counts.tp} of {counts.tp + counts.fn}  benign alerted {counts.fp} of {counts.fp + counts.tn}  "
            f"P {counts.precision:.3f} R {counts.recall:.3f} F0.5 {counts.fbeta(0.5):.3f}  "
            f"sextortion critical {critical} of {len(sextortion)}"
        )


def compare(args: argparse.Namespace) -> None:
    old, new = load(args.old), load(args.new)
    for chat in sorted(old.keys() & new.keys()):
        before, after = old[chat], new[chat]
        if (before["alerted"], before["level"]) != (after["alerted"], after["level"]):
            alert = f"{'high' if before['alerted'] else 'none'} -> {'high' if after['alerted'] else 'none'}"
            print(f"{chat:16} {before['label']!s:10} {before['half']!s:5} {before['level']!s:8} -> {after['level']!s:8} alert {alert}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("measure")
    run.add_argument("out")
    run.add_argument("--detectors", choices=("combined", "catalogue", "semantic"), default="combined")
    run.add_argument("--only", default="", help="a regular expression the file's path must match")
    run.add_argument("--jobs", type=int, default=2)
    run.set_defaults(action=measure)
    total = commands.add_parser("summary")
    total.add_argument("file")
    total.add_argument("--only", default="")
    total.set_defaults(action=summary)
    diff = commands.add_parser("compare")
    diff.add_argument("old")
    diff.add_argument("new")
    diff.set_defaults(action=compare)
    args = parser.parse_args()
    args.action(args)


if __name__ == "__main__":
    main()
