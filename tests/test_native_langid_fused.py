"""The compiled detector path (``_NativeFeatures.classify``: gather, finish, pick) gives the
numpy path's answers bit for bit: the same features, counts and weight rows, the same float32
scores after each step, the same language and probability.

Skipped where the extension is not built (fails under AUDIT_REQUIRE_NATIVE=1 / CI=true).
"""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit import detectors
from conftest import compiled, require_compiled

_native_langid = compiled("_native_langid")

OTHER_LANGUAGES = [
    "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die steigenden Energiepreise beschlossen.",
    "Le président de la République a annoncé jeudi soir une série de mesures pour soutenir les ménages.",
    "El Gobierno aprobó este martes el proyecto de ley de presupuestos generales del Estado.",
    "Президент подписал указ о дополнительных мерах поддержки семей с детьми.",
    "据欧盟委员会估计，欧盟的申根国家去年收到超92万份庇护申请，比前一年增加近半。",
    "政府は来年度の予算案を閣議決定し、防衛費は過去最大となった。",
    "أعلنت وزارة الصحة عن تسجيل حالات جديدة في عدد من المحافظات خلال الأسبوع الماضي.",
    "Thủ tướng Chính phủ đã chủ trì cuộc họp về tình hình phát triển kinh tế - xã hội.",
    "प्रधानमंत्री ने आज नई दिल्ली में एक कार्यक्रम को संबोधित किया।",
    "JAKARTA, CNN INDONESIA -- PRESIDEN JOKO WIDODO MENGATAKAN", "İSTANBUL (AA) - Türkiye",
]
EDGES = ["", " ", "a", "ab", "!!!", "x" * 3000, "\x00\x01\x02", "\ud800 lone surrogate", "AB" * 700,
         "ab" * 5000, "日本" * 2000, "1234567890 " * 40]


@pytest.fixture(scope="module")
def engines():
    """(identifier, fused native features, numpy features) over the same loaded model."""
    require_compiled(_native_langid, "_native_langid")
    detector = detectors.get("py3langid")
    identifier, depth = detector._identifier, detector._features.depth
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("AUDIT_NATIVE", raising=False)
        native = detectors._feature_counter(identifier, depth)
    assert isinstance(native, detectors._NativeFeatures) and native._fused
    return identifier, native, detectors._WindowedFeatures(identifier, depth)


def _numpy_scores(identifier, data: bytes):
    """py3langid's score steps, one array per step, as detectors._classify's numpy path."""
    visits = detectors._WindowedFeatures(identifier, detectors.get()._features.depth).counts(data)
    found, counts = visits
    weights = np.log1p(counts.astype(np.float32))
    scores = weights @ identifier.nb_ptc.take(found, axis=0)
    steps = [scores.copy()]
    scores += identifier.nb_pc
    scores *= 1.0 / math.sqrt(len(data) or 1)
    np.subtract(scores, scores.max(), out=scores)
    steps.append(scores.copy())
    np.exp(scores, out=scores)
    total = scores.sum()
    scores /= total
    best = int(scores.argmax())
    return found, counts, steps, total, (best, float(scores[best]))


def _texts(news_en, news_id):
    return (news_en[:400] + news_id[:400] + [" ".join(news_en[i:i + 12]) for i in range(0, 240, 12)]
            + [t.upper() for t in news_en[:30]] + OTHER_LANGUAGES + EDGES)


def test_each_step_is_the_numpy_steps_bit_for_bit(engines, news_en, news_id):
    identifier, native, _numpy = engines
    walker, fused = native._walker, native._native
    compared = raw = 0
    for text in _texts(news_en, news_id):
        data = identifier._encode(text)
        weights, rows = native._buffers(len(data))
        found = walker.gather(data, weights, rows)
        if not found:
            assert native.counts(data) is None, text
            continue
        features, counts, steps, total, answer = _numpy_scores(identifier, data)
        assert abs(found) == len(features), text
        w = weights[:abs(found)]
        if found < 0:  # a count past the table: the counts themselves, for np.log1p
            assert counts.max() >= detectors.LOG1P_TABLE, text
            assert w.tobytes() == counts.astype(np.float32).tobytes(), text
            np.log1p(w, out=w)
            raw += 1
        assert w.tobytes() == np.log1p(counts.astype(np.float32)).tobytes(), text
        found = abs(found)
        assert np.array_equal(rows[:found], identifier.nb_ptc.take(features, axis=0)), text
        scores = w @ rows[:found]
        assert scores.tobytes() == steps[0].tobytes(), text  # the same product, bit for bit
        assert fused.finish(scores, native._pc, len(data)) is True
        assert scores.tobytes() == steps[1].tobytes(), text
        np.exp(scores, out=scores)
        assert np.float32(native._add_reduce(scores)).tobytes() == np.float32(total).tobytes()
        assert fused.pick(scores, native._add_reduce(scores)) == answer, text
        compared += 1
    assert compared > 800 and raw >= 1  # both ways of getting the weights were compared


