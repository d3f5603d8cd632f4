"""The report writers (HTML, Markdown, CSV, JSON/JSONL), `audit report` and `audit diff`.

Writers are tested on hand-built report dicts (tests/report_samples.py) that exercise every
awkward shape: overlapping and zero-width spans, markup and Markdown/CSV metacharacters in
article text, an article that could not be read, a clean one, malformed saved reports. The
CLI tests go through `audit run` once and re-render its saved JSON.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import report_samples as samples
from audit.cli import app
from audit.model import SEVERITIES
from audit.report import writers
from audit.report.csvout import COLUMNS, CsvWriter
from audit.report.diff import diff_reports, format_text
from audit.report.html import DESK_SCRIPT, HtmlWriter, _csp, SCRIPT, segment
from audit.report.jsonout import JsonLinesWriter, JsonWriter
from audit.report.load import ReportError, load_report, recompute_summary
from audit.report.markdown import MarkdownWriter, md_code, md_text
from audit.report.output import atomic_output
from conftest import SEED

runner = CliRunner()


def batch() -> list[dict]:
    """Clean first, error second, findings third: the writers must reorder worst first."""
    return [samples.clean_article(), samples.error_article(), samples.overlap_article()]


# --------------------------------------------------------------------------------------------
# segment(): the span splitter behind the HTML highlights
# --------------------------------------------------------------------------------------------

def test_segment_pieces_of_each_span_concatenate_to_its_text():
    text = "abcdefghijklmnopqrstuvwxyz"
    spans = [(2, 10), (5, 15), (7, 8), (12, 12), (0, 26), (20, 30), (-5, 3)]
    pieces, unplaced = segment(len(text), spans)
    assert unplaced == []
    for index, (start, end) in enumerate(spans):
        start, end = max(0, start), min(len(text), end)
        covered = "".join(text[p.start:p.end] for p in pieces
                          if p.kind == "text" and index in p.active)
        assert covered == text[start:end], (index, covered)
    # text pieces tile the whole text once, in order
    assert "".join(text[p.start:p.end] for p in pieces if p.kind == "text") == text
    ends = [p.active[0] for p in pieces if p.kind == "end"]
    assert sorted(ends) == [0, 1, 2, 4, 5, 6]  # every non-empty span closes exactly once
    assert [p.active for p in pieces if p.kind == "point"] == [(3,)]


def test_segment_refuses_spans_it_cannot_place():
    pieces, unplaced = segment(10, [(5, 2), (11, 12), ("a", 3), (None, None), (True, 3), (3, 4)])
    assert unplaced == [0, 1, 2, 3, 4]
    assert [p.active for p in pieces if p.kind == "text" and p.active] == [(5,)]


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

class Spans(HTMLParser):
    """Collects the text inside every highlighted piece, per finding and attribution index."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: dict[int, str] = {}
        self.attributions: dict[int, str] = {}
        self.current: tuple[list[int], list[int]] | None = None
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self.in_script = False
        self.cards: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        values = dict(attrs)
        if tag == "section" and "card" in (values.get("class") or ""):
            self.cards.append((values["id"], values["data-state"]))
        if tag == "script":
            self.in_script = True
            self.scripts.append("")
        if tag == "span" and ("data-f" in values or "data-a" in values) \
                and "pt" not in (values.get("class") or ""):
            self.current = ([int(i) for i in (values.get("data-f") or "").split()],
                            [int(i) for i in (values.get("data-a") or "").split()])

    def handle_endtag(self, tag):
        if tag == "span":
            self.current = None
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data
        if self.current is not None:
            for index in self.current[0]:
                self.findings[index] = self.findings.get(index, "") + data
            for index in self.current[1]:
                self.attributions[index] = self.attributions.get(index, "") + data


def parse(page: str) -> Spans:
    parser = Spans()
    parser.feed(page)
    parser.close()
    return parser


def card_html(page: str, card_id: str) -> str:
    start = page.index(f'id="{card_id}"')
    return page[start:page.index("</section>", start)]


