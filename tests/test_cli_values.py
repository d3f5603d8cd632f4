"""audit's own conversion of command-line values (audit/cli_values.py) gives what typer's
pydantic adapters give, value, type and error message alike, for every option it takes over."""

from __future__ import annotations

import pytest
import typer

from audit import cli_values
from audit.cli import app

typer_coercion = pytest.importorskip("typer._coercion")
click = pytest.importorskip("typer._click")

SAMPLES = [None, "", "0", "1", "7", "007", "-3", "+2", "1.5", "2.", "1e3", " 4", "x", "nan",
           "text", "TEXT", "Json", "jsonl", "cpu", "CUDA", "auto", "local", "dask", "langdetect",
           "seeds", "/no/such/place", "-", "a\0b", 1, 0, 2.5, True, ("a", "b"), ["-"], ()]


def _params():
    command = typer.main.get_command(app)
    ctx = click.Context(command)
    yield ctx, command, command.get_help_option(ctx)
    for param in command.params:
        yield ctx, command, param
    for name, sub in command.commands.items():
        sub_ctx = click.Context(sub, parent=ctx, info_name=name)
        yield sub_ctx, sub, sub.get_help_option(sub_ctx)
        for param in sub.params:
            yield sub_ctx, sub, param


def _outcome(runtime, value, param, ctx):
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except click.exceptions.BadParameter as exc:
        return "error", exc.format_message()
    except Exception as exc:  # noqa: BLE001 - whatever typer raises, ours must raise too
        return "raises", type(exc).__name__
    return "value", type(result), repr(result)  # repr: nan == nan


def test_plain_values_match_typers_adapters_for_every_option():
    taken_over = 0
    for ctx, _command, param in _params():
        if param is None or not isinstance(param._runtime_param, cli_values.PlainValues):
            continue
        taken_over += 1
        ours = param._runtime_param
        typers = typer_coercion.build_runtime_param(param.type_descriptor)
        for value in SAMPLES:
            assert _outcome(ours, value, param, ctx) == _outcome(typers, value, param, ctx), (
                param.name, value)
    assert taken_over >= 40  # run, report, diff, checks and the group's options


def test_audit_run_builds_no_pydantic_adapter(tmp_path, monkeypatch):
    """The point of it: ``audit run`` on an article converts its options without typer's
    adapters (a test that fails if typer or the CLI changes so that they come back)."""
    built = []
    original = typer_coercion.build_runtime_param
    monkeypatch.setattr(typer_coercion, "build_runtime_param",
                        lambda descriptor: built.append(descriptor) or original(descriptor))
    article = tmp_path / "a.txt"
    article.write_text("Jakarta - The minister said on Monday that the bridge would open.\n",
                       encoding="utf-8")
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["run", str(article), "--no-backtranslate", "--format", "json",
                                      "--workers", "1", "--out", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert built == []
    result = CliRunner().invoke(app, ["run", str(article), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output  # typer's message, via typer
