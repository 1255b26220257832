"""Warm kernels: one python3 kernel per worker thread, reset to a fresh state before each report.

Starting a kernel and importing pandas, matplotlib and the library cost about a second per report;
a warm kernel pays that once per worker. Before each report the kernel is reset so that the
report sees what a fresh kernel would show it (and the executed notebook is byte-identical to one
run in a fresh kernel):

- the user namespace, ``In``/``Out``/``_``/``_i`` history and the execution counter (the next
  cell is ``[1]`` again) -- IPython's ``reset(new_session=True)``;
- the working directory, ``os.environ``, ``sys.path`` and the warning filters (and which warnings
  were already shown), as the kernel had them when it started, plus the filters that modules add
  when they are imported (numpy does), as a fresh kernel importing them would have;
- matplotlib: open figures closed, ``rcParams`` back to the matplotlibrc defaults, the inline
  backend's settings (``%config InlineBackend...``) back to their defaults;
- pandas: every option back to its default.

Modules stay imported (that is the saving), so state a notebook changes inside a library beyond
these (monkey-patching a function, registering a colormap or a units converter, seeding a global
random generator, ``%load_ext``) would reach the next report: notebooks must not do that. A kernel
whose report failed, timed out or died is shut down and the next report gets a new one; a kernel
is never reused after an error.

The reports run through papermill with the ``dialogue-warm`` engine below: papermill's own
nbclient client, given the running kernel's manager and client instead of starting a kernel, so
parameter injection, cell metadata and errors are exactly those of a cold run.

A run describes its pool as plain data (``PoolSpec``), so that the description can travel to
another process (a Dask worker); ``pool_for`` gives the process-wide pool for a spec, made on first
use, ``stop`` keeps a run's reports that have not started from starting, and ``close_pools``
shuts a run's kernels down.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger as papermill_logger
from papermill.utils import remove_args

log = logging.getLogger(__name__)

KERNEL_NAME = "python3"
ENGINE_NAME = "dialogue-warm"
# What nbclient adds when it starts a kernel itself: no history file on disk.
_HISTORY = "--HistoryManager.hist_file=:memory:"
T = TypeVar("T")


class KernelResetError(RuntimeError):
    """A warm kernel could not be reset; the report fails and the kernel is replaced."""


class WarmEngine(NBClientEngine):
    """papermill's nbclient engine on a running kernel (``km=``, ``kc=`` its client), left running.

    Reusing the client saves its start (about 0.2 s: nbclient waits for the kernel to be ready).
    """

    @classmethod
    def execute_managed_notebook(  # noqa: D102 - papermill's engine interface
        cls,
        nb_man,  # noqa: ANN001
        kernel_name: str,
        log_output: bool = False,
        stdout_file=None,  # noqa: ANN001
        stderr_file=None,  # noqa: ANN001
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        kc=None,  # noqa: ANN001
        **kwargs,
    ):
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(
            nb_man,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=papermill_logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
            **kwargs,
        )
        client.kc = kc
        return client.execute()


papermill_engines.register(ENGINE_NAME, WarmEngine)

# Run once in a new kernel, silently: remember the state a fresh kernel starts with. Modules add
# warning filters when they are imported (numpy does); those stay, as they would in a new kernel
# importing the same modules, so filters added during an import are recorded to be replayed.
_BASELINE = """
def _baseline():
    import os, sys, warnings
    from IPython import get_ipython

    shell = get_ipython()
    add_filter = warnings._add_filter
    imported = []

    def _add_filter(*item, append):
        add_filter(*item, append=append)
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename.startswith("<frozen importlib"):
                imported.append((item, append))
                break
            frame = frame.f_back

    warnings._add_filter = _add_filter
    shell._dialogue_analysis_baseline = {
        "user_ns": dict(shell.user_ns),
        "environ": dict(os.environ),
        "path": list(sys.path),
        "filters": list(warnings.filters),
        "add_filter": add_filter,
        "import_filters": imported,
    }