def test_html_highlights_every_finding_and_attribution_exactly_at_its_span():
    article = samples.overlap_article()
    page = samples.render(HtmlWriter, [article])
    parsed = parse(card_html(page, "a0").split(">", 1)[1])
    for index, finding in enumerate(article["findings"]):
        if finding["start"] == finding["end"]:
            continue  # zero-width: a caret, checked below
        assert parsed.findings[index] == finding["text"], finding["code"]
    for index, attribution in enumerate(article["attributions"]):
        assert parsed.attributions[index] == attribution["text"]
    point = next(i for i, f in enumerate(article["findings"]) if f["start"] == f["end"])
    assert f'class="hl pt s-minor" data-f="{point}"' in page
    # every finding has a numbered marker linking to its note, and a note linking back
    for index in range(len(article["findings"])):
        assert f'href="#a0-f{index}"' in page and f'id="a0-f{index}"' in page
        assert f'href="#a0-m{index}"' in page and f'id="a0-m{index}"' in page


def test_html_hover_text_and_notes_carry_message_and_suggestion():
    article = samples.overlap_article()
    page = samples.render(HtmlWriter, [article])
    kantor = next(f for f in article["findings"] if f["code"] == "untranslated-token")
    tip = ("critical · untranslated-token: Indonesian word left untranslated (kantor = office)."
           " → office")
    assert f'title="{tip}"' in page
    assert "Suggestion: office</div>" in page
    assert kantor["message"] in page


def test_html_escapes_article_text_and_allows_only_its_own_script():
    page = samples.render(HtmlWriter, batch())
    parsed = parse(page)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
    assert "Haniyeh &lt;i&gt;secretly&lt;/i&gt; visits Egypt &amp; Qatar" in page
    assert parsed.scripts == [SCRIPT, DESK_SCRIPT]  # our two script elements, nothing else
    assert parsed.tags.count("b") == len(re.findall(r"<b>", page))  # no <b> from the article
    # The CSP allows exactly that script (by hash) and nothing from outside.
    assert f'content="{_csp()}"' in page
    assert "default-src 'none'" in _csp() and "unsafe-inline" not in _csp().split("script-src")[1]


def test_html_is_self_contained():
    page = samples.render(HtmlWriter, batch())
    parsed = parse(page)
    assert not [a for a in parsed.attrs if a[0] in ("src", "srcset")]
    assert "<link" not in page and "@import" not in page and "url(" not in page
    hrefs = [value for name, value in parsed.attrs if name == "href"]
    assert hrefs and all(h.startswith("#") for h in hrefs), hrefs


def test_html_links_only_http_urls_of_articles():
    good, bad = samples.clean_article("c1"), samples.clean_article("c2")
    good["url"] = "https://example.org/news?a=1&b=2"
    bad["url"] = "javascript:alert(1)"
    page = samples.render(HtmlWriter, [good, bad])
    assert 'href="https://example.org/news?a=1&amp;b=2"' in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page


def test_html_cards_worst_first_and_overview_counts():
    page = samples.render(HtmlWriter, batch())
    cards = parse(page).cards
    assert cards == [("a2", "findings"), ("a1", "error"), ("a0", "clean")]
    assert "3 articles · 7 findings · 1 with findings · 1 could not be processed" in page
    attention = page[page.index('<table class="attn">'):page.index("</table>",
                                                                    page.index('class="attn"'))]
    assert attention.index("overlap-1") < attention.index("broken-1")
    assert "clean-1" not in attention
    assert "could not decode bytes as utf-8 at offset 12 &lt;oops&gt;" in page
    for code in ("missing-space", "untranslated-token", "wire-credit"):
        assert f'data-filter="code" value="{code}"' in page
    for severity in SEVERITIES:
        assert f'data-filter="sev" value="{severity}" checked' in page


def test_html_backtranslation_side_by_side_only_for_divergent_sentences():
    page = samples.render(HtmlWriter, [samples.overlap_article()])
    table = page[page.index('<table class="rt">'):]
    table = table[:table.index("</table>")]
    assert "The talks were held in the kantor of the ministry" in table
    assert "Pembicaraan diadakan di kantor kementerian" in table
    assert "Talks are held in ministry office &lt;i&gt;x&lt;/i&gt;" in table
    assert "Head of the political bureau" not in table  # chrF 71 is above the threshold
    assert "1 of 2 sentences below the round-trip threshold (chrF 35)" in page


