"""The `okrfile` command: parse options, call the core, hand results to a renderer.

Nothing here computes. Imports of the core and of rich/jinja2 happen inside commands so
that `okrfile --help` and `okrfile validate` (a pre-commit hook) start fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from okrfile import __version__
from okrfile.frontend import VALIDATE_FORMATS

app = typer.Typer(
    name="okrfile",
    help="Git-backed, plain-text OKRs: validate, score and report the OKRs your team keeps in its repo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

WorkspaceOption = Annotated[
    Optional[Path],
    typer.Option(
        "--workspace",
        "-w",
        help="The workspace folder (holding okrfile.yaml). Default: found by walking up from the current folder.",
        file_okay=False,
    ),
]


NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Parse every file afresh instead of reusing unchanged files' parse from the last run."),
]


# the same choices as the fast front end (entry.py) takes
ValidateFormat = enum.Enum("ValidateFormat", {name: name for name in VALIDATE_FORMATS}, type=str)


class StatusFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _usage_error(message: str) -> NoReturn:
    """Bad options or a missing workspace: one line on stderr, exit 2."""
    from okrfile.frontend import write_error

    write_error(message)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"okrfile {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Git-backed, plain-text OKRs: validate, score and report the OKRs your team keeps in its repo.

    Exit codes: 0 clean, 1 problems found, 2 usage or internal error.
    """


def _find_root(workspace: Path | None, near: Path | None = None) -> Path:
    from okrfile.frontend import UsageError, resolve_workspace

    try:
        return resolve_workspace(workspace, near)
    except UsageError as exc:
        _usage_error(str(exc))


def _console(stderr: bool = False, wrap: bool = False):
    """wrap=False: one diagnostic per line, whatever the width (grep, editors)."""
    from rich.console import Console

    # NO_COLOR (no-color.org): plain text, no bold or colour escapes at all
    plain = bool(os.environ.get("NO_COLOR"))
    # markup off: users' paths and titles may hold [brackets] that rich would parse
    return Console(stderr=stderr, highlight=False, markup=False, soft_wrap=not wrap, color_system=None if plain else "auto")


def _print_json(document) -> None:
    """Indented for a person at a terminal; compact for pipes and files, because json's
    indenting encoder is pure Python and took most of `status`'s time on 1000 teams."""
    import json

    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, indent=indent, ensure_ascii=False) + "\n")


