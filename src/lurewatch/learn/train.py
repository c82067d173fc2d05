"""Training the learned scorer (`lurewatch train`, and `python -m lurewatch.learn.train --default` for the bundled one).

Data
- research corpora (a folder holding `pj-lines.jsonl.gz` and `benign/*.jsonl.gz`, as `../shared/data`): the
  Perverted-Justice chats, split by role, are rebuilt by interleaving the offender's and the decoy's lines (their order
  between roles is lost; which one speaks first is decided by a hash of the chat id, so "who spoke first" cannot be
  learned); the ordinary-chat corpora are read per conversation;
- labelled JSON/JSONL and PAN 2012 XML with its predator list (`learn/labelled.py`): a user's own examples.

Units: prefixes (the first 5, 10, 20, 40 messages) and windows of the same sizes at seeded offsets, so the model sees
short and long stretches of every source alike; in each unit every participant is one example: the offender (a listed
suspect) is positive, everyone else negative (the decoy, whoever is in an ordinary chat). Features come from the
analysis of the unit (`features.py`), taken at the end of the unit and after every message that raised a finding (the
moments a live alert could fire).

Model: logistic regression (numpy, Newton's method), an L2 penalty that pulls each weight towards a prior taken from
the catalogue's severities rather than towards zero (a category the training data never shows, such as a sextortion
demand, keeps the weight the catalogue gives it instead of none), class and corpus weights so that no corpus dominates
by its size. Splits are by chat / conversation id, never by line. Out-of-fold predictions calibrate the probability
(Platt) and choose the level thresholds (`high` at a stated precision, with a false-positive ceiling on every ordinary
corpus; `medium` catching most of the rest). Cross-source: the same pipeline is run without one ordinary corpus and
tested on it.

Determinism: sorted inputs, seeded windows, a fixed fold hash, Newton's method (no random initialisation); weights
rounded to 6 decimals in the file. Same data, same code: same `weights_sha256`.

No message text is ever logged, cached or written: only features (numbers), ids and counts.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import math
import multiprocessing
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lurewatch import __version__
from lurewatch.errors import InputError, UsageError
from lurewatch.indicators.catalogue import load_catalogue
from lurewatch.indicators.recognizer import default_recognizer
from lurewatch.learn.features import (
    CERTAIN_ALONE,
    EVIDENCE_FEATURES,
    FEATURE_VERSION,
    NONNEGATIVE,
    all_participant_features,
    feature_space,
)
from lurewatch.learn.scorer import SCALED_LEVELS, LearnedScorer
from lurewatch.model import Conversation, Message

log = logging.getLogger("lurewatch.learn")

REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO.parent / "shared" / "data"  # ../shared/data relative to the repository
DEFAULT_OUT = Path(__file__).resolve().parent / "default"
PJ_FILE = "pj-lines.jsonl.gz"
BENIGN_FOLDER = "benign"
CACHE_DIR = Path(os.environ.get("LUREWATCH_CACHE", "/tmp/lurewatch-learn-cache"))

SEED = 20261129
SIZES = (5, 10, 20, 40)
PJ_WINDOWS = 4  # windows per size per PJ chat
OTHER_WINDOWS_TARGET = 1500  # windows per size per other corpus, spread over its conversations
MIN_WINDOWS = 4
FOLDS = 5
L2 = 1e-4  # per unit of total sample weight (which sums to 2)
NEWTON_STEPS = 50
PRIOR_PER_WEIGHT = 4.0  # prior log-odds per unit of a category's strongest finding weight (severity x confidence)
# Sample weight shares: positives, the other person in a risky conversation (the decoy), ordinary chat.
SHARE_POSITIVE, SHARE_PARTNER, SHARE_BENIGN = 1.0, 0.35, 0.65
# Level thresholds, chosen on out-of-fold peaks of validation windows:
HIGH_PRECISION = 0.99  # window (conversation) precision at high, at the validation set's mix of chats
HIGH_MAX_BENIGN_FPR = 0.003  # ... and at most this share of the windows of any ordinary corpus at high
CRITICAL_PRECISION = 0.95  # participant precision at critical: the person named is the offender
CRITICAL_MAX_BENIGN_FPR = 0.0005
MEDIUM_RECALL_OF_REST = 0.75  # medium catches this share of the offenders (with any evidence) that high misses
MEDIUM_MAX_BENIGN_FPR = 0.02
LOW_RECALL = 0.97  # of the offenders with any evidence

ROLE_OTHER, ROLE_POSITIVE, ROLE_PARTNER = 0, 1, 2
SETTINGS = {
    "sizes": list(SIZES),
    "folds": FOLDS,
    "l2": L2,
    "prior_per_weight": PRIOR_PER_WEIGHT,
    "seed": SEED,
    "pj_windows": PJ_WINDOWS,
    "other_windows_target": OTHER_WINDOWS_TARGET,
    "high_precision": HIGH_PRECISION,
    "high_max_benign_fpr": HIGH_MAX_BENIGN_FPR,
    "critical_precision": CRITICAL_PRECISION,
    "critical_max_benign_fpr": CRITICAL_MAX_BENIGN_FPR,
    "medium_recall_of_rest": MEDIUM_RECALL_OF_REST,
    "medium_max_benign_fpr": MEDIUM_MAX_BENIGN_FPR,
    "low_recall": LOW_RECALL,
}


@dataclass(frozen=True)
class TrainingConversation:
    corpus: str  # "pj", "benign:<name>" or a labelled file's source
    group: str  # the split key: a chat or conversation id (never split further)
    conversation: Conversation
    risky: bool
    positives: frozenset[str] = frozenset()
    infer_suspect: bool = False  # risky, but nobody named: the analysis' suspect is the positive


@dataclass
class DataFile:
    name: str
    sha256: str


@dataclass
class TrainingData:
    conversations: list[TrainingConversation] = field(default_factory=list)
    files: list[DataFile] = field(default_factory=list)

    @property
    def digest(self) -> str:
        listing = "\n".join(f"{f.name}\t{f.sha256}" for f in sorted(self.files, key=lambda f: (f.name, f.sha256)))
        return hashlib.sha256(listing.encode()).hexdigest()


# --- reading ---------------------------------------------------------------------------------------------------------


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _hash_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def read_pj(path: Path) -> Iterator[TrainingConversation]:
    """Perverted-Justice chats by role, rebuilt as conversations (lines of the two roles interleaved)."""
    chats: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"predator": [], "decoy": []})
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            try:
                item = json.loads(line)
                chats[str(item["chat"])][str(item["role"])].append(str(item["text"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(str(path), 'expected {"chat", "role", "text"}', line=number) from None
    for chat_id in sorted(chats):
        lines = chats[chat_id]
        offender_first = _hash_int(f"first:{chat_id}") % 2 == 0
        names = ("user_a", "user_b") if offender_first else ("user_b", "user_a")
        offender, decoy = names
        roles = [(offender, lines["predator"]), (decoy, lines["decoy"])]
        if not offender_first:
            roles.reverse()
        messages: list[Message] = []
        for index in range(max(len(lines["predator"]), len(lines["decoy"]))):
            for author, texts in roles:
                if index < len(texts):
                    messages.append(Message(author=author, text=texts[index]))
        if messages:
            yield TrainingConversation(
                corpus="pj",
                group=f"pj/{chat_id}",
                conversation=Conversation(id=chat_id, messages=messages),
                risky=True,
                positives=frozenset([offender]) if lines["predator"] else frozenset(),
            )


def read_benign(path: Path) -> Iterator[TrainingConversation]:
    """An ordinary-chat corpus: `{"conversation_id", "author", "text"}` per line, in the corpus' own order."""
    name = path.name.removesuffix(".gz").removesuffix(".jsonl")
    conversations: dict[str, list[Message]] = {}
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                conversation_id, author, text = str(item["conversation_id"]), str(item["author"]), str(item["text"])
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(str(path), 'expected {"conversation_id", "author", "text"}', line=number) from None
            conversations.setdefault(conversation_id, []).append(Message(author=author, text=text))
    for conversation_id, messages in conversations.items():
        yield TrainingConversation(
            corpus=f"benign:{name}",
            group=f"{name}/{conversation_id}",
            conversation=Conversation(id=conversation_id, messages=messages),
            risky=False,
        )


