"""Back-translation end to end with real (tiny, random-weight) Argos packages.

Every path is real: the .argosmodel is built at test time, installed into a temporary
models folder, loaded through argostranslate's Package and CTranslate2, split with
audit's splitter, batched, cached in SQLite and scored with sacrebleu. Output is
nonsense, so the assertions are about structure and behaviour, never quality.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tiny_model import REPO_ROOT, build_argosmodel

from audit.backtranslate import BacktranslateOptions, Backtranslator
from audit.backtranslate import models as store
from audit.backtranslate.cache import TranslationCache
from audit.backtranslate.cli import models_app
from audit.backtranslate.engine import DecodingOptions, Engine
from audit.model import SEVERITIES, Article, ArticleReport, Finding, Language, Origin

EN_TEXT = (
    "The president met the governor of West Java in Jakarta on Monday. Police said three "
    "people were injured in the accident.\n\n"
    "The ministry will announce the new regulation next week. Floods hit several districts "
    "after heavy rain overnight. The president met the governor of West Java in Jakarta on "
    "Monday."
)
ID_TEXT = ("Presiden bertemu gubernur Jawa Barat di Jakarta pada hari Senin. Polisi mengatakan "
           "tiga orang terluka dalam kecelakaan itu.")

runner = CliRunner()


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def archives(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Tiny .argosmodel files, built once per test session (about 0.3 s each)."""
    out = tmp_path_factory.mktemp("argosmodels")
    pairs = [("en", "id"), ("id", "en"), ("en", "fr"), ("fr", "id")]
    return {pair: build_argosmodel(*pair, out) for pair in pairs}


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch) -> Path:
    """No test touches the real home: argostranslate and audit see temporary folders."""
    home = tmp_path / "home"
    env = {"HOME": home, "XDG_DATA_HOME": home / "data", "XDG_CACHE_HOME": home / "cache",
           "XDG_CONFIG_HOME": home / "config", "ARGOS_PACKAGES_DIR": home / "packages"}
    for name, value in env.items():
        value.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(value))
    from argostranslate import settings  # first import creates its folders: now in tmp

    monkeypatch.setattr(settings, "package_data_dir", env["ARGOS_PACKAGES_DIR"])
    monkeypatch.setattr(settings, "package_dirs", [env["ARGOS_PACKAGES_DIR"]])
    monkeypatch.setattr(settings, "local_package_index", home / "data" / "index.json")
    monkeypatch.setattr(settings, "downloads_dir", home / "cache" / "downloads")
    return home


