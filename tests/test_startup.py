"""What `audit run` on one article loads: nothing it does not use (issue 13, start-up).

Start-up cost is set by imports as much as by data: datasketch's package imports scipy, typer's
adapters import pydantic, and each report writer and input reader has its own libraries. This
runs the command in a fresh interpreter and lists what was imported."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEED

# Libraries `audit run --no-backtranslate --format json` on a text file has no use for.
NOT_NEEDED = ("scipy", "datasketch", "pydantic", "torch", "ctranslate2", "sacrebleu",
              # the back-translation step itself (only its options are part of a run's setup)
              "audit.backtranslate.backtranslator", "audit.backtranslate.engine",
              # the terminal's library: its one line on stderr here is written plainly
              "rich",
              "argostranslate", "stanza", "httpx", "trafilatura", "feedparser", "lxml",
              "tomlkit", "langdetect", "wordfreq", "distributed", "dask",
              # report writers not asked for
              "audit.report.html", "audit.report.markdown", "audit.report.csvout",
              "audit.report.terminal")

_PROBE = """
import json, sys
sys.argv = ["audit", *sys.argv[1:]]
from audit.__main__ import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_audit_run_on_one_article_imports_only_what_it_uses(tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
           "COLUMNS": "300"}  # the note naming the report's (long) path fits on one line
    result = subprocess.run([sys.executable, "-c", _PROBE, "run", str(SEED), "--no-backtranslate",
                             "--no-progress", "--format", "json", "--out", str(tmp_path / "r.json")],
                            capture_output=True, text=True, env=env, timeout=300)
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["code"] in (0, None), result.stderr
    loaded = set(probe["modules"])
    assert "audit.report.jsonout" in loaded and "numpy" in loaded  # the probe saw the run
    assert [m for m in NOT_NEEDED if m in loaded or any(n.startswith(m + ".") for n in loaded)] == []
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["articles"] == 1


@pytest.mark.parametrize("columns", [None, "0", "40", "300"])
@pytest.mark.parametrize("message", [
    "audit: wrote json report of 1 article to r.json",
    "audit: wrote json report of 3 articles to /tmp/" + "a" * 31 + "/one.json",  # 79-81 chars
    "audit: wrote json report of 3 articles to /tmp/" + "a" * 32 + "/one.json",
    "audit: wrote json report of 3 articles to /tmp/" + "a" * 33 + "/one.json",
    "audit: wrote html report of 2 articles to /tmp/:thumbs_up:/r.html",
    "audit: wrote csv report of 1 article to /tmp/café/r.csv",
    "audit: wrote text report of 1 article to /tmp/a\tb/r.txt"])
def test_a_note_written_plainly_is_what_richs_console_prints(message, columns, monkeypatch, capsys):
    from audit import cli

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    cli._stderr().print(message, markup=False)
    expected = capsys.readouterr().err
    cli._note(message)
    assert capsys.readouterr().err == expected
