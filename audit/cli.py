"""The ``audit`` command line. Exit codes are a public API (README, "Exit codes"):

0  the batch ran (with or without findings or unreadable inputs)
1  ``--fail-on SEVERITY`` matched a finding, or ``--strict`` and an input could not be read
2  usage error: bad option, unreadable configuration, unknown format, a path that does not
   exist (the report of the other inputs is still written)
130 interrupted (Ctrl-C); no report file was written
143 SIGTERM, 129 SIGHUP: handled like Ctrl-C (audit/interrupts.py)
141 the reader of stdout went away (``audit run … | head``): ends quietly, as SIGPIPE would
"""

from __future__ import annotations

import copy
import gc
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from audit import __version__, cli_values, interrupts, regexes
from audit.backtranslate.device import DEVICES
from audit.detectors import NAMES as DETECTORS
from audit.engines import ENGINES
from audit.model import SEVERITIES
from audit.report import FORMATS
from audit.report.common import plural

if TYPE_CHECKING:  # rich is imported when something is printed (~25 ms of start-up)
    from rich.console import Console

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_CLOSED_PIPE = 0, 1, 2, 130, 141


class Command(TyperCommand):
    """A command whose help reads like a Unix one: ``PATH...`` rather than ``{paths}...``
    and no ``<bool>``/``<list[str]>`` type labels on flags and arguments; its plain values
    are converted without pydantic (audit/cli_values.py: ~0.1 s of start-up)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            _plain_help(param)
            cli_values.install(param)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            _plain_help(option)
            cli_values.install(option)
        return option


class Group(TyperGroup):
    """The ``audit`` group: its options' values converted without pydantic, as a Command's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            cli_values.install(param)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            cli_values.install(option)
        return option


def _plain_help(param) -> None:
    if isinstance(param, TyperArgument):
        param.display_type_rich = lambda ctx: None
        param._usage_display_name = lambda: param.display_name_raw + ("..." if param.nargs != 1 else "")
    elif getattr(param, "is_flag", False):
        param.display_type_rich = lambda ctx: None

app = typer.Typer(
    name="audit",
    cls=Group,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="Audit syndicated news articles: language and origin, wire-service provenance, "
         "back-translation and translation-artifact checks.",
)


#: ``--format`` choices: the writers' registry; ``--fail-on`` choices: the severities.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)
Severity = Enum("Severity", {name: name for name in SEVERITIES}, type=str)
Detector = Enum("Detector", {name: name for name in DETECTORS}, type=str)
#: ``--device`` and ``--engine`` choices: the devices and engines audit knows.
Device = Enum("Device", {name: name for name in DEVICES}, type=str)
EngineName = Enum("EngineName", {name: name for name in ENGINES}, type=str)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"


def _choice(enum: type[Enum], what: str, allowed: tuple[str, ...] | None = None):
    """A callback turning an option's text into a member of ``enum``, ignoring case, with a
    plain message for anything else (``'pdf' is not a report format; one of: …``)."""
    names = allowed or tuple(member.value for member in enum)

    def convert(value: str | None):
        if value is None:
            return None
        name = value.strip().lower()
        if name not in names:
            raise typer.BadParameter(f"{value!r} is not {what}; use one of: {', '.join(names)}")
        return enum(name)

    return convert


def _format_option(default: str, names: tuple[str, ...] | None = None, enum: type[Enum] = Format):
    names = names or tuple(FORMATS)
    return typer.Option(default, "--format", "-f", metavar="FORMAT",
                        callback=_choice(enum, "a report format", names),
                        help=f"Report format: {', '.join(names)} (any case).")


def _severity_option(flag: str, help: str):
    return typer.Option(None, flag, metavar="SEVERITY", callback=_choice(Severity, "a severity"),
                        help=f"{help} ({', '.join(SEVERITIES)}).")


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _usage_error(message: str) -> typer.Exit:
    from rich.markup import escape

    _stderr().print(f"[bold red]audit:[/bold red] {escape(message)}", soft_wrap=True)
    return typer.Exit(EXIT_USAGE)


