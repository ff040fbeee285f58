"""The one message catalogue: every user-facing sentence of every rule, in Vietnamese and
English, read from ``rules/messages/<family>.toml``.

Each file holds one table per rule, one entry per message key::

    [section-duplicate]
    duplicate = { vi = "Số mục \\"{number}\\" trùng ...", en = "Section number ..." }

Keys shared by the CLI itself live in ``rules/messages/core.toml`` under ``[core]``.
A plugin ships its own file of the same shape and names it in its rule's ``messages``
attribute; it is read instead of doclint's for that rule.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from doclint.datacache import load_toml
from doclint.paths import rules_dir


class Catalogue:
    def __init__(self) -> None:
        self._families: dict[str, dict[str, dict[str, dict[str, str]]]] = {}

    def _family(self, family: str, own: Path | None = None) -> dict[str, dict[str, dict[str, str]]]:
        key = str(own) if own is not None else family
        table = self._families.get(key)
        if table is None:
            path = own if own is not None else rules_dir() / "messages" / f"{family}.toml"
            table = load_toml(path) if path.is_file() else {}
            self._families[key] = table
        return table

    def template(self, family: str, rule: str, key: str, lang: str, own: Path | None = None) -> str:
        """``own``: a plugin's catalogue file, read instead of doclint's ``family`` file."""
        entry = self._family(family, own).get(rule, {}).get(key)
        if entry is None:
            raise KeyError(f"no message {own or family}:{rule}.{key}")
        return entry.get(lang) or entry["vi"]

    def render(self, family: str, rule: str, key: str, lang: str, params: dict[str, object],
               own: Path | None = None) -> str:
        return self.template(family, rule, key, lang, own).format(**params)


catalogue = Catalogue()


@lru_cache(maxsize=None)
def core(key: str, lang: str = "vi") -> str:
    """A message of the CLI itself (errors, summary lines)."""
    return catalogue.template("core", "core", key, lang)


__all__ = ["Catalogue", "catalogue", "core"]
