"""Seed mutation test (issue 14, "Numbers"): every total the seeds state together with parts that
add up to it today is changed, one at a time, and the change must be caught by sum-mismatch or
count-mismatch on the line of the total.

Two mutations per site: ``total+1`` (+1, or +10 from 100 on: the parts now fall short: only a list known to be complete
can tell) and ``part+1`` (likewise: the parts now exceed the total).  The sites were picked by hand, by
reading the seeds: a figure with a unit, then its parts (after ``trong đó``/``gồm``, in a
parenthesis, in the footnote on it, or as ``+`` lines under ``…: 16 nội dung``) that add up to
it exactly.  Left out: the footnote ¹ of seed 002 (two interleaved series of areas per group).

Before this work (commit ff3f404): total+1 0/28, part+1 11/28, all 11/56 (20%).
Stop 4 (2e29af1): total+1 13/28, part+1 23/28, all 36/56 (64%).
Stop 5 (8df4f05): total+1 15/28, part+1 25/28, all 40/56 (71%).  Gained: a footnote on a
figure called a total (``tổng số tiền 159.909.000 đồng²``) lists it in full; an item ``label: 34.080.000;``
among ``label: amount đồng;`` items is in đồng; a parenthesis later in the total's clause whose every
item restates its unit breaks it down (``6.000 cây các loại … (580 cây …; 400 cây …; 5.020 cây …)``).
Now: total+1 16/28, part+1 25/28, all 41/56 (73%).  Gained: a total whose words name its groups is
complete when each group is covered, by one item naming it whole or by its initials, or by items
whose qualifiers split it (``Quyết định nâng bậc lương và Quyết định hưởng chế độ phụ cấp thâm niên
vượt khung cho: 260 người (… nâng bậc lương thường xuyên …, nâng bậc lương trước thời hạn …,
hưởng chế độ PC TNVK …)``).
Stop 6: total+1 18/28, part+1 26/28, all 44/56 (79%).  Gained: a note whose every item says when and
where its cases happened is the register of the cases its figure counts (footnotes ¹⁸ ¹⁹ of seed
000: ``01 vụ Cố ý gây thương tích (Xảy ra ngày 21/9/2023 …), 02 vụ Lừa đảo … (Xảy ra từ đầu năm
2023 …)``); a bare figure labelled ``Tổng số cơ quan, đơn vị …: 76`` counts bodies of every kind, so
its ``trong đó`` items counted in cơ quan, đơn vị and tổ chức are its parts (parts above it only).

Page-break notes: total+1 18/28, part+1 27/28, all 45/56 (80%).  Gained: a footnote cut by a page
break goes on in the next page's first paragraph (seed 002, footnote 14: ``… kê khai hàng năm: 283
bản,`` / ``---`` / ``*kê khai bổ sung: 07 bản. …``), read as one text, and a parenthesis that
breaks a total down ends with its first sentence (``… 07 bản. Trong đó: 156 bản …; 147 …``
splits the same 303 another way), so 13 + 283 + 08 is caught above 303.

What stays missed (11) has no sign of completeness a reviewer would accept, or no sure part:
- ``trong đó`` lists that nothing marks as complete: the capital plans 52.595, 2.200 and 14.202
  triệu đồng and the 173 công trình (thanh toán / khởi công mới is no partition of a year's plan:
  chuẩn bị đầu tư, quyết toán … may get money too), 1.658 người (công chức / viên chức / người
  làm việc trong tổ chức Hội: complete only by knowing the staffing rules), 18.500.000 đồng (a
  ``(trong đó, …)`` parenthesis, which issue 14 says is no complete breakdown, even after
  ``tổng trị giá``: realdocs 0438 ``Tổng số điểm đạt yêu cầu là 70 điểm, trong đó … 30 điểm, …
  20 điểm``);
- (the footnotes ¹⁸ ¹⁹ of seed 000 are caught since stop 6 by their particulars; a note whose
  items only restate the unit is still not taken as complete: w056 and w075 list three kinds,
  35 + 06 + 05, of a total of 56 trường hợp);
- 6.000 cây +1: "và một số cây trồng khác" has no figure, so the list may fall short;
- 76 +1 (its parts are caught above it since stop 6, but nothing says 11 cơ quan hành chính, 63 đơn
  vị sự nghiệp and 02 tổ chức Hội are every body), 11 hồ sơ (parts in trường hợp: that one hồ sơ is one trường hợp
  is a guess), 303 bản +1 (its parenthesis's items only restate the unit and stand 13 words after
  it: they may leave some declarations out).
"""

from __future__ import annotations

from dataclasses import dataclass

from doclint.numeric import read_number
from helpers import lint_string, seed

RULES = ["sum-mismatch", "count-mismatch"]


@dataclass(frozen=True)
class Site:
    seed: str
    total_at: str  # a unique piece of the seed holding the total
    total: str
    part_at: str  # a unique piece holding the part changed by the second mutation
    part: str


