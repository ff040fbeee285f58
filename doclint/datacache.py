"""Parsed TOML data files, cached on disk the way Lark caches its parser tables.

Parsing ``rules/confusables.toml`` with tomllib costs more than a one-file run's whole lint;
``marshal`` reads the same dicts back in a fraction of that.  The cache file is keyed by the
data file's path, size and modification time and by the Python version, so an edited data
file or another interpreter never sees a stale copy; any problem with the cache (read-only
home, a corrupt file) falls back to parsing the TOML.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

_VERSION = 1


def cache_dir() -> Path:
    """``$DOCLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/doclint``, else ``~/.cache/doclint``."""
    if os.environ.get("DOCLINT_CACHE_DIR"):
        return Path(os.environ["DOCLINT_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "doclint"
    try:
        return Path.home() / ".cache" / "doclint"
    except RuntimeError:  # no home directory
        return Path(tempfile.gettempdir()) / "doclint-cache"


def load_toml(path: Path) -> dict[str, Any]:
    """The parsed contents of a TOML data file (raises OSError / tomllib.TOMLDecodeError)."""
    if os.environ.get("DOCLINT_NO_CACHE"):
        return _parse(path)
    stat = path.stat()
    key = f"{_VERSION}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{sys.version}"
    cached = cache_dir() / f"data-{hashlib.sha1(key.encode()).hexdigest()[:20]}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = _parse(path)
    _store(cached, data)
    return data


def _parse(path: Path) -> dict[str, Any]:
    import tomllib  # only on a cache miss: its import is a few ms of every run's start-up

    return tomllib.loads(path.read_text(encoding="utf-8"))


def _store(cached: Path, data: dict[str, Any]) -> None:
    store_marshal(cached, data)  # TOML dates/times are not marshallable: not cached


def store_marshal(target: Path, data: object) -> None:
    """Write ``data`` to a cache file atomically (a parallel run never reads half a file);
    a cache that cannot be written is not an error."""
    try:
        payload = marshal.dumps(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            handle.write(payload)
        os.replace(handle.name, target)
    except (OSError, ValueError):
        pass
