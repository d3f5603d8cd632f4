"""Pluggable language detectors: both engines, the same codes, confidences in 0–1, one cache."""

from __future__ import annotations

import pytest

from audit import detectors
from audit.config import ConfigError, parse_config
from audit.language import detect, detect_language
from audit.model import Article
from audit.pipeline import analyse


@pytest.mark.parametrize("name", detectors.NAMES)
def test_each_detector_reads_real_english_and_indonesian(name, news_en, news_id):
    detector = detectors.get(name)
    assert detector.name == name
    for lines, code in ((news_en[:40], "en"), (news_id[:40], "id")):
        results = [detector.detect(line) for line in lines if len(line) > 60]
        right = sum(result[0] == code for result in results)
        assert right >= 0.9 * len(results), (name, code, results)
        assert all(0.0 <= confidence <= 1.0 for _, confidence in results)
        assert all(c is None or c in detectors.LANGUAGES for c, _ in results)


@pytest.mark.parametrize("name", detectors.NAMES)
def test_detection_is_deterministic_and_short_text_is_unknown(name, news_en):
    text = " ".join(news_en[100:104])
    assert detect(text, name) == detect(text, name)
    assert detect("Jakarta, CNN", name) == (None, 0.0)


def test_chinese_is_zh_for_both_detectors():
    # Real Chinese news: a source sentence of ../shared/data/external's WMT 2023 zh→en MQM file.
    text = "据欧盟委员会估计，欧盟的申根国家去年收到超92万份庇护申请，比前一年增加近半。"
    assert detect(text, "py3langid")[0] == "zh"
    assert detect(text, "langdetect")[0] == "zh"  # not langdetect's own "zh-cn"


def test_unknown_detector_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown language detector 'cld9'.*py3langid, langdetect"):
        detectors.get("cld9")


def test_describe_names_the_detector_and_its_version():
    assert detectors.describe().startswith("py3langid ")
    assert detectors.describe("langdetect") == "langdetect 1.0.9"


def test_the_report_records_the_detector(news_en):
    text = "\n\n".join(news_en[20:24])
    for name in detectors.NAMES:
        config = parse_config({"detector": name})
        report = analyse(Article(id="a", source="t", text=text), config)
        assert report.language.detector == name
        assert report.to_dict()["language"]["detector"] == name
    assert detect_language(text).detector == detectors.DEFAULT_DETECTOR


def test_config_accepts_only_known_detectors():
    assert parse_config({"detector": "langdetect"}).detector == "langdetect"
    assert parse_config({}).detector is None
    with pytest.raises(ConfigError, match="detector is 'fasttext'; use one of py3langid, langdetect"):
        parse_config({"detector": "fasttext"})


def test_py3langid_model_is_cached_and_the_cached_copy_answers_the_same(tmp_path, monkeypatch, news_id):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = detectors.Py3langidDetector()  # no cache yet: decompresses and saves it
    cached_files = list((tmp_path / "audit").glob("py3langid-*.model"))
    assert len(cached_files) == 1
    loaded = detectors.Py3langidDetector()  # from the cache, memory-mapped
    assert isinstance(loaded._identifier.tk_nextmove, memoryview)
    for line in news_id[:30] + ["Presiden Joko Widodo mengatakan pada Senin.", "Hello", "?!"]:
        assert built.detect(line) == loaded.detect(line)
    whole = cached_files[0].read_bytes()
    expected = built.detect(news_id[0])
    # rewritten in place below (audit itself only ever renames a whole file over it): what
    # maps it now must not read it again
    del built, loaded
    for damaged in (b"not a model file", whole[: len(whole) // 2]):  # costs time, not results
        cached_files[0].write_bytes(damaged)
        again = detectors.Py3langidDetector()
        assert again.detect(news_id[0]) == expected
        assert cached_files[0].read_bytes() == whole  # rewritten whole


def test_cli_detector_option_overrides_the_configuration(tmp_path, seed_text):
    import json
    import subprocess
    import sys

    (tmp_path / "audit.toml").write_text('detector = "py3langid"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    base = [sys.executable, "-m", "audit", "run", "a.txt", "--no-backtranslate", "--no-progress",
            "--format", "json"]
    done = subprocess.run([*base, "--detector", "langdetect"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    language = json.loads(done.stdout)["articles"][0]["language"]
    assert (language["code"], language["detector"]) == ("en", "langdetect")
    assert done.stderr.strip().count("\n") == 0  # audit's own one-line note at most, nothing else
    done = subprocess.run([*base, "--detector", "cld2"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2 and "cld2" in done.stderr


def test_py3langid_fast_counts_are_py3langids_own(news_en, news_id):
    """The vectorised feature counts (detectors._WindowedFeatures) are py3langid's, in its
    order, so every score is bit-for-bit the one py3langid's own classify gives."""
    from py3langid.langid import visit_counts

    detector = detectors.get("py3langid")
    identifier = detector._identifier
    chinese = "据欧盟委员会估计，欧盟的申根国家去年收到超92万份庇护申请，比前一年增加近半。"
    texts = news_en[:150] + news_id[:150] + [
        "\n\n".join(news_en[200:206]), chinese, "İSTANBUL (AA) - Türkiye", "ab", "a", "", " ",
        "Привет, мир!", "!!!", "x" * 3000]
    for text in texts:
        data = identifier._encode(text)
        visits = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, data)
        counts = detector._features.counts(data)
        if visits:
            features, times = counts
            # The same features with the same counts, in the same order (first occurrence).
            assert list(zip(features.tolist(), times.tolist())) == list(visits.items()), text
        else:
            assert counts is None, text
        code, probability = identifier.classify(text)
        # The unrounded probability too: the score is bit-for-bit py3langid's.
        assert detectors._classify(identifier, detector._features, text) == (code, probability), text
        expected = (None, 0.0) if code not in detectors.LANGUAGES or probability <= 0.0 \
            else (code, round(min(1.0, probability), 3))
        assert detector.detect(text) == expected, text
    assert 1 <= detector._features.depth <= 8  # py3langid 0.4: 6 bytes


def test_the_mapped_model_builds_py3langids_row_offsets_only_for_its_own_walk(tmp_path, monkeypatch,
                                                                            news_id):
    """audit's walks read ``tk_row``; py3langid's ``_rowbase`` (104,583 ints) waits for its own."""
    from py3langid.langid import LanguageIdentifier

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = detectors.Py3langidDetector()  # builds the file, then maps it
    loaded = detectors.Py3langidDetector()  # maps it
    identifier = loaded._identifier
    assert isinstance(identifier, LanguageIdentifier) and type(identifier).__name__ == "LanguageIdentifier"
    for line in news_id[:20] + ["Hello", ""]:
        assert loaded.detect(line) == built.detect(line)
    assert "_rowbase" not in vars(identifier)  # detection never built it
    assert identifier.classify(news_id[0]) == built._identifier.classify(news_id[0])
    assert identifier._rowbase == [row << 8 for row in built._identifier.tk_row]
    with pytest.raises(AttributeError):
        identifier.no_such_attribute