def _cannot_write(out: Path | None, exc: OSError) -> str:
    where = f" to {out}" if out is not None else ""
    return f"cannot write the report{where}: {exc.strerror or exc}"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"audit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Audit syndicated news articles."""


@app.command(cls=Command)
def run(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files, folders (read recursively), URLs and '-' for stdin. "
                                                ".txt/.md: one article; .json: one or a list; .jsonl: one a line; "
                                                "web pages, RSS/Atom feeds, NewsML-G2, NITF and ninjs are "
                                                "recognised by their content."),
    output_format: str = _format_option("text"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the report to this file "
                                       "(atomically) instead of stdout."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Details per article in the text report."),
    fail_on: Optional[str] = _severity_option("--fail-on", "Exit 1 when any finding is at or "
                                              "above this severity"),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input could not be processed."),
    config_path: Optional[Path] = typer.Option(None, "--config", help="audit.toml or pyproject.toml to use "
                                               "(default: found in the current folder or above)."),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Analyse articles in N processes "
                                "(output is identical to one worker)."),
    detector: Optional[Detector] = typer.Option(None, "--detector", help="Language detector "
                                                "(default: py3langid, or the configuration's detector)."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", min=1, help="Largest file (or JSONL "
                                  "record) read, in bytes."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of input files."),
    backtranslate: bool = typer.Option(True, "--backtranslate/--no-backtranslate",
                                       help="Round-trip sentences through Argos Translate models."),
    models_dir: Optional[Path] = typer.Option(None, "--models-dir", help="Argos packages folder "
                                              "(default: argostranslate's, ARGOS_PACKAGES_DIR)."),
    beam_size: Optional[int] = typer.Option(None, "--beam-size", min=1, help="Beam size for translation."),
    threshold: Optional[float] = typer.Option(None, "--round-trip-threshold", help="Round-trip chrF below "
                                              "which a sentence is flagged."),
    via: Optional[str] = typer.Option(None, "--via", help="Round-trip through this language when the "
                                      "article's origin is unknown (e.g. id)."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", help="Folder of the translation cache."),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Use the on-disk translation cache."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar on "
                                            "stderr (default: when stderr is a terminal)."),
    device: Optional[Device] = typer.Option(None, "--device", help="Where back-translation runs: "
                                            "auto (a CUDA GPU when there is one, else the CPU), "
                                            "cpu or cuda (default: auto)."),
    engine: EngineName = typer.Option("local", "--engine", help="local: this machine's processes; "
                                      "dask: a Dask cluster (--cluster, else a local one of "
                                      "--workers processes). The report is the same."),
    cluster: Optional[str] = typer.Option(None, "--cluster", metavar="ADDRESS", help="Dask "
                                          "scheduler to run on, e.g. tcp://10.0.0.5:8786 "
                                          "(implies --engine dask; docs/scale.md)."),
    time_budget: Optional[float] = typer.Option(None, "--time-budget", min=0, help="Seconds of "
                                                "analysis per article before it is cut short "
                                                "(default 20; 0: no limit)."),
    partition_size: Optional[int] = typer.Option(None, "--partition-size", min=1, help="Articles "
                                                 "per task on a Dask cluster (default 64)."),
) -> None:
    """Audit a batch of articles and write a report."""
    from audit.batch import audit_batch
    from audit.config import ConfigError, find_config, load_config
    from audit.ingest import ReadOptions, Skipped, iter_articles
    from audit.options import run_options
    from audit.progress import progress as progress_bar
    from audit.report import WriterOptions

    if config_path is not None and not config_path.is_file():
        raise _usage_error(f"configuration file not found: {config_path}")
    if paths.count("-") > 1:
        raise _usage_error("'-' (stdin) can be given only once")
    missing = [p for p in paths if p != "-" and not os.path.lexists(p)]
    if missing and len(missing) == len(paths):
        raise _usage_error(_no_such_path(missing))
    paths = [p for p in paths if p not in missing]
    try:
        config = load_config(config_path if config_path else find_config())
        options = run_options(config, workers=workers, backtranslate=backtranslate, cache=cache,
                              models_dir=models_dir, beam_size=beam_size, threshold=threshold,
                              cache_dir=cache_dir, via=via,
                              detector=detector.value if detector is not None else None,
                              device=device.value if device is not None else None,
                              time_budget=time_budget)
    except ConfigError as exc:
        raise _usage_error(str(exc))
    _prepare_detector(options.config.detector)
    batch_engine = _open_engine(engine.value, cluster, workers, options.backtranslate,
                                partition_size)
    skipped = Skipped()
    articles = iter_articles(paths, ReadOptions(max_bytes=max_bytes, encoding=encoding), skipped=skipped,
                             exclude=[out] if out is not None else ())
    writer_options = WriterOptions(verbose=verbose, color=_colour(out, output_format))
    try:
        show_progress = progress if progress is not None else sys.stderr.isatty()
        with progress_bar(show_progress, _stderr() if show_progress else None) as tick:
            summary = audit_batch(articles, options, output_format.value, out, writer_options,
                                  skipped_files=lambda: skipped.paths, tick=tick,
                                  engine=batch_engine.run)
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP (audit/interrupts.py)
        note = (" Translations done so far are cached: re-running resumes."
                if backtranslate and cache else "")
        streamed = getattr(exc, "streamed", None)
        what = ("no report was written" if streamed is None else
                f"the report on stdout is incomplete ({plural(streamed, 'article')} written)")
        _stderr().print(f"[yellow]audit: interrupted; {what}.{note}[/yellow]")
        raise typer.Exit(interrupts.exit_code(exc))
    except BrokenPipeError:  # `audit run … | head`
        raise _closed_pipe()
    except OSError as exc:  # inputs never raise (ingest reports them): the report cannot be written
        raise _usage_error(_cannot_write(out, exc))
    finally:
        batch_engine.close()
    _wrote(output_format, summary.articles, out)
    if missing:  # a typo on the command line is not an input: say so, after the others' report
        raise _usage_error(_no_such_path(missing) + "; the report covers the other inputs ("
                           + plural(summary.articles, "article") + ")")
    fail_threshold = fail_on.value if fail_on else config.fail_on
    if summary.fails(fail_threshold):
        raise typer.Exit(EXIT_FINDINGS)
    if strict and summary.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _prepare_detector(name: str | None) -> None:
    """The language detector loaded before any input is read: a machine's first run builds
    its model file here, and one that cannot be built is a usage error (exit 2) saying why."""
    from audit import detectors
    from audit.langid_model import ModelError

    try:
        detectors.prepare(name)
    except ModelError as exc:
        raise _usage_error(str(exc))


def _open_engine(name: str, cluster: str | None, workers: int, bt_options,
                 partition_size: int | None = None):
    """The engine the batch runs on, connected and checked (exit 2 when it cannot run):
    before any input is read, so a wrong address costs nothing. The caller closes it.

    Locally, ``--device cuda`` without a GPU is refused here; on a cluster every worker
    is asked before any article is sent.
    """
    from audit.engines import EngineError, open_engine

    device = bt_options.device if bt_options.enabled else None
    if cluster is None and name == "local" and device == "cuda":  # "auto" always works
        from audit.backtranslate.device import DeviceError, resolve_device

        try:
            resolve_device(device)
        except DeviceError as exc:
            raise _usage_error(str(exc))
    try:
        return open_engine(name, cluster=cluster, workers=workers, device=device,
                           partition_size=partition_size).__enter__()
    except EngineError as exc:
        raise _usage_error(str(exc))


def _colour(out: Path | None, output_format) -> bool:
    """Colour only for the text format on a terminal."""
    return out is None and sys.stdout.isatty() and output_format == Format.text


def _wrote(output_format, articles: int, out: Path | None) -> None:
    if out is not None:
        _note(f"audit: wrote {output_format.value} report of {plural(articles, 'article')} to {out}")


def _note(message: str) -> None:
    """``message`` on stderr as rich's console prints it (markup off): written directly when
    that is plainly the same bytes (ASCII, no emoji code, shorter than the console is wide,
    not a terminal), which spares the run importing rich (~25 ms)."""
    if (not sys.stderr.isatty() and message.isascii() and message.isprintable()
            and ":" not in message.replace("audit: ", "", 1)
            and not {"FORCE_COLOR", "TTY_COMPATIBLE", "JUPYTER_COLUMNS"} & os.environ.keys()
            and len(message) < _console_width()):
        sys.stderr.write(message + "\n")
        return
    _stderr().print(message, markup=False)


def _console_width() -> int:
    """The width rich's console would wrap at: ``COLUMNS``, else a terminal's among stdin,
    stdout and stderr, else 80."""
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)  # 0 too (rich then prints nothing: left to rich)
    return width or 80


