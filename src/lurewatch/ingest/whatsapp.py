"""WhatsApp "Export chat" files: the Android and iOS `.txt` layouts, and the `.zip` an export with media produces.

One regex recognises every header layout (d/m/y, m/d/y, y/m/d, dotted, bracketed iOS, 12h or 24h, with or without
seconds). The day/month order cannot be known from one line (`03/04/23`), so a first pass collects every header and
the order is decided from the whole file; a second pass builds the messages.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath

from lurewatch.errors import InputError
from lurewatch.ingest.base import MAX_IN_MEMORY_BYTES, Source, decode_text, warn_skipped
from lurewatch.model import Conversation, Message, MessageKind

NAME = "whatsapp"
EXTENSIONS: tuple[str, ...] = (".txt", ".zip")

# Zip-bomb guards: a chat member may not claim (or turn out to be) more than this, nor compress better than this.
MAX_MEMBER_BYTES = MAX_IN_MEMORY_BYTES
MAX_COMPRESSION_RATIO = 200
_READ_CHUNK = 1 << 20

# Author given to notices that WhatsApp writes without a sender ("Messages and calls are end-to-end encrypted").
SYSTEM_AUTHOR = "WhatsApp"

_SPACE = "[ \u00a0\u202f]"  # newer exports put a (narrow) no-break space before AM/PM
# Bidi marks lead iOS lines with attachments and system notices; they are not part of the header proper.
_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_HEADER = re.compile(
    rf"[{_MARKS}]*(?P<open>\[)?"
    r"(?P<a>[0-9]{1,4})(?P<sep>[./-])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})\.?,?"
    rf"{_SPACE}(?P<h>[0-9]{{1,2}})[:.](?P<mi>[0-9]{{2}})(?:[:.](?P<s>[0-9]{{2}}))?"
    rf"(?:{_SPACE}?(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?))?"
    rf"(?(open)\]|{_SPACE}?[-\u2013]){_SPACE}"
)

# A set lookup turns most continuation lines away before the regex runs.
_HEADER_FIRST = frozenset("0123456789[" + _MARKS)
# `_HEADER`'s groups in order: open, a, sep, b, c, h, mi, s, ampm (unmatched optional groups are None).
_Fields = tuple[str | None, ...]

# Placeholders WhatsApp writes instead of media; the text after the mark(s) must start with one of them.
_OMITTED = re.compile(
    r"(?:<Media omitted>|(?P<what>image|video|audio|sticker|GIF|document|Contact card) omitted)(?=\n|$)"
)
_ATTACHED_IOS = re.compile(r"<attached: (?P<file>[^<>\n]{1,255})>")
_ATTACHED_ANDROID = re.compile(
    r"(?P<file>[^\n/\\]{1,200}\.[A-Za-z0-9]{1,8}) "
    r"\((?:file attached|Datei angehängt|archivo adjunto|fichier joint|arquivo anexado)\)(?=\n|$)"
)
_DELETED = re.compile(r"(?:This message was deleted|You deleted this message)\.?\s*$")
# A sender name never holds quotes nor starts like WhatsApp's own notices.
_NOT_A_NAME = re.compile(
    r"[\"“”«»]|^Messages and calls are end-to-end encrypted|^Messages to this group are now secured"
)
_TITLE = re.compile(r"^WhatsApp[ -]Chat (?:with|mit|con|avec|com|met|-|\u2013) (?P<title>.+)$", re.IGNORECASE)

_OMITTED_TEXT = {
    None: "<media>",
    "image": "<image>",
    "video": "<video>",
    "audio": "<audio>",
    "sticker": "<sticker>",
    "GIF": "<gif>",
    "document": "<file>",
    "Contact card": "<contact>",
}
# Android names attachments IMG-/VID-/PTT-..., iOS 00000012-PHOTO-...; the extension decides when neither says.
_FILE_TOKENS = (
    ("STICKER", "<sticker>"),
    ("STK-", "<sticker>"),
    ("PHOTO", "<image>"),
    ("IMG-", "<image>"),
    ("VIDEO", "<video>"),
    ("VID-", "<video>"),
    ("GIF", "<gif>"),
    ("AUDIO", "<audio>"),
    ("PTT-", "<audio>"),
    ("AUD-", "<audio>"),
)
_EXTENSION_TEXT = {
    **dict.fromkeys(("jpg", "jpeg", "png", "heic", "bmp"), "<image>"),
    "gif": "<gif>",
    "webp": "<sticker>",
    **dict.fromkeys(("mp4", "mov", "3gp", "mkv", "avi", "webm"), "<video>"),
    **dict.fromkeys(("opus", "ogg", "m4a", "mp3", "aac", "amr", "wav"), "<audio>"),
}


def sniff(source: Source, head: str) -> float:
    """Sure when the first line and a few more of the first lines are WhatsApp headers; zips by their chat's name."""
    try:
        if head.startswith("PK\x03\x04"):
            return _sniff_zip(source, head)
        lines = [line for line in head.split("\n", 60)[:60] if line.strip()]
        if not lines or not _HEADER.match(lines[0]):
            return 0.0
        headers = [found for line in lines if (found := _HEADER.match(line))]
        rests = [found.string[found.end() :] for found in headers]
        # Other timestamped logs (IRC's `[..] <nick> text`) share the header shape but never the `Name: ` sender.
        if not any(": " in rest and not rest.startswith("<") for rest in rests):
            return 0.0
        # Real exports put a comma between date and time or " - " before the name; a plain `[2024-05-01 12:01] Name:`
        # log without either is the plain text format's to read (it also honours `--- ` conversation splits).
        if not any("," in found.group() or " - " in found.group() or " – " in found.group() for found in headers):
            return 0.45
        return 0.95 if len(rests) >= 3 or len(rests) == len(lines) else 0.6
    except Exception:  # sniff must never raise, whatever it is fed
        return 0.0


