"""The engine: one parsed document, every selected rule, filtered diagnostics.

Rules are discovered through the ``doclint.rules`` entry-point group (built-ins are
declared there too).  A plugin that fails to load is skipped with a warning; a rule that
raises on a document becomes one ``internal-error`` diagnostic for that file, and the run
goes on.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
import unicodedata
from bisect import bisect_right
from io import BytesIO
from functools import cache, lru_cache
from importlib import import_module
from pathlib import Path
from time import perf_counter
from typing import Iterable, Sequence

from doclint import guard
from doclint import regex as rx
from doclint.facts import fact
from doclint.messages import core
from doclint.model import Document, Severity, Span
from doclint import reader
from doclint.parse import parse_text
from doclint.readers.labels import location_label
from doclint.reader import (
    _CLUSTER, DEFAULT_MAX_BYTES, TEXT_SUFFIXES, EmptyFile, ReadError, SectionContext, Source, decode, read_limited,
    read_path, stream_sections, text_sections,
)
from doclint.rule import (
    INTERNAL_ERROR, PSEUDO_RULES, TOO_MANY_FINDINGS, Diagnostic, Edit, Finding, Fix, Rule, RuleContext, Settings,
    best_match, is_enabled, iter_rule_classes,
    read_error, severity_override, unknown_selectors,
)
from doclint.config import ConfigError, selectors_of

BUILTIN_FAMILIES = ("structure", "numeric", "dates", "format", "language", "tables", "layout", "context")


GROUP = "doclint.rules"


def rule_entry_points() -> list[tuple[str, str]]:
    """(name, "module[:attr]") of every ``doclint.rules`` entry point installed.

    Reads the ``entry_points.txt`` of each distribution on ``sys.path`` directly: importing
    ``importlib.metadata`` (and the e-mail parser it pulls in) costs more start-up than the
    rest of a one-file run's imports.  Falls back to importlib.metadata when nothing is found.
    """
    found: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")  # names, not Path objects: a folder may hold hundreds
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            text = _read(os.path.join(folder or ".", name, "entry_points.txt"))
            if text is None or GROUP not in text:
                continue
            for name, value in _section(text, GROUP):
                if (name, value) not in seen:
                    seen.add((name, value))
                    found.append((name, value))
    if not found:
        from importlib.metadata import entry_points

        found = [(ep.name, ep.value) for ep in entry_points(group=GROUP)]
    return found


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _section(text: str, group: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == f"[{group}]"
        elif inside and "=" in line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            out.append((name.strip(), value.strip()))
    return out


def _load_entry_point(value: str) -> object:
    module_name, _, attr = value.partition(":")
    module = import_module(module_name.strip())
    for part in filter(None, attr.strip().split(".")):
        module = getattr(module, part)
    return module


@cache
def load_rules() -> tuple[type[Rule], ...]:
    """All rule classes, built-in and from plugins, validated, sorted by code."""
    found: dict[str, type[Rule]] = {}
    modules: list[object] = []
    names = set()
    for name, value in rule_entry_points():
        names.add(value)
        try:
            modules.append(_load_entry_point(value))
        except Exception as exc:  # one broken plugin never stops the run
            print(f"doclint: plugin {name} ({value}) not loaded: {exc}", file=sys.stderr)
    for family in BUILTIN_FAMILIES:  # running from a source tree without installing
        module_name = f"doclint.rules.{family}"
        if module_name not in names:
            try:
                modules.append(import_module(module_name))
            except ImportError:
                continue
    for module in modules:
        for cls in iter_rule_classes(module):
            try:
                cls.validate()
            except ValueError as exc:
                print(f"doclint: rule skipped: {exc}", file=sys.stderr)
                continue
            found.setdefault(cls.name, cls)
    return tuple(sorted(found.values(), key=lambda c: c.code))


def check_selectors(settings: Settings, where: str = "") -> None:
    """Raise ConfigError naming the first selector of ``settings`` that names no rule."""
    rules = load_rules()
    for key, keys in selectors_of(settings):
        for unknown in unknown_selectors(keys, rules):
            place = f"{where}: {key}" if where else key
            raise ConfigError(f"{place}: {core('unknown-selector', settings.lang).format(name=unknown)}")


def selected_rules(settings: Settings, path_ignores: tuple[str, ...] = ()) -> tuple[type[Rule], ...]:
    """The rules that run under ``settings`` for a file with these per-file ignores, in the
    order of their families."""
    return _selected(load_rules(), settings, path_ignores)


@lru_cache(maxsize=256)
def _selected(rules: tuple[type[Rule], ...], settings: Settings, path_ignores: tuple[str, ...]) -> tuple[type[Rule], ...]:
    chosen = [r for r in rules if is_enabled(settings, r.name, r.code, r.family, path_ignores)]
    order = {family: i for i, family in enumerate(BUILTIN_FAMILIES)}
    return tuple(sorted(chosen, key=lambda r: order.get(r.family, len(order))))


def select_rules(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list[type[Rule]]:
    """The rules a select/ignore pair keeps (same matching as everywhere else)."""
    return list(selected_rules(Settings(select=tuple(select) if select else None, ignore=tuple(ignore or ()))))


def run_rules(doc: Document, rules: Iterable[type[Rule]], settings: Settings,
              timings: dict[str, float] | None = None) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for cls in rules:
        t0 = perf_counter()
        rule = cls()
        ctx = RuleContext(rule, settings, doc)
        try:
            diagnostics.extend(rule.check(doc, ctx))
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            detail = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
            message = core("internal-error", settings.lang).format(rule=cls.name, error=detail)
            diagnostics.append(Diagnostic(*INTERNAL_ERROR, Severity.ERROR, Span(0, 0), message))
        if timings is not None:
            timings[f"rules:{cls.family}"] = timings.get(f"rules:{cls.family}", 0.0) + perf_counter() - t0
    diagnostics = apply_suppressions(doc, diagnostics)
    diagnostics.sort(key=lambda d: (d.span.start, d.code, d.span.end))
    return _dedupe(diagnostics)


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, int, int, str]] = set()
    out = []
    for d in diagnostics:
        key = (d.rule, d.span.start, d.span.end, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


_DIRECTIVE = rx.compile(r"<!--\s*doclint-(disable-next-line|disable|enable)\b([^>]*?)-->")


@fact
def _has_directives(doc: Document) -> bool:
    return "doclint-" in doc.text  # once per document, not once per rule family


def apply_suppressions(doc: Document, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Honour ``<!-- doclint-disable RULE -->`` / ``enable`` / ``disable-next-line`` comments."""
    if not diagnostics or not _has_directives(doc):
        return diagnostics
    ranges: list[tuple[int, int, frozenset[str]]] = []  # (start, end, rules) ; empty set = all
    open_: dict[str, int] = {}
    for m in _DIRECTIVE.finditer(doc.text):
        kind, names = m.group(1), frozenset(re.split(r"[\s,]+", m.group(2).strip())) - {""}
        keys = names or frozenset({"*"})
        if kind == "disable":
            for key in keys:
                open_.setdefault(key, m.end())
        elif kind == "enable":
            for key in keys if names else list(open_):
                if key in open_:
                    ranges.append((open_.pop(key), m.start(), frozenset({key})))
        else:
            line = doc.line_of(m.start())
            next_start = doc.line_starts[line + 1] if line + 1 < len(doc.line_starts) else len(doc.text)
            next_end = doc.line_starts[line + 2] if line + 2 < len(doc.line_starts) else len(doc.text)
            ranges.append((next_start, next_end, keys))
    for key, start in open_.items():
        ranges.append((start, len(doc.text), frozenset({key})))

    families = {cls.name: cls.family for cls in load_rules()}

    def suppressed(d: Diagnostic) -> bool:
        return any(s <= d.span.start < e and ("*" in keys or best_match(keys, d.rule, d.code, families.get(d.rule, "core")) >= 0)
                   for s, e, keys in ranges)

    return [d for d in diagnostics if not suppressed(d)]


