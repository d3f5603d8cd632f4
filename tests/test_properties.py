"""Property-based tests: arbitrary text never crashes a check, attribution or language code,
and every span they return lies inside the text and quotes it exactly.

Text is drawn from a mix of newsroom fragments (datelines, wire credits, Indonesian words,
dates, numbers, quotes) and arbitrary Unicode (combining marks, zero-width and no-break
spaces, letters that change length when lower-cased such as "İ", emoji, control
characters), glued with arbitrary separators, so the generated articles reach the code paths
that real articles do as well as the corners they rarely do.

Every check in ``audit.checks.REGISTRY`` is exercised (the list is read at collection time,
so a newly registered check is covered without touching this file), in a language it
applies to and with a ``source_text``, so checks that need the original run too.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import provenance
from audit.checks import REGISTRY, CheckContext, run_check, run_checks
from audit.language import detect_language, infer_origin
from audit.model import SEVERITIES, Article
from audit.pipeline import analyse
from audit.text import paragraphs

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "Jakarta, CNN Indonesia —", "JAKARTA (ANTARA) - ", "JAKARTA, KOMPAS.com -",
    "SURABAYA, Indonesia (AP) —", "(AFP/ANWAR AMRO)", "AFP reported", "as quoted by Reuters",
    "told AFP", "according to Xinhua", "citing Antara", "Axios reported that", "(ANTARA FOTO)",
    "Netanyahu said", "said Netanyahu.", "the head of Mossad", "Mossad Director David Barnea",
    "Presiden Joko Widodo", "kata dia", "yang", "dan", "di", "kantor", "Polda Metro Jaya",
    "DPR", "Rabu (20/12)", "Wednesday (20/12)", "20/12/2023", "pukul 10.00 WIB", "Rp 1.500.000",
    "Rp1,5 triliun", "1,5 juta", "10.000", "3.14", "40 percent", "HamasIsmail", "the the",
    "Mr.", "U.S.", "e.g.", " ,", "..", "...", "?!", "“", "”", "\"", "'", "’", "(", ")", "—",
    "-", "/", ":", ";", "#", "@", "http://example.org/a?b=c", "\n", "\n\n", "\t", "  ",
    "\u00a0", "\u200b", "\u0301", "İ", "ß", "ﬁ", "Σ", "🙂", "\x00", "\x0c", "\r",
]
SEPARATORS = ["", " ", "  ", "\n", "\n\n", ". ", ", ", "\u00a0", "\t"]

fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))


def _join(parts: list[tuple[str, str]], bare_end: bool) -> str:
    text = "".join(piece + separator for piece, separator in parts)
    if bare_end and parts:  # half the texts end on a fragment, where end-of-text bugs live
        text = text[:len(text) - len(parts[-1][1])]
    return text


def _texts(min_size: int, max_size: int):
    return st.builds(_join, st.lists(st.tuples(fragment, st.sampled_from(SEPARATORS)),
                                     min_size=min_size, max_size=max_size), st.booleans())


# Short texts find the edge cases (empty, one character, a lone quote); long ones reach the
# checks' interactions (several paragraphs, attributions next to findings).
article_text = st.one_of(_texts(0, 8), _texts(15, 80))
source_text = st.one_of(article_text, st.sampled_from([
    "Kepala biro politik Hamas, Ismail Haniyeh, diam-diam mengunjungi Mesir pada Rabu (20/12).",
    "Jakarta, CNN Indonesia -- Presiden bertemu gubernur di kantor DPR, kata dia.",
]))

REGISTRY_CODES = sorted(REGISTRY)


def assert_span(text: str, start: int, end: int, quoted: str | None, what: str) -> None:
    assert isinstance(start, int) and isinstance(end, int), what
    assert 0 <= start <= end <= len(text), f"{what}: span {start}:{end} outside 0:{len(text)}"
    if quoted is not None:
        assert text[start:end] == quoted, f"{what}: offsets quote {text[start:end]!r}, not {quoted!r}"


def assert_findings(text: str, findings, what: str) -> None:
    for finding in findings:
        label = f"{what} {finding.code}"
        assert_span(text, finding.start, finding.end, finding.text, label)
        assert finding.severity in SEVERITIES, label
        assert isinstance(finding.message, str) and finding.message.strip(), label
        assert isinstance(finding.category, str) and finding.category, label
        assert finding.suggestion is None or isinstance(finding.suggestion, str), label


def test_the_registry_is_not_empty():
    assert REGISTRY_CODES, "no checks registered"


@pytest.mark.parametrize("code", REGISTRY_CODES)
def test_every_check_survives_arbitrary_text(code):
    chk = REGISTRY[code]
    languages = sorted(chk.languages) if chk.languages else ["en", "id", None]

    @PROPERTY_SETTINGS
    @given(text=article_text, source=source_text, language=st.sampled_from(languages))
    def run(text, source, language):
        ctx = CheckContext(text=text, language=language,
                           source_text=source or "Teks sumber.", source_language="id")
        assert chk.applies_to(ctx) != chk.needs_model  # a model's findings come from its step
        assert_findings(text, run_check(chk, ctx), "check")

    run()


@PROPERTY_SETTINGS
@given(text=article_text, source=st.one_of(st.none(), source_text),
       language=st.sampled_from(["en", "id", None]))
def test_all_checks_together_report_no_crash(text, source, language):
    ctx = CheckContext(text=text, language=language, source_text=source, source_language="id")
    findings, warnings = run_checks(ctx)
    assert warnings == []  # a crashing check becomes a warning: there must be none
    assert_findings(text, findings, "run_checks")
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.code))


REGISTRY_OF_AGENCIES = provenance.load_registry()


@PROPERTY_SETTINGS
@given(text=article_text)
def test_attributions_quote_the_text_in_order(text):
    attributions = provenance.find_attributions(text, REGISTRY_OF_AGENCIES)
    for attribution in attributions:
        assert_span(text, attribution.start, attribution.end, attribution.text, attribution.kind)
        assert attribution.start < attribution.end
        assert attribution.agency in REGISTRY_OF_AGENCIES
    starts = [a.start for a in attributions]
    assert starts == sorted(starts)
    summary = provenance.summarize(attributions, REGISTRY_OF_AGENCIES)
    assert summary.outlet is None or isinstance(summary.outlet, str)


@PROPERTY_SETTINGS
@given(text=article_text, declared=st.sampled_from([None, None, "id"]))
def test_language_and_origin_survive_arbitrary_text(text, declared):
    language = detect_language(text)
    assert language.code is None or isinstance(language.code, str)
    assert 0.0 <= language.confidence <= 1.0
    last = 0
    for paragraph in language.paragraphs:
        assert_span(text, paragraph.start, paragraph.end, None, "paragraph")
        assert paragraph.start >= last
        last = paragraph.end
        assert 0.0 <= paragraph.confidence <= 1.0
    attributions = provenance.find_attributions(text, REGISTRY_OF_AGENCIES)
    findings, _ = run_checks(CheckContext(text=text, language=language.code))
    outlets = {a.name: a.language for a in REGISTRY_OF_AGENCIES if a.language}
    origin = infer_origin(text, language, attributions, findings, outlets, declared=declared)
    if origin is None:
        return
    assert isinstance(origin.code, str) and 0.0 <= origin.confidence <= 1.0
    for evidence in origin.evidence:
        assert_span(text, evidence.start, evidence.end,
                    None if evidence.kind == "declared" else evidence.text, evidence.kind)


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=article_text, source=st.one_of(st.none(), source_text))
def test_the_whole_analysis_of_an_article_never_errors(text, source):
    """What `audit run` does per article, end to end (an error here would be a bug)."""
    report = analyse(Article(id="p", source="p.txt", text=text, source_text=source))
    assert report.error is None, report.error
    assert report.warnings == []
    record = report.to_dict()
    assert_findings(text, report.findings, "analyse")
    for attribution in record["attributions"]:
        assert_span(text, attribution["start"], attribution["end"], attribution["text"], "attr")
    assert [(p.start, p.end) for p in paragraphs(text)] == \
        [(p["start"], p["end"]) for p in record["language"]["paragraphs"]]
