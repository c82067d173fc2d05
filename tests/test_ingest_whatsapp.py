"""WhatsApp "Export chat" parser: header layouts, date order, multi-line, system lines, media, names, zips, errors."""

from __future__ import annotations

import io
import logging
import random
import struct
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lurewatch import ingest
from lurewatch.errors import InputError
from lurewatch.ingest import whatsapp
from lurewatch.ingest.base import Source
from lurewatch.model import Conversation, Message, MessageKind

FIXTURES = Path(__file__).parent / "fixtures" / "whatsapp"
NNBSP = "\u202f"  # narrow no-break space, newer exports put it before AM/PM
LRM = "\u200e"  # left-to-right mark leading iOS attachment and system lines
TEXT, MEDIA, SYSTEM = MessageKind.TEXT, MessageKind.MEDIA, MessageKind.SYSTEM


def parse_one(text: str, name: str = "chat.txt") -> Conversation:
    conversations = list(whatsapp.parse(Source.from_bytes(name, text.encode("utf-8"))))
    assert len(conversations) == 1
    return conversations[0]


def summary(conversation: Conversation) -> list[tuple[str, str, MessageKind]]:
    return [(m.author, m.text, m.kind) for m in conversation.messages]


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------ header layouts

DEC31 = datetime(2023, 12, 31, 21, 41)
DEC31_S = datetime(2023, 12, 31, 21, 41, 7)
HEADER_LAYOUTS = [
    # Android, day first
    ("31/12/2023, 21:41 - ", DEC31),
    ("31/12/23, 21:41 - ", DEC31),
    ("31/12/2023, 21:41:07 - ", DEC31_S),
    ("31/12/2023 21:41 - ", DEC31),
    ("31-12-2023, 21:41 - ", DEC31),
    ("31/12/2023, 21:41 \u2013 ", DEC31),
    # Android, German dotted
    ("31.12.23, 21:41 - ", DEC31),
    ("31.12.2023, 21:41:07 - ", DEC31_S),
    # Android, year first
    ("2023-12-31, 21:41 - ", DEC31),
    ("2023-12-31, 21:41:07 - ", DEC31_S),
    ("2023/12/31, 21:41 - ", DEC31),
    # Android, month first, 12h in many spellings
    ("12/31/23, 9:41 PM - ", DEC31),
    ("12/31/23, 9:41:07 PM - ", DEC31_S),
    (f"12/31/23, 9:41{NNBSP}PM - ", DEC31),
    ("12/31/23, 9:41 pm - ", DEC31),
    ("12/31/23, 9:41 P.M. - ", DEC31),
    ("12/31/23, 9:41 AM - ", datetime(2023, 12, 31, 9, 41)),
    ("12/31/23, 12:05 AM - ", datetime(2023, 12, 31, 0, 5)),
    ("12/31/23, 12:05 PM - ", datetime(2023, 12, 31, 12, 5)),
    ("12/31/2023, 21:41 - ", DEC31),
    # Spanish and other day-first 12h spellings
    ("31/12/2023, 9:41 p. m. - ", DEC31),
    ("31/12/2023, 9:41 a. m. - ", datetime(2023, 12, 31, 9, 41)),
    (f"31/12/2023, 9:41{NNBSP}p.\u00a0m. - ", DEC31),
    ("31/12/23, 9:41 p.m. - ", DEC31),
    ("31/12/23, 9:41 a.m. - ", datetime(2023, 12, 31, 9, 41)),
    ("31/12/23, 9:41 pm - ", DEC31),
    # iOS, bracketed
    ("[31/12/2023, 21:41:07] ", DEC31_S),
    ("[31/12/2023, 21:41] ", DEC31),
    ("[12/31/23, 9:41:07 PM] ", DEC31_S),
    (f"[12/31/23, 9:41:07{NNBSP}PM] ", DEC31_S),
    (f"{LRM}[31/12/2023, 21:41:07] ", DEC31_S),
    ("[31.12.23, 21:41:07] ", DEC31_S),
    ("[2023-12-31, 21:41:07] ", DEC31_S),
    # ambiguous dates: 12h suggests the US order, 24h falls back to day first
    ("1/2/24, 7:05 AM - ", datetime(2024, 1, 2, 7, 5)),
    ("1/2/24, 07:05 - ", datetime(2024, 2, 1, 7, 5)),
    ("[1/2/24, 07:05:09] ", datetime(2024, 2, 1, 7, 5, 9)),
    ("[1/2/24, 7:05:09 PM] ", datetime(2024, 1, 2, 19, 5, 9)),
]


@pytest.mark.parametrize(("header", "expected"), HEADER_LAYOUTS)
def test_header_layouts(header: str, expected: datetime) -> None:
    conversation = parse_one(f"{header}Alex: see you at practice\n{header}Sam 🐶: ok\nbring the ball\n")
    assert conversation.messages == [
        Message(author="Alex", text="see you at practice", time=expected, kind=TEXT, line=1),
        Message(author="Sam 🐶", text="ok\nbring the ball", time=expected, kind=TEXT, line=2),
    ]
    assert conversation.skipped_messages == 0


@pytest.mark.parametrize(("header", "expected"), HEADER_LAYOUTS)
def test_sniff_is_sure_of_every_layout(header: str, expected: datetime) -> None:
    head = f"{header}Alex: hi\n{header}Sam: hello\n{header}Alex: what's up\n"
    assert whatsapp.sniff(Source.from_bytes("x.txt", head.encode()), head) >= 0.9


# ------------------------------------------------------------------------------------------------ date order