def test_html_survives_malformed_article_dicts():
    text = "Short text."
    odd = {"id": "odd", "text": text, "findings": [
        {"code": "x", "severity": "catastrophic", "start": 3, "end": 99, "message": None},
        {"code": None, "start": "a", "end": None},
        "not a finding",
        {"code": "y", "severity": "minor", "start": 50, "end": 60, "text": "gone"}],
        "attributions": [{"agency": "AFP", "kind": None, "start": 0, "end": 5}],
        "language": "en", "origin_language": [], "provenance": None, "backtranslation": "ok",
        "warnings": "not a list"}
    page = samples.render(HtmlWriter, [odd, {"id": "bare"}], summary={})
    assert "catastrophic" in page and "(position outside the text)" in page
    assert page.rstrip().endswith("</html>")


def test_html_lone_surrogates_do_not_break_the_file(tmp_path):
    article = samples.clean_article()
    article["title"] = "bad \ud800 title"
    out = tmp_path / "r.html"
    with atomic_output(out) as stream:
        writer = HtmlWriter(stream)
        writer.begin()
        writer.article(article)
        writer.end(samples.summary_of([article]))
    assert "bad \ufffd title" in out.read_text(encoding="utf-8")


def test_html_spools_cards_so_a_big_batch_is_not_held_in_memory():
    writer = HtmlWriter(io.StringIO())
    writer.spool = type(writer.spool)(max_size=1000)  # spill to disk almost at once
    articles = [samples.overlap_article(f"a{i}") for i in range(30)]
    writer.begin()
    for article in articles:
        writer.article(article)
    assert writer.spool._file._rolled  # on disk, not in memory
    writer.end(samples.summary_of(articles))
    assert writer.stream.getvalue().count('<section class="card') == 30


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------

def test_markdown_escapes_untrusted_text():
    assert md_text("a | b *c* <script> [x](y)") == r"a \| b \*c\* \<script\> \[x\]\(y\)"
    assert md_code("x`y") == "``x`y``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code("a\nb") == "`a⏎b`"
    assert md_code("a|b", table=True) == r"`a\|b`"
    assert md_code("") == "`∅`"


def test_markdown_report_summary_worst_first_and_clean_list():
    page = samples.render(MarkdownWriter, batch())
    assert page.startswith("# Audit report\n")
    assert "**3 articles** audited" in page and "2 articles need attention" in page
    assert "| critical | 1 |" in page
    first = page.index("### 1. Haniyeh \\<i\\>secretly\\</i\\> visits Egypt \\& Qatar — "
                       "1 critical, 2 major, 2 minor, 2 info")
    second = page.index("### 2. broken-1 — error")
    assert first < second
    assert "## Clean articles (1)\n\n`clean-1`" in page
    outside_code = re.sub(r"`[^`]*`", "", page)
    assert "<script>" not in outside_code and "<b>" not in outside_code
    assert ("4. **critical** `untranslated-token` at 153–159: `kantor` — Indonesian word left "
            "untranslated \\(kantor = office\\). Suggestion: `office`") in page
    assert "| The talks were held in the kantor of the ministry |" in page


def test_markdown_one_article_needs_attention():
    page = samples.render(MarkdownWriter, [samples.overlap_article()])
    assert "1 article needs attention" in page


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------

def test_csv_one_row_per_finding_and_one_per_unreadable_article():
    articles = batch()
    data = samples.render(CsvWriter, articles)
    assert data.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert list(rows[0]) == list(COLUMNS)
    overlap = articles[2]
    finding_rows = [r for r in rows if r["id"] == "overlap-1"]
    assert len(finding_rows) == len(overlap["findings"])
    for row, finding in zip(finding_rows, overlap["findings"]):
        assert row["code"] == finding["code"] and row["fingerprint"] == finding["fingerprint"]
        assert int(row["start"]) == finding["start"] and int(row["end"]) == finding["end"]
        assert row["agencies"] == "AFP" and row["outlet"] == "CNN Indonesia"
        assert row["origin"] == "id" and row["language"] == "en"
    (error_row,) = [r for r in rows if r["id"] == "broken-1"]
    assert error_row["error"].startswith("could not decode") and error_row["code"] == ""
    assert not [r for r in rows if r["id"] == "clean-1"]
    assert len(rows) == len(overlap["findings"]) + 1


