"""Word (.docx) -> plain text with one paragraph (or table row) per line.

What the reader sees is what the linter must see:

* body order: paragraphs and tables (nested tables follow the row that holds them);
* Word's automatic numbering is not in the paragraph text, so it is rendered here from
  ``numbering.xml`` (abstract definitions, levels, ``lvlText`` like ``%1.%2.``, number
  formats, ``startOverride`` restarts) so that a duplicated or skipped number is visible;
* footnotes and endnotes: ``<sup>N</sup>`` at the reference, and a definition line
  ``<sup>N</sup> text`` after the paragraph (or table) that refers to it;
* page headers and footers are kept out of the body (they go to the layout facts);
* the header table (issuer left, motto right) and the signature table are layout, not data:
  their cells are rendered as plain lines, row by row; every other table becomes Markdown
  pipe rows with a ``|---|`` line after its first row.

Each line gets a label (``đoạn 12``, every body paragraph counted, empty ones too, ``bảng 2, hàng 3``, ``chú thích 4``) shown instead of
line:col.  The layout dict carries page size, margins (mm), fonts and sizes for the layout
rules.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree

from doclint.messages import core
from doclint.numerals import to_roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
TWIP_MM = 25.4 / 1440


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(element: etree._Element | None, attr: str = "val") -> str | None:
    return None if element is None else element.get(q(attr))


# A layout table: the header (issuer | motto) or the signature block (Nơi nhận | TM.).
_LAYOUT_TABLE = re.compile(
    r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA|Độc lập\s*-\s*Tự do|^Số\s*:|Nơi nhận|\b(TM|KT|TL|TUQ)\.\s",
    re.M | re.I,
)
_MOTTO = re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM", re.I)
def letters(n: int) -> str:
    # Word's lowerLetter: a..z, then aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


# Past these a letter or Roman label would be longer than any real one (``zzzzzzzzzzzzzzzzzzzz``,
# ``MMMCMXCIX``); a hostile start of 10^15 must not become a label of 10^12 letters.
MAX_LETTERS = 26 * 20
MAX_ROMAN = 3999
MAX_START = 32767  # Word's own limit for a list's start value


def format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n <= MAX_LETTERS:
        text = letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman") and 0 < n <= MAX_ROMAN:
        text = to_roman(n)
        return text.lower() if fmt == "lowerRoman" else text
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


# ----------------------------------------------------------------------------- numbering
@dataclass(slots=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this level (1-based); 0 = never
    legal: bool = False
    suffix: str = "tab"


@dataclass(slots=True)
class Numbering:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def render(self, num_id: str, ilvl: int) -> str | None:
        abstract_id = self.nums.get(num_id)
        if abstract_id is None:
            return None
        levels = dict(self.abstract.get(abstract_id, {}))
        overrides = self.overrides.get(num_id, {})
        for lvl, (_, level) in overrides.items():
            if level is not None:
                levels[lvl] = level
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, (start, _) in overrides.items():
                if start is not None:
                    counters[lvl] = start - 1
                    _clear_deeper(counters, levels, lvl)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        _clear_deeper(counters, levels, ilvl)
        if level.fmt == "bullet":
            return "-"

        def fill(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k, Level())
            value = counters.get(k, lvl.start)
            fmt = "decimal" if level.legal and lvl.fmt not in ("none",) else lvl.fmt
            return format_number(value, fmt)

        return re.sub(r"%(\d)", fill, level.text).strip()


def _clear_deeper(counters: dict[int, int], levels: dict[int, Level], ilvl: int) -> None:
    for deeper in [k for k in counters if k > ilvl]:
        restart = levels.get(deeper, Level()).restart
        if restart == 0 or (restart is not None and restart - 1 < ilvl):
            continue
        del counters[deeper]


def bounded(value: str | None, low: int, high: int, default: int | None = None) -> int | None:
    """A number read from the file, within [low, high]; ``default`` when absent or not a
    number.  Every number a .docx gives is read through this: the file is not trusted."""
    if value is None:
        return default
    value = value.strip()
    digits = value[1:] if value[:1] in ("+", "-") else value
    if not (digits.isascii() and digits.isdigit()):
        return default
    if len(digits) > 12:  # no int() of a 5,000-digit string
        return low if value[0] == "-" else high
    return min(max(int(value), low), high)


def _level(element: etree._Element) -> Level:
    level = Level()
    level.start = bounded(wval(element.find(q("start"))), 0, MAX_START, 1)  # type: ignore[assignment]
    level.fmt = wval(element.find(q("numFmt"))) or "decimal"
    text = element.find(q("lvlText"))
    level.text = (wval(text) or "")[:100] if text is not None else ""
    level.restart = bounded(wval(element.find(q("lvlRestart"))), 0, 9)
    level.legal = element.find(q("isLgl")) is not None
    level.suffix = wval(element.find(q("suff"))) or "tab"
    return level


def parse_numbering(root: etree._Element | None) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iter(q("abstractNum")):
        levels = {bounded(wval(lvl, "ilvl"), 0, 8, 0): _level(lvl) for lvl in abstract.findall(q("lvl"))}
        numbering.abstract[wval(abstract, "abstractNumId") or ""] = levels
    for num in root.iter(q("num")):
        num_id = wval(num, "numId") or ""
        numbering.nums[num_id] = wval(num.find(q("abstractNumId"))) or ""
        overrides: dict[int, tuple[int | None, Level | None]] = {}
        for override in num.findall(q("lvlOverride")):
            ilvl: int = bounded(wval(override, "ilvl"), 0, 8, 0)  # type: ignore[assignment]
            start = bounded(wval(override.find(q("startOverride"))), 0, MAX_START)
            lvl = override.find(q("lvl"))
            overrides[ilvl] = (start, _level(lvl) if lvl is not None else None)
        numbering.overrides[num_id] = overrides
    return numbering


# ----------------------------------------------------------------------------- styles
@dataclass(slots=True)
class StyleInfo:
    num: tuple[str, int] | None = None
    font: str | None = None
    size: float | None = None


class Styles:
    def __init__(self, root: etree._Element | None, theme_fonts: dict[str, str]) -> None:
        self.raw: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.default_font: str | None = None
        self.default_size: float | None = None
        self.theme_fonts = theme_fonts
        self._cache: dict[str, StyleInfo] = {}
        if root is None:
            return
        for style in root.iter(q("style")):
            sid = wval(style, "styleId") or ""
            self.raw[sid] = style
            if style.get(q("type")) == "paragraph" and style.get(q("default")) in ("1", "true"):
                self.default_paragraph = sid
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}")
        if defaults is not None:
            self.default_font = self.font_of(defaults)
            self.default_size = size_of(defaults)

    def font_of(self, rpr: etree._Element | None) -> str | None:
        fonts = None if rpr is None else rpr.find(q("rFonts"))
        if fonts is None:
            return None
        name = wval(fonts, "hAnsi") or wval(fonts, "ascii")
        if name:
            return name
        theme = wval(fonts, "hAnsiTheme") or wval(fonts, "asciiTheme")
        if theme:
            key = "major" if theme.startswith("major") else "minor"
            return self.theme_fonts.get(key, f"(theme {key})")
        return None

    def char(self, style_id: str | None) -> StyleInfo:
        """Font and size set by a character style (``w:rStyle``) and the styles it is based on,
        without the document defaults: what is not set falls back to the paragraph's style."""
        if not style_id:
            return StyleInfo()
        key = "\0" + style_id
        if key in self._cache:
            return self._cache[key]
        info = StyleInfo()
        self._cache[key] = info  # guards basedOn cycles
        style = self.raw.get(style_id)
        if style is not None:
            based = wval(style.find(q("basedOn")))
            parent = self.char(based) if based and based != style_id else StyleInfo()
            rpr = style.find(q("rPr"))
            info.font = self.font_of(rpr) or parent.font
            info.size = size_of(rpr) or parent.size
        return info

    def info(self, style_id: str | None) -> StyleInfo:
        style_id = style_id or self.default_paragraph or ""
        if style_id in self._cache:
            return self._cache[style_id]
        info = StyleInfo()
        self._cache[style_id] = info  # guards basedOn cycles
        style = self.raw.get(style_id)
        if style is not None:
            based = wval(style.find(q("basedOn")))
            parent = self.info(based) if based and based != style_id else StyleInfo()
            numpr = style.find(f"{q('pPr')}/{q('numPr')}")
            if numpr is not None and wval(numpr.find(q("numId"))):
                info.num = (wval(numpr.find(q("numId"))) or "", bounded(wval(numpr.find(q("ilvl"))), 0, 8, 0))
            else:
                info.num = parent.num
            rpr = style.find(q("rPr"))
            info.font = self.font_of(rpr) or parent.font
            info.size = size_of(rpr) or parent.size
        info.font = info.font or self.default_font
        info.size = info.size or self.default_size
        return info


