"""Reading: bytes -> normalised text, with a map back to the original positions.

The normalised text is NFC with ``\\n`` line ends.  Every offset into it maps back to a
1-based line and column of the *original* decoded file (columns count code points of the
original line), whatever NFC composition or CRLF folding happened.  The common case (UTF-8,
already NFC, ``\\n`` ends) takes a fast path with an identity map.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from doclint import regex as rx
from doclint.messages import core

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md")
_LINE_BREAK = rx.compile(r"\r\n|\r|\n")
# A base character with the combining marks that follow it: the unit NFC works on.
_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_CLUSTER = rx.compile(rf"\r\n|.[{_MARKS}]*", re.DOTALL)


class ReadError(Exception):
    """A file that cannot be linted; the message is one line for the user."""


class NoTextLayer(ReadError):
    pass


class EmptyFile(ReadError):
    """A text file with nothing in it: nothing to check, not an error."""


class OffsetMap:
    """Normalised offsets -> original offsets, line by line.

    Most lines keep their length under NFC and map by a shift; a line whose length changed
    (NFD input) gets its per-character map built on first use, i.e. only when a finding
    lands on it."""

    __slots__ = ("_cache", "_lines", "_original", "changed", "norm_starts", "orig_starts")

    def __init__(self, original: str, orig_starts: list[int], lines: list[str]) -> None:
        self._original = original
        self.orig_starts = orig_starts
        self._lines = lines
        self.norm_starts: list[int] = []
        self.changed: set[int] = set()
        self._cache: dict[int, array] = {}
        at = 0
        for index, line in enumerate(lines):
            self.norm_starts.append(at)
            at += len(line) + 1
            if len(line) != _content_end(original, orig_starts, index) - orig_starts[index]:
                self.changed.add(index)

    def original_offset(self, offset: int) -> int:
        index = bisect_right(self.norm_starts, offset) - 1
        shift = offset - self.norm_starts[index]
        orig_start = self.orig_starts[index]
        if index not in self.changed:
            return min(orig_start + shift, len(self._original))
        line_map = self._cache.get(index)
        if line_map is None:
            end = _content_end(self._original, self.orig_starts, index)
            line_map = self._cache[index] = _cluster_map(self._original, orig_start, end)
        return line_map[shift] if shift < len(line_map) else _content_end(self._original, self.orig_starts, index)


def _content_end(original: str, orig_starts: list[int], index: int) -> int:
    """End of a line's text in the original, before its line break."""
    if index + 1 >= len(orig_starts):
        return len(original)
    end = orig_starts[index + 1] - 1
    return end - 1 if end > 0 and original[end] == "\n" and original[end - 1] == "\r" else end


def _cluster_map(original: str, start: int, end: int) -> array:
    mapping = array("l")
    for match in _CLUSTER.finditer(original, start, end):
        mapping.extend([match.start()] * len(unicodedata.normalize("NFC", match.group())))
    return mapping


@dataclass(slots=True)
class Source:
    path: str
    original: str  # decoded text as in the file
    text: str  # NFC, \n line ends
    offsets: OffsetMap | None  # None when text is original
    orig_line_starts: list[int]
    line_labels: list[str] | None = None  # docx/pdf: a label per line of text instead of line:col
    layout: dict | None = None  # docx page facts for the layout rules

    @classmethod
    def from_text(
        cls,
        path: str,
        original: str,
        line_labels: list[str] | None = None,
        layout: dict | None = None,
    ) -> Source:
        original = original.removeprefix("\ufeff")
        starts = line_starts(original)
        text, offsets = normalise(original, starts)
        return cls(path, original, text, offsets, starts, line_labels, layout)

    def original_offset(self, offset: int) -> int:
        if self.offsets is None:
            return min(offset, len(self.original))
        return self.offsets.original_offset(offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the original file of an offset into ``text``."""
        orig = self.original_offset(offset)
        line = bisect_right(self.orig_line_starts, orig) - 1
        return line + 1, orig - self.orig_line_starts[line] + 1

    def line_text(self, line: int) -> str:
        """The original text of a 1-based line, without its line end."""
        starts = self.orig_line_starts
        if not 1 <= line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self.original)
        return self.original[starts[line - 1] : end].rstrip("\r\n")

    def label(self, line: int) -> str | None:
        if self.line_labels and 1 <= line <= len(self.line_labels):
            return self.line_labels[line - 1]
        return None


def line_starts(original: str) -> list[int]:
    """Offset of every line start; a line ends at \\n, \\r\\n or \\r."""
    if "\r" in original:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(original)]
    return newline_starts(original)


def newline_starts(text: str) -> list[int]:
    """Offset of every line start, lines ending at \\n only (normalised text)."""
    starts = [0]
    find = text.find
    at = find("\n")
    while at != -1:  # str.find: no match object per line
        starts.append(at + 1)
        at = find("\n", at + 1)
    return starts


def normalise(original: str, line_starts: list[int]) -> tuple[str, OffsetMap | None]:
    """NFC with ``\\n`` line ends, and the map back to the original (None when unchanged)."""
    if "\r" not in original and unicodedata.is_normalized("NFC", original):
        return original, None
    lines = [
        unicodedata.normalize("NFC", original[start : _content_end(original, line_starts, index)])
        for index, start in enumerate(line_starts)
    ]
    return "\n".join(lines), OffsetMap(original, line_starts, lines)


def decode(data: bytes, path: str, first_line: int = 1) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM: Word's "Unicode Text", Notepad
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ReadError(core("binary").format(path=path)) from None
    if not data.strip():
        raise EmptyFile(core("empty").format(path=path))
    if b"\x00" in data[:8192]:
        raise ReadError(core("binary").format(path=path))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + first_line
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            core("bad-utf8").format(path=path, line=line, byte=column, value=f"0x{data[exc.start]:02X}")
        ) from None


SECTION_THRESHOLD = 4 * 1024 * 1024
SECTION_BYTES = 1024 * 1024


def text_sections(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None,
                  section_bytes: int | None = None) -> Iterator[tuple[int, Source]]:
    """A large .txt/.md file as consecutive sections of about ``section_bytes``, cut at a blank
    line, each with the number of lines before it: memory stays that of one section, whatever
    the file's size.  Each section is linted as a document of its own (an archive of
    concatenated documents is the usual case of such a file)."""
    name = display or str(path)
    read_bytes_checked(path, max_bytes, name)
    section_bytes = section_bytes or SECTION_BYTES
    first_line = 1
    pending = b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(section_bytes)
            data = pending + block
            if not block:
                if data.strip():
                    yield first_line - 1, Source.from_text(name, decode(data, name, first_line))
                return
            cut = _section_cut(data)
            if cut < len(data) // 2:
                pending = data
                continue
            head, pending = data[: cut + 2], data[cut + 2 :]
            if head.strip():
                yield first_line - 1, Source.from_text(name, decode(head, name, first_line))
            first_line += head.count(b"\n")


# Where a new document starts, for cutting an archive between documents rather than inside one.
_DOCUMENT_STARTS = tuple("\n\n" + start for start in ("Số:", "Số ", "CỘNG HÒA", "CỘNG HOÀ", "ỦY BAN", "UBND"))


def _section_cut(data: bytes) -> int:
    """The offset to cut a buffer at: before the last document start in its second half,
    else after its last blank line."""
    half = len(data) // 2
    best = max(data.rfind(start.encode("utf-8"), half) for start in _DOCUMENT_STARTS)
    return best if best >= half else data.rfind(b"\n\n")


def read_bytes_checked(path: Path, max_bytes: int, name: str) -> int:
    """The size of a readable file within the limit, or ReadError."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(core("missing").format(path=name)) from None
    except OSError as exc:
        raise ReadError(core("unreadable").format(path=name, reason=exc.strerror)) from None
    if size > max_bytes:
        raise ReadError(
            core("too-big").format(path=name, size=f"{size / 1048576:.1f}", limit=_megabytes(max_bytes))
        )
    return size


