"""`lurewatch eval` and what it is built from: metrics checked against values worked out by hand, the labelled and
PAN 2012 readers, the evaluation core with a stub analyzer, and the command end to end on synthetic fixtures.

Every conversation here is synthetic and non-explicit; the real PAN excerpt is only ever run by hand (see the README of
`lurewatch eval`), never from tests.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from lurewatch.cli import main
from lurewatch.errors import InputError
from lurewatch.learn import metrics
from lurewatch.learn.evaluate import Evaluation, evaluate
from lurewatch.learn.labelled import (
    LabelledConversation,
    PanCorpus,
    find_pan_ground_truth,
    message_keys,
    open_dataset,
    pan_line_numbers,
    read_labelled,
    read_pan,
)
from lurewatch.model import Advice, Analysis, Conversation, Escalation, Message, Risk, RiskLevel

FIXTURES = Path(__file__).parent / "fixtures" / "labelled"
JSONL = FIXTURES / "synthetic.jsonl"
JSON = FIXTURES / "synthetic.json"
PAN_XML = FIXTURES / "pan12" / "synthetic-corpus.xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- metrics ---------------------------------------------------------------------------------------------------------


def test_fbeta_by_hand() -> None:
    # P = 1, R = 0.5: F1 = 2·0.5/1.5; F0.5 = 1.25·0.5/(0.25 + 0.5); F3 = 10·0.5/(9 + 0.5)
    assert metrics.fbeta(1.0, 0.5, 1.0) == pytest.approx(2 / 3)
    assert metrics.fbeta(1.0, 0.5, 0.5) == pytest.approx(0.625 / 0.75)
    assert metrics.fbeta(1.0, 0.5, 3.0) == pytest.approx(5 / 9.5)
    assert metrics.fbeta(0.0, 0.0, 1.0) == 0.0


def test_confusion_counts_and_ratios() -> None:
    counts = metrics.Confusion.of([True, True, True, False, False, False], [True, True, False, True, False, False])
    assert (counts.tp, counts.fp, counts.fn, counts.tn) == (2, 1, 1, 2)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(2 / 3)
    assert counts.false_positive_rate == pytest.approx(1 / 3)
    nothing = metrics.Confusion.of([True, False], [False, False])
    assert nothing.precision == 0.0 and nothing.recall == 0.0 and nothing.f1 == 0.0  # nothing predicted: 0, not NaN


def test_confusion_of_sets() -> None:
    counts = metrics.Confusion.of_sets({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert (counts.tp, counts.fp, counts.fn) == (2, 2, 1)
    assert counts.precision == 0.5 and counts.recall == pytest.approx(2 / 3)


def test_average_ranks_share_ties() -> None:
    assert metrics.average_ranks([3, 1, 3, 2]).tolist() == [3.5, 1.0, 3.5, 2.0]


def test_roc_auc_by_hand() -> None:
    # positives 0.9 and 0.7, negatives 0.8, 0.6, 0.5: 0.9 beats all three, 0.7 beats two -> 5 of 6 pairs
    assert metrics.roc_auc([1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5]) == pytest.approx(5 / 6)
    # a tie counts half: (0.5 + 1) / 2
    assert metrics.roc_auc([1, 0, 0], [0.5, 0.5, 0.2]) == pytest.approx(0.75)
    assert metrics.roc_auc([1, 1, 0], [0.9, 0.8, 0.1]) == 1.0
    assert metrics.roc_auc([0, 0, 1], [0.9, 0.8, 0.1]) == 0.0
    assert metrics.roc_auc([1, 1], [0.3, 0.4]) is None


def test_pr_curve_and_average_precision_by_hand() -> None:
    truth, scores = [1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5]
    curve = metrics.pr_curve(truth, scores)
    assert curve.thresholds.tolist() == [0.9, 0.8, 0.7, 0.6, 0.5]
    assert curve.precision.tolist() == pytest.approx([1.0, 0.5, 2 / 3, 0.5, 0.4])
    assert curve.recall.tolist() == pytest.approx([0.5, 0.5, 1.0, 1.0, 1.0])
    # AP = 0.5·1 + 0·0.5 + 0.5·(2/3)
    assert metrics.average_precision(truth, scores) == pytest.approx(0.5 + 1 / 3)
    # tied scores enter together: one threshold, P = 1/2 at R = 1
    assert metrics.average_precision([1, 0, 0], [0.5, 0.5, 0.2]) == pytest.approx(0.5)
    assert metrics.average_precision([0, 0], [0.5, 0.2]) is None


def test_latency_penalty_by_hand() -> None:
    p = metrics.latency_p(5)
    assert p == pytest.approx(math.log(3) / 4)
    assert metrics.latency_penalty(1, p) == 0.0  # warned at the first message: no penalty
    assert metrics.latency_penalty(5, p) == pytest.approx(0.5)  # at the median: half
    # k = 3: -1 + 2/(1 + 3^-1/2) = 2 - sqrt(3)
    assert metrics.latency_penalty(3, p) == pytest.approx(2 - math.sqrt(3))
    assert metrics.latency_p(1) == pytest.approx(math.log(3))  # no slope to fit: taken as a median of two


def test_latency_weighted_f1_by_hand() -> None:
    # penalties 0, 0.5, 2 - sqrt(3): median 2 - sqrt(3), speed sqrt(3) - 1
    result = metrics.latency_weighted_f1(0.8, [1, 5, 3], median_messages=5)
    assert result.speed == pytest.approx(math.sqrt(3) - 1)
    assert result.f_latency == pytest.approx(0.8 * (math.sqrt(3) - 1))
    empty = metrics.latency_weighted_f1(0.0, [], median_messages=5)
    assert empty.speed is None and empty.f_latency == 0.0


# --- labelled data ---------------------------------------------------------------------------------------------------


def test_read_labelled_jsonl() -> None:
    items = list(read_labelled(JSONL))
    assert [item.conversation.id for item in items] == ["groom-1", "sext-1", "groom-2", "benign-1", "benign-2"]
    assert [item.label for item in items] == ["grooming", "sextortion", "risky", "benign", "benign"]
    assert [item.risky for item in items] == [True, True, True, False, False]
    assert [item.onset for item in items] == [2, None, 2, None, None]
    assert items[0].suspects == {"Sam"} and items[3].suspects == frozenset()
    assert [item.source for item in items] == ["school-chat", "school-chat", "sports", "family", "sports"]
    assert items[1].conversation.messages[0].time is not None


def test_read_labelled_json_with_numeric_id_and_false_label() -> None:
    items = list(read_labelled(JSON))
    assert [item.conversation.id for item in items] == ["gaming-1", "7"]
    assert [item.label for item in items] == ["benign", "benign"]
    assert items[1].conversation.messages[1].time is not None


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


GOOD_LINE = '{"id": "a", "label": "benign", "messages": [{"author": "x", "text": "hello"}]}'


@pytest.mark.parametrize(
    ("second_line", "problem"),
    [
        ('{"id": "b", "label": "maybe", "messages": [{"author": "x", "text": "hi"}]}', '"label"'),
        ('{"id": "b", "messages": [{"author": "x", "text": "hi"}]}', '"label" is missing'),
        ('{"id": "b", "label": "benign", "messages": []}', '"messages"'),
        ('{"id": "b", "label": "benign", "messages": [{"author": "", "text": "hi"}]}', "messages[0].author"),
        ('{"id": "b", "label": 1, "onset": 5, "messages": [{"author": "x", "text": "hi"}]}', '"onset"'),
        ('{"id": "b", "label": 1, "suspects": "x", "messages": [{"author": "x", "text": "hi"}]}', '"suspects"'),
        ('{"id": "b", "label": 0, "messages": [{"author": "x", "text": "hi", "time": "soon"}]}', "time"),
        ('{"id": "b", "label": 0, "messages": [', "invalid JSON"),
        ('["not", "an", "object"]', "expected a conversation object"),
    ],
)
def test_bad_jsonl_line_names_file_and_line(tmp_path: Path, second_line: str, problem: str) -> None:
    path = _write(tmp_path / "bad.jsonl", f"{GOOD_LINE}\n{second_line}\n{GOOD_LINE}\n")
    with pytest.raises(InputError) as caught:
        list(read_labelled(path))
    assert caught.value.line == 2
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{path}:2: ")
    assert "\n" not in str(caught.value)


def test_bad_message_in_json_names_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "bad.json",
        '[\n  {"id": "a", "label": "benign", "messages": [\n    {"author": "x", "text": "hi"},\n'
        '    {"author": "x"}\n  ]}\n]\n',
    )
    with pytest.raises(InputError) as caught:
        list(read_labelled(path))
    assert caught.value.line == 4
    assert "messages[1].text" in str(caught.value)


def test_open_dataset_checks_inputs_first(tmp_path: Path) -> None:
    bad = _write(tmp_path / "late.jsonl", f'{GOOD_LINE}\n{GOOD_LINE}\n{{"id": 3}}\n')
    with pytest.raises(InputError) as caught:
        open_dataset([bad])  # before anything is analysed
    assert caught.value.line == 3
    with pytest.raises(InputError, match="no such file"):
        open_dataset([tmp_path / "missing.jsonl"])
    with pytest.raises(InputError, match="not labelled data"):
        open_dataset([_write(tmp_path / "chat.txt", "A: hi\n")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no labelled data"):
        open_dataset([empty])
    dataset = open_dataset([FIXTURES, JSONL])  # the file inside the folder is counted once
    assert [path.name for path in dataset.labelled_files] == ["synthetic.json", "synthetic.jsonl"]
    assert [corpus.name for corpus in dataset.pan_corpora] == ["synthetic-corpus.xml"]
    assert len(list(dataset)) == 2 + 5 + 3


# --- PAN 2012 --------------------------------------------------------------------------------------------------------


def test_pan_ground_truth_is_found_beside_the_corpus() -> None:
    truth = find_pan_ground_truth(PAN_XML)
    assert truth.predators == {"p1", "p2", "p9"}
    assert truth.lines is not None and ("pc01", 4) in truth.lines and ("pc02", 3) in truth.lines
    assert [Path(f).name for f in truth.predator_files] == ["synthetic-corpus-predators.txt"]


def test_pan_without_ground_truth_is_an_input_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.xml"
    corpus.write_bytes(PAN_XML.read_bytes())
    with pytest.raises(InputError, match="no PAN 2012 ground truth"):
        open_dataset([corpus])


def test_pan_training_diff_file_is_not_taken_for_predatory_lines(tmp_path: Path) -> None:
    # The training release's "-diff.txt" lists lines whose text changed between corpus versions.
    corpus = tmp_path / "corpus.xml"
    corpus.write_bytes(PAN_XML.read_bytes())
    _write(tmp_path / "x-training-corpus-predators-2012-05-01.txt", "p1\n")
    _write(tmp_path / "pan12-sexual-predator-identification-diff.txt", "pc01\t1\n")
    assert find_pan_ground_truth(corpus).lines is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("x-predators.txt", "p1\np2 p3\n"), ("x-groundtruth-problem2.txt", "pc01\t1\npc01 one\n")],
)
def test_bad_ground_truth_line(tmp_path: Path, name: str, content: str) -> None:
    corpus = tmp_path / "corpus.xml"
    corpus.write_bytes(PAN_XML.read_bytes())
    if "problem2" in name:
        _write(tmp_path / "x-predators.txt", "p1\n")
    _write(tmp_path / name, content)
    with pytest.raises(InputError) as caught:
        find_pan_ground_truth(corpus)
    assert caught.value.line == 2 and name in str(caught.value)


def test_read_pan_labels_conversations_by_listed_predators() -> None:
    corpus = PanCorpus(PAN_XML, find_pan_ground_truth(PAN_XML))
    items = {item.conversation.id: item for item in read_pan(corpus)}
    assert {key: item.risky for key, item in items.items()} == {"pc01": True, "pc02": True, "pc03": False}
    assert items["pc01"].suspects == {"p1"}
    assert items["pc01"].source == "synthetic-corpus.xml"


def test_pan_line_numbers_follow_the_line_attribute() -> None:
    corpus = PanCorpus(PAN_XML, find_pan_ground_truth(PAN_XML))
    conversations = {item.conversation.id: item.conversation for item in read_pan(corpus)}
    first = conversations["pc01"]  # its second <message> has no author: the parser skips it, PAN still numbers it
    keys = message_keys(first, set(range(len(first.messages))))
    found = pan_line_numbers(PAN_XML, set(keys.values()))
    assert [found[keys[index]] for index in range(len(first.messages))] == [1, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    same_line = conversations["pc03"]  # both messages on one line of the file: told apart by their order
    keys = message_keys(same_line, {0, 1})
    found = pan_line_numbers(PAN_XML, set(keys.values()))
    assert [found[keys[0]], found[keys[1]]] == [1, 2]


# --- the evaluation core, with a stub analyzer -----------------------------------------------------------------------


def _conversation(identifier: str, length: int) -> Conversation:
    return Conversation(id=identifier, messages=[Message(author=f"a{i % 2}", text="...") for i in range(length)])


def _analysis(conversation: Conversation, score: float, level: RiskLevel, first_alert: int | None) -> Analysis:
    return Analysis(
        id=conversation.id,
        message_count=len(conversation.messages),
        risk=Risk(score=score, level=level),
        first_alert_index=first_alert,
        alert_level="high",
        participants=[],
        findings=[],
        stages=[],
        escalation=Escalation(
            first_finding_index=None, first_request_index=None, first_extortion_index=None,
            messages_to_request=None, minutes_to_request=None, summary="",
        ),
        advice=Advice(audience="parent", summary="", steps=[], resources=[]),
    )


def test_evaluate_with_a_stub_analyzer() -> None:
    # id: (label, source, onset, length, score, level, first alert index)
    table: dict[str, tuple[str, str, int | None, int, float, RiskLevel, int | None]] = {
        "r1": ("grooming", "s1", 2, 10, 0.9, "critical", 5),
        "r2": ("grooming", "s1", None, 4, 0.7, "high", 1),
        "r3": ("sextortion", "s2", 4, 8, 0.3, "low", None),
        "b1": ("benign", "s1", None, 5, 0.8, "high", 2),
        "b2": ("benign", "s2", None, 6, 0.1, "low", None),
        "b3": ("benign", "s2", None, 3, 0.0, "none", None),
    }
    items = [
        LabelledConversation(conversation=_conversation(key, row[3]), label=row[0], source=row[1], onset=row[2])
        for key, row in table.items()
    ]

    def stub(conversation: Conversation) -> Analysis:
        row = table[conversation.id]
        return _analysis(conversation, row[4], row[5], row[6])

    result: Evaluation = evaluate(items, stub, level="high")
    c = result.conversation_metrics()
    assert (c["tp"], c["fp"], c["fn"], c["tn"]) == (2, 1, 1, 2)
    assert c["precision"] == pytest.approx(2 / 3) and c["recall"] == pytest.approx(2 / 3)
    # risky 0.9, 0.7, 0.3 against benign 0.8, 0.1, 0.0: 0.9 wins 3, 0.7 wins 2, 0.3 wins 2 -> 7 of 9
    assert c["roc_auc"] == pytest.approx(7 / 9)
    # ranked 0.9 (hit), 0.8, 0.7 (hit), 0.3 (hit): AP = 1/3·1 + 1/3·2/3 + 1/3·3/4
    assert c["pr_auc"] == pytest.approx((1 + 2 / 3 + 3 / 4) / 3)
    levels = {row["level"]: (row["risky"], row["benign"]) for row in result.level_rows()}
    assert levels == {"low": (3, 2), "medium": (2, 1), "high": (2, 1), "critical": (1, 0)}
    early = result.early_warning()
    # r1: alert at 5, onset 2 -> 3 messages later (k = 4); r2: alert at 1, no onset -> 1 (k = 2)
    assert early["true_positives"] == 2 and early["with_onset"] == 1
    assert early["median_latency"] == pytest.approx(2.0)
    assert early["median_share_seen"] == pytest.approx((6 / 10 + 2 / 4) / 2)
    assert early["median_messages"] == 8  # lengths of the risky conversations: 10, 4, 8
    p = math.log(3) / 7
    speed = 1 - (metrics.latency_penalty(4, p) + metrics.latency_penalty(2, p)) / 2
    assert early["speed"] == pytest.approx(speed)
    assert early["f_latency"] == pytest.approx(c["f1"] * speed)
    sources = {row["source"]: row for row in result.source_rows()}
    assert sources["s1"]["false_positive_rate"] == 1.0 and sources["s2"]["false_positive_rate"] == 0.0
    assert sources["s1"]["recall"] == 1.0 and sources["s2"]["recall"] == 0.0


# --- the command line ------------------------------------------------------------------------------------------------


def _eval_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["eval", *args, "--json", "--detectors", "catalogue"]) == 0
    return json.loads(capsys.readouterr().out)


def test_cli_eval_labelled_json_counts(capsys: pytest.CaptureFixture[str]) -> None:
    report = _eval_json(capsys, str(JSONL))
    c = report["conversations"]
    assert (c["total"], c["risky"], c["benign"]) == (5, 3, 2)
    # groom-1 (four warning signs) and sext-1 (a sextortion demand) reach high; groom-2 stays low; neither benign does
    assert (c["tp"], c["fp"], c["fn"], c["tn"]) == (2, 0, 1, 2)
    assert c["benign_alerted"] == 0
    assert c["suspect_identified"] == 2
    assert report["level"] == "high" and report["detectors"] == "catalogue"
    assert report["early_warning"]["true_positives"] == 2 and report["early_warning"]["with_onset"] == 1
    assert {row["source"] for row in report["sources"]} == {"school-chat", "sports", "family"}
    assert report["pan"] == [] and report["plots"] == []


def test_cli_eval_level_changes_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    report = _eval_json(capsys, str(JSONL), "--level", "low")
    c = report["conversations"]
    assert (c["tp"], c["fp"], c["fn"], c["tn"]) == (3, 1, 0, 1)  # the sports chat's school question is low risk


def test_cli_eval_pan_problems(capsys: pytest.CaptureFixture[str]) -> None:
    report = _eval_json(capsys, str(PAN_XML))
    (pan,) = report["pan"]
    problem1 = pan["problem1"]
    # p1 is predicted, p2 is missed; p9 is listed but not in this corpus
    assert (problem1["predicted"], problem1["relevant"], problem1["tp"], problem1["listed_predators"]) == (1, 2, 1, 3)
    assert problem1["precision"] == 1.0 and problem1["recall"] == 0.5
    assert problem1["f0_5"] == pytest.approx(1.25 * 0.5 / (0.25 + 0.5))
    problem2 = pan["problem2"]
    # predicted: p1's flagged PAN lines 4, 6, 8, 10; relevant: pc01 1, 4, 6, 8 and pc02 3 (zz99 is not in the corpus)
    assert (problem2["predicted"], problem2["relevant"], problem2["tp"], problem2["unmapped"]) == (4, 5, 3, 0)
    assert problem2["precision"] == 0.75 and problem2["recall"] == 0.6
    assert problem2["f3"] == pytest.approx(10 * 0.75 * 0.6 / (9 * 0.75 + 0.6))
    assert report["conversations"]["risky"] == 2 and report["conversations"]["tp"] == 1


def test_cli_eval_mixed_inputs(capsys: pytest.CaptureFixture[str]) -> None:
    report = _eval_json(capsys, str(FIXTURES))
    assert report["conversations"]["total"] == 10
    assert {row["source"] for row in report["sources"]} == {
        "school-chat", "sports", "family", "gaming", "synthetic-corpus.xml",
    }


def test_cli_eval_writes_png_plots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "plots" / "new"
    report = _eval_json(capsys, str(JSONL), "--plots", str(folder))
    names = sorted(Path(path).name for path in report["plots"])
    assert names == ["alert_latency.png", "pr_curve.png", "score_histogram.png"]
    for name in names:
        assert (folder / name).read_bytes()[:8] == PNG_SIGNATURE


def test_cli_eval_tables_carry_numbers_but_no_message_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(FIXTURES), "--detectors", "catalogue"]) == 0
    captured = capsys.readouterr()
    for heading in ("Conversations", "reaching each level", "Early warning", "By source", "PAN 2012"):
        assert heading in captured.out
    texts = [m["text"] for line in JSONL.read_text().splitlines() for m in json.loads(line)["messages"]]
    texts.append("a message without an author")
    for text in texts:
        if len(text) > 4:
            assert text not in captured.out and text not in captured.err


def test_cli_eval_bad_input_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _write(tmp_path / "bad.jsonl", f'{GOOD_LINE}\n{{"id": "b", "label": "maybe", "messages": []}}\n')
    assert main(["eval", str(bad), "--detectors", "catalogue"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad}:2:" in err
    corpus = tmp_path / "corpus.xml"
    corpus.write_bytes(PAN_XML.read_bytes())
    assert main(["eval", str(corpus), "--detectors", "catalogue"]) == 2
    assert "ground truth" in capsys.readouterr().err


def test_cli_eval_rejects_unknown_detectors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["eval", str(JSONL), "--detectors", "magic"])
    assert caught.value.code == 2
