"""Property-based fuzzing of the whole ``audit run`` path, from bytes on disk to the report
(issue 8): any bytes, any JSON, any configuration. Whatever the inputs, ``audit run`` ends
with a documented exit status and no traceback; a bad configuration is a usage error (exit 2)
that names the file before any article is read; otherwise every input file is in the JSONL
report (a text file exactly once, a JSON list once per item) and nothing else is.

The command runs in-process (typer's runner), so a few hundred generated batches take
seconds; the examples are bounded and derandomised, so the run is repeatable.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from audit.cli import app
from audit.config import SECTIONS

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["Jakarta", "(ANTARA)", "Reuters", "said", "the the", "15", "1,5", "Rp", "dan", "yang",
         "\u201c", "\"", "(", ")", "..", "\n", "\n\n", "  ", "\u00a0", "\x1b[31m", "[/x]", "é",
         "\ufeff", "\r", "\x00"]
text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=30).map(" ".join)
raw_bytes = st.one_of(st.binary(max_size=300), text.map(lambda t: t.encode("utf-8")),
                      text.map(lambda t: t.encode("utf-16")))
json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(["id", "text", "title", "body",
                                                             "source_text", "source_language",
                                                             "url", "x"]), inner, max_size=5)),
    max_leaves=12)
article = st.fixed_dictionaries({"text": text}, optional={
    "id": st.one_of(text, st.integers()), "title": text, "source_text": text,
    "source_language": st.sampled_from(["id", "en", "[/x]", "", "zz"])})

toml_scalar = st.one_of(st.integers(-5, 50), st.booleans(), st.sampled_from(
    ['"x"', '"spacing"', '"doubled-wrd"', '"minor"', '"critical"', '"id"']),
    st.lists(st.sampled_from(['"spacing"', '"doubled-word"', '"dan"', '"x"', "5"]),
             max_size=3).map(lambda items: "[" + ", ".join(items) + "]"))
toml_key = st.one_of(st.sampled_from(sorted(SECTIONS)), st.sampled_from(
    ["names", "remove", "beam_size", "ignroe", "doubled-word", "spacing", "untranslated"]))


@st.composite
def configs(draw) -> bytes | None:
    """None (no configuration), raw bytes, or TOML built from real and misspelt keys."""
    kind = draw(st.sampled_from(["none", "toml", "toml", "bytes"]))
    if kind == "none":
        return None
    if kind == "bytes":
        return draw(raw_bytes)
    lines = [f"{draw(toml_key)} = {draw(toml_scalar)}"
             for _ in range(draw(st.integers(0, 2)))]
    for _ in range(draw(st.integers(0, 2))):
        table = draw(st.sampled_from(["severity", "allow", "lexicon.untranslated",
                                      "lexicon.spacing", "lexicon.nosuch", "backtranslation",
                                      "[agencies]"]))
        lines.append(f"[{table}]")
        lines += [f"{draw(toml_key)} = {draw(toml_scalar)}" for _ in range(draw(st.integers(0, 2)))]
    return "\n".join(lines).encode("utf-8") + b"\n"


@st.composite
def batches(draw) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["txt", "md", "json", "jsonl", "bytes"]))
        if kind in ("txt", "md"):
            data = draw(raw_bytes)
        elif kind == "json":
            data = json.dumps(draw(st.one_of(article, json_value))).encode("utf-8")
        elif kind == "jsonl":
            records = draw(st.lists(st.one_of(article, json_value), min_size=1, max_size=4))
            data = "\n".join(json.dumps(r) for r in records).encode("utf-8")
        else:
            kind = draw(st.sampled_from(["txt", "json", "jsonl", "html", "xml"]))
            data = draw(raw_bytes)
        files[f"in{number}.{kind}"] = data
    return files


runner = CliRunner()


@FUZZ
@given(files=batches(), config=configs())
def test_any_batch_and_any_configuration(files, config):
    folder = Path(tempfile.mkdtemp(prefix="audit-fuzz-"))
    try:
        (folder / "in").mkdir()
        for name, data in files.items():
            (folder / "in" / name).write_bytes(data)
        config_path = folder / "conf" / "audit.toml"
        config_path.parent.mkdir()
        config_path.write_bytes(config if config is not None else b"")
        result = runner.invoke(app, ["run", str(folder / "in"), "--format", "jsonl",
                                     "--no-backtranslate", "--no-progress",
                                     "--config", str(config_path)])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"traceback for {files!r} with config {config!r}") \
                from result.exception
        assert result.exit_code in (0, 1, 2), result.output
        if result.exit_code == 2:  # only a bad configuration: before any article is read
            assert f"audit: {config_path}: " in " ".join(result.stderr.split()), result.stderr
            assert result.stdout == ""
            return
        records = [json.loads(line) for line in result.stdout.split("\n") if line]
        by_source = Counter(Path(r["source"]).name for r in records)
        assert set(by_source) <= set(files)
        for name, data in files.items():
            assert by_source[name] >= 1, (name, data, result.stderr)
            if name.endswith((".txt", ".md")):
                assert by_source[name] == 1
            if name.endswith(".json"):
                try:
                    value = json.loads(data)
                except ValueError:
                    continue
                expected = len(value) if isinstance(value, list) and value else 1
                assert by_source[name] == expected, (data, records)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