def _megabytes(count: int) -> str:
    value = count / 1048576
    return f"{value:.0f}" if value >= 10 else f"{value:.3g}"


def read_bytes(path: Path, max_bytes: int, name: str | None = None) -> bytes:
    name = name or str(path)
    read_bytes_checked(path, max_bytes, name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(core("unreadable").format(path=name, reason=exc.strerror)) from None


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, display: str | None = None) -> Source:
    """Read one file of any supported kind into a Source, or raise ReadError."""
    name = display or str(path)
    if path.is_dir():
        raise ReadError(core("is-dir").format(path=name))
    suffix = path.suffix.lower()
    if suffix == ".doc":
        return _read_legacy_doc(path, name, max_bytes)
    if suffix == ".docx":
        return _read_office(path, name, max_bytes, "docx")
    if suffix == ".pdf":
        return _read_office(path, name, max_bytes, "pdf")
    return Source.from_text(name, decode(read_bytes(path, max_bytes, name), name))


def read_stdin(display: str) -> Source:
    data = sys.stdin.buffer.read()
    return Source.from_text(display, decode(data, display))


def libreoffice() -> str | None:
    """The LibreOffice command on PATH (``soffice`` or ``libreoffice``), if any."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_legacy_doc(path: Path, name: str, max_bytes: int) -> Source:
    """A Word 97-2003 file: converted headless by LibreOffice to a temporary .docx, or the
    one-line hint saying how to convert it when LibreOffice is not installed."""
    import subprocess
    import tempfile

    office = libreoffice()
    if office is None:
        raise ReadError(core("legacy-doc").format(path=name))
    read_bytes_checked(path, max_bytes, name)
    with tempfile.TemporaryDirectory(prefix="doclint-doc-") as tmp:
        # a private profile: a running LibreOffice of the user's would swallow the request
        command = [office, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "docx",
                   "--outdir", tmp, str(path.resolve())]
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired):
            raise ReadError(core("legacy-doc").format(path=name)) from None
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise ReadError(core("legacy-doc").format(path=name))
        return _read_office(converted, name, max_bytes, "docx")


def _read_office(path: Path, name: str, max_bytes: int, kind: str) -> Source:
    read_bytes_checked(path, max_bytes, name)  # existence and size checks
    try:
        if kind == "docx":
            from doclint.readers.docx import read_docx

            text, labels, layout = read_docx(path)
            return Source.from_text(name, text, labels, layout)
        from doclint.readers.pdf import read_pdf

        text, labels = read_pdf(path)
        return Source.from_text(name, text, labels)
    except ReadError:
        raise
    except ImportError as exc:
        raise ReadError(core("no-reader").format(path=name, kind=kind, reason=exc)) from None
    except Exception as exc:  # noqa: BLE001 -- a corrupt office file must not stop the run
        raise ReadError(core("corrupt").format(path=name, kind=kind, reason=str(exc).splitlines()[0][:200])) from None
