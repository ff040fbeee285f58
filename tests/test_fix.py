"""Fixes: what each rule's fix changes, how --fix/--diff write (or not), and that fixing is
idempotent and touches nothing outside its edits."""

from __future__ import annotations

import shutil
import unicodedata

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from doclint.cli import main
from doclint.config import Settings
from doclint.engine import lint_text
from doclint.fix import apply_fixes, fix_text, select_fixes
from doclint.model import Span
from doclint.rule import Edit, Fix
from helpers import seed

HEADER = ("UBND TỈNH LẠNG SƠN\nSố: 12/BC-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Độc lập - Tự do - Hạnh phúc\n")


def fixed(text: str, unsafe: bool = False) -> str:
    return fix_text(text, Settings(), unsafe=unsafe)[0]


# -- each rule's fix -----------------------------------------------------------------------
def test_duplicated_word_fix_deletes_the_second_copy():
    text = "Trên cơ sở góp ý dự thảo Kế hoạch của các các cơ quan, đơn vị.\n"
    assert fixed(text) == "Trên cơ sở góp ý dự thảo Kế hoạch của các cơ quan, đơn vị.\n"
    [finding] = lint_text(text, select=["duplicated-word"])
    assert finding.fix.safe and finding.fix.edits[0].content == ""


def test_a_doubled_syllable_judged_by_the_word_model_is_fixed_only_when_asked():
    """realdocs 0548 "Chủ tịch Ủy ban nhân nhân cấp xã" means "nhân dân": deleting one copy,
    right for "quyết định định thu hồi", would be wrong there, so --fix leaves both alone and
    --unsafe-fixes applies the deletion."""
    text = "Thực hiện quyết định định thu hồi đất các dự án.\n"
    [finding] = lint_text(text, select=["duplicated-word"])
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == "Thực hiện quyết định thu hồi đất các dự án.\n"


def test_an_edit_that_would_cut_markup_is_dropped():
    from doclint.engine import _original_fix, prepare
    from doclint.reader import Source

    source = Source.from_text("x.md", "Kế hoạch của các **các** cơ quan.\n")
    doc = prepare(source)
    at = doc.text.index(" **các")
    assert _original_fix(source, doc, Fix.delete(Span(at, at + 6)), 0) is None  # would leave "**"
    plain = _original_fix(source, doc, Fix.delete(Span(at - 3, at)), 0)
    assert plain is not None and plain.edits[0].start == at - 3


def test_reference_separator_fix():
    text = "Căn cứ Quyết định số 06/QĐ TTg ngày 10/01/2020 của Thủ tướng Chính phủ.\n"
    assert fixed(text) == text.replace("06/QĐ TTg", "06/QĐ-TTg")


def test_recipients_final_marks_fix():
    text = (HEADER + "Hà Nội, ngày 07 tháng 02 năm 2024\nBÁO CÁO\nVề việc A\nNội dung.\n"
            "Nơi nhận:\n- UBND tỉnh (b/c)\n- Sở Tài chính.\n- Lưu: VT;\n")
    out = fixed(text)
    assert out.endswith("Nơi nhận:\n- UBND tỉnh (b/c);\n- Sở Tài chính;\n- Lưu: VT.\n")


def test_date_zero_fix_per_decree_30():
    text = HEADER + "Lạng Sơn, ngày 7 tháng 02 năm 2024\nBÁO CÁO\nNội dung.\n"
    assert "ngày 07 tháng 02 năm 2024" in fixed(text)
    text = HEADER + "Lạng Sơn, ngày 17 tháng 03 năm 2024\nBÁO CÁO\nNội dung.\n"
    assert "ngày 17 tháng 3 năm 2024" in fixed(text)


def test_tone_style_fix_follows_the_majority():
    text = "Ủy ban văn hóa và hòa bình, Hòa Bình; văn hoá; ỦY BAN.\n"
    assert fixed(text) == "Ủy ban văn hóa và hòa bình, Hòa Bình; văn hóa; ỦY BAN.\n"
    text = "Uỷ ban văn hoá, thuỷ lợi, văn hóa.\n"
    assert fixed(text) == "Uỷ ban văn hoá, thuỷ lợi, văn hoá.\n"


