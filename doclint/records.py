"""Record classes: what ``@dataclass(slots=True)`` gives the model's classes, without its cost.

``dataclasses`` writes and compiles the source of ``__init__``, ``__repr__``, ``__eq__``... for
every class when the module is imported: 0.5-1.5 ms a class, ~20 ms of every start-up for
doclint's 45 of them. A record class names its fields in ``__slots__`` (in the order a
dataclass would list them) and writes its own ``__init__``, compiled once into the module's
bytecode; this base adds the rest as a dataclass would:

* ``repr`` ``Name(field=value, ...)``, ``...`` for a record met again inside itself;
* ``==`` field by field with a record of the same class (``__hash__ = None``: unhashable,
  as a dataclass with ``eq`` and without ``frozen``); a class may set ``__eq__ =
  object.__eq__`` and ``__hash__ = object.__hash__`` for identity (``eq=False``);
* :class:`FrozenRecord`: assignment raises ``FrozenInstanceError``, the hash is that of the
  tuple of the fields, pickling and copying go through ``__getstate__``/``__setstate__``.
"""

from __future__ import annotations

from threading import get_ident  # threading is imported anyway (Lark imports it)
from dataclasses import FrozenInstanceError  # dataclasses is imported anyway (Lark imports it)
from operator import attrgetter
from typing import Any, Callable, ClassVar

_IN_REPR: set[tuple[int, int]] = set()


def _fields_getter(fields: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if not fields:
        return lambda record: ()
    if len(fields) == 1:
        one = attrgetter(fields[0])
        return lambda record: (one(record),)
    return attrgetter(*fields)  # a tuple in C


class Record:
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _values: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # a subclass's fields follow its base's, as a dataclass's do
        cls._fields = cls._fields + tuple(cls.__dict__.get("__slots__", ()))
        cls._values = staticmethod(_fields_getter(cls._fields))  # type: ignore[assignment]
        cls.__match_args__ = cls._fields

    def __repr__(self) -> str:
        key = (id(self), get_ident())
        if key in _IN_REPR:
            return "..."
        _IN_REPR.add(key)
        try:
            inside = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self._values(self)))
        finally:
            _IN_REPR.discard(key)
        return f"{type(self).__qualname__}({inside})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class FrozenRecord(Record):
    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> list[Any]:
        return list(self._values(self))

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self._fields, state):
            object.__setattr__(self, name, value)


set_field = object.__setattr__  # how a frozen record's __init__ sets its fields


def replace(record: Any, /, **changes: Any) -> Any:
    """A copy of ``record`` with ``changes`` (``dataclasses.replace`` for records)."""
    values = dict(zip(record._fields, record._values(record)))
    values.update(changes)
    return type(record)(**values)


__all__ = ["FrozenInstanceError", "FrozenRecord", "Record", "replace", "set_field"]
