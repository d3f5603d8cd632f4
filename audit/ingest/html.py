"""Web pages: the article body, title, author, date and site name, through trafilatura.

trafilatura was built for exactly this (boilerplate removal: menus, share buttons, related
links, comments) and is measured on the public article-extraction benchmark;
``benchmarks/extraction.py`` measures this reader on that benchmark's pages. The page stays the
``source``; the extracted body becomes ``text``, one paragraph a block, so offsets index it.
The page's own meta tags say who published it (``og:site_name``, ``author``,
``article:publisher``, ``syndication-source``, ``copyright``, ``<html lang>``): they become
``declared``.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from audit.ingest.files import ReadOptions, _error
from audit.model import Article, Declared

#: Meta tags (``name`` or ``property``) -> declared field, first one found wins.
_META = {
    "provider": ("og:site_name", "article:publisher", "publisher", "application-name"),
    "credit": ("syndication-source", "original-source", "dc.source", "dcterms.source", "source"),
    "copyright": ("copyright", "dc.rights", "dcterms.rights", "dcterms.rightsholder", "rights"),
    "byline": ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"),
    "language": ("og:locale", "dc.language", "content-language", "language"),
}


#: Fewer words than this is not an article body but what an extractor scrapes off an empty
#: page ("Home", "Move along"): trafilatura falls back to any text it finds.
MIN_BODY_WORDS = 12
#: Pages with more elements are refused: extraction time grows faster than the page (40,000
#: elements take 4 s, 200,000 take minutes), and a real article page has a few thousand.
MAX_PAGE_ELEMENTS = 30_000
_WORD = re.compile(r"\w+")


def extract(data: bytes | str) -> tuple[str, dict[str, Any]]:
    """The article body of a page (paragraphs one blank line apart) and its metadata."""
    import trafilatura

    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False,
                                           include_tables=True)
    if document is None:
        return "", {}
    meta = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = meta.get("text") or ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip()), meta


def read_page(data: bytes, name: str, options: ReadOptions) -> Iterator[Article]:
    """One web page, one article; a page without an article body is an ``error``."""
    if not data.strip():
        yield _error(name, name, "empty file")
        return
    tags, elements = _meta_tags(data)
    if elements > MAX_PAGE_ELEMENTS:
        yield _error(name, name, f"page too large to extract: {elements:,} HTML elements, the limit "
                                 f"is {MAX_PAGE_ELEMENTS:,} (a news page has a few thousand)")
        return
    try:
        text, meta = extract(data)
    except (ValueError, TypeError, AttributeError) as exc:  # what trafilatura raises on garbage
        yield _error(name, name, f"unreadable HTML: {type(exc).__name__}: {exc}")
        return
    declared = _declared(tags, meta)
    words = len(_WORD.findall(text))
    if words < MIN_BODY_WORDS:
        found = f"only {words} word(s): {' '.join(text.split())[:60]!r}" if words else "nothing"
        yield Article(id=name, source=name, title=meta.get("title"), declared=declared,
                      error=f"no article body found in the page (the extractor found {found})")
        return
    yield Article(id=name, source=name, text=text, title=meta.get("title"), url=meta.get("url"),
                  published=meta.get("date"), declared=declared)


def _declared(tags: dict[str, str], meta: dict[str, Any]) -> Declared | None:
    values = {field: next((tags[key] for key in keys if tags.get(key)), None)
              for field, keys in _META.items()}
    if values["provider"] and values["provider"].startswith(("http://", "https://")):
        values["provider"] = meta.get("sitename") or values["provider"]
    values["provider"] = values["provider"] or meta.get("sitename")
    values["byline"] = values["byline"] or meta.get("author")
    values["language"] = tags.get("html:lang") or values["language"]
    values = {key: " ".join(value.split()) if isinstance(value, str) and value.strip() else None
              for key, value in values.items()}
    return Declared(**values) if any(values.values()) else None


def _meta_tags(data: bytes) -> tuple[dict[str, str], int]:
    """``<meta name|property|http-equiv=… content=…>`` of the page (lower-case keys) and the
    ``<html lang>`` as ``html:lang``; and how many elements the page has."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return {}, 0
    elements = sum(1 for _ in root.iter())
    tags: dict[str, str] = {}
    if root.get("lang"):
        tags["html:lang"] = root.get("lang")
    for node in root.iter("meta"):
        key = node.get("property") or node.get("name") or node.get("http-equiv")
        content = node.get("content")
        if key and content and key.lower() not in tags:
            tags[key.lower()] = content
    return tags, elements
