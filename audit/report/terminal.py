"""The terminal summary: one row per article, then batch totals; details with ``-v``."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from audit.model import SEVERITIES
from audit.report import ReportWriter, WriterOptions

SEVERITY_STYLE = {"critical": "bold white on red", "major": "bold red", "minor": "yellow",
                  "info": "cyan"}
SEVERITY_LABEL = {"critical": "crit", "major": "maj", "minor": "min", "info": "info"}
MAX_ROWS = 200  # beyond this the table lists the worst articles; JSON/HTML have them all
CONTEXT_CHARS = 40


ID_WIDTH = 40  # the Article column; longer ids keep their tail, where the file name is


class TerminalWriter(ReportWriter):
    streaming = False

    def __init__(self, stream, options: WriterOptions | None = None):
        super().__init__(stream, options)
        self.console = Console(file=stream, force_terminal=self.options.color,
                               no_color=not self.options.color, highlight=False,
                               width=None if self.options.color else 140, soft_wrap=False)
        self.rows: list[tuple] = []
        self.installs: dict[str, str] = {}  # install command → reason, for skipped round trips

    def article(self, article: dict) -> None:
        counts = article.get("counts") or {s: 0 for s in SEVERITIES}
        badness = tuple(-counts.get(s, 0) for s in SEVERITIES)
        self.rows.append((badness, len(self.rows), _row(article)))
        bt = article.get("backtranslation") or {}
        if bt.get("status") == "skipped" and bt.get("install"):
            self.installs.setdefault(bt["install"], bt.get("reason") or "")
        if self.options.verbose:
            self._details(article)

    def end(self, summary: dict) -> None:
        rows = self.rows
        hidden = 0
        if len(rows) > MAX_ROWS:
            rows = sorted(rows)[:MAX_ROWS]
            hidden = len(self.rows) - MAX_ROWS
            rows.sort(key=lambda r: r[1])
        table = Table(show_edge=False, header_style="bold", pad_edge=False, expand=False)
        table.add_column("Article", overflow="fold", min_width=ID_WIDTH, max_width=ID_WIDTH)
        table.add_column("Lang")
        table.add_column("Origin")
        table.add_column("Provenance", overflow="fold", max_width=30)
        for severity in SEVERITIES:
            table.add_column(SEVERITY_LABEL[severity], justify="right", style=SEVERITY_STYLE[severity])
        table.add_column("Round trip", overflow="fold", max_width=22)
        for _badness, _index, cells in rows:
            table.add_row(*cells)
        self.console.print(table)
        if hidden:
            self.console.print(f"[dim]… and {hidden} more articles with fewer findings "
                               "(see --format json or html for all of them)[/dim]")
        self._totals(summary)

    # -- pieces -----------------------------------------------------------------------

    def _totals(self, summary: dict) -> None:
        findings = summary.get("findings", {})
        by_severity = findings.get("by_severity", {})
        elapsed = self.options.elapsed
        speed = f" in {elapsed:.1f} s" if elapsed is not None else ""
        count = summary.get("articles", 0)
        line = Text(f"\n{count} article{'' if count == 1 else 's'}{speed}: ")
        total = findings.get("total", 0)
        line.append(f"{total} finding{'' if total == 1 else 's'}")
        parts = [(f"{by_severity.get(s, 0)} {s}", SEVERITY_STYLE[s]) for s in SEVERITIES
                 if by_severity.get(s)]
        if parts:
            line.append(" (")
            for i, (label, style) in enumerate(parts):
                line.append(label, style=style)
                if i < len(parts) - 1:
                    line.append(", ")
            line.append(")")
        self.console.print(line)
        by_code = findings.get("by_code", {})
        if by_code:
            self.console.print("By check: " + " · ".join(f"{c} {n}" for c, n in by_code.items()))
        if summary.get("agencies"):
            self.console.print("Agencies (articles): " + " · ".join(
                f"{escape(a)} {n}" for a, n in summary["agencies"].items()))
        if summary.get("errors"):
            self.console.print(f"[bold red]{summary['errors']} of {summary['articles']} inputs "
                               "could not be processed[/bold red] (see the Error column with -v, or "
                               "the 'error' field in JSON)")
        bt = summary.get("backtranslation") or {}
        if bt.get("skipped"):
            self.console.print(f"[dim]Back-translation skipped for {bt['skipped']} "
                               f"article{'' if bt['skipped'] == 1 else 's'}.[/dim]")
            for command, reason in self.installs.items():
                self.console.print(f"[dim]  {escape(reason)}; install with:[/dim] "
                                   f"{escape(command)}", soft_wrap=True)

    def _details(self, article: dict) -> None:
        console = self.console
        console.rule(Text(article["id"], style="bold"), align="left")
        if article.get("error"):
            console.print(f"[bold red]error:[/bold red] {escape(article['error'])}")
            return
        if article.get("title"):
            console.print(f"[bold]{escape(article['title'])}[/bold]")
        language = article.get("language") or {}
        console.print(f"language: {language.get('code') or 'unknown'} "
                      f"({language.get('confidence', 0):.2f})")
        origin = article.get("origin_language")
        if origin:
            console.print(f"translated from: {origin['code']} (confidence {origin['confidence']:.2f})")
            for evidence in origin["evidence"]:
                console.print(f"  · {evidence['kind']}: “{escape(evidence['text'][:60])}”"
                              + (f" [dim]{escape(evidence['detail'])}[/dim]" if evidence.get("detail") else ""))
        else:
            console.print("translated from: unknown (no evidence)")
        for attribution in article.get("attributions", []):
            console.print(f"  ⟵ {escape(attribution['agency'])} [dim]({attribution['kind']})[/dim] "
                          f"“{escape(attribution['text'])}”")
        text = article.get("text", "")
        for finding in article.get("findings", []):
            style = SEVERITY_STYLE.get(finding["severity"], "")
            line = Text("  ")
            line.append(f"{finding['severity']:<8}", style=style)
            line.append(f" {finding['code']:<22} ")
            line.append_text(_context(text, finding["start"], finding["end"]))
            console.print(line)
            note = f"             {finding['message']}"
            if finding.get("suggestion"):
                note += f" → {finding['suggestion']}"
            console.print(Text(note, style="dim"))
        for warning in article.get("warnings", []):
            console.print(f"[yellow]warning:[/yellow] {escape(warning.splitlines()[0])}")
        console.print()


def _row(article: dict) -> tuple:
    # Long ids (absolute paths) keep their tail, where the file name is.
    article_id = article["id"]
    name = Text(article_id if len(article_id) <= ID_WIDTH else "…" + article_id[-(ID_WIDTH - 1):])
    if article.get("title"):
        name.append("\n" + _clip(article["title"], 60), style="dim")
    if article.get("error"):
        error = Text(f"error: {article['error']}", style="bold red")
        return (name, "", "", error, "", "", "", "", "")
    language = article.get("language") or {}
    origin = article.get("origin_language")
    origin_cell = f"{origin['code']} {origin['confidence']:.2f}" if origin else "—"
    prov = article.get("provenance") or {}
    prov_cell = prov.get("outlet") or "—"
    if prov.get("agencies"):
        prov_cell += " ← " + ", ".join(prov["agencies"])
    counts = article.get("counts") or {}
    return (name, language.get("code") or "?", origin_cell, prov_cell,
            *[str(counts.get(s, 0) or "·") for s in SEVERITIES], _round_trip_cell(article))


def _round_trip_cell(article: dict) -> str:
    bt = article.get("backtranslation")
    if not bt:
        return "off"
    status = bt.get("status")
    if status == "ok":
        scores = bt.get("scores") or {}
        chrf = scores.get("chrf")
        return f"chrF {chrf:.1f}" if isinstance(chrf, (int, float)) else "ok"
    if status == "skipped":
        return "skipped (no model)" if bt.get("install") else "skipped"
    return f"{status}: {bt.get('reason', '')}"[:60]


def _context(text: str, start: int, end: int) -> Text:
    """The finding's span in its surrounding words, the span itself highlighted."""
    left = text[max(0, start - CONTEXT_CHARS):start].replace("\n", " ")
    right = text[end:end + CONTEXT_CHARS].replace("\n", " ")
    out = Text("…" if start > CONTEXT_CHARS else "", style="dim")
    out.append(left, style="dim")
    out.append(text[start:end].replace("\n", "⏎") or "∅", style="reverse")
    out.append(right, style="dim")
    out.append("…" if end + CONTEXT_CHARS < len(text) else "", style="dim")
    return out


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


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
        lines.append(Text(row["code"], style="bold"))
        lines += wrapped(" · ".join(facts), "dim")
        lines += wrapped(row["summary"])
        lines += wrapped("e.g. " + row["example"], "italic")
        lines.append(Text())
    return lines
