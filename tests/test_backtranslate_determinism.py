"""A sentence's translation does not depend on which sentences shared its batch.

Issue 8 found that the same article back-translated with a cold and with a half-warm
cache got different forward translations (249 of 286 sentences): with mixed lengths in a
batch, the longest input sets everyone's decoding bound and padding changes the
arithmetic. The engine now batches sentences of one exact token length only. These tests
use the tiny random-weight model, whose outputs run to the decoding bound, so any
dependence on the batch shows at once (before the fix, most sentences below differed).
"""

from __future__ import annotations

import random

import pytest

from tiny_model import build_argosmodel

from audit.backtranslate import BacktranslateOptions, Backtranslator
from audit.backtranslate import models as store
from audit.backtranslate.cache import TranslationCache
from audit.backtranslate.engine import DecodingOptions, Engine, same_length_batches
from audit.model import Article, ArticleReport, Language, Origin
from audit.text import sentences

# Real news sentences of varied lengths (Indonesian-MT English, as the corpus has them).
SENTENCES = [
    "Police said three people were injured.",
    "The ministry will announce the new regulation next week.",
    "Floods hit several districts after heavy rain overnight, officials said on Tuesday.",
    "The president met the governor of West Java in Jakarta on Monday.",
    "Hamas said it had received the proposal through Egyptian and Qatari mediators.",
    "Prices rose.",
    "The central bank kept its benchmark rate unchanged at 6 percent for the third month.",
    "He was released on bail.",
    "According to the agency, about 1.5 million tourists visited Bali in the first quarter "
    "of the year, up from 1.1 million a year earlier.",
    "The talks will resume on Thursday.",
    "Residents were evacuated to a nearby school.",
    "The company's shares fell 4 percent in Jakarta trading after the announcement.",
]
ARTICLE = " ".join(SENTENCES[:6]) + "\n\n" + " ".join(SENTENCES[6:])


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("determinism")
    for pair in [("en", "id"), ("id", "en")]:
        store.install_archive(build_argosmodel(*pair, folder / "dist"), folder / "models")
    by_pair = store.best_by_pair(store.installed_models(folder / "models"))
    return by_pair, folder / "models"


def translate(model, texts, cache=None, batch_sentences=64):
    engine = Engine(decoding=DecodingOptions(beam_size=2), cache=cache,
                    batch_sentences=batch_sentences, threads=1)
    try:
        return {s: o.text for s, o in engine.translate(model, texts).items()}
    finally:
        engine.close()


def test_translation_does_not_depend_on_the_rest_of_the_batch(model):
    en_id = model[0][("en", "id")]
    together = translate(en_id, SENTENCES)
    alone = {s: translate(en_id, [s])[s] for s in SENTENCES}
    assert together == alone
    rng = random.Random(8)
    for _ in range(3):  # other compositions and batch sizes: the same output each time
        subset = rng.sample(SENTENCES, 7)
        assert translate(en_id, subset, batch_sentences=rng.choice([1, 2, 3])) == \
            {s: together[s] for s in subset}


def test_cold_and_half_warm_cache_give_the_same_article_record(model, tmp_path):
    by_pair, models_dir = model

    def record(cache_path):
        article = Article(id="a", source="a.txt", text=ARTICLE)
        report = ArticleReport(id="a", source="a.txt", title=None, text=ARTICLE,
                               language=Language("en", 0.99), origin_language=Origin("id", 0.9))
        backtranslator = Backtranslator(BacktranslateOptions(
            models_dir=models_dir, cache_path=cache_path, threads=1))
        try:
            backtranslator.process([(article, report)])
        finally:
            backtranslator.close()
        return report.backtranslation.to_dict(), report.findings

    cold = record(tmp_path / "cold.sqlite3")
    assert cold[0]["status"] == "ok" and len(cold[0]["sentences"]) == len(SENTENCES)

    # Half-warm: every other sentence (and its round trip) already cached by a run on a
    # different article, so the cold half is translated in batches of other compositions.
    warm_path = tmp_path / "warm.sqlite3"
    other = " ".join(s.text for s in sentences(ARTICLE)[::2])
    article = Article(id="b", source="b.txt", text=other)
    report = ArticleReport(id="b", source="b.txt", title=None, text=other,
                           language=Language("en", 0.99), origin_language=Origin("id", 0.9))
    warmer = Backtranslator(BacktranslateOptions(models_dir=models_dir, cache_path=warm_path,
                                                 threads=1))
    warmer.process([(article, report)])
    warmer.close()
    cached = len(TranslationCache(warm_path))
    assert 0 < cached < 2 * len(SENTENCES)

    assert record(warm_path) == cold


def test_batches_hold_one_token_length_shortest_first():
    tokens = [(f"s{i}", ["x"] * n) for i, n in enumerate([3, 1, 3, 2, 3, 1, 3])]
    batches = list(same_length_batches(tokens, 2))
    assert [[s for s, _ in b] for b in batches] == [
        ["s1", "s5"], ["s3"], ["s0", "s2"], ["s4", "s6"]]
    assert all(len({len(p) for _, p in b}) == 1 for b in batches)
