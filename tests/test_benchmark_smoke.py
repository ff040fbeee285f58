"""The benchmark must keep running (CI runs it small; the full run is in the README)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_small_benchmark_runs_and_reports_every_figure(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--small", "--json", "--docs", "4", "--cache-docs", "4",
         "--sizes", "1", "2", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("real_mb_per_cpu_second", "seed_copies_mb_per_cpu_second", "parallel_speedup_wall",
                "one_seed_over_imports_cpu", "one_seed_text_over_imports_cpu", "cache_rerun_wall_seconds", "k_ratio", "real_peak_rss_mb", "profile"):
        assert key in figures
    assert figures["real_findings"] > 0 and figures["real_mb_per_cpu_second"] > 0 and figures["real_docs"] == 4
    assert figures["cache_rerun_wall_seconds"] > 0 and figures["cache_rerun_docs"] == 4
    assert any("rules:numeric" in line for line in figures["profile"])
