"""Regression check over the real public documents in ``../shared/realdocs``.

Lints every text, .docx and .pdf there with the installed ``doclint`` (as a user would),
then prints the figures issue 13 is judged on:

* warning-or-error findings per text document, and errors per text document, leaving out
  ``unfilled-field`` and the spelling rules (DL5xx but ``encoding``) on OCR texts;
* false *errors* on the real .docx/.pdf files (every error there is listed);
* counts by rule, and the busiest documents.

``--save FILE`` keeps the findings as JSON lines; ``--compare FILE`` prints what appeared
and what disappeared since that file (the way to see what a change did).

    python scripts/realdocs_check.py                      # figures
    python scripts/realdocs_check.py --save /tmp/before.jsonl
    python scripts/realdocs_check.py --compare /tmp/before.jsonl --show 40
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _find_realdocs() -> Path:
    """``shared/realdocs`` beside the checkout or beside any folder above it (worktrees)."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "realdocs"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "realdocs"


DEFAULT_REALDOCS = _find_realdocs()
SPELLING = {"confusable", "name-variant", "invalid-syllable", "tone-style"}
LOUD = {"warning", "error"}


def run_doclint(paths: list[Path], jobs: int) -> list[dict]:
    exe = shutil.which("doclint") or str(Path(sys.executable).with_name("doclint"))
    cmd = [exe, "check", "--format", "json", "--jobs", str(jobs), *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
    data = json.loads(proc.stdout or "[]")
    return data.get("diagnostics", data) if isinstance(data, dict) else data


def ocr_names(realdocs: Path) -> set[str]:
    manifest = realdocs / "text" / "manifest.tsv"
    with manifest.open(encoding="utf-8") as handle:
        return {row["file"] for row in csv.DictReader(handle, delimiter="\t") if row.get("method") == "pdf-ocr"}


def key(finding: dict) -> tuple:
    return (Path(finding["path"]).name, finding["line"], finding["column"], finding["rule"], finding["message"])


def counted(finding: dict, ocr: set[str]) -> bool:
    """Does this finding count against the precision targets?"""
    if finding["severity"] not in LOUD or finding["rule"] == "unfilled-field":
        return False
    return not (finding["rule"] in SPELLING and Path(finding["path"]).name in ocr)


def summarise(findings: list[dict], realdocs: Path, top: int) -> None:
    ocr = ocr_names(realdocs)
    texts = sorted((realdocs / "text").glob("*.txt"))
    text_findings = [f for f in findings if "/text/" in f["path"].replace("\\", "/")]
    file_findings = [f for f in findings if "/files/" in f["path"].replace("\\", "/")]
    loud = [f for f in text_findings if counted(f, ocr)]
    errors = [f for f in loud if f["severity"] == "error"]
    n = max(len(texts), 1)
    print(f"text documents: {len(texts)}   findings (all): {len(text_findings)}")
    print(f"  warning+error per document: {len(loud) / n:.3f}  (target <= 0.3)   [{len(loud)}]")
    print(f"  errors per document:        {len(errors) / n:.3f}  (target <= 0.05)  [{len(errors)}]")
    by_rule = collections.Counter((f["rule"], f["severity"]) for f in loud)
    for (rule, severity), count in by_rule.most_common():
        print(f"    {count:6d}  {rule} ({severity})")
    by_doc = collections.Counter(Path(f["path"]).name for f in loud)
    print("  busiest documents:", ", ".join(f"{name} {count}" for name, count in by_doc.most_common(top)))
    file_errors = [f for f in file_findings if f["severity"] == "error"]
    file_loud = [f for f in file_findings if counted(f, set())]
    docs = len(list((realdocs / "files").glob("*.docx"))) + len(list((realdocs / "files").glob("*.pdf")))
    print(f"\n.docx/.pdf files: {docs}   warning+error: {len(file_loud)} ({len(file_loud) / max(docs, 1):.2f}/file)"
          f"   errors: {len(file_errors)} (target 0)")
    for (rule, severity), count in collections.Counter((f["rule"], f["severity"]) for f in file_loud).most_common():
        print(f"    {count:6d}  {rule} ({severity})")
    for f in file_errors[:top]:
        print(f"    ERROR {Path(f['path']).name}:{f['line']}:{f['column']} {f['rule']}: {f['message'][:140]}")


def compare(findings: list[dict], baseline: Path, show: int) -> None:
    before = {key(json.loads(line)): json.loads(line) for line in baseline.read_text(encoding="utf-8").splitlines()}
    now = {key(f): f for f in findings}
    gone = [before[k] for k in before.keys() - now.keys()]
    new = [now[k] for k in now.keys() - before.keys()]
    print(f"\nsince {baseline}: {len(gone)} findings gone, {len(new)} new")
    for label, items in (("gone", gone), ("new", new)):
        counts = collections.Counter(f["rule"] for f in items)
        print(f"  {label}: " + ", ".join(f"{rule} {n}" for rule, n in counts.most_common()))
    for f in sorted(new, key=key)[:show]:
        print(f"  + {Path(f['path']).name}:{f['line']}:{f['column']} {f['rule']}: {f['message'][:160]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--realdocs", type=Path, default=DEFAULT_REALDOCS)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--save", type=Path, help="write the findings as JSON lines")
    parser.add_argument("--compare", type=Path, help="a file written by --save")
    parser.add_argument("--show", type=int, default=20, help="how many new findings / busy documents to list")
    args = parser.parse_args(argv)
    findings = run_doclint([args.realdocs / "text", args.realdocs / "files"], args.jobs)
    summarise(findings, args.realdocs, args.show)
    if args.save:
        args.save.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in findings), encoding="utf-8")
    if args.compare:
        compare(findings, args.compare, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
