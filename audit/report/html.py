"""The HTML report: one self-contained file an editor opens in a browser.

Self-contained means no network at all: CSS and JS are inline, fonts are the system's, and a
Content-Security-Policy forbids every external load (and any script but ours, by hash), so
even a mistake in escaping cannot make the report run an article's ``<script>``.

Layout: a batch overview (totals, languages, origins, agencies, findings by severity and by
check, the articles that need attention first), a sticky filter bar, then one card per
article, worst first, with its text and every finding and attribution highlighted at its
span. Cards are rendered as articles arrive and spooled to a temporary file (memory stays
flat for big batches); the overview, which needs the totals, is written first at ``end``.

Overlapping spans are handled by :func:`segment`: the text is cut at every span boundary
into flat pieces that each know every span covering them, so nesting never has to be
balanced and a finding inside an attribution, or two crossing findings, both stay visible.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from typing import Any, Sequence
from urllib.parse import urlsplit

from audit import __version__
from audit.model import SEVERITIES
from audit.report import ReportWriter, WriterOptions
from audit.report.common import Spool, as_dict, as_int, as_list, clip, count_severities, \
    divergent_sentences, no_surrogates, number, plural, provenance_text, rank, severity_of

#: Attribution kinds (audit.provenance.KINDS) grouped into the three colours of the report.
KIND_GROUP = {"dateline": "dateline", "photo_credit": "credit", "reported": "source",
              "quoted": "source", "told": "source", "according_to": "source", "citing": "source",
              "credit_line": "credit", "byline": "credit"}
KIND_GROUP_LABEL = {"dateline": "dateline (publishing outlet)", "credit": "photo credit",
                    "source": "reported / quoted / citing", "other": "other attribution"}
ATTENTION_ROWS = 100        # rows of the "needs attention" table; every article still has a card


# -- span splitting ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Piece:
    """One item of a segmented text, in reading order.

    ``kind`` is ``"text"`` (``text[start:end]``, covered by the spans in ``active``),
    ``"point"`` (a zero-width span at ``start``, e.g. a missing space: ``active`` holds it)
    or ``"end"`` (span ``active[0]`` ends here: where its reference number goes).
    """

    kind: str
    start: int
    end: int
    active: tuple[int, ...]


def segment(length: int, spans: Sequence[tuple[int, int]]) -> tuple[list[Piece], list[int]]:
    """Cut ``text[0:length]`` at every span boundary; return the pieces and unplaceable spans.

    Each text piece lists, in span order, every span that covers it entirely, so the pieces
    of span ``i`` concatenate to exactly ``text[start_i:end_i]`` whatever else overlaps it.
    Spans are clamped to the text; a span that is not a pair of ints, or whose start is after
    its end, or which lies wholly outside the text, is returned in the second list (the
    report still lists it, without a highlight). Runs in O((n + k) log k) for k spans.
    """
    placed: list[tuple[int, int, int]] = []
    unplaced: list[int] = []
    for index, (start, end) in enumerate(spans):
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) \
                or isinstance(end, bool) or start > end or end < 0 or start > length \
                or (start == end and not 0 <= start <= length):
            unplaced.append(index)
            continue
        placed.append((max(0, start), min(length, end), index))

    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    points: dict[int, list[int]] = {}
    for start, end, index in placed:
        if start == end:
            points.setdefault(start, []).append(index)
        else:
            opening.setdefault(start, []).append(index)
            closing.setdefault(end, []).append(index)
    cuts = sorted({0, length, *opening, *closing, *points})

    pieces: list[Piece] = []
    active: dict[int, None] = {}  # insertion-ordered set
    for position, following in zip(cuts, cuts[1:] + [None]):
        for index in sorted(closing.get(position, ())):
            del active[index]
            pieces.append(Piece("end", position, position, (index,)))
        for index in sorted(points.get(position, ())):
            pieces.append(Piece("point", position, position, (index,)))
        for index in sorted(opening.get(position, ())):
            active[index] = None
        if following is not None and following > position:
            pieces.append(Piece("text", position, following, tuple(sorted(active))))
    return pieces, unplaced


# -- small helpers -------------------------------------------------------------------------

def esc(value: Any) -> str:
    """HTML-escape anything (quotes too: the result is safe inside attribute values).

    Lone surrogates (possible in JSON input) become U+FFFD one for one, so offsets stay valid
    and writing the file as UTF-8 cannot fail.
    """
    if value is None:
        return ""
    return html.escape(no_surrogates(str(value)), quote=True)


def _kind_group(kind: Any) -> str:
    return KIND_GROUP.get(kind, "other") if isinstance(kind, str) else "other"


def _safe_url(url: Any) -> str | None:
    """Only http(s) URLs become links: ``javascript:`` and friends stay plain text."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@dataclass(slots=True)
class _Row:
    """What the overview needs of one article once its card is spooled."""

    index: int
    id: str
    title: str
    language: str
    origin: str
    provenance: str
    counts: dict[str, int]
    error: str | None
    where: tuple[int, int]  # in the spool
    agencies: tuple[str, ...] = ()  # credited, the outlet left out

    @property
    def bucket(self) -> int:  # 0 findings, 1 error, 2 clean
        return self.rank[0]

    @property
    def rank(self) -> tuple:
        return rank(self.counts, bool(self.error), self.index)


# -- the writer ----------------------------------------------------------------------------

