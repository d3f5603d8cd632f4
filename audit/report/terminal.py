"""The terminal summary: one row per article, then batch totals; details with ``-v``.

Laid out for an 80-column terminal first (wider ones give the Article column the room).
Everything printed from an article is data, never markup or terminal control: it goes
through :func:`safe` (control characters, ESC included, are replaced) and into ``Text``
objects, so neither a ``[/x]`` in a title nor an escape sequence in an id can reach the
terminal as anything but visible characters. Fields of the wrong type print as ``?``.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.model import SEVERITIES
from audit.report import ReportWriter, WriterOptions
from audit.report.common import as_dict, as_int, as_list, clip, count_severities, is_number, \
    number, plural, provenance_text

SEVERITY_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow",
                  "info": "cyan"}
SEVERITY_LABEL = {"critical": "crit", "major": "maj", "minor": "min", "info": "info"}
MAX_ROWS = 200  # beyond this the table lists the worst articles; JSON/HTML have them all
CONTEXT_CHARS = 40
WIDTH = 80          # when not writing to a terminal (a file, a pipe)
FIXED_COLUMNS = 42  # what every column but Article takes, spacing included
MAX_ID_WIDTH = 60
SKIPPED_LISTED = 10

# C0 and C1 controls and DEL, except tab and line feed; the bidirectional overrides that
# can reorder what an editor reads ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(value: object, one_line: bool = True) -> str:
    """Data as it may be printed to a terminal: control characters become U+FFFD (visible,
    inert), and on one line unless ``one_line`` is False."""
    text = "" if value is None else str(value)
    if one_line:
        text = " ".join(text.replace("\t", " ").splitlines())
    return _CONTROL.sub("\ufffd", text)


def _broken_pipe() -> None:
    raise BrokenPipeError  # rich would exit 1 ("findings matched") on its own


class TerminalWriter(ReportWriter):
    streaming = False

    def __init__(self, stream, options: WriterOptions | None = None):
        super().__init__(stream, options)
        self.console = Console(file=stream, force_terminal=self.options.color,
                               no_color=not self.options.color, highlight=False, markup=False,
                               emoji=False, width=None if self.options.color else WIDTH,
                               soft_wrap=False)
        self.console.on_broken_pipe = _broken_pipe  # the CLI ends quietly, with its own status
        self.rows: list[tuple] = []
        self.installs: dict[str, str] = {}  # install command → reason, for skipped round trips
        self.skip_reasons: dict[str, int] = {}  # why round trips were skipped (no install)

    @property
    def id_width(self) -> int:
        return max(20, min(MAX_ID_WIDTH, self.console.width - FIXED_COLUMNS))

    def article(self, article: dict) -> None:
        counts = count_severities(f for f in as_list(article.get("findings")) if isinstance(f, dict))
        badness = (0 if article.get("error") else 1, *(-counts[s] for s in SEVERITIES))
        self.rows.append((badness, len(self.rows), article_row(article, counts, self.id_width)))
        bt = as_dict(article.get("backtranslation"))
        if bt.get("status") == "skipped":
            if bt.get("install"):
                self.installs.setdefault(safe(bt["install"]), safe(bt.get("reason") or ""))
            elif bt.get("reason"):
                reason = safe(bt["reason"])
                self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1
        if self.options.verbose:
            self._details(article)

    def end(self, summary: dict) -> None:
        rows = self.rows
        hidden = 0
        if len(rows) > MAX_ROWS:
            rows = sorted(rows)[:MAX_ROWS]
            hidden = len(self.rows) - MAX_ROWS
            rows.sort(key=lambda r: r[1])
        if rows:
            table = Table(box=None, padding=(0, 1, 0, 0), header_style="bold underline",
                          pad_edge=False, expand=False)
            table.add_column("Article", no_wrap=True, overflow="ellipsis", width=self.id_width)
            table.add_column("Lang", no_wrap=True, width=4)
            table.add_column("From", no_wrap=True, width=6)
            for severity in SEVERITIES:
                table.add_column(SEVERITY_LABEL[severity], justify="right", no_wrap=True,
                                 width=len(SEVERITY_LABEL[severity]), style=SEVERITY_STYLE[severity])
            table.add_column("Round trip", no_wrap=True, overflow="ellipsis", width=10)
            for _badness, _index, cells in rows:
                table.add_row(*cells)
            self.console.print(table)
        if hidden:
            self.console.print(Text(f"… and {plural(hidden, 'more article')} with fewer findings "
                                    "(--format json or html has all of them)", style="dim"))
        self._totals(as_dict(summary))

    # -- pieces -----------------------------------------------------------------------

    def _totals(self, summary: dict) -> None:
        print_ = self.console.print
        findings = as_dict(summary.get("findings"))
        by_severity = as_dict(findings.get("by_severity"))
        elapsed = self.options.elapsed
        speed = f" in {elapsed:.1f} s" if is_number(elapsed) else ""
        count = as_int(summary.get("articles")) or 0
        line = Text(f"\n{plural(count, 'article')}{speed}: ")
        line.append(plural(as_int(findings.get("total")) or 0, "finding"))
        parts = [(f"{by_severity.get(s)} {s}", SEVERITY_STYLE[s]) for s in SEVERITIES
                 if as_int(by_severity.get(s))]
        if parts:
            line.append(" (")
            for i, (label, style) in enumerate(parts):
                line.append(label, style=style)
                if i < len(parts) - 1:
                    line.append(", ")
            line.append(")")
        print_(line)
        by_code = as_dict(findings.get("by_code"))
        if by_code:
            print_(Text("By check: " + " · ".join(f"{safe(c)} {safe(n)}" for c, n in by_code.items())))
        desk_totals(self.console, summary)
        errors = as_int(summary.get("errors")) or 0
        if errors:
            print_(Text(f"{errors} of {plural(count, 'input')} could not be processed",
                        style="bold red")
                   + Text(" (the reason is on the article's row; -v prints it in full, "
                          "JSON has it in 'error')"))
        self._skipped_files(as_list(summary.get("skipped_files")), count)
        if isinstance(summary.get("signature"), str):
            print_(Text("Signature:", style="dim"))  # on its own line: it is compared, not read
            print_(Text(f"  {safe(summary['signature'])}", style="dim"), soft_wrap=True)
        bt = as_dict(summary.get("backtranslation"))
        skipped = as_int(bt.get("skipped")) or 0
        if skipped:
            print_(Text(f"Back-translation skipped for {plural(skipped, 'article')}:", style="dim"))
            for reason, times in self.skip_reasons.items():
                print_(Text(f"  {reason} ({times})", style="dim"))
            for command, reason in self.installs.items():
                print_(Text(f"  {reason}; install with:", style="dim"))
                print_(Text(f"    {command}"), soft_wrap=True)  # one line: it is pasted

    def _skipped_files(self, skipped: list, articles: int) -> None:
        if not skipped:
            if articles == 0:
                self.console.print(Text("Nothing to audit: no article was found in the inputs.",
                                        style="bold"))
            return
        from audit.ingest import SUPPORTED_SUFFIXES

        names = ", ".join(safe(p) for p in skipped[:SKIPPED_LISTED])
        more = f" and {len(skipped) - SKIPPED_LISTED} more" if len(skipped) > SKIPPED_LISTED else ""
        self.console.print(Text(
            f"Skipped {plural(len(skipped), 'file')} that audit does not read: {names}{more}. "
            f"audit reads {', '.join(sorted(SUPPORTED_SUFFIXES))} files and stdin.",
            style="bold" if articles == 0 else "dim"))

    def _details(self, article: dict) -> None:
        console = self.console
        console.rule(Text(safe(article.get("id")), style="bold"), align="left")
        if article.get("error"):
            console.print(Text("error: ", style="bold red") + Text(safe(article["error"])))
            return
        if article.get("title"):
            console.print(Text(safe(article["title"]), style="bold"))
        language = as_dict(article.get("language"))
        console.print(Text(f"language: {safe(language.get('code') or 'unknown')} "
                           f"({number(language.get('confidence'))})"))
        origin = as_dict(article.get("origin_language"))
        if origin:
            console.print(Text(f"translated from: {safe(origin.get('code'))} "
                               f"(confidence {number(origin.get('confidence'))})"))
            for evidence in as_list(origin.get("evidence")):
                evidence = as_dict(evidence)
                line = Text(f"  · {safe(evidence.get('kind'))}: “{safe(evidence.get('text'))[:60]}”")
                if evidence.get("detail"):
                    line.append(" " + safe(evidence["detail"]), style="dim")
                console.print(line)
        else:
            console.print(Text("translated from: unknown (no evidence)"))
        for attribution in as_list(article.get("attributions")):
            attribution = as_dict(attribution)
            console.print(Text(f"  ⟵ {safe(attribution.get('agency'))} ")
                          + Text(f"({safe(attribution.get('kind'))})", style="dim")
                          + Text(f" “{safe(attribution.get('text'))}”"))
        text = article.get("text") if isinstance(article.get("text"), str) else ""
        for finding in as_list(article.get("findings")):
            finding = as_dict(finding)
            severity = safe(finding.get("severity"))
            line = Text("  ")
            line.append(f"{severity:<8}", style=SEVERITY_STYLE.get(severity, ""))
            line.append(f" {safe(finding.get('code')):<22} ")
            start, end = as_int(finding.get("start")), as_int(finding.get("end"))
            if start is not None and end is not None and 0 <= start <= end <= len(text):
                line.append_text(_context(text, start, end))
            else:
                line.append(f"“{safe(finding.get('text'))}”")
            console.print(line)
            note = f"             {safe(finding.get('message'))}"
            if finding.get("suggestion"):
                note += f" → {safe(finding['suggestion'])}"
            console.print(Text(note, style="dim"))
        not_applied = [safe(code) for code in as_list(article.get("checks_not_applied"))]
        if not_applied:
            language = safe(as_dict(article.get("language")).get("code") or "unknown")
            console.print(Text(f"  not run on a {language} article: {', '.join(not_applied)}",
                               style="dim"))
        partly = [as_dict(entry) for entry in as_list(article.get("checks_partly_applied"))]
        if partly:
            skipped = sorted({safe(part.get("language") or "unknown") for entry in partly
                              for part in map(as_dict, as_list(entry.get("not_applied")))})
            console.print(Text(f"  not run on its {'/'.join(skipped)} paragraphs: "
                               f"{', '.join(safe(entry.get('code')) for entry in partly)}",
                               style="dim"))
        for warning in as_list(article.get("warnings")):
            first = safe(str(warning).splitlines()[0] if str(warning) else "")
            console.print(Text("warning: ", style="yellow") + Text(first))
        console.print()


def article_row(article: dict, counts: dict[str, int], width: int) -> tuple:
    """The table row of one article: its id (long ids keep their tail, where the file name
    is) over a dim line of provenance and title, then languages, counts and round trip."""
    article_id = safe(article.get("id"))
    name = Text(article_id if len(article_id) <= width else "…" + article_id[-(width - 1):])
    if article.get("error"):
        name.append("\n" + clip(f"error: {safe(article['error'])}", width), style="bold red")
        return (name, "", "", "", "", "", "", "")
    provenance = safe(provenance_text(as_dict(article.get("provenance"))))
    second = " · ".join(p for p in (provenance, safe(article.get("title") or "")) if p)
    if second:
        name.append("\n" + clip(second, width), style="dim")
    language = as_dict(article.get("language"))
    origin = as_dict(article.get("origin_language"))
    origin_cell = f"{safe(origin.get('code'))} {number(origin.get('confidence'), 1)}" if origin else "—"
    return (name, Text(safe(language.get("code") or "?")), Text(origin_cell),
            *[str(counts[s] or "·") for s in SEVERITIES], Text(_round_trip_cell(article)))


def _round_trip_cell(article: dict) -> str:
    bt = article.get("backtranslation")
    if not isinstance(bt, dict) or not bt:
        return "off"
    status = bt.get("status")
    if status == "ok":
        chrf = as_dict(bt.get("scores")).get("chrf")
        return f"chrF {chrf:.1f}" if is_number(chrf) else "ok"
    if status == "skipped":
        return "no model" if bt.get("install") else "skipped"
    return safe(status or "?")


def _context(text: str, start: int, end: int) -> Text:
    """The finding's span in its surrounding words, the span itself highlighted."""
    left = safe(text[max(0, start - CONTEXT_CHARS):start])
    right = safe(text[end:end + CONTEXT_CHARS])
    out = Text("…" if start > CONTEXT_CHARS else "", style="dim")
    out.append(left, style="dim")
    out.append(safe(text[start:end].replace("\n", "⏎")) or "∅", style="reverse")
    out.append(right, style="dim")
    out.append("…" if end + CONTEXT_CHARS < len(text) else "", style="dim")
    return out


