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

from typing import Any
from enum import Enum, IntEnum

from doclint.records import FrozenRecord, Record


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


class Span(FrozenRecord):
    __slots__ = ("start", "end")
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


def _set_span(self: Span, start: int, end: int, _start=Span.start.__set__, _end=Span.end.__set__) -> None:
    _start(self, start)
    _end(self, end)


# The parser and the rules make hundreds of thousands of spans: the slots' own setters set the
# fields in a quarter of the time object.__setattr__ takes; the class stays frozen (assignment
# still raises).
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


class NumberingScope(Record):
    """A run of text whose numbered sections are numbered on their own: the document's body,
    one appendix or form, one quotation, one table cell.  ``free_start``: the first number of
    each list may be anything (a quotation cites ``c)`` and ``d)``; a table row continues a list)."""

    __slots__ = ("index", "region", "start", "end", "title", "sections", "free_start")
    index: int
    region: Region
    start: int
    end: int
    title: str
    sections: list["Section"]  # top-level sections of the scope
    free_start: bool

    def __init__(self, index: int, region: Region, start: int, end: int, title: str = "",
                 sections: list["Section"] | None = None, free_start: bool = False) -> None:
        self.index = index
        self.region = region
        self.start = start
        self.end = end
        self.title = title
        self.sections = [] if sections is None else sections
        self.free_start = free_start

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


class Block(Record):
    """One unit of the body: a paragraph (hard-wrapped lines joined), a heading, a footnote
    definition, a header line, a recipient line, a signature line, a page break."""

    __slots__ = ("kind", "span", "text", "section", "line", "region", "scope")
    kind: str  # paragraph | heading | footnote | header | recipients | signature | break
    span: Span
    text: str  # doc.clean[span.start:span.end]
    section: "Section | None"
    line: int  # 0-based index of the first line in Document.text
    region: Region
    scope: int  # index in Document.scopes

    def __init__(self, kind: str, span: Span, text: str, section: "Section | None" = None, line: int = 0,
                 region: Region = Region.BODY, scope: int = 0) -> None:
        self.kind = kind
        self.span = span
        self.text = text
        self.section = section
        self.line = line
        self.region = region
        self.scope = scope


class Section(Record):
    """A numbered heading and everything under it.

    ``style`` names the numbering family (``part`` Phần, ``chapter`` Chương, ``muc`` Mục,
    ``article`` Điều, ``roman``, ``arabic``, ``dotted2``…, ``letter``, ``dash``, ``plus``);
    siblings share scope, parent and style (``Điều`` and ``Chương`` share only the scope).  ``number`` is
    the label as normalised for comparison (``"2.2"``, ``"III"``, ``"d"``, ``"1"`` for
    ``Phần thứ nhất``); ``label`` is the label as written.
    """

    __slots__ = ("number", "label", "style", "level", "title", "span", "label_span", "ordinal", "parent",
                 "children", "end", "scope", "region")
    number: str
    label: str
    style: str
    level: int
    title: str
    span: Span  # the whole heading line
    label_span: Span  # just the label ("2.2.")
    ordinal: int | None  # position in its sequence (I=1, b=2, 2.3 -> 3); None for bullets
    parent: "Section | None"
    children: list["Section"]
    end: int  # offset where the section's content ends
    scope: int  # index in Document.scopes
    region: Region

    # a section is itself, compared by identity (two sections never share a span); equality of
    # fields would compare whole subtrees in every ``in`` and ``index``
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, number: str, label: str, style: str, level: int, title: str, span: Span, label_span: Span,
                 ordinal: int | None, parent: "Section | None" = None, children: list["Section"] | None = None,
                 end: int = 0, scope: int = 0, region: Region = Region.BODY) -> None:
        self.number = number
        self.label = label
        self.style = style
        self.level = level
        self.title = title
        self.span = span
        self.label_span = label_span
        self.ordinal = ordinal
        self.parent = parent
        self.children = [] if children is None else children
        self.end = end
        self.scope = scope
        self.region = region

    @property
    def body(self) -> Span:
        return Span(self.span.end, self.end)


