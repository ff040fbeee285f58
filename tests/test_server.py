"""``doclint server`` driven by a real LSP client over stdio (pygls 2's LanguageClient)."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest

pytest.importorskip("pygls")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from helpers import ROOT, seed  # noqa: E402


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to ``text``."""
    lines = text.splitlines(keepends=True)

    def offset(p: types.Position) -> int:
        before = sum(len(line) for line in lines[:p.line])
        line = lines[p.line] if p.line < len(lines) else ""
        units, at = 0, 0
        while at < len(line) and units < p.character:
            units += len(line[at].encode("utf-16-le")) // 2
            at += 1
        return before + at

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


async def session(path, text: str, tmp_path) -> None:
    client = LanguageClient("test", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def on_message(params) -> None:
        pass

    env = {**os.environ, "DOCLINT_CACHE_DIR": str(tmp_path / "cache")}
    await client.start_io(sys.executable, "-m", "doclint", "server", cwd=str(ROOT), env=env)
    try:
        await client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri()))
        client.initialized(types.InitializedParams())
        uri = path.as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        result = await asyncio.wait_for(published.get(), 120)
        assert result.uri == uri
        doubled = [d for d in result.diagnostics if d.code == "DL106"]
        assert len(doubled) == 2 and all(d.source == "doclint" for d in doubled)
        assert any(d.code == "DL102" for d in result.diagnostics)  # section-duplicate
        first = doubled[0]
        from doclint.rule import DOCS_URL

        assert first.code_description.href == DOCS_URL.replace("{name}", "duplicated-word")  # docs/rules/NAME.md
        assert (ROOT / "docs" / "rules" / "duplicated-word.md").is_file()
        line = text.splitlines()[first.range.start.line]
        assert line[first.range.start.character:first.range.end.character] == "các"

        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri), range=first.range,
            context=types.CodeActionContext(diagnostics=[first])))
        quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and "DL106" in a.title]
        assert len(quick) == 1 and quick[0].is_preferred
        fixed = apply(text, quick[0].edit.changes[uri])
        assert fixed.count("các các") == text.count("các các") - 1
        assert len(fixed) == len(text) - len(" các")

        # the edit applied in the editor: a change, linted again after the debounce
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            [types.TextDocumentContentChangeWholeDocument(text=fixed)]))
        again = await asyncio.wait_for(published.get(), 120)
        assert again.version == 2
        assert len([d for d in again.diagnostics if d.code == "DL106"]) == 1

        # a configuration that appears is read on the next lint
        (tmp_path / ".doclint.toml").write_text('ignore = ["DL106"]\n', encoding="utf-8")
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri=(tmp_path / ".doclint.toml").as_uri(), type=types.FileChangeType.Created)]))
        reloaded = await asyncio.wait_for(published.get(), 120)
        assert not [d for d in reloaded.diagnostics if d.code == "DL106"]
        assert any(d.code == "DL102" for d in reloaded.diagnostics)

        await client.shutdown_async(None)
        client.exit(None)
    finally:
        await client.stop()


def test_server_publishes_diagnostics_and_fixes_over_stdio(tmp_path):
    (tmp_path / ".git").mkdir()  # the configuration lookup stops here
    target = tmp_path / "001.txt"
    text = seed("001").read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    asyncio.run(asyncio.wait_for(session(target, text, tmp_path), 300))
