"""The document model every rule reads.

All positions are 0-based offsets into ``Document.text`` (the NFC-normalised text with
``\\n`` line ends).  ``Document.clean`` has exactly the same length: converter markup
(``**``, leading ``#``, ``<sup>..</sup>``, ``^d``), footnote reference markers and the
line breaks inside hard-wrapped paragraphs are blanked to spaces, so a rule can run a
regex over ``clean`` and report the match offsets directly.  Converting an offset to the
line and column of the original file is the reporter's job (``Source.position``), never
a rule's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from enum import Enum, IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def _set_span(self: Span, start: int, end: int, _start=Span.start.__set__, _end=Span.end.__set__) -> None:
    _start(self, start)
    _end(self, end)


# A frozen dataclass sets each field through object.__setattr__ looked up at every call: 1.2 µs
# a Span, and the parser and the rules make hundreds of thousands.  The slots' own setters do
# the same in a quarter of the time; the class stays frozen (assignment still raises).
Span.__init__ = _set_span  # type: ignore[method-assign]


class Region(str, Enum):
    """Where a piece of text stands in the document."""

    HEADER = "header"
    BODY = "body"
    QUOTATION = "quotation"  # “…” quoted provisions and amendments, even over many lines
    APPENDIX = "appendix"  # Phụ lục, Mẫu số, Biểu, a regulation "ban hành kèm theo", text after the closing
    TABLE = "table"  # a table row or a Word table cell
    FOOTNOTE = "footnote"
    RECIPIENTS = "recipients"
    SIGNATURE = "signature"


@dataclass(slots=True)
class NumberingScope:
    """A run of text whose numbered sections are numbered on their own: the document's body,
    one appendix or form, one quotation, one table cell.  ``free_start``: the first number of
    each list may be anything (a quotation cites ``c)`` and ``d)``; a table row continues a list)."""

    index: int
    region: Region
    start: int
    end: int
    title: str = ""
    sections: list["Section"] = field(default_factory=list)  # top-level sections of the scope
    free_start: bool = False

    def all_sections(self) -> list["Section"]:
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.children))
        return out

    def sibling_groups(self) -> list[list["Section"]]:
        """Lists numbered in one sequence: the children of one parent that share a style,
        except ``Điều`` and ``Chương``, numbered on across ``Chương``/``Mục`` and ``Phần``."""
        groups: dict[tuple[int, str], list[Section]] = {}
        for section in self.all_sections():
            if section.ordinal is None:
                continue
            owner = 0 if section.style in RUNNING_STYLES or section.parent is None else id(section.parent)
            groups.setdefault((owner, section.style), []).append(section)
        return list(groups.values())


RUNNING_STYLES = frozenset({"article", "chapter"})  # numbered on through the whole scope


@dataclass(slots=True)
class Block:
    """One unit of the body: a paragraph (hard-wrapped lines joined), a heading, a footnote
    definition, a header line, a recipient line, a signature line, a page break."""

    kind: str  # paragraph | heading | footnote | header | recipients | signature | break
    span: Span
    text: str  # doc.clean[span.start:span.end]
    section: "Section | None" = None
    line: int = 0  # 0-based index of the first line in Document.text
    region: Region = Region.BODY
    scope: int = 0  # index in Document.scopes


# eq=False: a section is itself, compared by identity (two sections never share a span); the
# generated equality compared whole subtrees field by field in every ``in`` and ``index``
@dataclass(slots=True, eq=False)
class Section:
    """A numbered heading and everything under it.

    ``style`` names the numbering family (``part`` Phần, ``chapter`` Chương, ``muc`` Mục,
    ``article`` Điều, ``roman``, ``arabic``, ``dotted2``…, ``letter``, ``dash``, ``plus``);
    siblings share scope, parent and style (``Điều`` and ``Chương`` share only the scope).  ``number`` is
    the label as normalised for comparison (``"2.2"``, ``"III"``, ``"d"``, ``"1"`` for
    ``Phần thứ nhất``); ``label`` is the label as written.
    """

    number: str
    label: str
    style: str
    level: int
    title: str
    span: Span  # the whole heading line
    label_span: Span  # just the label ("2.2.")
    ordinal: int | None  # position in its sequence (I=1, b=2, 2.3 -> 3); None for bullets
    parent: "Section | None" = None
    children: list["Section"] = field(default_factory=list)
    end: int = 0  # offset where the section's content ends
    scope: int = 0  # index in Document.scopes
    region: Region = Region.BODY

    @property
    def body(self) -> Span:
        return Span(self.span.end, self.end)


@dataclass(slots=True)
class Footnote:
    label: str  # "16"
    refs: list[Span] = field(default_factory=list)  # markers in the body (¹⁶, <sup>16</sup>, glued 16)
    definition: Span | None = None  # the whole definition block, marker included
    body: Span | None = None  # the definition text after the marker
    text: str = ""  # clean text of the body


@dataclass(slots=True)
class Field:
    """A header field as found: its span and the parsed value (None when blank)."""

    span: Span
    value: str | None


@dataclass(slots=True)
class Header:
    issuer: list[Field] = field(default_factory=list)
    motto: Field | None = None  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    number_line: Field | None = None  # the whole "Số: 1076/BC-UBND" line
    number: Field | None = None  # "1076" (value None when blank)
    code: Field | None = None  # "BC-UBND"
    place_date: Field | None = None  # the whole place-and-date line
    place: str | None = None
    day: Field | None = None  # value None when blank
    month: Field | None = None
    year: Field | None = None
    type_name: Field | None = None  # "BÁO CÁO"
    summary: Field | None = None  # trích yếu (first line(s) after the type name)
    draft_mark: Field | None = None  # "Dự thảo"
    # which format the document follows, decided once by the parser: "state" (Nghị định 30/2020)
    # or "party" (Hướng dẫn 36-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM", codes "số-LOẠI/CƠQUAN", "T/M")
    convention: str = "state"


@dataclass(slots=True)
class Signature:
    prefix: Field | None = None  # "TM." / "KT." / "TL." / "TUQ." / "Q."
    lines: list[Field] = field(default_factory=list)  # authority and position lines, in order
    name: Field | None = None
    notes: list[Field] = field(default_factory=list)  # "(Đã ký)", "(Ký, ghi rõ họ tên)": not positions

    @property
    def template(self) -> bool:
        """A form's blank signature (``(Ký, ghi rõ họ tên, đóng dấu)``): no name is expected."""
        return any("họ tên" in (n.value or "") or "dấu" in (n.value or "") for n in self.notes)


