"""Fuzz every input-format parser: arbitrary bytes and mutated valid samples must parse or raise InputError, nothing else.

    python bench/fuzz_parsers.py [--per-parser 100000] [--seed 0] [--jobs N] [--formats pan12,json] [--save-crashes DIR]

For each format module (the `lurewatch.ingest.FORMATS` registry, or the same discovery rule when it is missing) the
inputs are: random bytes, small synthetic valid samples built here per format, and those samples mutated (byte flips,
truncation, deleted/duplicated/swapped lines, inserted tokens, spliced slices, odd numbers, JSON values swapped for other
types). Each input goes through `sniff` (must return 0..1 and never raise) and `parse` (fully consumed; every item must be
a Conversation). Anything but InputError is a crash. Crashes are reported by traceback, input length and hash, never by
input text. Exit status 1 when any parser crashed or hung.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import io
import json
import logging
import multiprocessing
import os
import pkgutil
import random
import signal
import sys
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

from lurewatch.errors import InputError
from lurewatch.ingest.base import SNIFF_BYTES, Source
from lurewatch.model import Conversation

SHOWN_CRASHES = 3
SHARDS_PER_PARSER = 4  # spreads one slow parser over several workers

# ----------------------------------------------------------------------------------------------- format discovery


def discover_formats() -> dict[str, ModuleType]:
    """NAME -> module, from the registry if it exists yet, else by its rule: modules with NAME and parse, except base."""
    import lurewatch.ingest as ingest

    try:
        registry = ingest.FORMATS
    except AttributeError:
        registry = None
    if isinstance(registry, dict):
        return dict(sorted(registry.items()))
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(ingest.__path__):
        if info.name == "base" or info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{ingest.__name__}.{info.name}")
        if isinstance(getattr(module, "NAME", None), str) and callable(getattr(module, "parse", None)):
            found[module.NAME] = module
    return dict(sorted(found.items()))


# ----------------------------------------------------------------------------------------------- synthetic seeds

PEOPLE = ("Alex", "Sam", "Jordan", "Maya", "Leo", "Priya", "Chen", "Zoë", "Ole", "Me")
LINES = ("hi", "hey!", "did you finish the maths homework?", "see you at practice", "my cat knocked over my drink lol",
         "are we still on for saturday", "ok 👍", "that film was sooo long", "café after school?", "brb dinner",
         "what level are you on", "naïve question but how do I join the server", "gtg", "lol same", "", "  spaced  ",
         "line one\nline two", 'he said "no way"', "50% off, nice", "a,b;c|d", "<3", "&amp; & <b>bold</b>")


def _people(rng: random.Random) -> list[str]:
    return rng.sample(PEOPLE, rng.choice((2, 2, 3)))


def _line(rng: random.Random) -> str:
    return rng.choice(LINES)


def _count(rng: random.Random) -> int:
    return rng.randint(1, 6)


def _stamp(rng: random.Random) -> tuple[int, int, int, int, int, int]:
    return (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
            rng.randint(0, 59))


def _iso(rng: random.Random) -> str:
    y, mo, d, h, mi, s = _stamp(rng)
    zone = rng.choice(("", "Z", "+00:00", "+02:00", "-05:00"))
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}"


def _epoch(rng: random.Random) -> int:
    return rng.randint(1_400_000_000, 1_750_000_000)


def seed_text(rng: random.Random) -> bytes:
    out = []
    if rng.random() < 0.3:
        out.append("--- chat with friends")
    for _ in range(_count(rng)):
        y, mo, d, h, mi, _s = _stamp(rng)
        stamp = rng.choice(("", f"[{h:02d}:{mi:02d}] ", f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d} ",
                            f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00+01:00 "))
        out.append(f"{stamp}{rng.choice(PEOPLE)}: {_line(rng)}")
    return ("\n".join(out) + "\n").encode()


def _json_message(rng: random.Random, people: list[str]) -> dict[str, Any]:
    message: dict[str, Any] = {"author": rng.choice(people), "text": _line(rng)}
    if rng.random() < 0.7:
        message["time"] = _iso(rng)
    if rng.random() < 0.2:
        message["kind"] = rng.choice(("text", "media", "system"))
    return message


def seed_json(rng: random.Random) -> bytes:
    def conversation(index: int) -> dict[str, Any]:
        people = _people(rng)
        return {"id": f"c{index}", "messages": [_json_message(rng, people) for _ in range(_count(rng))]}

    shape = rng.randrange(3)
    doc: Any = (conversation(1) if shape == 0 else {"conversations": [conversation(i) for i in range(1, 3)]}
                if shape == 1 else [conversation(i) for i in range(1, 3)])
    return json.dumps(doc, ensure_ascii=rng.random() < 0.5, indent=rng.choice((None, 2))).encode()


def seed_jsonl(rng: random.Random) -> bytes:
    people = _people(rng)
    rows = [{"conversation_id": f"c{rng.randint(1, 2)}", **_json_message(rng, people)} for _ in range(_count(rng))]
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()


def seed_csv(rng: random.Random) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["conversation_id", "author", "text", "time"])
    for _ in range(_count(rng)):
        writer.writerow([f"c{rng.randint(1, 2)}", rng.choice(PEOPLE), _line(rng), rng.choice((_iso(rng), ""))])
    return buffer.getvalue().encode()


WHATSAPP_MARKERS = (("AM", "PM"), ("am", "pm"), ("a. m.", "p. m."), ("a.m.", "p.m."), ("vorm.", "nachm."))


def seed_whatsapp(rng: random.Random) -> bytes:
    # Every header layout WhatsApp writes: four date orders, three separators, 2- or 4-digit years, 12 or 24 hours
    # in several spellings, ordinary, no-break and narrow no-break spaces before the marker.
    people = _people(rng)
    ios = rng.random() < 0.5
    markers = rng.choice(WHATSAPP_MARKERS) if rng.random() < 0.4 else None
    order, separator = rng.choice(("dmy", "mdy", "ymd", "ydm")), rng.choice("/.-")
    space = rng.choice((" ", "\u00a0", "\u202f"))
    short_year = rng.random() < 0.5
    out = ["Messages and calls are end-to-end encrypted. No one outside of this chat can read them."]
    for _ in range(_count(rng)):
        y, mo, d, h, mi, s = _stamp(rng)
        seconds = f":{s:02d}" if ios else ""
        clock = (f"{(h % 12) or 12}:{mi:02d}{seconds}{space}{markers[h >= 12]}" if markers
                 else f"{h:02d}:{mi:02d}{seconds}")
        parts = {"d": f"{d:02d}", "m": f"{mo:02d}", "y": f"{y % 100:02d}" if short_year else str(y)}
        date = separator.join(parts[letter] for letter in order)
        text = rng.choice((_line(rng), _line(rng), "<Media omitted>", "image omitted"))
        author = rng.choice(people)
        out.append(f"[{date}, {clock}] {author}: {text}" if ios else f"{date}, {clock} - {author}: {text}")
    body = ("\n".join(out) + "\n").encode()
    if rng.random() < 0.15:  # an export with media comes as a zip
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(rng.choice(("_chat.txt", "WhatsApp Chat with Alex.txt")), body)
            archive.writestr("IMG-0001.jpg", b"not an image")
        return buffer.getvalue()
    return body


def seed_discord(rng: random.Random) -> bytes:
    people = _people(rng)
    messages = []
    for index in range(_count(rng)):
        name = rng.choice(people)
        message: dict[str, Any] = {
            "id": str(1000 + index), "type": rng.choice(("Default", "Default", "Reply", "ChannelPinnedMessage")),
            "timestamp": _iso(rng), "content": _line(rng),
            "author": {"id": str(PEOPLE.index(name)), "name": name.lower(), "nickname": name},
            "attachments": [], "stickers": []}
        if rng.random() < 0.2:
            message["attachments"].append({"id": "9", "fileName": rng.choice(("cat.png", "clip.mp4", "notes.pdf"))})
        if rng.random() < 0.1:
            message["stickers"].append({"id": "7", "name": "wave"})
        messages.append(message)
    doc = {"guild": {"id": "1", "name": "Study group"}, "channel": {"id": "2", "name": "general"},
           "messages": messages, "messageCount": len(messages)}
    return json.dumps(doc, indent=rng.choice((None, 2))).encode()


def _telegram_chat(rng: random.Random, chat_id: int) -> dict[str, Any]:
    people = _people(rng)
    messages: list[dict[str, Any]] = []
    for index in range(_count(rng)):
        stamp = _epoch(rng)
        if rng.random() < 0.15:
            messages.append({"id": index, "type": "service", "date": _iso(rng)[:19], "date_unixtime": str(stamp),
                             "actor": rng.choice(people), "action": "pin_message", "text": ""})
            continue
        text: Any = _line(rng)
        if rng.random() < 0.25:
            text = [text, {"type": "bold", "text": "really"}, " ok"]
        message: dict[str, Any] = {"id": index, "type": "message", "date": _iso(rng)[:19],
                                   "date_unixtime": str(stamp), "from": rng.choice(people),
                                   "from_id": f"user{rng.randint(1, 9)}", "text": text, "text_entities": []}
        if rng.random() < 0.15:
            message[rng.choice(("photo", "file"))] = "photos/photo_1.jpg"
            if rng.random() < 0.5:
                message["media_type"] = rng.choice(("sticker", "video_file", "voice_message", "animation"))
        messages.append(message)
    return {"name": people[0], "type": "personal_chat", "id": chat_id, "messages": messages}


def seed_telegram(rng: random.Random) -> bytes:
    if rng.random() < 0.6:
        doc: dict[str, Any] = _telegram_chat(rng, 1)
    else:
        doc = {"personal_information": {"first_name": "Me"},
               "chats": {"about": "", "list": [_telegram_chat(rng, i) for i in range(1, 3)]},
               "left_chats": {"list": []}}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def _meta_mojibake(text: str) -> str:
    # Meta writes UTF-8 bytes as latin-1 code points; the parser is expected to undo it.
    return text.encode("utf-8").decode("latin-1")


def seed_messenger(rng: random.Random) -> bytes:
    people = _people(rng)
    messages: list[dict[str, Any]] = []
    for _ in range(_count(rng)):
        message: dict[str, Any] = {"sender_name": _meta_mojibake(rng.choice(people)),
                                   "timestamp_ms": _epoch(rng) * 1000, "is_geoblocked_for_viewer": False}
        roll = rng.random()
        if roll < 0.7:
            message["content"] = _meta_mojibake(_line(rng))
        elif roll < 0.85:
            message[rng.choice(("photos", "videos", "audio_files", "files", "gifs"))] = [
                {"uri": "messages/inbox/x/photos/1.jpg", "creation_timestamp": _epoch(rng)}]
        else:
            message["sticker"] = {"uri": "messages/stickers_used/1.png"}
        if rng.random() < 0.1:
            message["type"] = rng.choice(("Generic", "Subscribe", "Unsubscribe"))
        messages.append(message)
    doc = {"participants": [{"name": _meta_mojibake(p)} for p in people], "messages": messages,
           "title": people[0], "is_still_participant": True, "thread_path": "inbox/alex_123"}
    if rng.random() < 0.3:  # Instagram exports without participants
        del doc["participants"]
    return json.dumps(doc, indent=2).encode()


def seed_snapchat(rng: random.Random) -> bytes:
    kinds = ("TEXT", "TEXT", "TEXT", "MEDIA", "IMAGE", "VIDEO", "STICKER", "NOTE", "SHARE", "LOCATION",
             "STATUSERASEDMESSAGE")

    def created() -> str:
        y, mo, d, h, mi, s = _stamp(rng)
        return f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d} UTC"

    if rng.random() < 0.5:
        doc: dict[str, Any] = {}
        for friend in rng.sample(PEOPLE[:-1], rng.randint(1, 2)):
            doc[friend.lower()] = [
                {"From": rng.choice((friend.lower(), "me_user")), "Media Type": rng.choice(kinds), "Created": created(),
                 "Content": rng.choice((_line(rng), None)), "Conversation Title": None,
                 "IsSender": rng.random() < 0.5, "Created(microseconds)": _epoch(rng) * 1000}
                for _ in range(_count(rng))]
        return json.dumps(doc, indent=2).encode()
    received = [{"From": rng.choice(PEOPLE).lower(), "Media Type": rng.choice(kinds), "Created": created(),
                 "Text": _line(rng)} for _ in range(_count(rng))]
    sent = [{"To": rng.choice(PEOPLE).lower(), "Media Type": rng.choice(kinds), "Created": created(),
             "Text": _line(rng)} for _ in range(_count(rng))]
    return json.dumps({"Received Saved Chat History": received, "Sent Saved Chat History": sent}, indent=1).encode()


def seed_signal(rng: random.Random) -> bytes:
    people = [*_people(rng), "Me"]
    out = []
    for _ in range(_count(rng)):
        y, mo, d, h, mi, s = _stamp(rng)
        stamp = f"[{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}{f':{s:02d}' if rng.random() < 0.8 else ''}]"
        roll = rng.random()
        if roll < 0.6:
            out.append(f"{stamp} {rng.choice(people)}: {_line(rng)}")
        elif roll < 0.75:
            out += [f"{stamp} Me:", f"> {_line(rng)}", _line(rng)]
        elif roll < 0.85:
            out.append(f"{stamp} {rng.choice(people)}: ![cat.jpg](./media/cat.jpg)")
        elif roll < 0.93:
            out.append(f"(- {rng.choice(people)}: 👍 -)")
        else:
            out.append("(( 🐱 ))")
    return ("\n".join(out) + "\n").encode()


def seed_pan12(rng: random.Random) -> bytes:
    out = ["<conversations>"]
    for index in range(rng.randint(1, 3)):
        people = [f"{rng.getrandbits(128):032x}" for _ in range(2)]
        out.append(f'  <conversation id="{rng.getrandbits(128):032x}{index}">')
        for line in range(1, _count(rng) + 1):
            text = _line(rng).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            text_xml = f"<text>{text}</text>" if text else "<text />"
            out.append(f'    <message line="{line}">\n      <author>{rng.choice(people)}</author>\n'
                       f"      <time>{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}</time>\n      {text_xml}\n"
                       "    </message>")
        out.append("  </conversation>")
    out.append("</conversations>")
    return ("\n".join(out) + "\n").encode()


SEEDS: dict[str, Callable[[random.Random], bytes]] = {
    "text": seed_text, "json": seed_json, "jsonl": seed_jsonl, "csv": seed_csv, "whatsapp": seed_whatsapp,
    "discord": seed_discord, "telegram": seed_telegram, "messenger": seed_messenger, "snapchat": seed_snapchat,
    "signal": seed_signal, "pan12": seed_pan12,
}
JSON_FORMATS = frozenset({"json", "jsonl", "discord", "telegram", "messenger", "snapchat"})

# ----------------------------------------------------------------------------------------------- mutations

TOKENS = (b"\n", b"\r\n", b"\r", b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"\t",
          b"{", b"}", b"[", b"]", b'"', b"'", b",", b":", b"null", b"true", b"-0", b"1e999", b"-1e999", b"NaN",
          b"Infinity", b"99999999999999999999999", b'"\\ud800"', b"\\u0000", b"<", b">", b"</", b"/>", b"&", b"&amp;",
          b"&#0;", b"<!DOCTYPE x>", b"<![CDATA[", b"]]>", b"<message>", b"<text>", b"<author>", b"[", b"] ", b": ",
          b" - ", b"---", b">", b"(- ", b" -)", b"((", b"))", b"![x](", b"PK\x03\x04", b"12/31/99, 25:61 - ",
          b"[00/00/0000, 00:00:00] ", b"[2024-02-30 24:00] ", b"9999-12-31T23:59:59+99:99", b"0000-00-00 00:00:00 UTC",
          b"AM", b"PM", b"p. m.", b"vorm.", b"nachm.", b"19/29/10, ", b"\xe2\x80\xaf", b"\xe2\x80\x8e", b"\u202f", b"%s", b"{}", b"[]", b'""', b"\\", b"\\x")
ODD_VALUES: tuple[Any, ...] = (None, True, False, 0, -1, 1.5, 10**30, -(10**30), 1e308, -1e308, float("nan"),
                               float("inf"), "", " ", "x" * 300, "2024-99-99T99:99:99", "9" * 40, "-1", "NaN", [],
                               {}, [None], [1, "a"], {"a": None}, {"text": 1}, {"name": None}, "\ud800", "\x00")


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    action = rng.randrange(10)
    size = len(buf)
    if action == 0 and size:  # flip bits
        for _ in range(rng.randint(1, 4)):
            buf[rng.randrange(size)] ^= 1 << rng.randrange(8)
    elif action == 1:  # truncate
        del buf[rng.randint(0, size):]
    elif action == 2:  # insert a token
        position = rng.randint(0, len(buf))
        buf[position:position] = rng.choice(TOKENS)
    elif action == 3 and size:  # delete a slice
        start = rng.randrange(size)
        del buf[start:start + rng.randint(1, 32)]
    elif action == 4 and size:  # copy a slice elsewhere
        start = rng.randrange(size)
        piece = buf[start:start + rng.randint(1, 64)]
        position = rng.randint(0, len(buf))
        buf[position:position] = piece
    elif action == 5:  # random bytes somewhere
        position = rng.randint(0, size)
        buf[position:position] = rng.randbytes(rng.randint(1, 8))
    elif action == 6:  # a number made extreme
        digits = [i for i, byte in enumerate(buf) if 48 <= byte <= 57]
        if digits:
            position = rng.choice(digits)
            buf[position:position + 1] = rng.choice((b"99999999999999999999", b"0", b"-1", b"00", b"1e400"))
    else:  # line surgery
        return _mutate_lines(rng, bytes(buf))
    return bytes(buf)


def _mutate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    action = rng.randrange(4)
    if action == 0 and len(lines) > 1:
        del lines[index]
    elif action == 1:
        lines.insert(index, lines[index])
    elif action == 2:
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    else:
        lines[index] = lines[index][: rng.randint(0, len(lines[index]))]
    return b"\n".join(lines)


def mutate_json(rng: random.Random, data: bytes) -> bytes:
    """Swap one JSON value for a value of another type, delete a key, or duplicate a list item (whole document, or a
    JSONL line). Finds type confusion far faster than byte flips, which mostly just break the syntax."""
    lines = data.split(b"\n")
    jsonl = len([line for line in lines if line.strip()]) > 1 and lines[0].strip().startswith(b"{")
    if jsonl:
        index = rng.randrange(len(lines))
        if not lines[index].strip():
            return data
        lines[index] = mutate_json(rng, lines[index])
        return b"\n".join(lines)
    try:
        doc = json.loads(data)
    except ValueError:
        return data
    slots = list(_slots(doc))
    if not slots:
        return json.dumps(rng.choice(ODD_VALUES)).encode()
    container, key = rng.choice(slots)
    action = rng.randrange(4)
    if action == 0 and isinstance(container, dict):
        del container[key]
    elif action == 1 and isinstance(container, list):
        container.insert(key, container[key])
    else:
        container[key] = rng.choice(ODD_VALUES)
    try:
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    except ValueError:
        return data


def _slots(node: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _slots(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _slots(value)


def random_input(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return rng.randbytes(rng.randint(0, 256))
    return b"".join(rng.choice(TOKENS) + rng.choice((b"", b"a", b"Alex", b" ", b"1")) for _ in range(rng.randint(0, 40)))


class InputMaker:
    """Inputs for one parser. Valid samples come from a pool refreshed now and then: building them (JSON dumps, zips)
    costs more than most parses, and mutation supplies the variety."""

    POOL = 256

    def __init__(self, rng: random.Random, name: str) -> None:
        self.rng = rng
        self.name = name
        self.seed = SEEDS.get(name)
        self.pool = [self.seed(rng) for _ in range(self.POOL)] if self.seed else []

    def __call__(self) -> bytes:
        rng = self.rng
        roll = rng.random()
        if self.seed is None or roll < 0.15:
            return random_input(rng)
        if roll < 0.2:
            data = self.pool[rng.randrange(self.POOL)] = self.seed(rng)
            return data
        data = self.pool[rng.randrange(self.POOL)]
        if roll < 0.25:
            return data
        if self.name in JSON_FORMATS and rng.random() < 0.4:
            data = mutate_json(rng, data)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            data = mutate_bytes(rng, data)
        return data


# ----------------------------------------------------------------------------------------------- running


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that a parser's `except Exception` cannot swallow it."""