def size_of(rpr: etree._Element | None) -> float | None:
    if rpr is None:
        return None
    value = bounded(wval(rpr.find(q("sz"))), 1, 3276)  # half-points; 1638 pt is Word's largest
    return value / 2 if value else None


def theme_fonts(document: object) -> dict[str, str]:
    fonts: dict[str, str] = {}
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype.endswith("/theme") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            for key in ("major", "minor"):
                latin = root.find(f".//{{{A}}}{key}Font/{{{A}}}latin")
                if latin is not None and latin.get("typeface"):
                    fonts[key] = latin.get("typeface")
    return fonts


# ----------------------------------------------------------------------------- notes
@dataclass(slots=True)
class Notes:
    """Footnote and endnote texts by id, and the display number given at first reference."""

    footnotes: dict[str, str] = field(default_factory=dict)
    endnotes: dict[str, str] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    pending: list[tuple[str, str]] = field(default_factory=list)  # (label, text) to emit
    queued: set[str] = field(default_factory=set)  # labels already pending or emitted
    counts: dict[str, int] = field(default_factory=dict)  # references numbered so far, by kind

    def reference(self, kind: str, note_id: str, custom: bool) -> str:
        key = (kind, note_id)
        if key not in self.labels:
            count = self.counts[kind] = self.counts.get(kind, 0) + 1  # not a count over all labels
            self.labels[key] = str(count) if kind == "footnote" else format_number(count, "lowerRoman")
        label = self.labels[key]
        text = (self.footnotes if kind == "footnote" else self.endnotes).get(note_id)
        if text is not None and not custom and label not in self.queued:
            # a paragraph's text may be read more than once (style, numbering); the note once
            self.queued.add(label)
            self.pending.append((label, text))
        return label


