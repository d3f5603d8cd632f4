"""``audit fix``: apply the findings whose checks declared them safe, and nothing else.

A finding is fixable when its check registered ``fixable=True`` and the hit carries an exact
edit (``Finding.fix``): replace ``text[start:end]`` by ``replacement``. Role confusion and other
rewrites that need judgement never are. The work, per article:

1. analyse and finalise it as ``audit run`` does (configuration, ignores, severities);
2. choose the edits: selected by ``--only``/``--min-severity``, overlaps resolved
   deterministically (earliest start wins, then the wider edit, then code and replacement
   order), all applied in one pass on the original offsets, so later edits stay right;
3. re-run the checks on the new text and repeat while fixable findings remain (at most
   ``MAX_ROUNDS`` times: a fix that brings its finding back never settles);
4. verify: no finding that was not there before appears (an ``info`` note may: it is no
   error), and the fixes settled. An article
   that fails is left as it was, and so is its file.

Writing keeps each input's format: a text file is rewritten with its encoding, byte order
mark and line endings; in a JSON document or a JSONL line only the text field's value
changes and every other byte of the file stays as it was. Files are written atomically
(a temporary file in the same folder, then ``os.replace``): a crash leaves the old file or
the new one, never half of one. JSONL is streamed line by line.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from audit.config import DEFAULT, Config
from audit.model import Article, Finding, at_or_above

MAX_ROUNDS = 4
TEXT_KEYS = ("text", "body", "body_text")  # the record fields an article's text is read from
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
_JSON_SUFFIXES = {".json"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}


@dataclass(frozen=True)
class Selection:
    """Which fixable findings to apply: ``--only`` codes and ``--min-severity``."""

    codes: frozenset[str] | None = None
    min_severity: str | None = None

    def wants(self, finding: Finding) -> bool:
        return (finding.fix is not None
                and (self.codes is None or finding.code in self.codes)
                and (self.min_severity is None or at_or_above(finding.severity, self.min_severity)))


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    code: str
    original: str


def choose_edits(text: str, findings: Iterable[Finding], selection: Selection = Selection()
                 ) -> tuple[list[Edit], int]:
    """The edits to apply in one pass, none overlapping, in text order; and how many
    wanted fixes were held back by an overlap (they get their turn in the next round).

    Deterministic: sorted by start, the wider edit first, then code and replacement; an
    edit overlapping one already taken waits. The same edit from two findings is one edit.
    """
    candidates = []
    for finding in findings:
        if not selection.wants(finding):
            continue
        fix = finding.fix
        if text[fix.start:fix.end] != fix.original:
            continue  # stale: the text moved under it (never happens within one analysis)
        candidates.append(Edit(fix.start, fix.end, fix.replacement, finding.code, fix.original))
    candidates.sort(key=lambda e: (e.start, -e.end, e.code, e.replacement))
    chosen: list[Edit] = []
    held = 0
    for edit in candidates:
        if chosen:
            last = chosen[-1]
            if (edit.start, edit.end, edit.replacement) == (last.start, last.end, last.replacement):
                continue
            if edit.start < last.end or (edit.start == last.start == last.end == edit.end):
                held += 1
                continue
        chosen.append(edit)
    return chosen, held


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` (in text order) applied on its own offsets."""
    parts, at = [], 0
    for edit in edits:
        parts.append(text[at:edit.start])
        parts.append(edit.replacement)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


@dataclass
class ArticleFix:
    """One article before and after: what was applied, what remains, and whether it held."""

    article: Article
    before: list[Finding] = field(default_factory=list)
    after: list[Finding] = field(default_factory=list)
    text: str = ""
    applied: int = 0
    problem: str | None = None  # why the fixes were not kept (then ``text`` is the original)

    @property
    def changed(self) -> bool:
        return self.problem is None and self.text != self.article.text


def _findings(article: Article, config: Config) -> tuple[list[Finding], str | None]:
    from audit.pipeline import analyse, finalise

    report = finalise(analyse(article, config), article, config)
    return report.findings, report.error


def _key(finding: Finding) -> tuple[str, str]:
    return finding.code, " ".join(finding.text.split()).lower()