def times(text: str) -> list[datetime | None]:
    return [m.time for m in parse_one(text).messages]


def test_day_first_is_decided_by_a_later_line() -> None:
    text = "03/04/2023, 10:00 - Alex: morning\n13/04/2023, 10:00 - Sam: later\n"
    assert times(text) == [datetime(2023, 4, 3, 10), datetime(2023, 4, 13, 10)]


def test_month_first_is_decided_by_a_later_line() -> None:
    text = "03/04/2023, 10:00 - Alex: morning\n04/13/2023, 10:00 - Sam: later\n"
    assert times(text) == [datetime(2023, 3, 4, 10), datetime(2023, 4, 13, 10)]


def test_month_first_even_with_24h_clock() -> None:
    text = "".join(f"0{d}/05/2023, 10:0{d} - Alex: line {d}\n" for d in range(1, 5)) + "05/20/2023, 11:00 - Sam: x\n"
    assert times(text)[0] == datetime(2023, 1, 5, 10, 1)


def test_ambiguous_12h_file_is_month_first_and_24h_file_day_first() -> None:
    assert times("02/03/24, 9:00 PM - Alex: hi\n") == [datetime(2024, 2, 3, 21)]
    assert times("02/03/24, 21:00 - Alex: hi\n") == [datetime(2024, 3, 2, 21)]


def test_times_are_naive_local_wall_clock() -> None:
    assert all(t is not None and t.tzinfo is None for t in times("31/12/2023, 21:41 - Alex: hi\n"))


# ------------------------------------------------------------------------------------------------ fixtures


def test_android_us_group_fixture() -> None:
    [conversation] = whatsapp.parse(Source.from_path(FIXTURES / "android_group_us.txt"))
    assert conversation.id == "android_group_us"
    assert conversation.source == str(FIXTURES / "android_group_us.txt")
    assert summary(conversation) == [
        (
            "WhatsApp",
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
            "can read or listen to them. Tap to learn more.",
            SYSTEM,
        ),
        ("WhatsApp", 'Jordan created group "Chess Club"', SYSTEM),
        ("WhatsApp", "Jordan added +44 7700 900123", SYSTEM),
        ("Jordan", "Welcome everyone! Practice is on Tuesday after school", TEXT),
        ("+44 7700 900123", "thanks for adding me\nwho else is coming?", TEXT),
        ("Mom & Dad", "We can drive two kids 🚗", TEXT),
        ("Jordan", "<media>", MEDIA),
        ("WhatsApp", 'Jordan changed the subject from "Chess Club" to "Chess: Club 2024"', SYSTEM),
        ("Priya 🐱", "This message was deleted", SYSTEM),
        ("Priya 🐱", "happy new year!!", TEXT),
        ("WhatsApp", "Sam left", SYSTEM),
    ]
    assert [m.line for m in conversation.messages] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12]
    assert [m.time for m in conversation.messages][-3:] == [
        datetime(2023, 12, 30, 13, 7),
        datetime(2023, 12, 31, 0, 0),
        datetime(2023, 12, 31, 12, 30),
    ]
    assert conversation.participants == ["Jordan", "+44 7700 900123", "Mom & Dad", "Priya 🐱"]


def test_ios_fixture() -> None:
    [conversation] = whatsapp.parse(Source.from_path(FIXTURES / "ios_weekend_plans.txt"))
    assert summary(conversation) == [
        (
            "Weekend Plans",
            f"{LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
            "can read or listen to them.",
            SYSTEM,
        ),
        ("Weekend Plans", f"{LRM}Alex added Sam", SYSTEM),
        ("Alex", "anyone up for the park tomorrow?", TEXT),
        ("Sam", "yes! bringing the frisbee\nand snacks", TEXT),
        ("Sam", "<image>", MEDIA),
        ("Alex", "<sticker>", MEDIA),
        ("Alex", "see you at 10", TEXT),
        ("Sam", f"{LRM}This message was deleted.", SYSTEM),
    ]
    assert [m.line for m in conversation.messages] == [1, 2, 3, 4, 6, 7, 8, 9]
    assert conversation.messages[4].time == datetime(2023, 12, 31, 21, 44, 31)
    assert conversation.messages[6].time == datetime(2024, 1, 1, 9, 3, 15)
    assert conversation.participants == ["Alex", "Sam"]


def test_german_fixture_title_and_captioned_attachment() -> None:
    [conversation] = whatsapp.parse(Source.from_path(FIXTURES / "WhatsApp Chat mit Lena.txt"))
    assert conversation.id == "Lena"
    assert summary(conversation) == [
        ("Lena", "Hast du die Hausaufgaben?", TEXT),
        ("Tom", "ja, Mathe ist fertig", TEXT),
        ("Lena", "<image>", MEDIA),
        ("Tom", "<video>", MEDIA),
        ("Tom", "unser Hund im Schnee", TEXT),
    ]
    assert [m.line for m in conversation.messages] == [1, 2, 3, 4, 5]
    assert conversation.messages[0].time == datetime(2023, 12, 31, 18, 2)


# ------------------------------------------------------------------------------------------------ message bodies


def test_multi_line_message_keeps_newlines_and_blank_lines() -> None:
    text = "31/12/2023, 21:41 - Alex: first\n\nthird line  \n   indented\n31/12/2023, 21:42 - Sam: next\n"
    conversation = parse_one(text)
    assert summary(conversation) == [("Alex", "first\n\nthird line  \n   indented", TEXT), ("Sam", "next", TEXT)]
    assert [m.line for m in conversation.messages] == [1, 5]


