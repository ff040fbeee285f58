"""Reading: bytes -> normalised text, with a map back to the original positions.

The normalised text is NFC with ``\\n`` line ends.  Every offset into it maps back to a
1-based line and column of the *original* decoded file (columns count code points of the
original line), whatever NFC composition or CRLF folding happened.  The common case (UTF-8,
already NFC, ``\\n`` ends) takes a fast path with an identity map.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from doclint import regex as rx
from doclint.messages import core
from doclint.records import Record

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


class Source(Record):
    __slots__ = ("path", "original", "text", "offsets", "orig_line_starts", "line_labels", "layout", "notes",
                 "context")
    path: str
    original: str  # decoded text as in the file
    text: str  # NFC, \n line ends
    offsets: OffsetMap | None  # None when text is original
    orig_line_starts: list[int]
    line_labels: list[str] | None  # docx/pdf: a label per line of text instead of line:col
    layout: dict | None  # docx page facts for the layout rules
    notes: list[str] | None  # one-line remarks of the reader (a damaged PDF read anyway)
    context: SectionContext | None  # a section of a document cut in several

    def __init__(self, path: str, original: str, text: str, offsets: OffsetMap | None, orig_line_starts: list[int],
                 line_labels: list[str] | None = None, layout: dict | None = None, notes: list[str] | None = None,
                 context: SectionContext | None = None) -> None:
        self.path = path
        self.original = original
        self.text = text
        self.offsets = offsets
        self.orig_line_starts = orig_line_starts
        self.line_labels = line_labels
        self.layout = layout
        self.notes = notes
        self.context = context

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
    """A large .txt/.md file as consecutive sections of about ``section_bytes``, each with the
    number of lines before it: memory stays that of one section, whatever the file's size.
    A section ends before a new document (an archive of concatenated documents is the usual
    case of such a file), else at a blank line, else at any line end."""
    name = display or str(path)
    with open_regular(path, max_bytes, name) as handle:
        yield from stream_sections(handle, max_bytes, name, section_bytes)


def stream_sections(handle: BinaryIO, max_bytes: int, name: str,
                    section_bytes: int | None = None) -> Iterator[tuple[int, Source]]:
    """:func:`text_sections` of a seekable byte stream (a file, stdin's bytes).

    Cutting a document must not change its findings (a report whose footnote definitions
    come at its end got one false finding per marker): a first pass over the sections notes
    each document's facts, and each section of a document cut in several is linted with its
    document's header before it and its ending (recipients, signature) after it
    (:class:`SectionContext`; findings there are left to the section that holds them), and
    knowing which footnotes the other sections define and mark."""
    section_bytes = section_bytes or SECTION_BYTES
    start = handle.tell()
    facts = [_section_facts(head, name, first_line, new_document)
             for first_line, head, new_document in _raw_sections(handle, max_bytes, name, section_bytes)]
    contexts = _contexts(facts)
    handle.seek(start)
    for (first_line, head, _), context in zip(_raw_sections(handle, max_bytes, name, section_bytes), contexts):
        text = decode(head, name, first_line)
        if context is None:
            yield first_line - 1, Source.from_text(name, text)
            continue
        source = Source.from_text(name, context.prefix + text + context.suffix)
        source.context = context
        yield first_line - 1 - context.prefix_lines, source


def _raw_sections(handle: BinaryIO, max_bytes: int, name: str,
                  section_bytes: int) -> Iterator[tuple[int, bytes, bool]]:
    """(first line, bytes, starts a new document) of each section, at most ``max_bytes`` read."""
    first_line = 1
    pending = b""
    total = 0
    new_document = True
    while True:
        block = handle.read(section_bytes)
        total += len(block)
        if total > max_bytes:
            raise ReadError(core("too-big").format(path=name, size=f"{_megabytes(max_bytes)}+",
                                                   limit=_megabytes(max_bytes)))
        data = pending + block
        if not block:
            if data.strip():
                yield first_line, data, new_document
            return
        end = _section_end(data)
        if end is None:
            pending = data
            continue
        head, pending = data[:end], data[end:]
        if head.strip():
            yield first_line, head, new_document
            new_document = _starts_document(pending)
        first_line += head.count(b"\n")


class SectionContext(Record):
    """What a section of a cut document needs from the other sections."""

    __slots__ = ("prefix", "suffix", "prefix_lines", "body_lines", "footnotes_defined", "footnotes_marked")
    prefix: str  # the document's header lines, linted before the section's own text
    suffix: str  # the document's ending (recipients, signature), linted after it
    prefix_lines: int
    body_lines: int  # the section's own lines: findings outside them are not reported
    footnotes_defined: frozenset[str]  # in the whole document
    footnotes_marked: frozenset[str]

    def __init__(self, prefix: str, suffix: str, prefix_lines: int, body_lines: int,
                 footnotes_defined: frozenset[str], footnotes_marked: frozenset[str]) -> None:
        self.prefix = prefix
        self.suffix = suffix
        self.prefix_lines = prefix_lines
        self.body_lines = body_lines
        self.footnotes_defined = footnotes_defined
        self.footnotes_marked = footnotes_marked

    def owns_line(self, line: int) -> bool:
        """Whether a 1-based line of the linted text is the section's own."""
        return self.prefix_lines < line <= self.prefix_lines + self.body_lines


class _Facts(Record):
    __slots__ = ("new_document", "lines", "header", "ending", "defined", "marked")
    new_document: bool
    lines: int
    header: str  # the header lines at the top ("" when none)
    ending: str  # from "Nơi nhận" or the signature to the end ("" when none)
    defined: set[str]
    marked: set[str]

    def __init__(self, new_document: bool, lines: int, header: str, ending: str, defined: set[str],
                 marked: set[str]) -> None:
        self.new_document = new_document
        self.lines = lines
        self.header = header
        self.ending = ending
        self.defined = defined
        self.marked = marked


_MAX_CONTEXT = 8192  # characters of header or ending carried to the other sections


def _section_facts(head: bytes, name: str, first_line: int, new_document: bool) -> _Facts:
    from doclint import lexer

    text = Source.from_text(name, decode(head, name, first_line)).text
    starts = newline_starts(text)
    cleaned = lexer.clean_text(text, starts)
    tokens = lexer.classify(cleaned, starts)
    header_end = 0
    for token in tokens:
        if token.type not in _HEADER_TOKENS:
            break
        header_end = token.end_pos
    ending = next((t.start_pos for t in tokens if t.type in ("NOI_NHAN", "SIG_LINE")), None)
    header = text[: header_end + 1] if header_end and header_end < _MAX_CONTEXT else ""
    tail = text[ending:] if ending is not None and len(text) - ending < _MAX_CONTEXT else ""
    return _Facts(new_document, len(starts), header.rstrip("\n") + "\n\n" if header else "",
                  "\n\n" + tail.strip("\n") + "\n" if tail else "",
                  {label for label, _, _ in cleaned.defs}, {label for label, _, _ in cleaned.refs})


_HEADER_TOKENS = ("MOTTO", "NUMBER", "PLACE_DATE", "DRAFT", "TYPE_NAME", "ISSUER", "SUMMARY")


def _contexts(facts: list[_Facts]) -> list[SectionContext | None]:
    """One context per section; None for a section that is a whole document by itself."""
    contexts: list[SectionContext | None] = []
    start = 0
    while start < len(facts):
        end = start + 1
        while end < len(facts) and not facts[end].new_document:
            end += 1
        document = facts[start:end]
        if len(document) == 1:
            contexts.append(None)
        else:
            defined = frozenset().union(*(f.defined for f in document))
            marked = frozenset().union(*(f.marked for f in document))
            for index, fact in enumerate(document):
                prefix = document[0].header if index else ""
                suffix = document[-1].ending if index < len(document) - 1 else ""
                contexts.append(SectionContext(prefix, suffix, prefix.count("\n"), fact.lines, defined, marked))
        start = end
    return contexts


def _starts_document(rest: bytes) -> bool:
    """Whether a section begins a new document (a header), not a paragraph that happens to
    start with ``UBND`` or ``Số``: the motto or a ``Số:`` line in its first lines."""
    if not any(rest.startswith(marker[2:]) for marker in _DOCUMENT_STARTS):
        return False
    top = rest[:1500]
    return rest.startswith("Số:".encode()) or "CỘNG HÒA".encode() in top or "CỘNG HOÀ".encode() in top


# Where a new document starts, for cutting an archive between documents rather than inside one.
_DOCUMENT_STARTS = tuple(("\n\n" + start).encode() for start in ("Số:", "Số ", "CỘNG HÒA", "CỘNG HOÀ", "ỦY BAN", "UBND"))


def _section_end(data: bytes) -> int | None:
    """Where the first section of a buffer ends, in its second half: before the last document
    start there, else after its last blank line, else after its last line.  None when the
    second half has no line end (read on: a line is never cut)."""
    half = len(data) // 2
    start = max(data.rfind(marker, half) for marker in _DOCUMENT_STARTS)
    if start >= half:
        return start + 2
    blank = data.rfind(b"\n\n", half)
    if blank >= half:
        return blank + 2
    line = data.rfind(b"\n", half)
    return line + 1 if line >= half else None


def read_bytes_checked(path: Path, max_bytes: int, name: str) -> int:
    """The size of a readable regular file within the limit, or ReadError (a device, a FIFO
    or a socket is never opened: /dev/zero would fill the memory, a FIFO would block)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(core("missing").format(path=name)) from None
    except OSError as exc:
        raise ReadError(core("unreadable").format(path=name, reason=exc.strerror)) from None
    _check_regular(info, name)
    return _check_size(info.st_size, max_bytes, name)


def _check_regular(info: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(core("is-dir").format(path=name))
    if not stat.S_ISREG(info.st_mode):
        kind = ("FIFO" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode)
                else "device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "special file")
        raise ReadError(core("not-regular").format(path=name, kind=kind))


def _check_size(size: int, max_bytes: int, name: str, key: str = "too-big") -> int:
    if size > max_bytes:
        raise ReadError(
            core(key).format(path=name, size=f"{size / 1048576:.1f}", limit=_megabytes(max_bytes))
        )
    return size


def _megabytes(count: int) -> str:
    value = count / 1048576
    return f"{value:.0f}" if value >= 10 else f"{value:.3g}"


def open_regular(path: Path, max_bytes: int, name: str) -> BinaryIO:
    """A regular file opened for reading, its size within the limit, checked on the opened
    descriptor (O_NONBLOCK: opening a FIFO must not wait for a writer)."""
    read_bytes_checked(path, max_bytes, name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(core("unreadable").format(path=name, reason=exc.strerror)) from None
    handle = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        _check_regular(info, name)  # the path may have been replaced since the stat
        _check_size(info.st_size, max_bytes, name)
    except BaseException:
        handle.close()
        raise
    return handle


def read_limited(handle: BinaryIO, max_bytes: int, name: str) -> bytes:
    """At most ``max_bytes`` from a stream (a growing file, stdin), or the too-big error."""
    try:
        data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(core("unreadable").format(path=name, reason=exc.strerror)) from None
    if len(data) > max_bytes:
        raise ReadError(core("too-big").format(path=name, size=f"{_megabytes(max_bytes)}+",
                                               limit=_megabytes(max_bytes)))
    return data


def read_bytes(path: Path, max_bytes: int, name: str | None = None) -> bytes:
    name = name or str(path)
    with open_regular(path, max_bytes, name) as handle:
        return read_limited(handle, max_bytes, name)


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


def read_stdin(display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    data = read_limited(sys.stdin.buffer, max_bytes, display)
    return Source.from_text(display, decode(data, display))


def libreoffice() -> str | None:
    """The LibreOffice command on PATH (``soffice`` or ``libreoffice``), if any."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: what Word 97-2003 writes


def _read_legacy_doc(path: Path, name: str, max_bytes: int) -> Source:
    """A Word 97-2003 file: converted headless by LibreOffice to a temporary .docx, or the
    one-line hint saying how to convert it when LibreOffice is not installed."""
    import subprocess
    import tempfile

    office = libreoffice()
    if office is None:
        raise ReadError(core("legacy-doc").format(path=name))
    read_bytes_checked(path, max_bytes, name)
    with path.open("rb") as handle:
        if handle.read(len(OLE_SIGNATURE)) != OLE_SIGNATURE:
            # LibreOffice would import any other bytes as plain text and find a clean document
            raise ReadError(core("not-a-doc").format(path=name))
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
    read_bytes_checked(path, max_bytes, name)  # existence, kind and size checks
    try:
        if kind == "docx":
            from doclint.readers.docx import read_docx

            text, labels, layout = read_docx(path, max_bytes, name)
            return Source.from_text(name, text, labels, layout)
        from doclint.readers.pdf import read_pdf

        text, labels, notes = read_pdf(path, max_bytes, name)
        source = Source.from_text(name, text, labels)
        source.notes = notes
        return source
    except (ReadError, MemoryError):
        raise
    except ImportError as exc:
        raise ReadError(core("no-reader").format(path=name, kind=kind, reason=exc)) from None
    except Exception as exc:  # noqa: BLE001 -- a corrupt office file must not stop the run
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200] or type(exc).__name__
        raise ReadError(core("corrupt").format(path=name, kind=kind, reason=reason)) from None


def check_text_size(text: str, max_bytes: int, name: str) -> None:
    """The text a .docx/.pdf unpacks to is held to the file size limit too."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) * 4 > max_bytes else len(text)
    _check_size(size, max_bytes, name, "too-big-unpacked")
