"""Parse: normalised text -> Document.

The line classifier (:mod:`doclint.lexer`) emits one token per line; the LALR grammar
``grammar/document.lark`` groups them into header, body, recipients and signature; a
small builder turns the parse tree into the typed model, nesting numbered sections by
their numbering style (``Phần`` > ``I.`` > ``1.`` > ``1.1.`` > ``a)`` > ``-`` > ``+``, in
the order the document introduces them).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache

from lark import Lark, Token, Tree
from lark.lexer import Lexer

from doclint import lexer as lx
from doclint.model import (
    Block,
    Document,
    Field,
    Footnote,
    Header,
    Section,
    Signature,
    Span,
)
from doclint.grammars import load_grammar
from doclint.reader import newline_starts


class _LineTokens(Lexer):
    """Feeds the already classified line tokens to the parser."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: list[Token]):  # type: ignore[override]
        return iter(data)


@cache
def _document_parser() -> Lark:
    return load_grammar("document.lark", parser="lalr", lexer=_LineTokens)


@cache
def _label_parser() -> Lark:
    return load_grammar("label.lark", parser="lalr")


@lru_cache(maxsize=4096)
def parse_label(label: str) -> tuple[str, str, int | None] | None:
    """``"2.1."`` -> ("dotted", "2.1", 1); ``"Phần thứ hai"`` -> ("part", "2", 2); None if not a label."""
    try:
        tree = _label_parser().parse(label.strip())
    except Exception:
        return None
    node = tree.children[0]
    kind = node.data
    values = [str(t) for t in node.children if isinstance(t, Token)]
    if kind == "part":
        ordinal = lx.part_ordinal(values[-1])
        return ("part", str(ordinal) if ordinal else values[-1], ordinal)
    if kind == "article":
        return ("article", str(int(values[-1])), int(values[-1]))
    if kind == "roman":
        return ("roman", values[0], lx.roman_value(values[0]))
    if kind == "arabic":
        return ("arabic", str(int(values[0])), int(values[0]))
    if kind == "dotted":
        parts = [str(int(v)) for v in values]
        return (f"dotted{len(parts)}", ".".join(parts), int(parts[-1]))
    if kind == "letter":
        return ("letter", values[0], letter_ordinal(values[0]))
    if kind == "dash":
        return ("dash", "-", None)
    return ("plus", "+", None)


VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"


def letter_ordinal(letter: str) -> int | None:
    index = VIETNAMESE_LETTERS.find(letter)
    return index + 1 if index >= 0 else None


def parse_text(text: str, path: str = "<text>", *, normalised: bool = False) -> Document:
    """``normalised``: the text comes from the reader, already NFC."""
    if not normalised and not unicodedata.is_normalized("NFC", text):  # callers that skip the reader
        text = unicodedata.normalize("NFC", text)
    starts = newline_starts(text)
    cleaned = lx.clean_text(text, starts)
    doc = Document(path=path, text=text, clean=cleaned.clean, line_starts=starts)
    doc.markdown, doc.wrapped = cleaned.markdown, cleaned.wrapped
    tokens = lx.classify(cleaned, starts)
    tree = _document_parser().parse(tokens)
    _Builder(doc, cleaned).build(tree)
    return doc


