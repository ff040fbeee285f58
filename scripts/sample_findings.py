"""Draw a stratified sample of doclint's findings on the real documents, for a person to judge.

Issue 13 ("Targets"): read a stratified sample of findings on ``../shared/realdocs`` (every
finding of the rare rules, ten of each common one), mark each right, wrong or debatable, and
report the table (rule, findings, sampled, right, wrong, debatable) with the % right.

1. Lint the real documents and keep the findings:
       python scripts/realdocs_check.py --save /tmp/findings.jsonl
2. Draw the sample (a TSV with an empty verdict and reason column):
       python scripts/sample_findings.py /tmp/findings.jsonl --out /tmp/sample.tsv
   The findings counted are those ``realdocs_check.py`` counts: warning and error only, no
   ``unfilled-field``, no spelling rules on OCR texts. Per rule: all findings when it has at
   most ``--per-rule`` (10) of them, else ``--per-rule`` drawn with a fixed seed (per rule, so
   one rule's sample does not move when another rule's findings change). ``--max N`` trims the
   sample to N by taking the first finding of every rule, then the second, and so on (rules
   with more findings first).
3. Fill ``verdict`` (right / wrong / debatable, or r / w / d) and a one-line ``reason``.
4. The table:
       python scripts/sample_findings.py --summary /tmp/sample.tsv /tmp/findings.jsonl
   (the JSONL, optional, gives the ``findings`` column and the precision weighted by rule).

A sample judged at one commit can be re-read against a later run: ``--summary JUDGED.tsv
--current FINDINGS.jsonl`` counts only the judged findings the run still reports.
``judged_stop3.tsv``: a fresh sample of the two numbering rules after their fix (issue 13).
``judged_s4.tsv``: 188 findings of every rule at ff014fa (``--seed 4``), judged in their documents:
165 right, 15 wrong, 8 debatable (88%); the wrongs' causes were fixed after (see git log).
``judged_s5.tsv``: 182 findings of every rule at 7ad89da (``--seed 5``), judged in their documents:
163 right, 8 wrong, 11 debatable (90%; 89% weighted by each rule's findings).
``judged_s7.tsv``: 201 findings of every rule at 33624f8 (``--seed 7``), judged in their documents:
182 right, 6 wrong, 13 debatable (91%; 92% weighted by each rule's findings).
``judged_s8.tsv``: 130 findings of every rule at aacec9b (``--seed 8 --per-rule 6``), judged in their
documents: 119 right, 2 wrong, 9 debatable (92%; 92% weighted by each rule's findings).
``judged_s9.tsv``: 111 findings of every rule at 9cbbeb8 (``--seed 9 --per-rule 5``), judged in their
documents: 97 right, 4 wrong, 10 debatable (87%; 81% weighted by each rule's findings: 3 of the 5
duplicated-word findings, the largest rule, were wrong).

Baseline: ``judged_baseline.tsv`` holds 40 findings of commit c8ea825 (``--max 40``, seed 13)
judged by hand: 6 right, 26 wrong, 8 debatable (15% right).
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realdocs_check import counted, ocr_names  # noqa: E402  (a sibling script, not a package)

COLUMNS = ["file", "line", "rule", "severity", "message", "context", "verdict", "reason"]
VERDICTS = {"r": "right", "right": "right", "w": "wrong", "wrong": "wrong", "d": "debatable", "debatable": "debatable"}
CONTEXT_CHARS = 200
SEED = 13


def default_realdocs() -> Path:
    root = Path(__file__).resolve().parent.parent
    for base in (root.parent, root.parent.parent):
        if (base / "shared" / "realdocs" / "text").is_dir():
            return base / "shared" / "realdocs"
    return root.parent / "shared" / "realdocs"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def counted_findings(findings: Iterable[dict], realdocs: Path) -> list[dict]:
    ocr = ocr_names(realdocs)
    return [f for f in findings if counted(f, ocr)]


def _order(f: dict) -> tuple:
    return (Path(f["path"]).name, f["line"], f["column"], f["rule"], f["message"])


def stratified(findings: list[dict], per_rule: int = 10, seed: int = SEED, limit: int | None = None) -> list[dict]:
    """All findings of each rule that has at most ``per_rule``; else ``per_rule`` of them drawn
    with a seed of its own; then at most ``limit`` in all, round-robin over the rules."""
    by_rule: dict[str, list[dict]] = collections.defaultdict(list)
    for f in sorted(findings, key=_order):
        by_rule[f["rule"]].append(f)
    picked: dict[str, list[dict]] = {}
    for rule, items in by_rule.items():
        if len(items) <= per_rule:
            picked[rule] = items
        else:
            picked[rule] = random.Random(f"{seed}:{rule}").sample(items, per_rule)
    if limit is not None:
        rules = sorted(picked, key=lambda r: (-len(by_rule[r]), r))
        rounds = max((len(v) for v in picked.values()), default=0)
        order = [picked[r][i] for i in range(rounds) for r in rules if i < len(picked[r])]
        kept = {id(f) for f in order[:limit]}
        picked = {r: [f for f in v if id(f) in kept] for r, v in picked.items()}
    return sorted((f for v in picked.values() for f in v), key=lambda f: (f["rule"], *_order(f)))


class Lines:
    """The text of a finding's line, read the way doclint read the file (docx/pdf included)."""

    def __init__(self, realdocs: Path) -> None:
        self.realdocs = realdocs
        self._sources: dict[str, object] = {}

    def locate(self, path: str) -> Path:
        p = Path(path)
        if p.exists():
            return p
        for folder in ("text", "files"):
            candidate = self.realdocs / folder / p.name
            if candidate.exists():
                return candidate
        return p

    def text(self, path: str, line: int) -> str:
        if path not in self._sources:
            from doclint.reader import ReadError, read_path

            try:
                self._sources[path] = read_path(self.locate(path))
            except (ReadError, OSError):
                self._sources[path] = None
        source = self._sources[path]
        return source.line_text(line) if source is not None else ""


