"""Shared test helpers: lint a seed or a string through the same pipeline as ``doclint check``
(:func:`doclint.engine.lint`) and get the findings."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from doclint.config import Settings
from doclint.engine import lint_path, lint_text
from doclint.rule import Finding

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

__all__ = ["Finding", "ROOT", "SEEDS", "lint_seed", "lint_string", "load_script", "seed"]


def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` as a module (the scripts are not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("000" … "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def _options(select: list[str] | None) -> dict[str, object]:
    return {"select": select} if select else {}


def lint_seed(prefix: str, select: list[str] | None = None, settings: Settings | None = None) -> list[Finding]:
    return lint_path(seed(prefix), settings, **_options(select))


def lint_string(text: str, select: list[str] | None = None, settings: Settings | None = None,
                path: str = "test.txt") -> list[Finding]:
    return lint_text(text, path, settings, **_options(select))


def write_docx(path: Path, text: str) -> Path:
    """A Word file with one paragraph per line of ``text`` (blank lines become empty paragraphs)."""
    from docx import Document

    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(str(path))
    return path
