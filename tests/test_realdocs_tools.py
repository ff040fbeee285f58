"""The measuring scripts of issue 13 (scripts/mutation_check.py, scripts/sample_findings.py) on a
tiny hand-made realdocs folder, so that they cannot rot silently. One doclint run, a few seconds."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import json
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
sys.path.insert(0, str(SCRIPTS))
mutation_check = importlib.import_module("mutation_check")
sample_findings = importlib.import_module("sample_findings")

REPORT = """\
ỦY BAN NHÂN DÂN
HUYỆN CHI LĂNG
Số: 125/BC-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Chi Lăng, ngày 28 tháng 3 năm 2024

BÁO CÁO
Kết quả tiếp công dân quý I năm 2024

Thực hiện Kế hoạch số 15/KH-UBND ngày 10/01/2024 của Ủy ban nhân dân huyện, Ủy ban nhân dân huyện báo cáo như sau:
I. KẾT QUẢ
1. Tiếp công dân
Số vụ việc phát sinh là: 24 vụ việc (gồm 18 vụ việc cũ và 06 vụ việc mới).
2. Xử lý đơn thư
Tính đến ngày 20/3/2024, đã tiếp nhận 14 đơn thư.
3. Giải quyết khiếu nại
Đã giải quyết xong các vụ việc.
II. NHIỆM VỤ
Tiếp tục thực hiện tốt công tác tiếp công dân.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""

# No place-and-date line: only the kinds that need no document date apply.
NOTICE = """\
ỦY BAN NHÂN DÂN
Số: 7/TB-UBND
THÔNG BÁO
a) Nội dung thứ nhất.
b) Nội dung thứ hai.
"""

# No numbered section: not eligible.
LETTER = """\
Số: 9/UBND-VP
Chi Lăng, ngày 02 tháng 4 năm 2024
Kính gửi: Các phòng, ban.
Đề nghị các phòng, ban báo cáo trước ngày 10/4/2024.
"""


