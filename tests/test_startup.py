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


# --- only the command that runs is built (audit/cli.py _app_for) ---------------------------

def _invoke(app, args):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, args, prog_name="audit", env={"COLUMNS": "100"})
    return result.exit_code, result.output


@pytest.mark.parametrize("args", [
    ["run", "--help"], ["run"], ["run", "--bogus"], ["run", "x", "--format", "pdf"],
    ["run", "x", "--workers", "0"], ["report", "--help"], ["diff", "--help"], ["checks", "--help"],
    ["fix", "--help"], ["models", "--help"], ["models", "list", "--help"], ["models"],
    ["verdicts", "--help"], ["verdicts", "import", "--help"], ["checks", "--format", "json"]])
def test_the_app_of_one_command_says_what_the_whole_app_says(args):
    from audit import cli

    trimmed = cli._app_for(args)
    assert trimmed is not cli.app
    assert len(trimmed.registered_commands) + len(trimmed.registered_groups) == 1
    assert _invoke(trimmed, args) == _invoke(cli.app, args)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["rn"], ["--version", "run"]])
def test_anything_but_a_command_name_gets_the_whole_app(args):
    from audit import cli

    assert cli._app_for(args) is cli.app
    code, output = _invoke(cli.app, args)
    if args == ["--help"]:
        assert all(name in output for name in ("run", "report", "diff", "checks", "fix", "models",
                                               "verdicts"))
    if args == ["rn"]:
        assert code == 2 and "run" in output  # click's "did you mean"


def test_the_run_command_alone_audits_as_before(tmp_path):
    from audit import cli

    args = ["run", str(SEED), "--no-backtranslate", "--no-progress", "--format", "json"]
    code, output = _invoke(cli._app_for(args), args)
    full_code, full_output = _invoke(cli.app, args)
    assert code == full_code == 0
    assert output == full_output and json.loads(output)["summary"]["articles"] == 1


_BLAS_PROBE = """
import os
import audit
import numpy
print(os.environ["OPENBLAS_NUM_THREADS"], numpy.__name__)
"""


@pytest.mark.parametrize("preset, expected", [(None, "1"), ("3", "3")])
def test_numpys_blas_runs_on_one_thread_unless_the_user_says_otherwise(preset, expected):
    """Importing audit, before numpy, keeps OpenBLAS from starting a pool of spinning threads
    for audit's small products; a value the user set is left alone."""
    import os
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    result = subprocess.run([sys.executable, "-c", _BLAS_PROBE], capture_output=True, text=True,
                            env=env, timeout=120, check=True)
    assert result.stdout.split() == [expected, "numpy"]