@dataclass(slots=True)
class Document:
    path: str
    text: str
    clean: str
    line_starts: list[int]  # offsets of each line start in text
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # top-level sections
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    header: Header = field(default_factory=Header)
    recipients: list[Field] = field(default_factory=list)
    recipients_title: Field | None = None  # "Nơi nhận:"
    signature: Signature | None = None
    markdown: bool = False  # converter markup seen
    wrapped: bool = False  # hard-wrapped PDF text
    # a consolidated text (văn bản hợp nhất, "Số: 4/VBHN-BTC"): its final articles merge the
    # final clauses of every amending document, each in a note, numbered by that document
    consolidated: bool = False
    # what the reader knew: the file's kind ("txt", "md", "docx", "pdf"), each line's label for
    # Word and PDF ("đoạn 12", "trang 3, dòng 4"), Word's page layout, and the spans of text
    # that were not NFC before reading
    source_kind: str = "txt"
    line_labels: list[str] | None = None
    layout: dict[str, Any] | None = None
    denormalised: list[tuple[int, int]] = field(default_factory=list)
    facts: dict[object, object] = field(default_factory=dict)  # typed facts, keyed by their function (doclint.facts)
    scopes: list[NumberingScope] = field(default_factory=list)  # scopes[0] is the body

    def all_sections(self) -> list[Section]:
        """Every section of every scope, the body's first, each scope in document order."""
        return [s for scope in self.numbering_scopes() for s in scope.all_sections()]

    def numbering_scopes(self) -> list[NumberingScope]:
        """The body, then each appendix, quotation and table cell that numbers on its own."""
        if not self.scopes:
            self.scopes.append(NumberingScope(0, Region.BODY, 0, len(self.text), "", self.sections))
        return self.scopes

    def sibling_groups(self) -> list[tuple[NumberingScope, list[Section]]]:
        return [(scope, group) for scope in self.numbering_scopes() for group in scope.sibling_groups()]

    def region_at(self, offset: int) -> Region:
        from bisect import bisect_right

        index = bisect_right([b.span.start for b in self.blocks], offset) - 1
        return self.blocks[index].region if index >= 0 else Region.BODY

    def body_blocks(self) -> list[Block]:
        """Paragraphs and headings of the body, footnotes excluded."""
        return [b for b in self.blocks if b.kind in ("paragraph", "heading")]

    def line_of(self, offset: int) -> int:
        """0-based line index of an offset (in text)."""
        from bisect import bisect_right

        return bisect_right(self.line_starts, offset) - 1

    def slice(self, span: Span) -> str:
        return self.clean[span.start : span.end]
