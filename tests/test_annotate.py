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
        elif el.tag == q("t"):
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
