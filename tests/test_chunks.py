"""The C helper behind the long-message rewrite (`lurewatch._chunks`): numbering chunks by content and joining their
rewritten forms. `tests/test_normalize_reference.py` checks the normaliser that uses it end to end."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lurewatch import _chunks


def _number(data: bytes, bounds: list[int]) -> tuple[list[int], list[int]]:
    ids, firsts = _chunks.number(data, np.array(bounds, dtype=np.int64))
    return np.frombuffer(ids, dtype=np.int64).tolist(), firsts


def test_chunks_numbered_by_content_in_order_of_first_appearance() -> None:
    data = b"ab cd ab  ab cd x"
    assert _number(data, [0, 3, 6, 10, 13, 16, 17, 17]) == ([0, 1, 2, 0, 1, 3, 4], [0, 1, 2, 5, 6])


@given(st.lists(st.sampled_from([b"", b"a", b"ab ", b"ba ", b"a  ", b"\x00", "é".encode()]), max_size=40))
def test_numbers_match_a_dictionary_of_the_chunks(pieces: list[bytes]) -> None:
    bounds = [0]
    for piece in pieces:
        bounds.append(bounds[-1] + len(piece))
    seen: dict[bytes, int] = {}
    expected = [seen.setdefault(piece, len(seen)) for piece in pieces]
    ids, firsts = _number(b"".join(pieces), bounds)
    assert ids == expected
    assert [pieces[first] for first in firsts] == list(seen)


def test_join_concatenates_the_parts_in_id_order() -> None:
    assert _chunks.join([b"x", b"yy", b""], np.array([1, 0, 2, 1], dtype=np.int64)) == b"yyxyy"
    assert _chunks.join([], np.array([], dtype=np.int64)) == b""


def test_bad_arguments_raise_instead_of_reading_out_of_bounds() -> None:
    with pytest.raises(ValueError, match="bounds"):
        _chunks.number(b"abc", np.array([0, 2, 1], dtype=np.int64))
    with pytest.raises(ValueError, match="bounds"):
        _chunks.number(b"abc", np.array([0, 4], dtype=np.int64))
    with pytest.raises(TypeError, match="64-bit"):
        _chunks.number(b"abc", np.array([0, 3], dtype=np.int32))
    with pytest.raises(IndexError):
        _chunks.join([b"x"], np.array([1], dtype=np.int64))
    with pytest.raises(TypeError, match="list of bytes"):
        _chunks.join(["x"], np.array([0], dtype=np.int64))
