"""`lurewatch eval`: how well an analyzer separates risky from benign conversations, how early it warns, and how it does
on the two PAN 2012 Sexual Predator Identification problems.

The core takes an `Analyzer` (any `Conversation -> Analysis`), so the catalogue/semantic detectors and a learned scorer
are measured the same way, and tests can pass a stub. Only ids, labels, scores and indices are kept per conversation:
never message text, so a two-million-message corpus is evaluated in little memory and nothing sensitive is reported.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from lurewatch import __version__
from lurewatch.api import Detectors, analyze_conversation
from lurewatch.errors import UsageError
from lurewatch.learn.labelled import (
    Dataset,
    LabelledConversation,
    MessageKey,
    PanCorpus,
    message_keys,
    open_dataset,
    pan_line_numbers,
)
from lurewatch.learn.metrics import (
    Confusion,
    average_precision,
    latency_weighted_f1,
    median,
    pr_curve,
    roc_auc,
)
from lurewatch.learn.scorer import LearnedScorer, resolve
from lurewatch.model import RISK_LEVELS, Analysis, Conversation, RiskLevel
from lurewatch.scoring import LEVEL_THRESHOLDS, level_at_least

Analyzer = Callable[[Conversation], Analysis]
PAGE_WIDTH = 120
PLOT_FILES = ("pr_curve.png", "score_histogram.png", "alert_latency.png")
log = logging.getLogger("lurewatch.learn")


def detector_analyzer(
    detectors: Detectors = "combined", alert_level: RiskLevel = "high", model: str | None = None
) -> Analyzer:
    """lurewatch's own analysis with the chosen detectors (and learned scorer, if any); `first_alert_index` then marks
    `alert_level`."""
    scorer: LearnedScorer | None = None
    if model is not None:
        scorer = resolve(model)  # once, not per conversation; a bad model is a one-line error before any work

    def analyze(conversation: Conversation) -> Analysis:
        return analyze_conversation(conversation, detectors=detectors, alert_level=alert_level, model=scorer)

    return analyze


def reached(analysis: Analysis, level: RiskLevel) -> bool:
    # A score may in principle settle lower than its peak; having raised the alert once is what a user saw.
    return level_at_least(analysis.risk.level, level) or (
        analysis.first_alert_index is not None and level_at_least(analysis.alert_level, level)
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    """One evaluated conversation, without any of its text."""

    id: str
    source: str
    label: str
    risky: bool
    score: float
    level: RiskLevel
    alerted: bool
    first_alert_index: int | None
    onset: int | None
    message_count: int
    listed_suspects: bool
    suspect_identified: bool

    @property
    def latency(self) -> int | None:
        """Messages from the onset (message 0 when none is annotated) to the first alert; negative when the alert came
        before the annotated onset. None unless the conversation is risky and alerted."""
        if not (self.risky and self.alerted) or self.first_alert_index is None:
            return None
        return self.first_alert_index - (self.onset or 0)

    @property
    def share_seen(self) -> float | None:
        """Share of the conversation read when the alert came (the alerting message included)."""
        if self.latency is None or not self.message_count:
            return None
        assert self.first_alert_index is not None
        return (self.first_alert_index + 1) / self.message_count


@dataclass
class _PanTally:
    """What PAN problems 1 and 2 need from one corpus, gathered while its conversations stream past."""

    corpus: PanCorpus
    conversations: int = 0
    conversation_ids: set[str] = field(default_factory=set)
    authors: set[str] = field(default_factory=set)
    predicted: set[str] = field(default_factory=set)
    flagged: dict[str, list[MessageKey]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class Evaluation:
    level: RiskLevel
    outcomes: list[Outcome]
    pan: list[_PanTally]
    median_messages: float | None = None  # for the latency penalty; None: the median length of the risky conversations

    # --- conversation level ---

    def confusion(self) -> Confusion:
        return Confusion.of((o.risky for o in self.outcomes), (o.alerted for o in self.outcomes))

    def conversation_metrics(self) -> dict[str, Any]:
        counts = self.confusion()
        truth = [o.risky for o in self.outcomes]
        scores = [o.score for o in self.outcomes]
        benign = counts.fp + counts.tn
        listed = [o for o in self.outcomes if o.risky and o.alerted and o.listed_suspects]
        return {
            "total": len(self.outcomes),
            "risky": counts.tp + counts.fn,
            "benign": benign,
            "tp": counts.tp,
            "fp": counts.fp,
            "fn": counts.fn,
            "tn": counts.tn,
            "precision": counts.precision,
            "recall": counts.recall,
            "f1": counts.f1,
            "f0_5": counts.fbeta(0.5),
            "roc_auc": roc_auc(truth, scores),
            "pr_auc": average_precision(truth, scores),
            "benign_alerted": counts.fp,
            "benign_alert_rate": counts.false_positive_rate,
            # Of the alerted risky conversations that name their suspects: was lurewatch's suspect one of them?
            "alerted_with_listed_suspects": len(listed),
            "suspect_identified": sum(o.suspect_identified for o in listed),
        }

    def level_rows(self) -> list[dict[str, Any]]:
        risky = [o for o in self.outcomes if o.risky]
        benign = [o for o in self.outcomes if not o.risky]
        rows = []
        for name in RISK_LEVELS[1:]:
            risky_at = sum(level_at_least(o.level, name) for o in risky)
            benign_at = sum(level_at_least(o.level, name) for o in benign)
            rows.append({
                "level": name,
                "risky": risky_at,
                "risky_share": risky_at / len(risky) if risky else None,
                "benign": benign_at,
                "benign_share": benign_at / len(benign) if benign else None,
            })
        return rows

    def early_warning(self) -> dict[str, Any]:
        alerted = [o for o in self.outcomes if o.latency is not None]
        latencies = [o.latency for o in alerted if o.latency is not None]
        lengths = [o.message_count for o in self.outcomes if o.risky]
        median_messages = self.median_messages if self.median_messages is not None else median(lengths)
        # k counts the messages read from the onset through the alerting one; an alert before the onset is immediate.
        ks = [max(latency, 0) + 1 for latency in latencies]
        weighted = latency_weighted_f1(self.confusion().f1, ks, median_messages or 1.0)
        return {
            "true_positives": len(alerted),
            "with_onset": sum(o.onset is not None for o in alerted),
            "median_latency": median(latencies),
            "mean_latency": statistics.fmean(latencies) if latencies else None,
            "alerts_before_onset": sum(latency < 0 for latency in latencies),
            "median_share_seen": median([o.share_seen for o in alerted if o.share_seen is not None]),
            "median_messages": median_messages,
            "p": weighted.p,
            "speed": weighted.speed,
            "f1": weighted.f1,
            "f_latency": weighted.f_latency,
        }

    def source_rows(self) -> list[dict[str, Any]]:
        by_source: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            by_source[outcome.source].append(outcome)
        rows = []
        for source, outcomes in sorted(by_source.items()):
            counts = Confusion.of((o.risky for o in outcomes), (o.alerted for o in outcomes))
            rows.append({
                "source": source,
                "conversations": len(outcomes),
                "risky": counts.tp + counts.fn,
                "risky_alerted": counts.tp,
                "recall": counts.recall if counts.tp + counts.fn else None,
                "benign": counts.fp + counts.tn,
                "benign_alerted": counts.fp,
                "false_positive_rate": counts.false_positive_rate if counts.fp + counts.tn else None,
            })
        return rows

    # --- PAN 2012 ---

    def pan_results(self) -> list[dict[str, Any]]:
        return [_pan_result(tally) for tally in self.pan]

    def to_dict(self) -> dict[str, Any]:
        return {
            "lurewatch_version": __version__,
            "level": self.level,
            "conversations": self.conversation_metrics(),
            "levels": self.level_rows(),
            "early_warning": self.early_warning(),
            "sources": self.source_rows(),
            "pan": self.pan_results(),
        }


def _retrieval(counts: Confusion, beta: float) -> dict[str, Any]:
    return {
        "predicted": counts.tp + counts.fp,
        "relevant": counts.tp + counts.fn,
        "tp": counts.tp,
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
        f"f{beta:g}".replace(".", "_"): counts.fbeta(beta),
    }


def _pan_result(tally: _PanTally) -> dict[str, Any]:
    """PAN 2012 as its overview (Inches & Crestani 2012) scores it: problem 1 by precision, recall and F0.5 over author
    ids (precision weighed more: a wrongly accused person is the costlier error); problem 2 by precision, recall and F3
    over (conversation, line) pairs (recall weighed more: a moderator should see every predatory line)."""
    truth = tally.corpus.truth
    # Only what occurs in this corpus counts: a ground-truth file for the whole release may come with an excerpt.
    relevant_authors = truth.predators & tally.authors
    problem1 = _retrieval(Confusion.of_sets(relevant_authors, tally.predicted), 0.5)
    problem1["listed_predators"] = len(truth.predators)
    result: dict[str, Any] = {
        "corpus": tally.corpus.name,
        "path": str(tally.corpus.path),
        "ground_truth": [*truth.predator_files, *truth.line_files],
        "conversations": tally.conversations,
        "authors": len(tally.authors),
        "problem1": problem1,
        "problem2": None,
    }
    if truth.lines is not None:
        wanted = {key for author in tally.predicted for key in tally.flagged.get(author, [])}
        mapped = pan_line_numbers(tally.corpus.path, wanted)
        # A predicted message without a PAN line number still counts as predicted (it can only be wrong).
        predicted: set[object] = {(key[0], mapped[key]) if key in mapped else key for key in wanted}
        relevant_lines = {pair for pair in truth.lines if pair[0] in tally.conversation_ids}
        problem2 = _retrieval(Confusion.of_sets(relevant_lines, predicted), 3.0)
        problem2["unmapped"] = len(wanted) - len(mapped)
        result["problem2"] = problem2
    return result


def evaluate(
    items: Iterable[LabelledConversation],
    analyzer: Analyzer,
    *,
    level: RiskLevel = "high",
    pan_corpora: Iterable[PanCorpus] = (),
    median_messages: float | None = None,
) -> Evaluation:
    """Analyse every labelled conversation once with `analyzer` (built for the same alert `level`) and keep what the
    metrics need. `pan_corpora` fixes the order of the PAN results; a corpus met in `items` is added anyway."""
    tallies: dict[Path, _PanTally] = {corpus.path: _PanTally(corpus) for corpus in pan_corpora}
    outcomes: list[Outcome] = []
    for item in items:
        analysis = analyzer(item.conversation)
        alerted = reached(analysis, level)
        suspects = {p.name for p in analysis.participants if p.role == "suspect"}
        outcomes.append(
            Outcome(
                id=item.conversation.id,
                source=item.source,
                label=item.label,
                risky=item.risky,
                score=analysis.risk.score,
                level=analysis.risk.level,
                alerted=alerted,
                first_alert_index=analysis.first_alert_index,
                onset=item.onset,
                message_count=len(item.conversation.messages),
                listed_suspects=bool(item.suspects),
                suspect_identified=bool(suspects & item.suspects),
            )
        )
        if item.corpus is not None:
            tally = tallies.setdefault(item.corpus.path, _PanTally(item.corpus))
            _tally_pan(tally, item.conversation, analysis, suspects if alerted else set())
    return Evaluation(level=level, outcomes=outcomes, pan=list(tallies.values()), median_messages=median_messages)


def _tally_pan(tally: _PanTally, conversation: Conversation, analysis: Analysis, predicted: set[str]) -> None:
    tally.conversations += 1
    tally.conversation_ids.add(conversation.id)
    tally.authors.update(conversation.participants)
    tally.predicted.update(predicted)
    # Problem 2 predicts the lines of predicted predators that carry a finding. Whether an author is predicted is only
    # known once the whole corpus is read, so every author's flagged messages are kept (positions only).
    indices = {f.message_index for f in analysis.findings if 0 <= f.message_index < len(conversation.messages)}
    for index, key in sorted(message_keys(conversation, indices).items()):
        tally.flagged[conversation.messages[index].author].append(key)


# --- plots -----------------------------------------------------------------------------------------------------------


def write_plots(evaluation: Evaluation, folder: Path) -> list[Path]:
    """PR curve, score histograms by class and the alert-latency histogram as PNGs in `folder` (created if needed)."""
    # Imported here: matplotlib takes a while to load and only --plots needs it. Figure + Agg canvas, not pyplot:
    # no global backend state, no display needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--plots {folder}: cannot create the folder: {exc.strerror or exc}") from None
    truth = [o.risky for o in evaluation.outcomes]
    scores = [o.score for o in evaluation.outcomes]
    written: list[Path] = []

    def save(figure: Figure, name: str) -> None:
        FigureCanvasAgg(figure)
        path = folder / name
        figure.savefig(path, format="png", dpi=110)
        written.append(path)

    figure = Figure(figsize=(5.5, 4.5), layout="constrained")
    axes = figure.add_subplot()
    ap = average_precision(truth, scores)
    if ap is not None:
        curve = pr_curve(truth, scores)
        axes.step([0.0, *curve.recall], [1.0, *curve.precision], where="post")
        axes.set_title(f"Precision-recall (average precision {ap:.3f})")
    else:
        axes.set_title("Precision-recall: needs risky and benign conversations")
    axes.set_xlabel("recall")
    axes.set_ylabel("precision")
    axes.set_xlim(0, 1.02)
    axes.set_ylim(0, 1.02)
    save(figure, PLOT_FILES[0])

    figure = Figure(figsize=(6, 4.5), layout="constrained")
    axes = figure.add_subplot()
    for risky, name in ((False, "benign"), (True, "risky")):
        values = [o.score for o in evaluation.outcomes if o.risky is risky]
        axes.hist(values, bins=[i / 20 for i in range(21)], alpha=0.6, label=f"{name} ({len(values)})")
    for level_name in RISK_LEVELS[1:]:
        axes.axvline(LEVEL_THRESHOLDS[level_name], color="grey", linestyle=":", linewidth=0.8)
    axes.set_yscale("symlog", linthresh=1)
    axes.set_title("Risk score by class (dotted: level thresholds)")
    axes.set_xlabel("risk score")
    axes.set_ylabel("conversations")
    axes.legend()
    save(figure, PLOT_FILES[1])

    figure = Figure(figsize=(6, 4.5), layout="constrained")
    axes = figure.add_subplot()
    latencies = [o.latency for o in evaluation.outcomes if o.latency is not None]
    if latencies:
        low, high = min(latencies), max(latencies)
        # Latencies are whole messages: one bar per message count while that stays readable, 30 bins beyond.
        bins: Any = [x - 0.5 for x in range(low, high + 2)] if high - low <= 60 else 30
        axes.hist(latencies, bins=bins)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(f"Messages from onset to first {evaluation.level} alert ({len(latencies)} risky)")
    axes.set_xlabel("messages after onset (message 0 without an annotated onset)")
    axes.set_ylabel("conversations")
    save(figure, PLOT_FILES[2])
    return written


# --- command line ----------------------------------------------------------------------------------------------------


def analyzer_for(args: argparse.Namespace) -> Analyzer:
    """The analyzer the command line asks for: anything that turns a Conversation into an Analysis is evaluated the
    same way."""
    return detector_analyzer(args.detectors, args.level, args.model)


def eval_command(args: argparse.Namespace) -> int:
    dataset: Dataset = open_dataset(args.inputs)
    evaluation = evaluate(dataset, analyzer_for(args), level=args.level, pan_corpora=dataset.pan_corpora)
    if not evaluation.outcomes:
        raise UsageError("no labelled conversations found in the input")
    report = evaluation.to_dict()
    report["detectors"] = args.detectors
    report["model"] = args.model
    report["inputs"] = [str(item) for item in args.inputs]
    report["plots"] = [str(path) for path in write_plots(evaluation, Path(args.plots))] if args.plots else []
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        # A terminal gets its own width; a pipe or file a wide page, so the tables do not fold into narrow columns.
        render(Console(highlight=False, width=None if sys.stdout.isatty() else PAGE_WIDTH), report)
    return 0


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _share(count: int, share: float | None) -> str:
    return f"{count}" if share is None else f"{count} ({share:.1%})"


def render(console: Console, report: dict[str, Any]) -> None:
    """The report as Rich tables: conversations, levels, early warning, sources, then each PAN corpus."""
    level = report["level"]
    c = report["conversations"]
    table = Table(title=f"Conversations: alert at {level} or above", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("conversations (risky / benign)", f"{c['total']} ({c['risky']} / {c['benign']})"),
        ("TP / FP / FN / TN", f"{c['tp']} / {c['fp']} / {c['fn']} / {c['tn']}"),
        ("precision", _fmt(c["precision"])),
        ("recall", _fmt(c["recall"])),
        ("F1", _fmt(c["f1"])),
        ("F0.5", _fmt(c["f0_5"])),
        ("ROC AUC (risk score)", _fmt(c["roc_auc"])),
        ("PR AUC (average precision)", _fmt(c["pr_auc"])),
        ("benign conversations alerted", _share(c["benign_alerted"], c["benign_alert_rate"] if c["benign"] else None)),
    ]
    if c["alerted_with_listed_suspects"]:
        rows.append(("suspect named correctly", f"{c['suspect_identified']} of {c['alerted_with_listed_suspects']}"))
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)

    table = Table(title="Conversations reaching each level", title_justify="left")
    for column in ("level", "risky", "benign"):
        table.add_column(column, justify="left" if column == "level" else "right")
    for row in report["levels"]:
        table.add_row(row["level"], _share(row["risky"], row["risky_share"]), _share(row["benign"], row["benign_share"]))
    console.print(table)

    e = report["early_warning"]
    table = Table(title=f"Early warning (risky conversations alerted at {level})", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in (
        ("alerted risky conversations (with an onset)", f"{e['true_positives']} ({e['with_onset']})"),
        ("median messages from onset to alert", _fmt(e["median_latency"])),
        ("mean messages from onset to alert", _fmt(e["mean_latency"])),
        ("alerts before the annotated onset", str(e["alerts_before_onset"])),
        ("median share of the chat read at the alert", "–" if e["median_share_seen"] is None
         else f"{e['median_share_seen']:.1%}"),
        ("latency-weighted F1 (speed × F1)", f"{_fmt(e['f_latency'])} (speed {_fmt(e['speed'])} × F1 {_fmt(e['f1'])})"),
        ("penalty 0.5 at (median risky chat length)", f"{_fmt(e['median_messages'])} messages, p = {_fmt(e['p'])}"),
    ):
        table.add_row(name, value)
    console.print(table)

    table = Table(title="By source", title_justify="left")
    for column in ("source", "conversations", "risky alerted", "recall", "benign alerted", "false-positive rate"):
        table.add_column(column, justify="left" if column == "source" else "right", overflow="fold")
    for row in report["sources"]:
        table.add_row(
            row["source"],
            str(row["conversations"]),
            f"{row['risky_alerted']} of {row['risky']}",
            _fmt(row["recall"]),
            f"{row['benign_alerted']} of {row['benign']}",
            _fmt(row["false_positive_rate"]),
        )
    console.print(table)

    for pan in report["pan"]:
        table = Table(
            title=f"PAN 2012 · {pan['corpus']} ({pan['conversations']} conversations, {pan['authors']} authors)",
            title_justify="left",
        )
        for column in ("problem", "predicted", "relevant", "correct", "precision", "recall", "F1", "Fβ"):
            table.add_column(column, justify="left" if column == "problem" else "right")
        p1 = pan["problem1"]
        table.add_row("1 predators (Fβ = F0.5)", str(p1["predicted"]), str(p1["relevant"]), str(p1["tp"]),
                      _fmt(p1["precision"]), _fmt(p1["recall"]), _fmt(p1["f1"]), _fmt(p1["f0_5"]))
        p2 = pan["problem2"]
        if p2 is None:
            table.add_row("2 predatory lines", "no ground truth", "", "", "", "", "", "")
        else:
            table.add_row("2 predatory lines (Fβ = F3)", str(p2["predicted"]), str(p2["relevant"]), str(p2["tp"]),
                          _fmt(p2["precision"]), _fmt(p2["recall"]), _fmt(p2["f1"]), _fmt(p2["f3"]))
        console.print(table)
    for path in report.get("plots", []):
        console.print(f"wrote {path}")
