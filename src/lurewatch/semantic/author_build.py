"""Train the author model (see `author_model.py`) on the semantic layer as `build.py` and `first_tier_build.py` left it.

    python -m lurewatch.semantic.author_build [--data ../shared/data] [--train FILE...]      (the last step of make model)

Rows: every person with at least one finding, as the combined analysis sees them at the end of each training
conversation: `eval/train/author/*.jsonl` by default (labelled synthetic conversations whose messages neither the bank
nor the probe learned) and windows of ordinary chat taken from the end of each corpus (`bench/eval_data.py` measures on
windows from the start). A suspect of a risky conversation is a positive; everyone else a negative. Positives and
negatives weigh half each. Deterministic; prints numbers only, never text.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from lurewatch.conversation import ConversationState
from lurewatch.errors import LurewatchError
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.learn.labelled import LabelledConversation
from lurewatch.model import Conversation, Message
from lurewatch.semantic.author_model import AUTHOR_MODEL_FILE, FEATURES, AuthorModel
from lurewatch.semantic.build import DEFAULT_DATA, HERE, author_files, benign_rows, read_conversations, save
from lurewatch.semantic.first_tier import FirstTier
from lurewatch.semantic.layer import SemanticLayer, default_semantic_layer
from lurewatch.semantic.probe import fit
from lurewatch.semantic.training import AUTHOR_GLOB

# The L2 penalty (on standardised features) and the threshold: this share of the training's negatives with a finding
# reach it. Chosen by 5-fold cross-validation by conversation on the training files (conversation F0.5 at high with
# the scoring rules around the model): L2 1, 3, 10 at 1 % and rates 0.5 %, 1 %, 2 % at L2 1 gave 0.915-0.921.
AUTHOR_L2 = 1.0
AUTHOR_BENIGN_RATE = 0.01
ORDINARY_WINDOW = 40
ORDINARY_WINDOWS = 150  # per corpus, from its end


def ordinary_windows(data: Path) -> Iterator[Conversation]:
    for name, rows in benign_rows(data):
        by_conversation: dict[str, list[Message]] = defaultdict(list)
        for row in rows:
            by_conversation[str(row.get("conversation_id"))].append(
                Message(author=str(row.get("author") or "?"), text=row.get("text") or "")
            )
        windows = [
            Conversation(id=f"{name}:{cid}@{start}", messages=messages[start : start + ORDINARY_WINDOW])
            for cid, messages in by_conversation.items()
            for start in range(0, len(messages), ORDINARY_WINDOW)
        ]
        yield from windows[-ORDINARY_WINDOWS:]


def summaries(layer: SemanticLayer, conversation: Conversation) -> dict[str, list[float]]:
    """Each person with a finding: their summary at the end of the conversation (as the author model reads it)."""
    state = ConversationState(default_recognizer(), semantic=layer)
    layer.prefetch([message.text for message in conversation.messages])
    for message in conversation.messages:
        state.add(message)
    return {
        name: person.score.summary()
        for name, person in state._people.items()
        if any(weight > 0 for weight in person.score.best_by_category.values())
    }


def train(layer: SemanticLayer, labelled: list[LabelledConversation], ordinary: list[Conversation]) -> AuthorModel:
    rows: list[list[float]] = []
    labels: list[bool] = []
    for item in labelled:
        for name, summary in summaries(layer, item.conversation).items():
            rows.append(summary)
            labels.append(item.risky and name in item.suspects)
    ordinary_rows = [summary for window in ordinary for summary in summaries(layer, window).values()]
    rows += ordinary_rows
    labels += [False] * len(ordinary_rows)
    x = np.array(rows, dtype=np.float64)
    y = np.array(labels, dtype=bool)
    mean = x.mean(axis=0)
    scale = np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    weights, bias = fit(((x - mean) / scale).astype(np.float32), y[:, None], AUTHOR_L2)
    model = AuthorModel(weights[0], float(bias[0]), mean.astype(np.float32), scale.astype(np.float32), 1.0, layer.digest)
    negatives = np.array([model.probability(row) for row, label in zip(rows, labels, strict=True) if not label])
    threshold = float(np.quantile(negatives, 1 - AUTHOR_BENIGN_RATE))
    positives = sum(labels)
    reached = np.mean([model.probability(row) >= threshold for row, label in zip(rows, labels, strict=True) if label])
    print(
        f"author model: {len(labelled)} conversations, {len(ordinary)} ordinary windows; {positives} suspects and "
        f"{len(rows) - positives} others with a finding ({len(ordinary_rows)} in ordinary chat); threshold "
        f"{threshold:.3f}: {reached:.1%} of the suspects reach it"
    )
    for name, weight in zip(FEATURES, model.weights.tolist(), strict=True):
        print(f"  {name:32} {weight:+.3f}")
    return AuthorModel(model.weights, model.bias, model.mean, model.scale, threshold, model.layer_digest)


def fresh_layer() -> SemanticLayer:
    """The shipped layer without an author model, and with its first tier (the author model reads what it reads)."""
    shipped = default_semantic_layer()
    tier = FirstTier.load()
    layer = SemanticLayer(shipped.bank, shipped.thresholds, None, tier, shipped.probe)
    if tier is None or layer.digest != tier.digest:
        raise LurewatchError("the first tier does not match the bank: run `python -m lurewatch.semantic.first_tier_build` first")
    return layer


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m lurewatch.semantic.author_build", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (benign/ inside)")
    parser.add_argument("--train", type=Path, nargs="+", metavar="FILE", help=f"labelled conversations (default: {AUTHOR_GLOB})")
    args = parser.parse_args()
    try:
        labelled = read_conversations(author_files(args.train))
        model = train(fresh_layer(), labelled, list(ordinary_windows(args.data)))
    except LurewatchError as error:
        print(f"lurewatch.semantic.author_build: error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    save(model.arrays(), HERE / AUTHOR_MODEL_FILE)
    print(f"wrote {AUTHOR_MODEL_FILE}")


if __name__ == "__main__":
    main()
