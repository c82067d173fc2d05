"""Chats written in scripts other than the Latin one (`tests/fixtures/other_scripts/`, one file per language): each
language's catalogue forms find the lines written for them, not their near misses, and none of the moves fires on
that language's everyday chat (parents, coaches, siblings' deals, friends' teasing, surprises, shops)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lurewatch import analyze
from lurewatch.indicators.catalogue import CatalogueError, load_catalogue, parse_catalogue
from lurewatch.indicators.recognizer import Recognizer, default_recognizer
from lurewatch.indicators.script_packs import ScriptPack, parse_pack, shipped_packs
from lurewatch.model import Conversation, Message
from lurewatch.normalize import normalize
from tests.tiny_catalogue import tiny_catalogue

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "other_scripts").glob("*.json"))


def moves(found: set[str]) -> list[str]:
    """The moves among what a line shows: not the catalogue's signals (context that lowers a risk, facts about the
    writer), which an everyday line may show."""
    return sorted(i for i in found if not load_catalogue().by_id(i).signal)


def _found(text: str) -> set[str]:
    """What a line shows as a message of a chat in its language (a short "15♀" has no letters of it)."""
    return {hit.spec.id for hit in default_recognizer().scan_normalized(normalize(text), other_languages=True)[0]}


def _language(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_each_form_finds_its_lines_and_not_its_near_misses(path: Path) -> None:
    rows = _language(path)
    missed = [(indicator, text) for indicator, text in rows["found"] if indicator not in _found(text)]
    wrong = [(indicator, text) for indicator, text in rows["not_found"] if indicator in _found(text)]
    assert not missed and not wrong, {"missed": missed, "found in a near miss": wrong}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_everyday_chat_shows_no_move(path: Path) -> None:
    shown = {text: moves(_found(text)) for text in _language(path)["everyday"]}
    assert not {text: found for text, found in shown.items() if found}


def test_a_sextortion_in_russian_reaches_critical() -> None:
    suspect, target = "nik_88", "dasha"
    lines = [
        (suspect, "у меня есть твои фото, которые ты скинула"),
        (target, "что? удали пожалуйста"),
        (suspect, "переведи 5000 рублей до вечера, иначе отправлю фото всем твоим друзьям и родителям"),
    ]
    conversation = Conversation(id="ru-1", messages=[Message(author=a, text=t) for a, t in lines])
    analysis = analyze(conversation)
    assert analysis.risk.level == "critical"
    assert {p.name: p.role for p in analysis.participants}[suspect] == "suspect"


def test_an_extortionists_send_it_to_your_father_is_no_family_talk() -> None:
    # Extortion read by meaning and by the plea ("تكفى لا"); then "I'll send it to your father", which in Arabic also
    # reads as keeping the parents in the loop. It must not make the chat one between family and undo the critical.
    suspect, target = "sami", "lina"
    lines = [
        (suspect, "صورتك اللي ارسلتها محفوظة عندي"),
        (target, "ليش؟ وعدتني تمسحها"),
        (suspect, "شف، هذا حساب ابوك؟ وهذا قروب عيلتك؟"),
        (target, "تكفى لا"),
        (suspect, "تبي اسكت؟ ارسل بطاقات ايتونز بـ ٣٠٠ ريال"),
        (target, "ما عندي فلوس"),
        (suspect, "عندك ساعة"),
        (target, "والله ما عندي"),
        (suspect, "اجل بارسلها لابوك، وبعدها لعيلتك"),
    ]
    analysis = analyze(Conversation(id="ar-1", messages=[Message(author=a, text=t) for a, t in lines]))
    assert analysis.risk.level == "critical"
    assert {p.name: p.risk.level for p in analysis.participants}[suspect] == "critical"


def test_packs_are_read_only_when_their_script_arrives() -> None:
    read: list[str] = []

    def packs() -> list[ScriptPack]:
        read.append("read")
        return list(shipped_packs())

    recognizer = Recognizer(load_catalogue(), packs)
    recognizer.scan("are your parents home? send me a pic")
    recognizer.scan("hola, que tal, borra el chat")
    assert read == []  # English and Latin-script chat never pay for them
    assert "secrecy.delete_evidence" in {hit.spec.id for hit in recognizer.scan("удали переписку")}
    recognizer.scan("и фото тоже удали")
    assert read == ["read"]  # once per script


@pytest.mark.parametrize(
    ("pack", "error"),
    [
        ('{"language": "x", "scripts": ["cyrillic"], "forms": {"secrecy.no_such": ["никому"]}}', "unknown indicator 'secrecy.no_such'"),
        ('{"language": "x", "scripts": ["klingon"], "forms": {}}', "unknown script 'klingon'"),
        ('{"language": "x", "scripts": ["cyrillic"], "forms": {"secrecy.dont_tell": ["(никому"]}}', "secrecy.dont_tell, pattern 1"),
        ('{"language": "x", "scripts": ["cyrillic"], "forms": {"secrecy.dont_tell": ["никому"]}', "line 1: not JSON"),
    ],
)
def test_a_bad_pack_is_a_clear_error_naming_it(pack: str, error: str) -> None:
    with pytest.raises(CatalogueError, match=re.escape(error)) as raised:
        Recognizer(load_catalogue(), lambda: [parse_pack(pack, "scripts/bad.json")]).scan("удали переписку")
    assert str(raised.value).startswith("scripts/bad.json: ")


@pytest.mark.parametrize(
    ("text", "in_other_language"),
    [
        ("사진 보내줘", True),
        ("скинь фото в telegram", True),
        ("Your Korean is getting much better. 파이팅!", False),  # English with a greeting: its pack reads it, but
        ("Hello! I am learning English, you are learning Japanese, yes? よろしく!", False),  # it stays English chat
    ],
)
def test_a_message_is_in_another_language_only_when_written_in_it(text: str, in_other_language: bool) -> None:
    _, left = default_recognizer().scan_in_conversation(text, 0)
    assert (left > 0) == in_other_language


def test_a_catalogue_without_other_languages_reads_its_scripts_alone() -> None:
    tiny = tiny_catalogue(["what school"], top='other_scripts: {cyrillic: "[а-я]"}\n')
    pack = parse_pack('{"language": "Russian", "scripts": ["cyrillic"], "forms": {"c.asked": ["какая школа"]}}', "ru.json")
    recognizer = Recognizer(parse_catalogue(tiny, "tiny.yaml"), lambda: [pack])
    assert [hit.evidence for hit in recognizer.scan("а какая школа?")] == ["какая школа"]
    assert recognizer.scan_in_conversation("what school do you go to? привет", 0)[1] == 0  # English with a greeting
