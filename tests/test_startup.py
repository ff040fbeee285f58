"""Start-up: a one-file run imports only what it uses (issue 17: one seed end to end in at most
1.5x ``import lark, pydantic, rich``; benchmarks/run.py measures it)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import seed

_PROBE = ("import sys\n"
          "from doclint.cli import main\n"
          "code = main(sys.argv[1:])\n"
          "heavy = ('rich', 'pydantic', 'tomllib', 'dask', 'distributed', 'docx', 'pypdf')\n"
          "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_one_seed_run_imports_no_rich_pydantic_tomllib_or_dask(fmt):
    """The seeds sit in this repository, whose pyproject has no [tool.doclint]: no TOML parser
    for it, no pydantic schema; JSON and uncoloured text need no rich; nothing of Dask."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, "check", "--no-cache", "--format", fmt, str(seed("000"))],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert proc.stderr.strip().splitlines()[-1] == "[]"
    assert "duplicated-word" in proc.stdout  # the run did lint the seed


def test_colour_still_goes_through_rich():
    proc = subprocess.run([sys.executable, "-c", _PROBE, "check", "--no-cache", str(seed("000"))],
                          capture_output=True, text=True, env={**os.environ, "FORCE_COLOR": "1"})
    assert "\x1b[" in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "['rich']"
