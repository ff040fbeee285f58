"""Reporters: a registry from format name to a function that writes the results.

Every reporter gets the same plain records (:class:`Row`), computed once from the engine's
results: 1-based positions in the original file, or the reader's label for Word and PDF.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, TextIO

from doclint.engine import FileResult


@dataclass(slots=True)
class Row:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    severity: str
    message: str
    suggestion: str | None
    label: str | None  # "đoạn 12" for .docx, "trang 2, dòng 5" for .pdf
    source_line: str  # the original line, for the text report


def rows_of(results: Iterable[FileResult]) -> list[Row]:
    rows: list[Row] = []
    for result in results:
        source = result.source
        if source is None:
            continue
        for d in result.diagnostics:
            line, column = source.position(d.span.start)
            end_line, end_column = source.position(max(d.span.end, d.span.start))
            rows.append(Row(result.path, line, column, end_line, end_column, d.rule, d.code, d.severity.label,
                            d.message, d.suggestion, source.label(line), source.line_text(line)))
    return rows


Reporter = Callable[[list[Row], TextIO, dict], None]
REPORTERS: dict[str, Reporter] = {}


def reporter(name: str) -> Callable[[Reporter], Reporter]:
    def register(func: Reporter) -> Reporter:
        REPORTERS[name] = func
        return func

    return register


def _where(row: Row) -> str:
    return f"{row.path}:{row.label}" if row.label else f"{row.path}:{row.line}:{row.column}"


@reporter("concise")
def concise(rows: list[Row], out: TextIO, options: dict) -> None:
    for row in rows:
        out.write(f"{_where(row)}: {row.severity} {row.code} [{row.rule}] {row.message}\n")


@reporter("json")
def json_report(rows: list[Row], out: TextIO, options: dict) -> None:
    from doclint.schema import JsonFinding  # pydantic only at this boundary

    payload = [JsonFinding(**{k: getattr(row, k) for k in JsonFinding.model_fields}).model_dump() for row in rows]
    json.dump(payload, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@reporter("github")
def github(rows: list[Row], out: TextIO, options: dict) -> None:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    for row in rows:
        props = (f"file={_escape_property(row.path)},line={row.line},col={row.column},"
                 f"endLine={row.end_line},endColumn={row.end_column},title={_escape_property(row.rule + ' ' + row.code)}")
        out.write(f"::{level[row.severity]} {props}::{_escape_data(row.message)}\n")


@reporter("sarif")
def sarif(rows: list[Row], out: TextIO, options: dict) -> None:
    from doclint import __version__
    from doclint.engine import load_rules

    lang = options.get("lang", "vi")
    rules = [
        {
            "id": cls.code,
            "name": cls.name,
            "shortDescription": {"text": cls.summary(lang)},
            "fullDescription": {"text": cls.doc(lang)},
            "help": {"text": cls.doc(lang)},
            "defaultConfiguration": {"level": _sarif_level(cls.severity.label)},
        }
        for cls in load_rules()
    ]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for row in rows:
        result = {
            "ruleId": row.code,
            "level": _sarif_level(row.severity),
            "message": {"text": row.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": row.path.replace("\\", "/")},
                    "region": {"startLine": row.line, "startColumn": row.column,
                               "endLine": row.end_line, "endColumn": max(row.end_column, row.column)},
                }
            }],
        }
        if row.code in index:
            result["ruleIndex"] = index[row.code]
        if row.suggestion:
            result["properties"] = {"suggestion": row.suggestion}
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "doclint", "version": __version__, "informationUri": "https://example.org/doclint",
                                "rules": rules}},
            "results": results,
        }],
    }
    json.dump(log, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _sarif_level(severity: str) -> str:
    return {"error": "error", "warning": "warning", "info": "note"}[severity]


@reporter("text")
def text(rows: list[Row], out: TextIO, options: dict) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, no_color=options.get("no_color", False), highlight=False, soft_wrap=True,
                      force_terminal=None if out.isatty() else False)
    colour = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    current = None
    for row in rows:
        if not options.get("quiet") and row.path != current:
            current = row.path
            console.print(f"\n[bold underline]{escape(row.path)}[/]")
        console.print(f"[bold]{escape(_where(row))}[/]: [{colour[row.severity]}]{row.severity}[/] "
                      f"[dim]{row.code}[/] [magenta]{row.rule}[/] {escape(row.message)}")
        if options.get("quiet"):
            continue
        source = row.source_line.rstrip()
        if source:
            start = max(0, row.column - 1)
            end = row.end_column - 1 if row.end_line == row.line else len(source)
            width = max(1, min(end, len(source)) - start)
            snippet, caret_at = _window(source, start, 100)
            console.print(f"    [dim]│[/] {escape(snippet)}")
            console.print(f"    [dim]│[/] {' ' * caret_at}[{colour[row.severity]}]{'^' * min(width, 80)}[/]")
        if row.suggestion:
            console.print(f"    [green]→ sửa thành:[/] {escape(row.suggestion)}" if options.get("lang", "vi") == "vi"
                          else f"    [green]→ suggestion:[/] {escape(row.suggestion)}")
    if not options.get("quiet"):
        _summary(console, rows, options)


def _window(line: str, start: int, width: int) -> tuple[str, int]:
    """A slice of a long line around the finding, and where the caret goes in it."""
    if len(line) <= width:
        return line, start
    left = max(0, start - width // 3)
    piece = line[left : left + width]
    prefix = "…" if left else ""
    return prefix + piece + ("…" if left + width < len(line) else ""), start - left + len(prefix)


def _summary(console, rows: list[Row], options: dict) -> None:
    vi = options.get("lang", "vi") == "vi"
    if not rows:
        console.print("\n[green]" + ("Không phát hiện vấn đề nào." if vi else "No problems found.") + "[/]")
        return
    by_severity = Counter(row.severity for row in rows)
    by_rule = Counter(row.rule for row in rows)
    names = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"} if vi else {}
    parts = [f"{by_severity[s]} {names.get(s, s)}" for s in ("error", "warning", "info") if by_severity[s]]
    files = len({row.path for row in rows})
    head = f"{len(rows)} vấn đề trong {files} tệp" if vi else f"{len(rows)} problems in {files} files"
    console.print(f"\n[bold]{head}[/]: " + ", ".join(parts))
    console.print("  " + ", ".join(f"{rule} ×{n}" for rule, n in by_rule.most_common()))


def write(format_name: str, results: list[FileResult], out: TextIO | None = None, **options: object) -> None:
    REPORTERS[format_name](rows_of(results), out or sys.stdout, options)
