"""The Redis Streams pipeline on loopback: end-to-end messages/s with 1 and 2 workers against `lurewatch watch -` on
the same messages, and alert latency p50/p99 at a steady rate (goal: one worker keeps >= 80 % of `watch -`).

    python bench/bench_redis.py [--conversations 5000] [--messages 10] [--detectors catalogue|combined]
                                [--rate 1000] [--seconds 10] [--repeat 3]

Starts a private redis-server on a free loopback port (stopped at the end) and the workers as `lurewatch watch --redis`
processes with a SQLite alert store in a temporary folder. Throughput: the workers wait, then the whole stream
(bench/live_traffic.py) is published as fast as Redis takes it; timed until every entry is acknowledged. `watch -`:
the same messages as JSONL on stdin, timed from the end of its start-up (once it waits for input) to its exit. Both
throughputs are the best of --repeat runs, taken in turn: on a shared machine a slower run is one that waited for other
processes. The Redis server's own CPU time per message (INFO cpu) is printed too: the workers' scripts run there.
Latency: messages published at --rate per second for --seconds; an alert's latency is the time from the XADD of the
message that raised it to the XADD of the alert (both Redis server clock, 1 ms resolution).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import quantiles

import psutil
import redis
from live_traffic import interleaved

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.redis_server import redis_server  # noqa: E402  (the tests' real server on loopback)

CHUNK = 1000  # entries per pipelined XADD round trip


def watch_stdin(messages: list[dict[str, str]], detectors: str) -> tuple[float, float]:
    """Messages/s of `lurewatch watch -`, wall and per CPU second, from the end of its start-up (once it waits for its
    first line) to its exit."""
    command = [sys.executable, "-m", "lurewatch", "watch", "-", "--detectors", detectors, "--max-conversations", str(len(messages))]
    payload = "".join(json.dumps(m) + "\n" for m in messages).encode()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert process.stdin is not None
    started_cpu = _idle_cpu(psutil.Process(process.pid))
    started = time.perf_counter()
    process.stdin.write(payload)
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    spent = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"bench_redis: watch - exited with {process.returncode}")
    return len(messages) / spent, len(messages) / (usage.ru_utime + usage.ru_stime - started_cpu)


def _idle_cpu(process: psutil.Process) -> float:
    """The CPU time of `process` once it has started up and sleeps (waits for input): the same twice in a row."""
    seen = -1.0
    while True:
        time.sleep(0.25)
        now = sum(process.cpu_times()[:2])
        if now == seen and process.status() == psutil.STATUS_SLEEPING:
            return now
        seen = now


def _cpu(processes: list[psutil.Process]) -> float:
    return sum(sum(p.cpu_times()[:2]) for p in processes)


def start_workers(url: str, count: int, folder: Path, detectors: str, stream: str) -> list[subprocess.Popen[bytes]]:
    command = [sys.executable, "-m", "lurewatch", "watch", "--redis", url, "--stream", stream, "--group", "bench",
               "--alerts-stream", f"{stream}:alerts", "--db", f"sqlite:///{folder / 'alerts.db'}", "--detectors", detectors]  # fmt: skip
    return [subprocess.Popen([*command, "--consumer", f"w{n}"]) for n in range(count)]


def wait_until(condition: object, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit("bench_redis: timed out")
        time.sleep(0.01)


def group(client: redis.Redis, stream: str) -> dict[str, object]:
    if not client.exists(stream):
        return {}
    return next((g for g in client.xinfo_groups(stream) if g["name"] == b"bench"), {})


def drained(client: redis.Redis, stream: str, total: int) -> bool:
    info = group(client, stream)
    return bool(info) and info["entries-read"] == total and info["pending"] == 0


def publish(client: redis.Redis, stream: str, messages: list[dict[str, str]]) -> list[bytes]:
    ids: list[bytes] = []
    for at in range(0, len(messages), CHUNK):
        pipe = client.pipeline(transaction=False)
        for message in messages[at : at + CHUNK]:
            pipe.xadd(stream, message)  # type: ignore[arg-type]
        ids += pipe.execute()
    return ids


def stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        if worker.wait(timeout=60) != 0:
            raise SystemExit(f"bench_redis: a worker exited with {worker.returncode}")


def throughput(url: str, count: int, messages: list[dict[str, str]], detectors: str, run: int) -> tuple[float, float, float]:
    """Messages/s through `count` workers: wall, per CPU second of the workers (their own start-up left out), and
    the Redis server's CPU microseconds per message."""
    client = redis.Redis.from_url(url)
    stream = f"throughput{count}-{run}"
    with tempfile.TemporaryDirectory() as folder:
        workers = start_workers(url, count, Path(folder), detectors, stream)
        wait_until(lambda: group(client, stream) and len(client.xinfo_consumers(stream, "bench")) == count)
        processes = [psutil.Process(w.pid) for w in workers]
        started, cpu, server = time.perf_counter(), _cpu(processes), _server_cpu(client)
        publish(client, stream, messages)
        wait_until(lambda: drained(client, stream, len(messages)))
        spent, cpu, server = time.perf_counter() - started, _cpu(processes) - cpu, _server_cpu(client) - server
        stop(workers)
        client.delete(stream)
    return len(messages) / spent, len(messages) / cpu, server / len(messages) * 1e6