class _Builder:
    def __init__(self, doc: Document, cleaned: lx.Cleaned) -> None:
        self.doc = doc
        self.cleaned = cleaned
        self.stack: list[Section] = []

    def build(self, tree: Tree) -> None:
        for item in tree.children:
            if isinstance(item, Token):
                self._body_token(item)
            elif item.data == "header_field":
                self._header(item.children[0])
            elif item.data == "recipients":
                self._recipients(item.children)
            elif item.data == "signature":
                self._signature(item.children)
            else:
                self._body_token(item.children[0], item.data)
        self._close_sections(len(self.doc.text))
        self._footnotes()

    # -- body ---------------------------------------------------------------------------
    def _block(self, token: Token, kind: str) -> Block:
        line = lx.line_of_token(token)
        span = _trimmed(self.doc.clean, line.start, line.end)
        block = Block(kind, span, self.doc.clean[span.start : span.end], self.stack[-1] if self.stack else None, line.index)
        self.doc.blocks.append(block)
        return block

    def _body_token(self, token: Token, kind: str | None = None) -> None:
        kind = kind or {"HEADING": "heading", "FOOTDEF": "footnote", "TABLE_ROW": "table_row"}.get(token.type, "paragraph")
        if kind == "heading":
            self._heading(token)
            return
        self._block(token, kind)

    def _heading(self, token: Token) -> None:
        line = lx.line_of_token(token)
        match = lx.LABEL_PREFIX.match(line.text)
        parsed = parse_label(match.group().strip()) if match else None
        if parsed is None:
            self._block(token, "paragraph")
            return
        style, number, ordinal = parsed
        label_start = line.start + match.start() + (len(match.group()) - len(match.group().lstrip()))
        label_span = Span(label_start, line.start + match.end())
        span = _trimmed(self.doc.clean, line.start, line.end)
        title = self.doc.clean[label_span.end : span.end].strip()
        level = self._place(style)
        section = Section(number, match.group().strip(), style, level, title, span, label_span, ordinal)
        self._attach(section)
        block = Block("heading", span, self.doc.clean[span.start : span.end], section, line.index)
        self.doc.blocks.append(block)

    def _place(self, style: str) -> int:
        styles = [s.style for s in self.stack]
        if style in styles:
            return styles.index(style)  # a sibling of the open section of that style
        if style == "part":
            return 0
        return len(self.stack)

    def _attach(self, section: Section) -> None:
        while len(self.stack) > section.level:
            closed = self.stack.pop()
            closed.end = section.span.start
        parent = self.stack[-1] if self.stack else None
        section.parent = parent
        (parent.children if parent else self.doc.sections).append(section)
        self.stack.append(section)

    def _close_sections(self, end: int) -> None:
        boundary = self._body_end(end)
        while self.stack:
            self.stack.pop().end = boundary

    def _body_end(self, end: int) -> int:
        if self.doc.recipients_title is not None:
            return self.doc.recipients_title.span.start
        if self.doc.signature and self.doc.signature.lines:
            return self.doc.signature.lines[0].span.start
        return end

    # -- header ---------------------------------------------------------------------------
    def _field(self, token: Token) -> Field:
        line = lx.line_of_token(token)
        span = _trimmed(self.doc.clean, line.start, line.end)
        return Field(span, self.doc.clean[span.start : span.end])

    def _header(self, token: Token) -> None:
        header: Header = self.doc.header
        field = self._field(token)
        self.doc.blocks.append(Block("header", field.span, field.value or "", None, token.line - 1))
        kind = token.type
        if kind == "MOTTO":
            header.motto = header.motto or field
        elif kind == "ISSUER":
            header.issuer.append(field)
        elif kind == "NUMBER":
            self._number(header, field)
        elif kind == "PLACE_DATE":
            self._place_date(header, field)
        elif kind == "TYPE_NAME":
            header.type_name = header.type_name or field
        elif kind == "SUMMARY":
            header.summary = header.summary or field
        elif kind == "DRAFT":
            header.draft_mark = field

    def _number(self, header: Header, field: Field) -> None:
        header.number_line = field
        match = lx._NUMBER.match(field.value or "")
        if not match:
            return
        base = field.span.start
        header.number = Field(Span(base + match.start("num"), base + match.end("num")), match.group("num") or None)
        header.code = Field(Span(base + match.start("code"), base + match.end("code")), match.group("code") or None)

    def _place_date(self, header: Header, field: Field) -> None:
        header.place_date = field
        value = field.value or ""
        place = lx._PLACE_DATE.match(value)
        header.place = place.group("place").strip() if place else None
        parts = lx._DATE_PARTS.search(value)
        if not parts:
            return
        base = field.span.start
        for name in ("day", "month", "year"):
            raw = parts.group(name)
            start, end = base + parts.start(name), base + parts.end(name)
            value_ = raw.strip() if raw and raw.strip().isdigit() else None
            setattr(header, name, Field(Span(start, end), value_))

    # -- closing parts ----------------------------------------------------------------------
    def _recipients(self, tokens: list[Token]) -> None:
        title, *lines = tokens
        self.doc.recipients_title = self._field(title)
        self.doc.blocks.append(Block("recipients", self.doc.recipients_title.span, "Nơi nhận:", None, title.line - 1))
        # "Nơi nhận: - UBND tỉnh;" on one line (PDF text) keeps its first recipient
        first = self.doc.recipients_title
        rest = re.match(r"\s*Nơi nhận\s*:?\s*", first.value or "")
        if rest and rest.end() < len(first.value or ""):
            span = Span(first.span.start + rest.end(), first.span.end)
            self.doc.recipients.append(Field(span, self.doc.clean[span.start : span.end]))
        for token in lines:
            field = self._field(token)
            self.doc.recipients.append(field)
            self.doc.blocks.append(Block("recipients", field.span, field.value or "", None, token.line - 1))

    def _signature(self, tokens: list[Token]) -> None:
        signature = self.doc.signature or Signature()
        for token in tokens:
            field = self._field(token)
            self.doc.blocks.append(Block("signature", field.span, field.value or "", None, token.line - 1))
            if token.type == "SIG_NAME":
                signature.name = field
                continue
            prefix = re.match(r"\s*(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?\s", field.value or "")
            if prefix and signature.prefix is None:
                start = field.span.start + prefix.start(1)
                signature.prefix = Field(Span(start, field.span.start + prefix.end(1)), prefix.group(1))
            signature.lines.append(field)
        self.doc.signature = signature

    # -- footnotes ---------------------------------------------------------------------------
    def _footnotes(self) -> None:
        notes = self.doc.footnotes
        for label, start, end in self.cleaned.refs:
            notes.setdefault(label, Footnote(label)).refs.append(Span(start, end))
        starts = [b.span.start for b in self.doc.blocks]
        for label, start, end in self.cleaned.defs:
            note = notes.setdefault(label, Footnote(label))
            if note.definition is not None:
                continue
            block = self._block_at(start, starts)
            block_end = block.span.end if block else self.doc.text.find("\n", end) % (len(self.doc.text) + 1)
            if block is not None:
                block.kind = "footnote"
            body = _trimmed(self.doc.clean, end, block_end)
            note.definition = Span(start, block_end)
            note.body = body
            note.text = self.doc.clean[body.start : body.end]
        for label, start, end in self.cleaned.loose:
            note = notes.get(label)
            if note is not None and note.definition is not None and not note.refs:
                note.refs.append(Span(start, end))

    def _block_at(self, offset: int, starts: list[int]) -> Block | None:
        """The block holding ``offset``, or the one starting on its line right after it."""
        line_start = self.doc.line_starts[self.doc.line_of(offset)]
        index = bisect_right(starts, offset + 1) - 1
        for block in self.doc.blocks[max(0, index - 1) : index + 1]:  # blocks are in text order
            if line_start <= block.span.start <= offset + 1 and block.span.end > offset:
                return block
            if block.span.start <= offset < block.span.end:
                return block
        return None


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return Span(start, end)