def fix_article(article: Article, config: Config = DEFAULT, selection: Selection = Selection(),
                analyse: Callable[[Article, Config], tuple[list[Finding], str | None]] | None = None
                ) -> ArticleFix:
    """Apply, re-check and repeat until no selected fixable finding is left, then verify."""
    analyse = analyse or _findings
    result = ArticleFix(article, text=article.text)
    if article.error:
        return result
    before, error = analyse(article, config)
    result.before = result.after = before
    if error:
        return result
    text, current = article.text, before
    for _ in range(MAX_ROUNDS):
        edits, _held = choose_edits(text, current, selection)
        if not edits:
            break
        text = apply_edits(text, edits)
        result.applied += len(edits)
        current, error = analyse(replace(article, text=text), config)
        if error:
            result.problem = f"the fixed text could not be re-checked: {error}"
            break
    else:
        if any(selection.wants(f) for f in current):
            result.problem = (f"fixes did not settle after {MAX_ROUNDS} rounds (a fix brings "
                              "its finding back)")
    if result.problem is None:
        # info notes are not errors: one the fix uncovers ("Rp 1,500,000" has no US$
        # conversion, said before of "Rp 1.500.000" only as a format problem) may stay
        appeared = (Counter(_key(f) for f in current if f.severity != "info")
                    - Counter(map(_key, before)))
        if appeared:
            (code, quoted), _ = next(iter(appeared.items()))
            result.problem = f"a fix would add a finding: {code} \"{quoted}\""
    if result.problem is not None:
        result.text, result.applied = article.text, 0
        return result
    result.text, result.after = text, current
    return result


# --- diffs --------------------------------------------------------------------------------------

_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}


def unified_diff(fixed: ArticleFix, color: bool = False) -> str:
    """A unified diff of the article text (``a/ID`` → ``b/ID``), coloured for a terminal."""
    old = fixed.article.text.splitlines(keepends=True)
    new = fixed.text.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(old, new, f"a/{fixed.article.id}", f"b/{fixed.article.id}"):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of text\n"
        if color:
            colour = "\x1b[1m" if line.startswith(("+++", "---")) else _COLOURS.get(line[:1])
            if colour:
                line = colour + line.rstrip("\n") + "\x1b[0m\n"
        lines.append(line)
    return "".join(lines)


# --- writing back, format by format -----------------------------------------------------------

class CannotWrite(Exception):
    """This file cannot be rewritten (format, structure, line endings); its text is unchanged."""


def file_kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _JSON_SUFFIXES:
        return "json"
    if suffix in _TEXT_SUFFIXES:
        return "text"
    return None


def _codec(encoding: str) -> str:
    return "utf-8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding


def _with_line_endings(original: str, old: str, new: str) -> str:
    """``new`` (``\\n`` line ends, as audit reads text) with ``original``'s line endings.

    ``old`` is ``original`` normalised; mixed line endings cannot be restored, so refuse."""
    if original == old:
        return new
    for ending in ("\r\n", "\r"):
        if original == old.replace("\n", ending):
            return new.replace("\n", ending)
    raise CannotWrite("mixed line endings: not rewritten")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\r\n":
        i += 1
    return i


_DECODER = json.JSONDecoder()


def _object_members(s: str, i: int) -> tuple[dict[str, tuple[int, int]], int]:
    """The members of the JSON object at ``s[i]``: key → (start, end) of its raw value."""
    members: dict[str, tuple[int, int]] = {}
    i = _skip_ws(s, i + 1)
    if s[i:i + 1] == "}":
        return members, i + 1
    while True:
        key, i = _DECODER.raw_decode(s, _skip_ws(s, i))
        i = _skip_ws(s, i)
        if s[i:i + 1] != ":":
            raise CannotWrite("unexpected JSON structure")
        start = _skip_ws(s, i + 1)
        _value, end = _DECODER.raw_decode(s, start)
        members[key] = (start, end)  # a repeated key: the last one counts, as in json.loads
        i = _skip_ws(s, end)
        if s[i:i + 1] == "}":
            return members, i + 1
        if s[i:i + 1] != ",":
            raise CannotWrite("unexpected JSON structure")
        i += 1


