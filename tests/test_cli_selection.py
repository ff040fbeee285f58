"""One pipeline, one selector, and the conventions of a mature linter's command line."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import doclint
from doclint.cli import build_parser, main, use_color
from doclint.config import find_config
from helpers import ROOT, SEEDS, lint_seed, seed

DUP = "Các các đơn vị thực hiện.\n"
# one structure error (DL102), one warning of another family (duplicated-word is structure too;
# the blank number is unfilled-field, format family)
DOC = ("Số: /BC-UBND\n\nHà Nội, ngày   tháng 3 năm 2025\n\nBÁO CÁO\nTình hình tháng 3\n\n"
       "1. Kết quả\n\nThực hiện các các nhiệm vụ được giao.\n\n1. Tồn tại\n\nChưa có.\n")


@pytest.fixture(autouse=True)
def fresh_config_cache():
    find_config.cache_clear()
    yield
    find_config.cache_clear()


def check(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else []), err


def rules_of(data: list[dict]) -> set[str]:
    return {d["rule"] for d in data}


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # a repository: no config above it is read
    path = tmp_path / "a.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


# -- one pipeline ---------------------------------------------------------------------------------
def test_cli_json_and_api_findings_are_identical_on_the_seeds(capsys):
    code, data, _ = check(capsys, str(SEEDS))
    assert code == 1 and len(data) > 40
    api = []
    for path in sorted(SEEDS.glob("*.txt")):
        api.extend(doclint.lint_path(path, display=str(SEEDS / path.name)))
    keys = ("path", "line", "column", "end_line", "end_column", "rule", "code", "severity", "message", "suggestion",
            "location")

    def as_json(f) -> dict:
        row = {k: getattr(f, k) for k in keys}
        if f.fix is not None:  # JSON carries the fix too
            row["fix"] = {"applicability": f.fix.applicability, "edits": [
                {"start": e.start, "end": e.end, "line": e.line, "column": e.column, "end_line": e.end_line,
                 "end_column": e.end_column, "content": e.content} for e in f.fix.edits]}
        return row

    assert [as_json(f) for f in api] == data
    assert any("fix" in row for row in data)


def test_helpers_go_through_the_same_function():
    assert lint_seed("001") == doclint.lint_path(seed("001"))


def test_api_findings_are_plain_picklable_and_options_are_checked():
    found = doclint.lint_text(DUP, select=["duplicated-word"], lang="en")
    assert [(f.rule, f.line, f.column, f.text) for f in found] == [("duplicated-word", 1, 5, "các")]
    assert pickle.loads(pickle.dumps(found)) == found
    assert found[0].message.startswith("Doubled word")
    with pytest.raises(doclint.ConfigError, match="no-such-rule"):
        doclint.lint_text(DUP, select=["no-such-rule"])
    assert doclint.lint_text(DUP, ignore=["structure"]) == []
    assert [f.severity for f in doclint.lint_text(DUP, severity={"DL1": "error"})] == ["error"]


def test_api_reports_an_unreadable_file_as_a_read_error_finding(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (finding,) = doclint.lint_path(tmp_path / "bad.txt")
    assert (finding.rule, finding.code, finding.line, finding.column, finding.severity) == (
        "read-error", "DL001", 1, 1, "error")


# -- the selector ---------------------------------------------------------------------------------
def test_repeated_select_adds_up_and_extend_select_adds(capsys, doc):
    _, data, _ = check(capsys, "--select", "DL102", "--select", "duplicated-word", str(doc))
    assert rules_of(data) == {"section-duplicate", "duplicated-word"}
    _, data, _ = check(capsys, "--select", "DL102", "--extend-select", "unfilled-field", str(doc))
    assert rules_of(data) == {"section-duplicate", "unfilled-field"}
    _, data, _ = check(capsys, "--ignore", "DL102", "--ignore", "duplicated-word", str(doc))
    assert not rules_of(data) & {"section-duplicate", "duplicated-word"} and "unfilled-field" in rules_of(data)


def test_prefix_family_and_all(capsys, doc):
    from doclint.engine import load_rules

    structure = {r.name for r in load_rules() if r.family == "structure"}
    _, by_family, _ = check(capsys, "--select", "structure", str(doc))
    _, by_prefix, _ = check(capsys, "--select", "DL1", str(doc))
    assert by_family == by_prefix and rules_of(by_family) <= structure
    assert {"section-duplicate", "duplicated-word"} <= rules_of(by_family)
    _, everything, _ = check(capsys, "--select", "ALL", str(doc))
    _, default, _ = check(capsys, str(doc))
    assert everything == default and "unfilled-field" in rules_of(default)
    # the more specific selector wins: ignore the family but keep one rule of it
    _, data, _ = check(capsys, "--ignore", "structure", "--extend-select", "DL102", str(doc))
    assert "section-duplicate" in rules_of(data) and "duplicated-word" not in rules_of(data)


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_an_unknown_selector_is_a_usage_error_that_names_it(capsys, doc, option):
    assert main(["check", option, "DL9", str(doc)]) == 2
    err = capsys.readouterr().err
    assert option in err and "DL9" in err and len(err.strip().splitlines()) == 1


def test_config_selectors_have_the_same_semantics(tmp_path, capsys, doc):
    (tmp_path / ".doclint.toml").write_text('select = ["DL1"]\nextend-select = ["format"]\nignore = ["DL106"]\n',
                                            encoding="utf-8")
    _, data, _ = check(capsys, str(doc))
    assert "section-duplicate" in rules_of(data) and "unfilled-field" in rules_of(data)
    assert "duplicated-word" not in rules_of(data)
    # as in ruff, --select on the command line replaces the config's select, extend-select and ignore
    _, data, _ = check(capsys, "--select", "duplicated-word", str(doc))
    assert rules_of(data) == {"duplicated-word"}
    _, data, _ = check(capsys, "--ignore", "DL102", str(doc))  # --ignore adds to the config's
    assert "section-duplicate" not in rules_of(data) and "duplicated-word" not in rules_of(data)
    (tmp_path / ".doclint.toml").write_text('ignore = ["structur"]\n', encoding="utf-8")
    find_config.cache_clear()
    code, _, err = check(capsys, str(doc))
    assert code == 2 and "structur" in err and ".doclint.toml" in err


# -- options --------------------------------------------------------------------------------------
def test_every_option_and_subcommand_has_help():
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    assert all(choice.help for choice in sub._choices_actions)
    for name, command in sub.choices.items():
        for action in command._actions:
            assert action.help, (name, action.dest)


def test_exit_zero_output_file_and_statistics(tmp_path, capsys, doc):
    assert main(["check", "--quiet", str(doc)]) == 1
    assert main(["check", "--quiet", "--exit-zero", str(doc)]) == 0
    capsys.readouterr()
    out = tmp_path / "report.json"
    assert main(["check", "--format", "json", "-o", str(out), str(doc)]) == 1
    assert capsys.readouterr().out == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "section-duplicate" in rules_of(data)
    assert main(["check", "-o", str(tmp_path / "no" / "such" / "dir.json"), str(doc)]) == 2
    assert "--output-file" in capsys.readouterr().err
    assert main(["check", "--statistics", str(doc)]) == 1
    lines = capsys.readouterr().out.splitlines()
    counts = {line.split()[2]: int(line.split()[0]) for line in lines}
    assert counts == {rule: sum(d["rule"] == rule for d in data) for rule in rules_of(data)}
    main(["check", "--statistics", "--format", "json", str(doc)])
    assert {row["name"] for row in json.loads(capsys.readouterr().out)} == rules_of(data)


def test_show_settings_and_show_files(tmp_path, capsys, doc):
    (tmp_path / ".doclint.toml").write_text('stage = "final"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "NOTE.TXT").write_text(DUP, encoding="utf-8")
    assert main(["check", "--show-settings", "--select", "DL1", str(doc)]) == 0
    out = capsys.readouterr().out
    assert f"settings file = {tmp_path / '.doclint.toml'}" in out
    assert 'stage = "final"' in out and 'select = ["DL1"]' in out and "DL102" in out and "DL401" not in out
    assert main(["check", "--show-files", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(doc), str(tmp_path / "sub" / "NOTE.TXT")]


def test_no_color_and_force_color_conventions(monkeypatch):
    class Tty:
        def __init__(self, tty: bool) -> None:
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    assert use_color(False, Tty(True)) and not use_color(False, Tty(False)) and not use_color(True, Tty(True))
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert not use_color(False, Tty(True)) and not use_color(False, Tty(False))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert use_color(False, Tty(False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(False, Tty(True))
    monkeypatch.setenv("NO_COLOR", "")  # an empty NO_COLOR is as if unset
    assert use_color(False, Tty(False))


def test_rules_as_json(capsys):
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    dup = next(r for r in rows if r["code"] == "DL102")
    assert set(dup) == {"name", "code", "family", "severity", "summary", "fixable", "url"}
    assert dup["name"] == "section-duplicate" and dup["family"] == "structure" and dup["severity"] == "error"
    assert dup["url"].endswith("/section-duplicate.md") and dup["summary"]


# -- configuration discovery ----------------------------------------------------------------------
def test_config_discovery_stops_at_the_repository_root(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.doclint]\nignore = ["duplicated-word"]\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a.txt").write_text(DUP, encoding="utf-8")
    _, data, _ = check(capsys, str(repo / "a.txt"))
    assert rules_of(data) == {"duplicated-word"}  # the pyproject above the repository is not read
    (repo / ".git").rmdir()
    find_config.cache_clear()
    from doclint.config import project_root

    project_root.cache_clear()
    _, data, _ = check(capsys, str(repo / "a.txt"))
    assert data == []  # outside any repository the walk goes up, as ruff's does


def test_config_option_and_isolated(tmp_path, capsys, doc):
    (tmp_path / ".doclint.toml").write_text('ignore = ["DL1"]\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('select = ["duplicated-word"]\n', encoding="utf-8")
    assert "section-duplicate" not in rules_of(check(capsys, str(doc))[1])
    assert rules_of(check(capsys, "--config", str(other), str(doc))[1]) == {"duplicated-word"}
    assert "section-duplicate" in rules_of(check(capsys, "--isolated", str(doc))[1])


def test_config_key_value_overrides_as_in_ruff(tmp_path, capsys, doc):
    (tmp_path / ".doclint.toml").write_text('ignore = ["DL1"]\n', encoding="utf-8")
    _, data, _ = check(capsys, "--config", 'stage = "final"', "--config", "extend-select = ['DL101']", str(doc))
    assert "unfilled-field" in rules_of(data) and not rules_of(data) & {"section-duplicate", "duplicated-word"}
    assert {d["severity"] for d in data if d["rule"] == "unfilled-field"} == {"error"}  # stage = "final"
    code, _, err = check(capsys, "--config", "stage = 'published'", str(doc))
    assert code == 2 and "--config" in err and "stage" in err
    code, _, err = check(capsys, "--config", "ignore = ['DL9']", str(doc))
    assert code == 2 and "DL9" in err


@pytest.mark.parametrize("pack, reason", [("/etc/passwd", "outside the project"), ("/dev/zero", "outside"),
                                          ("words", "not a regular file"), ("big.toml", "larger than")])
def test_word_packs_must_be_small_regular_files_inside_the_project(tmp_path, capsys, doc, pack, reason):
    (tmp_path / "words").mkdir()
    (tmp_path / "big.toml").write_bytes(b"#" * (3 * 1024 * 1024))
    (tmp_path / ".doclint.toml").write_text(f'confusables = ["{pack}"]\n', encoding="utf-8")
    code, data, err = check(capsys, str(doc))
    assert code == 2 and data == [] and reason in err and "confusables" in err


def test_a_word_pack_inside_the_project_is_used(tmp_path, capsys, doc):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "org.toml").write_text('[[entry]]\nwrong = "tồn tại"\nright = "hạn chế"\n',
                                                 encoding="utf-8")
    (tmp_path / ".doclint.toml").write_text('confusables = ["packs/org.toml"]\n', encoding="utf-8")
    doc.write_text("Thực hiện các nhiệm vụ.\n\nCòn tồn tại nhiều việc.\n", encoding="utf-8")
    from doclint.config import config_for
    _, data, _ = check(capsys, "--select", "confusable", str(doc))
    assert [(d["line"], d["suggestion"]) for d in data] == [(3, "hạn chế")]


# -- hostile input and faults (issue 18) ----------------------------------------------------------
def test_terminal_escape_sequences_are_not_printed_raw(tmp_path, capsys):
    path = tmp_path / "esc.txt"
    path.write_text("Các các \x1b[2J\x1b]0;pwned\x07 việc.\n", encoding="utf-8")
    main(["check", "--no-color", "--select", "duplicated-word", str(path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "␛[2J" in out
    main(["check", "--format", "concise", "--select", "duplicated-word", str(path)])
    assert "\x1b" not in capsys.readouterr().out


@pytest.mark.parametrize("error", [IndexError(""), MemoryError(), OSError(13, "Permission denied"),
                                   RuntimeError("x\ny")])
def test_each_per_file_failure_is_reported_and_the_others_are_linted(tmp_path, capsys, monkeypatch, error):
    import doclint.engine as engine

    real = engine.read_path

    def flaky(path, *args, **kwargs):
        if Path(path).name == "bad.txt":
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(engine, "read_path", flaky)
    (tmp_path / "bad.txt").write_text(DUP, encoding="utf-8")
    (tmp_path / "good.txt").write_text(DUP, encoding="utf-8")
    code, data, err = check(capsys, str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert [(Path(d["path"]).name, d["rule"]) for d in data] == [("bad.txt", "read-error"),
                                                                  ("good.txt", "duplicated-word")]
    assert "bad.txt" in err and len(err.strip().splitlines()) == 1


def run_cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "doclint", *args], cwd=ROOT, capture_output=True,
                          env={**os.environ, **(env or {})}, **kwargs)


def test_non_utf8_file_name_with_a_strict_utf8_stdout(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"b\xe1o c\xe1o.txt"), "wb") as handle:
        handle.write(DUP.encode())
    result = run_cli("check", "--format", "concise", str(tmp_path), env={"PYTHONIOENCODING": "utf-8:strict"})
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert b"\\xe1o c\\xe1o.txt:1:5:" in result.stdout


def test_jobs_must_be_positive_and_are_capped(tmp_path, capsys, monkeypatch, doc, pools):
    for bad in ("0", "-3", "x"):
        assert main(["check", "--jobs", bad, str(doc)]) == 2
        assert "--jobs" in capsys.readouterr().err
    import doclint.cli as cli

    started = pools
    monkeypatch.setattr(cli, "POOL_THRESHOLD", 0)  # eight short files: too little work for a pool otherwise
    for i in range(8):
        (tmp_path / f"d{i}.txt").write_text(DUP, encoding="utf-8")
    assert main(["check", "--quiet", "--jobs", "100", str(tmp_path)]) == 1
    assert started == [2]
    assert 1 <= cli.available_cpus() <= (os.cpu_count() or 1)


def test_upper_case_suffixes_and_unreadable_sub_folders(tmp_path, capsys, monkeypatch):
    from docx import Document

    document = Document()
    document.add_paragraph("Các các đơn vị thực hiện.")
    document.save(str(tmp_path / "REPORT.DOCX"))
    (tmp_path / "NOTE.TXT").write_text(DUP, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    import doclint.cli as cli

    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        for dirpath, dirnames, filenames in real_walk(top, onerror=onerror, **kwargs):
            if Path(dirpath).name == "locked":
                onerror(PermissionError(13, "Permission denied", dirpath))
                continue
            yield dirpath, dirnames, filenames

    monkeypatch.setattr(cli.os, "walk", walk)
    code, data, err = check(capsys, str(tmp_path))
    found = {(Path(d["path"]).name, d["rule"]) for d in data}
    assert {("REPORT.DOCX", "duplicated-word"), ("NOTE.TXT", "duplicated-word"), ("locked", "read-error")} <= found
    assert code == 2 and "locked" in err and "Permission denied" in err


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="needs Linux")
def test_sigterm_stops_the_workers(tmp_path):
    import signal
    import time

    from doclint.cli import available_cpus

    if available_cpus() < 2:
        pytest.skip("one CPU: no pool")
    text = seed("001").read_text(encoding="utf-8")
    for i in range(60):
        (tmp_path / f"d{i:02}.txt").write_text(text * 3, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "doclint", "check", "--quiet", "--no-cache", "--jobs", "2", str(tmp_path)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    children: list[int] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(children) < 2:
        time.sleep(0.2)
        children = _children(proc.pid)
    assert len(children) >= 2, "the pool did not start"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 143
    gone = time.monotonic() + 10  # a loaded machine may take a moment to reap them
    while time.monotonic() < gone and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert [pid for pid in children if _alive(pid)] == []


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out.extend(int(p) for p in (task / "children").read_text().split())
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


def test_a_broken_pipe_exits_non_zero():
    proc = subprocess.Popen([sys.executable, "-m", "doclint", "check", "--format", "concise", str(SEEDS)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before doclint writes (`doclint check … | true`)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0 and b"Traceback" not in err


# -- issue 15: unreadable files in machine output, UTF-16, empty files, empty folders --------------
def test_unreadable_file_in_json_sarif_and_github(tmp_path, capsys):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    good = tmp_path / "good.txt"
    good.write_text(DUP, encoding="utf-8")
    code, data, _ = check(capsys, str(bad), str(good))
    assert code == 2
    (error,) = [d for d in data if d["rule"] == "read-error"]
    assert (error["path"], error["line"], error["column"], error["severity"], error["code"]) == (
        str(bad), 1, 1, "error", "DL001")
    assert "scan.txt" in error["message"]
    main(["check", "--format", "sarif", str(bad), str(good)])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and "scan.txt" in note["message"]["text"]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("scan.txt")
    main(["check", "--format", "github", str(bad), str(good)])
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::error file=") and "scan.txt" in line and "title=read-error (DL001)" in line
               for line in lines)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_files_are_read(tmp_path, capsys, encoding):
    path = tmp_path / "unicode.txt"
    data = "Dòng đầu.\r\nCác các đơn vị.\r\n".encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    code, data_, err = check(capsys, "--select", "duplicated-word", str(path))
    assert code == 0 and err == ""
    assert [(d["line"], d["column"], d["end_column"]) for d in data_] == [(2, 5, 8)]


def test_empty_files_are_no_error_and_a_folder_without_documents_exits_0(tmp_path, capsys):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n")
    code, data, err = check(capsys, str(tmp_path / "empty.md"), str(tmp_path / "blank.txt"))
    assert (code, data, err) == (0, [], "")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"\x89PNG")
    code, data, err = check(capsys, str(tmp_path / "images"))
    assert code == 0 and data == [] and "images" in err and "*.docx" in err


def test_available_cpus_follows_the_cgroup_quota(monkeypatch):
    import doclint.cli as cli

    monkeypatch.setattr(cli, "_cgroup_quota", lambda: 1)
    assert cli.available_cpus() == 1
    monkeypatch.setattr(cli, "_cgroup_quota", lambda: None)
    assert cli.available_cpus() == len(os.sched_getaffinity(0))


def test_suppression_comments_take_any_selector():
    text = ("Các các đơn vị.\n<!-- doclint-disable-next-line structure -->\nNhững những việc.\n"
            "<!-- doclint-disable-next-line DL1 -->\nLà là thế.\n<!-- doclint-disable-next-line DL5 -->\n"
            "Cho cho xong.\n")
    assert [f.line for f in doclint.lint_text(text, "a.md", select=["duplicated-word"])] == [1, 7]
