"""Signal chats as Markdown/plain text from signal-export (`<dest>/<Name>/chat.md`).

    [2023-05-01 12:34:56] Alex: see you at practice          one message; later lines without a [date] continue it
    [2023-05-01 12:35:10] Me:                                 a reply: signal-export puts the quoted message first,
                                                              as "> " lines, which are dropped (the words are not Me's)
    > see you at practice
    ok!
    [2023-05-01 12:36:00] Alex: ![cat.jpg](./media/cat.jpg)   attachment (image, audio, video or file) -> MEDIA
    (- Me: 👍 -)                                              reactions are not messages: dropped
    (( 🐱 ))                                                  a sticker without its file -> MEDIA "<sticker>"

Times carry no zone (the exporting computer's wall clock), so they stay naive. Seconds are optional (older versions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath

from lurewatch.errors import InputError
from lurewatch.ingest.base import Skips, Source
from lurewatch.model import Conversation, Message, MessageKind

NAME = "signal"
EXTENSIONS: tuple[str, ...] = (".txt", ".md")

_HEADER = re.compile(r"\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] ([^:\n]+?): ?(.*)")
# Attachments are links into the export folder ("./media/..." or "../exported_stickers/..."); a web link a person typed
# ("[x](https://...)") is part of their words and stays.
# Neither part may run over a bracket or parenthesis that starts another link (a file name may hold one balanced pair,
# "photo (1).jpg"): every character is then scanned a bounded number of times, so a line of "[a](./" repeated stays
# linear instead of each "[" scanning to the end of the line.
_ATTACHMENT = re.compile(r"(!?)\[([^\[\]\n]*)\]\((\.{1,2}/[^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)")
_REACTIONS = re.compile(r"\(- .* -\)")
_STICKER = re.compile(r"\(\( .* \)\)")
_HEADING = re.compile(r"#{1,6} \S")
# signal-export's own wording for a deleted message and for call records (sigexport create._format_call).
_DELETED = "(This message was deleted)"
_CALL = re.compile(r"(?:Incoming|Outgoing|Missed) (?:voice |video )?call\b.*")
_IMAGE = frozenset({"png", "jpg", "jpeg", "gif", "tif", "tiff", "webp", "apng", "svg", "heic", "bmp"})
_AUDIO = frozenset({"m4a", "aac", "mp3", "ogg", "opus", "wav", "flac"})
_VIDEO = frozenset({"mp4", "mov", "mkv", "mpeg", "webm", "qt", "3gp"})
_SNIFF_LINES = 20
_GENERIC_FILE_NAMES = frozenset({"chat", "index"})


def sniff(source: Source, head: str) -> float:
    """0.97 with a signal-export hallmark; 0.4 for bare `[date time] Name: text` lines, so other formats win those.

    The hallmarks (links into ./media/, reaction or sticker lines, a heading, the two-space line ends signal-export
    writes after every message) never occur in WhatsApp exports, whose iOS headers share the `[date time] Name:` shape.
    """
    lines = [line.removesuffix("\r") for line in head.split("\n")[:200] if line.strip()][:_SNIFF_LINES]
    headers = [line for line in lines if _HEADER.fullmatch(line)]
    if not headers or len(headers) < min(2, len(lines)) or not _HEADER.fullmatch(_first_content(lines)):
        return 0.0
    hallmark = (
        any(_ATTACHMENT.search(line) or _REACTIONS.fullmatch(line) or _STICKER.fullmatch(line) for line in lines)
        or bool(lines and _HEADING.match(lines[0]))
        # signal-export ends every message with two spaces (a Markdown line break)
        or sum(line.endswith("  ") for line in headers) * 2 > len(headers)
    )
    return 0.97 if hallmark else 0.4


def _first_content(lines: list[str]) -> str:
    return next((line for line in lines if not _HEADING.match(line)), "")


@dataclass
class _Pending:
    """A message being read: its header line and the lines that continue it."""

    line: int
    date: str
    clock: str
    author: str
    body: list[tuple[int, str]] = field(default_factory=list)


def parse(source: Source) -> Iterator[Conversation]:
    text = source.read_text()
    title: str | None = None
    pending: _Pending | None = None
    messages: list[Message] = []
    skipped = headers = 0
    skips = Skips(source.name)
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        header = _HEADER.fullmatch(line)
        if header:
            headers += 1
            if pending is not None:
                skipped += _finish(skips, pending, messages)
            date, clock, author, rest = header.groups()
            pending = _Pending(number, date, clock, author.strip(), [(number, rest)])
        elif pending is not None:
            pending.body.append((number, line))
        elif title is None and _HEADING.match(line):
            title = line.lstrip("#").strip()
        elif line.strip():
            raise InputError(source.name, "expected a message like '[2024-05-01 12:34] Name: text'", line=number)
    if pending is None:
        raise InputError(source.name, "no messages like '[2024-05-01 12:34] Name: text' found", line=1)
    skipped += _finish(skips, pending, messages)
    if not messages and skipped:
        raise InputError(source.name, "no readable message (every date is invalid)", line=pending.line)
    skips.accept(headers)
    yield Conversation(
        id=title or _name_from_path(source), messages=messages, source=source.name, skipped_messages=skipped
    )


def _name_from_path(source: Source) -> str:
    # signal-export writes <dest>/<chat name>/chat.md: the folder, not "chat", names the conversation.
    path = PurePosixPath(source.name.replace("\\", "/"))
    if path.stem.lower() in _GENERIC_FILE_NAMES and path.parent.name:
        return path.parent.name
    return path.stem or source.name


def _finish(skips: Skips, pending: _Pending, messages: list[Message]) -> int:
    """Turn one pending message into Messages; returns 1 when it had to be skipped."""
    seconds = ":%S" if pending.clock.count(":") == 2 else ""
    try:
        time = datetime.strptime(f"{pending.date} {pending.clock}", f"%Y-%m-%d %H:%M{seconds}")
    except ValueError:
        skips.add(pending.line, "invalid date or time: expected a real YYYY-MM-DD HH:MM[:SS]")
        return 1
    messages.extend(_messages(pending, time))
    return 0


def _messages(pending: _Pending, time: datetime) -> list[Message]:
    media: list[Message] = []
    words: list[tuple[int, str]] = []
    for number, line in _without_quote(pending.body):
        if _REACTIONS.fullmatch(line.strip()):
            continue
        if _STICKER.fullmatch(line.strip()):
            media.append(
                Message(author=pending.author, text="<sticker>", time=time, kind=MessageKind.MEDIA, line=number)
            )
            continue
        for match in _ATTACHMENT.finditer(line):
            placeholder = _placeholder(match.group(1) == "!", match.group(3))
            media.append(
                Message(author=pending.author, text=placeholder, time=time, kind=MessageKind.MEDIA, line=number)
            )
        words.append((number, _ATTACHMENT.sub("", line).rstrip()))
    while words and not words[-1][1]:
        words.pop()
    while words and not words[0][1]:
        words.pop(0)
    if not words:
        return media
    body = "\n".join(line for _, line in words)
    kind = MessageKind.SYSTEM if body == _DELETED or _CALL.fullmatch(body) else MessageKind.TEXT
    message = Message(author=pending.author, text=body, time=time, kind=kind, line=pending.line)
    return [message, *media]


def _without_quote(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop the quoted message signal-export puts before a reply: blank lines and "> " lines at the very start."""
    start = 0
    while start < len(body) and (not body[start][1].strip() or body[start][1].startswith(">")):
        start += 1
    if not any(line.startswith(">") for _, line in body[:start]):
        return body
    return body[start:]


def _placeholder(inline_image: bool, target: str) -> str:
    extension = target.rsplit(".", 1)[-1].lower() if "." in PurePosixPath(target).name else ""
    if "exported_stickers/" in target:
        return "<sticker>"
    if inline_image or extension in _IMAGE:
        return "<image>"
    if extension in _VIDEO:
        return "<video>"
    if extension in _AUDIO:
        return "<audio>"
    return "<file>"