def _records(s: str) -> list[dict[str, tuple[int, int]] | None]:
    """Each record of a JSON document as ingest reads it (one object, a list of them, or
    ``{"articles": [...]}``): its members' raw spans, or None for an item that is no object."""
    i = _skip_ws(s, 0)
    if s[i:i + 1] == "{":
        members, _ = _object_members(s, i)
        if "articles" not in members or s[members["articles"][0]] != "[":
            return [members]
        i = members["articles"][0]
    if s[i:i + 1] != "[":
        raise CannotWrite("unexpected JSON structure")
    items: list[dict[str, tuple[int, int]] | None] = []
    i = _skip_ws(s, i + 1)
    if s[i:i + 1] == "]":
        return items
    while True:
        i = _skip_ws(s, i)
        if s[i:i + 1] == "{":
            members, i = _object_members(s, i)
            items.append(members)
        else:
            _value, i = _DECODER.raw_decode(s, i)
            items.append(None)
        i = _skip_ws(s, i)
        if s[i:i + 1] == "]":
            return items
        if s[i:i + 1] != ",":
            raise CannotWrite("unexpected JSON structure")
        i += 1


def _replace_text_value(s: str, members: dict[str, tuple[int, int]] | None,
                        fixed: ArticleFix) -> tuple[int, int, str] | None:
    """The edit of ``s`` that puts the fixed text into this record's text field, or None."""
    if not fixed.changed:
        return None
    if members is None:
        raise CannotWrite("record is not a JSON object")
    for key in TEXT_KEYS:
        if key not in members:
            continue
        start, end = members[key]
        raw = s[start:end]
        value = json.loads(raw)
        new_value = _field_value(value, fixed) if isinstance(value, str) else None
        if new_value is not None:
            escaped = raw.isascii() and not value.isascii()  # the exporter wrote \\u escapes
            return start, end, json.dumps(new_value, ensure_ascii=escaped)
    raise CannotWrite("the article's text is not one field of its record")


def _field_value(value: str, fixed: ArticleFix) -> str | None:
    """The record field's new value, when the article's text is that field, possibly opened
    by the item's dateline (ninjs) or trimmed: the fixes must lie inside the field's part."""
    normalised = _normalise(value)
    body = normalised.strip()
    at = fixed.article.text.find(body) if body else -1
    if at < 0 or fixed.article.text.find(body, at + 1) >= 0:
        return None
    prefix, suffix = fixed.article.text[:at], fixed.article.text[at + len(body):]
    new = fixed.text
    if len(new) < len(prefix) + len(suffix) or not new.startswith(prefix) or not new.endswith(suffix):
        return None
    lead = normalised[:len(normalised) - len(normalised.lstrip())]
    trail = normalised[len(normalised.rstrip()):]
    new_body = new[len(prefix):len(new) - len(suffix)]
    return _with_line_endings(value, normalised, lead + new_body + trail)


