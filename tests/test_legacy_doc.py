"""A Word 97-2003 .doc: converted by LibreOffice when it is installed, else the one-line hint."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from doclint.engine import lint_path
from doclint.reader import OLE_SIGNATURE
from helpers import write_docx

BAD = "Số: 12/BC-UBND\n\nBÁO CÁO\nTình hình\n\n1. Kết quả\n\nĐã làm.\n\n1. Tồn tại\n\nChưa làm.\n"


def _fake_soffice(folder: Path, converted: Path) -> None:
    """A stand-in for LibreOffice: writes ``converted`` as OUTDIR/STEM.docx, as
    ``soffice --headless --convert-to docx --outdir OUTDIR FILE`` does."""
    script = folder / "soffice"
    script.write_text(
        "#!/bin/sh\nout=''\nwhile [ $# -gt 1 ]; do [ \"$1\" = --outdir ] && out=$2; shift; done\n"
        f"stem=$(basename \"$1\" .doc)\ncp '{converted}' \"$out/$stem.docx\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def fake_office(tmp_path, monkeypatch) -> None:
    """A stand-in LibreOffice first on PATH, converting any .doc to a draft with a repeated 1."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, write_docx(tmp_path / "converted.docx", BAD))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")


def test_doc_is_converted_when_libreoffice_is_there(tmp_path, fake_office):
    doc = tmp_path / "bao-cao.doc"
    doc.write_bytes(OLE_SIGNATURE + b" legacy")
    findings = lint_path(doc)
    assert [f.path for f in findings if f.rule == "section-duplicate"] == [str(doc)]
    assert not list(tmp_path.glob("doclint-doc-*"))


def test_doc_without_libreoffice_gives_the_hint(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    doc = tmp_path / "bao-cao.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    [finding] = lint_path(doc)
    assert finding.rule == "read-error" and "--convert-to docx" in finding.message


def test_a_folders_doc_files_are_found(tmp_path, monkeypatch, capsys):
    """The default patterns include *.doc: a folder's Word 97-2003 files are linted (converted)
    or named with the hint, never skipped in silence."""
    from doclint.cli import main

    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "bao-cao.doc").write_bytes(OLE_SIGNATURE + b" legacy")
    (folder / "ghi-chu.docx.bak").write_bytes(b"not a document")
    system_path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice: the one-line hint
    assert main(["check", "--show-files", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(folder / "bao-cao.doc")]
    assert main(["check", "--no-cache", "--format", "json", str(folder)]) == 2
    out, err = capsys.readouterr()
    [finding] = json.loads(out)
    assert finding["rule"] == "read-error" and "--convert-to docx" in finding["message"]
    assert "--convert-to docx" in err
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, write_docx(tmp_path / "converted.docx", BAD))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{system_path}")
    assert main(["check", "--no-cache", "--format", "json", str(folder)]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)}
    assert "section-duplicate" in rules and "read-error" not in rules


def test_a_real_word_97_file_converted_by_libreoffice_gives_what_its_docx_gives(tmp_path):
    """Seed 000 as a Word 97-2003 file written by LibreOffice itself, then linted through the
    real ``soffice --headless`` conversion: the same findings as the .docx it came from."""
    import shutil
    import subprocess

    from helpers import SEEDS

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed")
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    docx = write_docx(tmp_path / "bao-cao.docx", text)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(docx)],
                   check=True, capture_output=True, timeout=180)
    doc = tmp_path / "out" / "bao-cao.doc"
    assert doc.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE compound file: Word 97-2003

    def rows(path):  # the page layout goes through two conversions: its rules, not its counts
        return sorted((f.rule, f.line, "" if f.rule.startswith("layout-") else f.message) for f in lint_path(path))

    from_doc = rows(doc)
    assert from_doc == rows(docx)
    assert "section-duplicate" in {rule for rule, _, _ in from_doc}  # the repeated "2.2."


def test_a_doc_that_is_no_word_97_file_is_a_read_error_not_a_clean_document(tmp_path, fake_office):
    # LibreOffice imports any bytes as plain text: without the check a broken .doc "passed"
    doc = tmp_path / "bao-cao.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    [finding] = lint_path(doc)
    assert finding.rule == "read-error" and "Word 97-2003" in finding.message
