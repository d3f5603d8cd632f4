"""Build a robustness batch (good articles plus every kind of bad input) and check its report.

Shared by ``tests/test_robustness.py`` (a few hundred inputs) and ``benchmarks/robustness.py``
(10,000 inputs). Good articles are made of real sentences from ../shared/data; bad inputs are
made the way they arrive in a newsroom (a binary attachment renamed .txt, a Latin-1 export, a
truncated JSON file, a folder link that points back up, a file nobody may read, ...).

The builder writes a *manifest*: every input it created, the id the report must give it, and
for a bad one a regular expression its ``error`` must match (what went wrong, and where).
``check_report`` compares a JSONL report with the manifest: every input exactly once, good
ones without an error, bad ones with the right error.

Permissions: root reads anything (CAP_DAC_OVERRIDE), so an "unreadable" file only stays
unreadable when audit runs without that privilege. Under root ``run_audit`` therefore runs
audit with the two file-permission capabilities dropped (``setpriv``, still uid 0, so a
Python installed under /root keeps working) or, where that is not possible, as ``nobody``
(everything else in the batch is made readable to that user).
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO.parent / "shared" / "data" / "indonesian-mt-news"
NOBODY = "nobody"

# kind -> what the input is. File-level kinds live in the folder tree or are given as paths;
# "jsonl-*" kinds are lines of the big JSONL file.
BAD_KINDS: dict[str, str] = {
    "binary": "binary data saved as .txt (NUL bytes)",
    "empty": "empty .txt file",
    "whitespace": ".md file with only spaces and newlines",
    "huge": "sparse file over the size limit (.txt)",
    "invalid-utf8": "UTF-8 text with stray 0xFF bytes",
    "latin-1": "Latin-1 encoded text (é as 0xE9)",
    "utf-16": "UTF-16 text with a byte order mark",
    "malformed-json": ".json with a syntax error on line 3",
    "nested-json": ".json of 100,000 nested '['",
    "json-not-object": ".json holding a bare number",
    "json-empty-list": ".json holding []",
    "folder-loop": "symlink to a parent folder (a directory loop)",
    "unreadable-file": "file with mode 000",
    "unreadable-folder": "folder with mode 000",
    "named-pipe": "named pipe (FIFO) called .txt in a folder",
    "broken-link": ".txt symlink to a missing file",
    "empty-jsonl": "empty .jsonl file",
    "huge-record": "JSONL line over the size limit (sparse)",
    "jsonl-malformed": "JSONL line cut off mid-record",
    "jsonl-nested": "JSONL line of 100,000 nested '['",
    "jsonl-invalid-utf8": "JSONL line with a 0xFF byte",
    "jsonl-latin-1": "JSONL line in Latin-1",
    "jsonl-not-object": "JSONL line holding a list",
    "jsonl-no-text": "JSONL record without 'text'",
    "jsonl-wrong-type": "JSONL record whose 'text' is a number",
    "jsonl-empty-text": "JSONL record whose 'text' is blank",
    "jsonl-lone-surrogate": "JSONL record with a lone \\ud800 escape",
    "jsonl-huge-number": "JSONL record with a 5,000-digit number",
    "broken-xml": "NewsML-G2 item cut off mid-element (.xml)",
    "html-no-body": "web page with navigation and no article (.html)",
    "ninjs-no-body": "IPTC ninjs item without body_text/body_html (.json)",
    "feed-bad-entry": "RSS feed whose second entry has no text (the first is good)",
}
# Kinds that may appear many times in a big batch (the others are one of a kind).
_REPEATABLE_FILE_KINDS = ("binary", "empty", "whitespace", "invalid-utf8", "latin-1", "utf-16",
                          "malformed-json", "nested-json", "json-not-object", "json-empty-list",
                          "broken-link", "broken-xml", "html-no-body", "ninjs-no-body")
_LINE_KINDS = tuple(kind for kind in BAD_KINDS if kind.startswith("jsonl-"))
_PERMISSION_KINDS = ("unreadable-file", "unreadable-folder")

DATELINES_EN = ("JAKARTA (ANTARA) - ", "Jakarta, CNN Indonesia -- ", "JAKARTA, KOMPAS.com - ",
                "JAKARTA (Reuters) - ", "SURABAYA, Indonesia (AP) — ", "", "", "")
DATELINES_ID = ("Jakarta (ANTARA) - ", "Jakarta, CNN Indonesia -- ", "")


@dataclass
class Input:
    id: str  # the id the report must give it
    kind: str  # "good" or a key of BAD_KINDS
    expect: str | None  # regex its error must match (None: no error)


@dataclass
class Batch:
    root: Path
    args: list[str]  # what to pass to `audit run`
    inputs: list[Input] = field(default_factory=list)

    @property
    def bad(self) -> list[Input]:
        return [item for item in self.inputs if item.kind != "good"]

    @property
    def good(self) -> list[Input]:
        return [item for item in self.inputs if item.kind == "good"]

    def kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.inputs:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        return counts


# --------------------------------------------------------------------------------------------
# Privileges
# --------------------------------------------------------------------------------------------

def _nobody_ids() -> tuple[int, int] | None:
    try:
        import pwd
        entry = pwd.getpwnam(NOBODY)
    except (ImportError, KeyError):
        return None
    return entry.pw_uid, entry.pw_gid


_DAC_CAPS = "-dac_override,-dac_read_search"
SETPRIV = ["setpriv", "--bounding-set", _DAC_CAPS, "--inh-caps", _DAC_CAPS]

# Succeeds only when permissions apply to the process: it must fail to open a mode-000 file.
_PROBE = ("import os, sys, tempfile\n"
          "import audit.cli\n"
          "path = sys.argv[1]\n"
          "try:\n"
          "    open(path).close()\n"
          "except PermissionError:\n"
          "    sys.exit(0)\n"
          "sys.exit(3)\n")


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@functools.lru_cache(maxsize=1)
def privilege_mode() -> str | None:
    """How audit is run so that file permissions apply to it.

    ``"user"``: not root, nothing to do. Under root: ``"setpriv"`` (drop CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH, stay uid 0) or ``"nobody"`` (switch user); None when neither works.
    """
    if not _is_root():
        return "user"
    probe_dir = Path(tempfile.mkdtemp(prefix="audit-perm-probe-"))
    try:
        os.chmod(probe_dir, 0o755)
        locked = probe_dir / "locked"
        locked.write_text("x")
        os.chmod(locked, 0)
        attempts: list[tuple[str, list[str], dict]] = []
        if shutil.which("setpriv"):
            attempts.append(("setpriv", SETPRIV, {}))
        ids = _nobody_ids()
        if ids is not None:
            attempts.append(("nobody", [], {"user": ids[0], "group": ids[1],
                                            "extra_groups": []}))
        for mode, prefix, kwargs in attempts:
            try:
                done = subprocess.run([*prefix, sys.executable, "-c", _PROBE, str(locked)],
                                      cwd="/", capture_output=True, timeout=120, **kwargs)
            except (OSError, subprocess.SubprocessError):
                continue
            if done.returncode == 0:
                return mode
        return None
    finally:
        shutil.rmtree(probe_dir, ignore_errors=True)


def can_drop_privileges() -> bool:
    """True when file permissions will apply to the audit process (see :func:`privilege_mode`)."""
    return privilege_mode() is not None


def _privileged_command(command: list[str]) -> tuple[list[str], dict]:
    """``command`` adjusted to run without root's file privileges, and Popen keyword args."""
    mode = privilege_mode() if _is_root() else "user"
    if mode == "setpriv":
        return [*SETPRIV, *command], {}
    if mode == "nobody":
        uid, gid = _nobody_ids()  # type: ignore[misc]
        return command, {"user": uid, "group": gid, "extra_groups": []}
    return command, {}