def _no_such_path(missing: list[str]) -> str:
    return f"no such file or folder: {', '.join(missing)}"


def _closed_pipe() -> typer.Exit:
    """stdout's reader went away (``| head``): nothing more can be said there, and nothing
    is wrong, so end quietly with the status a SIGPIPE death would give."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail
    except (OSError, ValueError):
        pass
    return typer.Exit(EXIT_CLOSED_PIPE)


@app.command("report", cls=Command)
def rerender(
    report_path: str = typer.Argument(..., metavar="REPORT", help="A saved report: the JSON of "
                                      "--format json, or JSONL ('-' reads stdin)."),
    output_format: str = _format_option("text"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file (atomically)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Details per article in the text report."),
    fail_on: Optional[str] = _severity_option("--fail-on", "Exit 1 when any finding is at or "
                                              "above this severity"),
) -> None:
    """Re-render a saved JSON/JSONL report in another format, without re-running the audit."""
    from audit.report import WriterOptions
    from audit.report.load import ReportError, load_report, resummarise
    from audit.report.write import write_report

    try:
        saved = load_report(report_path)
    except ReportError as exc:
        raise _usage_error(str(exc))
    for note in saved.notes:
        _stderr().print(f"[yellow]audit: {note}[/yellow]")
    summary = resummarise(saved)
    writer_options = WriterOptions(verbose=verbose, color=_colour(out, output_format))
    try:
        count = write_report(saved.articles, output_format.value, out, writer_options,
                             summary.to_dict)
    except BrokenPipeError:  # `audit report … | head`
        raise _closed_pipe()
    except OSError as exc:
        raise _usage_error(_cannot_write(out, exc))
    _wrote(output_format, count, out)
    if fail_on is not None and summary.fails(fail_on.value):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("diff", cls=Command)
def diff(
    old: str = typer.Argument(..., help="The earlier saved report (JSON or JSONL)."),
    new: str = typer.Argument(..., help="The later saved report (JSON or JSONL)."),
    output_format: str = _format_option("text", ("text", "json"), DiffFormat),
    limit: Optional[int] = typer.Option(50, "--limit", min=1, help="Findings listed per section "
                                        "in the text format."),
    fail_on_new: Optional[str] = _severity_option("--fail-on-new", "Exit 1 when a finding at or "
                                                  "above this severity appeared"),
) -> None:
    """Which findings appeared and disappeared between two saved reports (by fingerprint)."""
    import json

    from audit.model import SEVERITIES, at_or_above
    from audit.report.diff import diff_reports, format_text
    from audit.report.load import ReportError, load_report

    from audit import signature

    try:
        before, after = load_report(old), load_report(new)
    except ReportError as exc:
        raise _usage_error(str(exc))
    result = diff_reports(before.articles, after.articles)
    signatures = [(s.summary or {}).get("signature") for s in (before, after)]
    result["signatures"] = {"old": signatures[0], "new": signatures[1],
                            "differ": signature.differences(*signatures)
                            if all(signatures) else None}
    if all(signatures) and signatures[0] != signatures[1]:
        _stderr().print(f"audit: warning: the reports were made with different setups "
                        f"({', '.join(result['signatures']['differ'])} changed): a changed "
                        f"finding may come from the setup, not the articles.\n  old "
                        f"{signatures[0]}\n  new {signatures[1]}", markup=False, soft_wrap=True)
    if output_format == DiffFormat.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_text(result, old, new, limit=limit), nl=False)
    if fail_on_new is not None and any(
            entry.get("severity") in SEVERITIES and at_or_above(entry["severity"], fail_on_new.value)
            for entry in result["findings"]["appeared"]):
        raise typer.Exit(EXIT_FINDINGS)


@app.command("checks", cls=Command)
def list_checks(
    output_format: str = _format_option("text", ("text", "json")),
) -> None:
    """List every check: code, category, default severity and an example."""
    from audit.checks import REGISTRY

    rows = [chk.describe() for chk in REGISTRY.values()]
    if output_format == Format.json:
        import json
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from audit.report.terminal import _broken_pipe, check_list

    console = Console(highlight=False)
    console.on_broken_pipe = _broken_pipe
    for line in check_list(rows, console.width):
        console.print(line, soft_wrap=True)


@app.command("fix")
def fix(
    paths: List[str] = typer.Argument(..., help="Files and folders, as for `audit run` ('-': stdin, "
                                                "with --diff only)."),
    only: Optional[str] = typer.Option(None, "--only", help="Fix only these check codes "
                                       "(comma-separated)."),
    min_severity: Optional[Severity] = typer.Option(None, "--min-severity", help="Fix only findings "
                                                    "at or above this severity."),
    show_diff: bool = typer.Option(False, "--diff", help="Print a unified diff per article "
                                   "(the default; nothing is written)."),
    out_dir: Optional[Path] = typer.Option(None, "--out", "-o", help="Write corrected copies under "
                                           "this folder, each in its input's format."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite the input files atomically."),
    fail_on: Optional[Severity] = typer.Option(None, "--fail-on", help="Exit 1 when a finding at or "
                                               "above this severity remains."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any input could not be processed."),
    config_path: Optional[Path] = typer.Option(None, "--config", help="audit.toml or pyproject.toml."),
    max_bytes: int = typer.Option(20 * 1024 * 1024, "--max-bytes", min=1, help="Largest file read."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of input files."),
) -> None:
    """Apply the fixes checks know to be safe (missing spaces, "AS" → "US", "IWST" → "WIB (UTC+7)"…),
    re-check, and say what remains. Role confusion and other judgement calls stay for the editor."""
    from audit.checks import REGISTRY
    from audit.config import ConfigError, find_config, load_config
    from audit.fix import FixOptions, Selection, fix_batch, unified_diff

    if sum((show_diff, out_dir is not None, in_place)) > 1:
        raise _usage_error("choose one of --diff, --out DIR and --in-place")
    mode = "out" if out_dir is not None else "in-place" if in_place else "diff"
    if mode != "diff" and "-" in paths:
        raise _usage_error("stdin ('-') can only be fixed with --diff")
    codes = None
    if only is not None:
        codes = frozenset(c.strip() for c in only.split(",") if c.strip())
        unknown = sorted(codes - set(REGISTRY))
        if unknown:
            raise _usage_error(f"unknown check code {', '.join(unknown)} in --only "
                               f"(see `audit checks`)")
    if config_path is not None and not config_path.is_file():
        raise _usage_error(f"configuration file not found: {config_path}")
    try:
        config = load_config(config_path if config_path else find_config())
    except ConfigError as exc:
        raise _usage_error(str(exc))
    _prepare_detector(config.detector)
    options = FixOptions(config=config, mode=mode, out_dir=out_dir, encoding=encoding,
                         max_bytes=max_bytes,
                         selection=Selection(codes, min_severity.value if min_severity else None))
    color = sys.stdout.isatty()

    def show(fixed) -> None:
        if mode == "diff" and fixed.changed:
            sys.stdout.write(unified_diff(fixed, color=color))

    try:
        summary = fix_batch(paths, options, show)
    except KeyboardInterrupt:
        _stderr().print("[yellow]audit: interrupted; files not yet rewritten are unchanged.[/yellow]")
        raise typer.Exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        raise typer.Exit(EXIT_OK)
    for line in summary.lines():
        _stderr().print(f"audit: {line}", markup=False, soft_wrap=True)
    if summary.fails(fail_on.value if fail_on else config.fail_on):
        raise typer.Exit(EXIT_FINDINGS)
    if strict and summary.errors:
        raise typer.Exit(EXIT_FINDINGS)


verdicts_app = typer.Typer(help="Editors' verdicts from the HTML report (wrong / fixed).",
                           no_args_is_help=True)


@verdicts_app.command("import")
def verdicts_import(
    download: Path = typer.Argument(..., metavar="FILE", help="The verdicts downloaded from the HTML "
                                    "report: the audit.toml fragment or the JSON."),
    config_path: Optional[Path] = typer.Option(None, "--config", help="The audit.toml or pyproject.toml "
                                               "to merge into (default: the project's, else ./audit.toml)."),
) -> None:
    """Merge "wrong" verdicts into ignore_fingerprints, keeping the file's comments and layout."""
    from audit.config import find_config
    from audit.verdicts import VerdictError, import_verdicts

    try:
        result = import_verdicts(download, config_path or find_config(), Path("audit.toml"))
    except VerdictError as exc:
        raise _usage_error(str(exc))
    except OSError as exc:
        raise _usage_error(f"cannot write the configuration: {exc.strerror or exc}")
    what = f"{len(result.added)} fingerprint{'s' if len(result.added) != 1 else ''} added to " \
           f"{'new ' if result.created else ''}{result.config}"
    extra = [f"{result.already} already there"] if result.already else []
    if result.fixed:
        extra.append(f"{result.fixed} marked fixed, not suppressed")
    _stderr().print(f"audit: {what}" + (f" ({'; '.join(extra)})" if extra else ""), markup=False,
                    soft_wrap=True)


