"""Where the data shipped with doclint lives, installed or in a source checkout, and where
the user's private cache goes."""

from __future__ import annotations

import os
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


def cache_location() -> Path | None:
    """``$DOCLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/doclint``, else ``~/.cache/doclint``.

    None when there is no home directory: there is no shared fallback (a folder in ``/tmp``
    is one another local user can create first). :func:`doclint.datacache.private_dir`
    decides whether the place can be used.
    """
    explicit = os.environ.get("DOCLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says a relative value is to be ignored
        return Path(xdg) / "doclint"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no $HOME and no password-database entry
        return None
    return home / ".cache" / "doclint" if home.is_absolute() else None
