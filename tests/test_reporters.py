"""Reporters: JSON keys, SARIF 2.1.0 structure, GitHub annotation escaping, concise lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema

from doclint.cli import main
from doclint.engine import load_rules
from doclint.reporters import REPORTERS, FileReport, Finding, ReportOptions, escape_data, escape_property, github_line, snippet
from helpers import seed

# The official schema (sarif-schema-2.1.0.json) is not available offline here, so this is a
# hand-written subset of it: the required properties and types of every object we emit.
_MESSAGE = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
_REGION = {"type": "object", "properties": {k: {"type": "integer", "minimum": 1}
                                            for k in ("startLine", "startColumn", "endLine", "endColumn")},
           "required": ["startLine"]}
# fix -> artifactChange -> replacement as sarif-schema-2.1.0.json defines them
_FIX = {"type": "object", "additionalProperties": False, "required": ["artifactChanges"], "properties": {
    "description": _MESSAGE, "properties": {"type": "object"},
    "artifactChanges": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": ["artifactLocation", "replacements"],
        "properties": {
            "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string"}}},
            "replacements": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False, "required": ["deletedRegion"], "properties": {
                    "deletedRegion": _REGION,
                    "insertedContent": {"type": "object", "additionalProperties": False,
                                        "properties": {"text": {"type": "string"}}}}}}}}}}}
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"enum": ["2.1.0"]},
        "$schema": {"type": "string"},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id"], "additionalProperties": False,
                        "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                                       "shortDescription": _MESSAGE, "fullDescription": _MESSAGE, "help": _MESSAGE,
                                       "helpUri": {"type": "string", "format": "uri"},
                                       "defaultConfiguration": {"type": "object", "properties": {
                                           "level": {"enum": ["none", "note", "warning", "error"]}}},
                                       "properties": {"type": "object"}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": 0},
                        "level": {"enum": ["none", "note", "warning", "error"]}, "message": _MESSAGE,
                        "locations": {"type": "array", "items": {"type": "object", "properties": {
                            "physicalLocation": {"type": "object", "additionalProperties": False, "properties": {
                                "artifactLocation": {"type": "object", "additionalProperties": False,
                                                     "properties": {"uri": {"type": "string"}}},
                                "region": _REGION}}}}},
                        "fixes": {"type": "array", "items": _FIX}}}},
                "invocations": {"type": "array", "items": {"type": "object", "properties": {
                    "toolExecutionNotifications": {"type": "array", "items": {
                        "type": "object", "required": ["message"], "properties": {
                            "descriptor": {"type": "object", "additionalProperties": False,
                                           "properties": {"id": {"type": "string"},
                                                          "index": {"type": "integer", "minimum": -1}}}}}}}}},
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
            }}},
    },
}


def finding(**kw) -> Finding:
    base = dict(path="a.txt", line=2, column=3, end_line=2, end_column=6, rule="duplicated-word", code="DL106", severity="warning",
                message="Lặp từ", suggestion=None, source_line="Có các các việc", location=None)
    base.update(kw)
    return Finding(**base)


def render(name: str, results: list[FileReport], **kw) -> str:
    out = io.StringIO()
    REPORTERS[name](results, ReportOptions(out=out, color=False, **kw))
    return out.getvalue()


def test_sarif_of_the_seeds_matches_the_schema_subset_and_rule_table(capsys):
    assert main(["check", "--format", "sarif", "--jobs", "1", str(seed("000")), str(seed("001")), str(seed("002"))]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {cls.code for cls in load_rules()}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    dup = [r for r in run["results"] if r["ruleId"] == "DL102"]
    regions = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[1][:3],
                      r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in dup)
    assert regions == [("000", 200), ("001", 105), ("002", 123)]  # 000: the first "2.2." is the slip
    assert all(r["level"] == "error" for r in dup)
    help_text = next(r for r in rules if r["id"] == "DL102")["help"]["text"]
    assert "Vì sao" in help_text


def test_github_escaping():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = github_line("dir/a,b:c.txt", finding(message="x: 5%\nnext", suggestion="y"))
    assert line == ("::warning file=dir/a%2Cb%3Ac.txt,line=2,col=3,endLine=2,endColumn=6,"
                    "title=duplicated-word (DL106)::x: 5%25%0Anext%0Ay")
    assert github_line("a.txt", finding(severity="info")).startswith("::notice ")
    assert github_line("a.txt", finding(severity="error")).startswith("::error ")


def test_json_and_concise_and_docx_label():
    results = [FileReport("a.docx", [finding(path="a.docx", location="đoạn 4")])]
    data = json.loads(render("json", results))
    assert data == [{"path": "a.docx", "line": 2, "column": 3, "end_line": 2, "end_column": 6, "rule": "duplicated-word",
                     "code": "DL106", "severity": "warning", "message": "Lặp từ", "suggestion": None, "location": "đoạn 4"}]
    assert render("concise", results) == "a.docx:đoạn 4: warning DL106 [duplicated-word] Lặp từ\n"
    assert "a.docx:đoạn 4: warning duplicated-word (DL106) Lặp từ" in render("text", results)
    assert json.loads(render("json", [])) == []


def test_snippet_windows_long_lines_and_keeps_carets_under_the_span():
    long = "x" * 300 + "các các" + "y" * 300
    f = finding(column=305, end_column=308, source_line=long)
    text, carets = snippet(f)
    assert len(text) < 130 and text.startswith("…") and text.endswith("…")
    assert text[carets.index("^"): carets.index("^") + 3] == "các"
    text, carets = snippet(finding())
    assert text == "Có các các việc" and carets == "  ^^^"


def test_text_summary_and_quiet():
    results = [FileReport("a.txt", [finding(), finding(severity="error", rule="section-duplicate", code="DL102")]),
               FileReport("b.txt", [], "b.txt: tệp rỗng")]
    out = render("text", results)
    assert "Tìm thấy 2 vấn đề trong 1 tệp: 1 lỗi, 1 cảnh báo, 0 thông tin" in out
    assert "1 tệp không đọc được" in out
    quiet = render("text", results, quiet=True)
    assert quiet.splitlines() == ["a.txt:2:3: warning duplicated-word (DL106) Lặp từ",
                                  "a.txt:2:3: error section-duplicate (DL102) Lặp từ"]
    assert "No problems in 0 files" in render("text", [], lang="en")


def test_json_output_of_the_seeds_matches_the_published_model(capsys):
    from doclint.cli import main
    from doclint.reporters import json_schema

    main(["check", "--format", "json", str(Path(__file__).resolve().parent.parent / "seeds")])
    data = json.loads(capsys.readouterr().out)
    model = json_schema()
    assert data and all(model.model_validate(item) for item in data)


# -- fixes in machine-readable output ------------------------------------------------------------
def test_json_carries_each_fix_with_offsets_and_positions_of_the_file(capsys):
    from doclint.reporters import json_schema

    path = seed("000")
    main(["check", "--format", "json", "--jobs", "1", "--no-cache", str(path)])
    data = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    [doubled] = [d for d in data if d["rule"] == "duplicated-word"]
    assert doubled["line"] == 120 and doubled["fix"]["applicability"] == "safe"
    [edit] = doubled["fix"]["edits"]
    assert text[edit["start"]:edit["end"]] == " xảy ra" and edit["content"] == ""
    assert lines[edit["line"] - 1][edit["column"] - 1:edit["end_column"] - 1] == " xảy ra"
    fixed = text[:edit["start"]] + text[edit["end"]:]
    assert "sự xảy ra 07 vụ" in fixed and "xảy ra xảy ra" not in fixed
    unsafe = [d for d in data if d["rule"] == "confusable"]
    assert unsafe and all(d["fix"]["applicability"] == "unsafe" for d in unsafe)
    assert all("fix" not in d for d in data if d["rule"] == "section-duplicate")  # no fix, no key
    model = json_schema()
    assert all(model.model_validate(d) for d in data)


def test_sarif_results_carry_fixes_as_sarif_replacements(capsys):
    main(["check", "--format", "sarif", "--jobs", "1", "--no-cache", str(seed("000")), str(seed("004"))])
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    by_rule = {}
    for result in run["results"]:
        by_rule.setdefault(result["ruleId"], []).append(result)
    [doubled] = by_rule["DL106"]
    [fix] = doubled["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"]["uri"] == doubled["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert change["replacements"] == [{"deletedRegion": {"startLine": 120, "startColumn": 25, "endLine": 120,
                                                         "endColumn": 32}, "insertedContent": {"text": ""}}]
    assert fix["properties"] == {"applicability": "safe"}
    [hyphen] = [r for r in by_rule["DL405"] if "fixes" in r]
    [replacement] = hyphen["fixes"][0]["artifactChanges"][0]["replacements"]
    assert replacement["insertedContent"]["text"] == "06/QĐ-TTg"
    line = seed("004").read_text(encoding="utf-8").split("\n")[replacement["deletedRegion"]["startLine"] - 1]
    region = replacement["deletedRegion"]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "06/QĐ TTg"
    assert "fixes" not in by_rule["DL102"][0]


def test_word_and_pdf_findings_carry_no_fix_in_json_or_sarif():
    from doclint.rule import Edit, Fix

    fix = Fix((Edit(3, 7, "", 2, 4, 2, 8),))
    results = [FileReport("a.docx", [finding(path="a.docx", location="đoạn 4", fix=fix)]),
               FileReport("b.txt", [finding(path="b.txt", fix=fix)])]
    data = json.loads(render("json", results))
    assert "fix" not in data[0] and data[1]["fix"] == {"applicability": "safe", "edits": [
        {"start": 3, "end": 7, "line": 2, "column": 4, "end_line": 2, "end_column": 8, "content": ""}]}
    sarif = json.loads(render("sarif", results))["runs"][0]["results"]
    assert "fixes" not in sarif[0] and sarif[1]["fixes"][0]["artifactChanges"][0]["replacements"][0][
        "deletedRegion"] == {"startLine": 2, "startColumn": 4, "endLine": 2, "endColumn": 8}


def test_sarif_read_error_notification_refers_to_a_described_notification():
    log = json.loads(render("sarif", [FileReport("b.txt", [], "b.txt: tệp rỗng")]))
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"] == {"id": "DL001", "index": 0}
    [described] = run["tool"]["driver"]["notifications"]
    assert described["id"] == "DL001" and described["name"] == "read-error"
    assert described["helpUri"].endswith("/docs/rules/read-error.md")


def rich_render(results: list[FileReport], **kw) -> str:
    from doclint.reporters import _text_lines, write_rich

    out = io.StringIO()
    opts = ReportOptions(out=out, color=False, **kw)
    write_rich(list(_text_lines(results, opts)), opts)
    return out.getvalue()


def test_plain_text_without_colour_is_what_rich_prints_on_the_seeds(capsys):
    """Without colour the text report is written without rich: the same bytes as rich gives."""
    for name in ("000", "002", "003"):
        main(["check", "--format", "json", "--jobs", "1", str(seed(name))])
        rows = json.loads(capsys.readouterr().out)
        source = seed(name).read_text(encoding="utf-8").splitlines()
        findings = [Finding(**{k: r[k] for k in ("path", "line", "column", "end_line", "end_column", "rule", "code",
                                                 "severity", "message", "suggestion", "location")},
                            source_line=source[r["line"] - 1] if r["line"] <= len(source) else "") for r in rows]
        results = [FileReport(str(seed(name)), findings)]
        assert findings and render("text", results) == rich_render(results)
        assert render("text", results, quiet=True) == rich_render(results, quiet=True)


_AWKWARD = ["[bold]x[/]", "a [link=x]b", "back\\", "\\[red]", "tab\there", "\t", "中文 wide", "e\u0301", "\x1b[31m",
            "\x07bell", "\u202eRTL", "\x85", ":smile:", "  trailing  ", "", "[", "]", "[/]", "[#fff]", "[@click]"]


def test_plain_text_equals_rich_on_awkward_messages_paths_and_lines():
    """Markup-like brackets, control characters, tabs and backslashes in every field: the
    plain writer and rich agree (a tab or a backslash sends the report through rich)."""
    for text in _AWKWARD:
        results = [FileReport(f"d/{text}.txt", [finding(path=f"d/{text}.txt", message=f"m {text}", source_line=f"Có {text} các",
                                                       suggestion=f"{text}\n{text}", location=text or None)])]
        assert render("text", results) == rich_render(results), text
