"""Rule pages docs/rules/NAME.md, generated from the docstrings, and the one URL every output
links them with (SARIF helpUri, ``doclint rules --format json``, the editor server)."""

from __future__ import annotations

import json
import re

import pytest

from doclint.cli import main
from doclint.engine import load_rules
from doclint.rule import DOCS_URL, PSEUDO_RULES, docs_url
from helpers import ROOT, load_script, seed

DOCS = ROOT / "docs" / "rules"


def _gen():
    return load_script("gen_docs")


def test_rule_pages_are_current():
    assert _gen().stale() == [], "docs/rules is stale: run .venv/bin/python scripts/gen_readme.py"


def test_stale_names_changed_missing_and_leftover_pages(tmp_path):
    gen = _gen()
    gen.write(tmp_path)
    assert gen.stale(tmp_path) == []
    (tmp_path / "duplicated-word.md").write_text("old text\n", encoding="utf-8")
    (tmp_path / "section-sequence.md").unlink()
    (tmp_path / "renamed-rule.md").write_text("x\n", encoding="utf-8")
    assert gen.stale(tmp_path) == ["duplicated-word.md", "renamed-rule.md", "section-sequence.md"]
    gen.write(tmp_path)
    assert gen.stale(tmp_path) == [] and not (tmp_path / "renamed-rule.md").exists()


def test_every_rule_has_a_page_with_its_facts_and_examples():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for cls in load_rules():
        page = (DOCS / f"{cls.name}.md").read_text(encoding="utf-8")
        assert f"# `{cls.name}` ({cls.code})" in page
        assert f"| Nhóm / Family | {cls.family} |" in page
        assert f"| Mức mặc định / Default severity | {cls.severity.label}" in page
        assert f"| Tự sửa / Fixable | {'có / yes' if cls.fixable else 'không / no'} |" in page
        assert page.index("## Tiếng Việt") < page.index("## English")
        assert cls.summary("vi") in page and cls.summary("en") in page
        blocks = "\n".join(re.findall(r"```text\n(.*?)```", page, flags=re.S))
        for label in ("Sai", "Đúng", "Bad", "Good"):
            line = next(x for x in (cls.doc("vi") + "\n" + cls.doc("en")).splitlines() if x.startswith(label + ":"))
            for snippet in re.findall(r"`([^`]+)`", line):  # every quoted example is in a code block
                assert snippet in blocks.splitlines(), (cls.name, snippet)
        assert f"[`{cls.name}`]({cls.name}.md) | {cls.code} | {cls.family} |" in index
    for name, code in PSEUDO_RULES:
        assert f"# `{name}` ({code})" in (DOCS / f"{name}.md").read_text(encoding="utf-8")


def test_examples_keep_their_context_and_separate_examples():
    gen = _gen()
    assert gen.example("Sai", "`Tổng chi đến 20/11: 557.149` trong báo cáo ngày 17/11/2023") == (
        "**Sai:** `Tổng chi đến 20/11: 557.149` trong báo cáo ngày 17/11/2023\n\n"
        "```text\nTổng chi đến 20/11: 557.149\n```")
    assert gen.example("Bad", "`KT. CHỦ TỊCH` / `CHÁNH VĂN PHÒNG`; `TM. CHỦ TỊCH`") == (
        "**Bad:**\n\n```text\nKT. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nTM. CHỦ TỊCH\n```")
    assert gen.example("Good", "a two-column table") == "**Good:** a two-column table"


def test_sarif_help_uri_names_the_rule_page_and_the_page_exists(capsys):
    main(["check", "--format", "sarif", "--jobs", "1", "--no-cache", str(seed("000"))])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    fired = {rules[r["ruleIndex"]]["name"] for r in run["results"]}
    assert "duplicated-word" in fired and "section-duplicate" in fired
    for rule in rules:
        assert rule["helpUri"] == DOCS_URL.replace("{name}", rule["name"])
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['name']}.md")
        assert (DOCS / f"{rule['name']}.md").is_file()


def test_docs_url_setting_moves_every_link(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".doclint.toml").write_text('docs-url = "https://intranet.example/doclint/rules/"\n', encoding="utf-8")
    draft = tmp_path / "a.txt"
    draft.write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "--format", "sarif", "--no-cache", "a.txt"])
    rules = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]["rules"]
    assert {r["helpUri"] for r in rules if r["name"] == "duplicated-word"} == {
        "https://intranet.example/doclint/rules/duplicated-word.md"}
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["url"] for r in rows if r["name"] == "section-duplicate"} == {
        "https://intranet.example/doclint/rules/section-duplicate.md"}
    (tmp_path / ".doclint.toml").write_text('docs-url = "javascript:alert(1)"\n', encoding="utf-8")
    from doclint.config import find_config

    find_config.cache_clear()
    assert main(["check", "--no-cache", "a.txt"]) == 2  # only an http(s) address
    assert "docs-url" in capsys.readouterr().err


def test_rules_json_urls_are_the_pages():
    from doclint.cli import rule_rows

    for row in rule_rows("en"):
        assert row["url"] == DOCS_URL.replace("{name}", row["name"])
        assert (DOCS / f"{row['name']}.md").is_file()


@pytest.mark.parametrize("template, expected", [
    (None, DOCS_URL.replace("{name}", "confusable")),
    ("https://x.example/r/{name}.html", "https://x.example/r/confusable.html"),
    ("https://x.example/docs/rules", "https://x.example/docs/rules/confusable.md"),
])
def test_docs_url_template(template, expected):
    assert docs_url("confusable", template) == expected
