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
from collections import Counter
from bisect import bisect_right
from functools import cache, lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedToken
from lark.lexer import Lexer

from doclint import regex as rx
from doclint import lexer as lx
from doclint.model import (
    Block,
    Document,
    Field,
    Footnote,
    Header,
    RUNNING_STYLES,
    NumberingScope,
    Region,
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
    if kind in ("chapter", "muc"):
        ordinal = int(values[-1]) if values[-1].isdigit() else lx.part_ordinal(values[-1])
        return (kind, str(ordinal) if ordinal else values[-1], ordinal)
    if kind == "article":
        number = values[-1]
        if not number.isdigit():  # "Điều 5a": an article inserted by an amendment, outside the count
            return ("article", number, None)
        return ("article", str(int(number)), int(number))
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


def parse_text(text: str, path: str = "<text>", *, normalised: bool = False,
               line_labels: list[str] | None = None, line_starts: list[int] | None = None) -> Document:
    """``normalised``: the text comes from the reader, already NFC.  ``line_labels``: the
    Word/PDF reader's label of each line (``bảng 2, hàng 3, cột 1`` marks a table cell).
    ``line_starts``: ``newline_starts(text)`` when the reader has it already."""
    if not normalised and not unicodedata.is_normalized("NFC", text):  # callers that skip the reader
        text = unicodedata.normalize("NFC", text)
        line_starts = None
    starts = newline_starts(text) if line_starts is None else line_starts
    cleaned = lx.clean_text(text, starts)
    doc = Document(path=path, text=text, clean=cleaned.clean, line_starts=starts)
    doc.markdown, doc.wrapped = cleaned.markdown, cleaned.wrapped
    clean = cleaned.clean
    # the words each alternative needs, looked for first (the pattern alone tries every character)
    doc.consolidated = ("/VBHN-" in clean or "VĂN BẢN HỢP NHẤT" in clean or "được sửa đổi, bổ sung bởi" in clean) \
        and _CONSOLIDATED.search(clean) is not None
    tokens = lx.classify(cleaned, starts)
    tree = _parse_tokens(tokens)
    _Builder(doc, cleaned, line_labels).build(tree)
    return doc


def _parse_tokens(tokens: list[Token]) -> Tree:
    """The document grammar over the line tokens; a line out of its place (a header field
    after the body began, a signer's name alone) is read again as a body paragraph."""
    parser = _document_parser()
    for _ in range(64):
        try:
            return _parse_runs(parser, tokens)
        except UnexpectedToken as exc:
            bad = exc.token
            index = next((i for i, t in enumerate(tokens) if t is bad), None)
            if index is None or bad.type == "PARA":
                break
            tokens[index] = _as_para(bad)
    return _parse_runs(parser, [_as_para(t) if t.type not in _BODY_TYPES else t for t in tokens])


_BODY_TYPES = frozenset({"HEADING", "PARA", "FOOTDEF", "TABLE_ROW", "BREAK"})


def _parse_runs(parser: Lark, tokens: list[Token]) -> Tree:
    """The grammar over ``tokens`` with each run of body lines fed as its first line alone.

    Body lines are interchangeable in the grammar and only ever stand in ``_body_item*`` or
    ``_body_item+`` lists, which never touch each other, so a run of them always belongs to
    one list, and no body line is ever unexpected: parsing one line per run gives the same
    tree, the same errors, at a fraction of the cost (a real document is ~97% body lines)."""
    fed: list[Token] = []
    runs: dict[int, list[Token]] = {}
    run: list[Token] | None = None
    for token in tokens:
        if token.type not in _BODY_TYPES:
            run = None
            fed.append(token)
        elif run is None:
            run = runs[id(token)] = [token]
            fed.append(token)
        else:
            run.append(token)
    tree = parser.parse(fed)
    _expand_runs(tree, runs)
    return tree


def _expand_runs(tree: Tree, runs: dict[int, list[Token]]) -> None:
    children: list = []
    for child in tree.children:
        if isinstance(child, Tree):
            _expand_runs(child, runs)
            children.append(child)
        else:
            children.extend(runs.get(id(child), (child,)))
    tree.children = children


def _as_para(token: Token) -> Token:
    return Token("PARA", token.value, start_pos=token.start_pos, end_pos=token.end_pos, line=token.line)


# a footnote's text as the Gazette prints it, its number alone before a capital ("16 Khoản này…")
_NOTE_LINE = rx.compile(r"(?m)^[ \t]*(\d{1,3})[ \t]+(?=[A-ZĐ])")
_NOTE_LINE_AFTER_BREAK = rx.compile(r"\n[ \t]*(\d{1,3})[ \t]+(?=[A-ZĐ])")
# a table laid out as text: "BẢNG SO SÁNH …" (a law and its draft side by side), "BẢNG TỔNG HỢP …"
_TABLE_TITLE = rx.compile(r"^[ \t]*BẢNG[ \t]+[A-ZĐÀ-Ỹ]")
_NOTE_INTRO = rx.compile(
    r"^[ \t]*(\d{1,3}[ \t]+(?=[A-ZĐ])|(?:Điều|Khoản) \d{1,3}[a-zđ]? (?:khoản \d+ |Điều \d+ )?(?:của )?"
    r"(?:Luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Pháp lệnh))?.*(?:như sau|sau đây)[ \t]*:[ \t]*$"
)
_TABLE_CELL = rx.compile(r"^bảng \d+, hàng \d+(?:, cột \d+)?")
_CLOSING_REGIONS = {"recipients": Region.RECIPIENTS, "signature": Region.SIGNATURE}
_BLOCK_KINDS = {"HEADING": "heading", "FOOTDEF": "footnote", "TABLE_ROW": "table_row"}

# Canonical depth of each numbering style, used to place a style the scope has not shown
# yet: a "1.1." after "a)" and "-" items belongs under the "1.", not under the last dash.
_RANK = {"part": 0, "chapter": 1, "muc": 2, "roman": 3, "article": 4, "arabic": 5, "dotted2": 6, "dotted3": 7,
         "dotted4": 8, "letter": 9, "dash": 10, "plus": 11}
# its own number "Số: 4/VBHN-BTC", its title, or the list of amending documents that opens it
_CONSOLIDATED = rx.compile(r"Số:\s*\d*\s*/VBHN-|VĂN BẢN HỢP NHẤT|được sửa đổi, bổ sung bởi\s*:")
_QUOTE_LINES = 40  # a quotation not closed within this many lines opens no region
_OPEN_QUOTES = "“\"„«"
_RESUMING_STYLES = ("part", "chapter", "muc", "article")
_OWN_LEVELS = ("part", "chapter", "muc", "article", "roman")
# a table printed one cell per line: its rows ("1. Chủ tịch Hội đồng thành viên") follow at
# least this many short cells ("Chức danh", "Loại 1", "Loại 2") and are numbered on their own
_CELLS_BEFORE_ROW = 3
_HEAD_CELLS = 2  # ... or this many when the row's "1." cannot go on the text's own list of its style
_CELL_CHARS = 30
_SENTENCE_END = ".;:!?…"


class _Scope:
    """A numbering scope being built: its model object and its stack of open sections."""

    def __init__(self, model: NumberingScope) -> None:
        self.model = model
        self.stack: list[Section] = []
        # the last section of each style attached, as reversed(model.all_sections()) finds it:
        # sections are attached in text order, so tree order is text order
        self.last: dict[str, Section] = {}


class _Builder:
    def __init__(self, doc: Document, cleaned: lx.Cleaned, line_labels: list[str] | None = None) -> None:
        self.doc = doc
        self.cleaned = cleaned
        self.line_labels = line_labels
        self.footnote_labels = {label for label, _, _ in cleaned.defs} | {
            m.group(1) for _, m in lx.at_line_starts(_NOTE_LINE, _NOTE_LINE_AFTER_BREAK, cleaned.clean)}
        body = NumberingScope(0, Region.BODY, 0, len(doc.text), "", doc.sections)
        doc.scopes.append(body)
        self.body = _Scope(body)
        self.scope = self.body  # where the document's own text is numbered now
        self.region = Region.BODY
        self.cells: dict[str, _Scope] = {}
        self.quote: _Scope | None = None
        self.quote_until = -1  # index of the last line token of the open quotation
        self.resumable: _Scope | None = None
        self.closed = False  # the document's own closing (recipients, signature) seen
        self.flat_table: tuple[_Scope, _Scope] | None = None  # a table printed one cell per line, in its scope

    @property
    def stack(self) -> list[Section]:
        return self.scope.stack

    def build(self, tree: Tree) -> None:
        items: list[tuple[Region, Token | Tree]] = []
        self._flatten(tree, Region.BODY, items)
        for index, (region, item) in enumerate(items):
            if isinstance(item, Tree):  # header field, recipients, signature: (format's parts)
                self._closing_or_header(item)
                continue
            if region is Region.APPENDIX and self.region is not Region.APPENDIX or item.type == "APPENDIX":
                before = self.scope
                self._new_scope(Region.APPENDIX, item.start_pos, str(item).strip())
                # text after a closing without a title may be the body going on (a form's
                # "NGƯỜI LẬP BIỂU" block inside an article): resumed if its numbering goes on
                # a list of forms ("Mẫu I.03", "Mẫu I.04" with no content) is no form of its own:
                # the next heading may go on with the scope before the list
                self.resumable = before if before.model.sections else self.resumable
            self.region = region
            self._body_token(item, index, items)
        self._close_all()
        self._footnotes()
        for block in self.doc.blocks:
            if block.kind == "footnote":
                block.region = Region.FOOTNOTE

    def _flatten(self, tree: Tree, region: Region, out: list[tuple[Region, Token | Tree]]) -> None:
        """(region, token or closing subtree) in text order, appended to ``out``."""
        append = out.append
        for child in tree.children:
            if isinstance(child, Token) or child.data in ("header_field", "recipients", "signature"):
                append((region, child))
            elif child.data == "header":
                self._flatten(child, Region.HEADER, out)
            elif child.data in ("attached", "appendix"):
                self._flatten(child, Region.APPENDIX, out)
            else:  # body, closing
                self._flatten(child, region, out)

    def _closing_or_header(self, item: Tree) -> None:
        before = len(self.doc.blocks)
        if item.data == "header_field":
            self._header(item.children[0])
            region = Region.HEADER
            if _TABLE_TITLE.match(str(item.children[0])):
                self._new_scope(Region.TABLE, item.children[0].start_pos, str(item.children[0]).strip())
        elif item.data == "recipients":
            self._recipients(item.children)
            region = Region.RECIPIENTS
        else:
            self._signature(item.children)
            region = Region.SIGNATURE
        if region is not Region.HEADER and self.doc.blocks[before:] and self.region not in _CLOSING_REGIONS.values():
            self._close_scope(self.scope, self.doc.blocks[before].span.start)
            if self.body.stack:
                self._close_scope(self.body, self.doc.blocks[before].span.start)
            self.closed = True
        for block in self.doc.blocks[before:]:
            block.region = region
            block.scope = self.scope.model.index
        self.region = region

    def _new_scope(self, region: Region, start: int, title: str = "", free_start: bool = False) -> _Scope:
        model = NumberingScope(len(self.doc.scopes), region, start, len(self.doc.text), title, free_start=free_start)
        self.doc.scopes.append(model)
        scope = _Scope(model)
        if region is Region.APPENDIX or region is Region.TABLE and title.startswith("BẢNG"):
            if self.scope is not self.body or self.closed:  # a form inside the body may be resumed
                self._close_scope(self.scope, start)
            self.scope = scope
        return scope

    # -- body ---------------------------------------------------------------------------
    def _block(self, token: Token, kind: str, scope: _Scope, region: Region) -> Block:
        span = _trimmed(self.doc.clean, token.start_pos, token.end_pos)
        section = scope.stack[-1] if scope.stack else None
        block = Block(kind, span, self.doc.clean[span.start : span.end], section, token.line - 1, region,
                      scope.model.index)
        self.doc.blocks.append(block)
        return block

    def _body_token(self, token: Token, index: int, items: list) -> None:
        # token.value, not str(token): str() of a Token copies the line
        kind = _BLOCK_KINDS.get(token.type, "paragraph")
        scope, region = self._where(token, index, items)
        value = token.value
        if region is Region.BODY and self.scope.last and lx._ATTACHED.match(value) \
                and lx.is_attachment_line(value, _previous_text(items, index)):
            self._new_scope(Region.APPENDIX, token.start_pos, value.strip())
            scope, region = self.scope, Region.APPENDIX
        elif scope is self.scope and _TABLE_TITLE.match(value) and lx.is_upper_line(value):
            self._new_scope(Region.TABLE, token.start_pos, value.strip())
            scope, region = self.scope, Region.TABLE
        if scope is self.scope and region is not Region.TABLE:
            scope, region = self._flat_table(token, kind, index, items, scope, region)
        if kind == "table_row":
            region = Region.TABLE
        elif kind == "footnote":
            region = Region.FOOTNOTE
        text = value
        label = None
        if region is Region.QUOTATION:
            text = text.lstrip(" \t" + _OPEN_QUOTES)
            label = lx.heading_label(text)
            kind = "heading" if label else kind
        elif kind == "heading":  # the label the line classifier found on this line
            label = self.cleaned.labels.get(token.start_pos) or lx.heading_label(value)
        if label is not None and self._heading(token, scope, region, len(value) - len(text), label):
            return
        self._block(token, "paragraph" if kind == "heading" else kind, scope, region)

    def _where(self, token: Token, index: int, items: list) -> tuple[_Scope, Region]:
        """The scope and region of a body line: a table cell, a quotation, or the text's own."""
        if self.quote is not None and index <= self.quote_until:
            return self.quote, Region.QUOTATION
        if self.quote is not None:
            self._close_scope(self.quote, token.start_pos)
            self.quote = None
        labels = self.line_labels
        if labels and token.line - 1 < len(labels):
            cell = _TABLE_CELL.match(labels[token.line - 1])
            if cell:
                key = cell.group()
                if key not in self.cells:
                    self.cells[key] = self._new_scope(Region.TABLE, token.start_pos, key, free_start=True)
                return self.cells[key], Region.TABLE
        value = token.value
        # nothing on the line can leave a quotation open: the common case, tested here
        until = self._quotation_end(index, items) if _may_open_quotation(value) else None
        if until is None and value.rstrip().endswith(":"):  # what _NOTE_INTRO needs, tested first
            note = _NOTE_INTRO.match(value)
            intro = note.group(1) if note else None
            if intro and not intro[0].isdigit() and _ends_mid_sentence(_previous_text(items, index)):
                note = None  # "… theo quy định tại" / "Điều 10 Quyết định số … như sau:": one sentence
            if note and (intro or token.type == "FOOTDEF" and value.lstrip()[:1].isupper()):
                until = self._note_quotation_end(index, items)
        if until is not None:
            self.quote = self._new_scope(Region.QUOTATION, token.start_pos, free_start=True)
            self.quote_until = until
            first = value.lstrip(" \t")
            if first[:1] in _OPEN_QUOTES:  # the line itself opens with the quotation mark
                return self.quote, Region.QUOTATION
        if self.scope.model.region is Region.TABLE:
            return self.scope, Region.TABLE
        region = self.region if self.region in (Region.BODY, Region.APPENDIX) else Region.BODY
        return self.scope, region

    def _flat_table(self, token: Token, kind: str, index: int, items: list, scope: _Scope,
                    region: Region) -> tuple[_Scope, Region]:
        """A table printed one cell per line: a numbered row (no sentence end) after short cells
        opens a scope of its own, so that its rows ("1. Chủ tịch…", "2. Thành viên…") are not
        read as the text's own items; the text resumes with a sentence or with the next item of
        its own numbering."""
        value = token.value
        if self.flat_table is not None:
            table, outer = self.flat_table
            if outer is scope and not self._resumes_text(value, kind, scope, table, self._after_blank_line(token)):
                return table, Region.TABLE
            self._close_scope(table, token.start_pos)
            self.flat_table = None
            return scope, region
        if kind != "heading" or not _row_like(value):
            return scope, region
        head = _cells_before(items, index, _CELLS_BEFORE_ROW)
        if not head and not _cells_before(items, index, _HEAD_CELLS):
            return scope, region
        label = self.cleaned.labels.get(token.start_pos) or lx.heading_label(value)
        parsed = parse_label(label.group().strip()) if label else None
        if parsed is None or parsed[2] != 1:
            return scope, region  # a table's rows are numbered from its first: "2." goes on a list
        # a "1." (or "I.") right under an item of the same style past the first, a table's head
        # between, cannot start that item's own list: it is a row of the item's table ("5. Kết quả
        # biểu quyết" / "Nội dung biểu quyết" / "Số ý kiến đồng ý" / "1. Dạng khuyết tật")
        last = scope.last.get(parsed[0])
        under_own = (last is not None and last.ordinal is not None and last.ordinal >= 2
                     and _item_above_cells(items, index) == parsed[0])
        if parsed[0] in _OWN_LEVELS and not (parsed[0] == "roman" and under_own):
            return scope, region
        if not head and not under_own:
            return scope, region
        table = self._new_scope(Region.TABLE, token.start_pos, "", free_start=True)
        self.flat_table = (table, scope)
        return table, Region.TABLE

    def _after_blank_line(self, token: Token) -> bool:
        line = token.line - 1  # 0-based
        if line == 0:
            return False
        starts = self.doc.line_starts
        return not self.doc.clean[starts[line - 1] : starts[line]].strip()

    def _resumes_text(self, value: str, kind: str, scope: _Scope, table: _Scope, after_break: bool) -> bool:
        """A line after a flattened table's rows that is the text's own again: a heading of the
        text's own levels, the next item of a list the text has open (ending as a sentence does,
        or after a blank line when it is not the table's next row too), or a long sentence."""
        text = value.strip()
        if kind != "heading":
            return len(text) > 2 * _CELL_CHARS and text[-1] in _SENTENCE_END
        label = lx.heading_label(value)
        parsed = parse_label(label.group().strip()) if label else None
        if parsed is None:
            return False
        style, _, ordinal = parsed
        if style == "roman" and "roman" in table.last:
            return _next_of(scope, style, ordinal)  # the table numbers its rows I., II.: the text goes on at its own next
        if style in _OWN_LEVELS:
            return True
        if not _next_of(scope, style, ordinal):
            return False
        return text[-1] in _SENTENCE_END or after_break and not _next_of(table, style, ordinal)

    def _note_quotation_end(self, index: int, items: list) -> int | None:
        """A consolidated text's footnote that quotes the amending document without quotation
        marks (``60 Điều 2 Nghị định số 74/2020/NĐ-CP … quy định như sau:`` then ``Điều 2.
        Hiệu lực…``): the provision runs to the next footnote."""
        last = None
        own = {style: s.ordinal for style, s in self.scope.last.items() if style in _OWN_LEVELS}
        depth = straight = 0
        for later in range(index + 1, min(len(items), index + 1 + _QUOTE_LINES)):
            region, item = items[later]
            if isinstance(item, Tree) or item.type in ("APPENDIX", "FOOTDEF") or _NOTE_LINE.match(item.value):
                break
            if _NOTE_INTRO.match(item.value) or self._own_heading(item.value, own):
                break
            last = later
            if later == index + 1 and item.value.lstrip()[:1] not in _OPEN_QUOTES:
                depth = -1  # no quotation mark: the provision runs to the next note
            if depth >= 0:
                depth, straight = _quote_balance(item.value, depth, straight)
                if depth == 0 and straight % 2 == 0:
                    break  # the note quotes with marks: the text resumes after the closing one
        return last

    def _quotation_end(self, index: int, items: list) -> int | None:
        """Index of the line that closes a quotation left open by line ``index``, or None
        when it is not closed within 40 lines or before a heading of the text's own levels."""
        first = items[index][1].value
        if not _may_open_quotation(first):
            return None  # nothing on the line can leave a quotation open
        depth, straight = _quote_balance(first, 0, 0)
        if depth <= 0 and straight % 2 == 0:
            return None
        own = {style: s.ordinal for style, s in self.scope.last.items() if style in _OWN_LEVELS}
        for later in range(index + 1, min(len(items), index + 1 + _QUOTE_LINES)):
            region, item = items[later]
            if isinstance(item, Tree) or region is not Region.BODY and region is not self.region:
                return None
            text = item.value
            if text.lstrip()[:1] in _OPEN_QUOTES:
                if depth > 0 and "”" not in text[:2]:
                    return None  # a new quotation opens: the earlier mark was never closed
            elif self._own_heading(text, own):
                return None
            depth, straight = _quote_balance(text, depth, straight)
            if depth <= 0 and straight % 2 == 0:
                return later
        return None

    @staticmethod
    def _own_heading(text: str, own: dict[str, int | None]) -> bool:
        """A heading of the text's own levels: the next ``Điều``/``Chương``/``I.`` after an open
        one, or any of these while none is open yet."""
        match = lx.heading_label(text)
        parsed = parse_label(match.group().strip()) if match else None
        if parsed is None or parsed[0] not in _OWN_LEVELS:
            return False
        if not own:
            return True
        return parsed[0] in own and parsed[2] is not None and parsed[2] == (own[parsed[0]] or 0) + 1

    def _heading(self, token: Token, scope: _Scope, region: Region, skipped: int, match: re.Match[str]) -> bool:
        """``match``: the label the line opens with, from ``skipped`` on (after a quotation mark)."""
        whole = match.group()
        written = label = whole.strip()
        kind = match.lastgroup
        if kind == "article":
            glued = match.group("glued")
            if glued:  # "Điều 17.16": footnote 16 glued to "Điều 17."
                label = label[: len(label) - len(glued)]
        elif kind == "chapter":
            note = match.group("chapter_note")
            if note and label.endswith(note):  # "Chương II2 (được bãi bỏ)": footnote 2
                label = label.replace(note, "", 1)
        parsed = parse_label(label)
        if parsed is None:
            return False
        scope = self._resume(parsed, scope)
        parsed = self._unglue_footnote(parsed, scope)
        style, number, ordinal = parsed
        offset = token.start_pos + skipped
        label_span = Span(offset + match.start() + len(whole) - len(whole.lstrip()), offset + match.end())
        clean = self.doc.clean
        span = _trimmed(clean, token.start_pos, token.end_pos)
        title = clean[label_span.end : span.end].strip()
        level = self._place(style, scope)
        section = Section(number, written, style, level, title, span, label_span, ordinal,
                          scope=scope.model.index, region=region)
        self._attach(section, scope)
        self.doc.blocks.append(Block("heading", span, clean[span.start : span.end], section, token.line - 1, region,
                                     scope.model.index))
        return True

    def _resume(self, parsed: tuple[str, str, int | None], scope: _Scope) -> _Scope:
        """Back to the text a form or a closing interrupted: a form printed inside an article
        (``Mẫu số S1-DNSN`` … ``NGƯỜI LẬP BIỂU``) is followed by the next ``Điều`` or item."""
        resumable, self.resumable = self.resumable, None
        style, _, ordinal = parsed
        if scope is not self.scope or scope.model.region is not Region.APPENDIX or ordinal is None:
            return scope
        if style in scope.last:
            return scope
        candidates = [c for c in (resumable, None if self.closed else self.body) if c is not None and c is not scope]
        for candidate in candidates:
            open_ = next((s for s in candidate.stack if s.style == style), None)
            if open_ is None and candidate is resumable:  # its stack is closed: its top-level list
                open_ = next((s for s in reversed(candidate.model.sections) if s.style == style), None)
            last = open_ or candidate.last.get(style)
            if open_ is None and style not in _RESUMING_STYLES:
                continue
            if last is not None and last.ordinal is not None and ordinal == last.ordinal + 1:
                self._close_scope(scope, self.doc.line_starts[0])
                scope.model.end = scope.model.start
                self.scope = candidate
                return candidate
        return scope

    def _unglue_footnote(self, parsed: tuple[str, str, int | None], scope: _Scope) -> tuple[str, str, int | None]:
        """A footnote number glued to a label by the text extraction: ``3.9 Tiếp tục…`` where 9
        is a footnote and a ``2.`` is open is item 3; ``12. Bộ, cơ quan…`` where item 1 is due
        and footnote 2 exists is item 1."""
        style, number, ordinal = parsed
        if not self.footnote_labels or style not in ("dotted2", "arabic", "article"):
            return parsed
        if style == "dotted2":
            head, tail = number.split(".")
            if tail in self.footnote_labels:
                open_arabic = next((s for s in scope.stack if s.style == "arabic"), None)
                if open_arabic is not None and open_arabic.ordinal == int(head) - 1 or open_arabic is None and head == "1":
                    return ("arabic", head, int(head))
            return parsed
        if style in RUNNING_STYLES:
            last = scope.last.get(style)
        else:
            level = self._place(style, scope)
            siblings = scope.stack[level - 1].children if level else scope.model.sections
            last = next((s for s in reversed(siblings) if s.style == style), None)
        due = (last.ordinal or 0) + 1 if last is not None else 1
        if ordinal != due and number.startswith(str(due)) and number[len(str(due)):] in self.footnote_labels:
            return (style, str(due), due)
        return parsed

    def _place(self, style: str, scope: _Scope) -> int:
        stack = scope.stack
        for level, open_ in enumerate(stack):
            if open_.style == style:
                return level  # a sibling of the open section of that style
        rank = _RANK.get(style, len(_RANK))
        level = len(stack)
        while level > 0 and _RANK.get(stack[level - 1].style, len(_RANK)) > rank:
            level -= 1  # a deeper style is open: the new one is not its child
        return level

    def _attach(self, section: Section, scope: _Scope) -> None:
        stack = scope.stack
        while len(stack) > section.level:
            closed = stack.pop()
            closed.end = section.span.start
        parent = stack[-1] if stack else None
        section.parent = parent
        (parent.children if parent else scope.model.sections).append(section)
        stack.append(section)
        scope.last[section.style] = section

    def _close_scope(self, scope: _Scope, end: int) -> None:
        scope.model.end = end
        while scope.stack:
            scope.stack.pop().end = end

    def _close_all(self) -> None:
        body_end = self._body_end(len(self.doc.text))
        flat = [self.flat_table[0]] if self.flat_table else []
        for scope in [self.body, *self.cells.values(), self.scope, *flat]:
            if scope.stack:
                end = body_end if scope is self.body else len(self.doc.text)
                self._close_scope(scope, max(end, scope.stack[-1].span.end))
        if self.quote is not None:
            self._close_scope(self.quote, len(self.doc.text))
        for scope in self.doc.scopes:
            for section in scope.all_sections():
                if section.end == 0:
                    section.end = section.span.end

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
            if (field.value or "").lstrip().startswith("ĐẢNG CỘNG SẢN"):
                header.convention = "party"
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
        if re.match(r"\s*Số\s*:?\s*\d*\s*-\s*[^\W\d_]+/", field.value or ""):
            header.convention = "party"  # 36-HD/VPTW

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
        """The document's own recipients are its first ``Nơi nhận`` block; later blocks belong
        to appendices and forms (templates) and stay blocks of kind ``recipients`` only."""
        title, *lines = tokens
        own = self.doc.recipients_title is None
        title_field = self._field(title)
        self._add_block(Block("recipients", title_field.span, "Nơi nhận:", None, title.line - 1))
        if not own:
            for token in lines:
                field = self._field(token)
                self._add_block(Block("recipients", field.span, field.value or "", None, token.line - 1))
            return
        self.doc.recipients_title = title_field
        # "Nơi nhận: - UBND tỉnh;" on one line (PDF text) keeps its first recipient
        rest = re.match(r"\s*Nơi nhận\s*:?\s*", title_field.value or "")
        if rest and rest.end() < len(title_field.value or ""):
            span = Span(title_field.span.start + rest.end(), title_field.span.end)
            self.doc.recipients.append(Field(span, self.doc.clean[span.start : span.end]))
        for token in lines:
            field = self._field(token)
            self.doc.recipients.append(field)
            self._add_block(Block("recipients", field.span, field.value or "", None, token.line - 1))

    def _add_block(self, block: Block) -> None:
        """Blocks stay in text order although a flattened two-column closing is parsed column
        by column (recipients first, then the signature)."""
        blocks = self.doc.blocks
        if not blocks or blocks[-1].span.start <= block.span.start:
            blocks.append(block)
            return
        at = len(blocks)
        while at and blocks[at - 1].span.start > block.span.start:
            at -= 1
        blocks.insert(at, block)

    def _signature(self, tokens: list[Token]) -> None:
        """The first signature block is the document's own; later ones (forms, appendices,
        a second document in one file) are kept as blocks only."""
        own = self.doc.signature is None
        signature = Signature()
        for token in tokens:
            field = self._field(token)
            self._add_block(Block("signature", field.span, field.value or "", None, token.line - 1))
            if token.type == "SIG_NAME":
                signature.name = field
                continue
            if lx._signature_note((field.value or "").strip()):
                signature.notes.append(field)
                continue
            prefix = re.match(r"\s*(TM|KT|TL|TUQ|Q|T/M|K/T|T/L)\.?\s", field.value or "")
            if prefix and signature.prefix is None:
                start = field.span.start + prefix.start(1)
                signature.prefix = Field(Span(start, field.span.start + prefix.end(1)), prefix.group(1))
            signature.lines.append(field)
        if own:
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


def _next_of(scope: _Scope, style: str, ordinal: int | None) -> bool:
    """``ordinal`` is the next number of the list of ``style`` last seen in ``scope``."""
    last = scope.last.get(style)
    return last is not None and last.ordinal is not None and ordinal == last.ordinal + 1


def _row_like(text: str) -> bool:
    """A flattened table's row: a label and a cell's words, without the end of a sentence."""
    text = text.strip()
    return bool(text) and text[-1] not in _SENTENCE_END and len(text) <= 4 * _CELL_CHARS


def _cells_before(items: list, index: int, count: int) -> bool:
    """The ``count`` lines before ``index`` are short cells: no label, no sentence end
    ("31/12/20.." is a form's blank), not all in capitals (a document's title block is short
    lines too; a table's head mixes "STT", "X" with "Năm/Year")."""
    if index < count:
        return False
    capitals = 0
    for region, item in items[index - count : index]:
        if isinstance(item, Tree) or item.type != "PARA" or region is not Region.BODY and region is not Region.APPENDIX:
            return False
        text = item.value.strip()
        if not text or len(text) > _CELL_CHARS or text[-1] in _SENTENCE_END and not text.endswith(".."):
            return False
        capitals += lx.is_upper_line(text)
    return capitals < count


def _item_above_cells(items: list, index: int) -> str | None:
    """The numbering style of the item right above the short cells that end at ``index``."""
    at = index - 1
    while at >= 0 and _cells_before(items, at + 1, 1):
        at -= 1
    if at < 0 or index - 1 - at < _HEAD_CELLS:
        return None
    item = items[at][1]
    if isinstance(item, Tree) or item.type != "HEADING":
        return None
    label = lx.heading_label(item.value)
    parsed = parse_label(label.group().strip()) if label else None
    return parsed[0] if parsed else None


def _ends_mid_sentence(text: str) -> bool:
    """A line cut mid-sentence ("… theo quy định tại"): the next line goes on with it, so a
    next line opening with "Điều 10 Quyết định số …" is the sentence's citation, not a note."""
    text = text.rstrip()
    return bool(text) and text[-1].isalpha() and text[-1].islower()


def _previous_text(items: list, index: int) -> str:
    previous = items[index - 1][1] if index else None
    return previous.value if isinstance(previous, Token) else ""


def _may_open_quotation(text: str) -> bool:
    """A mark that can leave a quotation open: a curly or guillemet opening mark, or a straight
    one (four scans by str.find cost less than one by a character-class pattern)."""
    return '"' in text or "“" in text or "„" in text or "«" in text


def _quote_balance(text: str, depth: int, straight: int) -> tuple[int, int]:
    """Open curly quotation marks and the count of straight ones after ``text``."""
    depth += text.count("“") + text.count("„") + text.count("«") - text.count("”") - text.count("»")
    return max(depth, 0), straight + text.count('"')


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
    for scope in doc.numbering_scopes()[1:]:
        if not scope.sections:
            continue
        where = _pos(doc, Span(scope.start, scope.start))
        out.append(f"  scope {scope.index} ({scope.region.value}) [{where}] {_short(scope.title, 60)}".rstrip())
        for section in scope.sections:
            _section_lines(doc, section, 2, out)
    regions = Counter(block.region.value for block in doc.blocks)
    out.append("  regions " + ", ".join(f"{name} {count}" for name, count in regions.items()))
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