def note_texts(document: object, kind: str, styles: Styles, numbering: Numbering) -> dict[str, str]:
    texts: dict[str, str] = {}
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype == _RT + f"{kind}s" and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            for note in root.iter(q(kind)):
                if note.get(q("type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                parts = [paragraph_text(p, styles, numbering, None)[0] for p in note.iter(q("p"))]
                texts[note.get(q("id")) or ""] = " ".join(p for p in parts if p).replace("\n", " ").strip()
    return texts


# ----------------------------------------------------------------------------- text
_SKIP = {q("del"), q("moveFrom"), q("instrText"), q("delText"), q("txbxContent"), f"{{{MC}}}Fallback"}


@dataclass(slots=True)
class RunStats:
    fonts: Counter = field(default_factory=Counter)
    sizes: Counter = field(default_factory=Counter)


def paragraph_text(
    p: etree._Element, styles: Styles, numbering: Numbering, notes: Notes | None
) -> tuple[str, RunStats]:
    """The visible text of a paragraph, numbering label first, notes as <sup>N</sup>."""
    stats = RunStats()
    ppr = p.find(q("pPr"))
    style_id = wval(ppr.find(q("pStyle"))) if ppr is not None else None
    style = styles.info(style_id)
    pieces: list[str] = []
    label = numbering_label(ppr, style, numbering)
    if label:
        pieces.append(label + " ")
    for run in _runs(p):
        text, sup = _run_text(run, notes)
        if not text:
            continue
        pieces.append(f"<sup>{text}</sup>" if sup and text.strip() else text)
        shown = len(_visible(text))  # a note's reference "<sup>1</sup>" shows one character
        if shown:
            rpr = run.find(q("rPr"))
            char = styles.char(wval(rpr.find(q("rStyle"))) if rpr is not None else None)
            font = styles.font_of(rpr) or char.font or style.font or "(mặc định)"
            stats.fonts[font] += shown
            size = size_of(rpr) or char.size or style.size or 10.0  # Word's built-in default is 10 pt
            stats.sizes[size] += shown
    text = "".join(pieces).replace("</sup><sup>", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r" ?\n ?", "\n", text).strip(), stats


def numbering_label(ppr: etree._Element | None, style: StyleInfo, numbering: Numbering) -> str | None:
    numpr = ppr.find(q("numPr")) if ppr is not None else None
    num: tuple[str, int] | None = style.num
    if numpr is not None:
        num_id = wval(numpr.find(q("numId")))
        ilvl = wval(numpr.find(q("ilvl")))
        if num_id is not None:
            num = (num_id, bounded(ilvl, 0, 8, 0))  # type: ignore[assignment]
        elif num and ilvl is not None:
            num = (num[0], bounded(ilvl, 0, 8, 0))  # type: ignore[assignment]
    if not num or num[0] == "0":
        return None
    return numbering.render(num[0], num[1])


def _runs(element: etree._Element) -> Iterator[etree._Element]:
    for child in element:
        if child.tag in _SKIP or child.tag == q("pPr"):
            continue
        if child.tag == q("r"):
            yield child
        else:
            yield from _runs(child)


def _visible(text: str) -> str:
    """A run's text as the page shows it: a note's reference without its ``<sup>`` markup."""
    return (text[5:-6] if text.startswith("<sup>") and text.endswith("</sup>") else text).strip()


def _run_text(run: etree._Element, notes: Notes | None) -> tuple[str, bool]:
    rpr = run.find(q("rPr"))
    sup = rpr is not None and wval(rpr.find(q("vertAlign"))) == "superscript"
    out: list[str] = []
    for child in run:
        tag = child.tag
        if tag == q("t"):
            out.append(child.text or "")
        elif tag in (q("tab"), q("ptab")):
            out.append(" ")
        elif tag in (q("br"), q("cr")):
            out.append("\n")  # a line break: a new line in a layout cell, a space elsewhere
        elif tag == q("noBreakHyphen"):
            out.append("-")
        elif tag in (q("footnoteReference"), q("endnoteReference")) and notes is not None:
            kind = "footnote" if tag == q("footnoteReference") else "endnote"
            custom = child.get(q("customMarkFollows")) in ("1", "true")
            label = notes.reference(kind, child.get(q("id")) or "", custom)
            if not custom:
                return f"<sup>{label}</sup>", False
        elif tag == q("sym"):
            out.append("-")
    return "".join(out), sup


# ----------------------------------------------------------------------------- body
@dataclass(slots=True)
class Output:
    lines: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    paragraphs: int = 0
    tables: int = 0
    data_tables: int = 0  # tables of more than three rows (a header or signature table has fewer)
    fonts: Counter = field(default_factory=Counter)
    font_lines: dict[str, int] = field(default_factory=dict)
    sizes: Counter = field(default_factory=Counter)
    size_lines: dict[float, int] = field(default_factory=dict)
    long_paragraphs: list[tuple[int, float]] = field(default_factory=list)  # (line, main size)
    header_table: dict | None = None
    motto_outside_table: int | None = None

    def add(self, text: str, label: str) -> int:
        self.lines.append(text)
        self.labels.append(label)
        return len(self.lines) - 1

    def count(self, stats: RunStats, line: int, body: bool) -> None:
        for font, n in stats.fonts.items():
            self.fonts[font] += n
            self.font_lines.setdefault(font, line)
        if not body:
            return
        for size, n in stats.sizes.items():
            self.sizes[size] += n
            self.size_lines.setdefault(size, line)
        if stats.sizes and sum(stats.sizes.values()) >= 100:
            self.long_paragraphs.append((line, stats.sizes.most_common(1)[0][0]))


class BodyWriter:
    def __init__(self, styles: Styles, numbering: Numbering, notes: Notes) -> None:
        self.styles, self.numbering, self.notes = styles, numbering, notes
        self.out = Output()

    def block(self, element: etree._Element) -> None:
        for child in element:
            if child.tag == q("p"):
                self.paragraph(child)
                self.flush_notes()
            elif child.tag == q("tbl"):
                self.table(child)
                self.flush_notes()
            elif child.tag in (q("sdt"), q("customXml")):
                content = child.find(q("sdtContent"))
                self.block(content if content is not None else child)

    def paragraph(self, p: etree._Element) -> None:
        text, stats = paragraph_text(p, self.styles, self.numbering, self.notes)
        text = text.replace("\n", " ")
        self.out.paragraphs += 1  # empty paragraphs too: the count a Word user makes by eye
        if text:
            line = self.out.add(text, f"đoạn {self.out.paragraphs}")
            self.out.count(stats, line, body=True)
            if _MOTTO.search(text) and self.out.motto_outside_table is None:
                self.out.motto_outside_table = line
        for box in p.iter(q("txbxContent")):
            if inside_fallback(box):
                continue
            for inner in box.iter(q("p")):
                text, stats = paragraph_text(inner, self.styles, self.numbering, self.notes)
                text = text.replace("\n", " ")
                if text:  # a text box's paragraph: labelled by the body paragraph that anchors it
                    line = self.out.add(text, f"đoạn {self.out.paragraphs} (khung)")
                    self.out.count(stats, line, body=False)

    def flush_notes(self) -> None:
        for label, text in self.notes.pending:
            kind = "chú thích" if label.isdigit() else "chú thích cuối"
            self.out.add(f"<sup>{label}</sup> {text}", f"{kind} {label}")
        self.notes.pending.clear()

    def table(self, tbl: etree._Element) -> None:
        self.out.tables += 1
        number = self.out.tables
        rows = [self.row_cells(tr) for tr in tbl.findall(q("tr"))]
        self.out.data_tables += len(rows) > 3
        whole = "\n".join(text for cells, _ in rows for text, _ in cells)
        if _LAYOUT_TABLE.search(whole) and (number <= 2 or len(rows) <= 3):
            self.layout_table(rows, number)
            return
        for r, (cells, nested) in enumerate(rows, 1):
            row = "| " + " | ".join(text.replace("\n", " ").replace("|", "/") for text, _ in cells) + " |"
            line = self.out.add(row, f"bảng {number}, hàng {r}")
            for _, stats in cells:
                self.out.count(stats, line, body=False)
            if r == 1:
                self.out.add("|" + "---|" * len(cells), f"bảng {number}")
            for inner in nested:
                self.table(inner)

    def layout_table(self, rows: list, number: int) -> None:
        for r, (cells, nested) in enumerate(rows, 1):
            for c, (text, stats) in enumerate(cells, 1):
                first = True
                for piece in text.split("\n"):
                    if piece.strip():
                        line = self.out.add(piece.strip(), f"bảng {number}, hàng {r}, cột {c}")
                        if first:  # the cell's characters once, not once per line of the cell
                            self.out.count(stats, line, body=False)
                            first = False
            for inner in nested:
                self.table(inner)
        whole = "\n".join(text for cells, _ in rows for text, _ in cells)
        if self.out.header_table is None and (_MOTTO.search(whole) or re.search(r"^Số\s*:", whole, re.M)):
            left = [cells[0][0] for cells, _ in rows if cells]
            right = [cells[-1][0] for cells, _ in rows if len(cells) > 1]
            self.out.header_table = {
                "columns": max((len(cells) for cells, _ in rows), default=0),
                "left": "\n".join(left),
                "right": "\n".join(right),
            }

    def row_cells(self, tr: etree._Element) -> tuple[list[tuple[str, RunStats]], list[etree._Element]]:
        cells: list[tuple[str, RunStats]] = []
        nested: list[etree._Element] = []
        for tc in tr.findall(q("tc")):
            tcpr = tc.find(q("tcPr"))
            span = bounded(wval(tcpr.find(q("gridSpan"))), 1, MAX_COLUMNS, 1) if tcpr is not None else 1
            vmerge = tcpr.find(q("vMerge")) if tcpr is not None else None
            continued = vmerge is not None and wval(vmerge) in (None, "continue")
            texts: list[str] = []
            stats = RunStats()
            for child in tc:
                if child.tag == q("p"):
                    text, st = paragraph_text(child, self.styles, self.numbering, self.notes)
                    if text:
                        texts.append(text)
                    stats.fonts.update(st.fonts)
                    stats.sizes.update(st.sizes)
                elif child.tag == q("tbl"):
                    nested.append(child)
            cells.append(("" if continued else "\n".join(texts), stats))
            cells.extend(("", RunStats()) for _ in range(span - 1))  # type: ignore[operator]
        return cells, nested


MAX_COLUMNS = 63  # Word's limit for a table's columns


def inside_fallback(element: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == f"{{{MC}}}Fallback":
            return True
        parent = parent.getparent()
    return False


# ----------------------------------------------------------------------------- entry
def _part_root(document: object, suffix: str) -> etree._Element | None:
    for rel in document.part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype == _RT + suffix and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


def _sections(document: object) -> list[dict]:
    out = []
    for i, section in enumerate(document.sections, 1):  # type: ignore[attr-defined]
        def mm(value: object) -> float | None:
            return None if value is None else round(value.mm, 1)  # type: ignore[attr-defined]

        out.append(
            {
                "index": i,
                "page_width_mm": mm(section.page_width),
                "page_height_mm": mm(section.page_height),
                "orientation": "landscape" if (section.page_width or 0) > (section.page_height or 0) else "portrait",
                "margins_mm": {
                    "top": mm(section.top_margin),
                    "bottom": mm(section.bottom_margin),
                    "left": mm(section.left_margin),
                    "right": mm(section.right_margin),
                },
            }
        )
    return out


def _page_headers(document: object) -> list[str]:
    texts: list[str] = []
    for section in document.sections:  # type: ignore[attr-defined]
        for part in (section.header, section.footer):
            if part.is_linked_to_previous:
                continue
            texts.extend(p.text.strip() for p in part.paragraphs if p.text.strip())
    return texts


# A part that inflates more than this is a zip bomb, not Word's XML (real parts: up to ~50:1).
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small parts cannot hurt, whatever their ratio


def check_package(path: Path, max_bytes: int, name: str) -> None:
    """Bound what unpacking will cost before anything is unpacked: the uncompressed size of
    the whole package (held to --max-file-size) and each part's compression ratio."""
    from doclint.reader import ReadError, _check_size

    with zipfile.ZipFile(path) as package:
        total = 0
        for info in package.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
                raise ReadError(core("zip-bomb").format(path=name, part=info.filename, ratio=f"{ratio:.0f}"))
        _check_size(total, max_bytes, name, "too-big-unpacked")


def read_docx(path: Path, max_bytes: int | None = None, name: str | None = None) -> tuple[str, list[str], dict]:
    """Text (one paragraph or table row per line), a label per line, and the layout facts."""
    import docx

    from doclint.reader import DEFAULT_MAX_BYTES, check_text_size

    name = name or str(path)
    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    check_package(path, max_bytes, name)
    document = docx.Document(str(path))
    styles = Styles(_part_root(document, "styles"), theme_fonts(document))
    numbering = parse_numbering(_part_root(document, "numbering"))
    notes = Notes()
    notes.footnotes = note_texts(document, "footnote", styles, Numbering())
    notes.endnotes = note_texts(document, "endnote", styles, Numbering())
    writer = BodyWriter(styles, numbering, notes)
    writer.block(document.element.body)
    out = writer.out
    layout = {
        "sections": _sections(document),
        "fonts": dict(out.fonts),
        "font_lines": out.font_lines,
        "body_sizes": dict(out.sizes),
        "size_lines": out.size_lines,
        "long_paragraphs": out.long_paragraphs,
        "header_table": out.header_table,
        "motto_outside_table": out.motto_outside_table,
        "data_tables": out.data_tables,
        "page_headers": _page_headers(document),
    }
    text = "\n".join(out.lines)
    check_text_size(text, max_bytes, name)
    return (text + "\n" if text else text), out.labels, layout