@pytest.fixture
def models_dir(tmp_path, archives) -> Path:
    """A models folder with en→id and id→en installed."""
    folder = tmp_path / "models"
    for pair in [("en", "id"), ("id", "en")]:
        store.install_archive(archives[pair], folder)
    return folder


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails, as on a plane."""
    def refuse(*args, **kwargs):
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def english(text: str = EN_TEXT, origin: str | None = "id", id: str = "en-1",
            **extra) -> tuple[Article, ArticleReport]:
    article = Article(id=id, source=f"{id}.txt", text=text, **extra)
    report = ArticleReport(id=id, source=article.source, title=None, text=text,
                           language=Language("en", 0.99),
                           origin_language=Origin(origin, 0.8) if origin else None)
    return article, report


def indonesian(text: str = ID_TEXT, id: str = "id-1") -> tuple[Article, ArticleReport]:
    article = Article(id=id, source=f"{id}.txt", text=text)
    report = ArticleReport(id=id, source=article.source, title=None, text=text,
                           language=Language("id", 0.99))
    return article, report


def run(items, **options) -> Backtranslator:
    backtranslator = Backtranslator(BacktranslateOptions(**options))
    try:
        backtranslator.process(items)
    finally:
        backtranslator.close()
    return backtranslator


class CountingTranslator:
    """Wraps a ctranslate2.Translator to record every translate_batch call."""

    def __init__(self, inner, fail_after: int | None = None, exc: BaseException | None = None):
        self.inner, self.calls, self.fail_after, self.exc = inner, [], fail_after, exc

    def translate_batch(self, source, **kwargs):
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise self.exc
        self.calls.append([list(tokens) for tokens in source])
        return self.inner.translate_batch(source, **kwargs)

    def unload_model(self):
        self.inner.unload_model()


def counting_engine(monkeypatch, **kwargs) -> list[CountingTranslator]:
    """Make every Engine wrap its translators; returns the list of wrappers."""
    wrappers: list[CountingTranslator] = []
    original = Engine.translator

    def wrapped(self, model):
        translator = original(self, model)
        if not isinstance(translator, CountingTranslator):
            translator = CountingTranslator(translator, **kwargs)
            self._translators[str(model.path / "model")] = translator
            wrappers.append(translator)
        return translator

    monkeypatch.setattr(Engine, "translator", wrapped)
    return wrappers


# --- models: install, list, remove ----------------------------------------------------


def test_models_cli_install_list_remove(tmp_path, archives):
    folder = tmp_path / "m"
    for pair in [("en", "id"), ("id", "en")]:
        result = runner.invoke(models_app, ["install", str(archives[pair]),
                                            "--models-dir", str(folder)])
        assert result.exit_code == 0, result.output
        assert f"translate-{pair[0]}_{pair[1]}" in result.output

    result = runner.invoke(models_app, ["list", "--models-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "translate-en_id" in result.output and "translate-id_en" in result.output
    assert "en→id→en" in result.output

    listing = json.loads(runner.invoke(models_app, ["list", "--models-dir", str(folder),
                                                    "--json"]).output)
    assert {m["id"] for m in listing["installed"]} == {"translate-en_id", "translate-id_en"}
    assert listing["round_trips"] == [{"language": "id", "direction": "en→id→en",
                                       "route": "en→id→en", "pivoted": False}]
    assert listing["models_dirs"] == [str(folder)]

    result = runner.invoke(models_app, ["remove", "en", "id", "--models-dir", str(folder)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(models_app, ["remove", "translate-id_en", "--models-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert store.installed_models(folder) == []
    result = runner.invoke(models_app, ["remove", "en", "id", "--models-dir", str(folder)])
    assert result.exit_code == 1 and "no installed model matches en→id" in result.output


def test_models_default_dir_follows_argos_environment(isolated, archives):
    result = runner.invoke(models_app, ["install", str(archives[("en", "id")])])
    assert result.exit_code == 0, result.output
    assert (isolated / "packages" / "translate-en_id-tiny" / "metadata.json").is_file()
    assert [m.id for m in store.installed_models()] == ["translate-en_id"]


def test_reinstall_replaces_and_keeps_fingerprint(tmp_path, archives):
    first = store.install_archive(archives[("en", "id")], tmp_path)
    second = store.install_archive(archives[("en", "id")], tmp_path)
    assert first.path == second.path
    assert first.fingerprint == second.fingerprint  # mtimes differ, contents do not
    assert len(store.installed_models(tmp_path)) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_install_rejects_bad_archives(tmp_path):
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("hello")
    result = runner.invoke(models_app, ["install", str(not_zip), "--models-dir", str(tmp_path)])
    assert result.exit_code == 1 and "not an Argos model" in result.output

    no_meta = tmp_path / "y.argosmodel"
    with zipfile.ZipFile(no_meta, "w") as zf:
        zf.writestr("pkg/model/model.bin", b"")
    with pytest.raises(store.ModelsError, match="no pkg/metadata.json"):
        store.install_archive(no_meta, tmp_path / "m")

    missing = runner.invoke(models_app, ["install", str(tmp_path / "nope.argosmodel")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_broken_folder_does_not_hide_good_packages(models_dir):
    (models_dir / "junk").mkdir()
    models, problems = store.scan(models_dir)
    assert {m.id for m in models} == {"translate-en_id", "translate-id_en"}
    assert len(problems) == 1 and "junk" in problems[0]


def test_install_pair_from_index_with_progress(tmp_path, archives, isolated, monkeypatch):
    """`install FROM TO` reads the index, downloads the newest package, installs it."""
    from argostranslate import settings

    index = [{"type": "translate", "code": "translate-en_id", "from_code": "en",
              "to_code": "id", "package_version": "0.1",
              "links": [archives[("en", "id")].as_uri()]},
             {"type": "translate", "from_code": "en", "to_code": "id",
              "package_version": "0.0.9", "links": ["file:///nonexistent.argosmodel"]}]
    index_file = tmp_path / "index.json"
    index_file.write_text(json.dumps(index))
    monkeypatch.setattr(settings, "remote_package_index", index_file.as_uri())
    seen: list[tuple[int, int | None]] = []
    model = store.install_pair("en", "id", tmp_path / "m", progress=lambda d, t: seen.append((d, t)))
    assert model.id == "translate-en_id" and model.version == "0.1"
    assert seen and seen[-1][0] == archives[("en", "id")].stat().st_size
    assert json.loads(Path(settings.local_package_index).read_text()) == index

    result = runner.invoke(models_app, ["install", "en", "id", "--models-dir", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert store.installed_models(tmp_path / "c")[0].pair == ("en", "id")

    result = runner.invoke(models_app, ["install", "xx", "yy", "--models-dir", str(tmp_path / "c")])
    assert result.exit_code == 1 and "no xx→yy package" in result.output


def test_install_offline_gives_one_clear_line(no_network, tmp_path):
    result = runner.invoke(models_app, ["install", "en", "id", "--models-dir", str(tmp_path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: cannot reach the Argos package index at http")
    assert "network disabled by test" in lines[0]
    assert "install a local file with `audit models install PATH.argosmodel`" in lines[0]


# --- never a download at translate time -----------------------------------------------


def test_offline_install_translate_score(no_network, tmp_path, archives):
    """With networking unavailable: install from local files, translate, score, find."""
    folder = tmp_path / "offline-models"
    for pair in [("en", "id"), ("id", "en")]:
        result = runner.invoke(models_app, ["install", str(archives[pair]),
                                            "--models-dir", str(folder)])
        assert result.exit_code == 0, result.output
    items = [english(), indonesian()]
    run(items, models_dir=folder, cache_dir=tmp_path / "cache")
    for _, report in items:
        assert report.backtranslation.status == "ok", report.backtranslation
        assert all(s["chrf"] is not None for s in report.backtranslation.sentences)
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))  # the block really is on


def test_translate_path_never_imports_argos_translate_or_sentencizer(tmp_path, models_dir):
    """In a fresh interpreter: no argostranslate.translate, stanza, minisbd or torch."""
    script = textwrap.dedent(f"""
        import socket, sys
        def refuse(*a, **k): raise OSError("network disabled")
        socket.socket.connect = refuse; socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from pathlib import Path
        from audit.backtranslate import BacktranslateOptions, Backtranslator
        from audit.model import Article, ArticleReport, Language, Origin
        text = {EN_TEXT!r}
        a = Article(id="a", source="a", text=text)
        r = ArticleReport(id="a", source="a", title=None, text=text,
                          language=Language("en", 1.0), origin_language=Origin("id", 1.0))
        bt = Backtranslator(BacktranslateOptions(models_dir=Path({str(models_dir)!r}),
                                                 use_cache=False))
        bt.process([(a, r)]); bt.close()
        assert r.backtranslation.status == "ok", r.backtranslation
        heavy = [m for m in ("argostranslate.translate", "argostranslate.sbd", "stanza",
                             "minisbd", "torch") if m in sys.modules]
        print("HEAVY", heavy)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stdout


