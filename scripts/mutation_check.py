"""Mutation check over real documents (issue 13, "Targets"): does doclint still catch real defects?

Takes 50 real published documents from ``../shared/realdocs/text``, injects ONE defect at a
time into a temporary copy, lints the copies with the installed ``doclint`` and counts a
mutation CAUGHT when a finding of the expected rule that the unmutated document did not have
appears on the mutated line or within two lines of it.

The four kinds of defect (each applied only where the document offers a site; else skipped):

``section``   a duplicated section number: the number of a body heading copied onto the next
              sibling heading (``2.`` then ``3.`` becomes ``2.`` twice; ``Điều 4`` -> ``Điều 3``;
              ``b)`` -> ``a)``)                                 expected rule: section-duplicate
``total``     a wrong total: a figure followed by ``trong đó``/``gồm``/``bao gồm``/``cụ thể``
              whose listed parts add up to it exactly is lowered (557.149 -> 547.149), so the
              parts now exceed it                   expected: sum-mismatch | table-sum-mismatch
``date``      a date after the document date: an as-of date (``tính đến``, ``lũy kế đến``,
              ``thực hiện đến`` ... followed by figures) or, when there is none, the date of
              the first cited document (``Nghị định số 15/2020/NĐ-CP ngày 03/02/2020``) moved
              to 30 days after the signing date                 expected: date-after-document
``number``    a blank ``Số:``: ``Số: 123/BC-UBND`` -> ``Số: /BC-UBND``   expected: unfilled-field

The documents (a fixed choice, independent of doclint so that before/after runs lint the very
same texts): tier-1 (administrative) texts of the manifest that are not OCR (``method`` !=
``pdf-ocr``), have a filled place-and-date line in their first 25 lines and at least one
``section`` site; ranked by how many of the four kinds apply to them (most first), then by
file name; the first 50. Everything is deterministic: no randomness.

Each kind is linted in one ``doclint check --format json`` call over its batch of mutated
copies (plus one call for the unmutated copies), at default settings. The mutated texts live
in a temporary directory that is removed afterwards (``--keep DIR`` keeps them).

    python scripts/mutation_check.py                 # table: kind, applicable, caught, rate
    python scripts/mutation_check.py --show-missed   # and each mutation that was not caught
    python scripts/mutation_check.py --json out.json # per-mutation results, to compare runs

Baseline ("today" for issue 13), commit c8ea825, 50 documents:
    section 48/50, total 6/7, date 39/44 (all citation dates: no chosen document has an
    as-of date next to a readable document date), number 36/44; all 129/145 (89%).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realdocs_check import run_doclint  # noqa: E402  (a sibling script, not a package)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SIZE = 50
NEAR = 2  # lines either side of the mutated line where the finding may land
SHIFT = dt.timedelta(days=30)  # how far past the signing date a moved date lands

EXPECTED = {
    "section": {"section-duplicate"},
    "total": {"sum-mismatch", "table-sum-mismatch"},
    "date": {"date-after-document"},
    "number": {"unfilled-field"},
}
KINDS = tuple(EXPECTED)


def default_realdocs() -> Path:
    """``../shared/realdocs`` from the repository; from a worktree under /work/wt, /work/shared."""
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "realdocs"
        if (candidate / "text").is_dir():
            return candidate
    return ROOT.parent / "shared" / "realdocs"


@dataclass(frozen=True)
class Mutation:
    file: str
    kind: str
    line: int  # 1-based
    before: str  # the mutated line, as it was
    after: str  # the mutated line, as it is now
    note: str = ""  # which variant (as-of / citation date; heading style)

    def apply(self, text: str) -> str:
        lines = text.split("\n")
        assert lines[self.line - 1] == self.before, (self.file, self.line)
        lines[self.line - 1] = self.after
        return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------

_WORD_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_NUM_DATE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_PLACE_DATE = re.compile(r"[^\W\d_][^,\n]{0,60},\s*" + _WORD_DATE.pattern)


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def header_date(lines: list[str]) -> tuple[int, dt.date] | None:
    """(0-based line, date) of the filled place-and-date line among the first 25 lines."""
    for index, line in enumerate(lines[:25]):
        m = _PLACE_DATE.search(line)
        if m:
            value = _date(*m.groups())
            if value is not None:
                return index, value
    return None


def _dates(line: str) -> Iterable[tuple[re.Match, dt.date | None, str]]:
    for pattern, style in ((_WORD_DATE, "words"), (_NUM_DATE, "numbers")):
        for m in pattern.finditer(line):
            yield m, _date(*m.groups()), style


def _write_date(value: dt.date, like: re.Match, style: str) -> str:
    day, month = like.group(1), like.group(2)
    d = f"{value.day:02d}" if len(day) == 2 else str(value.day)
    mo = f"{value.month:02d}" if len(month) == 2 else str(value.month)
    if style == "words":
        return f"ngày {d} tháng {mo} năm {value.year}"
    return f"{d}/{mo}/{value.year}"


# --------------------------------------------------------------------------------------
# Sites of each kind of mutation
# --------------------------------------------------------------------------------------

_HEADINGS: dict[str, re.Pattern] = {
    "article": re.compile(r"^(\s*Điều\s+)(\d{1,3})(\s*[.:])"),
    "roman": re.compile(r"^(\s*)([IVX]{1,5})(\.\s)"),
    "dotted": re.compile(r"^(\s*)(\d{1,2}(?:\.\d{1,2})+)(\.?\s+[^\W\d_])"),
    "arabic": re.compile(r"^(\s*)(\d{1,2})(\.\s+[^\W\d_])"),
    "letter": re.compile(r"^(\s*)([a-eg-z])(\)\s)"),
}
_APPENDIX = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục|MẪU|Mẫu số|Biểu số)\b")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _ordinal(style: str, number: str) -> tuple[str, int] | None:
    """(parent, position) of a heading number: ``1.2`` -> ("1", 2); ``b`` -> ("", 2)."""
    if style in ("article", "arabic"):
        return "", int(number)
    if style == "dotted":
        head, _, tail = number.rpartition(".")
        return head, int(tail)
    if style == "letter":
        return "", ord(number) - ord("a") + 1
    values = [_ROMAN[c] for c in number]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return "", total


def _heading(line: str) -> tuple[str, re.Match] | None:
    for style, pattern in _HEADINGS.items():
        m = pattern.match(line)
        if m:
            return style, m
    return None


def section_site(name: str, lines: list[str], body: int) -> Mutation | None:
    """The first heading followed by its next sibling (same style, next number, no heading of
    another style in between), before any appendix: the sibling gets the first one's number."""
    last: dict[str, tuple[int, tuple[str, int], re.Match]] = {}
    for index in range(body, len(lines)):
        line = lines[index]
        if _APPENDIX.match(line):
            return None
        found = _heading(line)
        if found is None:
            continue
        style, m = found
        ordinal = _ordinal(style, m.group(2))
        previous = last.get(style)
        if previous is not None and ordinal == (previous[1][0], previous[1][1] + 1):
            after = line[: m.start(2)] + previous[2].group(2) + line[m.end(2) :]
            return Mutation(name, "section", index + 1, line, after, style)
        # a heading of another style closes the runs of every other style
        last = {style: (index, ordinal, m)}
    return None


