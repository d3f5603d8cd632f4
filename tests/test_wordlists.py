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


def _fresh_packs(monkeypatch, folder):
    """A new process's state with its cache folder at ``folder``."""
    from collections import OrderedDict

    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setattr(wordlists, "_tables", OrderedDict())
    monkeypatch.setattr(wordlists, "_packed_lists", {})


def test_the_packed_list_answers_as_the_dict_of_wordfreqs_file_then_becomes_it(tmp_path, monkeypatch):
    """A run starts on the mapped file; every answer equals the dict read from wordfreq's own
    file, and after PROMOTE_AFTER look-ups the table is that dict."""
    _fresh_packs(monkeypatch, tmp_path)
    expected = wordlists._read_table("id")
    table = wordlists.zipf_table("id")
    assert type(table) is not dict and (tmp_path / "audit").is_dir()
    assert len(table) == len(expected) and list(table) == list(expected)
    assert wordlists.longest_word("id") == max(map(len, expected))
    probes = list(expected)[::97] + ["", "zzqx", "YANG", "yang\0", "ﬁ", "\ud800"]
    assert [table.get(w, 0.0) for w in probes] == [expected.get(w, 0.0) for w in probes]
    assert [w in table for w in probes] == [w in expected for w in probes]
    assert dict(table.items()) == expected
    monkeypatch.setattr(wordlists, "PROMOTE_AFTER", 10)
    for word in probes[:12]:
        assert zipf(word, "id") == expected.get(word, 0.0)
    promoted = wordlists.zipf_table("id")
    assert type(promoted) is dict and promoted == expected and list(promoted) == list(expected)
    assert wordlists.top_words("xx", 5) == frozenset()


def test_a_damaged_packed_file_is_built_again_and_answers_the_same(tmp_path, monkeypatch):
    _fresh_packs(monkeypatch, tmp_path)
    expected = wordlists._read_table("id")
    assert wordlists.zipf_table("id").get("yang") == expected["yang"]
    [packed_file] = (tmp_path / "audit").glob("words-id-*.bin")
    blob = bytearray(packed_file.read_bytes())
    blob[len(blob) // 2] ^= 0x55
    packed_file.write_bytes(bytes(blob[:-3]))
    _fresh_packs(monkeypatch, tmp_path)
    table = wordlists.zipf_table("id")
    assert dict(table.items()) == expected
    assert packed_file.read_bytes() != bytes(blob[:-3])  # written again, whole
    # a folder that cannot be written: the packed list is kept in memory, same answers
    _fresh_packs(monkeypatch, tmp_path / "file")
    (tmp_path / "file").write_text("not a folder")
    assert dict(wordlists.zipf_table("id").items()) == expected
