"""The command line: ``doclint check|parse|rules|rule``.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, config or input errors.
Never a traceback: :func:`main` ends with a last-resort handler that prints one line.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Sequence

from doclint.config import Config, ConfigError, config_for, load_config
from doclint.messages import core
from doclint.model import Severity
from doclint.reporters import REPORTERS, FileReport, Finding, ReportOptions

DEFAULT_GLOBS = ("*.txt", "*.md", "*.docx", "*.pdf")
SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
POOL_THRESHOLD = 4  # more files than this: use the process pool
PROGRESS_THRESHOLD = 20


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="doclint", description="Consistency linter for Vietnamese administrative documents")
    parser.add_argument("--version", action="version", version=f"doclint {__import__('doclint').__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = sub.add_parser("check", help="lint documents")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", choices=sorted(REPORTERS), default="text")
    check.add_argument("--select", type=_csv, default=None)
    check.add_argument("--ignore", type=_csv, default=None)
    check.add_argument("--fail-on", choices=["error", "warning", "info"], default="error")
    check.add_argument("--stage", choices=["draft", "final"])
    check.add_argument("--lang", choices=["vi", "en"])
    check.add_argument("--document-date", type=_date)
    check.add_argument("--include", action="append", type=_csv)
    check.add_argument("--exclude", action="append", type=_csv)
    check.add_argument("--stdin-filename")
    check.add_argument("--no-color", action="store_true")
    check.add_argument("--quiet", "-q", action="store_true")
    check.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    check.add_argument("--max-file-size", type=_positive_float, metavar="MB")
    check.add_argument("--timeout", type=_positive_float, metavar="SECONDS",
                       help="CPU seconds one file may take (default: 60 + 20 per MB)")
    check.add_argument("--config", type=Path)
    check.add_argument("--profile", action="store_true")
    parse = sub.add_parser("parse", help="print how doclint understood a document")
    parse.add_argument("file")
    rules = sub.add_parser("rules", help="list the rules")
    rules.add_argument("--lang", choices=["vi", "en"], default="vi")
    rule = sub.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("name")
    rule.add_argument("--lang", choices=["vi", "en"], default="vi")
    return parser


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0: {text!r}")
    return value


def _err(message: str) -> None:
    print(message.replace("\n", " "), file=sys.stderr, flush=True)


# -- entry point -------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        _err(str(exc))
        return 2
    except ConfigError as exc:
        _err(f"doclint: {exc}")
        return 2
    except KeyboardInterrupt:
        _err("doclint: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:  # last resort: one line, never a traceback
        _err(f"doclint: internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        return 2


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "parse":
        return cmd_parse(args.file)
    if args.command == "rules":
        return cmd_rules(args.lang)
    return cmd_rule(args.name, args.lang)


# -- small commands ------------------------------------------------------------------------------
def cmd_parse(name: str) -> int:
    from doclint.parse import format_tree, parse_text
    from doclint.reader import ReadError, read_path, read_stdin

    try:
        source = read_stdin("stdin") if name == "-" else read_path(Path(name))
    except ReadError as exc:
        _err(str(exc))
        return 2
    print(format_tree(parse_text(source.text, source.path)))
    return 0


def cmd_rules(lang: str) -> int:
    from doclint.engine import load_rules

    rows = [(r.name, r.code, r.severity.label, r.family, r.summary(lang)) for r in load_rules()]
    headers = ("name", "code", "severity", "family", "summary")
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers[:4])]
    for row in [headers, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths)) + "  " + row[4])
    return 0


def cmd_rule(name: str, lang: str) -> int:
    from doclint.engine import load_rules

    for cls in load_rules():
        if name in (cls.name, cls.code):
            print(f"{cls.name} ({cls.code}) — {cls.severity.label}, {cls.family}\n")
            print(cls.doc(lang))
            return 0
    _err(f"doclint: {core('unknown-rule', lang).format(name=name)}")
    return 2


# -- check -----------------------------------------------------------------------------------------
def _known_key(key: str, rules: Sequence[type]) -> bool:
    return key == "ALL" or any(key in (r.name, r.code) or (key.isalpha() and r.code.startswith(key)) for r in rules) \
        or key in ("internal-error", "too-many-findings")


def _check_keys(keys: Sequence[str] | None, where: str, rules: Sequence[type], lang: str) -> None:
    for key in keys or ():
        if not _known_key(key, rules):
            raise UsageError(f"doclint: {where}: {core('unknown-rule', lang).format(name=key)}")


def _matches(key_list: Sequence[str], rule: str, code: str) -> bool:
    return any(k in (rule, code, "ALL") or (k.isalpha() and code.startswith(k)) for k in key_list)


def discover(args: argparse.Namespace, lang: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(path, display) of every document to lint, and the one-line errors of bad paths."""
    files: list[tuple[str, str]] = []
    errors: list[str] = []
    for raw in args.paths:
        if raw == "-":
            files.append(("-", args.stdin_filename or "stdin"))
            continue
        path = Path(raw)
        if not path.exists():
            errors.append(core("missing", lang).format(path=raw))
        elif path.is_dir():
            found = _walk(path, args)
            if not found:
                globs = " ".join(_includes(args, config_for(path)))
                errors.append(core("no-documents", lang).format(path=raw, globs=globs))
            files.extend((str(p), str(p)) for p in found)
        else:
            files.append((raw, raw))
    seen: set[str] = set()
    unique = [f for f in files if not (f[0] in seen or seen.add(f[0]))]  # type: ignore[func-returns-value]
    return sorted(unique, key=lambda f: f[1]), errors


