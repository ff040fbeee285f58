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

import re
from dataclasses import dataclass
from pathlib import Path

from doclint.messages import core
from doclint.reader import NoTextLayer

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


def page_lines(path: Path) -> list[list[PageLine]]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages: list[list[PageLine]] = []
    for number, page in enumerate(reader.pages, 1):
        raw = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")
        # runs of spaces are justification or extraction artefacts, not the writer's
        lines = [PageLine(number, i, _SPACES.sub(" ", text).strip()) for i, text in enumerate(raw.split("\n"), 1)]
        lines = [line for line in lines if line.text]
        while lines and _PAGE_NUMBER.match(lines[0].text):
            lines.pop(0)
        while lines and _PAGE_NUMBER.match(lines[-1].text):
            lines.pop()
        pages.append(lines)
    return pages


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


def read_pdf(path: Path) -> tuple[str, list[str]]:
    """Text with one paragraph per line, and a ``trang P, dòng L`` label per line."""
    pages = page_lines(path)
    if not any(pages):
        raise NoTextLayer(core("no-text-layer").format(path=path))
    texts, labels = join_paragraphs(pages)
    return "\n".join(texts) + "\n", labels
