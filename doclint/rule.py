"""What a rule is, and what it gives back.

A rule is a small class: a stable kebab-case ``name``, a ``code``, a default ``severity``,
a ``family`` (the messages file it reads) and a docstring in two parts (Vietnamese first,
then English after a line ``[en]``) with the sections *Kiểm tra / Vì sao / Sai / Đúng*.
``check`` reads the parsed :class:`~doclint.model.Document` and yields diagnostics made with
``ctx.report``; it never reads files or computes line numbers itself.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, Iterable, Iterator

from doclint import regex as rx
from doclint.messages import catalogue
from doclint.model import Document, Severity, Span

_NAME = rx.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CODE = rx.compile(r"^[A-Z]{1,3}\d{3}$")


@dataclass(slots=True)
class Diagnostic:
    rule: str
    code: str
    severity: Severity
    span: Span
    message: str
    suggestion: str | None = None


@dataclass(slots=True)
class Settings:
    """What the run was asked for; the same for every rule of one file."""

    lang: str = "vi"
    stage: str = "draft"  # draft | final
    document_date: date | None = None  # --document-date / config override
    options: dict[str, dict[str, object]] = field(default_factory=dict)  # per-rule options
    extra_confusables: list[str] = field(default_factory=list)  # paths of user word packs


class RuleContext:
    """Handed to ``Rule.check``: builds diagnostics in the run's language."""

    __slots__ = ("rule", "settings", "diagnostics")

    def __init__(self, rule: "Rule", settings: Settings) -> None:
        self.rule = rule
        self.settings = settings

    @property
    def stage(self) -> str:
        return self.settings.stage

    @property
    def final(self) -> bool:
        return self.settings.stage == "final"

    def option(self, key: str, default: object = None) -> object:
        return self.settings.options.get(self.rule.name, {}).get(key, default)

    def message(self, key: str, **params: object) -> str:
        return catalogue.render(self.rule.family, self.rule.name, key, self.settings.lang, params)

    def report(
        self,
        span: Span,
        key: str,
        *,
        suggestion: str | None = None,
        severity: Severity | None = None,
        **params: object,
    ) -> Diagnostic:
        """A diagnostic at ``span`` whose message is the catalogue entry ``key``."""
        rule = self.rule
        if severity is None:
            severity = rule.final_severity if (self.final and rule.final_severity) else rule.severity
        return Diagnostic(rule.name, rule.code, severity, span, self.message(key, **params), suggestion)


class Rule:
    """Base class of every rule (built-in or from a plugin)."""

    name: ClassVar[str] = ""
    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    final_severity: ClassVar[Severity | None] = None  # severity under --stage final, if different
    family: ClassVar[str] = ""  # messages file: rules/messages/<family>.toml

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def validate(cls) -> None:
        """Raise ValueError when the class breaks the rule contract."""
        if not _NAME.match(cls.name):
            raise ValueError(f"{cls.__name__}: name {cls.name!r} is not kebab-case")
        if not _CODE.match(cls.code):
            raise ValueError(f"{cls.__name__}: code {cls.code!r} is not like DL101")
        if not cls.family:
            raise ValueError(f"{cls.__name__}: no family")
        doc = inspect.getdoc(cls) or ""
        if "[en]" not in doc:
            raise ValueError(f"{cls.__name__}: docstring has no [en] part")

    @classmethod
    def doc(cls, lang: str = "vi") -> str:
        text = inspect.getdoc(cls) or ""
        vi, _, en = text.partition("[en]")
        return (en if lang == "en" else vi).strip()

    @classmethod
    def summary(cls, lang: str = "vi") -> str:
        first = cls.doc(lang).splitlines()[0] if cls.doc(lang) else ""
        return re.sub(r"^(Kiểm tra|What it checks)\s*:\s*", "", first)


def iter_rule_classes(namespace: object) -> Iterator[type[Rule]]:
    """Rule subclasses defined in a module (or listed in its ``RULES``)."""
    listed = getattr(namespace, "RULES", None)
    if listed is not None:
        yield from listed
        return
    if isinstance(namespace, type) and issubclass(namespace, Rule):
        yield namespace
        return
    for value in vars(namespace).values():
        if isinstance(value, type) and issubclass(value, Rule) and value is not Rule and value.name:
            if value.__module__ == getattr(namespace, "__name__", None):
                yield value
