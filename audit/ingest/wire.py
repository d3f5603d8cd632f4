"""The agencies' delivery formats: IPTC NewsML-G2, NewsML 1.x, NITF and ninjs (with the JSON
dialects built on it: Superdesk, AP Media API, dpa digitalwires).

Each item becomes an ``Article``: the headline is the title, the body (XHTML, NITF or plain
text) becomes ``text``, and the metadata says who supplied it (``declared``: provider, credit
line, copyright holder, byline, language), which the ``credit-mismatch`` check compares with
the credits in the text. A dateline carried apart from the body ("STOCKHOLM, Aug 29 (AFP) -")
opens the text, as it does when the item is published, so the attribution finder sees it.

Elements are matched by local name, so a default namespace, an ``ns0:`` prefix or a namespace
bound to the wrong URI (all met in real agency files) read the same. Entities are never
resolved and nothing is fetched (no XXE, no network). An item without text is an ``error``
that says what it holds instead (a picture, a package of references).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from audit.ingest.files import ReadOptions, _error, _normalise_newlines
from audit.ingest.markup import block_text, fragment_text, join_blocks, local_name
from audit.model import Article, Declared

_MEDIA_TYPES = ("picture", "photo", "image", "video", "audio", "graphic")


# --------------------------------------------------------------------------- XML


def parse_xml(data: bytes) -> tuple[Any, str | None]:
    """The root element, or None and what is wrong (line and column)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        message = (exc.msg or str(exc)).split(", line ")[0]
        return None, f"malformed XML at line {line}, column {column}: {message}"
    except ValueError as exc:  # e.g. an encoding declaration lxml cannot use
        return None, f"unreadable XML: {exc}"
    if root is None:
        return None, "empty XML document"
    return root, None


def read_xml(data: bytes, name: str, kind: str, options: ReadOptions) -> Iterator[Article]:
    """Every news item of a NewsML-G2, NewsML 1.x or NITF document."""
    root, problem = parse_xml(data)
    if problem:
        yield _error(name, name, problem)
        return
    if kind == "newsml-g2":
        items = [el for el in root.iter() if local_name(el) in ("newsitem", "packageitem")]
        build = _g2_item
        if not items:
            yield _error(name, name, f"a NewsML-G2 <{local_name(root)}> without any newsItem or "
                                     "packageItem: no news text in it")
            return
    elif kind == "newsml-1":
        items = [el for el in root.iter() if local_name(el) == "newsitem"]
        build = _newsml1_item
        if not items:
            yield _error(name, name, "a NewsML 1.x document without any NewsItem: no news text in it")
            return
    else:
        items = [root]
        build = _nitf_item
    for index, item in enumerate(items):
        where = name if len(items) == 1 else f"{name}#{index}"
        yield build(item, where, name)


def _children(element: Any, *names: str) -> Iterator[Any]:
    """Children called one of ``names`` (local names, any case, any namespace)."""
    if element is None:
        return
    wanted = {name.lower() for name in names}
    for child in element:
        if local_name(child) in wanted:
            yield child


def _child(element: Any, *names: str) -> Any:
    return next(_children(element, *names), None) if element is not None else None


def _find(element: Any, *names: str) -> Any:
    """The first descendant called one of ``names`` (any depth), or None."""
    if element is None:
        return None
    wanted = {name.lower() for name in names}
    for node in element.iter():
        if node is not element and local_name(node) in wanted:
            return node
    return None


def _text(element: Any) -> str | None:
    if element is None:
        return None
    value = " ".join("".join(element.itertext()).split())
    return value or None


def _code(element: Any) -> str | None:
    """A G2 party (provider, copyrightHolder, creator): literal, name, or the code of its qcode."""
    if element is None:
        return None
    for attribute in ("literal",):
        if element.get(attribute):
            return element.get(attribute).strip() or None
    name = _text(_child(element, "name"))
    if name:
        return name
    qcode = element.get("qcode") or element.get("FormalName")
    if qcode:
        return qcode.split(":", 1)[-1].strip() or None
    uri = element.get("uri")
    return uri.strip() if uri else _text(element)


# A dateline written to open the text ends in a dash, a colon or ".-": "STOCKHOLM, Aug 29
# (AFP) -", "Berlin (dpa) - ", "Madrid, 2 ene (EFE).-". A bare place ("Sydney") is metadata.
_OPENING_DATELINE = re.compile(r"(?:[-\u2013\u2014_:]|\.-)\s*$")


