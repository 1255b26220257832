"""Building the reports on Dask: a ``concurrent.futures`` executor backed by a distributed client.

``runner.run(..., dask=...)`` submits the same call it submits to its local thread pool, to
``DaskExecutor``: ``"local"`` starts a ``LocalCluster`` (one single-threaded worker process per
job), any other value is the address of a running scheduler (``tcp://host:8786``). Only this module
imports ``distributed``, and only the Dask path of ``execute`` imports this module.

Each worker process keeps its own warm kernels (``kernels.pool_for``, keyed by the run), closed on
every worker when the run ends or is interrupted, and by ``KernelPlugin`` when a worker shuts
down, so no kernel outlives its run or its worker. Before running a report a worker checks that it
runs the package (``state.package_hash``) and the report stack of the process that planned the
build: a long-lived worker that imported an older ``dialogue_analysis`` would otherwise render
with old code. The
cache, the index and the lock stay with the process that called ``run``; the workers write the
reports into the shared output folder exactly as the local threads do.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

import distributed
from distributed import Client, LocalCluster, WorkerPlugin

from dialogue_analysis.build import kernels
from dialogue_analysis.build.state import package_hash, stack_versions

log = logging.getLogger(__name__)

PLUGIN_NAME = "dialogue-analysis-kernels"
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler before giving up
WORKERS_TIMEOUT = 60.0  # seconds without any worker before the remaining reports fail
_POLL = 2.0  # seconds between two checks that the cluster still has workers

# What this process imported: a worker compares it with what the build expects.
_LOADED_LIBRARY = package_hash()


class StaleWorker(RuntimeError):
    """A worker runs another version of the library or of the report stack than the build."""


@functools.cache
def _loaded_versions() -> dict[str, str]:
    return stack_versions()


def _checked(expected: tuple[str, dict[str, str]] | None, fn: Callable, *args: Any) -> Any:
    """Run ``fn(*args)`` on a worker after checking it runs what the build expects (if given)."""
    if expected is None:
        return fn(*args)
    library, versions = expected
    if library != _LOADED_LIBRARY or versions != _loaded_versions():
        differ = sorted(k for k in versions if versions[k] != _loaded_versions().get(k))
        what = ", ".join(differ) if differ else "the dialogue_analysis source"
        raise StaleWorker(
            f"the Dask worker {_worker_address()} runs another version of {what} than this build "
            "(restart the workers after changing the library or the environment)"
        )
    return fn(*args)


def _worker_address() -> str:
    try:
        return distributed.get_worker().address
    except ValueError:
        return "(not a worker)"


def _transfer(future: cf.Future, task: distributed.Future) -> None:
    """Give ``future`` the result or the error of the finished (or cancelled) ``task``."""
    try:
        future.set_result(task.result())
    except BaseException as err:  # noqa: BLE001 - the error is the caller's to see
        future.set_exception(err)


class KernelPlugin(WorkerPlugin):
    """Shuts down the worker's kernels when the worker closes."""

    name = PLUGIN_NAME

    def teardown(self, worker: distributed.Worker | None) -> None:  # noqa: D102
        closed = kernels.close_pools()
        if closed:
            log.info(
                "closed %d kernel pool(s) of worker %s", closed, getattr(worker, "address", "")
            )


def local_cluster(workers: int) -> LocalCluster:
    """A ``LocalCluster`` of ``workers`` single-threaded worker processes, as ``--dask local``.

    Its HTTP server takes a free port (two builds at once do not fight over 8787) and serves no
    dashboard; its logs are kept to errors.
    """
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.ERROR,
    )


