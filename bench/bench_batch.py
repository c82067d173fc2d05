"""`lurewatch batch` on the PAN12-shaped file: the process pool against Spark in local mode, wall time and peak memory.

    python bench/bench_batch.py [--messages 2000000] [--conversations 150000] [--jobs 2] [--engines local spark]
                                [--detectors combined] [--timeout 1800] [--keep]

Generates the XML with bench/gen_pan12.py (into bench/out/, reused if present), then runs
`lurewatch batch FILE OUT.parquet --engine E --jobs N` as a subprocess for each engine and prints wall time, messages/s
and the peak resident memory of the whole process tree (driver, pool workers or the Spark JVM and its Python workers;
sampled every 50 ms). Both tables are then compared: the engines must give equal rows. Each run is stopped after
--timeout seconds, so the script always ends. Use --messages 200000 --conversations 15000 for a quick run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pan12 import tree_rss  # bench/ is not a package: its scripts import each other from the path
from gen_pan12 import generate_file

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def run(xml: Path, engine: str, jobs: int, detectors: str, table: Path, timeout: float) -> tuple[float, int]:
    command = [sys.executable, "-m", "lurewatch.cli", "batch", str(xml), str(table), "--engine", engine,
               "--jobs", str(jobs), "--input-format", "pan12", "--detectors", detectors]
    started = time.perf_counter()
    child = subprocess.Popen(command)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_rss(watched))
        if time.perf_counter() - started > timeout:
            for member in [watched, *watched.children(recursive=True)]:
                member.kill()
            child.wait()
            raise SystemExit(f"{engine}: stopped after {timeout:.0f} s")
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{engine}: lurewatch exited {child.returncode}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2_000_000)
    parser.add_argument("--conversations", type=int, default=150_000)
    parser.add_argument("--jobs", type=int, default=2, help="pool processes, and N of Spark's local[N]")
    parser.add_argument("--engines", nargs="+", choices=("local", "spark"), default=["local", "spark"])
    parser.add_argument("--detectors", choices=("catalogue", "semantic", "combined"), default="combined")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds before a run is stopped")
    parser.add_argument("--keep", action="store_true", help="keep the generated XML and tables in bench/out/")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    xml = OUT / f"pan12-{args.messages}-{args.conversations}.xml"
    if not xml.exists():
        generate_file(xml, args.messages, args.conversations, seed=0)
    print(f"{xml.name}: {xml.stat().st_size / 2**20:.0f} MiB, {args.messages:,} messages, jobs {args.jobs}, "
          f"detectors {args.detectors}")
    tables = {}
    try:
        for engine in args.engines:
            tables[engine] = OUT / f"batch-{engine}.parquet"
            seconds, peak = run(xml, engine, args.jobs, args.detectors, tables[engine], args.timeout)
            print(f"{engine:>6}: {seconds:7.1f} s  {args.messages / seconds:9,.0f} messages/s  "
                  f"peak RSS {peak / 2**20:6.0f} MiB", flush=True)
        if len(tables) == 2:
            equal = pq.read_table(tables["local"]).equals(pq.read_table(tables["spark"]))
            print(f"rows equal: {equal}")
            if not equal:
                raise SystemExit(1)
    finally:
        if not args.keep:
            xml.unlink(missing_ok=True)
            for table in tables.values():
                table.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