def test_the_log1p_table_is_numpys_log1p_wherever_a_count_stands():
    """The table gather() reads is np.log1p of each count; np.log1p, elementwise, gives a
    value the same bits in an array of any length, at any offset, alone or among others."""
    table = np.log1p(np.arange(detectors.LOG1P_TABLE, dtype=np.float32))
    rng = np.random.default_rng(13)
    for length in list(range(1, 70)) + [97, 128, 255, 256, 600, 4096]:
        for offset in (0, 1, 3, 8):
            values = rng.integers(0, detectors.LOG1P_TABLE, length)
            room = np.empty(length + offset, dtype=np.float32)[offset:]
            room[:] = values
            np.log1p(room, out=room)
            assert room.tobytes() == table[values].tobytes(), (length, offset)
            assert np.log1p(values.astype(np.float32)).tobytes() == table[values].tobytes()


def test_fused_answers_are_the_numpy_paths_and_py3langids(engines, news_en, news_id):
    identifier, native, numpy = engines
    for text in _texts(news_en, news_id):
        fused = detectors._classify(identifier, native, text)
        assert fused == detectors._classify(identifier, numpy, text), text
        assert fused == identifier.classify(text), text
    assert native.classify(b"") is None  # no bytes, no features: numpy's uniform answer decides
    assert native.classify(b"\x00\x00") is None or native.classify(b"\x00\x00") == \
        detectors._classify(identifier, numpy, "\x00\x00")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=400),
                     st.text(st.characters(min_codepoint=0x3040, max_codepoint=0x9FFF), max_size=300),
                     st.text(st.sampled_from("abcdefghij klmnop.,AEIOU"), max_size=600)))
def test_fused_matches_numpy_on_random_text(engines, text):
    identifier, native, numpy = engines
    assert detectors._classify(identifier, native, text) == detectors._classify(identifier, numpy, text)


def _numpy_finish(scores, pc, size):
    scores = scores.copy()
    scores += pc
    scores *= 1.0 / math.sqrt(size or 1)
    np.subtract(scores, scores.max(), out=scores)
    return scores


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(width=32, allow_nan=False, allow_infinity=False), min_size=1,
                       max_size=97),
       size=st.integers(min_value=0, max_value=10**6), seed=st.integers(0, 2**32 - 1))
def test_finish_and_pick_are_numpys_float32_steps(engines, values, size, seed):
    _identifier, native, _numpy = engines
    fused = native._native
    scores = np.array(values, dtype=np.float32)
    pc = np.random.default_rng(seed).normal(0, 50, len(values)).astype(np.float32)
    with np.errstate(all="ignore"):
        expected = _numpy_finish(scores, pc, size)
    if not np.all(np.isfinite((scores + pc) * np.float32(1.0 / math.sqrt(size or 1)))):
        before = scores.copy()
        assert fused.finish(scores, pc, size) is False
        assert scores.tobytes() == before.tobytes()  # nothing written: numpy's path decides
        return
    assert fused.finish(scores, pc, size) is True
    assert scores.tobytes() == expected.tobytes()
    np.exp(scores, out=scores)
    total = scores.sum()
    divided = scores / total
    best = int(divided.argmax())
    assert fused.pick(scores, total) == (best, float(divided[best]))


