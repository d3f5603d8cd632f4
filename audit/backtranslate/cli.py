"""``audit models``: list, install and remove the Argos Translate packages audit uses.

Mounted by the main CLI with ``app.add_typer(models_app, name="models")``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from audit.backtranslate import models as store
from audit.backtranslate.plan import PIVOT, find_route

models_app = typer.Typer(
    name="models", no_args_is_help=True, add_completion=False,
    help="Install, list and remove the Argos Translate models used for back-translation.")

MODELS_DIR_HELP = ("Folder holding the models (default: where argostranslate keeps them: "
                   "$ARGOS_PACKAGES_DIR, else $XDG_DATA_HOME/argos-translate/packages).")


def _models_dir_option():
    return typer.Option(None, "--models-dir", help=MODELS_DIR_HELP, file_okay=False,
                        resolve_path=True)


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def round_trips(by_pair: dict[tuple[str, str], store.InstalledModel]) -> list[dict]:
    """The round trips the installed packages allow, with the route of each leg."""
    codes = sorted({code for pair in by_pair for code in pair} - {PIVOT})
    out = []
    for code in codes:
        there, back = find_route(by_pair, PIVOT, code), find_route(by_pair, code, PIVOT)
        if there is None or back is None:
            continue
        route = "→".join([PIVOT] + [m.to_code for m in there] + [m.to_code for m in back])
        out.append({"language": code, "direction": f"{PIVOT}→{code}→{PIVOT}", "route": route,
                    "pivoted": len(there) + len(back) > 2})
    return out


@models_app.command("list")
def list_models(
    models_dir: Optional[Path] = _models_dir_option(),
    available: bool = typer.Option(False, "--available",
                                   help="Also list the packages in the Argos package index."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Installed Argos packages, and the language pairs and round trips they cover."""
    installed, problems = store.scan(models_dir)
    by_pair = store.best_by_pair(installed)
    index = None
    if available:
        try:
            index = store.fetch_index()
        except store.ModelsError as exc:
            _fail(str(exc))
    installed_pairs = {m.pair for m in installed}
    where = [str(p) for p in store.search_dirs(models_dir)]
    if as_json:
        payload = {"models_dirs": where, "installed": [m.describe() for m in installed],
                   "round_trips": round_trips(by_pair), "problems": problems}
        if index is not None:
            payload["available"] = [
                {"id": store.package_id(e), "from": e.get("from_code"), "to": e.get("to_code"),
                 "version": e.get("package_version"),
                 "installed": (e.get("from_code"), e.get("to_code")) in installed_pairs}
                for e in index if e.get("type", "translate") == "translate"]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for problem in problems:
        typer.echo(f"warning: {problem}", err=True)
    if not installed:
        console.print(f"No Argos models installed in {', '.join(where)}.")
        console.print("Install one with [bold]audit models install en id[/] "
                      "(or [bold]audit models install PATH.argosmodel[/] offline).")
    else:
        table = Table(title=f"Installed models ({', '.join(where)})")
        for column in ("id", "pair", "version", "path"):
            table.add_column(column)
        for model in installed:
            table.add_row(model.id, f"{model.from_code}→{model.to_code}", model.version,
                          str(model.path))
        console.print(table)
        trips = round_trips(by_pair)
        if trips:
            console.print("Round trips: " + ", ".join(
                t["direction"] + (f" (via {t['route']})" if t["pivoted"] else "")
                for t in trips))
        else:
            console.print("No complete round trip yet: install both directions, e.g. "
                          "[bold]audit models install en id[/] and "
                          "[bold]audit models install id en[/].")
    if index is not None:
        table = Table(title="Available in the Argos package index")
        for column in ("id", "pair", "version", "installed"):
            table.add_column(column)
        for entry in index:
            if entry.get("type", "translate") != "translate":
                continue
            pair = (entry.get("from_code"), entry.get("to_code"))
            table.add_row(store.package_id(entry), f"{pair[0]}→{pair[1]}",
                          str(entry.get("package_version", "")),
                          "yes" if pair in installed_pairs else "")
        console.print(table)


@models_app.command("install")
def install(
    what: List[str] = typer.Argument(..., metavar="FROM TO | PATH.argosmodel",
                                     help="Two language codes (downloads from the Argos "
                                          "package index) or a local .argosmodel file."),
    models_dir: Optional[Path] = _models_dir_option(),
) -> None:
    """Install a model: `install en id` downloads it; `install FILE.argosmodel` works offline."""
    if len(what) == 1:
        path = Path(what[0]).expanduser()
        if not path.exists():
            _fail(f"{path}: no such file (to download, give two language codes: "
                  "`audit models install en id`)", 2)
        try:
            model = store.install_archive(path, models_dir)
        except store.ModelsError as exc:
            _fail(str(exc))
    elif len(what) == 2:
        model = _download_and_install(what[0], what[1], models_dir)
    else:
        _fail("give FROM TO (e.g. `en id`) or one PATH.argosmodel", 2)
    typer.echo(f"Installed {model.id} {model.version} ({model.from_code}→{model.to_code}) "
               f"in {model.path}")


def _download_and_install(src: str, dst: str, models_dir: Path | None) -> store.InstalledModel:
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                               TimeRemainingColumn, TransferSpeedColumn)

    try:
        index = store.fetch_index()
    except store.ModelsError as exc:
        _fail(str(exc))
    with Progress(TextColumn(f"{src}→{dst}"), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("download", total=None)

        def report(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        try:
            return store.install_pair(src, dst, models_dir, progress=report, index=index)
        except store.ModelsError as exc:
            progress.stop()
            _fail(str(exc))
    raise AssertionError("unreachable")


@models_app.command("remove")
def remove(
    what: List[str] = typer.Argument(..., metavar="FROM TO | ID",
                                     help="Two language codes, or a package id or folder name."),
    models_dir: Optional[Path] = _models_dir_option(),
) -> None:
    """Remove installed models (every installed version of the pair or id)."""
    installed, _ = store.scan(models_dir)
    if len(what) == 2:
        matches = [m for m in installed if m.pair == (what[0], what[1])]
        label = f"{what[0]}→{what[1]}"
    elif len(what) == 1:
        matches = [m for m in installed if what[0] in (m.id, m.path.name)]
        label = what[0]
    else:
        _fail("give FROM TO (e.g. `en id`) or one package id", 2)
    if not matches:
        _fail(f"no installed model matches {label} "
              f"(see `audit models list`)")
    for model in matches:
        try:
            store.remove_model(model)
        except store.ModelsError as exc:
            _fail(str(exc))
        typer.echo(f"Removed {model.id} {model.version} ({model.path})")
