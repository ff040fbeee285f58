"""The private on-disk cache: same data, never stale, never shared, never trusted unverified,
never fatal, bounded."""

from __future__ import annotations

import hashlib
import marshal
import os
import pwd
import stat
import tempfile
import tomllib
from pathlib import Path

import pytest

from doclint import datacache
from doclint.datacache import entry_path, load_toml, private_dir, read_entry, write_entry
from doclint.paths import cache_location, rules_dir


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("DOCLINT_NO_CACHE", raising=False)
    return folder


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text('[a]\nx = "một"\n', encoding="utf-8")
    return path


def _only_entry(cache: Path) -> Path:
    (entry,) = cache.glob("data-*.cache")
    return entry


def _entry_bytes(key: str, data: object) -> bytes:
    """An entry exactly as the cache writes one (header, checksum, key and data)."""
    body = marshal.dumps((key, data), 4)
    return datacache._MAGIC + hashlib.sha256(body).digest() + body


def test_cached_data_equals_the_parsed_toml(cache: Path) -> None:
    path = rules_dir() / "confusables.toml"
    expected = tomllib.loads(path.read_text(encoding="utf-8"))
    assert load_toml(path) == expected  # parsed, then stored
    assert _only_entry(cache).read_bytes().startswith(datacache._MAGIC)
    assert load_toml(path) == expected  # read back from the cache


