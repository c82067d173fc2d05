"""The multilingual layer: its model files are verified, it reads only messages in the other languages, what it finds
explains itself, and a person it reads is judged by the rules (the author model reads MiniLM's signals only)."""

from __future__ import annotations

import numpy as np
import pytest

from lurewatch import analyze
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import OTHER_LANGUAGE_SPAN, in_other_language
from lurewatch.scoring import OTHER_LANGUAGE_CATEGORIES, ParticipantScore
from lurewatch.semantic import multilingual
from lurewatch.semantic.encoder import ModelError
from lurewatch.semantic.layer import (
    SemanticLayer,
    default_semantic_layer,
    examples_digest,
    load_thresholds,
    segments_of,
)
from lurewatch.semantic.shipped import shipped_arrays

THREAT = "kalau kamu gak transfer sekarang, fotomu aku kirim ke semua temen sekolahmu"  # Indonesian
SECRECY = "ne dis rien à tes parents, ça reste entre nous deux d'accord"  # French
EVERYDAY = "wie laat is de training morgen? ik neem de bal mee"  # Dutch

FRENCH_CHAT = """\
coach_remi: salut, t'as bien joué samedi
lea_12: merci !!
coach_remi: t'es vraiment plus mature que les autres de ton équipe
coach_remi: ne dis rien à tes parents, ça reste entre nous deux d'accord
coach_remi: t'es seule chez toi ce soir ?
"""


def layer() -> SemanticLayer:
    found = multilingual.shipped_layer()
    assert found is not None, "the multilingual layer's files are missing (make model)"
    return found


def test_a_model_file_with_another_hash_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    pinned = dict(multilingual.PINNED_SHA256, **{"resources/sp.model": "0" * 64})
    monkeypatch.setattr(multilingual, "PINNED_SHA256", pinned)
    with pytest.raises(ModelError, match=r"sp\.model is not the pinned file"):
        multilingual.MultilingualEncoder().encode(["hola"])


def test_one_space_for_all_languages() -> None:
    english, spanish, other = multilingual.default_encoder().encode(
        ["don't tell your parents about us", "no les digas nada a tus padres de lo nuestro", "the bus leaves at six"]
    )
    assert np.allclose(np.linalg.norm([english, spanish, other], axis=1), 1.0, atol=1e-4)
    assert english @ spanish > english @ other + 0.2


def test_the_shipped_bank_was_built_from_these_examples() -> None:
    """Editing examples without `make model` would leave stale vectors (embedded again at every start)."""
    arrays = shipped_arrays(multilingual.BANK_FILE)
    assert arrays is not None
    bank = layer().bank
    assert arrays["digest"].tobytes().decode() == examples_digest(load_catalogue(), bank.learned)
    assert arrays["vectors"].shape == (len(bank.texts), 512)
    everyday = shipped_arrays(multilingual.EVERYDAY_FILE)
    assert everyday is not None and everyday["vectors"].shape[1] == 512
    assert set(load_thresholds(multilingual.THRESHOLDS_FILE).confirm) == {spec.category for spec in bank.specs}


def test_other_language_moves_are_read_only_as_such() -> None:
    semantic = default_semantic_layer()
    for text, category in ((THREAT, "sextortion_threat"), (SECRECY, "secrecy")):
        hits = semantic.read(text, other_language=True).hits
        assert any(h.other_language and h.spec.category == category for h in hits), text
        assert not any(h.other_language for h in semantic.read(text).hits)
    assert semantic.read(EVERYDAY, other_language=True).hits == []


def test_a_batch_read_ahead_gives_the_hits_a_message_read_alone_gives() -> None:
    shipped = layer()

    def fresh() -> SemanticLayer:
        return SemanticLayer(shipped.bank, shipped.thresholds, shipped.encoder, ordinary=shipped._ordinary, clauses=True)

    alone = [(h.spec.id, h.similarity, h.example) for h in fresh().confirm(THREAT)]
    batched = fresh()
    batch = [SECRECY, THREAT, EVERYDAY]
    batched.prefetch(batch)
    assert all(s.text in batched._scored for text in batch for s in segments_of(text, clauses=True))
    ahead = [(h.spec.id, h.similarity, h.example) for h in batched.confirm(THREAT)]
    assert alone and [(i, e) for i, _, e in ahead] == [(i, e) for i, _, e in alone]
    assert all(abs(a[1] - b[1]) < 1e-4 for a, b in zip(alone, ahead, strict=True))


def test_a_sentence_of_several_clauses_is_read_clause_by_clause_too() -> None:
    text = "Si no pagas hoy, mando el video a tu grupo de clase. Ok?"
    pieces = [text[s.start : s.end] for s in segments_of(text, clauses=True)]
    assert pieces == ["Si no pagas hoy, mando el video a tu grupo de clase.", "Si no pagas hoy,", "mando el video a tu grupo de clase."]
    assert [text[s.start : s.end] for s in segments_of(text)] == pieces[:1]
    assert layer().clauses and not default_semantic_layer().clauses


def test_a_message_is_in_the_other_languages_with_their_words_or_just_after() -> None:
    assert in_other_language(0, OTHER_LANGUAGE_SPAN)  # its own words
    assert in_other_language(1, 0)  # the last message of the span after them
    assert not in_other_language(0, 0)


def test_english_chat_and_rooms_never_reach_the_multilingual_model(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    shipped = layer()
    original = shipped.confirm
    monkeypatch.setattr(shipped, "confirm", lambda text: read.append(text) or original(text))
    analyze("sam: what school do you go to\nalex: why\nsam: dont tell your mom we talk ok\n", detectors="combined")
    assert read == [], "English chat"
    analyze("max: on se voit au match?\nines: oui a 15h\n" + FRENCH_CHAT, detectors="combined")
    assert read == [], "a room: the model would load for a few reads"
    analysis = analyze(FRENCH_CHAT, detectors="combined")
    assert read, "a chat in French is read by the multilingual model"
    meaning = [f for f in analysis.findings if f.matched_by == "meaning"]
    assert meaning and all('it reads like "' in f.explanation for f in meaning)
    assert {f.author for f in analysis.findings} == {"coach_remi"}


def test_a_person_read_in_other_languages_is_judged_by_the_rules() -> None:
    class Doubting:
        """An author model that doubts everyone (what MiniLM's signals of another language make it do)."""

        threshold = 0.5

        def probability(self, _: object) -> float:
            return 0.01

    score = ParticipantScore()
    score.best_by_category = {"secrecy": 0.3, "trust_building": 0.3, "risk_assessment": 0.3, "meeting": 0.3}
    rules = score.score
    assert rules >= 0.6  # four categories of meaning matches: high by the rules
    assert score.value(Doubting()) < 0.6  # type: ignore[arg-type]
    score.other_language = {"secrecy", "trust_building", "meeting"}
    assert len(score.other_language) >= OTHER_LANGUAGE_CATEGORIES
    assert score.value(Doubting()) == rules  # type: ignore[arg-type]
