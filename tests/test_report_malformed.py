"""`audit report` on a malformed saved report: exit 2 naming the place, in every format, or a
report; never a traceback (issue 8: 21 of 47 malformed reports crashed `--format text`).

Malformed reports are made by mutating every field of a complete saved article in turn
(wrong types, nulls, odd numbers, markup and control characters, the field removed).
"""

from __future__ import annotations

import copy
import io
import json

import pytest
from typer.testing import CliRunner

import report_samples as samples
from audit.cli import app
from audit.report import FORMATS, WriterOptions, writer_for
from audit.report.load import ReportError, load_report, recompute_summary

REPLACEMENTS = [None, 7, -3, 2.5, True, "[/x]\x1b[2J", [], {}, [None], {"a": 1}]
_REMOVE = object()


def _complete_article() -> dict:
    """A saved article with every part filled: findings, attributions, origin, round trip."""
    articles = [a for a in samples_batch() if a["id"] == "overlap-1"]
    return articles[0]


def samples_batch() -> list[dict]:
    from test_reports import batch

    return batch()


def _paths(value, path=()):
    """Every path into the article (the first item of each list stands for all)."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list) and value:
        yield from _paths(value[0], path + (0,))


def _mutated(article: dict, path: tuple, replacement) -> dict:
    copied = copy.deepcopy(article)
    if not path:
        return copied
    target = copied
    for step in path[:-1]:
        target = target[step]
    if replacement is _REMOVE:
        if isinstance(target, dict):
            del target[path[-1]]
        else:
            target.pop(path[-1])
    else:
        target[path[-1]] = replacement
    return copied


def _variants():
    article = _complete_article()
    for path in _paths(article):
        if not path:
            continue
        for replacement in [*REPLACEMENTS, _REMOVE]:
            yield path, _mutated(article, path, replacement)


def _render_all(saved) -> None:
    summary = recompute_summary(saved)
    for name in FORMATS:
        stream = io.StringIO()
        writer = writer_for(name)(stream, WriterOptions(verbose=True))
        writer.begin()
        for record in saved.articles:
            writer.article(record)
        writer.end(summary)


def test_every_mutation_is_refused_with_its_place_or_rendered_in_every_format(tmp_path):
    refused = rendered = 0
    path_file = tmp_path / "saved.json"
    for path, article in _variants():
        path_file.write_text(json.dumps({"version": "0.1.0", "schema": 1,
                                         "articles": [article]}), encoding="utf-8")
        try:
            saved = load_report(path_file)
        except ReportError as exc:
            refused += 1
            assert str(path_file) in str(exc), exc
            assert "overlap-1" in str(exc) or "id" in str(exc), exc
            continue
        _render_all(saved)  # must not raise, whatever got through
        rendered += 1
    assert refused > 50 and rendered > 50, (refused, rendered)


@pytest.mark.parametrize("mutation, value, place", [
    (("findings", 0, "start"), "[/x]", '"findings[0].start" should be a whole number'),
    (("language", "confidence"), "[/x]", '"language.confidence" should be a number'),
    (("origin_language",), "[/x]", '"origin_language" should be an object or null'),
    (("backtranslation", "sentences"), "[/x]", '"backtranslation.sentences" should be a list'),
    (("title",), 5, '"title" should be a string or null'),
])
def test_the_cli_names_the_place_and_exits_2_in_every_format(tmp_path, mutation, value, place):
    article = _mutated(_complete_article(), mutation, value)
    saved = tmp_path / "bad.json"
    saved.write_text(json.dumps({"articles": [article]}), encoding="utf-8")
    for name in FORMATS:
        result = CliRunner().invoke(app, ["report", str(saved), "--format", name])
        assert result.exit_code == 2, (name, result.output)
        flat = " ".join(result.output.split())
        assert "article 1 (overlap-1)" in flat and place in flat, flat
        assert "Traceback" not in result.output


def test_an_unknown_severity_is_refused_by_name(tmp_path):
    article = _mutated(_complete_article(), ("findings", 0, "severity"), "catastrophic")
    saved = tmp_path / "bad.json"
    saved.write_text(json.dumps({"articles": [article]}), encoding="utf-8")
    with pytest.raises(ReportError, match="'catastrophic', not one of critical, major"):
        load_report(saved)
