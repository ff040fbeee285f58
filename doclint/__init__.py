"""doclint: a consistency linter for Vietnamese administrative documents."""

from __future__ import annotations

__version__ = "0.1.0"


def _source_checkout_subpackages() -> None:
    """In a source checkout ``rules/`` and ``grammar/`` sit beside ``doclint/`` (the wheel
    installs them as ``doclint.rules`` and ``doclint.grammar``): when the installed mapping is
    not there (``python -m doclint`` run from the repository root), load them under those names."""
    import importlib.util
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for name in ("rules", "grammar"):
        full = f"{__name__}.{name}"
        if full in sys.modules or (Path(__file__).parent / name).is_dir():
            continue
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
