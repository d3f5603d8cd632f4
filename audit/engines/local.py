"""The local engine: this machine, in one process or ``--workers N`` processes.

It is the pipeline itself (``audit.pipeline.run``); the class only gives it the same
shape as the distributed engine, so the CLI has one code path for both.
"""

from __future__ import annotations

import dataclasses
from typing import Iterable, Iterator

from audit.model import Article, ArticleReport


class LocalEngine:
    name = "local"

    def __init__(self, workers: int = 1):
        self.workers = workers

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        return None

    def describe(self) -> dict:
        return {"engine": self.name, "workers": self.workers}

    def run(self, articles: Iterable[Article], options) -> Iterator[ArticleReport]:
        from audit.pipeline import run

        if options.workers != self.workers:
            options = dataclasses.replace(options, workers=self.workers)
        yield from run(articles, options)