class HtmlWriter(ReportWriter):
    """``--format html``: the self-contained editor's report (see the module docstring)."""

    streaming = False

    def __init__(self, stream, options: WriterOptions | None = None):
        super().__init__(stream, options)
        self.rows: list[_Row] = []
        self.codes: dict[str, int] = {}
        self.spool = Spool()

    def article(self, article: dict) -> None:
        index = len(self.rows)
        findings = [f for f in as_list(article.get("findings")) if isinstance(f, dict)]
        for finding in findings:
            code = str(finding.get("code") or "?")
            self.codes[code] = self.codes.get(code, 0) + 1
        where = self.spool.add(render_card(article, index))
        counts = count_severities(findings)
        error = article.get("error")
        language = as_dict(article.get("language")).get("code") or "?"
        origin = as_dict(article.get("origin_language"))
        prov = as_dict(article.get("provenance"))
        self.rows.append(_Row(
            index=index, id=str(article.get("id", f"#{index + 1}")),
            title=str(article.get("title") or ""), language=str(language),
            origin=f"{origin.get('code')} {number(origin.get('confidence'))}" if origin else "—",
            provenance=_provenance_text(prov), counts=counts,
            error=str(error) if error else None, where=where,
            agencies=tuple(str(a) for a in as_list(prov.get("agencies")))))

    def end(self, summary: dict) -> None:
        write = self.stream.write
        write(_head(len(self.rows)))
        write(self._overview(as_dict(summary)))
        write(VERDICT_BAR)
        write(self._filters())
        write('<main id="cards">\n')
        for row in sorted(self.rows, key=lambda r: r.rank):
            write(self.spool.get(row.where))
        write("</main>\n")
        write(f"<script>{SCRIPT}</script>\n<script>{DESK_SCRIPT}</script>\n</body>\n</html>\n")
        self.spool.close()

    # -- overview --------------------------------------------------------------------------

    def _overview(self, summary: dict) -> str:
        findings = as_dict(summary.get("findings"))
        by_severity = {s: sum(r.counts[s] for r in self.rows) for s in SEVERITIES}
        total = sum(by_severity.values())
        articles = len(self.rows)
        errors = sum(1 for r in self.rows if r.error)
        flagged = sum(1 for r in self.rows if r.bucket == 0)
        out = ['<header class="top"><h1>Audit report</h1><p class="sub">',
               esc(f"{plural(articles, 'article')} · {plural(total, 'finding')} · "
                   f"{flagged} with findings · {errors} could not be processed"),
               esc(f" · audit {__version__}"), "</p>",
               (f'<p class="sig dim">signature <code>{esc(summary["signature"])}</code></p>'
                if isinstance(summary.get("signature"), str) else ""), "</header>\n",
               '<section class="overview" aria-label="Batch overview">\n<div class="tiles">']
        out.append(_tile("Articles", articles, f"{articles - errors} processed", "plain"))
        out.append(_tile("Findings", total, f"in {plural(flagged, 'article')}", "plain"))
        for severity in SEVERITIES:
            out.append(_tile(severity.capitalize(), by_severity[severity], "", severity))
        out.append(_tile("Errors", errors, "inputs not processed", "error" if errors else "plain"))
        out.append("</div>\n<div class=\"panels\">")
        bars = articles > 1  # bars compare articles: noise for a batch of one
        out.append(_count_panel("Written in", as_dict(summary.get("languages")), bars=bars))
        out.append(_count_panel("Translated from", as_dict(summary.get(
            "translated_from", summary.get("origins"))), bars=bars))
        out.append(_count_panel("Outlets (dateline)", as_dict(summary.get("outlets")), bars=bars))
        out.append(_count_panel("Agencies credited", _credited(summary, self.rows), bars=bars))
        by_code = dict(sorted(self.codes.items(), key=lambda kv: (-kv[1], kv[0])))
        if not by_code and as_dict(findings.get("by_code")):
            by_code = as_dict(findings.get("by_code"))
        out.append(_count_panel("Findings by check", by_code, code=True, bars=bars))
        bt = as_dict(summary.get("backtranslation"))
        if bt:
            out.append(_count_panel("Back-translation", bt, bars=bars))
        skipped = as_list(summary.get("skipped_files"))
        if skipped:
            out.append(_count_panel("Skipped files", {str(p): "" for p in skipped[:20]}))
        out.append("</div>\n")
        out.append(desk_overview(summary, {r.id: f"a{r.index}" for r in self.rows}))
        out.append(self._attention())
        out.append("</section>\n")
        return "".join(out)

    def _attention(self) -> str:
        rows = sorted((r for r in self.rows if r.bucket < 2), key=lambda r: r.rank)
        if not rows:
            return ('<p class="allclear">No findings and no errors: every article is clean.</p>\n')
        shown = rows[:ATTENTION_ROWS]
        out = ['<h2 class="h-attn">Articles needing attention, worst first</h2>\n',
               '<table class="attn"><thead><tr><th>#</th><th>Article</th><th>Lang</th>'
               '<th>From</th><th>Provenance</th>']
        out += [f'<th class="n"><span class="badge s-{s}">{s}</span></th>' for s in SEVERITIES]
        out.append("</tr></thead><tbody>\n")
        for rank, row in enumerate(shown, 1):
            name = esc(row.title or row.id)
            out.append(f'<tr><td class="n">{rank}</td><td><a href="#a{row.index}">{name}</a>'
                       f'<div class="dim">{esc(row.id)}</div></td>')
            if row.error:
                out.append(f'<td colspan="{3 + len(SEVERITIES)}" class="err">error: '
                           f'{esc(clip(row.error, 120))}</td></tr>\n')
                continue
            out.append(f"<td>{esc(row.language)}</td><td>{esc(row.origin)}</td>"
                       f"<td>{esc(row.provenance)}</td>")
            out += [f'<td class="n">{row.counts[s] or "·"}</td>' for s in SEVERITIES]
            out.append("</tr>\n")
        out.append("</tbody></table>\n")
        if len(rows) > len(shown):
            out.append(f'<p class="dim">… and {len(rows) - len(shown)} more below, in the same '
                       "order.</p>\n")
        return "".join(out)

    def _filters(self) -> str:
        out = ['<nav class="filters" aria-label="Filters"><fieldset><legend>Severity</legend>']
        totals = {s: sum(r.counts[s] for r in self.rows) for s in SEVERITIES}
        for severity in SEVERITIES:
            out.append(f'<label class="chk"><input type="checkbox" data-filter="sev" '
                       f'value="{severity}" checked><span class="badge s-{severity}">{severity}'
                       f"</span> {totals[severity]}</label>")
        out.append('</fieldset><fieldset class="codes"><legend>Check</legend>')
        for code, count in sorted(self.codes.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f'<label class="chk"><input type="checkbox" data-filter="code" '
                       f'value="{esc(code)}" checked><code>{esc(code)}</code> {count}</label>')
        if not self.codes:
            out.append('<span class="dim">no findings</span>')
        else:
            out.append('<button type="button" data-action="codes-all">all</button>'
                       '<button type="button" data-action="codes-none">none</button>')
        clean = sum(1 for r in self.rows if r.bucket == 2)
        errors = sum(1 for r in self.rows if r.bucket == 1)
        out.append('</fieldset><fieldset><legend>Show</legend>'
                   '<label class="chk"><input type="checkbox" data-filter="show" value="findings" '
                   'checked> with findings</label>'
                   f'<label class="chk"><input type="checkbox" data-filter="show" value="error" '
                   f'checked> errors {errors}</label>'
                   f'<label class="chk"><input type="checkbox" data-filter="show" value="clean" '
                   f'checked> clean {clean}</label>'
                   '<label class="chk"><input type="checkbox" id="attr-toggle" checked> '
                   '<span class="attr k-source">attributions</span></label>'
                   '</fieldset><fieldset><legend>Cards</legend>'
                   '<button type="button" data-action="expand">expand all</button>'
                   '<button type="button" data-action="collapse">collapse all</button>'
                   '<label class="chk"><input type="checkbox" id="order-toggle"> input order'
                   '</label></fieldset>'
                   f'<output id="shown" aria-live="polite">{len(self.rows)} of {len(self.rows)} '
                   "articles shown</output></nav>\n")
        out.append(_legend())
        return "".join(out)


