"""Configuration: one resolved, frozen :class:`Settings` per file, from config files plus options.

A configuration file is ``.doclint.toml`` or the ``[tool.doclint]`` table of ``pyproject.toml``,
the closest one walking up from each linted file, never above the root of the git repository
that holds the file (outside any repository the walk goes up to the file system root, as ruff
does).  It is validated with pydantic at the boundary (``extra="forbid"``): an unknown key or a
bad value becomes one :class:`ConfigError` line naming the file and the key.  Inside doclint the
settings are a frozen, hashable, picklable record, the same for the command line, the tests
and any Python caller.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Iterable, Literal, Mapping

from doclint import regex as rx
from doclint.records import FrozenRecord, replace, set_field

SeverityName = Literal["error", "warning", "info"]
CONFIG_NAMES = (".doclint.toml", "pyproject.toml")
MAX_PACK_BYTES = 2 * 1024 * 1024  # a word pack is a few KB; anything larger is not one


class ConfigError(ValueError):
    """A configuration (file or options) that cannot be used; the message is one line."""


class Settings(FrozenRecord):
    """What a run was asked for, resolved: config file, then command line or API options.

    Selectors (``select``, ``extend_select``, ``ignore``, the keys of ``severity`` and of
    ``per_file_ignores``) are rule names, codes, code prefixes (``DL1``), family names
    (``structure``) or ``ALL``; see :mod:`doclint.rule` for how they match.
    """

    __slots__ = ("lang", "stage", "document_date", "select", "extend_select", "ignore", "severity",
                 "per_file_ignores", "confusables", "include", "exclude", "max_file_size", "timeout", "options",
                 "cache_dir", "docs_url", "root", "source")
    lang: str
    stage: str  # draft | final
    document_date: date | None
    select: tuple[str, ...] | None  # None: every rule
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: tuple[tuple[str, str], ...]  # (selector, error|warning|info)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]  # (glob, selectors)
    confusables: tuple[str, ...]  # absolute paths of user word packs
    include: tuple[str, ...] | None
    exclude: tuple[str, ...]
    max_file_size: float | None  # MB
    timeout: float | None  # CPU seconds one file may take (doclint.guard); None: by its size
    options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...]  # per-rule options
    cache_dir: str | None  # result cache folder (default: the user's cache folder)
    docs_url: str | None  # where the rule pages are read ({name}: the rule); default rule.DOCS_URL
    root: str | None  # folder of the config file: per-file-ignores globs are relative to it
    source: str | None  # the config file these settings came from, if any

    def __init__(self, lang: str = "vi", stage: str = "draft", document_date: date | None = None,
                 select: tuple[str, ...] | None = None, extend_select: tuple[str, ...] = (),
                 ignore: tuple[str, ...] = (), severity: tuple[tuple[str, str], ...] = (),
                 per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (), confusables: tuple[str, ...] = (),
                 include: tuple[str, ...] | None = None, exclude: tuple[str, ...] = (),
                 max_file_size: float | None = None, timeout: float | None = None,
                 options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = (), cache_dir: str | None = None,
                 docs_url: str | None = None, root: str | None = None, source: str | None = None) -> None:
        set_field(self, "lang", lang)
        set_field(self, "stage", stage)
        set_field(self, "document_date", document_date)
        set_field(self, "select", select)
        set_field(self, "extend_select", extend_select)
        set_field(self, "ignore", ignore)
        set_field(self, "severity", severity)
        set_field(self, "per_file_ignores", per_file_ignores)
        set_field(self, "confusables", confusables)
        set_field(self, "include", include)
        set_field(self, "exclude", exclude)
        set_field(self, "max_file_size", max_file_size)
        set_field(self, "timeout", timeout)
        set_field(self, "options", options)
        set_field(self, "cache_dir", cache_dir)
        set_field(self, "docs_url", docs_url)
        set_field(self, "root", root)
        set_field(self, "source", source)
        self.__post_init__()

    def __post_init__(self) -> None:
        # accept lists/dicts from Python callers, keep the object hashable
        for name in ("select", "extend_select", "ignore", "confusables", "include", "exclude"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple([value] if isinstance(value, str) else value))
        for name in ("severity", "options"):
            value = getattr(self, name)
            if isinstance(value, Mapping):
                items = value.items() if name == "severity" else ((k, tuple(dict(v).items())) for k, v in value.items())
                object.__setattr__(self, name, tuple(items))
        if isinstance(self.per_file_ignores, Mapping):
            object.__setattr__(self, "per_file_ignores",
                               tuple((k, tuple(v)) for k, v in self.per_file_ignores.items()))
        if self.stage not in ("draft", "final"):
            raise ConfigError(f"stage: {self.stage!r} is not draft or final")
        if self.lang not in ("vi", "en"):
            raise ConfigError(f"lang: {self.lang!r} is not vi or en")

    @property
    def extra_confusables(self) -> tuple[str, ...]:
        """The user word packs (the name rules read)."""
        return self.confusables

    @property
    def max_bytes(self) -> int | None:
        return int(self.max_file_size * 1048576) if self.max_file_size else None

    def rule_options(self, rule: str) -> dict[str, object]:
        return dict(dict(self.options).get(rule, ()))

    def ignored_for(self, path: str | Path) -> tuple[str, ...]:
        """Selectors that per-file-ignores switch off for ``path``."""
        if not self.per_file_ignores:
            return ()
        path = Path(path)
        rel = _relative(path, Path(self.root) if self.root else None)
        out: list[str] = []
        for pattern, keys in self.per_file_ignores:
            if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(path.name, pattern):
                out.extend(keys)
        return tuple(out)

    def merged(self, overrides: Mapping[str, object]) -> Settings:
        """These settings with options on top (command line or API): ``select`` replaces the
        selection (select, extend_select and ignore, as ruff does); ``extend_select``,
        ``ignore``, ``exclude`` and ``per_file_ignores`` add up; ``severity`` entries override;
        anything else replaces when given (not None)."""
        known = set(self._fields)
        changes: dict[str, object] = {}
        base = self
        if overrides.get("select") is not None:  # as in ruff: a new select starts a new selection
            base = replace(self, extend_select=(), ignore=())
        probe = Settings(**{k: v for k, v in overrides.items() if k in known and v is not None
                            and k not in ("root", "source")})
        for key, value in overrides.items():
            if key not in known:
                raise ConfigError(f"unknown option {key!r}")
            if value is None:
                continue
            value = getattr(probe, key)
            if key in ("extend_select", "ignore", "exclude", "per_file_ignores", "severity"):
                changes[key] = getattr(base, key) + value
            else:
                changes[key] = value
        return replace(base, **changes) if changes or base is not self else self

    def describe(self) -> list[str]:
        """``key = value`` lines for ``--show-settings``."""
        lines = [f"settings file = {self.source or '(none: defaults)'}"]
        for name in self._fields:
            if name != "source":
                lines.append(f"{name.replace('_', '-')} = {_show(getattr(self, name))}")
        return lines


def _show(value: object) -> str:
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value) + "}"
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if value is None:
        return "(not set)"
    return f'"{value}"' if isinstance(value, (str, date)) else str(value)


@cache
def _schema():
    """The pydantic model that validates a configuration file, built only when a file exists
    (importing pydantic costs ~0.1 s of start-up that a run without configuration never pays)."""
    from pydantic import BaseModel, ConfigDict, Field

    class ConfigFile(BaseModel):
        model_config = ConfigDict(extra="forbid", populate_by_name=True,
                                  alias_generator=lambda n: n.replace("_", "-"))

        select: list[str] | None = None
        extend_select: list[str] = []
        ignore: list[str] = []
        severity: dict[str, SeverityName] = {}
        per_file_ignores: dict[str, list[str]] = {}
        stage: Literal["draft", "final"] | None = None
        lang: Literal["vi", "en"] | None = None
        document_date: date | None = None
        confusables: list[str] = []
        include: list[str] | None = None
        exclude: list[str] = []
        max_file_size: float | None = Field(default=None, gt=0)
        cache_dir: str | None = None
        timeout: float | None = Field(default=None, gt=0)
        docs_url: str | None = Field(default=None, pattern=r"^https?://[^\s<>\"]+$")

    return ConfigFile


def _relative(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root else path.as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _error(path: Path, key: str, reason: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {reason}")


def load_config(path: Path) -> Settings:
    """Read one config file (``.doclint.toml`` or the ``[tool.doclint]`` table of pyproject)."""
    import tomllib

    try:
        if not path.is_file():
            raise _error(path, "file", "not a regular file")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _error(path, "file", exc.strerror or str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _error(path, "toml", (str(exc).splitlines() or ["invalid"])[0]) from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("doclint", {})
        prefix = "tool.doclint."
    from pydantic import ValidationError

    try:
        validated = _schema().model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = prefix + ".".join(str(p) for p in first["loc"]) if first["loc"] else prefix.rstrip(".")
        reason = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise _error(path, key, reason) from None
    values = {k: v for k, v in validated.model_dump().items() if v is not None}
    root = path.parent.resolve()
    values["confusables"] = [str(_pack_path(path, prefix + "confusables", root, p)) for p in values["confusables"]]
    if "cache_dir" in values:
        values["cache_dir"] = str(_cache_path(path, prefix + "cache-dir", root, values["cache_dir"]))
    return Settings(**values, root=str(root), source=str(path))


def _cache_path(config: Path, key: str, base: Path, raw: str) -> Path:
    """A cache folder named by a config file: inside the project (a repository's config must
    not make doclint write elsewhere); it is used only if it is private to the user."""
    project = Path(project_root(base) or base)
    target = (base / raw).resolve()
    if not target.is_relative_to(project):
        raise _error(config, key, f"{raw!r} is outside the project ({project})")
    return target


def inline_option(text: str) -> dict[str, object]:
    """``--config "key = value"`` (a TOML pair, as in ruff): the validated setting it gives."""
    import tomllib

    where = Path("--config")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _error(where, repr(text), (str(exc).splitlines() or ["invalid"])[0]) from None
    from pydantic import ValidationError

    try:
        validated = _schema().model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise _error(where, key, "unknown key" if first["type"] == "extra_forbidden" else first["msg"]) from None
    values = validated.model_dump(exclude_unset=True)
    if values.get("cache_dir"):
        values["cache_dir"] = str(Path(values["cache_dir"]).resolve())
    if "confusables" in values:
        base = Path.cwd().resolve()
        values["confusables"] = [str(_pack_path(where, "confusables", base, p)) for p in values["confusables"]]
    return values


def _pack_path(config: Path, key: str, base: Path, raw: str) -> Path:
    """A word pack named by a config file: a regular file inside the project, not too large
    (a repository's config must not make doclint read /etc/shadow or /dev/zero)."""
    project = Path(project_root(base) or base)
    target = (base / raw).resolve()
    if not target.is_relative_to(project):
        raise _error(config, key, f"{raw!r} is outside the project ({project})")
    try:
        info = target.stat()
    except OSError as exc:
        raise _error(config, key, f"{raw!r}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _error(config, key, f"{raw!r} is not a regular file")
    if info.st_size > MAX_PACK_BYTES:
        raise _error(config, key, f"{raw!r} is larger than {MAX_PACK_BYTES // 1048576} MB")
    return target


@lru_cache(maxsize=1024)
def project_root(directory: Path) -> str | None:
    """The root of the git repository holding ``directory`` (the folder with ``.git``), or None."""
    for folder in (directory, *directory.parents):
        if os.path.exists(folder / ".git"):
            return str(folder)
    return None


@lru_cache(maxsize=1024)
def find_config(directory: Path) -> Settings:
    """The closest config at or above ``directory``, never above its repository root
    (default settings when none)."""
    top = project_root(directory)
    for folder in (directory, *directory.parents):
        dotfile = folder / ".doclint.toml"
        if dotfile.is_file():
            return load_config(dotfile)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_doclint_table(pyproject):
            return load_config(pyproject)
        if top is not None and str(folder) == top:
            break
    return Settings()


# Where a TOML file can give ``tool.doclint`` a value: a ``[tool.doclint…]`` or ``[tool]``
# header, a ``tool.doclint…`` dotted key or a ``tool = {…}`` inline table at the start of a line
# (spaces and quotes allowed around the names).
_TOOL_DOCLINT = rx.compile(r"""(?m)^[ \t]*(?:\[\[?[ \t]*(?P<q1>["']?)tool(?P=q1)[ \t]*(?:\.[ \t]*(?P<q2>["']?)doclint(?P=q2)|\])"""
                           r"""|(?P<q3>["']?)tool(?P=q3)[ \t]*(?:\.[ \t]*(?P<q4>["']?)doclint(?P=q4)|=))""")


def _has_doclint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "[tool.doclint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if "doclint" not in text or not _TOOL_DOCLINT.search(text):
        return False  # no key can be tool.doclint: a pyproject without one is not parsed (tomllib: ~5 ms)
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "[tool.doclint" in text
    return "doclint" in data.get("tool", {})


def config_for(path: Path) -> Settings:
    """The settings of the configuration that applies to ``path`` (a file or a folder)."""
    try:
        start = path if path.is_dir() else path.parent
        return find_config(start.resolve())
    except OSError:
        return Settings()


def selectors_of(settings: Settings) -> Iterable[tuple[str, tuple[str, ...]]]:
    """(where, selectors) of every selector list a settings object holds, for validation."""
    yield "select", settings.select or ()
    yield "extend-select", settings.extend_select
    yield "ignore", settings.ignore
    yield "severity", tuple(k for k, _ in settings.severity)
    for pattern, keys in settings.per_file_ignores:
        yield f"per-file-ignores.{pattern}", keys
