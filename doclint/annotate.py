"""``doclint annotate``: a copy of a Word draft with a review comment on each finding.

The findings come from the same pipeline as ``doclint check`` (positions in the text the
reader extracted).  Each extracted line is mapped back to the Word paragraphs it came from by
walking both in document order; inside a paragraph the finding's text is searched for next to
its column, runs are split so the comment covers exactly those characters, and the comment
(author ``doclint``) carries the message and the suggestion.  A finding whose text cannot be
found in a paragraph (Word's automatic numbering is not text in the file) is anchored on the
whole paragraph.  With ``suggest``, a finding's safe fix (its edits, in extracted-text
positions, each located in its paragraph exactly as a comment is) is also written as tracked
changes (``w:del`` + ``w:ins``, author ``doclint``) for Word's Accept / Reject; without one, a
suggestion that is a plain replacement of the covered text is.  The original is never touched;
the copy is written to a temporary file and renamed.
"""

from __future__ import annotations

import copy
import itertools
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from lxml import etree

from doclint.readers.docx import _runs, inside_fallback, q, wval
from doclint.rule import Edit, Finding

AUTHOR = "doclint"
# Rules whose suggestion is the corrected text itself and safe to offer as a tracked change
# (a typo of a known word pair, a document number's punctuation).  Renumbering sections or
# changing a cited document's type is a guess about someone else's text: a comment only.
SAFE_RULES = frozenset({"confusable", "reference-format"})
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SPACE = " \t\u00a0"
_SUP = re.compile(r"<sup>[^<]*</sup>")
_CONTAINERS = frozenset({q("p"), q("hyperlink")})  # elements whose runs a w:del / w:ins may wrap


@dataclass(slots=True)
class Char:
    run: etree._Element
    child: etree._Element
    offset: int  # within child.text (0 for a tab or a break)


def paragraph_chars(p: etree._Element) -> list[Char]:
    """The visible characters of a paragraph's own runs (not those of a text box inside it)."""
    chars: list[Char] = []
    for run in _runs(p):
        if _superscript(run):
            continue  # footnote marks and superscripts are <sup> markup in the extracted line
        for child in run:
            if child.tag == q("t"):
                chars.extend(Char(run, child, i) for i in range(len(child.text or "")))
            elif child.tag in (q("tab"), q("ptab"), q("br"), q("cr"), q("noBreakHyphen"), q("sym")):
                chars.append(Char(run, child, 0))
    return chars


def _superscript(run: etree._Element) -> bool:
    rpr = run.find(q("rPr"))
    return rpr is not None and wval(rpr.find(q("vertAlign"))) == "superscript"


def _char_text(c: Char) -> str:
    if c.child.tag == q("t"):
        return (c.child.text or "")[c.offset]
    return "-" if c.child.tag in (q("noBreakHyphen"), q("sym")) else " "


def normalised(chars: list[Char]) -> tuple[str, list[int]]:
    """The paragraph text as the reader writes it (spaces collapsed, ends stripped) and, for
    each of its characters, the index of the raw character it comes from."""
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(chars):
        ch = _char_text(c)
        if ch in _SPACE:
            if not out or out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    return [p for p in body.iter(q("p")) if not inside_fallback(p)]


def align(paragraphs: list[etree._Element], lines: list[str]) -> dict[int, list[etree._Element]]:
    """Extracted line index -> the paragraphs whose text it holds, in document order."""
    mapped: dict[int, list[etree._Element]] = {}
    plain = [_SUP.sub("", line) for line in lines]
    pointer = 0
    for p in paragraphs:
        text, _ = normalised(paragraph_chars(p))
        if not text:
            continue
        bare = _SUP.sub("", text)  # a .txt made into .docx keeps <sup>N</sup> as letters
        for j in range(pointer, len(lines)):
            if text in lines[j] or bare in plain[j]:
                mapped.setdefault(j, []).append(p)
                pointer = j if lines[j].startswith("|") else j + 1  # table rows hold several paragraphs
                break
    return mapped


@dataclass(slots=True)
class Anchor:
    paragraph: etree._Element
    start: int  # raw character indexes, end exclusive
    end: int
    exact: bool


def locate(f: Finding, candidates: list[etree._Element], line: str) -> Anchor | None:
    """Where the comment of ``f`` goes: its text next to its column, else its whole paragraph."""
    found = find_text(f.text.split("\n")[0], f.column, candidates, line)
    if found is not None:
        return found[1]
    if candidates:
        chars = paragraph_chars(candidates[0])
        if chars:
            return Anchor(candidates[0], 0, len(chars), False)
    return None