def _mount_models() -> None:
    from audit.backtranslate.cli import models_app

    app.add_typer(models_app, name="models")
    app.add_typer(verdicts_app, name="verdicts")


_mount_models()


def _app_for(args: list[str]) -> typer.Typer:
    """``app`` with only the command that ``args`` name (``audit run …``: ``run``). Typer builds
    the click objects of every command and sub-command at each start (signatures, options,
    help: ~6% of ``audit run``'s start-up), though only the one named can run, and what it
    prints (help, usage, errors) does not depend on the others. ``--help``, ``--version``, no
    command or an unknown one (click suggests the nearest name) get the whole app."""
    name = args[0] if args else None
    commands = [info for info in app.registered_commands if _command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    trimmed = copy.copy(app)
    trimmed.registered_commands, trimmed.registered_groups = commands, groups
    return trimmed


def _command_name(info) -> str:
    """The name typer gives a command: its own, else its function's (``list_checks`` → ``list-checks``)."""
    return info.name or typer.main.get_command_name(info.callback.__name__)


def main() -> None:
    """Entry point of the ``audit`` script and ``python -m audit``."""
    interrupts.install()
    regexes.install()  # compiled patterns from the cache file (audit/regexes.py)
    try:
        _app_for(sys.argv[1:])(standalone_mode=True)
    except BrokenPipeError:  # from a command that printed with typer.echo (diff, checks)
        raise SystemExit(_closed_pipe().exit_code)
    except KeyboardInterrupt as exc:
        raise SystemExit(interrupts.exit_code(exc))
    except Exception as exc:
        interrupt = interrupts.within(exc)  # an interrupt Python wrapped (interrupts.within)
        if interrupt is None:
            raise
        raise SystemExit(interrupts.exit_code(interrupt)) from None
    except SystemExit as exc:
        # click turns an interrupt outside a command's own handling into "Aborted!", exit 1
        if interrupts.received() is not None and exc.code not in (0, None):
            raise SystemExit(128 + interrupts.received())
        raise
    finally:
        # The process ends here: its last collections would walk every loaded word list,
        # lexicon and model for nothing (0.1 s of CPU after the pofilter workload, 3,921
        # articles). Frozen, they are still freed; only that walk is skipped.
        gc.freeze()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _closed_pipe()


if __name__ == "__main__":
    main()
