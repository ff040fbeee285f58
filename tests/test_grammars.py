"""doclint.grammars: Lark's tables come from the private cache, never from the shared temp folder."""

from __future__ import annotations

import getpass
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import lark
import pytest
from helpers import seed
from lark import Lark

from doclint import grammars
from doclint.datacache import private_dir
from doclint.grammars import load_grammar
from doclint.paths import grammar_dir

# the grammars and the options doclint used to pass to Lark.open(..., cache=True), in order
OLD_CALLS = {
    "document.lark": "parserlalrlexer<class 'doclint.parse._LineTokens'>cacheTrue",
    "label.lark": "parserlalrcacheTrue",
    "number.lark": "parserlalrcacheTrue",
    "date.lark": "parserlalrcacheTrue",
    "citation.lark": "parserlalrcacheTrue",
}

# every construction site, whether or not a given document needs that parser
BUILD_ALL = (
    "from doclint import citations, dates, numeric, parse; "
    "parse._document_parser(); parse._label_parser(); numeric._parser(); dates.parser(); citations._parser()"
)


class _Planted:
    """Unpickling this creates ``marker``: proof that a planted file was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.marker),))


def _lark_cache_name(tmpdir: Path, grammar: str, options: str) -> Path:
    """The file Lark's ``cache=True`` reads (lark/lark.py, Lark.__init__)."""
    text = (grammar_dir() / grammar).read_text(encoding="utf-8")
    digest = hashlib.sha256((text + options + lark.__version__ + str(sys.version_info[:2])).encode()).hexdigest()
    return tmpdir / ".lark_cache_{}_{}_{}_{}.tmp".format(getpass.getuser(), digest, *sys.version_info[:2])


def _plant(tmpdir: Path, marker: Path) -> list[Path]:
    planted = []
    for grammar, options in OLD_CALLS.items():
        path = _lark_cache_name(tmpdir, grammar, options)
        digest = path.name.split("_")[3]
        path.write_bytes(digest.encode() + b"\n" + pickle.dumps(_Planted(marker)))
        planted.append(path)
    return planted


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_a_file_planted_in_the_shared_temp_folder_is_never_loaded(tmp_path: Path) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    marker = tmp_path / "pwned"
    planted = _plant(shared, marker)
    env = {**os.environ, "TMPDIR": str(shared), "DOCLINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DOCLINT_NO_CACHE", None)

    # the control: Lark's own cache=True does load the planted file (so the names are right)
    control = _run(f"from lark import Lark; Lark.open({str(grammar_dir() / 'number.lark')!r}, parser='lalr', cache=True)", env)
    assert control.returncode == 0, control.stderr
    assert marker.exists()
    marker.rmdir()
    for path in planted:  # Lark may have overwritten the one it loaded
        path.unlink(missing_ok=True)
    planted = _plant(shared, marker)

    for _ in range(2):  # a cold private cache, then a warm one
        run = _run(f"{BUILD_ALL}; from doclint.cli import main; main(['check', {str(seed('001'))!r}])", env)
        assert run.returncode in (0, 1), run.stderr
        assert not marker.exists()
    assert all(path.exists() for path in planted)
    assert not [p for p in shared.iterdir() if p not in planted]  # nothing written to the shared folder


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("DOCLINT_NO_CACHE", raising=False)
    return folder


def _no_build(*args: object, **kwargs: object) -> Lark:
    raise AssertionError("built from the grammar instead of the cache")


def _dates(parser: Lark) -> list[lark.Tree]:
    return [parser.parse(text) for text in ("ngày 17 tháng 11 năm 2025", "17/11/2025")]


def test_tables_are_kept_in_the_private_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = load_grammar("date.lark", parser="lalr")
    assert len(list(cache.glob("lark-*.cache"))) == 1
    monkeypatch.setattr(grammars.Lark, "open", _no_build)
    loaded = load_grammar("date.lark", parser="lalr")
    assert _dates(loaded) == _dates(built)


def test_a_custom_lexer_survives_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from doclint import parse

    text = seed("001").read_text(encoding="utf-8")
    parse._document_parser.cache_clear()
    try:
        built = parse.format_tree(parse.parse_text(text))  # cold: built and stored
        monkeypatch.setattr(grammars.Lark, "open", _no_build)
        parse._document_parser.cache_clear()
        assert parse._document_parser().options.lexer is parse._LineTokens
        assert parse.format_tree(parse.parse_text(text)) == built
    finally:
        parse._document_parser.cache_clear()


@pytest.mark.parametrize("damage", ["flip", "pickle", "shape"])
def test_a_tampered_private_entry_is_discarded_and_rebuilt(
    cache: Path, tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_grammar("date.lark", parser="lalr")
    (entry,) = cache.glob("lark-*.cache")
    good = entry.read_bytes()
    marker = tmp_path / "pwned"
    if damage == "flip":
        entry.write_bytes(good[:-40] + bytes([good[-40] ^ 1]) + good[-39:])
    elif damage == "pickle":
        entry.write_bytes(pickle.dumps(_Planted(marker)))
    else:  # verified by its checksum, but not Lark tables: written through the cache itself
        key = next(k for k in _keys() if k.startswith("date.lark|"))
        grammars.write_entry("lark", key, {"data": {"options": {}}, "memo": {}})
    builds: list[str] = []
    real_open = Lark.open

    def counted(path: str, **options: object) -> Lark:
        builds.append(path)
        return real_open(path, **options)

    monkeypatch.setattr(grammars.Lark, "open", counted)
    parser = load_grammar("date.lark", parser="lalr")
    assert len(builds) == 1  # the entry was not used
    assert _dates(parser) == _dates(real_open(str(grammar_dir() / "date.lark"), parser="lalr"))
    assert not marker.exists()
    monkeypatch.setattr(grammars.Lark, "open", _no_build)  # rewritten: the next run loads it
    assert _dates(load_grammar("date.lark", parser="lalr")) == _dates(parser)


def _keys() -> list[str]:
    import marshal

    from doclint import datacache

    folder = private_dir()
    assert folder is not None
    return [marshal.loads(p.read_bytes()[len(datacache._MAGIC) + 32 :])[0] for p in folder.glob("lark-*.cache")]


def test_without_a_private_folder_the_tables_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(tmp_path / "open"))
    (tmp_path / "open").mkdir(mode=0o777)
    (tmp_path / "open").chmod(0o777)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert _dates(load_grammar("date.lark", parser="lalr"))
    assert not list((tmp_path / "open").iterdir())
    assert not list(tmp_path.glob(".lark*"))


def test_no_parser_is_built_with_lark_s_own_cache() -> None:
    """A Lark(..., cache=True) added later anywhere in the package would bring issue 18 #1 back."""
    root = Path(grammars.__file__).resolve().parent.parent
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("doclint", "rules")
        for path in sorted((root / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "cache=" in line.replace(" ", "") and ("Lark" in line or "lark" in line)
    ]
    assert offenders == []