def test_crlf_export_gives_the_same_messages_as_lf() -> None:
    text = "31/12/2023, 21:41 - Alex: first\nsecond\n31/12/2023, 21:42 - Sam: next\n"
    assert parse_one(text.replace("\n", "\r\n")).messages == parse_one(text).messages


def test_text_is_kept_exactly() -> None:
    body = "  spaced   out: with colon: and <angle> & emoji 👾  "
    assert parse_one(f"31/12/2023, 21:41 - Alex: {body}\n").messages[0].text == body


@pytest.mark.parametrize(
    "notice",
    [
        "Messages and calls are end-to-end encrypted. No one outside of this chat can read them. Tap to learn more.",
        "Messages to this group are now secured with end-to-end encryption. Tap for more info.",
        "Alex added Sam",
        "Sam left",
        "You created group “Science Fair”",
        'Alex changed the subject from "Team" to "Team: Blue"',
        "Alex changed this group's icon",
        "Your security code with Sam changed. Tap to learn more.",
    ],
)
def test_android_system_lines_do_not_break_the_next_message(notice: str) -> None:
    text = f"31/12/2023, 21:40 - Alex: before\n31/12/2023, 21:41 - {notice}\n31/12/2023, 21:42 - Sam: after\n"
    assert summary(parse_one(text)) == [("Alex", "before", TEXT), ("WhatsApp", notice, SYSTEM), ("Sam", "after", TEXT)]


@pytest.mark.parametrize(
    "body", ["This message was deleted", "You deleted this message", f"{LRM}You deleted this message."]
)
def test_deleted_messages_are_system(body: str) -> None:
    conversation = parse_one(f"31/12/2023, 21:41 - Alex: {body}\n31/12/2023, 21:42 - Alex: sorry wrong chat\n")
    assert summary(conversation) == [("Alex", body, SYSTEM), ("Alex", "sorry wrong chat", TEXT)]


def test_ios_location_and_edited_messages_stay_text() -> None:
    text = (
        f"[31/12/2023, 21:41:07] Alex: {LRM}location: https://maps.example.org/?q=park\n"
        f"[31/12/2023, 21:41:09] Alex: meet here {LRM}<This message was edited>\n"
    )
    assert [m.kind for m in parse_one(text).messages] == [TEXT, TEXT]


MEDIA_PLACEHOLDERS = [
    ("<Media omitted>", "<media>"),
    (f"{LRM}image omitted", "<image>"),
    (f"{LRM}video omitted", "<video>"),
    (f"{LRM}audio omitted", "<audio>"),
    (f"{LRM}sticker omitted", "<sticker>"),
    (f"{LRM}GIF omitted", "<gif>"),
    (f"{LRM}document omitted", "<file>"),
    (f"{LRM}Contact card omitted", "<contact>"),
    ("image omitted", "<image>"),
    (f"{LRM}<attached: 00000012-PHOTO-2023-12-31-21-41-07.jpg>", "<image>"),
    ("<attached: 00000013-VIDEO-2023-12-31-21-41-07.mp4>", "<video>"),
    ("<attached: 00000014-STICKER-2023-12-31-21-41-07.webp>", "<sticker>"),
    ("<attached: 00000015-AUDIO-2023-12-31-21-41-07.opus>", "<audio>"),
    ("<attached: 00000016-GIF-2023-12-31-21-41-07.mp4>", "<gif>"),
    ("<attached: 00000017-science project.pdf>", "<file>"),
    ("IMG-20231231-WA0001.jpg (file attached)", "<image>"),
    ("VID-20231231-WA0002.mp4 (file attached)", "<video>"),
    ("STK-20231231-WA0003.webp (file attached)", "<sticker>"),
    ("PTT-20231231-WA0004.opus (file attached)", "<audio>"),
    ("AUD-20231231-WA0005.m4a (file attached)", "<audio>"),
    ("reading list.pdf (file attached)", "<file>"),
    ("holiday.png (file attached)", "<image>"),
    ("IMG-20231231-WA0006.jpg (Datei angehängt)", "<image>"),
]


@pytest.mark.parametrize(("body", "placeholder"), MEDIA_PLACEHOLDERS)
def test_media_placeholders(body: str, placeholder: str) -> None:
    text = f"[31/12/2023, 21:41:07] Alex: {body}\n[31/12/2023, 21:41:09] Alex: did you see it?\n"
    conversation = parse_one(text)
    assert conversation.messages == [
        Message(author="Alex", text=placeholder, time=DEC31_S, kind=MEDIA, line=1),
        Message(author="Alex", text="did you see it?", time=datetime(2023, 12, 31, 21, 41, 9), kind=TEXT, line=2),
    ]
    assert conversation.participants == ["Alex"]


def test_caption_after_android_attachment_is_its_own_text_message() -> None:
    text = "31/12/2023, 21:41 - Sam: IMG-20231231-WA0001.jpg (file attached)\nmy dog in the snow\nso fluffy\n"
    conversation = parse_one(text)
    assert conversation.messages == [
        Message(author="Sam", text="<image>", time=DEC31, kind=MEDIA, line=1),
        Message(author="Sam", text="my dog in the snow\nso fluffy", time=DEC31, kind=TEXT, line=2),
    ]


@pytest.mark.parametrize(
    "body",
    ["my homework (file attached)", "image omitted yesterday, resend?", "<attached> lol", "the video omitted parts"],
)
def test_text_that_only_resembles_a_placeholder_stays_text(body: str) -> None:
    assert summary(parse_one(f"31/12/2023, 21:41 - Alex: {body}\n")) == [("Alex", body, TEXT)]