@pytest.fixture()
def realdocs(tmp_path: Path) -> Path:
    text = tmp_path / "text"
    text.mkdir()
    docs = {"0001.txt": (REPORT, "txt"), "0002.txt": (NOTICE, "txt"), "0003.txt": (LETTER, "txt"), "0004.txt": (REPORT, "pdf-ocr")}
    rows = ["file\trepo\tpath\tcommit\tdoc_type\ttier\tmethod"]
    for name, (body, method) in docs.items():
        (text / name).write_text(body, encoding="utf-8")
        rows.append(f"{name}\tr\tp\tc\tbáo cáo\t1\t{method}")
    (text / "manifest.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path


def test_each_kind_of_mutation_finds_its_site_and_changes_one_line() -> None:
    found = mutation_check.mutations_of("0001.txt", REPORT)
    assert set(found) == {"section", "total", "date", "number"}
    lines = REPORT.split("\n")
    section, total, date, number = (found[k] for k in ("section", "total", "date", "number"))
    assert (section.line, section.after) == (15, "1. Xử lý đơn thư")  # "2." took "1."'s number
    assert total.after == "Số vụ việc phát sinh là: 23 vụ việc (gồm 18 vụ việc cũ và 06 vụ việc mới)."
    assert (date.note, date.after) == ("as-of", "Tính đến ngày 27/4/2024, đã tiếp nhận 14 đơn thư.")
    assert number.after == "Số: /BC-UBND"
    for m in found.values():
        assert lines[m.line - 1] == m.before
        changed = [i for i, (a, b) in enumerate(zip(lines, m.apply(REPORT).split("\n"))) if a != b]
        assert changed == [m.line - 1]


def test_sites_that_are_not_defects_once_mutated_are_skipped() -> None:
    # parts that do not add up to the total: lowering it proves nothing
    assert mutation_check.total_site("x", ["Có 24 vụ việc (gồm 18 vụ việc cũ và 05 vụ việc mới)."], 0) is None
    # a date already after the document, or a range start, is no as-of site; a citation is the fallback
    lines = ["Thực hiện Công văn số 15/UBND ngày 10/01/2024.", "Tính đến ngày 20/5/2024, có 3 đơn."]
    date = mutation_check.date_site("x", lines, 0, dt.date(2024, 3, 28))
    assert (date.line, date.note, date.after) == (1, "citation", "Thực hiện Công văn số 15/UBND ngày 27/04/2024.")
    # no next sibling: "1." then "3." is not a pair
    assert mutation_check.section_site("x", ["1. Một", "3. Ba"], 0) is None
    assert mutation_check.section_site("x", ["Điều 4. Bốn", "Điều 5. Năm"], 0).after == "Điều 4. Năm"


def test_choice_is_tier1_with_a_section_site_and_prefers_more_kinds(realdocs: Path) -> None:
    chosen = mutation_check.choose(realdocs, size=2)
    assert list(chosen) == ["0001.txt", "0004.txt"]  # 0003 has no section; 0002 offers fewer kinds
    assert set(mutation_check.choose(realdocs, size=3)) == {"0001.txt", "0002.txt", "0004.txt"}
    assert set(mutation_check.choose(realdocs, size=3)["0002.txt"]) == {"section", "number"}


def test_caught_needs_a_new_finding_of_the_expected_rule_near_the_line() -> None:
    m = mutation_check.Mutation("a.txt", "number", 3, "Số: 125/BC-UBND", "Số: /BC-UBND")
    new = {("unfilled-field", 3, "trống")}
    assert mutation_check.caught(m, set(), new)
    assert not mutation_check.caught(m, new, new)  # already there before the mutation
    assert not mutation_check.caught(m, set(), {("unfilled-field", 6, "trống")})  # too far
    assert not mutation_check.caught(m, set(), {("section-duplicate", 3, "x")})  # another rule


def test_mutation_check_end_to_end_on_two_documents(realdocs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "rows.json"
    assert mutation_check.main(["--realdocs", str(realdocs), "--size", "2", "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {(r["file"], r["kind"]) for r in rows} >= {("0001.txt", "section"), ("0001.txt", "number")}
    caught = {(r["file"], r["kind"]) for r in rows if r["caught"]}
    # the two defects doclint surely catches on a clean report
    assert {("0001.txt", "section"), ("0001.txt", "number")} <= caught
    table = capsys.readouterr().out
    assert "documents: 2" in table and "section" in table and table.splitlines()[-2].startswith("all")


def _finding(name: str, line: int, rule: str, severity: str = "warning") -> dict:
    return {"path": f"/somewhere/text/{name}", "line": line, "column": 1, "rule": rule,
            "severity": severity, "message": f"{rule} at {line}"}


def test_stratified_sample_takes_all_of_rare_rules_and_a_fixed_draw_of_common_ones() -> None:
    findings = [_finding("0001.txt", i, "common") for i in range(1, 31)] + [_finding("0001.txt", 5, "rare", "error")]
    first = sample_findings.stratified(findings, per_rule=10, seed=13)
    again = sample_findings.stratified(list(reversed(findings)), per_rule=10, seed=13)
    assert first == again  # deterministic, whatever the input order
    assert [f["rule"] for f in first].count("common") == 10 and [f["rule"] for f in first].count("rare") == 1
    trimmed = sample_findings.stratified(findings, per_rule=10, seed=13, limit=3)
    assert sorted(f["rule"] for f in trimmed) == ["common", "common", "rare"]  # every rule first, then more


def test_counted_findings_leave_out_what_realdocs_check_leaves_out(realdocs: Path) -> None:
    findings = [
        _finding("0001.txt", 3, "unfilled-field"),
        _finding("0004.txt", 3, "invalid-syllable"),  # spelling on an OCR text
        _finding("0001.txt", 3, "invalid-syllable"),
        _finding("0001.txt", 3, "tone-style", "info"),
    ]
    kept = sample_findings.counted_findings(findings, realdocs)
    assert [(Path(f["path"]).name, f["rule"]) for f in kept] == [("0001.txt", "invalid-syllable")]


def test_sample_tsv_has_the_context_line_and_the_summary_counts_verdicts(realdocs: Path, tmp_path: Path, capsys) -> None:
    findings = [_finding("0001.txt", 14, "sum-mismatch", "error"), _finding("0001.txt", 3, "missing-component"),
                _finding("0001.txt", 12, "section-sequence"), _finding("0001.txt", 13, "section-sequence")]
    for f in findings:
        f["path"] = str(realdocs / "text" / "0001.txt")
    rows = sample_findings.rows_for(sample_findings.stratified(findings), realdocs)
    assert rows[0]["file"] == "text/0001.txt" and rows[0]["context"] == "Số: 125/BC-UBND"
    buffer = io.StringIO()
    sample_findings.write_tsv(rows, buffer)
    judged = buffer.getvalue().replace("\t\t\n", "\tright\tok\n", 2).replace("\t\t\n", "\twrong\tno\n")
    path = tmp_path / "judged.tsv"
    path.write_text(judged, encoding="utf-8")
    table, result = sample_findings.summary(sample_findings.read_tsv(path), findings + findings[2:])
    assert ("section-sequence", 4, 2, 1, 1, 0) in table
    assert result["judged"] == 4 and result["right"] == 2
    jsonl = tmp_path / "f.jsonl"
    jsonl.write_text("".join(json.dumps(f) + "\n" for f in findings), encoding="utf-8")
    assert sample_findings.main(["--summary", str(path), str(jsonl), "--realdocs", str(realdocs)]) == 0
    assert "right: 2/4 judged = 50%" in capsys.readouterr().out
