"""Files, folders, JSON/JSONL exports and stdin: bytes in, ``Article`` records out.

The contract: every input an editor gave us comes back as an ``Article``, in a stable
order, with a stable ``id``. An input that cannot be read still comes back, with
``error`` saying what and where, so nothing silently disappears from the report.
Everything is streamed: a 10,000-line JSONL file never sits in memory at once.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat as stat_module
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, NamedTuple

from audit.ingest import markup
from audit.model import Article, Declared

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: Wire formats (NewsML-G2, NewsML 1.x, NITF) and feeds (RSS, Atom, WordPress exports); the
#: content, not the suffix, decides which reader gets the file.
XML_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf", ".nitf", ".newsml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | XML_SUFFIXES

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"
_SNIFF_BYTES = 8192


@dataclass
class ReadOptions:
    max_bytes: int = DEFAULT_MAX_BYTES  # per file (txt/json) or per record (jsonl)
    encoding: str = "utf-8"


@dataclass
class Skipped:
    """Files met while walking a folder that are not articles (kept for the summary)."""

    paths: list[str] = field(default_factory=list)


class _Ids:
    """Hands out ids, making a repeated one unique (``id~2``) so reports stay joinable."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def unique(self, wanted: str) -> str:
        count = self.seen.get(wanted, 0)
        candidate = wanted
        while candidate in self.seen:  # "a~2" may also be an id given in the input
            count += 1
            candidate = f"{wanted}~{count}"
        self.seen[wanted] = max(count, 1)
        self.seen.setdefault(candidate, 1)
        return candidate


def iter_articles(inputs: Iterable[str], options: ReadOptions | None = None,
                  stdin: IO[bytes] | None = None, skipped: Skipped | None = None,
                  exclude: Iterable[str | os.PathLike] = ()) -> Iterator[Article]:
    """Articles from paths (files, folders walked recursively), URLs and ``-`` for stdin.

    ``exclude``: files never read while walking a folder (the run's own ``--out`` report,
    which would otherwise be read back in as input on the next run).
    """
    options = options or ReadOptions()
    ids = _Ids()
    excluded = frozenset(os.path.realpath(path) for path in exclude)
    for raw in inputs:
        for article in _articles_from_input(raw, options, stdin, skipped, excluded):
            # Paths with undecodable bytes and lone surrogates from JSON cannot be written
            # to a UTF-8 report: escape them here, once, for every article.
            article.source = _printable(article.source)
            article.error = _printable(article.error) if article.error else article.error
            article.id = ids.unique(_printable(article.id))
            yield article


def _articles_from_input(raw: str, options: ReadOptions, stdin: IO[bytes] | None,
                         skipped: Skipped | None, excluded: frozenset[str] = frozenset()
                         ) -> Iterator[Article]:
    if raw == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _read_stdin(stream, options)
        return
    if _URL.match(raw):
        from audit.ingest import urls
        yield from urls.read_url(raw, options)
        return
    path = Path(raw)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as exc:
        yield _error(raw, raw, f"cannot access path: {exc.strerror or exc}")
        return
    if not exists:
        reason = "broken symbolic link" if path.is_symlink() else "path not found"
        if reason == "path not found" and _LOOKS_LIKE_HOST.match(raw):
            reason += f" (for a web page, give the whole address: https://{raw})"
        yield _error(raw, raw, reason)
    elif is_dir:
        yield from _walk(path, options, skipped, excluded)
    else:
        problem = _special_file(path)
        if problem:  # a FIFO would block, /dev/zero would never end
            yield _error(raw, raw, problem)
        else:
            yield from read_file(path, options)


_URL = re.compile(r"(?i)https?://")
_LOOKS_LIKE_HOST = re.compile(r"(?i)www\.[^/\s]+\.[a-z]{2,}")