@pytest.mark.parametrize(
    ("line", "author", "body"),
    [
        ("+44 7700 900123: hi there", "+44 7700 900123", "hi there"),
        ("+1 (555) 010-9999: hey", "+1 (555) 010-9999", "hey"),
        ("Mom & Dad: dinner at 6", "Mom & Dad", "dinner at 6"),
        ("Zoë 🎮👾: gg", "Zoë 🎮👾", "gg"),
        ("👩\u200d👩\u200d👧: family emoji name", "👩\u200d👩\u200d👧", "family emoji name"),
        ("Coach Lee (U12): practice moved", "Coach Lee (U12)", "practice moved"),
        ("Dad: Re: the trip: bring boots", "Dad", "Re: the trip: bring boots"),
        ("Sam:no space after colon: fine", "Sam:no space after colon", "fine"),
        # a name holding ": " cannot be told from the text; the first ": " wins
        ("Team: Blue: we won", "Team", "Blue: we won"),
    ],
)
def test_author_names(line: str, author: str, body: str) -> None:
    assert summary(parse_one(f"31/12/2023, 21:41 - {line}\n")) == [(author, body, TEXT)]


def test_header_like_line_without_separator_continues_the_message() -> None:
    text = "31/12/2023, 21:41 - Alex: scores:\n31/12/2023 was great\n1.2.3, 4:56 no dash\n"
    assert summary(parse_one(text)) == [("Alex", "scores:\n31/12/2023 was great\n1.2.3, 4:56 no dash", TEXT)]


# ------------------------------------------------------------------------------------------------ broken lines


def test_impossible_date_is_skipped_counted_and_warned(caplog: pytest.LogCaptureFixture) -> None:
    text = (
        "28/02/2023, 10:00 - Alex: fine\n"
        "31/02/2023, 10:01 - Alex: secret broken body\n"
        "still the broken message\n"
        "01/03/2023, 10:02 - Sam: also fine\n"
    )
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        conversation = parse_one(text)
    assert summary(conversation) == [("Alex", "fine", TEXT), ("Sam", "also fine", TEXT)]
    assert [m.line for m in conversation.messages] == [1, 4]
    assert conversation.skipped_messages == 1
    assert "chat.txt:2: skipped message" in caplog.text
    assert "secret" not in caplog.text and "broken body" not in caplog.text


def test_month_13_in_a_month_first_file_is_skipped() -> None:
    text = (
        "12/31/23, 9:00 PM - Alex: new year soon\n"
        "13/05/23, 9:01 PM - Alex: typo line\n"
        "12/30/23, 9:02 PM - Sam: yes\n"
        "11/25/23, 9:03 PM - Sam: earlier\n"
    )
    conversation = parse_one(text)
    assert [m.text for m in conversation.messages] == ["new year soon", "yes", "earlier"]
    assert conversation.messages[0].time == datetime(2023, 12, 31, 21, 0)
    assert conversation.skipped_messages == 1


@pytest.mark.parametrize(
    "bad", ["31/12/2023, 25:00 - ", "31/12/2023, 21:61 - ", "12/31/23, 13:05 PM - ", "31/12/202, 21:41 - "]
)
def test_impossible_times_are_skipped(bad: str) -> None:
    conversation = parse_one(f"31/12/2023, 21:40 - Alex: ok\n{bad}Alex: broken\n")
    assert [m.text for m in conversation.messages] == ["ok"]
    assert conversation.skipped_messages == 1


def test_text_before_the_first_header_is_skipped_and_counted() -> None:
    conversation = parse_one("stray first line\n31/12/2023, 21:40 - Alex: ok\n")
    assert summary(conversation) == [("Alex", "ok", TEXT)]
    assert conversation.skipped_messages == 1


@pytest.mark.parametrize(
    "text",
    [
        "hello there\nno headers at all\n",
        "author,text\nAlex,hi\n",
        '{"messages": []}',
        "31/02/2023, 10:00 - Alex: only an impossible date\n",
    ],
)
def test_no_valid_header_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_one(text)
    assert caught.value.message == "no WhatsApp message header found"
    assert caught.value.line == 1
    assert caught.value.where == "chat.txt"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "file is empty"), (b"\xff\xfe\x00a\x00", "binary"), (b"31/12/2023, 21:40 - A: \xc3(", "UTF-8")],
)
def test_undecodable_input_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(whatsapp.parse(Source.from_bytes("chat.txt", data)))


# ------------------------------------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("WhatsApp Chat with Alex.txt", "Alex"),
        ("exports/WhatsApp Chat with Chess: Club.txt", "Chess: Club"),
        ("WhatsApp Chat - Science Fair.txt", "Science Fair"),
        ("family.txt", "family"),
    ],
)
def test_conversation_id_from_file_name(name: str, title: str) -> None:
    assert parse_one("31/12/2023, 21:40 - Alex: ok\n", name=name).id == title


# ------------------------------------------------------------------------------------------------ zip exports

CHAT = b"31/12/2023, 21:40 - Alex: look at this\n31/12/2023, 21:41 - Alex: IMG-20231231-WA0001.jpg (file attached)\n"


def test_android_zip_export(tmp_path: Path) -> None:
    data = make_zip({"WhatsApp Chat with Alex.txt": CHAT, "IMG-20231231-WA0001.jpg": b"not an image"})
    path = tmp_path / "WhatsApp Chat with Alex.zip"
    path.write_bytes(data)
    [conversation] = whatsapp.parse(Source.from_path(path))
    assert conversation.id == "Alex"
    assert conversation.source == f"{path}:WhatsApp Chat with Alex.txt"
    assert summary(conversation) == [("Alex", "look at this", TEXT), ("Alex", "<image>", MEDIA)]