@dataclass
class Crash:
    kind: str  # exception type, "hang", "sniff" or "contract"
    where: str  # innermost frame, to tell crashes apart
    trace: str  # frames and exception type only: never the message, which may quote the input
    length: int
    digest: str


@dataclass
class Result:
    name: str
    inputs: int = 0
    ok: int = 0
    input_errors: int = 0
    crashes: int = 0
    hangs: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    distinct: dict[str, Crash] = field(default_factory=dict)

    def merge(self, other: Result) -> None:
        self.inputs += other.inputs
        self.ok += other.ok
        self.input_errors += other.input_errors
        self.crashes += other.crashes
        self.hangs += other.hangs
        self.seconds += other.seconds
        self.slowest = max(self.slowest, other.slowest)
        for key, crash in other.distinct.items():
            self.distinct.setdefault(key, crash)


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise Hang


def _describe(exc: BaseException, data: bytes, kind: str | None = None) -> Crash:
    frames = traceback.extract_tb(exc.__traceback__)
    inner = frames[-1] if frames else None
    where = f"{Path(inner.filename).name}:{inner.lineno}" if inner else "?"
    trace = "".join(traceback.format_list(frames)) + f"{type(exc).__name__} (message withheld: {len(str(exc))} chars)"
    return Crash(kind or type(exc).__name__, where, trace, len(data), hashlib.sha256(data).hexdigest()[:16])


