"""``doclint check --dask-scheduler``: the files linted on a real Dask cluster (a scheduler and
two worker processes on 127.0.0.1) give the report of a local ``--jobs 1`` run, byte for byte.

Without dask[distributed] the cluster tests are skipped, except under CI=true, where a
missing Dask fails (it is in the ``test`` extra).  The missing-Dask and no-Dask-import tests
run either way."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, SEEDS, write_docx

from doclint import cli, distributed
from doclint.config import Settings

pytestmark = pytest.mark.filterwarnings("ignore:Port 8787 is already in use")  # another cluster here

FIXTURES = Path(__file__).parent / "fixtures"


def _require_dask() -> None:
    try:
        import distributed as _  # noqa: F401
    except ImportError:
        reason = "dask[distributed] is not installed (pip install -e '.[test]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def scheduler() -> str:
    """A real scheduler and two single-thread worker processes, as a small cluster runs."""
    _require_dask()
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Real documents under a config that names a user word pack and per-file ignores (both
    paths the workers cannot use as they are), one of them as a .docx."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / ".doclint.toml").write_text(
        'confusables = ["pack.toml"]\n[per-file-ignores]\n"drafts/*" = ["missing-component"]\n', encoding="utf-8")
    (folder / "pack.toml").write_text('[[entry]]\nwrong = "hàng tuân"\nright = "hàng tuần"\n', encoding="utf-8")
    shutil.copy(FIXTURES / "realdocs_0076.txt", folder / "realdocs_0076.txt")
    (folder / "drafts").mkdir()
    shutil.copy(FIXTURES / "realdocs_0040.txt", folder / "drafts" / "realdocs_0040.txt")
    write_docx(folder / "realdocs_0025.docx", (FIXTURES / "realdocs_0025.txt").read_text(encoding="utf-8"))
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cluster_gives_the_report_of_a_local_run(scheduler, corpus, capsys, tmp_path) -> None:
    paths = [str(SEEDS), str(corpus)]
    local = run(capsys, "check", "--format", "json", "--jobs", "1", "--no-cache", *paths)
    findings = json.loads(local[1])
    by_file = {(Path(f["path"]).name, f["rule"]) for f in findings}
    assert local[0] == 1 and ("realdocs_0076.txt", "confusable") in by_file  # the user pack's word
    assert ("realdocs_0040.txt", "invalid-syllable") in by_file
    assert ("realdocs_0040.txt", "missing-component") not in by_file  # per-file-ignores on drafts/*
    assert {"realdocs_0025.docx", "000_222ecd17378b2f4c.txt"} <= {name for name, _ in by_file}
    cache = ["--cache-dir", str(tmp_path / "cache")]
    remote = run(capsys, "check", "--format", "json", "--dask-scheduler", scheduler, *cache, *paths)
    assert remote[:2] == local[:2]
    again = run(capsys, "check", "--format", "json", "--dask-scheduler", scheduler, *cache, *paths)
    assert again[:2] == local[:2]  # answered from the result cache the first cluster run filled
    text_local = run(capsys, "check", "--no-color", "--jobs", "1", "--no-cache", str(corpus))
    text_remote = run(capsys, "check", "--no-color", "--no-cache", "--dask-scheduler", scheduler, str(corpus))
    assert text_remote == text_local


def test_a_file_over_its_time_budget_stops_on_the_worker_too(scheduler, tmp_path, capsys) -> None:
    """--timeout holds on a worker, where the file runs in a thread that no signal reaches: the
    hostile file is its one-line error, as locally, and the worker lints the next file."""
    import hostile_inputs as gen

    (tmp_path / "kids.pdf").write_bytes(gen.pdf_many_kids())
    shutil.copy(FIXTURES / "realdocs_0040.txt", tmp_path / "good.txt")
    local = run(capsys, "check", "--format", "json", "--jobs", "1", "--no-cache", "--timeout", "1", str(tmp_path))
    remote = run(capsys, "check", "--format", "json", "--no-cache", "--timeout", "1",
                 "--dask-scheduler", scheduler, str(tmp_path))
    assert local[0] == remote[0] == 2 and "kids.pdf" in remote[2] and "1 giây" in remote[2], (local, remote)
    assert remote[1] == local[1] and "good.txt" in remote[1]


def test_a_worker_lints_the_bytes_it_was_sent_not_a_path(corpus, tmp_path) -> None:
    """The task carries the file: a worker that cannot see the client's folders lints the same."""
    _require_dask()
    source = corpus / "realdocs_0025.docx"
    settings = cli.Resolver(cli.build_parser().parse_args(["check", str(source)])).for_path(source)
    job = (str(source), "x/realdocs_0025.docx", settings, None)
    shipped = distributed._shippable(job)
    gone = tmp_path / "elsewhere" / "realdocs_0025.docx"
    result, notes, version = distributed.lint_remote((str(gone), *shipped[1:]))
    assert result[:2] == cli.lint_job(job)[:2] and result[1]
    assert version == __import__("doclint").__version__


