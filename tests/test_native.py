"""The compiled byte walk (``audit._native_langid``) gives what the numpy fallback gives.

``setup.py`` builds the extension when a C compiler is there; without it audit runs the numpy
passes (``detectors._WindowedFeatures``) and these tests skip with the reason, except when
``AUDIT_REQUIRE_NATIVE=1`` (set by .ci/run) or ``CI=true``: then they fail, so a CI build
that silently lost the extension does not pass unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import detectors
from conftest import compiled, require_compiled

_native_langid = compiled("_native_langid")

# Real sentences of languages other than English and Indonesian (news and reference prose).
OTHER_LANGUAGES = [
    "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen.",
    "Le président de la République a annoncé jeudi soir une série de mesures pour soutenir les ménages.",
    "El Gobierno aprobó este martes el proyecto de ley de presupuestos generales del Estado para el próximo año.",
    "O Banco Central manteve a taxa básica de juros inalterada pela terceira reunião consecutiva.",
    "Il presidente del Consiglio ha incontrato i sindacati a Palazzo Chigi per discutere della riforma.",
    "Президент подписал указ о дополнительных мерах поддержки семей с детьми.",
    "据欧盟委员会估计，欧盟的申根国家去年收到超92万份庇护申请，比前一年增加近半。",
    "政府は来年度の予算案を閣議決定し、防衛費は過去最大となった。",
    "أعلنت وزارة الصحة عن تسجيل حالات جديدة في عدد من المحافظات خلال الأسبوع الماضي.",
    "Cumhurbaşkanı, Ankara'da düzenlenen törende yaptığı konuşmada ekonomik hedefleri açıkladı.",
    "Thủ tướng Chính phủ đã chủ trì cuộc họp về tình hình phát triển kinh tế - xã hội.",
    "प्रधानमंत्री ने आज नई दिल्ली में एक कार्यक्रम को संबोधित किया।",
    "İSTANBUL (AA) - Türkiye", "Привет, мир!", "ÀÉÎÕÜ ß ø å æ œ — “quoted” … ‘single’",
]
EDGES = ["", " ", "a", "ab", "!!!", "x" * 3000, "\x00\x01\x02", "\ud800 lone surrogate", "AB" * 700]


def _require_native():
    require_compiled(_native_langid, "_native_langid")


@pytest.fixture(scope="module")
def engines():
    """(identifier, native counts, numpy counts) over the same loaded model."""
    _require_native()
    detector = detectors.get("py3langid")
    identifier, depth = detector._identifier, detector._features.depth
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("AUDIT_NATIVE", raising=False)  # compare even when the run forces the fallback
        native = detectors._feature_counter(identifier, depth)
    assert isinstance(native, detectors._NativeFeatures)
    return identifier, native, detectors._WindowedFeatures(identifier, depth)


def _same_counts(native, numpy, data: bytes) -> None:
    ours, theirs = native.counts(data), numpy.counts(data)
    if theirs is None:
        assert ours is None, data
        return
    assert ours is not None, data
    for mine, other in zip(ours, theirs):
        assert mine.dtype == other.dtype and np.array_equal(mine, other), data


def test_native_counts_are_the_fallbacks_and_py3langids_on_real_text(engines, news_en, news_id):
    from py3langid.langid import visit_counts

    identifier, native, numpy = engines
    long_text = "\n\n".join(news_en[300:330] + news_id[300:330])
    texts = news_en[:200] + news_id[:200] + OTHER_LANGUAGES + EDGES + [long_text]
    # Every length around the points where the walk is cut into lanes (see langid.c), in
    # English/Indonesian and in Chinese/Japanese, whose two-character n-grams are the deepest
    # states (6 bytes): a lane started a byte late gets those wrong.
    cjk = "".join(OTHER_LANGUAGES[6:8]) * 4
    texts += [long_text[:n] for n in range(0, 260)] + [cjk[:n] for n in range(0, 200)]
    for text in texts:
        data = identifier._encode(text)
        _same_counts(native, numpy, data)
        visits = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, data)
        counts = native.counts(data)
        assert (list(zip(*(a.tolist() for a in counts))) if counts else None) == \
            (list(visits.items()) if visits else None), text
        assert detectors._classify(identifier, native, text) == detectors._classify(identifier, numpy, text)
        assert detectors._classify(identifier, native, text) == identifier.classify(text), text


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600))
def test_native_counts_match_on_random_bytes(engines, data):
    identifier, native, numpy = engines
    _same_counts(native, numpy, data)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=300),  # any text, and CJK, whose n-grams are the deepest
                     st.text(st.characters(min_codepoint=0x3040, max_codepoint=0x9FFF), max_size=200)))
def test_native_detection_matches_on_random_text(engines, text):
    identifier, native, numpy = engines
    assert detectors._classify(identifier, native, text) == detectors._classify(identifier, numpy, text)


def test_audit_native_0_forces_the_fallback_with_identical_detections(monkeypatch, news_en, news_id):
    _require_native()
    monkeypatch.delenv("AUDIT_NATIVE", raising=False)
    default = detectors.Py3langidDetector()
    assert isinstance(default._features, detectors._NativeFeatures)
    monkeypatch.setenv("AUDIT_NATIVE", "0")
    fallback = detectors.Py3langidDetector()
    assert isinstance(fallback._features, detectors._WindowedFeatures)
    for text in news_en[:50] + news_id[:50] + OTHER_LANGUAGES + EDGES:
        assert default.detect(text) == fallback.detect(text), text


def test_a_run_reports_the_same_with_and_without_the_extension(tmp_path, seed_text):
    """Whole reports, through the CLI: the detector's name and every finding are the same."""
    _require_native()
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    command = [sys.executable, "-m", "audit", "run", "a.txt", "--no-backtranslate", "--no-progress",
               "--format", "json"]
    outputs = []
    for native in ("1", "0"):
        env = {**os.environ, "AUDIT_NATIVE": native}
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env)
        outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0 and "detector:py3langid" in outputs[0][1]