def is_research_folder(path: Path) -> bool:
    return path.is_dir() and (path / PJ_FILE).is_file()


def read_research(folder: Path, data: TrainingData, leave_out: Sequence[str] = ()) -> None:
    pj = folder / PJ_FILE
    data.files.append(DataFile(PJ_FILE, file_digest(pj)))
    data.conversations.extend(read_pj(pj))
    for path in sorted((folder / BENIGN_FOLDER).glob("*.jsonl.gz")):
        if path.name.removesuffix(".jsonl.gz") in leave_out:
            continue
        data.files.append(DataFile(f"{BENIGN_FOLDER}/{path.name}", file_digest(path)))
        data.conversations.extend(read_benign(path))


def read_labelled_inputs(inputs: Sequence[Path], data: TrainingData) -> None:
    """A user's labelled JSON/JSONL files and PAN 2012 corpora (with their ground truth beside them)."""
    from lurewatch.learn.labelled import PanCorpus, open_dataset, read_labelled, read_pan

    dataset = open_dataset(inputs)
    for item in dataset.order:
        if isinstance(item, PanCorpus):
            files = [item.path, *map(Path, item.truth.predator_files)]
            items: Iterable[Any] = read_pan(item)
        else:
            files = [item]
            items = read_labelled(item)
        for path in files:
            data.files.append(DataFile(path.name, file_digest(path)))
        for labelled in items:
            conversation = labelled.conversation
            data.conversations.append(
                TrainingConversation(
                    corpus=labelled.source,
                    group=f"{labelled.source}/{conversation.id}",
                    conversation=conversation,
                    risky=labelled.risky,
                    positives=labelled.suspects if labelled.risky else frozenset(),
                    infer_suspect=labelled.risky and not labelled.suspects,
                )
            )


def read_inputs(inputs: Sequence[str | Path], base: Path | None) -> TrainingData:
    data = TrainingData()
    if base is not None:
        if not is_research_folder(base):
            raise UsageError(f"{base}: no research corpora here (expected {PJ_FILE} and {BENIGN_FOLDER}/)")
        read_research(base, data)
    labelled: list[Path] = []
    for item in inputs:
        path = Path(item)
        if is_research_folder(path):
            if base is not None and path.resolve() == base.resolve():
                continue
            read_research(path, data)
        else:
            labelled.append(path)
    if labelled:
        read_labelled_inputs(labelled, data)
    if not data.conversations:
        raise UsageError("no training data: give labelled files, a PAN 2012 corpus or the research corpora folder")
    return data


