"""The command line as a user runs it: exit codes, one-line errors, output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


from doclint.cli import main
from helpers import SEEDS, seed


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "doclint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "doclint"]
    return subprocess.run([*cmd, *args], cwd=cwd, input=stdin, capture_output=True)


def test_installed_command_runs_from_another_directory(tmp_path):
    result = run("check", "--format", "json", str(seed("001")), cwd=tmp_path)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    dup = [d for d in data if d["rule"] == "section-duplicate"]
    assert [(d["line"], d["column"], d["end_line"], d["end_column"]) for d in dup] == [(105, 1, 105, 5)]
    assert set(data[0]) >= {"path", "line", "column", "end_line", "end_column", "rule", "code", "severity", "message"}


def test_bad_inputs_each_get_one_line_and_the_others_are_still_linted(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("doclint.reader.libreoffice", lambda: None)  # no LibreOffice: the .doc hint
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("Báo cáo\nngày ".encode("utf-8") + b"\xe9t\xe9")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "big.txt").write_text("Báo cáo. " * 300, encoding="utf-8")
    (tmp_path / "nodocs").mkdir()
    (tmp_path / "nodocs" / "image.png").write_bytes(b"\x89PNG")
    good = tmp_path / "good.txt"
    good.write_text("Các các đơn vị thực hiện.\n", encoding="utf-8")
    code = main(["check", "--format", "concise", "--max-file-size", "0.002", "--fail-on", "warning",
                 *(str(tmp_path / n) for n in ("empty.txt", "binary.txt", "latin1.txt", "old.doc", "big.txt",
                                                "nodocs", "missing.txt", "good.txt"))])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 6 and "Traceback" not in err and "empty.txt" not in err  # an empty file is no error
    assert any("latin1.txt" in l and "dòng 2" in l and "0xE9" in l for l in lines)
    assert any("old.doc" in l and "libreoffice --headless --convert-to docx" in l for l in lines)
    assert any("big.txt" in l and "--max-file-size" in l for l in lines)
    assert any("nodocs" in l for l in lines) and any("missing.txt" in l for l in lines)
    assert "good.txt:1:5:" in out and "duplicated-word" in out


def test_exit_codes_follow_fail_on(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Các các đơn vị.\n", encoding="utf-8")
    assert main(["check", "--quiet", "--format", "concise", str(doc)]) == 0  # a warning only
    assert main(["check", "--quiet", "--format", "concise", "--fail-on", "warning", str(doc)]) == 1
    assert main(["check", "--select", "section-duplicate", "--fail-on", "info", "--format", "concise", str(doc)]) == 0
    assert main(["check", "--bogus"]) == 2


def test_stdin_with_a_file_name(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("xảy ra xảy ra\n".encode())))
    assert main(["check", "-", "--stdin-filename", "draft.md", "--format", "concise"]) == 0
    assert capsys.readouterr().out.startswith("draft.md:1:8:")


def test_sarif_and_github_formats(capsys):
    main(["check", "--format", "sarif", str(seed("001"))])
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    ids = {r["id"] for r in run_["tool"]["driver"]["rules"]}
    result = next(r for r in run_["results"] if r["ruleId"] == "DL102")
    assert result["ruleId"] in ids and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 105
    main(["check", "--format", "github", str(seed("001"))])
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if "DL102" in l)
    assert line.startswith("::error file=") and ",line=105,col=1," in line


def test_english_and_final_stage(capsys):
    main(["check", "--format", "concise", "--lang", "en", "--stage", "final", "--select", "unfilled-field", str(seed("002"))])
    out = capsys.readouterr().out
    assert "error DL101 [unfilled-field] Blank document number" in out


def test_config_file_is_found_and_validated(tmp_path, capsys):
    doc = tmp_path / "sub" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("Số: /BC-UBND\n\nHà Nội, ngày   tháng 3 năm 2025\n\nBÁO CÁO\n", encoding="utf-8")
    (tmp_path / ".doclint.toml").write_text('stage = "final"\nseverity = { "unfilled-field" = "info" }\n')
    main(["check", "--format", "concise", str(doc)])
    assert " info DL101 " in capsys.readouterr().out
    (tmp_path / ".doclint.toml").write_text('stgae = "final"\n')
    from doclint.config import find_config

    find_config.cache_clear()
    assert main(["check", "--format", "concise", str(doc)]) == 2
    err = capsys.readouterr().err
    assert ".doclint.toml" in err and "stgae" in err and len(err.strip().splitlines()) == 1
    find_config.cache_clear()


def test_per_file_ignores_in_pyproject(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[tool.doclint]\nper-file-ignores = { "drafts/*" = ["duplicated-word"] }\n')
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text("các các\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("các các\n", encoding="utf-8")
    from doclint.config import find_config

    find_config.cache_clear()
    main(["check", "--format", "concise", str(tmp_path)])
    out = capsys.readouterr().out
    assert "b.txt:1:5" in out and "a.txt" not in out
    find_config.cache_clear()


def test_parallel_run_gives_the_same_output_as_serial(capsys, monkeypatch):
    import doclint.cli

    monkeypatch.setattr(doclint.cli, "POOL_THRESHOLD", 0)  # the seeds (174 KB) alone would run in one process
    main(["check", "--format", "json", "--jobs", "1", str(SEEDS)])
    serial = capsys.readouterr().out
    main(["check", "--format", "json", "--jobs", "2", str(SEEDS)])
    assert capsys.readouterr().out == serial


def test_rules_rule_and_parse_commands(capsys):
    assert main(["rules"]) == 0
    assert "section-duplicate" in capsys.readouterr().out
    assert main(["rule", "sum-mismatch", "--lang", "en"]) == 0
    assert "What it checks" in capsys.readouterr().out
    assert main(["rule", "no-such-rule"]) == 2
    assert main(["parse", str(seed("001"))]) == 0
    assert "section 8.1. (dotted2) [105:1]" in capsys.readouterr().out


def test_text_report_marks_the_span(capsys):
    main(["check", "--no-color", "--select", "duplicated-word", str(seed("001"))])
    out = capsys.readouterr().out
    assert "001_94745e6456ec14f0.txt:77:43" in out and "^^^" in out and "sửa thành: các" in out
    assert "2 vấn đề trong 1 tệp" in out


def test_a_large_file_is_linted_in_sections_with_the_right_line_numbers(tmp_path, monkeypatch, capsys):
    import doclint.reader as reader

    text = seed("001").read_text(encoding="utf-8")
    lines_per_copy = text.count("\n") + 2
    big = tmp_path / "archive.txt"
    big.write_text("\n\n".join([text] * 3), encoding="utf-8")
    monkeypatch.setattr(reader, "SECTION_THRESHOLD", 10_000)
    monkeypatch.setattr(reader, "SECTION_BYTES", 20_000)  # a little more than one document
    main(["check", "--format", "json", "--jobs", "1", "--select", "section-duplicate", str(big)])
    lines = [d["line"] for d in json.loads(capsys.readouterr().out)]
    assert lines == [105, 105 + lines_per_copy, 105 + 2 * lines_per_copy]


def test_a_folder_walk_skips_the_lock_file_word_keeps_beside_an_open_draft(tmp_path, capsys):
    from helpers import write_docx

    write_docx(tmp_path / "Báo cáo.docx", "Các các đơn vị thực hiện.\n")
    (tmp_path / "~$o cáo.docx").write_bytes(b"\x0cdoclint\x00" * 20)  # Word's owner file: 162 bytes, no zip
    assert main(["check", "--show-files", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "Báo cáo.docx")]
    assert main(["check", "--no-cache", "--format", "json", str(tmp_path)]) == 0
    assert {f["rule"] for f in json.loads(capsys.readouterr().out)} == {"duplicated-word"}