def find_text(target: str, column: int, candidates: list[etree._Element], line: str) -> tuple[int, Anchor] | None:
    """The occurrence of ``target`` in the paragraphs of an extracted line nearest to its
    1-based ``column`` in that line, and its distance from it (0: exactly there)."""
    best: tuple[int, Anchor] | None = None
    for p in candidates:
        chars = paragraph_chars(p)
        text, index = normalised(chars)
        if text in line:
            base, col = line.find(text), column - 1
        else:  # footnote marks: <sup>N</sup> in the line, a superscript run in Word
            base, col = _SUP.sub("", line).find(text), len(_SUP.sub("", line[: max(column - 1, 0)]))
        k = text.find(target) if target else -1
        while k >= 0:
            distance = abs(base + k - col)
            if best is None or distance < best[0]:
                best = (distance, Anchor(p, index[k], index[k + len(target) - 1] + 1, True))
            k = text.find(target, k + 1)
    return best


def locate_edit(edit: Edit, candidates: list[etree._Element], line: str) -> Anchor | None:
    """The raw characters an edit replaces, exactly at its column, or None; an insertion is an
    empty anchor after the character before it (before the first one at a paragraph start)."""
    if edit.end_line != edit.line or not 1 <= edit.column <= edit.end_column <= len(line) + 1:
        return None
    target = line[edit.column - 1: edit.end_column - 1]
    if target:
        found = find_text(target, edit.column, candidates, line)
        return found[1] if found and found[0] == 0 else None
    if edit.column > 1:
        found = find_text(line[edit.column - 2], edit.column - 1, candidates, line)
        return Anchor(found[1].paragraph, found[1].end, found[1].end, True) if found and found[0] == 0 else None
    found = find_text(line[:1], 1, candidates, line)
    return Anchor(found[1].paragraph, found[1].start, found[1].start, True) if found and found[0] == 0 else None


def split_before(p: etree._Element, raw: int) -> None:
    """Make character ``raw`` of paragraph ``p`` the first of its run (a run boundary)."""
    chars = paragraph_chars(p)
    if raw >= len(chars):
        return
    c = chars[raw]
    content = [child for child in c.run if child.tag != q("rPr")]
    if c.offset == 0 and content and content[0] is c.child:
        return
    position = list(c.run).index(c.child)
    twin = copy.deepcopy(c.run)
    twin_children = list(twin)
    for child in twin_children[:position]:
        if child.tag != q("rPr"):
            twin.remove(child)
    for child in list(c.run)[position + 1:]:
        c.run.remove(child)
    if c.offset:
        text = c.child.text or ""
        c.child.text = text[: c.offset]
        twin_children[position].text = text[c.offset:]
        for t in (c.child, twin_children[position]):
            t.set(_XML_SPACE, "preserve")
    else:
        c.run.remove(c.child)
    c.run.addnext(twin)


def isolate(anchor: Anchor) -> list[etree._Element]:
    """Split runs so that the anchor's characters are whole runs; those runs, in order."""
    split_before(anchor.paragraph, anchor.end)
    split_before(anchor.paragraph, anchor.start)
    chars = paragraph_chars(anchor.paragraph)
    runs: list[etree._Element] = []
    for c in chars[anchor.start: anchor.end]:
        if not runs or runs[-1] is not c.run:
            runs.append(c.run)
    return runs


def comment_text(f: Finding) -> str:
    text = f"{f.severity} {f.code} [{f.rule}] {f.message}"
    return text + (f"\n{f.suggestion}" if f.suggestion else "")


def replacement(f: Finding) -> str | None:
    """The suggestion when it is a plain replacement of the covered text: one short line,
    not the text itself, no instruction around it (a finding with a safe fix uses its edits)."""
    s = f.suggestion
    if f.rule not in SAFE_RULES or not s or "\n" in s or not f.text or "\n" in f.text or s == f.text:
        return None
    if len(s) > max(40, 3 * len(f.text)) or re.search(r"[«»\"“”:]", s):
        return None  # an explanation, not the replacement text
    return s


@dataclass(slots=True)
class Change:
    """A tracked change: delete the anchor's characters (none: an insertion) and insert ``text``."""

    anchor: Anchor
    text: str


def fix_changes(f: Finding, mapped: dict[int, list[etree._Element]], lines: list[str]) -> list[Change] | None:
    """The tracked changes of a finding's safe fix, or None unless every edit is found exactly
    (a fix is applied whole or not at all)."""
    if f.fix is None or not f.fix.safe:
        return None
    changes = []
    for edit in f.fix.edits:
        j = edit.line - 1
        anchor = locate_edit(edit, mapped.get(j, []), lines[j]) if 0 <= j < len(lines) else None
        if anchor is None:
            return None
        changes.append(Change(anchor, edit.content))
    return changes


