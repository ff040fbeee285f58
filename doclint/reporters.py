"""Reporters: a registry from format name to a function that writes the findings.

Every reporter takes the per-file results (plain data, already turned into 1-based
positions of the original file) and a :class:`ReportOptions`.
"""

from __future__ import annotations

import sys
from collections import Counter
from functools import cache
from typing import Callable, Iterator, Literal, TextIO

from doclint import __version__
from doclint.messages import core
from doclint.records import Record
from doclint.rule import PROJECT_URL, READ_ERROR, Finding, Fix, docs_url, read_error

SEVERITIES = ("info", "warning", "error")


class FileReport(Record):
    __slots__ = ("path", "findings", "error")
    path: str
    findings: list[Finding]
    error: str | None  # why the file could not be read (a ``read-error`` finding in JSON)

    def __init__(self, path: str, findings: list[Finding] | None = None, error: str | None = None) -> None:
        self.path = path
        self.findings = [] if findings is None else findings
        self.error = error

    @classmethod
    def of(cls, path: str, findings: list[Finding]) -> FileReport:
        """A report from the pipeline's findings: a ``read-error`` finding becomes ``error``."""
        errors = [f.message for f in findings if f.rule == READ_ERROR[0]]
        return cls(path, [f for f in findings if f.rule != READ_ERROR[0]], errors[0] if errors else None)


class ReportOptions(Record):
    __slots__ = ("lang", "color", "quiet", "rules", "docs_url", "out")
    lang: str
    color: bool
    quiet: bool
    rules: dict[str, type]  # rule name -> class, for SARIF docs
    docs_url: str | None  # the ``docs-url`` setting: where the rule pages are (None: DOCS_URL)
    out: TextIO | None

    def __init__(self, lang: str = "vi", color: bool = True, quiet: bool = False,
                 rules: dict[str, type] | None = None, docs_url: str | None = None,
                 out: TextIO | None = None) -> None:
        self.lang = lang
        self.color = color
        self.quiet = quiet
        self.rules = {} if rules is None else rules
        self.docs_url = docs_url
        self.out = out

    @property
    def stream(self) -> TextIO:
        return self.out or sys.stdout


Reporter = Callable[[list[FileReport], ReportOptions], None]
REPORTERS: dict[str, Reporter] = {}


def reporter(name: str) -> Callable[[Reporter], Reporter]:
    def register(fn: Reporter) -> Reporter:
        REPORTERS[name] = fn
        return fn

    return register


def where(path: str, f: Finding) -> str:
    return f"{path}:{f.location}" if f.location else f"{path}:{f.line}:{f.column}"


def edits_text(path: str) -> bool:
    """Whether a finding's fix edits the file itself: a .txt/.md (or stdin), not a Word or
    PDF file, whose fixes are offsets into the extracted text (``doclint annotate --suggest``
    turns a .docx's into tracked changes)."""
    return not path.lower().endswith((".docx", ".doc", ".pdf"))


# C0 controls (but tab), DEL and C1 controls become visible symbols of the same width, and
# bidirectional overrides a replacement mark: a document must not drive the terminal.
_CONTROLS = {**{i: 0x2400 + i for i in range(32) if i != 9}, 0x7F: 0x2421,
             **{i: 0xFFFD for i in range(0x80, 0xA0)},
             **{i: 0xFFFD for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}}


def safe(text: str) -> str:
    """Text a terminal prints as text (no escape sequence reaches it)."""
    return text.translate(_CONTROLS)


# -- text ------------------------------------------------------------------------------------
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_WINDOW = 110


def snippet(f: Finding) -> tuple[str, str]:
    """The source line (windowed when long) and the caret line under the span."""
    line = safe(f.source_line.replace("\t", " "))
    start = max(f.column - 1, 0)
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    end = max(end, start + 1)
    left = 0
    if len(line) > _WINDOW:
        left = max(0, min(start - 20, len(line) - _WINDOW))
        shown = line[left : left + _WINDOW]
        prefix = "…" if left else ""
        suffix = "…" if left + _WINDOW < len(line) else ""
        line = prefix + shown + suffix
        left -= len(prefix)
    carets = " " * (start - left) + "^" * max(1, min(end, left + _WINDOW + 1) - start)
    return line, carets


Piece = tuple[str, str | None]  # (text, rich style or None)