def test_csv_neutralises_formulas_and_keeps_newlines_quoted():
    text = "=HYPERLINK(\"http://x\")\nsecond line, with comma"
    article = samples.article("f1", text, [samples.finding(
        "f1", text, "=HYPERLINK(\"http://x\")\nsecond", "odd", "minor", "-1 is negative",
        "@SUM(A1)")], title="+title")
    rows = list(csv.DictReader(io.StringIO(samples.render(CsvWriter, [article]), newline="")))
    (row,) = rows
    assert row["text"] == "'=HYPERLINK(\"http://x\")\nsecond"
    assert row["message"] == "'-1 is negative" and row["suggestion"] == "'@SUM(A1)"
    assert row["title"] == "'+title"
    assert row["start"] == "0"  # numbers stay numbers


# --------------------------------------------------------------------------------------------
# JSON / JSONL writers
# --------------------------------------------------------------------------------------------

def test_json_and_jsonl_writers_are_the_contract():
    articles = batch()
    document = json.loads(samples.render(JsonWriter, articles))
    assert list(document) == ["version", "schema", "articles", "summary"]
    assert document["articles"] == articles
    assert document["summary"] == samples.summary_of(articles)
    lines = samples.render(JsonLinesWriter, articles).splitlines()
    assert [json.loads(line) for line in lines] == articles


def test_every_format_is_registered():
    assert set(writers()) == {"text", "json", "jsonl", "html", "markdown", "csv"}


def test_the_cli_choices_derive_from_the_registries():
    from audit.cli import Format, Severity
    from audit.model import SEVERITIES
    from audit.report import FORMATS

    assert [f.value for f in Format] == list(FORMATS)
    assert [s.value for s in Severity] == list(SEVERITIES)


def test_a_broken_writer_module_is_an_error_not_a_missing_format(monkeypatch):
    import audit.report as report

    monkeypatch.setitem(report.FORMATS, "html", ("audit.report.no_such_module", "HtmlWriter"))
    with pytest.raises(ImportError):
        report.writers()


def test_atomic_output_gives_a_normal_file_mode_and_leaves_nothing_on_error(tmp_path):
    out = tmp_path / "r.txt"
    with atomic_output(out) as stream:
        stream.write("x")
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(out) as stream:
            stream.write("half")
            raise KeyboardInterrupt
    assert out.read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


# --------------------------------------------------------------------------------------------
# audit report: re-render a saved report
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """The seed plus the sample batch as one saved JSON report, written by `audit run`."""
    folder = tmp_path_factory.mktemp("saved")
    inputs = folder / "batch.jsonl"
    inputs.write_text("".join(json.dumps({"id": a["id"], "text": a["text"] or " ",
                                          "title": a["title"]}) + "\n" for a in batch()),
                      encoding="utf-8")
    out = folder / "report.json"
    result = runner.invoke(app, ["run", str(SEED), str(inputs), "--format", "json", "--out",
                                 str(out), "--no-backtranslate"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "markdown", "html", "text"])
def test_report_rerenders_what_run_would_have_written(saved, tmp_path, fmt):
    direct = tmp_path / f"direct.{fmt}"
    inputs = saved.parent / "batch.jsonl"
    result = runner.invoke(app, ["run", str(SEED), str(inputs), "--format", fmt, "--out",
                                 str(direct), "--no-backtranslate"])
    assert result.exit_code == 0, result.output
    again = tmp_path / f"again.{fmt}"
    result = runner.invoke(app, ["report", str(saved), "--format", fmt, "--out", str(again)])
    assert result.exit_code == 0, result.output

    def stable(text: str) -> str:  # only `audit run` knows how long the audit took
        return re.sub(r" in \d+\.\d s", "", text).replace(" · audited", "")

    assert stable(again.read_text(encoding="utf-8")) == stable(direct.read_text(encoding="utf-8"))