def prepare(source: Source) -> Document:
    """Parse a source and attach what the reader knew (page layout, paragraph labels)."""
    # a text the reader left as it was (NFC, \n line ends) has its line starts already
    starts = source.orig_line_starts if source.offsets is None else None
    doc = parse_text(source.text, source.path, normalised=True, line_labels=source.line_labels, line_starts=starts)
    doc.layout = source.layout
    doc.line_labels = source.line_labels
    doc.source_kind = Path(source.path).suffix.lower().lstrip(".") or "txt"
    doc.denormalised = denormalised(source)
    if source.context is not None:  # a section of a document cut in several (reader.stream_sections)
        _keep_footnotes_of_other_sections(doc, source.context)
    return doc


def denormalised(source: Source) -> list[tuple[int, int]]:
    """The stretches of ``source.text`` (start, end) that the file had in another form than
    NFC (a character with its marks decomposed, say): what the reader normalised."""
    offsets = source.offsets
    if offsets is None:
        return []
    runs: list[tuple[int, int]] = []
    starts = offsets.norm_starts
    for index, norm_start in enumerate(starts):
        norm_end = starts[index + 1] - 1 if index + 1 < len(starts) else len(source.text)
        original, normal = source.line_text(index + 1), source.text[norm_start:norm_end]
        if original == normal:
            continue
        pieces = [(m.group(), unicodedata.normalize("NFC", m.group())) for m in _CLUSTER.finditer(original)]
        if "".join(n for _, n in pieces) != normal:  # composition across characters: the whole line
            runs.append((norm_start, norm_end))
            continue
        at = norm_start
        for raw, normal_piece in pieces:
            if raw != normal_piece:
                if runs and runs[-1][1] == at:
                    runs[-1] = (runs[-1][0], at + len(normal_piece))
                else:
                    runs.append((at, at + len(normal_piece)))
            at += len(normal_piece)
    return runs


