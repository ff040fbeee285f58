"""Third-party rules arrive through the ``doclint.rules`` entry-point group."""

from __future__ import annotations

import sys
import textwrap
from contextlib import contextmanager

import pytest

from doclint.engine import load_rules, rule_entry_points
from helpers import lint_string

PLUGIN = '''
from doclint.model import Severity, Span
from doclint.rule import Diagnostic, Rule


class NoXinChao(Rule):
    """Kiểm tra: chữ "xin chào" trong văn bản hành chính.

    Vì sao: ví dụ của một quy tắc bên ngoài.
    Sai: `xin chào`
    Đúng: `kính gửi`

    [en]
    What it checks: the words "xin chào".

    Why: an example plugin.
    Bad: `xin chào`
    Good: `kính gửi`
    """

    name = "no-xin-chao"
    code = "XC001"
    severity = Severity.INFO
    family = "structure"

    def check(self, doc, ctx):
        at = doc.clean.find("xin chào")
        if at >= 0:
            yield Diagnostic(self.name, self.code, self.severity, Span(at, at + 8), "xin chào")


RULES = [NoXinChao]
'''


@contextmanager
def installed(folder, monkeypatch, name: str, entry_points: str, files: dict[str, str]):
    """A distribution ``name`` on sys.path: its files, and its ``doclint.rules`` entry points."""
    for file_name, text in files.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    dist = folder / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[doclint.rules]\n" + entry_points, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    load_rules.cache_clear()
    try:
        yield
    finally:
        load_rules.cache_clear()
        for file_name in files:
            sys.modules.pop(file_name.removesuffix(".py"), None)


@pytest.fixture
def plugin_on_path(tmp_path, monkeypatch):
    with installed(tmp_path, monkeypatch, "xinchao", "xinchao = xinchao_rules\nbroken = no_such_module_here\n",
                   {"xinchao_rules.py": textwrap.dedent(PLUGIN)}):
        yield


def test_builtin_families_are_entry_points():
    names = {name for name, _ in rule_entry_points()}
    assert {"structure", "numeric", "dates", "format", "language", "tables", "layout"} <= names


def test_a_plugin_rule_runs_and_a_broken_plugin_is_skipped(plugin_on_path, capsys):
    codes = {cls.code for cls in load_rules()}
    assert "XC001" in codes and "DL102" in codes
    assert "no_such_module_here" in capsys.readouterr().err
    found = lint_string("Thư xin chào các đồng chí.", ["no-xin-chao"])
    assert [(f.rule, f.text) for f in found] == [("no-xin-chao", "xin chào")]


def test_a_rule_that_raises_becomes_one_internal_error(monkeypatch):
    from doclint.rules.structure import DuplicatedWord

    def boom(self, doc, ctx):
        raise RuntimeError("hỏng")
        yield

    monkeypatch.setattr(DuplicatedWord, "check", boom)
    found = lint_string("các các\n", ["duplicated-word", "section-duplicate"])
    assert [(f.rule, f.severity) for f in found] == [("internal-error", "error")]
    assert "duplicated-word" in found[0].message and "RuntimeError" in found[0].message


GREETING_PLUGIN = '''
from pathlib import Path

from doclint.model import Severity, Span
from doclint.rule import Rule


class NoGreeting(Rule):
    """Kiểm tra: lời chào "xin chào" trong văn bản hành chính.

    Vì sao: ví dụ của một quy tắc bên ngoài có thông điệp riêng.
    Sai: `xin chào`
    Đúng: `kính gửi`

    [en]
    What it checks: the greeting "xin chào".

    Why: an example plugin with its own messages.
    Bad: `xin chào`
    Good: `kính gửi`
    """

    name = "no-greeting"
    code = "GR001"
    severity = Severity.INFO
    family = "greeting"
    messages = str(Path(__file__).with_name("greeting_messages.toml"))

    def check(self, doc, ctx):
        at = doc.clean.find("xin chào")
        if at >= 0:
            yield ctx.report(Span(at, at + 8), "greeting", word="xin chào")


RULES = [NoGreeting]
'''

GREETING_MESSAGES = '''
[no-greeting]
greeting = { vi = "Văn bản hành chính không dùng lời chào \\"{word}\\"", en = "An administrative document does not greet: \\"{word}\\"" }
'''


def test_a_plugin_brings_its_own_message_catalogue_in_both_languages(tmp_path, monkeypatch):
    from doclint.rule import Settings

    files = {"greeting_rules.py": textwrap.dedent(GREETING_PLUGIN), "greeting_messages.toml": GREETING_MESSAGES}
    with installed(tmp_path, monkeypatch, "greeting", "greeting = greeting_rules\n", files):
        vi = lint_string("Thư xin chào các đồng chí.", ["no-greeting"])
        en = lint_string("Thư xin chào các đồng chí.", ["no-greeting"], Settings(lang="en"))
    assert [f.message for f in vi] == ['Văn bản hành chính không dùng lời chào "xin chào"']
    assert [f.message for f in en] == ['An administrative document does not greet: "xin chào"']