_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(rf"(?<![\d/.,\-])({_NUMBER})(?![\d/%]|[.,]\d)")
_INTRO = re.compile(r"[ \t]*(?:[^\W\d_]+[ \t]*){1,5}?[,:]?[ \t]*\(?[ \t]*(?:trong đó|bao gồm|gồm|cụ thể)(?:[ \t]+có)?[ \t]*[:,]?", re.IGNORECASE)
_MASK = re.compile(
    rf"{_WORD_DATE.pattern}|{_NUM_DATE.pattern}|\d{{1,2}}/\d{{4}}|(?:số|Số)\s+\d+[\w/.\-]*"
    r"|(?:năm|Điều|khoản|điểm|Khoản|Mẫu số|Phụ lục)\s+\d+[\w.]*|\d+[\w.]*/[\w/\-Đđ]+|\d+(?:,\d+)?\s*%"
)


def _value(raw: str) -> Decimal:
    return Decimal(raw.replace(".", "").replace(",", "."))


def _lowered(raw: str) -> str | None:
    """The figure with its second digit from the left lowered by one (557.149 -> 547.149)."""
    integer, comma, fraction = raw.partition(",")
    digits = integer.replace(".", "")
    value = int(digits)
    if value < 2:
        return None
    new = value - 10 ** max(len(str(value)) - 2, 0)
    text = str(new).zfill(len(digits)) if digits.startswith("0") else str(new)
    if "." in integer:
        text = f"{new:,}".replace(",", ".")
    return text + comma + fraction