def _keep_footnotes_of_other_sections(doc: Document, context: SectionContext) -> None:
    """A marker whose definition is in another section of the document, or a definition
    whose markers are, is not this section's to judge: drop it from the section's notes."""
    for label, note in list(doc.footnotes.items()):
        if (note.definition is None and label in context.footnotes_defined) or \
                (not note.refs and label in context.footnotes_marked):
            del doc.footnotes[label]


# -- the one pipeline --------------------------------------------------------------------------------
def lint(source: Source, settings: Settings, line_offset: int = 0,
         timings: dict[str, float] | None = None) -> list[Finding]:
    """Every finding of one read document under ``settings``: selection (select, ignore,
    per-file ignores), stage, suppression comments and severity overrides applied, positions
    1-based in the original file (lines shifted by ``line_offset`` for a section of a large file).
    The CLI, the tests and the Python API all go through here."""
    t0 = perf_counter()
    doc = prepare(source)
    if timings is not None:
        timings["parse"] = timings.get("parse", 0.0) + perf_counter() - t0
    path_ignores = settings.ignored_for(source.path)
    diagnostics = run_rules(doc, selected_rules(settings, path_ignores), settings, timings)
    t0 = perf_counter()
    findings = [_finding(source, doc, d, settings, line_offset) for d in diagnostics
                if d.rule not in _PSEUDO_NAMES or not _named(settings.ignore + path_ignores, d)]
    if source.context is not None:  # the header or ending lent by another section: reported there
        findings = [f for f in findings if source.context.owns_line(f.line - line_offset)]
    if timings is not None:
        timings["report"] = timings.get("report", 0.0) + perf_counter() - t0
    return findings


_PSEUDO_NAMES = {name for name, _ in PSEUDO_RULES}


def _named(keys: tuple[str, ...], d: Diagnostic) -> bool:
    """An internal error is hidden only when ignored by its own name or code (not by ALL)."""
    return d.rule in keys or d.code in keys


def _finding(source: Source, doc: Document, d: Diagnostic, settings: Settings, line_offset: int) -> Finding:
    line, col = source.position(d.span.start)
    end_line, end_col = source.position(max(d.span.end, d.span.start))
    if (end_line, end_col) <= (line, col):
        end_line, end_col = line, col + 1
    family = _family_of(d.rule)
    severity = (severity_override(settings, d.rule, d.code, family) if settings.severity else None) or d.severity.label
    text = source.original[source.original_offset(d.span.start):source.original_offset(d.span.end)]
    fix = _original_fix(source, doc, d.fix, line_offset) if d.fix is not None else None
    return Finding(source.path, line + line_offset, col, end_line + line_offset, end_col, d.rule, d.code, severity,
                   d.message, d.suggestion, location_label(source.label(line), source.line_text(line), col, settings.lang),
                   text, source.line_text(line), fix)


