"""What reading chat in other scripts costs: per script pack, the first message's time (the pack read, checked and
compiled) and then messages per second over that language's everyday lines (`tests/fixtures/other_scripts/`).

    python bench/bench_script_packs.py [--repeat N]

English chat never loads a pack; `bench_semantic.py` measures it. Prints CPU seconds of this process (one thread)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import Recognizer

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "other_scripts"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalogue = load_catalogue()
    Recognizer(catalogue).scan("warm up the catalogue and the English set")
    print(f"{'pack':8} {'first message':>14} {'messages/s':>11} {'lines':>6}")
    for path in sorted(FIXTURES.glob("*.json")):
        lines = json.loads(path.read_text(encoding="utf-8"))["everyday"]
        firsts, rates = [], []
        for _ in range(args.repeat):
            recognizer = Recognizer(catalogue)
            started = time.process_time()
            recognizer.scan(lines[0])
            firsts.append(time.process_time() - started)
            for line in lines:  # the sets' states, built as text needs them
                recognizer.scan(line)
            started = time.process_time()
            for line in lines:
                recognizer.scan(line)
            rates.append(len(lines) / max(time.process_time() - started, 1e-9))
        print(f"{path.stem:8} {min(firsts):13.2f}s {max(rates):11.0f} {len(lines):6}")


if __name__ == "__main__":
    main()
