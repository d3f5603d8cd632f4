"""Pure parts of back-translation: routes, plans, scores, severities, options, cache keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from audit.backtranslate import BacktranslateOptions, DEFAULT_THRESHOLD
from audit.backtranslate.cache import TranslationCache, default_cache_dir, entry_key
from audit.backtranslate.engine import DecodingOptions
from audit.backtranslate.models import package_fingerprint, package_id
from audit.backtranslate.plan import find_route, install_command, plan_article
from audit.backtranslate.scoring import (SEVERITY_BANDS, corpus_scores, divergence_finding,
                                         sentence_scores, severity_for)
from audit.config import ConfigError


def pairs(*names: str) -> dict[tuple[str, str], str]:
    return {tuple(n.split("-")): n for n in names}


def test_find_route_direct_pivot_and_none():
    graph = pairs("en-id", "id-en", "en-fr", "fr-de", "de-fr", "id-fr")
    assert find_route(graph, "en", "id") == ("en-id",)
    assert find_route(graph, "en", "en") == ()
    assert find_route(graph, "id", "de") == ("id-fr", "fr-de")  # fewest hops first
    assert find_route(graph, "de", "id") is None
    assert find_route(pairs("a-b", "b-c", "c-d", "d-e"), "a", "e") is None  # > 3 hops
    assert find_route(pairs("a-b", "b-c", "c-d", "d-e"), "a", "e", max_hops=4) == (
        "a-b", "b-c", "c-d", "d-e")


def test_find_route_prefers_english_pivot():
    graph = pairs("id-de", "de-fr", "id-en", "en-fr")
    assert find_route(graph, "id", "fr") == ("id-en", "en-fr")


def test_plan_english_article():
    graph = pairs("en-id", "id-en")
    plan = plan_article("en", "id", via=None, by_pair=graph)
    assert plan.direction == "en→id→en" and plan.skip_reason is None
    assert plan.forward.models == ("en-id",) and plan.back.models == ("id-en",)

    plan = plan_article("en", "ms", via=None, by_pair=graph)
    assert plan.skip_reason == "no Argos model installed for en→ms and ms→en"
    assert plan.install == ["audit models install en ms", "audit models install ms en"]

    plan = plan_article("en", None, via="id", by_pair=graph)
    assert plan.direction == "en→id→en" and plan.forward is not None
    plan = plan_article("en", "ms", via="id", by_pair=graph)  # --via wins over the origin
    assert plan.direction == "en→id→en"
    assert "--via" in plan_article("en", None, via=None, by_pair=graph).skip_reason
    assert plan_article("en", "en", via="en", by_pair=graph).skip_reason.startswith("--via en")


def test_plan_non_english_article_and_reference():
    graph = pairs("en-id", "id-en")
    plan = plan_article("id", None, via="fr", by_pair=graph)  # via only concerns English
    assert plan.direction == "id→en→id" and plan.forward.models == ("id-en",)

    plan = plan_article("en", "id", via=None, by_pair=graph, has_source=True)
    assert plan.reference.src == "id" and plan.reference.models == ("id-en",)
    plan = plan_article("en", None, via="id", by_pair=graph, has_source=True,
                        source_language="de", models_dir=Path("/m m"))
    assert plan.reference is None
    assert plan.reference_install == ["audit models install de en --models-dir '/m m'"]
    plan = plan_article("en", None, via=None, by_pair=graph, has_source=True)
    assert "source text's language is unknown" in plan.reference_skip
    assert plan_article(None, "id", via=None, by_pair=graph).skip_reason == (
        "the article's language is unknown")


def test_install_command_quotes():
    assert install_command("en", "id") == "audit models install en id"
    assert install_command("en", "id", Path("/a b")) == (
        "audit models install en id --models-dir '/a b'")


def test_scores_shape_and_ranges():
    same = sentence_scores("The governor spoke.", "The governor spoke.")
    assert same == {"chrf": 100.0, "bleu": 100.0, "ter": 0.0}
    empty = sentence_scores("", "The governor spoke.")
    assert empty["chrf"] == 0.0 and empty["ter"] == 100.0
    assert corpus_scores([], []) is None
    corpus = corpus_scores(["a b c d", "e f"], ["a b c d", "e g"])
    assert set(corpus) == {"chrf", "bleu", "ter"}


@given(st.floats(0, 100), st.floats(0, 100))
def test_severity_bands(chrf, threshold):
    severity = severity_for(chrf, threshold)
    if chrf >= threshold:
        assert severity is None
    else:
        distance = threshold - chrf
        expected = next(s for lower, s in SEVERITY_BANDS if distance >= lower)
        assert severity == expected
        assert severity != "critical"


def test_severity_band_edges():
    assert severity_for(35.0, 35.0) is None
    assert severity_for(34.9, 35.0) == "info"
    assert severity_for(30.0, 35.0) == "minor"
    assert severity_for(20.0, 35.0) == "major"
    assert DEFAULT_THRESHOLD == 35.0


def test_finding_message_is_clipped():
    finding = divergence_finding(text="x", start=0, end=1, chrf=1.0, threshold=35.0,
                                 direction="en→id→en", forward="f", round_trip="r" * 1000,
                                 gloss=False)
    assert len(finding.message) < 400 and finding.message.endswith("\u201d")


def test_decoding_length_bound():
    options = DecodingOptions()
    assert options.max_decoding_length(10) == 30
    assert options.max_decoding_length(0) == 10
    assert options.max_decoding_length(10_000) == 512
    assert DecodingOptions(beam_size=1).key() != options.key()


def test_options_defaults_and_config():
    options = BacktranslateOptions()
    assert options.effective_threshold == DEFAULT_THRESHOLD
    assert BacktranslateOptions(use_cache=False).resolved_cache_path() is None
    assert BacktranslateOptions(cache_dir=Path("/c")).resolved_cache_path() == Path(
        "/c/backtranslate.sqlite3")
    configured = BacktranslateOptions.from_config(
        {"threshold": 40, "beam_size": 4, "via": "id", "cache": False,
         "models_dir": "~/models", "min_words": 3})
    assert configured.threshold == 40.0 and configured.beam_size == 4
    assert configured.via == "id" and configured.use_cache is False
    assert configured.models_dir == Path("~/models").expanduser()
    for bad in ({"threshold": "high"}, {"beam_size": 0}, {"cache": 1}, {"colour": 1},
                {"threshold": True}):
        with pytest.raises(ConfigError):
            BacktranslateOptions.from_config(bad, "audit.toml")


def test_cache_path_that_is_a_folder_means_the_file_inside(tmp_path):
    assert BacktranslateOptions(cache_path=tmp_path).resolved_cache_path() == (
        tmp_path / "backtranslate.sqlite3")
    assert BacktranslateOptions(cache_path=tmp_path / "c.db").resolved_cache_path() == (
        tmp_path / "c.db")


def test_default_cache_dir_respects_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "audit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert default_cache_dir() == tmp_path / "h" / ".cache" / "audit"


def test_cache_roundtrip_and_keys(tmp_path):
    cache = TranslationCache(tmp_path / "c.sqlite3")
    assert entry_key("m1", "s") != entry_key("m2", "s") != entry_key("m1", "t")
    keys = {f"s{i}": entry_key("m", f"s{i}") for i in range(1200)}  # more than one SELECT
    cache.put_many("model", {k: f"out {s}" for s, k in keys.items()})
    found = cache.get_many(list(keys.values()) + ["missing"])
    assert len(found) == 1200 and found[keys["s7"]] == "out s7"
    mode = cache._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    cache.close()


def test_package_fingerprint_ignores_mtime_not_content(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "model").mkdir(parents=True)
    (pkg / "metadata.json").write_text("{}")
    (pkg / "model" / "model.bin").write_bytes(b"x" * 10)
    first = package_fingerprint(pkg)
    (pkg / "model" / "model.bin").touch()
    assert package_fingerprint(pkg) == first
    (pkg / "model" / "model.bin").write_bytes(b"y" * 10)
    assert package_fingerprint(pkg) != first
    assert package_id({"from_code": "en", "to_code": "id"}) == "translate-en_id"
    assert package_id({"code": "translate-en_id_1_9"}) == "translate-en_id_1_9"