def _walk(root: Path, options: ReadOptions, skipped: Skipped | None,
          excluded: frozenset[str] = frozenset()) -> Iterator[Article]:
    """Files under ``root`` in sorted order; hidden entries skipped; symlink loops reported.

    A folder that holds no article file at all is itself reported (with ``--strict`` that
    fails the run): an empty export folder is a mistake worth seeing, not a clean batch.
    """
    visited: set[tuple[int, int]] = set()
    found = 0
    others: list[str] = []

    def visit(folder: Path) -> Iterator[Article]:
        nonlocal found
        try:
            stat = folder.stat()
        except OSError as exc:
            found += 1
            yield _error(str(folder), str(folder), f"cannot access folder: {exc.strerror}")
            return
        key = (stat.st_dev, stat.st_ino)
        if key in visited:
            found += 1
            yield _error(str(folder), str(folder),
                         f"folder loop: {folder} leads back to a folder already read "
                         f"({os.path.realpath(folder)}); skipped")
            return
        visited.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found += 1
            yield _error(str(folder), str(folder), f"cannot list folder: {exc.strerror}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from visit(path)
            elif excluded and os.path.realpath(path) in excluded:
                others.append(str(path))  # this run's own report
                if skipped is not None:
                    skipped.paths.append(str(path))
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                found += 1
                problem = _not_a_regular_file(entry)
                if problem:  # opening a named pipe would block the batch forever
                    yield _error(str(path), str(path), problem)
                else:
                    yield from read_file(path, options)
            else:
                others.append(str(path))
                if skipped is not None:
                    skipped.paths.append(str(path))

    yield from visit(root)
    if not found:
        detail = (f"; {len(others)} file(s) of other types skipped" if others else "")
        yield _error(str(root), str(root), f"no article files in this folder{detail} "
                                           f"(audit reads {', '.join(sorted(SUPPORTED_SUFFIXES))})")


def read_file(path: Path, options: ReadOptions) -> Iterator[Article]:
    """One file: JSONL streamed by line; anything else read whole and handed to its reader."""
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with open(path, "rb") as handle:
                yield from _read_jsonl_stream(handle, name, options)
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            yield _error(name, name, f"file too large: {_mb(size)}, the limit is "
                                     f"{_mb(options.max_bytes)} (raise it with --max-bytes)")
            return
        with open(path, "rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except IsADirectoryError:
        yield _error(name, name, "is a folder")
        return
    except OSError as exc:
        yield _error(name, name, f"cannot read file: {exc.strerror or exc}")
        return
    yield from read_bytes(data, name, suffix, options)


def read_bytes(data: bytes, name: str, suffix: str, options: ReadOptions) -> Iterator[Article]:
    """Articles from a whole document. The content decides the reader: a NewsML-G2 item saved
    as ``.txt`` or a feed served as ``.html`` still reaches the right one."""
    kind = None if suffix in JSON_SUFFIXES else markup.sniff(data)
    if kind == "html" or (kind is None and suffix in HTML_SUFFIXES):
        from audit.ingest import html
        yield from html.read_page(data, name, options)
    elif kind == "feed":
        from audit.ingest import feeds
        yield from feeds.read_feed(data, name, options)
    elif kind in ("newsml-g2", "newsml-1", "nitf"):
        from audit.ingest import wire
        yield from wire.read_xml(data, name, kind, options)
    elif suffix in XML_SUFFIXES:
        if not data.strip():
            yield _error(name, name, "empty file")
        elif kind == "xml":
            yield _error(name, name, f"XML of a kind audit does not read: root element "
                                     f"<{markup.root_name(data)}> (audit reads NewsML-G2, NewsML 1.x, "
                                     "NITF, RSS, Atom and HTML)")
        else:
            yield _error(name, name, "not XML: the file does not start with an XML element")
    elif suffix in JSON_SUFFIXES:
        yield from _read_json_document(data, name, options)
    elif kind == "xml" and markup.head_as_utf8(data).lstrip().startswith(b"<?xml"):
        yield _error(name, name, f"XML of a kind audit does not read: root element "
                                 f"<{markup.root_name(data)}>")
    else:
        yield _read_text_article(data, name, name, options)


def _read_stdin(stream: IO[bytes], options: ReadOptions) -> Iterator[Article]:
    """stdin holds JSON, JSONL, markup (HTML, a feed, a wire item) or one plain-text article;
    the first character decides."""
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield _error("<stdin>", "<stdin>", f"input too large: more than {_mb(options.max_bytes)} "
                                           "(raise it with --max-bytes, or pass a JSONL file)")
        return
    data, options = _unmark(data, options)
    head = data.lstrip()[:1]
    if head == b"[":
        yield from _read_json_document(data, "<stdin>", options)
    elif head == b"{":
        stripped = data.strip()
        if not _EOL.search(stripped):  # one JSON object on one line
            yield from _read_json_document(data, "<stdin>", options)
        else:
            try:
                json.loads(stripped.decode(options.encoding, errors="strict"))
                yield from _read_json_document(data, "<stdin>", options)
            except (ValueError, RecursionError, LookupError):
                yield from _read_jsonl(_lines_of(data), "<stdin>", options)
    elif head == b"<" and markup.sniff(data) not in (None, "xml"):
        yield from read_bytes(data, "<stdin>", "", options)
    else:
        yield _read_text_article(data, "<stdin>", "<stdin>", options)


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _is_utf8(encoding: str) -> bool:
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _unmark(data: bytes, options: ReadOptions) -> tuple[bytes, ReadOptions]:
    """stdin without its byte order mark, as UTF-8 when the mark (or --encoding) says UTF-16/32.

    A BOM is not whitespace: left in place it hides the ``{`` that says "JSON".
    """
    bom = _bom_encoding(data)
    wide = bom if bom in ("utf-16", "utf-32") else (options.encoding if _wide(options.encoding) else None)
    if wide:
        try:
            return data.decode(wide).encode("utf-8"), replace(options, encoding="utf-8")
        except (UnicodeDecodeError, LookupError):
            return data, options  # the reader below names the problem
    if bom == "utf-8":
        return data[len(codecs.BOM_UTF8):], options
    return data, options


def _wide(encoding: str) -> bool:
    return encoding.lower().replace("_", "-").replace("utf-", "utf").startswith(("utf16", "utf32"))


_EOL = re.compile(rb"\r\n|\r|\n")


def _lines_of(data: bytes) -> Iterator[bytes]:
    """Lines ending in LF, CRLF or a lone CR (old Mac exports)."""
    start = 0
    for eol in _EOL.finditer(data):
        yield data[start:eol.end()]
        start = eol.end()
    if start < len(data):
        yield data[start:]


def _read_jsonl_stream(handle: IO[bytes], name: str, options: ReadOptions) -> Iterator[Article]:
    """A JSONL file, streamed. UTF-16/32 (by its byte order mark or ``--encoding``) is decoded
    on the way in: its newlines are not the byte 0x0A, so splitting bytes would cut records."""
    start = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
    bom = _bom_encoding(start)
    wide = bom if bom in ("utf-16", "utf-32") else (options.encoding if _wide(options.encoding) else None)
    if not wide:
        yield from _read_jsonl(_bounded_lines(handle, options.max_bytes), name, options, whole_file=True)
        return
    try:
        text = io.TextIOWrapper(handle, encoding=wide, errors="strict", newline=None)
    except LookupError:
        yield _error(name, name, f"unknown encoding {options.encoding!r}")
        return
    yield from _read_jsonl(_decoded_lines(text, options.max_bytes, name), name,
                           replace(options, encoding="utf-8"), whole_file=True)


def _decoded_lines(text: IO[str], limit: int, name: str) -> Iterator[bytes | _Oversized | _Undecodable]:
    """UTF-8 lines of a decoded text stream (universal newlines), bounded like ``_bounded_lines``."""
    while True:
        try:
            line = text.readline(limit + 1)
        except UnicodeDecodeError as exc:
            yield _Undecodable(f"not valid {exc.encoding.upper()}: {exc.reason}; the rest of the file "
                               "was not read")
            return
        if not line:
            return
        if len(line) <= limit or line.endswith("\n"):
            yield line.encode("utf-8", "surrogatepass")
            continue
        size = len(line)
        while True:
            more = text.readline(_READ_CHUNK)
            size += len(more)
            if not more or more.endswith("\n"):
                break
        yield _Oversized(size)


def _read_jsonl(lines: Iterable[bytes | _Oversized], source: str, options: ReadOptions,
                whole_file: bool = False) -> Iterator[Article]:
    """One record a line. Blank lines are skipped; a bad line becomes an error entry.

    With ``whole_file``, a file without a single record is reported (an empty JSONL file
    must not vanish from the report).
    """
    records = 0
    seen_bytes = False
    for number, line in enumerate(lines, start=1):
        seen_bytes = True
        article_id = f"{source}:{number}"
        if isinstance(line, _Undecodable):
            records += 1
            yield _error(article_id, source, f"line {number}: {line.reason}")
            continue
        size = line.size if isinstance(line, _Oversized) else len(line)
        if size > options.max_bytes:
            records += 1
            yield _error(article_id, source, f"line {number}: record too large: {_mb(size)}, "
                                             f"the limit is {_mb(options.max_bytes)} "
                                             "(raise it with --max-bytes)")
            continue
        if not line.strip():
            continue
        records += 1
        text, problem = _decode(line, options.encoding, in_line=True)
        if problem:
            yield _error(article_id, source, f"line {number}: {problem}")
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield _error(article_id, source, f"malformed JSON on line {number}, column {exc.colno}: "
                                             f"{exc.msg}")
            continue
        except RecursionError:
            yield _error(article_id, source, f"line {number}: JSON nested too deeply")
            continue
        except ValueError as exc:  # e.g. a number longer than Python converts (4300 digits)
            yield _error(article_id, source, f"unreadable JSON on line {number}: {_value_error(exc)}")
            continue
        yield _article_from_record(record, article_id, source, where=f"line {number}")
    if whole_file and not records:
        yield _error(source, source, "no records: the file has only blank lines" if seen_bytes
                     else "empty file")


class _Oversized(NamedTuple):
    """A JSONL line longer than the limit, skipped without holding it in memory."""

    size: int


_READ_CHUNK = 1024 * 1024


class _Undecodable(NamedTuple):
    """A wide-encoded JSONL file that stops decoding at this line."""

    reason: str


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | _Oversized]:
    """Lines (LF, CRLF or a lone CR) of a binary file, never holding more than about ``limit``
    bytes of one: reads are bounded ``readline`` calls, an overlong line is counted, not kept."""
    pending = bytearray()
    oversized = 0  # bytes of an overlong line seen so far (0: none)
    after_cr = False  # the last piece ended in CR: a LF opening the next one belongs to it
    while True:
        piece = handle.readline(min(limit + 1, _READ_CHUNK))
        if not piece:
            break
        if after_cr and piece.startswith(b"\n"):
            piece = piece[1:]
        after_cr = False
        start = 0
        while start < len(piece):
            eol = _EOL.search(piece, start)
            end = eol.end() if eol else len(piece)
            if oversized:
                oversized += end - start
            else:
                pending += piece[start:end]
                if len(pending) > limit + 2:  # + the line ending; _read_jsonl judges the rest
                    oversized = len(pending)
                    pending.clear()
            start = end
            if eol is None:
                break
            if eol.group() == b"\r" and end == len(piece):
                after_cr = True
            if oversized:
                yield _Oversized(oversized)
                oversized = 0
            else:
                yield bytes(pending)
                pending.clear()
    if oversized:
        yield _Oversized(oversized)
    elif pending:
        yield bytes(pending)


def _read_json_document(data: bytes, source: str, options: ReadOptions) -> Iterator[Article]:
    bom = _bom_encoding(data)
    if bom in ("utf-16", "utf-32") and _is_utf8(options.encoding):
        options = replace(options, encoding=bom)  # the byte order mark says which
    text, problem = _decode(data, options.encoding)
    if problem:
        yield _error(source, source, problem)
        return
    if not text.strip():
        yield _error(source, source, "empty file")
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _error(source, source, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return
    except RecursionError:
        yield _error(source, source, "JSON nested too deeply")
        return
    except ValueError as exc:  # e.g. a number longer than Python converts (4300 digits)
        yield _error(source, source, f"unreadable JSON: {_value_error(exc)}")
        return
    if isinstance(document, dict) and isinstance(document.get("articles"), list):
        document = document["articles"]  # a saved audit report, or an export wrapper
    elif isinstance(document, dict) and not isinstance(document.get("text", document.get("body")), str):
        from audit.ingest import wire
        items = wire.unwrap(document)  # an agency API envelope (AP Media API, ...)
        if items is not None:
            document = items if len(items) != 1 else items[0]
    if isinstance(document, list):
        if not document:
            yield _error(source, source, "JSON list is empty: no articles")
        for index, record in enumerate(document):
            yield _article_from_record(record, f"{source}#{index}", source, where=f"item {index}")
    else:
        yield _article_from_record(document, source, source, where="document")


def _article_from_record(record: Any, default_id: str, source: str, where: str) -> Article:
    if not isinstance(record, dict):
        return _error(default_id, source, f"{where}: expected a JSON object, got {_json_type(record)}")
    raw_id = record.get("id")
    article_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else default_id
    text = record.get("text", record.get("body"))
    if not isinstance(text, str):
        from audit.ingest import wire
        if wire.is_wire_record(record):  # ninjs and its dialects, recognised by their fields
            return wire.article_from_json(record, default_id, source, where)
    if text is None:
        return _error(article_id, source, f"{where}: no 'text' (or 'body') field")
    if not isinstance(text, str):
        return _error(article_id, source, f"{where}: 'text' is {_json_type(text)}, expected a string")
    fields: dict[str, str | None] = {}
    for key in ("title", "url", "published", "source_text", "source_language"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return _error(article_id, source, f"{where}: '{key}' is {_json_type(value)}, expected a string")
        fields[key] = value
    for key, value in (("text", text), *fields.items()):
        bad = _SURROGATE.search(value) if value else None
        if bad:  # "\ud800" is valid JSON but not Unicode: it could not be written to the report
            return _error(article_id, source, f"{where}: '{key}' has an invalid character at position "
                                              f"{bad.start()}: a lone surrogate \\u{ord(bad.group()):04x} "
                                              "(broken UTF-16 in the export)")
    ignore = record.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
        return _error(article_id, source, f"{where}: 'ignore' must be a list of finding fingerprints")
    text = _normalise_newlines(text)
    article = Article(id=article_id, source=source, text=text, title=fields["title"],
                      url=fields["url"], published=fields["published"],
                      source_text=_normalise_newlines(fields["source_text"]) if fields["source_text"] else None,
                      source_language=fields["source_language"], ignore=tuple(ignore),
                      declared=_declared_fields(record))
    if not text.strip():
        article.error = f"{where}: empty text"
    return article


_DECLARED_KEYS = ("provider", "credit", "copyright", "byline", "language")


def _declared_fields(record: dict) -> Declared | None:
    """``provider``/``credit``/``copyright``/``byline``/``language`` of a JSON record (or the
    ``provenance.declared`` of a saved report), when it has any."""
    saved = record.get("provenance")
    source = saved.get("declared") if isinstance(saved, dict) else None
    source = source if isinstance(source, dict) else record
    values = {key: source.get(key) for key in _DECLARED_KEYS}
    values = {key: " ".join(value.split()) if isinstance(value, str) and value.strip() else None
              for key, value in values.items()}
    return Declared(**values) if any(values.values()) else None


def _read_text_article(data: bytes, article_id: str, source: str, options: ReadOptions) -> Article:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and options.encoding.lower().replace("_", "-") in (
            "utf-8", "utf8"):
        return _error(article_id, source, "UTF-16 text (it starts with a UTF-16 byte order mark): "
                                          "convert it to UTF-8 or re-run with --encoding utf-16")
    wide = options.encoding.lower().replace("_", "-").replace("utf-", "utf").startswith(("utf16", "utf32"))
    if not wide and _looks_binary(data):  # UTF-16/32 text is full of NUL bytes
        return _error(article_id, source, "binary file, not text")
    text, problem = _decode(data, options.encoding)
    if problem:
        return _error(article_id, source, problem)
    text = _normalise_newlines(text)
    if not text.strip():
        return _error(article_id, source, "empty file" if not data else "file has only whitespace")
    published, title = parse_text_header(text, markdown=source.lower().endswith((".md", ".markdown")))
    return Article(id=article_id, source=source, text=text, title=title, published=published)


# A date line: weekday and/or day-month-year, optionally a time and zone, nothing else.
_MONTHS = (r"jan(?:uary|uari)?|feb(?:ruary|ruari)?|mar(?:ch|et)?|apr(?:il)?|may|mei|jun[ei]?|"
           r"jul[iy]?|aug(?:ust)?|agu(?:stus)?|agt|sep(?:t|tember)?|oct(?:ober)?|okt(?:ober)?|"
           r"nov(?:ember)?|dec(?:ember)?|des(?:ember)?")
_WEEKDAYS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
             r"senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|mon|tue|wed|thu|fri|sat|sun")
_DATE_LINE = re.compile(
    rf"^\s*(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    r"(?:[,\s|-]+(?:pukul\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[A-Za-z]{2,5}(?:[+-]\d{1,2})?)?)?\s*$",
    re.IGNORECASE,
)


def parse_text_header(text: str, markdown: bool = False) -> tuple[str | None, str | None]:
    """The published date line and the title of a plain-text article, if it has them.

    The first non-empty line may be a date line; the next (or first) line is a title when it
    is short and stands alone as a paragraph. Both stay in the article text (offsets index the
    text exactly as given); they are only *also* reported as fields.
    """
    lines = text.split("\n")
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    published = None
    if index < len(lines) and _DATE_LINE.match(lines[index]):
        published = lines[index].strip()
        index += 1
        while index < len(lines) and not lines[index].strip():
            index += 1
    if index >= len(lines):
        return published, None
    candidate = lines[index].strip()
    if markdown and candidate.startswith("#"):
        return published, candidate.lstrip("#").strip() or None
    stands_alone = index + 1 >= len(lines) or not lines[index + 1].strip()
    has_more = any(line.strip() for line in lines[index + 1:])
    if stands_alone and has_more and len(candidate) <= 200:
        return published, candidate
    return published, None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return bool(sample) and control / len(sample) > 0.1


def _decode(data: bytes, encoding: str, in_line: bool = False) -> tuple[str, str | None]:
    """Strict decoding: a mis-decoded article would be audited as garbage, so refuse it.

    ``in_line``: ``data`` is one JSONL line, so the position is given as a column.
    """
    try:
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
            return data.decode("utf-8-sig"), None
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
            hint = ("; if the file is Latin-1 or Windows-1252, convert it to UTF-8 or re-run with "
                    "--encoding cp1252")
        where = (f"column {exc.start + 1}" if in_line
                 else f"offset {exc.start} (line {line})")
        return "", f"not valid {encoding.upper()}: byte 0x{data[exc.start]:02x} at {where}{hint}"
    except LookupError:
        return "", f"unknown encoding {encoding!r}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(value: str) -> str:
    """``value`` with lone surrogates escaped (``\\xe9`` for an undecodable file-name byte)."""
    if not _SURROGATE.search(value):
        return value
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _value_error(exc: ValueError) -> str:
    """A JSON ValueError without Python's advice to the programmer after the ';'."""
    return str(exc).split(";")[0]


def _not_a_regular_file(entry: os.DirEntry) -> str | None:
    """Why a folder entry cannot be read as an article file, or None when it can be tried."""
    try:
        mode = entry.stat().st_mode  # follows symbolic links
    except FileNotFoundError:
        if entry.is_symlink():
            try:
                return f"broken symbolic link to {os.readlink(entry.path)}"
            except OSError:
                return "broken symbolic link"
        return "file disappeared while the folder was read"
    except OSError:
        return None  # reading it says what is wrong
    if stat_module.S_ISREG(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat_module.S_ISFIFO(mode) else
            "a socket" if stat_module.S_ISSOCK(mode) else
            "a device" if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode) else
            "a special file")
    return f"not a regular file: {kind}; skipped"


def _special_file(path: Path) -> str | None:
    """Why a path given directly cannot be read as a file (a FIFO, a device), else None."""
    try:
        mode = path.stat().st_mode  # follows symbolic links: a link to /dev/zero is a device
    except OSError:
        return None  # reading it says what is wrong
    if stat_module.S_ISREG(mode) or stat_module.S_ISDIR(mode):
        return None
    kind = ("a named pipe (FIFO)" if stat_module.S_ISFIFO(mode) else
            "a socket" if stat_module.S_ISSOCK(mode) else
            "a device" if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode) else
            "a special file")
    hint = "; to read a pipe, send it to stdin: audit run - < PIPE" if stat_module.S_ISFIFO(mode) else ""
    return f"not a regular file: {kind}{hint}"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _error(article_id: str, source: str, message: str) -> Article:
    return Article(id=article_id, source=source, error=message)


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _mb(size: int) -> str:
    """A size an editor can read: bytes, KB or MB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