# --------------------------------------------------------------------------------------------
# Articles from the real corpus
# --------------------------------------------------------------------------------------------

class Corpus:
    def __init__(self, rng: random.Random):
        if not (DATA_DIR / "news_valid.en").is_file():
            raise FileNotFoundError(f"real data not found at {DATA_DIR}")
        self.rng = rng
        self.en: list[str] = []
        self.id: list[str] = []
        for name in ("news_valid", "general_valid"):
            self.en += (DATA_DIR / f"{name}.en").read_text(encoding="utf-8").splitlines()
            self.id += (DATA_DIR / f"{name}.id").read_text(encoding="utf-8").splitlines()

    def article(self) -> dict:
        rng = self.rng
        size = rng.randint(3, 8)
        start = rng.randrange(0, len(self.en) - size)
        indonesian = rng.random() < 0.12
        side = self.id if indonesian else self.en
        sentences = side[start:start + size]
        dateline = rng.choice(DATELINES_ID if indonesian else DATELINES_EN)
        paragraphs, i = [], 0
        while i < len(sentences):
            step = rng.choice((1, 2))
            paragraphs.append(" ".join(sentences[i:i + step]))
            i += step
        paragraphs[0] = dateline + paragraphs[0]
        record = {"title": sentences[0][:70].rstrip(), "text": "\n\n".join(paragraphs)}
        if not indonesian and rng.random() < 0.15:
            record["source_text"] = "\n\n".join(self.id[start:start + size])
        return record


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