def _sniff_zip(source: Source, head: str) -> float:
    # The local file headers at the start of the archive carry the member names.
    if "_chat.txt" in head or re.search(r"WhatsApp[ -]Chat[^\n]{0,200}\.txt", head):
        return 0.9
    return 0.5 if source.suffix == ".zip" and _TITLE.match(Path(source.name).stem) else 0.0


def parse(source: Source) -> Iterator[Conversation]:
    if source.suffix == ".zip" or source.head(4) == b"PK\x03\x04":
        where, member, data = _read_zip(source)
        title = _title(PurePosixPath(member).stem) or _title(Path(source.name).stem)
        yield parse_text(decode_text(data, where), where, title)
        return
    yield parse_text(source.read_text(), source.name, _title(Path(source.name).stem))


def _title(stem: str) -> str:
    """`WhatsApp Chat with Alex` → `Alex`; iOS's `_chat` says nothing, so the caller falls back to the zip's name."""
    if stem == "_chat":
        return ""
    found = _TITLE.match(stem)
    return found.group("title").strip() if found else stem


# ---------------------------------------------------------------------------------------------------------- zip


def _read_zip(source: Source) -> tuple[str, str, bytes]:
    """The chat `.txt` of an export zip, as (where for errors, member name, bytes); media members are never read."""
    try:
        with source.open_binary() as handle, zipfile.ZipFile(handle) as archive:
            info = _chat_member(archive, source.name)
            where = f"{source.name}:{info.filename}"
            _check_declared_size(info, where)
            return where, info.filename, _read_capped(archive, info, where)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
        # NotImplementedError: unsupported compression; OSError/EOFError: truncated; zlib.error: corrupt stream.
        raise InputError(source.name, "not a valid zip archive") from None
    except RuntimeError:  # zipfile's word for an encrypted member
        raise InputError(source.name, "zip archive is encrypted") from None


def _chat_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    texts = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(".txt")
        and not PurePosixPath(info.filename).name.startswith("._")  # macOS resource forks
        and not info.filename.startswith("__MACOSX/")
    ]
    if not texts:
        raise InputError(name, "zip archive holds no chat .txt file")
    if len(texts) == 1:
        return texts[0]
    # A document sent in the chat can be a .txt too: prefer the names WhatsApp gives the chat itself.
    for info in texts:
        stem = PurePosixPath(info.filename).stem
        if stem == "_chat" or _TITLE.match(stem):
            return info
    raise InputError(name, f"zip archive holds {len(texts)} .txt files and none is named like a WhatsApp chat")


def _check_declared_size(info: zipfile.ZipInfo, where: str) -> None:
    if info.file_size > MAX_MEMBER_BYTES:
        raise InputError(where, f"declares {info.file_size} bytes, more than the {MAX_MEMBER_BYTES} byte limit")
    if info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
        raise InputError(where, f"compresses more than {MAX_COMPRESSION_RATIO}:1, refused as a possible zip bomb")


def _read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    # The sizes in the header are the sender's word: stop reading at the cap whatever they say.
    chunks: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(_READ_CHUNK):
            total += len(chunk)
            if total > MAX_MEMBER_BYTES:
                raise InputError(where, f"holds more than the {MAX_MEMBER_BYTES} byte limit")
            chunks.append(chunk)
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------------------------- text


def parse_text(text: str, where: str, title: str) -> Conversation:
    """One export's text → one Conversation; `where` names the file in errors and warnings."""
    lines = text.split("\n")
    while lines and not lines[-1].strip():  # the file's final newline is no part of the last message
        lines.pop()
    match = _HEADER.match
    starts: list[int] = []
    headers: list[re.Match[str]] = []
    for index, line in enumerate(lines):
        if line[:1] in _HEADER_FIRST and (found := match(line)):
            starts.append(index)
            headers.append(found)
    if not headers:
        raise InputError(where, "no WhatsApp message header found", line=1)
    fields = [found.groups() for found in headers]
    to_time = _Clock(_day_first(fields)).time

    messages: list[Message] = []
    skipped = 0
    if any(line.strip() for line in lines[: starts[0]]):
        warn_skipped(where, "1", "text before the first message header")
        skipped += 1
    starts.append(len(lines))
    for number, found in enumerate(headers):
        start, end = starts[number], starts[number + 1]
        time = to_time(fields[number])
        if time is None:
            warn_skipped(where, str(start + 1), "impossible date or time in the message header")
            skipped += 1
            continue
        body = lines[start][found.end() :]
        if end > start + 1:
            body = "\n".join([body, *lines[start + 1 : end]])
        if "\r" in body:
            # Line breaks are the file's, not the message's: CRLF exports give the same text as LF ones.
            body = body.replace("\r\n", "\n").removesuffix("\r")
        messages.extend(_messages(body, time, start + 1))
    if not messages:
        raise InputError(where, "no WhatsApp message header found", line=1)
    return Conversation(id=title or Path(where).stem, messages=messages, source=where, skipped_messages=skipped)


