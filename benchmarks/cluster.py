"""The Dask engine on a local cluster: same report as one process, and what it costs.

Builds a batch from the real sentences in ../shared/data (6–10 sentences an article, a
tenth in Indonesian, a fifth with the Indonesian original as ``source_text``), starts
local Dask clusters on 127.0.0.1 (1 and 2 worker processes, one thread each) and runs, as
whole processes, in rotating order:

  local      ``audit run batch.jsonl --format jsonl --no-backtranslate``
  dask-1     the same with ``--cluster ADDRESS`` of the 1-worker cluster: the engine's
             pure overhead (partitioning, pickling, scheduling), at equal parallelism
  dask-2     with the 2-worker cluster

A cluster's workers outlive a run, so each cluster does one small untimed run first (its
workers load the language profiles and lexicons once, as they would in production); the
local process loads them in every run, start-up included.

Each report's sha256 must equal the local one's (the script exits 1 otherwise). Besides
wall time, it counts the CPU time of everything a run used (the ``audit run`` process; for
a cluster also its workers and the scheduler, which runs in this script): the cluster's
extra CPU per article is the engine's overhead (pickling, scheduling, a second process),
which wall time hides because the client overlaps reading and writing with the workers'
analysis. Then the
same with back-translation on a smaller batch (random-weight models built for the run;
cold caches each time, so every sentence is translated): local vs the 2-worker cluster,
in partitions of a quarter of the batch (``--partition-size``) so both workers get some.

    python benchmarks/cluster.py [--articles 2000] [--bt-articles 24] [--repeats 3]
                                 [--size tiny|base]

Figures are medians of the repeats; on a shared machine only the ratios measured in the
same run mean anything.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "indonesian-mt-news"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def build_batch(count: int, seed: int = 1) -> list[dict]:
    """The batch of benchmarks/pipeline.py (one builder, so both benchmarks time the same text)."""
    return _pipeline_benchmark().build_batch(count, seed)


def _pipeline_benchmark():
    spec = importlib.util.spec_from_file_location("pipeline_benchmark", Path(__file__).with_name("pipeline.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def audit_run(source: Path, out: Path, env: dict, *extra: str,
              clients: tuple = ()) -> tuple[float, float]:
    """Wall seconds of one ``audit run`` process, and CPU seconds of everything it used:
    the process itself, plus the workers and this process (the scheduler) for a cluster."""
    before = cpu_of(clients)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "audit", "run", str(source), "--format", "jsonl",
                    "--out", str(out), "--no-progress", *extra],
                   check=True, env=env, cwd=out.parent, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    return wall, cpu + (cpu_of(clients) - before)


def cpu_of(clients: tuple) -> float:
    """CPU seconds used so far by this process and by every worker of the clusters."""
    total = time.process_time() if clients else 0.0
    for client in clients:
        total += sum(client.run(time.process_time).values())
    return total


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start_cluster(workers: int):
    from distributed import LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0",
                           silence_logs=logging.ERROR)
    return cluster, time.perf_counter() - started


def compare(name: str, runs: dict[str, list[tuple[float, float]]],
            digests: dict[str, set[str]], articles: int) -> bool:
    reference = digests["local"]
    same = all(d == reference and len(d) == 1 for d in digests.values())
    wall = {key: statistics.median(w for w, _ in values) for key, values in runs.items()}
    cpu = {key: statistics.median(c for _, c in values) for key, values in runs.items()}
    print(f"{name}: {articles} articles, median of {len(runs['local'])} runs")
    for key in runs:
        ratio = "" if key == "local" else f" ({wall[key] / wall['local']:.2f}× local's time)"
        print(f"  {key:8} {wall[key]:7.2f} s = {articles / wall[key]:7.1f} articles/s{ratio};"
              f" CPU {cpu[key]:6.2f} s = {cpu[key] / articles * 1000:6.2f} ms/article;"
              f" sha256 {sorted(digests[key])[0][:16]}…")
    for key in runs:
        if key != "local":
            extra = (cpu[key] - cpu["local"]) / articles * 1000
            print(f"  {key} engine overhead: {extra:+.2f} ms CPU/article "
                  f"({cpu[key] / cpu['local']:.2f}× local's CPU)")
    print(f"  reports byte-identical to the local run: {'yes' if same else 'NO'}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--bt-articles", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", choices=["tiny", "base"], default="tiny",
                        help="random-weight models for the back-translation part")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"corpus not found at {DATA}")
    scratch = Path(tempfile.mkdtemp(prefix="audit-cluster-bench-"))
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(scratch / var.lower())  # workers inherit these
    os.environ["ARGOS_PACKAGES_DIR"] = str(scratch / "packages")
    env = dict(os.environ)
    logging.getLogger("distributed").setLevel(logging.ERROR)  # the in-process schedulers
    clusters = []
    ok = True
    try:
        from distributed import Client

        one, start_one = start_cluster(1)
        two, start_two = start_cluster(2)
        clusters += [one, two]
        watch = {"local": (), "dask-1": (Client(one),), "dask-2": (Client(two),)}
        clusters += [c for clients in watch.values() for c in clients]
        print(f"local clusters on 127.0.0.1 started in {start_one:.1f} s (1 worker) and "
              f"{start_two:.1f} s (2 workers); not counted below")

        batch = build_batch(args.articles)
        source = scratch / "batch.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch),
                          encoding="utf-8")
        engines = {"local": (), "dask-1": ("--cluster", one.scheduler_address),
                   "dask-2": ("--cluster", two.scheduler_address)}
        runs = {k: [] for k in engines}
        digests = {k: set() for k in engines}
        keys = list(engines)
        warm = scratch / "warm.jsonl"
        warm.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                for r in build_batch(20, seed=3)), encoding="utf-8")
        for key in keys[1:]:  # a cluster's workers stay up: load their data once, untimed
            audit_run(warm, scratch / "warm-out.jsonl", env, "--no-backtranslate", *engines[key])
        for repeat in range(args.repeats):
            for key in keys[repeat % 3:] + keys[:repeat % 3]:
                out = scratch / f"{key}.jsonl"
                runs[key].append(audit_run(source, out, env, "--no-backtranslate",
                                           *engines[key], clients=watch[key]))
                digests[key].add(digest(out))
        ok &= compare("without back-translation", runs, digests, len(batch))

        from audit.backtranslate import models as store
        from tiny_model import build_argosmodel

        models = scratch / "models"
        for pair in [("en", "id"), ("id", "en")]:
            store.install_archive(build_argosmodel(*pair, scratch / "dist", size=args.size),
                                  models)
        small = scratch / "bt.jsonl"
        small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                 for r in build_batch(args.bt_articles, seed=2)),
                         encoding="utf-8")
        # Partitions small enough for both workers to get some of a small batch.
        part = str(max(1, args.bt_articles // 4))
        bt_engines = {"local": (), "dask-2": ("--cluster", two.scheduler_address,
                                              "--partition-size", part)}
        runs = {k: [] for k in bt_engines}
        digests = {k: set() for k in bt_engines}
        for repeat in range(args.repeats):
            for key in (list(bt_engines) if repeat % 2 == 0 else list(bt_engines)[::-1]):
                cache = scratch / f"cache-{key}-{repeat}"
                out = scratch / f"bt-{key}.jsonl"
                runs[key].append(audit_run(small, out, env, "--models-dir", str(models),
                                           "--via", "id", "--cache-dir", str(cache),
                                           *bt_engines[key], clients=watch[key]))
                digests[key].add(digest(out))
        ok &= compare(f"with back-translation ({args.size} random-weight models, cold cache)",
                      runs, digests, args.bt_articles)
    finally:
        for closable in reversed(clusters):
            closable.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