def _print_diagnostics_text(diagnostics, root: Path, stream) -> None:
    from okrfile.diagnostics import display_path, format_text
    from okrfile.frontend import use_color

    cwd, color = Path.cwd().resolve(), use_color(stream)
    for d in diagnostics:
        stream.write(format_text(d, display_path(root, d.path, cwd), color) + "\n")


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            help="Files or folders whose problems to report. Default: the whole workspace.", show_default=False, metavar="PATH..."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="text: path:line:col: CODE message; json; github: workflow annotations.")
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too.")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check the workspace: YAML syntax, schema, cross-references and lint rules, all at once.

    The whole workspace is always checked, because references cross files; PATHs narrow what is reported.

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 on a usage error.
    """
    from okrfile.frontend import run_validate

    code = run_validate(paths or [], workspace, format.value, strict, no_cache, sys.stdout, sys.stderr)
    raise typer.Exit(code)


def _parse_today(today: str | None) -> dt.date:
    if today is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(today)
    except ValueError:
        _usage_error(f"--today {today!r} is not a date; write YYYY-MM-DD")


@app.command()
def status(
    workspace: WorkspaceOption = None,
    team: Annotated[Optional[str], typer.Option("--team", "-t", help="Only this team (its slug).")] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", "-p", help="The period, e.g. 2026-Q4. Default: the period holding today.")
    ] = None,
    today: Annotated[
        Optional[str], typer.Option("--today", help="Report as of this day (YYYY-MM-DD), for reproducible reports.")
    ] = None,
    format: Annotated[StatusFormat, typer.Option("--format", "-f", help="table (terminal), json or markdown.")] = StatusFormat.table,
    no_cache: NoCacheOption = False,
) -> None:
    """Scores, grades and pace of every objective and key result in a period.

    Progress bars show the key result's progress with a │ marker at the expected pace (the elapsed share of the period); a key result trailing it by more than 25 points is off track.

    Exit 1 when the workspace has errors (see validate).
    """
    from okrfile.check import check_workspace
    from okrfile.status import StatusError, build_status, default_period, periods_with_sets, report_to_json

    day = _parse_today(today)
    from okrfile.frontend import batch_gc

    root = _find_root(workspace)
    with batch_gc():
        result = check_workspace(root, cache=not no_cache)
    if result.errors:
        _print_diagnostics_text([d for d in result.diagnostics if d.is_error], root, sys.stderr)
        sys.stderr.write(f"✗ {result.errors} error(s): fix them first (okrfile validate shows all problems)\n")
        raise typer.Exit(1)
    ws = result.workspace
    if period is None:
        period = default_period(ws, day, team)
        if period is None:
            known = ", ".join(periods_with_sets(ws, team)) or "none"
            _usage_error(f"no OKR set covers {day}; pick one with --period (periods with OKR sets: {known})")
    try:
        report = build_status(ws, period, day, team)
    except StatusError as exc:
        _usage_error(str(exc))
    if format == StatusFormat.json:
        _print_json(report_to_json(report))
    elif format == StatusFormat.markdown:
        from okrfile.render.markdown import render_status_markdown

        sys.stdout.write(render_status_markdown(report))
    else:
        from okrfile.render.terminal import render_status

        console = _console(wrap=True)
        console.print(render_status(report, console.width))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the workspace.", file_okay=False)] = Path("."),
    org: Annotated[Optional[str], typer.Option("--org", help="Organisation name. Default: the folder's name.")] = None,
    team: Annotated[str, typer.Option("--team", help="Slug of the first team.")] = "core",
    period: Annotated[
        Optional[str], typer.Option("--period", help="The first period, e.g. 2026-Q4. Default: the current quarter.")
    ] = None,
    lead: Annotated[
        Optional[str], typer.Option("--lead", help="Slug of the team's lead. Default: from $USER.")
    ] = None,
) -> None:
    """Create a workspace: okrfile.yaml and a first OKR set with a commented example.

    Never overwrites: if any file it would write exists, it writes nothing and exits 1.
    """
    from okrfile.scaffold import ScaffoldError, plan_workspace, write_new_files

    try:
        files = plan_workspace(directory, org=org, team=team, period=period, lead=lead, today=dt.date.today())
    except ScaffoldError as exc:
        _usage_error(str(exc))
    existing = write_new_files(files)
    console = _console(stderr=True)
    if existing:
        for path in existing:
            console.print(f"{path}: already exists")
        console.print("✗ nothing written; okrfile init never overwrites a file")
        raise typer.Exit(1)
    for path in files:
        console.print(f"created {path}")
    console.print(f"✓ next: edit the OKR set, then run `okrfile validate -w {directory}` and `okrfile status -w {directory}`")


@app.command()
def schema(
    kind: Annotated[
        Optional[str], typer.Argument(help="okrfile (okrfile.yaml) or okr-set (okrs/<period>/<team>.yaml).", show_default=False)
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", help="Write every schema as <name>.schema.json into this folder.", file_okay=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite schema files that differ.")] = False,
) -> None:
    """JSON Schemas (draft 2020-12) of the file formats, for editors and other tools.

    Print one with `okrfile schema okr-set`, or write them all with `--out DIR` and point your editor at them with a `# yaml-language-server: $schema=...` line.
    """
    from okrfile.schema.export import KINDS, shipped

    if out is None:
        if kind is None:
            for name, (filename, title) in KINDS.items():
                typer.echo(f"{name:10} {filename:22} {title}")
            typer.echo("print one with `okrfile schema KIND`, or write all with `okrfile schema --out DIR`", err=True)
            return
        if kind not in KINDS:
            _usage_error(f"unknown schema {kind!r}; choose from {', '.join(KINDS)}")
        sys.stdout.write(shipped(KINDS[kind][0]))
        return
    from okrfile.scaffold import write_files

    names = [KINDS[kind][0]] if kind in KINDS else [f for f, _ in KINDS.values()]
    if kind is not None and kind not in KINDS:
        _usage_error(f"unknown schema {kind!r}; choose from {', '.join(KINDS)}")
    refused = write_files({out / name: shipped(name) for name in names}, force=force)
    console = _console(stderr=True)
    for path in refused:
        console.print(f"{path}: exists and differs; pass --force to overwrite")
    if refused:
        raise typer.Exit(1)
    for name in names:
        console.print(f"wrote {out / name}")


def main() -> None:
    """The typer app, with entry.py's guard: no traceback ever reaches a user."""
    from okrfile.entry import _guard

    def run(_args) -> int:
        try:
            app(prog_name="okrfile")
        except SystemExit as done:
            return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        return 0

    sys.exit(_guard(run, None))
