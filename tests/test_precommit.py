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

from helpers import ROOT, write_docx

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
    write_docx(repo / "du-thao.docx", BAD)  # .docx has no identify tag: `files` must pick it up
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "init")
    env = {**os.environ, "PRE_COMMIT_HOME": str(Path.home() / ".cache" / "pre-commit-doclint-test")}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "doclint", "--files", *files],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    bad = try_repo("bad.txt", "du-thao.docx")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "section-duplicate" in bad.stdout and "bad.txt:12:1" in bad.stdout
    assert "du-thao.docx:" in bad.stdout
    good = try_repo("good.md", "notes.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def _local_hook_config() -> str:
    """The repository's own hook definition (types_or, files) run as a ``repo: local`` hook with
    this interpreter's doclint: no network, no virtualenv to build."""
    import yaml

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    hook.update(language="system", entry=f"{Path(sys.executable).parent / 'doclint'} check")
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, allow_unicode=True)


@pytest.mark.skipif(not Path(PRE_COMMIT).exists() or shutil.which("git") is None, reason="pre-commit or git missing")
def test_commit_of_a_word_draft_with_a_defect_is_blocked(tmp_path):
    repo = tmp_path / "vanban"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.invalid")
    git(repo, "config", "user.name", "t")
    (repo / ".pre-commit-config.yaml").write_text(_local_hook_config(), encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run([PRE_COMMIT, "install"], cwd=repo, env=env, check=True, capture_output=True)
    write_docx(repo / "bao-cao.docx", BAD)
    git(repo, "add", ".")
    blocked = subprocess.run(["git", "commit", "-m", "dự thảo"], cwd=repo, env=env, capture_output=True, text=True)
    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "section-duplicate" in blocked.stdout + blocked.stderr
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True).returncode != 0  # nothing committed
    write_docx(repo / "bao-cao.docx", GOOD)
    git(repo, "add", ".")
    passed = subprocess.run(["git", "commit", "-m", "dự thảo"], cwd=repo, env=env, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr
