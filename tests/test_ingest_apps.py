"""App-export parsers: Discord (DiscordChatExporter), Telegram Desktop, Messenger/Instagram, Snapchat, signal-export.

Fixtures in tests/fixtures/apps are synthetic and follow each exporter's real layout.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lurewatch.errors import InputError
from lurewatch.ingest import discord, messenger, signal, snapchat, telegram
from lurewatch.ingest._appjson import load_json
from lurewatch.ingest.base import Source
from lurewatch.model import Conversation, MessageKind

FIXTURES = Path(__file__).parent / "fixtures" / "apps"
THREAD = FIXTURES / "messenger" / "inbox" / "riverteam_456"
TEXT, MEDIA, SYSTEM = MessageKind.TEXT, MessageKind.MEDIA, MessageKind.SYSTEM
PLUS_TWO = timezone(timedelta(hours=2))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def parse_file(module: ModuleType, name: str) -> list[Conversation]:
    return list(module.parse(Source.from_path(FIXTURES / name)))


def parse_bytes(module: ModuleType, data: bytes, name: str = "export.json") -> list[Conversation]:
    return list(module.parse(Source.from_bytes(name, data)))


def rows(conversation: Conversation) -> list[tuple[str, str, datetime | None, MessageKind]]:
    return [(m.author, m.text, m.time, m.kind) for m in conversation.messages]


def line_after(path: Path, needle: str, offset: int = 0) -> int:
    """1-based line of the first line containing `needle`, plus `offset` (a JSON object opens just before its key)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if needle in line) + offset


def one_line_error(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# --- Discord ---------------------------------------------------------------------------------------------------------


def test_discord_channel_message_by_message() -> None:
    [conversation] = parse_file(discord, "discord_channel.json")
    assert conversation.id == "Maple School Club/#homework-help"
    assert conversation.source == str(FIXTURES / "discord_channel.json")
    assert rows(conversation) == [
        ("Alex", "anyone done the maths worksheet?", utc(2023, 5, 1, 12, 34, 56, 789000), TEXT),
        ("sam.r", "yes, question 4 was tricky", datetime(2023, 5, 1, 14, 35, 10, tzinfo=PLUS_TWO), TEXT),
        ("Alex", "here is my drawing of the dog", utc(2023, 5, 1, 12, 36), TEXT),
        ("Alex", "<image>", utc(2023, 5, 1, 12, 36), MEDIA),
        ("Alex", "<file>", utc(2023, 5, 1, 12, 36), MEDIA),
        ("sam.r", "<video>", utc(2023, 5, 1, 12, 37), MEDIA),  # clip.MP4: extension case does not matter
        ("Riley", "Joined the server.", utc(2023, 5, 1, 12, 38), SYSTEM),
        ("Alex", "ChannelPinnedMessage", utc(2023, 5, 1, 12, 39), SYSTEM),
        # 1007 (embed only, no content) is dropped without counting; 1008 is a sticker
        ("Alex", "<sticker>", utc(2023, 5, 1, 12, 41), MEDIA),
    ]
    assert conversation.skipped_messages == 0
    path = FIXTURES / "discord_channel.json"
    lines = [m.line for m in conversation.messages]
    assert lines[0] == line_after(path, '"id": "1001"', -1)
    assert lines[2:5] == [line_after(path, '"id": "1003"', -1)] * 3
    assert lines[-1] == line_after(path, '"id": "1008"', -1)


def test_discord_broken_message_is_skipped_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    data = json.loads((FIXTURES / "discord_channel.json").read_text(encoding="utf-8"))
    data["messages"][1]["content"] = 5
    data["messages"][2]["author"] = "Alex"
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = parse_bytes(discord, json.dumps(data, indent=2).encode())
    assert conversation.skipped_messages == 2
    assert [m.text for m in conversation.messages][:2] == ["anyone done the maths worksheet?", "<video>"]
    assert "messages[1].content: expected a string, got number" in caplog.text
    assert "messages[2].author: expected an object, got string" in caplog.text
    assert "question 4" not in caplog.text  # never the words of a message


def test_discord_every_message_broken_is_an_input_error() -> None:
    data = {"guild": {"id": "1", "name": "G"}, "channel": {"id": "2", "name": "c"}, "messages": [{"id": "9"}]}
    text = json.dumps(data, indent=2)
    text = text.replace(
        '"id": "9"',
        '"id": "9", "type": "Default", "timestamp": "2023-05-01T12:00:00+00:00",\n'
        '"author": {"id": "1", "name": "a"}, "content": ["not", "a", "string"]',
    )
    with pytest.raises(InputError) as excinfo:
        parse_bytes(discord, text.encode(), "dce.json")
    assert one_line_error(excinfo).startswith("dce.json:")
    assert "messages[0].content: expected a string, got array" in str(excinfo.value)
    assert excinfo.value.line == text.split("\n").index("    {") + 1


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], "top level: expected an object, got array"),
        ({"guild": {"name": "G"}, "channel": {"name": "c"}, "messages": {}}, "messages: expected an array, got object"),
        ({"guild": "G", "channel": {"name": "c"}, "messages": []}, "guild: expected an object, got string"),
        ({"messages": "none"}, "messages: expected an array, got string"),
        ({"guild": {"name": "G"}, "channel": {"name": "c"}}, "messages: missing"),
    ],
)
def test_discord_wrong_structure(document: object, expected: str) -> None:
    with pytest.raises(InputError) as excinfo:
        parse_bytes(discord, json.dumps(document).encode())
    assert expected in one_line_error(excinfo)