# -- fixes: from Document.text offsets to the original file -------------------------------------
def _original_fix(source: Source, doc: Document, fix: Fix, line_offset: int) -> Fix | None:
    """The fix with its edits in original-file offsets, or None when one edit does not map
    cleanly: it would cut converter markup (``**``, ``<sup>``) or a wrapped line break that
    ``Document.clean`` blanks, or the inside of a character NFC composed."""
    if source.path.lower().endswith(".pdf") or not fix.edits:
        return None  # a PDF is never edited; a .docx's fixes (extracted-text offsets) feed annotate --suggest
    edits = []
    for edit in fix.edits:
        if not 0 <= edit.start <= edit.end <= len(doc.text):
            return None
        if doc.text[edit.start:edit.end] != doc.clean[edit.start:edit.end]:
            return None
        start, end = _clean_offset(source, edit.start), _clean_offset(source, edit.end)
        if start is None or end is None or end < start or _folded(source.original[start:end]) != doc.text[edit.start:edit.end]:
            return None
        content = edit.content
        if "\n" in content and "\r\n" in source.original:  # scanned only then: a finding per line is common
            content = content.replace("\n", "\r\n")
        line, col = _orig_position(source, start)
        end_line, end_col = _orig_position(source, end)
        edits.append(Edit(start, end, content, line + line_offset, col, end_line + line_offset, end_col))
    return Fix(tuple(edits), fix.applicability)