def test_ios_zip_export_takes_its_title_from_the_zip_name() -> None:
    ios = (FIXTURES / "ios_weekend_plans.txt").read_bytes()
    data = make_zip({"_chat.txt": ios, "00000012-PHOTO-2023-12-31-21-44-31.jpg": b"not an image"})
    [conversation] = whatsapp.parse(Source.from_bytes("WhatsApp Chat - Weekend Plans.zip", data))
    assert conversation.id == "Weekend Plans"
    assert len(conversation.messages) == 8


def test_zip_with_an_attached_txt_document_picks_the_chat() -> None:
    data = make_zip({"notes.txt": b"shopping list", "_chat.txt": CHAT, "__MACOSX/._chat.txt": b"\x00\x05"})
    [conversation] = whatsapp.parse(Source.from_bytes("export.zip", data))
    assert conversation.source == "export.zip:_chat.txt"
    assert conversation.id == "export"


def test_zip_member_without_a_name_is_passed_over() -> None:
    # found by bench/fuzz_parsers.py: zipfile's is_dir() fails on an empty member name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"not a chat")
        archive.writestr("_chat.txt", CHAT)
    [conversation] = whatsapp.parse(Source.from_bytes("export.zip", buffer.getvalue()))
    assert len(conversation.messages) == 2


