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
from pathlib import Path
from typing import ClassVar, Iterable, Iterator

from doclint import regex as rx
from doclint.config import Settings
from doclint.messages import catalogue
from doclint.model import Document, Severity, Span
from doclint.records import FrozenRecord, Record

_NAME = rx.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_CODE = rx.compile(r"^[A-Z]{1,3}\d{3}$")


_init = object.__setattr__  # how a frozen record's __init__ sets its fields

SAFE = "safe"
UNSAFE = "unsafe"


class Edit(FrozenRecord):
    """Replace ``start:end`` with ``content`` (an empty content deletes, an empty span inserts).

    In a :class:`Diagnostic` the offsets are into ``Document.text`` (what rules see); in a
    :class:`Finding` they are into the original decoded file (BOM excluded), with 1-based
    line and column of both ends for editors."""

    __slots__ = ("start", "end", "content", "line", "column", "end_line", "end_column")
    start: int
    end: int
    content: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, start: int, end: int, content: str, line: int = 0, column: int = 0, end_line: int = 0,
                 end_column: int = 0) -> None:
        _init(self, "start", start)
        _init(self, "end", end)
        _init(self, "content", content)
        _init(self, "line", line)
        _init(self, "column", column)
        _init(self, "end_line", end_line)
        _init(self, "end_column", end_column)


class Fix(FrozenRecord):
    """Edits that resolve a finding together, and whether applying them can change meaning:
    ``safe`` fixes are applied by ``--fix``, ``unsafe`` ones only with ``--unsafe-fixes``."""

    __slots__ = ("edits", "applicability")
    edits: tuple[Edit, ...]
    applicability: str

    def __init__(self, edits: tuple[Edit, ...], applicability: str = SAFE) -> None:
        _init(self, "edits", edits)
        _init(self, "applicability", applicability)

    @classmethod
    def replace(cls, span: Span, content: str, applicability: str = SAFE) -> "Fix":
        return cls((Edit(span.start, span.end, content),), applicability)

    @classmethod
    def delete(cls, span: Span, applicability: str = SAFE) -> "Fix":
        return cls.replace(span, "", applicability)

    @property
    def safe(self) -> bool:
        return self.applicability == SAFE


class Diagnostic(Record):
    __slots__ = ("rule", "code", "severity", "span", "message", "suggestion", "fix")
    rule: str
    code: str
    severity: Severity
    span: Span
    message: str
    suggestion: str | None
    fix: Fix | None  # offsets into Document.text

    def __init__(self, rule: str, code: str, severity: Severity, span: Span, message: str,
                 suggestion: str | None = None, fix: Fix | None = None) -> None:
        self.rule = rule
        self.code = code
        self.severity = severity
        self.span = span
        self.message = message
        self.suggestion = suggestion
        self.fix = fix


class Finding(FrozenRecord):
    """One finding as every consumer sees it (CLI reporters, tests, Python callers): plain,
    picklable data with 1-based positions in the original file."""

    __slots__ = ("path", "line", "column", "end_line", "end_column", "rule", "code", "severity", "message",
                 "suggestion", "location", "text", "source_line", "fix")
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    severity: str  # error | warning | info
    message: str
    suggestion: str | None
    location: str | None  # docx/pdf: "đoạn 14", "trang 2, dòng 5" instead of line:col
    text: str  # the original text the finding covers
    source_line: str  # the original text of ``line``
    fix: Fix | None  # offsets into the original decoded file

    def __init__(self, path: str, line: int, column: int, end_line: int, end_column: int, rule: str, code: str,
                 severity: str, message: str, suggestion: str | None = None, location: str | None = None,
                 text: str = "", source_line: str = "", fix: Fix | None = None) -> None:
        _init(self, "path", path)
        _init(self, "line", line)
        _init(self, "column", column)
        _init(self, "end_line", end_line)
        _init(self, "end_column", end_column)
        _init(self, "rule", rule)
        _init(self, "code", code)
        _init(self, "severity", severity)
        _init(self, "message", message)
        _init(self, "suggestion", suggestion)
        _init(self, "location", location)
        _init(self, "text", text)
        _init(self, "source_line", source_line)
        _init(self, "fix", fix)

    @property
    def label(self) -> str | None:
        """The docx/pdf location (the name reporters used before ``location``)."""
        return self.location


# Findings that are not a rule's: a rule that raised, a file that could not be read.
INTERNAL_ERROR = ("internal-error", "DL000")
READ_ERROR = ("read-error", "DL001")
TOO_MANY_FINDINGS = ("too-many-findings", "DL002")  # the note ending a file's capped findings
PSEUDO_RULES = (INTERNAL_ERROR, READ_ERROR, TOO_MANY_FINDINGS)
# Where doclint is published and its rule pages (``docs/rules/NAME.md``, generated by
# ``scripts/gen_readme.py``) can be read: the one place to change when an organisation hosts
# doclint elsewhere. A project may point at its own copy with the ``docs-url`` setting.
PROJECT_URL = "https://github.com/doclint/doclint"
DOCS_URL = PROJECT_URL + "/blob/main/docs/rules/{name}.md"