def _tile(label: str, value: int, note: str, style: str) -> str:
    return (f'<div class="tile t-{style}"><div class="v">{value}</div><div class="l">{esc(label)}'
            f'</div><div class="dim">{esc(note)}</div></div>')


def _credited(summary: dict, rows: list) -> dict:
    """Articles per agency credited, the publishing outlet left out (summary ``credited``;
    a summary saved before that field existed is recounted from the articles)."""
    if isinstance(summary.get("credited"), dict):
        return summary["credited"]
    counts: dict[str, int] = {}
    for row in rows:
        for agency in dict.fromkeys(row.agencies):
            counts[agency] = counts.get(agency, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _count_panel(title: str, counts: dict, code: bool = False, bars: bool = True) -> str:
    out = [f'<div class="panel{" wide" if code else ""}"><h3>{esc(title)}</h3>']
    if not counts:
        out.append('<p class="dim">none</p></div>')
        return "".join(out)
    numbers = [v for v in counts.values() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    top = max(numbers) if numbers else 0
    out.append("<table>")
    for key, value in list(counts.items())[:15]:
        name = f"<code>{esc(key)}</code>" if code else esc(key)
        bar = ""
        if bars and top > 0 and isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            width = min(100, max(5, round(20 * value / top) * 5))
            bar = f'<span class="bar w{width}"></span>'
        out.append(f'<tr><td>{name}</td><td class="n">{esc(value)}</td><td class="b">{bar}</td></tr>')
    if len(counts) > 15:
        out.append(f'<tr><td class="dim" colspan="3">… {len(counts) - 15} more</td></tr>')
    out.append("</table></div>")
    return "".join(out)


def _legend() -> str:
    items = [f'<span class="hl s-{s}">{s}</span>' for s in SEVERITIES]
    items.append('<span class="hl s-major ov">two findings overlap</span>')
    items += [f'<span class="attr k-{group}">{esc(label)}</span>'
              for group, label in KIND_GROUP_LABEL.items() if group != "other"]
    return ('<p class="legend" aria-label="Legend">Highlights: ' + " ".join(items) +
            ' — <sup class="m s-minor">1</sup> numbers link a span to its note; hover a span '
            "for its message.</p>\n")


def _provenance_text(prov: dict) -> str:
    return provenance_text(prov) or "—"


# -- one article ---------------------------------------------------------------------------

def render_card(article: dict, index: int) -> str:
    """The ``<section>`` of one article (a pure function of the article dict and its index)."""
    findings = [f for f in as_list(article.get("findings")) if isinstance(f, dict)]
    attributions = [a for a in as_list(article.get("attributions")) if isinstance(a, dict)]
    error = article.get("error")
    text = article.get("text") if isinstance(article.get("text"), str) else ""
    counts = count_severities(findings)
    state = "findings" if findings else ("error" if error else "clean")
    worst = next((s for s in SEVERITIES if counts[s]), "none")
    aid = f"a{index}"
    title = article.get("title") or article.get("id") or f"Article {index + 1}"
    out = [f'<section class="card c-{state} w-{worst}" id="{aid}" data-state="{state}" '
           f'data-order="{index}">',
           f'<details{" open" if state != "clean" else ""}><summary>',
           f'<span class="ttl">{esc(title)}</span> ']
    if error:
        out.append('<span class="badge s-error">error</span> ')
    for severity in SEVERITIES:
        if counts[severity]:
            out.append(f'<span class="badge s-{severity}">{counts[severity]} {severity}</span> ')
    if state == "clean":
        out.append('<span class="badge s-clean">clean</span>')
    out.append(f'<div class="meta">{_meta(article)}</div></summary>\n')
    if error:
        out.append(f'<div class="error" role="alert"><b>Could not be processed:</b> '
                   f"{esc(error)}</div>\n")
    out.append('<div class="body">')
    if text or not error:
        out.append(f'<div class="text" lang="{esc(as_dict(article.get("language")).get("code") or "")}">'
                   f"{_highlight(text, findings, attributions, aid)}</div>")
    out.append('<aside class="notes">')
    out.append(_notes(findings, aid, text, error))
    out.append(_attributions(attributions, as_dict(article.get("provenance"))))
    out.append(_origin(article.get("origin_language")))
    out.append("</aside></div>\n")
    out.append(_backtranslation(article.get("backtranslation")))
    warnings = [str(w) for w in as_list(article.get("warnings"))]
    if warnings:
        out.append('<details class="warnings"><summary>' + esc(plural(len(warnings), "warning")) +
                   "</summary><ul>" + "".join(f"<li><pre>{esc(w)}</pre></li>" for w in warnings) +
                   "</ul></details>\n")
    out.append("</details></section>\n")
    return "".join(out)


def _meta(article: dict) -> str:
    parts = [f'<span class="id">{esc(article.get("id"))}</span>']
    parts += story_meta(article)
    source = article.get("source")
    if source and source != article.get("id"):
        parts.append(f"source {esc(source)}")
    if article.get("published"):
        parts.append(esc(article["published"]))
    url = _safe_url(article.get("url"))
    if url:
        parts.append(f'<a href="{esc(url)}" rel="noreferrer noopener">{esc(clip(url, 60))}</a>')
    elif article.get("url"):
        parts.append(esc(article["url"]))
    language = as_dict(article.get("language"))
    if language:
        parts.append(f"language <b>{esc(language.get('code') or 'unknown')}</b> "
                     f"({number(language.get('confidence'))})")
        codes = sorted({p.get("code") for p in as_list(language.get("paragraphs"))
                        if isinstance(p, dict) and p.get("code")} - {language.get("code")})
        if codes:
            parts.append(f'<span class="mixed">paragraphs also in {esc(", ".join(codes))}</span>')
    origin = as_dict(article.get("origin_language"))
    if origin:
        parts.append(f"translated from <b>{esc(origin.get('code'))}</b> "
                     f"({number(origin.get('confidence'))})")
    elif not article.get("error"):
        parts.append("origin unknown")
    prov = as_dict(article.get("provenance"))
    if prov.get("outlet") or prov.get("agencies"):
        parts.append(f"provenance <b>{esc(_provenance_text(prov))}</b>")
    return " · ".join(parts)


def _highlight(text: str, findings: list[dict], attributions: list[dict], aid: str) -> str:
    """The article text with every span highlighted (see :func:`segment`)."""
    spans = [(f.get("start"), f.get("end")) for f in findings]
    spans += [(a.get("start"), a.get("end")) for a in attributions]
    pieces, _unplaced = segment(len(text), spans)
    nf = len(findings)
    out = []
    for piece in pieces:
        if piece.kind == "end":
            (index,) = piece.active
            if index < nf:
                out.append(_marker(findings[index], index, aid))
            continue
        if piece.kind == "point":
            (index,) = piece.active
            if index < nf:
                finding = findings[index]
                out.append(f'<span class="hl pt s-{severity_of(finding)}" data-f="{index}" '
                           f'title="{esc(_tip([finding], []))}">‸</span>')
                out.append(_marker(finding, index, aid))
            continue
        chunk = esc(text[piece.start:piece.end])
        if not piece.active:
            out.append(chunk)
            continue
        fs = [i for i in piece.active if i < nf]
        attrs = [i - nf for i in piece.active if i >= nf]
        classes = ["hl"]
        if fs:
            worst = min((severity_of(findings[i]) for i in fs), key=SEVERITIES.index)
            classes.append(f"s-{worst}")
            if len(fs) > 1:
                classes.append("ov")
        if attrs:
            classes += ["attr", f"k-{_kind_group(attributions[attrs[0]].get('kind'))}"]
        data = f' data-f="{" ".join(map(str, fs))}"' if fs else ""
        data += f' data-a="{" ".join(map(str, attrs))}"' if attrs else ""
        tip = _tip([findings[i] for i in fs], [attributions[i] for i in attrs])
        out.append(f'<span class="{" ".join(classes)}"{data} title="{esc(tip)}">{chunk}</span>')
    return "".join(out)


def _marker(finding: dict, index: int, aid: str) -> str:
    return (f'<sup class="m s-{severity_of(finding)}" data-f="{index}"><a id="{aid}-m{index}" '
            f'href="#{aid}-f{index}" aria-label="note {index + 1}">{index + 1}</a></sup>')


def _tip(findings: list[dict], attributions: list[dict]) -> str:
    lines = []
    for finding in findings:
        line = f"{finding.get('severity')} · {finding.get('code')}: {finding.get('message') or ''}"
        if finding.get("suggestion"):
            line += f" → {finding['suggestion']}"
        lines.append(line)
    for attribution in attributions:
        lines.append(f"attribution · {attribution.get('agency')} ({attribution.get('kind')})")
    return "\n".join(lines)


def _notes(findings: list[dict], aid: str, text: str, error: Any = None) -> str:
    if not findings:
        return '<p class="ok">No findings.</p>' if not error else \
            '<p class="dim">Not audited (see the error above).</p>'
    out = [f'<h3>{plural(len(findings), "finding")}</h3><ol class="findings">']
    first_of: dict[tuple, int] = {}  # a repeated note (same check, message...) is shown once
    for index, finding in enumerate(findings):
        severity = severity_of(finding)
        start, end = as_int(finding.get("start")), as_int(finding.get("end"))
        quoted = finding.get("text")
        if quoted is None and start is not None and end is not None:
            quoted = text[start:end]
        where = ""
        if start is None or end is None or not (0 <= start <= end <= len(text)):
            where = ' <span class="dim">(position outside the text)</span>'
        suggestion = finding.get("suggestion")
        key = tuple(str(finding.get(k)) for k in ("code", "severity", "message", "suggestion"))
        same = first_of.setdefault(key, index)
        head = (f'<li class="note s-{severity}{" again" if same != index else ""}" '
                f'id="{aid}-f{index}" data-f="{index}" data-sev="{severity}" '
                f'data-code="{esc(finding.get("code") or "?")}">'
                f'<a class="num" href="#{aid}-m{index}">{index + 1}</a> '
                f'<span class="badge s-{severity}">{esc(finding.get("severity") or severity)}'
                f'</span> <code>{esc(finding.get("code"))}</code>') + verdict_buttons(finding)
        if same != index:
            out.append(f'{head}{where} “{esc(clip(quoted, 80)) or "∅"}” '
                       f'<span class="dim">again: same message as note <a href="#{aid}-f{same}">'
                       f'{same + 1}</a>'
                       + (f', suggestion {esc(clip(suggestion, 60))}' if suggestion else "")
                       + "</span></li>")
            continue
        out.append(
            f'{head}<span class="dim"> {esc(finding.get("category") or "")}</span>{where}'
            f'<div class="q">“{esc(clip(quoted, 160)) or "∅"}”</div>'
            f'<div class="msg">{esc(finding.get("message"))}</div>'
            + (f'<div class="sugg">Suggestion: {esc(suggestion)}</div>' if suggestion else "")
            + "</li>")
    out.append("</ol>")
    return "".join(out)


def _attributions(attributions: list[dict], prov: dict) -> str:
    declared = as_dict(prov.get("declared"))
    if not attributions and not prov.get("outlet") and not declared:
        return ""
    out = ['<h3>Provenance</h3>']
    if prov.get("outlet") or prov.get("agencies"):
        out.append(f'<p class="prov">{esc(_provenance_text(prov))}</p>')
    shown = [(key, declared.get(key)) for key in ("provider", "credit", "copyright", "byline", "language")
             if isinstance(declared.get(key), str) and declared.get(key)]
    if shown:  # what the input's own metadata says supplied it (credit-mismatch compares)
        out.append('<p class="prov dim">declared: ' + " · ".join(
            f"{esc(key)} <b>{esc(clip(value, 80))}</b>" for key, value in shown) + "</p>")
    if attributions:
        out.append('<ul class="attrs">')
        for attribution in attributions:
            group = _kind_group(attribution.get("kind"))
            out.append(f'<li><span class="attr k-{group}">{esc(attribution.get("agency"))}</span> '
                       f'<span class="dim">{esc(attribution.get("kind"))}</span> '
                       f'“{esc(clip(attribution.get("text"), 80))}”</li>')
        out.append("</ul>")
    return "".join(out)


def _origin(origin: Any) -> str:
    origin = as_dict(origin)
    if not origin:
        return ""
    out = [f'<h3>Origin: {esc(origin.get("code"))} ({number(origin.get("confidence"))})</h3>'
           '<ul class="evidence">']
    for evidence in as_list(origin.get("evidence")):
        if not isinstance(evidence, dict):
            continue
        detail = evidence.get("detail")
        quoted = " ".join(str(evidence.get("text") or "").split())
        out.append(f'<li><span class="dim">{esc(evidence.get("kind"))}</span> '
                   + (f'“{esc(quoted)}”' if quoted else "")
                   + (f' <span class="dim">— {esc(detail)}</span>' if detail else "") + "</li>")
    out.append("</ul>")
    return "".join(out)


def _backtranslation(bt: Any) -> str:
    if not isinstance(bt, dict) or not bt:
        return ""
    status = bt.get("status") or "unknown"
    direction = bt.get("direction")
    if isinstance(direction, (list, tuple)):
        direction = " → ".join(map(str, direction))
    head = f"Back-translation{(' ' + esc(direction)) if direction else ''}"
    if status != "ok":
        out = [f'<div class="bt bt-{esc(status)}"><h3>{head}: {esc(status)}</h3>']
        if bt.get("reason"):
            out.append(f"<p>{esc(bt['reason'])}</p>")
        if bt.get("install"):
            out.append(f'<p>To enable: <code>{esc(bt["install"])}</code></p>')
        out.append("</div>\n")
        return "".join(out)
    scores = as_dict(bt.get("scores"))
    chosen, caption = divergent_sentences(bt)
    out = [f'<div class="bt"><h3>{head}</h3><p class="dim">']
    if scores:
        out.append(esc(" · ".join(f"{k} {number(v, 1)}" for k, v in scores.items())) + " · ")
    models = bt.get("models")
    if models:
        names = [m.get("id", "?") if isinstance(m, dict) else str(m) for m in as_list(models)] \
            if isinstance(models, list) else [str(models)]
        out.append("models " + esc(", ".join(map(str, names))) + " · ")
    out.append(esc(caption) + "</p>")
    if chosen:
        out.append('<table class="rt"><thead><tr><th>Article sentence</th><th>Forward</th>'
                   '<th>Round trip</th><th class="n">chrF</th></tr></thead><tbody>')
        for sentence in chosen:
            extra = " · ".join(f"{k} {number(sentence.get(k), 1)}" for k in ("bleu", "ter")
                               if k in sentence)
            out.append(f'<tr><td>{esc(sentence.get("source"))}</td><td>{esc(sentence.get("forward"))}'
                       f'</td><td>{esc(sentence.get("round_trip"))}</td><td class="n">'
                       f'<b>{number(sentence.get("chrf"), 1)}</b><div class="dim">{esc(extra)}</div>'
                       "</td></tr>")
        out.append("</tbody></table>")
    out.append("</div>\n")
    return "".join(out)


# -- page chrome ---------------------------------------------------------------------------

STYLE = """
:root{--crit:#9d174d;--crit-bg:#f5c2e0;--maj:#c2410c;--maj-bg:#ffe0b8;--min:#8a6d00;
--min-bg:#fff0a0;--info:#1d5fbf;--info-bg:#d7e8ff;--dl:#0f766e;--cr:#7e22ce;--src:#15803d;
--oth:#57534e;--ink:#1c1917;--dim:#6b6661;--line:#e4e0dc;--card:#fff;--page:#f5f3f1}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Liberation Sans",sans-serif;color:var(--ink);background:var(--page)}
header.top{padding:18px 24px 6px}h1{margin:0;font-size:26px}.sub{margin:4px 0 0;color:var(--dim)}
.overview{padding:6px 24px 10px}
.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 14px}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px;
min-width:112px;border-top:5px solid var(--oth)}
.tile .v{font-size:26px;font-weight:700;line-height:1.1}.tile .l{font-weight:600}
.t-critical{border-top-color:var(--crit)}.t-major{border-top-color:var(--maj)}
.t-minor{border-top-color:#d4a900}.t-info{border-top-color:var(--info)}
.t-error{border-top-color:var(--crit);background:#fff1f0}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.panel.wide{grid-column:span 2}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.panel h3{margin:0 0 4px;font-size:14px}.panel table{width:100%;border-collapse:collapse}
.panel td{padding:1px 4px 1px 0;font-size:13px;vertical-align:middle}.panel td.b{width:28%}
.bar{display:block;height:8px;background:#a8a29e;border-radius:4px}
""" + "".join(f".w{w}{{width:{w}%}}" for w in range(0, 101, 5)) + """
h2.h-attn{font-size:17px;margin:16px 0 6px}
table.attn{border-collapse:collapse;background:var(--card);border:1px solid var(--line);width:100%}
table.attn th,table.attn td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;
font-size:13px;vertical-align:top}
td.n,th.n{text-align:right}td.err{color:var(--crit)}
.dim{color:var(--dim);font-size:12.5px}
.allclear{background:#e7f6ec;border:1px solid #a7dcb7;padding:8px 12px;border-radius:8px}
nav.filters{position:sticky;top:0;z-index:5;background:#fffdfb;border-bottom:1px solid var(--line);
border-top:1px solid var(--line);padding:6px 24px;display:flex;flex-wrap:wrap;gap:4px 18px;
align-items:center;box-shadow:0 2px 6px rgba(0,0,0,.06)}
nav fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}
nav legend{float:left;font-weight:700;font-size:13px;margin-right:4px}
nav .codes{max-width:100%}.chk{font-size:13px;white-space:nowrap;cursor:pointer}
nav button{font:inherit;font-size:12px;padding:1px 8px;border:1px solid #bbb;border-radius:4px;
background:#fff;cursor:pointer}
#shown{font-size:13px;font-weight:600;margin-left:auto}
.legend{padding:6px 24px 0;margin:0;font-size:12.5px;color:var(--dim)}
.legend .hl,.legend .attr{color:var(--ink);margin-right:6px}
main{padding:8px 24px 40px}
.card{background:var(--card);border:1px solid var(--line);border-left:6px solid #a8a29e;
border-radius:8px;margin:12px 0;content-visibility:auto;contain-intrinsic-size:auto 90px}
.card.w-critical{border-left-color:var(--crit)}.card.w-major{border-left-color:var(--maj)}
.card.w-minor{border-left-color:#d4a900}.card.w-info{border-left-color:var(--info)}
.card.c-error{border-left-color:#000}.card.c-clean{border-left-color:#86c79a}
.card[hidden]{display:none}
.card>details>summary{padding:10px 14px;cursor:pointer;list-style-position:outside}
.ttl{font-weight:700;font-size:16px}.meta{font-size:12.5px;color:var(--dim);margin-top:2px}
.meta b{color:var(--ink)}.meta .id{font-family:ui-monospace,Menlo,Consolas,monospace}
.mixed{color:var(--maj)}
.badge{display:inline-block;font-size:11.5px;font-weight:700;padding:0 6px;border-radius:9px;
color:#fff;background:var(--oth);vertical-align:1px}
.badge.s-critical{background:var(--crit)}.badge.s-major{background:var(--maj)}
.badge.s-minor{background:#f2cf3d;color:#3d2f00}.badge.s-info{background:var(--info)}
.badge.s-error{background:#000}.badge.s-clean{background:#3f9b5c}
.error{margin:0 14px 10px;padding:8px 12px;background:#fff1f0;border:2px solid var(--crit);
border-radius:6px;color:#7f1d1d}
.body{display:grid;grid-template-columns:minmax(0,1fr) minmax(260px,400px);gap:18px;padding:0 14px 12px}
.text{white-space:pre-wrap;font:16px/1.65 Georgia,"DejaVu Serif","Liberation Serif",serif;
overflow-wrap:anywhere;max-width:78ch}
.hl{border-bottom:3px solid transparent;border-radius:2px;padding:1px 0}
.hl.s-critical{background:var(--crit-bg);border-bottom-color:var(--crit);border-bottom-style:double}
.hl.s-major{background:var(--maj-bg);border-bottom-color:var(--maj)}
.hl.s-minor{background:var(--min-bg);border-bottom-color:#d4a900}
.hl.s-info{background:var(--info-bg);border-bottom-color:var(--info)}
.hl.ov{background-image:repeating-linear-gradient(135deg,transparent 0 4px,rgba(0,0,0,.13) 4px 6px)}
.hl.pt{font-weight:700;padding:0 1px}
.attr{text-decoration-line:underline;text-decoration-style:dashed;text-decoration-thickness:2px;
text-underline-offset:2px;font-weight:600}
.attr.k-dateline{text-decoration-color:var(--dl);color:#0b5a54}
.attr.k-credit{text-decoration-color:var(--cr);color:#5b1a94}
.attr.k-source{text-decoration-color:var(--src);color:#116030}
.attr.k-other{text-decoration-color:var(--oth)}
body.no-attr .text .attr{text-decoration:none;color:inherit;font-weight:inherit}
.hl.hot,.note.hot{outline:2px solid #111;outline-offset:1px}
sup.m{font:700 10px/1 system-ui,sans-serif;margin:0 1px}
sup.m a{color:#fff;text-decoration:none;border-radius:6px;padding:0 3px;background:var(--oth)}
sup.m.s-critical a{background:var(--crit)}sup.m.s-major a{background:var(--maj)}
sup.m.s-minor a{background:#b08a00}sup.m.s-info a{background:var(--info)}
.notes{font-size:13.5px;border-left:1px solid var(--line);padding-left:14px}
.notes h3{font-size:13px;margin:6px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--dim)}
ol.findings{list-style:none;margin:0;padding:0}
.note{padding:6px 8px;margin:0 0 6px;border-radius:6px;border-left:4px solid var(--oth);background:#faf9f8}
.note.s-critical{border-left-color:var(--crit);background:#fbe6f2}
.note.s-major{border-left-color:var(--maj);background:#fff3e6}
.note.s-minor{border-left-color:#d4a900;background:#fffcea}
.note.s-info{border-left-color:var(--info);background:#f4f8ff}
.note .num{font-weight:700;margin-right:2px}.note .q{font-family:Georgia,serif;margin:2px 0}
.note .sugg{margin-top:3px;color:#14532d;font-weight:600}
.note.again{padding:3px 8px;font-size:12.5px}.note.again .q{display:inline}
.note[hidden],sup.m[hidden]{display:none}
.ok{color:#3f7d52;font-weight:600}
ul.attrs,ul.evidence{margin:0;padding-left:16px}.prov{margin:2px 0;font-weight:600}
.bt{margin:0 14px 12px;padding:8px 12px;border:1px solid var(--line);border-radius:6px;background:#fbfaf9}
.bt h3{margin:0 0 4px;font-size:14px}.bt-skipped,.bt-error{color:var(--dim)}
.bt-error{border-color:#f0b4ae}
table.rt{border-collapse:collapse;width:100%;font-size:13.5px}
table.rt th,table.rt td{border-top:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
table.rt th.n,table.rt td.n{text-align:right}
details.warnings{margin:0 14px 10px;font-size:12.5px;color:var(--dim)}
details.warnings pre{white-space:pre-wrap;margin:0}
a:focus-visible,summary:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid #2563eb}
@media (max-width:900px){.body{grid-template-columns:1fr}.notes{border-left:0;padding-left:0}}
@media print{nav.filters,.legend{display:none}body{background:#fff}
.card{break-inside:avoid-page;content-visibility:visible}.body{grid-template-columns:1fr}
.notes{border-left:0;padding-left:0}}
"""

SCRIPT = r"""
(function(){
"use strict";
var SEV=["critical","major","minor","info"];
var inputs=function(kind){return Array.prototype.slice.call(
  document.querySelectorAll('input[data-filter="'+kind+'"]'));};
function selected(kind){var s={};inputs(kind).forEach(function(i){if(i.checked)s[i.value]=1;});return s;}
function apply(){
  var sev=selected("sev"),code=selected("code"),show=selected("show"),shown=0,total=0,findings=0;
  var cards=document.querySelectorAll("section.card");
  for(var c=0;c<cards.length;c++){
    var card=cards[c],vis={},any=false,notes=card.querySelectorAll("li.note");
    total++;
    for(var n=0;n<notes.length;n++){
      var note=notes[n],ok=!!(sev[note.dataset.sev]&&code[note.dataset.code]);
      note.hidden=!ok;if(ok){vis[note.dataset.f]=note.dataset.sev;any=true;findings++;}
    }
    var marks=card.querySelectorAll("sup.m");
    for(var m=0;m<marks.length;m++)marks[m].hidden=!vis[marks[m].dataset.f];
    var segs=card.querySelectorAll(".text .hl[data-f]");
    for(var s=0;s<segs.length;s++){
      var seg=segs[s],ids=seg.dataset.f.split(" "),best=4,count=0;
      for(var k=0;k<ids.length;k++){var v=vis[ids[k]];if(v){count++;best=Math.min(best,SEV.indexOf(v));}}
      SEV.forEach(function(x){seg.classList.remove("s-"+x);});
      if(count)seg.classList.add("s-"+SEV[best]);
      seg.classList.toggle("ov",count>1);
    }
    var state=card.dataset.state,visible;
    if(state==="findings")visible=!!show.findings&&any;
    else visible=!!show[state];
    card.hidden=!visible;if(visible)shown++;
  }
  var out=document.getElementById("shown");
  if(out)out.textContent=shown+" of "+total+" articles shown · "+findings+" findings";
}
document.addEventListener("change",function(e){
  if(e.target.id==="attr-toggle"){document.body.classList.toggle("no-attr",!e.target.checked);return;}
  if(e.target.id==="order-toggle"){order(e.target.checked);return;}
  if(e.target.dataset&&e.target.dataset.filter)apply();
});
function order(input){
  var main=document.getElementById("cards"),cards=Array.prototype.slice.call(main.children);
  if(!main.dataset.worst)main.dataset.worst=cards.map(function(c){return c.id;}).join(" ");
  var ids=input?cards.map(function(c){return c.id;}).sort(function(a,b){
    return document.getElementById(a).dataset.order-document.getElementById(b).dataset.order;})
    :main.dataset.worst.split(" ");
  ids.forEach(function(id){main.appendChild(document.getElementById(id));});
}
document.addEventListener("click",function(e){
  var a=e.target.dataset&&e.target.dataset.action;if(!a)return;
  if(a==="codes-all"||a==="codes-none"){inputs("code").forEach(function(i){i.checked=a==="codes-all";});apply();}
  if(a==="expand"||a==="collapse"){var d=document.querySelectorAll("section.card>details");
    for(var i=0;i<d.length;i++)d[i].open=a==="expand";}
});
document.addEventListener("click",function(e){
  var link=e.target.closest&&e.target.closest('a[href^="#a"]');if(!link)return;
  var target=document.getElementById(link.getAttribute("href").slice(1));
  var details=target&&target.closest("details");if(details)details.open=true;
});
function hot(e,on){
  var el=e.target.closest&&e.target.closest(".text .hl[data-f], li.note");if(!el)return;
  var card=el.closest("section.card"),ids=el.dataset.f.split(" ");
  ids.forEach(function(id){
    card.querySelectorAll('li.note[data-f="'+id+'"]').forEach(function(x){x.classList.toggle("hot",on);});
    card.querySelectorAll(".text .hl[data-f]").forEach(function(x){
      if(x.dataset.f.split(" ").indexOf(id)>=0)x.classList.toggle("hot",on);});
  });
}
document.addEventListener("mouseover",function(e){hot(e,true);});
document.addEventListener("mouseout",function(e){hot(e,false);});
window.addEventListener("beforeprint",function(){
  document.querySelectorAll("section.card:not([hidden])>details").forEach(function(d){d.open=true;});
});
apply();
})();
"""


def _csp() -> str:
    digests = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest())
                       .decode("ascii") + "'" for script in (SCRIPT, DESK_SCRIPT))
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src {digests}; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _head(articles: int) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f'<meta name="generator" content="audit {esc(__version__)}">\n'
            f"<title>Audit report — {plural(articles, 'article')}</title>\n"
            f"<style>{STYLE}{DESK_STYLE}</style>\n</head>\n<body>\n")


