"""The pre-commit hook, installed for real with ``pre-commit try-repo`` into a throwaway repo.

Slow-ish (pre-commit builds a virtualenv with doclint in it the first time), kept on purpose:
it is the only test that proves the hook definition works as users install it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")

BAD = ("Số: 12/BC-UBND\n\nHà Nội, ngày 05 tháng 3 năm 2025\n\nBÁO CÁO\nTình hình tháng 3\n\n"
       "1. Kết quả\n\nĐã làm.\n\n1. Tồn tại\n\nChưa làm.\n")
GOOD = BAD.replace("1. Tồn tại", "2. Tồn tại")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not Path(PRE_COMMIT).exists() or shutil.which("git") is None, reason="pre-commit or git missing")
def test_hook_fails_a_bad_document_and_passes_a_clean_one(tmp_path):
    repo = tmp_path / "docs"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.invalid")
    git(repo, "config", "user.name", "t")
    (repo / "bad.txt").write_text(BAD, encoding="utf-8")
    (repo / "good.md").write_text(GOOD, encoding="utf-8")
    (repo / "notes.py").write_text("x = 1\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "init")
    env = {**os.environ, "PRE_COMMIT_HOME": str(Path.home() / ".cache" / "pre-commit-doclint-test")}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "doclint", "--files", *files],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    bad = try_repo("bad.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "section-duplicate" in bad.stdout and "bad.txt:12:1" in bad.stdout
    good = try_repo("good.md", "notes.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
