"""Load test of `lurewatch serve` on loopback: requests/s, p50/p99 latency and errors for POST /v1/analyze (20-message
chats) and POST /v1/messages (one live message a request) at 1, 8 and 32 concurrent clients.

    python bench/bench_service.py [--seconds 5] [--max-requests 20000] [--detectors catalogue|combined]

Starts the real server (a subprocess on a free 127.0.0.1 port, a fresh alert store in a temporary folder, one API
key that every request carries, the rate limit raised out of the way) and drives it from this process with a small
keep-alive HTTP/1.1 client on asyncio, so the client's own cost stays low. Besides requests/s (which depends on what
else the machine is doing) it prints the server's CPU time per request, which depends much less on it. Each run is bounded by --seconds and by
--max-requests, and the server is stopped at the end. Goal: >= 500 requests/s with 0 errors. The chats are synthetic
and non-explicit. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

HOST = "127.0.0.1"
CLIENTS = (1, 8, 32)
CHAT_MESSAGES = 20
# Ordinary talk between two made-up people, with a few grooming cues (the furthest: asking for a private picture).
ORDINARY = [
    "hey how was school today", "pretty good, we had a maths test", "nice did you finish the game level",
    "not yet the boss is hard", "haha same, i got stuck too", "my dog ate my homework lol",
    "what are you doing this weekend", "football practice on saturday", "cool, i might go to the cinema",
    "which film", "the new space one", "oh i want to see that too", "lets play later tonight",
    "ok after dinner", "see you then",
]
CUES = ["you're so mature for your age", "don't tell your parents we talk", "send me a private pic, just for me",
        "what school do you go to", "add me on snap"]


GROOMING_EVERY = 10  # one conversation in ten has the cues, the rest is ordinary chat


def chat_lines(grooming: bool) -> list[tuple[str, str]]:
    lines = []
    for i in range(CHAT_MESSAGES):
        author = "Alex" if i % 2 == 0 else "Sam"
        cue = grooming and i % 4 == 2
        lines.append((author, CUES[(i // 4) % len(CUES)] if cue else ORDINARY[i % len(ORDINARY)]))
    return lines


def http_request(path: str, body: bytes, content_type: str, key: str) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: Bearer {key}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def analyze_requests(key: str) -> list[bytes]:
    chats = [chat_lines(grooming=n == 0) for n in range(GROOMING_EVERY)]
    texts = ["".join(f"{author}: {line}\n" for author, line in chat).encode() for chat in chats]
    return [http_request("/v1/analyze", text, "text/plain", key) for text in texts]


def message_requests(key: str, client: str, count: int) -> list[bytes]:
    """Client `client`'s stream: conversation after conversation, one in ten of them with grooming cues."""
    chats = [chat_lines(grooming=n == 0) for n in range(GROOMING_EVERY)]
    out = []
    for n in range(count):
        conversation = n // CHAT_MESSAGES
        author, text = chats[conversation % GROOMING_EVERY][n % CHAT_MESSAGES]
        body = {"conversation_id": f"bench-{client}-{conversation}", "author": author, "text": text}
        out.append(http_request("/v1/messages", json.dumps(body).encode(), "application/json", key))
    return out


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


async def client(port: int, requests: list[bytes], deadline: float, budget: list[int], tally: Tally) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        n = 0
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            started = time.perf_counter()
            try:
                writer.write(requests[n % len(requests)])
                await writer.drain()
                status = int((await reader.readline()).split()[1])
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                await reader.readexactly(length)
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                tally.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                continue
            tally.latencies.append(time.perf_counter() - started)
            if status != 200:
                tally.errors += 1
            n += 1
    finally:
        writer.close()


async def run(port: int, streams: list[list[bytes]], seconds: float, max_requests: int) -> tuple[Tally, float]:
    tally = Tally()
    budget = [max_requests]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client(port, stream, deadline, budget, tally) for stream in streams))
    return tally, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_server(folder: Path, detectors: str) -> tuple[subprocess.Popen[bytes], int, str]:
    db = str(folder / "alerts.db")
    lurewatch = [sys.executable, "-m", "lurewatch"]
    key = subprocess.run([*lurewatch, "keys", "create", "bench", "--db", db], capture_output=True, text=True,
                         check=True).stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        [*lurewatch, "serve", "--port", str(port), "--db", db, "--detectors", detectors, "--rate-limit", "1000000"],
        stdout=subprocess.DEVNULL, stderr=(folder / "server.log").open("wb"), env={**os.environ},
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server, port, key
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server did not start: {(folder / 'server.log').read_text()}") from None
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each run (default: 5)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="requests per run at most (default: 20000)")
    parser.add_argument("--detectors", choices=("catalogue", "semantic", "combined"), default="catalogue")
    parser.add_argument("--clients", type=int, nargs="+", default=list(CLIENTS), help="concurrent clients (default: 1 8 32)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lurewatch-bench-") as folder:
        server, port, key = start_server(Path(folder), args.detectors)
        try:
            print(f"lurewatch serve --detectors {args.detectors} on {HOST}:{port}; {os.cpu_count()} cores; "
                  f"runs of {args.seconds:g} s or {args.max_requests} requests")
            print(f"load average before: {os.getloadavg()[0]:.1f}")
            print(f"{'endpoint':<14}{'clients':>8}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
                  f"{'server CPU ms/req':>19}")
            process = psutil.Process(server.pid)
            asyncio.run(run(port, [analyze_requests(key)], 1.0, 50))  # warm-up: catalogue, first-use caches
            for endpoint in ("/v1/analyze", "/v1/messages"):
                for clients in args.clients:
                    if endpoint == "/v1/analyze":
                        streams = [analyze_requests(key)] * clients
                    else:
                        per_client = args.max_requests // clients + 1
                        streams = [message_requests(key, f"{clients}x{c}", per_client) for c in range(clients)]
                    cpu_before = sum(process.cpu_times()[:2])
                    tally, elapsed = asyncio.run(run(port, streams, args.seconds, args.max_requests))
                    cpu = sum(process.cpu_times()[:2]) - cpu_before
                    done = len(tally.latencies)
                    print(f"{endpoint:<14}{clients:>8}{done:>10}{done / elapsed:>9.0f}"
                          f"{percentile(tally.latencies, 0.50) * 1000:>9.1f}{percentile(tally.latencies, 0.99) * 1000:>9.1f}"
                          f"{tally.errors:>8}{cpu / max(done, 1) * 1000:>19.2f}")
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