# -- desk (issue 14): verdict buttons, the verdicts bar, stories and outlet × agency ----------
#
# Verdicts live in the browser's localStorage (key "audit-verdicts", by fingerprint), so they
# survive reloading the file; the bar downloads them as an audit.toml fragment or JSON for
# `audit verdicts import`. Everything is inline and covered by the page's CSP (the script's
# hash is in it); downloads are blob: URLs made in the page, nothing is fetched.

def verdict_buttons(finding: dict) -> str:
    fingerprint = finding.get("fingerprint")
    if not isinstance(fingerprint, str) or not fingerprint:
        return ""
    return (f' <span class="verdict" data-fp="{esc(fingerprint)}">'
            '<button type="button" data-verdict="wrong" aria-pressed="false" '
            'title="A false positive: suppress it (ignore_fingerprints)">wrong</button>'
            '<button type="button" data-verdict="fixed" aria-pressed="false" '
            'title="Corrected in the copy">fixed</button></span>')


VERDICT_BAR = (
    '<div class="verdicts" aria-label="Verdicts"><b>Verdicts</b> '
    '<span id="verdict-count">none yet: mark findings “wrong” or “fixed”</span> '
    '<button type="button" data-verdicts="toml" disabled>Download audit.toml fragment</button> '
    '<button type="button" data-verdicts="json" disabled>Download JSON</button> '
    '<button type="button" data-verdicts="clear" disabled>Clear</button> '
    '<span class="dim">then: <code>audit verdicts import FILE</code></span></div>\n')