def _server_cpu(client: redis.Redis) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def latency(url: str, count: int, messages: list[dict[str, str]], detectors: str, rate: int) -> list[float]:
    """Milliseconds from each alerting message's XADD to its alert's XADD, publishing `rate` messages a second."""
    client = redis.Redis.from_url(url)
    stream = f"latency{count}"
    with tempfile.TemporaryDirectory() as folder:
        workers = start_workers(url, count, Path(folder), detectors, stream)
        wait_until(lambda: group(client, stream) and len(client.xinfo_consumers(stream, "bench")) == count)
        sent: dict[tuple[str, int], bytes] = {}
        seen: dict[str, int] = {}
        tick = max(1, rate // 100)  # publish in small bursts, 100 a second
        started = time.perf_counter()
        for at in range(0, len(messages), tick):
            pipe = client.pipeline(transaction=False)
            burst = messages[at : at + tick]
            for message in burst:
                pipe.xadd(stream, message)  # type: ignore[arg-type]
            for message, entry_id in zip(burst, pipe.execute(), strict=True):
                index = seen.get(message["conversation_id"], 0)
                seen[message["conversation_id"]] = index + 1
                sent[(message["conversation_id"], index)] = entry_id
            time.sleep(max(0.0, started + (at + tick) / rate - time.perf_counter()))
        wait_until(lambda: drained(client, stream, len(messages)))
        stop(workers)
        delays = []
        for alert_id, fields in client.xrange(f"{stream}:alerts"):
            alert = json.loads(fields[b"alert"])
            cause = sent[(alert["conversation_id"], alert["message_index"])]
            delays.append(float(alert_id.split(b"-")[0]) - float(cause.split(b"-")[0]))
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=10, help="messages per conversation")
    parser.add_argument("--detectors", choices=("catalogue", "combined"), default="catalogue")
    parser.add_argument("--rate", type=int, default=1000, help="messages/s published for the latency run")
    parser.add_argument("--seconds", type=int, default=10, help="length of the latency run")
    parser.add_argument("--repeat", type=int, default=3, help="throughput runs of watch - and of one worker (best)")
    args = parser.parse_args()
    messages = list(interleaved(args.conversations, args.messages))
    # Half the conversations of the latency run have cues: enough alerts for a p99.
    steady = list(interleaved(max(1, args.rate * args.seconds // args.messages), args.messages, seed=1, cue_share=0.5))
    print(f"{len(messages):,} messages, {args.conversations:,} conversations, --detectors {args.detectors}")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as folder, redis_server(Path(folder)) as url:
        stdin_runs, worker_runs = [], []
        for run in range(args.repeat):
            stdin_runs.append(watch_stdin(messages, args.detectors))
            worker_runs.append(throughput(url, 1, messages, args.detectors, run))
        baseline, baseline_cpu = max(r[0] for r in stdin_runs), max(r[1] for r in stdin_runs)
        print(f"watch - (stdin, one process): {baseline:9,.0f} messages/s wall, {baseline_cpu:9,.0f} per CPU second")
        for count in (1, 2):
            runs = worker_runs if count == 1 else [throughput(url, 2, messages, args.detectors, 0)]
            rate, per_cpu, server = max(r[0] for r in runs), max(r[1] for r in runs), min(r[2] for r in runs)
            delays = latency(url, count, steady, args.detectors, args.rate)
            cuts = quantiles(delays, n=100) if len(delays) > 1 else [float("nan")] * 99
            print(
                f"Redis, {count} worker{'s' if count > 1 else ' '}:          {rate:9,.0f} messages/s wall "
                f"({rate / baseline:.0%} of watch -), {per_cpu:9,.0f} per worker CPU second "
                f"({per_cpu / baseline_cpu:.0%}), Redis server {server:.0f} µs CPU per message; alert latency at "
                f"{args.rate:,}/s: p50 {cuts[49]:.0f} ms, p99 {cuts[98]:.0f} ms ({len(delays)} alerts)"
            )
        print(f"runs (wall, per CPU second): watch - {_runs(stdin_runs)}; 1 worker {_runs(worker_runs)}")
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def _runs(runs: list[tuple[float, ...]]) -> str:
    return ", ".join(f"{r[0]:,.0f}/{r[1]:,.0f}" for r in runs)


if __name__ == "__main__":
    main()
