"""``doclint check --dask-scheduler ADDRESS``: lint the files as tasks on a Dask cluster.

The client reads each file and ships its bytes with the task (the workers need not see the
client's folders); a worker writes them to a private temporary file of the same suffix and
lints that with :func:`doclint.cli.lint_job`, the function of a local run, under the file's
display name, so the findings are those of a local run.  Results stream back as they finish
(``as_completed``) while at most a few tasks per worker thread are in flight, so the client
holds the bytes of a bounded number of files however many it lints.  A task that fails on a
worker (an exception, or a worker that died on it ``allowed-failures`` times) becomes that
file's ``read-error`` finding; the other files go on.

Dask is imported only here, and this module only with ``--dask-scheduler``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import CancelledError
from pathlib import Path

from doclint.config import Settings
from doclint.messages import core
from doclint.records import replace
from doclint.rule import Finding, read_error

CONNECT_TIMEOUT = 3.0  # seconds: an unreachable scheduler is a one-line error, not a hang
IN_FLIGHT_PER_THREAD = 4  # tasks queued per worker thread: workers never idle, the client's memory stays bounded
MIN_IN_FLIGHT = 8
WINDOW_REFRESH = 64  # results between two looks at the number of worker threads

Job = tuple[str, str, Settings, "bytes | None"]
Result = tuple[str, list[Finding], dict[str, float]]


class ClusterError(Exception):
    """The cluster cannot be used (not reachable, lost, another doclint): one line, exit 2."""


def require_dask(lang: str) -> None:
    """ClusterError with the install hint when Dask's distributed scheduler is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ClusterError(core("dask-missing", lang)) from None


# ----------------------------------------------------------------------------- client side
def run_on_cluster(jobs: list[Job], address: str, lang: str, local) -> Iterator[tuple[int, Result]]:
    """(index of the job, result) of every job, in the order they finish.  ``local`` lints a
    job in this process: a file the client itself cannot read (its read-error is then the
    same as a local run's, and nothing is shipped)."""
    if not jobs:
        return
    with _quiet_client_log():
        client = _connect(address, lang)
        try:
            yield from _stream(client, jobs, address, lang, local)
        finally:
            with contextlib.suppress(Exception):
                client.close(timeout=CONNECT_TIMEOUT)


@contextlib.contextmanager
def _quiet_client_log() -> Iterator[None]:
    """Dask's client logs a lost scheduler as well: the run says it in its own one line."""
    import logging

    import distributed  # noqa: F401 -- its loggers exist from here on

    loggers = [logging.getLogger("distributed")] + [
        logger for name, logger in logging.root.manager.loggerDict.items()
        if name.startswith("distributed.") and isinstance(logger, logging.Logger)]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _connect(address: str, lang: str):
    from distributed import Client
    from distributed.comm import parse_address
    from distributed.comm.registry import get_backend

    try:  # a bad scheme fails here, before a half-made Client complains at exit
        get_backend(parse_address(address, strict=False)[0])
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 -- OSError, TimeoutError, ValueError: all one line
        raise ClusterError(core("dask-unreachable", lang).format(address=address, reason=_reason(exc))) from None


def _stream(client, jobs: list[Job], address: str, lang: str, local) -> Iterator[tuple[int, Result]]:
    from distributed import as_completed

    import doclint

    pending = iter(enumerate(jobs))
    index_of: dict[str, int] = {}
    local_results: list[tuple[int, Result]] = []
    finished = as_completed(loop=client.loop)

    def submit_next() -> bool:
        for index, job in pending:
            shipped = _shippable(job)
            if shipped is None:
                local_results.append((index, local(job)))
                continue
            future = client.submit(lint_remote, shipped, pure=False, retries=0)
            index_of[future.key] = index
            finished.add(future)
            return True
        return False

    def fill(window: int) -> None:
        while len(index_of) < window and submit_next():
            pass

    window = _window(client)
    fill(window)
    yield from _drain(local_results)
    for count, future in enumerate(finished, 1):
        index = index_of.pop(future.key)
        yield index, _outcome(future, jobs[index], address, lang, doclint.__version__)
        future.release()
        if count % WINDOW_REFRESH == 0:  # workers that joined since (an adaptive cluster) get work too
            window = _window(client)
        fill(window)
        yield from _drain(local_results)


