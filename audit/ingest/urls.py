"""``audit run https://…``: fetch a page or a feed with httpx, bounded in every direction.

Bounded: a connect and read timeout plus a deadline for the whole download, a size limit
(``--max-bytes``) checked while streaming (a server that lies about Content-Length, or sends
none, still cannot fill memory), at most ``MAX_REDIRECTS`` redirects, and a user agent that
says who is asking. Every failure (DNS, refused connection, timeout, 4xx/5xx, too many
redirects, too large, a type that is not a page, feed or wire item) is an ``error`` for that
URL; the rest of the batch goes on. What arrives is read like a file: the content decides
whether it is HTML, a feed, a wire item, JSON or text.
"""

from __future__ import annotations

import time
from typing import Iterator

from audit import __version__
from audit.ingest.files import ReadOptions, _error, _mb, read_bytes
from audit.model import Article

USER_AGENT = f"audit/{__version__} (newsroom copy audit; +https://pypi.org/project/audit/)"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
DEADLINE = 60.0  # seconds for the whole download, however slowly the bytes trickle in
MAX_REDIRECTS = 5
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,text/plain;q=0.5")
# Content type -> the suffix its bytes are read as.
_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/json": ".json",
          "application/ld+json": ".json", "text/plain": ".txt", "text/markdown": ".md"}


def _suffix(content_type: str) -> str | None:
    kind = content_type.split(";")[0].strip().lower()
    if kind in _TYPES:
        return _TYPES[kind]
    if kind.endswith(("xml", "+xml")) or kind in ("application/rss+xml", "application/atom+xml"):
        return ".xml"
    if not kind:
        return ""  # no type given: the content decides
    return None


def read_url(url: str, options: ReadOptions, timeout: float | None = None) -> Iterator[Article]:
    """One URL: its page, feed entries or wire items, or one ``error`` saying what went wrong."""
    import httpx

    limit = options.max_bytes
    deadline = time.monotonic() + (timeout if timeout is not None else DEADLINE)
    timeouts = httpx.Timeout(timeout if timeout is not None else READ_TIMEOUT,
                             connect=min(CONNECT_TIMEOUT, timeout) if timeout else CONNECT_TIMEOUT)
    try:
        with httpx.Client(timeout=timeouts, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                          headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT}, trust_env=False) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    yield _error(url, url, f"HTTP {response.status_code} {response.reason_phrase} "
                                           f"from {response.url}")
                    return
                content_type = response.headers.get("content-type", "")
                suffix = _suffix(content_type)
                if suffix is None:
                    yield _error(url, url, f"not a page, feed or wire item: the server sent "
                                           f"{content_type.split(';')[0]}")
                    return
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    yield _error(url, url, _too_large(int(declared), limit))
                    return
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        yield _error(url, url, _too_large(size, limit, partial=True))
                        return
                    if time.monotonic() > deadline:
                        yield _error(url, url, f"timed out: the download took longer than "
                                               f"{timeout if timeout is not None else DEADLINE:.0f} s")
                        return
                    chunks.append(chunk)
                final_url = str(response.url)
    except httpx.TooManyRedirects:
        yield _error(url, url, f"too many redirects (more than {MAX_REDIRECTS})")
        return
    except httpx.TimeoutException as exc:
        yield _error(url, url, f"timed out ({type(exc).__name__}): the server did not answer in time")
        return
    except httpx.ConnectError as exc:
        yield _error(url, url, f"cannot connect: {_reason(exc)}")
        return
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        yield _error(url, url, f"cannot fetch: {type(exc).__name__}: {_reason(exc)}")
        return
    for article in read_bytes(b"".join(chunks), url, suffix, options):
        if article.url is None:
            article.url = final_url
        yield article


def _too_large(size: int, limit: int, partial: bool = False) -> str:
    what = f"more than {_mb(limit)}" if partial else _mb(size)
    return f"too large: {what}, the limit is {_mb(limit)} (raise it with --max-bytes)"


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return f"the host name does not resolve (DNS): {text}"
    return text
