"""The Markdown report (``--format markdown``): for pasting into a ticket or a pull request.

GitHub-flavoured Markdown: a summary, then the articles that need attention, worst first,
each with its findings as a numbered list quoting the flagged span. Article text is
untrusted: quoted spans go in code spans (nothing inside is interpreted), every other
piece of text is escaped, and table cells escape ``|`` too, so an article cannot break the
layout, inject links or raw HTML into the ticket.
"""

from __future__ import annotations

import re
from typing import Any

from audit import __version__
from audit.model import SEVERITIES
from audit.report import ReportWriter, WriterOptions
from audit.report.common import Spool, as_dict, as_list, count_severities, divergent_sentences, \
    no_surrogates, number, plural, provenance_text, rank

QUOTE_CHARS = 160      # longest quoted span; longer ones are clipped with "…"
CLEAN_IDS_LISTED = 50  # clean articles are listed by id, up to this many

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
WORD_JOINER = "\u2060"
# What GitHub autolinks or notifies on: a URL scheme, "www.", and "@" (mentions, e-mail).
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|@")


def md_text(value: Any) -> str:
    """Escape text for inline Markdown: on one line, no markup, no HTML, no links, no pings.

    Backslashes stop Markdown syntax, but GitHub also turns bare ``https://…``, ``www.…``
    and e-mail addresses into links and ``@name`` into a notification: a word joiner
    (U+2060, invisible) after the scheme, ``www`` or ``@`` keeps them plain text.
    """
    text = no_surrogates(str(value if value is not None else ""))
    text = " ".join(text.split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, text)


def md_cell(value: Any) -> str:
    """A table cell: inline-escaped (``|`` included, so the row keeps its columns)."""
    return md_text(value) or " "


