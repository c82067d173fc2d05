"""Validation numbers of the learned scorer (numbers only: no message text is ever printed).

    .venv/bin/python bench/train_eval.py                      # validation by chat, cross-source, end to end (held-out)
    .venv/bin/python bench/train_eval.py --detectors combined --end-to-end 120   # end to end with the semantic layer
    .venv/bin/python bench/train_eval.py --labelled eval/heldout/dev.jsonl --model default   # a labelled set

1. Validation by chat: 5 folds split by chat / conversation id; every window and prefix of 5/10/20/40 messages scored
   out of fold at its worst moment; per level the participant precision (offender vs decoy and ordinary chat), the
   window precision (at this set's mix of chats), the share of each ordinary corpus' windows reaching it, and the share
   of Perverted-Justice offenders reaching it within the first 5/10/20/40 messages.
2. Cross-source: the whole pipeline (fit, calibration, thresholds) without one ordinary corpus, tested on it.
3. End to end, held out: a model trained without fold 0 analyses fold 0 with `analyze_conversation(..., model=...)`
   exactly as a user would: offenders within their first 20 lines (interleaved with the decoy's, as
   bench/eval_data.py does) and within the first 20 messages; windows of 20 messages of each ordinary corpus.
4. `--labelled FILE...`: a labelled set (JSON/JSONL, PAN 2012) with the chosen model against the rules alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from lurewatch.api import DETECTORS, analyze_conversation
from lurewatch.learn import train as T
from lurewatch.learn.scorer import LearnedScorer
from lurewatch.model import Analysis, Conversation
from lurewatch.scoring import level_at_least

LEVELS = ("medium", "high", "critical")


def section(title: str) -> None:
    print(f"\n== {title}")


def validation(table: T.FeatureTable, everything: np.ndarray) -> T.Validation:
    section("1. validation by chat (5-fold, split by chat / conversation id; out-of-fold worst moment per window)")
    v = T.validate(table, everything)
    r = v.report
    print("thresholds (calibrated probability): " + ", ".join(f"{k} {t:.4f}" for k, t in v.thresholds.items()))
    units = r["units"]
    print(
        f"windows: {units['risky']} offender-chat windows, "
        + ", ".join(f"{k.removeprefix('benign:')} {n}" for k, n in units["benign"].items())
        + f"; participants: {units['participants_positive']} offenders, {units['participants_negative']} others"
    )
    corpora = sorted(r["high"]["benign_window_fpr"])
    print(f"{'level':9} {'part.prec':>9} {'part.rec':>9} {'win.prec':>9} {'win.rec':>8}  benign window FPR: "
          + " ".join(f"{c.removeprefix('benign:')[:14]:>14}" for c in corpora))  # fmt: skip
    for level in ("low", *LEVELS):
        row = r[level]
        print(
            f"{level:9} {row['participant_precision']:9.4f} {row['participant_recall']:9.4f} "
            f"{row['window_precision']:9.4f} {row['window_recall']:8.4f}  {'':19}"
            + " ".join(f"{row['benign_window_fpr'][c]:14.5f}" for c in corpora)
        )
    print("PJ offenders reaching a level within the first N messages (prefixes, out of fold):")
    for name, row in r["pj_offender_prefix_recall"].items():
        print(f"  {name:20} " + "  ".join(f"{lvl} {row[lvl]:.4f}" for lvl in LEVELS) + f"  (chats {row['chats']})")
    p = T.probabilities(v.z, v.calibration)
    print("length check (Spearman of window size and score, within class):", T.length_check(table, p))
    return v


def cross(table: T.FeatureTable) -> None:
    section("2. cross-source: trained, calibrated and thresholded without the corpus, tested on all its windows")
    for name, row in T.cross_source(table).items():
        print(
            f"  {name.removeprefix('benign:'):26} windows {row['windows']:6d}  "
            + "  ".join(f"FPR {lvl} {row[f'fpr_{lvl}']:.5f}" for lvl in LEVELS)
            + f"  | PJ first 20 msgs at high {row['pj_first_20_high']:.4f}, part. precision {row['participant_precision_high']:.4f}"
        )


def held_out_scorer(table: T.FeatureTable) -> LearnedScorer:
    folds = T.fold_of(table.conv_group)[table.unit_conv[table.row_unit]]
    kept = folds != 0
    inner = T.validate(table, kept)
    model = T.fit(table, kept)
    return LearnedScorer(
        features=table.names,
        weights=tuple(float(w) for w in model.weights),
        bias=model.bias,
        calibration=inner.calibration,
        thresholds=inner.thresholds,
    )


def end_to_end(data: T.TrainingData, table: T.FeatureTable, detectors: str, limit: int) -> None:
    section(f"3. end to end on held-out fold 0 (model trained on folds 1-4), detectors={detectors}")
    scorer = held_out_scorer(table)
    held = [c for c in data.conversations if T._hash_int(f"fold:{c.group}") % T.FOLDS == 0]

    def run(conversation: Conversation, model: LearnedScorer | None) -> Analysis:
        return analyze_conversation(conversation, detectors=detectors, model=model)  # type: ignore[arg-type]

    started = time.monotonic()
    pj = [c for c in held if c.corpus == "pj" and c.positives][:limit]
    for label, cut in (("first 20 offender lines", _first_lines), ("first 20 messages", _first_messages)):
        counts = {"model": np.zeros(len(LEVELS)), "rules": np.zeros(len(LEVELS))}
        suspect = 0
        for item in pj:
            conversation = cut(item)
            offender = next(iter(item.positives))
            for name, model in (("model", scorer), ("rules", None)):
                analysis = run(conversation, model)
                person = next(p for p in analysis.participants if p.name == offender)
                counts[name] += [level_at_least(person.risk.level, lvl) for lvl in LEVELS]
                if name == "model" and person.role == "suspect":
                    suspect += 1
        n = max(len(pj), 1)
        for name, values in counts.items():
            print(f"  PJ offenders, {label:24} {name:5}: " + "  ".join(
                f"{lvl} {v / n:.4f}" for lvl, v in zip(LEVELS, values, strict=True)) + f"  (chats {len(pj)})")  # fmt: skip
        print(f"  PJ offenders, {label:24} named suspect (model run): {suspect / n:.4f}")
    for corpus in sorted({c.corpus for c in held if not c.risky}):
        windows = [w for c in held if c.corpus == corpus for w in _windows(c, 20)][: limit * 5]
        counts = {"model": np.zeros(len(LEVELS)), "rules": np.zeros(len(LEVELS))}
        for window in windows:
            for name, model in (("model", scorer), ("rules", None)):
                counts[name] += [level_at_least(run(window, model).risk.level, lvl) for lvl in LEVELS]
        n = max(len(windows), 1)
        for name, values in counts.items():
            print(f"  {corpus.removeprefix('benign:'):22} windows of up to 20 messages {name:5}: " + "  ".join(
                f"FPR {lvl} {v / n:.5f}" for lvl, v in zip(LEVELS, values, strict=True)) + f"  (windows {len(windows)})")  # fmt: skip
    print(f"  ({time.monotonic() - started:.0f} s)")


def _first_lines(item: T.TrainingConversation, lines: int = 20) -> Conversation:
    offender = next(iter(item.positives))
    kept, seen = [], 0
    for message in item.conversation.messages:
        kept.append(message)
        seen += message.author == offender
        if seen >= lines:
            break
    return Conversation(id=item.conversation.id, messages=kept)


def _first_messages(item: T.TrainingConversation, count: int = 20) -> Conversation:
    return Conversation(id=item.conversation.id, messages=item.conversation.messages[:count])


def _windows(item: T.TrainingConversation, size: int) -> list[Conversation]:
    messages = item.conversation.messages
    return [
        Conversation(id=f"{item.conversation.id}@{start}", messages=messages[start : start + size])
        for start in range(0, max(len(messages) - size + 1, 1), size)
    ]


def labelled(paths: list[str], model: str, detectors: str) -> None:
    from lurewatch.learn.evaluate import evaluate
    from lurewatch.learn.labelled import open_dataset

    section(f"4. labelled data ({len(paths)} input(s)), detectors={detectors}")
    dataset = open_dataset(paths)
    scorer = LearnedScorer.load(model)
    analyzers: dict[str, Callable[[Conversation], Analysis]] = {
        "rules": lambda c: analyze_conversation(c, detectors=detectors),  # type: ignore[arg-type]
        f"model {model}": lambda c: analyze_conversation(c, detectors=detectors, model=scorer),  # type: ignore[arg-type]
    }
    for name, analyzer in analyzers.items():
        report: dict[str, Any] = evaluate(dataset, analyzer, level="high").to_dict()
        m = report["conversations"]
        print(
            f"  {name:22} at high: TP {m['tp']} FP {m['fp']} FN {m['fn']} TN {m['tn']}  precision {m['precision']:.3f}"
            f"  recall {m['recall']:.3f}  F0.5 {m['f0_5']:.3f}  ROC AUC {m['roc_auc'] or 0:.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(T.DEFAULT_DATA), help="research corpora folder (../shared/data)")
    parser.add_argument("--detectors", choices=DETECTORS, default="catalogue", help="for the end-to-end runs")
    parser.add_argument("--end-to-end", type=int, default=200, metavar="N", help="held-out PJ chats (0: skip)")
    parser.add_argument("--no-cross-source", action="store_true")
    parser.add_argument("--labelled", nargs="*", default=[], metavar="FILE", help="labelled sets to evaluate")
    parser.add_argument("--model", default="default", help="model for --labelled: a folder or default")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    data = T.read_inputs([], Path(args.data))
    table = T.build_table(data, jobs=args.jobs)  # training features: always the catalogue (see train.py)
    everything = np.ones(len(table.row_role), dtype=bool)
    print(f"data digest {data.digest[:16]}, {len(data.conversations)} conversations, {len(table.unit_conv)} units")
    validation(table, everything)
    if not args.no_cross_source:
        cross(table)
    if args.end_to_end:
        end_to_end(data, table, args.detectors, args.end_to_end)
    if args.labelled:
        labelled(args.labelled, args.model, args.detectors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