def test_confusable_fix_is_unsafe():
    text = "Phạm pháp hình sự xây ra 09 vụ.\n"
    [finding] = lint_text(text, select=["confusable"])
    assert finding.fix is not None and not finding.fix.safe
    assert fixed(text) == text
    assert fixed(text, unsafe=True) == "Phạm pháp hình sự xảy ra 09 vụ.\n"


def test_fix_in_nfd_and_crlf_text_maps_to_the_original():
    nfd = unicodedata.normalize("NFD", "Kế hoạch của các các cơ quan.\r\nVăn hóa.\r\n")
    keep_form = Settings(ignore=("unicode-normalization",))
    out = fix_text(nfd, keep_form)[0]
    assert out == unicodedata.normalize("NFD", "Kế hoạch của các cơ quan.\r\nVăn hóa.\r\n")


def test_nfc_fix_composes_only_what_was_decomposed():
    text = "Ke\u0302\u0301t luận của các cơ quan; ho\u0323p.\r\nVăn bản.\r\n"
    [finding] = lint_text(text, select=["unicode-normalization"])
    assert finding.severity == "info" and finding.fix.safe and len(finding.fix.edits) == 2
    assert fixed(text) == "Kết luận của các cơ quan; họp.\r\nVăn bản.\r\n"
    assert lint_text("Kết luận.\n", select=["unicode-normalization"]) == []
    assert lint_text(text, path="x.docx", select=["unicode-normalization"]) == []


# -- choosing and applying -------------------------------------------------------------------
def test_overlapping_fixes_wait_for_the_next_pass():
    a = Fix((Edit(0, 4, "x"),))
    b = Fix((Edit(2, 6, "y"),))
    c = Fix((Edit(6, 6, "z"),))
    assert select_fixes([b, a, c]) == [a, c]
    assert apply_fixes("0123456789", [a, c]) == "x45z6789"


# -- the command line ------------------------------------------------------------------------
def test_fix_on_seed_001_removes_the_doubling(tmp_path, capsys):
    target = tmp_path / "001.txt"
    shutil.copy(seed("001"), target)
    before = target.read_bytes()
    assert "các các".encode() in before
    exact = tmp_path / "exact.txt"
    shutil.copy(seed("001"), exact)
    main(["check", "--fix", "--select", "duplicated-word", str(exact)])
    assert exact.read_bytes() == before.replace("của các các cơ".encode(), "của các cơ".encode())
    capsys.readouterr()
    main(["check", "--fix", "--no-color", str(target)])
    after = target.read_text(encoding="utf-8")
    assert "các các" not in after
    assert "Văn hoá" not in after and "Văn hóa" in after  # tone-style: 15 old-style words against 7
    out = capsys.readouterr()
    assert "duplicated-word" not in out.out and "tone-style" not in out.out  # the report shows what remains
    assert "section-duplicate" in out.out


def test_diff_changes_nothing(tmp_path, capsys):
    target = tmp_path / "001.txt"
    shutil.copy(seed("001"), target)
    before = target.read_bytes()
    code = main(["check", "--diff", str(target)])
    assert code == 1
    assert target.read_bytes() == before
    diff = capsys.readouterr().out
    assert "-Trên cơ sở góp ý dự thảo Kế hoạch của các các cơ quan" in diff
    assert "+Trên cơ sở góp ý dự thảo Kế hoạch của các cơ quan" in diff


def test_fix_keeps_bom_encoding_and_line_ends(tmp_path):
    text = "Kế hoạch của các các cơ quan.\r\nVăn bản khác.\r\n"
    utf8 = tmp_path / "a.txt"
    utf8.write_bytes(b"\xef\xbb\xbf" + text.encode())
    utf16 = tmp_path / "b.md"
    utf16.write_bytes(text.encode("utf-16"))  # with its BOM
    main(["check", "--fix", "-q", str(utf8), str(utf16)])
    want = "Kế hoạch của các cơ quan.\r\nVăn bản khác.\r\n"
    assert utf8.read_bytes() == b"\xef\xbb\xbf" + want.encode()
    assert utf16.read_bytes() == want.encode("utf-16")


