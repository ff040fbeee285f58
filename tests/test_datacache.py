"""The on-disk cache of parsed TOML data files: same data, never stale, never fatal."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from doclint.datacache import cache_dir, load_toml
from doclint.paths import rules_dir


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("DOCLINT_NO_CACHE", raising=False)
    return folder


def test_cached_data_equals_the_parsed_toml(cache: Path) -> None:
    path = rules_dir() / "confusables.toml"
    expected = tomllib.loads(path.read_text(encoding="utf-8"))
    assert load_toml(path) == expected  # parsed, then stored
    assert len(list(cache.glob("data-*.marshal"))) == 1
    assert load_toml(path) == expected  # read back from the cache


def test_an_edited_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_text('[a]\nx = "một"\n', encoding="utf-8")
    assert load_toml(path) == {"a": {"x": "một"}}
    path.write_text('[a]\nx = "hai ba"\n', encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even with an old modification time, the size differs
    assert load_toml(path) == {"a": {"x": "hai ba"}}


def test_a_corrupt_cache_file_falls_back_to_the_toml(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "pack.toml"
    path.write_text('k = 1\n', encoding="utf-8")
    load_toml(path)
    for stored in cache.glob("data-*.marshal"):
        stored.write_bytes(b"\x00garbage")
    assert load_toml(path) == {"k": 1}


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(blocker / "cache"))
    path = tmp_path / "pack.toml"
    path.write_text('k = "v"\n', encoding="utf-8")
    assert load_toml(path) == {"k": "v"}


def test_toml_dates_are_returned_but_not_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text("d = 2025-11-17\n", encoding="utf-8")
    assert str(load_toml(path)["d"]) == "2025-11-17"
    assert not list(cache.glob("data-*.marshal"))


def test_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DOCLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "doclint"
