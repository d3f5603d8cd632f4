"""Word lists: the same numbers as wordfreq, only the languages asked, bounded, and silent."""

from __future__ import annotations

import logging
import math

import pytest
import wordfreq

from audit import wordlists
from audit.checks.lexicon import zipf
from conftest import empty_store


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


def _dict_of(lang: str, min_zipf: float | None = None) -> dict[str, float]:
    """The dict a table stands for, built from wordfreq's file as audit built it before."""
    table: dict[str, float] = {}
    for index, bucket in enumerate(wordlists._buckets(wordlists._file(lang))):
        if min_zipf is None:
            table.update(dict.fromkeys(bucket, math.log10(wordlists._frequency(index)) + 9.0))
        elif -index / 100 + 9.0 >= min_zipf:
            table.update(dict.fromkeys(bucket, -index / 100 + 9.0))
        else:
            break
    return table


@pytest.fixture
def packed_home(tmp_path, monkeypatch):
    """An empty cache folder, no table loaded: each call of the returned function is a new run."""
    from collections import OrderedDict

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def new_run():
        monkeypatch.setattr(wordlists, "_tables", OrderedDict())
        empty_store(monkeypatch, wordlists._top_words_store)
        empty_store(monkeypatch, wordlists._derived_store)
        wordlists.common_zipf.cache_clear()
        wordlists.top_words.cache_clear()

    new_run()
    yield new_run
    wordlists.common_zipf.cache_clear()
    wordlists.top_words.cache_clear()


def test_a_packed_table_is_the_dict_it_replaces(packed_home):
    expected = _dict_of("id")
    table = wordlists.zipf_table("id")
    assert isinstance(table, wordlists.PackedWords)
    assert len(table) == len(expected) and list(table) == list(expected)  # the list's order
    assert dict(table.items()) == expected and list(table.values()) == list(expected.values())
    words = list(expected)
    for word in words[::40] + [w.upper() for w in words[:200:7]] + ["", "zqzq", "yang\0", "\ud800"]:
        assert table.get(word, 0.0) == expected.get(word, 0.0), word
        assert (word in table) == (word in expected)
        assert table.get(word, 0.0) == table.get(word, 0.0)  # a remembered answer is the same
    assert table.get(5, 0.0) == 0.0 and table.get(None) is None and ["yang"] not in table
    with pytest.raises(KeyError):
        table["zqzq"]
    assert wordlists.longest_word("id") == max(map(len, expected))


def test_the_packed_file_is_read_by_later_runs_not_wordfreqs_file(packed_home, monkeypatch):
    first = dict(wordlists.zipf_table("id").items())
    common = dict(wordlists.common_zipf("id", 4.0).items())
    assert first == _dict_of("id") and common == _dict_of("id", 4.0)
    files = sorted(p.name for p in wordlists.cachefile.folder().glob("words-*.bin"))
    assert len(files) == 2 and any("-id-all" in f for f in files) and any("-id-zipf4" in f for f in files)
    packed_home()
    monkeypatch.setattr(wordlists, "_buckets", lambda path: pytest.fail("wordfreq's file read"))
    assert dict(wordlists.zipf_table("id").items()) == first
    assert dict(wordlists.common_zipf("id", 4.0).items()) == common


@pytest.mark.parametrize("damage", ["stale", "truncated", "empty", "garbage", "other-format"])
def test_a_stale_or_damaged_packed_file_is_packed_again(packed_home, damage):
    expected = _dict_of("id")
    wordlists.zipf_table("id")
    path = next(wordlists.cachefile.folder().glob("words-*-id-all.bin"))
    blob = path.read_bytes()
    if damage == "stale":  # wordfreq's file changed (another version installed): its time
        source = wordlists._file("id")
        stat = source.stat()
        import os
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        try:
            packed_home()
            assert dict(wordlists.zipf_table("id").items()) == expected
            assert path.read_bytes() != blob  # written again, for the new source
        finally:
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return
    path.write_bytes({"truncated": blob[: len(blob) - 100], "empty": b"",
                      "garbage": b"\xff" * 5000,
                      "other-format": blob.replace(b"audit-wordlist", b"audit-wordlisu", 1)}[damage])
    packed_home()
    assert dict(wordlists.zipf_table("id").items()) == expected
    assert path.read_bytes() == blob  # packed again, to the same bytes