class Footnote(Record):
    """A footnote: its markers in the body and its definition.  A note cut by a page break
    goes on in the first paragraph of the next page (``continued``, in text order); ``text``
    holds the whole note, its pieces joined by one space (see ``joined``)."""

    __slots__ = ("label", "refs", "definition", "body", "text", "continued")
    label: str  # "16"
    refs: list[Span]  # markers in the body (¹⁶, <sup>16</sup>, glued 16)
    definition: Span | None  # the whole definition block, marker included
    body: Span | None  # the definition text after the marker
    text: str  # clean text of the body and its continuations
    continued: list[Span]  # the note's text on the following page(s), after its page break

    def __init__(self, label: str, refs: list[Span] | None = None, definition: Span | None = None,
                 body: Span | None = None, text: str = "", continued: list[Span] | None = None) -> None:
        self.label = label
        self.refs = [] if refs is None else refs
        self.definition = definition
        self.body = body
        self.text = text
        self.continued = [] if continued is None else continued

    def spans(self) -> list[Span]:
        """The note's text as it stands in the document: its body, then each continuation."""
        return [self.body, *self.continued] if self.body is not None else []

    def joined(self, clean: str) -> "Joined":
        """The note's pieces of ``clean`` as one text, with the way back to the document."""
        return Joined(clean, self.spans())


class Joined:
    """Pieces of a text read as one, joined by one space; ``at`` maps an offset of ``text``
    back to the document (the joining space maps to the end of the piece before it; an offset
    past the text, past the last piece as for one piece)."""

    __slots__ = ("text", "starts", "spans")

    def __init__(self, clean: str, spans: list[Span]) -> None:
        self.spans = spans
        self.starts: list[int] = []
        pieces: list[str] = []
        position = 0
        for span in spans:
            self.starts.append(position)
            pieces.append(clean[span.start : span.end])
            position += span.end - span.start + 1
        self.text = " ".join(pieces)

    def at(self, offset: int) -> int:
        from bisect import bisect_right

        index = max(bisect_right(self.starts, offset) - 1, 0)
        span = self.spans[index]
        return span.start + offset - self.starts[index]


class Field(Record):
    """A header field as found: its span and the parsed value (None when blank)."""

    __slots__ = ("span", "value")
    span: Span
    value: str | None

    def __init__(self, span: Span, value: str | None) -> None:
        self.span = span
        self.value = value


class Header(Record):
    __slots__ = ("issuer", "motto", "number_line", "number", "code", "place_date", "place", "day", "month", "year",
                 "type_name", "summary", "draft_mark", "convention")
    issuer: list[Field]
    motto: Field | None  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    number_line: Field | None  # the whole "Số: 1076/BC-UBND" line
    number: Field | None  # "1076" (value None when blank)
    code: Field | None  # "BC-UBND"
    place_date: Field | None  # the whole place-and-date line
    place: str | None
    day: Field | None  # value None when blank
    month: Field | None
    year: Field | None
    type_name: Field | None  # "BÁO CÁO"
    summary: Field | None  # trích yếu (first line(s) after the type name)
    draft_mark: Field | None  # "Dự thảo"
    # which format the document follows, decided once by the parser: "state" (Nghị định 30/2020)
    # or "party" (Hướng dẫn 36-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM", codes "số-LOẠI/CƠQUAN", "T/M")
    convention: str

    def __init__(self, issuer: list[Field] | None = None, motto: Field | None = None, number_line: Field | None = None,
                 number: Field | None = None, code: Field | None = None, place_date: Field | None = None,
                 place: str | None = None, day: Field | None = None, month: Field | None = None,
                 year: Field | None = None, type_name: Field | None = None, summary: Field | None = None,
                 draft_mark: Field | None = None, convention: str = "state") -> None:
        self.issuer = [] if issuer is None else issuer
        self.motto = motto
        self.number_line = number_line
        self.number = number
        self.code = code
        self.place_date = place_date
        self.place = place
        self.day = day
        self.month = month
        self.year = year
        self.type_name = type_name
        self.summary = summary
        self.draft_mark = draft_mark
        self.convention = convention