def _scope_end(line: str, start: int) -> int:
    stop = re.search(r"\.\s+[A-ZĐÂĂÊÔƠƯ]|\.\s*$|\)", line[start:])
    return start + stop.start() if stop else len(line)


def total_site(name: str, lines: list[str], body: int) -> Mutation | None:
    """The first figure announcing parts (``42 văn bản, trong đó: 01 ..., 22 ... và 19 ...``)
    whose first two or more parts add up to it exactly; the total is lowered."""
    for index in range(body, len(lines)):
        line = lines[index]
        masked = _MASK.sub(lambda m: "#" * len(m.group()), line)
        for m in _FIGURE.finditer(masked):
            intro = _INTRO.match(masked, m.end())
            if not intro or not masked[m.end() : m.end() + 1].isspace():
                continue
            scope = masked[intro.end() : _scope_end(masked, intro.end())]
            parts = [_value(p.group(1)) for p in _FIGURE.finditer(scope)]
            total = _value(m.group(1))
            sums = [sum(parts[:k]) for k in range(2, len(parts) + 1)]
            new = _lowered(m.group(1))
            if total in sums and new is not None:
                after = line[: m.start(1)] + new + line[m.end(1) :]
                return Mutation(name, "total", index + 1, line, after, f"{m.group(1)} -> {new}")
    return None


_ASOF = re.compile(r"(?:[Tt]ính|[Ll][ũu]y kế|[Tt]hực hiện)\s+đến(?:\s+hết)?\s*(?:ngày\s*)?$")
_CITED = re.compile(r"(?:số|Số)\s+\d+[\w.\-]*/[\w/.\-Đđ]+\s*,?\s*(?:ban hành\s+)?(?:ngày\s*)?$")


def date_site(name: str, lines: list[str], body: int, signed: dt.date) -> Mutation | None:
    """An as-of date followed by figures (first choice) or the first cited document's date,
    dated on or before the signing date, moved 30 days past it."""
    moved = signed + SHIFT
    for variant, context, needs_figure in (("as-of", _ASOF, True), ("citation", _CITED, False)):
        for index in range(body, len(lines)):
            line = lines[index]
            for m, value, style in _dates(line):
                if value is None or value > signed or not context.search(line[: m.start()]):
                    continue
                if needs_figure and not re.search(r"\d", line[m.end() : m.end() + 80]):
                    continue
                # "ngày 5/3/2024": keep "ngày" out of the numeric date's replacement
                after = line[: m.start()] + _write_date(moved, m, style) + line[m.end() :]
                return Mutation(name, "date", index + 1, line, after, variant)
    return None


_NUMBER_LINE = re.compile(r"(Số\s*:?\s*)(\d+[A-Za-z]?)(\s*/)")


def number_site(name: str, lines: list[str], _body: int) -> Mutation | None:
    """The document's own number in its first 15 lines: ``Số: 123/BC-UBND`` -> ``Số: /BC-UBND``."""
    for index, line in enumerate(lines[:15]):
        m = _NUMBER_LINE.search(line)
        if m:
            after = line[: m.start(2)] + line[m.end(2) :]
            return Mutation(name, "number", index + 1, line, after)
    return None


def mutations_of(name: str, text: str) -> dict[str, Mutation] | None:
    """The mutation of each kind that applies to one document; None when it has no section site."""
    lines = text.split("\n")
    own = header_date(lines)
    body = own[0] + 1 if own else 0
    sites: dict[str, Callable[[], Mutation | None]] = {
        "section": lambda: section_site(name, lines, body),
        "total": lambda: total_site(name, lines, body),
        "date": lambda: date_site(name, lines, body, own[1]) if own else None,
        "number": lambda: number_site(name, lines, body),
    }
    found = {kind: site() for kind, site in sites.items()}
    if found["section"] is None:
        return None
    return {kind: m for kind, m in found.items() if m is not None}


