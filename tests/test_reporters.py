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
                                "region": _REGION}}}}}}}},
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