def _with_dateline(dateline: str | None, body: str) -> str:
    """The body opened by its dateline, unless the body already starts with it."""
    dateline = " ".join(dateline.split()) if dateline else ""
    if not dateline or not _OPENING_DATELINE.search(dateline):
        return body
    head = re.sub(r"\W+", "", body[: len(dateline) + 20]).lower()
    if re.sub(r"\W+", "", dateline).lower() in head:
        return body
    return f"{dateline} {body}" if body else dateline


def _article(where: str, source: str, kind: str, body: str | None, title: str | None,
             published: str | None, declared: Declared, dateline: str | None = None,
             fallback: str | None = None, missing: str = "") -> Article:
    body = _normalise_newlines(body).strip() if body else ""
    if not body and fallback:  # a picture or video item: its caption is what can be audited
        body = fallback
    if not body:
        return Article(id=where, source=source, title=title, published=published,
                       error=f"{kind} without text{missing}", declared=declared)
    return Article(id=where, source=source, text=_with_dateline(dateline, body), title=title,
                   published=published, declared=declared)


def _inline_body(content_set: Any) -> tuple[str, str]:
    """The text of a contentSet and what it holds when there is none (for the error)."""
    if content_set is None:
        return "", "no contentSet"
    held = []
    for node in content_set:
        name = local_name(node)
        kind = node.get("contenttype") or node.get("contentType") or ""
        if name == "inlinexml":
            text = _payload_text(node)
            if text:
                return text, ""
            held.append(f"empty inlineXML {kind}".strip())
        elif name == "inlinedata":
            if node.get("encoding"):  # base64 and the like: not text we can read
                held.append(f"encoded inlineData {kind}".strip())
                continue
            text = _plain(node.text or "")
            if text:
                return text, ""
        elif name == "remotecontent":
            held.append(f"remoteContent {kind}".strip())
    return "", (f"only {', '.join(held)}" if held else "an empty contentSet")


def _payload_text(node: Any) -> str:
    """Text of an inlineXML payload: NITF's body.content, else XHTML's body, else all of it."""
    nitf = _find(node, "nitf") if local_name(node) != "nitf" else node
    if nitf is not None:
        return _nitf_body(nitf)
    body = _find(node, "body")
    # An XHTML payload's <header> repeats the headline beside time stamps and subject tags.
    return block_text(body if body is not None else node, skip=frozenset({"header"}))


def _nitf_body(nitf: Any) -> str:
    content = _find(nitf, "body.content")
    if content is not None:
        return block_text(content)
    body = _find(nitf, "body")
    if body is None:
        return ""
    return block_text(body, skip=frozenset({"body.head"}))


def _g2_item(item: Any, where: str, source: str) -> Article:
    meta = _child(item, "itemMeta")
    content = _child(item, "contentMeta")
    rights = _child(item, "rightsInfo")
    item_class = (_child(meta, "itemClass").get("qcode", "") if _child(meta, "itemClass") is not None
                  else "")
    language = None
    if content is not None and _child(content, "language") is not None:
        language = _child(content, "language").get("tag")
    language = language or item.get("{http://www.w3.org/XML/1998/namespace}lang")
    copyright_ = _code(_child(rights, "copyrightHolder")) or _text(_child(rights, "copyrightNotice"))
    bylines = [_text(by) for by in _children(content, "by")] if content is not None else []
    declared = Declared(provider=_code(_child(meta, "provider")),
                        credit=_text(_child(content, "creditline")),
                        copyright=copyright_,
                        byline="; ".join(b for b in bylines if b) or None,
                        language=language)
    headline = _text(_child(content, "headline"))
    published = _text(_child(meta, "versionCreated")) or _text(_child(meta, "firstCreated"))
    body, held = _inline_body(_child(item, "contentSet"))
    kind = f"a NewsML-G2 {local_name(item) == 'packageitem' and 'packageItem' or 'newsItem'}"
    if item_class:
        kind += f" ({item_class})"
    if local_name(item) == "packageitem" and not body:
        refs = sum(1 for node in item.iter() if local_name(node) == "itemref")
        held = f"it lists {refs} other item(s) and carries no text of its own"
    caption = _text(_child(content, "description")) if _is_media(item_class) else None
    return _article(item.get("guid") or where, source, kind, body, headline, published, declared,
                    dateline=_text(_child(content, "dateline")), fallback=caption,
                    missing=f": {held}" if held else "")


def _is_media(kind: str | None) -> bool:
    return bool(kind) and any(word in kind.lower() for word in _MEDIA_TYPES)


