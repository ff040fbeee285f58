"""Rule family: tables (DL6xx).

Markdown pipe tables, whether written so in a ``.md`` file or rendered from a Word table by
the reader: total rows equal the sum of the rows they cover, subtotal rows (``I``, ``II``,
``a``, ``b`` in the STT column) equal the sum of their items, and a percentage column equals
the ratio of the columns it names.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from doclint import regex as rx
from doclint.facts import fact
from doclint.model import Document, Severity, Span
from doclint.numeric import read_number
from doclint.records import Record
from doclint.rule import Diagnostic, Rule, RuleContext

_ROW = rx.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_SEPARATOR = rx.compile(r"^[\s|:\-]+$")
_TOTAL = rx.compile(
    r"^(tổng\s+cộng|tổng\s+số|tổng|cộng|toàn\s+(huyện|thành\s+phố|thị\s+xã|tỉnh|xã|phường|thị\s+trấn|ngành)|tổng\s+toàn\b.*)"
    r"\s*(chung)?\s*:?\s*$",
    re.I,
)
_INDEX_HEADER = rx.compile(r"^(s\.?\s*tt|tt|số\s+tt|số\s+thứ\s+tự)\.?$", re.I)
_UNIT_HEADER = rx.compile(r"^(đvt|đơn\s+vị\s+tính)\.?$", re.I)
_PERCENT_HEADER = rx.compile(r"tỷ\s+lệ|tỉ\s+lệ|%", re.I)
# Columns whose values do not add up across rows.
_NOT_ADDITIVE = rx.compile(r"tỷ\s+lệ|tỉ\s+lệ|%|bình\s+quân|trung\s+bình|đơn\s+giá|\bgiá\b|so\s+sánh|so\s+với|xếp\s+hạng|thứ\s+hạng|bq", re.I)
_PLAN = rx.compile(r"kế\s+hoạch|\bKH\b|dự\s+toán|chỉ\s+tiêu\s+giao|\bgiao\b", re.I)
_DONE = rx.compile(r"thực\s+hiện|\bTH\b|kết\s+quả|ước\s+đạt|\bđạt\b", re.I)
_COLUMN_REF = rx.compile(r"\((\d{1,2})\)")
_RATIO_REF = rx.compile(r"\((\d{1,2})\)\s*/\s*\((\d{1,2})\)")
_ROMAN = rx.compile(r"^[IVXLC]+\.?$")
_ARABIC = rx.compile(r"^\d{1,3}\.?$")
_LETTER = rx.compile(r"^[a-zđA-ZĐ]\)?\.?$")
_DASH = {"", "-", "–", "—", "x", "0"}
# "Trong đó", "Riêng": the rows that follow are some of the parts, not all of them.
_PARTIAL = rx.compile(r"^[-+•*\s]*(trong\s+đó|riêng|bao\s+gồm\s+cả|ngoài\s+ra)\b", re.I)


class Cell(Record):
    __slots__ = ("text", "span")
    text: str
    span: Span

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span


class Row(Record):
    __slots__ = ("cells", "span")
    cells: list[Cell]
    span: Span

    def __init__(self, cells: list[Cell], span: Span) -> None:
        self.cells = cells
        self.span = span


class Table(Record):
    __slots__ = ("header", "rows", "names")
    header: list[Row]
    rows: list[Row]
    names: list[str]  # column names (header rows joined)

    def __init__(self, header: list[Row], rows: list[Row], names: list[str] | None = None) -> None:
        self.header = header
        self.rows = rows
        self.names = [] if names is None else names


def _split_row(doc: Document, start: int, end: int) -> Row:
    line = doc.clean[start:end]
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    cells = []
    for a, b in zip(bars, bars[1:]):
        raw = line[a + 1 : b]
        stripped = raw.strip()
        left = a + 1 + (len(raw) - len(raw.lstrip()))
        cells.append(Cell(stripped, Span(start + left, start + left + len(stripped))))
    return Row(cells, Span(start, end))


@fact
def find_tables(doc: Document) -> list[Table]:
    """Runs of consecutive pipe rows, split at a header separator or a change of width."""
    tables: list[Table] = []
    runs: list[list[Row | None]] = []
    last_end = -2
    if "|" not in doc.clean:
        return tables  # no row (most documents): one str scan, not the pattern at every line
    for match in _ROW.finditer(doc.clean):
        row = _split_row(doc, match.start(), match.end())
        is_sep = all(_SEPARATOR.match(c.text or "-") for c in row.cells)
        if match.start() != last_end + 1 or not runs:
            runs.append([])
        runs[-1].append(None if is_sep else row)
        last_end = match.end()
    for run in runs:
        tables.extend(_tables_of_run(run))
    for table in tables:
        table.names = _column_names(table)
    return tables


def _tables_of_run(run: list[Row | None]) -> Iterator[Table]:
    # A separator closes the header rows above it; the row right above a separator that
    # follows data starts a new table (a nested table in a Word document).
    pieces: list[list[Row | None]] = [[]]
    for i, row in enumerate(run):
        if row is None and i >= 2 and any(r is not None for r in pieces[-1][:-1]) and _has_separator(pieces[-1]):
            header = pieces[-1].pop()
            pieces.append([header])
        pieces[-1].append(row)
    for piece in pieces:
        if None in piece:
            cut = piece.index(None)
            header = [r for r in piece[:cut] if r is not None]
            rows = [r for r in piece[cut + 1 :] if r is not None]
        else:
            header, rows = [], [r for r in piece if r is not None]
        if rows:
            yield Table(header, rows)


def _has_separator(piece: list[Row | None]) -> bool:
    return None in piece


def _column_names(table: Table) -> list[str]:
    width = max(len(r.cells) for r in table.rows)
    names = [""] * width
    for row in table.header:
        for i, cell in enumerate(row.cells[:width]):
            if cell.text and cell.text not in names[i]:
                names[i] = f"{names[i]} {cell.text}".strip()
    return names


def number(cell: Cell) -> tuple[Decimal, int] | None:
    text = cell.text.replace("**", "").strip()
    return read_number(text) if text else None


class Item(Record):
    __slots__ = ("row", "label", "level", "total")
    row: Row
    label: str  # the row's label as shown to the user
    level: int | None  # depth by STT style; None for a row without STT
    total: bool

    def __init__(self, row: Row, label: str, level: int | None, total: bool) -> None:
        self.row = row
        self.label = label
        self.level = level
        self.total = total


class TableSumMismatch(Rule):
    """Kiểm tra: hàng Tổng/Cộng/Toàn huyện, hàng tổng của nhóm (I, II, a, b) và cột Tỷ lệ (%) của bảng khớp với số liệu các hàng, các cột.

    Vì sao: bảng số liệu là phần người đọc tin nhất; một dòng tổng sai (thường do sửa một
    hàng mà quên cộng lại) làm sai cả báo cáo.
    Sai: `| Xã A | 10 |`, `| Xã B | 20 |`, `| Tổng | 31 |`
    Đúng: `| Xã A | 10 |`, `| Xã B | 20 |`, `| Tổng | 30 |`

    Giới hạn: không kiểm tra cột tỷ lệ, bình quân, đơn giá, so sánh (không cộng được); bỏ qua
    khi các hàng có đơn vị tính khác nhau; hàng nhóm chỉ được kiểm tra khi có ít nhất hai
    hàng con có số; sai số do làm tròn được chấp nhận.

    [en]
    What it checks: a table's total row (Tổng, Cộng, Toàn huyện), its subtotal rows (I, II, a, b) and its percentage column agree with the rows and columns they are computed from.

    Why: the table is the part readers trust most; a stale total (one row edited, the total
    not recomputed) makes the whole report wrong.
    Bad: `| Xã A | 10 |`, `| Xã B | 20 |`, `| Tổng | 31 |`
    Good: `| Xã A | 10 |`, `| Xã B | 20 |`, `| Tổng | 30 |`

    Known limits: ratio, average, unit-price and comparison columns are not summed; rows with
    different units are skipped; a group row is checked only when at least two of its items
    carry a number; rounding differences are accepted.
    """

    name = "table-sum-mismatch"
    code = "DL601"
    severity = Severity.ERROR
    family = "tables"

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for table in find_tables(doc):
            yield from self._check_table(table, ctx)

    def _check_table(self, table: Table, ctx: RuleContext) -> Iterator[Diagnostic]:
        names = table.names
        width = len(names)
        index_col, label_cols = _label_columns(table)
        unit_col = next((i for i, n in enumerate(names) if _UNIT_HEADER.match(n)), None)
        rows = [r for r in table.rows if not _is_column_numbering(r)]
        items = [_item(r, index_col, label_cols) for r in rows]
        additive = [
            c for c in range(width)
            if c not in label_cols and c != index_col and c != unit_col and not _NOT_ADDITIVE.search(names[c])
        ]
        for column in additive:
            yield from self._totals(items, column, names[column], unit_col, ctx)
            yield from self._groups(items, column, names[column], unit_col, ctx)
        yield from self._ratios(table, items, ctx)

    # -- totals -------------------------------------------------------------------------
    def _totals(self, items: list[Item], column: int, name: str, unit_col: int | None,
                ctx: RuleContext) -> Iterator[Diagnostic]:
        for i, item in enumerate(items):
            if not item.total:
                continue
            above = _covered(items[:i][::-1])[::-1]
            below = _covered(items[i + 1 :]) if not above else []
            covered = above or below
            if any(_PARTIAL.match(c.label) or _PARTIAL.match(_row_text(c.row)) for c in covered):
                continue
            parts = _top_level(covered)
            yield from self._compare(item, parts, column, name, unit_col, ctx, "total")

    def _groups(self, items: list[Item], column: int, name: str, unit_col: int | None,
                ctx: RuleContext) -> Iterator[Diagnostic]:
        for i, item in enumerate(items):
            if item.level is None or item.total:
                continue
            children: list[Item] = []
            for other in items[i + 1 :]:
                if other.total or (other.level is not None and other.level <= item.level):
                    break
                children.append(other)
            levels = [c.level for c in children if c.level is not None]
            if not levels or any(_PARTIAL.match(c.label) or _PARTIAL.match(_row_text(c.row)) for c in children):
                continue
            direct = [c for c in children if c.level == min(levels)]
            yield from self._compare(item, direct, column, name, unit_col, ctx, "group")

    def _compare(self, item: Item, parts: list[Item], column: int, name: str, unit_col: int | None,
                 ctx: RuleContext, key: str) -> Iterator[Diagnostic]:
        if column >= len(item.row.cells) or len(parts) < 2:
            return
        stated = number(item.row.cells[column])
        if stated is None:
            return
        values = []
        for part in parts:
            if column >= len(part.row.cells):
                return
            cell = part.row.cells[column]
            value = number(cell)
            if value is None:
                if cell.text.replace("*", "").strip() in _DASH:
                    continue
                return  # text in a number column: not a plain sum
            values.append(value)
        if len(values) < 2:
            return
        if unit_col is not None and len({_cell_text(p.row, unit_col) for p in parts} - {""}) > 1:
            return
        computed = sum((v for v, _ in values), Decimal(0))
        part_decimals = max(d for _, d in values)
        tolerance = _half_unit(stated[1]) + len(values) * _half_unit(part_decimals) * (1 if part_decimals else 0)
        if abs(stated[0] - computed) <= tolerance:
            return
        shown = max(stated[1], part_decimals)
        yield ctx.report(
            item.row.cells[column].span,
            key,
            row=item.label,
            column=name or f"cột {column + 1}",
            stated=item.row.cells[column].text,
            computed=format_vi(computed, shown),
            rows=_describe(parts),
            suggestion=format_vi(computed, shown),
        )

    # -- ratios -------------------------------------------------------------------------
    def _ratios(self, table: Table, items: list[Item], ctx: RuleContext) -> Iterator[Diagnostic]:
        for column, (num, den) in _ratio_columns(table).items():
            name = table.names[column]
            for item in items:
                cells = item.row.cells
                if max(column, num, den) >= len(cells):
                    continue
                stated, top, bottom = number(cells[column]), number(cells[num]), number(cells[den])
                if stated is None or top is None or bottom is None or bottom[0] == 0:
                    continue
                computed = top[0] / bottom[0] * 100
                if abs(stated[0] - computed) <= Decimal(10) ** -stated[1]:
                    continue
                shown = format_vi(computed, max(stated[1], 1))
                yield ctx.report(
                    cells[column].span,
                    "ratio",
                    row=item.label,
                    column=name,
                    stated=cells[column].text,
                    numerator=table.names[num] or f"cột {num + 1}",
                    denominator=table.names[den] or f"cột {den + 1}",
                    top=cells[num].text,
                    bottom=cells[den].text,
                    computed=shown,
                    suggestion=shown,
                )


def _label_columns(table: Table) -> tuple[int | None, set[int]]:
    """The STT column (if any) and the text columns (most data cells are not numbers)."""
    index_col = next((i for i, n in enumerate(table.names) if _INDEX_HEADER.match(n)), None)
    labels: set[int] = set()
    for c in range(len(table.names)):
        if c == index_col:
            continue
        cells = [r.cells[c] for r in table.rows if c < len(r.cells) and r.cells[c].text]
        texts = sum(1 for cell in cells if number(cell) is None and cell.text.strip("*") not in _DASH)
        if cells and texts * 2 >= len(cells):
            labels.add(c)
    return index_col, labels


def _is_column_numbering(row: Row) -> bool:
    """The row ``(1) | (2) | (3)=(2)/(1)`` under a header."""
    texts = [c.text for c in row.cells if c.text]
    return bool(texts) and all(_COLUMN_REF.match(t) or re.fullmatch(r"[A-Z0-9]{1,2}", t) for t in texts) and any(
        _COLUMN_REF.match(t) for t in texts
    )


def _item(row: Row, index_col: int | None, label_cols: set[int]) -> Item:
    label_texts = [row.cells[c].text.replace("**", "").strip() for c in sorted(label_cols) if c < len(row.cells)]
    label = next((t for t in label_texts if t), "")
    index = row.cells[index_col].text.replace("**", "").strip() if index_col is not None and index_col < len(row.cells) else ""
    total = any(_TOTAL.match(t) for t in label_texts if t) or bool(_TOTAL.match(index))
    level = _level(index) if index else None
    shown = f"{index} {label}".strip() if index and not total else (label or index)
    return Item(row, shown, level, total)


def _level(index: str) -> int | None:
    # Vietnamese tables nest I > 1 > a (and A > I > 1 > a when parts are lettered).
    if _ROMAN.match(index) and index.rstrip(".") not in ("C", "D", "L"):
        return 1
    if _ARABIC.match(index):
        return 2
    if _LETTER.match(index):
        return 0 if index[0].isupper() else 3
    return None


def _covered(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for item in items:
        if item.total:
            break
        out.append(item)
    return out


def _top_level(items: list[Item]) -> list[Item]:
    levels = [i.level for i in items if i.level is not None]
    if not levels:
        return items
    top = min(levels)
    if any(i.level is None for i in items):
        # rows without STT mixed with numbered ones: only a flat, unnumbered list is safe
        return [] if levels else items
    return [i for i in items if i.level == top]


def _ratio_columns(table: Table) -> dict[int, tuple[int, int]]:
    """Percentage column -> (numerator column, denominator column)."""
    names = table.names
    out: dict[int, tuple[int, int]] = {}
    numbering = next((r for r in table.rows if _is_column_numbering(r)), None)
    refs: dict[str, int] = {}
    if numbering is not None:
        for i, cell in enumerate(numbering.cells):
            m = _COLUMN_REF.match(cell.text)
            if m:
                refs[m.group(1)] = i
    plan = [i for i, n in enumerate(names) if _PLAN.search(n) and not _PERCENT_HEADER.search(n)]
    done = [i for i, n in enumerate(names) if _DONE.search(n) and not _PERCENT_HEADER.search(n) and i not in plan]
    for i, name in enumerate(names):
        if not _PERCENT_HEADER.search(name):
            continue
        ref_text = numbering.cells[i].text if numbering is not None and i < len(numbering.cells) else name
        ratio = _RATIO_REF.search(ref_text) or _RATIO_REF.search(name)
        if ratio and ratio.group(1) in refs and ratio.group(2) in refs:
            out[i] = (refs[ratio.group(1)], refs[ratio.group(2)])
        elif len(plan) == 1 and len(done) == 1 and "cùng kỳ" not in name.casefold():
            out[i] = (done[0], plan[0])
    return out


def _row_text(row: Row) -> str:
    return next((c.text.replace("**", "").strip() for c in row.cells if c.text.strip("* ")), "")


def _cell_text(row: Row, column: int) -> str:
    return row.cells[column].text if column < len(row.cells) else ""


def _half_unit(decimals: int) -> Decimal:
    return Decimal(5) * Decimal(10) ** -(decimals + 1)


def _describe(parts: list[Item]) -> str:
    labels = [p.label for p in parts]
    if len(labels) > 4:
        return f"{labels[0]} … {labels[-1]} ({len(labels)} hàng)"
    return ", ".join(labels)


def format_vi(value: Decimal, decimals: int) -> str:
    """``1234.5`` -> ``1.234,5`` (Vietnamese separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


RULES = [TableSumMismatch]
