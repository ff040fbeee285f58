"""The per-file result cache of ``doclint check`` (as ruff's): an unchanged file under
unchanged settings is answered from disk instead of being parsed and linted again.

The key of a file's entry is everything its findings depend on: the file's bytes (SHA-256)
and the name it is reported under, the resolved settings, the bytes of the user word packs
they name, doclint's version and a fingerprint of its installed code and data (size and
modification time of every module, grammar and data file: a source checkout changes without
a version bump), the version of every distribution that provides rules, and Python's version.

Entries are written by :mod:`doclint.datacache` (plain data through ``marshal``, never pickle;
SHA-256 verified on read; atomic writes; only in a folder private to the user) in the
sub-folder ``lint`` of the cache folder (``cache-dir`` setting, ``--cache-dir``,
``$DOCLINT_CACHE_DIR``, else the user's cache folder). The folder is kept under
``MAX_BYTES`` once per run, least recently used out first; a run that finds an entry evicted
by another run at the same moment just lints the file. ``--no-cache`` or
``DOCLINT_NO_CACHE=1`` turn it off.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from doclint import datacache
from doclint.config import Settings
from doclint.paths import cache_location
from doclint.records import replace
from doclint.rule import Edit, Finding, Fix

KIND = "lint"
MAX_BYTES = 256 << 20
_FORMAT = 1


def folder(cache_dir: str | None = None) -> Path | None:
    """The private folder of the lint entries, or None (no private folder can be had)."""
    if os.environ.get("DOCLINT_NO_CACHE"):
        return None
    base = Path(cache_dir) if cache_dir else cache_location()
    return None if base is None else _checked(str(base))


@cache
def _checked(base: str) -> Path | None:
    if datacache.private_dir(Path(base)) is None:
        return None
    return datacache.private_dir(Path(base) / KIND)


@cache
def code_fingerprint() -> str:
    """doclint's version, its code and data files, the rule plugins' versions, Python."""
    import doclint

    parts = [doclint.__version__, sys.version, str(_FORMAT)]
    from doclint.paths import grammar_dir, rules_dir

    here = Path(doclint.__file__).parent
    for base in (here, here / "readers", rules_dir(), rules_dir() / "messages", rules_dir() / "data", grammar_dir()):
        try:  # .bin: the word model (rules/data), rebuilt without any other file changing
            names = sorted(p for p in base.iterdir() if p.suffix in (".py", ".toml", ".lark", ".bin"))
        except OSError:
            continue
        for path in names:
            try:
                info = path.stat()
            except OSError:
                continue
            parts.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
    parts.extend(plugin_versions())
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def plugin_versions() -> list[str]:
    """``name==version`` of every installed distribution declaring ``doclint.rules`` entry points."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            dists = [p for p in Path(entry or ".").iterdir() if p.suffix in (".dist-info", ".egg-info")]
        except OSError:
            continue
        for dist in dists:
            try:
                if "doclint.rules" not in (dist / "entry_points.txt").read_text(encoding="utf-8"):
                    continue
            except OSError:
                continue
            found.add(f"{dist.name}={_version(dist)}")
    return sorted(found)


def _version(dist: Path) -> str:
    for name in ("METADATA", "PKG-INFO"):
        try:
            with (dist / name).open(encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break
        except OSError:
            continue
    return "?"


def settings_key(settings: Settings) -> str:
    """The resolved settings and the contents of the word packs they name."""
    packs = []
    for pack in settings.confusables:
        try:
            info = os.stat(pack)
            packs.append(_pack_digest(pack, info.st_size, info.st_mtime_ns))
        except OSError:
            packs.append(f"unreadable:{pack}")
    return _settings_digest(settings, tuple(packs))


@cache
def _settings_digest(settings: Settings, packs: tuple[str, ...]) -> str:
    text = "\n".join((repr(replace(settings, cache_dir=None, source=None)), *packs))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


@cache
def _pack_digest(path: str, size: int, mtime_ns: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"


def key(display: str, data: bytes, settings: Settings) -> str:
    return "|".join((KIND, display, hashlib.sha256(data).hexdigest(), settings_key(settings), code_fingerprint()))


def load(where: Path, entry_key: str) -> list[Finding] | None:
    """The findings stored under ``entry_key``, or None (not there, or not of the right shape)."""
    data = datacache.read_entry(KIND, entry_key, where)
    if type(data) is not list:
        return None
    try:
        return [_finding(row) for row in data]
    except (TypeError, ValueError):
        return None


def store(where: Path, entry_key: str, findings: list[Finding]) -> None:
    datacache.write_entry(KIND, entry_key, [_row(f) for f in findings], where, max_total=None)


def evict(where: Path) -> None:
    datacache.evict(where, MAX_BYTES)


def _row(f: Finding) -> tuple:
    fix = None if f.fix is None else (f.fix.applicability, tuple(
        (e.start, e.end, e.content, e.line, e.column, e.end_line, e.end_column) for e in f.fix.edits))
    return (f.path, f.line, f.column, f.end_line, f.end_column, f.rule, f.code, f.severity, f.message,
            f.suggestion, f.location, f.text, f.source_line, fix)


def _finding(row: object) -> Finding:
    if type(row) is not tuple or len(row) != 14:
        raise ValueError("not a finding")
    *fields, fix = row
    if fix is not None:
        applicability, edits = fix
        fix = Fix(tuple(Edit(*e) for e in edits), applicability)
    return Finding(*fields, fix=fix)