def test_report_reads_jsonl_and_stdin(saved, tmp_path):
    articles = json.loads(saved.read_text(encoding="utf-8"))["articles"]
    jsonl = "".join(json.dumps(a) + "\n" for a in articles)
    (tmp_path / "r.jsonl").write_text(jsonl, encoding="utf-8")
    from_file = runner.invoke(app, ["report", str(tmp_path / "r.jsonl"), "--format", "json"])
    from_stdin = runner.invoke(app, ["report", "-", "--format", "json"], input=jsonl)
    assert from_file.exit_code == from_stdin.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout)["articles"] == articles
    assert from_stdin.stdout == from_file.stdout


def test_report_recomputes_the_summary_of_an_edited_report(saved, tmp_path):
    document = json.loads(saved.read_text(encoding="utf-8"))
    document["articles"] = [a for a in document["articles"] if a["id"] != "broken-1"]
    (tmp_path / "edited.json").write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(app, ["report", str(tmp_path / "edited.json"), "--format", "json"])
    summary = json.loads(result.stdout)["summary"]
    assert summary["articles"] == len(document["articles"]) and summary["errors"] == 0
    assert summary == recompute_summary(load_report(tmp_path / "edited.json"))


def test_report_fail_on(tmp_path):
    flagged, clean = tmp_path / "flagged.json", tmp_path / "clean.json"
    flagged.write_text(samples.render(JsonWriter, batch()), encoding="utf-8")
    clean.write_text(samples.render(JsonWriter, [samples.clean_article()]), encoding="utf-8")
    gate = ["--format", "csv", "--fail-on"]
    assert runner.invoke(app, ["report", str(flagged), *gate, "critical"]).exit_code == 1
    assert runner.invoke(app, ["report", str(flagged)]).exit_code == 0  # no gate, no failure
    assert runner.invoke(app, ["report", str(clean), *gate, "info"]).exit_code == 0


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    (b"", "the file is empty"),
    (b"\xff\xfe\x00", "not UTF-8 text"),
    (b"{not json", "not valid JSON (line 1, column 2"),
    (b"42", "expected a JSON object or list, found a number"),
    (b'{"summary": {}}', 'not an audit report (no "articles" list'),
    (b'{"schema": 99, "articles": []}', "written by a newer audit (report schema 99"),
    (b'{"articles": {}}', '"articles" should be a list, found an object'),
    (b'{"articles": [{"text": "x"}]}', 'article 1 has no "id"'),
    (b'{"articles": [{"id": "a", "findings": "many"}]}', '"findings" should be a list'),
    (b'{"id": "a"}\n[1]\n', "line 2 is a list, not an article object"),
])
def test_report_refuses_what_it_cannot_use_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "saved.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError, match=re.escape(message)):
        load_report(path)
    result = runner.invoke(app, ["report", str(path), "--format", "html"])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_report_of_a_folder_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in " ".join(result.output.split())


# --------------------------------------------------------------------------------------------
# audit diff
# --------------------------------------------------------------------------------------------

def _with(article: dict, **changes) -> dict:
    return {**article, **changes}


def test_diff_by_fingerprint_ignores_offsets_and_reports_changes():
    old = samples.overlap_article()
    findings = [dict(f) for f in old["findings"]]
    # edit elsewhere: every offset moves, the fingerprints do not
    for finding in findings:
        finding["start"] += 10
        finding["end"] += 10
    gone = next(f for f in findings if f["code"] == "wire-credit")
    findings.remove(gone)
    kantor = next(f for f in findings if f["code"] == "untranslated-token")
    kantor["severity"] = "major"
    new_finding = samples.finding("overlap-1", old["text"], "Netanyahu", "role-confusion",
                                  "major", "Who said it?")
    new = _with(old, findings=findings + [new_finding])
    result = diff_reports([old], [new])
    assert [f["code"] for f in result["findings"]["appeared"]] == ["role-confusion"]
    assert [f["code"] for f in result["findings"]["disappeared"]] == ["wire-credit"]
    (changed,) = result["findings"]["severity_changed"]
    assert (changed["code"], changed["old_severity"], changed["severity"]) == \
        ("untranslated-token", "critical", "major")
    counts = result["counts"]
    assert counts["unchanged"] == len(old["findings"]) - 2
    assert counts["appeared_by_severity"]["major"] == 1
    assert counts["disappeared_by_severity"]["info"] == 1
    entry = result["findings"]["appeared"][0]
    assert list(entry) == ["id", "fingerprint", "code", "severity", "category", "message",
                           "text", "start", "end", "suggestion", "article"]


