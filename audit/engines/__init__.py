"""Where a batch runs: ``local`` (this machine's processes) or ``dask`` (a Dask cluster).

Both take the same articles and ``RunOptions`` and yield the same finalised reports in
input order, so the CLI writes byte-identical reports whichever ran them. An engine is a
context manager: ``open_engine(...)`` connects (or starts a cluster) and checks it can
work, raising ``EngineError`` with a one-line reason before any article is read;
``run(articles, options)`` streams reports; leaving the ``with`` block (or ``close()``)
releases it.

Why Dask and not Ray (docs/scale.md): audit's work is coarse tasks over plain Python
data, which is exactly ``Client.submit``; ``distributed`` is pure Python (32 MB with its
dependencies, no torch, no CUDA), a cluster is one ``dask scheduler`` and any number of
``dask worker`` processes, and a local test cluster starts in seconds. Ray's wheel alone
is 79 MB and runs its own object store and control services.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from audit.model import Article, ArticleReport

ENGINES = ("local", "dask")


class EngineError(Exception):
    """The engine cannot run here (missing package, unreachable cluster, bad workers)."""


class BatchEngine(Protocol):
    name: str

    def run(self, articles: Iterable[Article], options) -> Iterator[ArticleReport]: ...

    def describe(self) -> dict: ...

    def __enter__(self) -> "BatchEngine": ...

    def __exit__(self, *exc) -> None: ...

    def close(self) -> None: ...


def open_engine(name: str = "local", *, cluster: str | None = None, workers: int = 1,
                partition_size: int | None = None, device: str | None = None) -> BatchEngine:
    """The engine called ``name``; ``cluster`` (a scheduler address) implies ``dask``.

    ``workers``: processes of the local engine, or of the local Dask cluster started when
    no ``cluster`` address is given. ``device``: the back-translation device the workers
    must be able to use (checked on every worker before the run; None: not needed).
    """
    if cluster is not None and name == "local":
        name = "dask"
    if name == "local":
        from audit.engines.local import LocalEngine

        return LocalEngine(workers=workers)
    if name == "dask":
        from audit.engines.dask_cluster import DaskEngine

        return DaskEngine(address=cluster, workers=workers, partition_size=partition_size,
                          device=device)
    raise EngineError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
