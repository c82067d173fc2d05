"""Whether a speed change left `lurewatch analyze`'s results alone: the JSON reports of fixed inputs, saved before and
compared after.

    python bench/same_output.py --save DIR       # before the change (e.g. on the commit it starts from)
    python bench/same_output.py --against DIR    # after: exit status 1 and the first differing report when any differs

Inputs: the bundled examples, the development set `eval/heldout/dev.jsonl` (its conversations as message JSONL), the
first --messages messages of IRC #ubuntu (`../shared/data/benign/irc_ubuntu.jsonl.gz`: chat rooms, where the semantic
layer reads few messages) and the first --one-to-one messages of Topical-Chat (`topical_chat.jsonl.gz`: one-to-one
chats, where it reads every message), each analysed with
`--detectors catalogue` and `--detectors combined` by `python -m lurewatch analyze FILE --format json`, one process per
run as a user runs it. The reports hold no timing, so they must be equal byte for byte. Prints names and counts only,
never message text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DETECTORS = ("catalogue", "combined")


def dev_messages(out: Path) -> Path:
    """The development set's conversations as one message per line (what `analyze` reads), ids kept."""
    with (ROOT / "eval" / "heldout" / "dev.jsonl").open(encoding="utf-8") as source, out.open("w") as sink:
        for line in source:
            conversation = json.loads(line)
            for message in conversation["messages"]:
                sink.write(json.dumps({"conversation_id": conversation["id"], **message}) + "\n")
    return out


def corpus_messages(corpus: Path, messages: int, out: Path) -> Path:
    with gzip.open(corpus, "rt", encoding="utf-8") as source, out.open("w") as sink:
        for _, line in zip(range(messages), source, strict=False):
            row = json.loads(line)
            item = {"conversation_id": row["conversation_id"], "author": row["author"], "text": row["text"] or ""}
            sink.write(json.dumps(item) + "\n")
    return out


def inputs(data: Path, messages: int, one_to_one: int, folder: Path) -> dict[str, list[Path]]:
    """Paths relative to `folder` (the reports name their sources): the examples are copied there first."""
    examples = []
    for path in sorted((ROOT / "src" / "lurewatch" / "examples").glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
        examples.append(Path(path.name))
    dev_messages(folder / "dev.jsonl")
    corpus_messages(data / "benign" / "irc_ubuntu.jsonl.gz", messages, folder / "irc.jsonl")
    corpus_messages(data / "benign" / "topical_chat.jsonl.gz", one_to_one, folder / "topical.jsonl")
    return {
        **{f"example-{path.stem}": [path] for path in examples},
        "examples-together": examples,
        "dev": [Path("dev.jsonl")],
        f"irc-{messages}": [Path("irc.jsonl")],
        f"topical-{one_to_one}": [Path("topical.jsonl")],
    }


def report(paths: list[Path], detectors: str, folder: Path) -> bytes:
    command = [sys.executable, "-m", "lurewatch", "analyze", *map(str, paths), "--format", "json"]
    done = subprocess.run([*command, "--detectors", detectors], check=True, capture_output=True, cwd=folder)
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--save", type=Path, metavar="DIR", help="write the reports to DIR")
    where.add_argument("--against", type=Path, metavar="DIR", help="compare the reports with those saved in DIR")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--messages", type=int, default=50_000, help="IRC messages (default: 50,000)")
    parser.add_argument("--one-to-one", type=int, default=2000, help="Topical-Chat messages (default: 2,000)")
    args = parser.parse_args()
    differing = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, paths in inputs(args.data, args.messages, args.one_to_one, Path(folder)).items():
            for detectors in DETECTORS:
                file = f"{name}.{detectors}.json"
                output = report(paths, detectors, Path(folder))
                conversations = len(json.loads(output)["conversations"])
                if args.save is not None:
                    args.save.mkdir(parents=True, exist_ok=True)
                    (args.save / file).write_bytes(output)
                    print(f"saved {file}: {conversations} conversations")
                    continue
                same = (args.against / file).read_bytes() == output
                differing += not same
                print(f"{'same     ' if same else 'DIFFERENT'} {file}: {conversations} conversations")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
