"""A private, verified, bounded on-disk cache of plain data (parsed TOML, Lark's parser tables).

Parsing ``rules/confusables.toml`` with tomllib or building an LALR table costs more than a
one-file run's whole lint; ``marshal`` reads the same data back in a fraction of that.

What makes it safe to read back:

* **Private.** The folder is :func:`doclint.paths.cache_location`, used only when it is a
  real directory (not a symlink) owned by the current user that no one else can write to
  (created ``0700``; a folder of the user's own that others may only read is tightened to
  ``0700``). Anything else, or no home directory, means running without a cache; never a
  shared folder such as ``/tmp``.
* **Verified.** Each entry is a regular file owned by the user that starts with a header
  (format version + SHA-256 of the body) and holds its own key next to the data; the caller
  checks the data's shape. Whatever fails a check is deleted and rebuilt by the caller: a bad
  entry is never trusted and never fatal. Only plain data (dict, list, tuple, str, bytes,
  int, float, bool, None) is ever written: no code, no pickles, no compiled patterns; and
  ``marshal`` (unlike ``pickle``) runs nothing while it reads. (Walking every value again on
  each read would cost ~8 ms of a 200 ms run; the checksum in a folder only the user can
  write to vouches for what the writer checked.)
* **Bounded.** Entries above ``_MAX_ENTRY`` are not stored; when the folder's entries pass
  ``_MAX_TOTAL`` the least recently used are evicted.

``DOCLINT_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Union

from doclint.paths import cache_location

_MAGIC = b"doclint-cache/2\n"
_BYTES_MAGIC = b"doclint-bytes/1\n"  # raw bytes (derived_bytes), no marshal
_DIGEST = 32  # bytes of SHA-256
_SUFFIX = ".cache"
_MAX_ENTRY = 8 << 20
_MAX_TOTAL = 64 << 20
_TOUCH_AFTER = 24 * 3600  # a hit refreshes the entry's time at most once a day (for eviction)
_STALE_TEMP = 3600
_LEGACY = ("regex-", "data-")  # earlier versions' *.marshal files: never read, removed on eviction
Buffer = Union[bytes, mmap.mmap]
_PLAIN = (dict, list, tuple, str, bytes, int, float, bool, type(None))
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def private_dir(location: Path | None = None) -> Path | None:
    """The cache folder (``location``, default :func:`cache_location`), created and checked;
    None when no private folder can be had."""
    if os.environ.get("DOCLINT_NO_CACHE"):
        return None
    location = cache_location() if location is None else location
    if location is None:
        return None
    if location in _checked:
        return location  # found private earlier in this process: a run reads ~15 entries
    found = _check_private(location)
    if found is not None:
        _checked.add(location)
    return found


_checked: set[Path] = set()


def _check_private(location: Path) -> Path | None:
    if os.name != "posix":  # no owner ids or modes to check: a folder in the user's profile
        try:
            location.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return None if location.is_symlink() or not location.is_dir() else location
    try:
        location.mkdir(mode=0o700, parents=True, exist_ok=True)
        # opened without following a symlink, so the checks and the chmod are on this very folder
        fd = os.open(location, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
            return None  # someone else's, or a folder others could have written to
        if info.st_mode & 0o077:  # ours and only readable by others (an earlier version's 0755)
            os.fchmod(fd, 0o700)
            if os.fstat(fd).st_mode & 0o077:
                return None
    except OSError:
        return None
    finally:
        os.close(fd)
    return location


def _mine(info: os.stat_result) -> bool:
    return os.name != "posix" or info.st_uid == os.geteuid()


def entry_path(folder: Path, kind: str, key: str) -> Path:
    return folder / f"{kind}-{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}{_SUFFIX}"


def read_entry(kind: str, key: str, folder: Path | None = None) -> Any | None:
    """The data stored under ``key`` (in ``folder``, already checked by :func:`private_dir`,
    default the user's cache folder), or None (missing, no cache, or discarded as bad)."""
    found = _read_file(kind, key, folder)
    if found is None:
        return None
    path, blob = found
    ok, data = _decode(blob, key)
    if not ok:
        _discard(path)
        return None
    return data


def read_bytes_entry(kind: str, key: str, folder: Path | None = None) -> memoryview | None:
    """The bytes stored under ``key`` by :func:`write_bytes_entry`, as a read-only view of the
    file's one copy in memory (a 3.5 MB table is not copied again), or None as for
    :func:`read_entry`."""
    found = _read_file(kind, key, folder, mapped=True)
    if found is None:
        return None
    path, blob = found
    data = _decode_bytes(blob, key)
    if data is None:
        _discard(path)
    return data


def _read_file(kind: str, key: str, folder: Path | None, mapped: bool = False) -> tuple[Path, Buffer] | None:
    """(path, content) of the entry file, b"" for one that is not a regular file of ours.
    ``mapped``: the content mapped in memory where the system can fill the mapping at once
    (Linux): a 3.5 MB entry read into fresh memory cost ~850 page faults; a checksum and the
    key are still verified on what is mapped, and entries are only ever replaced, never
    written in place (:func:`_write_file`)."""
    folder = folder or private_dir()
    if folder is None:
        return None
    path = entry_path(folder, kind, key)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError:  # a symlink (ELOOP), unreadable...
        _discard(path)
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _mine(info) or info.st_size > _MAX_ENTRY:
                blob = b""
            elif mapped and info.st_size and hasattr(mmap, "MAP_POPULATE"):
                blob = mmap.mmap(handle.fileno(), info.st_size, flags=mmap.MAP_PRIVATE | mmap.MAP_POPULATE,
                                 prot=mmap.PROT_READ)
            else:
                blob = handle.read(_MAX_ENTRY + 1)
            if blob and time.time() - info.st_mtime > _TOUCH_AFTER:
                os.utime(handle.fileno())
    except (OSError, ValueError):
        blob = b""
    return path, blob


def write_entry(kind: str, key: str, data: object, folder: Path | None = None,
                max_total: int | None = -1) -> None:
    """Store ``data`` under ``key`` atomically (a parallel run never reads half a file).
    Data that is not plain (TOML dates, say) or too large is not stored; a cache that cannot
    be written is not an error. ``folder``: as for :func:`read_entry`; its entries are kept
    under ``max_total`` bytes (default ``_MAX_TOTAL``; None: the caller calls :func:`evict`
    itself, once per run)."""
    folder = folder or private_dir()
    if folder is None or not is_plain(data):
        return
    try:
        body = marshal.dumps((key, data), 4)
    except ValueError:
        return
    _write_file(folder, kind, key, (_MAGIC, hashlib.sha256(body).digest(), body), max_total)


def write_bytes_entry(kind: str, key: str, data: bytes, folder: Path | None = None) -> None:
    """Store the bytes ``data`` under ``key`` for :func:`read_bytes_entry` (checked as
    :func:`write_entry`'s entries are: checksum, key, size bound)."""
    folder = folder or private_dir()
    if folder is None:
        return
    encoded = key.encode("utf-8", "surrogatepass")
    payload = (len(encoded).to_bytes(4, "little"), encoded, data)
    digest = hashlib.sha256()
    for part in payload:
        digest.update(part)
    _write_file(folder, kind, key, (_BYTES_MAGIC, digest.digest(), *payload), -1)


def _write_file(folder: Path, kind: str, key: str, parts: tuple[bytes, ...], max_total: int | None) -> None:
    if sum(map(len, parts)) > _MAX_ENTRY:
        return
    import tempfile  # only when writing: a run with a warm cache never imports it

    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=_SUFFIX)  # mode 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"".join(parts))
        os.replace(temp, entry_path(folder, kind, key))
    except OSError:
        return
    if max_total is not None:
        _evict(folder, _MAX_TOTAL if max_total < 0 else max_total)


