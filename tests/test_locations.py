"""Locations a Word user can follow, in every output format and in both languages."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document

from doclint.cli import main
from doclint.readers.labels import first_words, location_label

DRAFT = ("Số: 12/BC-UBND", "", "Hà Nội, ngày 05 tháng 3 năm 2025", "", "BÁO CÁO", "Tình hình tháng 3", "",
         "1. Kết quả", "", "Đã làm.", "", "1. Tồn tại của các xã trong tháng", "", "Chưa làm.")


def _draft(path: Path) -> Path:
    document = Document()
    for line in DRAFT:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Xã", "Số hộ"
    table.cell(1, 0).text, table.cell(1, 1).text = "Xã A", "12"
    document.save(str(path))
    return path


def _run(capsys, *args: str) -> str:
    capsys.readouterr()
    main(["check", "--no-color", *args])
    return capsys.readouterr().out


def test_every_paragraph_is_counted_and_the_first_words_shown(tmp_path, capsys):
    draft = _draft(tmp_path / "bc.docx")
    findings = json.loads(_run(capsys, "--format", "json", str(draft)))
    duplicate = [f for f in findings if f["rule"] == "section-duplicate"]
    # the 12th paragraph as Word counts (six empty paragraphs before it)
    assert [f["location"] for f in duplicate] == ["đoạn 12 «1. Tồn tại của các…»"]
    assert "đoạn 8" in duplicate[0]["message"]  # the first "1." is Word's 8th paragraph
    english = json.loads(_run(capsys, "--format", "json", "--lang", "en", str(draft)))
    assert ["paragraph 8" in f["message"] for f in english if f["rule"] == "section-duplicate"] == [True]
    assert [f["location"] for f in english if f["rule"] == "section-duplicate"] == \
        ["paragraph 12 «1. Tồn tại của các…»"]


def test_github_and_sarif_carry_the_label(tmp_path, capsys):
    draft = _draft(tmp_path / "bc.docx")
    github = [line for line in _run(capsys, "--format", "github", str(draft)).splitlines() if "section-duplicate" in line]
    assert len(github) == 1 and "::đoạn 12 «1. Tồn tại của các…»%3A " not in github[0]
    assert github[0].split("::", 2)[2].startswith("đoạn 12 «1. Tồn tại của các…»: ")
    sarif = json.loads(_run(capsys, "--format", "sarif", "--lang", "en", str(draft)))
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "DL102" or "paragraph 12" in json.dumps(r)]
    location = results[0]["locations"][0]
    assert location["logicalLocations"] == [{"name": "paragraph 12 «1. Tồn tại của các…»", "kind": "paragraph"}]
    assert location["physicalLocation"]["region"]["snippet"]["text"]


def test_table_cell_and_translation():
    row = "| Xã A | 12 |"
    assert location_label("bảng 2, hàng 3", row, row.index("12") + 1, "vi") == "bảng 2, hàng 3, ô 2 «12»"
    assert location_label("bảng 2, hàng 3", row, row.index("12") + 1, "en") == "table 2, row 3, cell 2 «12»"
    assert location_label("trang 2, dòng 5", "Căn cứ Luật Tổ chức chính quyền địa phương", 1, "en") == \
        "page 2, line 5 «Căn cứ Luật Tổ chức…»"
    assert location_label("chú thích cuối ii", "<sup>ii</sup> Xem", 1, "en") == "endnote ii «ii Xem»"
    assert location_label(None, "x", 1, "vi") is None  # plain text keeps line:column
    assert first_words("Căn cứ") == "Căn cứ" and first_words("a\x1b[31m b") == "a [31m b"
