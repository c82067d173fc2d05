"""How fast the alert store records alerts: alerts/s and record() latency p50/p99, SQLite and (given a URL) PostgreSQL.

    .venv/bin/python bench/bench_store.py                                   # SQLite in a temp folder
    .venv/bin/python bench/bench_store.py --postgres postgresql://...       # also a PostgreSQL database (emptied first)
    bash .ci/services.sh run sh -c '.venv/bin/python bench/bench_store.py --postgres "$LUREWATCH_TEST_POSTGRES_URL"'

Each alert carries 8 findings (a conversation well into an alert); every record() is its own committed transaction,
as a worker makes it before acknowledging the message. A second pass records the same alerts again (redelivery).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from lurewatch.model import Finding, Risk
from lurewatch.store import open_store
from lurewatch.stream import Alert

FINDING = Finding(
    message_index=0,
    author="adult",
    indicator="secrecy.dont_tell",
    category="secrecy",
    stage="exclusivity",
    severity=3,
    span=(0, 16),
    evidence="dont tell anyone",
    explanation="asks for secrecy",
    confidence=0.75,
)


def alerts(count: int) -> list[Alert]:
    return [
        Alert(
            conversation_id=f"bench-{number}",
            message_index=number % 50,
            risk=Risk(score=0.9, level="high"),
            suspect="adult",
            findings=[FINDING] * 8,
        )
        for number in range(count)
    ]


def measure(url: str, batch: list[Alert]) -> None:
    with open_store(url) as store:
        if store.engine.dialect.name == "postgresql":
            with store.engine.begin() as connection:
                connection.execute(text("TRUNCATE alerts, findings"))
        for label in ("new", "again"):
            latencies = []
            start = time.perf_counter()
            for alert in batch:
                before = time.perf_counter()
                store.record(alert)
                latencies.append(time.perf_counter() - before)
            wall = time.perf_counter() - start
            cuts = statistics.quantiles(latencies, n=100)
            print(
                f"{store.engine.dialect.name:10} {label:5} {len(batch)} alerts in {wall:.2f} s: "
                f"{len(batch) / wall:,.0f} alerts/s, record() p50 {cuts[49] * 1000:.2f} ms, p99 {cuts[98] * 1000:.2f} ms"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database to measure too (its alerts are deleted)")
    args = parser.parse_args()
    batch = alerts(args.alerts)
    with tempfile.TemporaryDirectory() as folder:
        measure(str(Path(folder) / "alerts.db"), batch)
    if args.postgres:
        measure(args.postgres, batch)


if __name__ == "__main__":
    main()