def test_diff_articles_added_removed_and_errors_are_not_fixes():
    old = [samples.overlap_article("a"), samples.clean_article("b"), samples.overlap_article("c")]
    new = [_with(samples.error_article("a"), id="a"), samples.clean_article("b"),
           samples.overlap_article("d")]
    result = diff_reports(old, new)
    assert result["articles"]["added"] == ["d"] and result["articles"]["removed"] == ["c"]
    assert result["articles"]["errors_appeared"] == ["a"]
    appeared = result["findings"]["appeared"]
    disappeared = result["findings"]["disappeared"]
    assert {f["id"] for f in appeared} == {"d"} and {f["article"] for f in appeared} == {"added"}
    assert {f["id"] for f in disappeared} == {"c"}  # a's findings did not "disappear"
    back = diff_reports(new, old)
    assert back["articles"]["errors_resolved"] == ["a"]
    assert {f["id"] for f in back["findings"]["appeared"]} == {"a", "c"}


def test_diff_of_identical_reports_is_empty_and_text_says_so():
    articles = batch()
    result = diff_reports(articles, articles)
    assert result["counts"]["appeared"] == result["counts"]["disappeared"] == 0
    text = format_text(result, "old.json", "new.json")
    assert "findings: +0 appeared, -0 disappeared, 0 changed severity, 7 unchanged" in text


def test_diff_cli_text_json_and_exit_codes(saved, tmp_path):
    document = json.loads(saved.read_text(encoding="utf-8"))
    seed = document["articles"][0]
    extra = samples.finding(seed["id"], seed["text"], "Mossad", "role-confusion", "critical",
                            "Mossad is an agency, not a person.", "the Mossad")
    seed["findings"].append(extra)
    newer = tmp_path / "new.json"
    newer.write_text(json.dumps(document), encoding="utf-8")

    same = runner.invoke(app, ["diff", str(saved), str(saved)])
    assert same.exit_code == 0 and "+0 appeared" in same.stdout

    as_text = runner.invoke(app, ["diff", str(saved), str(newer)])
    assert as_text.exit_code == 0, as_text.output
    assert "+1 appeared (1 critical)" in as_text.stdout
    assert f"+ critical role-confusion" in as_text.stdout and extra["fingerprint"] in as_text.stdout

    as_json = runner.invoke(app, ["diff", str(saved), str(newer), "--format", "json"])
    result = json.loads(as_json.stdout)
    assert list(result) == ["articles", "findings", "counts", "signatures"]
    assert result["findings"]["appeared"][0]["fingerprint"] == extra["fingerprint"]

    gate = ["diff", str(saved), str(newer), "--fail-on-new"]
    assert runner.invoke(app, gate + ["critical"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(newer), str(saved), "--fail-on-new",
                               "info"]).exit_code == 0  # only a disappearance
    missing = runner.invoke(app, ["diff", str(saved), str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_diff_accepts_a_jsonl_report_and_fills_missing_fingerprints(saved, tmp_path):
    articles = json.loads(saved.read_text(encoding="utf-8"))["articles"]
    stripped = [{**a, "findings": [{k: v for k, v in f.items() if k != "fingerprint"}
                                   for f in a["findings"]]} for a in articles]
    path = tmp_path / "old.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in stripped), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(path), str(saved), "--format", "json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)["counts"]
    assert counts["appeared"] == counts["disappeared"] == 0
    assert counts["unchanged"] == sum(len(a["findings"]) for a in articles)
