"""Regenerate the rule table of README.md (between the rules markers) and the rule pages of
docs/rules (scripts/gen_docs.py) from the rule docstrings.

Usage: python scripts/gen_readme.py [--check]   (--check: exit 1 when either is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
README = Path(__file__).resolve().parent.parent / "README.md"


def rule_table() -> str:
    from doclint.engine import load_rules

    rows = ["| Rule | Code | Severity | What it checks |", "|---|---|---|---|"]
    for cls in load_rules():
        summary = cls.summary("en").replace("|", "\\|")
        rows.append(f"| `{cls.name}` | {cls.code} | {cls.severity.label} | {summary} |")
    return "\n".join(rows)


def render(readme: str) -> str:
    """README text with the table between the markers replaced; ValueError without markers."""
    head, sep, rest = readme.partition(START)
    if not sep or END not in rest:
        raise ValueError(f"README has no {START} … {END} markers")
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rule_table()}\n{END}{tail}"


def gen_docs():
    """scripts/gen_docs.py as a module (the scripts folder is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_docs", Path(__file__).resolve().parent / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            print("README.md rule table is stale: run python scripts/gen_readme.py", file=sys.stderr)
            return 1
        return gen_docs().main(["--check"])
    README.write_text(new, encoding="utf-8")
    return gen_docs().main([])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
