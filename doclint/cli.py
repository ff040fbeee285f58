"""The command line: ``doclint check|parse|rules|rule``.

Exit codes: 0 clean, 1 findings at or above ``--fail-on``, 2 usage, config or input errors.
Never a traceback: :func:`main` ends with a last-resort handler that prints one line.
Linting itself is :func:`doclint.engine.lint_path`, the same function the tests and the
Python API call; this module finds the files, resolves the settings of each, runs the
pool and writes the report.
"""

from __future__ import annotations

import gc

# The modules imported here are ~15,000 objects that live to the end of the run: the cycle
# collector, left on, walked them in ~20 collections (~6 ms of a one-file run's start-up);
# imported with it paused and then frozen, no collection walks them.
_COLLECTING = gc.isenabled()
gc.disable()
try:
    import argparse
    import fnmatch
    import os
    import signal
    import sys
    import time
    from collections import defaultdict
    from collections.abc import Iterator
    from contextlib import contextmanager
    from datetime import date
    from pathlib import Path
    from typing import Sequence

    from doclint.config import ConfigError, Settings, config_for, load_config
    from doclint.messages import core
    from doclint.model import Severity
    from doclint.reporters import REPORTERS, FileReport, ReportOptions, report_statistics
    from doclint.rule import Finding, read_error
finally:
    if _COLLECTING:
        gc.freeze()
        gc.enable()