def _includes(args: argparse.Namespace, config: Config) -> list[str]:
    if args.include:
        return [g for group in args.include for g in group]
    return list(config.include or DEFAULT_GLOBS)


def _walk(root: Path, args: argparse.Namespace) -> list[Path]:
    config = args.config_obj or config_for(root)
    includes = _includes(args, config)
    excludes = [g for group in args.exclude or () for g in group] + list(config.exclude)
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in includes):
                continue
            parts = rel.split("/")
            if any(fnmatch.fnmatch(rel, g) or any(fnmatch.fnmatch(p, g) for p in parts) for g in excludes):
                continue
            found.append(path)
    return sorted(found)


def job_options(args: argparse.Namespace, config: Config, path: Path) -> dict:
    """Everything a worker needs for one file, as plain data."""
    ignore = list(config.ignore) + list(args.ignore or ()) + config.ignored_for(path)
    max_mb = args.max_file_size or config.max_file_size
    return {
        "select": args.select if args.select is not None else config.select,
        "ignore": ignore,
        "severity": dict(config.severity),
        "lang": args.lang or config.lang or "vi",
        "stage": args.stage or config.stage or "draft",
        "document_date": (args.document_date or config.document_date),
        "confusables": config.confusable_paths(),
        "max_bytes": int(max_mb * 1048576) if max_mb else None,
        "source_lines": args.format == "text",  # only the text report quotes the line
        "timeout": args.timeout,
    }


def lint_job(job: tuple[str, str, dict, str | None]) -> dict:
    """Lint one file within its time and memory budget (doclint.guard); plain data back."""
    from doclint import guard

    path, display, opts, stdin_text = job
    size = len(stdin_text) if stdin_text is not None else _size(path)
    try:
        return guard.call(_lint_job, job, budget=guard.Budget.for_size(size, opts.get("timeout")))
    except guard.OverBudget as exc:
        return {"path": display, "error": exc.message(display, opts["lang"]), "findings": [], "timings": {}}