def _overlaps(change: Change, taken: list[Change]) -> bool:
    a = change.anchor
    return any(t.anchor.paragraph is a.paragraph and a.start <= t.anchor.end and t.anchor.start <= a.end
               for t in taken)


def _marked(tag: str, ids: Iterator[int], when: str) -> etree._Element:
    return etree.Element(q(tag), {q("id"): str(next(ids)), q("author"): AUTHOR, q("date"): when})


def _inserted(text: str, like: etree._Element, ids: Iterator[int], when: str) -> etree._Element:
    """``w:ins`` holding one run of ``text`` with the formatting of run ``like``."""
    inserted = _marked("ins", ids, when)
    new_run = etree.SubElement(inserted, q("r"))
    rpr = like.find(q("rPr"))
    if rpr is not None:
        new_run.append(copy.deepcopy(rpr))
    t = etree.SubElement(new_run, q("t"))
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return inserted


def track_change(runs: list[etree._Element], new_text: str, ids: Iterator[int]) -> None:
    """Wrap ``runs`` in ``w:del`` and insert ``new_text`` after them in ``w:ins`` (the first
    run's formatting), as Word writes a tracked replacement; an empty text only deletes. Runs
    with a comment's range mark between them go in separate ``w:del`` elements, so that the
    mark stays where it is and the comment keeps covering its text."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    groups: list[list[etree._Element]] = []
    for run in runs:
        if groups and run.getprevious() is groups[-1][-1]:
            groups[-1].append(run)
        else:
            groups.append([run])
    deleted = None
    for group in groups:
        deleted = _marked("del", ids, when)
        group[0].addprevious(deleted)
        for run in group:
            deleted.append(run)
            for t in run.findall(q("t")):
                t.tag = q("delText")
    if new_text and deleted is not None:
        deleted.addnext(_inserted(new_text, runs[0], ids, when))


def track_insert(p: etree._Element, raw: int, text: str, ids: Iterator[int]) -> bool:
    """Insert ``text`` as a tracked insertion before raw character ``raw`` of paragraph ``p``
    (after the last one when ``raw`` is the paragraph's length)."""
    chars = paragraph_chars(p)
    if not chars or not 0 <= raw <= len(chars):
        return False
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if raw == 0:
        run = chars[0].run
        split_before(p, 0)
        if run.getparent().tag not in _CONTAINERS:
            return False
        run.addprevious(_inserted(text, run, ids, when))
        return True
    split_before(p, raw)
    run = paragraph_chars(p)[raw - 1].run
    if run.getparent().tag not in _CONTAINERS:
        return False
    run.addnext(_inserted(text, run, ids, when))
    return True


def apply_change(change: Change, ids: Iterator[int]) -> bool:
    anchor = change.anchor
    if anchor.start == anchor.end:
        return bool(change.text) and track_insert(anchor.paragraph, anchor.start, change.text, ids)
    runs = isolate(anchor)
    if not runs or not _inside_one_parent(runs):
        return False
    track_change(runs, change.text, ids)
    return True


@dataclass(slots=True)
class Summary:
    comments: int = 0
    exact: int = 0
    changes: int = 0
    skipped: int = 0


def annotate(path: Path, out: Path, findings: list[Finding], extracted: str, suggest: bool = False) -> Summary:
    """Write ``out``: ``path`` with a comment for each finding (and tracked changes with
    ``suggest``).  ``extracted`` is the text the findings' lines (and fix edits) refer to."""
    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    document = docx.Document(str(path))
    lines = extracted.split("\n")
    mapped = align(body_paragraphs(document.element.body), lines)
    summary = Summary()
    placed: list[tuple[Finding, Anchor]] = []
    for f in findings:
        if f.rule in ("read-error", "internal-error"):
            continue
        j = f.line - 1
        anchor = locate(f, mapped.get(j, []), lines[j] if 0 <= j < len(lines) else "")
        if anchor is None:
            summary.skipped += 1
            continue
        placed.append((f, anchor))
    # found before any run is split or wrapped: raw character indexes do not move until then
    changes = suggested_changes(placed, mapped, lines) if suggest else []
    # right to left inside a paragraph: splitting a run never moves an anchor still to place
    placed.sort(key=lambda fa: -fa[1].start)
    for f, anchor in placed:
        runs = isolate(anchor)
        if not runs:
            summary.skipped += 1
            continue
        paragraph = Paragraph(anchor.paragraph, document.part)
        document.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)], text=comment_text(f),
                             author=AUTHOR, initials="DL")
        summary.comments += 1
        summary.exact += anchor.exact
    summary.changes = apply_changes(changes)
    save_atomically(document, out)
    return summary