_baseline()
"""

# Run silently before each report (no history, no execution count, no output).
_RESET = """
def _reset(cwd):
    import os, sys, warnings
    from IPython import get_ipython

    shell = get_ipython()
    base = shell._dialogue_analysis_baseline
    os.chdir(cwd)  # first: the reset records the working directory in _dh
    shell.reset(new_session=True)  # namespace, In/Out, _ and _N, execution count back to 1
    for name, value in base["user_ns"].items():  # what the reset leaves out (__doc__, __spec__)
        shell.user_ns.setdefault(name, value)
    os.environ.clear()
    os.environ.update(base["environ"])
    sys.path[:] = base["path"]
    # Filters added by imports and still in place (not those an import set inside a
    # catch_warnings block, already gone), replayed in order over the fresh kernel's filters.
    current = list(warnings.filters)
    kept = [(item, append) for item, append in base["import_filters"] if item in current]
    base["import_filters"][:] = kept
    warnings.filters[:] = base["filters"]
    for item, append in kept:
        base["add_filter"](*item, append=append)
    warnings._filters_mutated()  # forget which warnings were shown already
    warnings.onceregistry.clear()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "matplotlib" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["matplotlib"].rc_file_defaults()
    inline = sys.modules.get("matplotlib_inline.config")
    if inline is not None and inline.InlineBackend.initialized():
        cfg = inline.InlineBackend.instance()
        for name in ("rc", "figure_formats", "print_figure_kwargs", "close_figures"):
            default = cfg.trait_defaults(name)
            if getattr(cfg, name) != default:
                setattr(cfg, name, default)
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
"""


def _call(source: str, call: str) -> str:
    """Code that runs ``source`` then ``call`` in a private namespace, not the user's."""
    return f"__import__('builtins').exec({source + call!r}, {{'__name__': '__dialogue_reset__'}})"


async def _run_quietly(kc: AsyncKernelClient, code: str, timeout: float) -> None:
    """Execute ``code`` silently in the kernel of ``kc``; raise KernelResetError if it fails."""
    reply = await kc.execute_interactive(
        code,
        silent=True,
        store_history=False,
        allow_stdin=False,
        timeout=timeout,
        output_hook=lambda msg: None,
    )
    content = reply["content"]
    if content["status"] != "ok":
        raise KernelResetError(f"{content.get('ename')}: {content.get('evalue')}")


@dataclass(eq=False)
class Kernel:
    """A running kernel: its manager and the one client that talks to it."""

    km: AsyncKernelManager
    kc: AsyncKernelClient | None = None


