"""Inputs that once made a check's time or memory grow with the square or cube of their size
(issue 8). Each input below is large enough that the old code took minutes to hours; now each
finishes in milliseconds. This is not a speed target (those live in benchmarks/adversarial.py):
the guard only turns a hang into a failure, with a limit far above the expected time.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from audit.checks import REGISTRY, CheckContext, run_check
from audit.text import paragraphs, sentences

HANG = 20  # seconds; the expected time is well under one, the old code took minutes


@contextmanager
def no_hang(seconds: int = HANG):
    def expired(signum, frame):
        raise AssertionError(f"still running after {seconds} s: super-linear again?")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _run(code: str, text: str, language: str = "en", source: str | None = None):
    ctx = CheckContext(text=text, language=language, source_text=source,
                       source_language="id" if source else None)
    with no_hang():
        return run_check(REGISTRY[code], ctx)


def test_bracket_then_long_run_of_spaces():
    # The spaced-formula regex was cubic here: 3 KB took 75 s, 20 KB days.
    text = "Hasil (" + " " * 20_000 + "x and more."
    findings = _run("spacing", text)
    assert sorted(f.message for f in findings) == ["Space after \"(\".",
                                                   "Two or more spaces between words."]


def test_spaced_formula_still_excused():
    assert _run("spacing", "The curve is f ( x ) = sin ( x + 4 ) here.") == []
    assert [f.text for f in _run("spacing", "He said ( quietly ) no.")] == ["( ", " )"]


@pytest.mark.parametrize("run", [".!?…", ".", "?!", "…"])
def test_runs_of_sentence_marks_before_a_letter(run):
    text = "Word" + (run * 80_000)[:80_000] + "Next word here."
    with no_hang():
        assert len(sentences(text)) == 1
    _run("missing-space", text)


def test_sentence_marks_still_split():
    text = "He left... Then she came!? Yes. \"Why?\" They asked."
    assert [s.text for s in sentences(text)] == [
        "He left...", "Then she came!?", "Yes.", "\"Why?\"", "They asked."]


def test_alternating_capitals_in_one_token():
    # "AbAbAb…": every inner capital re-split the whole token (16 KB took 23 s).
    _run("missing-space", "Ab" * 20_000)
    assert [f.suggestion for f in _run("missing-space", "Head of the bureau HamasIsmail Haniyeh")] \
        == ["Hamas Ismail"]


def test_one_very_long_word():
    # Every split point of a 100,000-letter token was tried, each costing the token's length.
    assert _run("missing-space", "a" * 100_000) == []


@pytest.mark.parametrize("text", [")" * 50_000, "He said." + ")" * 50_000, "[" * 25_000 + ")" * 25_000])
def test_runs_of_closing_brackets(text):
    # Each ")" looked back to the start of the paragraph (20k took 14.5 s).
    findings = _run("unbalanced-quote", text)
    assert findings  # every stray bracket is still reported


def test_enumerators_still_excused():
    assert _run("unbalanced-quote", "Steps: 1) open, 2) close, iv) done.") == []


@pytest.mark.parametrize("language", ["en", "id"])
def test_repeated_word(language):
    # "dan dan …": untranslated-token looked back over the sentence for every word.
    text = "dan " * 25_000
    for code in ("untranslated-token", "doubled-word"):
        if REGISTRY[code].languages is None or language in REGISTRY[code].languages:
            _run(code, text, language)


def test_many_wrapped_lines():
    text = ("x" * 70 + "\n") * 20_000  # 1.4 MB of wrapped lines without a full stop
    with no_hang():
        assert len(paragraphs(text)) == 1
        assert len(sentences(text)) == 1


def _source_article(copies: int) -> tuple[str, str]:
    en = "The ministry said 15 people were killed and 27 injured on Tuesday. "
    id_ = "Kementerian mengatakan 15 orang tewas dan 26 luka-luka pada hari Selasa. "
    return en * copies, id_ * copies


def _in_child_with_memory_cap(func, extra_mb: int) -> int:
    """Run ``func`` in a forked child whose address space may grow by ``extra_mb`` only;
    returns its exit status (0: done within the cap, 3: MemoryError)."""
    import os
    import resource

    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            with open("/proc/self/statm") as handle:
                size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            limit = size + extra_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            func()
            status = 0
        except MemoryError:
            status = 3
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_alignment_memory_is_bounded():
    # The alignment held two full n×m tables: a 1 MB source took 1.76 GB. 8,000 sentences
    # against 8,001 would need 1 GB that way; 200 MB more than the process has is plenty now.
    from audit.checks.numbers.align import _Unit, align
    from audit.text import Segment

    def units(n: int, offset: int) -> list:
        return [_Unit(Segment(0, 60, "x" * 60), frozenset({("n", i + offset)}), frozenset())
                for i in range(n)]

    src, tgt = units(8_001, 0), units(8_000, 1)

    def work():
        with no_hang():
            beads = align(src, tgt)
        assert sum(len(s) for s, _ in beads) == 8_001 and sum(len(t) for _, t in beads) == 8_000

    assert _in_child_with_memory_cap(work, 200) == 0


def test_huge_source_text_still_aligned():
    text, source = _source_article(1_500)
    source = "Ini kalimat tambahan. " + source  # one sentence more: the alignment has work to do
    # Every sentence's changed number is still found (26 → 27), at the right place.
    findings = _run("number-mismatch", text, source=source)
    assert len(findings) == 1_500 and all(f.text == "27" for f in findings)
    assert all("26" in f.message for f in findings)


def test_short_translation_of_a_huge_source():
    text, _ = _source_article(1)
    _, source = _source_article(10_000)
    findings = _run("number-mismatch", text, source=source)
    assert any(f.text == "27" for f in findings)


def test_repeated_number_many_times():
    text = "It cost 12 dollars. " * 5_000
    source = "Harganya 12 dolar. " * 5_000 + "Harganya 13 dolar."
    findings = _run("number-mismatch", text, source=source)
    assert [f.text for f in findings if "13" in f.message]