def suggested_changes(placed: list[tuple[Finding, Anchor]], mapped: dict[int, list[etree._Element]],
                      lines: list[str]) -> list[tuple[int, Change]]:
    """(finding number, change) of every finding whose safe fix (else plain suggestion) can be
    written as tracked changes; a finding whose changes overlap one already taken waits out."""
    taken: list[Change] = []
    out: list[tuple[int, Change]] = []
    for number, (f, anchor) in enumerate(placed):
        changes = fix_changes(f, mapped, lines)
        if changes is None:
            text = replacement(f) if anchor.exact else None
            changes = [Change(anchor, text)] if text is not None else []
        if changes and all(writable(c) for c in changes) and not any(_overlaps(c, taken) for c in changes):
            taken.extend(changes)
            out.extend((number, c) for c in changes)
    return out


def apply_changes(changes: list[tuple[int, Change]]) -> int:
    """Write the changes right to left (a change moves only the characters after its start);
    the number of findings changed (a finding whose change cannot be written is left out)."""
    done: set[int] = set()
    ids = itertools.count(900000)  # revision ids, apart from the comments' (0, 1, …)
    for number, change in sorted(changes, key=lambda nc: -nc[1].anchor.start):
        if apply_change(change, ids):
            done.add(number)
    return len(done)


def _inside_one_parent(runs: list[etree._Element]) -> bool:
    return len({id(run.getparent()) for run in runs}) == 1 and runs[0].getparent().tag in _CONTAINERS


def writable(change: Change) -> bool:
    """Whether the change can be written: its runs (for an insertion, the run next to it) in
    one paragraph or hyperlink, where w:del and w:ins may stand (checked before any is written,
    so that a fix is written whole or not at all)."""
    a = change.anchor
    chars = paragraph_chars(a.paragraph)
    if a.start == a.end:
        near = chars[a.start - 1] if a.start > 0 else (chars[0] if chars else None)
        return bool(change.text) and near is not None and near.run.getparent().tag in _CONTAINERS
    covered = chars[a.start:a.end]
    return bool(covered) and _inside_one_parent([c.run for c in covered])


def save_atomically(document: object, out: Path) -> None:
    out = Path(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent or Path("."))
    os.close(fd)
    try:
        document.save(tmp)  # type: ignore[attr-defined]
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.doclint{path.suffix}")


def lint_docx(path: Path, settings: object) -> tuple[list[Finding], str]:
    """The findings of a .docx and the text their lines refer to (one read, one lint)."""
    from doclint.engine import lint
    from doclint.reader import read_path

    source = read_path(path, getattr(settings, "max_bytes", None) or 50_000_000)
    return lint(source, settings), source.original  # type: ignore[arg-type]


def annotate_file(path: Path, out: Path | None, settings: object, suggest: bool = False) -> tuple[Path, Summary, list[Finding]]:
    out = Path(out) if out else default_output(path)
    if out.resolve() == path.resolve():
        raise ValueError(f"{out}: the output would replace the draft; choose another name")
    findings, extracted = lint_docx(path, settings)
    return out, annotate(path, out, findings, extracted, suggest), findings


def cmd_annotate(args: object) -> int:
    """``doclint annotate DRAFT.docx [-o OUT.docx] [--suggest]``: 0 written, 2 not."""
    import sys

    from doclint.config import config_for
    from doclint.reader import ReadError

    path = Path(args.file)  # type: ignore[attr-defined]
    settings = config_for(path).merged({"lang": args.lang, "stage": args.stage})  # type: ignore[attr-defined]
    if path.suffix.lower() != ".docx":
        print(f"doclint: {path}: annotate needs a .docx file", file=sys.stderr)
        return 2
    try:
        out, summary, findings = annotate_file(path, args.output, settings, args.suggest)  # type: ignore[attr-defined]
    except (ReadError, ValueError, OSError) as exc:
        print(f"doclint: {exc}", file=sys.stderr)
        return 2
    vi = getattr(settings, "lang", "vi") != "en"
    if vi:
        print(f"{out}: {summary.comments} ghi chú ({summary.exact} đúng vị trí chữ), {summary.changes} đề xuất sửa "
              f"(theo dõi thay đổi), {summary.skipped} không đặt được")
    else:
        print(f"{out}: {summary.comments} comments ({summary.exact} on the exact text), {summary.changes} tracked "
              f"changes, {summary.skipped} not placed")
    return 0
