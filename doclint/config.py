"""Configuration: ``[tool.doclint]`` in ``pyproject.toml`` or a ``.doclint.toml``, found by
walking up from each linted file; validated with pydantic so that an unknown key or a bad
value is one clear error naming the file and the key."""

from __future__ import annotations

import tomllib
from datetime import date
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class ConfigError(Exception):
    """A configuration file that cannot be used; the message is one line."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-file-ignores")
    stage: Literal["draft", "final"] | None = None
    lang: Literal["vi", "en"] | None = None
    document_date: date | None = Field(default=None, alias="document-date")
    confusables: list[str] = Field(default_factory=list)
    include: list[str] | None = None
    exclude: list[str] = Field(default_factory=list)
    max_file_size: float | None = Field(default=None, alias="max-file-size")  # MB
    options: dict[str, dict[str, object]] = Field(default_factory=dict)
    root: Path | None = Field(default=None, exclude=True)

    def ignored_for(self, path: Path) -> set[str]:
        """Rules switched off for this file by ``per-file-ignores``."""
        out: set[str] = set()
        relative = _relative(path, self.root)
        for pattern, rules in self.per_file_ignores.items():
            if fnmatch(relative, pattern) or fnmatch(path.name, pattern):
                out.update(rules)
        return out


def _relative(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def load_file(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("doclint", {})
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "?"
        raise ConfigError(f"{path}: [tool.doclint] {key}: {error['msg']}" if path.name == "pyproject.toml"
                          else f"{path}: {key}: {error['msg']}") from None
    config.root = path.parent
    return config


@lru_cache(maxsize=256)
def find_config(directory: Path) -> Config:
    """The nearest configuration above a directory (an empty one when there is none)."""
    for folder in (directory, *directory.parents):
        dotfile = folder / ".doclint.toml"
        if dotfile.is_file():
            return load_file(dotfile)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_section(pyproject):
            return load_file(pyproject)
    return Config()


def _has_section(pyproject: Path) -> bool:
    try:
        return "tool" in (data := tomllib.loads(pyproject.read_text(encoding="utf-8"))) and "doclint" in data["tool"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
