"""RSS 0.9x/1.0/2.0, Atom and WordPress exports (WXR): one article per entry, through feedparser.

feedparser has spent twenty years on the feeds that exist rather than the ones the specs
describe (wrong encodings, undeclared namespaces, dates in every format, HTML in titles) and
parses bytes without fetching anything. Each entry keeps its link, title, published date,
author and language; its ``content`` wins over its ``summary`` (and a headline-only entry is
audited by its title), with the HTML stripped to paragraphs. Its id is the entry's guid, else ``feed.xml#N``.

Nothing is lost: an entry without text is an ``error`` of its own, and a feed that is not
well-formed XML keeps the entries feedparser's lenient parser recovered *and* gets an error
entry saying where the XML breaks.
"""

from __future__ import annotations

from typing import Any, Iterator

from audit.ingest.files import ReadOptions, _error
from audit.ingest.markup import fragment_text
from audit.model import Article, Declared


def read_feed(data: bytes, name: str, options: ReadOptions) -> Iterator[Article]:
    import feedparser

    parsed = feedparser.parse(data)  # bytes: never read as a URL or a file name
    broken = _not_well_formed(parsed)
    entries = parsed.get("entries") or []
    if not entries:
        reason = (f"malformed feed: {broken}" if broken else
                  "a feed without entries" if parsed.get("version") else
                  "not a feed audit can read (no RSS or Atom entries)")
        yield _error(name, name, reason)
        return
    feed = parsed.get("feed") or {}
    for index, entry in enumerate(entries):
        yield _entry_article(entry, feed, f"{name}#{index}", name, index)
    if broken:
        yield _error(f"{name}#xml", name, f"malformed feed: {broken}; the {len(entries)} entries above "
                                          "were recovered by the lenient parser, check them")


def _not_well_formed(parsed: Any) -> str | None:
    """What breaks the XML, when it is broken (not a mere encoding override)."""
    import xml.sax

    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(exc, xml.sax.SAXParseException):
        return f"not well-formed XML at line {exc.getLineNumber()}, column {exc.getColumnNumber()}: " \
               f"{exc.getMessage()}"
    return None


def _entry_article(entry: Any, feed: Any, default_id: str, source: str, index: int) -> Article:
    guid = (entry.get("id") or "").strip()
    title = _plain(entry.get("title"))
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    html_first = sorted(contents, key=lambda c: "html" not in (c.get("type") or ""))
    body = next((text for text in (fragment_text(c["value"]) for c in html_first) if text), "")
    language = next((c.get("language") for c in contents if c.get("language")), None)
    if not body and entry.get("summary"):
        body = fragment_text(entry["summary"])
    if not body and title:  # a headline feed: the headline is the copy to audit
        body = title
    declared = Declared(
        provider=_plain(feed.get("publisher")) or _plain(feed.get("title")),
        credit=_plain((entry.get("source") or {}).get("title")),
        copyright=_plain(entry.get("rights") or feed.get("rights")),
        byline=_plain(entry.get("author")),
        language=language or (entry.get("summary_detail") or {}).get("language") or feed.get("language"))
    article_id = guid or default_id
    published = entry.get("published") or entry.get("updated")
    if not body:
        return Article(id=article_id, source=source, title=title, url=entry.get("link"),
                       published=published, declared=declared,
                       error=f"entry {index}: no title, content or summary: nothing to audit")
    return Article(id=article_id, source=source, text=body, title=title, url=entry.get("link"),
                   published=published, declared=declared)


def _plain(value: Any) -> str | None:
    """A metadata string without markup (feed titles may carry HTML)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = fragment_text(value) if "<" in value else value
    return " ".join(text.split()) or None
