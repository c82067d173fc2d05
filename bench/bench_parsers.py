"""Every input parser: throughput on an ordinary export, and worst-case time on inputs built to hurt it.

    python bench/bench_parsers.py [--size-mb 2] [--formats whatsapp,signal] [--normal-mb 8]

For each format (`lurewatch.ingest.formats()`): an ordinary generated export of about `--normal-mb` MB gives MB/s and
messages/s; then every adversarial input designed for that parser (long lines, many continuation lines, deep JSON
nesting, one huge message, many tiny messages, pathological dates, bracket and quote runs ...) is parsed at `--size-mb`
and at a quarter of that size. The time at full size is the worst case; `x4` is how much longer the full size took than
the quarter: about 4 for a linear parser, about 16 for a quadratic one. An input a parser refuses (InputError) is timed
to the error, which is what a user would wait. Inputs are synthetic; nothing is written to disk. Exit status 1 when an
input's time grows clearly faster than its size.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from lurewatch.errors import InputError
from lurewatch.ingest import formats
from lurewatch.ingest.base import Source

MB = 1_000_000
# Flags a case whose time grows clearly faster than its size: 4 is linear, 16 quadratic; below this is timing noise,
# as is anything that takes less than NOISE_SECONDS at full size.
SUPERLINEAR = 8.0
NOISE_SECONDS = 0.1
WORDS = ("hey", "did", "you", "finish", "the", "maths", "homework", "see", "you", "at", "practice", "lol", "ok", "café",
         "tomorrow", "after", "school", "my", "cat", "knocked", "over", "drink", "👍", "what", "level", "are", "on")
NAMES = ("Alex", "Sam", "Jordan", "Maya", "Priya 🐱", "Leo")

Builder = Callable[[int], bytes]  # target size in bytes -> input


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 12)))


def repeat_to(size: int, unit: str) -> str:
    return unit * max(1, size // max(1, len(unit.encode())))


# ----------------------------------------------------------------------------------------------- ordinary exports


def lines_to(size: int, make: Callable[[random.Random, int], str]) -> bytes:
    rng = random.Random(0)
    parts: list[str] = []
    total = number = 0
    while total < size:
        line = make(rng, number)
        parts.append(line)
        total += len(line.encode())
        number += 1
    return "".join(parts).encode()


def json_messages(size: int, make: Callable[[random.Random, int], dict[str, object]]) -> list[dict[str, object]]:
    rng = random.Random(0)
    items: list[dict[str, object]] = []
    total = 0
    while total < size:
        item = make(rng, len(items))
        items.append(item)
        total += len(json.dumps(item)) + 4
    return items


def minute(number: int) -> tuple[int, int, int]:
    """(day, hour, minute) of the n-th message, one a minute through January 2024."""
    return 1 + (number // 1440) % 28, (number // 60) % 24, number % 60


def normal_text(size: int) -> bytes:
    def line(rng: random.Random, n: int) -> str:
        day, hour, mins = minute(n)
        return f"2024-01-{day:02} {hour:02}:{mins:02} {rng.choice(NAMES)}: {sentence(rng)}\n"
    return lines_to(size, line)


def normal_whatsapp(size: int) -> bytes:
    def line(rng: random.Random, n: int) -> str:
        day, hour, mins = minute(n)
        extra = f"\n{sentence(rng)}" if n % 7 == 0 else ""
        body = "<Media omitted>" if n % 31 == 0 else sentence(rng)
        return f"{day:02}/01/2024, {hour:02}:{mins:02} - {rng.choice(NAMES)}: {body}{extra}\n"
    return lines_to(size, line)


def normal_signal(size: int) -> bytes:
    def line(rng: random.Random, n: int) -> str:
        day, hour, mins = minute(n)
        return f"[2024-01-{day:02} {hour:02}:{mins:02}:00] {rng.choice(NAMES)}: {sentence(rng)}  \n"
    return b"# Chess Club\n" + lines_to(size, line)


def normal_json(size: int) -> bytes:
    items = json_messages(size, lambda rng, n: {"author": rng.choice(NAMES), "text": sentence(rng),
                                                "time": f"2024-01-{minute(n)[0]:02}T10:00:00Z"})
    return json.dumps({"id": "c", "messages": items}, indent=1).encode()


def normal_jsonl(size: int) -> bytes:
    return lines_to(size, lambda rng, n: json.dumps({"conversation_id": f"c{n // 200}", "author": rng.choice(NAMES),
                                                     "text": sentence(rng), "time": "2024-01-01T10:00:00"}) + "\n")


def normal_csv(size: int) -> bytes:
    return b"conversation_id,author,text,time\n" + lines_to(
        size, lambda rng, n: f'c{n // 200},{rng.choice(NAMES)},"{sentence(rng)}, ok",2024-01-01T10:00:00\n'
    )


def normal_discord(size: int) -> bytes:
    items = json_messages(size, lambda rng, n: {
        "id": str(n), "type": "Default", "timestamp": "2024-01-01T10:00:00.000+00:00", "timestampEdited": None,
        "isPinned": False, "content": sentence(rng), "author": {"id": "1", "name": rng.choice(NAMES),
                                                                "discriminator": "0000", "isBot": False},
        "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": []})
    return json.dumps({"guild": {"id": "1", "name": "School"}, "channel": {"id": "2", "name": "homework"},
                       "messages": items, "messageCount": len(items)}, indent=2).encode()


def normal_telegram(size: int) -> bytes:
    items = json_messages(size, lambda rng, n: {
        "id": n, "type": "message", "date": "2024-01-01T10:00:00", "date_unixtime": str(1704103200 + n),
        "from": rng.choice(NAMES), "from_id": "user1", "text": sentence(rng),
        "text_entities": [{"type": "plain", "text": "x"}]})
    return json.dumps({"name": "Jordan", "type": "personal_chat", "id": 1, "messages": items}, indent=1).encode()


def normal_messenger(size: int) -> bytes:
    items = json_messages(size, lambda rng, n: {"sender_name": rng.choice(NAMES), "timestamp_ms": 1704103200000 - n,
                                                "content": sentence(rng), "is_geoblocked_for_viewer": False})
    return json.dumps({"participants": [{"name": name} for name in NAMES], "messages": items, "title": "Team",
                       "thread_path": "inbox/team_1"}, indent=2).encode()


def normal_snapchat(size: int) -> bytes:
    items = json_messages(size, lambda rng, n: {"From": rng.choice(NAMES), "Media Type": "TEXT",
                                                "Created": f"2024-01-{minute(n)[0]:02} 10:00:00 UTC",
                                                "Content": sentence(rng), "Conversation Title": None,
                                                "IsSender": False, "Created(microseconds)": 1704103200000000 - n})
    return json.dumps({f"friend{n}": items[n::50] for n in range(50)}, indent=2).encode()


def normal_pan12(size: int) -> bytes:
    rng = random.Random(0)
    parts = ["<conversations>\n"]
    total = 0
    conversation = 0
    while total < size:
        messages = "".join(
            f'<message line="{n}"><author>{rng.getrandbits(64):016x}</author><time>10:{n % 60:02}</time>'
            f"<text>{sentence(rng)}</text></message>\n"
            for n in range(1, 21)
        )
        part = f'<conversation id="{conversation:08x}">\n{messages}</conversation>\n'
        parts.append(part)
        total += len(part)
        conversation += 1
    parts.append("</conversations>\n")
    return "".join(parts).encode()


NORMAL: dict[str, tuple[str, Builder]] = {
    "text": ("chat.txt", normal_text),
    "whatsapp": ("WhatsApp Chat with Alex.txt", normal_whatsapp),
    "signal": ("chat.md", normal_signal),
    "json": ("chat.json", normal_json),
    "jsonl": ("chat.jsonl", normal_jsonl),
    "csv": ("chat.csv", normal_csv),
    "discord": ("channel.json", normal_discord),
    "telegram": ("result.json", normal_telegram),
    "messenger": ("message_1.json", normal_messenger),
    "snapchat": ("chat_history.json", normal_snapchat),
    "pan12": ("corpus.xml", normal_pan12),
}

# ----------------------------------------------------------------------------------------------- adversarial inputs


def deep_json(prefix: str, suffix: str) -> Builder:
    # Nesting deeper than any decoder recurses: must be refused quickly, not crash the interpreter.
    return lambda size: (prefix + "[" * (size // 2) + "]" * (size // 2) + suffix).encode()


def huge_json_message(wrap: Callable[[str], object]) -> Builder:
    return lambda size: json.dumps(wrap(repeat_to(size, "so mature 4 ur age "))).encode()


def many_json(wrap: Callable[[list[object]], object], item: object) -> Builder:
    return lambda size: json.dumps(wrap([item] * max(1, size // (len(json.dumps(item)) + 2)))).encode()


def escapes_json(wrap: Callable[[str], object]) -> Builder:
    # Every character escaped in the file: the decoder's slow path, and Meta's mojibake undone on a huge text.
    return lambda size: json.dumps(wrap(repeat_to(size // 6, "Ã©"))).encode()


TEXT_LINE = "2024-01-01 10:00 Ana: hi\n"
ADVERSARIAL: dict[str, dict[str, Builder]] = {
    "text": {
        "huge single message": lambda s: ("Ana: " + repeat_to(s, "so mature for ur age ")).encode(),
        "many continuation lines": lambda s: ("Ana: start\n" + repeat_to(s, "more words here\n")).encode(),
        "many tiny messages": lambda s: repeat_to(s, "a: b\n").encode(),
        "label lines by many authors": lambda s: "".join(
            f"P{n}: hi\nnote: x\n" for n in range(max(1, s // 20))).encode(),
        "long stamp-like prefixes": lambda s: ("Ana: hi\n" + repeat_to(s, "2024-01-01" + " " * 200 + "\n")).encode(),
        "pathological dates": lambda s: repeat_to(s, "2024-13-45 10:00 Ana: hi\n").encode(),
        "one long line, no name": lambda s: repeat_to(s, "x" * 39 + " ").encode(),
    },
    "whatsapp": {
        "huge single message": lambda s: ("31/12/2023, 21:41 - Ana: " + repeat_to(s, "so mature 4 ur age ")).encode(),
        "many continuation lines": lambda s: ("31/12/2023, 21:41 - Ana: start\n" + repeat_to(s, "more words\n")).encode(),
        "many tiny messages": lambda s: repeat_to(s, "1/1/24, 1:11 - a: b\n").encode(),
        "header-like lines without a dash": lambda s: (
            "31/12/2023, 21:41 - Ana: x\n" + repeat_to(s, "12/12/12, 12:12 no dash here\n")).encode(),
        "one long line of header prefixes": lambda s: (
            "31/12/2023, 21:41 - Ana: x\n" + repeat_to(s, "1/1/1, 1:11 ")).encode(),
        "pathological dates (every header a new ambiguous date)": lambda s: "".join(
            f"{1 + n % 12}/{1 + n // 12 % 12}/{n // 144 % 100:02}, 10:00 - a: b\n" for n in range(max(1, s // 26))
        ).encode(),
        "mark and space runs": lambda s: (
            "31/12/2023, 21:41 - Ana: x\n" + repeat_to(s, "\u200e" * 50 + "\u202f" * 50 + "\n")).encode(),
        "long name before a colon": lambda s: ("31/12/2023, 21:41 - " + repeat_to(s, "Ana ") + ": hi\n").encode(),
    },
    "signal": {
        "huge single message": lambda s: ("[2024-01-01 10:00:00] Ana: " + repeat_to(s, "so mature 4 ur age ")).encode(),
        "many continuation lines": lambda s: ("[2024-01-01 10:00:00] Ana: x\n" + repeat_to(s, "more words\n")).encode(),
        "many tiny messages": lambda s: repeat_to(s, "[2024-01-01 10:00] a: b\n").encode(),
        "link brackets in one line": lambda s: ("[2024-01-01 10:00:00] Ana: " + repeat_to(s, "[a](./")).encode(),
        "opening brackets in one line": lambda s: ("[2024-01-01 10:00:00] Ana: " + repeat_to(s, "[")).encode(),
        "quote lines": lambda s: ("[2024-01-01 10:00:00] Ana:\n" + repeat_to(s, "> quoted words\n")).encode(),
        "reaction-like line": lambda s: ("[2024-01-01 10:00:00] Ana: x\n(- " + repeat_to(s, "-) (- ")).encode(),
        "pathological dates": lambda s: repeat_to(s, "[2024-02-31 10:00] a: b\n").encode(),
    },
    "json": {
        "deep nesting": deep_json('{"messages": ', "}"),
        "huge single message": huge_json_message(lambda t: {"messages": [{"author": "Ana", "text": t}]}),
        "many tiny messages": many_json(lambda items: {"messages": items}, {"author": "a", "text": "b"}),
        "escaped characters": escapes_json(lambda t: {"messages": [{"author": "Ana", "text": t}]}),
        "many conversations": many_json(lambda items: items, {"messages": [{"author": "a", "text": "b"}]}),
        "pathological dates": many_json(lambda items: {"messages": items},
                                        {"author": "a", "text": "b", "time": "2024-13-45T99:99"}),
    },
    "jsonl": {
        "deep nesting": lambda s: ("[" * (s // 2) + "]" * (s // 2) + "\n").encode(),
        "huge single line": lambda s: (json.dumps({"author": "a", "text": repeat_to(s, "words ")}) + "\n").encode(),
        "many tiny messages": lambda s: repeat_to(s, '{"author":"a","text":"b"}\n').encode(),
        "many conversations": lambda s: "".join(
            f'{{"conversation_id":"c{n}","author":"a","text":"b"}}\n' for n in range(max(1, s // 48))).encode(),
    },
    "csv": {
        "huge quoted field with newlines": lambda s: ('author,text\nAna,"' + repeat_to(s, "line\n") + '"\n').encode(),
        "unterminated quote": lambda s: ('author,text\nAna,"' + repeat_to(s, "words, more\n")).encode(),
        "many tiny rows": lambda s: ("author,text\n" + repeat_to(s, "a,b\n")).encode(),
        "many columns": lambda s: ("author,text," + ",".join(f"c{n}" for n in range(max(1, s // 12))) + "\n"
                                   + "a,b" + "," * max(1, s // 12) + "\n").encode(),
        "many conversations": lambda s: ("conversation_id,author,text\n" + "".join(
            f"c{n},a,b\n" for n in range(max(1, s // 10)))).encode(),
    },
    "discord": {
        "deep nesting": deep_json('{"guild": {}, "channel": {}, "messages": [{"author": {"name": "a"}, "content": ',
                                  "}]}"),
        "huge single message": huge_json_message(lambda t: {"guild": {"name": "g"}, "channel": {"name": "c"},
                                                            "messages": [{"author": {"name": "a"}, "content": t}]}),
        "many tiny messages": many_json(lambda items: {"guild": {"name": "g"}, "channel": {"name": "c"},
                                                       "messages": items}, {"author": {"name": "a"}, "content": "b"}),
        "many attachments": lambda s: json.dumps({"guild": {"name": "g"}, "channel": {"name": "c"}, "messages": [
            {"author": {"name": "a"}, "content": "", "attachments": [{"fileName": "a.png"}] * max(1, s // 22)}]}
        ).encode(),
    },
    "telegram": {
        "deep nesting": deep_json('{"messages": [{"from": "a", "date_unixtime": "1", "text": ', "}]}"),
        "huge single message": huge_json_message(lambda t: {"messages": [{"from": "a", "date_unixtime": "1",
                                                                          "text": t}]}),
        "many tiny messages": many_json(lambda items: {"messages": items},
                                        {"from": "a", "date_unixtime": "1", "text": "b"}),
        "text in many parts": lambda s: json.dumps({"messages": [{"from": "a", "date_unixtime": "1", "text": [
            {"type": "bold", "text": "x"}] * max(1, s // 31)}]}).encode(),
        "many chats": lambda s: json.dumps({"chats": {"list": [
            {"name": f"c{n}", "messages": [{"from": "a", "date_unixtime": "1", "text": "b"}]}
            for n in range(max(1, s // 80))]}}).encode(),
    },
    "messenger": {
        "deep nesting": deep_json('{"participants": [], "messages": [{"sender_name": "a", "content": ', "}]}"),
        "huge single message": huge_json_message(lambda t: {"participants": [], "messages": [
            {"sender_name": "a", "timestamp_ms": 1, "content": t}]}),
        "huge mojibake message": escapes_json(lambda t: {"participants": [], "messages": [
            {"sender_name": "a", "timestamp_ms": 1, "content": t}]}),
        "many tiny messages": many_json(lambda items: {"participants": [], "messages": items},
                                        {"sender_name": "a", "timestamp_ms": 1, "content": "b"}),
        "many photos in one message": lambda s: json.dumps({"participants": [], "messages": [
            {"sender_name": "a", "timestamp_ms": 1, "photos": [{"uri": "p.jpg"}] * max(1, s // 18)}]}).encode(),
    },
    "snapchat": {
        "deep nesting": deep_json('{"a": [{"From": "a", "Created": "2024-01-01 10:00:00 UTC", "Content": ', "}]}"),
        "huge single message": huge_json_message(lambda t: {"a": [{"From": "a", "Media Type": "TEXT",
                                                                   "Created": "2024-01-01 10:00:00 UTC",
                                                                   "Content": t}]}),
        "many tiny messages": many_json(lambda items: {"a": items}, {"From": "a", "Media Type": "TEXT",
                                                                    "Created": "2024-01-01 10:00:00 UTC",
                                                                    "Content": "b"}),
        "many conversations": lambda s: json.dumps({f"friend{n}": [{"From": "a", "Created": "2024-01-01 10:00:00 UTC",
                                                                    "Content": "b"}]
                                                    for n in range(max(1, s // 80))}).encode(),
        "older layout, many people": lambda s: json.dumps({"Received Saved Chat History": [
            {"From": f"p{n}", "Media Type": "TEXT", "Created": "2024-01-01 10:00:00 UTC", "Text": "b"}
            for n in range(max(1, s // 90))]}).encode(),
        "long section name": lambda s: json.dumps({"Received " + repeat_to(s, "Sent ") + "Histor": []}).encode(),
    },
    "pan12": {
        "huge text": lambda s: (f'<conversations><conversation id="c"><message><author>a</author><text>'
                                f'{repeat_to(s, "so mature 4 ur age ")}</text></message></conversation>'
                                "</conversations>").encode(),
        "deep markup in a text": lambda s: ('<conversations><conversation id="c"><message><author>a</author><text>'
                                            + "<b>" * (s // 8) + "x" + "</b>" * (s // 8)
                                            + "</text></message></conversation></conversations>").encode(),
        "many tiny messages": lambda s: ('<conversations><conversation id="c">'
                                         + repeat_to(s, "<message><author>a</author><text>b</text></message>")
                                         + "</conversation></conversations>").encode(),
        "many conversations": lambda s: ("<conversations>" + "".join(
            f'<conversation id="c{n}"><message><author>a</author></message></conversation>'
            for n in range(max(1, s // 80))) + "</conversations>").encode(),
        "long attribute": lambda s: ('<conversations><conversation id="' + repeat_to(s, "c")
                                     + '"></conversation></conversations>').encode(),
    },
}

# ----------------------------------------------------------------------------------------------- measuring


@dataclass
class Timing:
    seconds: float
    messages: int
    refused: bool


def parse(module: ModuleType, name: str, data: bytes, runs: int = 2) -> Timing:
    """The best of `runs` parses (timing noise only ever adds time)."""
    best: Timing | None = None
    for _ in range(runs):
        started = time.perf_counter()
        messages = 0
        refused = False
        try:
            for conversation in module.parse(Source.from_bytes(name, data)):
                messages += len(conversation.messages)
        except InputError:
            refused = True
        timing = Timing(time.perf_counter() - started, messages, refused)
        if best is None or timing.seconds < best.seconds:
            best = timing
    assert best is not None
    return best


@dataclass
class Case:
    name: str
    mb: float
    timing: Timing
    growth: float  # time at full size / time at a quarter of it


@dataclass
class Row:
    format: str
    mb_per_s: float
    messages_per_s: float
    cases: list[Case]


def bench_format(format_name: str, module: ModuleType, size: int, normal_size: int) -> Row:
    name, normal = NORMAL[format_name]
    data = normal(normal_size)
    timing = parse(module, name, data, runs=1)
    row = Row(format_name, len(data) / MB / timing.seconds, timing.messages / timing.seconds, [])
    for case, build in ADVERSARIAL.get(format_name, {}).items():
        quarter = parse(module, name, build(size // 4))
        full_data = build(size)
        full = parse(module, name, full_data)
        row.cases.append(Case(case, len(full_data) / MB, full, full.seconds / max(quarter.seconds, 1e-4)))
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=2.0, help="size of each adversarial input (default 2)")
    parser.add_argument("--normal-mb", type=float, default=8.0, help="size of the ordinary export (default 8)")
    parser.add_argument("--formats", help="comma-separated format names (default: all)")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # skipped-message warnings of the adversarial inputs are expected
    available = formats()
    names = args.formats.split(",") if args.formats else list(available)
    unknown = [name for name in names if name not in available or name not in NORMAL]
    if unknown:
        parser.error(f"unknown or unbenchmarked formats: {', '.join(unknown)}")
    rows = [bench_format(name, available[name], int(args.size_mb * MB), int(args.normal_mb * MB)) for name in names]

    print(f"\nOrdinary exports (~{args.normal_mb:g} MB) and the worst adversarial input ({args.size_mb:g} MB) per parser\n")
    print("| parser | MB/s | messages/s | worst adversarial input | time | x4 |")
    print("|---|---:|---:|---|---:|---:|")
    for row in rows:
        worst = max(row.cases, key=lambda case: case.timing.seconds)
        print(f"| {row.format} | {row.mb_per_s:.1f} | {row.messages_per_s:,.0f} | {worst.name} | "
              f"{worst.timing.seconds:.2f} s | {worst.growth:.1f} |")
    print("\nEvery adversarial input (time at full size; x4 = time at full size / time at a quarter of it)\n")
    print("| parser | input | MB | time | messages | outcome | x4 |")
    print("|---|---|---:|---:|---:|---|---:|")
    flagged = []
    for row in rows:
        for case in row.cases:
            outcome = "refused (InputError)" if case.timing.refused else "read"
            print(f"| {row.format} | {case.name} | {case.mb:.1f} | {case.timing.seconds:.3f} s | "
                  f"{case.timing.messages:,} | {outcome} | {case.growth:.1f} |")
            if case.growth > SUPERLINEAR and case.timing.seconds > NOISE_SECONDS:
                flagged.append(f"{row.format}: {case.name}")
    if flagged:
        print(f"\nGrowing faster than linear: {'; '.join(flagged)}")
        return 1
    print("\nAll parsers linear on every adversarial input.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
