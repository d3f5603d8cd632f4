"""Report bodies a new user can trust (issue 9, "What a new user ran into"; issue 8 Markdown).

Each test failed before the fix it names.
"""

from __future__ import annotations

import io
import json
import re

import report_samples as samples
from audit.report import WriterOptions
from audit.report.html import STYLE, HtmlWriter
from audit.report.jsonout import JsonLinesWriter, JsonWriter
from audit.report.markdown import MarkdownWriter, md_text


def _render(writer_class, articles, elapsed=None) -> str:
    stream = io.StringIO()
    writer = writer_class(stream, WriterOptions(elapsed=elapsed))
    writer.begin()
    for item in articles:
        writer.article(item)
    writer.end(samples.summary_of(articles))
    return stream.getvalue()


def _credited_article(article_id="a1"):
    text = "Jakarta, CNN Indonesia — Talks resumed, AFP reported. Axios reported the same."
    return samples.article(article_id, text, [], [
        samples.attribution(text, "Jakarta, CNN Indonesia —", "CNN Indonesia", "dateline"),
        samples.attribution(text, "AFP reported", "AFP", "reported"),
        samples.attribution(text, "Axios reported", "Axios", "reported")], title="Talks")


# -- Markdown --------------------------------------------------------------------------------

def test_markdown_never_autolinks_or_mentions():
    for raw in ("see https://evil.example/x", "www.evil.example", "ping @newsroom-team",
                "mail desk@example.com", "HTTP://x.y"):
        escaped = md_text(raw)
        assert not re.search(r"(?i)https?://|www\.|@\w", escaped), escaped
        assert escaped.replace("\u2060", "").replace("\\", "") == raw  # reads the same
    article = samples.article("a", "Plain text.", title="Update @team: https://x.example now")
    page = _render(MarkdownWriter, [article])
    assert "@team" not in page and "https://x.example" not in page


# -- no timing in report bodies -----------------------------------------------------------------

def test_markdown_and_html_bodies_do_not_depend_on_the_run_time():
    articles = [_credited_article(), samples.clean_article()]
    for writer_class in (MarkdownWriter, HtmlWriter):
        fast, slow = _render(writer_class, articles, 0.4), _render(writer_class, articles, 97.3)
        assert fast == slow, writer_class.__name__
        assert "audited in" not in fast


# -- JSONL / JSON --------------------------------------------------------------------------

def test_jsonl_escapes_line_separators_so_every_reader_sees_one_record_a_line():
    article = samples.article("a", "One\u2028two\u2029three\x85four.", title="t\u2028")
    text = _render(JsonLinesWriter, [article, samples.clean_article()])
    assert "\u2028" not in text and "\u2029" not in text and "\x85" not in text
    lines = text.splitlines()  # str.splitlines splits on U+2028/U+2029 too
    assert len(lines) == 2 and json.loads(lines[0])["text"] == "One\u2028two\u2029three\x85four."
    document = json.loads(_render(JsonWriter, [article]))
    assert document["articles"][0]["title"] == "t\u2028"


# -- HTML ----------------------------------------------------------------------------------

def test_html_agencies_credited_leaves_the_publishing_outlet_out():
    page = _render(HtmlWriter, [_credited_article("a1"), _credited_article("a2")])
    panel = page[page.index("<h3>Agencies credited</h3>"):]
    panel = panel[:panel.index("</div>")]
    assert "AFP" in panel and "Axios" in panel and "CNN Indonesia" not in panel


def test_html_and_markdown_never_show_a_dash_for_a_missing_outlet():
    text = "Talks resumed, Axios reported the the news."
    article = samples.article("a", text, [samples.finding("a", text, "the the", "doubled-word",
                                                          "minor", "Doubled word.")],
                              [samples.attribution(text, "Axios reported", "Axios", "reported")])
    for writer_class in (HtmlWriter, MarkdownWriter):
        page = _render(writer_class, [article])
        assert "— ← Axios" not in page and "—  ← Axios" not in page
        assert "credited: Axios" in page


def _lab(colour: str) -> tuple[float, float, float]:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _delta_e(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(_lab(a), _lab(b))) ** 0.5


def test_html_critical_and_major_tints_are_easy_to_tell_apart():
    colour = dict(re.findall(r"--([a-z-]+):(#[0-9a-f]{6})", STYLE))
    # CIE76 distance: ~2 is just noticeable, 25+ reads as a different colour at a glance
    assert _delta_e(colour["crit"], colour["maj"]) >= 25
    assert _delta_e(colour["crit-bg"], colour["maj-bg"]) >= 25
    notes = dict(re.findall(r"\.note\.s-(critical|major)\{[^}]*background:(#[0-9a-f]{6})", STYLE))
    assert _delta_e(notes["critical"], notes["major"]) >= 10
    assert "border-bottom-style:double" in STYLE  # critical is not told by colour alone


def test_html_folded_duplicate_notes_say_what_they_repeat():
    text = "Hamas hostages were freed. Later more Hamas hostages were freed."
    findings = [samples.finding("a", text, "Hamas hostages", "role-confusion", "minor",
                                "Ambiguous role.", occurrence=0),
                samples.finding("a", text, "Hamas hostages", "role-confusion", "minor",
                                "Ambiguous role.", occurrence=1, span=samples._span(
                                    text, "Hamas hostages", 1))]
    page = _render(HtmlWriter, [samples.article("a", text, findings)])
    assert "— as <a" not in page
    assert re.search(r"again: same message as note <a href=\"#a0-f0\">1</a>", page)


def test_html_origin_evidence_is_shown_in_full():
    detail = ("Indonesian newsroom date style: a weekday followed by the date in brackets, here "
              "day/month. English writes \"Wednesday, December 20\".")
    origin = {"code": "id", "confidence": 0.83, "evidence": [
        {"kind": "source-convention", "text": "Wednesday (20/12)", "start": 0, "end": 17,
         "detail": detail}]}
    page = _render(HtmlWriter, [samples.article("a", "Wednesday (20/12) talks.", origin=origin)])
    evidence = page[page.index('<ul class="evidence">'):]
    evidence = evidence[:evidence.index("</ul>")]
    assert "…" not in evidence and "English writes &quot;Wednesday, December 20&quot;." in evidence


def test_html_has_no_overview_bars_for_a_batch_of_one():
    one = _render(HtmlWriter, [_credited_article()])
    overview = one[one.index('<section class="overview"'):one.index("</section>")]
    assert 'class="bar ' not in overview
    two = _render(HtmlWriter, [_credited_article("a1"), samples.clean_article()])
    assert 'class="bar ' in two[two.index('<section class="overview"'):]