class Signature(Record):
    __slots__ = ("prefix", "lines", "name", "notes")
    prefix: Field | None  # "TM." / "KT." / "TL." / "TUQ." / "Q."
    lines: list[Field]  # authority and position lines, in order
    name: Field | None
    notes: list[Field]  # "(Đã ký)", "(Ký, ghi rõ họ tên)": not positions

    def __init__(self, prefix: Field | None = None, lines: list[Field] | None = None, name: Field | None = None,
                 notes: list[Field] | None = None) -> None:
        self.prefix = prefix
        self.lines = [] if lines is None else lines
        self.name = name
        self.notes = [] if notes is None else notes

    @property
    def template(self) -> bool:
        """A form's blank signature (``(Ký, ghi rõ họ tên, đóng dấu)``): no name is expected."""
        return any("họ tên" in (n.value or "") or "dấu" in (n.value or "") for n in self.notes)


class Document(Record):
    __slots__ = ("path", "text", "clean", "line_starts", "blocks", "sections", "footnotes", "header", "recipients",
                 "recipients_title", "signature", "markdown", "wrapped", "consolidated", "source_kind", "line_labels",
                 "layout", "denormalised", "facts", "scopes")
    path: str
    text: str
    clean: str
    line_starts: list[int]  # offsets of each line start in text
    blocks: list[Block]
    sections: list[Section]  # top-level sections
    footnotes: dict[str, Footnote]
    header: Header
    recipients: list[Field]
    recipients_title: Field | None  # "Nơi nhận:"
    signature: Signature | None
    markdown: bool  # converter markup seen
    wrapped: bool  # hard-wrapped PDF text
    # a consolidated text (văn bản hợp nhất, "Số: 4/VBHN-BTC"): its final articles merge the
    # final clauses of every amending document, each in a note, numbered by that document
    consolidated: bool
    # what the reader knew: the file's kind ("txt", "md", "docx", "pdf"), each line's label for
    # Word and PDF ("đoạn 12", "trang 3, dòng 4"), Word's page layout, and the spans of text
    # that were not NFC before reading
    source_kind: str
    line_labels: list[str] | None
    layout: dict[str, Any] | None
    denormalised: list[tuple[int, int]]
    facts: dict[object, object]  # typed facts, keyed by their function (doclint.facts)
    scopes: list[NumberingScope]  # scopes[0] is the body

    def __init__(self, path: str, text: str, clean: str, line_starts: list[int], blocks: list[Block] | None = None,
                 sections: list[Section] | None = None, footnotes: dict[str, Footnote] | None = None,
                 header: Header | None = None, recipients: list[Field] | None = None,
                 recipients_title: Field | None = None, signature: Signature | None = None, markdown: bool = False,
                 wrapped: bool = False, consolidated: bool = False, source_kind: str = "txt",
                 line_labels: list[str] | None = None, layout: dict[str, Any] | None = None,
                 denormalised: list[tuple[int, int]] | None = None, facts: dict[object, object] | None = None,
                 scopes: list[NumberingScope] | None = None) -> None:
        self.path = path
        self.text = text
        self.clean = clean
        self.line_starts = line_starts
        self.blocks = [] if blocks is None else blocks
        self.sections = [] if sections is None else sections
        self.footnotes = {} if footnotes is None else footnotes
        self.header = Header() if header is None else header
        self.recipients = [] if recipients is None else recipients
        self.recipients_title = recipients_title
        self.signature = signature
        self.markdown = markdown
        self.wrapped = wrapped
        self.consolidated = consolidated
        self.source_kind = source_kind
        self.line_labels = line_labels
        self.layout = layout
        self.denormalised = [] if denormalised is None else denormalised
        self.facts = {} if facts is None else facts
        self.scopes = [] if scopes is None else scopes

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