def _folded(text: str) -> str:
    """Original text as the reader normalises it: NFC, ``\\n`` line ends."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _clean_offset(source: Source, offset: int) -> int | None:
    """The original offset of a normalised one that falls between two original characters
    (not inside a composed character or a folded ``\\r\\n``), else None."""
    orig = source.original_offset(offset)
    if source.offsets is None:
        return orig
    line = bisect_right(source.offsets.norm_starts, offset) - 1
    norm_start, orig_start = source.offsets.norm_starts[line], source.offsets.orig_starts[line]
    if line in source.offsets.changed and _folded(source.original[orig_start:orig]) != source.text[norm_start:offset]:
        return None
    return orig


def _orig_position(source: Source, orig: int) -> tuple[int, int]:
    line = bisect_right(source.orig_line_starts, orig) - 1
    return line + 1, orig - source.orig_line_starts[line] + 1


def _family_of(rule: str) -> str:
    return _families(load_rules()).get(rule, "core")


@lru_cache(maxsize=4)
def _families(rules: tuple[type[Rule], ...]) -> dict[str, str]:
    return {cls.name: cls.family for cls in rules}


def resolve_settings(settings: Settings | None = None, options: dict[str, object] | None = None) -> Settings:
    """``settings`` (default: defaults) with API options on top, selectors checked."""
    resolved = (settings or Settings()).merged(options or {})
    if options:
        check_selectors(resolved)
    return resolved


def lint_path(path: str | Path, settings: Settings | None = None, *, display: str | None = None,
              timings: dict[str, float] | None = None, **options: object) -> list[Finding]:
    """Lint one file of any supported kind. A file that cannot be read gives one ``read-error``
    finding (line 1, column 1); any other failure on this file is caught here and reported the
    same way, so one bad file never stops a run.  The file gets a time and memory budget
    (:mod:`doclint.guard`): past it, it is a ``read-error`` too."""
    settings = resolve_settings(settings, options)
    path = Path(path)
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    budget = guard.Budget.for_size(size, settings.timeout)
    try:
        return guard.call(_lint_path, path, name, settings, timings, budget=budget)
    except guard.OverBudget as exc:
        return [read_error(name, exc.message(name, settings.lang))]


def _lint_path(path: Path, name: str, settings: Settings, timings: dict[str, float] | None) -> list[Finding]:
    t0 = perf_counter()
    findings = FindingCap(settings.lang)
    try:
        for line_offset, source in _sources(path, name, settings.max_bytes or DEFAULT_MAX_BYTES):
            if timings is not None:
                timings["read"] = timings.get("read", 0.0) + perf_counter() - t0
            for note in source.notes or ():  # a reader's remark on a file it could read: one line
                print(note, file=sys.stderr, flush=True)
            findings.extend(lint(source, settings, line_offset, timings))
            t0 = perf_counter()
    except EmptyFile:
        return []
    except ReadError as exc:
        return [read_error(name, str(exc))]
    except OSError as exc:
        return [read_error(name, core("unreadable", settings.lang).format(path=name, reason=exc.strerror or exc))]
    except MemoryError:
        raise  # the budget's: reported as such by the caller
    except Exception as exc:  # noqa: BLE001 -- one bad file never aborts the run
        return [read_error(name, core("file-failed", settings.lang).format(path=name, error=describe_error(exc)))]
    return findings.result()


MAX_FINDINGS = 10_000  # per file: a machine-made file must not fill the memory (real documents: up to ~1,100)


class FindingCap:
    """The first MAX_FINDINGS findings of a file, then one ``too-many-findings`` note saying
    how many more there were, with the worst severity among them (so the exit code holds)."""

    def __init__(self, lang: str) -> None:
        self.kept: list[Finding] = []
        self.more = 0
        self.first_dropped: Finding | None = None
        self.worst = Severity.INFO
        self.lang = lang

    def extend(self, findings: list[Finding]) -> None:
        room = max(MAX_FINDINGS - len(self.kept), 0)
        self.kept.extend(findings[:room])
        for finding in findings[room:]:
            self.more += 1
            self.first_dropped = self.first_dropped or finding
            self.worst = max(self.worst, Severity.parse(finding.severity))

    def result(self) -> list[Finding]:
        first = self.first_dropped
        if first is None:
            return self.kept
        message = core("too-many-findings", self.lang).format(more=self.more, limit=MAX_FINDINGS)
        note = Finding(first.path, first.line, first.column, first.line, first.column + 1, *TOO_MANY_FINDINGS,
                       self.worst.label, message, None, first.location, "", first.source_line)
        return [*self.kept, note]


def describe_error(exc: BaseException) -> str:
    """``Type: first line of the message`` (an exception's message may be empty)."""
    first = (str(exc).splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _sources(path: Path, name: str, max_bytes: int) -> Iterable[tuple[int, Source]]:
    if path.suffix.lower() in TEXT_SUFFIXES and _large_utf8(path):
        return text_sections(path, max_bytes, name)
    return [(0, read_path(path, max_bytes, name))]


def _large_utf8(path: Path) -> bool:
    """A text file worth splitting into sections (not UTF-16: sections cut bytes at blank lines)."""
    try:
        if path.stat().st_size <= reader.SECTION_THRESHOLD:
            return False
        with path.open("rb") as handle:
            return not handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return False


def lint_bytes(data: bytes, path: str, settings: Settings | None = None, **options: object) -> list[Finding]:
    """Lint the bytes of a text document (stdin): the same limits, sections and budget as a file."""
    settings = resolve_settings(settings, options)
    budget = guard.Budget.for_size(len(data), settings.timeout)
    try:
        return guard.call(_lint_bytes, data, path, settings, budget=budget)
    except guard.OverBudget as exc:
        return [read_error(path, exc.message(path, settings.lang))]


def _lint_bytes(data: bytes, path: str, settings: Settings) -> list[Finding]:
    findings = FindingCap(settings.lang)
    max_bytes = settings.max_bytes or DEFAULT_MAX_BYTES
    try:
        if len(data) > reader.SECTION_THRESHOLD and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            sections: Iterable[tuple[int, Source]] = stream_sections(BytesIO(data), max_bytes, path)
        else:
            sections = [(0, Source.from_text(path, decode(read_limited(BytesIO(data), max_bytes, path), path)))]
        for line_offset, source in sections:
            findings.extend(lint(source, settings, line_offset))
    except EmptyFile:
        return []
    except ReadError as exc:
        return [read_error(path, str(exc))]
    return findings.result()


def lint_text(text: str, path: str = "<text>", settings: Settings | None = None, **options: object) -> list[Finding]:
    """Lint a string (tests, editors): the findings, sorted by position."""
    return lint(Source.from_text(path, text), resolve_settings(settings, options))


def parse_source_text(text: str, path: str = "<text>") -> tuple[Source, Document]:
    source = Source.from_text(path, text)
    return source, parse_text(source.text, path)
