"""The benchmark must keep running (CI runs it small; the full run is in the README)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_small_benchmark_runs_and_reports_every_figure(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--small", "--json", "--docs", "4",
         "--sizes", "1", "2", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("throughput_mb_s_jobs1", "parallel_speedup", "one_seed_over_imports", "k_ratio",
                "corpus_peak_rss_mb", "profile"):
        assert key in figures
    assert figures["corpus_findings"] > 0 and figures["throughput_mb_s_jobs1"] > 0
    assert any("rules:numeric" in line for line in figures["profile"])