def _newsml1_item(item: Any, where: str, source: str) -> Article:
    identifier = _text(_find(item, "PublicIdentifier".lower()))
    lines = _find(item, "newslines")
    provider = _find(item, "provider")
    party = _child(provider, "party") if provider is not None else None
    language = _find(item, "language")
    declared = Declared(
        provider=(party.get("FormalName") if party is not None else None) or _text(provider),
        credit=_text(_child(lines, "creditline")),
        copyright=_text(_child(lines, "copyrightline")) or _text(_find(item, "copyrightholder")),
        byline=_text(_child(lines, "byline")),
        language=(language.get("FormalName") if language is not None else None)
        or item.get("{http://www.w3.org/XML/1998/namespace}lang"))
    management = _child(item, "newsmanagement")
    published = _text(_child(management, "thisrevisioncreated")) or _text(_child(management, "firstcreated"))
    body, media = "", []
    for content_item in (node for node in item.iter() if local_name(node) == "contentitem"):
        media_type = _child(content_item, "mediatype")
        media_name = (media_type.get("FormalName") or "") if media_type is not None else ""
        data = _child(content_item, "datacontent")
        if data is None:
            media.append(media_name or "a reference")
            continue
        text = _payload_text(data) if len(data) else _plain(data.text or "")
        if text:
            body = text
            break
        media.append(media_name or "empty content")
    caption = None
    if not body and media and all(_is_media(m) for m in media):
        caption = _text(_find(item, "caption")) or _text(_find(item, "description"))
    missing = f": only {', '.join(dict.fromkeys(media))}" if media else ": no ContentItem with data"
    return _article(identifier or where, source, "a NewsML 1.x NewsItem", body,
                    _text(_child(lines, "headline")), published, declared,
                    dateline=_text(_child(lines, "dateline")), fallback=caption, missing=missing)


def _nitf_item(nitf: Any, where: str, source: str) -> Article:
    head = _child(nitf, "head")
    body_head = _find(nitf, "body.head")
    doc_id = _find(head, "doc-id")
    copyright_ = _find(head, "doc.copyright")
    language = nitf.get("{http://www.w3.org/XML/1998/namespace}lang") or nitf.get("baselang")
    declared = Declared(provider=_text(_find(body_head, "distributor")),
                        credit=_text(_find(body_head, "credit")) or _text(_find(nitf, "byttl")),
                        copyright=(copyright_.get("holder") if copyright_ is not None else None),
                        byline=_text(_find(body_head, "byline")), language=language)
    issued = _find(head, "date.issue")
    title = _text(_find(body_head, "hl1")) or _text(_child(head, "title"))
    return _article((doc_id.get("id-string") if doc_id is not None else None) or where, source,
                    "an NITF document", _nitf_body(nitf), title,
                    issued.get("norm") if issued is not None else None, declared,
                    dateline=_text(_find(body_head, "dateline")), missing=": an empty body.content")


# --------------------------------------------------------------------------- JSON (ninjs)

#: Keys (lower case) that only wire JSON has; one of them makes a record a wire item.
_WIRE_KEYS = frozenset({"body_text", "body_html", "body_xhtml", "bodies", "headlines", "article_html",
                        "versioncreated", "version_created", "copyrightholder", "copyrightnotice",
                        "uri", "guid", "urn", "altids", "associations", "pubstatus", "standard",
                        "$schema", "renditions", "headline", "creditline", "byline", "bylines"})


def is_wire_record(record: dict) -> bool:
    return any(str(key).lower() in _WIRE_KEYS for key in record)


def unwrap(document: Any) -> list[Any] | None:
    """The items inside an API envelope (AP Media API ``data.item``/``data.items``, a BBC-style
    ``item`` list), or None when ``document`` is not an envelope."""
    if not isinstance(document, dict):
        return None
    lower = {str(k).lower(): v for k, v in document.items()}
    data = lower.get("data")
    if isinstance(data, dict):
        if isinstance(data.get("item"), dict):
            item = dict(data["item"])
            nitf = lower.get("nitf")  # AP: the story text travels beside the item
            if isinstance(nitf, dict) and "body_html" not in item:
                item["body_html"] = nitf.get("body_html")
            return [item]
        if isinstance(data.get("items"), list):
            return [entry.get("item", entry) if isinstance(entry, dict) else entry
                    for entry in data["items"]]
    for key in ("item", "items"):
        if isinstance(lower.get(key), list) and not is_wire_record({k: 1 for k in lower if k != key}):
            return lower[key]
    return None