def test_remembered_answers_stay_right_past_the_memo_limit(packed_home, monkeypatch):
    monkeypatch.setattr(wordlists, "MEMO_LIMIT", 50)
    expected = _dict_of("id")
    table = wordlists.zipf_table("id")
    words = list(expected)[::100] + ["zq" + w for w in list(expected)[:300:3]]
    for _ in range(2):
        assert [table.get(w, 0.0) for w in words] == [expected.get(w, 0.0) for w in words]
    assert len(table._memo) <= 50


def test_a_list_the_format_cannot_hold_exactly_stays_the_dict(packed_home, monkeypatch):
    real = wordlists._buckets

    def twice(path):  # a word in two buckets: the dict keeps its first place and last value
        for index, bucket in enumerate(real(path)):
            yield bucket + (["yang"] if index == 400 else [])

    monkeypatch.setattr(wordlists, "_buckets", twice)
    table = wordlists.zipf_table("id")
    assert type(table) is dict and table == _dict_of("id")
    assert table["yang"] == math.log10(wordlists._frequency(400)) + 9.0
    assert list(table).index("yang") < 100
    assert not list(wordlists.cachefile.folder().glob("words-*.bin"))


def test_top_words_come_from_the_cache_file_after_the_first_run(packed_home, monkeypatch):
    first = {code: wordlists.top_words(code, n) for code, n in (("en", 200), ("id", 50), ("fr", 200))}
    assert first["en"] == frozenset(wordfreq.top_n_list("en", 200))
    wordlists.save()
    packed_home()
    with monkeypatch.context() as patched:
        patched.setattr(wordlists, "_buckets", lambda path: pytest.fail("wordfreq's file read"))
        assert {code: wordlists.top_words(code, n)
                for code, n in (("en", 200), ("id", 50), ("fr", 200))} == first
        assert wordlists.top_words("xx", 200) == frozenset()
    # another n is another entry, read from wordfreq's file
    assert wordlists.top_words("en", 20) == frozenset(wordfreq.top_n_list("en", 20))



# --- words derived once per machine (wordlists.derived) -----------------------------------

def test_derived_words_are_computed_once_per_machine_and_follow_their_rule(packed_home, monkeypatch):
    calls = []

    def rule():
        calls.append(1)
        return (w for w in wordlists.common_zipf("id", 5.0) if len(w) >= 4)

    expected = [w for w in wordlists.common_zipf("id", 5.0) if len(w) >= 4]
    assert expected and wordlists.derived(rule, (5.0, 4), ("id",)) == expected and len(calls) == 1
    wordlists.save()
    empty_store(monkeypatch, wordlists._derived_store)  # a new run: read from the file
    assert wordlists.derived(rule, (5.0, 4), ("id",)) == expected and len(calls) == 1
    assert wordlists.derived(rule, (5.0, 5), ("id",)) == expected and len(calls) == 2  # parameters

    def other_rule():
        calls.append(1)
        return (w for w in wordlists.common_zipf("id", 5.0) if len(w) >= 5)

    shorter = wordlists.derived(other_rule, (5.0, 4), ("id",))  # another rule: another entry
    assert len(calls) == 3 and shorter == [w for w in expected if len(w) >= 5] != expected


def test_derived_words_follow_the_word_list_file(packed_home, monkeypatch):
    rule = lambda: ["kata"]  # noqa: E731
    wordlists.derived(rule, (), ("id",))
    key = next(iter(wordlists._derived_store.new))
    source = wordlists._source("id")
    assert key[2] == (source,) and source[0] == wordlists._file("id").name
    assert wordlists._source("xx") is None  # no list: keyed as such


def test_untranslated_fallback_words_are_the_rule_they_stand_for(packed_home, monkeypatch):
    from audit.checks import untranslated as u
    from audit.checks.lexicon import zipf

    u._fallback_words.cache_clear()
    empty_store(monkeypatch, wordlists._derived_store)
    expected = frozenset(w for w in wordlists.common_zipf("id", u.FALLBACK_MIN)
                         if len(w) >= u.FALLBACK_MIN_LEN and w.isalpha() and w.islower()
                         and zipf(w, "en") < u.FALLBACK_EN_MAX)
    assert len(expected) > 1000 and u._fallback_words("id") == expected
    wordlists.save()
    u._fallback_words.cache_clear()
    empty_store(monkeypatch, wordlists._derived_store)
    assert u._fallback_words("id") == expected and not wordlists._derived_store.new  # from the file
    u._fallback_words.cache_clear()
