"""PAN12-shaped corpus, end to end through the CLI: parse + analyse + JSON report, with --jobs 1 and --jobs 2.

    python bench/bench_pan12.py [--messages 2000000] [--conversations 150000] [--jobs 1 2] [--keep]

Generates the XML with bench/gen_pan12.py (into bench/out/, reused if present), then runs
`lurewatch analyze FILE --format json -o OUT --jobs N` and prints wall time, messages/s and the peak resident memory of
the whole process tree (sampled every 50 ms). Goal: the 2,000,000-message file in <= 60 s with 2 jobs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def run(xml: Path, jobs: int, report: Path) -> tuple[float, int]:
    command = [sys.executable, "-m", "lurewatch.cli", "analyze", str(xml), "--format", "json", "-o", str(report),
               "--jobs", str(jobs)]
    started = time.perf_counter()
    child = subprocess.Popen(command)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree_rss(watched))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 3):
        raise SystemExit(f"lurewatch exited {child.returncode}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2_000_000)
    parser.add_argument("--conversations", type=int, default=150_000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", action="store_true", help="keep the generated XML and reports in bench/out/")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    xml = OUT / f"pan12-{args.messages}-{args.conversations}.xml"
    if not xml.exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(HERE / "gen_pan12.py"), str(xml), "--messages", str(args.messages),
             "--conversations", str(args.conversations)],
            check=True,
        )
        print(f"generated {xml.name} ({xml.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - started:.1f} s")
    for jobs in args.jobs:
        report = OUT / f"report-jobs{jobs}.json"
        seconds, peak = run(xml, jobs, report)
        with report.open() as handle:
            conversations = json.load(handle)["conversations"]
        messages = sum(c["message_count"] for c in conversations)
        flagged = sum(c["risk"]["level"] in ("high", "critical") for c in conversations)
        print(f"--jobs {jobs}: {messages:,} messages in {len(conversations):,} conversations, {seconds:.1f} s, "
              f"{messages / seconds:,.0f} messages/s, peak RSS {peak / 2**20:,.0f} MiB, {flagged:,} high or critical")
        if not args.keep:
            report.unlink()
    if not args.keep:
        xml.unlink()


if __name__ == "__main__":
    main()
