"""Finalising findings (fingerprints, ignores, severity overrides) and the batch summary."""

from __future__ import annotations

from audit.config import parse_config
from audit.model import Article, ArticleReport, Finding
from audit.pipeline import RunOptions, analyse, finalise, run
from audit.summary import Summary


def _report(findings):
    return ArticleReport(id="a1", source="s", title=None, text="x" * 100, findings=findings)


def _f(code, text, start, severity="minor"):
    return Finding(code, "cat", severity, "msg", text, start, start + len(text))


def test_fingerprints_ignore_offsets_but_count_occurrences():
    article = Article(id="a1", source="s", text="x" * 100)
    first = finalise(_report([_f("doubled-word", "the the", 10), _f("doubled-word", "the the", 50)]),
                     article, parse_config({}))
    moved = finalise(_report([_f("doubled-word", "the the", 14), _f("doubled-word", "the the", 60)]),
                     article, parse_config({}))
    prints = [f.fingerprint for f in first.findings]
    assert len(set(prints)) == 2
    assert prints == [f.fingerprint for f in moved.findings]


def test_ignored_codes_fingerprints_and_severity_overrides():
    article = Article(id="a1", source="s", text="x" * 100, ignore=())
    findings = [_f("spacing", "  ", 1), _f("missing-space", "HamasIsmail", 5, "major"),
                _f("doubled-word", "the the", 30)]
    probe = finalise(_report([_f("doubled-word", "the the", 30)]), article, parse_config({}))
    config = parse_config({"ignore": ["spacing"], "severity": {"missing-space": "critical"},
                           "ignore_fingerprints": [probe.findings[0].fingerprint]})
    result = finalise(_report(findings), article, config)
    assert [(f.code, f.severity) for f in result.findings] == [("missing-space", "critical")]


def test_article_level_ignore_list():
    probe = finalise(_report([_f("doubled-word", "the the", 30)]),
                     Article(id="a1", source="s"), parse_config({}))
    article = Article(id="a1", source="s", ignore=(probe.findings[0].fingerprint,))
    result = finalise(_report([_f("doubled-word", "the the", 30)]), article, parse_config({}))
    assert result.findings == []


def test_error_articles_pass_through_and_are_counted():
    articles = [Article(id="bad", source="x", error="binary file, not text"),
                Article(id="good", source="y", text="The minister said the talks would resume on Monday.")]
    reports = list(run(articles, RunOptions()))
    assert [r.id for r in reports] == ["bad", "good"]
    assert reports[0].error == "binary file, not text" and reports[0].findings == []
    summary = Summary()
    for report in reports:
        summary.add(report.to_dict())
    data = summary.to_dict()
    assert (data["articles"], data["processed"], data["errors"]) == (2, 1, 1)
    assert data["languages"] == {"en": 1}


def test_a_crashing_analysis_costs_one_article_not_the_batch(monkeypatch):
    import audit.pipeline as pipeline

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "detect_language", broken)
    report = analyse(Article(id="a", source="s", text="Some text here."))
    assert report.error == "internal error while analysing: RuntimeError: boom"


def test_summary_fail_threshold():
    summary = Summary()
    summary.add({"findings": [{"severity": "minor", "code": "spacing"}], "provenance": {}})
    assert summary.fails("minor") and summary.fails("info")
    assert not summary.fails("major") and not summary.fails(None)


def test_loaded_data_is_frozen_for_the_run_and_handed_back_after(monkeypatch):
    import gc

    from audit import pipeline

    articles = [Article(id=f"a{n}", source="s", text="The minister said talks would continue.")
                for n in range(pipeline.WARM_UP_ARTICLES + 3)]
    counts, thresholds = [], []

    def counting(article, config, time_budget):
        counts.append(gc.get_freeze_count())
        thresholds.append(gc.get_threshold())
        return analyse(article, config, time_budget)

    monkeypatch.setattr(pipeline, "analyse", counting)
    before = gc.get_threshold()
    assert before[0] < pipeline.YOUNG_COLLECTION
    assert len(list(run(articles, RunOptions(stories=False)))) == len(articles)
    warm_up = pipeline.WARM_UP_ARTICLES
    assert counts[:warm_up] == [0] * warm_up
    assert all(count > 0 for count in counts[warm_up:])  # the rest ran with the data frozen
    assert gc.get_freeze_count() == 0  # and the collector has them back once the run ends
    # ... and with the youngest generation collected less often, the caller's thresholds back
    assert thresholds[:warm_up] == [before] * warm_up
    assert set(thresholds[warm_up:]) == {(pipeline.YOUNG_COLLECTION, *before[1:])}
    assert gc.get_threshold() == before
    for own in ((0, before[1], before[2]), (50_000, 5, 5)):  # disabled, or a larger one: kept
        gc.set_threshold(*own)
        try:
            thresholds.clear()
            assert len(list(run(articles, RunOptions(stories=False)))) == len(articles)
            assert set(thresholds) == {own} and gc.get_threshold() == own
        finally:
            gc.set_threshold(*before)
    gc.freeze()  # a caller's own freeze is left as it is
    try:
        frozen = gc.get_freeze_count()
        assert len(list(run(articles, RunOptions(stories=False)))) == len(articles)
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_the_command_leaves_its_data_frozen_for_the_exit(tmp_path):
    # After `audit run` the interpreter's last collections would walk every loaded word list
    # and model for nothing: the command freezes them on its way out.
    import json
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text("The minister said talks would continue next week.\n")
    probe = ("import gc, sys\nfrom audit.cli import main\n"
             "sys.argv = ['audit', 'run', 'a.txt', '--no-backtranslate', '--no-progress',"
             " '--format', 'json', '--out', 'r.json']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(gc.get_freeze_count())\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert int(result.stdout.split()[-1]) > 0, result.stderr
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["articles"] == 1