def test_fix_leaves_a_file_changed_since_it_was_read(tmp_path, monkeypatch):
    from doclint import fix

    target = tmp_path / "a.txt"
    target.write_text("Kế hoạch của các các cơ quan.\n", encoding="utf-8")
    result = fix.fix_path(target, Settings())
    target.write_text("Someone else's edit.\n", encoding="utf-8")
    try:
        fix.write(target, result)
    except fix.ChangedOnDisk:
        pass
    else:  # pragma: no cover
        raise AssertionError("overwrote a changed file")
    assert target.read_text(encoding="utf-8") == "Someone else's edit.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_docx_text_is_never_rewritten_its_fix_only_feeds_annotate():
    """A .docx finding's fix is in extracted-text offsets, for ``annotate --suggest`` (tracked
    changes); --fix never rewrites a Word file and JSON/SARIF leave the fix out. A PDF has none."""
    import json
    from io import StringIO
    from pathlib import Path

    from doclint.fix import fixable_path
    from doclint.reporters import REPORTERS, FileReport, ReportOptions

    [plain] = lint_text("Kế hoạch của các các cơ quan.\n", path="x.txt", select=["duplicated-word"])
    [docx] = lint_text("Kế hoạch của các các cơ quan.\n", path="x.docx", select=["duplicated-word"])
    [pdf] = lint_text("Kế hoạch của các các cơ quan.\n", path="x.pdf", select=["duplicated-word"])
    assert plain.fix is not None and docx.fix == plain.fix and pdf.fix is None
    assert not fixable_path(Path("x.docx")) and fixable_path(Path("x.txt"))
    out = StringIO()
    REPORTERS["json"]([FileReport("x.docx", [docx]), FileReport("x.txt", [plain])], ReportOptions(out=out))
    assert ["fix" in row for row in json.loads(out.getvalue())] == [False, True]


# -- the properties ------------------------------------------------------------------------
WORDS = ["các", "các", "của", "và", "hoá", "hóa", "ủy", "uỷ", "xây ra", "06/QĐ TTg", "ngày 7 tháng 2 năm 2024",
         "Ủy ban", "văn hóa", "Hòa", "**các**", "cơ quan", "đơn vị", "- Lưu: VT;", "Nơi nhận:", "- UBND tỉnh",
         "e\u0301", "tie\u0302\u0301n đo\u0323\u0302", ".", ",", ";"]
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "\n\n"]


@st.composite
def documents(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=40))
    return "".join(w + s for w, s in parts)


def _outside_edits_unchanged(before: str, findings) -> None:
    chosen = select_fixes(f.fix for f in findings if f.fix is not None and f.fix.safe)
    after = apply_fixes(before, chosen)
    at_before = at_after = 0
    for edit in sorted((e for f in chosen for e in f.edits), key=lambda e: e.start):
        gap = edit.start - at_before
        assert after[at_after:at_after + gap] == before[at_before:edit.start]
        at_after += gap + len(edit.content)
        at_before = edit.end
    assert after[at_after:] == before[at_before:]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fixing_twice_is_fixing_once_and_outside_text_is_kept(text):
    once = fixed(text, unsafe=True)
    assert fixed(once, unsafe=True) == once
    from doclint.engine import lint
    from doclint.reader import Source

    _outside_edits_unchanged(text, lint(Source.from_text("<t>", text), Settings()))


def test_recipient_fix_only_on_clean_dash_lines():
    head = HEADER + "Hà Nội, ngày 07 tháng 02 năm 2024\nBÁO CÁO\nVề việc A\nNội dung.\n"
    merged = head + "Nơi nhận: TL. GIÁM ĐỐC\n- Sở Tài chính;\n- Lưu: VT.\n"  # a PDF's two columns on one line
    colon = head + "Nơi nhận:\n- Bộ Tư pháp:\n- Sở Tài chính;\n- Lưu: VT.\n"  # sub-items may follow
    for text in (merged, colon):
        ends = [f for f in lint_text(text, select=["recipients-format"]) if "“;”" in f.message or '";"' in f.message]
        assert all(f.fix is None for f in ends)
        assert fixed(text) == text
