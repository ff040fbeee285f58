"""Shared test helpers: lint a seed or a string and get (line, column, rule, message) rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from doclint.engine import lint_source, select_rules
from doclint.reader import Source, read_path
from doclint.rule import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" … "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@dataclass(frozen=True)
class Finding:
    line: int
    column: int
    rule: str
    message: str
    severity: str
    suggestion: str | None
    text: str  # the original text the span covers


def _findings(source: Source, select: list[str] | None, settings: Settings | None) -> list[Finding]:
    result = lint_source(source, select_rules(select), settings or Settings())
    out = []
    for d in result.diagnostics:
        line, column = source.position(d.span.start)
        text = source.original[source.original_offset(d.span.start) : source.original_offset(d.span.end)]
        out.append(Finding(line, column, d.rule, d.message, d.severity.label, d.suggestion, text))
    return out


def lint_seed(prefix: str, select: list[str] | None = None, settings: Settings | None = None) -> list[Finding]:
    return _findings(read_path(seed(prefix)), select, settings)


def lint_string(text: str, select: list[str] | None = None, settings: Settings | None = None,
                path: str = "test.txt") -> list[Finding]:
    return _findings(Source.from_text(path, text), select, settings)