def _cell(text: str, limit: int | None = None) -> str:
    flat = " ".join(str(text).split())  # no tab or line break survives
    return flat[: limit - 1] + "…" if limit and len(flat) > limit else flat


def display_name(path: str, realdocs: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(realdocs.resolve()).as_posix()
    except ValueError:
        return p.parent.name + "/" + p.name if p.parent.name else p.name


def rows_for(sample: list[dict], realdocs: Path) -> list[dict]:
    lines = Lines(realdocs)
    return [
        {
            "file": display_name(f["path"], realdocs),
            "line": f["line"],
            "rule": f["rule"],
            "severity": f["severity"],
            "message": _cell(f["message"]),
            "context": _cell(lines.text(f["path"], f["line"]), CONTEXT_CHARS),
            "verdict": "",
            "reason": "",
        }
        for f in sample
    ]


def write_tsv(rows: list[dict], out) -> None:
    # cells are flattened to one line without tabs: no quoting, so the file reads well as plain text
    writer = csv.DictWriter(out, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None)
    writer.writeheader()
    writer.writerows(rows)


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def summary(judged: list[dict], findings: list[dict] | None) -> tuple[list[tuple], dict]:
    """Rows (rule, findings, sampled, right, wrong, debatable) and the totals."""
    totals = collections.Counter(f["rule"] for f in findings) if findings is not None else None
    per_rule: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in judged:
        verdict = VERDICTS.get((row.get("verdict") or "").strip().lower(), "unjudged")
        per_rule[row["rule"]][verdict] += 1
        per_rule[row["rule"]]["sampled"] += 1
    rows = []
    for rule in sorted(per_rule, key=lambda r: (-(totals[r] if totals else 0), r)):
        c = per_rule[rule]
        rows.append((rule, totals[rule] if totals else None, c["sampled"], c["right"], c["wrong"], c["debatable"]))
    judged_count = sum(r[3] + r[4] + r[5] for r in rows)
    right = sum(r[3] for r in rows)
    result = {"judged": judged_count, "right": right, "percent_right": 100 * right / judged_count if judged_count else None}
    if totals:
        weighted = [(n, r / (r + w + d)) for _, n, _, r, w, d in rows if r + w + d]
        mass = sum(n for n, _ in weighted)
        result["weighted_percent_right"] = 100 * sum(n * p for n, p in weighted) / mass if mass else None
    return rows, result


def print_summary(rows: list[tuple], result: dict) -> None:
    print(f"{'rule':<26}{'findings':>9}{'sampled':>9}{'right':>7}{'wrong':>7}{'debatable':>11}")
    for rule, n, sampled, right, wrong, debatable in rows:
        shown = "-" if n is None else str(n)
        print(f"{rule:<26}{shown:>9}{sampled:>9}{right:>7}{wrong:>7}{debatable:>11}")
    total_n = sum(r[1] or 0 for r in rows)
    print(f"{'all':<26}{total_n or '-':>9}{sum(r[2] for r in rows):>9}{sum(r[3] for r in rows):>7}"
          f"{sum(r[4] for r in rows):>7}{sum(r[5] for r in rows):>11}")
    if result["percent_right"] is not None:
        print(f"right: {result['right']}/{result['judged']} judged = {result['percent_right']:.0f}% (target >= 90%)")
    if result.get("weighted_percent_right") is not None:
        print(f"right, weighted by each rule's findings: {result['weighted_percent_right']:.0f}%")


def still_reported(judged: list[dict], findings: list[dict], realdocs: Path) -> list[dict]:
    """The judged rows whose finding (file, line, rule) the run still reports: a sample judged
    at one commit, re-read against a later one (a fixed false alarm leaves the sample)."""
    current = {(display_name(f["path"], realdocs), int(f["line"]), f["rule"]) for f in findings}
    return [row for row in judged if (row["file"], int(row["line"]), row["rule"]) in current]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("findings", type=Path, nargs="?", help="a JSONL file written by realdocs_check.py --save")
    parser.add_argument("--summary", type=Path, metavar="JUDGED_TSV", help="print the table of a judged sample")
    parser.add_argument("--out", type=Path, help="where to write the sample (default: standard output)")
    parser.add_argument("--per-rule", type=int, default=10)
    parser.add_argument("--max", type=int, dest="limit", help="at most this many findings in all")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--realdocs", type=Path, default=default_realdocs())
    parser.add_argument("--current", action="store_true",
                        help="with --summary: count only the judged findings the given run still reports")
    args = parser.parse_args(argv)
    findings = counted_findings(load(args.findings), args.realdocs) if args.findings else None
    if args.summary:
        judged = read_tsv(args.summary)
        if args.current and findings is not None:
            judged = still_reported(judged, findings, args.realdocs)
        print_summary(*summary(judged, findings))
        return 0
    if findings is None:
        parser.error("give the findings (JSONL) to sample from, or --summary")
    rows = rows_for(stratified(findings, args.per_rule, args.seed, args.limit), args.realdocs)
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as handle:
            write_tsv(rows, handle)
    else:
        write_tsv(rows, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