def run_one(module: ModuleType, source_name: str, data: bytes, limit: float) -> str | Crash:
    """"ok", "input-error", or the crash."""
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        head = data[:SNIFF_BYTES].decode("utf-8", errors="replace").removeprefix("\ufeff")
        try:
            score = module.sniff(Source.from_bytes(source_name, data), head)
        except Hang:
            raise
        except BaseException as exc:
            return _describe(exc, data, "sniff")
        if not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
            return Crash("sniff", "sniff", f"sniff returned {type(score).__name__} outside 0..1", len(data),
                         hashlib.sha256(data).hexdigest()[:16])
        for item in module.parse(Source.from_bytes(source_name, data)):
            if not isinstance(item, Conversation):
                return Crash("contract", "parse", f"parse yielded {type(item).__name__}", len(data),
                             hashlib.sha256(data).hexdigest()[:16])
        return "ok"
    except InputError:
        return "input-error"
    except Hang as exc:
        return _describe(exc, data, "hang")
    except Exception as exc:  # the point: anything else is a crash
        return _describe(exc, data)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_shard(task: tuple[str, int, int, int, float, str | None]) -> Result:
    name, shard, count, seed, limit, save_dir = task
    logging.disable(logging.CRITICAL)  # skipped-message warnings would flood the output and slow the run
    signal.signal(signal.SIGALRM, _on_alarm)
    module = discover_formats()[name]
    extensions = getattr(module, "EXTENSIONS", ()) or (".bin",)
    rng = random.Random(f"{seed}:{name}:{shard}")
    make_input = InputMaker(rng, name)
    result = Result(name)
    started = time.perf_counter()
    for _ in range(count):
        data = make_input()
        source_name = f"fuzz{rng.choice(extensions)}"
        began = time.perf_counter()
        outcome = run_one(module, source_name, data, limit)
        result.slowest = max(result.slowest, time.perf_counter() - began)
        result.inputs += 1
        if outcome == "ok":
            result.ok += 1
        elif outcome == "input-error":
            result.input_errors += 1
        else:
            assert isinstance(outcome, Crash)
            result.hangs += outcome.kind == "hang"
            result.crashes += outcome.kind != "hang"
            key = f"{outcome.kind}@{outcome.where}"
            if key not in result.distinct:
                result.distinct[key] = outcome
                if save_dir:
                    _save(Path(save_dir), name, outcome, data)
    result.seconds = time.perf_counter() - started
    return result