class DaskExecutor(cf.Executor):
    """``concurrent.futures`` executor running calls on a Dask cluster, for one run.

    Like ``Client.get_executor(pure=False)``, but it keeps the Dask futures, so that shutting
    down waits for the reports in progress and a watchdog can give up the remaining ones when no
    worker is left (Dask would otherwise wait for one forever).

    Args:
        address: ``"local"`` for a new ``LocalCluster``, else a scheduler address.
        workers: Worker processes of a ``LocalCluster`` (ignored for an address).
        run_id: The run's id (``kernels.PoolSpec.run_id``): its kernels are closed at shutdown.
        expected: The hash of the whole package (``state.package_hash``) and the stack versions
            of the process that planned the build;
            the workers of a running scheduler (not those of a new ``LocalCluster``, which
            import the library afresh) refuse to build with anything else.

    Raises:
        ConnectionError: The scheduler cannot be reached, or has no worker.
    """

    def __init__(
        self, address: str, workers: int, run_id: str, expected: tuple[str, dict[str, str]]
    ) -> None:
        self.run_id = run_id
        self.expected = None if address == "local" else expected
        self.lost = ""  # why the remaining reports were given up, if they were
        self._cluster: LocalCluster | None = None
        self._quiet = _Quiet()
        if address == "local":
            # The cluster's own scheduler logs every worker and client coming and going; the
            # run's progress lines say what matters. Its HTTP server (always started) takes a
            # free port, so that two builds at once do not fight over the dashboard's 8787.
            self._quiet.enter()
            try:
                self._cluster = local_cluster(workers)
                self._client = Client(self._cluster)
            except BaseException:
                if self._cluster is not None:
                    self._cluster.close()
                self._quiet.exit()
                raise
        else:
            try:
                self._client = Client(address, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as err:
                raise ConnectionError(
                    f"cannot reach the Dask scheduler at {address} "
                    f"(within {CONNECT_TIMEOUT:.0f} s): {err}"
                ) from None
        try:
            self._client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except TimeoutError:
            self._close_client()
            raise ConnectionError(
                f"the Dask scheduler at {address} has no worker (waited {WORKERS_TIMEOUT:.0f} s)"
            ) from None
        self._client.register_plugin(KernelPlugin(), name=PLUGIN_NAME)
        self._futures: list[distributed.Future] = []
        self._done = threading.Event()
        self._watch = threading.Thread(target=self._watchdog, name="dask-watchdog", daemon=True)
        self._watch.start()

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> cf.Future:
        """Run ``fn(*args)`` on a worker, once (``pure=False``), after its version check."""
        if kwargs:
            raise TypeError("DaskExecutor.submit takes positional arguments only")
        task = self._client.submit(
            _checked,
            self.expected,
            fn,
            *args,
            pure=False,
            key=f"{getattr(fn, '__name__', 'call')}-{uuid.uuid4().hex}",
        )
        self._futures.append(task)
        future: cf.Future = cf.Future()
        future.set_running_or_notify_cancel()
        task.add_done_callback(functools.partial(_transfer, future))
        return future

    def explain(self, err: BaseException) -> str:
        """Why a report submitted here has no outcome, in one line."""
        if isinstance(err, StaleWorker):
            return str(err)
        if isinstance(err, cf.CancelledError):
            reason = self.lost or {
                "scheduler-connection-lost": "the connection to the Dask scheduler was lost",
                "no workers": f"no Dask worker for {WORKERS_TIMEOUT:.0f} s",
            }.get(getattr(err, "reason", None) or "", "cancelled on the Dask cluster")
            return f"{reason}; report not built"
        text = " ".join(str(err).split())  # one line: Dask's messages span several
        return f"lost on the Dask cluster: {type(err).__name__}: {text}"

    def _watchdog(self) -> None:
        """Give up the remaining reports when the cluster has had no worker for a while."""
        alone = 0.0
        while not self._done.wait(_POLL):
            try:
                n = len(self._client.scheduler_info(n_workers=-1).get("workers", {}))
            except Exception:  # noqa: BLE001 - an unreachable scheduler counts as no worker
                n = 0
            alone = 0.0 if n else alone + _POLL
            if alone >= WORKERS_TIMEOUT:
                self.lost = f"no Dask worker for {WORKERS_TIMEOUT:.0f} s"
                pending = [f for f in self._futures if not f.done()]
                try:
                    self._client.cancel(pending, reason="no workers", msg=self.lost)
                except Exception:  # noqa: BLE001 - the client may be gone too
                    log.debug("cancel failed", exc_info=True)
                return

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """End the run on the cluster: its kernels are shut down on every worker.

        With ``cancel_futures`` the reports that have not started are stopped on every worker
        (they return at once without writing anything); with ``wait`` the reports in progress
        finish their writes first, as a local thread pool's would.
        """
        self._done.set()
        try:
            if cancel_futures:
                self._client.run(kernels.stop, self.run_id, on_error="ignore")
            if wait:
                distributed.wait(self._futures, timeout=WORKERS_TIMEOUT * 5)
            self._client.run(kernels.close_pools, self.run_id, on_error="ignore")
        except Exception:  # noqa: BLE001 - a lost cluster has no kernels left to close
            log.debug("could not close the workers' kernels", exc_info=True)
        finally:
            self._close_client()

    def _close_client(self) -> None:
        try:
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            self._quiet.exit()


class _Quiet:
    """Raise the ``distributed`` logger to WARNING for a while (a LocalCluster's lifetime)."""

    def __init__(self) -> None:
        self._level: int | None = None

    def enter(self) -> None:
        logger = logging.getLogger("distributed")
        self._level = logger.level
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))

    def exit(self) -> None:
        if self._level is not None:
            logging.getLogger("distributed").setLevel(self._level)
            self._level = None
