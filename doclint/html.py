"""``--format html``: one self-contained page (no network: inline CSS, JS and SVG) showing each
document's text with its findings highlighted in place, a side list grouped by severity and
rule, and a chart of the counts by rule.

Everything that comes from a document (its text, file names, messages quoting it) is escaped;
a Content-Security-Policy forbids any load from outside the page.  The text shown is the text
the findings' lines and columns refer to: the file as decoded (.txt, .md) or the text doclint
extracted (.docx, .pdf), read again here when the report is written.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape
from pathlib import Path

from doclint.readers.labels import translate
from doclint.rule import Finding

SEVERITY_ORDER = ("error", "warning", "info")
_WORDS = {
    "vi": {"title": "Báo cáo doclint", "findings": "Lỗi và lưu ý", "by_rule": "Số lượng theo quy tắc",
           "error": "Lỗi", "warning": "Cảnh báo", "info": "Gợi ý", "none": "Không phát hiện vấn đề nào.",
           "unread": "Không đọc được", "help": "Gợi ý sửa", "no_text": "(không hiển thị được văn bản)",
           "line": "dòng"},
    "en": {"title": "doclint report", "findings": "Findings", "by_rule": "Count by rule",
           "error": "Errors", "warning": "Warnings", "info": "Hints", "none": "No findings.",
           "unread": "Could not be read", "help": "Suggestion", "no_text": "(text not available)",
           "line": "line"},
}
_COLOURS = {"error": "#c62828", "warning": "#b26a00", "info": "#1565c0"}
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
        "form-action 'none'; base-uri 'none'")


@dataclass(slots=True)
class Placed:
    """A finding with its number in the page and whether it is highlighted in the text."""

    number: int
    finding: Finding
    inline: bool = False


def read_text(path: str) -> tuple[str | None, list[str] | None]:
    """The text the findings of ``path`` refer to and the reader's line labels (Word, PDF),
    or None (stdin, a file gone meanwhile)."""
    from doclint.reader import read_path

    try:
        source = read_path(Path(path))
    except Exception:  # noqa: BLE001 -- the report still lists the findings
        return None, None
    return source.original, source.line_labels


def place(findings: list[Finding], lines: list[str], first: int = 0) -> list[Placed]:
    """Number the findings; highlight in place those on one line whose text is where the
    finding says and that do not overlap an earlier highlight."""
    placed = [Placed(first + i, f) for i, f in enumerate(findings)]
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for p in sorted(placed, key=lambda p: (p.finding.line, p.finding.column, -p.finding.end_column)):
        f = p.finding
        if f.end_line != f.line or not f.text or not 1 <= f.line <= len(lines):
            continue
        start, end = f.column - 1, f.end_column - 1
        if lines[f.line - 1][start:end] != f.text:
            continue
        if any(start < e and s < end for s, e in taken[f.line]):
            continue
        taken[f.line].append((start, end))
        p.inline = True
    return placed


def _line_html(text: str, marks: list[Placed]) -> str:
    out: list[str] = []
    at = 0
    for p in sorted(marks, key=lambda p: p.finding.column):
        f = p.finding
        start, end = f.column - 1, f.end_column - 1
        out.append(escape(text[at:start]))
        title = f"{f.severity} {f.code} {f.rule}: {f.message}"
        out.append(f'<mark id="hl-{p.number}" class="hl {f.severity}" data-finding="{p.number}" '
                   f'data-rule="{escape(f.rule)}" title="{escape(title)}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def _document_html(index: int, text: str | None, placed: list[Placed], words: dict[str, str],
                   labels: list[str] | None = None, lang: str = "vi") -> str:
    if text is None:
        return f'<p class="muted">{escape(words["no_text"])}</p>'
    lines = text.split("\n")
    by_line: dict[int, list[Placed]] = defaultdict(list)
    flagged: set[int] = set()
    for p in placed:
        flagged.add(p.finding.line)
        if p.inline:
            by_line[p.finding.line].append(p)
    rows = []
    for n, line in enumerate(lines, 1):
        if n == len(lines) and not line:
            break
        cls = "line flagged" if n in flagged else "line"
        gutter = n if not labels or n > len(labels) else escape(translate(labels[n - 1], lang))
        rows.append(f'<div class="{cls}" id="d{index}-l{n}"><span class="ln">{gutter}</span>'
                    f'<span class="tx">{_line_html(line, by_line.get(n, []))}</span></div>')
    wide = " labelled" if labels else ""
    return f'<div class="doc{wide}">{"".join(rows)}</div>'


def _side_html(index: int, placed: list[Placed], words: dict[str, str]) -> str:
    groups: dict[str, dict[tuple[str, str], list[Placed]]] = {s: defaultdict(list) for s in SEVERITY_ORDER}
    for p in placed:
        groups[p.finding.severity][(p.finding.rule, p.finding.code)].append(p)
    parts = []
    for severity in SEVERITY_ORDER:
        rules = groups[severity]
        if not rules:
            continue
        total = sum(len(v) for v in rules.values())
        parts.append(f'<h3 class="{severity}">{escape(words[severity])} ({total})</h3>')
        for (rule, code), items in sorted(rules.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            entries = []
            for p in items:
                f = p.finding
                target = f"hl-{p.number}" if p.inline else f"d{index}-l{f.line}"
                where = f.location or f"{words['line']} {f.line}:{f.column}"
                help_ = (f'<div class="help">{escape(words["help"])}: {escape(f.suggestion)}</div>'
                         if f.suggestion else "")
                entries.append(f'<li class="item" data-finding="{p.number}"><a href="#{target}">'
                               f'<span class="where">{escape(where)}</span></a> {escape(f.message)}{help_}</li>')
            parts.append(f'<details open><summary><code>{escape(code)}</code> {escape(rule)} '
                         f'<span class="count">{len(items)}</span></summary><ul>{"".join(entries)}</ul></details>')
    return "".join(parts)


def chart_svg(findings: list[Finding], title: str) -> str:
    """Horizontal bars, one per rule, most frequent first (inline SVG, no script)."""
    counts = Counter((f.rule, f.severity) for f in findings)
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    top = max(n for _, n in rows)
    bar_h, label_w, width = 18, 190, 420
    height = bar_h * len(rows) + 8
    bars = []
    for i, ((rule, severity), n) in enumerate(rows):
        y = 4 + i * bar_h
        w = max(2, round((width - label_w - 40) * n / top))
        bars.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(rule)}</text>'
                    f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{bar_h - 5}" fill="{_COLOURS[severity]}"/>'
                    f'<text x="{label_w + w + 4}" y="{y + 13}">{n}</text>')
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-size="12" '
            f'font-family="sans-serif">{"".join(bars)}</svg>')


_CSS = """
*{box-sizing:border-box}body{margin:0;font:15px/1.5 "Times New Roman",serif;color:#222;background:#f6f6f3}
header{padding:10px 18px;background:#20303c;color:#fff;font-family:sans-serif}header h1{font-size:18px;margin:0}
.totals span{margin-right:14px}.file{display:flex;gap:14px;padding:14px;align-items:flex-start}
.doc{flex:3;background:#fff;border:1px solid #ddd;padding:10px 0;max-height:88vh;overflow:auto}
.line{display:flex;padding:0 10px;white-space:pre-wrap;word-break:break-word}.line.flagged{background:#fffbe6}
.ln{flex:0 0 3.2em;color:#999;font:12px/1.9 monospace;user-select:none}.tx{flex:1}
.labelled .ln{flex-basis:9em;font:11px/2 sans-serif}
mark.hl{background:none;border-bottom:3px solid;padding:0 1px;cursor:help}
mark.error{border-color:#c62828;background:#fde7e7}mark.warning{border-color:#b26a00;background:#fff1d6}
mark.info{border-color:#1565c0;background:#e6f0fb}mark.flash{outline:3px solid #222}
aside{flex:2;font-family:sans-serif;font-size:13px;max-height:88vh;overflow:auto}aside h3{margin:8px 0 4px}
h3.error{color:#c62828}h3.warning{color:#b26a00}h3.info{color:#1565c0}
details{background:#fff;border:1px solid #ddd;margin:4px 0;padding:4px 8px}summary{cursor:pointer}
.count{float:right;color:#555}ul{margin:4px 0;padding-left:18px}.where{font-weight:bold}
.help{color:#2e7d32}.muted{color:#777}h2{font:bold 16px sans-serif;margin:14px 14px 0}
.chart text{fill:#222}section.summary{padding:8px 14px;font-family:sans-serif}
"""
_JS = """
document.querySelectorAll('li.item a').forEach(function(a){a.addEventListener('click',function(){
var t=document.getElementById(a.getAttribute('href').slice(1));if(!t)return;t.classList.add('flash');
setTimeout(function(){t.classList.remove('flash')},1200);});});
"""


def render(results: list, lang: str = "vi",
           texts: dict[str, tuple[str | None, list[str] | None]] | None = None) -> str:
    """The whole page for these FileReports; ``texts`` (path -> text, line labels) is read
    from the files when not given."""
    words = _WORDS.get(lang, _WORDS["vi"])
    texts = dict(texts or {})
    every = [f for r in results for f in r.findings]
    by_severity = Counter(f.severity for f in every)
    totals = " ".join(f'<span class="{s}">{escape(words[s])}: <b>{by_severity[s]}</b></span>' for s in SEVERITY_ORDER)
    body = []
    first = 0
    for i, r in enumerate(results):
        body.append(f"<h2>{escape(r.path)}</h2>")
        if r.error is not None:
            body.append(f'<p class="muted file-error">{escape(words["unread"])}: {escape(r.error)}</p>')
            continue
        text, labels = texts[r.path] if r.path in texts else read_text(r.path)
        lines = text.split("\n") if text is not None else []
        placed = place(r.findings, lines, first)
        first += len(r.findings)
        side = _side_html(i, placed, words) or f'<p>{escape(words["none"])}</p>'
        body.append(f'<div class="file">{_document_html(i, text, placed, words, labels, lang)}<aside>{side}</aside></div>')
    chart = chart_svg(every, words["by_rule"])
    summary = (f'<section class="summary"><b>{escape(words["by_rule"])}</b><br>{chart}</section>' if chart
               else f'<section class="summary">{escape(words["none"])}</section>')
    data = json.dumps([{"n": i, "rule": f.rule, "text": f.text} for i, f in enumerate(every)], ensure_ascii=True)
    # (findings of unreadable files are not in ``every``: they have none)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(words["title"])}</title><style>{_CSS}</style></head><body>'
            f'<header><h1>{escape(words["title"])}</h1><div class="totals">{totals}</div></header>'
            f'{summary}{"".join(body)}'
            f'<script type="application/json" id="findings">{data}</script><script>{_JS}</script></body></html>\n')
