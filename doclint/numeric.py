"""Reading the numbers of a Vietnamese administrative document.

A number is found in two steps: one compiled regex over ``doc.clean`` finds candidate spans
cheaply, then only those spans are parsed with the LALR grammar ``grammar/number.lark``
(results cached by text).  The grammar gives the shape (digit groups and separators); this
module decides the style:

* Vietnamese (the default): dot groups thousands, comma marks decimals: ``1.234.567,89``.
* English: comma groups thousands, dot marks decimals: ``1,234.5``.

A shape that reads validly only one way is read that way; ``2,002`` and ``127,235`` read
Vietnamese (decimals); a shape that is valid in neither style is malformed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from doclint.paths import grammar_dir


@lru_cache(maxsize=1)
def _parser() -> Lark:
    return Lark.open(str(grammar_dir() / "number.lark"), parser="lalr", cache=True)


@dataclass(frozen=True, slots=True)
class Shape:
    """A parsed literal: sign, digit groups and the separator after each group but the last."""

    negative: bool
    groups: tuple[str, ...]
    seps: tuple[str, ...]  # "." or ","
    percent: bool


@lru_cache(maxsize=4096)
def parse_shape(text: str) -> Shape | None:
    """The shape of a numeric literal, or None when the grammar rejects it (``60,%``, ``12,,5``)."""
    try:
        tree = _parser().parse(text)
    except LarkError:
        return None
    negative = False
    percent = False
    groups: list[str] = []
    seps: list[str] = []
    for node in tree.iter_subtrees_topdown():
        for child in node.children:
            if isinstance(child, Token):
                if child.type == "SIGN":
                    negative = child == "-"
                elif child.type == "PERCENT":
                    percent = True
                elif child.type == "DIGITS":
                    groups.append(str(child))
            elif isinstance(child, Tree) and child.data in ("dot", "comma"):
                seps.append("." if child.data == "dot" else ",")
    return Shape(negative, tuple(groups), tuple(seps), percent)


def _thousands_ok(groups: tuple[str, ...]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]) and not (
        len(groups[0]) > 1 and groups[0].startswith("0")
    )


def _read(groups: tuple[str, ...], seps: tuple[str, ...], thousands: str, decimal: str) -> tuple[Decimal, int] | None:
    """Read with the given separators, or None when the shape breaks that style."""
    if seps.count(decimal) > 1:
        return None
    if decimal in seps:
        if seps[-1] != decimal:
            return None
        integer, fraction = groups[:-1], groups[-1]
    else:
        integer, fraction = groups, ""
    if len(integer) > 1 and not _thousands_ok(integer):
        return None
    digits = "".join(integer)
    value = Decimal(digits + ("." + fraction if fraction else ""))
    return value, len(fraction)


def read_shape(shape: Shape, style: str | None = None) -> tuple[Decimal, int] | None:
    """Value and written decimals of a shape.

    ``style`` is ``"vi"``, ``"en"`` or None (prefer Vietnamese, accept English only when the
    Vietnamese reading is invalid and the English one is not).
    """
    groups, seps = shape.groups, shape.seps
    if not seps:
        result: tuple[Decimal, int] | None = (Decimal(groups[0]), 0)
    else:
        vi = _read(groups, seps, ".", ",")
        en = _read(groups, seps, ",", ".")
        if style == "vi":
            result = vi
        elif style == "en":
            result = en
        else:
            result = vi if vi is not None else en
    if result is None:
        return None
    value, decimals = result
    return (-value if shape.negative else value), decimals


def read_number(text: str, style: str | None = None) -> tuple[Decimal, int] | None:
    """Value and number of written decimals of one figure (``"1.234,5"`` -> (1234.5, 1)).

    For a table cell or a single figure: ``"2.117"`` -> (2117, 0), ``"42,54"`` -> (42.54, 2),
    ``"1098"`` -> (1098, 0), ``"07"`` -> (7, 0).  A trailing ``%`` is allowed (the value is the
    percentage).  None when the text is not a number or reads validly in neither style.
    """
    text = text.strip().replace("\u00a0", " ")
    if not text or not any(ch.isdigit() for ch in text):
        return None
    shape = parse_shape(text)
    if shape is None:
        return None
    return read_shape(shape, style)