@reporter("text")
def report_text(results: list[FileReport], opts: ReportOptions) -> None:
    """Findings with their snippets, then the summary. Without colour the lines are written
    as they are: rich (~50 ms of a one-file run's start-up to import) is only needed to
    style them. Two things rich changes in plain text (it expands a tab to the next multiple
    of 8 cells and doubles a trailing backslash it escaped) are left to rich itself: a report
    with a tab or a backslash in it goes through rich even without colour."""
    lines = list(_text_lines(results, opts))
    if opts.color or any("\\" in text or "\t" in text for line in lines for text, _ in line):
        write_rich(lines, opts)
    else:
        opts.stream.write("".join("".join(text for text, _ in line) + "\n" for line in lines))


def write_rich(lines: list[list[Piece]], opts: ReportOptions) -> None:
    """The lines through rich: styled when ``opts.color``, else as rich prints plain text."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=opts.stream, color_system="auto" if opts.color else None, highlight=False,
                      soft_wrap=True, emoji=False, force_terminal=opts.color if opts.color else None)
    for line in lines:
        console.print("".join(f"[{style}]{escape(text)}[/]" if style and opts.color else escape(text)
                              for text, style in line))


def _text_lines(results: list[FileReport], opts: ReportOptions) -> Iterator[list[Piece]]:
    for result in results:
        if not result.findings:
            continue
        if not opts.quiet:
            yield [(safe(result.path), "bold underline")]
        for f in result.findings:
            yield [(safe(where(result.path, f)), None), (": ", None), (f.severity, _STYLE[f.severity]), (" ", None),
                   (f.rule, "bold"), (f" ({f.code}) ", None), (safe(f.message), None)]
            if opts.quiet:
                continue
            text, carets = snippet(f)
            gutter = str(f.line)
            pad = " " * len(gutter)
            yield [(f"  {pad} |", None)]
            yield [(f"  {gutter} | ", None), (text, None)]
            yield [(f"  {pad} | ", None), (carets, _STYLE[f.severity])]
            if f.suggestion:
                yield [(f"  {pad} = ", None), (core("help", opts.lang), "green"),
                       (f": {safe(' / '.join(f.suggestion.splitlines()))}", None)]
        if not opts.quiet:
            yield []
    if not opts.quiet:
        for line in summary_lines(results, opts.lang):
            yield [(line, None)]


def summary_lines(results: list[FileReport], lang: str) -> list[str]:
    findings = [f for r in results for f in r.findings]
    by_severity = Counter(f.severity for f in findings)
    files = sum(1 for r in results if r.error is None)
    failed = sum(1 for r in results if r.error is not None)
    if not findings:
        lines = [core("summary-clean", lang).format(files=files)]
    else:
        lines = [core("summary", lang).format(
            total=len(findings), files=files, error=by_severity["error"],
            warning=by_severity["warning"], info=by_severity["info"])]
        by_rule = Counter((f.rule, f.code) for f in findings)
        for (rule, code), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {count:>4}  {code}  {rule}")
    if failed:
        lines.append(core("summary-unread", lang).format(count=failed))
    return lines


# -- json ------------------------------------------------------------------------------------
JSON_KEYS = ("path", "line", "column", "end_line", "end_column", "rule", "code", "severity", "message",
             "suggestion", "location")
# and "fix" when the finding carries one (a .txt/.md file): {"applicability": "safe" | "unsafe",
# "edits": [{"start", "end", "line", "column", "end_line", "end_column", "content"}]}


@cache
def json_schema():
    """The pydantic model of one JSON finding: the published contract of ``--format json``.

    The reporter writes plain dicts with exactly these keys (importing pydantic would cost a
    one-file run a third of its time); the tests validate real output against this model.
    """
    from pydantic import BaseModel, ConfigDict, Field

    class JsonEdit(BaseModel):
        """Replace the text from ``start`` to ``end`` (code points into the decoded file, BOM
        excluded; also as 1-based line and column, end exclusive) with ``content``."""

        model_config = ConfigDict(extra="forbid")

        start: int = Field(ge=0)
        end: int = Field(ge=0)
        line: int = Field(ge=1)
        column: int = Field(ge=1)
        end_line: int = Field(ge=1)
        end_column: int = Field(ge=1)
        content: str

    class JsonFix(BaseModel):
        """Edits applied together; ``safe`` ones are what ``--fix`` applies."""

        model_config = ConfigDict(extra="forbid")

        applicability: Literal["safe", "unsafe"]
        edits: list[JsonEdit] = Field(min_length=1)

    class JsonFinding(BaseModel):
        model_config = ConfigDict(extra="forbid")

        path: str
        line: int
        column: int
        end_line: int
        end_column: int
        rule: str
        code: str
        severity: Literal["error", "warning", "info"]
        message: str
        suggestion: str | None = None
        location: str | None = None  # docx/pdf label
        fix: JsonFix | None = None  # present only when the finding has one

    return JsonFinding


def json_finding(path: str, f: Finding) -> dict[str, object]:
    out = dict(zip(JSON_KEYS, (path, f.line, f.column, f.end_line, f.end_column, f.rule, f.code, f.severity,
                               f.message, f.suggestion, f.location)))
    if f.fix is not None and edits_text(path):
        out["fix"] = {"applicability": f.fix.applicability,
                      "edits": [{"start": e.start, "end": e.end, "line": e.line, "column": e.column,
                                 "end_line": e.end_line, "end_column": e.end_column, "content": e.content}
                                for e in f.fix.edits]}
    return out


def json_findings(results: list[FileReport]) -> list[dict[str, object]]:
    """Every finding, and for each file that could not be read one ``read-error`` finding
    (line 1, column 1, severity error) with the reason as its message."""
    out = []
    for r in results:
        if r.error is not None:
            out.append(json_finding(r.path, read_error(r.path, r.error)))
        out.extend(json_finding(r.path, f) for f in r.findings)
    return out


@reporter("json")
def report_json(results: list[FileReport], opts: ReportOptions) -> None:
    # one finding per line: readable, greppable, and encoded by json's C encoder (indent=
    # forces the pure-Python one, which cost more than reading the files on a large run)
    findings = json_findings(results)
    if not findings:
        opts.stream.write("[]\n")
        return
    import json  # not for the text report: its import is ~1.5 ms of a run

    lines = ",\n  ".join(json.dumps(f, ensure_ascii=False) for f in findings)
    opts.stream.write(f"[\n  {lines}\n]\n")


# -- sarif -----------------------------------------------------------------------------------
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_log(results: list[FileReport], opts: ReportOptions) -> dict:
    codes = {f.rule: f.code for r in results for f in r.findings}
    codes.update({name: cls.code for name, cls in opts.rules.items()})
    used = sorted(codes, key=lambda name: codes[name])
    index = {name: i for i, name in enumerate(used)}
    rules = [_sarif_rule(name, codes[name], opts.rules.get(name), opts.lang, opts.docs_url) for name in used]
    sarif_results = []
    for r in results:
        for f in r.findings:
            region: dict = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}
            if f.text:
                region["snippet"] = {"text": f.text}
            location: dict = {"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}, "region": region}}
            if f.location:  # .docx/.pdf: lines are those of the extracted text; this is what Word shows
                location["logicalLocations"] = [{"name": f.location, "kind": "paragraph"}]
                location["message"] = {"text": f.location}
            result = {
                "ruleId": f.code, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
                "message": {"text": _located(f) + (f"\n{f.suggestion}" if f.suggestion else "")},
                "locations": [location],
            }
            if f.fix is not None and edits_text(r.path):
                result["fixes"] = [sarif_fix(r.path, f.fix, f.suggestion or f.message)]
            sarif_results.append(result)
    notifications = [
        {"level": "error", "message": {"text": r.error}, "descriptor": {"id": READ_ERROR[1], "index": 0},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}]}
        for r in results if r.error is not None
    ]
    driver: dict = {"name": "doclint", "version": __version__, "informationUri": PROJECT_URL, "rules": rules}
    if notifications:  # the descriptor the notifications refer to (a reportingDescriptorReference has no name)
        driver["notifications"] = [{"id": READ_ERROR[1], "name": READ_ERROR[0],
                                    "shortDescription": {"text": READ_ERROR[0]},
                                    "helpUri": docs_url(READ_ERROR[0], opts.docs_url),
                                    "defaultConfiguration": {"level": "error"}}]
    run: dict = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints",
                 "invocations": [{"executionSuccessful": not notifications,
                                  "toolExecutionNotifications": notifications}],
                 "results": sarif_results}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def sarif_fix(path: str, fix: Fix, description: str) -> dict:
    """A SARIF ``fix``: each edit a replacement of a 1-based region (end column exclusive, as
    SARIF counts) with ``insertedContent``; an insertion is an empty region."""
    replacements = [{"deletedRegion": {"startLine": e.line, "startColumn": e.column,
                                       "endLine": e.end_line, "endColumn": e.end_column},
                     "insertedContent": {"text": e.content}} for e in fix.edits]
    return {"description": {"text": description},
            "artifactChanges": [{"artifactLocation": {"uri": _uri(path)}, "replacements": replacements}],
            "properties": {"applicability": fix.applicability}}


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/:")


def _sarif_rule(name: str, code: str, cls: type | None, lang: str, template: str | None = None) -> dict:
    """A reportingDescriptor: id is the stable code (as ruff does), name the rule name."""
    if cls is None:  # internal-error, too-many-findings: a page in docs/rules too
        return {"id": code, "name": name, "shortDescription": {"text": name}, "helpUri": docs_url(name, template)}
    return {
        "id": cls.code, "name": cls.name,
        "shortDescription": {"text": cls.summary(lang) or cls.name},
        "fullDescription": {"text": cls.doc(lang) or cls.name},
        "help": {"text": cls.doc(lang) or cls.name},
        "helpUri": cls.url(template),
        "defaultConfiguration": {"level": _LEVEL[cls.severity.label]},
        "properties": {"family": cls.family},
    }


@reporter("sarif")
def report_sarif(results: list[FileReport], opts: ReportOptions) -> None:
    import json

    opts.stream.write(json.dumps(sarif_log(results, opts), ensure_ascii=False, indent=2) + "\n")


# -- github ----------------------------------------------------------------------------------
_GH_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(path: str, f: Finding) -> str:
    props = [("file", path), ("line", f.line), ("col", f.column), ("endLine", f.end_line),
             ("endColumn", f.end_column), ("title", f"{f.rule} ({f.code})")]
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    message = _located(f) + (f"\n{f.suggestion}" if f.suggestion else "")
    return f"::{_GH_LEVEL[f.severity]} {joined}::{escape_data(message)}"


def _located(f: Finding) -> str:
    """The message, after the Word/PDF location when there is one (``đoạn 14 «…»: …``)."""
    return f"{f.location}: {f.message}" if f.location else f.message


@reporter("github")
def report_github(results: list[FileReport], opts: ReportOptions) -> None:
    for r in results:
        if r.error is not None:
            opts.stream.write(github_line(r.path, read_error(r.path, r.error)) + "\n")
        for f in r.findings:
            opts.stream.write(github_line(r.path, f) + "\n")


# -- html ------------------------------------------------------------------------------------
@reporter("html")
def report_html(results: list[FileReport], opts: ReportOptions) -> None:
    from doclint.html import render

    opts.stream.write(render(results, opts.lang))


# -- concise ---------------------------------------------------------------------------------
@reporter("concise")
def report_concise(results: list[FileReport], opts: ReportOptions) -> None:
    for r in results:
        for f in r.findings:
            opts.stream.write(safe(f"{where(r.path, f)}: {f.severity} {f.code} [{f.rule}] {f.message}") + "\n")


# -- statistics ------------------------------------------------------------------------------
def statistics(results: list[FileReport]) -> list[tuple[int, str, str]]:
    """(count, code, rule) by rule, most frequent first (``--statistics``)."""
    counts = Counter((f.code, f.rule) for r in results for f in r.findings)
    counts.update((READ_ERROR[1], READ_ERROR[0]) for r in results if r.error is not None)
    return sorted(((n, code, rule) for (code, rule), n in counts.items()), key=lambda t: (-t[0], t[1]))


def report_statistics(results: list[FileReport], opts: ReportOptions, fmt: str) -> None:
    rows = statistics(results)
    if fmt == "json":
        import json

        opts.stream.write(json.dumps([{"code": c, "name": r, "count": n} for n, c, r in rows], ensure_ascii=False,
                                     indent=2) + "\n")
        return
    for count, code, rule in rows:
        opts.stream.write(f"{count:>5}  {code}  {rule}\n")