def _window(client) -> int:
    """Tasks to keep in flight: a few per worker thread."""
    return max(MIN_IN_FLIGHT, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))


def _drain(results: list[tuple[int, Result]]) -> Iterator[tuple[int, Result]]:
    while results:
        yield results.pop(0)


def _outcome(future, job: Job, address: str, lang: str, version: str) -> Result:
    """The task's result; a task that failed on the worker is the file's read-error."""
    display, settings = job[1], job[2]
    try:
        result, notes, worker_version = future.result()
    except CancelledError as exc:  # the scheduler went away (distributed's FutureCancelledError)
        raise ClusterError(core("dask-lost", lang).format(address=address, reason=_reason(exc))) from None
    except Exception as exc:  # noqa: BLE001 -- a crash on this file (KilledWorker, ...): this file only
        from doclint.engine import describe_error

        message = core("file-failed", settings.lang).format(path=display, error=describe_error(exc))
        return display, [read_error(display, message)], {}
    if worker_version != version:
        raise ClusterError(core("dask-version", lang).format(address=address, theirs=worker_version, ours=version))
    if notes:
        import sys

        sys.stderr.write(notes)
        sys.stderr.flush()
    return result


def _reason(exc: BaseException) -> str:
    from doclint.engine import describe_error

    return describe_error(exc)


def _shippable(job: Job) -> tuple | None:
    """The task's payload: the file's bytes, settings whose paths mean nothing to the worker
    resolved here (per-file ignores, word packs); None when this process cannot read the file."""
    path, display, settings, data = job
    if data is None:
        from doclint.reader import DEFAULT_MAX_BYTES, ReadError, read_bytes

        try:
            data = read_bytes(Path(path), settings.max_bytes or DEFAULT_MAX_BYTES, display)
        except (ReadError, OSError):
            return None
    ignored = settings.ignored_for(display)  # relative to the config's folder, which is here
    try:
        packs = tuple((Path(p).name, Path(p).read_bytes()) for p in settings.confusables)
    except OSError:
        return None
    shipped = replace(settings, per_file_ignores=(("*", ignored),) if ignored else (), confusables=())
    return path, display, shipped, data, packs


# ----------------------------------------------------------------------------- worker side
_ONE_AT_A_TIME = threading.Lock()  # the file budget's memory limit is per process; the GIL gives threads nothing
_PACKS: dict[str, str] = {}
_PACK_DIR: list[str] = []


def lint_remote(shipped: tuple) -> tuple[Result, str, str]:
    """On a worker: (the job's result, what it printed on stderr, doclint's version)."""
    import doclint
    from doclint.cli import lint_job

    path, display, settings, data, packs = shipped
    notes = io.StringIO()
    with _ONE_AT_A_TIME, contextlib.redirect_stderr(notes):
        if packs:
            settings = replace(settings, confusables=tuple(_pack_file(name, content) for name, content in packs))
        if path == "-":  # stdin: linted from its bytes, as locally
            result = lint_job((path, display, settings, data))
        else:
            with tempfile.TemporaryDirectory(prefix="doclint-") as folder:
                local = Path(folder) / ("document" + Path(path).suffix)
                local.write_bytes(data)
                result = lint_job((str(local), display, settings, None))
    return result, notes.getvalue(), doclint.__version__


def _pack_file(name: str, content: bytes) -> str:
    """A user word pack written once per worker process, under a private folder, at a path
    fixed by its content (so the rules' per-pack cache holds across tasks)."""
    digest = hashlib.sha256(content).hexdigest()
    found = _PACKS.get(digest)
    if found is None:
        if not _PACK_DIR:
            _PACK_DIR.append(tempfile.mkdtemp(prefix="doclint-packs-"))  # 0700
        target = Path(_PACK_DIR[0]) / digest[:16]
        target.mkdir(exist_ok=True)
        (target / name).write_bytes(content)
        found = _PACKS[digest] = str(target / name)
    return found