def story_meta(article: dict) -> list[str]:
    story = as_dict(article.get("story"))
    if not story.get("id"):
        return []
    parts = [f'story <a href="#story-{esc(story["id"])}"><b>{esc(story["id"])}</b></a>']
    for link in as_list(story.get("links")):
        if isinstance(link, dict):
            what = "translation of" if link.get("relation") == "translation-of" else "original of"
            parts.append(f"{what} <b>{esc(link.get('article'))}</b> "
                         f"<span class=\"dim\">({esc(link.get('by'))})</span>")
    return parts


def desk_overview(summary: dict, anchors: dict[str, str]) -> str:
    """Outlet × agency (who relies on whom) and one row per story, its members folded."""
    out = []
    relies = as_dict(summary.get("outlet_agencies"))
    agencies = list(as_dict(summary.get("credited")))[:12]
    if relies and agencies:
        out.append('<h2 class="h-attn">Outlet × agency <span class="dim">(articles of the outlet '
                   'crediting the agency)</span></h2><table class="attn oxa"><thead><tr><th>Outlet</th>'
                   + "".join(f'<th class="n">{esc(a)}</th>' for a in agencies) + "</tr></thead><tbody>")
        for outlet, row in list(relies.items())[:30]:
            row = as_dict(row)
            out.append(f"<tr><td>{esc(outlet)}</td>" + "".join(
                f'<td class="n">{esc(row.get(a, "·"))}</td>' for a in agencies) + "</tr>")
        out.append("</tbody></table>\n")
    stories = [s for s in as_list(summary.get("stories")) if isinstance(s, dict)]
    if stories:
        total = summary.get("stories_total", len(stories))
        out.append(f'<h2 class="h-attn">Stories <span class="dim">({esc(total)} in the batch, '
                   f'{len(stories)} with more than one article)</span></h2>'
                   '<table class="attn stories"><thead><tr><th>Story</th><th class="n">Articles</th>'
                   '<th>Outlets</th><th>Agencies</th><th>Languages</th></tr></thead><tbody>')
        for story in stories:
            members = [str(m) for m in as_list(story.get("members"))]
            items = "".join(
                f'<li><a href="#{anchors[m]}">{esc(m)}</a></li>' if m in anchors else f"<li>{esc(m)}</li>"
                for m in members)
            for link in as_list(story.get("links")):
                if isinstance(link, dict):
                    items += (f'<li class="dim">{esc(link.get("translation"))} translates '
                              f'{esc(link.get("original"))} ({esc(link.get("by"))})</li>')
            out.append(
                f'<tr id="story-{esc(story.get("id"))}"><td><details><summary><b>{esc(story.get("id"))}'
                f'</b> {esc(clip(members[0], 50)) if members else ""}</summary><ul>{items}</ul>'
                f'</details></td><td class="n">{esc(story.get("articles", len(members)))}</td>'
                f'<td>{esc(", ".join(as_dict(story.get("outlets"))))}</td>'
                f'<td>{esc(", ".join(as_dict(story.get("agencies"))))}</td>'
                f'<td>{esc(", ".join(as_dict(story.get("languages"))))}</td></tr>')
        out.append("</tbody></table>\n")
    return "".join(out)


