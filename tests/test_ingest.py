"""Reading batches: every input comes back as an article, bad ones with a clear error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from audit.ingest import ReadOptions, Skipped, iter_articles, parse_text_header


def read(*inputs, stdin: bytes | None = None, **options):
    return list(iter_articles([str(i) for i in inputs], ReadOptions(**options),
                              stdin=io.BytesIO(stdin) if stdin is not None else None))


def test_text_file_keeps_text_exactly_and_reports_date_and_title(seed_text, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(seed_text, encoding="utf-8")
    (article,) = read(path)
    assert article.error is None
    assert article.id == str(path)
    assert article.text == seed_text
    assert article.published == "Wednesday, 20 Dec 2023 20:35 IWST"
    assert article.title == "Hamas leader Ismail Haniyeh secretly visits Egypt. (AFP/ANWAR AMRO)"


@pytest.mark.parametrize("first_line, published", [
    ("Rabu, 20 Des 2023 20:35 WIB", "Rabu, 20 Des 2023 20:35 WIB"),
    ("2023-12-20", "2023-12-20"),
    ("December 20, 2023", "December 20, 2023"),
    ("Wednesday was a quiet day in Cairo, officials said.", None),
])
def test_date_line_detection(first_line, published):
    text = f"{first_line}\n\nA title\n\nBody sentence one. Body sentence two."
    assert parse_text_header(text)[0] == published


def test_body_only_text_has_no_title():
    text = "Haniyeh secretly visited Egypt today. He met officials.\nThe talks continue."
    assert parse_text_header(text) == (None, None)


def test_markdown_heading_is_the_title(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("# Floods in Jakarta\n\nThe water rose overnight.\n", encoding="utf-8")
    (article,) = read(path)
    assert article.title == "Floods in Jakarta"


def test_crlf_is_normalised_so_offsets_are_stable(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title\r\n\r\nFirst line.\r\nSecond line.\r\n")
    (article,) = read(path)
    assert "\r" not in article.text
    assert article.text == "Title\n\nFirst line.\nSecond line.\n"


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article body here.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article body here.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    skipped = Skipped()
    articles = list(iter_articles([str(tmp_path)], skipped=skipped))
    assert [Path(a.id).relative_to(tmp_path).as_posix() for a in articles] == ["a.txt", "b/2.txt"]
    assert skipped.paths == [str(tmp_path / "photo.jpg")]


def test_json_single_list_and_wrapper(tmp_path):
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "x1", "title": "T", "body": "Body text.", "url": "https://e.x/1",
                                  "source_text": "Teks sumber.", "source_language": "id"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "First."}, {"id": 7, "text": "Second."}]))
    wrapped = tmp_path / "report.json"
    wrapped.write_text(json.dumps({"version": "0", "articles": [{"id": "w", "text": "Wrapped."}]}))
    articles = read(single, many, wrapped)
    assert [a.id for a in articles] == ["x1", f"{many}#0", "7", "w"]
    first = articles[0]
    assert (first.text, first.title, first.url, first.source_text, first.source_language) == (
        "Body text.", "T", "https://e.x/1", "Teks sumber.", "id")
    assert all(a.error is None for a in articles)


@pytest.mark.parametrize("record, expected", [
    ({"title": "no text"}, "no 'text' (or 'body') field"),
    ({"text": 5}, "'text' is a number, expected a string"),
    ({"text": "ok", "title": ["x"]}, "'title' is a list, expected a string"),
    ({"text": "   "}, "empty text"),
    ({"text": "ok", "ignore": "abc"}, "'ignore' must be a list"),
])
def test_bad_json_records_become_error_entries(tmp_path, record, expected):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(record))
    (article,) = read(path)
    assert expected in article.error


def test_jsonl_streams_lines_and_reports_the_bad_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "a", "text": "Alpha."}\n'
                    '{"id": "b", "text": "Beta."\n'
                    '\n'
                    '"just a string"\n'
                    '{"text": "Delta."}\n', encoding="utf-8")
    articles = read(path)
    assert [a.id for a in articles] == ["a", f"{path}:2", f"{path}:4", f"{path}:5"]
    assert articles[0].error is None and articles[3].error is None
    assert articles[1].error.startswith("malformed JSON on line 2, column")
    assert articles[2].error == "line 4: expected a JSON object, got a string"


def test_jsonl_record_over_the_limit_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "Small."}) + "\n")
    articles = read(path, max_bytes=1000)
    assert "record too large" in articles[0].error
    assert articles[1].error is None


def test_binary_empty_whitespace_latin1_missing_and_too_large(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n \t\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café de la Presse à Jakarta.".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    missing = tmp_path / "nope.txt"
    errors = {Path(a.id).name: a.error for a in read(binary, empty, blank, latin, big, missing, max_bytes=2000)}
    assert errors["image.txt"] == "binary file, not text"
    assert errors["empty.txt"] == "empty file"
    assert errors["blank.txt"] == "file has only whitespace"
    assert errors["latin.txt"].startswith("not valid UTF-8: byte 0xe9 at offset 6 (line 1)")
    assert "--encoding cp1252" in errors["latin.txt"]
    assert errors["big.txt"].startswith("file too large: 4.9 KB, the limit is 2.0 KB (raise it with --max-bytes)")
    assert errors["nope.txt"] == "path not found"


def test_latin1_reads_with_the_encoding_option(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Le café de la Presse.".encode("latin-1"))
    (article,) = read(latin, encoding="cp1252")
    assert article.error is None and article.text == "Le café de la Presse."


def test_deeply_nested_json_is_an_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    (article,) = read(path)
    assert article.error == "JSON nested too deeply"


def test_duplicate_ids_are_made_unique(tmp_path):
    path = tmp_path / "dupes.jsonl"
    path.write_text('{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n')
    assert [a.id for a in read(path)] == ["x", "x~2"]


def test_stdin_plain_text_json_and_jsonl():
    (text_article,) = read("-", stdin="Plain article from a pipe.\n".encode())
    assert (text_article.id, text_article.source, text_article.text) == (
        "<stdin>", "<stdin>", "Plain article from a pipe.\n")
    listed = read("-", stdin=json.dumps([{"text": "A."}, {"text": "B."}]).encode())
    assert [a.id for a in listed] == ["<stdin>#0", "<stdin>#1"]
    lines = read("-", stdin=b'{"text": "A."}\n{"oops"\n{"id": "c", "text": "C."}\n')
    assert [a.id for a in lines] == ["<stdin>:1", "<stdin>:2", "c"]
    assert lines[1].error.startswith("malformed JSON on line 2")
    assert lines[0].error is None and lines[2].error is None


def test_folder_loop_through_symlink_is_reported_once(tmp_path):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("An article body.")
    (root / "sub" / "back").symlink_to(root)
    articles = read(root)
    ok = [a for a in articles if a.error is None]
    loops = [a for a in articles if a.error and "folder loop" in a.error]
    assert [Path(a.id).name for a in ok] == ["a.txt"]
    assert len(loops) == 1 and loops[0].id == str(root / "sub" / "back")