def test_finish_and_pick_leave_nan_and_infinity_to_numpy(engines):
    fused = engines[1]._native
    pc = np.zeros(3, dtype=np.float32)
    for bad in (np.nan, np.inf, -np.inf):
        scores = np.array([1.0, bad, 2.0], dtype=np.float32)
        assert fused.finish(scores, pc, 4) is False
        assert np.array_equal(scores, [1.0, bad, 2.0], equal_nan=True)
    assert fused.finish(np.array([3e38, 3e38], np.float32), np.array([3e38, 0], np.float32), 1) is False
    assert fused.pick(np.array([1.0, np.nan], np.float32), 2.0) is None
    assert fused.pick(np.array([1.0, 3.0, 3.0], np.float32), 7.0) == (1, float(np.float32(3) / np.float32(7)))
    with pytest.raises(TypeError):
        fused.finish(np.zeros(3, np.float64), pc, 1)
    with pytest.raises(TypeError):
        fused.finish(np.zeros(4, np.float32), pc, 1)  # pc as long as scores
    with pytest.raises(TypeError):
        fused.finish(np.zeros(3, np.float32), np.zeros(3, np.float64), 1)  # pc float32
    read_only = np.zeros(3, dtype=np.float32)
    read_only.flags.writeable = False  # as the mapped model's priors are
    assert fused.finish(np.zeros(3, np.float32), read_only, 1) is True
    with pytest.raises(ValueError):
        fused.pick(np.zeros(0, np.float32), 1.0)


def test_gather_checks_its_buffers_and_model(engines):
    identifier, native, _numpy = engines
    walker = native._walker
    weights, rows = native._buffers(16)
    assert walker.gather(b"", weights, rows) == 0
    with pytest.raises(ValueError, match="room"):
        walker.gather(b"x" * (len(weights) + 1), weights, rows)
    with pytest.raises(TypeError, match="weights"):
        walker.gather(b"abc", np.zeros(8, np.float64), rows)
    with pytest.raises(TypeError, match="rows"):
        walker.gather(b"abc", weights, np.zeros((8, 3), np.int32))
    with pytest.raises(TypeError):
        walker.gather(b"abc", weights)
    # A walker built without the weights cannot gather, and says so.
    nextmove = np.zeros(256 * 2, dtype=np.uint32)
    nextmove[ord("a")] = 1
    bare = _native_langid.Walker(nextmove, np.array([0, 1], np.uint16), np.array([-1, 0], np.int32), 2)
    with pytest.raises(TypeError, match="ptc"):
        bare.gather(b"a", weights, rows)
    # A tiny model: feature 0 on state 1, weights of two classes; a damaged state is an error.
    ptc = np.array([[1.5, -2.0]], dtype=np.float32)
    small = _native_langid.Walker(nextmove, np.array([0, 1], np.uint16), np.array([-1, 0], np.int32), 2, ptc)
    w, r = np.zeros(8, np.float32), np.zeros((8, 2), np.float32)
    assert small.gather(b"aza", w, r) == -1 and w[0] == 2.0 and r[0].tolist() == [1.5, -2.0]
    table = np.log1p(np.arange(3, dtype=np.float32))  # counts 0-2 looked up, 3 and more not
    looked = _native_langid.Walker(nextmove, np.array([0, 1], np.uint16), np.array([-1, 0], np.int32),
                                   2, ptc, table)
    assert looked.gather(b"aza", w, r) == 1 and w[0] == table[2] and r[0].tolist() == [1.5, -2.0]
    assert looked.gather(b"azaza", w, r) == -1 and w[0] == 3.0  # past the table: the count itself
    with pytest.raises(ValueError, match="log1p"):
        _native_langid.Walker(nextmove, np.array([0, 1], np.uint16), np.array([-1, 0], np.int32), 2,
                              ptc, table.astype(np.float64))
    nextmove[256 + ord("b")] = 7
    with pytest.raises(ValueError, match="state it does not have"):
        small.gather(b"ab", w, r)
    with pytest.raises(ValueError, match="row for every feature"):
        _native_langid.Walker(nextmove, np.array([0, 1], np.uint16), np.array([-1, 1], np.int32), 2, ptc)
    with pytest.raises(ValueError, match="float32"):
        _native_langid.Walker(nextmove, np.array([0, 1], np.uint16), np.array([-1, 0], np.int32), 2,
                              ptc.astype(np.float64))


def test_threads_get_their_own_buffers_and_the_same_answers(engines, news_en, news_id):
    identifier, native, numpy = engines
    texts = news_en[:60] + news_id[:60] + OTHER_LANGUAGES
    expected = [detectors._classify(identifier, numpy, t) for t in texts]
    results: dict[int, list] = {}

    def work(n: int) -> None:
        results[n] = [detectors._classify(identifier, native, t) for t in texts * 3]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[n] == expected * 3 for n in range(4))
