"""Applying the fixes findings carry: ``doclint check --fix`` and ``--diff``.

A fix is a set of edits in original-file offsets (:class:`doclint.rule.Fix`). Fixing a file
repeats lint -> apply until nothing more applies (a fix may reveal another: ``các các các``),
so fixing twice is fixing once. Within one pass the fixes are taken in order of position and a
fix any of whose edits overlaps an edit already taken waits for the next pass; a fix is applied
whole or not at all. Text outside the edits is never touched: the file keeps its encoding, BOM,
line endings and the normalisation form of untouched text. Writing is atomic (a temporary
file in the same folder, then ``os.replace``) and never overwrites a file whose bytes changed
since they were read.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from doclint.config import Settings
from doclint.reader import DEFAULT_MAX_BYTES, TEXT_SUFFIXES, Source, decode, read_bytes
from doclint.rule import Edit, Finding, Fix

MAX_PASSES = 20


class ChangedOnDisk(Exception):
    """The file changed between reading and writing: left alone."""


@dataclass(slots=True)
class FixResult:
    path: str
    before: str  # decoded text, BOM excluded
    after: str
    applied: int = 0  # fixes applied, over every pass
    encoding: str = "utf-8"
    bom: bytes = b""
    data: bytes = b""  # the bytes read
    remaining: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self, name: str | None = None) -> str:
        name = name or self.path
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     f"a/{name.lstrip('/')}", f"b/{name.lstrip('/')}")
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                       for line in lines)

    def encoded(self) -> bytes:
        return self.bom + self.after.encode(self.encoding, "surrogatepass")


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe)


def select_fixes(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes of one pass: by position, skipping any that overlaps one already taken (two
    insertions at one place overlap too) and exact duplicates."""
    taken: list[Fix] = []
    spans: list[tuple[int, int]] = []
    seen: set[tuple[Edit, ...]] = set()
    for fix in sorted(fixes, key=lambda f: (min(e.start for e in f.edits), max(e.end for e in f.edits))):
        key = tuple(sorted((e.start, e.end, e.content) for e in fix.edits))
        if key in seen:
            continue
        if any(_overlap(e.start, e.end, s, t) for e in fix.edits for s, t in spans) or _self_overlap(fix):
            continue
        seen.add(key)
        taken.append(fix)
        spans.extend((e.start, e.end) for e in fix.edits)
    return taken


def _overlap(a: int, b: int, c: int, d: int) -> bool:
    if a == b:  # an insertion conflicts with any edit at or around its point
        return c <= a <= d
    if c == d:
        return a <= c <= b
    return a < d and c < b


def _self_overlap(fix: Fix) -> bool:
    edits = sorted((e.start, e.end) for e in fix.edits)
    return any(_overlap(*x, *y) for x, y in zip(edits, edits[1:]))


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the edits of ``fixes`` (already non-overlapping) applied."""
    edits = sorted((e for f in fixes for e in f.edits), key=lambda e: (e.start, e.end))
    out: list[str] = []
    at = 0
    for edit in edits:
        out.append(text[at:edit.start])
        out.append(edit.content)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def fix_text(text: str, settings: Settings, path: str = "<text>", unsafe: bool = False) -> tuple[str, int, list[Finding]]:
    """(fixed text, fixes applied, findings that remain) for a decoded document."""
    from doclint.engine import lint

    applied = 0
    for _ in range(MAX_PASSES):
        findings = lint(Source.from_text(path, text), settings)
        chosen = select_fixes(f.fix for f in findings if wanted(f.fix, unsafe))
        if not chosen:
            return text, applied, findings
        fixed = apply_fixes(text, chosen)
        if fixed == text:
            return text, applied, findings
        text, applied = fixed, applied + len(chosen)
    return text, applied, lint(Source.from_text(path, text), settings)


def _encoding(data: bytes) -> tuple[str, bytes]:
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le", data[:2]
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be", data[:2]
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", data[:3]
    return "utf-8", b""


def fixable_path(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES


def fix_path(path: Path, settings: Settings, display: str | None = None, unsafe: bool = False) -> FixResult:
    """Compute the fixes of one .txt/.md file (nothing is written; see :func:`write`).
    Raises ReadError / OSError as the reader does."""
    name = display or str(path)
    data = read_bytes(path, settings.max_bytes or DEFAULT_MAX_BYTES, name)
    text = decode(data, name)
    encoding, bom = _encoding(data)
    after, applied, remaining = fix_text(text, settings, name, unsafe)
    return FixResult(name, text, after, applied, encoding, bom, data, remaining)


def write(path: Path, result: FixResult) -> None:
    """Replace the file by the fixed text atomically, unless its bytes changed since read."""
    new = result.encoded()
    folder = path.resolve().parent
    digest = hashlib.sha256(result.data).digest()
    info = path.stat()
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".doclint-tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, info.st_mode & 0o7777)
        if hashlib.sha256(path.read_bytes()).digest() != digest:
            raise ChangedOnDisk(str(path))
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
