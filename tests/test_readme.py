"""The README's rule table is generated from the rule docstrings; this fails when it is stale."""

from __future__ import annotations


import pytest

from helpers import ROOT, load_script


def _gen():
    return load_script("gen_readme")


def test_readme_rule_table_is_current():
    gen = _gen()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert gen.render(readme) == readme, "README rule table is stale: run .venv/bin/python scripts/gen_readme.py"


def test_table_lists_every_rule_and_render_needs_markers():
    from doclint.engine import load_rules

    gen = _gen()
    table = gen.rule_table()
    for cls in load_rules():
        assert f"| `{cls.name}` | {cls.code} | {cls.severity.label} |" in table
    with pytest.raises(ValueError):
        gen.render("no markers here")
    stale = f"a\n{gen.START}\n| old |\n{gen.END}\nb"
    assert gen.render(stale) != stale and gen.render(gen.render(stale)) == gen.render(stale)


def test_rule_names_and_codes_are_unique():
    """Two helpers once gave DL506 to two rules; a code must name one rule."""
    from collections import Counter

    from doclint.engine import load_rules

    rules = load_rules()
    codes = Counter(cls.code for cls in rules)
    names = Counter(cls.name for cls in rules)
    assert [code for code, n in codes.items() if n > 1] == []
    assert [name for name, n in names.items() if n > 1] == []