def docs_url(name: str, template: str | None = None) -> str:
    """The page of rule ``name``: ``template`` (the ``docs-url`` setting, else DOCS_URL) with
    ``{name}`` replaced, or, when it has no ``{name}``, a folder that holds ``NAME.md``."""
    template = template or DOCS_URL
    if "{name}" in template:
        return template.replace("{name}", name)
    return f"{template.rstrip('/')}/{name}.md"


def read_error(path: str, message: str) -> Finding:
    """The finding of a file that could not be read: line 1, column 1, severity error."""
    return Finding(path, 1, 1, 1, 1, *READ_ERROR, "error", message)


# -- the rule selector ---------------------------------------------------------------------------
_PREFIX = rx.compile(r"^[A-Z]{1,3}\d{0,3}$")
EXACT = 1000


def specificity(key: str, name: str, code: str, family: str) -> int:
    """How closely a selector names a rule: -1 no match, 0 ``ALL``, 1 the family, 2 + length
    for a code prefix (``DL1`` < ``DL10``), EXACT for the name or the code."""
    if key in (name, code):
        return EXACT
    if key == "ALL":
        return 0
    if key == family:
        return 1
    if _PREFIX.match(key) and code.startswith(key):
        return 2 + len(key)
    return -1


def best_match(keys: Iterable[str], name: str, code: str, family: str) -> int:
    return max((specificity(k, name, code, family) for k in keys), default=-1)


def unknown_selectors(keys: Iterable[str], rules: Iterable[type[Rule]]) -> list[str]:
    """The selectors that name no rule (an unknown selector is a usage error, never a no-op)."""
    triples = [(r.name, r.code, r.family) for r in rules] + [(n, c, "core") for n, c in PSEUDO_RULES]
    return [k for k in keys if not any(specificity(k, *t) >= 0 for t in triples)]


def is_enabled(settings: Settings, name: str, code: str, family: str, path_ignores: tuple[str, ...] = ()) -> bool:
    """Selected (``select``, default ALL, plus ``extend_select``) and not ignored; when a rule is
    both selected and ignored the more specific selector wins (``ignore=["DL1"]`` with
    ``extend-select=["DL101"]`` keeps DL101), a tie ignores. Per-file ignores always win."""
    if path_ignores and best_match(path_ignores, name, code, family) >= 0:
        return False
    selected = max(best_match(settings.select if settings.select is not None else ("ALL",), name, code, family),
                   best_match(settings.extend_select, name, code, family))
    if selected < 0:
        return False
    return best_match(settings.ignore, name, code, family) < selected


def severity_override(settings: Settings, name: str, code: str, family: str) -> str | None:
    """The configured severity of a rule: the most specific matching key wins."""
    best, chosen = -1, None
    for key, value in settings.severity:
        level = specificity(key, name, code, family)
        if level >= best and level >= 0:
            best, chosen = level, value
    return chosen


class RuleContext:
    """Handed to ``Rule.check``: builds diagnostics in the run's language."""

    __slots__ = ("rule", "settings", "diagnostics", "document")

    def __init__(self, rule: "Rule", settings: Settings, document: Document | None = None) -> None:
        self.rule = rule
        self.settings = settings
        self.document = document  # the document being checked (for rules that build fixes)

    @property
    def stage(self) -> str:
        return self.settings.stage

    @property
    def final(self) -> bool:
        return self.settings.stage == "final"

    def option(self, key: str, default: object = None) -> object:
        return self.settings.rule_options(self.rule.name).get(key, default)

    def message(self, key: str, **params: object) -> str:
        rule = self.rule
        own = Path(rule.messages) if rule.messages else None
        return catalogue.render(rule.family, rule.name, key, self.settings.lang, params, own)

    def report(
        self,
        span: Span,
        key: str,
        *,
        suggestion: str | None = None,
        severity: Severity | None = None,
        fix: Fix | None = None,
        **params: object,
    ) -> Diagnostic:
        """A diagnostic at ``span`` whose message is the catalogue entry ``key``; ``fix``
        (edits in ``Document.text`` offsets) is what ``--fix`` applies. The engine drops a fix
        whose edits do not map cleanly back to the original file."""
        rule = self.rule
        if severity is None:
            severity = rule.final_severity if (self.final and rule.final_severity) else rule.severity
        return Diagnostic(rule.name, rule.code, severity, span, self.message(key, **params), suggestion, fix)


class Rule:
    """Base class of every rule (built-in or from a plugin)."""

    name: ClassVar[str] = ""
    code: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    final_severity: ClassVar[Severity | None] = None  # severity under --stage final, if different
    family: ClassVar[str] = ""  # messages file: rules/messages/<family>.toml
    messages: ClassVar[str | None] = None  # a plugin's own messages file (same shape), if it has one
    fixable: ClassVar[bool] = False  # some of its findings carry a fix
    help_url: ClassVar[str | None] = None  # a plugin's own documentation page (default: docs_url)

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
    def url(cls, template: str | None = None) -> str:
        """The rule's documentation page (a plugin rule may set its own ``help_url``)."""
        return cls.help_url or docs_url(cls.name, template)

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
