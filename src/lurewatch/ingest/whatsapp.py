"""WhatsApp "Export chat" files: the Android and iOS `.txt` layouts, and the `.zip` an export with media produces.

One regex recognises every header layout WhatsApp writes: the date in day/month/year, month/day/year, year/month/day
or year/day/month order (the four in whatstk's list of header formats), 2- or 4-digit years, `/ . -` separators
(and Hungarian `2023. 12. 31.`), Android `date, time - ` or bracketed iOS `[date, time] `, 12 or 24 hours, with or
without seconds, `AM`/`a. m.`/`vorm.` spellings, ordinary, no-break or narrow no-break spaces.

The date order cannot be known from one line (`03/04/23` fits all four), and the first lines of a file can fit an order
that later lines break, so a first pass collects every header and the order is decided from the whole file: the order
under which the fewest headers are impossible dates, then the one whose dates run forward, then the one whose dates
lie closest together. A second pass builds the messages.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from calendar import monthrange
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import cast

from lurewatch.errors import InputError
from lurewatch.ingest.base import MAX_IN_MEMORY_BYTES, Source, decode_text, too_many_skipped, warn_skipped
from lurewatch.model import Conversation, Message, MessageKind
from lurewatch.own_words import DELETED_NOTICES

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
# 12-hour markers: AM/PM in any case, with or without dots and inner space (Spanish "p. m."), German "vorm."/"nachm.".
_AMPM = rf"[AaPp]\.?{_SPACE}?[Mm]\.?|vorm\.|nachm\."
_HEADER = re.compile(
    rf"[{_MARKS}]*(?P<open>\[)?"
    r"(?P<a>[0-9]{1,4})(?P<sep>[./-] ?)(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})\.?,?"
    rf"{_SPACE}(?P<h>[0-9]{{1,2}})[:.](?P<mi>[0-9]{{2}})(?:[:.](?P<s>[0-9]{{2}}))?"
    rf"(?:{_SPACE}?(?P<ampm>{_AMPM}))?"
    rf"(?(open)\]|{_SPACE}?[-\u2013]){_SPACE}"
)

# A set lookup turns most continuation lines away before the regex runs.
_US_MARKERS = frozenset({"AM", "PM"})
_HEADER_FIRST = frozenset("0123456789[" + _MARKS)
# `_HEADER`'s groups in order: open, a, sep, b, c, h, mi, s, ampm (unmatched optional groups are None).
_Fields = tuple[str | None, ...]
_DateKey = tuple[str, str, str]  # the header's three date numbers as written

# Where year, month and day stand among the header's three numbers, for each order WhatsApp writes. Listed in the order
# that wins a tie: day first is the most common outside the US; year/day/month is the rarest.
_ORDERS: dict[str, tuple[int, int, int]] = {
    "day/month/year": (2, 1, 0),
    "month/day/year": (2, 0, 1),
    "year/month/day": (0, 1, 2),
    "year/day/month": (0, 2, 1),
}
# What a too-broken file is told it should have looked like.
_EXPECTED = (
    "expected headers like \"31/12/2023, 21:41 - Name: text\" or \"[31/12/23, 9:41:07 PM] Name: text\" "
    "with a real date in one order (day/month/year, month/day/year, year/month/day or year/day/month) and time"
)

# Placeholders WhatsApp writes instead of media; the text after the mark(s) must start with one of them.
_OMITTED = re.compile(
    r"(?:<Media omitted>|(?P<what>image|video|audio|sticker|GIF|document|Contact card) omitted)(?=\n|$)"
)
_ATTACHED_IOS = re.compile(r"<attached: (?P<file>[^<>\n]{1,255})>")
_ATTACHED_ANDROID = re.compile(
    r"(?P<file>[^\n/\\]{1,200}\.[A-Za-z0-9]{1,8}) "
    r"\((?:file attached|Datei angehängt|archivo adjunto|fichier joint|arquivo anexado)\)(?=\n|$)"
)
# "<Media omitted>" as Spanish, German, Portuguese, French, Dutch and Italian exports write it.
_OMITTED_LOCAL = re.compile(
    r"<(?:Multimedia omitido|Medien ausgeschlossen|Mídia oculta|Médias omis|Media weggelaten|Media omessi)>(?=\n|$)"
)
_DELETED = re.compile(rf"(?:{'|'.join(DELETED_NOTICES)})\.?\s*$")
_DELETED_FIRST = frozenset(notice[0] for notice in DELETED_NOTICES)  # most messages are turned away by this alone
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
        if info.filename  # a member without a name is no chat (and ZipInfo.is_dir fails on it)
        and not info.is_dir()
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
    # "AM"/"PM" as such is the US spelling (UK and Indian exports write "am", Spanish "p. m."), and the US writes the
    # month first: that decides a file whose every date fits both orders.
    us_clock = sum(1 for groups in fields if groups[8] in _US_MARKERS) * 2 > len(fields)
    keys = [_date_key(groups) for groups in fields]
    to_time = _Clock(_date_order(keys, us_clock)).time
    times = [to_time(groups) for groups in fields]

    stray = any(line.strip() for line in lines[: starts[0]])
    broken = [number for number, time in enumerate(times) if time is None]
    if too_many_skipped(len(broken) + stray, len(headers) + stray):
        # Every date order was tried (`_date_order`): the best one still leaves too many impossible headers.
        first = 1 if stray else starts[broken[0]] + 1
        message = f"{len(broken)} of {len(headers)} message headers have an impossible date or time; {_EXPECTED}"
        raise InputError(where, message, line=first)

    messages: list[Message] = []
    skipped = 0
    if stray:
        warn_skipped(where, "1", "text before the first message header")
        skipped += 1
    starts.append(len(lines))
    for number, found in enumerate(headers):
        start, end = starts[number], starts[number + 1]
        time = times[number]
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


def _date_key(groups: _Fields) -> _DateKey:
    # The three date numbers are never None: the header regex matched, and they are not optional in it.
    return cast(_DateKey, (groups[1], groups[3], groups[4]))


def _ordinal(key: _DateKey, order: tuple[int, int, int]) -> int | None:
    """The day number of `key` read in `order`, or None when that reading is no date."""
    year_text, month_text, day_text = key[order[0]], key[order[1]], key[order[2]]
    if len(year_text) not in (2, 4) or len(month_text) > 2 or len(day_text) > 2:
        return None
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    month, day = int(month_text), int(day_text)
    if year < 1 or not 1 <= month <= 12 or not 1 <= day <= monthrange(year, month)[1]:
        return None
    return date(year, month, day).toordinal()


def _date_order(keys: list[_DateKey], us_clock: bool) -> tuple[int, int, int]:
    """The date order of the whole file: fewest impossible dates, then fewest steps back in time, then the dates
    closest together (a chat on 1–12 May read month first would jump a month per day); then the usual order."""
    # Consecutive messages mostly share a date: one run per date change keeps this linear and cheap.
    runs: list[tuple[_DateKey, int]] = []
    for key in keys:
        if runs and runs[-1][0] == key:
            runs[-1] = (key, runs[-1][1] + 1)
        else:
            runs.append((key, 1))
    distinct = {key for key, _ in runs}
    names = list(_ORDERS)
    if us_clock:
        names.insert(0, names.pop(1))
    best: tuple[tuple[int, int, int, int], tuple[int, int, int]] | None = None
    for rank, name in enumerate(names):
        order = _ORDERS[name]
        days = {key: _ordinal(key, order) for key in distinct}
        impossible = backwards = distance = 0
        previous: int | None = None
        for key, count in runs:
            day = days[key]
            if day is None:
                impossible += count
                continue
            if previous is not None:
                backwards += day < previous
                distance += abs(day - previous)
            previous = day
        score = (impossible, backwards, distance, rank)
        if best is None or score < best[0]:
            best = (score, order)
    assert best is not None
    return best[1]


class _Clock:
    """Header → naive datetime, or None when the header names an impossible date or time."""

    def __init__(self, order: tuple[int, int, int]) -> None:
        self.order = order
        # Consecutive messages mostly share a date, so each distinct date text is worked out once.
        self.dates: dict[_DateKey, date | None] = {}

    def date(self, key: _DateKey) -> date | None:
        day = _ordinal(key, self.order)
        return None if day is None else date.fromordinal(day)

    def time(self, fields: _Fields) -> datetime | None:
        key = _date_key(fields)
        if key in self.dates:
            day = self.dates[key]
        else:
            day = self.dates[key] = self.date(key)
        if day is None:
            return None
        # Hour and minute are as sure as the date; seconds and the 12-hour marker are optional.
        hour_text, minute, second, ampm = cast(tuple[str, str, str | None, str | None], fields[5:9])
        hour = int(hour_text)
        if ampm is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm[0] in "pPn" else 0)  # p.m., PM, nachm.
        try:
            return datetime(day.year, day.month, day.day, hour, int(minute), int(second) if second else 0)
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
    if (content[:1] in _DELETED_FIRST and _DELETED.match(content)) or (
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
    if content.startswith("<") and (found := _OMITTED_LOCAL.match(content)):
        return "<media>", found.end()
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