def _lint_job(job: tuple[str, str, dict, str | None]) -> dict:
    from io import BytesIO

    from doclint.reader import SECTION_THRESHOLD, ReadError, read_path, stream_sections, text_sections

    path, display, opts, stdin_text = job
    timings: dict[str, float] = defaultdict(float)
    findings = _FindingCap(opts["lang"])
    t0 = time.perf_counter()
    max_bytes = opts["max_bytes"] or 20 * 1048576
    try:
        if stdin_text is not None:
            sections = stream_sections(BytesIO(stdin_text.encode("latin-1")), max_bytes, display)
        elif Path(path).suffix.lower() in (".txt", ".md") and _size(path) > SECTION_THRESHOLD:
            sections = text_sections(Path(path), max_bytes, display)
        else:
            sections = [(0, read_path(Path(path), max_bytes, display))]
        notes: list[str] = []
        for line_offset, source in sections:
            timings["read"] += time.perf_counter() - t0
            notes.extend(source.notes or ())
            findings.extend(_lint_source(source, opts, timings, line_offset))
            t0 = time.perf_counter()
    except ReadError as exc:
        return {"path": display, "error": str(exc), "findings": [], "timings": dict(timings)}
    return {"path": display, "error": None, "findings": findings.result(), "timings": dict(timings),
            "notes": notes}


MAX_FINDINGS = 1000  # per file: a machine-made file must not fill the memory with findings


class _FindingCap:
    """The first MAX_FINDINGS findings of a file, then one ``too-many-findings`` note saying
    how many more there were (with the worst severity among them, so the exit code holds)."""

    def __init__(self, lang: str) -> None:
        self.kept: list[tuple] = []
        self.more = 0
        self.first_dropped: tuple | None = None
        self.worst = "info"
        self.lang = lang

    def extend(self, findings: list[tuple]) -> None:
        room = MAX_FINDINGS - len(self.kept)
        self.kept.extend(findings[:room])
        for finding in findings[max(room, 0):]:
            self.more += 1
            self.first_dropped = self.first_dropped or finding
            if Severity.parse(finding[6]) > Severity.parse(self.worst):
                self.worst = finding[6]

    def result(self) -> list[tuple]:
        if not self.more or self.first_dropped is None:
            return self.kept
        line, col = self.first_dropped[:2]
        message = core("too-many-findings", self.lang).format(more=self.more, limit=MAX_FINDINGS)
        note = (line, col, line, col + 1, *TOO_MANY_FINDINGS, self.worst, message, None,
                self.first_dropped[9], self.first_dropped[10])
        return [*self.kept, note]


TOO_MANY_FINDINGS = ("too-many-findings", "DL001")


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def _lint_source(source, opts: dict, timings: dict[str, float], line_offset: int = 0) -> list[tuple]:
    """The findings of one source as plain tuples, lines shifted by ``line_offset``."""
    from doclint.engine import BUILTIN_FAMILIES, prepare, run_rules, select_rules
    from doclint.rule import Settings

    t0 = time.perf_counter()
    doc = prepare(source)
    timings["parse"] += time.perf_counter() - t0
    settings = Settings(lang=opts["lang"], stage=opts["stage"], document_date=opts["document_date"],
                        extra_confusables=opts["confusables"])
    rules = select_rules(opts["select"], opts["ignore"] or None)
    by_family: dict[str, list] = defaultdict(list)
    for cls in rules:
        by_family[cls.family].append(cls)
    diagnostics = []
    for family in sorted(by_family, key=lambda f: (BUILTIN_FAMILIES + (f,)).index(f)):
        t0 = time.perf_counter()
        diagnostics.extend(run_rules(doc, by_family[family], settings))
        timings[f"rules:{family}"] += time.perf_counter() - t0
    diagnostics.sort(key=lambda d: (d.span.start, d.code, d.span.end))
    t0 = time.perf_counter()
    findings = []
    for d in diagnostics:
        if opts["ignore"] and _matches(opts["ignore"], d.rule, d.code):
            continue
        severity = d.severity.label
        for key, value in opts["severity"].items():
            if key in (d.rule, d.code):
                severity = value
        line, col = source.position(d.span.start)
        if source.context is not None and not source.context.owns_line(line):
            continue  # the header or ending lent by another section: reported there
        end_line, end_col = source.position(max(d.span.end, d.span.start))
        if (end_line, end_col) <= (line, col):
            end_line, end_col = line, col + 1
        text = source.line_text(line) if opts.get("source_lines", True) else ""
        findings.append((line + line_offset, col, end_line + line_offset, end_col, d.rule, d.code, severity,
                         d.message, d.suggestion, text, source.label(line)))
    timings["report"] += time.perf_counter() - t0
    return findings