def _first_str(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        if isinstance(value, dict):
            for inner in ("name", "literal", "value", "itemid"):
                if isinstance(value.get(inner), str) and value[inner].strip():
                    return value[inner].strip()
        if isinstance(value, list) and value:
            names = [v.get("name") or v.get("by") or v.get("value") if isinstance(v, dict) else v
                     for v in value]
            names = [n.strip() for n in names if isinstance(n, str) and n.strip()]
            if names:
                return "; ".join(dict.fromkeys(names))
    return None


def _by_role(entries: Any, preferred: Iterable[str]) -> str | None:
    if not isinstance(entries, list):
        return None
    valid = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for role in preferred:
        for entry in valid:
            if str(entry.get("role", "")).lower() == role:
                return entry["value"]
    return valid[0]["value"] if valid else None


def _bodies(entries: Any) -> str:
    """ninjs 2.0+ ``bodies``: the HTML rendition if there is one, else the plain text."""
    if not isinstance(entries, list):
        return ""
    valid = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for entry in valid:
        kind = str(entry.get("contenttype") or entry.get("contentType") or entry.get("role") or "").lower()
        if "html" in kind:
            return fragment_text(entry["value"])
    return fragment_text(valid[0]["value"]) if valid else ""


def article_from_json(record: dict, default_id: str, source: str, where: str) -> Article:
    """One ninjs (or ninjs-like) item."""
    r = {str(k).lower(): v for k, v in record.items()}
    item_id = _first_str(r, "uri", "guid", "urn", "id", "altids") or default_id
    title = _first_str(r, "headline") or _by_role(r.get("headlines"), ("main",)) or _first_str(r, "title")
    body = ""
    if isinstance(r.get("body_text"), str) and r["body_text"].strip():
        body = _plain(r["body_text"])
    for key in sorted(k for k in r if k.startswith(("body_html", "body_xhtml")) or k == "article_html"):
        if not body and isinstance(r.get(key), str):  # body_html, body_html5, dpa's article_html
            body = _html_text(r[key])
    if not body:
        body = _bodies(r.get("bodies"))
    item_type = _first_str(r, "type") or ""
    caption = None
    if _is_media(item_type):
        caption = (_first_str(r, "description_text") or _by_role(r.get("descriptions"), ("caption", "text"))
                   or (fragment_text(r["description_html"]) if isinstance(r.get("description_html"), str)
                       else None))
    declared = Declared(
        provider=_first_str(r, "provider", "infosource", "infosources"),
        credit=_first_str(r, "creditline", "credit", "source"),
        copyright=_first_str(r, "copyrightholder", "copyrightnotice"),
        byline=_first_str(r, "byline", "by", "bylines"),
        language=_first_str(r, "language"))
    published = _first_str(r, "versioncreated", "version_created", "firstcreated", "updated")
    kind = f"a ninjs item{f' (type {item_type!r})' if item_type else ''}"
    missing = ": no body_text, body_html or bodies"
    if isinstance(r.get("$schema"), str) and "json-schema.org" in r["$schema"]:
        kind, missing = "a JSON Schema document", " (a specification, not a news item)"
    elif r.get("description_text") or r.get("descriptions"):
        missing += " (only a description, which is not the article)"
    if "renditions" in r and not body:
        missing += " (the story is a separate download: renditions)"
    article = _article(item_id, source, kind, body, title, published, declared,
                       dateline=_first_str(r, "dateline"), fallback=caption, missing=missing)
    if article.error:
        article.error = f"{where}: {article.error}"
    return article


def _html_text(markup: str) -> str:
    """A body in HTML: a whole document (TT's body_html5) or a fragment."""
    if markup.lstrip()[:15].lower().startswith(("<html", "<!doctype")):
        from lxml import etree
        import lxml.html

        try:
            root = lxml.html.document_fromstring(markup)
        except (etree.ParserError, ValueError):
            return ""
        body = root.find("body")
        return block_text(body if body is not None else root, skip=frozenset({"header"}))
    return fragment_text(markup)


_ESCAPED_HTML = re.compile(r"<(?:p|br|div|h[1-6]|ul|li|style)\b[^>]*>", re.I)


def _plain(text: str) -> str:
    """Plain text with its paragraphs kept, or the text of the HTML that was sent as text
    (NewsML 1.x DataContent and ninjs body_text often carry escaped markup)."""
    if _ESCAPED_HTML.search(text):
        return fragment_text(text)
    return join_blocks([b.replace("\n", "\x01") for b in re.split(r"\n\s*\n", _normalise_newlines(text))])
