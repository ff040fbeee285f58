"""Configuration: ``[tool.doclint]`` in pyproject.toml or ``.doclint.toml``, found by walking up.

Validated with pydantic (``extra="forbid"``): an unknown key or a bad value becomes one
:class:`ConfigError` line naming the file and the key.
"""

from __future__ import annotations

import fnmatch
import tomllib
from datetime import date
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

SeverityName = Literal["error", "warning", "info"]


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is one line."""


@dataclass(slots=True)
class Config:
    """The validated settings of one configuration file (plain data: it is read per file)."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    stage: str | None = None
    lang: str | None = None
    document_date: date | None = None
    confusables: list[str] = field(default_factory=list)
    include: list[str] | None = None
    exclude: list[str] = field(default_factory=list)
    max_file_size: float | None = None
    # where the file was found; relative globs and paths are relative to it
    root: Path | None = None
    source: str | None = None

    def ignored_for(self, path: Path) -> list[str]:
        """Rules that per-file-ignores switch off for ``path``."""
        rel = _relative(path, self.root)
        out: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern):
                out.extend(rules)
        return out

    def confusable_paths(self) -> list[str]:
        base = self.root or Path.cwd()
        return [str((base / p).resolve()) for p in self.confusables]


@cache
def _schema():
    """The pydantic model that validates a configuration file, built only when a file exists
    (importing pydantic costs ~0.1 s of start-up that a run without configuration never pays)."""
    from pydantic import BaseModel, ConfigDict, Field

    class ConfigFile(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True,
                                  alias_generator=lambda n: n.replace("_", "-"))

        select: list[str] | None = None
        ignore: list[str] = []
        severity: dict[str, SeverityName] = {}
        per_file_ignores: dict[str, list[str]] = {}
        stage: Literal["draft", "final"] | None = None
        lang: Literal["vi", "en"] | None = None
        document_date: date | None = None
        confusables: list[str] = []
        include: list[str] | None = None
        exclude: list[str] = []
        max_file_size: float | None = Field(default=None, gt=0)

    return ConfigFile


def _relative(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def _error(path: Path, key: str, reason: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {reason}")


def load_config(path: Path) -> Config:
    """Read one config file (``.doclint.toml`` or the ``[tool.doclint]`` table of pyproject)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _error(path, "file", exc.strerror or str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _error(path, "toml", str(exc).splitlines()[0]) from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("doclint", {})
        prefix = "tool.doclint."
    from pydantic import ValidationError

    try:
        validated = _schema().model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = prefix + ".".join(str(p) for p in first["loc"]) if first["loc"] else prefix.rstrip(".")
        reason = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise _error(path, key, reason) from None
    return Config(**validated.model_dump(), root=path.parent, source=str(path))


@lru_cache(maxsize=1024)
def find_config(directory: Path) -> Config:
    """The nearest config at or above ``directory`` (an empty Config when none)."""
    for folder in (directory, *directory.parents):
        dotfile = folder / ".doclint.toml"
        if dotfile.is_file():
            return load_config(dotfile)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_doclint_table(pyproject):
            return load_config(pyproject)
    return Config()


def _has_doclint_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return "[tool.doclint" in path.read_text(encoding="utf-8", errors="replace")
    return "doclint" in data.get("tool", {})


def config_for(path: Path) -> Config:
    start = path if path.is_dir() else path.parent
    return find_config(start.resolve())
