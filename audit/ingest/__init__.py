"""Read a batch of articles the way copy arrives: files, folders, JSON/JSONL exports, stdin,
web pages, RSS/Atom feeds, the agencies' wire formats and URLs.

The contract: every input an editor gave us comes back as an ``Article``, in a stable
order, with a stable ``id``. An input that cannot be read still comes back, with
``error`` saying what and where, so nothing silently disappears from the report.

One module per input kind, each turning bytes into ``Article`` records:

- ``files``: txt/md/json/jsonl, folders, stdin, encodings, guards (FIFO, devices, size);
  it recognises the other kinds by content and hands them on;
- ``html``: web pages through trafilatura;
- ``feeds``: RSS/Atom (and WordPress exports) through feedparser;
- ``wire``: IPTC NewsML-G2, NewsML 1.x, NITF and ninjs (and the JSON dialects built on it);
- ``urls``: bounded fetching with httpx.

trafilatura, feedparser, lxml and httpx are imported only when such an input is met, so a
batch of plain text pays nothing for them at start-up.
"""

from __future__ import annotations

from audit.ingest.files import (DEFAULT_MAX_BYTES, STDIN, SUPPORTED_SUFFIXES, ReadOptions, Skipped,
                                _article_from_record, iter_articles, parse_text_header, read_file)

__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "SUPPORTED_SUFFIXES", "ReadOptions", "Skipped",
           "iter_articles", "parse_text_header", "read_file", "_article_from_record"]
