"""``doclint server``: a Language Server over stdio (needs the ``lsp`` extra: pygls).

It lints ``.txt`` and ``.md`` documents as the editor holds them: on open, on save and a moment
after the last change (``DEBOUNCE`` seconds), and publishes the findings as diagnostics. A
finding's fix is offered as a quick fix (code action); ``source.fixAll.doclint`` applies every
safe fix of the document. The configuration is looked up again on every lint (the closest
``.doclint.toml`` or ``pyproject.toml``, as ``doclint check`` does) and the open documents are
linted again when a configuration file changes or is saved.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

import doclint
from doclint.config import CONFIG_NAMES, ConfigError, Settings, config_for, find_config, project_root
from doclint.fix import fix_text
from doclint.reader import TEXT_SUFFIXES, Source, line_starts
from doclint.rule import Finding
from doclint.rule import docs_url as rule_docs_url

DEBOUNCE = 0.3
SOURCE = "doclint"
FIX_ALL = "source.fixAll.doclint"
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}


class DoclintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("doclint", doclint.__version__)
        self.findings: dict[str, tuple[int | None, str, list[Finding]]] = {}  # uri -> (version, text, findings)
        self.pending: dict[str, asyncio.Task] = {}
        self.docs_urls: dict[str, str | None] = {}  # uri -> the docs-url setting that applied


server = DoclintServer()


# -- linting ------------------------------------------------------------------------------------
def _path(uri: str) -> str | None:
    path = to_fs_path(uri)
    return path if path and Path(path).suffix.lower() in TEXT_SUFFIXES else None


def settings_for(ls: DoclintServer, path: str) -> Settings:
    """The configuration that applies to ``path``, read again (it may have changed)."""
    find_config.cache_clear()
    project_root.cache_clear()
    try:
        settings = config_for(Path(path))
        if settings.source:
            from doclint.engine import check_selectors

            check_selectors(settings, settings.source)
        return settings
    except ConfigError as exc:
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"doclint: {exc}"))
        return Settings()


def lint_document(ls: DoclintServer, uri: str) -> None:
    path = _path(uri)
    if path is None:
        return
    document = ls.workspace.get_text_document(uri)
    text = document.source
    findings: list[Finding] = []
    settings = settings_for(ls, path)
    if text.strip():
        from doclint.engine import lint

        findings = lint(Source.from_text(path, text), settings)
    ls.findings[uri] = (document.version, text, findings)
    ls.docs_urls[uri] = settings.docs_url
    lines = text_lines(text)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=document.version, diagnostics=[diagnostic(f, lines, settings.docs_url) for f in findings]))


def text_lines(text: str) -> list[str]:
    starts = line_starts(text.removeprefix("\ufeff"))
    body = text.removeprefix("\ufeff")
    return [body[s:(starts[i + 1] if i + 1 < len(starts) else len(body))].rstrip("\r\n")
            for i, s in enumerate(starts)]


def position(lines: list[str], line: int, column: int) -> types.Position:
    """1-based line and code-point column -> LSP position (0-based, UTF-16 code units)."""
    index = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[index] if lines else ""
    prefix = text[:max(column - 1, 0)]
    return types.Position(line=index, character=len(prefix.encode("utf-16-le")) // 2)


def diagnostic(f: Finding, lines: list[str], docs_url: str | None = None) -> types.Diagnostic:
    message = f.message + (f"\n→ {f.suggestion}" if f.suggestion else "")
    return types.Diagnostic(
        range=types.Range(position(lines, f.line, f.column), position(lines, f.end_line, f.end_column)),
        message=message, severity=_SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.code, source=SOURCE, code_description=types.CodeDescription(href=rule_docs_url(f.rule, docs_url)),
        data={"rule": f.rule, "line": f.line, "column": f.column})


# -- code actions -------------------------------------------------------------------------------
def code_actions(ls: DoclintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    stored = ls.findings.get(uri)
    if stored is None or _path(uri) is None:
        return []
    _, text, findings = stored
    docs_url = ls.docs_urls.get(uri)
    lines = text_lines(text)
    wanted = params.context.only
    actions: list[types.CodeAction] = []
    if not wanted or any(k.startswith(types.CodeActionKind.QuickFix) for k in wanted):
        for f in findings:
            if f.fix is None or not _touches(f, params.range, lines):
                continue
            edits = [types.TextEdit(types.Range(position(lines, e.line, e.column),
                                                position(lines, e.end_line, e.end_column)), e.content)
                     for e in f.fix.edits]
            title = f"{f.code} {f.rule}: " + (f"→ {f.suggestion}" if f.suggestion else "fix")
            if not f.fix.safe:
                title += " (unsafe)"
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic(f, lines, docs_url)],
                is_preferred=f.fix.safe, edit=types.WorkspaceEdit(changes={uri: edits})))
    if (not wanted or any(FIX_ALL.startswith(k) for k in wanted)) and any(f.fix and f.fix.safe for f in findings):
        path = _path(uri) or "document.txt"
        fixed, count, _ = fix_text(text.removeprefix("\ufeff"), settings_for(ls, path), path)
        if count and fixed != text.removeprefix("\ufeff"):
            whole = types.Range(types.Position(0, 0), types.Position(len(lines), 0))
            prefix = "\ufeff" if text.startswith("\ufeff") else ""
            actions.append(types.CodeAction(
                title=f"doclint: fix all ({count})", kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(whole, prefix + fixed)]})))
    return actions


def _touches(f: Finding, selected: types.Range, lines: list[str]) -> bool:
    start = position(lines, f.line, f.column)
    end = position(lines, f.end_line, f.end_column)
    return (start.line, start.character) <= (selected.end.line, selected.end.character) and \
        (selected.start.line, selected.start.character) <= (end.line, end.character)


# -- events -------------------------------------------------------------------------------------
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: DoclintServer, params: types.DidOpenTextDocumentParams) -> None:
    lint_document(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: DoclintServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    ls.pending[uri] = asyncio.ensure_future(_later(ls, uri))


async def _later(ls: DoclintServer, uri: str) -> None:
    await asyncio.sleep(DEBOUNCE)
    ls.pending.pop(uri, None)
    lint_document(ls, uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: DoclintServer, params: types.DidSaveTextDocumentParams) -> None:
    path = to_fs_path(params.text_document.uri) or ""
    if Path(path).name in CONFIG_NAMES:
        relint_all(ls)
    else:
        lint_document(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: DoclintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.findings.pop(uri, None)
    ls.docs_urls.pop(uri, None)
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched_files(ls: DoclintServer, params: types.DidChangeWatchedFilesParams) -> None:
    if any(Path(to_fs_path(c.uri) or "").name in CONFIG_NAMES for c in params.changes):
        relint_all(ls)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def changed_configuration(ls: DoclintServer, params: types.DidChangeConfigurationParams) -> None:
    relint_all(ls)


@server.feature(types.INITIALIZED)
def initialized(ls: DoclintServer, params: types.InitializedParams) -> None:
    """Ask the editor to tell us when a configuration file changes (when it can)."""
    watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if not (watch and watch.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
    ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
        id="doclint-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))


def relint_all(ls: DoclintServer) -> None:
    for uri in list(ls.findings):
        lint_document(ls, uri)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
def code_action(ls: DoclintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    return code_actions(ls, params)


def main() -> int:
    server.start_io()
    return 0