# --- Telegram --------------------------------------------------------------------------------------------------------


def test_telegram_single_chat_message_by_message(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = parse_file(telegram, "telegram_chat.json")
    assert conversation.id == "Jordan"
    assert rows(conversation) == [
        # the service message (a call) is left out; date_unixtime wins over the local "date" (two hours ahead)
        ("Jordan", "hey, did you finish the science project?", utc(2023, 5, 1, 12, 34, 56), TEXT),
        (
            "Robin",
            "check https://example.invalid/volcano for the volcano part, due friday",
            utc(2023, 5, 1, 12, 35),
            TEXT,
        ),
        ("Jordan", "<image>", utc(2023, 5, 1, 12, 36), MEDIA),
        ("Jordan", "our model so far", utc(2023, 5, 1, 12, 36), TEXT),
        ("Deleted Account", "hello?", utc(2023, 5, 1, 12, 37), TEXT),
        # message 6 has a number among its text parts: skipped
        ("Jordan", "<audio>", utc(2023, 5, 1, 12, 39), MEDIA),
        ("Robin", "see you tomorrow", datetime(2023, 5, 1, 15, 0), TEXT),  # no date_unixtime: naive local time
        ("Jordan", "<sticker>", utc(2023, 5, 1, 13, 1), MEDIA),
    ]
    assert conversation.skipped_messages == 1
    assert "messages[5].text[1]" in caplog.text
    assert "odd" not in caplog.text
    path = FIXTURES / "telegram_chat.json"
    assert conversation.messages[0].line == line_after(path, '"id": 2,', -1)
    assert conversation.messages[2].line == conversation.messages[3].line == line_after(path, '"id": 4,', -1)


def test_telegram_account_export_reads_chats_and_left_chats() -> None:
    conversations = parse_file(telegram, "telegram_account.json")
    assert [c.id for c in conversations] == ["Jordan", "chat-777", "Chess Club"]
    assert rows(conversations[0]) == [
        ("Jordan", "is the bus running today?", utc(2023, 5, 2, 6, 0), TEXT),
        ("Robin", "yes, 8:15 as usual", utc(2023, 5, 2, 6, 1), TEXT),
    ]
    assert rows(conversations[1]) == [("Robin", "buy cat food", utc(2023, 5, 2, 7, 0), TEXT)]
    assert rows(conversations[2]) == [("Morgan", "tournament moved to saturday", utc(2023, 4, 1, 10, 5), TEXT)]
    path = FIXTURES / "telegram_account.json"
    assert conversations[2].messages[0].line == line_after(path, '"id": 14,', -1)


def test_telegram_bad_date_and_wrong_types() -> None:
    chat = {
        "name": "x",
        "id": 1,
        "messages": [
            {"id": 1, "type": "message", "date": "yesterday", "from": "A", "text": "hi"},
            {"id": 2, "type": "message", "date": "2023-05-01T10:00:00", "from": 7, "text": "hi"},
            {"id": 3, "type": "message", "date": "2023-05-01T10:00:00", "from": "B", "text": "fine"},
        ],
    }
    [conversation] = parse_bytes(telegram, json.dumps(chat).encode())
    assert rows(conversation) == [("B", "fine", datetime(2023, 5, 1, 10, 0), TEXT)]
    assert conversation.skipped_messages == 2
    with pytest.raises(InputError) as excinfo:
        parse_bytes(telegram, json.dumps({"name": "x", "messages": "none"}).encode())
    assert "messages: expected an array, got string" in one_line_error(excinfo)
    with pytest.raises(InputError) as excinfo:
        parse_bytes(telegram, json.dumps({"chats": {"list": [1]}}).encode())
    assert "chats.list[0]: expected an object, got number" in one_line_error(excinfo)
    with pytest.raises(InputError, match="not a Telegram export"):
        parse_bytes(telegram, b'{"name": "x"}')


# --- Messenger / Instagram -------------------------------------------------------------------------------------------


def test_messenger_fixes_mojibake_and_reverses_order() -> None:
    [conversation] = parse_file(messenger, "messenger_message_1.json")
    assert conversation.id == "Alex Café"
    assert rows(conversation) == [
        # already-correct text ("naïve") does not round-trip through latin-1 -> UTF-8 and is kept as it is
        ("Alex Café", "naïve question: how was the game?", utc(2023, 5, 1, 12, 38, 20, 500000), TEXT),
        ("Sam", "meet at the café after school?", utc(2023, 5, 1, 12, 40), TEXT),
        ("Alex Café", "<image>", utc(2023, 5, 1, 12, 41, 40), MEDIA),
        ("Sam", "see you there 😊", utc(2023, 5, 1, 12, 43, 20), TEXT),
    ]
    path = FIXTURES / "messenger_message_1.json"
    assert conversation.messages[-1].line == line_after(path, '"sender_name": "Sam"', -1)
    assert conversation.messages[0].line == line_after(path, '"content": "na', -3)


def test_fix_mojibake() -> None:
    assert messenger.fix_mojibake("caf\u00c3\u00a9") == "café"
    assert messenger.fix_mojibake("\u00f0\u009f\u0098\u008a") == "😊"
    assert messenger.fix_mojibake("café") == "café"  # genuine latin-1 text: no valid UTF-8 behind it
    assert messenger.fix_mojibake("😊 ok") == "😊 ok"  # outside latin-1: left alone


def test_messenger_thread_folder_merges_parts_in_time_order() -> None:
    [conversation] = list(messenger.parse_directory(THREAD))
    assert conversation.id == "River Team"
    assert conversation.source == str(THREAD)
    assert rows(conversation) == [
        ("Kim", "Kim added Noa to the group.", utc(2023, 5, 1, 14, 8, 20), SYSTEM),  # from message_2.json
        ("Kim", "training moved to 5pm", utc(2023, 5, 1, 14, 10), TEXT),
        ("Noa", "<video>", utc(2023, 5, 1, 14, 11, 40), MEDIA),  # from message_1.json
        ("Lee", "bring water bottles", utc(2023, 5, 1, 14, 13, 20), TEXT),
    ]
    assert all(m.line is None for m in conversation.messages)  # lines of two files under one source: dropped


def test_messenger_single_part_and_directory_hook() -> None:
    [part] = list(messenger.parse(Source.from_path(THREAD / "message_2.json")))
    assert part.id == "River Team"
    assert [m.text for m in part.messages] == ["Kim added Noa to the group.", "training moved to 5pm"]
    assert messenger.claims_directory(THREAD)
    assert not messenger.claims_directory(THREAD.parent)
    assert not messenger.claims_directory(FIXTURES / "nowhere")
    assert [rows(c) for c in messenger.parse_directory(THREAD)] == [
        rows(c) for c in messenger.parse_directory(THREAD)
    ]


def test_messenger_thread_folder_without_title_uses_folder_name(tmp_path: Path) -> None:
    folder = tmp_path / "inbox" / "kim_789"
    folder.mkdir(parents=True)
    part = {"participants": [{"name": "Kim"}], "messages": [{"sender_name": "Kim", "timestamp_ms": 0, "content": "hi"}]}
    (folder / "message_1.json").write_text(json.dumps(part), encoding="utf-8")
    [conversation] = list(messenger.parse_directory(folder))
    assert conversation.id == "kim_789"
    assert conversation.source == str(folder / "message_1.json")
    assert conversation.messages[0].line == 1  # one file: its lines are kept
    with pytest.raises(InputError, match=r"no message_N\.json"):
        list(messenger.parse_directory(tmp_path))


def test_messenger_wrong_types() -> None:
    good = {"sender_name": "Kim", "timestamp_ms": 1, "content": "ok"}
    document = {"participants": [], "messages": [good, {"sender_name": "Lee", "timestamp_ms": "soon"}]}
    [conversation] = parse_bytes(messenger, json.dumps(document).encode())
    assert conversation.skipped_messages == 1
    with pytest.raises(InputError) as excinfo:
        parse_bytes(messenger, json.dumps({"participants": [], "messages": [{"sender_name": 3}]}).encode())
    assert "messages[0].sender_name: expected a string, got number" in one_line_error(excinfo)


# --- Snapchat --------------------------------------------------------------------------------------------------------


def test_snapchat_newer_layout() -> None:
    conversations = parse_file(snapchat, "snapchat_chat_history.json")
    assert [c.id for c in conversations] == ["pat_r", "Study Group"]
    assert rows(conversations[0]) == [
        # newest first in the file; the microsecond field orders the two messages of 12:34:56
        ("me_user", "hey!", utc(2023, 5, 1, 12, 34, 56, 100000), TEXT),
        ("me_user", "want to walk the dogs later?", utc(2023, 5, 1, 12, 34, 56, 250000), TEXT),
        ("me_user", "<media>", utc(2023, 5, 1, 12, 35), MEDIA),
        ("pat_r", "ok see you at the park", utc(2023, 5, 1, 12, 40), TEXT),
    ]
    assert rows(conversations[1]) == [
        ("kim", "<audio>", utc(2023, 5, 1, 13, 0), MEDIA),
        ("lee", "notes are in the shared doc", utc(2023, 5, 1, 13, 1), TEXT),
        ("lee", "STATUSERASEDMESSAGE", utc(2023, 5, 1, 13, 2), SYSTEM),
    ]
    path = FIXTURES / "snapchat_chat_history.json"
    assert conversations[0].messages[-1].line == line_after(path, '"From": "pat_r"', -1)


def test_snapchat_older_layout_groups_by_other_person() -> None:
    conversations = parse_file(snapchat, "snapchat_old_chat_history.json")
    assert [c.id for c in conversations] == ["pat_r", "kim"]
    assert rows(conversations[0]) == [
        ("pat_r", "did you feed the cat?", utc(2021, 3, 1, 10, 0, 5), TEXT),
        (snapchat.ME, "yes, she ate it all", utc(2021, 3, 1, 10, 0, 30), TEXT),
        (snapchat.ME, "<media>", utc(2021, 3, 1, 10, 1), MEDIA),
    ]
    assert snapchat.ME == "You"
    assert rows(conversations[1]) == [("kim", "art class is cancelled", utc(2021, 3, 1, 9, 0), TEXT)]


def test_snapchat_wrong_types() -> None:
    with pytest.raises(InputError) as excinfo:
        parse_bytes(snapchat, json.dumps({"pat_r": {"From": "pat_r"}}).encode())
    assert "pat_r: expected an array, got object" in one_line_error(excinfo)
    items = [
        {"From": "a", "Media Type": "TEXT", "Created": "2023-05-01 12:00:00 UTC", "Content": "hi"},
        {"From": "a", "Media Type": "TEXT", "Created": "May 1st", "Content": "hi"},
        {"From": None, "Media Type": "TEXT", "Created": "2023-05-01 12:00:00 UTC", "Content": "hi"},
    ]
    [conversation] = parse_bytes(snapchat, json.dumps({"a": items}).encode())
    assert conversation.skipped_messages == 2
    old = {"Sent Saved Chat History": [{"Media Type": "TEXT", "Created": "2023-05-01 12:00:00 UTC", "Text": "x"}]}
    with pytest.raises(InputError) as excinfo:
        parse_bytes(snapchat, json.dumps(old).encode())
    assert "Sent Saved Chat History[0].To: missing" in one_line_error(excinfo)


# --- Signal ----------------------------------------------------------------------------------------------------------


def test_signal_export_markdown_message_by_message() -> None:
    [conversation] = parse_file(signal, "signal/Sam/chat.md")
    assert conversation.id == "Sam"  # signal-export writes <chat name>/chat.md
    assert [(m.author, m.text, m.time, m.kind, m.line) for m in conversation.messages] == [
        ("Sam", "are you coming to the robotics club?", datetime(2023, 5, 1, 12, 34, 56), TEXT, 1),
        # the quoted message is not Me's words
        ("Me", "yes, after lunch\nI will bring the laptop", datetime(2023, 5, 1, 12, 35, 10), TEXT, 3),
        ("Sam", "here is the plan", datetime(2023, 5, 1, 12, 36), TEXT, 10),
        ("Sam", "<image>", datetime(2023, 5, 1, 12, 36), MEDIA, 10),
        ("Sam", "<file>", datetime(2023, 5, 1, 12, 36), MEDIA, 10),
        ("Me", "(This message was deleted)", datetime(2023, 5, 1, 12, 37), SYSTEM, 13),
        ("Sam", "<sticker>", datetime(2023, 5, 1, 12, 38), MEDIA, 16),
        ("Me", "Outgoing voice call (accepted, 2m 3s)", datetime(2023, 5, 1, 12, 39), SYSTEM, 18),
        # line 20 has month 13: skipped and counted; a web link someone typed stays in their words
        ("Me", "the guide is at [guide](https://example.invalid/guide)", datetime(2023, 5, 1, 12, 41), TEXT, 22),
        ("Sam", "<audio>", datetime(2023, 5, 1, 12, 42), MEDIA, 23),
    ]
    assert conversation.skipped_messages == 1


def test_signal_heading_names_the_conversation_and_bad_input() -> None:
    text = "# Chess friends\n\n[2023-05-01, 09:00] Noa: good game  \n[2023-05-01 09:01] Kim: thanks\nsee you\n"
    [conversation] = parse_bytes(signal, text.encode(), "export.md")
    assert conversation.id == "Chess friends"
    assert rows(conversation) == [
        ("Noa", "good game", datetime(2023, 5, 1, 9, 0), TEXT),
        ("Kim", "thanks\nsee you", datetime(2023, 5, 1, 9, 1), TEXT),
    ]
    with pytest.raises(InputError) as excinfo:
        parse_bytes(signal, b"hello there\n[2023-05-01 09:00] Noa: hi\n", "x.md")
    assert one_line_error(excinfo).startswith("x.md:1:")
    with pytest.raises(InputError, match="no messages"):
        parse_bytes(signal, b"# just a title\n\n", "x.md")
    with pytest.raises(InputError, match="invalid"):
        parse_bytes(signal, b"[2023-02-30 09:00] Noa: hi\n", "x.md")


def test_signal_sniff_leaves_plain_bracketed_text_to_the_text_format() -> None:
    plain = "[2024-05-01 12:01] Alex: hi\n[2024-05-01 12:02] Sam: hello\n[2024-05-01 12:03] Alex: ok\n"
    source = Source.from_bytes("chat.txt", plain.encode())
    assert signal.sniff(source, plain) == 0.4  # below the 0.5 the plain text format gives such lines
    exported = (FIXTURES / "signal" / "Sam" / "chat.md").read_text(encoding="utf-8")
    # above the 0.95 WhatsApp gives any `[date time] Name: text` lines
    assert signal.sniff(Source.from_path(FIXTURES / "signal" / "Sam" / "chat.md"), exported) == 0.97
    no_hallmark = exported.replace("  \n", "\n").replace("(./media/", "(https://example.invalid/")
    assert signal.sniff(source, no_hallmark.replace("(- Me: 👍 -)", "").replace("(( 🤖 ))", "")) == 0.4
    assert signal.sniff(source, "Alex: hi\nSam: hello\n") == 0.0


# --- Shared behaviour ------------------------------------------------------------------------------------------------

JSON_CASES = [
    (discord, "discord_channel.json"),
    (telegram, "telegram_chat.json"),
    (telegram, "telegram_account.json"),
    (messenger, "messenger_message_1.json"),
    (snapchat, "snapchat_chat_history.json"),
    (snapchat, "snapchat_old_chat_history.json"),
]
ALL_CASES = [*JSON_CASES, (signal, "signal/Sam/chat.md")]
MODULES = [discord, telegram, messenger, snapchat, signal]


@pytest.mark.parametrize(("module", "name"), ALL_CASES)
def test_sniff_recognises_only_its_own_export(module: ModuleType, name: str) -> None:
    source = Source.from_path(FIXTURES / name)
    head = source.head().decode("utf-8", errors="replace")
    scores = {other.NAME: other.sniff(source, head) for other in MODULES}
    assert scores[module.NAME] >= 0.7
    assert all(score == 0.0 for other, score in scores.items() if other != module.NAME)


@pytest.mark.parametrize(("module", "name"), JSON_CASES)
def test_truncated_json_reports_the_line(module: ModuleType, name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    with pytest.raises(InputError) as excinfo:
        parse_bytes(module, cut.encode())
    assert "invalid JSON" in one_line_error(excinfo)
    assert excinfo.value.line == cut.count("\n") + 1  # the decoder stops at the end of what is there


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01binary", b"\xff\xfe{}"])
def test_unreadable_input_is_an_input_error(module: ModuleType, data: bytes) -> None:
    with pytest.raises(InputError):
        parse_bytes(module, data)


def test_module_interface() -> None:
    for module in MODULES:
        assert isinstance(module.NAME, str)
        assert all(ext.startswith(".") and ext == ext.lower() for ext in module.EXTENSIONS)
    assert signal.EXTENSIONS == (".txt", ".md")


# --- Property tests: anything either parses or is refused with InputError ------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
SAMPLES = {name: (FIXTURES / name).read_text(encoding="utf-8") for _, name in ALL_CASES}


def parses_or_refuses(module: ModuleType, data: bytes, name: str) -> None:
    try:
        conversations = list(module.parse(Source.from_bytes(name, data)))
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for conversation in conversations:
        assert isinstance(conversation, Conversation)


def mutate(draw: Any, node: Any) -> Any:
    """Replace, delete or keep descending into one part of a decoded JSON sample."""
    if isinstance(node, dict) and node and draw(st.integers(0, 4)):
        key = draw(st.sampled_from(sorted(node)))
        action = draw(st.sampled_from(["descend", "descend", "replace", "delete"]))
        if action == "delete":
            del node[key]
        elif action == "replace":
            node[key] = draw(JSON_VALUES)
        else:
            node[key] = mutate(draw, node[key])
        return node
    if isinstance(node, list) and node and draw(st.integers(0, 4)):
        index = draw(st.integers(0, len(node) - 1))
        node[index] = mutate(draw, node[index])
        return node
    return draw(JSON_VALUES)


def mutate_bytes(draw: Any, text: str) -> bytes:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    return (text[:start] + draw(st.text(max_size=8)) + text[end:]).encode("utf-8", errors="surrogatepass")


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("module", MODULES)
@PROPERTY
@given(text=st.text(max_size=300))
def test_arbitrary_text_parses_or_is_refused(module: ModuleType, text: str) -> None:
    parses_or_refuses(module, text.encode("utf-8", errors="surrogatepass"), "input" + module.EXTENSIONS[0])


@pytest.mark.parametrize("module", [discord, telegram, messenger, snapchat])
@PROPERTY
@given(value=JSON_VALUES)
def test_arbitrary_json_parses_or_is_refused(module: ModuleType, value: Any) -> None:
    parses_or_refuses(module, json.dumps(value).encode(), "input.json")


@pytest.mark.parametrize(("module", "name"), JSON_CASES)
@PROPERTY
@given(data=st.data())
def test_mutated_json_samples_parse_or_are_refused(module: ModuleType, name: str, data: st.DataObject) -> None:
    document = mutate(data.draw, json.loads(SAMPLES[name]))
    parses_or_refuses(module, json.dumps(document, indent=1).encode(), name)


@pytest.mark.parametrize(("module", "name"), ALL_CASES)
@PROPERTY
@given(data=st.data())
def test_mutated_raw_samples_parse_or_are_refused(module: ModuleType, name: str, data: st.DataObject) -> None:
    parses_or_refuses(module, mutate_bytes(data.draw, SAMPLES[name]), name)


def _thread_parts(tmp: Path, parts: list[bytes]) -> Iterator[Path]:
    for number, part in enumerate(parts, start=1):
        path = tmp / f"message_{number}.json"
        path.write_bytes(part)
        yield path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_thread_folder_parses_or_is_refused(tmp_path_factory: pytest.TempPathFactory, data: Any) -> None:
    folder = tmp_path_factory.mktemp("thread")
    parts = [(THREAD / f"message_{n}.json").read_text(encoding="utf-8") for n in (1, 2)]
    broken = data.draw(st.integers(0, 1))
    parts[broken] = mutate_bytes(data.draw, parts[broken]).decode("utf-8", errors="surrogatepass")
    list(_thread_parts(folder, [p.encode("utf-8", errors="surrogatepass") for p in parts]))
    try:
        conversations = list(messenger.parse_directory(folder))
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert len(conversations) <= 1


# --- The JSON reader behind the JSON formats -------------------------------------------------------------------------


@PROPERTY
@given(value=JSON_VALUES, indent=st.sampled_from([None, 0, 1, 2]))
def test_positional_json_matches_json_loads(value: Any, indent: int | None) -> None:
    text = json.dumps({"messages": [value, {"k": value}], "other": value}, indent=indent)
    doc = load_json(Source.from_bytes("x.json", text.encode()), {"messages": {}})
    assert doc.value == json.loads(text)
    for item in doc.value["messages"]:
        if isinstance(item, dict | list):
            line = doc.line(item)
            assert line is not None
            assert text.split("\n")[line - 1].lstrip()[:1] in ("{", "[", '"')


@PROPERTY
@given(data=st.data())
def test_positional_json_refuses_exactly_what_json_loads_refuses(data: st.DataObject) -> None:
    text = mutate_bytes(data.draw, SAMPLES["telegram_account.json"]).decode("utf-8", errors="replace")
    # refused (or a BOM dropped) before decoding, by Source.read_text, with their own messages
    assume("\x00" not in text and text.strip() and not text.startswith("\ufeff"))
    try:
        expected: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(InputError) as excinfo:
            load_json(Source.from_bytes("x.json", text.encode()), {"*": {"list": {"*": {"messages": {}}}}})
        assert excinfo.value.line == exc.lineno
        return
    doc = load_json(Source.from_bytes("x.json", text.encode()), {"*": {"list": {"*": {"messages": {}}}}})
    assert doc.value == expected


def test_deeply_nested_json_is_an_input_error() -> None:
    for data in (b"[" * 100_000, b'{"messages": ' + b"[" * 100_000):
        with pytest.raises(InputError, match="nested too deeply"):
            parse_bytes(discord, data)


# --- Required keys are the ones that carry messages -----------------------------------------------------------------

MINIMAL_EXPORTS: list[tuple[ModuleType, str, object, list[tuple[str, str]]]] = [
    # Instagram without "participants": the participants come from the senders
    (
        messenger,
        "inbox/kim_1/message_1.json",
        {"messages": [{"sender_name": "Lee", "timestamp_ms": 1_700_000_060_000, "content": "ok"},
                      {"sender_name": "Kim", "timestamp_ms": 1_700_000_000_000, "content": "hi"}]},
        [("Kim", "hi"), ("Lee", "ok")],
    ),
    # ... and without times either
    (messenger, "message_1.json", {"messages": [{"sender_name": "Lee", "content": "ok"},
                                                {"sender_name": "Kim", "content": "hi"}]}, [("Kim", "hi"), ("Lee", "ok")]),
    (discord, "channel.json", {"messages": [{"author": {"name": "Alex"}, "content": "hi"}]}, [("Alex", "hi")]),
    (telegram, "result.json", {"messages": [{"from": "Robin", "text": "hi"}, {"text": "who?"}]},
     [("Robin", "hi"), ("Deleted Account", "who?")]),
    (snapchat, "chat_history.json", {"pat_r": [{"From": "pat_r", "Content": "hi"}]}, [("pat_r", "hi")]),
    (snapchat, "chat_history.json", {"Received Saved Chat History": [{"From": "kim", "Text": "hi"}]}, [("kim", "hi")]),
]


@pytest.mark.parametrize(("module", "name", "document", "expected"), MINIMAL_EXPORTS)
def test_only_the_keys_that_carry_messages_are_required(
    module: ModuleType, name: str, document: object, expected: list[tuple[str, str]]
) -> None:
    [conversation] = parse_bytes(module, json.dumps(document, indent=1).encode(), name)
    assert [(m.author, m.text) for m in conversation.messages] == expected
    assert conversation.participants == list(dict.fromkeys(author for author, _ in expected))
    assert conversation.skipped_messages == 0


def test_instagram_export_without_participants_is_detected() -> None:
    from lurewatch.ingest import detect

    document = {"messages": [{"sender_name": "Kim", "timestamp_ms": 1_700_000_000_000, "content": "hi"}],
                "title": "Kim", "is_still_participant": True, "thread_path": "inbox/kim_1"}
    source = Source.from_bytes("message_1.json", json.dumps(document, indent=2).encode())
    assert detect(source).NAME == "messenger"
    [conversation] = messenger.parse(source)
    assert conversation.id == "Kim" and conversation.participants == ["Kim"]


def test_discord_without_guild_or_channel_is_detected_and_named_after_the_file() -> None:
    from lurewatch.ingest import detect

    message = {"id": "1", "type": "Default", "timestamp": "2023-05-01T12:00:00+00:00", "timestampEdited": None,
               "isPinned": False, "content": "hi", "author": {"id": "9", "name": "Alex", "discriminator": "0000"}}
    source = Source.from_bytes("exports/homework.json", json.dumps({"messages": [message]}, indent=2).encode())
    assert detect(source).NAME == "discord"
    [conversation] = discord.parse(source)
    assert conversation.id == "homework"
    only_channel = {"channel": {"id": "2", "name": "general"}, "messages": [message]}
    [conversation] = parse_bytes(discord, json.dumps(only_channel).encode())
    assert conversation.id == "#general"


@pytest.mark.parametrize(
    ("module", "document", "expected"),
    [
        (messenger, {"messages": [{"timestamp_ms": 1, "content": "hi"}]}, "messages[0].sender_name: missing"),
        (discord, {"messages": [{"content": "hi"}]}, "messages[0].author: missing"),
        (discord, {"messages": [{"author": {"id": "9"}, "content": "hi"}]}, "messages[0].author.name: missing"),
        (snapchat, {"pat_r": [{"Content": "hi"}]}, "pat_r[0].From: missing"),
        (telegram, {"name": "x"}, 'no "messages" or "chats"'),
    ],
)
def test_the_keys_that_carry_messages_stay_required(module: ModuleType, document: object, expected: str) -> None:
    with pytest.raises(InputError) as excinfo:
        parse_bytes(module, json.dumps(document).encode())
    assert expected in one_line_error(excinfo)


@pytest.mark.parametrize(("module", "name"), JSON_CASES)
def test_more_than_a_few_broken_messages_are_one_error(module: ModuleType, name: str, tmp_path: Path) -> None:
    """Each app format: its fixture plus many good copies of a message reads; with many broken ones it is refused."""
    document = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    # the first list of messages in the document, wherever the format keeps it
    if "messages" in document:
        items = document["messages"]
    elif "chats" in document:
        items = document["chats"]["list"][0]["messages"]
    else:
        items = next(iter(document.values()))
    good = next(item for item in items if isinstance(item, dict) and (item.get("content") or item.get("text")
                                                                       or item.get("Content") or item.get("Text")))
    items.extend([dict(good)] * 200)
    [*_] = parse_bytes(module, json.dumps(document, indent=1).encode(), name.rsplit("/", 1)[-1])
    items.extend([{"broken": True, "text": 5, "content": 5, "Content": 5}] * 40)
    with pytest.raises(InputError) as excinfo:
        parse_bytes(module, json.dumps(document, indent=1).encode(), "export.json")
    error = one_line_error(excinfo)
    assert error.startswith("export.json:")
    assert "messages could not be read, too many to skip (first: " in error


def test_signal_many_impossible_dates_are_one_error(caplog: pytest.LogCaptureFixture) -> None:
    good = "[2023-05-01 12:34:56] Sam: fine\n"
    bad = "[2023-02-31 12:34:56] Sam: private words\n"
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = parse_bytes(signal, (good * 3 + bad + good * 97).encode(), "chat.md")
    assert (len(conversation.messages), conversation.skipped_messages) == (100, 1)
    assert "chat.md:4: skipped message: invalid date or time: expected a real YYYY-MM-DD HH:MM[:SS]" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"), pytest.raises(InputError) as excinfo:
        parse_bytes(signal, (good * 3 + bad * 20 + good * 80).encode(), "chat.md")
    assert one_line_error(excinfo) == (
        "chat.md:4: 20 of 103 messages could not be read, too many to skip "
        "(first: invalid date or time: expected a real YYYY-MM-DD HH:MM[:SS])"
    )
    assert caplog.text == ""