def test_a_hit_is_served_from_the_cache(cache: Path, pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_toml(pack)
    monkeypatch.setattr(datacache, "_parse", lambda path: pytest.fail("parsed again"))
    assert load_toml(pack) == {"a": {"x": "một"}}


def test_an_edited_file_is_parsed_again(cache: Path, pack: Path) -> None:
    assert load_toml(pack) == {"a": {"x": "một"}}
    pack.write_text('[a]\nx = "hai ba"\n', encoding="utf-8")
    os.utime(pack, ns=(1, 1))  # even with an old modification time, the size differs
    assert load_toml(pack) == {"a": {"x": "hai ba"}}


def test_the_folder_is_created_private(cache: Path, pack: Path) -> None:
    load_toml(pack)
    info = cache.lstat()
    assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700
    assert info.st_uid == os.geteuid()
    assert stat.S_IMODE(_only_entry(cache).stat().st_mode) == 0o600


def test_a_folder_others_can_write_to_is_not_used(cache: Path, pack: Path) -> None:
    """What another user's ``/tmp/doclint-cache`` looked like: mode 0777, entries planted."""
    cache.mkdir()
    cache.chmod(0o777)
    assert private_dir() is None
    assert load_toml(pack) == {"a": {"x": "một"}}  # linted without a cache
    assert not list(cache.iterdir())
    assert stat.S_IMODE(cache.stat().st_mode) == 0o777  # not someone else's to change


def test_an_own_folder_others_may_only_read_is_tightened(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o755)  # what earlier versions created with umask 022
    assert private_dir() == cache
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_a_symlinked_folder_is_not_used(cache: Path, tmp_path: Path, pack: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    cache.symlink_to(target)
    assert private_dir() is None
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert not list(target.iterdir())


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_folder_owned_by_another_user_is_not_used(cache: Path, pack: Path) -> None:
    cache.mkdir(mode=0o700)
    os.chown(cache, 65534, 65534)
    assert private_dir() is None
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert not list(cache.iterdir())


def test_no_home_means_no_cache_not_a_shared_folder(
    tmp_path: Path, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DOCLINT_CACHE_DIR", "XDG_CACHE_HOME", "HOME", "DOCLINT_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    shared = tmp_path / "tmp"
    shared.mkdir(mode=0o777)
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    assert cache_location() is None
    assert private_dir() is None
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert not list(shared.iterdir())


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DOCLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_location() == tmp_path / ".cache" / "doclint"


def test_cache_location_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DOCLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_location() == tmp_path / "doclint"


@pytest.mark.parametrize(
    "content",
    [
        b"\x00garbage",  # corrupt
        marshal.dumps({"a": {"x": "planted"}}),  # a valid marshal file with no header
        marshal.dumps([1, 2, 3]),  # a valid marshal file of the wrong shape (used to fail every run)
    ],
)
def test_a_bad_entry_is_discarded_and_rewritten(cache: Path, pack: Path, content: bytes) -> None:
    load_toml(pack)
    entry = _only_entry(cache)
    good = entry.read_bytes()
    entry.write_bytes(content)
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert entry.read_bytes() == good


def test_a_tampered_body_fails_its_checksum(cache: Path, pack: Path) -> None:
    load_toml(pack)
    entry = _only_entry(cache)
    good = entry.read_bytes()
    entry.write_bytes(good.replace("một".encode(), "hai".encode()))  # still valid marshal
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert entry.read_bytes() == good


def test_a_verified_entry_of_the_wrong_shape_is_rewritten(cache: Path, pack: Path) -> None:
    load_toml(pack)
    entry = _only_entry(cache)
    key = marshal.loads(entry.read_bytes()[len(datacache._MAGIC) + 32 :])[0]
    entry.write_bytes(_entry_bytes(key, ["not", "a", "table"]))
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert marshal.loads(entry.read_bytes()[len(datacache._MAGIC) + 32 :])[1] == {"a": {"x": "một"}}


def test_an_entry_under_another_key_is_not_trusted(cache: Path) -> None:
    write_entry("data", "key one", {"v": 1})
    folder = private_dir()
    assert folder is not None
    entry_path(folder, "data", "key two").write_bytes(entry_path(folder, "data", "key one").read_bytes())
    assert read_entry("data", "key two") is None
    assert read_entry("data", "key one") == {"v": 1}


def test_code_is_never_stored(cache: Path) -> None:
    code = compile("open('marker', 'w')", "<planted>", "exec")
    write_entry("data", "k", {"x": [1, code]})
    write_entry("data", "p", {"x": __import__("re").compile("a")})
    assert not list(cache.glob("*.cache"))


def test_a_symlinked_entry_is_not_followed(cache: Path, tmp_path: Path) -> None:
    write_entry("data", "k", {"v": 1})
    folder = private_dir()
    assert folder is not None
    outside = tmp_path / "outside.cache"
    entry = entry_path(folder, "data", "k")
    outside.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(outside)
    assert read_entry("data", "k") is None
    assert not entry.is_symlink() and outside.exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")
def test_an_entry_owned_by_another_user_is_not_trusted(cache: Path) -> None:
    write_entry("data", "k", {"v": 1})
    folder = private_dir()
    assert folder is not None
    os.chown(entry_path(folder, "data", "k"), 65534, 65534)
    assert read_entry("data", "k") is None


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(blocker / "cache"))
    assert load_toml(pack) == {"a": {"x": "một"}}


def test_toml_dates_are_returned_but_not_cached(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "dated.toml"
    path.write_text("d = 2025-11-17\n", encoding="utf-8")
    assert str(load_toml(path)["d"]) == "2025-11-17"
    assert not list(cache.glob("data-*"))


def test_the_cache_can_be_turned_off(cache: Path, pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCLINT_NO_CACHE", "1")
    assert load_toml(pack) == {"a": {"x": "một"}}
    assert not cache.exists()


def test_the_size_is_bounded_least_recently_used_out_first(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datacache, "_MAX_TOTAL", 3000)
    blob = "x" * 900
    for number in range(3):
        write_entry("data", f"k{number}", blob)
        os.utime(entry_path(cache, "data", f"k{number}"), (1000 + number, 1000 + number))
    assert read_entry("data", "k0") == blob  # an old hit is refreshed: it is now the newest
    write_entry("data", "k3", blob)
    assert sum(p.stat().st_size for p in cache.glob("*.cache")) <= 3000
    assert read_entry("data", "k1") is None  # the least recently used went first
    assert read_entry("data", "k0") == blob and read_entry("data", "k3") == blob


def test_an_oversized_entry_is_not_stored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datacache, "_MAX_ENTRY", 1000)
    write_entry("data", "big", "x" * 2000)
    assert read_entry("data", "big") is None
    assert not list(cache.glob("data-*"))


def test_earlier_versions_files_are_cleared_not_read(cache: Path, pack: Path) -> None:
    cache.mkdir(mode=0o700)
    legacy = [cache / "regex-29ea4d05ce441226.marshal", cache / "data-2960a448e20687f471e0.marshal"]
    for path in legacy:
        path.write_bytes(marshal.dumps({}))
    unrelated = cache / "notes.txt"
    unrelated.write_text("kept", encoding="utf-8")
    load_toml(pack)  # a write runs the eviction pass
    assert not any(path.exists() for path in legacy)
    assert unrelated.exists()


def test_a_derived_blob_is_built_once_then_read_back(cache: Path) -> None:
    import zlib

    from doclint.rules.context import DATA, MAGIC, parse_model

    blob = DATA.read_bytes()
    calls: list[int] = []

    def build(data: bytes) -> bytes:
        calls.append(1)
        return zlib.decompress(data[len(MAGIC):])

    first = datacache.derived_bytes("wordmodel", blob, build)
    assert datacache.derived_bytes("wordmodel", blob, build) == first == zlib.decompress(blob[len(MAGIC):])
    assert calls == [1]
    assert datacache.derived_bytes("wordmodel", blob + b"x", lambda data: b"other") == b"other"  # another source, another entry
    assert parse_model(blob).vocab[:3] == parse_model(blob).vocab[:3]  # the model reads the same from the cache


def test_a_failing_build_stores_nothing(cache: Path) -> None:
    with pytest.raises(ValueError):
        datacache.derived_bytes("wordmodel", b"abc", lambda data: (_ for _ in ()).throw(ValueError("corrupt")))
    assert datacache.derived_bytes("wordmodel", b"abc", lambda data: b"built") == b"built"