def choose(realdocs: Path, size: int = SAMPLE_SIZE) -> dict[str, dict[str, Mutation]]:
    """The documents and their mutations (see the module's docstring for the ranking)."""
    text_dir = realdocs / "text"
    with (text_dir / "manifest.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["tier"] == "1"]
    ocr = {r["file"] for r in rows if r["method"] == "pdf-ocr"}
    eligible = {}
    for row in sorted(rows, key=lambda r: r["file"]):
        found = mutations_of(row["file"], (text_dir / row["file"]).read_text(encoding="utf-8"))
        if found is not None:
            eligible[row["file"]] = found

    def rank(name: str) -> tuple:
        found = eligible[name]
        return ("total" not in found, -len(found), name in ocr, name)

    return {name: eligible[name] for name in sorted(sorted(eligible, key=rank)[:size])}


# --------------------------------------------------------------------------------------
# Linting and scoring
# --------------------------------------------------------------------------------------


def by_file(findings: list[dict]) -> dict[str, set[tuple[str, int, str]]]:
    """Findings per file name as (rule, line, message): mutations keep line numbers."""
    out: dict[str, set[tuple[str, int, str]]] = {}
    for f in findings:
        out.setdefault(Path(f["path"]).name, set()).add((f["rule"], f["line"], f["message"]))
    return out


def caught(m: Mutation, before: set[tuple[str, int, str]], after: set[tuple[str, int, str]]) -> bool:
    new = after - before
    return any(rule in EXPECTED[m.kind] and abs(line - m.line) <= NEAR for rule, line, _ in new)


def lint_batches(realdocs: Path, chosen: dict[str, dict[str, Mutation]], work: Path, jobs: int) -> dict[str, dict]:
    """Write the unmutated and mutated copies, lint each batch once; findings per batch and file."""
    texts = {name: (realdocs / "text" / name).read_text(encoding="utf-8") for name in chosen}
    results = {}
    for batch in ("original", *KINDS):
        folder = work / batch
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, found in chosen.items():
            if batch != "original" and batch not in found:
                continue
            text = texts[name] if batch == "original" else found[batch].apply(texts[name])
            (folder / name).write_text(text, encoding="utf-8")
            paths.append(folder / name)
        results[batch] = by_file(run_doclint(paths, jobs)) if paths else {}
    return results


def score(chosen: dict[str, dict[str, Mutation]], results: dict[str, dict]) -> list[dict]:
    rows = []
    for name, found in chosen.items():
        for kind, m in found.items():
            hit = caught(m, results["original"].get(name, set()), results[kind].get(name, set()))
            rows.append({**asdict(m), "caught": hit})
    return rows


def table(rows: list[dict], documents: int) -> str:
    out = [f"documents: {documents}", f"{'kind':<10}{'applicable':>11}{'caught':>8}{'rate':>8}"]
    for kind in (*KINDS, None):
        subset = [r for r in rows if kind is None or r["kind"] == kind]
        hits = sum(r["caught"] for r in subset)
        rate = f"{hits / len(subset):.0%}" if subset else "-"
        out.append(f"{kind or 'all':<10}{len(subset):>11}{hits:>8}{rate:>8}")
    variants = {}
    for r in rows:
        if r["kind"] == "date":
            seen, hits = variants.get(r["note"], (0, 0))
            variants[r["note"]] = (seen + 1, hits + r["caught"])
    if variants:
        out.append("  date by variant: " + ", ".join(f"{v} {h}/{n}" for v, (n, h) in sorted(variants.items())))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--realdocs", type=Path, default=default_realdocs())
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE, help="how many documents")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the copies here and keep them (not in git!)")
    parser.add_argument("--json", type=Path, help="write each mutation and whether it was caught")
    parser.add_argument("--show-missed", action="store_true", help="list the mutations not caught")
    parser.add_argument("--list", action="store_true", help="only list the chosen mutations, lint nothing")
    args = parser.parse_args(argv)
    chosen = choose(args.realdocs, args.size)
    if args.list:
        for found in chosen.values():
            for m in found.values():
                print(f"{m.file}:{m.line} {m.kind} [{m.note}]\n  - {m.before[:160]}\n  + {m.after[:160]}")
        return 0
    if args.keep:
        results = lint_batches(args.realdocs, chosen, args.keep, args.jobs)
    else:
        with tempfile.TemporaryDirectory(prefix="doclint-mutation-") as tmp:
            results = lint_batches(args.realdocs, chosen, Path(tmp), args.jobs)
    rows = score(chosen, results)
    print(table(rows, len(chosen)))
    if args.show_missed:
        for r in rows:
            if not r["caught"]:
                print(f"  missed {r['kind']:<8} {r['file']}:{r['line']} [{r['note']}] {r['after'][:140]}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
