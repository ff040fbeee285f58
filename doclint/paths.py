"""Where the data shipped with doclint lives, installed or in a source checkout."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=None)
def rules_dir() -> Path:
    return Path(str(resources.files("doclint.rules")))


@lru_cache(maxsize=None)
def grammar_dir() -> Path:
    return Path(str(resources.files("doclint.grammar")))
