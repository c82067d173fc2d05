"""The semantic layer: the numpy MiniLM equals the reference implementation, model files are verified, shipped vectors are
current, meaning matches explain themselves and stay off ordinary chat."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lurewatch import analyze
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.scoring import level_at_least
from lurewatch.semantic import encoder as encoder_module
from lurewatch.semantic.encoder import MiniLM, ModelError, default_encoder
from lurewatch.semantic.layer import (
    BEST_MARGIN,
    default_semantic_layer,
    example_sets,
    examples_digest,
    segments_of,
)

FIXTURES = Path(__file__).parent / "fixtures" / "semantic"


def test_numpy_minilm_equals_the_torch_reference() -> None:
    # Reference vectors computed once with torch + transformers from the same verified files (mean pooling).
    reference = json.loads((FIXTURES / "minilm_reference.json").read_text())
    vectors = default_encoder().encode(reference["sentences"])
    cosines = (vectors * np.array(reference["vectors"])).sum(axis=1)
    assert cosines.min() > 0.99999


def test_encodings_are_unit_length_and_batch_independent() -> None:
    texts = ["what school do you go to", "gg that round was close", "ok", "send it before midnight or else"]
    together = default_encoder().encode(texts)
    alone = np.vstack([default_encoder().encode([text]) for text in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-5)


def test_a_model_file_with_another_hash_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    pinned = dict(encoder_module.PINNED_SHA256, **{"tokenizer.json": "0" * 64})
    monkeypatch.setattr(encoder_module, "PINNED_SHA256", pinned)
    with pytest.raises(ModelError, match=r"tokenizer\.json: SHA-256 \w+ is not the pinned"):
        MiniLM.load()


def test_segments_point_at_the_original_words() -> None:
    text = "hey!! how r u doing. d0nt t3ll ur m0m about us ok? lol"
    segments = segments_of(text)
    # "hey!!" and "lol" are too short to carry a move of their own.
    assert [text[s.start : s.end] for s in segments] == ["how r u doing.", "d0nt t3ll ur m0m about us ok?"]
    assert "dont tell your mom" in segments[-1].text  # the models read the canonical spelling


def test_a_move_only_its_context_makes_is_never_matched_by_meaning() -> None:
    """"then your group chat gets the pics" is a threat right after a no only; a likeness cannot see the no."""
    catalogue = load_catalogue()
    assert not catalogue.by_id("sextortion_threat.after_no").by_meaning
    in_bank = {spec.id for spec, _, _ in example_sets(catalogue)}
    assert "sextortion_threat.after_no" not in in_bank and "sextortion_threat.hinted" in in_bank


def test_shipped_vectors_match_the_catalogue_examples() -> None:
    """Editing examples without `make model` would leave stale vectors: embedding them at every start is slow."""
    from importlib import resources

    from safetensors.numpy import load as load_safetensors

    shipped = load_safetensors(resources.files("lurewatch.semantic").joinpath("bank.safetensors").read_bytes())
    bank = default_semantic_layer().bank
    assert shipped["digest"].tobytes().decode() == examples_digest(load_catalogue(), bank.learned)
    assert bank.learned, "the shipped bank carries the examples learned from eval/train"
    assert shipped["vectors"].shape == (len(bank.texts), 384)
    # Spot-check that the shipped vectors are the encoder's (float16 storage).
    sample = [0, len(bank.texts) // 2, len(bank.texts) - 1]
    from lurewatch.normalize import normalize

    fresh = default_encoder().encode([normalize(bank.texts[i]).text for i in sample])
    assert np.allclose(shipped["vectors"][sample].astype(np.float32), fresh, atol=2e-3)


def test_every_category_has_calibrated_thresholds() -> None:
    layer = default_semantic_layer()
    categories = {spec.category for spec in layer.bank.specs}
    assert categories <= set(layer.thresholds.confirm)
    assert all(0.3 < value < 1.0 for value in layer.thresholds.confirm.values())


def test_indicator_scores_are_the_mean_of_the_nearest_positive_examples() -> None:
    layer = default_semantic_layer()
    rng = np.random.default_rng(0)
    similarities = rng.uniform(-1, 1, size=(2, len(layer.bank.texts))).astype(np.float32)
    scores = layer.indicator_scores(similarities)
    for i in (0, len(layer.bank.specs) // 2, len(layer.bank.specs) - 1):
        positives = np.flatnonzero((layer.bank.owner == i) & layer.bank.positive)
        expected = np.sort(similarities[:, positives], axis=1)[:, -3:].mean(axis=1)
        assert np.allclose(scores[:, i], expected)


def test_a_paraphrase_is_matched_and_a_look_alike_spared() -> None:
    layer = default_semantic_layer()
    hits = layer.confirm("this is just for us, nobody else has to know we talk")
    assert "secrecy" in {hit.spec.category for hit in hits}
    assert not layer.confirm("the build server restarts at noon, save your work before then")


def test_group_chats_are_read_only_for_someone_the_catalogue_flagged() -> None:
    """Busy rooms must stay cheap: nobody flagged, so only the two messages before a third person spoke are read (the
    first tier judges every segment the layer reads; these two it spares MiniLM as well)."""
    layer = default_semantic_layer()
    before, encoded = len(layer._worth), len(layer._cache)
    room = "\n".join(f"user{i % 5}: has anyone tried the new kernel update on laptop {i}" for i in range(30))
    analyze(room)
    assert len(layer._worth) - before == 2
    assert len(layer._cache) == encoded


def test_a_private_line_in_a_group_is_read_like_a_one_to_one_chat() -> None:
    """A "(dm)" or "[whisper]" line is two people alone inside the room: it is read by meaning although its author has
    no catalogue finding; the same words said to the room are not."""
    team = ["mia: who's coming saturday", "leo: me", "ava: me too", "dan: great, bring water", "leo: penalties?"]
    move = "lets talk on another app, this one gets checked"
    for marker in ("(dm) ", "[whisper] ", "(DM) "):
        private = analyze("\n".join([*team, f"dan: {marker}{move}", "mia: ok"]))
        assert [(f.indicator, f.author) for f in private.findings] == [("private_app.move_to_app", "dan")]
    said_to_all = analyze("\n".join([*team, f"dan: {move}", "mia: ok"]))
    assert said_to_all.findings == []


def test_what_do_you_want_offers_nothing() -> None:
    """A threatened person's "what do u want" reads like an offer to MiniLM; the catalogue's `unless` rules it out."""
    analysis = analyze("kay: i still have the pics from last summer\njo: what do u want")
    assert not any(f.category == "gifts" for f in analysis.findings)


SEXTORTION = """\
nightowl_kay: got ur pic. saved it already
nightowl_kay: i also screenshotted everyone who follows u
jules: what?? please delete it
nightowl_kay: u have one hour to get me 300 dollars through the payment app
nightowl_kay: or the pic goes to your best friend, your mum and the school page
jules: i dont have that kind of money
nightowl_kay: fine. 50 right now and 250 by tomorrow lunchtime. miss it and everyone sees it
"""


def test_an_unseen_wording_of_sextortion_is_critical_with_sextortion_advice() -> None:
    analysis = analyze(SEXTORTION, detectors="combined")
    assert analysis.risk.level == "critical"
    suspect = next(p for p in analysis.participants if p.role == "suspect")
    assert suspect.name == "nightowl_kay"
    assert any(f.category.startswith("sextortion") for f in analysis.findings)
    assert "pay" in " ".join(analysis.advice.steps).lower()


def test_meaning_findings_say_so_and_quote_an_example() -> None:
    analysis = analyze(SEXTORTION, detectors="semantic")
    meaning = [f for f in analysis.findings if f.matched_by == "meaning"]
    assert meaning, "the semantic layer alone should find the threat"
    catalogue = load_catalogue()
    for finding in meaning:
        spec = catalogue.by_id(finding.indicator)
        assert finding.similarity is not None and 0 < finding.confidence < spec.confidence
        assert "by meaning" in finding.explanation
        quoted = finding.explanation.split('"')[-2]
        learned = [e.text for e in default_semantic_layer().bank.learned if e.indicator == spec.id and e.positive]
        assert quoted in spec.examples.match + spec.examples.similar + learned  # type: ignore[union-attr]
        message = SEXTORTION.splitlines()[finding.message_index].split(": ", 1)[1]
        assert message[finding.span[0] : finding.span[1]] == finding.evidence


def test_catalogue_only_has_no_meaning_findings_and_semantic_only_no_pattern_findings() -> None:
    catalogue_only = analyze(SEXTORTION, detectors="catalogue")
    semantic_only = analyze(SEXTORTION, detectors="semantic")
    assert all(f.matched_by == "pattern" for f in catalogue_only.findings)
    assert all(f.matched_by == "meaning" or f.indicator.startswith("age_claim.") for f in semantic_only.findings)


@pytest.mark.parametrize(
    "chat",
    [
        "sam: i'll kill you in this round\nalex: not if i get you first\nsam: send me the lobby code",
        "mum: i'll pick you up at 6\nkid: ok can we get pizza\nmum: don't tell your brother, it's a surprise",
        "ana: can you send me the notes from class\nben: sure, sending the photos of the whiteboard now",
        "support: please send a photo of the gift card's back so we can check the code\nuser: ok one sec",
    ],
)
def test_everyday_look_alikes_stay_below_medium(chat: str) -> None:
    assert not level_at_least(analyze(chat).risk.level, "medium")


def test_a_refusal_is_not_read_as_the_move_it_refuses() -> None:
    chat = "\n".join(
        [
            "ray: you seem so grown up for your age",
            "ray: what school are you at",
            "ray: can you keep this just between us",
            "mia: no, i'd have to ask my mom first",
        ]
    )
    analysis = analyze(chat)
    assert not any(f.author == "mia" for f in analysis.findings)


def test_a_plea_is_not_read_as_the_threat_it_begs_against() -> None:
    chat = "\n".join(
        [
            "nox: i found your insta, your school, your moms facebook",
            "nox: 100 in btc by tonight or they all see the pictures",
            "fen: please dont send them",
            "fen: please just delete the pictures, i'm begging you",
        ]
    )
    assert not [f for f in analyze(chat).findings if f.author == "fen" and f.matched_by == "meaning"]


def test_news_of_ones_own_is_not_read_as_a_question_about_the_other() -> None:
    """MiniLM puts "my parents are strict about my phone" right beside asking about the other's parents: by meaning, a
    move about the other person (`about_the_other`) does not count in a message that speaks only of its writer."""
    assert load_catalogue().by_id("risk_assessment.parents_around").about_the_other
    chat = "\n".join(
        [
            "sam: u play a lot?",
            "mia: most nights",
            "sam: are ur parents strict about ur phone",
            "mia: my parents are strict about my phone",
        ]
    )
    findings = analyze(chat).findings
    assert "risk_assessment.parents_around" in {f.indicator for f in findings if f.author == "sam"}
    assert not [f for f in findings if f.author == "mia"]


def test_a_short_reply_is_not_read_as_a_threat_by_meaning() -> None:
    """MiniLM puts "please dont send that" (a plea) near the threat examples; under five words it is not one by meaning."""
    assert load_catalogue().by_id("sextortion_threat.share_images").meaning_min_words == 5
    for chat in ("sam: you there?\nkai: i'm blocking you", "sam: i saved it\nkai: please dont send that"):
        assert not [f for f in analyze(chat).findings if f.indicator == "sextortion_threat.share_images"]


GROUP = """\
kim: anyone up for ranked tonight
lee: yeah after dinner
max: ur so mature for ur age honestly
max: nobody else needs to know what we talk about, it stays with us
kim: lol what
max: which part of town do you live in these days
lee: ok ranked at 8 then
max: you can trust me with anything, i would never tell
"""


def test_live_watching_finds_what_batch_analysis_finds_in_a_group() -> None:
    """The batch path encodes ahead; the live path reads one message at a time: same findings, same alert."""
    from lurewatch import Watcher

    batch = analyze(GROUP, alert_level="low")
    watcher = Watcher(alert_level="low")
    for line in GROUP.splitlines():
        author, text = line.split(": ", 1)
        watcher.add("room", author, text)
    live = watcher.analysis("room")
    assert [(f.message_index, f.indicator, f.matched_by) for f in live.findings] == [
        (f.message_index, f.indicator, f.matched_by) for f in batch.findings
    ]
    assert any(f.matched_by == "meaning" and f.author == "max" for f in batch.findings)
    assert live.risk == batch.risk and live.first_alert_index == batch.first_alert_index


def test_each_example_set_recognises_its_own_paraphrases_leave_one_out() -> None:
    """Every `match`/`similar` example is a test row: with itself left out of the bank, it should still read as its own
    category often enough, and the `no_match` look-alikes rarely as anything. Floors, not targets: they catch a broken
    bank, threshold file or example set (measured 2026-11-29: 42 % and 16 %)."""
    layer = default_semantic_layer()
    bank = layer.bank
    similarities = bank.vectors @ bank.vectors.T
    np.fill_diagonal(similarities, -1.0)
    scores = layer.indicator_scores(similarities)
    leading = scores >= scores.max(axis=1, keepdims=True) - BEST_MARGIN
    confirm = np.array([layer.thresholds.confirm[s.category] for s in bank.specs])
    reached = (scores >= confirm) & leading
    categories = np.array([spec.category for spec in bank.specs])
    own = [categories[bank.owner[i]] for i in range(len(bank.texts))]
    recognised = [own[i] in set(categories[reached[i]]) for i in np.flatnonzero(bank.positive)]
    look_alikes_hit = [reached[i].any() for i in np.flatnonzero(~bank.positive)]
    assert np.mean(recognised) >= 0.35
    assert np.mean(look_alikes_hit) <= 0.25


def test_the_segment_cache_never_drops_what_it_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from lurewatch.semantic import layer as layer_module

    layer = default_semantic_layer()
    monkeypatch.setattr(layer_module, "CACHE_SEGMENTS", 3)
    monkeypatch.setattr(layer, "_cache", type(layer._cache)())
    first = ["what school do you go to", "send me a pic of you", "are your parents home"]
    layer._vectors(first)
    # The oldest entry is asked for again while new ones push the cache past its size (this raised KeyError once).
    again = ["what school do you go to", "keep this between us", "i will send it to your friends"]
    vectors = layer._vectors(again)
    assert vectors.shape[0] == 3
    assert list(layer._cache) == again
    assert np.allclose(vectors, layer.encoder.encode(again), atol=1e-5)