# --- units and features ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    start: int
    size: int  # messages actually in the unit (a short conversation gives a shorter prefix)
    nominal: int  # 5, 10, 20 or 40
    prefix: bool


def plan_units(conversation: TrainingConversation, windows_per_size: int) -> list[Unit]:
    """Prefixes of every size (once the conversation is shorter than a size, its whole is one unit) and seeded windows
    away from the start."""
    length = len(conversation.conversation.messages)
    units: list[Unit] = []
    for size in SIZES:
        units.append(Unit(0, min(size, length), size, True))
        if length <= size:
            break
    for size in SIZES:
        room = length - size  # possible starts 1..room
        if room < 1:
            continue
        count = min(windows_per_size, max(1, round(length / (2 * size))), room)
        rng = np.random.default_rng(_hash_int(f"{SEED}:{conversation.group}:{size}"))
        starts = sorted(int(s) for s in rng.choice(np.arange(1, room + 1), size=count, replace=False))
        units.extend(Unit(start, size, size, False) for start in starts)
    return units


def windows_per_size(data: TrainingData) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for conversation in data.conversations:
        counts[conversation.corpus] += 1
    return {
        corpus: PJ_WINDOWS if corpus == "pj" else max(MIN_WINDOWS, math.ceil(OTHER_WINDOWS_TARGET / count))
        for corpus, count in counts.items()
    }


@dataclass
class Rows:
    """Feature rows of one or more conversations (numbers only)."""

    x: list[list[float]] = field(default_factory=list)
    unit: list[int] = field(default_factory=list)  # index into the unit table
    author: list[int] = field(default_factory=list)  # participant number within the conversation
    role: list[int] = field(default_factory=list)
    final: list[bool] = field(default_factory=list)
    at: list[int] = field(default_factory=list)  # message offset within the unit
    rule: list[float] = field(default_factory=list)  # the catalogue's own score of the person (scoring.py)


_WORK: list[TrainingConversation] = []
_DETECTORS = "catalogue"


def _extract(task: tuple[int, list[Unit]]) -> tuple[int, Rows]:
    index, units = task
    return index, extract_conversation(_WORK[index], units, _DETECTORS)


def extract_conversation(item: TrainingConversation, units: list[Unit], detectors: str = "catalogue") -> Rows:
    """Feature rows of each unit: at its end, and after every message of it that raised a finding. Unit numbers in
    the rows are positions in `units`."""
    from lurewatch.api import feed, new_state

    names = feature_space().names
    catalogue = load_catalogue()
    recognizer = default_recognizer()
    messages = item.conversation.messages
    rows = Rows()
    authors = {name: number for number, name in enumerate(item.conversation.participants)}
    positives = set(item.positives)
    if item.infer_suspect:
        whole = new_state(recognizer, "high", detectors)  # type: ignore[arg-type]
        for _ in feed(whole, messages):
            pass
        positives = {p.name for p in whole.result().participants if p.role == "suspect"}
        if not positives:
            return rows  # risky, but nobody to call the offender: left out rather than guessed
    # Prefix units share one run: the state after 20 messages is the state of the 20-message prefix.
    prefixes = [(number, unit) for number, unit in enumerate(units) if unit.prefix]
    runs: list[tuple[int, int, list[tuple[int, Unit]]]] = []
    if prefixes:
        runs.append((0, max(unit.size for _, unit in prefixes), prefixes))
    runs += [(unit.start, unit.size, [(number, unit)]) for number, unit in enumerate(units) if not unit.prefix]
    for start, length, members in runs:
        state = new_state(recognizer, "high", detectors)  # type: ignore[arg-type]
        ends = {unit.size - 1: number for number, unit in members}
        last_end = max(ends)
        for offset, new in feed(state, messages[start : start + length]):
            if offset in ends or new:
                snapshot = state.result()
                features = all_participant_features(snapshot, catalogue)
                for person in snapshot.participants:
                    vector = [features.get(person.name, {}).get(n, 0.0) for n in names]
                    role = ROLE_OTHER
                    if item.risky:
                        role = ROLE_POSITIVE if person.name in positives else ROLE_PARTNER
                    for number, unit in members:
                        if offset < unit.size and (new or offset == unit.size - 1):
                            rows.x.append(vector)
                            rows.unit.append(number)
                            rows.author.append(authors.get(person.name, -1))
                            rows.role.append(role)
                            rows.final.append(offset == unit.size - 1)
                            rows.at.append(offset)
                            rows.rule.append(person.risk.score)
            if offset >= last_end:
                break
    return rows


@dataclass
class FeatureTable:
    """Every row of every unit, with the unit and conversation each belongs to."""

    names: tuple[str, ...]
    x: NDArray[np.float64]
    row_unit: NDArray[np.int64]
    row_author: NDArray[np.int64]
    row_role: NDArray[np.int64]
    row_final: NDArray[np.bool_]
    row_at: NDArray[np.int64]
    row_rule: NDArray[np.float64]
    unit_conv: NDArray[np.int64]
    unit_size: NDArray[np.int64]
    unit_nominal: NDArray[np.int64]
    unit_prefix: NDArray[np.bool_]
    conv_corpus: NDArray[np.str_]
    conv_group: NDArray[np.str_]
    conv_risky: NDArray[np.bool_]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(temp, names=np.array(self.names), **{k: getattr(self, k) for k in _TABLE_ARRAYS})
        temp.replace(path)

    @classmethod
    def load(cls, path: Path) -> FeatureTable:
        with np.load(path, allow_pickle=False) as data:
            return cls(names=tuple(str(n) for n in data["names"]), **{k: data[k] for k in _TABLE_ARRAYS})