def test_a_crash_on_a_worker_is_that_files_read_error(corpus, capsys, monkeypatch) -> None:
    """A task that dies on a worker: its file's read-error (exit 2), the other files linted."""
    _require_dask()
    from distributed import LocalCluster

    real = cli.lint_job

    def crash_on_0076(job):
        if job[1].endswith("realdocs_0076.txt"):
            raise RuntimeError("boom")
        return real(job)

    local = run(capsys, "check", "--format", "json", "--jobs", "1", "--no-cache", str(corpus))
    monkeypatch.setattr(cli, "lint_job", crash_on_0076)  # the workers below are threads of this process
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        code, out, err = run(capsys, "check", "--format", "json", "--no-cache", "--dask-scheduler",
                             cluster.scheduler_address, str(corpus))
    assert code == 2
    assert err.count("\n") == 1 and "realdocs_0076.txt" in err and "RuntimeError: boom" in err
    others = [line for line in local[1].splitlines() if "realdocs_0076" not in line]
    assert "realdocs_0025.docx" in out and all(line in out for line in others if '"path"' in line)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:{port}", "nonsense://127.0.0.1:{port}"])
def test_an_unreachable_scheduler_is_one_line_and_exit_2(address, capsys) -> None:
    _require_dask()
    started = time.monotonic()
    code, out, err = run(capsys, "check", "--no-cache", "--dask-scheduler", address.format(port=_free_port()),
                         str(FIXTURES / "realdocs_0076.txt"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--dask-scheduler" in err and "Traceback" not in err
    assert time.monotonic() - started < distributed.CONNECT_TIMEOUT + 5


def test_without_dask_the_option_is_a_usage_error_with_the_install_hint(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    code, out, err = run(capsys, "check", "--dask-scheduler", "tcp://127.0.0.1:8786", str(SEEDS))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "pip install 'doclint[dask]'" in err


def test_a_local_run_imports_nothing_of_dask() -> None:
    code = ("import sys; from doclint.cli import main; main(['check', '--no-cache', '-q', sys.argv[1]]);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    out = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "realdocs_0076.txt")],
                         capture_output=True, text=True, timeout=60, cwd=ROOT).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_settings_shipped_to_a_worker_hold_no_path_of_the_client(corpus) -> None:
    source = corpus / "drafts" / "realdocs_0040.txt"
    settings = cli.Resolver(cli.build_parser().parse_args(["check", str(source)])).for_path(source)
    assert settings.confusables and settings.per_file_ignores != (("*", ("missing-component",)),)
    _, _, shipped, data, packs = distributed._shippable((str(source), str(source), settings, None))
    assert shipped.confusables == () and shipped.per_file_ignores == (("*", ("missing-component",)),)
    assert data == source.read_bytes() and packs == (("pack.toml", (corpus / "pack.toml").read_bytes()),)
    assert Settings().per_file_ignores == ()
