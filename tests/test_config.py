"""Configuration: discovery by walking up, validation errors, and its effect on diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doclint.cli import main
from doclint.config import ConfigError, find_config, load_config

DOC = ("Số: /BC-UBND\n\nHà Nội, ngày   tháng 3 năm 2025\n\nBÁO CÁO\nTình hình tháng 3\n\nI. Kết quả\n\n"
       "Thực hiện các các nhiệm vụ được giao.\n")


@pytest.fixture(autouse=True)
def fresh_cache():
    find_config.cache_clear()
    yield
    find_config.cache_clear()


def lint(capsys, *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", "--jobs", "1", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else []), err


def tree(tmp_path: Path, config_name: str, config: str) -> Path:
    doc = tmp_path / "sub" / "deep" / "a.txt"
    doc.parent.mkdir(parents=True)
    doc.write_text(DOC, encoding="utf-8")
    (tmp_path / config_name).write_text(config, encoding="utf-8")
    return doc


def test_dotfile_found_by_walking_up_applies_stage_and_severity(tmp_path, capsys):
    doc = tree(tmp_path, ".doclint.toml", 'stage = "final"\n[severity]\nduplicated-word = "error"\n')
    code, data, _ = lint(capsys, str(doc))
    by_rule = {d["rule"]: d["severity"] for d in data}
    assert by_rule["unfilled-field"] == "error" and by_rule["duplicated-word"] == "error"
    assert code == 1
    code, data, _ = lint(capsys, "--stage", "draft", str(doc))  # the command line wins
    assert {d["severity"] for d in data if d["rule"] == "unfilled-field"} == {"warning"}


def test_pyproject_table_select_ignore_and_per_file_ignores(tmp_path, capsys):
    doc = tree(tmp_path, "pyproject.toml",
               '[project]\nname = "x"\n[tool.doclint]\nselect = ["DL101", "DL106"]\nignore = ["DL106"]\n'
               '[tool.doclint.per-file-ignores]\n"sub/deep/*.txt" = ["unfilled-field"]\n')
    other = tmp_path / "b.txt"
    other.write_text(DOC, encoding="utf-8")
    _, data, _ = lint(capsys, str(doc), str(other))
    rules = {(Path(d["path"]).name, d["rule"]) for d in data}
    assert rules == {("b.txt", "unfilled-field")}


def test_pyproject_without_table_is_skipped_and_nearest_config_wins(tmp_path, capsys):
    doc = tree(tmp_path, ".doclint.toml", 'select = ["duplicated-word"]\n')
    (doc.parent / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    _, data, _ = lint(capsys, str(doc))
    assert {d["rule"] for d in data} == {"duplicated-word"}
    (doc.parent / ".doclint.toml").write_text('select = ["unfilled-field"]\n', encoding="utf-8")
    find_config.cache_clear()
    _, data, _ = lint(capsys, str(doc))
    assert {d["rule"] for d in data} == {"unfilled-field"}


@pytest.mark.parametrize(
    "name, text, pieces",
    [
        (".doclint.toml", 'stage = "final"\nselct = ["x"]\n', ["selct", "unknown key"]),
        (".doclint.toml", 'stage = "published"\n', ["stage", "draft"]),
        (".doclint.toml", 'max-file-size = -1\n', ["max-file-size", "greater than 0"]),
        (".doclint.toml", 'document-date = "2025-02-30"\n', ["document-date"]),
        (".doclint.toml", '[severity]\nduplicated-word = "fatal"\n', ["severity.duplicated-word"]),
        (".doclint.toml", 'stage = "final\n', ["toml"]),
        ("pyproject.toml", '[tool.doclint]\nfoo = 1\n', ["tool.doclint.foo", "unknown key"]),
        (".doclint.toml", 'select = ["no-such-rule"]\n', ["select", "no-such-rule"]),
        (".doclint.toml", '[per-file-ignores]\n"*.md" = ["DL999"]\n', ["per-file-ignores.*.md", "DL999"]),
    ],
)
def test_config_errors_are_one_line_naming_file_and_key_exit_2(tmp_path, capsys, name, text, pieces):
    doc = tree(tmp_path, name, text)
    code, data, err = lint(capsys, str(doc))
    assert code == 2 and data == []
    assert len(err.strip().splitlines()) == 1 and name in err and "Traceback" not in err
    for piece in pieces:
        assert piece in err


def test_explicit_config_and_include_exclude(tmp_path, capsys):
    conf = tmp_path / "conf.toml"
    conf.write_text('include = ["*.md"]\nexclude = ["skip*"]\nlang = "en"\n', encoding="utf-8")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text("Các các việc.\n", encoding="utf-8")
    (tmp_path / "d" / "skip.md").write_text("Các các việc.\n", encoding="utf-8")
    (tmp_path / "d" / "c.txt").write_text("Các các việc.\n", encoding="utf-8")
    _, data, _ = lint(capsys, "--config", str(conf), str(tmp_path / "d"))
    assert [Path(d["path"]).name for d in data] == ["a.md"]
    assert "Lặp từ" not in data[0]["message"]  # lang = "en"


def test_model_accepts_both_spellings_and_rejects_unknown():
    from doclint.config import _schema

    assert _schema().model_validate({"per-file-ignores": {"*.md": ["DL101"]}}).per_file_ignores == {"*.md": ["DL101"]}
    with pytest.raises(ConfigError):
        bad = Path(__file__).parent / "does-not-exist.toml"
        load_config(bad)


def test_the_readme_configuration_example_is_valid(tmp_path, capsys):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / ".git").mkdir()
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "org.toml").write_text('[[entry]]\nwrong = "tồn tại"\nright = "hạn chế"\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    settings = load_config(tmp_path / "pyproject.toml")
    assert settings.stage == "draft" and settings.confusables == (str(tmp_path / "words" / "org.toml"),)
    doc = tmp_path / "a.txt"
    doc.write_text(DOC, encoding="utf-8")
    assert main(["check", "--show-settings", str(doc)]) == 0
    out = capsys.readouterr().out
    assert f"settings file = {tmp_path / 'pyproject.toml'}" in out and 'ignore = ["tone-style"]' in out


@pytest.mark.parametrize("text", [
    '[tool.doclint]\nignore = ["DL106"]\n', '[ tool . "doclint" ]\nignore = ["DL106"]\n',
    "[tool]\ndoclint = { ignore = ['DL106'] }\n", 'tool.doclint.ignore = ["DL106"]\n',
    'tool = { doclint = { ignore = ["DL106"] } }\n', '[[tool.doclint.x]]\n',
    '[project]\nname = "doclint"\n', '[tool.setuptools.package-dir]\n"doclint" = "doclint"\n[tool.pytest]\nx = 1\n',
    '[project]\nname = "x"\n', '[tool.other]\ndoclint = 1\n', 'x = """\n[tool.doclint]\n"""\n',
])
def test_a_pyproject_is_parsed_only_when_it_may_hold_a_doclint_table(tmp_path, text):
    """The textual pre-check (no tomllib when no key can be tool.doclint) answers as tomllib does."""
    import tomllib

    from doclint.config import _has_doclint_table

    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    assert _has_doclint_table(path) == ("doclint" in tomllib.loads(text).get("tool", {}))
