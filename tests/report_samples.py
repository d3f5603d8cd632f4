"""Hand-built report dicts for the report tests, independent of the checks' current state.

Spans are given by the text they cover (``_span`` finds it), so a fixture cannot drift out of
sync with its own text; the tests then assert offsets index the text exactly.
"""

from __future__ import annotations

from audit.model import SEVERITIES, fingerprint

OVERLAP_TEXT = (
    "Jakarta, CNN Indonesia —\n\n"
    "Head of the political bureau HamasIsmail Haniyeh visited Egypt on Wednesday (20/12), "
    "AFP reported.\n\n"
    "The talks were held in the kantor of the ministry <script>alert('pwned')</script> "
    "and a <b>bold</b> claim | with a pipe *star* `tick`.\n\n"
    "\"This is our obligation,\" Netanyahu said as quoted by AFP."
)


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def finding(article_id: str, text: str, needle: str, code: str, severity: str, message: str,
            suggestion: str | None = None, category: str = "fluency/spacing",
            occurrence: int = 0, span: tuple[int, int] | None = None) -> dict:
    start, end = span if span is not None else _span(text, needle)
    return {"code": code, "category": category, "severity": severity, "message": message,
            "text": text[start:end], "start": start, "end": end, "suggestion": suggestion,
            "fingerprint": fingerprint(article_id, code, text[start:end], occurrence)}


def attribution(text: str, needle: str, agency: str, kind: str) -> dict:
    start, end = _span(text, needle)
    return {"agency": agency, "kind": kind, "text": text[start:end], "start": start, "end": end}


def article(article_id: str, text: str, findings: list[dict] | None = None,
            attributions: list[dict] | None = None, error: str | None = None,
            title: str | None = None, backtranslation: dict | None = None,
            origin: dict | None = None, language: str | None = "en") -> dict:
    findings = findings or []
    attributions = attributions or []
    counts = {s: 0 for s in SEVERITIES}
    for item in findings:
        counts[item["severity"]] += 1
    agencies = list(dict.fromkeys(a["agency"] for a in attributions if a["kind"] != "dateline"))
    outlet = next((a["agency"] for a in attributions if a["kind"] == "dateline"), None)
    return {
        "id": article_id, "source": f"batch/{article_id}.txt", "title": title, "url": None,
        "published": None, "text": text,
        "language": None if error else {"code": language, "confidence": 0.99, "paragraphs": []},
        "origin_language": origin, "attributions": attributions,
        "provenance": {"outlet": outlet, "agencies": agencies}, "findings": findings,
        "counts": counts, "backtranslation": backtranslation, "error": error, "warnings": [],
    }


def overlap_article(article_id: str = "overlap-1") -> dict:
    """Every overlap shape: a finding inside an attribution, two crossing findings, one
    finding nested in another, a zero-width finding, and markup in the text."""
    t = OVERLAP_TEXT
    wed = _span(t, "Wednesday (20/12)")
    date = _span(t, "(20/12), AFP")
    findings = [
        finding(article_id, t, "HamasIsmail", "missing-space", "major",
                "Two words run together.", "Hamas Ismail"),
        finding(article_id, t, "", "weekday-date", "info", "Weekday and date in the source's "
                "style.", None, category="style/locale", span=wed),
        finding(article_id, t, "", "locale-date", "minor", "Day/month date in Indonesian order.",
                "20 December", category="locale/date", span=date),
        finding(article_id, t, "kantor", "untranslated-token", "critical",
                "Indonesian word left untranslated (kantor = office).", "office",
                category="accuracy/untranslated"),
        finding(article_id, t, "<script>alert('pwned')</script>", "markup-in-text", "major",
                "<b>Markup</b> in the article text.", "remove the <script> tag",
                category="fluency/markup"),
        finding(article_id, t, "", "missing-space", "minor", "No space before the quote.",
                None, span=(t.index("\"This"), t.index("\"This"))),
        finding(article_id, t, "quoted by AFP", "wire-credit", "info",
                "Credited to AFP inside the quote.", category="provenance/credit"),
    ]
    findings.sort(key=lambda f: (f["start"], f["end"], f["code"]))
    attributions = [
        attribution(t, "Jakarta, CNN Indonesia —", "CNN Indonesia", "dateline"),
        attribution(t, "AFP reported", "AFP", "reported"),
        attribution(t, "as quoted by AFP", "AFP", "quoted"),
    ]
    bt = {"status": "ok", "direction": "en→id→en", "threshold": 35.0,
          "models": ["translate-en_id-1_9", "translate-id_en-1_9"],
          "scores": {"chrf": 58.2, "bleu": 31.0, "ter": 52.0},
          "sentences": [
              {"start": 26, "end": 124, "source": t[26:124], "forward": "Kepala biro politik "
               "Hamas Ismail Haniyeh mengunjungi Mesir", "round_trip": "Head of Hamas political "
               "bureau Ismail Haniyeh visited Egypt", "chrf": 71.0, "bleu": 40.0, "ter": 30.0},
              {"start": 126, "end": 250, "source": "The talks were held in the kantor of the "
               "ministry", "forward": "Pembicaraan diadakan di kantor kementerian",
               "round_trip": "Talks are held in ministry office <i>x</i>", "chrf": 21.4,
               "bleu": 5.0, "ter": 80.0}]}
    origin = {"code": "id", "confidence": 0.74, "evidence": [
        {"kind": "dateline", "text": "Jakarta, CNN Indonesia —", "start": 0, "end": 24,
         "detail": "dateline of CNN Indonesia, which publishes in id"},
        {"kind": "source-token", "text": "kantor", "start": 0, "end": 0, "detail": None}]}
    return article(article_id, t, findings, attributions,
                   title="Haniyeh <i>secretly</i> visits Egypt & Qatar", backtranslation=bt,
                   origin=origin)


def error_article(article_id: str = "broken-1") -> dict:
    return article(article_id, "", error="could not decode bytes as utf-8 at offset 12 <oops>")


def clean_article(article_id: str = "clean-1") -> dict:
    text = "Jakarta, ANTARA — The central bank kept its rate at 6 percent, Reuters reported."
    return article(article_id, text, [], [
        attribution(text, "Jakarta, ANTARA —", "Antara", "dateline"),
        attribution(text, "Reuters reported", "Reuters", "reported")],
        title="Bank keeps rate")


def summary_of(articles: list[dict]) -> dict:
    """The batch summary, computed by the pipeline's own ``Summary``."""
    from audit.summary import Summary

    summary = Summary()
    for item in articles:
        summary.add(item)
    return summary.to_dict()


def render(writer_class, articles: list[dict], summary: dict | None = None) -> str:
    import io

    stream = io.StringIO()
    writer = writer_class(stream)
    writer.begin()
    for item in articles:
        writer.article(item)
    writer.end(summary if summary is not None else summary_of(articles))
    return stream.getvalue()