def _to_report(result: dict) -> FileReport:
    return FileReport(result["path"], [Finding(*f) for f in result["findings"]], result["error"])


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    args.config_obj = load_config(args.config) if args.config else None
    lang = args.lang or (args.config_obj.lang if args.config_obj else None) or "vi"
    from doclint.engine import load_rules

    rules = load_rules()
    _check_keys(args.select, "--select", rules, lang)
    _check_keys(args.ignore, "--ignore", rules, lang)
    files, errors = discover(args, lang)
    for message in errors:
        _err(message)
    jobs = []
    stdin_used = False
    for path, display in files:
        config = args.config_obj or config_for(Path(display) if path == "-" else Path(path))
        if config.source:
            where = config.source
            _check_keys(config.select, f"{where}: select", rules, lang)
            _check_keys(config.ignore, f"{where}: ignore", rules, lang)
            _check_keys(list(config.severity), f"{where}: severity", rules, lang)
            for pattern, keys in config.per_file_ignores.items():
                _check_keys(keys, f"{where}: per-file-ignores.{pattern}", rules, lang)
        stdin_text = None
        opts = job_options(args, config, Path(display))
        if path == "-":
            if stdin_used:
                continue
            stdin_used = True
            limit = (opts["max_bytes"] or 20 * 1048576) + 1  # one byte more tells "too big"
            stdin_text = sys.stdin.buffer.read(limit).decode("latin-1")  # bytes through unchanged
        jobs.append((path, display, opts, stdin_text))
    results = _run(jobs, args)
    reports = sorted((_to_report(r) for r in results), key=lambda r: r.path)
    for report in reports:
        if report.error:
            _err(report.error)
    for result in sorted(results, key=lambda r: r["path"]):
        for note in result.get("notes", ()):  # a reader's remark on a file it could read
            _err(note)
    t0 = time.perf_counter()
    options = ReportOptions(lang=lang, color=_use_color(args), quiet=args.quiet,
                            rules={r.name: r for r in rules})
    REPORTERS[args.format](reports, options)
    sys.stdout.flush()
    if args.profile:
        timings: dict[str, float] = defaultdict(float)
        for r in results:
            for key, value in r["timings"].items():
                timings[key] += value
        timings["report"] = time.perf_counter() - t0
        _print_profile(timings, time.perf_counter() - started, len(jobs))
    if errors or any(r.error for r in reports):
        return 2
    threshold = Severity.parse(args.fail_on)
    failing = any(Severity.parse(f.severity) >= threshold for r in reports for f in r.findings)
    return 1 if failing else 0


def _use_color(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def _run(jobs: list[tuple], args: argparse.Namespace) -> list[dict]:
    workers = max(1, min(args.jobs, len(jobs)))
    show_progress = (len(jobs) > PROGRESS_THRESHOLD and sys.stderr.isatty() and not args.quiet)
    if workers > 1 and len(jobs) > POOL_THRESHOLD:
        chunk = max(1, len(jobs) // (workers * 4))
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            iterator = pool.map(lint_job, jobs, chunksize=chunk)
            return _with_progress(iterator, len(jobs), show_progress)
    return _with_progress(map(lint_job, jobs), len(jobs), show_progress)


def _with_progress(iterator, total: int, show: bool) -> list[dict]:
    if not show:
        return list(iterator)
    from rich.console import Console
    from rich.progress import Progress

    out = []
    with Progress(console=Console(file=sys.stderr), transient=True) as progress:
        task = progress.add_task("doclint", total=total)
        for result in iterator:
            out.append(result)
            progress.advance(task)
    return out


def _print_profile(timings: dict[str, float], wall: float, files: int) -> None:
    print(f"profile: {files} files, wall {wall * 1000:.1f} ms (phases summed over files/workers)", file=sys.stderr)
    order = ["read", "parse"] + sorted(k for k in timings if k.startswith("rules:")) + ["report"]
    for key in order:
        if key in timings:
            print(f"  {key:<20} {timings[key] * 1000:>10.1f} ms", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