def check_list(rows: list[dict], width: int = 80) -> list[Text]:
    """``audit checks`` for a terminal: one block per check, laid out for ``width`` columns.

    A block per check rather than a table: codes and categories are never wrapped mid-word,
    and the description gets the whole width (wrapped lines keep their indent).
    """
    import textwrap

    def wrapped(text: str, style: str = "") -> list[Text]:
        return [Text(line, style=style) for line in textwrap.wrap(
            text, max(20, width), initial_indent="  ", subsequent_indent="    ",
            break_long_words=False, break_on_hyphens=False)]

    lines: list[Text] = []
    for row in rows:
        facts = [row["category"], row["severity"]]
        if row.get("languages"):
            facts.append("articles in " + ", ".join(row["languages"]))
        if row.get("needs_source"):
            facts.append("needs source_text")
        if row.get("needs_model"):
            facts.append("needs an installed model; severity by distance")
        if row.get("fixable"):
            facts.append("fixable (audit fix)")
        lines.append(Text(row["code"], style="bold"))
        lines += wrapped(" · ".join(facts), "dim")
        lines += wrapped(row["summary"])
        lines += wrapped("e.g. " + row["example"], "italic")
        lines.append(Text())
    return lines


# -- desk (issue 14): written in / translated from, agencies, outlet × agency, stories ------