DESK_STYLE = """
.verdict{margin-left:6px;white-space:nowrap}
.verdict button,.verdicts button{font:inherit;font-size:11.5px;padding:0 6px;border:1px solid #bbb;
border-radius:4px;background:#fff;cursor:pointer;margin-left:2px}
.verdict button[aria-pressed="true"][data-verdict="wrong"]{background:#57534e;color:#fff;border-color:#57534e}
.verdict button[aria-pressed="true"][data-verdict="fixed"]{background:#2f7a48;color:#fff;border-color:#2f7a48}
.note.v-wrong{opacity:.6}.note.v-wrong .q,.note.v-wrong .msg{text-decoration:line-through}
.note.v-fixed{border-left-color:#2f7a48}
.verdicts{padding:6px 24px;font-size:13px;display:flex;flex-wrap:wrap;gap:6px;align-items:center;
background:#fbfaf9;border-bottom:1px solid var(--line)}
.verdicts button[disabled]{opacity:.5;cursor:default}
table.stories ul{margin:4px 0 0;padding-left:18px}table.stories summary{cursor:pointer}
"""

DESK_SCRIPT = r"""
(function(){
"use strict";
var KEY="audit-verdicts",store={};
try{store=JSON.parse(window.localStorage.getItem(KEY)||"{}")||{};}catch(e){store={};}
function save(){try{window.localStorage.setItem(KEY,JSON.stringify(store));}catch(e){}}
function spans(){return Array.prototype.slice.call(document.querySelectorAll("span.verdict"));}
function here(){var seen={},out=[];spans().forEach(function(s){var fp=s.dataset.fp;
  if(store[fp]&&!seen[fp]){seen[fp]=1;out.push(fp);}});return out.sort();}
function paint(){
  spans().forEach(function(s){var v=store[s.dataset.fp],li=s.closest("li.note");
    Array.prototype.forEach.call(s.querySelectorAll("button"),function(b){
      b.setAttribute("aria-pressed",v&&v.verdict===b.dataset.verdict?"true":"false");});
    if(li){li.classList.toggle("v-wrong",!!v&&v.verdict==="wrong");
      li.classList.toggle("v-fixed",!!v&&v.verdict==="fixed");}});
  var fps=here(),wrong=0,fixed=0;
  fps.forEach(function(fp){if(store[fp].verdict==="wrong")wrong++;else fixed++;});
  var out=document.getElementById("verdict-count");
  if(out)out.textContent=fps.length?wrong+" wrong · "+fixed+" fixed":"none yet: mark findings \u201cwrong\u201d or \u201cfixed\u201d";
  Array.prototype.forEach.call(document.querySelectorAll("button[data-verdicts]"),function(b){
    b.disabled=!fps.length;});
}
function oneLine(t){return String(t||"").replace(/[\r\n\t]+/g," ").replace(/\s+/g," ").trim().slice(0,100);}
function toml(){
  var lines=["# Findings marked \u201cwrong\u201d in the audit HTML report.",
    "# Merge into audit.toml with: audit verdicts import audit-verdicts.toml","ignore_fingerprints = ["];
  here().forEach(function(fp){var v=store[fp];if(v.verdict!=="wrong")return;
    lines.push('    "'+fp+'",  # '+oneLine(v.article+": "+v.code+" \u201c"+v.text+"\u201d"));});
  lines.push("]");return lines.join("\n")+"\n";
}
function json(){
  return JSON.stringify({kind:"audit-verdicts",version:1,verdicts:here().map(function(fp){
    var v=store[fp];return {fingerprint:fp,verdict:v.verdict,article:v.article,code:v.code,text:v.text};})},null,2)+"\n";
}
function download(name,text,type){
  var url=URL.createObjectURL(new Blob([text],{type:type})),a=document.createElement("a");
  a.href=url;a.download=name;a.hidden=true;document.body.appendChild(a);a.click();
  setTimeout(function(){URL.revokeObjectURL(url);a.remove();},5000);
}
document.addEventListener("click",function(e){
  var b=e.target.closest&&e.target.closest("span.verdict button");
  if(b){var s=b.parentNode,fp=s.dataset.fp,v=b.dataset.verdict;
    if(store[fp]&&store[fp].verdict===v)delete store[fp];
    else{var li=s.closest("li.note"),card=s.closest("section.card"),q=li&&li.querySelector(".q"),
      id=card&&card.querySelector(".meta .id");
      store[fp]={verdict:v,article:id?id.textContent:"",code:li?li.dataset.code:"",
        text:q?q.textContent.replace(/^\u201c|\u201d$/g,""):""};}
    save();paint();return;}
  var d=e.target.dataset&&e.target.dataset.verdicts;if(!d)return;
  if(d==="toml")download("audit-verdicts.toml",toml(),"application/toml");
  if(d==="json")download("audit-verdicts.json",json(),"application/json");
  if(d==="clear"){here().forEach(function(fp){delete store[fp];});save();paint();}
});
paint();
})();
"""
