"""Markup shared by the readers: what kind of document a file is, and the text of an element.

``sniff`` looks at the first element of a document (after a byte order mark, the XML
declaration, comments and a doctype) so that a NewsML-G2 item called ``story.txt`` or a feed
called ``news.html`` still reaches the right reader. ``block_text`` turns an XHTML, NITF or HTML
element into plain text with one blank line between blocks, the paragraph shape the rest of
audit expects. Neither imports lxml until it is needed.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

#: Root element (local name, lower case) -> reader.
ROOTS: dict[str, str] = {
    "html": "html",
    "rss": "feed", "feed": "feed", "rdf": "feed", "channel": "feed",
    "newsitem": "newsml-g2", "packageitem": "newsml-g2", "newsmessage": "newsml-g2",
    "knowledgeitem": "newsml-g2", "conceptitem": "newsml-g2", "planningitem": "newsml-g2",
    "catalog": "newsml-g2",
    "newsml": "newsml-1", "nitf": "nitf",
}

_SNIFF = 32 * 1024
# Everything that may stand before the root element. Each alternative starts with its own
# literal, so the scan is linear.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_HTML_DOCTYPE = re.compile(rb"<!DOCTYPE\s+html", re.I)


def head_as_utf8(data: bytes) -> bytes:
    """The start of ``data`` re-encoded as UTF-8 when it is UTF-16/32 (with or without a BOM)."""
    head = data[:_SNIFF]
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, None), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):]
            return head if codec is None else _recode(head, codec)
    for pattern, codec in ((b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                           (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if head.startswith(pattern):
            return _recode(head, codec)
    return head


def _recode(head: bytes, codec: str) -> bytes:
    width = 4 if "32" in codec else 2
    head = head[: len(head) - len(head) % width]
    return head.decode(codec, errors="replace").encode("utf-8")


def sniff(data: bytes) -> str | None:
    """``html``, ``feed``, ``newsml-g2``, ``newsml-1``, ``nitf``, ``xml`` (another XML document)
    or None (not markup)."""
    head = head_as_utf8(data)
    prolog = _PROLOG.match(head)
    end = prolog.end() if prolog else 0
    root = _ROOT.match(head, end)
    local = root.group(1).split(b":")[-1].decode("ascii", "replace").lower() if root else ""
    if local in ROOTS:  # the root element decides, whatever the doctype claims
        return ROOTS[local]
    if _HTML_DOCTYPE.search(head, 0, end):
        return "html"
    return "xml" if root else None


def root_name(data: bytes) -> str | None:
    """The root element's name as written (for error messages)."""
    head = head_as_utf8(data)
    prolog = _PROLOG.match(head)
    root = _ROOT.match(head, prolog.end() if prolog else 0)
    return root.group(1).decode("ascii", "replace") if root else None


# Elements whose text is never article text.
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed",
                   "svg", "math", "head", "button", "select", "form", "nav", "figure",
                   "img", "video", "audio", "picture", "media", "media-reference"})
# Elements that start a new paragraph (HTML, XHTML and NITF names).
_BLOCKS = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main", "blockquote",
    "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "caption", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "address", "body", "hl1", "hl2", "block", "body.content", "body.head",
    "body.end", "hedline", "abstract", "tagline", "byline", "dateline", "bibliography", "nitf-table",
    "figcaption", "tbody", "thead", "tfoot",
})
_CELLS = frozenset({"td", "th"})
_SEP = "\x00"  # paragraph break marker while collecting; never in XML text
_BREAK = "\x01"  # a <br>: a line break inside the paragraph
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2028\u2029]+")


def local_name(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comment or processing instruction
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def block_text(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """The text of ``element``: blocks separated by a blank line, spaces inside them collapsed.

    Iterative (``iterwalk``), so a deeply nested page cannot exhaust the recursion limit.
    """
    from lxml import etree

    parts: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        name = local_name(node)
        if event == "start":
            if skipping or name in _SKIP or name in skip or not isinstance(node.tag, str):
                skipping += 1
                continue
            if name in _BLOCKS:
                parts.append(_SEP)
            elif name == "br":
                parts.append(_BREAK)
            elif name in _CELLS:
                parts.append(" ")
            if node.text:
                parts.append(node.text)
        else:
            if skipping:
                skipping -= 1
            elif name in _BLOCKS:
                parts.append(_SEP)
            if not skipping and node is not element and node.tail:
                parts.append(node.tail)
    return join_blocks("".join(parts).split(_SEP))


def join_blocks(blocks: list[str]) -> str:
    """Non-empty blocks, whitespace collapsed (a ``<br>`` stays a line break), one blank line apart."""
    out = []
    for block in blocks:
        lines = [_SPACES.sub(" ", line).strip() for line in block.split(_BREAK)]
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)
    return "\n\n".join(out)


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content, a ninjs ``body_html``)."""
    import lxml.html
    from lxml import etree

    if not markup or not markup.strip():
        return ""
    if "<" not in markup:  # plain text where HTML was allowed: keep its paragraphs
        return join_blocks([block.replace("\n", _BREAK) for block in re.split(r"\n\s*\n", markup)])
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    return block_text(root)
