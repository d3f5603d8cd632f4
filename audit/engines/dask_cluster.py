"""The Dask engine: the batch runs in partitions on a Dask distributed cluster.

The client (``audit run``) reads articles as a stream, cuts them into partitions of
``partition_size`` articles and submits them, never more than ``window`` at a time, so its
memory stays bounded whatever the batch. Each partition runs the local pipeline itself
(``audit.pipeline.run``: analysis, back-translation, finalising) in a worker process that
loads its own models once and keeps them, with its own translation cache (or a shared
one: ``--cache-dir`` on a shared disk). Results are collected in submission order, so
reports come back in input order. Analysis is a function of the article alone and
back-translation does not depend on which sentences share a batch; stories, which link
articles across the batch, are assigned here in the client, in input order. So the
report is byte-identical to a local run.

Nothing is lost: a partition whose worker died (Dask gives up after
``distributed.scheduler.allowed-failures`` deaths) or that failed is run again article by
article (one at a time), and an article that still fails becomes an entry with an
``error``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
import uuid
from collections import deque
from itertools import count, islice
from typing import Iterable, Iterator

from audit import __version__
from audit.engines import EngineError
from audit.model import Article, ArticleReport
from audit.stories import StoryIndex, assign_story

log = logging.getLogger("audit.engines")

PARTITION_SIZE = 64  # articles per task: big enough to batch translations, small to balance
CONNECT_TIMEOUT = 20  # seconds to reach the scheduler
WORKER_TIMEOUT = 60  # seconds to wait for a first worker to join


class DaskEngine:
    name = "dask"

    def __init__(self, address: str | None = None, workers: int = 1,
                 partition_size: int | None = None, device: str | None = None,
                 window: int | None = None):
        self.address = address
        self.workers = workers
        self.partition_size = partition_size or PARTITION_SIZE
        self.device = device
        self.window = window
        self.devices: list[str] = []  # what the workers will translate on, e.g. "cpu (int8)"
        self._client = None
        self._cluster = None
        self._host_threads: dict[str, int] = {}  # host -> task threads of its workers

    # --- connecting -----------------------------------------------------------------

    def __enter__(self) -> "DaskEngine":
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError("the dask engine needs the 'distributed' package: "
                              "pip install 'audit[cluster]'") from exc
        try:
            if self.address is None:
                from audit.backtranslate.engine import machine_threads

                self._cluster = LocalCluster(
                    n_workers=self.workers if self.workers > 1 else machine_threads(),
                    threads_per_worker=1, processes=True,
                    host="127.0.0.1", silence_logs=logging.ERROR,
                    # the scheduler's HTTP server starts anyway: a free loopback port, not 8787
                    dashboard_address="127.0.0.1:0")
                self._client = Client(self._cluster, set_as_default=False)
            else:
                try:
                    self._client = Client(self.address, timeout=CONNECT_TIMEOUT,
                                          set_as_default=False)
                except (OSError, TimeoutError, ValueError) as exc:
                    raise EngineError(f"cannot reach the Dask scheduler at {self.address}: "
                                      f"{exc}") from exc
            self._check_workers()
        except BaseException:
            self.close()
            raise
        return self

    def _check_workers(self) -> None:
        """Every worker runs this audit version and can use the requested device."""
        where = self.address or "the local cluster"
        try:
            self._client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except (TimeoutError, asyncio.TimeoutError) as exc:
            raise EngineError(f"no Dask worker joined {where} within {WORKER_TIMEOUT} s") from exc
        try:
            infos = self._client.run(_probe, self.device)
        except Exception as exc:  # noqa: BLE001 - e.g. audit not importable on a worker
            raise EngineError(
                f"the Dask workers of {where} cannot run audit ({type(exc).__name__}: {exc}); "
                f"install audit {__version__} with pip install 'audit[cluster]' on every "
                "worker") from exc
        wrong = {addr: info["audit"] for addr, info in infos.items() if info["audit"] != __version__}
        if wrong:
            listed = ", ".join(f"{addr} has {version}" for addr, version in sorted(wrong.items()))
            raise EngineError(f"the Dask workers must run audit {__version__}: {listed}")
        unusable = {addr: info["error"] for addr, info in infos.items() if info["error"]}
        if unusable:
            addr, reason = sorted(unusable.items())[0]
            raise EngineError(f"Dask worker {addr} (and {len(unusable) - 1} more): {reason}"
                              if len(unusable) > 1 else f"Dask worker {addr}: {reason}")
        self.devices = sorted({info["device"] for info in infos.values() if info["device"]})

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect (and stop the local cluster we started); safe to call twice."""
        for closable in (self._client, self._cluster):
            if closable is not None:
                try:
                    closable.close()
                except Exception:  # noqa: BLE001 - closing must not mask the run's outcome
                    log.debug("closing %r failed", closable, exc_info=True)
        self._client = self._cluster = None

    def describe(self) -> dict:
        workers = self._client.nthreads() if self._client is not None else {}
        return {"engine": self.name, "scheduler": self.address or "local",
                "workers": len(workers), "threads": sum(workers.values()),
                "devices": list(self.devices)}

    # --- running --------------------------------------------------------------------

    def run(self, articles: Iterable[Article], options) -> Iterator[ArticleReport]:
        """Reports in input order; at most ``window`` partitions in flight."""
        if self._client is None:
            raise EngineError("the dask engine is not connected (use it in a with block)")
        worker_options = self._worker_options(options)
        self._host_threads = self._threads_by_host()
        window = self.window or max(2, 2 * sum(self._client.nthreads().values()))
        run_id = uuid.uuid4().hex[:12]
        pending: deque = deque()
        iterator = iter(articles)
        stories = StoryIndex() if options.stories else None

        def collected(partition, future) -> Iterator[ArticleReport]:
            reports = self._collect(partition, future, worker_options, run_id)
            for article, report in zip(partition, reports):
                if stories is not None and not report.error:
                    report.story = assign_story(stories, report, article)
                yield report

        try:
            for index in count():
                partition = list(islice(iterator, self.partition_size))
                if not partition:
                    break
                pending.append((partition, self._submit(partition, worker_options,
                                                        f"audit-{run_id}-{index}")))
                if len(pending) >= window:
                    yield from collected(*pending.popleft())
            while pending:
                yield from collected(*pending.popleft())
        finally:
            for _, future in pending:
                if future is not None:
                    future.cancel()

    def _worker_options(self, options):
        """The options a partition runs with: one process per worker (no nested pool), and
        no stories: those link articles across the whole batch, so the client assigns them,
        in input order, as the local pipeline does."""
        return dataclasses.replace(options, workers=1, stories=False)

    def _threads_by_host(self) -> dict[str, int]:
        """Task threads of all workers on each host, so that CTranslate2 in each worker
        takes its share of the host's cores instead of all of them (4 workers on 16 cores:
        4 threads each, not 4 × 16)."""
        threads: dict[str, int] = {}
        for info in self._client.scheduler_info(n_workers=-1)["workers"].values():
            threads[info["host"]] = threads.get(info["host"], 0) + info.get("nthreads", 1)
        return threads

    def _submit(self, partition: list[Article], options, key: str):
        try:
            return self._client.submit(run_partition, partition, options, self._host_threads,
                                       key=key, pure=False)
        except Exception as exc:  # noqa: BLE001 - the client lost its scheduler
            log.warning("cannot submit partition %s: %s", key, exc)
            return None

    def _collect(self, partition: list[Article], future, options,
                 run_id: str) -> list[ArticleReport]:
        try:
            if future is None:
                raise EngineError("the partition could not be submitted")
            reports = future.result()
            if [r.id for r in reports] != [a.id for a in partition]:
                raise EngineError(f"a partition of {len(partition)} articles came back with "
                                  f"{len(reports)} reports")
            return reports
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001
            log.warning("partition of %d articles failed on the cluster (%s: %s); "
                        "running its articles one by one", len(partition),
                        type(exc).__name__, exc)
            return self._one_by_one(partition, options, run_id)
        finally:
            if future is not None:
                future.release()

    def _one_by_one(self, partition: list[Article], options,
                    run_id: str) -> list[ArticleReport]:
        """Each article of a failed partition alone, one after another: only the article
        that fails is lost. One at a time, so that a worker killed by a bad article takes
        no innocent article with it (Dask counts a death against every task on the worker).
        """
        out: list[ArticleReport] = []
        for article in partition:
            future = self._submit([article], options, f"audit-{run_id}-{uuid.uuid4().hex[:8]}")
            try:
                if future is None:
                    raise EngineError("it could not be submitted to the cluster")
                [report] = future.result()
            except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001
                report = error_report(
                    article, options,
                    f"lost on the Dask cluster: the worker running this article died or "
                    f"failed ({type(exc).__name__}: {exc})")
            finally:
                if future is not None:
                    future.release()
            out.append(report)
        return out


