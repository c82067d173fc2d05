"""Plain text chat: one message per line, `Name: text`, optionally after a timestamp; `--- title` starts a new conversation.

    [12:01] Alice: hi                 time of day only -> time None (no date)
    2024-05-01 12:01 Bob: hello       date and time -> naive datetime (an ISO zone, if given, is kept)
    this line continues Bob's message
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lurewatch.errors import InputError
from lurewatch.ingest.base import Skips, Source
from lurewatch.ingest.json_chat import parse_iso_time
from lurewatch.model import Conversation, Message

NAME = "text"
EXTENSIONS: tuple[str, ...] = (".txt", ".log", ".chat")

_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_CLOCK = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
_ZONE = r"(?:Z|[+-][0-9]{2}:?[0-9]{2})"
_STAMP = (
    rf"(?:\[(?P<clock>{_CLOCK})\]"
    rf"|\[(?P<bracketed>{_DATE}(?:[ T]{_CLOCK}{_ZONE}?)?)\]"
    rf"|(?P<iso>{_DATE}(?:[ T]{_CLOCK}{_ZONE}?)?)"
    rf"|(?P<bare_clock>{_CLOCK}))[ \t]+"
)
# A name: up to 40 characters, no colon, and the colon must be followed by a space or end the line, so that
# "http://x" or "at 12:30" are never names. Brackets, braces and quotes are left out so JSON lines never look like chat.
_NAME = r"(?P<name>[^\s:{}\[\]<>\"][^:{}\[\]<>\"\n\r]{0,39}):(?:[ \t]+|$)"
_MESSAGE = re.compile(rf"(?:{_STAMP})?{_NAME}")
_SEPARATOR = "---"
# Words people put before a colon inside a message ("note: bring 5 euros"); read as a continuation unless that
# word is already a speaker in the conversation.
_LABELS = frozenset(
    {"note", "ps", "p.s.", "pps", "nb", "n.b.", "edit", "update", "fyi", "btw", "re", "fwd", "tldr", "tl;dr", "reminder",
     "todo", "link", "time", "date", "address", "warning", "answer", "question"}
)
_SNIFF_LINES = 20


@dataclass
class _Line:
    author: str
    stamp: str | None  # the matched timestamp text (None: no stamp)
    clock_only: bool
    text: str


@dataclass
class _Pending:
    author: str
    time: datetime | None
    line: int
    parts: list[str]
    blank_lines: int = 0


@dataclass
class _Builder:
    title: str | None
    messages: list[Message] = field(default_factory=list)
    skipped: int = 0
    stamped: bool | None = None  # whether this conversation's first message had a timestamp
    # Kept as messages are added: asked for every label-like line, it must not be rebuilt from all messages each time.
    authors: set[str] = field(default_factory=set)

    def add(self, message: Message) -> None:
        self.messages.append(message)
        self.authors.add(message.author)


def _split_line(line: str) -> _Line | None:
    match = _MESSAGE.match(line)
    if match is None:
        return None
    author = match["name"].strip()
    if not author:
        return None
    stamp = match["clock"] or match["bare_clock"] or match["bracketed"] or match["iso"]
    clock_only = bool(match["clock"] or match["bare_clock"])
    return _Line(author, stamp, clock_only, line[match.end() :])


def _starts_message(found: _Line, builder: _Builder, pending: _Pending | None, skipping: bool) -> bool:
    """Whether a line shaped like `Name: text` starts a message or continues the previous one."""
    if pending is None and not skipping:
        return True
    # In a timestamped log a line without a stamp is part of the message above, whatever it looks like.
    if builder.stamped and found.stamp is None:
        return False
    if found.author.casefold() not in _LABELS:
        return True
    return found.author in builder.authors or (pending is not None and found.author == pending.author)


def _parse_time(found: _Line) -> datetime | None:
    """Raises ValueError for an impossible date such as 2024-13-45."""
    if found.stamp is None or found.clock_only:
        return None
    date, _, clock = found.stamp.replace("T", " ").partition(" ")
    if clock[:2].endswith(":"):  # fromisoformat wants a two-digit hour
        clock = "0" + clock
    return parse_iso_time(f"{date}T{clock}" if clock else date)


def _conversation_id(stem: str, title: str | None, position: int) -> str:
    if title:
        return title
    return stem if position == 1 else f"{stem}#{position}"


def _read(source: Source) -> list[Conversation]:
    text = source.read_text()
    stem = Path(source.name).stem
    conversations: list[Conversation] = []
    builder = _Builder(title=None)
    pending: _Pending | None = None
    skipping = False  # the current message had a bad timestamp: its continuation lines go with it
    skips = Skips(source.name)

    def flush_message() -> None:
        nonlocal pending
        if pending is not None:
            builder.add(
                Message(author=pending.author, text="\n".join(pending.parts), time=pending.time, line=pending.line)
            )
            pending = None

    def flush_conversation() -> None:
        flush_message()
        if builder.messages:
            position = len(conversations) + 1
            conversations.append(
                Conversation(
                    id=_conversation_id(stem, builder.title, position),
                    messages=builder.messages,
                    source=source.name,
                    skipped_messages=builder.skipped,
                )
            )

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.startswith(_SEPARATOR + " ") or line.rstrip() == _SEPARATOR:
            flush_conversation()
            builder, skipping = _Builder(title=line[len(_SEPARATOR) :].strip() or None), False
            continue
        if not line.strip():
            if pending is not None:
                pending.blank_lines += 1
            continue
        found = _split_line(line)
        if found is not None and _starts_message(found, builder, pending, skipping):
            flush_message()
            if builder.stamped is None:
                builder.stamped = found.stamp is not None
            try:
                time = _parse_time(found)
            except ValueError:
                skips.add(number, "invalid timestamp: expected an ISO-8601 date and time")
                builder.skipped += 1
                skipping = True
                continue
            pending, skipping = _Pending(found.author, time, number, [found.text]), False
        elif skipping:
            continue
        elif pending is None:
            raise InputError(source.name, 'expected "Name: message"', line=number)
        else:
            # blank lines inside a message are kept; blank lines before the next message are not
            pending.parts.extend([""] * pending.blank_lines + [line])
            pending.blank_lines = 0
    flush_conversation()
    if not conversations:
        raise InputError(source.name, "no messages found", line=1)
    skips.accept(len(skips) + sum(len(conversation.messages) for conversation in conversations))
    return conversations


def parse(source: Source) -> Iterator[Conversation]:
    # The whole file is checked before the first conversation is handed out: an error never follows partial output.
    yield from _read(source)


def sniff(source: Source, head: str) -> float:
    """The share of the first lines shaped like `Name: text`, capped at 0.5 so that dedicated formats win.

    A file whose first line is not a message only counts when most lines are: then it is a chat with a bad first line,
    and the parser's "expected Name: message" says more than "unrecognised format" would.
    """
    lines: list[str] = []
    for raw in head.split("\n"):
        line = raw.removesuffix("\r")
        if line.strip() and not (line.startswith(_SEPARATOR + " ") or line.rstrip() == _SEPARATOR):
            lines.append(line)
            if len(lines) == _SNIFF_LINES:
                break
    if not lines:
        return 0.0
    share = sum(1 for line in lines if _split_line(line) is not None) / len(lines)
    if _split_line(lines[0]) is None and share < 0.5:
        return 0.0
    return min(share, 0.5)
