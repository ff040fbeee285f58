"""Where the data shipped with doclint lives, installed or in a source checkout."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path


@cache
def _package_dir(name: str) -> Path:
    # the package's own folder; importlib.resources would cost ~6 ms of start-up for the same answer
    module = import_module(name)
    return Path(next(iter(module.__path__)))


def rules_dir() -> Path:
    return _package_dir("doclint.rules")


def grammar_dir() -> Path:
    return _package_dir("doclint.grammar")
