"""Regular expressions compiled once per machine instead of once per run.

A one-file run compiles ~190 patterns, and CPython's ``re`` parses and compiles each in
pure Python: about 50 ms, a fifth of the whole run and more than the lint itself.  The
compiled form (the SRE code list and the group tables) is what ``re`` hands to
``_sre.compile``; this module keeps those tables in a ``marshal`` file next to the data
cache (:mod:`doclint.datacache`) and rebuilds a pattern from them in microseconds.

Safety: the cache file is keyed by the exact Python version and the SRE engine's magic
number, ``_sre.compile`` validates the code it is given, and any difference in the
internals (another interpreter, a future ``re``) falls back to plain :func:`re.compile`.
``DOCLINT_NO_CACHE=1`` turns the cache off.  Use :func:`compile` for the patterns a module
builds once (module level); patterns built per document keep using :func:`re.compile`.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from doclint.datacache import cache_dir, store_marshal

try:
    import _sre
    from re import _compiler, _parser

    # the code is stored as the bytes of an array of SRE code words
    _AVAILABLE = hasattr(_compiler, "_code") and hasattr(_sre, "MAGIC") and array("I").itemsize == getattr(_sre, "CODESIZE", 0)
except ImportError:  # another Python implementation
    _AVAILABLE = False

_MAX_ENTRIES = 600
Entry = tuple[int, bytes, int, dict[str, int], tuple[Any, ...]]


class _Table:
    """The stored entries, loaded on first use and written back at exit when new ones appeared."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, int], Entry] | None = None
        self.used: set[tuple[str, int]] = set()
        self.dirty = False

    def path(self) -> Path:
        key = f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|bytes"
        return cache_dir() / f"regex-{hashlib.sha1(key.encode()).hexdigest()[:16]}.marshal"

    def load(self) -> dict[tuple[str, int], Entry]:
        if self.entries is None:
            try:
                loaded = marshal.loads(self.path().read_bytes())
                self.entries = loaded if isinstance(loaded, dict) else {}
            except (OSError, EOFError, ValueError, TypeError):
                self.entries = {}
            atexit.register(self.save)
        return self.entries

    def save(self) -> None:
        if not self.dirty or self.entries is None:
            return
        entries = self.entries
        if len(entries) > _MAX_ENTRIES:  # keep what this run used; drop what no run asks for
            entries = {key: value for key, value in entries.items() if key in self.used}
        store_marshal(self.path(), entries)


_table = _Table()


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 -- same name as re.compile
    """``re.compile(pattern, flags)``, served from the on-disk cache when possible."""
    flags = int(flags)
    if not _AVAILABLE or os.environ.get("DOCLINT_NO_CACHE"):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    entries = _table.load()
    _table.used.add(key)
    entry = entries.get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except Exception:  # noqa: BLE001 -- a stale or foreign entry: compile afresh below
            pass
    try:
        entry = _entry(pattern, flags)
        compiled = _build(pattern, entry)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 -- internals differ from CPython 3.11+: plain re
        return re.compile(pattern, flags)
    entries[key] = entry
    _table.dirty = True
    return compiled


def _entry(pattern: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` passes to ``_sre.compile``."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # bytes, not a list of ints: marshal reads a 3 MB table of int lists in ~20 ms, bytes in ~1
    code_bytes = array("I", code).tobytes()
    return (int(flags | parsed.state.flags), code_bytes, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _build(pattern: str, entry: Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, array("I", code).tolist(), groups, groupindex, indexgroup)