# --- engine: batching, dedupe, cache, resume ------------------------------------------


def test_engine_dedupes_sorts_and_batches(models_dir, monkeypatch):
    wrappers = counting_engine(monkeypatch)
    model = store.best_by_pair(store.installed_models(models_dir))[("en", "id")]
    sentences = ["A much longer sentence about the governor of West Java and the floods.",
                 "Short one.", "Short one.", "Medium sized sentence here.", "Short one.",
                 "Short two.", "Short six.", "Short ten."]
    engine = Engine(batch_sentences=2)
    out = engine.translate(model, sentences)
    assert set(out) == set(sentences)
    assert all(o.error is None and isinstance(o.text, str) for o in out.values())
    calls = wrappers[0].calls
    sent = [tokens for call in calls for tokens in call]
    assert len(sent) == 6  # duplicates translated once
    assert [len(t) for t in sent] == sorted(len(t) for t in sent)  # shortest first
    assert all(len({len(t) for t in call}) == 1 for call in calls)  # one length a batch
    assert max(len(call) for call in calls) == 2  # batch_sentences respected
    lengths = [len(t) for t in sent]
    assert len(calls) == sum((lengths.count(n) + 1) // 2 for n in set(lengths))
    assert engine.stats.requested == 8 and engine.stats.unique == 6
    assert engine.stats.translated == 6 and engine.stats.translate_calls == len(calls)


def test_whole_chunk_is_batched_not_article_by_article(models_dir, tmp_path, monkeypatch):
    wrappers = counting_engine(monkeypatch)
    items = [english(id=f"en-{i}") for i in range(20)]  # 20 copies of the same article
    backtranslator = run(items, models_dir=models_dir, use_cache=False)
    # per leg (en→id, then id→en), one call per token length for the whole chunk,
    # not 2 × 20 × sentences
    calls = [call for w in wrappers for call in w.calls]
    assert len(calls) <= 4 + 4
    assert all(len({len(t) for t in call}) == 1 for call in calls)
    assert backtranslator.stats.unique == 4 + 4  # 4 distinct sentences each way
    assert backtranslator.stats.requested == 8


def test_rerun_is_served_by_the_cache(models_dir, tmp_path, monkeypatch):
    wrappers = counting_engine(monkeypatch)
    first_items = [english(), indonesian()]
    run(first_items, models_dir=models_dir, cache_dir=tmp_path / "cache")
    calls_first = sum(len(w.calls) for w in wrappers)
    assert calls_first > 0

    second_items = [english(), indonesian()]
    stats = run(second_items, models_dir=models_dir, cache_dir=tmp_path / "cache").stats
    assert sum(len(w.calls) for w in wrappers) == calls_first  # zero new translate calls
    assert stats.translated == 0 and stats.translate_calls == 0 and stats.cache_hits > 0
    for (_, a), (_, b) in zip(first_items, second_items):
        assert a.backtranslation == b.backtranslation
        assert [f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
    assert (tmp_path / "cache" / "backtranslate.sqlite3").is_file()


def test_default_cache_lives_under_xdg_cache_home(models_dir, isolated):
    run([english()], models_dir=models_dir)
    assert (isolated / "cache" / "audit" / "backtranslate.sqlite3").is_file()


def test_cache_key_includes_decoding_options(models_dir, tmp_path):
    cache = tmp_path / "c.sqlite3"
    run([english()], models_dir=models_dir, cache_path=cache, beam_size=1)
    stats = run([english()], models_dir=models_dir, cache_path=cache, beam_size=2).stats
    assert stats.cache_hits == 0 and stats.translated > 0


def test_interrupted_run_resumes(models_dir, tmp_path, monkeypatch):
    """Ctrl-C after two batches: those two are kept, the rerun translates the rest."""
    model = store.best_by_pair(store.installed_models(models_dir))[("en", "id")]
    sentences = [f"Sentence number {i} about the floods in district {i}." for i in range(10)]
    counting_engine(monkeypatch, fail_after=2, exc=KeyboardInterrupt())
    cache = TranslationCache(tmp_path / "c.sqlite3")
    engine = Engine(cache=cache, batch_sentences=3)
    with pytest.raises(KeyboardInterrupt):
        engine.translate(model, sentences)
    assert len(cache) == 6
    cache.close()

    monkeypatch.undo()
    wrappers = counting_engine(monkeypatch)
    engine = Engine(cache=TranslationCache(tmp_path / "c.sqlite3"), batch_sentences=3)
    out = engine.translate(model, sentences)
    assert len(out) == 10 and engine.stats.cache_hits == 6 and engine.stats.translated == 4
    assert sum(len(c) for c in wrappers[0].calls) == 4


def test_killed_process_leaves_a_usable_cache(models_dir, tmp_path):
    """SIGKILL in the middle of a run: committed batches survive, the file is intact."""
    cache = tmp_path / "killed.sqlite3"
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from audit.backtranslate import models as store
        from audit.backtranslate.cache import TranslationCache
        from audit.backtranslate.engine import Engine
        model = store.best_by_pair(store.installed_models(Path({str(models_dir)!r})))[("en", "id")]
        engine = Engine(cache=TranslationCache(Path({str(cache)!r})), batch_sentences=2)
        real = engine.translator(model)
        class Killer:
            calls = 0
            def translate_batch(self, source, **kw):
                if Killer.calls == 3:
                    os.kill(os.getpid(), signal.SIGKILL)
                Killer.calls += 1
                return real.translate_batch(source, **kw)
        engine._translators[str(model.path / "model")] = Killer()
        engine.translate(model, [f"Sentence {{i}} about the floods." for i in range(12)])
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    reopened = TranslationCache(cache)
    assert len(reopened) == 6  # three committed batches of two
    ok = reopened._db.execute("PRAGMA integrity_check").fetchone()[0]
    assert ok == "ok"
    reopened.close()


def test_unusable_cache_degrades_to_no_cache(models_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    items = [english()]
    run(items, models_dir=models_dir, cache_dir=blocker / "sub")
    assert items[0][1].backtranslation.status == "ok"


# --- the report: scores, findings, skips, pivots, references --------------------------


def test_round_trip_record_and_findings(models_dir):
    article, report = english()
    run([(article, report)], models_dir=models_dir, use_cache=False, threshold=101.0)
    bt = report.backtranslation.to_dict()
    assert list(bt) == ["status", "reason", "install", "direction", "route", "models",
                        "threshold", "scores", "sentences", "reference", "device",
                        "compute_type"]
    assert bt["status"] == "ok" and bt["reason"] is None and bt["install"] is None
    assert bt["device"] == "cpu" and bt["compute_type"] in ("int8", "float32")  # no GPU here
    assert bt["direction"] == "en→id→en" and bt["route"] == "en→id→en"
    assert bt["models"] == ["translate-en_id", "translate-id_en"]
    assert bt["threshold"] == 101.0 and bt["reference"] is None
    assert set(bt["scores"]) == {"chrf", "bleu", "ter"}
    assert len(bt["sentences"]) == 5
    for entry in bt["sentences"]:
        assert list(entry) == ["start", "end", "source", "forward", "round_trip",
                               "chrf", "bleu", "ter", "error"]
        assert article.text[entry["start"]:entry["end"]] == entry["source"]
        assert isinstance(entry["forward"], str) and isinstance(entry["round_trip"], str)
        assert 0 <= entry["chrf"] <= 100 and 0 <= entry["bleu"] <= 100 and entry["ter"] >= 0
    json.dumps(report.to_dict(), ensure_ascii=False)  # the contract serialises

    # threshold above 100: every sentence of at least MIN_WORDS words is a finding
    assert len(report.findings) == 5
    for finding in report.findings:
        assert isinstance(finding, Finding)
        assert finding.code == "round-trip-divergence"
        assert finding.category == "accuracy/mistranslation"
        assert finding.severity == "major"  # > 15 points below 101
        assert finding.text == article.text[finding.start:finding.end]
        assert finding.fingerprint == ""
        assert "en→id→en" in finding.message


def test_threshold_zero_means_no_findings_and_short_sentences_never_flag(models_dir):
    article, report = english()
    run([(article, report)], models_dir=models_dir, use_cache=False, threshold=0.0)
    assert report.findings == [] and report.backtranslation.status == "ok"

    article, report = english("Short. The president met the governor of West Java today.")
    run([(article, report)], models_dir=models_dir, use_cache=False, threshold=101.0)
    assert [f.text for f in report.findings] == [
        "The president met the governor of West Java today."]
    assert len(report.backtranslation.sentences) == 2


def test_severity_follows_distance_below_threshold(models_dir):
    article, report = english()
    run([(article, report)], models_dir=models_dir, use_cache=False, threshold=101.0)
    chrfs = [s["chrf"] for s in report.backtranslation.sentences]
    # pick thresholds just above the lowest score to land in each band
    low = min(chrfs)
    for offset, expected in [(2.0, "info"), (10.0, "minor"), (20.0, "major")]:
        article, report = english()
        run([(article, report)], models_dir=models_dir, use_cache=False,
            threshold=low + offset)
        worst = min(report.findings, key=lambda f: SEVERITIES.index(f.severity))
        assert worst.severity == expected, (offset, chrfs)


def test_article_in_origin_language_gets_gloss_and_round_trip(models_dir):
    article, report = indonesian()
    run([(article, report)], models_dir=models_dir, use_cache=False, threshold=101.0)
    bt = report.backtranslation.to_dict()
    assert bt["direction"] == "id→en→id"
    assert bt["models"] == ["translate-id_en", "translate-en_id"]
    assert [s["source"] for s in bt["sentences"]] == [
        "Presiden bertemu gubernur Jawa Barat di Jakarta pada hari Senin.",
        "Polisi mengatakan tiga orang terluka dalam kecelakaan itu."]
    assert all(s["forward"] for s in bt["sentences"])  # the English gloss
    assert "English gloss" in report.findings[0].message


def test_missing_model_is_skipped_with_install_command(tmp_path):
    empty = tmp_path / "no models here"
    (_, report_en), (_, report_id) = items = [english(), indonesian()]
    report_en.findings.append(Finding("x", "y", "minor", "other check", "The", 0, 3))
    run(items, models_dir=empty, use_cache=False)
    bt = report_en.backtranslation.to_dict()
    assert bt["status"] == "skipped" and bt["direction"] == "en→id→en"
    assert bt["reason"] == "no Argos model installed for en→id and id→en"
    assert bt["install"] == (f"audit models install en id --models-dir '{empty}' && "
                             f"audit models install id en --models-dir '{empty}'")
    assert bt["sentences"] == [] and bt["scores"] is None
    assert [f.code for f in report_en.findings] == ["x"]  # the rest of the audit stands
    assert report_id.backtranslation.status == "skipped"

    _, report = english()
    Backtranslator(BacktranslateOptions(models_dir=None, use_cache=False)).process([(_, report)])
    assert report.backtranslation.install == ("audit models install en id && "
                                                 "audit models install id en")


def test_unknown_origin_skips_unless_via(models_dir):
    (_, unknown), (_, native) = items = [english(origin=None), english(origin="en", id="e2")]
    run(items, models_dir=models_dir, use_cache=False)
    assert unknown.backtranslation.status == "skipped"
    assert "origin language of this English article is unknown" in unknown.backtranslation.reason
    assert "--via" in native.backtranslation.reason

    _, report = item = english(origin=None)
    run([item], models_dir=models_dir, use_cache=False, via="id")
    assert report.backtranslation.status == "ok"
    assert report.backtranslation.direction == "en→id→en"


def test_pivot_through_another_language(tmp_path, archives):
    folder = tmp_path / "pivot"
    for pair in [("en", "fr"), ("fr", "id"), ("id", "en")]:  # no direct en→id
        store.install_archive(archives[pair], folder)
    _, report = item = english()
    run([item], models_dir=folder, use_cache=False)
    bt = report.backtranslation.to_dict()
    assert bt["status"] == "ok", bt
    assert bt["direction"] == "en→id→en" and bt["route"] == "en→fr→id→en"
    assert bt["models"] == ["translate-en_fr", "translate-fr_id", "translate-id_en"]
    listing = json.loads(runner.invoke(models_app, ["list", "--json", "--models-dir",
                                                    str(folder)]).output)
    assert {"language": "id", "direction": "en→id→en", "route": "en→fr→id→en",
            "pivoted": True} in listing["round_trips"]


def test_published_translation_scored_against_model_translation(models_dir):
    source = "Presiden bertemu gubernur. Polisi mengatakan tiga orang terluka."
    article, report = english(source_text=source, source_language="id")
    run([(article, report)], models_dir=models_dir, use_cache=False)
    ref = report.backtranslation.reference
    assert ref["status"] == "ok" and ref["direction"] == "id→en"
    assert ref["models"] == ["translate-id_en"]
    assert set(ref["scores"]) == {"chrf", "bleu", "ter"}
    assert [source[s["start"]:s["end"]] for s in ref["sentences"]] == [
        "Presiden bertemu gubernur.", "Polisi mengatakan tiga orang terluka."]
    assert all(isinstance(s["translation"], str) for s in ref["sentences"])

    article, report = english(source_text="Bonjour tout le monde.", source_language="de")
    run([(article, report)], models_dir=models_dir, use_cache=False)
    ref = report.backtranslation.reference
    assert ref["status"] == "skipped" and ref["install"].startswith("audit models install de en")


# --- bad input never crashes the batch ------------------------------------------------


def test_bad_sentence_becomes_an_error_entry(models_dir):
    text = "The governor spoke to reporters on Monday. Bad \ud800 sentence here today."
    (_, bad), (_, good) = items = [english(text), english(id="ok")]
    run(items, models_dir=models_dir, use_cache=False, threshold=0.0)
    bt = bad.backtranslation.to_dict()
    assert bt["status"] == "ok" and bt["reason"] == "1 of 2 sentences could not be translated"
    broken = bt["sentences"][1]
    assert broken["error"].startswith("cannot tokenize") and broken["chrf"] is None
    assert bt["sentences"][0]["error"] is None
    assert good.backtranslation.status == "ok"


def test_corrupt_model_is_an_error_status_not_an_exception(models_dir):
    model = store.best_by_pair(store.installed_models(models_dir))[("en", "id")]
    (model.path / "model" / "model.bin").write_bytes(b"garbage")
    (_, en_report), (_, id_report) = items = [english(), indonesian()]
    run(items, models_dir=models_dir, use_cache=False)
    assert en_report.backtranslation.status == "error"
    assert "cannot load model translate-en_id" in en_report.backtranslation.reason
    # id→en still works: the Indonesian article's gloss leg is fine, its back leg is not
    id_bt = id_report.backtranslation.to_dict()
    assert id_bt["status"] == "error"
    assert all(s["forward"] for s in id_bt["sentences"])


def test_disabled_and_empty_articles(models_dir):
    _, report = item = english()
    run([item], models_dir=models_dir, enabled=False)
    assert report.backtranslation.status == "skipped"
    assert "--no-backtranslate" in report.backtranslation.reason

    _, empty = item = english(text="   ")
    run([item], models_dir=models_dir, use_cache=False)
    assert empty.backtranslation.status == "skipped"
    assert empty.backtranslation.reason == "the article has no text"


def test_chunks_share_one_engine(models_dir, tmp_path, monkeypatch):
    wrappers = counting_engine(monkeypatch)
    backtranslator = Backtranslator(BacktranslateOptions(models_dir=models_dir, use_cache=False))
    backtranslator.process([english(id="a")])
    backtranslator.process([english(id="b")])
    backtranslator.close()
    assert len(wrappers) == 2  # two models loaded once, not once per chunk


def test_decoding_length_is_bounded_by_input(models_dir, monkeypatch):
    seen: list[int] = []
    wrappers = counting_engine(monkeypatch)
    original = CountingTranslator.translate_batch

    def spy(self, source, **kwargs):
        seen.append(kwargs["max_decoding_length"])
        return original(self, source, **kwargs)

    monkeypatch.setattr(CountingTranslator, "translate_batch", spy)
    model = store.best_by_pair(store.installed_models(models_dir))[("en", "id")]
    engine = Engine(decoding=DecodingOptions(beam_size=1))
    out = engine.translate(model, ["Short sentence."])
    tokens = len(wrappers[0].calls[0][0])
    assert seen == [DecodingOptions().max_decoding_length(tokens)]
    assert len(model.package.tokenizer.encode(out["Short sentence."].text)) <= 2 * seen[0]