def test_stored_zip_with_a_txt_suffix_is_still_read_as_zip() -> None:
    data = make_zip({"_chat.txt": CHAT}, compression=zipfile.ZIP_STORED)
    [conversation] = whatsapp.parse(Source.from_bytes("odd-name.txt", data))
    assert len(conversation.messages) == 2


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"IMG-20231231-WA0001.jpg": b"not an image"}, "no chat .txt"),
        ({"a.txt": CHAT, "b.txt": CHAT}, "none is named like a WhatsApp chat"),
        ({"_chat.txt": b"just some notes\n"}, "no WhatsApp message header found"),
        ({"_chat.txt": b""}, "file is empty"),
    ],
)
def test_zip_without_a_usable_chat(members: dict[str, bytes], message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(whatsapp.parse(Source.from_bytes("export.zip", make_zip(members))))


@pytest.mark.parametrize(
    "data", [b"PK\x03\x04 truncated garbage", b"definitely not a zip", b"", make_zip({"_chat.txt": CHAT})[:-30]]
)
def test_corrupt_zip(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        list(whatsapp.parse(Source.from_bytes("export.zip", data)))
    assert caught.value.message == "not a valid zip archive"
    assert caught.value.where == "export.zip"


def test_corrupt_member_data_is_not_a_valid_zip() -> None:
    data = bytearray(make_zip({"_chat.txt": CHAT * 50}))
    data[60:70] = b"\xff" * 10  # inside the deflated stream
    with pytest.raises(InputError, match="not a valid zip archive"):
        list(whatsapp.parse(Source.from_bytes("export.zip", bytes(data))))


def _set_declared_size(data: bytes, size: int) -> bytes:
    # The central directory's uncompressed-size field (offset 24 of each PK\x01\x02 entry) is what zipfile trusts.
    entry = data.index(b"PK\x01\x02")
    return data[: entry + 24] + struct.pack("<I", size) + data[entry + 28 :]


def test_zip_bomb_declared_size_is_refused() -> None:
    data = _set_declared_size(make_zip({"_chat.txt": CHAT}), 0xFFFFFF00)
    with pytest.raises(InputError, match="declares 4294967040 bytes"):
        list(whatsapp.parse(Source.from_bytes("bomb.zip", data)))


def test_zip_bomb_compression_ratio_is_refused() -> None:
    data = make_zip({"_chat.txt": b"31/12/2023, 21:40 - Alex: " + b"a" * 5_000_000})
    assert len(data) < 50_000
    with pytest.raises(InputError, match="compresses more than 200:1"):
        list(whatsapp.parse(Source.from_bytes("bomb.zip", data)))


def test_zip_member_is_read_with_a_hard_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    chat = "".join(f"31/12/2023, 21:40 - Alex: {rng.random()}\n" for _ in range(4000)).encode()
    monkeypatch.setattr(whatsapp, "MAX_MEMBER_BYTES", 50_000)
    with pytest.raises(InputError, match="declares"):
        list(whatsapp.parse(Source.from_bytes("big.zip", make_zip({"_chat.txt": chat}))))
    # A header that understates the size is not believed either: the read stops at the cap (or the CRC check fails).
    lying = _set_declared_size(make_zip({"_chat.txt": chat}), 1000)
    with pytest.raises(InputError):
        list(whatsapp.parse(Source.from_bytes("big.zip", lying)))


def test_read_cap_stops_reading_whatever_the_header_says(monkeypatch: pytest.MonkeyPatch) -> None:
    # Called past the declared-size check, as a member whose header lied would be: the stream itself is capped.
    monkeypatch.setattr(whatsapp, "MAX_MEMBER_BYTES", 100)
    monkeypatch.setattr(whatsapp, "_READ_CHUNK", 16)
    assert len(CHAT) > 100
    with zipfile.ZipFile(io.BytesIO(make_zip({"_chat.txt": CHAT}))) as archive:
        info = archive.getinfo("_chat.txt")
        with pytest.raises(InputError, match="more than the 100 byte limit"):
            whatsapp._read_capped(archive, info, "x.zip:_chat.txt")
        monkeypatch.setattr(whatsapp, "MAX_MEMBER_BYTES", len(CHAT))
        assert whatsapp._read_capped(archive, info, "x.zip:_chat.txt") == CHAT


# ------------------------------------------------------------------------------------------------ sniff


def sniff(text: str, name: str = "chat.txt") -> float:
    return whatsapp.sniff(Source.from_bytes(name, text.encode()), text)


def test_sniff_fixtures() -> None:
    for path in FIXTURES.glob("*.txt"):
        head = path.read_text(encoding="utf-8")
        assert whatsapp.sniff(Source.from_path(path), head) >= 0.9, path.name


@pytest.mark.parametrize(
    "text",
    [
        "",
        "author,text,time\nAlex,hi,2023-12-31T21:41:00\n",
        '{"messages": [{"from": "Alex", "text": "hi"}]}',
        "[2023-12-31 21:41:07] <Alex> irc style\n[2023-12-31 21:41:08] <Sam> hi\n",
        "hello\n31/12/2023, 21:41 - Alex: header not first\n31/12/2023, 21:42 - Sam: hi\n",
        "\x00\x01\x02 binary",
    ],
)
def test_sniff_rejects_other_formats(text: str) -> None:
    assert sniff(text) == 0.0


def test_sniff_single_message_file_and_zip() -> None:
    assert sniff("31/12/2023, 21:41 - Alex: only one\n") >= 0.9
    data = make_zip({"WhatsApp Chat with Alex.txt": CHAT, "IMG-1.jpg": b"not an image"})
    head = data[:65536].decode("utf-8", errors="replace")
    assert whatsapp.sniff(Source.from_bytes("export.zip", data), head) >= 0.9
    other = make_zip({"data.csv": b"a,b\n"}).decode("utf-8", errors="replace")
    assert whatsapp.sniff(Source.from_bytes("data.zip", b""), other) == 0.0


# ------------------------------------------------------------------------------------------------ properties

SAMPLE = (FIXTURES / "android_group_us.txt").read_text(encoding="utf-8")
IOS_SAMPLE = (FIXTURES / "ios_weekend_plans.txt").read_text(encoding="utf-8")


def check_invariants(conversation: Conversation, text: str) -> None:
    lines = [m.line for m in conversation.messages]
    assert lines == sorted(lines)
    assert all(line is not None and 1 <= line <= text.count("\n") + 1 for line in lines)
    assert all(m.time is None or m.time.tzinfo is None for m in conversation.messages)


def parse_or_input_error(data: bytes, name: str = "chat.txt") -> None:
    try:
        conversations = list(whatsapp.parse(Source.from_bytes(name, data)))
    except InputError:
        return
    assert len(conversations) == 1
    check_invariants(conversations[0], data.decode("utf-8", errors="replace"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_parses_or_raises_input_error(text: str) -> None:
    parse_or_input_error(text.encode("utf-8", errors="surrogatepass"))
    assert 0.0 <= sniff(text.encode("utf-8", errors="replace").decode()) <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_parse_or_raise_input_error(data: bytes) -> None:
    parse_or_input_error(data)
    parse_or_input_error(data, name="export.zip")
    parse_or_input_error(b"PK\x03\x04" + data, name="export.zip")


MUTATION_ALPHABET = '0123456789/.,:-[] \n\u202f\u200eAPMapm"“<>'


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([SAMPLE, IOS_SAMPLE]),
    st.lists(
        st.tuples(
            st.integers(0, 10_000), st.sampled_from(["delete", "insert", "replace"]), st.sampled_from(MUTATION_ALPHABET)
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_mutated_samples_parse_or_raise_input_error(sample: str, edits: list[tuple[int, str, str]]) -> None:
    text = sample
    for position, edit, char in edits:
        at = position % (len(text) + 1)
        if edit == "delete":
            text = text[:at] + text[at + 1 :]
        elif edit == "insert":
            text = text[:at] + char + text[at:]
        else:
            text = text[:at] + char + text[at + 1 :]
    parse_or_input_error(text.encode("utf-8"))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["_chat.txt", "WhatsApp Chat with Alex.txt", "note.txt"]))
def test_zip_of_arbitrary_bytes_parses_or_raises_input_error(data: bytes, member: str) -> None:
    parse_or_input_error(make_zip({member: data, "IMG-1.jpg": b"not an image"}), name="export.zip")


# ------------------------------------------------------------------------------------------------ large input


def test_large_export_keeps_every_message_and_line() -> None:
    # Speed is measured in bench/, not here; this checks nothing is lost or misnumbered at size.
    line = f"12/31/23, 9:41{NNBSP}PM - Sam 🐶: see you at the park after school\nand bring the ball\n"
    conversation = whatsapp.parse_text(line * 20_000, "big.txt", "big")
    assert len(conversation.messages) == 20_000
    assert conversation.messages[-1].line == 39_999


# ------------------------------------------------------------------------------------------------ generated layouts
#
# Every header layout WhatsApp writes (whatstk's list of header formats has the date orders and bracket styles; the
# 12-hour spellings and spaces are those of newer Android and iOS builds), each as a whole export written by a
# generator that knows what it wrote: every layout must give back exactly those messages, authors and times.

NBSP = "\u00a0"
DATE_ORDERS = ("dmy", "mdy", "ymd", "ydm")
SEPARATORS = ("/", ".", "-")
PLATFORMS = ("android", "ios", "ios-no-comma")
CLOCKS: dict[str, tuple[str, str] | None] = {
    "24h": None,
    "AM/PM": ("AM", "PM"),
    "am/pm": ("am", "pm"),
    "a. m./p. m.": ("a. m.", "p. m."),
    "a.m./p.m.": ("a.m.", "p.m."),
    "vorm./nachm.": ("vorm.", "nachm."),
}
MARKER_SPACES = (" ", NNBSP, NBSP)
AUTHORS = ("Mary", "Ahmed 🐱", "+44 7700 900123", "Zoë K.", "Coach Lee (U12)")
BODIES = (
    "see you at practice",
    "did you finish the science worksheet?",
    "re: the trip: bring boots",
    "10/12 works for me",
    "line one\nline two\n\nline four",
    "ok 👍",
    "  spaced   out  ",
)


@dataclass(frozen=True)
class Layout:
    order: str
    year_digits: int
    separator: str
    platform: str
    clock: str
    seconds: bool
    marker_space: str = " "
    padded: bool = True

    def date(self, when: datetime) -> str:
        width = 2 if self.padded else 1
        day, month = f"{when.day:0{width}}", f"{when.month:0{width}}"
        year = f"{when.year % 100:02}" if self.year_digits == 2 else str(when.year)
        parts = {"d": day, "m": month, "y": year}
        text = self.separator.join(parts[letter] for letter in self.order)
        # Hungarian writes "2023. 12. 31." (a dot and a space between the numbers, and a dot after the last)
        return text + "." if self.separator == ". " else text

    def clock_text(self, when: datetime) -> str:
        markers = CLOCKS[self.clock]
        seconds = f":{when.second:02}" if self.seconds else ""
        if markers is None:
            return f"{when.hour:02}:{when.minute:02}{seconds}"
        hour = when.hour % 12 or 12
        marker = markers[when.hour >= 12].replace(" ", self.marker_space)
        return f"{hour:0{2 if self.padded else 1}}:{when.minute:02}{seconds}{self.marker_space}{marker}"

    def header(self, when: datetime) -> str:
        if self.platform == "android":
            return f"{self.date(when)}, {self.clock_text(when)} - "
        comma = "," if self.platform == "ios" else ""
        return f"[{self.date(when)}{comma} {self.clock_text(when)}] "


def all_layouts() -> list[Layout]:
    layouts = [
        Layout(order, digits, separator, platform, clock, seconds)
        for order in DATE_ORDERS
        for digits in (2, 4)
        for separator in SEPARATORS
        for platform in PLATFORMS
        for clock in CLOCKS
        for seconds in (False, True)
    ]
    layouts += [Layout("ymd", 4, ". ", platform, "24h", False) for platform in PLATFORMS]
    # The spaces around 12-hour markers and zero padding vary independently of the rest: spread over the layouts.
    return [
        Layout(**{**layout.__dict__, "marker_space": MARKER_SPACES[index % 3], "padded": index % 4 != 1})
        for index, layout in enumerate(layouts)
    ]


LAYOUTS = all_layouts()


def generate_export(layout: Layout, seed: int, messages: int = 60) -> tuple[str, list[tuple[str, str, datetime]]]:
    """An export in `layout` and the (author, text, time) of every message in it, notices included."""
    rng = random.Random(seed)
    when = datetime(rng.randint(2019, 2024), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), 0)
    when = when.replace(second=7 if layout.seconds else 0)
    lines: list[str] = []
    expected: list[tuple[str, str, datetime]] = []
    notice = "Messages and calls are end-to-end encrypted. No one outside of this chat can read them."
    if layout.platform == "android":
        lines.append(layout.header(when) + notice)
        expected.append(("WhatsApp", notice, when))
    else:
        lines.append(f"{LRM}{layout.header(when)}Study Group: {LRM}{notice}")
        expected.append(("Study Group", f"{LRM}{notice}", when))
    for _ in range(messages):
        when += timedelta(minutes=rng.choice((1, 2, 5, 30, 90, 400, 900)), seconds=rng.randint(0, 50))
        when = when.replace(second=when.second if layout.seconds else 0)
        author, body = rng.choice(AUTHORS), rng.choice(BODIES)
        lines.append(f"{layout.header(when)}{author}: {body}")
        expected.append((author, body, when))
    return "\n".join(lines) + "\n", expected


def test_the_generator_covers_every_axis() -> None:
    assert len(LAYOUTS) == 4 * 2 * 3 * 3 * 6 * 2 + 3
    for axis in ("order", "year_digits", "separator", "platform", "clock", "seconds", "marker_space", "padded"):
        values = {getattr(layout, axis) for layout in LAYOUTS}
        assert len(values) >= 2, axis
    # the layout of the issue: year/day/month, 2-digit year, seconds
    assert Layout("ydm", 2, "/", "android", "24h", True).header(datetime(2019, 10, 29, 1, 2, 57)) == (
        "19/29/10, 01:02:57 - "
    )


@pytest.mark.parametrize("seed", range(3))
def test_every_generated_layout_reads_back_what_was_written(seed: int) -> None:
    failures: list[str] = []
    for index, layout in enumerate(LAYOUTS):
        text, expected = generate_export(layout, seed * 10_000 + index)
        conversation = whatsapp.parse_text(text, "chat.txt", "chat")
        got = [(m.author, m.text, m.time) for m in conversation.messages]
        if got != expected or conversation.skipped_messages:
            failures.append(f"{layout}: {len(got)} messages, {conversation.skipped_messages} skipped")
        elif conversation.participants != list(dict.fromkeys(a for a, _, _ in expected[1:])):
            failures.append(f"{layout}: participants {conversation.participants}")
    assert failures == [], f"{len(failures)} of {len(LAYOUTS)} layouts: {failures[:5]}"


def test_generated_layouts_are_detected_as_whatsapp() -> None:
    for index, layout in enumerate(LAYOUTS[::7]):
        text, expected = generate_export(layout, index, messages=12)
        source = Source.from_bytes("chat.txt", text.encode())
        module = ingest.detect(source)
        # A bracketed ISO stamp without a comma ("[2023-12-31 21:41:07] Name:") is also the plain text format's, which
        # reads the same messages; every other layout is WhatsApp's alone.
        iso_bracket = layout.platform == "ios-no-comma" and layout.order == "ymd" and layout.clock == "24h"
        assert module.NAME == "whatsapp" or (iso_bracket and module.NAME == "text"), layout
        [conversation] = module.parse(source)
        assert [m.author for m in conversation.messages] == [a for a, _, _ in expected], layout


def year_day_month_export(count: int = 200) -> tuple[str, list[datetime]]:
    # October 2019 written year/day/month: the first nine days ("19/01/10" ... "19/09/10") also fit day/month/year
    # (19 January 2010 ...), which is how reading the first lines used to lose every later message.
    rng = random.Random(9)
    when = datetime(2019, 10, 1, 0, 0, 0)
    lines, times = [], []
    for number in range(count):
        when += timedelta(seconds=rng.randint(9_000, 16_000))
        lines.append(f"{when:%y}/{when.day:02}/{when.month:02}, {when:%H:%M:%S} - {('Mary', 'Sam')[number % 2]}: hi")
        times.append(when)
    return "\n".join(lines) + "\n", times


def test_year_day_month_export_loses_nothing(caplog: pytest.LogCaptureFixture) -> None:
    text, times = year_day_month_export()
    assert text.startswith("19/01/10, ") and "19/29/10, " in text
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        conversation = parse_one(text)
    assert [m.time for m in conversation.messages] == times
    assert conversation.skipped_messages == 0
    assert caplog.text == ""


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # every date fits day/month and month/day: the order in which the dates run forward wins
        (["05/01/24", "10/01/24", "02/02/24", "07/02/24", "01/03/24"], [datetime(2024, 1, 5), datetime(2024, 3, 1)]),
        (["01/05/24", "01/10/24", "02/02/24", "02/07/24", "03/01/24"], [datetime(2024, 1, 5), datetime(2024, 3, 1)]),
        # both run forward: the one whose dates lie closer together (days, not months, apart)
        (["01/02/24", "02/02/24", "03/02/24"], [datetime(2024, 2, 1), datetime(2024, 2, 3)]),
        (["02/01/24", "02/02/24", "02/03/24"], [datetime(2024, 2, 1), datetime(2024, 2, 3)]),
    ],
)
def test_ambiguous_dates_are_read_in_the_order_that_runs_forward(dates: list[str], expected: list[datetime]) -> None:
    text = "".join(f"{date}, 10:00 - Alex: message {number}\n" for number, date in enumerate(dates))
    got = [m.time.replace(hour=0) for m in parse_one(text).messages if m.time is not None]
    assert [got[0], got[-1]] == expected


def test_spanish_12_hour_export() -> None:
    [conversation] = whatsapp.parse(Source.from_path(FIXTURES / "WhatsApp Chat con Lucía.txt"))
    assert conversation.id == "Lucía"
    assert [(m.author, m.kind, m.time) for m in conversation.messages] == [
        ("WhatsApp", SYSTEM, datetime(2023, 12, 31, 21, 41)),
        ("Lucía", TEXT, datetime(2023, 12, 31, 21, 41)),  # "9:41\u202fp.\u00a0m."
        ("Mateo", TEXT, datetime(2023, 12, 31, 21, 43)),
        ("Lucía", TEXT, datetime(2023, 12, 31, 23, 58)),
        ("Mateo", TEXT, datetime(2024, 1, 1, 0, 5)),  # 12:05 a. m. is just after midnight
        ("Lucía", MEDIA, datetime(2024, 1, 1, 10, 15)),
        ("Mateo", MEDIA, datetime(2024, 1, 1, 10, 16)),
        ("Lucía", SYSTEM, datetime(2024, 1, 1, 12, 30)),  # "Se eliminó este mensaje."
        ("Mateo", TEXT, datetime(2024, 1, 2, 8, 2)),
    ]
    assert conversation.messages[4].text == "¡igualmente!\nnos vemos en el entrenamiento"
    assert conversation.skipped_messages == 0
    assert conversation.participants == ["Lucía", "Mateo"]


# ------------------------------------------------------------------------------------------------ no silent loss


def broken_export(good: int, bad: int) -> str:
    lines = [f"{10 + n // 60:02}/03/2023, 10:{n % 60:02} - Alex: fine {n}" for n in range(good)]
    for n in range(bad):  # a month 13 and a day 45: no date order makes these real dates
        lines.insert(5 + 3 * n, f"45/13/2023, 10:{n % 60:02} - Alex: private words {n}")
    return "\n".join(lines) + "\n"


def test_a_few_impossible_headers_are_skipped_counted_and_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        conversation = parse_one(broken_export(good=100, bad=5))
    assert (len(conversation.messages), conversation.skipped_messages) == (100, 5)
    assert caplog.text.count("skipped message: impossible date or time") == 5
    assert "private" not in caplog.text


def test_many_impossible_headers_are_one_error_naming_file_line_and_what_was_expected(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"), pytest.raises(InputError) as caught:
        parse_one(broken_export(good=100, bad=30))
    error = str(caught.value)
    assert "\n" not in error
    assert error.startswith("chat.txt:6: 30 of 130 message headers have an impossible date or time; expected headers")
    assert "day/month/year, month/day/year, year/month/day or year/day/month" in error
    assert caplog.text == ""  # one error, not a warning per header first