def _day_first(fields: list[_Fields]) -> bool:
    """d/m or m/d for the whole file: a field above 12 settles it; else a 12h clock suggests the US order."""
    first_over = second_over = twelve_hour = 0
    for _, a, _, b, _, _, _, _, ampm in fields:
        if len(a) >= 3:  # year first: the order is fixed
            continue
        first_over += int(a) > 12
        second_over += int(b) > 12
        twelve_hour += ampm is not None
    if first_over or second_over:
        # Both can only happen with broken lines; the order with more evidence wins and the rest get skipped.
        return first_over >= second_over
    return twelve_hour * 2 <= len(fields)


class _Clock:
    """Header → naive datetime, or None when the header names an impossible date or time."""

    def __init__(self, day_first: bool) -> None:
        self.day_first = day_first
        # Consecutive messages mostly share a date, so each distinct date text is worked out once.
        self.dates: dict[tuple[str, str, str], tuple[int, int, int] | None] = {}

    def date(self, a: str, b: str, c: str) -> tuple[int, int, int] | None:
        if len(a) >= 3:
            if len(a) != 4 or len(c) > 2:
                return None
            return int(a), int(b), int(c)
        if len(c) not in (2, 4):
            return None
        year = int(c) + (2000 if len(c) == 2 else 0)
        return (year, int(b), int(a)) if self.day_first else (year, int(a), int(b))

    def time(self, fields: _Fields) -> datetime | None:
        _, a, _, b, c, hour_text, minute, second, ampm = fields
        key = (a, b, c)
        if key in self.dates:
            date = self.dates[key]
        else:
            date = self.dates[key] = self.date(a, b, c)
        if date is None:
            return None
        hour = int(hour_text)
        if ampm is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
        try:
            return datetime(*date, hour, int(minute), int(second) if second else 0)
        except ValueError:
            return None


def _messages(body: str, time: datetime, line: int) -> list[Message]:
    """The message(s) of one header: `Name: text`, a media placeholder (plus its caption), or a system notice."""
    author, text = _split_author(body)
    if author is None:
        return [Message(author=SYSTEM_AUTHOR, text=body, time=time, kind=MessageKind.SYSTEM, line=line)]
    content = text.lstrip(_MARKS)
    media = _media(content)
    if media is not None:
        placeholder, end = media
        result = [Message(author=author, text=placeholder, time=time, kind=MessageKind.MEDIA, line=line)]
        caption = content[end:]
        if caption.strip():
            # Android writes the caption after the placeholder, on the next line.
            stripped = caption.lstrip(" \n")
            caption_line = line + caption[: len(caption) - len(stripped)].count("\n")
            result.append(Message(author=author, text=stripped, time=time, line=caption_line))
        return result
    if (content[:1] in "TY" and _DELETED.match(content)) or (
        len(content) != len(text) and not content.startswith("location:")
    ):
        # iOS marks its notices ("‎Sam left", "‎This message was deleted.") with a leading left-to-right mark.
        return [Message(author=author, text=text, time=time, kind=MessageKind.SYSTEM, line=line)]
    return [Message(author=author, text=text, time=time, line=line)]


def _split_author(body: str) -> tuple[str | None, str]:
    """`Name: text` at the first ": " (a name holding ": " cannot be told apart); None for a notice with no sender."""
    colon = body.find(": ")
    if colon <= 0 or body.find("\n", 0, colon) >= 0:
        return None, body
    author = body[:colon]
    # `Alex changed the subject to "Team: Blue"` has a ": " inside quotes, which no real sender name precedes.
    if author.isspace() or _NOT_A_NAME.search(author):
        return None, body
    return author, body[colon + 2 :]


def _media(content: str) -> tuple[str, int] | None:
    """(neutral text, where the placeholder ends in `content`) when the message is a media placeholder."""
    # Cheap substring tests first: almost every message is plain text and the regexes need not run.
    if " omitted" in content[:24] and (found := _OMITTED.match(content)):
        return _OMITTED_TEXT[found.group("what")], found.end()
    if content.startswith("<attached: ") and (found := _ATTACHED_IOS.match(content)):
        return _file_kind(found.group("file")), found.end()
    if " (" in content[:210] and (found := _ATTACHED_ANDROID.match(content)):
        return _file_kind(found.group("file")), found.end()
    return None


def _file_kind(filename: str) -> str:
    upper = filename.upper()
    for token, text in _FILE_TOKENS:
        if token in upper:
            return text
    return _EXTENSION_TEXT.get(filename.rsplit(".", 1)[-1].lower(), "<file>")