def _decode(blob: bytes, key: str) -> tuple[bool, Any]:
    header = len(_MAGIC) + _DIGEST
    if not blob.startswith(_MAGIC) or len(blob) < header or len(blob) > _MAX_ENTRY:
        return False, None
    body = memoryview(blob)[header:]  # no copy of a large entry before marshal makes its own
    if hashlib.sha256(body).digest() != blob[len(_MAGIC):header]:
        return False, None
    try:
        stored = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return False, None
    if type(stored) is not tuple or len(stored) != 2 or stored[0] != key:
        return False, None
    return True, stored[1]


def _decode_bytes(blob: Buffer, key: str) -> memoryview | None:
    header = len(_BYTES_MAGIC) + _DIGEST
    view = memoryview(blob).toreadonly()
    if len(view) < header + 4 or len(view) > _MAX_ENTRY or view[: len(_BYTES_MAGIC)] != _BYTES_MAGIC:
        return None
    if hashlib.sha256(view[header:]).digest() != view[len(_BYTES_MAGIC) : header]:
        return None
    size = int.from_bytes(view[header : header + 4], "little")
    start = header + 4 + size
    if view[header + 4 : start] != key.encode("utf-8", "surrogatepass"):
        return None
    return view[start:]


def is_plain(data: object) -> bool:
    """Only containers and scalars: nothing marshal could hand back that runs or matches."""
    stack = [data]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind not in _PLAIN:
            return False
        if kind is dict:
            stack.extend(item)  # type: ignore[arg-type]
            stack.extend(item.values())  # type: ignore[attr-defined]
        elif kind is list or kind is tuple:
            stack.extend(item)  # type: ignore[arg-type]
    return True


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def evict(folder: Path, max_total: int) -> None:
    _evict(folder, max_total)


