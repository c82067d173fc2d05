"""The learned scorer: features from an analysis, training on a tiny labelled set, the JSON model file (round trip,
deterministic hash, errors), `lurewatch train` and `analyze --model` end to end, and the bundled default model.

Every conversation here is the test's own synthetic, non-explicit text; the research corpora are never read here
(`bench/train_eval.py` measures the model on them).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest

from lurewatch.api import analyze, analyze_conversation
from lurewatch.cli import main
from lurewatch.learn import train as T
from lurewatch.learn.features import all_participant_features, feature_space, has_evidence
from lurewatch.learn.scorer import (
    MODEL_FILE,
    LearnedScorer,
    ModelError,
    default_scorer,
)
from lurewatch.model import Conversation, Message
from lurewatch.scoring import level_for

from .conftest import chat
from .test_json_report import SCHEMA

GROOMING_LINES = [
    "hey i saw your dance video, it was really good",
    "ur so mature for your age",
    "what school do you go to?",
    "are your parents home right now?",
    "dont tell anyone about us ok",
    "add me on snapchat",
    "you are really pretty",
    "we should meet up sometime, just us",
    "are you home alone tonight?",
    "i will buy you a gift card",
]
TARGET_LINES = ["hi", "thanks", "idk", "maybe", "lol", "ok", "why", "im bored", "yeah", "cool"]
FRIEND_LINES = [
    "did you finish the math homework",
    "see you at practice tomorrow",
    "lol that game was great",
    "can you send me the notes from class",
    "the bus was late again",
    "what did you get on the quiz",
    "my brother ate all the cereal",
    "are we still going to the library",
]
MILD_LINES = ["what school do you go to?", "you are really pretty", "my mom is making pasta tonight"]


def _risky(index: int, size: int = 8) -> dict[str, object]:
    """A synthetic grooming-like chat: the suspect cycles through the warning-sign lines, the other replies."""
    suspect, target = f"adult{index}", f"kid{index}"
    messages = []
    for turn in range(size):
        messages.append({"author": suspect, "text": GROOMING_LINES[(index + turn) % len(GROOMING_LINES)]})
        messages.append({"author": target, "text": TARGET_LINES[(index * 3 + turn) % len(TARGET_LINES)]})
    return {
        "id": f"risky-{index}",
        "source": "synthetic",
        "label": "grooming",
        "suspects": [suspect],
        "messages": messages,
    }


def _benign(index: int, size: int = 8) -> dict[str, object]:
    a, b = f"friend{index}a", f"friend{index}b"
    messages = []
    for turn in range(size):
        line = FRIEND_LINES[(index + turn) % len(FRIEND_LINES)]
        if turn == 2 and index % 3 == 0:
            line = MILD_LINES[index % len(MILD_LINES)]  # an ordinary chat may have one look-alike line
        messages.append({"author": a, "text": line})
        messages.append({"author": b, "text": FRIEND_LINES[(index * 5 + turn) % len(FRIEND_LINES)]})
    return {"id": f"benign-{index}", "source": "synthetic", "label": "benign", "messages": messages}


def _records(count: int = 12) -> list[dict[str, object]]:
    return [_risky(i) for i in range(count)] + [_benign(i) for i in range(count)]


def _conversation(record: dict[str, object]) -> Conversation:
    messages = [Message(author=m["author"], text=m["text"]) for m in record["messages"]]  # type: ignore[index, union-attr]
    return Conversation(id=str(record["id"]), messages=messages)


def _data(records: list[dict[str, object]]) -> T.TrainingData:
    data = T.TrainingData()
    for record in records:
        risky = record["label"] != "benign"
        data.conversations.append(
            T.TrainingConversation(
                corpus="synthetic",
                group=f"synthetic/{record['id']}",
                conversation=_conversation(record),
                risky=risky,
                positives=frozenset(record.get("suspects", [])) if risky else frozenset(),  # type: ignore[arg-type]
            )
        )
    data.files.append(T.DataFile("synthetic.jsonl", "0" * 64))
    return data


@pytest.fixture(scope="module")
def tiny_model() -> LearnedScorer:
    return T.train(_data(_records()), jobs=1, cross=False, cache=False)


# --- features ----------------------------------------------------------------------------------------------------------


def test_features_come_from_the_findings_and_signals_of_each_person() -> None:
    analysis = analyze_conversation(
        chat(
            "Sam: ur so mature for your age",
            "Mia: thanks",
            "Sam: what school do you go to?",
            "Mia: im 13",
            "Sam: i am 24",
            "Sam: dont tell anyone about us ok",
            "Mia: ok",
        ),
        detectors="catalogue",
    )
    features = all_participant_features(analysis)
    sam, mia = features["Sam"], features["Mia"]
    assert sam["pattern:trust_building"] > 0 and sam["pattern:secrecy"] > 0 and sam["pattern:personal_info"] > 0
    assert sam["age_adult_self"] == 1.0 and sam["age_partner_minor"] == 1.0 and sam["adult_with_minor"] == 1.0
    assert 0 < sam["age_gap"] <= 1.0
    assert sam["load_share"] == pytest.approx(1.0)
    assert sam["stage_count"] > 0 and sam["categories"] > 0 and sam["repeated"] == 1.0
    assert has_evidence(sam)
    # Mia said she is 13: context for Sam, nothing against her.
    assert mia.get("age_minor_self") == 1.0 and "age_partner_minor" not in mia
    assert not has_evidence(mia)
    names = set(feature_space().names)
    assert set(sam) - {"rule_critical"} <= names


def test_no_raw_length_or_style_features() -> None:
    """Lengths, message counts and numbers of people leak the source (see the learned-model lessons): none are
    features, and every feature is a bounded number."""
    names = feature_space().names
    for banned in ("message_count", "messages", "length", "chars", "participants", "initiations"):
        assert not any(banned in name for name in names)
    analysis = analyze_conversation(chat(*[f"Sam: {line}" for line in GROOMING_LINES]), detectors="catalogue")
    for value in all_participant_features(analysis)["Sam"].values():
        assert -1.0 <= value <= 1.0


def test_padding_a_conversation_with_ordinary_chat_does_not_raise_the_score() -> None:
    """The score follows what was said, not how much: the same warning signs in a long chat score no higher."""
    scorer = default_scorer()
    core = ["Sam: ur so mature for your age", "Mia: thanks", "Sam: dont tell anyone about us ok", "Mia: ok"]
    filler = [f"{'Sam' if i % 2 else 'Mia'}: {FRIEND_LINES[i % len(FRIEND_LINES)]}" for i in range(200)]
    short = analyze_conversation(chat(*core), detectors="catalogue", model=scorer)
    long = analyze_conversation(chat(*filler[:100], *core, *filler[100:]), detectors="catalogue", model=scorer)
    assert long.risk.score <= short.risk.score + 1e-9
    quiet = [f"{'Sam' if i % 2 else 'Mia'}: {FRIEND_LINES[i % len(FRIEND_LINES)]}" for i in range(5)]
    for size in (5, 50, 200):
        ordinary = analyze_conversation(chat(*(quiet * 40)[:size]), detectors="catalogue", model=scorer)
        assert ordinary.risk.level == "none"


# --- training ----------------------------------------------------------------------------------------------------------


def test_training_on_a_tiny_labelled_set_ranks_the_risky_conversation_higher(tiny_model: LearnedScorer) -> None:
    risky = analyze_conversation(_conversation(_risky(40)), detectors="catalogue", model=tiny_model)
    benign = analyze_conversation(_conversation(_benign(41)), detectors="catalogue", model=tiny_model)
    assert risky.risk.score > benign.risk.score
    suspect = next(p for p in risky.participants if p.name == "adult40")
    target = next(p for p in risky.participants if p.name == "kid40")
    assert suspect.risk.score > target.risk.score
    assert risky.scorer == tiny_model.label and risky.scorer.startswith("learned:")


def test_training_is_deterministic(tiny_model: LearnedScorer) -> None:
    again = T.train(_data(_records()), jobs=1, cross=False, cache=False)
    assert again.digest == tiny_model.digest
    assert again.to_json() == tiny_model.to_json()


def test_weights_of_warning_signs_are_never_negative(tiny_model: LearnedScorer) -> None:
    for name, weight in zip(tiny_model.features, tiny_model.weights, strict=True):
        if name.startswith(("pattern:", "meaning:")):
            assert weight >= 0, name


def test_unseen_meaning_features_take_the_weight_of_their_category(tiny_model: LearnedScorer) -> None:
    weights = dict(zip(tiny_model.features, tiny_model.weights, strict=True))
    assert weights["meaning:secrecy"] == weights["pattern:secrecy"]


def test_thresholds_rise_and_levels_match_the_score_scale(tiny_model: LearnedScorer) -> None:
    bounds = [tiny_model.thresholds[name] for name in ("low", "medium", "high", "critical")]
    assert bounds == sorted(bounds) and len(set(bounds)) == 4
    for p in (0.0, *bounds, *(b - 1e-6 for b in bounds), 0.5, 0.999, 1.0):
        assert level_for(tiny_model.scaled(p)) == tiny_model.level(p)


# --- the model file ----------------------------------------------------------------------------------------------------


def test_json_round_trip(tiny_model: LearnedScorer, tmp_path: Path) -> None:
    path = tiny_model.save(tmp_path / "model")
    assert path.name == MODEL_FILE
    loaded = LearnedScorer.load(tmp_path / "model")
    assert loaded.digest == tiny_model.digest
    assert loaded.to_json() == tiny_model.to_json()
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["weights_sha256"] == tiny_model.digest
    assert document["training"]["data_digest"]
    features = {"pattern:secrecy": 0.64, "pattern:trust_building": 0.4}
    assert loaded.probability(features) == pytest.approx(tiny_model.probability(features))


def test_the_model_file_holds_no_message_text(tiny_model: LearnedScorer, tmp_path: Path) -> None:
    text = tiny_model.save(tmp_path).read_text(encoding="utf-8")
    for line in GROOMING_LINES + FRIEND_LINES:
        assert line not in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"format": "something else"}', '"format" must be'),
        ("TAMPER", "does not match its weights"),
        ("THRESHOLDS", "must rise strictly"),
    ],
)
def test_a_broken_model_file_is_a_clear_error(
    tiny_model: LearnedScorer, tmp_path: Path, content: str, message: str
) -> None:
    path = tiny_model.save(tmp_path)
    if content == "TAMPER":
        document = json.loads(path.read_text())
        document["weights"][0] += 1.0
        content = json.dumps(document)
    elif content == "THRESHOLDS":
        document = json.loads(path.read_text())
        document["thresholds"]["high"] = document["thresholds"]["medium"]
        document.pop("weights_sha256")
        content = json.dumps(document)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        LearnedScorer.load(tmp_path)


# --- analysis with a model -----------------------------------------------------------------------------------------


def test_explanations_name_the_findings_behind_the_score(tiny_model: LearnedScorer) -> None:
    analysis = analyze_conversation(_conversation(_risky(50)), detectors="catalogue", model=tiny_model)
    assert analysis.explanation
    suspect = max(analysis.participants, key=lambda p: p.risk.score)
    assert analysis.explanation == suspect.contributions
    own = {(f.message_index, f.indicator) for f in analysis.findings if f.author == suspect.name}
    for contribution in analysis.explanation:
        assert contribution.log_odds > 0 and contribution.description
        for index in contribution.message_indices:
            assert any(i == index for i, _ in own) or contribution.feature.startswith("age_")
        for indicator in contribution.indicators:
            assert any(ind == indicator for _, ind in own)


def test_one_message_is_never_enough_for_critical() -> None:
    scorer = default_scorer()
    for line in ("are you home alone tonight?", "dont tell anyone about us ok", "ur so mature for your age"):
        analysis = analyze_conversation(chat(f"Sam: {line}", "Mia: ok"), detectors="catalogue", model=scorer)
        assert analysis.risk.level != "critical"
        assert analysis.risk.score < 0.85


def test_a_sextortion_threat_stays_critical_with_the_model() -> None:
    rules = analyze("src/lurewatch/examples/sextortion.txt", detectors="catalogue")
    learned = analyze("src/lurewatch/examples/sextortion.txt", detectors="catalogue", model="default")
    assert rules.risk.level == "critical"
    assert learned.risk.level == "critical"
    assert learned.first_alert_index is not None


def test_the_bundled_model_loads_fast_and_matches_its_hash() -> None:
    path = Path(T.DEFAULT_OUT) / MODEL_FILE
    started = time.perf_counter()
    scorer = LearnedScorer.load(path)
    assert time.perf_counter() - started < 0.5
    assert json.loads(path.read_text())["weights_sha256"] == scorer.digest
    assert scorer.detectors == "catalogue"
    assert scorer.info["validation"]["high"]["window_precision"] >= 0.95


# --- command line ----------------------------------------------------------------------------------------------------


def test_train_and_analyze_with_the_model_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(record) for record in _records()) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    args = ["train", str(data), "--no-base", "--out", str(out), "--jobs", "1", "--no-cross-source", "--no-cache"]
    assert main(args) == 0
    assert (out / MODEL_FILE).is_file()
    assert "wrote" in capsys.readouterr().out
    conversation = tmp_path / "chat.txt"
    lines = [f"{m['author']}: {m['text']}" for m in _risky(60)["messages"]]  # type: ignore[index]
    conversation.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    command = ["analyze", str(conversation), "--model", str(out), "--format", "json", "-o", str(report)]
    assert main([*command, "--input-format", "text"]) == 0
    document = json.loads(report.read_text(encoding="utf-8"))
    analysis = document["conversations"][0]
    assert analysis["scorer"].startswith("learned:")
    assert analysis["explanation"]
    assert any(p["contributions"] for p in analysis["participants"])


def test_analyze_with_the_bundled_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "src/lurewatch/examples/walkthrough.txt", "--model", "default", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    analysis = report["conversations"][0]
    assert analysis["scorer"] == default_scorer().label
    assert analysis["risk"]["level"] in ("high", "critical")


@pytest.mark.parametrize("broken", ["missing", "not-json", "wrong-shape"])
def test_analyze_with_a_bad_model_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    folder = tmp_path / "model"
    if broken != "missing":
        folder.mkdir()
        (folder / MODEL_FILE).write_text("{oops" if broken == "not-json" else '{"format": 1}', encoding="utf-8")
    assert main(["analyze", "src/lurewatch/examples/walkthrough.txt", "--model", str(folder)]) == 2
    captured = capsys.readouterr()
    error = captured.err.strip()
    assert error.startswith("lurewatch: error:") and "\n" not in error
    assert str(folder) in error
    assert captured.out == ""


def test_train_needs_an_output_folder_and_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--no-base", "--out", str(tmp_path / "m")]) == 2
    assert "no training data" in capsys.readouterr().err
    data = tmp_path / "labelled.jsonl"
    data.write_text(json.dumps(_risky(1)) + "\n", encoding="utf-8")
    assert main(["train", str(data), "--no-base"]) == 2
    assert "--out DIR is required" in capsys.readouterr().err