def format_tree(doc: Document) -> str:
    """The document as doclint understood it, one node per line (``doclint parse``)."""
    out: list[str] = []
    header = doc.header
    out.append(f"document {doc.path}")
    fields = [
        ("motto", header.motto), ("number", header.number), ("code", header.code),
        ("place-date", header.place_date), ("type", header.type_name), ("summary", header.summary),
        ("draft", header.draft_mark),
    ]
    if any(f for _, f in fields) or header.issuer:
        out.append("  header")
        for issuer in header.issuer:
            out.append(f"    issuer [{_pos(doc, issuer.span)}] {issuer.value}")
        for name, value in fields:
            if value is not None:
                shown = value.value if value.value is not None else "(trống)"
                out.append(f"    {name} [{_pos(doc, value.span)}] {_short(shown)}")
        if header.day is not None:
            day = header.day.value or "__"
            month = header.month.value if header.month and header.month.value else "__"
            year = header.year.value if header.year and header.year.value else "____"
            out.append(f"    date {day}/{month}/{year}")
    out.append("  body")
    for section in doc.sections:
        _section_lines(doc, section, 2, out)
    if doc.footnotes:
        out.append("  footnotes")
        for label, note in sorted(doc.footnotes.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0):
            where = _pos(doc, note.definition) if note.definition else "không có định nghĩa"
            out.append(f"    [{label}] refs={len(note.refs)} def={where} {_short(note.text)}")
    if doc.recipients_title:
        out.append(f"  recipients [{_pos(doc, doc.recipients_title.span)}]")
        for rec in doc.recipients:
            out.append(f"    {_short(rec.value or '')}")
    if doc.signature:
        sig = doc.signature
        out.append("  signature")
        if sig.prefix:
            out.append(f"    prefix {sig.prefix.value}")
        for line in sig.lines:
            out.append(f"    line {_short(line.value or '')}")
        if sig.name:
            out.append(f"    name {sig.name.value}")
    return "\n".join(out)


def _section_lines(doc: Document, section: Section, depth: int, out: list[str]) -> None:
    if section.style in ("dash", "plus"):
        return
    out.append(f"{'  ' * depth}section {section.label} ({section.style}) [{_pos(doc, section.span)}] {_short(section.title, 60)}")
    for child in section.children:
        _section_lines(doc, child, depth + 1, out)


def _pos(doc: Document, span: Span) -> str:
    line = doc.line_of(span.start)
    return f"{line + 1}:{span.start - doc.line_starts[line] + 1}"


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