DEFAULT_GLOBS = ("*.txt", "*.md", "*.docx", "*.doc", "*.pdf")  # .doc: through LibreOffice, else a hint
SKIP_DIRS = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
# A process pool pays when a second worker has enough to lint beside the largest file: the bytes
# of all files but the largest, at most half of all (see _parallel_bytes).  Measured on 2 cores
# (565 unique real texts, 38.3 MB, 73.5 s of CPU at 0.52 MB/s): the pool costs ~0.12 s of wall
# (two forks of the warm process, ~0.015 s of CPU) and saves the time of what runs beside.
# Over 20,000 random sets of 2-40 of those files, a threshold of 200 KB by this measure started
# the pool for 47% of them and never where it was slower (0 of 9,496; with rules twice as fast,
# 2); by total bytes, 300 KB still started it 176 times where it was slower (one large file
# and a few letters).  Paired runs, pool forced, user+sys / wall, best of 2-5, on this shared
# machine at load 6-8.5 (so the wall clock shows the contention, not the cores):
#   docs   MB     jobs 1           jobs 2           model, idle 2 cores (LPT + 0.12 s)   pool?
#     5   0.31    1.10 s / 2.26 s  1.04 s / 2.49 s  0.56 -> 0.43 s                       no (157 KB beside)
#    20   1.46    2.95 s / 5.98 s  2.93 s / 6.18 s  2.70 -> 1.47 s                       yes
#   100   6.85   16.5 s / 42.6 s  15.3 s / 41.0 s   14.7 -> 7.5 s                        yes
#   565  38.25   75.1 s / 207 s   83.4 s / 225 s    73.5 -> 36.9 s                       yes
POOL_THRESHOLD = 200_000
# The first run of a process, when it is this small (bytes), lints with the cycle collector paused
# and then frozen: the ~25 collections of a one-file run walked the tables and caches the rules
# build on first use (~4 ms); its garbage is a few MB, left uncollected once.
PAUSE_GC_BYTES = 256_000
# A larger run lints with the cycle collector's youngest generation collected every 20,000 new
# containers instead of 700: a page allocates ~3,000, so at 700 the collector ran ~9 times per
# file, every tenth time walking the middle generation and every ~100th the whole heap (the word
# model's pair sets, the rules' caches): ~13% of the CPU of 190 real texts (8.9 s -> 7.7 s).
# Garbage waits at most 20,000 allocations longer (a few MB); the thresholds are restored after.
YOUNG_GC_THRESHOLD = 20_000
PROGRESS_THRESHOLD = 20
MAX_JOBS = 32  # each worker holds a parser and the rules' data (~50-100 MB)


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="doclint", description="Consistency linter for Vietnamese administrative documents.")
    parser.add_argument("--version", action="version", version=f"doclint {__import__('doclint').__version__}",
                        help="print doclint's version and exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    check = sub.add_parser("check", help="lint documents (.txt, .md, .docx, .pdf)",
                           description="Lint documents. Exit 0: nothing at or above --fail-on; 1: findings at or "
                                       "above it; 2: usage or configuration error, or a file that could not be read.")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="files or folders to lint (folders recursively); - reads stdin")
    out = check.add_argument_group("output")
    out.add_argument("--format", choices=sorted(REPORTERS), default="text",
                     help="report format (default: text)")
    out.add_argument("--output-file", "-o", metavar="FILE", type=Path,
                     help="write the report to FILE instead of stdout")
    out.add_argument("--statistics", action="store_true",
                     help="print the number of findings of each rule instead of the findings")
    out.add_argument("--quiet", "-q", action="store_true", help="findings only: no snippets, no summary")
    out.add_argument("--no-color", action="store_true",
                     help="no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them, FORCE_COLOR=0 turns them off)")
    out.add_argument("--lang", choices=["vi", "en"], help="language of the messages (default: vi)")
    out.add_argument("--exit-zero", action="store_true",
                     help="exit 0 even when there are findings (unreadable files still exit 2)")
    out.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                     help="lowest severity that makes the exit code 1 (default: error)")
    sel = check.add_argument_group("rule selection (rule names, codes, code prefixes such as DL1, "
                                   "family names such as structure, or ALL)")
    sel.add_argument("--select", action="append", type=_csv, metavar="RULES",
                     help="run only these rules (replaces the config's select; repeat or comma-separate)")
    sel.add_argument("--extend-select", action="append", type=_csv, metavar="RULES",
                     help="run these rules as well as the selected ones")
    sel.add_argument("--ignore", action="append", type=_csv, metavar="RULES",
                     help="do not run these rules (adds to the config's ignore)")
    sel.add_argument("--stage", choices=["draft", "final"],
                     help="final: blank numbers and dates become errors (documents about to be signed)")
    sel.add_argument("--document-date", type=_date, metavar="YYYY-MM-DD",
                     help="the document's date, when its header has none (dates after it are flagged)")
    files = check.add_argument_group("files and configuration")
    files.add_argument("--include", action="append", type=_csv, metavar="GLOBS",
                       help=f"file patterns to lint inside folders (default: {' '.join(DEFAULT_GLOBS)})")
    files.add_argument("--exclude", action="append", type=_csv, metavar="GLOBS",
                       help="file or folder patterns to skip inside folders (adds to the config's exclude)")
    files.add_argument("--stdin-filename", metavar="NAME", help="the name to report for - (stdin)")
    files.add_argument("--max-file-size", type=_positive_float, metavar="MB",
                       help="skip files larger than this, as unreadable (default: 20)")
    files.add_argument("--timeout", type=_positive_float, metavar="SECONDS",
                       help="CPU seconds one file may take before it is reported as unreadable "
                            "(default: 60 + 20 per MB)")
    files.add_argument("--config", action="append", metavar="PATH|KEY=VALUE",
                       help="a configuration file used for every file (no discovery), or a TOML "
                            "'key = value' that overrides one setting of the configuration (repeatable)")
    files.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    files.add_argument("--show-settings", action="store_true",
                       help="print the resolved settings of the first file and the config file they came from")
    files.add_argument("--show-files", action="store_true", help="print the files that would be linted and exit")
    fixes = check.add_argument_group("fixes")
    fixes.add_argument("--fix", action="store_true",
                       help="apply the safe fixes to .txt/.md files, then report what remains")
    fixes.add_argument("--unsafe-fixes", action="store_true",
                       help="with --fix or --diff, apply the unsafe fixes too (a confusable word's suggestion)")
    fixes.add_argument("--diff", action="store_true",
                       help="print the fixes as a unified diff and change nothing (exit 1 when there are any)")
    run = check.add_argument_group("run")
    run.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                     help=f"worker processes (default and upper bound: the CPUs this process may use, at most {MAX_JOBS})")
    run.add_argument("--dask-scheduler", metavar="ADDRESS",
                     help="lint the files as tasks on this Dask cluster (tcp://host:8786), their bytes sent with "
                          "the tasks; the report is that of a local run (needs: pip install 'doclint[dask]')")
    run.add_argument("--profile", action="store_true", help="print the time of each phase on stderr")
    run.add_argument("--no-cache", action="store_true",
                     help="lint every file again instead of answering unchanged files from the result cache")
    run.add_argument("--cache-dir", metavar="DIR",
                     help="the result cache folder (default: cache-dir setting, $DOCLINT_CACHE_DIR, ~/.cache/doclint)")
    parse = sub.add_parser("parse", help="print how doclint understood a document",
                           description="Print the structure doclint parsed: header, sections, footnotes.")
    parse.add_argument("file", help="the document (- for stdin)")
    rules = sub.add_parser("rules", help="list the rules", description="List every rule (built-in and plugins).")
    rules.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the summaries")
    rules.add_argument("--format", choices=["text", "json"], default="text",
                       help="json: name, code, family, severity, summary, fixable, url")
    annotate = sub.add_parser("annotate", help="write a copy of a Word draft with a comment on each finding",
                              description="Write a copy of DRAFT.docx with a Word review comment (author doclint) on "
                                          "the text of each finding; the draft itself is not changed.")
    annotate.add_argument("file", metavar="DRAFT.docx", help="the Word draft")
    annotate.add_argument("--output", "-o", type=Path, metavar="OUT.docx",
                          help="where to write the copy (default: DRAFT.doclint.docx)")
    annotate.add_argument("--suggest", action="store_true",
                          help="also write safe replacements as tracked changes (accept or reject them in Word)")
    annotate.add_argument("--lang", choices=["vi", "en"], help="language of the comments (default: vi)")
    annotate.add_argument("--stage", choices=["draft", "final"], help="as for check")
    web = sub.add_parser("web", help="a local page to check a document in the browser",
                         description="Serve a page on this computer where a document can be dropped, its report "
                                     "read and the annotated .docx downloaded. Nothing is kept or sent anywhere.")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    web.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    web.add_argument("--max-upload", type=_positive_float, default=20, metavar="MB",
                     help="largest upload accepted, in MB (default: 20)")
    web.add_argument("--lang", choices=["vi", "en"], help="language of the page (default: vi)")
    rule = sub.add_parser("rule", help="print one rule's documentation",
                          description="Print one rule's documentation.")
    rule.add_argument("name", help="rule name or code")
    rule.add_argument("--lang", choices=["vi", "en"], default="vi", help="language of the documentation")
    sub.add_parser("server", help="run the Language Server over stdio (editors; needs doclint[lsp])",
                   description="A Language Server over stdio: diagnostics for .txt/.md, fixes as code actions.")
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
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be > 0: {text!r}")
    return value


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def available_cpus() -> int:
    """CPUs this process may use: its affinity mask and a cgroup (container) CPU quota."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        count = min(count, quota)
    return max(1, count)


def _cgroup_quota() -> int | None:
    """The CPU quota of this process's cgroup in whole CPUs (v2 ``cpu.max``, v1 ``cfs_quota_us``)."""
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        try:
            quota = Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").read_text().strip()
            period = Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        if quota in ("max", "-1") or int(period) <= 0:
            return None
        return max(1, -(-int(quota) // int(period)))
    except ValueError:
        return None


def _err(message: str) -> None:
    print(printable(message).replace("\n", " "), file=sys.stderr, flush=True)


def printable(text: str) -> str:
    """A file name or message any stream can print: undecodable bytes of a file name
    (surrogate escapes) as \\xNN."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Terminated(BaseException):
    """SIGTERM: stop the workers and exit 143.  A BaseException, like KeyboardInterrupt: the
    per-file ``except Exception`` of the readers and the engine must not take it for a
    damaged file and go on (a PDF being read reported "corrupt (Terminated)")."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


# -- entry point -------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    previous = _install_sigterm()
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
    except Terminated:
        _err("doclint: terminated")
        return 143
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else 0
    except Exception as exc:  # last resort: one line, never a traceback
        from doclint.engine import describe_error

        _err(f"doclint: internal error: {describe_error(exc)}")
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _install_sigterm():
    try:
        return signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        return None


def _silence_stdout() -> None:
    """After a broken pipe: nothing more reaches stdout, and the interpreter's final flush
    does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "parse":
        return cmd_parse(args.file)
    if args.command == "rules":
        return cmd_rules(args.lang, args.format)
    if args.command == "server":
        return cmd_server()
    if args.command == "web":
        from doclint.web import cmd_web

        return cmd_web(args)
    if args.command == "annotate":
        from doclint.annotate import cmd_annotate

        return cmd_annotate(args)
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
    print(format_tree(parse_text(source.text, source.path, line_labels=source.line_labels)))
    return 0


def cmd_server() -> int:
    try:
        from doclint.server import main as serve
    except ImportError as exc:
        _err(f"doclint server needs pygls: pip install 'doclint[lsp]' ({exc})")
        return 2
    return serve()


def rule_rows(lang: str) -> list[dict[str, object]]:
    """What ``doclint rules --format json`` prints: one object per rule."""
    from doclint.engine import load_rules

    template = _docs_url()
    return [{"name": r.name, "code": r.code, "family": r.family, "severity": r.severity.label,
             "summary": r.summary(lang), "fixable": bool(getattr(r, "fixable", False)), "url": r.url(template)}
            for r in load_rules()]


def cmd_rules(lang: str, fmt: str = "text") -> int:
    rows = rule_rows(lang)
    if fmt == "json":
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    keys = ("name", "code", "severity", "family")
    widths = [max(len(k), *(len(str(row[k])) for row in rows)) if rows else len(k) for k in keys]
    print("  ".join(k.ljust(w) for k, w in zip(keys, widths)) + "  summary")
    for row in rows:
        print("  ".join(str(row[k]).ljust(w) for k, w in zip(keys, widths)) + "  " + str(row["summary"]))
    return 0


def cmd_rule(name: str, lang: str) -> int:
    from doclint.engine import load_rules

    for cls in load_rules():
        if name in (cls.name, cls.code):
            print(f"{cls.name} ({cls.code}) — {cls.severity.label}, {cls.family}\n")
            print(cls.doc(lang))
            print(f"\n{cls.url(_docs_url())}")
            return 0
    _err(f"doclint: {core('unknown-rule', lang).format(name=name)}")
    return 2


# -- check -----------------------------------------------------------------------------------------
def cli_overrides(args: argparse.Namespace) -> dict[str, object]:
    """The settings the command line gives (None: not given, the config's value stays)."""
    def joined(groups: list[list[str]] | None) -> tuple[str, ...] | None:
        return tuple(k for group in groups for k in group) if groups is not None else None

    return {
        "select": joined(args.select), "extend_select": joined(args.extend_select), "ignore": joined(args.ignore),
        "stage": args.stage, "lang": args.lang, "document_date": args.document_date,
        "include": joined(args.include), "exclude": joined(args.exclude), "max_file_size": args.max_file_size,
        "cache_dir": str(Path(args.cache_dir).resolve()) if getattr(args, "cache_dir", None) else None,
        "timeout": args.timeout,
    }


class Resolver:
    """The settings of each file: the closest config (or --config, or none with --isolated)
    with the command line on top, each config read, checked and resolved once."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.overrides = cli_overrides(args)
        self.isolated = args.isolated
        paths, self.inline = _split_config_options(args.config or [])
        if len(paths) > 1:
            raise UsageError("doclint: --config: only one configuration file may be given")
        self.fixed = load_config(paths[0]) if paths and not args.isolated else None
        self._done: dict[Settings, Settings] = {}
        lang = args.lang or self.inline.get("lang") or (self.fixed.lang if self.fixed else "vi")
        _check_options(self.overrides, lang)
        if self.inline:
            from doclint.engine import check_selectors

            check_selectors(Settings().merged(self.inline), "--config")
        self.defaults = self._resolve(self.fixed or Settings())

    def for_path(self, path: Path) -> Settings:
        if self.fixed is not None or self.isolated:
            return self.defaults
        return self._resolve(config_for(path))

    def _resolve(self, config: Settings) -> Settings:
        resolved = self._done.get(config)
        if resolved is None:
            if config.source:
                from doclint.engine import check_selectors

                check_selectors(config, config.source)
            resolved = self._done[config] = config.merged(self.inline).merged(self.overrides)
        return resolved


def _split_config_options(values: list[str]) -> tuple[list[Path], dict[str, object]]:
    """--config values: configuration files, and TOML ``key = value`` overrides (as in ruff)."""
    from doclint.config import inline_option

    paths: list[Path] = []
    inline: dict[str, object] = {}
    for value in values:
        if "=" in value and not Path(value).exists():
            for key, setting in inline_option(value).items():
                inline[key] = setting
        else:
            paths.append(Path(value))
    return paths, inline


def _check_options(overrides: dict[str, object], lang: str) -> None:
    """An unknown selector on the command line is a usage error that names it."""
    for key in ("select", "extend_select", "ignore"):
        if not overrides[key]:
            continue  # no selector to check: the rules need not be imported (a cached run never does)
        from doclint.engine import load_rules
        from doclint.rule import unknown_selectors

        for unknown in unknown_selectors(overrides[key], load_rules()):
            option = "--" + key.replace("_", "-")
            raise UsageError(f"doclint: {option}: {core('unknown-selector', lang).format(name=unknown)}")


def discover(args: argparse.Namespace, resolver: Resolver, lang: str) -> tuple[list[tuple[str, str]], list[FileReport], list[str]]:
    """(path, display) of every document to lint, the reports of paths that cannot be read,
    and notes (a folder with no documents)."""
    files: list[tuple[str, str]] = []
    errors: list[FileReport] = []
    notes: list[str] = []
    for raw in args.paths:
        if raw == "-":
            files.append(("-", args.stdin_filename or "stdin"))
            continue
        path = Path(raw)
        shown = printable(raw)
        try:
            exists, is_dir = path.exists(), path.is_dir()
        except OSError as exc:
            errors.append(FileReport(shown, [], core("unreadable", lang).format(path=shown, reason=exc.strerror)))
            continue
        if not exists:
            errors.append(FileReport(shown, [], core("missing", lang).format(path=shown)))
        elif is_dir:
            settings = resolver.for_path(path)
            found, unreadable = _walk(path, settings)
            for folder, reason in unreadable:
                name = printable(folder)
                errors.append(FileReport(name, [], core("unreadable-dir", lang).format(path=name, reason=reason)))
            if not found and not unreadable:
                notes.append(core("no-documents", lang).format(path=shown, globs=" ".join(_includes(settings))))
            files.extend((str(p), printable(str(p))) for p in found)
        else:
            files.append((raw, shown))
    seen: set[str] = set()
    unique = [f for f in files if not (f[0] in seen or seen.add(f[0]))]  # type: ignore[func-returns-value]
    return sorted(unique, key=lambda f: f[1]), errors, notes


def _includes(settings: Settings) -> tuple[str, ...]:
    return settings.include or DEFAULT_GLOBS


WORD_OWNER_PREFIX = "~$"  # "~$o cao.docx": Word's owner file for an open "Báo cao.docx"


def _walk(root: Path, settings: Settings) -> tuple[list[Path], list[tuple[str, str]]]:
    """Documents under ``root`` (suffixes matched in any case: REPORT.DOCX), and the
    sub-folders that could not be read, with the reason."""
    includes = [g.lower() for g in _includes(settings)]
    excludes = list(settings.exclude)
    found: list[Path] = []
    unreadable: list[tuple[str, str]] = []

    def failed(exc: OSError) -> None:
        unreadable.append((exc.filename or str(root), exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=failed):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in filenames:
            if name.startswith(WORD_OWNER_PREFIX):
                continue  # the lock file Word keeps beside a draft while it is open: no document
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if not any(fnmatch.fnmatchcase(name.lower(), g) or fnmatch.fnmatchcase(rel.lower(), g) for g in includes):
                continue
            parts = rel.split("/")
            if any(fnmatch.fnmatch(rel, g) or any(fnmatch.fnmatch(p, g) for p in parts) for g in excludes):
                continue
            found.append(path)
    return sorted(found), unreadable


DEFAULT_STDIN_LIMIT = 20 * 1048576  # reader.DEFAULT_MAX_BYTES, without importing the reader here


def lint_job(job: tuple[str, str, Settings, bytes | None]) -> tuple[str, list[Finding], dict[str, float]]:
    """Lint one file in a worker: (display name, findings, timings), all plain data. Every
    failure is caught per file (the engine reports it as a ``read-error`` finding)."""
    from doclint.engine import describe_error, lint_bytes, lint_path

    path, display, settings, data = job
    timings: dict[str, float] = {}
    try:
        if data is not None:
            findings = lint_bytes(data, display, settings)
        else:
            findings = lint_path(path, settings, display=display, timings=timings)
    except Exception as exc:  # noqa: BLE001 -- e.g. MemoryError-free failures outside the engine's guard
        findings = [read_error(display, core("file-failed", settings.lang).format(path=display,
                                                                                error=describe_error(exc)))]
    return display, findings, timings


_pipeline_loaded = False


def _load_pipeline() -> None:
    """Import the pipeline and load the rules, once per process, with the cycle collector
    paused, then freeze what that built: modules, classes and rule tables live to the end, and
    walking them again in every collection cost a one-file run ~10 ms (of ~300)."""
    global _pipeline_loaded
    if _pipeline_loaded:
        return
    _pipeline_loaded = True
    enabled = gc.isenabled()
    gc.disable()
    try:
        from doclint.engine import load_rules

        load_rules()
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    _load_pipeline()
    resolver = Resolver(args)
    lang = resolver.defaults.lang
    if args.dask_scheduler:
        _require_dask(lang)
    files, unread, notes = discover(args, resolver, lang)
    if args.show_files:
        for _, display in files:
            print(display)
        return 0
    if args.show_settings:
        first = files[0] if files else ("-", "-")
        settings = resolver.defaults if first[0] == "-" else resolver.for_path(Path(first[0]))
        print(f"file = {first[1]}")
        print("\n".join(settings.describe()))
        from doclint.engine import selected_rules

        print("rules = [" + ", ".join(r.code for r in selected_rules(settings, settings.ignored_for(first[1]))) + "]")
        return 0
    for note in notes:
        _err(note)
    if args.fix or args.diff:
        changes = apply_fixes(files, resolver, args, lang)
        if args.diff:
            return 1 if changes else 0
    jobs = []
    stdin_used = False
    for path, display in files:
        settings = resolver.for_path(Path(display) if path == "-" else Path(path))
        data = None
        if path == "-":
            if stdin_used:
                continue
            stdin_used = True
            data = sys.stdin.buffer.read((settings.max_bytes or DEFAULT_STDIN_LIMIT) + 1)  # +1: tells "too big"
        jobs.append((path, display, settings, data))
    results = _cached_run(jobs, args)
    reports = sorted([*(FileReport.of(display, findings) for display, findings, _ in results), *unread],
                     key=lambda r: r.path)
    for report in reports:
        if report.error:
            _err(report.error)
    t0 = time.perf_counter()
    code = _exit_code(reports, args)
    try:
        _write_report(reports, args, lang, resolver)
    except BrokenPipeError:
        _silence_stdout()
        return max(code, 1)
    if args.profile:
        timings: dict[str, float] = defaultdict(float)
        for _, _, job_timings in results:
            for key, value in job_timings.items():
                timings[key] += value
        timings["report"] += time.perf_counter() - t0
        _print_profile(timings, time.perf_counter() - started, len(jobs))
    return code


def apply_fixes(files: list[tuple[str, str]], resolver: Resolver, args: argparse.Namespace, lang: str) -> int:
    """--fix writes the fixes of every .txt/.md file, --diff prints them; the number of
    fixes. A file that cannot be read is left to the lint that follows to report."""
    from doclint.fix import ChangedOnDisk, fix_path, fixable_path, write
    from doclint.reader import ReadError

    count = files_changed = 0
    for path, display in files:
        if path == "-" or not fixable_path(Path(path)):
            continue
        try:
            result = fix_path(Path(path), resolver.for_path(Path(path)), display, args.unsafe_fixes)
        except (ReadError, OSError):
            continue
        if not result.changed:
            continue
        if args.diff:
            sys.stdout.write(result.diff(display))
        else:
            try:
                write(Path(path), result)
            except ChangedOnDisk:
                _err(core("fix-changed", lang).format(path=display))
                continue
            except OSError as exc:
                _err(core("fix-failed", lang).format(path=display, reason=exc.strerror or exc))
                continue
        count += result.applied
        files_changed += 1
    if count:
        _err(core("would-fix" if args.diff else "fixed", lang).format(count=count, files=files_changed))
    return count


def _cached_run(jobs: list[tuple], args: argparse.Namespace) -> list[tuple]:
    """Lint the jobs, answering unchanged files from the result cache (not stdin, not with
    --no-cache or --profile) and storing the new results."""
    if args.no_cache or args.profile:
        return _run(jobs, args)
    from doclint import cache
    from doclint.reader import DEFAULT_MAX_BYTES, ReadError, read_bytes

    answered: dict[int, tuple] = {}
    misses: list[tuple] = []
    keys: list[tuple[Path, str] | None] = []
    for index, job in enumerate(jobs):
        path, display, settings, data = job
        where = cache.folder(settings.cache_dir) if data is None else None
        entry_key = None
        if where is not None:
            try:  # through the reader's checks: a device or FIFO must never be read to hash it
                data_now = read_bytes(Path(path), settings.max_bytes or DEFAULT_MAX_BYTES, display)
                entry_key = cache.key(display, data_now, settings)
            except (ReadError, OSError):
                entry_key = None
        found = cache.load(where, entry_key) if entry_key is not None else None
        if found is not None:
            answered[index] = (display, found, {})
        else:
            misses.append(job)
            keys.append((where, entry_key) if entry_key is not None else None)
    linted = iter(_run(misses, args))
    stored: set[Path] = set()
    results = []
    miss_keys = iter(keys)
    for index in range(len(jobs)):
        if index in answered:
            results.append(answered[index])
            continue
        result, place = next(linted), next(miss_keys)
        results.append(result)
        if place is not None and not any(f.rule in ("read-error", "internal-error") for f in result[1]):
            cache.store(place[0], place[1], result[1])
            stored.add(place[0])
    for where in stored:
        cache.evict(where)
    return results


def _exit_code(reports: list[FileReport], args: argparse.Namespace) -> int:
    if any(r.error for r in reports):
        return 2
    if args.exit_zero:
        return 0
    threshold = Severity.parse(args.fail_on)
    return 1 if any(Severity.parse(f.severity) >= threshold for r in reports for f in r.findings) else 0


def _write_report(reports: list[FileReport], args: argparse.Namespace, lang: str, resolver: Resolver) -> None:
    to_file = args.output_file is not None
    try:
        stream = args.output_file.open("w", encoding="utf-8") if to_file else None
    except OSError as exc:
        raise UsageError(f"doclint: --output-file: {printable(str(args.output_file))}: {exc.strerror or exc}") from None
    try:
        options = ReportOptions(lang=lang, color=not to_file and use_color(args.no_color, sys.stdout),
                                quiet=args.quiet, out=stream, docs_url=_docs_url(resolver),
                                rules=_rules_by_name() if args.format == "sarif" else {})
        if args.statistics:
            report_statistics(reports, options, args.format)
        else:
            REPORTERS[args.format](reports, options)
        options.stream.flush()
    finally:
        if stream is not None:
            stream.close()


def _docs_url(resolver: Resolver | None = None) -> str | None:
    """The ``docs-url`` setting of the run: the configuration of the current folder."""
    try:
        return (resolver.for_path(Path.cwd()) if resolver else config_for(Path.cwd())).docs_url
    except ConfigError:
        return resolver.defaults.docs_url if resolver else None


def _rules_by_name() -> dict[str, type]:
    from doclint.engine import load_rules

    return {r.name: r for r in load_rules()}


def use_color(no_color: bool, stream) -> bool:
    """--no-color and NO_COLOR (any non-empty value) turn colour off; FORCE_COLOR turns it on
    unless it is 0/false/no (the Node.js convention); otherwise colour only on a terminal."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force != "":
        return force.strip().lower() not in ("0", "false", "no", "off")
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _worker_init() -> None:
    # a worker dies on SIGTERM (the default), and leaves Ctrl-C to the main process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(max(gc.get_threshold()[0], YOUNG_GC_THRESHOLD), *gc.get_threshold()[1:])  # as _fewer_collections


def _require_dask(lang: str) -> None:
    from doclint.distributed import ClusterError, require_dask

    try:
        require_dask(lang)
    except ClusterError as exc:
        raise UsageError(str(exc)) from None


def _run(jobs: list[tuple], args: argparse.Namespace) -> list[tuple]:
    show_progress = (len(jobs) > PROGRESS_THRESHOLD and sys.stderr.isatty() and not args.quiet)
    if getattr(args, "dask_scheduler", None):
        return _run_on_cluster(jobs, args, show_progress)
    cpus = available_cpus()
    workers = max(1, min(args.jobs or cpus, cpus, MAX_JOBS, len(jobs)))
    if workers > 1 and _parallel_bytes(jobs) >= POOL_THRESHOLD:
        pool = _pool(workers)
        order = sorted(range(len(jobs)), key=lambda i: -_job_bytes(jobs[i]))  # largest first: workers end together
        try:
            done = _with_progress(pool.map(lint_job, [jobs[i] for i in order]), len(jobs), show_progress)
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown()
        results: list[tuple] = [()] * len(jobs)
        for index, result in zip(order, done):
            results[index] = result
        return results
    global _first_run
    paused = _first_run and gc.isenabled() and sum(map(_job_bytes, jobs)) <= PAUSE_GC_BYTES
    _first_run = False
    if paused:
        gc.disable()
    try:
        with _fewer_collections():
            return _with_progress(map(lint_job, jobs), len(jobs), show_progress)
    finally:
        if paused:
            gc.freeze()
            gc.enable()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector's youngest threshold raised to :data:`YOUNG_GC_THRESHOLD` for a run."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


_first_run = True


def _pool(workers: int):
    """A process pool whose workers start with the rules loaded: on Linux they are forked
    from this process after it loaded them (~0.3 s of CPU each saved), elsewhere spawned."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = None
    if sys.platform == "linux":
        from doclint.engine import lint_text

        lint_text(_WARM_UP)  # imports the rules, builds the parsers, compiles the common patterns
        context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, mp_context=context)


_WARM_UP = "ỦY BAN NHÂN DÂN\nSố: 1/QĐ-UBND\nHà Nội, ngày 01 tháng 01 năm 2025\n\nĐiều 1. Các các đơn vị 1.234,5 tỷ đồng.\n"


def _parallel_bytes(jobs: list[tuple]) -> int:
    """The bytes a second worker could lint while the first lints the largest file."""
    sizes = [_job_bytes(job) for job in jobs]
    total = sum(sizes)
    return min(total - max(sizes, default=0), total // 2)


def _job_bytes(job: tuple) -> int:
    path, _, _, data = job
    if data is not None:
        return len(data)
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def _run_on_cluster(jobs: list[tuple], args: argparse.Namespace, show_progress: bool) -> list[tuple]:
    """The jobs run on the Dask cluster at --dask-scheduler, results in the jobs' order."""
    from doclint.distributed import ClusterError, run_on_cluster

    lang = args.lang or (jobs[0][2].lang if jobs else "vi")
    try:
        done = _with_progress(run_on_cluster(jobs, args.dask_scheduler, lang, lint_job), len(jobs), show_progress)
    except ClusterError as exc:
        raise UsageError(str(exc)) from None
    return [result for _, result in sorted(done, key=lambda pair: pair[0])]


def _stop(pool) -> None:
    """Terminate the workers now (SIGTERM, Ctrl-C, an error): never leave them running."""
    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)


def _with_progress(iterator, total: int, show: bool) -> list:
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
