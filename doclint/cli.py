"""The command line: ``doclint check``, ``parse``, ``rules``, ``rule``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 a usage or
configuration error, or a file that could not be read (one line on stderr for each; the
other files are still linted).  Never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from typing import Sequence

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.docx", "*.pdf")
SEVERITIES = ("info", "warning", "error")


@dataclass(slots=True)
class Job:
    """Everything a worker needs to lint one file (plain data: it crosses processes)."""

    path: str
    display: str
    select: list[str] | None
    ignore: list[str]
    severity: dict[str, str]
    stage: str
    lang: str
    document_date: date | None
    confusables: list[str]
    max_bytes: int
    profile: bool
    options: dict[str, dict[str, object]] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    display: str
    error: str | None
    rows: list  # reporters.Row
    timings: dict[str, float]


def lint_job(job: Job, stdin_text: str | None = None) -> Outcome:
    from doclint.engine import select_rules, run_rules
    from doclint.parse import parse_text
    from doclint.reader import ReadError, Source, read_path
    from doclint.reporters import rows_of
    from doclint.engine import FileResult
    from doclint.rule import Settings

    timings: dict[str, float] = defaultdict(float)
    start = time.perf_counter()
    try:
        source = Source.from_text(job.display, stdin_text) if stdin_text is not None else \
            read_path(Path(job.path), job.max_bytes, job.display)
    except ReadError as exc:
        return Outcome(job.display, str(exc), [], {})
    now = time.perf_counter()
    timings["read"] += now - start
    doc = parse_text(source.text, source.path)
    if source.layout is not None:
        doc.meta["layout"] = source.layout
    if source.line_labels is not None:
        doc.meta["line_labels"] = source.line_labels
    doc.meta["source_kind"] = Path(job.path).suffix.lower().lstrip(".") or "txt"
    timings["parse"] += time.perf_counter() - now
    settings = Settings(lang=job.lang, stage=job.stage, document_date=job.document_date,
                        options=job.options, extra_confusables=job.confusables)
    rules = select_rules(job.select, job.ignore)
    diagnostics = []
    if job.profile:
        by_family: dict[str, list] = defaultdict(list)
        for rule in rules:
            by_family[rule.family].append(rule)
        for family, members in by_family.items():
            now = time.perf_counter()
            diagnostics.extend(run_rules(doc, members, settings))
            timings[f"rules:{family}"] += time.perf_counter() - now
        diagnostics.sort(key=lambda d: (d.span.start, d.code, d.span.end))
    else:
        diagnostics = run_rules(doc, rules, settings)
    now = time.perf_counter()
    rows = rows_of([FileResult(source.path, source, diagnostics)])
    for row in rows:
        override = job.severity.get(row.rule) or job.severity.get(row.code)
        if override:
            row.severity = override
    timings["report"] += time.perf_counter() - now
    return Outcome(job.display, None, rows, dict(timings))


def _lint_chunk(jobs: list[Job]) -> list[Outcome]:
    return [lint_job(job) for job in jobs]


# -- command line -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="doclint", description="Consistency linter for Vietnamese administrative documents.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")
    check = sub.add_parser("check", help="lint documents")
    check.add_argument("paths", nargs="*", default=["."], help="files, directories, or - for stdin")
    check.add_argument("--format", default="text", choices=["text", "json", "sarif", "github", "concise"])
    check.add_argument("--select", default=None, help="comma-separated rule names or codes (default: all)")
    check.add_argument("--ignore", default=None, help="comma-separated rule names or codes to skip")
    check.add_argument("--fail-on", default="error", choices=SEVERITIES)
    check.add_argument("--stage", choices=["draft", "final"], default=None)
    check.add_argument("--lang", choices=["vi", "en"], default=None)
    check.add_argument("--document-date", default=None, help="YYYY-MM-DD: the date of the document(s)")
    check.add_argument("--include", action="append", default=None, help="glob of files to lint in directories")
    check.add_argument("--exclude", action="append", default=None, help="glob of files to skip")
    check.add_argument("--stdin-filename", default="stdin.txt")
    check.add_argument("--no-color", action="store_true")
    check.add_argument("--quiet", action="store_true")
    check.add_argument("--jobs", type=int, default=None, help="processes (default: number of cores)")
    check.add_argument("--max-file-size", type=float, default=None, help="largest file in MB (default 20)")
    check.add_argument("--config", default=None, help="configuration file (default: found from each file)")
    check.add_argument("--profile", action="store_true", help="print where the time went on stderr")
    parse = sub.add_parser("parse", help="print how doclint understood a document")
    parse.add_argument("file")
    rules = sub.add_parser("rules", help="list all rules")
    rules.add_argument("--lang", choices=["vi", "en"], default="vi")
    rule = sub.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("name")
    rule.add_argument("--lang", choices=["vi", "en"], default="vi")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        print("doclint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last resort: one line, never a traceback
        print(f"doclint: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    if args.version:
        from doclint import __version__

        print(f"doclint {__version__}")
        return 0
    if args.command == "check":
        return command_check(args)
    if args.command == "parse":
        return command_parse(args)
    if args.command == "rules":
        return command_rules(args)
    if args.command == "rule":
        return command_rule(args)
    parser.print_help()
    return 2


def command_parse(args: argparse.Namespace) -> int:
    from doclint.parse import format_tree, parse_text
    from doclint.reader import ReadError, read_path

    try:
        source = read_path(Path(args.file))
    except ReadError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(format_tree(parse_text(source.text, source.path)))
    return 0


def command_rules(args: argparse.Namespace) -> int:
    from doclint.engine import load_rules

    for cls in load_rules():
        print(f"{cls.code:6} {cls.name:28} {cls.severity.label:8} {cls.family:10} {cls.summary(args.lang)}")
    return 0


def command_rule(args: argparse.Namespace) -> int:
    from doclint.engine import load_rules

    for cls in load_rules():
        if args.name in (cls.name, cls.code):
            print(f"{cls.name} ({cls.code}, {cls.severity.label})\n")
            print(cls.doc(args.lang))
            return 0
    print(f"doclint: unknown rule {args.name!r} (see `doclint rules`)", file=sys.stderr)
    return 2


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def command_check(args: argparse.Namespace) -> int:
    from doclint.config import Config, ConfigError, find_config, load_file

    try:
        explicit = load_file(Path(args.config)) if args.config else None
        document_date = date.fromisoformat(args.document_date) if args.document_date else None
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValueError:
        print(f"doclint: --document-date must be YYYY-MM-DD, not {args.document_date!r}", file=sys.stderr)
        return 2
    errors: list[str] = []
    files, stdin_wanted = _collect(args, errors, explicit)
    jobs: list[Job] = []
    for path, display in files:
        try:
            config = explicit or find_config(path.resolve().parent)
        except ConfigError as exc:
            errors.append(str(exc))
            continue
        jobs.append(_job(args, config, path, display, document_date))
    outcomes: list[Outcome] = []
    if stdin_wanted:
        try:
            config = explicit or find_config(Path.cwd())
        except ConfigError as exc:
            errors.append(str(exc))
        else:
            outcomes.append(_stdin_outcome(args, config, document_date, errors))
    outcomes.extend(_run(jobs, args))
    return _report(args, outcomes, errors)


def _stdin_outcome(args: argparse.Namespace, config, document_date, errors: list[str]) -> Outcome:
    from doclint.reader import ReadError, decode

    job = _job(args, config, Path(args.stdin_filename), args.stdin_filename, document_date)
    try:
        text = decode(sys.stdin.buffer.read(), args.stdin_filename)
    except ReadError as exc:
        return Outcome(args.stdin_filename, str(exc), [], {})
    return lint_job(job, stdin_text=text)


def _job(args: argparse.Namespace, config, path: Path, display: str, document_date: date | None) -> Job:
    select = _split(args.select) or config.select
    ignore = (_split(args.ignore) or []) + list(config.ignore) + sorted(config.ignored_for(path))
    size_mb = args.max_file_size or config.max_file_size or 20
    return Job(
        path=str(path), display=display, select=select, ignore=ignore, severity=dict(config.severity),
        stage=args.stage or config.stage or "draft", lang=args.lang or config.lang or "vi",
        document_date=document_date or config.document_date,
        confusables=[str((config.root or Path.cwd()) / c) for c in config.confusables],
        max_bytes=int(size_mb * 1024 * 1024), profile=args.profile, options=dict(config.options),
    )


def _collect(args: argparse.Namespace, errors: list[str], explicit) -> tuple[list[tuple[Path, str]], bool]:
    from doclint.messages import core

    include = tuple(args.include or (explicit.include if explicit and explicit.include else DEFAULT_INCLUDE))
    exclude = tuple(args.exclude or (explicit.exclude if explicit else ()))
    files: list[tuple[Path, str]] = []
    stdin = False
    seen: set[Path] = set()
    for raw in args.paths:
        if raw == "-":
            stdin = True
            continue
        path = Path(raw)
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and _wanted(p, include, exclude)]
            if not found:
                errors.append(core("no-documents").format(path=raw, globs=", ".join(include)))
            for p in found:
                if p.resolve() not in seen:
                    seen.add(p.resolve())
                    files.append((p, str(p)))
        elif path.exists() or path.is_symlink():
            if path.resolve() not in seen and not any(fnmatch(path.name, g) for g in exclude):
                seen.add(path.resolve())
                files.append((path, raw))
        else:
            errors.append(core("missing").format(path=raw))
    return files, stdin


def _wanted(path: Path, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    if any(part.startswith(".") for part in path.parts[:-1] if part not in (".", "..")):
        return False  # .git, .venv and other hidden folders
    name = path.name
    return any(fnmatch(name, g) for g in include) and not any(fnmatch(name, g) or fnmatch(str(path), g) for g in exclude)


def _run(jobs: list[Job], args: argparse.Namespace) -> list[Outcome]:
    workers = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(jobs) >= 4:
        return _run_parallel(jobs, workers)
    progress = _progress(len(jobs), args)
    outcomes = []
    for job in jobs:
        outcomes.append(lint_job(job))
        if progress:
            progress[0].advance(progress[1])
    if progress:
        progress[0].stop()
    return outcomes


def _progress(total: int, args: argparse.Namespace):
    if total < 20 or args.quiet or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(file=sys.stderr), transient=True)
    task = progress.add_task("doclint", total=total)
    progress.start()
    return progress, task


def _run_parallel(jobs: list[Job], workers: int) -> list[Outcome]:
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(32, len(jobs) // (workers * 4) or 1))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch in pool.map(_lint_chunk, chunks):
            outcomes.extend(batch)
    return outcomes


def _report(args: argparse.Namespace, outcomes: list[Outcome], errors: list[str]) -> int:
    from doclint.reporters import REPORTERS

    start = time.perf_counter()
    outcomes.sort(key=lambda o: o.display)
    for outcome in outcomes:
        if outcome.error:
            errors.append(outcome.error)
    for message in errors:
        print(message, file=sys.stderr)
    rows = [row for outcome in outcomes for row in outcome.rows]
    lang = args.lang or "vi"
    REPORTERS[args.format](rows, sys.stdout, {"no_color": args.no_color, "quiet": args.quiet, "lang": lang})
    sys.stdout.flush()
    if args.profile:
        _print_profile(outcomes, time.perf_counter() - start)
    if errors:
        return 2
    threshold = SEVERITIES.index(args.fail_on)
    return 1 if any(SEVERITIES.index(row.severity) >= threshold for row in rows) else 0


def _print_profile(outcomes: list[Outcome], report_seconds: float) -> None:
    totals: dict[str, float] = defaultdict(float)
    for outcome in outcomes:
        for stage, seconds in outcome.timings.items():
            totals[stage] += seconds
    totals["report"] += report_seconds
    whole = sum(totals.values()) or 1.0
    print(f"{'stage':24} {'ms':>9} {'share':>7}", file=sys.stderr)
    for stage, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{stage:24} {seconds * 1000:9.1f} {seconds / whole:7.1%}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