def _save(directory: Path, name: str, crash: Crash, data: bytes) -> None:
    """Synthetic fuzz inputs only, so keeping them for a reproduction is fine."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}-{crash.digest}.bin").write_bytes(data)
    (directory / f"{name}-{crash.digest}.txt").write_text(crash.trace + "\n")


def print_report(results: list[Result], wall: float) -> None:
    header = f"{'parser':<10} {'inputs':>8} {'ok':>8} {'InputError':>10} {'crashes':>7} {'hangs':>5} " \
             f"{'inputs/s':>9} {'slowest':>9}  (inputs/s per core)"
    print(header)
    print("-" * len(header))
    for r in results:
        rate = r.inputs / r.seconds if r.seconds else 0.0
        print(f"{r.name:<10} {r.inputs:>8} {r.ok:>8} {r.input_errors:>10} {r.crashes:>7} {r.hangs:>5} "
              f"{rate:>9.0f} {r.slowest * 1000:>7.1f}ms")
    total = sum(r.inputs for r in results)
    print(f"{len(results)} parsers, {total} inputs in {wall:.1f} s wall; "
          f"{sum(r.crashes for r in results)} crashes, {sum(r.hangs for r in results)} hangs")
    for r in results:
        for shown, (key, crash) in enumerate(r.distinct.items()):
            if shown == SHOWN_CRASHES:
                print(f"\n[{r.name}] ... and {len(r.distinct) - SHOWN_CRASHES} more distinct crash sites")
                break
            print(f"\n[{r.name}] {key}: input of {crash.length} bytes, sha256 {crash.digest}\n{crash.trace}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-parser", type=int, default=100_000, help="inputs per parser (default 100000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--formats", help="comma-separated format names (default: all)")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds one input may take before it is a hang")
    parser.add_argument("--save-crashes", metavar="DIR", help="write each distinct crashing input and its traceback")
    args = parser.parse_args(argv)

    available = discover_formats()
    names = list(available) if not args.formats else [n.strip() for n in args.formats.split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown format(s) {', '.join(unknown)}; have {', '.join(available)}")
    no_seed = [n for n in names if n not in SEEDS]
    if no_seed:
        print(f"no seed samples for {', '.join(no_seed)}: random bytes only", file=sys.stderr)

    shards = max(1, min(SHARDS_PER_PARSER, args.per_parser))
    tasks = [(name, shard, args.per_parser // shards + (shard < args.per_parser % shards), args.seed,
              args.time_limit, args.save_crashes) for name in names for shard in range(shards)]
    started = time.perf_counter()
    merged = {name: Result(name) for name in names}
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            for result in pool.imap_unordered(run_shard, tasks):
                merged[result.name].merge(result)
    else:
        for task in tasks:
            result = run_shard(task)
            merged[result.name].merge(result)
    print_report(list(merged.values()), time.perf_counter() - started)
    return 1 if any(r.crashes or r.hangs for r in merged.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
