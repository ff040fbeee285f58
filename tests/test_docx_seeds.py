"""A Word document made from each seed gives the same findings as the seed's text.

The seed text is turned into what Word would hold: one paragraph per paragraph (the hard
wraps of the PDF seed 003 joined), Markdown heading marks dropped, ``**bold**`` as bold runs,
``<sup>N</sup>`` footnotes as real Word footnotes (definitions in footnotes.xml, references
in the runs) and other ``<sup>`` as superscript runs.  The Word reader must bring back the
same findings; only positions (and line numbers quoted in messages) may differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from docx import Document as new_docx
from helpers import lint_seed, seed
from test_docx_reader import add_footnotes, footnote_ref

from doclint.engine import lint_path
from doclint.readers.pdf import PageLine, join_paragraphs

_FOOTDEF = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_INLINE = re.compile(r"<sup>([^<]*)</sup>|\*\*([^*]+)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+")
_LINE_NUMBER = re.compile(r"(dòng|line|đoạn) \d+")  # a line in text, a paragraph in Word


def seed_paragraphs(prefix: str) -> list[str]:
    text = unicodedata.normalize("NFC", seed(prefix).read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.split("\n")]
    if prefix == "003":  # PDF text: Word holds the paragraphs, not the printed lines
        page = [PageLine(1, i, line) for i, line in enumerate(lines, 1) if line]
        return join_paragraphs([page])[0]
    return [_HEADING.sub("", line) for line in lines if line and line != "---"]


def seed_docx(prefix: str, folder: Path) -> Path:
    paragraphs = seed_paragraphs(prefix)
    notes = {int(m.group(1)): m.group(2) for p in paragraphs if (m := _FOOTDEF.match(p))}
    document = new_docx()
    for text in paragraphs:
        if _FOOTDEF.match(text):
            continue
        paragraph = document.add_paragraph()
        position = 0
        for match in _INLINE.finditer(text):
            paragraph.add_run(text[position : match.start()])
            sup, bold = match.group(1), match.group(2)
            if bold is not None:
                paragraph.add_run(bold).bold = True
            elif sup.isdigit() and int(sup) in notes:
                footnote_ref(paragraph, int(sup))
            else:
                paragraph.add_run(sup).font.superscript = True
            position = match.end()
        paragraph.add_run(text[position:])
    if notes:
        add_footnotes(document, notes)
    out = folder / f"{prefix}.docx"
    document.save(str(out))
    return out


def comparable(rule: str, message: str) -> tuple[str, str]:
    return rule, _LINE_NUMBER.sub("<place>", message)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_docx_of_seed_gives_the_same_findings(prefix: str, tmp_path: Path) -> None:
    # unicode-normalization is about the bytes of a text file (python-docx writes NFC)
    expected = Counter(comparable(f.rule, f.message) for f in lint_seed(prefix) if f.rule != "unicode-normalization")
    result = lint_path(seed_docx(prefix, tmp_path))
    diagnostics = result.diagnostics if hasattr(result, "diagnostics") else result
    got = Counter(comparable(d.rule, d.message) for d in diagnostics if not d.rule.startswith("layout-"))
    assert got == expected, (expected - got, got - expected)
