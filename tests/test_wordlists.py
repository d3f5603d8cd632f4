"""Word lists: the same numbers as wordfreq, only the languages asked, bounded, and silent."""

from __future__ import annotations

import logging
import math

import pytest
import wordfreq

from audit import wordlists
from audit.checks.lexicon import zipf


def test_frequencies_and_top_words_equal_wordfreq():
    assert wordlists.frequencies("id") == wordfreq.get_frequency_dict("id")
    assert wordlists.top_words("en", 200) == frozenset(wordfreq.top_n_list("en", 200))
    assert wordlists.top_words("id", 50) == frozenset(wordfreq.top_n_list("id", 50))


def test_zipf_equals_wordfreq_for_real_words(news_en):
    english = wordfreq.get_frequency_dict("en")
    words = {w.lower().strip(".,\"'()") for line in news_en[:50] for w in line.split()}
    for word in words:
        frequency = english.get(word)
        assert zipf(word, "en") == (math.log10(frequency) + 9.0 if frequency else 0.0), word


@pytest.mark.parametrize("code", ["af", "tl", "no", "zh-cn", "", "../en"])
def test_a_language_without_its_own_list_gets_nothing_and_no_warning(code, capfd, caplog):
    caplog.set_level(logging.DEBUG)
    assert wordlists.frequencies(code) == {}
    assert wordlists.top_words(code, 200) == frozenset()
    assert not wordlists.available(code)
    assert capfd.readouterr().err == ""
    assert caplog.records == []


def test_the_tables_kept_stay_within_the_word_budget(monkeypatch):
    from collections import OrderedDict

    monkeypatch.setattr(wordlists, "_tables", OrderedDict())
    monkeypatch.setattr(wordlists, "WORD_BUDGET", 700_000)
    for code in ("de", "fr", "es", "it", "pt"):
        assert wordlists.zipf_table(code)
        kept = sum(len(table) for table in wordlists._tables.values())
        assert kept <= 700_000 or len(wordlists._tables) == 1
    assert "pt" in wordlists._tables and "de" not in wordlists._tables
    assert zipf("und", "de") > 6  # a dropped table comes back on demand, with the same values
    assert "de" in wordlists._tables


def test_only_the_tables_asked_for_are_built(monkeypatch):
    from collections import OrderedDict

    monkeypatch.setattr(wordlists, "_tables", OrderedDict())
    assert zipf("yang", "id") > 6
    assert list(wordlists._tables) == ["id"]  # no other language read
    assert wordlists.frequencies("id") == wordfreq.get_frequency_dict("id")
    assert list(wordlists._tables) == ["id"]  # the frequency dict is derived, not kept


def test_longest_word_is_the_longest_in_the_frequency_list():
    from audit import wordlists

    for lang in ("en", "id"):
        assert wordlists.longest_word(lang) == max(map(len, wordlists.frequencies(lang)))
    assert wordlists.longest_word("xx") == 0


def test_common_words_are_the_dict_they_replace():
    """common_zipf's packed table answers exactly as the dict of the same buckets would."""
    from audit import wordlists

    for lang, floor in (("fr", 2.5), ("id", 4.0), ("ja", 2.5), ("xx", 2.5)):
        packed = wordlists.common_zipf(lang, floor)
        expected: dict[str, float] = {}
        if wordlists.available(lang):
            for index, bucket in enumerate(wordlists._buckets(wordlists._file(lang))):
                if -index / 100 + 9.0 < floor:
                    break
                expected.update(dict.fromkeys(bucket, -index / 100 + 9.0))
        assert len(packed) == len(expected) and list(packed) == list(expected)
        assert dict(packed.items()) == expected
        for word, zipf in list(expected.items())[::50]:
            assert packed.get(word) == zipf and word in packed and packed[word] == zipf
            assert packed.get(word + "zq", 0.0) == 0.0 and word.upper() + "Q" not in packed
    assert wordlists.common_zipf("xx", 2.5).get("the", 0.0) == 0.0