class KernelPool:
    """One warm kernel per thread that calls :meth:`run`; :meth:`close` shuts them all down.

    Args:
        extra_arguments: Command-line arguments for each kernel (as papermill's).
        startup_timeout: Seconds a kernel may take to start or to be reset.
        env: The environment each kernel starts with (default: this process's).
        reuse: Keep a thread's kernel for its next report (reset in between); False shuts each
            kernel down after its report, so every report gets a fresh one.
    """

    def __init__(
        self,
        extra_arguments: Sequence[str] = (),
        startup_timeout: int = 60,
        env: Mapping[str, str] | None = None,
        reuse: bool = True,
    ) -> None:
        self.extra_arguments = [*extra_arguments, _HISTORY]
        self.startup_timeout = startup_timeout
        self.env = dict(env) if env is not None else None
        self.reuse = reuse
        self._local = threading.local()
        self._lock = threading.Lock()
        self._live: list[Kernel] = []
        self._closed = False
        self.started = 0  # kernels started so far (a new one after each failure)

    def _start(self, cwd: str) -> Kernel:
        with self._lock:
            if self._closed:
                raise RuntimeError("the kernel pool is closed")
            kernel = Kernel(AsyncKernelManager(kernel_name=KERNEL_NAME))
            self._live.append(kernel)
            self.started += 1
        options = {} if self.env is None else {"env": dict(self.env)}
        run_sync(kernel.km.start_kernel)(
            extra_arguments=list(self.extra_arguments), cwd=cwd, **options
        )
        kernel.kc = kernel.km.client()
        kernel.kc.allow_stdin = False
        kernel.kc.start_channels()
        run_sync(kernel.kc.wait_for_ready)(timeout=self.startup_timeout)
        run_sync(_run_quietly)(kernel.kc, _call(_BASELINE, ""), self.startup_timeout)
        return kernel

    def _discard(self, kernel: Kernel) -> None:
        """Shut ``kernel`` down at once; it is never used again."""
        if getattr(self._local, "kernel", None) is kernel:
            self._local.kernel = None
        with self._lock:
            if kernel not in self._live:
                return
            self._live.remove(kernel)
        _shutdown(kernel)

    def run(self, cwd: str, execute: Callable[[AsyncKernelManager, AsyncKernelClient], T]) -> T:
        """Reset this thread's kernel (starting one if needed) for a report in ``cwd``; run it.

        ``execute`` is given the kernel's manager and client. If it raises, or the reset fails,
        the kernel is discarded and the exception propagates.
        """
        kernel = getattr(self._local, "kernel", None)
        try:
            if kernel is None or not run_sync(kernel.km.is_alive)():
                if kernel is not None:
                    self._discard(kernel)
                kernel = self._local.kernel = self._start(cwd)
            reset = _call(_RESET, f"_reset({cwd!r})")
            run_sync(_run_quietly)(kernel.kc, reset, self.startup_timeout)
            result = execute(kernel.km, kernel.kc)
        except BaseException:
            if kernel is not None:
                self._discard(kernel)
            raise
        if not self.reuse:
            self._discard(kernel)
        return result

    def close(self) -> None:
        """Shut every kernel down; no kernel starts afterwards."""
        with self._lock:
            self._closed = True
            live, self._live = self._live, []
        for kernel in live:
            _shutdown(kernel)


def _shutdown(kernel: Kernel) -> None:
    try:
        if kernel.kc is not None:
            kernel.kc.stop_channels()
        run_sync(kernel.km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - a kernel that is already gone needs no shutdown
        log.debug("kernel shutdown failed", exc_info=True)


@dataclass(frozen=True)
class PoolSpec:
    """A run's kernel pool as plain data: picklable, hashable, the same in every process.

    Attributes:
        run_id: The run the pool belongs to (each run gets its own pool, closed at its end).
        extra_arguments: Command-line arguments for each kernel.
        env: Variables set in each kernel's environment, over the environment of the process
            that starts it (the processed data folder, as an absolute path).
        reuse: Keep a kernel for the next report (``KernelPool``'s ``reuse``).
    """

    run_id: str
    extra_arguments: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    reuse: bool = True


_POOLS: dict[PoolSpec, KernelPool] = {}
_STOPPED: set[str] = set()
_POOLS_LOCK = threading.Lock()


class RunStopped(RuntimeError):
    """The run was stopped (interrupted) before this report started."""


def pool_for(spec: PoolSpec) -> KernelPool:
    """This process's kernel pool for ``spec``, made on first use (thread-safe).

    Raises:
        RunStopped: ``stop`` was called for the spec's run.
    """
    with _POOLS_LOCK:
        if spec.run_id in _STOPPED:
            raise RunStopped(spec.run_id)
        pool = _POOLS.get(spec)
        if pool is None:
            env = {**os.environ, **dict(spec.env)}
            pool = _POOLS[spec] = KernelPool(spec.extra_arguments, env=env, reuse=spec.reuse)
        return pool


def stop(run_id: str) -> None:
    """From now on, ``pool_for`` refuses the run's reports that have not started yet."""
    with _POOLS_LOCK:
        _STOPPED.add(run_id)


def close_pools(run_id: str | None = None) -> int:
    """Shut down the kernels of a run's pools in this process (every run's if None).

    A closed run is also stopped: no pool is made for it again in this process.

    Returns:
        How many pools were closed.
    """
    with _POOLS_LOCK:
        specs = [s for s in _POOLS if run_id is None or s.run_id == run_id]
        pools = [_POOLS.pop(s) for s in specs]
        if run_id is not None:  # a report of the run arriving late starts no kernel
            _STOPPED.add(run_id)
    for pool in pools:
        pool.close()
    return len(pools)