def _splice(s: str, edits: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for start, end, value in sorted(edits):
        out.append(s[at:start])
        out.append(value)
        at = end
    out.append(s[at:])
    return "".join(out)


def _check_json(old: str, new: str, members_old, fixed_by_record) -> None:
    """Re-read what is about to be written: the same records, only text fields changed."""
    before, after = json.loads(old), json.loads(new)
    if before == after and not any(f.changed for f in fixed_by_record):
        return
    expected = _expected(before, fixed_by_record)
    if after != expected:
        raise CannotWrite("the rewritten JSON does not read back as expected")


def _expected(document, fixed_by_record):
    records = document
    wrapper = isinstance(document, dict) and isinstance(document.get("articles"), list)
    if wrapper:
        records = document["articles"]
    single = isinstance(records, dict)
    items = [records] if single else list(records)
    for index, fixed in enumerate(fixed_by_record):
        if not fixed.changed:
            continue
        record = dict(items[index])
        for key in TEXT_KEYS:
            new_value = _field_value(record[key], fixed) if isinstance(record.get(key), str) else None
            if new_value is not None:
                record[key] = new_value
                break
        items[index] = record
    if single:
        return items[0]
    return {**document, "articles": items} if wrapper else items


def _render_text(data: bytes, fixed: ArticleFix, encoding: str) -> bytes:
    bom = data.startswith(b"\xef\xbb\xbf") and _codec(encoding) == "utf-8"
    original = data[3 if bom else 0:].decode(_codec(encoding))
    new = _with_line_endings(original, fixed.article.text, fixed.text)
    out = (b"\xef\xbb\xbf" if bom else b"") + new.encode(_codec(encoding))
    if _normalise(out[3 if bom else 0:].decode(_codec(encoding))) != fixed.text:
        raise CannotWrite("the rewritten file does not read back as the fixed text")
    return out


def _render_json(data: bytes, fixes: list[ArticleFix], encoding: str) -> bytes:
    bom = data.startswith(b"\xef\xbb\xbf") and _codec(encoding) == "utf-8"
    s = data[3 if bom else 0:].decode(_codec(encoding))
    records = _records(s)
    if len(records) != len(fixes):
        raise CannotWrite("its records do not match the articles read from it")
    edits = [e for members, fixed in zip(records, fixes)
             if (e := _replace_text_value(s, members, fixed)) is not None]
    new = _splice(s, edits)
    _check_json(s, new, records, fixes)
    return (b"\xef\xbb\xbf" if bom else b"") + new.encode(_codec(encoding))


def _render_jsonl_line(line: bytes, fixed: ArticleFix, encoding: str) -> bytes:
    if not fixed.changed:
        return line
    body = line.rstrip(b"\r\n")
    ending = line[len(body):]
    bom = body.startswith(b"\xef\xbb\xbf") and _codec(encoding) == "utf-8"
    s = body[3 if bom else 0:].decode(_codec(encoding))
    start = _skip_ws(s, 0)
    if s[start:start + 1] != "{":
        raise CannotWrite("record is not a JSON object")
    members, _ = _object_members(s, start)
    edit = _replace_text_value(s, members, fixed)
    new = _splice(s, [edit]) if edit else s
    _check_json(s, new, [members], [fixed])
    return (b"\xef\xbb\xbf" if bom else b"") + new.encode(_codec(encoding)) + ending


def rewrite(path: Path, fixes: Iterator[ArticleFix], sink: IO[bytes] | None,
            encoding: str = "utf-8", on_article: Callable[[ArticleFix], None] = lambda f: None
            ) -> None:
    """Write ``path`` with its articles' fixed texts to ``sink`` (None: only consume them).

    ``fixes`` yields one ArticleFix per article read from the file, in order; each is handed
    to ``on_article`` as it is consumed. Raises CannotWrite when the file cannot be rewritten
    faithfully (the caller then leaves it alone)."""
    kind = file_kind(path)
    if sink is None or kind is None:
        for fixed in fixes:
            on_article(fixed)
        if sink is not None:
            raise CannotWrite(f"{path.suffix or 'this kind of'} files cannot be rewritten; "
                              "--diff shows the fixes")
        return
    if kind == "jsonl":
        with open(path, "rb") as handle:
            for line in handle:
                if not line.strip():
                    sink.write(line)
                    continue
                fixed = next(fixes, None)
                if fixed is None:
                    raise CannotWrite("its lines do not match the articles read from it")
                on_article(fixed)
                sink.write(_render_jsonl_line(line, fixed, encoding))
        rest = list(fixes)
        for fixed in rest:
            on_article(fixed)
        if any(f.changed for f in rest):
            raise CannotWrite("its lines do not match the articles read from it")
        return
    data = path.read_bytes()
    items = list(fixes)
    for fixed in items:
        on_article(fixed)
    if not any(f.changed for f in items):
        sink.write(data)
    elif kind == "text":
        if len(items) != 1:
            raise CannotWrite("a text file holds one article")
        sink.write(_render_text(data, items[0], encoding))
    else:
        sink.write(_render_json(data, items, encoding))


class AtomicFile:
    """A file written next to its target and moved over it in one step (``os.replace``), so
    a reader or a crash sees the old file or the new one. Keeps the target's permissions."""

    def __init__(self, target: Path) -> None:
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".audit-fix")
        self.temp = Path(name)
        self.handle: IO[bytes] = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        try:
            os.chmod(self.temp, self.target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(self.temp, self.target)
        try:  # make the rename itself durable
            dir_fd = os.open(self.target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.temp.unlink(missing_ok=True)


# --- the batch ------------------------------------------------------------------------------

@dataclass
class FixOptions:
    config: Config = DEFAULT
    selection: Selection = Selection()
    mode: str = "diff"  # "diff", "out" or "in-place"
    out_dir: Path | None = None
    encoding: str = "utf-8"
    max_bytes: int = 20 * 1024 * 1024
    color: bool = False


@dataclass
class FixSummary:
    """What ``audit fix`` did, for the closing lines and the exit code."""

    articles: int = 0
    errors: int = 0
    fixed_articles: int = 0
    applied: int = 0
    remaining: Counter = field(default_factory=Counter)  # code → findings left
    remaining_severity: Counter = field(default_factory=Counter)
    files_written: list[str] = field(default_factory=list)
    files_left: list[tuple[str, str]] = field(default_factory=list)  # (path, why not written)
    not_fixed: list[tuple[str, str]] = field(default_factory=list)  # (article id, why)

    def add(self, fixed: ArticleFix) -> None:
        self.articles += 1
        if fixed.article.error:
            self.errors += 1
            return
        if fixed.problem:
            self.not_fixed.append((fixed.article.id, fixed.problem))
        if fixed.changed:
            self.fixed_articles += 1
            self.applied += fixed.applied
        for finding in fixed.after:
            self.remaining[finding.code] += 1
            self.remaining_severity[finding.severity] += 1

    def fails(self, threshold: str | None) -> bool:
        return threshold is not None and any(
            count and at_or_above(severity, threshold)
            for severity, count in self.remaining_severity.items())

    def lines(self) -> list[str]:
        remain = sum(self.remaining.values())
        by_code = ", ".join(f"{code} {n}" for code, n in sorted(
            self.remaining.items(), key=lambda kv: (-kv[1], kv[0])))
        out = [f"{self.applied} fix{'es' if self.applied != 1 else ''} applied in "
               f"{self.fixed_articles} of {self.articles} article"
               f"{'s' if self.articles != 1 else ''}; {remain} finding"
               f"{'s' if remain != 1 else ''} remain" + (f": {by_code}" if by_code else "")]
        if self.files_written:
            out.append(f"{len(self.files_written)} file{'s' if len(self.files_written) != 1 else ''}"
                       " written")
        out += [f"{article}: not fixed: {why}" for article, why in self.not_fixed]
        out += [f"{path}: left unchanged: {why}" for path, why in self.files_left]
        return out


def output_path(path: Path, out_dir: Path) -> Path:
    """Where ``--out DIR`` puts a corrected copy: the input's path under DIR (relative to
    the current folder; an outside path keeps its full path under DIR)."""
    absolute = path.resolve()
    try:
        return out_dir / absolute.relative_to(Path.cwd().resolve())
    except ValueError:
        return out_dir / absolute.relative_to(absolute.anchor)


def fix_batch(paths: list[str], options: FixOptions,
              on_article: Callable[[ArticleFix], None] = lambda f: None) -> FixSummary:
    """Fix every input of ``paths`` (files, folders, '-'), writing as ``options.mode`` says."""
    from audit.ingest import ReadOptions, iter_articles

    summary = FixSummary()
    articles = iter_articles(paths, ReadOptions(max_bytes=options.max_bytes, encoding=options.encoding))

    def seen(fixed: ArticleFix) -> None:
        summary.add(fixed)
        on_article(fixed)

    for source, group in groupby(articles, key=lambda a: a.source):
        consumed: list[ArticleFix] = []

        def record(fixed: ArticleFix) -> None:
            consumed.append(fixed)
            seen(fixed)

        fixes = (fix_article(a, options.config, options.selection) for a in group)
        path = Path(source)
        if options.mode == "diff" or source == "<stdin>":
            rewrite(path, fixes, None, options.encoding, record)
            continue
        target = path if options.mode == "in-place" else output_path(path, options.out_dir)
        atomic = None
        try:
            atomic = AtomicFile(target)
            rewrite(path, fixes, atomic.handle, options.encoding, record)
            why = next((f"{f.article.id}: {f.problem}" for f in consumed if f.problem), None)
            if why:
                raise CannotWrite(f"a fix could not be verified ({why})")
            if options.mode == "in-place" and not any(f.changed for f in consumed):
                atomic.discard()
                continue
            atomic.commit()
            summary.files_written.append(str(target))
        except (CannotWrite, OSError) as exc:
            if atomic is not None:
                atomic.discard()
            for fixed in fixes:  # the rest of the file's articles still count
                record(fixed)
            if consumed and all(f.article.error for f in consumed):
                continue  # the input could not be read: its error is in the article
            why = exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
            summary.files_left.append((source, why))
        except BaseException:
            if atomic is not None:
                atomic.discard()
            raise
    return summary
