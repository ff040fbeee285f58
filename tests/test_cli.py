"""The CLI as a user runs it: bad inputs, exit codes, JSON positions, config, suppressions, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from doclint.cli import lint_job, main
from helpers import ROOT, SEEDS, seed

JSON_KEYS = {"path", "line", "column", "end_line", "end_column", "rule", "code", "severity", "message", "suggestion"}


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "doclint", *args], cwd=cwd or ROOT, input=stdin, capture_output=True)


def check_json(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_section_duplicate_on_seed_001_with_one_based_positions(capsys):
    code, data, err = check_json(capsys, str(seed("001")))
    assert code == 1 and err == ""
    assert all(set(d) >= JSON_KEYS for d in data)
    dup = [d for d in data if d["rule"] == "section-duplicate"]
    # the second "8.1." (line 105) is the duplicate of line 87
    assert [(d["line"], d["column"], d["end_line"], d["end_column"], d["code"]) for d in dup] == [(105, 1, 105, 5, "DL102")]
    text = seed("001").read_text(encoding="utf-8").splitlines()[104]
    assert text[0:4] == "8.1."


def test_fail_on_and_exit_codes(tmp_path, capsys):
    clean = tmp_path / "clean.txt"
    clean.write_text("Ủy ban nhân dân thành phố thực hiện kế hoạch.\n", encoding="utf-8")
    warn = tmp_path / "warn.txt"
    warn.write_text("Các các đơn vị thực hiện kế hoạch.\n", encoding="utf-8")
    assert main(["check", "--quiet", str(clean)]) == 0
    assert main(["check", "--quiet", str(warn)]) == 0  # a warning is below the default fail level
    assert main(["check", "--quiet", "--fail-on", "warning", str(warn)]) == 1
    assert main(["check", "--quiet", "--fail-on", "warning", "--ignore", "duplicated-word", str(warn)]) == 0
    assert main(["check", "--quiet", "--fail-on", "warning", "--select", "DL102", str(warn)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("binary.txt", b"\x00\x01\x02\x03abc", "binary.txt"),
        ("latin1.txt", "Báo cáo\nngày ".encode() + b"\xe9t\xe9", "0xE9"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "--convert-to docx"),
        ("big.txt", "Báo cáo tháng. ".encode() * 200, "MB"),
    ],
)
def test_each_bad_input_is_one_line_and_exit_2_and_the_run_goes_on(tmp_path, capsys, monkeypatch, name, content, expected):
    monkeypatch.setattr("doclint.reader.libreoffice", lambda: None)  # the hint is for a machine without it
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Các các đơn vị thực hiện.\n", encoding="utf-8")
    code = main(["check", "--format", "concise", "--max-file-size", "0.001", str(bad), str(good)])
    out, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and name in err and expected in err and "Traceback" not in err
    assert "good.txt:1:5:" in out and "duplicated-word" in out  # the other file was still linted


def test_invalid_utf8_names_line_and_byte(tmp_path, capsys):
    bad = tmp_path / "x.txt"
    bad.write_bytes("dòng một\nab".encode() + b"\xff\n")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "dòng 2" in err and "byte 3" in err and "0xFF" in err


def test_missing_path_and_empty_directory(tmp_path, capsys):
    (tmp_path / "nodocs").mkdir()
    (tmp_path / "nodocs" / "img.png").write_bytes(b"\x89PNG")
    code = main(["check", str(tmp_path / "missing.txt"), str(tmp_path / "nodocs"), str(seed("003"))])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2
    assert any("missing.txt" in l for l in lines) and any("nodocs" in l for l in lines)
    assert "003_" in captured.out  # the good file was reported
    assert main(["check", str(tmp_path / "nodocs")]) == 0  # a folder with no documents is no error
    assert "nodocs" in capsys.readouterr().err


def test_crlf_and_bom_keep_original_positions(tmp_path, capsys):
    text = "Dòng đầu.\r\nCác các đơn vị thực hiện.\r\n"
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(text.encode())
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, data, _ = check_json(capsys, "--select", "duplicated-word", str(crlf), str(bom))
    assert code == 0
    assert [(Path(d["path"]).name, d["line"], d["column"], d["end_column"]) for d in data] == [
        ("bom.txt", 2, 5, 8), ("crlf.txt", 2, 5, 8)]


def test_stdin_with_filename(capsys):
    result = run("check", "--format", "json", "--stdin-filename", "draft.md", "-",
                 stdin="Báo cáo.\nThực hiện các các nhiệm vụ.\n".encode())
    data = json.loads(result.stdout)
    assert result.returncode == 0
    assert [(d["path"], d["line"], d["column"], d["rule"]) for d in data] == [("draft.md", 2, 15, "duplicated-word")]


def test_suppression_comments_in_markdown(tmp_path, capsys):
    doc = tmp_path / "a.md"
    doc.write_text(
        "Các các đơn vị.\n"
        "<!-- doclint-disable-next-line duplicated-word -->\n"
        "Những những việc.\n"
        "<!-- doclint-disable duplicated-word -->\n"
        "Là là thế.\n"
        "<!-- doclint-enable duplicated-word -->\n"
        "Cho cho xong.\n", encoding="utf-8")
    _, data, _ = check_json(capsys, "--select", "duplicated-word", str(doc))
    assert [d["line"] for d in data] == [1, 7]


def test_directory_walk_sorted_and_parallel_equals_serial(tmp_path, capsys, monkeypatch):
    import doclint.cli

    monkeypatch.setattr(doclint.cli, "POOL_THRESHOLD", 0)  # a pool even for these few bytes
    for i in range(8):
        (tmp_path / f"d{i}.txt").write_text(f"Văn bản {i}: các các việc.\n", encoding="utf-8")
    (tmp_path / "skip.log").write_text("các các\n", encoding="utf-8")
    _, serial, _ = check_json(capsys, str(tmp_path))
    assert main(["check", "--format", "json", "--jobs", "3", str(tmp_path)]) == 0  # warnings only
    parallel = json.loads(capsys.readouterr().out)
    assert serial == parallel
    assert [Path(d["path"]).name for d in serial] == [f"d{i}.txt" for i in range(8)]
    _, excluded, _ = check_json(capsys, "--exclude", "d[0-6].txt", str(tmp_path))
    assert [Path(d["path"]).name for d in excluded] == ["d7.txt"]


def test_lint_job_returns_plain_data():
    import pickle

    from doclint.config import Settings

    display, findings, _ = lint_job((str(seed("001")), "x.txt", Settings(lang="en", stage="final"), None))
    assert display == "x.txt" and pickle.loads(pickle.dumps(findings)) == findings
    unfilled = [f for f in findings if f.rule == "unfilled-field"]
    assert unfilled and all(f.severity == "error" for f in unfilled)  # --stage final raises the severity


def test_text_report_has_location_carets_and_summary(capsys):
    assert main(["check", "--no-color", "--select", "section-duplicate", str(seed("001"))]) == 1
    out = capsys.readouterr().out
    assert f"{seed('001')}:105:1: error section-duplicate (DL102)" in out
    assert "105 | 8.1. Phòng" in out and "| ^^^^\n" in out
    assert "\x1b[" not in out
    assert "1 vấn đề" in out and "DL102  section-duplicate" in out


def test_english_messages_and_quiet(capsys):
    main(["check", "--no-color", "--quiet", "--lang", "en", "--select", "section-duplicate", str(seed("001"))])
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "Section" in out or "section" in out.split("(DL102)")[1]


def test_usage_errors_are_one_line(capsys):
    assert main(["check", "--format", "xml", "x.txt"]) == 2
    assert main(["check", "--select", "no-such-rule", str(seed("001"))]) == 2
    assert main(["check", "--document-date", "2025-13-01", str(seed("001"))]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 3 and "no-such-rule" in err


def test_rules_rule_and_parse_commands(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "section-duplicate" in out and "DL102" in out and "structure" in out
    assert main(["rule", "section-duplicate", "--lang", "en"]) == 0
    assert "What it checks" in capsys.readouterr().out
    assert main(["rule", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["parse", str(seed("001"))]) == 0
    assert "section 8.1." in capsys.readouterr().out


def test_profile_prints_phases_on_stderr(capsys):
    main(["check", "--quiet", "--profile", str(seed("000"))])
    err = capsys.readouterr().err
    for phase in ("read", "parse", "rules:structure", "report"):
        assert phase in err


def test_python_dash_m_and_no_traceback_on_directory_of_seeds():
    result = run("check", "--format", "concise", "seeds")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"section-duplicate" in result.stdout


SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@st.composite
def edited_seed(draw):
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 200))
        insert = draw(st.text(alphabet=st.sampled_from(list("0123456789.,;:)(-+*#\n ¹²³đĐăâêôơưáàảãạ§IVX<>/ab")), max_size=30))
        text = text[:at] + insert + text[at + cut:]
    return text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), edited_seed()))
def test_random_text_never_crashes_and_json_is_valid(text):
    import io

    from doclint.engine import lint_text
    from doclint.reporters import FileReport, Finding, ReportOptions, REPORTERS

    from doclint.config import Settings

    diagnostics = lint_text(text, path="x.md")
    assert all(d.rule != "internal-error" for d in diagnostics), [d.message for d in diagnostics if d.rule == "internal-error"]
    display, findings, _ = lint_job(("x.md", "x.md", Settings(), text.encode("utf-8", "surrogatepass")))
    buffer = io.StringIO()
    REPORTERS["json"]([FileReport.of(display, findings)], ReportOptions(out=buffer))
    data = json.loads(buffer.getvalue())
    for d in data:
        assert d["line"] >= 1 and d["column"] >= 1 and (d["end_line"], d["end_column"]) >= (d["line"], d["column"])