def _mb_label(megabytes: float) -> str:
    return re.escape(f"{megabytes:.1f} MB")


def build_batch(root: Path, total: int = 10_000, *, seed: int = 0, huge_mb: float = 50,
                bad_share: float = 0.05, file_share: float = 0.3,
                unreadable: bool | None = None, max_mb: float = 20) -> Batch:
    """Write a batch of ``total`` inputs under ``root`` and return its manifest.

    About ``file_share`` of the inputs are files in a folder tree, the rest lines of one big
    JSONL file; about ``bad_share`` are bad (at least one of every kind in ``BAD_KINDS``).
    ``max_mb`` is the ``--max-bytes`` limit the run will use (audit's default, 20 MB).
    """
    rng = random.Random(seed)
    corpus = Corpus(rng)
    unreadable = can_drop_privileges() if unreadable is None else unreadable
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    folders = root / "folders"
    folders.mkdir()
    batch = Batch(root=root, args=[])

    # ---- plan: how many of each kind -------------------------------------------------------
    n_bad = max(len(BAD_KINDS), round(total * bad_share))
    repeat_files = max(1, round(n_bad * 0.4 / len(_REPEATABLE_FILE_KINDS)))
    repeat_lines = max(1, round(n_bad * 0.6 / len(_LINE_KINDS)))
    file_kinds: list[str] = [k for k in _REPEATABLE_FILE_KINDS for _ in range(repeat_files)]
    file_kinds += ["huge", "folder-loop", "named-pipe", "feed-bad-entry"]
    if unreadable:
        file_kinds += list(_PERMISSION_KINDS)
    line_kinds = [k for k in _LINE_KINDS for _ in range(repeat_lines)]
    # fixed extras: empty jsonl, huge-record (+3 good lines), duplicate-id group
    # (3 good lines), odd file name (1 good file), json list files (3 good items each)
    n_list_files = max(1, round(total * file_share / 60))
    # ... and the good first entry of the feed-bad-entry feed
    fixed = 1 + (1 + 3) + 3 + 1 + 3 * n_list_files + 1
    room = total - fixed - len(file_kinds) - len(line_kinds)
    if room < 10:
        raise ValueError(f"total={total} is too small for one of every bad kind")
    n_good_files = max(5, round(total * file_share) - len(file_kinds) - 1 - 3 * n_list_files)
    n_good_lines = room - n_good_files
    if n_good_lines < 5:
        n_good_files, n_good_lines = room - 5, 5

    # ---- the folder tree -------------------------------------------------------------------
    entries: list[tuple[str, str | None]] = [("good", None)] * n_good_files
    entries += [("list", None)] * n_list_files
    entries += [(kind, None) for kind in file_kinds]
    rng.shuffle(entries)
    per_folder = 40
    special_later: list[tuple[Path, str]] = []
    for index, (kind, _) in enumerate(entries):
        part = folders / f"part-{index // per_folder:03d}"
        if (index // per_folder) % 4 == 3:
            part = part / "more"  # some depth, so the walk is recursive
        part.mkdir(parents=True, exist_ok=True)
        stem = f"{index:05d}"
        if kind == "good":
            record = corpus.article()
            suffix = rng.choice((".txt", ".txt", ".md", ".json"))
            path = part / f"{stem}-article{suffix}"
            if suffix == ".json":
                record["id"] = f"file-{stem}"
                path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
                batch.inputs.append(Input(record["id"], "good", None))
                continue
            head = f"# {record['title']}" if suffix == ".md" else record["title"]
            path.write_text(f"{head}\n\n{record['text']}\n", encoding="utf-8")
            batch.inputs.append(Input(str(path), "good", None))
        elif kind == "list":
            path = part / f"{stem}-export.json"
            items = [corpus.article() for _ in range(3)]
            items[1]["id"] = f"list-{stem}-b"  # one with its own id, two numbered by position
            path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
            batch.inputs += [Input(f"{path}#0", "good", None),
                             Input(f"list-{stem}-b", "good", None),
                             Input(f"{path}#2", "good", None)]
        else:
            special_later.append((part / f"{stem}-{kind}", kind))

    for base, kind in special_later:
        made = _write_bad_file(base, kind, corpus, huge_mb, max_mb)
        batch.inputs += made if isinstance(made, list) else [made]

    # A good file whose name is not valid UTF-8 (a Latin-1 name from an old zip archive).
    odd_folder = folders / "part-000"
    raw_name = os.fsencode(odd_folder) + b"/00000-caf\xe9.txt"
    with open(raw_name, "wb") as handle:
        handle.write(corpus.article()["text"].encode("utf-8"))
    batch.inputs.append(Input(f"{odd_folder}/00000-caf\\xe9.txt", "good", None))
    # A file type audit does not read: skipped (listed in the summary), not an input.
    (odd_folder / "00000-photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))

    # ---- the big JSONL -------------------------------------------------------------------
    big = root / "batch.jsonl"
    kinds = ["good"] * n_good_lines + line_kinds
    rng.shuffle(kinds)
    with open(big, "wb") as handle:
        number = 0

        def put(raw: bytes) -> int:
            nonlocal number
            number += 1
            handle.write(raw + b"\n")
            return number

        for index, kind in enumerate(kinds):
            if index and index % 997 == 0:
                put(b"")  # blank lines are allowed and are not inputs
            if kind == "good":
                record = corpus.article()
                record["id"] = f"j{index:06d}"
                put(json.dumps(record, ensure_ascii=False).encode("utf-8"))
                batch.inputs.append(Input(record["id"], "good", None))
            else:
                raw, make_input = _bad_line(kind, index, corpus)
                batch.inputs.append(make_input(put(raw), str(big)))
        for wanted, given in (("dup", "dup"), ("dup~2", "dup"), ("dup~2~2", "dup~2")):
            record = corpus.article()
            record["id"] = given
            put(json.dumps(record, ensure_ascii=False).encode("utf-8"))
            batch.inputs.append(Input(wanted, "good", None))

    # ---- small special JSONL files --------------------------------------------------------
    huge_record = root / "huge-record.jsonl"
    with open(huge_record, "wb") as handle:
        for n in (1, 2):
            record = corpus.article()
            record["id"] = f"hr-{n}"
            handle.write(json.dumps(record).encode() + b"\n")
            batch.inputs.append(Input(record["id"], "good", None))
        handle.seek(int(huge_mb * 1024 * 1024) - 1, os.SEEK_CUR)  # a hole: NUL bytes, no disk
        handle.write(b"\n")
        batch.inputs.append(Input(f"{huge_record}:3", "huge-record", (
            rf"^line 3: record too large: {_mb_label(huge_mb)}, the limit is {_mb_label(max_mb)} "
            r"\(raise it with --max-bytes\)$")))
        record = corpus.article()
        record["id"] = "hr-4"
        handle.write(json.dumps(record).encode() + b"\n")
        batch.inputs.append(Input("hr-4", "good", None))
    empty_jsonl = root / "empty.jsonl"
    empty_jsonl.write_bytes(b"")
    batch.inputs.append(Input(str(empty_jsonl), "empty-jsonl", r"^empty file$"))
    # (a command-line path that does not exist is a usage error, exit 2: tests/test_cli.py)
    batch.args = [str(folders), str(big), str(huge_record), str(empty_jsonl)]
    _open_up(root)
    for base, kind in special_later:  # permissions last: _open_up would undo them
        if kind == "unreadable-file":
            os.chmod(base.with_suffix(".txt"), 0)
        elif kind == "unreadable-folder":
            os.chmod(base, 0)
    assert len(batch.inputs) == total, (len(batch.inputs), total)
    return batch


def _write_bad_file(base: Path, kind: str, corpus: Corpus, huge_mb: float,
                    max_mb: float) -> Input | list[Input]:
    """Create one bad file-level input at ``base`` (+ suffix) and return its manifest entry
    (entries, for a feed that also holds a good one)."""
    text = corpus.article()["text"]
    txt = base.with_suffix(".txt")
    if kind == "binary":
        txt.write_bytes(bytes(range(256)) * 8)
        return Input(str(txt), kind, r"^binary file, not text$")
    if kind == "empty":
        txt.write_bytes(b"")
        return Input(str(txt), kind, r"^empty file$")
    if kind == "whitespace":
        md = base.with_suffix(".md")
        md.write_bytes(b"  \n\n\t \r\n")
        return Input(str(md), kind, r"^file has only whitespace$")
    if kind == "huge":
        with open(txt, "wb") as handle:
            handle.truncate(int(huge_mb * 1024 * 1024))  # sparse: instant, no disk used
        return Input(str(txt), kind, rf"^file too large: {_mb_label(huge_mb)}, the limit is "
                                     rf"{_mb_label(max_mb)} \(raise it with --max-bytes\)$")
    if kind == "invalid-utf8":
        first_line = text.split("\n")[0].encode("ascii", "ignore")[:40]
        txt.write_bytes(b"Title\n\n" + first_line + b"\xff\xfe rest\n")
        return Input(str(txt), kind, r"^not valid UTF-8: byte 0xff at offset \d+ \(line 3\); "
                                     r"if the file is Latin-1")
    if kind == "latin-1":
        txt.write_text("Caf\u00e9 owners in Jakarta said prices rose.\n\n" + text,
                       encoding="latin-1", errors="replace")
        return Input(str(txt), kind, r"^not valid UTF-8: byte 0xe9 at offset 3 \(line 1\); if the "
                                     r"file is Latin-1 or Windows-1252, convert it to UTF-8 or "
                                     r"re-run with --encoding cp1252$")
    if kind == "utf-16":
        txt.write_bytes(text.encode("utf-16"))
        return Input(str(txt), kind, r"^UTF-16 text .*--encoding utf-16$")
    if kind == "malformed-json":
        path = base.with_suffix(".json")
        path.write_text('{\n  "id": "never-read",\n  "text": "unterminated\n}\n', encoding="utf-8")
        return Input(str(path), kind, r"^malformed JSON at line 3, column \d+: ")
    if kind == "nested-json":
        path = base.with_suffix(".json")
        path.write_bytes(b"[" * 100_000)
        return Input(str(path), kind, r"^JSON nested too deeply$")
    if kind == "json-not-object":
        path = base.with_suffix(".json")
        path.write_text("42\n")
        return Input(str(path), kind, r"^document: expected a JSON object, got a number$")
    if kind == "json-empty-list":
        path = base.with_suffix(".json")
        path.write_text("[]\n")
        return Input(str(path), kind, r"^JSON list is empty: no articles$")
    if kind == "folder-loop":
        base.symlink_to("..", target_is_directory=True)
        return Input(str(base), kind, r"^folder loop: .+ leads back to a folder already read "
                                      r"\(.+\); skipped$")
    if kind == "unreadable-file":
        txt.write_text(text, encoding="utf-8")  # chmod 000 once the tree is built
        return Input(str(txt), kind, r"^cannot read file: Permission denied$")
    if kind == "unreadable-folder":
        base.mkdir()
        (base / "inside.txt").write_text(text, encoding="utf-8")
        return Input(str(base), kind, r"^cannot list folder: Permission denied$")
    if kind == "named-pipe":
        os.mkfifo(txt)
        return Input(str(txt), kind, r"^not a regular file: a named pipe \(FIFO\); skipped$")
    if kind == "broken-link":
        txt.symlink_to(base.parent / "gone.txt")
        return Input(str(txt), kind, r"^broken symbolic link to .*gone\.txt$")
    if kind == "broken-xml":
        path = base.with_suffix(".xml")
        item = (f'<?xml version="1.0"?>\n<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">\n'
                f'<contentSet><inlineXML><html><body><p>{escape(text)}</p>')
        path.write_text(item[: len(item) - 5], encoding="utf-8")  # cut inside the last tag
        return Input(str(path), kind, r"^malformed XML at line \d+, column \d+: ")
    if kind == "html-no-body":
        path = base.with_suffix(".html")
        path.write_text("<!DOCTYPE html><html><head><title>Index</title></head><body><nav>"
                        "<a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
                        encoding="utf-8")
        return Input(str(path), kind, r"^no article body found in the page ")
    if kind == "ninjs-no-body":
        path = base.with_suffix(".json")
        wanted = f"urn:robust:{base.name}"
        path.write_text(json.dumps({"uri": wanted, "type": "text", "headline": "No body",
                                    "versioncreated": "2024-01-01T00:00:00Z"}), encoding="utf-8")
        return Input(wanted, kind, r"^document: a ninjs item \(type 'text'\) without text: no "
                                   r"body_text, body_html or bodies$")
    if kind == "feed-bad-entry":
        path = base.with_suffix(".rss")
        path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Wire</title>'
                        f"<item><title>Good</title><description>{escape(text)}</description></item>"
                        "<item><link>https://example.com/empty</link></item></channel></rss>\n",
                        encoding="utf-8")
        return [Input(f"{path}#0", "good", None),
                Input(f"{path}#1", kind, r"^entry 1: no title, content or summary: nothing to audit$")]
    raise ValueError(kind)


def _bad_line(kind: str, index: int, corpus: Corpus):
    """(raw line, function(line number, jsonl path) -> Input) for one bad JSONL line."""
    def positional(pattern: str):
        return lambda n, path: Input(f"{path}:{n}", kind, pattern.format(n=n))

    if kind == "jsonl-malformed":
        raw = json.dumps({"id": f"cut{index}", "text": corpus.article()["text"]}).encode()[:-7]
        return raw, positional(r"^malformed JSON on line {n}, column \d+: ")
    if kind == "jsonl-nested":
        return b"[" * 100_000, positional(r"^line {n}: JSON nested too deeply$")
    if kind == "jsonl-invalid-utf8":
        return (b'{"text": "Jakarta \xff news"}',
                positional(r"^line {n}: not valid UTF-8: byte 0xff at column 19; "))
    if kind == "jsonl-latin-1":
        return ('{"text": "Caf\u00e9 owners said"}'.encode("latin-1"),
                positional(r"^line {n}: not valid UTF-8: byte 0xe9 at column 14; .*"
                           r"--encoding cp1252$"))
    if kind == "jsonl-not-object":
        return b'["text", "in a list"]', positional(r"^line {n}: expected a JSON object, got a list$")
    if kind == "jsonl-no-text":
        wanted = f"notext{index}"
        return (json.dumps({"id": wanted, "title": "No body"}).encode(),
                lambda n, path: Input(wanted, kind, rf"^line {n}: no 'text' \(or 'body'\) field$"))
    if kind == "jsonl-wrong-type":
        return (b'{"text": 12345}',
                positional(r"^line {n}: 'text' is a number, expected a string$"))
    if kind == "jsonl-empty-text":
        return b'{"text": "  \\n  "}', positional(r"^line {n}: empty text$")
    if kind == "jsonl-lone-surrogate":
        return (b'{"text": "Jakarta \\ud800 news"}',
                positional(r"^line {n}: 'text' has an invalid character at position 8: a lone "
                           r"surrogate \\ud800"))
    if kind == "jsonl-huge-number":
        return (b'{"text": "x", "id": ' + b"9" * 5000 + b"}",
                positional(r"^unreadable JSON on line {n}: .*4300 digits"))
    raise ValueError(kind)


def _open_up(root: Path) -> None:
    """Folders 755, files 644: readable by the (possibly unprivileged) audit process."""
    for folder, dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


# --------------------------------------------------------------------------------------------
# Running and checking
# --------------------------------------------------------------------------------------------

@dataclass
class RunResult:
    returncode: int
    stderr: str
    wall: float  # seconds
    peak_rss_mb: float  # largest resident set of the audit process (or of one of its workers)


def run_audit(batch: Batch, out: Path, *, extra: list[str] = (), fmt: str = "jsonl",
              timeout: float = 3600, env: dict | None = None) -> RunResult:
    """``audit run <batch> --format fmt --out out`` in a subprocess.

    Under root it runs without root's file privileges (see :func:`privilege_mode`).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(out.parent, 0o777)
    home = batch.root / "home"
    home.mkdir(exist_ok=True)
    os.chmod(home, 0o777)
    run_env = dict(os.environ)
    run_env.update({"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
                    "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
                    "ARGOS_PACKAGES_DIR": str(home / "argos-packages"), "PYTHONUNBUFFERED": "1"})
    run_env.update(env or {})
    command = [sys.executable, "-m", "audit", "run", *batch.args, "--format", fmt,
               "--out", str(out), "--no-progress", *extra]
    return run_measured(command, cwd=batch.root, env=run_env, timeout=timeout)


# A process's peak RSS (``ru_maxrss``) starts from what it had when it was forked, and is kept
# across ``exec``: a command forked from the test process would report the test process's
# size (over 1 GB late in a full test run). So a small launcher forks the command and reports
# the command's own peak (with its reaped workers') and exit code on its stdout.
_LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, flush=True)
"""


def run_measured(command: list[str], *, cwd: Path, env: dict, timeout: float) -> RunResult:
    """Run, get the command's own peak RSS (``wait4`` in the launcher), enforce a timeout."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        command, privileges = _privileged_command(command)
        proc = subprocess.Popen([sys.executable, "-S", "-c", _LAUNCHER, *command], cwd=cwd,
                                env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True, **privileges)
        try:
            proc.wait(timeout=max(0.0, started + timeout - time.perf_counter()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)   # the launcher and the command (one session)
            proc.wait()
        wall = time.perf_counter() - started
        out.seek(0)
        reported = out.read().decode("ascii", "replace").split()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if len(reported) == 2:
        returncode, peak_kib = int(reported[0]), int(reported[1])
    else:  # killed at the timeout: no report
        returncode, peak_kib = proc.returncode, 0
    # ru_maxrss is in KiB on Linux
    return RunResult(returncode, stderr, wall, peak_kib / 1024)


def read_jsonl_report(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def check_report(batch: Batch, report: list[dict]) -> list[str]:
    """Everything wrong with ``report`` against the manifest (empty list: all good)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for record in report:
        seen[record["id"]] = seen.get(record["id"], 0) + 1
    for article_id, count in seen.items():
        if count > 1:
            problems.append(f"id {article_id!r} appears {count} times in the report")
    by_id = {record["id"]: record for record in report}
    expected = {item.id for item in batch.inputs}
    for article_id in sorted(set(by_id) - expected):
        problems.append(f"unexpected report entry {article_id!r}: error={by_id[article_id]['error']!r}")
    for item in batch.inputs:
        record = by_id.get(item.id)
        if record is None:
            problems.append(f"{item.kind} input {item.id!r} is missing from the report")
        elif item.expect is None:
            if record["error"]:
                problems.append(f"good input {item.id!r} got an error: {record['error']!r}")
        elif not record["error"]:
            problems.append(f"{item.kind} input {item.id!r} has no error")
        elif not re.search(item.expect, record["error"]):
            problems.append(f"{item.kind} input {item.id!r}: error {record['error']!r} does not "
                            f"match {item.expect!r}")
    if len(report) != len(batch.inputs):
        problems.append(f"{len(report)} report entries for {len(batch.inputs)} inputs")
    return problems
