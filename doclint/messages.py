"""The one message catalogue: every user-facing sentence of every rule, in Vietnamese and
English, read from ``rules/messages/<family>.toml``.

Each file holds one table per rule, one entry per message key::

    [section-duplicate]
    duplicate = { vi = "Số mục \\"{number}\\" trùng ...", en = "Section number ..." }

Keys shared by the CLI itself live in ``rules/messages/core.toml`` under ``[core]``.
"""

from __future__ import annotations

from functools import lru_cache

from doclint.datacache import load_toml
from doclint.paths import rules_dir


class Catalogue:
    def __init__(self) -> None:
        self._families: dict[str, dict[str, dict[str, dict[str, str]]]] = {}

    def _family(self, family: str) -> dict[str, dict[str, dict[str, str]]]:
        table = self._families.get(family)
        if table is None:
            path = rules_dir() / "messages" / f"{family}.toml"
            table = load_toml(path) if path.is_file() else {}
            self._families[family] = table
        return table

    def template(self, family: str, rule: str, key: str, lang: str) -> str:
        entry = self._family(family).get(rule, {}).get(key)
        if entry is None:
            raise KeyError(f"no message {family}:{rule}.{key}")
        return entry.get(lang) or entry["vi"]

    def render(self, family: str, rule: str, key: str, lang: str, params: dict[str, object]) -> str:
        return self.template(family, rule, key, lang).format(**params)


catalogue = Catalogue()


@lru_cache(maxsize=None)
def core(key: str, lang: str = "vi") -> str:
    """A message of the CLI itself (errors, summary lines)."""
    return catalogue.template("core", "core", key, lang)


__all__ = ["Catalogue", "catalogue", "core"]