def md_code(value: Any, limit: int = QUOTE_CHARS, table: bool = False) -> str:
    """A code span showing ``value`` literally, whatever backticks it contains.

    Line breaks become ``⏎`` (a code span cannot hold one); the fence is one backtick longer
    than the longest run inside, padded with spaces when the value starts or ends with one.
    In a table cell (``table=True``) ``|`` is escaped as GFM requires even in code spans.
    """
    text = no_surrogates(str(value if value is not None else ""))
    text = re.sub(r"\r\n|\r|\n", "⏎", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if not text:
        return "`∅`"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or not text.strip(" "):
        text = f" {text} "
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


class MarkdownWriter(ReportWriter):
    """``--format markdown``: summary first, then articles worst first (see module docstring)."""

    streaming = False

    def __init__(self, stream, options: WriterOptions | None = None):
        super().__init__(stream, options)
        self.spool = Spool()
        self.sections: list[tuple[tuple, tuple[int, int]]] = []
        self.clean: list[str] = []
        self.index = 0

    def article(self, article: dict) -> None:
        index, self.index = self.index, self.index + 1
        findings = [f for f in as_list(article.get("findings")) if isinstance(f, dict)]
        error = article.get("error")
        if not findings and not error:
            self.clean.append(str(article.get("id")))
            return
        key = rank(count_severities(findings), bool(error), index)
        self.sections.append((key, self.spool.add(render_article(article, findings))))

    def end(self, summary: dict) -> None:
        write = self.stream.write
        write(render_summary(as_dict(summary), len(self.sections)))
        if self.sections:
            write("\n## Articles needing attention, worst first\n")
        for number, (_key, where) in enumerate(sorted(self.sections), 1):
            write(f"\n### {number}. " + self.spool.get(where))
        if self.clean:
            listed = ", ".join(md_code(i, 80) for i in self.clean[:CLEAN_IDS_LISTED])
            more = len(self.clean) - CLEAN_IDS_LISTED
            write(f"\n## Clean articles ({len(self.clean)})\n\n{listed}"
                  + (f" and {more} more" if more > 0 else "") + "\n")
        self.spool.close()


def render_summary(summary: dict, attention: int) -> str:
    """The summary section. No timing: two runs of one batch give identical reports."""
    findings = as_dict(summary.get("findings"))
    by_severity = as_dict(findings.get("by_severity"))
    articles = summary.get("articles", 0)
    errors = summary.get("errors", 0)
    lines = ["# Audit report", "",
             f"**{plural(articles, 'article')}** audited (audit {md_text(__version__)}): "
             f"**{plural(findings.get('total', 0), 'finding')}**, "
             f"{plural(attention, 'article')} {'needs' if attention == 1 else 'need'} attention, "
             f"{errors} could not be processed.", "",
             "| Severity | Findings |", "|---|---:|"]
    lines += [f"| {s} | {by_severity.get(s, 0)} |" for s in SEVERITIES]
    for title, key in (("Written in", "languages"), ("Translated from", "translated_from"),
                       ("Outlets (dateline)", "outlets"), ("Agencies credited", "credited")):
        counts = as_dict(summary.get(key, summary.get({"translated_from": "origins",
                                                       "credited": "agencies"}.get(key, key))))
        if counts:
            lines += ["", f"**{title}:** " + ", ".join(f"{md_text(k)} {md_text(v)}"
                                                       for k, v in counts.items())]
    by_code = as_dict(findings.get("by_code"))
    if by_code:
        lines += ["", "| Check | Findings |", "|---|---:|"]
        lines += [f"| {md_code(code, 60, table=True)} | {md_cell(n)} |" for code, n in by_code.items()]
    bt = as_dict(summary.get("backtranslation"))
    if bt:
        lines += ["", "**Back-translation:** " + ", ".join(f"{md_text(k)} {md_text(v)}"
                                                          for k, v in bt.items())]
    if isinstance(summary.get("signature"), str):
        lines += ["", f"Signature: {md_code(summary['signature'], 300)}"]
    skipped = as_list(summary.get("skipped_files"))
    if skipped:
        lines += ["", f"**Skipped files ({len(skipped)}):** "
                  + ", ".join(md_code(p, 100) for p in skipped[:20])]
    return "\n".join(lines) + "\n"


def render_article(article: dict, findings: list[dict]) -> str:
    """One article's section (its ``###`` heading text onwards)."""
    counts = count_severities(findings)
    title = article.get("title") or article.get("id")
    tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    if article.get("error"):
        tally = "error" + (f", {tally}" if tally else "")
    lines = [f"{md_text(title)} — {tally}", "", _meta(article), ""]
    if article.get("error"):
        lines += [f"> **Could not be processed:** {md_text(article['error'])}", ""]
    for number, finding in enumerate(findings, 1):
        start, end = finding.get("start"), finding.get("end")
        where = f" at {start}–{end}" if isinstance(start, int) and isinstance(end, int) else ""
        line = (f"{number}. **{md_text(finding.get('severity'))}** {md_code(finding.get('code'), 60)}"
                f"{where}: {md_code(finding.get('text'))} — {md_text(finding.get('message'))}")
        if finding.get("suggestion"):
            line += f" Suggestion: {md_code(finding['suggestion'])}"
        lines.append(line)
    if findings:
        lines.append("")
    lines += _backtranslation(article.get("backtranslation"))
    return "\n".join(lines)


def _meta(article: dict) -> str:
    parts = [f"id {md_code(article.get('id'), 200)}"]
    if article.get("source") and article.get("source") != article.get("id"):
        parts.append(f"source {md_code(article['source'], 200)}")
    language = as_dict(article.get("language"))
    if language:
        parts.append(f"language {md_text(language.get('code') or 'unknown')} "
                     f"({number(language.get('confidence'))})")
    origin = as_dict(article.get("origin_language"))
    if origin:
        parts.append(f"translated from {md_text(origin.get('code'))} "
                     f"({number(origin.get('confidence'))})")
    prov = as_dict(article.get("provenance"))
    if provenance_text(prov):
        parts.append("provenance " + md_text(provenance_text(prov)))
    declared = as_dict(prov.get("declared"))
    shown = [f"{key} {value}" for key in ("provider", "credit", "copyright", "byline", "language")
             if isinstance(value := declared.get(key), str) and value]
    if shown:  # what the input's own metadata says supplied it
        parts.append("declared " + md_text("; ".join(shown)))
    return " · ".join(parts)


def _backtranslation(bt: Any) -> list[str]:
    if not isinstance(bt, dict) or not bt:
        return []
    status = bt.get("status") or "unknown"
    if status != "ok":
        reason = f": {md_text(bt.get('reason'))}" if bt.get("reason") else ""
        return [f"Back-translation {md_text(status)}{reason}", ""]
    chosen, caption = divergent_sentences(bt)
    chrf = as_dict(bt.get("scores")).get("chrf")
    lines = [f"Back-translation{' ' + md_text(bt['direction']) if bt.get('direction') else ''}: "
             f"chrF {number(chrf, 1)}; {md_text(caption)}.", ""]
    if chosen:
        lines += ["| Sentence | Forward | Round trip | chrF |", "|---|---|---|---:|"]
        lines += [f"| {md_cell(s.get('source'))} | {md_cell(s.get('forward'))} | "
                  f"{md_cell(s.get('round_trip'))} | {number(s.get('chrf'), 1)} |" for s in chosen]
        lines.append("")
    return lines