_TABLE_ARRAYS = (
    "x", "row_unit", "row_author", "row_role", "row_final", "row_at", "row_rule", "unit_conv", "unit_size", "unit_nominal",
    "unit_prefix", "conv_corpus", "conv_group", "conv_risky",
)  # fmt: skip


def _code_digest(detectors: str) -> str:
    """What the features depend on besides the data: lurewatch's analysis code, the catalogue, the sampling settings
    (all in the package's .py files) and, with the semantic layer, its bank and thresholds."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "learn" not in path.relative_to(package).parts or path.name in ("features.py", "train.py"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(load_catalogue().model_dump_json().encode())
    if detectors != "catalogue":
        for path in sorted((package / "semantic").glob("*")):
            if path.is_file() and path.suffix in (".json", ".safetensors"):
                digest.update(file_digest(path).encode())
    return digest.hexdigest()


def build_table(data: TrainingData, *, jobs: int = 1, detectors: str = "catalogue", cache: bool = True) -> FeatureTable:
    key = hashlib.sha256(f"{data.digest}:{_code_digest(detectors)}:{detectors}:{FEATURE_VERSION}".encode()).hexdigest()[
        :24
    ]
    cached = CACHE_DIR / f"features-{key}.npz"
    if cache and cached.is_file():
        log.info("features from cache %s", cached)
        return FeatureTable.load(cached)
    per_size = windows_per_size(data)
    plans = [plan_units(c, per_size[c.corpus]) for c in data.conversations]
    global _WORK, _DETECTORS
    _WORK, _DETECTORS = data.conversations, detectors
    tasks = list(enumerate(plans))
    started = time.monotonic()
    results: list[Rows] = [Rows() for _ in tasks]
    if jobs > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs) as pool:
            for index, rows in pool.imap_unordered(_extract, tasks, chunksize=8):
                results[index] = rows
    else:
        for task in tasks:
            index, rows = _extract(task)
            results[index] = rows
    _WORK = []
    log.info("features of %d conversations in %.0f s", len(tasks), time.monotonic() - started)
    names = feature_space().names
    unit_offset = 0
    x: list[list[float]] = []
    row_unit: list[int] = []
    row_author: list[int] = []
    row_role: list[int] = []
    row_final: list[bool] = []
    row_at: list[int] = []
    row_rule: list[float] = []
    unit_conv: list[int] = []
    unit_size: list[int] = []
    unit_nominal: list[int] = []
    unit_prefix: list[bool] = []
    for conv_index, (plan, rows) in enumerate(zip(plans, results, strict=True)):
        x += rows.x
        row_unit += [unit_offset + u for u in rows.unit]
        row_author += rows.author
        row_role += rows.role
        row_final += rows.final
        row_at += rows.at
        row_rule += rows.rule
        unit_conv += [conv_index] * len(plan)
        unit_size += [u.size for u in plan]
        unit_nominal += [u.nominal for u in plan]
        unit_prefix += [u.prefix for u in plan]
        unit_offset += len(plan)
    table = FeatureTable(
        names=names,
        x=np.array(x, dtype=np.float64).reshape(len(x), len(names)),
        row_unit=np.array(row_unit, dtype=np.int64),
        row_author=np.array(row_author, dtype=np.int64),
        row_role=np.array(row_role, dtype=np.int64),
        row_final=np.array(row_final, dtype=bool),
        row_at=np.array(row_at, dtype=np.int64),
        row_rule=np.array(row_rule, dtype=np.float64),
        unit_conv=np.array(unit_conv, dtype=np.int64),
        unit_size=np.array(unit_size, dtype=np.int64),
        unit_nominal=np.array(unit_nominal, dtype=np.int64),
        unit_prefix=np.array(unit_prefix, dtype=bool),
        conv_corpus=np.array([c.corpus for c in data.conversations]),
        conv_group=np.array([c.group for c in data.conversations]),
        conv_risky=np.array([c.risky for c in data.conversations], dtype=bool),
    )
    if cache:
        table.save(cached)
    return table


# --- fitting ---------------------------------------------------------------------------------------------------------


def prior_weights(names: Sequence[str]) -> NDArray[np.float64]:
    """Where each weight is pulled by the penalty: evidence of a category counts in proportion to its finding weight
    (as in `scoring.py`), everything else starts neutral."""
    prior = np.zeros(len(names))
    for index, name in enumerate(names):
        if name.startswith(("pattern:", "meaning:")):
            prior[index] = PRIOR_PER_WEIGHT
        elif name == "rule_critical":
            prior[index] = 2.0
    return prior


def fit_logistic(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    weight: NDArray[np.float64],
    prior: NDArray[np.float64],
    l2: float,
    nonnegative: NDArray[np.bool_] | None = None,
) -> tuple[NDArray[np.float64], float]:
    """Weighted logistic regression, penalty l2/2 * |w - prior|^2 (bias free), by Newton's method from the prior.
    Weights marked `nonnegative` are kept >= 0 (projected Newton with an active set: a weight pinned at 0 stays out
    of the step while the gradient pushes it below 0)."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    centre = np.append(prior, 0.0)
    theta = centre.copy()
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    bounded = np.append(nonnegative if nonnegative is not None else np.zeros(d, dtype=bool), False)
    theta[bounded] = np.maximum(theta[bounded], 0.0)
    for _ in range(NEWTON_STEPS):
        z = design @ theta
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -35, 35)))
        gradient = design.T @ (weight * (p - y)) + penalty * (theta - centre)
        hessian = (design * (weight * p * (1 - p))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(d + 1)
        pinned = bounded & (theta <= 0.0) & (gradient > 0.0)
        free = ~pinned
        step = np.zeros(d + 1)
        step[free] = np.linalg.solve(hessian[np.ix_(free, free)], gradient[free])
        updated = theta - step
        updated[bounded] = np.maximum(updated[bounded], 0.0)
        change = float(np.max(np.abs(updated - theta)))
        theta = updated
        if change < 1e-9:
            break
    return theta[:-1], float(theta[-1])


def fit_platt(z: NDArray[np.float64], y: NDArray[np.float64], weight: NDArray[np.float64]) -> tuple[float, float]:
    a, b = 1.0, 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(a * z + b, -35, 35)))
        r = weight * (p - y)
        g = np.array([np.sum(r * z), np.sum(r)])
        s = weight * p * (1 - p)
        h = np.array([[np.sum(s * z * z), np.sum(s * z)], [np.sum(s * z), np.sum(s)]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - float(step[0]), b - float(step[1])
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return a, b


def sample_weights(table: FeatureTable, rows: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Positives share SHARE_POSITIVE equally by corpus, partners SHARE_PARTNER, ordinary chat SHARE_BENIGN: no corpus
    wins by its size, and a user's few examples count as much as a big corpus."""
    corpus = table.conv_corpus[table.unit_conv[table.row_unit]]
    role = table.row_role
    weight = np.zeros(len(role))
    strata: dict[tuple[int, str], list[int]] = defaultdict(list)
    for index in np.flatnonzero(rows):
        strata[(int(role[index]), str(corpus[index]))].append(int(index))
    shares = {ROLE_POSITIVE: SHARE_POSITIVE, ROLE_PARTNER: SHARE_PARTNER, ROLE_OTHER: SHARE_BENIGN}
    for kind, share in shares.items():
        groups = sorted(key for key in strata if key[0] == kind)
        for key in groups:
            members = strata[key]
            weight[members] = share / len(groups) / len(members)
    return weight


def fold_of(groups: NDArray[np.str_]) -> NDArray[np.int64]:
    return np.array([_hash_int(f"fold:{g}") % FOLDS for g in groups], dtype=np.int64)


@dataclass
class Fit:
    weights: NDArray[np.float64]
    bias: float

    def z(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(x @ self.weights + self.bias, dtype=np.float64)


def fit(table: FeatureTable, rows: NDArray[np.bool_], l2: float = L2) -> Fit:
    train = rows & table.row_final & evidence_rows(table)
    y = (table.row_role == ROLE_POSITIVE).astype(np.float64)
    weight = sample_weights(table, train)
    names = table.names
    w, b = fit_logistic(table.x[train], y[train], weight[train], prior_weights(names), l2, nonnegative_weights(names))
    return Fit(tie_meaning_weights(names, w, table.x[train]), b)


def tie_meaning_weights(
    names: Sequence[str], weights: NDArray[np.float64], x: NDArray[np.float64]
) -> NDArray[np.float64]:
    """A `meaning:` feature the training data never shows (features from the catalogue's patterns only) takes the
    learned weight of the same category's `pattern:` feature: a meaning match then counts like a pattern match, at
    the lower finding weight the scoring gives it. Learned separately when the training analyses had meaning matches."""
    tied = weights.copy()
    index = {name: i for i, name in enumerate(names)}
    for name, i in index.items():
        if name.startswith("meaning:") and not np.any(x[:, i] != 0):
            twin = index.get("pattern:" + name.removeprefix("meaning:"))
            if twin is not None:
                tied[i] = weights[twin]
    return tied


def evidence_rows(table: FeatureTable) -> NDArray[np.bool_]:
    """Rows of people with any evidence: the model is trained and applied only there (see `features.has_evidence`)."""
    columns = [i for i, n in enumerate(table.names) if n.startswith(("pattern:", "meaning:")) or n in EVIDENCE_FEATURES]
    return np.asarray(np.any(table.x[:, columns] > 0, axis=1), dtype=bool)


def nonnegative_weights(names: Sequence[str]) -> NDArray[np.bool_]:
    """A warning sign never lowers a score: the weights of findings (by category, by stage) are kept >= 0."""
    return np.array([n.startswith(("pattern:", "meaning:")) or n in NONNEGATIVE for n in names], dtype=bool)


# --- validation ------------------------------------------------------------------------------------------------------


@dataclass
class Validation:
    """Out-of-fold log-odds of every row, and the calibration and thresholds chosen from them."""

    z: NDArray[np.float64]  # NaN for rows not validated
    calibration: tuple[float, float]
    thresholds: dict[str, float]
    report: dict[str, Any]


def out_of_fold(table: FeatureTable, rows: NDArray[np.bool_], l2: float = L2) -> NDArray[np.float64]:
    folds = fold_of(table.conv_group)[table.unit_conv[table.row_unit]]
    z = np.full(len(table.row_role), np.nan)
    for fold in range(FOLDS):
        model = fit(table, rows & (folds != fold), l2)
        held = rows & (folds == fold)
        z[held] = predict(model, table, held)[held]
    return z


def predict(model: Fit, table: FeatureTable, rows: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Log-odds of the chosen rows (NaN elsewhere); -inf for people with no evidence (probability 0, as the scorer)."""
    z = np.full(len(table.row_role), np.nan)
    z[rows] = model.z(table.x[rows])
    z[rows & ~evidence_rows(table)] = -np.inf
    return z


def calibrate(table: FeatureTable, rows: NDArray[np.bool_], z: NDArray[np.float64]) -> tuple[float, float]:
    chosen = rows & table.row_final & np.isfinite(z)
    y = (table.row_role == ROLE_POSITIVE).astype(np.float64)
    return fit_platt(z[chosen], y[chosen], sample_weights(table, chosen)[chosen])


def probabilities(z: NDArray[np.float64], calibration: tuple[float, float]) -> NDArray[np.float64]:
    a, b = calibration
    p = 1.0 / (1.0 + np.exp(-np.clip(a * np.nan_to_num(z, neginf=-1e6) + b, -35, 35)))
    p[np.isneginf(z)] = 0.0
    p[np.isnan(z)] = np.nan
    return np.asarray(p, dtype=np.float64)


@dataclass
class Peaks:
    """Per validated unit: the worst moment of each participant (participant level) and of the whole unit."""

    unit: NDArray[np.int64]  # units with rows
    unit_peak: NDArray[np.float64]
    unit_risky: NDArray[np.bool_]
    unit_corpus: NDArray[np.str_]
    person_peak: NDArray[np.float64]
    person_positive: NDArray[np.bool_]
    person_unit: NDArray[np.int64]
    positive_peak: NDArray[np.float64]  # per unit: the offender's peak (NaN when the unit has no offender rows)


def peaks(table: FeatureTable, rows: NDArray[np.bool_], p: NDArray[np.float64]) -> Peaks:
    chosen = np.flatnonzero(rows & ~np.isnan(p))
    key = table.row_unit[chosen] * 1_000_000 + np.maximum(table.row_author[chosen], 0)
    order = np.lexsort((-p[chosen], key))
    ordered = chosen[order]
    keys = key[order]
    first = np.r_[True, keys[1:] != keys[:-1]]
    person_rows = ordered[first]
    person_peak = p[person_rows]
    person_unit = table.row_unit[person_rows]
    person_positive = table.row_role[person_rows] == ROLE_POSITIVE
    units = np.unique(person_unit)
    position = np.searchsorted(units, person_unit)
    unit_peak = np.zeros(len(units))
    np.maximum.at(unit_peak, position, person_peak)
    positive_peak = np.full(len(units), np.nan)
    for pos, value in zip(position[person_positive], person_peak[person_positive], strict=True):
        positive_peak[pos] = value if np.isnan(positive_peak[pos]) else max(positive_peak[pos], value)
    conv = table.unit_conv[units]
    return Peaks(
        unit=units,
        unit_peak=unit_peak,
        unit_risky=table.conv_risky[conv],
        unit_corpus=table.conv_corpus[conv],
        person_peak=person_peak,
        person_positive=person_positive,
        person_unit=person_unit,
        positive_peak=positive_peak,
    )


def _benign_fpr(pk: Peaks, threshold: float) -> dict[str, float]:
    rates = {}
    for corpus in sorted(set(pk.unit_corpus[~pk.unit_risky].tolist())):
        members = (~pk.unit_risky) & (pk.unit_corpus == corpus)
        rates[corpus] = float(np.mean(pk.unit_peak[members] >= threshold))
    return rates


def _precision(pk: Peaks, threshold: float) -> float:
    flagged = pk.person_peak >= threshold
    return int(np.sum(flagged & pk.person_positive)) / max(int(np.sum(flagged)), 1)


def _window_precision(pk: Peaks, threshold: float) -> float:
    flagged = pk.unit_peak >= threshold
    return int(np.sum(flagged & pk.unit_risky)) / max(int(np.sum(flagged)), 1)


def choose_thresholds(pk: Peaks) -> dict[str, float]:
    """Level thresholds on out-of-fold peaks (the worst moment of each validation window):
    - high: the lowest threshold with window precision >= HIGH_PRECISION and at most HIGH_MAX_BENIGN_FPR of the
      windows of every ordinary corpus;
    - critical: likewise with participant precision >= CRITICAL_PRECISION and CRITICAL_MAX_BENIGN_FPR;
    - medium: catches MEDIUM_RECALL_OF_REST of the offenders that high misses (those with any evidence), within
      MEDIUM_MAX_BENIGN_FPR;
    - low: LOW_RECALL of the offenders with any evidence.
    Thresholds sit halfway between neighbouring observed scores, so they stay strictly inside (0, 1) even when
    scores saturate."""
    values = np.unique(pk.person_peak[pk.person_peak > 0.0])
    cuts = (np.r_[0.0, values[:-1]] + values) / 2 if len(values) else np.array([0.5])  # "score >= cut" = ">= value"

    def lowest(ok: Any, floor: float) -> float:
        for t in cuts:
            if t > floor and ok(float(t)):
                return float(t)
        return float((max(values[-1], floor) + 1.0) / 2) if len(values) else 0.5  # above everything seen

    def worst_fpr(t: float) -> float:
        return max(_benign_fpr(pk, t).values(), default=0.0)

    high = lowest(lambda t: _window_precision(pk, t) >= HIGH_PRECISION and worst_fpr(t) <= HIGH_MAX_BENIGN_FPR, 0.0)
    critical = lowest(
        lambda t: _precision(pk, t) >= CRITICAL_PRECISION and worst_fpr(t) <= CRITICAL_MAX_BENIGN_FPR, high
    )
    positives = np.sort(pk.person_peak[pk.person_positive & (pk.person_peak > 0)])
    missed = positives[positives < high][::-1]
    medium = high / 2
    if len(missed):
        target = float(missed[min(len(missed) - 1, int(MEDIUM_RECALL_OF_REST * len(missed)))])
        medium = float(cuts[max(0, int(np.searchsorted(cuts, target, side="right")) - 1)])
    for t in cuts[cuts >= medium]:  # not so low that ordinary chat is medium everywhere
        if worst_fpr(float(t)) <= MEDIUM_MAX_BENIGN_FPR:
            medium = float(t)
            break
    low = medium / 2
    if len(positives):
        target = float(positives[int((1 - LOW_RECALL) * len(positives))])
        low = float(cuts[max(0, int(np.searchsorted(cuts, target, side="right")) - 1)])
    return _strictly_rising({"low": low, "medium": medium, "high": high, "critical": critical})


def _strictly_rising(thresholds: dict[str, float]) -> dict[str, float]:
    """low < medium < high < critical, all inside (0, 1): each level gives way to the one above it."""
    epsilon = 1e-5
    out = {"critical": min(max(thresholds["critical"], 4 * epsilon), 1 - epsilon)}
    for level, above in (("high", "critical"), ("medium", "high"), ("low", "medium")):
        value = min(thresholds[level], out[above] - epsilon)
        out[level] = value if value > 0 else out[above] / 2
    return {level: out[level] for level in SCALED_LEVELS}


def validation_report(table: FeatureTable, pk: Peaks, thresholds: dict[str, float]) -> dict[str, Any]:
    """Numbers only: precision and recall at each level, first-lines recall on PJ prefixes, FP rates per corpus."""
    report: dict[str, Any] = {}
    for level in SCALED_LEVELS:
        t = thresholds[level]
        flagged = pk.person_peak >= t
        units_flagged = pk.unit_peak >= t
        risky = pk.unit_risky
        tp = int(np.sum(units_flagged & risky))
        fp = int(np.sum(units_flagged & ~risky))
        report[level] = {
            "threshold": round(t, 6),
            "participant_precision": round(_precision(pk, t), 4),
            "participant_recall": round(
                float(np.mean(flagged[pk.person_positive])) if pk.person_positive.any() else 0, 4
            ),
            "window_precision": round(tp / max(tp + fp, 1), 4),
            "window_recall": round(tp / max(int(np.sum(risky)), 1), 4),
            "benign_window_fpr": {k: round(v, 5) for k, v in _benign_fpr(pk, t).items()},
        }
    prefix_recall: dict[str, Any] = {}
    for size in SIZES:
        members = table.unit_prefix[pk.unit] & (table.unit_nominal[pk.unit] == size) & ~np.isnan(pk.positive_peak)
        members &= pk.unit_corpus == "pj"
        if members.any():
            prefix_recall[f"first_{size}_messages"] = {
                level: round(float(np.mean(pk.positive_peak[members] >= thresholds[level])), 4)
                for level in ("medium", "high", "critical")
            }
            prefix_recall[f"first_{size}_messages"]["chats"] = int(members.sum())
    report["pj_offender_prefix_recall"] = prefix_recall
    report["units"] = {
        "risky": int(np.sum(pk.unit_risky)),
        "benign": {
            k: int(np.sum((~pk.unit_risky) & (pk.unit_corpus == k)))
            for k in sorted(set(pk.unit_corpus[~pk.unit_risky].tolist()))
        },
        "participants_positive": int(np.sum(pk.person_positive)),
        "participants_negative": int(np.sum(~pk.person_positive)),
    }
    return report


def validate(table: FeatureTable, rows: NDArray[np.bool_], l2: float = L2) -> Validation:
    z = out_of_fold(table, rows, l2)
    calibration = calibrate(table, rows, z)
    p = probabilities(z, calibration)
    thresholds = choose_thresholds(peaks(table, rows, p))
    # As the scorer does: one message is never enough for critical.
    p = np.where(single_message_rows(table), np.minimum(p, np.nextafter(thresholds["critical"], 0.0)), p)
    pk = peaks(table, rows, p)
    return Validation(
        z=z, calibration=calibration, thresholds=thresholds, report=validation_report(table, pk, thresholds)
    )


def single_message_rows(table: FeatureTable) -> NDArray[np.bool_]:
    """Rows of people whose warning signs sit in one message, none certain alone (`features.single_message`)."""
    names = list(table.names)
    certain = np.any(table.x[:, [names.index(n) for n in CERTAIN_ALONE if n in names]] > 0, axis=1)
    return np.asarray((table.x[:, names.index("repeated")] == 0) & ~certain, dtype=bool)


def cross_source(table: FeatureTable, l2: float = L2) -> dict[str, Any]:
    """For each ordinary corpus: the whole pipeline (fit, calibration, thresholds) without it, then its windows scored."""
    corpus = table.conv_corpus[table.unit_conv[table.row_unit]]
    risky_corpora = set(table.conv_corpus[table.conv_risky].tolist())
    results: dict[str, Any] = {}
    for name in sorted(set(table.conv_corpus.tolist()) - risky_corpora):
        kept = corpus != name
        inner = validate(table, kept, l2)
        model = fit(table, kept, l2)
        held = corpus == name
        p = probabilities(predict(model, table, held), inner.calibration)
        p = np.where(single_message_rows(table), np.minimum(p, np.nextafter(inner.thresholds["critical"], 0.0)), p)
        pk = peaks(table, held, p)
        results[name] = {
            "windows": len(pk.unit),
            **{
                f"fpr_{level}": round(float(np.mean(pk.unit_peak >= inner.thresholds[level])), 5)
                for level in ("medium", "high", "critical")
            },
            "pj_first_20_high": inner.report["pj_offender_prefix_recall"].get("first_20_messages", {}).get("high"),
            "participant_precision_high": inner.report["high"]["participant_precision"],
        }
    return results


def length_check(table: FeatureTable, p: NDArray[np.float64]) -> dict[str, Any]:
    """Does the score follow the length of a unit? Spearman correlation of peak and unit size, within each class."""
    out: dict[str, Any] = {}
    pk = peaks(table, np.ones(len(p), dtype=bool), p)
    sizes = table.unit_size[pk.unit]
    for name, members in (("risky", pk.unit_risky), ("benign", ~pk.unit_risky)):
        if members.sum() > 2:
            out[f"spearman_size_{name}"] = round(_spearman(sizes[members], pk.unit_peak[members]), 4)
    return out


def _spearman(a: NDArray[Any], b: NDArray[Any]) -> float:
    from lurewatch.learn.metrics import average_ranks

    ra, rb = average_ranks(a), average_ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


# --- the whole pipeline ----------------------------------------------------------------------------------------------


def train(
    data: TrainingData, *, jobs: int = 1, detectors: str = "catalogue", cross: bool = True, cache: bool = True
) -> LearnedScorer:
    table = build_table(data, jobs=jobs, detectors=detectors, cache=cache)
    everything = np.ones(len(table.row_role), dtype=bool)
    validation = validate(table, everything)
    final = fit(table, everything)
    p_oof = probabilities(validation.z, validation.calibration)
    info: dict[str, Any] = {
        "training": {
            "data_digest": data.digest,
            "files": [{"name": f.name, "sha256": f.sha256} for f in data.files],
            "conversations": _counts(c.corpus for c in data.conversations),
            "units": len(table.unit_conv),
            "rows": len(table.row_role),
            "settings": SETTINGS,
            "lurewatch_version": __version__,
        },
        "validation": {
            "split": f"{FOLDS}-fold by chat / conversation id, out-of-fold peaks per window",
            **validation.report,
            "length": length_check(table, p_oof),
        },
    }
    if cross:
        info["validation"]["cross_source"] = cross_source(table)
    return LearnedScorer(
        features=table.names,
        weights=tuple(float(round(w, 6)) for w in final.weights),
        bias=float(round(final.bias, 6)),
        calibration=(float(round(validation.calibration[0], 6)), float(round(validation.calibration[1], 6))),
        thresholds={k: float(round(v, 6)) for k, v in validation.thresholds.items()},
        detectors=detectors,
        info=info,
    )


def _counts(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item] += 1
    return dict(sorted(counts.items()))


# --- command line ----------------------------------------------------------------------------------------------------


def train_command(args: argparse.Namespace) -> int:
    if not args.out:
        raise UsageError("--out DIR is required: the folder to write the model to")
    base: Path | None = None
    if not args.no_base:
        base = Path(args.base) if args.base else (DEFAULT_DATA if is_research_folder(DEFAULT_DATA) else None)
        if args.base and not is_research_folder(base):  # type: ignore[arg-type]
            raise UsageError(f"--base {args.base}: no research corpora here (expected {PJ_FILE} and {BENIGN_FOLDER}/)")
    if base is None and not args.inputs:
        raise UsageError("no training data: give DATA files or --base DIR (the research corpora)")
    data = read_inputs(args.inputs, base)
    scorer = train(
        data,
        jobs=max(1, args.jobs),
        detectors=args.detectors,
        cross=not args.no_cross_source,
        cache=not args.no_cache,
    )
    path = scorer.save(args.out)
    high = scorer.info["validation"]["high"]
    print(
        f"wrote {path} (weights sha256 {scorer.digest[:16]}…, {len(data.conversations)} conversations); "
        f"validation at high: participant precision {high['participant_precision']:.3f}, "
        f"recall {high['participant_recall']:.3f}"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from lurewatch.cli import add_train_arguments

    parser = argparse.ArgumentParser(
        prog="python -m lurewatch.learn.train",
        description="Train the learned scorer. --default rebuilds the bundled model from ../shared/data.",
    )
    add_train_arguments(parser)
    parser.add_argument("--default", action="store_true", help=f"rebuild the bundled model into {DEFAULT_OUT}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="lurewatch: %(message)s", stream=sys.stderr)
    if args.default:
        if args.inputs or args.no_base:
            parser.error("--default trains on the research corpora only")
        args.out = args.out or str(DEFAULT_OUT)
    try:
        return train_command(args)
    except (UsageError, InputError) as exc:
        print(f"lurewatch: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
