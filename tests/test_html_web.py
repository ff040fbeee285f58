"""``--format html`` and ``doclint web`` without a browser (the DOM checks are in test_browser.py)."""

from __future__ import annotations

import json
import unicodedata
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from doclint.cli import main
from doclint.web import make_server, parse_upload, safe_name
from helpers import seed, write_docx

HOSTILE = ("Số: 12/BC-UBND\n\nBÁO CÁO <script>alert(1)</script>\n\n1. Kết quả\n\nĐã làm các các việc <b>x</b>.\n\n"
           "1. Tồn tại\n\nChưa làm.\n")


class Marks(HTMLParser):
    """The text of every <mark> highlight, and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str] = []
        self.loads: list[str] = []
        self.scripts = 0
        self._in = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            self._in = True
            self.marks.append("")
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href", "action"):
            if attrs.get(key) and not attrs[key].startswith(("#", "data:", "/")):
                self.loads.append(attrs[key])

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.marks[-1] += data


def _run(capsys, *args):
    capsys.readouterr()
    code = main(["check", "--no-color", *args])
    return code, capsys.readouterr().out


def test_html_report_highlights_each_finding_and_escapes_the_document(tmp_path, capsys):
    doc = tmp_path / "bc.txt"
    doc.write_text(HOSTILE, encoding="utf-8")
    code, page = _run(capsys, "--format", "html", str(doc))
    assert code == 1 and page.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parser = Marks()
    parser.feed(page)
    findings = json.loads(_run(capsys, "--format", "json", str(doc))[1])
    inline = [f for f in findings if f["line"] == f["end_line"]]
    texts = [line.split("\n") for line in [HOSTILE]][0]
    expected = sorted(texts[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] for f in inline)
    assert sorted(parser.marks) == expected and "các" in parser.marks and "1." in parser.marks
    assert parser.loads == [] and parser.scripts == 2  # the findings' data and the inline script
    assert "Content-Security-Policy" in page and "<svg" in page and "section-duplicate" in page


def test_html_report_of_a_word_file_shows_the_extracted_text(tmp_path, capsys):
    draft = write_docx(tmp_path / "bc.docx", seed("003").read_text(encoding="utf-8"))
    code, page = _run(capsys, "--format", "html", "--lang", "en", str(draft))
    parser = Marks()
    parser.feed(page)
    assert "buộn lậu" in [unicodedata.normalize("NFC", m) for m in parser.marks] and "Warnings" in page


@pytest.fixture(scope="module")
def server():
    srv = make_server("127.0.0.1", 0, max_mb=1)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _post(url: str, name: str, data: bytes) -> tuple[int, str]:
    boundary = "----doclinttest"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url + "/check", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_web_checks_an_upload_and_keeps_nothing(server, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the server's temporary directory goes
    with urllib.request.urlopen(server + "/", timeout=10) as response:
        assert 'type="file"' in response.read().decode("utf-8")
    draft = write_docx(tmp_path / "x.docx", HOSTILE)
    status, page = _post(server, "../../etc/bao cao.docx", draft.read_bytes())
    assert status == 200 and "section-duplicate" in page and 'id="download"' in page
    assert "bao cao.docx" in page and "../" not in page.split("<h2>")[1][:40]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.docx"]  # the upload's directory is gone
    status, page = _post(server, "a.txt", HOSTILE.encode())
    assert status == 200 and "&lt;script&gt;" in page and 'id="download"' not in page


def test_web_refuses_large_and_unknown_uploads(server):
    status, page = _post(server, "big.txt", b"x" * (1024 * 1024 + 10))
    assert status == 413
    status, page = _post(server, "virus.exe", b"MZ")
    assert status == 400
    assert safe_name("C:\\Users\\a\\bc\x1b.docx") == "bc.docx"
    assert parse_upload("text/plain", b"x") is None
