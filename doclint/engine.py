"""The engine: one parsed document, every selected rule, filtered diagnostics.

Rules are discovered through the ``doclint.rules`` entry-point group (built-ins are
declared there too).  A plugin that fails to load is skipped with a warning; a rule that
raises on a document becomes one ``internal-error`` diagnostic for that file, and the run
goes on.
"""

from __future__ import annotations

import re
import sys
import traceback
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Iterable, Sequence

from doclint import regex as rx
from doclint.messages import core
from doclint.model import Document, Severity, Span
from doclint.parse import parse_text
from doclint.reader import ReadError, Source, read_path
from doclint.rule import Diagnostic, Rule, RuleContext, Settings, iter_rule_classes

BUILTIN_FAMILIES = ("structure", "numeric", "dates", "format", "language", "tables", "layout", "context")
INTERNAL_ERROR = ("internal-error", "DL000")


@dataclass(slots=True)
class FileResult:
    path: str
    source: Source | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None  # why the file could not be read


GROUP = "doclint.rules"


def rule_entry_points() -> list[tuple[str, str]]:
    """(name, "module[:attr]") of every ``doclint.rules`` entry point installed.

    Reads the ``entry_points.txt`` of each distribution on ``sys.path`` directly: importing
    ``importlib.metadata`` (and the e-mail parser it pulls in) costs more start-up than the
    rest of a one-file run's imports.  Falls back to importlib.metadata when nothing is found.
    """
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for folder in sys.path:
        try:
            candidates = [p for p in Path(folder or ".").iterdir() if p.suffix in (".dist-info", ".egg-info")]
        except OSError:
            continue
        for dist in candidates:
            text = _read(dist / "entry_points.txt")
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


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
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


def select_rules(select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list[type[Rule]]:
    rules = list(load_rules())

    def matches(cls: type[Rule], keys: Sequence[str]) -> bool:
        return any(k == cls.name or k == cls.code or (k.isalpha() and cls.code.startswith(k)) or k == "ALL" for k in keys)

    if select:
        rules = [r for r in rules if matches(r, select)]
    if ignore:
        rules = [r for r in rules if not matches(r, ignore)]
    return rules


def run_rules(doc: Document, rules: Iterable[type[Rule]], settings: Settings) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for cls in rules:
        rule = cls()
        ctx = RuleContext(rule, settings)
        try:
            diagnostics.extend(rule.check(doc, ctx))
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            detail = f"{type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"
            message = core("internal-error", settings.lang).format(rule=cls.name, error=detail)
            diagnostics.append(Diagnostic(*INTERNAL_ERROR, Severity.ERROR, Span(0, 0), message))
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


def _has_directives(doc: Document) -> bool:
    found = doc.meta.get("engine.directives")
    if found is None:  # once per document, not once per rule family
        found = doc.meta["engine.directives"] = "doclint-" in doc.text
    return bool(found)


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

    def suppressed(d: Diagnostic) -> bool:
        return any(s <= d.span.start < e and ("*" in keys or d.rule in keys or d.code in keys) for s, e, keys in ranges)

    return [d for d in diagnostics if not suppressed(d)]


def prepare(source: Source) -> Document:
    """Parse a source and attach what the reader knew (page layout, paragraph labels)."""
    doc = parse_text(source.text, source.path, normalised=True)
    if source.layout is not None:
        doc.meta["layout"] = source.layout
    if source.line_labels is not None:
        doc.meta["line_labels"] = source.line_labels
    doc.meta["source_kind"] = Path(source.path).suffix.lower().lstrip(".") or "txt"
    return doc


def lint_source(source: Source, rules: Iterable[type[Rule]], settings: Settings) -> FileResult:
    return FileResult(source.path, source, run_rules(prepare(source), rules, settings))


def lint_path(path: Path, settings: Settings | None = None, select: Sequence[str] | None = None,
              ignore: Sequence[str] | None = None, max_bytes: int | None = None) -> FileResult:
    settings = settings or Settings()
    try:
        source = read_path(path, max_bytes) if max_bytes else read_path(path)
    except ReadError as exc:
        return FileResult(str(path), None, [], str(exc))
    return lint_source(source, select_rules(select, ignore), settings)


def lint_text(text: str, path: str = "<text>", settings: Settings | None = None,
              select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> list[Diagnostic]:
    """Lint a string (tests, editors): the diagnostics, sorted by position."""
    source = Source.from_text(path, text)
    return lint_source(source, select_rules(select, ignore), settings or Settings()).diagnostics


def parse_source_text(text: str, path: str = "<text>") -> tuple[Source, Document]:
    source = Source.from_text(path, text)
    return source, parse_text(source.text, path)