def error_report(article: Article, options, message: str) -> ArticleReport:
    """The entry of an article that could not be processed, as the local pipeline makes it."""
    from audit.pipeline import analyse, finalise

    failed = dataclasses.replace(article, error=message)
    return finalise(analyse(failed, options.config), failed, options.config)


# --- on the workers -----------------------------------------------------------------------

_kept = threading.local()  # per worker thread: back-translators with their models loaded


def run_partition(articles: list[Article], options,
                  host_threads: dict[str, int] | None = None) -> list[ArticleReport]:
    """One partition through the local pipeline, in a worker (keeps models between calls)."""
    from audit.pipeline import run

    bt = options.backtranslate
    if bt.enabled and bt.threads is None:
        options = dataclasses.replace(options, backtranslate=dataclasses.replace(
            bt, threads=_share_of_cores(host_threads or {})))
    return list(run(articles, options, backtranslator=_backtranslator(options.backtranslate)))


def _share_of_cores(host_threads: dict[str, int]) -> int:
    """This worker's share of its host's cores, for CTranslate2's intra_threads."""
    from distributed import get_worker

    from audit.backtranslate.engine import machine_threads

    try:
        worker = get_worker()
    except ValueError:  # not in a worker task
        return machine_threads()
    host = worker.address.rsplit("://", 1)[-1].rsplit(":", 1)[0]
    mine = worker.state.nthreads
    sharing = max(host_threads.get(host, mine), mine)
    return max(1, machine_threads() * mine // sharing)


def _backtranslator(bt_options):
    if not bt_options.enabled:
        return None
    from audit.backtranslate import Backtranslator

    kept = getattr(_kept, "backtranslators", None)
    if kept is None:
        kept = _kept.backtranslators = {}
    key = repr(bt_options)
    if key not in kept:
        kept[key] = Backtranslator(bt_options)
    return kept[key]


def _probe(device: str | None) -> dict:
    """What a worker runs: its audit version and the device it would translate on."""
    import audit

    info = {"audit": audit.__version__, "device": None, "error": None}
    if device is not None:
        from audit.backtranslate.device import DeviceError, resolve_device

        try:
            info["device"] = resolve_device(device).describe()
        except DeviceError as exc:
            info["error"] = str(exc)
    return info