def test_a_damaged_model_is_an_error_not_a_crash():
    _require_native()
    nextmove = np.zeros(256 * 2, dtype=np.uint32)
    nextmove[ord("a")] = 1
    nextmove[256 + ord("b")] = 7  # a state the automaton does not have
    rows, output = np.array([0, 1], dtype=np.uint16), np.array([-1, 0], dtype=np.int32)
    walker = _native_langid.Walker(nextmove, rows, output, 2)
    assert walker.counts(b"zz") is None
    features, counts = walker.counts(b"aza")
    assert (np.frombuffer(features, np.int64).tolist(), np.frombuffer(counts, np.int64).tolist()) == ([0], [2])
    with pytest.raises(ValueError, match="state it does not have"):
        walker.counts(b"ab")
    assert walker.counts(b"aa") is not None  # the walker is still usable after the error
    with pytest.raises(ValueError, match="outside nextmove"):
        _native_langid.Walker(nextmove, np.array([0, 2], dtype=np.uint16), output, 2)
    with pytest.raises(TypeError, match="nextmove"):
        _native_langid.Walker(nextmove.astype(np.int64), rows, output, 2)
    with pytest.raises(TypeError, match="nextmove"):
        _native_langid.Walker(nextmove.astype(np.float32), rows, output, 2)



def test_audit_native_0_switches_every_compiled_module_off(monkeypatch):
    """audit.native.load is the one switch: off with AUDIT_NATIVE=0, the built module otherwise,
    and None (not an error) for a module that was never built."""
    from audit import native

    monkeypatch.setenv("AUDIT_NATIVE", "0")
    assert native.load("_native_langid") is None and native.load("_native_stories") is None
    monkeypatch.delenv("AUDIT_NATIVE")
    assert native.load("_native_langid") is _native_langid
    assert native.load("_native_no_such_module") is None