SITES = [
    Site("000", "tổng số tiền 159.909.000 đồng", "159.909.000", "là 5.750.000 đồng", "5.750.000"),
    Site("000", "tổng số tiền 668.333.000 đồng", "668.333.000", "556.589.000 đồng", "556.589.000"),
    Site("000", "xảy ra 07 vụ (", "07", "02 vụ Gây rối", "02"),
    Site("000", "Phát hiện 03 vụ phạm pháp", "03", "02 vụ Lừa đảo", "02"),
    Site("000", "đối với 48 hộ gia đình", "48", "Cầu 17/10 (01 hộ)", "01"),
    Site("000", "giải quyết: 16 nội dung", "16", "Môi trường: 04 nội dung", "04"),
    Site("000", "chưa tham mưu giải quyết: 08 nội dung", "08", "Môi trường: 03 nội dung", "03"),
    Site("002", "ban hành 2.117 văn bản đi", "2.117", "189 văn bản khác", "189"),
    Site("002", "Trồng được 6.000 cây", "6.000", "5.020 cây hoa", "5.020"),
    Site("002", "phân bổ 9.480 triệu đồng, (trong", "9.480", "vốn 6.980 triệu đồng", "6.980"),
    Site("002", "phân bổ 52.595 triệu đồng (chưa", "52.595", "vốn 2.960 triệu đồng", "2.960"),
    Site("002", "phân bổ 2.200 triệu đồng", "2.200", "vốn 1.000 triệu đồng.", "1.000"),
    Site("002", "phân bổ 14.202 triệu đồng, trong", "14.202", "vốn 12.139 triệu đồng", "12.139"),
    Site("002", "thực hiện 173 công trình", "173", "27 công trình", "27"),
    Site("002", "18.500.000 đồng (trong đó", "18.500.000", "trị giá 1.000.000 đồng)", "1.000.000"),
    Site("002", "UBND huyện: 76, trong", "76", "02 tổ chức Hội", "02"),
    Site("002", "có mặt: 1.658 người", "1.658", "biên chế: 03 người", "03"),
    Site("002", "được giao 390 người", "390", "công chức: 188 người", "188"),
    Site("002", "hiện có 356 người", "356", "công chức 164", "164"),
    Site("002", "cho: 260 người", "260", "PC TNVK 07 người", "07"),
    Site("002", "xử lý 70 đơn", "70", "xử lý 02 đơn", "02"),
    Site("002", "tiếp nhận được 303 bản", "303", "bổ sung: 07 bản", "07"),
    Site("002", "khởi tố 06 vụ 08", "06", "; 01 vụ 03 bị can", "01"),
    Site("002", "06 vụ 08 bị can", "08", "01 vụ 03 bị can", "03"),
    Site("002", "xử lý 20 vụ, gồm", "20", "10 vụ vi phạm pháp luật về môi", "10"),
    Site("002", "giải quyết xong 11 hồ sơ", "11", "01 trường hợp đăng ký", "01"),
    Site("004", "giải quyết 219/243 đơn", "219", "huyện giải quyết 51/57", "51"),
    Site("004", "giải quyết 219/243 đơn", "243", "168/186 đơn", "186"),
]

# Figures reached after this work: the test fails when a change makes doclint miss more.
CAUGHT_AT_LEAST = 45


def _plus_one(raw: str) -> str:
    """One more in the last digit; in the tens from 100 on (a slip in one digit that the
    rounding of a figure in triệu đồng cannot absorb)."""
    value, _ = read_number(raw)
    step = 1 if value < 100 else 10
    text = f"{int(value) + step:,}".replace(",", ".")
    return text.zfill(len(raw)) if raw.isdigit() and raw.startswith("0") else text


def _replace_in(text: str, at: str, raw: str) -> tuple[str, int]:
    """The text with ``raw`` + 1 inside the unique piece ``at``; and the line of the change."""
    assert text.count(at) == 1, at
    start = text.index(at)
    offset = start + at.index(raw)
    changed = text[:offset] + _plus_one(raw) + text[offset + len(raw) :]
    return changed, text.count("\n", 0, offset) + 1


def _caught(before: set[tuple[int, str, str]], changed: str, line: int, total_line: int) -> bool:
    after = lint_string(changed, RULES)
    near = {line, total_line}
    return any(
        (f.line, f.rule, f.message) not in before and any(abs(f.line - n) <= 2 for n in near) for f in after
    )


def mutations() -> list[tuple[str, Site, bool]]:
    out = []
    found: dict[str, set[tuple[int, str, str]]] = {}
    for site in SITES:
        text = seed(site.seed).read_text(encoding="utf-8")
        total_line = text.count("\n", 0, text.index(site.total_at)) + 1
        if site.seed not in found:
            found[site.seed] = {(f.line, f.rule, f.message) for f in lint_string(text, RULES)}
        for kind, at, raw in (("total+1", site.total_at, site.total), ("part+1", site.part_at, site.part)):
            changed, line = _replace_in(text, at, raw)
            out.append((kind, site, _caught(found[site.seed], changed, line, total_line)))
    return out


def test_sites_add_up_today() -> None:
    for site in SITES:
        text = seed(site.seed).read_text(encoding="utf-8")
        assert text.count(site.total_at) == 1 and text.count(site.part_at) == 1, site


def test_seed_mutations_are_caught() -> None:
    results = mutations()
    caught = sum(ok for _, _, ok in results)
    assert caught >= CAUGHT_AT_LEAST, f"{caught}/{len(results)}"


if __name__ == "__main__":
    rows = mutations()
    for kind, site, ok in rows:
        print("caught" if ok else "MISSED", kind, site.seed, site.total_at)
    for kind in ("total+1", "part+1"):
        sel = [ok for k, _, ok in rows if k == kind]
        print(kind, f"{sum(sel)}/{len(sel)}")
    print("all", f"{sum(ok for *_, ok in rows)}/{len(rows)}")
