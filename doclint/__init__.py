"""doclint: a consistency linter for Vietnamese administrative documents.

The Python API (the same pipeline as ``doclint check``)::

    import doclint
    findings = doclint.lint_text("Các các đơn vị.", select=["duplicated-word"], lang="en")
    findings = doclint.lint_path("bao-cao.docx", stage="final", ignore=["DL5"])

Both return a list of :class:`doclint.Finding` (frozen, picklable: path, line, column,
end_line, end_column, rule, code, severity, message, suggestion, location, text,
source_line). Options are the keys of :class:`doclint.Settings` (``select``,
``extend_select``, ``ignore``, ``severity``, ``per_file_ignores``, ``stage``, ``lang``,
``document_date``, ``confusables``, ``max_file_size``); pass ``settings=`` to start from a
resolved configuration (``doclint.config.config_for(path)``). An unknown selector raises
:class:`doclint.ConfigError` (a ValueError). A file that cannot be read gives one finding
with rule ``read-error``.
"""

from __future__ import annotations

__version__ = "0.1.0"


def _source_checkout_subpackages() -> None:
    """In a source checkout ``rules/`` and ``grammar/`` sit beside ``doclint/`` (the wheel
    installs them as ``doclint.rules`` and ``doclint.grammar``): when the installed mapping is
    not there (``python -m doclint`` run from the repository root), load them under those names."""
    import os
    import sys

    here = os.path.dirname(__file__)
    for name in ("rules", "grammar"):
        full = f"{__name__}.{name}"
        if full in sys.modules or os.path.isdir(os.path.join(here, name)):
            continue  # an installed copy: nothing to do (no importlib.util, no pathlib at import)
        import importlib.util
        from pathlib import Path

        root = Path(__file__).resolve().parent.parent
        try:
            if importlib.util.find_spec(full) is not None:
                continue
        except (ImportError, ValueError):
            pass
        init = root / name / "__init__.py"
        if init.is_file():
            spec = importlib.util.spec_from_file_location(full, init, submodule_search_locations=[str(root / name)])
            if spec is None or spec.loader is None:
                continue
            module = importlib.util.module_from_spec(spec)
            sys.modules[full] = module
            spec.loader.exec_module(module)


_source_checkout_subpackages()

__all__ = ["ConfigError", "Finding", "Settings", "lint_path", "lint_text"]


def __getattr__(name: str):
    # lazy: importing doclint (every submodule does) must not load the parser and the rules
    if name in ("lint_path", "lint_text"):
        from doclint import engine

        return getattr(engine, name)
    if name in ("Settings", "ConfigError"):
        from doclint import config

        return getattr(config, name)
    if name == "Finding":
        from doclint.rule import Finding

        return Finding
    raise AttributeError(f"module 'doclint' has no attribute {name!r}")
