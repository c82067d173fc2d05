"""The four basic formats: plain text, lurewatch JSON, JSON Lines and CSV/TSV, message by message and error by error."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lurewatch.errors import InputError
from lurewatch.ingest import csv_chat, json_chat, jsonl, text
from lurewatch.ingest.base import ColumnMapping, Source
from lurewatch.model import Conversation, MessageKind

FIXTURES = Path(__file__).parent / "fixtures" / "basic"


def read(module: object, name: str, data: bytes | str, columns: ColumnMapping | None = None) -> list[Conversation]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return list(module.parse(Source.from_bytes(name, raw, columns)))  # type: ignore[attr-defined]


def fixture(module: object, name: str, columns: ColumnMapping | None = None) -> list[Conversation]:
    return list(module.parse(Source.from_path(FIXTURES / name, columns)))  # type: ignore[attr-defined]


def error(module: object, name: str, data: bytes | str, columns: ColumnMapping | None = None) -> str:
    with pytest.raises(InputError) as caught:
        read(module, name, data, columns)
    return str(caught.value)


def rows(conversation: Conversation) -> list[tuple[str, str, datetime | None, int | None]]:
    return [(m.author, m.text, m.time, m.line) for m in conversation.messages]


# --- text ---------------------------------------------------------------------------------------------------------


def test_text_clock_stamps_continuations_and_names() -> None:
    [conversation] = fixture(text, "chat.txt")
    assert conversation.id == "chat"
    assert conversation.source == str(FIXTURES / "chat.txt")
    assert rows(conversation) == [
        ("Sam", "hey, did you finish the maths homework?", None, 1),
        ("Jo", "almost, question 4 is hard\nthe one about triangles\nnote: it is due 12:30 tomorrow", None, 2),
        ("Sam", "check http://example.org/help\n\nit has a worked example", None, 5),
        ("Mom ❤️", "dinner at 7, both of you", None, 8),
        ("Ad.17", "ok!", None, 9),
    ]
    assert conversation.skipped_messages == 0
    assert all(m.kind is MessageKind.TEXT for m in conversation.messages)


def test_text_dated_stamps_give_naive_datetimes() -> None:
    [conversation] = fixture(text, "dated.txt")
    assert rows(conversation) == [
        ("Alice", "are you coming to the match on saturday?", datetime(2024, 5, 1, 12, 1), 1),
        ("Bob", "yes, my dad is driving", datetime(2024, 5, 1, 12, 3, 10), 2),
        ("Alice", "great, bring the ball", datetime(2024, 5, 1, 12, 4), 3),
        ("Bob", "see you", datetime(2024, 5, 2), 4),
    ]


def test_text_iso_zone_is_kept_and_single_digit_hour_accepted() -> None:
    [conversation] = read(text, "z.txt", "2024-05-01T12:01:00Z Alice: hi\n2024-05-01 9:05 Bob: ok\n")
    assert conversation.messages[0].time == datetime(2024, 5, 1, 12, 1, tzinfo=UTC)
    assert conversation.messages[1].time == datetime(2024, 5, 1, 9, 5)


def test_text_separator_splits_conversations_with_titles_and_numbers() -> None:
    conversations = fixture(text, "weekend.txt")
    assert [c.id for c in conversations] == ["Saturday plans", "weekend#2", "weekend#3"]
    assert rows(conversations[0]) == [
        ("Lena", "zoo or cinema?", None, 2),
        ("Max", "zoo! I want to see the penguins", None, 3),
    ]
    assert [m.line for m in conversations[1].messages] == [5, 6]
    assert rows(conversations[2]) == [("Max", "the bus leaves at 9", None, 8)]


def test_text_blank_lines_do_not_split_and_trailing_blanks_are_dropped() -> None:
    [conversation] = read(text, "b.txt", "Alice: hi\n\n\nBob: hello\n\n")
    assert rows(conversation) == [("Alice", "hi", None, 1), ("Bob", "hello", None, 4)]


def test_text_untimestamped_label_word_continues_unless_it_is_a_speaker() -> None:
    [conversation] = read(text, "l.txt", "Ana: meet at the gate\nnote: bring 5 euros\nBea: ok\n")
    assert rows(conversation) == [("Ana", "meet at the gate\nnote: bring 5 euros", None, 1), ("Bea", "ok", None, 3)]
    [conversation] = read(text, "l.txt", "Note: hi\nAna: hey\nNote: how are you\n")
    assert [m.author for m in conversation.messages] == ["Note", "Ana", "Note"]


def test_text_in_a_timestamped_log_unstamped_name_lines_continue() -> None:
    [conversation] = read(text, "s.txt", "[10:00] Ana: the rules are\nBea: no shouting\n[10:01] Bea: fine\n")
    assert rows(conversation) == [("Ana", "the rules are\nBea: no shouting", None, 1), ("Bea", "fine", None, 3)]


def test_text_name_shape_limits() -> None:
    long_name = "x" * 41
    source = f"Ana: look\n{long_name}: not a name\nhttp://example.org: no\nat 12:30 works\nBob:\nBob2: yes\n"
    [conversation] = read(text, "n.txt", source)
    assert rows(conversation) == [
        ("Ana", f"look\n{long_name}: not a name\nhttp://example.org: no\nat 12:30 works", None, 1),
        ("Bob", "", None, 5),
        ("Bob2", "yes", None, 6),
    ]


def test_text_bom_and_crlf() -> None:
    [conversation] = read(text, "w.txt", "\ufeffAlice: hi\r\nthere\r\n\r\nBob: hello\r\n".encode())
    assert rows(conversation) == [("Alice", "hi\nthere", None, 1), ("Bob", "hello", None, 4)]


def test_text_invalid_date_skips_the_message_and_its_continuation(caplog: pytest.LogCaptureFixture) -> None:
    data = "2024-05-01 10:00 Ana: hi\n2024-13-45 10:01 Bob: secret words\nmore of it\n2024-05-01 10:02 Ana: ok\n"
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = read(text, "d.txt", data)
    assert [(m.author, m.text, m.line) for m in conversation.messages] == [("Ana", "hi", 1), ("Ana", "ok", 4)]
    assert conversation.skipped_messages == 1
    assert "d.txt:2: skipped message" in caplog.text
    assert "secret" not in caplog.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "chat.txt: file is empty"),
        (b"  \n\n", "chat.txt: file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "chat.txt:1: looks like a binary file"),
        (b"Ana: hi\nBob: ok\nAna: caf\xe9\n", "chat.txt:3: invalid UTF-8 byte 0xe9"),
        (b"hello there\nAna: hi\n", 'chat.txt:1: expected "Name: message"'),
        (b"\n\nhello there\n", 'chat.txt:3: expected "Name: message"'),
        (b"Ana: hi\n--- next\njust words\n", 'chat.txt:3: expected "Name: message"'),
        (b"---\n--- empty\n", "chat.txt:1: no messages found"),
        (b"2024-99-01 10:00 Ana: hi\n", "chat.txt:1: no messages found"),
    ],
)
def test_text_errors(data: bytes, expected: str) -> None:
    assert error(text, "chat.txt", data).startswith(expected)


# --- json ---------------------------------------------------------------------------------------------------------


def test_json_single_conversation_with_times_and_lines() -> None:
    [conversation] = fixture(json_chat, "club.json")
    assert conversation.id == "chess-club"
    assert rows(conversation) == [
        ("Nia", "practice moved to thursday", datetime(2024, 3, 4, 15, 0, tzinfo=UTC), 4),
        ("Theo", "ok, same room?", datetime(2024, 3, 4, 15, 2, 30, tzinfo=timezone(timedelta(hours=1))), 5),
        ("Nia", "yes, room 12", None, 6),
    ]


def test_json_conversations_key_and_default_ids() -> None:
    conversations = fixture(json_chat, "groups.json")
    assert [c.id for c in conversations] == ["pets", "groups#2"]
    assert rows(conversations[0]) == [
        ("Ava", "my hamster escaped again", None, 3),
        ("Ben", "check behind the sofa", datetime(2024, 2, 1, 10, 0), 4),
    ]
    assert rows(conversations[1]) == [("Cy", "new level unlocked", None, 7)]


def test_json_bare_list() -> None:
    conversations = fixture(json_chat, "list.json")
    assert [(c.id, rows(c)) for c in conversations] == [
        ("a", [("Kim", "lunch?", None, 2)]),
        ("b", [("Lou", "library at 3", None, 3)]),
    ]


def test_json_missing_id_on_single_object_is_the_stem_and_kind_is_read() -> None:
    data = {"messages": [{"author": "A", "text": "<image>", "kind": "media"}, {"author": "A", "text": "hi"}]}
    [conversation] = read(json_chat, "dir/talk.json", json.dumps(data))
    assert conversation.id == "talk"
    assert [m.kind for m in conversation.messages] == [MessageKind.MEDIA, MessageKind.TEXT]


def test_json_broken_messages_are_skipped_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    data = """{"messages": [
  {"author": "Ana", "text": "hi"},
  {"author": 7, "text": "private words"},
  {"text": "no author"},
  {"author": "Bob", "text": ["a"]},
  {"author": "Bob", "text": "x", "time": "yesterday"},
  {"author": "Bob", "text": "x", "time": 1714550400},
  "just a string",
  {"author": "Bob", "text": "ok", "time": "2024-05-01T10:00:00"}
]}"""
    # Six broken messages are skipped only among enough good ones; more than a few in a hundred is an error (below).
    data = data.replace("\n]}", ',\n  {"author": "Cy", "text": "fine"}' * 120 + "\n]}")
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = read(json_chat, "c.json", data)
    assert rows(conversation)[:2] == [("Ana", "hi", None, 2), ("Bob", "ok", datetime(2024, 5, 1, 10), 9)]
    assert len(conversation.messages) == 122
    assert conversation.skipped_messages == 6
    assert "c.json:3: skipped message: messages[1].author: expected a string, got number" in caplog.text
    assert "c.json:4: skipped message: messages[2].author: missing" in caplog.text
    assert "c.json:5: skipped message: messages[3].text: expected a string, got array" in caplog.text
    assert "c.json:6: skipped message: messages[4].time: not an ISO-8601 time" in caplog.text
    assert "messages[5].time: expected a string, got number" in caplog.text
    assert "messages[6]: expected an object, got string" in caplog.text
    assert "private" not in caplog.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"messages": [\n  {"author": "A", "text": "hi"},\n  {"author": "B" "text": "x"}\n]}', "c.json:3: invalid JSON"),
        ('{"messages": {"author": "A"}}', "c.json:1: messages: expected an array, got object"),
        ('{"conversations": "no"}', "c.json:1: conversations: expected an array, got string"),
        ('{"conversations": [\n {"messages": []},\n 5\n]}', 'c.json:1: conversations[1]: expected a conversation object'),
        ('[\n {"id": ["x"], "messages": []}\n]', "c.json:2: [0].id: expected a string, got array"),
        ('{"id": "x"}', "c.json:1: expected an object with"),
        ('{"conversations": [{"id": "x"}]}', "c.json:1: conversations[0].messages: missing"),
        ("42", "c.json:1: expected an object with"),
        ('{"messages": []}', "c.json:1: no messages found"),
        ('{"messages": [\n\n {"author": 1, "text": "a"},\n {"author": "B"}\n]}', "c.json:3: no usable messages: all 2"),
        (b"\xef\xbb\xbf{\n\xff}", "c.json:2: invalid UTF-8 byte 0xff"),
        ("[" * 5000, "c.json:1: invalid JSON"),
        ("", "c.json: file is empty"),
    ],
)
def test_json_errors(data: str | bytes, expected: str) -> None:
    assert error(json_chat, "c.json", data).startswith(expected)


def test_json_wrong_type_deep_in_a_file_names_its_line() -> None:
    data = '{"conversations": [\n  {"id": "a", "messages": [{"author": "A", "text": "t"}]},\n  {"id": "b",\n   "messages": 3}\n]}'
    assert error(json_chat, "c.json", data) == "c.json:3: conversations[1].messages: expected an array, got number"


def test_json_bom_and_crlf() -> None:
    data = '\ufeff{"messages": [\r\n{"author": "A", "text": "hi"},\r\n{"author": "B", "text": "yo"}]}'.encode()
    [conversation] = read(json_chat, "c.json", data)
    assert rows(conversation) == [("A", "hi", None, 2), ("B", "yo", None, 3)]


def test_parse_iso_time() -> None:
    assert json_chat.parse_iso_time("2024-05-01T10:00:00Z") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert json_chat.parse_iso_time(" 2024-05-01 10:00 ") == datetime(2024, 5, 1, 10)
    for bad in ("", "Z", "10:00", "2024-02-30T10:00"):
        with pytest.raises(ValueError):
            json_chat.parse_iso_time(bad)


# --- jsonl --------------------------------------------------------------------------------------------------------


def test_jsonl_groups_by_conversation_in_first_seen_order() -> None:
    conversations = fixture(jsonl, "games.jsonl")
    assert [c.id for c in conversations] == ["g1", "g2"]
    assert rows(conversations[0]) == [
        ("Rio", "want to play tonight?", datetime(2024, 4, 1, 18, tzinfo=UTC), 1),
        ("Pat", "after homework", None, 4),
    ]
    assert conversations[0].skipped_messages == 1  # line 5 has no author
    assert rows(conversations[1]) == [("Zed", "did you see the trailer", None, 2), ("Uma", "yes, looks fun", None, 6)]


def test_jsonl_custom_columns_and_default_conversation() -> None:
    columns = ColumnMapping(author="who", text="says", time="at", conversation="room")
    data = '{"who": "Ana", "says": "hi", "at": "2024-01-01T08:00:00"}\r\n{"who": "Bob", "says": "yo", "room": 3}\n'
    conversations = read(jsonl, "path/log.ndjson", data, columns)
    assert [(c.id, rows(c)) for c in conversations] == [
        ("log", [("Ana", "hi", datetime(2024, 1, 1, 8), 1)]),
        ("3", [("Bob", "yo", None, 2)]),
    ]


def test_jsonl_skips_that_leave_an_id_empty_still_count() -> None:
    data = '{"author": "A", "text": "x", "conversation_id": "a"}\n{"text": "y", "conversation_id": "b"}\n'
    [conversation] = read(jsonl, "s.jsonl", data)
    assert conversation.id == "a"
    assert conversation.skipped_messages == 1


# Every kind of line the reader meets, good ones between them: what each gives (a message, a skip and its reason, or
# nothing) must not depend on which path of the reader took the line (see `jsonl._read`).
JSONL_LINES = [
    ('{"author": " Ana ", "text": "hi", "conversation_id": "c"}', ("c", "Ana", "hi", None)),
    ('{"author": "Ana", "text": "", "conversation_id": ""}', ("s", "Ana", "", None)),
    ('  {"author": "Ana", "text": "padded", "conversation_id": null}  ', ("s", "Ana", "padded", None)),
    ('{"author": "Ana", "text": "t", "time": "2024-01-01T08:00:00Z"}', ("s", "Ana", "t", datetime(2024, 1, 1, 8, tzinfo=UTC))),
    ('{"author": "Ana", "text": "t", "time": ""}', ("s", "Ana", "t", None)),
    ('{"author": "Ana", "text": "t", "time": null, "conversation_id": 7}', ("7", "Ana", "t", None)),
    ('{"author": "Ana", "text": "t", "conversation_id": 2.5}', ("2.5", "Ana", "t", None)),
    ('{"author": "Ana", "text": "t", "conversation_id": 123456789012345678901234567890}',
     ("123456789012345678901234567890", "Ana", "t", None)),
    ('{"author": "Ana", "text": "t", "score": NaN}', ("s", "Ana", "t", None)),
    ('{"author": "Ana", "text": "lone \\ud800"}', ("s", "Ana", "lone \ud800", None)),
    ("   ", None),
    ('{"author": 5, "text": "t"}', "author: expected a string, got number"),
    ('{"text": "t"}', "author: missing"),
    ('{"author": "  ", "text": "t"}', "author: empty"),
    ('{"author": "Ana", "text": ["t"]}', "text: expected a string, got array"),
    ('{"author": "Ana"}', "text: missing"),
    ('{"author": "Ana", "text": "t", "time": 5}', "time: expected an ISO-8601 string, got number"),
    ('{"author": "Ana", "text": "t", "time": "soon"}', "time: not an ISO-8601 time"),
    ('{"author": "Ana", "text": "t", "conversation_id": true}', "conversation_id: expected a string, got boolean"),
    ('{"author": " ", "text": 1, "conversation_id": [1]}', "conversation_id: expected a string, got array"),
]


@pytest.mark.parametrize(("line", "expected"), JSONL_LINES)
def test_jsonl_each_kind_of_line(line: str, expected: object, caplog: pytest.LogCaptureFixture) -> None:
    good = '{"author": "Bo", "text": "ok", "conversation_id": "c"}\n' * 30
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        conversations = read(jsonl, "s.jsonl", good + line + "\n" + good)
    by_line = {row[3]: (c.id, *row[:3]) for c in conversations for row in rows(c)}
    assert {line: by_line.pop(line) for line in [*range(1, 31), *range(32, 62)]} == dict.fromkeys(
        [*range(1, 31), *range(32, 62)], ("c", "Bo", "ok", None)
    )
    assert by_line == ({31: expected} if isinstance(expected, tuple) else {})
    if isinstance(expected, str):
        assert [r.getMessage() for r in caplog.records] == [f"s.jsonl:31: skipped message: {expected}"]
        assert sum(c.skipped_messages for c in conversations) == 1
    else:
        assert caplog.records == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('{"author": "A", "text": "x"}\n\n{"author": "B", "text": \n', "s.jsonl:3: invalid JSON"),
        ('{"author": "A", "text": "x"}\n[1, 2]\n', "s.jsonl:2: expected a JSON object, got array"),
        ('{"author": 1, "text": "x"}\n{"author": "B"}\n', "s.jsonl:1: no usable messages: all 2 skipped"),
        ("\n\n", "s.jsonl: file is empty"),
        (b'{"author": "A", "text": "x"}\n{"author": "\xc3"}\n', "s.jsonl:2: invalid UTF-8 byte 0xc3"),
    ],
)
def test_jsonl_errors(data: str | bytes, expected: str) -> None:
    assert error(jsonl, "s.jsonl", data).startswith(expected)


# --- csv ----------------------------------------------------------------------------------------------------------


def test_csv_header_case_quoted_newlines_time_and_conversation_columns() -> None:
    conversations = fixture(csv_chat, "team.csv")
    assert [c.id for c in conversations] == ["t1", "t2"]
    assert rows(conversations[0]) == [
        ("Eve", "see you at practice", datetime(2024, 6, 1, 17), 2),
        ("Finn", "ok, bringing\nmy boots", None, 3),
    ]
    assert rows(conversations[1]) == [("Gus", "new topic", datetime(2024, 6, 1, 18, 30), 5)]


def test_tsv_and_semicolon_delimiters() -> None:
    [quiz] = fixture(csv_chat, "quiz.tsv")
    assert quiz.id == "quiz"
    assert rows(quiz) == [("Hal", "ready for the quiz?", None, 2), ("Ivy", "sort of", None, 3)]
    [pizza] = fixture(csv_chat, "semicolon.csv")
    assert rows(pizza) == [("Jan", "pizza friday?", datetime(2024, 1, 5, 19, tzinfo=UTC), 2), ("Kai", "yes please", None, 3)]


def test_csv_custom_columns() -> None:
    columns = ColumnMapping(author="sender", text="body", time="sent_at", conversation="thread")
    [conversation] = fixture(csv_chat, "custom.csv", columns)
    assert conversation.id == "c7"
    assert rows(conversation) == [
        ("Leo", "how was camp?", datetime(2024, 7, 10, 9), 2),
        ("Mia", "so fun", datetime(2024, 7, 10, 9, 5), 3),
    ]


def test_csv_bom_crlf_blank_rows_and_skipped_rows(caplog: pytest.LogCaptureFixture) -> None:
    data = "\ufeff\r\nauthor,text,time\r\nAna,hi,\r\n\r\nshort\r\n,nobody,\r\nBob,x,not a time\r\nBob,ok,\r\n".encode()
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = read(csv_chat, "b.csv", data)
    assert rows(conversation) == [("Ana", "hi", None, 3), ("Bob", "ok", None, 8)]
    assert conversation.skipped_messages == 3
    assert "b.csv:5: skipped message: row has 1 fields, expected at least 2" in caplog.text
    assert "b.csv:6: skipped message: author: empty" in caplog.text
    assert "b.csv:7: skipped message: time: not an ISO-8601 time" in caplog.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("who,text\nAna,hi\n", 'm.csv:1: CSV header has no "author" column (columns: who, text)'),
        ("\nauthor;message\nAna;hi\n", 'm.csv:2: CSV header has no "text" column (columns: author, message)'),
        ("author,text\n", "m.csv:1: no messages found"),
        ("author,text\n,x\n", "m.csv:2: no usable messages: all 1 skipped (first: author: empty)"),
        (b"author,text\nAna,hi\nBob,\xfe\n", "m.csv:3: invalid UTF-8 byte 0xfe"),
        (b"author,text\nA,\x00\n", "m.csv:1: looks like a binary file"),
    ],
)
def test_csv_errors(data: str | bytes, expected: str) -> None:
    assert error(csv_chat, "m.csv", data).startswith(expected)


# --- sniffing -------------------------------------------------------------------------------------------------------


def sniff(module: object, name: str) -> float:
    source = Source.from_path(FIXTURES / name)
    head = (FIXTURES / name).read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    return module.sniff(source, head)  # type: ignore[attr-defined]


def test_each_parser_sniffs_its_own_fixtures_and_not_the_others() -> None:
    own = {
        text: ["chat.txt", "dated.txt", "weekend.txt"],
        json_chat: ["club.json", "groups.json", "list.json"],
        jsonl: ["games.jsonl"],
        csv_chat: ["team.csv", "quiz.tsv", "semicolon.csv"],
    }
    for module in own:
        for other, other_names in own.items():
            for name in other_names:
                score = sniff(module, name)
                assert (score > 0) == (other is module), (module.NAME, name, score)
    assert sniff(text, "chat.txt") <= 0.5
    assert sniff(json_chat, "club.json") == 0.6


def test_text_sniff_needs_the_first_line_or_a_majority() -> None:
    source = Source.from_bytes("x.txt", b"")
    assert text.sniff(source, "Title of my notes\nNote: one thing\nmore prose\nand more\n") == 0.0
    assert text.sniff(source, "Chat export\nAna: hi\nBob: hey\nAna: ok\n") == 0.5
    assert text.sniff(source, "") == 0.0


# --- properties: anything either parses or fails as InputError -----------------------------------------------------

CHATTY = st.lists(
    st.one_of(
        st.sampled_from(
            ["Ana: hi", "[12:01] Bob: yo", "2024-05-01 10:00 Cy: ok", "--- t", "---", "", "note: x", "2024-99-99 1:1 A: b",
             '{"author": "A", "text": "x"}', "author,text", "A,b", '"q', "\r", "\ufeff", "[", "{", "}", "]", ":", ","]
        ),
        st.text(max_size=30),
    ),
    max_size=12,
).map("\n".join)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(["2024-05-01T10:00:00Z", "x"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["id", "messages", "conversations", "author", "text", "time", "kind", "conversation_id"]),
        children,
        max_size=5,
    ),
    max_leaves=20,
)

PARSERS = [(text, "p.txt"), (json_chat, "p.json"), (jsonl, "p.jsonl"), (csv_chat, "p.csv")]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parses_or_input_error(module: object, name: str, data: bytes) -> None:
    try:
        conversations = read(module, name, data)
    except InputError as exc:
        assert str(exc).startswith(name)
        return
    assert conversations
    assert all(c.messages for c in conversations)


@pytest.mark.parametrize(("module", "name"), PARSERS)
@SETTINGS
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_parse_or_raise_input_error(module: object, name: str, data: bytes) -> None:
    parses_or_input_error(module, name, data)


@pytest.mark.parametrize(("module", "name"), PARSERS)
@SETTINGS
@given(data=st.one_of(st.text(max_size=200), CHATTY))
def test_arbitrary_text_parse_or_raise_input_error(module: object, name: str, data: str) -> None:
    parses_or_input_error(module, name, data.encode("utf-8", errors="surrogatepass"))


@pytest.mark.parametrize(("module", "name"), [(json_chat, "p.json"), (jsonl, "p.jsonl")])
@SETTINGS
@given(value=JSON_VALUES)
def test_arbitrary_json_parse_or_raise_input_error(module: object, name: str, value: object) -> None:
    data = json.dumps(value) if module is json_chat else json.dumps(value) + "\n" + json.dumps(value)
    parses_or_input_error(module, name, data.encode())


@SETTINGS
@given(data=st.binary(max_size=200) | CHATTY.map(lambda s: s.encode("utf-8", errors="surrogatepass")))
def test_sniffers_never_raise(data: bytes) -> None:
    head = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    for module, name in PARSERS:
        score = module.sniff(Source.from_bytes(name, data), head)  # type: ignore[attr-defined]
        assert 0.0 <= score <= 1.0


# --- no silent loss: a few broken messages are skipped, more are one error -------------------------------------------

LOSS_FORMATS: dict[str, tuple[object, str, str, str, str]] = {
    # module, file name, header, a good record, a broken one (the same in every format: an impossible time)
    "text": (text, "chat.txt", "", "2024-05-01 10:00 Ana: fine\n", "2024-13-45 10:00 Ana: private words\n"),
    "json": (json_chat, "chat.json", "", '{"author": "Ana", "text": "fine"}',
             '{"author": "Ana", "text": "private words", "time": "2024-13-45"}'),
    "jsonl": (jsonl, "chat.jsonl", "", '{"author": "Ana", "text": "fine"}\n',
              '{"author": "Ana", "text": "private words", "time": "2024-13-45"}\n'),
    "csv": (csv_chat, "chat.csv", "author,text,time\n", "Ana,fine,\n", "Ana,private words,2024-13-45\n"),
}


def loss_file(kind: str, good: int, bad: int) -> str:
    _, _, header, good_record, bad_record = LOSS_FORMATS[kind]
    records = [good_record] * good
    for n in range(bad):
        records.insert(10 + 2 * n, bad_record)
    if kind == "json":
        return '{"messages": [\n' + ",\n".join(records) + "\n]}"
    return header + "".join(records)


@pytest.mark.parametrize("kind", LOSS_FORMATS)
def test_a_few_broken_messages_are_skipped_counted_and_warned(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    module, name = LOSS_FORMATS[kind][:2]
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = read(module, name, loss_file(kind, good=100, bad=5))
    assert (len(conversation.messages), conversation.skipped_messages) == (100, 5)
    assert caplog.text.count("skipped message") == 5
    assert "private" not in caplog.text


@pytest.mark.parametrize("kind", LOSS_FORMATS)
def test_many_broken_messages_are_one_error_with_the_first_bad_line(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    module, name = LOSS_FORMATS[kind][:2]
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        message = error(module, name, loss_file(kind, good=100, bad=20))
    first_bad_line = 11 if kind in ("text", "jsonl") else 12
    assert message.startswith(f"{name}:{first_bad_line}: 20 of 120 messages could not be read, too many to skip (first: ")
    assert "ISO-8601" in message
    assert "private" not in message
    assert caplog.text == ""  # the one error, not a warning per message before it


def test_json_conversation_left_out_still_counts_its_broken_messages(caplog: pytest.LogCaptureFixture) -> None:
    data = {"conversations": [
        {"id": "kept", "messages": [{"author": "Ana", "text": "hi"}] * 40},
        {"id": "gone", "messages": [{"author": "Bob", "text": "private words", "time": "soon"}]},
    ]}
    with caplog.at_level(logging.WARNING, logger="lurewatch.ingest"):
        [conversation] = read(json_chat, "c.json", json.dumps(data, indent=1))
    assert (conversation.id, conversation.skipped_messages) == ("kept", 1)
    assert "c.json: conversation gone has no usable messages; left out" in caplog.text
    assert "private" not in caplog.text
