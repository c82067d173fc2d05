"""The sentence model's files kept unzipped in the cache folder: used only when they have the pinned hash, written again
when they do not, and never a reason to fail."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from lurewatch.semantic import encoder as encoder_module
from lurewatch.semantic.encoder import PINNED_SHA256, ModelError, read_verified_files

NAME = "tokenizer.json"  # small, and checked like the weights


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "lurewatch" / f"{PINNED_SHA256[NAME]}-{NAME}"


def without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoder_module, "MODEL_PACKAGE", "no_such_model_package")


def test_a_file_read_from_the_package_is_kept_and_then_read_from_the_cache(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = read_verified_files((NAME,))[NAME]
    assert hashlib.sha256(data).hexdigest() == PINNED_SHA256[NAME]
    assert cache_home.read_bytes() == data
    without_the_package(monkeypatch)
    assert read_verified_files((NAME,)) == {NAME: data}


def test_a_changed_copy_is_never_used_and_is_written_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = read_verified_files((NAME,))[NAME]
    changed = bytearray(data)
    changed[100] ^= 1
    cache_home.write_bytes(bytes(changed))
    assert read_verified_files((NAME,)) == {NAME: data}
    assert cache_home.read_bytes() == data
    cache_home.write_bytes(data[:-10])  # cut short
    without_the_package(monkeypatch)
    with pytest.raises(ModelError, match="the sentence model is missing"):
        read_verified_files((NAME,))


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    data = read_verified_files((NAME,))[NAME]
    assert hashlib.sha256(data).hexdigest() == PINNED_SHA256[NAME]
    assert blocked.read_text() == ""
    assert not list(tmp_path.glob("**/.partial-*"))
