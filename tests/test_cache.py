"""The per-file result cache of ``doclint check``: answered from disk when nothing its findings
depend on changed, linted again when anything did, never trusted when damaged or not private."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from doclint import cache, cli
from helpers import ROOT, seed

DOUBLED = "Kế hoạch của các các cơ quan, đơn vị.\n"


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("DOCLINT_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def linted(monkeypatch):
    """The display names of the files actually linted (not answered from the cache)."""
    names: list[str] = []
    real = cli.lint_job

    def counting(job):
        names.append(job[1])
        return real(job)

    monkeypatch.setattr(cli, "lint_job", counting)
    return names


def run(*args: str) -> int:
    return cli.main(["check", "--jobs", "1", "--format", "json", *args])


def test_unchanged_files_are_answered_from_the_cache(tmp_path, home, linted, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed("001"), docs / "a.txt")
    (docs / "b.md").write_text(DOUBLED, encoding="utf-8")
    assert run(str(docs)) == 1
    first = capsys.readouterr().out
    assert sorted(linted) == [str(docs / "a.txt"), str(docs / "b.md")]
    linted.clear()
    assert run(str(docs)) == 1
    assert capsys.readouterr().out == first
    assert linted == []
    assert list((home / "lint").glob("*.cache"))


def test_anything_the_findings_depend_on_invalidates(tmp_path, home, linted, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the word pack must be inside the project
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    run(str(doc))
    linted.clear()
    capsys.readouterr()
    doc.write_text(DOUBLED.replace("các các", "các"), encoding="utf-8")  # the bytes
    run(str(doc))
    assert linted == [str(doc)]
    assert "duplicated-word" not in capsys.readouterr().out
    run(str(doc), "--select", "DL5")  # the settings
    assert len(linted) == 2
    pack = tmp_path / "pack.toml"  # the contents of a word pack
    pack.write_text('[[entry]]\nwrong = "đơn vi"\nright = "đơn vị"\n', encoding="utf-8")
    config = 'confusables = ["pack.toml"]'
    run(str(doc), "--config", config)
    run(str(doc), "--config", config)
    assert len(linted) == 3
    pack.write_text(pack.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run(str(doc), "--config", config)
    assert len(linted) == 4


def test_no_cache_neither_reads_nor_writes(tmp_path, home, linted):
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    run("--no-cache", str(doc))
    run("--no-cache", str(doc))
    assert len(linted) == 2
    assert not (home / "lint").exists() or not list((home / "lint").glob("*.cache"))


def test_a_damaged_entry_is_discarded_and_the_file_linted(tmp_path, home, linted, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    run(str(doc))
    first = capsys.readouterr().out
    [entry] = (home / "lint").glob("*.cache")
    blob = bytearray(entry.read_bytes())
    blob[-5] ^= 0x55
    entry.write_bytes(bytes(blob))
    run(str(doc))
    assert len(linted) == 2
    assert capsys.readouterr().out == first


@pytest.mark.skipif(os.name != "posix", reason="owner and modes")
def test_a_folder_others_can_write_is_not_used(tmp_path, monkeypatch, linted):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    run("--cache-dir", str(shared), str(doc))
    run("--cache-dir", str(shared), str(doc))
    assert len(linted) == 2
    assert list(shared.iterdir()) == []


def test_cache_dir_option_and_eviction_bound(tmp_path, home, linted, monkeypatch):
    own = tmp_path / "own"
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"{i}.txt").write_text(DOUBLED * (i + 1), encoding="utf-8")
    monkeypatch.setattr(cache, "MAX_BYTES", 4000)
    run("--cache-dir", str(own), str(docs))
    entries = list((own / "lint").glob("*.cache"))
    assert 0 < len(entries) < 6 and sum(p.stat().st_size for p in entries) <= 4000
    assert not (home / "lint").exists()
    assert os.stat(own).st_mode & 0o077 == 0


def test_fixes_survive_the_cache(tmp_path, home, linted):
    from doclint.rule import Finding

    doc = tmp_path / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    settings = cli.Settings()
    where = cache.folder()
    key = cache.key("a.txt", doc.read_bytes(), settings)
    from doclint.engine import lint_path

    findings = lint_path(doc, settings, display="a.txt")
    assert any(f.fix for f in findings)
    cache.store(where, key, findings)
    assert cache.load(where, key) == findings
    assert all(isinstance(f, Finding) for f in cache.load(where, key))


def test_parallel_runs_share_the_cache_safely(tmp_path, home):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(8):
        (docs / f"{i}.txt").write_text(DOUBLED * (i + 1), encoding="utf-8")
    env = {**os.environ, "DOCLINT_CACHE_DIR": str(home)}
    command = [sys.executable, "-m", "doclint", "check", "--format", "json", "--jobs", "1", str(docs)]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(3)]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0, 0], outputs
    assert len({out for out, _ in outputs}) == 1
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert again.stdout == outputs[0][0]


def test_cache_dir_setting_of_a_config_file(tmp_path, home, linted):
    from doclint.config import ConfigError, load_config

    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    config = project / ".doclint.toml"
    config.write_text('cache-dir = ".doclint_cache"\n', encoding="utf-8")
    assert load_config(config).cache_dir == str(project.resolve() / ".doclint_cache")
    doc = project / "a.txt"
    doc.write_text(DOUBLED, encoding="utf-8")
    run(str(doc))
    assert list((project / ".doclint_cache" / "lint").glob("*.cache"))
    assert not (home / "lint").exists()
    config.write_text('cache-dir = "../elsewhere"\n', encoding="utf-8")  # never outside the project
    with pytest.raises(ConfigError, match="outside the project"):
        load_config(config)


def test_the_code_fingerprint_covers_the_word_model(tmp_path, monkeypatch):
    """A rebuilt rules/data/wordmodel.bin (nothing else changed) must not serve stale results."""
    import shutil

    from doclint import cache, paths

    rules = tmp_path / "rules"
    shutil.copytree(paths.rules_dir(), rules)
    monkeypatch.setattr(paths, "rules_dir", lambda: rules)
    cache.code_fingerprint.cache_clear()
    before = cache.code_fingerprint()
    (rules / "data" / "wordmodel.bin").write_bytes((rules / "data" / "wordmodel.bin").read_bytes() + b"\0")
    cache.code_fingerprint.cache_clear()
    try:
        assert cache.code_fingerprint() != before
    finally:
        cache.code_fingerprint.cache_clear()
