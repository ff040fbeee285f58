"""PDF -> plain text with one paragraph per line, hard-wrapped lines joined.

pypdf rather than pdfplumber: it is already a dependency, pure Python, and its text
extraction gives the lines in reading order, which is all the joining below needs; the
character boxes pdfplumber adds (and the pdfminer.six it pulls in) would not change a
single decision here and cost several times the time per page.

A PDF is published from Word, so a paragraph is wrapped at the page width and split across
pages.  A line continues the previous one unless the previous one ends a sentence (``.``,
``:``, ``;``, ``!``, ``?``) or the line starts a new item (``1.``, ``a)``, ``I.``, ``-``,
``+``, a footnote definition ``1 Text``), or the previous line is short (a title).  A bare
page number at the top or bottom of a page is dropped.  Each output line is labelled with
the page and the line where its paragraph starts (``trang 3, dòng 14``).
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from doclint.messages import core
from doclint.reader import NoTextLayer, ReadError

_SENTENCE_END = re.compile(r"[.:;!?…]\W{0,2}$|\./\.$")
_ITEM_START = re.compile(
    r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|\d+\)|[a-zđ]\)|[-+•–]\s|Phần\s|Chương\s|Điều\s+\d|Mục\s+\d|Nơi nhận|\d{1,2}\s+[A-ZÀ-ỸĐ])"
)
_WHOLE_PARENTHESIS = re.compile(r"^\(.*\)$")  # "(Ngày 30 tháng 5 năm 2025)" under a title
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*(?:Trang|Page)\s+\d+(?:\s*/\s*\d+)?\s*$", re.I)
_FOOTNOTE_DEF = re.compile(r"^\d{1,2}\s+[A-ZÀ-ỸĐ]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SHORT = 0.8  # a line under 80 % of the page's usual width ends its paragraph


@dataclass(slots=True)
class PageLine:
    page: int  # 1-based
    line: int  # 1-based within the page
    text: str


def page_lines(path: Path, max_bytes: int | None = None, name: str | None = None) -> list[list[PageLine]]:
    from pypdf import PdfReader

    name = name or str(path)
    reader = PdfReader(str(path))
    pages: list[list[PageLine]] = []
    texts: dict[tuple, str] = {}  # pages drawing the same content with the same resources
    total = 0
    for number, page in enumerate(reader.pages, 1):
        key = _content_key(page)
        raw = texts.get(key) if key is not None else None
        if raw is None:
            raw = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")
            if key is not None:
                texts[key] = raw
        total += len(raw)
        if max_bytes is not None:
            check_text_size_count(total, max_bytes, name)
        # runs of spaces are justification or extraction artefacts, not the writer's
        lines = [PageLine(number, i, _SPACES.sub(" ", text).strip()) for i, text in enumerate(raw.split("\n"), 1)]
        lines = [line for line in lines if line.text]
        while lines and _PAGE_NUMBER.match(lines[0].text):
            lines.pop(0)
        while lines and _PAGE_NUMBER.match(lines[-1].text):
            lines.pop()
        pages.append(lines)
    return pages


def _content_key(page: object) -> tuple | None:
    """What a page's text depends on, as object numbers: equal keys, equal text.  A hostile
    file can make a hundred pages draw one 3.6 MB content stream; it is read once."""
    refs = []
    for key in ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate"):
        value = page.get(key)  # type: ignore[attr-defined]
        if value is None:
            refs.append(None)
            continue
        ident = getattr(value, "idnum", None)
        if ident is None:  # a direct object: compared by what it says (object numbers inside)
            ident = repr(value)
            if len(ident) > 10_000:
                return None
        refs.append(ident)
    return tuple(refs)


def check_text_size_count(count: int, max_bytes: int, name: str) -> None:
    if count > max_bytes:
        raise ReadError(core("too-big-unpacked").format(path=name, size=f"{count / 1048576:.1f}+",
                                                        limit=f"{max_bytes / 1048576:.3g}"))


def _usual_width(pages: list[list[PageLine]]) -> int:
    widths = sorted(len(line.text) for page in pages for line in page)
    if not widths:
        return 0
    return widths[int(len(widths) * 0.9)]  # the long lines are the full ones


def continues(previous: str, current: str, width: int) -> bool:
    """Whether ``current`` is the wrapped continuation of ``previous``."""
    if _ITEM_START.match(current) or _WHOLE_PARENTHESIS.match(current):
        return False
    if current[:1].islower():
        return not _SENTENCE_END.search(previous) or previous.endswith(",")
    if _SENTENCE_END.search(previous):
        return False
    return len(previous) >= _SHORT * width


def join_paragraphs(pages: list[list[PageLine]]) -> tuple[list[str], list[str]]:
    width = _usual_width(pages)
    texts: list[str] = []
    labels: list[str] = []
    previous: str | None = None
    body: int | None = None  # index of the last paragraph that is not a footnote definition
    body_last = ""  # its last printed line
    for page in pages:
        for n, line in enumerate(page):
            # Footnotes at the foot of a page sit between a paragraph and its continuation on
            # the next page: the first line of a page may continue the last body paragraph.
            if n == 0 and body is not None and body != len(texts) - 1 and continues(body_last, line.text, width):
                texts[body] = f"{texts[body]} {line.text}"
                previous = body_last = line.text
                continue
            if previous is not None and continues(previous, line.text, width):
                texts[-1] = f"{texts[-1]} {line.text}"
            else:
                texts.append(line.text)
                labels.append(f"trang {line.page}, dòng {line.line}")
            if not _FOOTNOTE_DEF.match(texts[-1]):
                body, body_last = len(texts) - 1, line.text
            previous = line.text
    return texts, labels


def read_pdf(path: Path, max_bytes: int | None = None, name: str | None = None) -> tuple[str, list[str], list[str]]:
    """Text with one paragraph per line, a ``trang P, dòng L`` label per line, and at most one
    note when pypdf complained about the file (its warnings never reach stderr)."""
    name = name or str(path)
    with _captured_warnings() as complaints:
        pages = page_lines(path, max_bytes, name)
    if not any(pages):
        raise NoTextLayer(core("no-text-layer").format(path=name))
    texts, labels = join_paragraphs(pages)
    notes = []
    if complaints:
        first = complaints[0].splitlines()[0][:120] if complaints[0] else "?"
        notes.append(core("pdf-warnings").format(path=name, count=len(complaints), first=first))
    return "\n".join(texts) + "\n", labels, notes


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """pypdf's log records and Python warnings during a read, as a list of messages."""
    complaints: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if len(complaints) < 10_000:
                complaints.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield complaints
        complaints.extend(str(w.message) for w in caught[:100])
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