def _evict(folder: Path, max_total: int | None = None) -> None:
    """Keep the folder's entries under ``max_total``, least recently used out first. Another
    process may be evicting at the same time: an entry already gone is skipped."""
    now = time.time()
    entries: list[tuple[float, int, str]] = []
    try:
        with os.scandir(folder) as scan:
            for item in scan:
                try:
                    if not item.is_file(follow_symlinks=False):
                        continue
                    info = item.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                name = item.name
                legacy = name.endswith(".marshal") and name.startswith(_LEGACY)
                stale_temp = name.startswith(".tmp-") and now - info.st_mtime > _STALE_TEMP
                if legacy or stale_temp:
                    _discard(Path(item.path))
                elif name.endswith(_SUFFIX) and not name.startswith(".tmp-"):
                    entries.append((info.st_mtime, info.st_size, item.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    max_total = _MAX_TOTAL if max_total is None else max_total
    for _, size, path in sorted(entries):
        if total <= max_total:
            break
        _discard(Path(path))
        total -= size


def load_toml(path: Path) -> dict[str, Any]:
    """The parsed contents of a TOML data file (raises OSError / tomllib.TOMLDecodeError).

    Keyed by the file's path, size and modification time and the Python version, so an
    edited data file or another interpreter never sees a stale copy."""
    info = path.stat()
    key = f"toml|{path.resolve()}|{info.st_size}|{info.st_mtime_ns}|{sys.version}"
    data = read_entry("data", key)
    if type(data) is dict:
        return data
    data = _parse(path)
    write_entry("data", key, data)  # TOML dates/times are not plain data: not cached
    return data


def derived_bytes(kind: str, source: bytes, build: Callable[[bytes], bytes]) -> memoryview:
    """``build(source)``, kept under the SHA-256 of ``source``: a slow pure transform of a
    shipped file (decompressing the 1 MB word model costs ~15-30 ms of every run; reading the
    3.5 MB it gives back from the cache, checksum included, ~3 ms), as a read-only view of
    its one copy in memory. An exception of ``build`` propagates and nothing is stored."""
    key = f"{kind}|{hashlib.sha256(source).hexdigest()}"
    data = read_bytes_entry(kind, key)
    if data is not None:
        return data
    built = build(source)
    write_bytes_entry(kind, key, built)
    return memoryview(built).toreadonly()


def derived_file(kind: str, path: Path, build: Callable[[bytes], bytes]) -> memoryview:
    """:func:`derived_bytes` of the file at ``path``, kept under its path, size and modification
    time as :func:`load_toml` keeps data files: a hit does not read the file (the word model's
    1 MB). An exception of ``build`` or of reading the file propagates and nothing is stored."""
    info = path.stat()
    key = f"{kind}|{path.resolve()}|{info.st_size}|{info.st_mtime_ns}"
    data = read_bytes_entry(kind, key)
    if data is not None:
        return data
    built = build(path.read_bytes())
    write_bytes_entry(kind, key, built)
    return memoryview(built).toreadonly()


def _parse(path: Path) -> dict[str, Any]:
    import tomllib  # only on a cache miss: its import is a few ms of every run's start-up

    return tomllib.loads(path.read_text(encoding="utf-8"))
