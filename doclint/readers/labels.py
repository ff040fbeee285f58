"""The location a Word or PDF user can follow: the reader's label (``đoạn 14``,
``bảng 2, hàng 3``, ``trang 2, dòng 5``), the table cell when the finding sits in a table row,
and the first words of the paragraph (``đoạn 14 «Căn cứ Luật Tổ chức…»``), in the language
of the messages.
"""

from __future__ import annotations

import re

from doclint import regex as rx

_WORDS = 5
_CHARS = 40
_EN = (
    (rx.compile(r"^chú thích cuối\b"), "endnote"),
    (rx.compile(r"^chú thích\b"), "footnote"),
    (rx.compile(r"^đoạn\b"), "paragraph"),
    (rx.compile(r"^bảng\b"), "table"),
    (rx.compile(r"\bhàng\b"), "row"),
    (rx.compile(r"\bcột\b"), "column"),
    (rx.compile(r"\bô\b"), "cell"),
    (rx.compile(r"^trang\b"), "page"),
    (rx.compile(r"\bdòng\b"), "line"),
    (rx.compile(r"\(khung\)"), "(text box)"),
)
_CONTROLS = rx.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def first_words(text: str) -> str:
    """The first few words of a paragraph, ``…`` when cut; markup of the reader left out."""
    text = _CONTROLS.sub(" ", re.sub(r"</?sup>", "", text)).strip()
    words = text.split()
    short = " ".join(words[:_WORDS])
    if len(short) > _CHARS:
        short = short[:_CHARS].rsplit(" ", 1)[0] if " " in short[:_CHARS] else short[:_CHARS]
    return short + ("…" if short != " ".join(words) else "")


def translate(label: str, lang: str) -> str:
    if lang != "en":
        return label
    for pattern, english in _EN:
        label = pattern.sub(english, label)
    return label


def location_label(label: str | None, line_text: str, column: int, lang: str) -> str | None:
    """``label`` with the table cell (a Markdown row of a .docx table), the paragraph's first
    words, in ``lang``; None when the reader gave no label (plain text files)."""
    if label is None:
        return None
    shown = line_text
    if label.startswith("bảng") and "cột" not in label and line_text.startswith("|"):
        cell = line_text[: max(column - 1, 0)].count("|")
        cells = line_text.split("|")
        if 1 <= cell < len(cells) - 1:
            label = f"{label}, ô {cell}"
            shown = cells[cell]
    words = first_words(shown)
    label = translate(label, lang)
    return f"{label} «{words}»" if words else label
