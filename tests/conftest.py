"""Fixtures shared by several test files."""

from __future__ import annotations

import concurrent.futures

import pytest


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """The worker counts of the process pools ``doclint check`` starts (two CPUs seen)."""
    import doclint.cli as cli

    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def recording(max_workers, **kwargs):
        started.append(max_workers)
        return real(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording)
    monkeypatch.setattr(cli, "available_cpus", lambda: 2)
    return started
