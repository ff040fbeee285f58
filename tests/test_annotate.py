"""``doclint annotate``: Word review comments anchored on exactly each finding's text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from docx2python import docx2python

from doclint.annotate import AUTHOR, annotate_file, lint_docx
from doclint.cli import main
from doclint.config import Settings
from doclint.readers.docx import q
from helpers import seed, write_docx


def anchored_texts(path: Path) -> dict[str, str]:
    """comment id -> the text between its commentRangeStart and commentRangeEnd (python-docx)."""
    body = docx.Document(str(path)).element.body
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for el in body.iter():
        if el.tag == q("commentRangeStart"):
            open_[el.get(q("id"))] = []
        elif el.tag == q("commentRangeEnd"):
            done[el.get(q("id"))] = "".join(open_.pop(el.get(q("id"))))
        elif el.tag in (q("t"), q("delText")):  # a tracked deletion stays under its comment
            for parts in open_.values():
                parts.append(el.text or "")
    return done


def comments_of(path: Path) -> dict[str, tuple[str, str]]:
    document = docx.Document(str(path))
    return {str(c.comment_id): (c.author, c.text) for c in document.comments}


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    return write_docx(tmp_path_factory.mktemp("annotate") / "bao-cao.docx", seed("003").read_text(encoding="utf-8"))


def _key(findings):
    # layout-font counts each run's characters without its edge spaces: a run split next to a
    # space counts one less, so its message's number may move; rule, place and text may not
    return [(f.rule, f.line, f.column, f.text, f.message if f.rule != "layout-font" else "") for f in findings]


def test_each_comment_covers_exactly_its_finding(draft, tmp_path):
    before = hashlib.sha256(draft.read_bytes()).hexdigest()
    out, summary, findings = annotate_file(draft, tmp_path / "out.docx", Settings())
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == before  # the draft is untouched
    assert len(findings) >= 3 and summary.comments == len(findings) == summary.exact and summary.skipped == 0
    anchored = anchored_texts(out)
    comments = comments_of(out)
    assert len(anchored) == len(comments) == len(findings)
    pairs = sorted((anchored[i], comments[i][1]) for i in comments)
    expected = sorted((f.text, f"{f.severity} {f.code} [{f.rule}] {f.message}" + (f"\n{f.suggestion}" if f.suggestion else ""))
                      for f in findings)
    assert pairs == expected
    assert {author for author, _ in comments.values()} == {AUTHOR}
    # docx2python reads the same anchors
    with docx2python(str(out)) as read:
        assert sorted(ref for ref, *_ in read.comments) == sorted(f.text for f in findings)
        assert {author for _, author, _, _ in read.comments} == {AUTHOR}
    # the comments change no text: the copy has the same findings
    assert _key(lint_docx(out, Settings())[0]) == _key(findings)


def test_runs_are_split_where_a_finding_starts_and_ends_inside_them(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Tăng cường công tác phòng, chống ")
    p.add_run("buộn").bold = True
    p.add_run(" lậu và gian lận thương mại trên địa bàn.")
    document.save(str(tmp_path / "d.docx"))
    out, summary, findings = annotate_file(tmp_path / "d.docx", None, Settings())
    assert out == tmp_path / "d.doclint.docx"
    confusable = [f for f in findings if f.rule == "confusable"]
    assert [f.text for f in confusable] == ["buộn lậu"]
    assert list(anchored_texts(out).values()).count("buộn lậu") == 1
    assert summary.changes == 0
    out, summary, findings = annotate_file(tmp_path / "d.docx", tmp_path / "s.docx", Settings(), suggest=True)
    # --suggest: the replacement is a tracked change; Word's "accept" view (what doclint reads) is clean
    body = docx.Document(str(out)).element.body
    assert ["".join(t.text for t in d.iter(q("delText"))) for d in body.iter(q("del"))] == ["buộn lậu"]
    assert ["".join(t.text for t in i.iter(q("t"))) for i in body.iter(q("ins"))] == ["buôn lậu"]
    assert summary.changes == 1
    assert not [f for f in lint_docx(out, Settings())[0] if f.rule == "confusable"]
    # the bold stays on the deleted word
    assert [r.find(q("rPr")) is not None for r in body.iter(q("r")) if r.find(q("delText")) is not None][0]


def test_cli_writes_the_copy_and_refuses_other_kinds(draft, tmp_path, capsys):
    out = tmp_path / "gop-y.docx"
    assert main(["annotate", str(draft), "-o", str(out)]) == 0
    assert out.exists() and "ghi chú" in capsys.readouterr().out
    assert main(["annotate", str(draft), "-o", str(draft)]) == 2  # never over the draft
    assert main(["annotate", str(seed("003"))]) == 2


# -- --suggest: safe fixes as Word tracked changes -------------------------------------------------
def tracked(path: Path) -> list[tuple[str, str, str]]:
    """(kind, author, text) of each w:del / w:ins in document order (lxml over python-docx's tree)."""
    body = docx.Document(str(path)).element.body
    out = []
    for el in body.iter(q("del"), q("ins")):
        kind = "del" if el.tag == q("del") else "ins"
        text = "".join(t.text or "" for t in el.iter(q("delText") if kind == "del" else q("t")))
        out.append((kind, el.get(q("author")), text))
    return out


def accepted_text(path: Path) -> list[str]:
    """Each paragraph as Word shows it once every change is accepted (deleted text left out)."""
    body = docx.Document(str(path)).element.body
    return ["".join(t.text or "" for t in p.iter(q("t"))) for p in body.iter(q("p"))]


def test_suggest_writes_a_seeds_safe_fixes_as_tracked_changes(tmp_path):
    draft = write_docx(tmp_path / "bao-cao.docx", seed("000").read_text(encoding="utf-8"))
    before = hashlib.sha256(draft.read_bytes()).hexdigest()
    out, summary, findings = annotate_file(draft, tmp_path / "gop-y.docx", Settings(), suggest=True)
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == before  # the draft is untouched
    [doubled] = [f for f in findings if f.rule == "duplicated-word"]
    assert doubled.fix is not None and doubled.fix.safe and doubled.text == "xảy ra"
    changes = tracked(out)
    assert {author for _, author, _ in changes} == {AUTHOR}
    # the doubled word: the second copy deleted, nothing inserted, its comment still on it
    body = docx.Document(str(out)).element.body
    [p] = [p for p in body.iter(q("p")) if "".join(t.text for t in p.iter(q("t"))).startswith("Phạm pháp hình sự")]
    assert "".join(t.text for t in p.iter(q("delText"))) == " xảy ra" and not list(p.iter(q("ins")))
    comments = comments_of(out)
    [number] = [i for i, (_, text) in comments.items() if "[duplicated-word]" in text]
    assert anchored_texts(out)[number] == "xảy ra"
    assert any("hình sự xảy ra 07 vụ" in text for text in accepted_text(out))
    assert not any("xảy ra xảy ra" in text for text in accepted_text(out))
    # tone-style's fix: every one of its edits, each a deletion and an insertion
    [tone] = [f for f in findings if f.rule == "tone-style"]
    pairs = [(changes[i][2], changes[i + 1][2]) for i in range(len(changes) - 1)
             if changes[i][0] == "del" and changes[i + 1][0] == "ins" and changes[i][2] in ("uỷ", "oá")]
    lines = lint_docx(draft, Settings())[1].split("\n")
    expected = [(lines[e.line - 1][e.column - 1:e.end_column - 1], e.content) for e in tone.fix.edits]
    assert len(expected) > 10 and sorted(pairs) == sorted(expected)
    # Word's "accept all" view, which doclint reads, no longer has those findings
    after = {f.rule for f in lint_docx(out, Settings())[0]}
    assert "duplicated-word" not in after and "tone-style" not in after
    # without --suggest: comments only
    out2, summary2, _ = annotate_file(draft, tmp_path / "plain.docx", Settings())
    assert tracked(out2) == [] and summary2.changes == 0 and summary.changes >= 3


DRAFT = """ỦY BAN NHÂN DÂN
HUYỆN CHI LĂNG
Số: 125/BC-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Chi Lăng, ngày 7 tháng 2 năm 2024

BÁO CÁO
Kết quả công tác tháng 01 năm 2024

Thực hiện Quyết định 06/QĐ TTg của Thủ tướng Chính phủ, Ủy ban nhân dân huyện báo cáo như sau:
1. Kết quả
Các các xã đã hoàn thành kế hoạch.

Nơi nhận:
- UBND tỉnh (b/c)
- Lưu: VT;
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn A"""


def test_suggest_replaces_deletes_and_inserts_across_runs(tmp_path):
    document = docx.Document()
    for line in DRAFT.split("\n"):
        if line.startswith("Các các"):  # the doubled word split over two runs, the second bold
            p = document.add_paragraph("Các ")
            p.add_run("các").bold = True
            p.add_run(" xã đã hoàn thành kế hoạch.")
        else:
            document.add_paragraph(line)
    document.save(str(tmp_path / "d.docx"))
    out, summary, findings = annotate_file(tmp_path / "d.docx", None, Settings(), suggest=True)
    fixed = {f.rule for f in findings if f.fix is not None and f.fix.safe}
    assert fixed >= {"date-format", "reference-format", "duplicated-word", "recipients-format"}
    assert ("del", AUTHOR, "06/QĐ TTg") in tracked(out) and ("ins", AUTHOR, "06/QĐ-TTg") in tracked(out)
    text = accepted_text(out)
    assert "Chi Lăng, ngày 07 tháng 02 năm 2024" in text  # two replacements in one paragraph
    assert "Các xã đã hoàn thành kế hoạch." in text  # a deletion over two runs
    assert "- UBND tỉnh (b/c);" in text  # an insertion at the paragraph's end
    assert "- Lưu: VT." in text
    body = docx.Document(str(out)).element.body
    [p] = [p for p in body.iter(q("p")) if "".join(t.text for t in p.iter(q("t"))).startswith("Các xã")]
    deleted = [r for d in p.iter(q("del")) for r in d.iter(q("r"))]
    assert ["".join(t.text for t in r.iter(q("delText"))) for r in deleted] == [" ", "các"]
    assert [r.find(q("rPr")) is not None for r in deleted] == [False, True]  # the bold run kept bold
    after = {f.rule for f in lint_docx(out, Settings())[0]}
    assert not after & {"date-format", "reference-format", "duplicated-word", "recipients-format"}


def test_suggest_writes_inside_a_hyperlink(tmp_path):
    """A table of contents or a cited document is often a hyperlink: w:del/w:ins go inside it."""
    from lxml import etree

    document = docx.Document()
    for line in DRAFT.split("\n"):
        if line.startswith("Thực hiện Quyết định"):
            p = document.add_paragraph("Thực hiện ")
            link = etree.SubElement(p._p, q("hyperlink"), {q("anchor"): "qd06"})
            link.append(p.add_run("Quyết định 06/QĐ TTg")._r)
            p.add_run(" của Thủ tướng Chính phủ, Ủy ban nhân dân huyện báo cáo như sau:")
        else:
            document.add_paragraph(line)
    document.save(str(tmp_path / "d.docx"))
    out, summary, findings = annotate_file(tmp_path / "d.docx", None, Settings(), suggest=True)
    assert [f.text for f in findings if f.rule == "reference-format"] == ["06/QĐ TTg"]
    body = docx.Document(str(out)).element.body
    [link] = list(body.iter(q("hyperlink")))
    assert ["".join(t.text for t in d.iter(q("delText"))) for d in link.iter(q("del"))] == ["06/QĐ TTg"]
    assert ["".join(t.text for t in i.iter(q("t"))) for i in link.iter(q("ins"))] == ["06/QĐ-TTg"]
    assert "reference-format" not in {f.rule for f in lint_docx(out, Settings())[0]}
