"""The Lark parsers for ``grammar/*.lark``, their LALR tables kept in doclint's private cache.

Building the five LALR tables costs ~300 ms, so they are kept between runs. Not with Lark's
``cache=True``: it unpickles a file with a predictable name in the shared temp folder, which
any local user can plant. Here the tables are Lark's plain-data serialisation (the form its
standalone parsers embed, loaded the same way, through ``Lark._load_from_dict``) stored with
:mod:`doclint.datacache`: private folder, checksum, plain data only, keyed by the grammar
text, the options, Lark's and Python's versions. An entry that does not verify or load is
rebuilt from the grammar; with no private folder the tables are built on every run.
"""

from __future__ import annotations

import hashlib
import sys
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from doclint.datacache import read_entry, write_entry
from doclint.paths import grammar_dir

_CUSTOM_LEXER = "<doclint custom lexer>"  # a lexer class is code: stored as this mark, given again on load


def load_grammar(name: str, **options: Any) -> Lark:
    """``Lark.open(grammar/<name>, **options)``; ``parser="lalr"`` is required."""
    path = grammar_dir() / name
    source = path.read_text(encoding="utf-8")
    key = "|".join((name, hashlib.sha256(source.encode()).hexdigest(), _describe(options), lark.__version__, sys.version))
    lexer = options.get("lexer")
    custom = lexer if isinstance(lexer, type) else None
    parser = _from_tables(read_entry("lark", key), custom)
    if parser is None:
        parser = Lark.open(str(path), **options)
        write_entry("lark", key, _tables(parser, custom))
    return parser


def _describe(options: dict[str, Any]) -> str:
    def one(value: Any) -> str:
        return f"{value.__module__}.{value.__qualname__}" if isinstance(value, type) else repr(value)

    return ",".join(f"{name}={one(value)}" for name, value in sorted(options.items()))


def _tables(parser: Lark, custom: type | None) -> dict[str, Any]:
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    return {"data": _replace(data, custom, _CUSTOM_LEXER), "memo": memo}


def _from_tables(tables: Any, custom: type | None) -> Lark | None:
    """The parser rebuilt from stored tables, or None when they are missing or unusable."""
    if type(tables) is not dict or type(tables.get("data")) is not dict or type(tables.get("memo")) is not dict:
        return None
    options = tables["data"].get("options")
    if type(options) is not dict or (options.get("lexer") == _CUSTOM_LEXER) != (custom is not None):
        return None
    try:
        data = tables["data"] if custom is None else _replace(tables["data"], _CUSTOM_LEXER, custom)
        return Lark._load_from_dict(data, tables["memo"])
    except Exception:  # noqa: BLE001 -- tables of an unexpected shape: rebuilt from the grammar
        return None


def _replace(data: Any, old: object, new: object) -> Any:
    """``data`` with every value equal to ``old`` (the lexer class, or its mark) set to ``new``."""
    if old is None:
        return data
    if type(data) is dict:
        return {key: _replace(value, old, new) for key, value in data.items()}
    if type(data) is list:
        return [_replace(value, old, new) for value in data]
    return new if type(data) is type(old) and data == old else data
