"""A time and memory budget for linting one file.

A hostile or broken file (a PDF page tree of 100,000 entries, a zip bomb, text that drives a
quadratic path) must cost the run one line, ``FILE: exceeded its budget``, not the run.

Two ways to enforce a :class:`Budget`:

* in-process (the default, no start-up cost, issue 17): a CPU-time timer (``SIGPROF`` in the
  main thread; in another thread, such as a Dask worker's, a watchdog reading that thread's CPU
  clock) raises :class:`OverBudget` between two Python bytecodes, and a lowered ``RLIMIT_AS`` turns the
  allocation that crosses the memory budget into a ``MemoryError``, reported the same way.
  Both are restored when the call ends.  This stops everything that runs Python code (pypdf,
  Lark, the rules); a single C call that never returns is not interrupted.
* isolated (``isolate=True``): the call runs in a forked child with hard limits
  (``RLIMIT_AS``, ``RLIMIT_CPU``) and a wall-clock deadline after which it is killed.  Each
  call pays a fork (~10 ms) and loses the child's warm caches: meant for single risky files,
  not for every file of a large run.

The time budget is CPU time, not wall-clock time: on a loaded machine a wall-clock limit would
make the same file readable on one run and "too slow" on the next.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from doclint.messages import core
from doclint.records import FrozenRecord, set_field

T = TypeVar("T")

MB = 1024 * 1024
BASE_SECONDS = 60.0  # CPU seconds any file may take; doclint lints ~1 MB per CPU second
SECONDS_PER_MB = 20.0
BASE_MEMORY = 768 * MB  # address space above what the process held before the file
MEMORY_PER_BYTE = 64  # a bounded multiple of the input: the promise made to the user


class OverBudget(BaseException):
    """A file took more time or memory than its budget.  A BaseException, like
    KeyboardInterrupt, so that the ``except Exception`` of a rule runner or a reader does not
    swallow it and go on without a budget."""

    def __init__(self, kind: str, budget: Budget) -> None:
        self.kind = kind  # "time" | "memory"
        self.budget = budget
        super().__init__(kind)

    def message(self, path: str, lang: str = "vi") -> str:
        if self.kind == "time":
            return core("over-time", lang).format(path=path, seconds=f"{self.budget.seconds:g}")
        return core("over-memory", lang).format(path=path, megabytes=f"{self.budget.memory / MB:.0f}")


class Budget(FrozenRecord):
    __slots__ = ("seconds", "memory")
    seconds: float  # CPU seconds
    memory: int  # bytes of address space the call may add

    def __init__(self, seconds: float, memory: int) -> None:
        set_field(self, "seconds", seconds)
        set_field(self, "memory", memory)

    @classmethod
    def for_size(cls, size: int, seconds: float | None = None) -> Budget:
        """The default budget of a file of ``size`` bytes (``seconds`` overrides the time)."""
        if seconds is None:
            seconds = BASE_SECONDS + SECONDS_PER_MB * size / MB
        return cls(seconds, BASE_MEMORY + MEMORY_PER_BYTE * size)


def call(func: Callable[..., T], *args: object, budget: Budget, isolate: bool = False) -> T:
    """``func(*args)`` within ``budget``, or :class:`OverBudget`."""
    if isolate and hasattr(os, "fork"):
        return _call_forked(func, args, budget)
    with limits(budget):
        try:
            return func(*args)
        except MemoryError:
            raise OverBudget("memory", budget) from None
        except _TimeUp:  # landed in the instant the watched block was closing
            raise OverBudget("time", budget) from None


# ----------------------------------------------------------------------------- in-process
@contextmanager
def limits(budget: Budget) -> Iterator[None]:
    """Enforce ``budget`` on the code run inside (the main thread's CPU timer; the process's
    address space).  Nested use keeps the outer limits."""
    with _cpu_timer(budget), _address_space(budget.memory):
        yield


_active = threading.local()


@contextmanager
def _cpu_timer(budget: Budget) -> Iterator[None]:
    if getattr(_active, "timer", False):  # an outer timer already runs
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _signal_timer(budget):
            yield
    elif hasattr(time, "pthread_getcpuclockid"):  # a worker thread (Dask, a server): no signals there
        with _watched_thread(budget):
            yield
    else:
        yield


TICK_INTERVAL = 0.05  # CPU seconds between two ticks once the budget is spent
SWALLOWED_RETRY = 0.001  # CPU seconds to the next tick after one swallowed in a finalizer


def _in_signal_timer() -> bool:
    return getattr(_active, "timer", False) and threading.current_thread() is threading.main_thread()


@contextmanager
def _signal_timer(budget: Budget) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        if not _unraisable.reporting:  # never inside the hook that reports another error
            raise OverBudget("time", budget)

    previous = signal.signal(signal.SIGPROF, expired)
    _active.timer = True
    # repeating: an exception raised inside a gc callback or a __del__ is swallowed as
    # "unraisable" (silently: see _quiet_unraisable); the next tick raises it where it counts
    signal.setitimer(signal.ITIMER_PROF, max(budget.seconds, 0.001), TICK_INTERVAL)
    try:
        with _quiet_unraisable():
            yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        _active.timer = False


class _UnraisableState:
    """The process-wide hook that keeps the budget's own exceptions out of the user's
    terminal.  Python reports an exception raised in a ``__del__`` or a garbage-collector
    callback through ``sys.unraisablehook``, whose default prints "Exception ignored in …" and a
    traceback; a timer tick that lands there is ours, expected, and must print nothing."""

    def __init__(self) -> None:
        self.users = 0
        self.reporting = False  # a foreign unraisable error is being reported: hold the tick
        self.previous: Callable[..., object] | None = None
        self.lock = threading.Lock()

    def hook(self, unraisable: object) -> None:
        if isinstance(getattr(unraisable, "exc_value", None), (OverBudget, _TimeUp)):
            if isinstance(unraisable.exc_value, OverBudget) and _in_signal_timer():
                # the next tick soon, not a whole interval on: finalizers that run in step
                # with the interval would otherwise take every tick (a phase lock, measured)
                signal.setitimer(signal.ITIMER_PROF, SWALLOWED_RETRY, TICK_INTERVAL)
            return
        previous = self.previous or sys.__unraisablehook__
        self.reporting = True
        try:
            previous(unraisable)
        finally:
            self.reporting = False


_unraisable = _UnraisableState()


@contextmanager
def _quiet_unraisable() -> Iterator[None]:
    with _unraisable.lock:
        if _unraisable.users == 0:
            _unraisable.previous = sys.unraisablehook
            sys.unraisablehook = _unraisable.hook
        _unraisable.users += 1
    try:
        yield
    finally:
        with _unraisable.lock:
            _unraisable.users -= 1
            if _unraisable.users == 0:
                if sys.unraisablehook == _unraisable.hook:
                    sys.unraisablehook = _unraisable.previous or sys.__unraisablehook__
                _unraisable.previous = None


class _TimeUp(BaseException):
    """Raised in a worker thread by its watchdog (a class: the C API takes no instance)."""


WATCH_INTERVAL = 0.05  # seconds between two looks at the thread's CPU clock


@contextmanager
def _watched_thread(budget: Budget) -> Iterator[None]:
    """The CPU budget of a thread that is not the main one: a watchdog thread reads this
    thread's CPU clock and, past the budget, raises :class:`_TimeUp` in it through CPython's
    public ``PyThreadState_SetAsyncExc`` (between two bytecodes, like the signal timer).  It
    holds its shot while a garbage-collector callback runs (Dask's own diagnostics are one: an
    exception there is swallowed and leaves their state broken) and shoots again each interval
    until the block ends, as the repeating signal tick does."""
    import ctypes

    target = threading.get_ident()
    clock = time.pthread_getcpuclockid(target)
    start = time.clock_gettime(clock)
    state = threading.Lock()  # the block's end and the watchdog's shot never cross
    finished = threading.Event()

    def watch() -> None:
        interval = WATCH_INTERVAL
        while not finished.wait(interval):
            with state:
                if finished.is_set():
                    return
                if (
                    time.clock_gettime(clock) - start > budget.seconds
                    and not _unraisable.reporting
                    and not _in_gc_callback(target)
                ):
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_TimeUp))
                    interval = SWALLOWED_RETRY  # a shot swallowed by a finalizer: the next one soon

    watchdog = threading.Thread(target=watch, name="doclint-budget", daemon=True)
    _active.timer = True
    watchdog.start()
    try:
        with _quiet_unraisable():
            yield
    except _TimeUp:
        raise OverBudget("time", budget) from None
    finally:
        _stop_watching(state, finished, target)
        _active.timer = False
        watchdog.join()


def _stop_watching(state: threading.Lock, finished: threading.Event, target: int) -> None:
    import ctypes

    while True:
        try:
            with state:
                finished.set()
                # a shot fired but not yet landed: taken back before it lands outside the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
            return
        except _TimeUp:  # it landed here: the block is over anyway
            continue


def _in_gc_callback(thread: int) -> bool:
    import gc
    import sys

    callbacks = {getattr(getattr(cb, "__func__", cb), "__code__", None) for cb in gc.callbacks}
    frame = sys._current_frames().get(thread)
    for _ in range(8):  # a callback runs on top of the code whose allocation started the collection
        if frame is None:
            return False
        if frame.f_code in callbacks:
            return True
        frame = frame.f_back
    return False


@contextmanager
def _address_space(extra: int) -> Iterator[None]:
    current = _address_space_in_use()
    if current is None or getattr(_active, "memory", False):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield  # the process already runs under a tighter limit
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _active.memory = True
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        _active.memory = False


def _address_space_in_use() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None  # not Linux: no memory limit, the time limit still holds


# ----------------------------------------------------------------------------- isolated
def _call_forked(func: Callable[..., T], args: tuple, budget: Budget) -> T:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: limits, the call, the pickled outcome, exit
        os.close(read_end)
        status = 0
        try:
            in_use = _address_space_in_use()
            if in_use is not None:
                resource.setrlimit(resource.RLIMIT_AS, (in_use + budget.memory, resource.RLIM_INFINITY))
            used = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
            resource.setrlimit(resource.RLIMIT_CPU, (int(used + budget.seconds) + 1, resource.RLIM_INFINITY))
            try:
                outcome = ("ok", func(*args))
            except MemoryError:
                outcome = ("over", "memory")
            except BaseException as exc:  # noqa: BLE001 -- handed to the parent as is
                outcome = ("raise", exc)
            try:
                payload = pickle.dumps(outcome)
            except Exception as exc:  # noqa: BLE001
                payload = pickle.dumps(("raise", RuntimeError(f"unpicklable result: {exc}")))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        except BaseException:  # noqa: BLE001 -- never run the parent's code in the child
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    return _collect(pid, read_end, budget)


def _collect(pid: int, read_end: int, budget: Budget) -> T:
    import selectors

    deadline = time.monotonic() + 3 * budget.seconds + 10  # wall clock: a blocked child too
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector, os.fdopen(read_end, "rb", buffering=0) as pipe:
        selector.register(pipe, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise OverBudget("time", budget)
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
        raise OverBudget("time" if killed else "memory", budget)
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    if kind == "over":
        raise OverBudget(value, budget)
    raise value
