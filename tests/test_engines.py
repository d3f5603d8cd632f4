"""The engines: a local Dask cluster of 2 worker processes on loopback gives byte-identical
reports to a local run, with and without back-translation, and loses no input.

One cluster serves the whole module (it starts in a few seconds); the scheduler runs in
this process, so its configuration (allowed worker deaths) is set here.
"""

from __future__ import annotations

import json
import logging
import re
from itertools import islice
from pathlib import Path

import pytest

from tiny_model import build_argosmodel

from audit.backtranslate import BacktranslateOptions
from audit.backtranslate import models as store
from audit.engines import EngineError, open_engine
from audit.ingest import ReadOptions, iter_articles
from audit.model import Article
from audit.pipeline import RunOptions

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Real news sentences (the corpus' English side and its Indonesian originals).
EN = [
    "JAKARTA, KOMPAS.com - The government will raise the price of subsidised fuel next "
    "month, Finance Minister Sri Mulyani said on Wednesday (20/12).",
    "The decision was taken after a meeting with President Joko Widodo at the palace.",
    "According to Reuters, oil prices rose 3 percent on Tuesday.",
    "Media AS Axios reported that the talks in Cairo had stalled.",
    "Police said three people were injured in the accident on the toll road.",
    "The ministry will announce the new regulation next week.",
    "Floods hit several districts after heavy rain overnight, officials said.",
]
ID = [
    "Pemerintah akan menaikkan harga BBM bersubsidi bulan depan, kata Menteri Keuangan "
    "Sri Mulyani pada Rabu (20/12).",
    "Keputusan itu diambil setelah rapat dengan Presiden Joko Widodo di istana.",
    "Polisi mengatakan tiga orang terluka dalam kecelakaan di jalan tol itu.",
    "Banjir melanda beberapa kecamatan setelah hujan deras semalam, kata pejabat.",
]


def batch(folder: Path, n: int = 30) -> Path:
    """Articles of varied kinds (English, Indonesian, with source_text) and bad inputs."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n):
        en = " ".join(EN[(i + k) % len(EN)] for k in range(2 + i % 4))
        record = {"id": f"a{i}", "title": f"Article {i}", "text": en}
        if i % 3 == 0:
            record["source_text"] = " ".join(ID[(i + k) % len(ID)] for k in range(2))
        if i % 5 == 1:
            record["text"] = " ".join(ID[(i + k) % len(ID)] for k in range(3))
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.insert(7, '{"id": "broken", "text": ')  # malformed JSON: an error entry
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "attachment.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def report_bytes(engine_name: str, folder: Path, options: RunOptions, **engine) -> bytes:
    with open_engine(engine_name, **engine) as runner:
        records = [r.to_dict() for r in runner.run(iter_articles([str(folder)], ReadOptions()),
                                                    options)]
    return json.dumps(records, ensure_ascii=False, indent=1).encode()


@pytest.fixture(scope="module")
def cluster():
    import dask
    from distributed import LocalCluster

    # A worker that dies while running a task is not given a second one (default 3).
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                             host="127.0.0.1", dashboard_address="127.0.0.1:0",
                             silence_logs=logging.ERROR)
    try:
        yield local.scheduler_address
    finally:
        local.close()


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("engine-models")
    for pair in [("en", "id"), ("id", "en")]:
        store.install_archive(build_argosmodel(*pair, folder / "dist"), folder / "models")
    return folder / "models"


def test_cluster_report_is_byte_identical_to_local(cluster, tmp_path):
    folder = batch(tmp_path / "in")
    options = RunOptions()
    local = report_bytes("local", folder, options)
    records = json.loads(local)
    assert len(records) == 30 + 1 + 1 + len(list(SEEDS.glob("*.txt")))
    assert sum(1 for r in records if r["error"]) == 2  # the malformed line, the attachment
    assert sum(len(r["findings"]) for r in records) > 10
    # Small partitions: many tasks, both workers, results from whichever finishes first.
    clustered = report_bytes("dask", folder, options, cluster=cluster, partition_size=3)
    assert clustered == local


def test_dead_worker_costs_one_article_not_the_batch(cluster, tmp_path):
    """A worker killed by one article: that article is an error entry, the rest survive."""
    from distributed import Client

    articles = [Article(id=f"x{i}", source="mem", text=EN[i % len(EN)]) for i in range(9)]
    articles[4] = Article(id="boom", source="mem", text="This article kills its worker.")
    with Client(cluster, set_as_default=False) as client:
        client.register_plugin(KillOn("boom"), name="kill-on-boom")
        try:
            with open_engine("dask", cluster=cluster, partition_size=3) as engine:
                reports = list(engine.run(articles, RunOptions()))
        finally:
            client.unregister_worker_plugin("kill-on-boom")
    assert [r.id for r in reports] == [a.id for a in articles]
    assert reports[4].error and "lost on the Dask cluster" in reports[4].error
    assert "KilledWorker" in reports[4].error
    assert all(r.error is None and r.language for i, r in enumerate(reports) if i != 4)


from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402


class KillOn(WorkerPlugin):
    """A worker plugin (installed on every worker, also restarted ones) that makes the
    worker process exit hard when it analyses the article with the given id."""

    def __init__(self, article_id: str):
        self.article_id = article_id

    def setup(self, worker):
        import os

        import audit.pipeline

        original = audit.pipeline.analyse
        article_id = self.article_id

        def analyse(article, config=audit.pipeline.DEFAULT, *rest):
            if article.id == article_id:
                os._exit(1)
            return original(article, config, *rest)

        audit.pipeline.analyse = analyse

    def teardown(self, worker):
        pass


def test_client_streams_with_a_bounded_window(cluster):
    """Reports come out while inputs are still being read, never more than the window's
    partitions ahead of what was written: a long feed yields its first reports after
    reading a handful of its 10,000 articles."""
    read = 0

    def feed():
        nonlocal read
        for _ in range(10_000):
            read += 1
            yield Article(id=f"e{read}", source="feed", text=EN[read % len(EN)])

    with open_engine("dask", cluster=cluster, partition_size=2) as engine:
        engine.window = 3
        first = list(islice(engine.run(feed(), RunOptions(stories=False)), 5))
    assert [r.id for r in first] == [f"e{i}" for i in range(1, 6)]
    # 5 reports: (2 partitions written + a window of 3) × 2 articles at most
    assert read <= (2 + 3) * 2


def test_unreachable_scheduler_and_unknown_engine(monkeypatch):
    from audit.engines import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 2)
    with pytest.raises(EngineError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with open_engine("dask", cluster="tcp://127.0.0.1:9"):
            pass
    with pytest.raises(EngineError, match="unknown engine 'ray'"):
        open_engine("ray")


def test_cuda_on_workers_without_gpu_is_refused_before_the_run(cluster):
    with pytest.raises(EngineError, match="--device cuda: CTranslate2 sees no CUDA device"):
        with open_engine("dask", cluster=cluster, device="cuda"):
            pass
    with open_engine("dask", cluster=cluster, device="auto") as engine:
        assert engine.devices and engine.devices[0].startswith("cpu (")
        assert engine.describe()["workers"] == 2


# --- the command line -------------------------------------------------------------------


def cli(*args) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from audit.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_audit_run_with_back_translation_on_the_cluster_writes_the_same_bytes(
        cluster, tmp_path, models_dir):
    folder = batch(tmp_path / "in", n=6)
    common = ["run", folder, "--format", "json", "--models-dir", models_dir, "--via", "id",
              "--beam-size", "1"]
    code, local, _ = cli(*common, "--cache-dir", tmp_path / "local")
    assert code == 0 and len(re.findall(r'"status":\s*"ok"', local)) >= 6
    code, clustered, err = cli(*common, "--cache-dir", tmp_path / "cluster", "--cluster", cluster,
                               "--partition-size", "2")
    assert code == 0, err
    assert clustered == local
    # Half-warm: the cluster's cache holds this batch's sentences; a bigger batch (new
    # articles among the old, other partitions) gives the old articles the same records.
    bigger = batch(tmp_path / "in2", n=9)
    code, warm, err = cli(*common[:1], bigger, *common[2:], "--cache-dir", tmp_path / "cluster",
                          "--cluster", cluster)
    assert code == 0, err
    before = {r["text"]: r for r in json.loads(local)["articles"] if not r["error"]}
    after = {r["text"]: r for r in json.loads(warm)["articles"] if not r["error"]}
    shared = set(before) & set(after)
    assert len(shared) >= 6
    assert all(after[t]["backtranslation"] == before[t]["backtranslation"] for t in shared)


def test_cli_refuses_cuda_without_a_gpu_and_an_unreachable_cluster(tmp_path, monkeypatch):
    from audit.engines import dask_cluster

    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", 2)
    folder = batch(tmp_path / "in", n=2)
    code, out, err = cli("run", folder, "--device", "cuda")
    assert code == 2 and out == ""
    assert "--device cuda: CTranslate2 sees no CUDA device" in " ".join(err.split())
    code, out, err = cli("run", folder, "--cluster", "tcp://127.0.0.1:9")
    assert code == 2 and out == ""
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in " ".join(err.split())
    code, _, _ = cli("run", folder, "--device", "cuda", "--no-backtranslate")
    assert code == 0  # no translation, no device needed