STORIES_LISTED = 20
MEMBERS_SHOWN = 3


def desk_totals(console: Console, summary: dict) -> None:
    """The lines an editor reads the batch by: languages written in and translated from
    (an original is not "translated from" its own language), agencies credited (the
    publishing outlet not among them), who relies on whom, and the stories of more than one
    article, one row each with its members folded under it. Data only, never markup."""
    def counts(key: str, fallback: str | None = None) -> dict:
        value = summary.get(key, summary.get(fallback) if fallback else None)
        return value if isinstance(value, dict) else {}

    def joined(items: dict) -> str:
        return " · ".join(f"{safe(k)} {safe(v)}" for k, v in items.items())

    written, translated = counts("languages"), counts("translated_from")
    if written:
        console.print(Text(f"Written in: {joined(written)}"
                           + (f"   Translated from: {joined(translated)}" if translated else "")))
    credited = counts("credited", "agencies")
    if credited:
        console.print(Text("Agencies credited (articles): " + joined(credited)))
    relies = counts("outlet_agencies")
    agencies = list(credited)[:6]
    if relies and agencies:
        table = Table(title="Outlet × agency (articles)", title_justify="left", show_edge=False,
                      header_style="bold", pad_edge=False)
        table.add_column("Outlet", overflow="fold", max_width=24)
        for agency in agencies:
            table.add_column(Text(safe(agency)), justify="right", overflow="fold", max_width=10)
        for outlet, row in list(relies.items())[:15]:
            row = row if isinstance(row, dict) else {}
            table.add_row(Text(safe(outlet)), *[Text(safe(row.get(a, "·"))) for a in agencies])
        console.print(table)
    stories = [s for s in as_list(summary.get("stories")) if isinstance(s, dict)]
    if not stories:
        return
    total = safe(summary.get("stories_total", len(stories)))
    table = Table(title=f"Stories: {total} ({len(stories)} with more than one article)",
                  title_justify="left", show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("Story")
    table.add_column("Art.", justify="right")
    table.add_column("Outlets · agencies", overflow="fold", max_width=18)
    table.add_column("Members", overflow="fold")
    for story in stories[:STORIES_LISTED]:
        members = [safe(m) for m in as_list(story.get("members"))]
        folded = Text("\n".join(f"└ {m}" for m in members[:MEMBERS_SHOWN]))
        if len(members) > MEMBERS_SHOWN:
            folded.append(f"\n… and {len(members) - MEMBERS_SHOWN} more", style="dim")
        for link in as_list(story.get("links")):
            if isinstance(link, dict):
                folded.append(f"\n{safe(link.get('translation'))} translates "
                              f"{safe(link.get('original'))} ({safe(link.get('by'))})", style="dim")
        who = ", ".join(safe(o) for o in as_dict(story.get("outlets")))
        via = ", ".join(safe(a) for a in as_dict(story.get("agencies")))
        table.add_row(Text(safe(story.get("id"))), Text(safe(story.get("articles", len(members)))),
                      Text(" · ".join(x for x in (who, via) if x) or "·"), folded)
    console.print(table)
    if len(stories) > STORIES_LISTED:
        console.print(Text(f"… and {len(stories) - STORIES_LISTED} more stories (the summary in "
                           "--format json lists them all)", style="dim"))
