"""The `okrfile` command: parse options, call the core, hand results to a renderer.

Nothing here computes. Imports of the core and of rich/jinja2 happen inside commands so
that `okrfile --help` and `okrfile validate` (a pre-commit hook) start fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from okrfile import __version__
from okrfile.frontend import HISTORY_FORMATS, VALIDATE_FORMATS

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
        "-w", metavar="DIR",
        help="The workspace folder (holding okrfile.yaml). Default: found by walking up from the current folder.",
        file_okay=False,
    ),
]


AtOption = Annotated[
    Optional[str],
    typer.Option(
        "--at", metavar="REV",
        help="The workspace as it was at a commit, tag, branch or date (YYYY-MM-DD), read from git; the working tree is not touched.",
        show_default=False,
    ),
]


NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", metavar="", help="Parse every file afresh instead of reusing unchanged files' parse from the last run."),
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


def _problem_in_users_files(exc) -> NoReturn:
    """A mistake in the workspace's own template (its file and line), or a person's file in
    the way: exit 1 (a problem found in the user's files), and nothing written."""
    from okrfile.frontend import write_error

    write_error(str(exc))
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"okrfile {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", metavar="", callback=_version, is_eager=True, help="Show the version and exit.")
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
    from okrfile.frontend import console

    return console(stderr=stderr, wrap=wrap)


def _print_json(document) -> None:
    from okrfile.frontend import write_json

    write_json(sys.stdout, document)


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            help="Files or folders whose problems to report. Default: the whole workspace.", show_default=False, metavar="PATH"
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="text: path:line:col: CODE message; json; github: workflow annotations.")
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", metavar="", help="Exit 1 on warnings too.")] = False,
    no_cache: NoCacheOption = False,
    at: AtOption = None,
    all_files: Annotated[
        bool,
        typer.Option(
            "--all", metavar="",
            help="The pre-commit hook: PATHs' problems first, then the rest of the workspace's; "
            "errors in other files that HEAD has too were committed before and do not fail it (with no PATH, in any file).",
        ),
    ] = False,
    today: Annotated[
        Optional[str],
        typer.Option(
            "--today", metavar="YYYY-MM-DD",
            help="Judge as of this day (YYYY-MM-DD): which updates are for a week still to come (L009). Default: today, or --at's day.",
        ),
    ] = None,
) -> None:
    """Check the workspace: YAML syntax, schema, cross-references and lint rules, all at once.

    The whole workspace is always checked, because references cross files; PATHs narrow what is reported.

    Exit 0 when clean, 1 when there are errors (or warnings with --strict), 2 on a usage error.
    """
    from okrfile.frontend import run_validate

    code = run_validate(paths or [], workspace, format.value, strict, no_cache, sys.stdout, sys.stderr, at, all_files, today)
    raise typer.Exit(code)


def _parse_today(today: str | None) -> dt.date:
    from okrfile.frontend import UsageError, parse_today

    try:
        return parse_today(today)
    except UsageError as exc:
        _usage_error(str(exc))


@app.command()
def status(
    workspace: WorkspaceOption = None,
    team: Annotated[Optional[str], typer.Option("--team", "-t", metavar="TEAM", help="Only this team (its slug).")] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", "-p", metavar="PERIOD", help="The period, e.g. 2026-Q4. Default: the period holding today, else the one that ended last.")
    ] = None,
    today: Annotated[
        Optional[str], typer.Option(
            "--today", metavar="YYYY-MM-DD",
            help="Report as of this day (YYYY-MM-DD), for reproducible reports: the pace expected, staleness, and which "
            "weeks' check-ins count. The files are read as they are now; --at reads them as they were.",
        )
    ] = None,
    format: Annotated[StatusFormat, typer.Option("--format", "-f", help="table (terminal), json or markdown.")] = StatusFormat.table,
    no_cache: NoCacheOption = False,
    at: AtOption = None,
) -> None:
    """Scores, grades and pace of every objective and key result in a period.

    Progress bars show the key result's progress with a │ marker at the expected pace (the elapsed share of the period); a key result trailing it by more than 25 points is off track.

    Exit 1 when the workspace has errors (see validate).
    """
    from okrfile.status import report_to_json

    report = _status_report(workspace, team, period, today, no_cache, at).report
    if format == StatusFormat.json:
        _print_json(report_to_json(report))
    elif format == StatusFormat.markdown:
        from okrfile.render.markdown import render_status_markdown

        sys.stdout.write(render_status_markdown(report))
    else:
        _print_status_table(report)


def _print_status_table(report) -> None:
    from okrfile.render.terminal import render_status

    console = _console(wrap=True)
    console.print(render_status(report, console.width))


@dataclass
class _Status:
    root: Path
    ws: Any
    found: Any  # the git history, or None
    no_history: str  # why there is none
    report: Any


def _status_report(
    workspace: Path | None, team: str | None, period: str | None, today: str | None, no_cache: bool, at: str | None
) -> _Status:
    """The status report `status` and `site` show: usage errors exit 2, workspace errors 1."""
    from okrfile.status import StatusError, build_status, default_period, periods_with_sets, teams_with_sets

    asked = _parse_today(today) if today is not None else None  # a bad --today before any other word
    root, ws, left_out = _load_quietly(workspace, no_cache, at)
    # --at: report as of that commit's day, unless --today says otherwise
    day = asked or ws.as_of or _parse_today(None)
    if period is None:
        period = default_period(ws, day, team)
        if period is None:
            if team is not None and not periods_with_sets(ws, team):
                _usage_error(f"team {team} has no OKR set in any period (teams with OKR sets: {', '.join(teams_with_sets(ws)) or 'none'})")
            known = ", ".join(periods_with_sets(ws, team)) or "none"
            _usage_error(f"no OKR set covers {day}; pick one with --period (periods with OKR sets: {known})")
    found, no_history = _history(root, no_cache, at)
    try:
        report = build_status(ws, period, day, team, found)
    except StatusError as exc:
        _usage_error(str(exc))
    _note_left_out(left_out)  # once --period and --team are known good
    return _Status(root, ws, found, no_history, report)


class SilenceFormat(str, enum.Enum):
    table = "table"
    markdown = "markdown"
    slack = "slack"
    json = "json"


class DigestFormat(str, enum.Enum):
    markdown = "markdown"
    slack = "slack"
    json = "json"


WeekOption = Annotated[
    Optional[str], typer.Option("--week", metavar="WEEK", help="The ISO week, e.g. 2026-W47. Default: this week.", show_default=False)
]
PostOption = Annotated[
    Optional[str],
    typer.Option(
        "--post", metavar="URL",
        help="Also post it to this Slack incoming-webhook URL; `--post env` reads the URL from $OKRFILE_SLACK_WEBHOOK, "
        "keeping the secret out of shell history. The URL is never printed.",
        show_default=False,
    ),
]


def _load(
    workspace: Path | None,
    no_cache: bool = False,
    at: str | None = None,
    lenient: tuple[str, ...] = ("updates/", "maps/"),
    strict: tuple[str, ...] = (),
):
    """The checked workspace for commands that read it. Errors in okrfile.yaml or an
    OKR set are shown and exit 1; errors in weekly updates (and impact maps, which no
    score depends on) only leave those out: one person's half-written update must not
    stop the team's status or digest. `strict`: paths whose errors stop it anyway."""
    root, ws, left_out = _load_quietly(workspace, no_cache, at, lenient, strict)
    _note_left_out(left_out)
    return root, ws


def _load_quietly(
    workspace: Path | None,
    no_cache: bool = False,
    at: str | None = None,
    lenient: tuple[str, ...] = ("updates/", "maps/"),
    strict: tuple[str, ...] = (),
):
    """As _load, but the errors left out are returned for _note_left_out instead of
    noted: a command whose arguments turn out wrong says only that."""
    from okrfile.check import check_workspace
    from okrfile.frontend import batch_gc, write_diagnostics

    from okrfile.frontend import UsageError, snapshot_at

    root = _find_root(workspace)
    try:
        snapshot = snapshot_at(root, at)
    except UsageError as exc:
        _usage_error(str(exc))
    with batch_gc():
        result = check_workspace(root, cache=not no_cache, snapshot=snapshot)
    errors = [d for d in result.diagnostics if d.is_error]
    blocking = [d for d in errors if not d.path.startswith(lenient) or d.path.startswith(strict)]
    if blocking:
        write_diagnostics(blocking, root, sys.stderr)
        sys.stderr.write(f"✗ {len(blocking)} error(s): fix them first (okrfile validate shows all problems)\n")
        raise typer.Exit(1)
    return root, result.workspace, [d for d in errors if d not in blocking]


def _note_left_out(left_out, skip: tuple[str, ...] = ()) -> None:
    """One line per folder on the errors that leave updates or maps out; the files in
    `skip` (an update checkin replaces) are not counted."""
    for folder, what in (("updates/", "weekly update(s)"), ("maps/", "impact map(s)")):
        these = [d for d in left_out if d.path.startswith(folder) and d.path not in skip]
        if these:
            files = len({d.path for d in these})
            sys.stderr.write(f"! {len(these)} error(s) in {files} {what}: what is in error is left out; `okrfile validate` shows them\n")


def _this_week(week: str | None, as_of: dt.date | None = None) -> str:
    """--week, else the week of --at's commit, else this week."""
    from okrfile.periods import week_of, week_problem

    if week is None:
        return week_of(as_of or dt.date.today())
    problem = week_problem(week)
    if problem is not None:
        _usage_error(f"--week {week!r} {problem}")
    return week


def _webhook(url_option: str | None) -> str | None:
    """The --post URL, checked before anything is computed or printed."""
    if url_option is None:
        return None
    url = os.environ.get("OKRFILE_SLACK_WEBHOOK", "") if url_option == "env" else url_option
    if not url:
        _usage_error("--post env, but $OKRFILE_SLACK_WEBHOOK is not set")
    if not url.startswith(("https://", "http://")):
        _usage_error("--post takes a Slack incoming-webhook URL (https://hooks.slack.com/…) or `env`")
    return url


def _post(url: str, text: str) -> None:
    from okrfile import slack

    try:
        attempts = slack.post(url, slack.payload(text))
    except slack.SlackError as exc:
        sys.stderr.write(f"okrfile: posting to Slack failed: {exc}\n")
        raise typer.Exit(1) from None
    sys.stderr.write(f"✓ posted to Slack{f' after {attempts} attempts' if attempts > 1 else ''}\n")


@app.command()
def checkin(
    workspace: WorkspaceOption = None,
    person: Annotated[
        Optional[str], typer.Option("--person", metavar="PERSON", help="Whose update. Default: the person whose email is `git config user.email`.")
    ] = None,
    week: WeekOption = None,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Replace the update if it exists.")] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", metavar="", help="Ask for each key result's value and status, and write a complete update.")
    ] = False,
    edit: Annotated[bool, typer.Option("--edit", "-e", metavar="", help="Open $EDITOR on the update once written.")] = False,
) -> None:
    """Start this week's async update: updates/<week>/<person>.md, pre-filled with your key results.

    Each key result comes with its last value and its target; replace the placeholders in square brackets (okrfile validate flags any left), or answer the prompts with --interactive. Never overwrites an update unless --force.
    """
    from okrfile.checkin import CheckinError, build_draft, person_for_email, render_draft
    from okrfile.scaffold import atomic_write

    if week is not None:
        _this_week(week)  # a bad --week before the workspace is read
    # the errors that leave updates out are noted once the arguments are known good, and
    # not those of the update this writes: a draft it replaces is no news
    root, ws, left_out = _load_quietly(workspace)
    week = _this_week(week)
    if person is None:
        email = _git_email(root)
        person = person_for_email(ws, email)
        if person is None:
            _usage_error(
                f"no person in okrfile.yaml has the email {email!r} (git config user.email); pass --person"
                if email
                else "git config user.email is not set; pass --person"
            )
    try:
        draft = build_draft(ws, person, week)
    except CheckinError as exc:
        _usage_error(str(exc))
    target = root / draft.path
    in_the_way = _not_a_folder(root, target.parent)
    if in_the_way is not None:
        sys.stderr.write(f"{in_the_way}: is a file where a folder is needed for {draft.path}; move it away, then run checkin again\n")
        raise typer.Exit(1)
    if target.is_dir() and not target.is_symlink():
        sys.stderr.write(f"{draft.path}: is a folder where the update file is needed; move it away, then run checkin again\n")
        raise typer.Exit(1)
    if (target.exists() or target.is_symlink()) and not force:
        sys.stderr.write(f"{draft.path}: already exists; okrfile checkin never overwrites an update (pass --force)\n")
        raise typer.Exit(1)
    from okrfile.render.templates import TemplateError

    try:
        text = render_draft(ws, draft)  # before any prompt: a broken template must not cost the answers
        _note_left_out(left_out, skip=(draft.path,))
        if interactive:
            from okrfile.render.prompts import fill_draft

            fill_draft(draft, _console(stderr=True))
            text = render_draft(ws, draft)
    except TemplateError as exc:
        _problem_in_users_files(exc)
    try:
        atomic_write(target, text, overwrite=force)
    except FileExistsError:  # it appeared meanwhile, or a link to nothing: never clobbered
        sys.stderr.write(f"{draft.path}: already exists; okrfile checkin never overwrites an update (pass --force)\n")
        raise typer.Exit(1) from None
    except OSError as exc:
        sys.stderr.write(f"{draft.path}: cannot write it: {exc.strerror or exc}\n")
        raise typer.Exit(1) from None
    sys.stderr.write(f"✓ wrote {draft.path} (week {draft.week_number} of {draft.weeks_in_period} in {draft.period})\n")
    if edit:
        _open_editor(target)
    elif not interactive:
        sys.stderr.write("  fill in the [placeholders], then `okrfile validate` and commit\n")


def _not_a_folder(root: Path, folder: Path) -> str | None:
    """The first of `folder` and its parents below `root` that exists but is no folder (a
    file named like a week's folder), as a path relative to `root`, else None."""
    relative = folder.relative_to(root)
    for depth in range(1, len(relative.parts) + 1):
        here = root.joinpath(*relative.parts[:depth])
        if here.exists() and not here.is_dir():
            return "/".join(relative.parts[:depth])
        if not here.exists():
            return None
    return None


def _git_email(root: Path) -> str | None:
    import subprocess

    try:
        found = subprocess.run(["git", "config", "--get", "user.email"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return found.stdout.strip() or None


def _open_editor(path: Path) -> None:
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        _usage_error(f"--edit needs $EDITOR (or $VISUAL) set; the update is at {path}")
    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        _usage_error(f"cannot start the editor {editor!r}: {exc.strerror or exc}")
    if done.returncode != 0:
        sys.stderr.write(f"! the editor exited with {done.returncode}; the update is at {path}\n")
        raise typer.Exit(1)


@app.command()
def digest(
    workspace: WorkspaceOption = None,
    week: WeekOption = None,
    format: Annotated[DigestFormat, typer.Option("--format", "-f", help="markdown, slack (mrkdwn text) or json.")] = DigestFormat.markdown,
    post: PostOption = None,
    no_cache: NoCacheOption = False,
    at: AtOption = None,
) -> None:
    """The week's digest per team: status changes, newly off-track key results, wins, blockers, help needed, who has not posted, and the update rate.

    Send it on Tuesday, after Monday's updates; --post also sends it to Slack.
    """
    from okrfile.cadence import first_posts
    from okrfile.digest import DigestError, build_digest, digest_to_json
    from okrfile.render.templates import TemplateError, render

    url = _webhook(post)
    if week is not None:
        _this_week(week)  # a bad --week before any other word
    root, ws, left_out = _load_quietly(workspace, no_cache, at)
    found, _ = _history(root, no_cache, at)
    try:
        result = build_digest(ws, _this_week(week, ws.as_of), first_posts(ws, found))
    except DigestError as exc:
        _usage_error(str(exc))
    _note_left_out(left_out)
    try:
        # both rendered before anything is printed or posted: a broken template stops the two
        shown = None if format == DigestFormat.json else render(root, "digest.slack.j2" if format == DigestFormat.slack else "digest.md.j2", digest=result)
        posted = render(root, "digest.slack.j2", digest=result) if url else None
    except TemplateError as exc:
        _problem_in_users_files(exc)
    if shown is None:
        _print_json(digest_to_json(result))
    else:
        sys.stdout.write(shown)
    if posted is not None:
        _post(url, posted)


@app.command()
def silence(
    workspace: WorkspaceOption = None,
    week: WeekOption = None,
    format: Annotated[SilenceFormat, typer.Option("--format", "-f", help="table, markdown, slack or json.")] = SilenceFormat.table,
    post: PostOption = None,
    no_cache: NoCacheOption = False,
    at: AtOption = None,
) -> None:
    """Who has not posted their update for the week, and for how many weeks in a row, per team, with each team's update rate.

    It reports and exits 0: silence is a reason to reach out, not an error.
    """
    from okrfile.cadence import cadence, cadence_to_json, first_posts
    from okrfile.periods import period_of_week
    from okrfile.render.cadence import render_silence_markdown, render_silence_slack, render_silence_table
    from okrfile.status import periods_with_sets

    url = _webhook(post)
    if week is not None:
        _this_week(week)  # a bad --week before any other word
    root, ws, left_out = _load_quietly(workspace, no_cache, at)
    week = _this_week(week, ws.as_of)
    period = period_of_week(ws.config, week, periods_with_sets(ws))
    if period is None:
        _usage_error(f"week {week} falls in no period with OKR sets ({', '.join(periods_with_sets(ws)) or 'none'})")
    _note_left_out(left_out)
    found, _ = _history(root, no_cache, at)
    teams = cadence(ws, week, period, first_posted=first_posts(ws, found))
    if format == SilenceFormat.json:
        _print_json(cadence_to_json(week, period, teams))
    elif format == SilenceFormat.markdown:
        sys.stdout.write(render_silence_markdown(week, teams))
    elif format == SilenceFormat.slack:
        sys.stdout.write(render_silence_slack(week, teams))
    else:
        _console(wrap=True).print(render_silence_table(week, teams))
    if url:
        _post(url, render_silence_slack(week, teams))


# the same choices as the fast front end (entry.py) takes
HistoryFormat = enum.Enum("HistoryFormat", {name: name for name in HISTORY_FORMATS}, type=str)


def _history(root: Path, no_cache: bool, at: str | None = None):
    """The git history (up to --at's revision) and "", or None and why there is none (status,
    digest, silence and site do without). With --at, reading the files there has said if the
    clone is shallow."""
    from okrfile.frontend import UsageError, load_history

    try:
        return load_history(root, no_cache, sys.stderr, at, say_shallow=at is None, say_skipped=False), ""
    except UsageError as exc:
        return None, str(exc)


@app.command()
def history(
    ref: Annotated[
        Optional[str],
        typer.Argument(
            metavar="REF",
            help="A key result (platform/O1/KR1), an objective (platform/O1) or a team (platform), in --period, "
            "or after a period (2026-Q4/platform/O1/KR1). Default: all of the period.",
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceOption = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="PERIOD", help="The period. Default: the period holding today, else the one that ended last.")] = None,
    format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table or json.")] = HistoryFormat.table,
    no_cache: NoCacheOption = False,
    today: Annotated[
        Optional[str], typer.Option("--today", metavar="YYYY-MM-DD", help="Report as of the end of this day (YYYY-MM-DD, local time): what was committed later is left out.")
    ] = None,
    at: AtOption = None,
) -> None:
    """A key result's values over time from git, its moved goalposts, and who posted their updates on time.

    Every value a key result had, with its date, commit, author and source (a weekly update, or `current:` in the OKR file); every change to a start, target, type, threshold, weight or title, and every key result or objective added or removed (an OKR file deleted included), after the period started; and per person and week, on time, late or missing. History reads what is committed.
    """
    from okrfile.frontend import run_history

    raise typer.Exit(run_history(ref, workspace, period, format.value, no_cache, sys.stdout, sys.stderr, today, at))


@app.command()
def site(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="The folder to write the page into, made if missing.")
    ] = Path("_site"),
    workspace: WorkspaceOption = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="PERIOD", help="The period, e.g. 2026-Q4. Default: the period holding today, else the one that ended last.")] = None,
    today: Annotated[
        Optional[str], typer.Option("--today", metavar="YYYY-MM-DD", help="Build it as of this day (YYYY-MM-DD), as status --today reports.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Replace files in DIR that okrfile did not write.")] = False,
    no_cache: NoCacheOption = False,
    at: AtOption = None,
) -> None:
    """The static status page for CI to publish: scores, values over time, moved goalposts and who posted on time.

    Writes DIR/index.html, one self-contained file with no script and nothing fetched (it opens from a CI artifact or from GitHub or GitLab Pages), and beside it status.json and history.json, the data it shows. The default DIR, _site, is what GitHub's actions/upload-pages-artifact publishes; GitLab Pages wants --out public. A file in DIR that okrfile did not write is left alone unless --force. The workspace's templates/site/ overrides the page's templates. Exit 1 when the workspace has errors (see validate).
    """
    got = _status_report(workspace, None, period, today, no_cache, at)
    written = _write_site(got, out, today is not None, at, force)
    _console().print(f"✓ wrote {', '.join(str(path) for path in written)}\n  open {written[0].resolve().as_uri()}")


def _write_site(got: _Status, out: Path, today_given: bool, at: str | None, force: bool) -> list[Path]:
    """The status page of `got`'s report, written: the page first."""
    from okrfile.render.site import render_site
    from okrfile.render.templates import TemplateError
    from okrfile.site import SiteError, build_page, write_site

    page = build_page(got.root, got.ws, got.report, got.found, today_given, at, got.no_history)
    try:
        return write_site(out, render_site(page, got.root), force)
    except TemplateError as exc:
        _problem_in_users_files(exc)
    except (SiteError, OSError) as exc:  # a person's file in the way, a folder not writable: nothing written
        where = getattr(exc, "filename", None) or out  # the file it failed on, when the error says
        _problem_in_users_files(exc if isinstance(exc, SiteError) else f"cannot write {where}: {exc.strerror or exc}")

class MapFormat(str, enum.Enum):
    tree = "tree"
    mermaid = "mermaid"
    json = "json"


@app.command("map")
def impact_map(
    map_id: Annotated[
        Optional[str], typer.Argument(metavar="ID", help="The map's id, or its file (maps/<id>.yaml). Default: every map.", show_default=False)
    ] = None,
    workspace: WorkspaceOption = None,
    format: Annotated[MapFormat, typer.Option("--format", "-f", help="tree (terminal), mermaid (a flowchart for Markdown) or json.")] = MapFormat.tree,
    today: Annotated[
        Optional[str], typer.Option("--today", metavar="YYYY-MM-DD", help="Score the key results as of this day (YYYY-MM-DD).")
    ] = None,
    no_cache: NoCacheOption = False,
    at: AtOption = None,
) -> None:
    """An impact map: why, who, how, what, and the key results each deliverable should move, with their scores.

    The tree shows the goal (why), the actors (who), the impacts sought from them (how) and the deliverables (what), each with its status and the key results it names, scored as `okrfile status` scores them. `--format mermaid` prints a flowchart to paste into Markdown (GitHub, GitLab and most wikis draw it). Exit 1 when the maps have errors (see validate).
    """
    from okrfile.mapreport import MapError, map_id_of, map_report, select_maps

    # errors in the maps drawn stop it; another map's do not
    shown = ("maps/",) if map_id is None else (f"maps/{map_id_of(map_id)}.",)
    root, ws, left_out = _load_quietly(workspace, no_cache, at, strict=shown)
    day = _parse_today(today) if today is not None or ws.as_of is None else ws.as_of
    try:
        chosen = select_maps(ws, map_id)
        if format == MapFormat.mermaid and len(chosen) > 1:
            raise MapError(f"a Mermaid flowchart shows one map; name it ({', '.join(m.id for m in chosen if m.id)})")
    except MapError as exc:
        _usage_error(str(exc))  # a wrong argument is all it says
    _note_left_out(left_out)
    reports = [map_report(ws, m, day) for m in chosen]
    if format == MapFormat.json:
        from okrfile.render.maps import map_json

        _print_json({"maps": [map_json(r) for r in reports]})
    elif format == MapFormat.mermaid:
        from okrfile.render.maps import render_map_mermaid

        sys.stdout.write(render_map_mermaid(reports[0]))
    else:
        from okrfile.render.maps import render_map_tree

        console = _console(wrap=True)
        for report in reports:
            console.print(render_map_tree(report))


@app.command()
def demo(
    directory: Annotated[
        Optional[Path], typer.Argument(help="Where to create the demo repository. Default: a new temporary folder.", show_default=False)
    ] = None,
) -> None:
    """Replay the example workspace into a new git repository with a dated history, then show its status and history, and build its status page.

    Each weekly update is committed by its author on its check-in day (a few late), one goalpost moves on the way, and the OKR files' values land after each period's last update. The status page (okrfile site) goes to _site/ in the new repository, which git is told to ignore there.
    """
    import tempfile

    from okrfile.demo import DemoError, build_demo

    target = directory or Path(tempfile.mkdtemp(prefix="okrfile-demo-"))
    try:
        result = build_demo(target)
    except DemoError as exc:
        _usage_error(str(exc))
    console = _console(wrap=True)
    console.print(f"✓ created {result.path}: the example workspace with {result.commits} backdated commits\n")
    got = _status_report(result.path, None, None, None, False, None)  # once, for the table and the page
    _print_status_table(got.report)
    console.print("")
    import shlex

    from okrfile.frontend import run_history

    run_history(None, result.path, None, "table", False, sys.stdout, sys.stderr)
    from okrfile.demo import SITE

    page = _write_site(got, result.path / SITE, False, None, False)[0]
    console.print("\nIts status page, as CI would publish it (okrfile site), to open in a browser:")
    console.print(f"  {page.resolve().as_uri()}", soft_wrap=True)  # a link broken in two opens nothing
    console.print(
        f"\nExplore it:\n  cd {shlex.quote(str(result.path))}\n  okrfile status --at 2026-10-20\n  okrfile history platform/O1/KR1\n"
        "  okrfile digest --week 2026-W47\n  okrfile silence --week 2026-W47\n  okrfile map async-adoption\n"
        "  git log --format='%ad %aN %s' --date=short"
    )


@app.command()
def fmt(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help="Files or folders to lay out. Default: okrfile.yaml, okrs/ and maps/.", show_default=False, metavar="PATH"),
    ] = None,
    workspace: WorkspaceOption = None,
    check: Annotated[bool, typer.Option("--check", metavar="", help="Change nothing; list the files that would change and exit 1 if any.")] = False,
    diff: Annotated[bool, typer.Option("--diff", metavar="", help="Change nothing; print a unified diff of what would change.")] = False,
) -> None:
    """Lay out okrfile.yaml, OKR sets and impact maps canonically: key order as in the format, 2-space indentation, list dashes indented under their key.

    Comments, quotes, flow style and anchors are kept; so is every value. A file that does not parse is left alone (exit 1). Writes are atomic.
    """
    from okrfile.fmt import NotLaidOut, files_to_format, format_file
    from okrfile.scaffold import atomic_write

    for path in paths or []:
        if not path.exists():
            _usage_error(f"{path}: no such file or folder")
    root = _find_root(workspace, paths[0] if paths else None)
    try:
        files = files_to_format(root, paths)
    except NotLaidOut as exc:
        _usage_error("\n".join(exc.reasons))
    results = [format_file(path, display, kind) for path, display, kind in files]
    from okrfile.diagnostics import display_path

    cwd = Path.cwd().resolve()

    def shown(r) -> str:  # as validate names files: from the folder you are in
        return display_path(root, r.path, cwd)

    broken = [r for r in results if r.after is None]
    changed = [r for r in results if r.changed]
    for r in broken:
        sys.stderr.write(f"{shown(r)}: {r.problem}; left as it is\n")
    if diff:
        for r in changed:
            sys.stdout.write(r.diff())
    elif check:
        for r in changed:
            sys.stdout.write(f"{shown(r)}\n")
    else:
        for r in list(changed):
            try:
                atomic_write(root / r.path, r.after, overwrite=True)
            except OSError as exc:
                sys.stderr.write(f"{shown(r)}: cannot write it: {exc.strerror or exc}; left as it is\n")
                changed.remove(r)
                broken.append(r)
                continue
            sys.stderr.write(f"formatted {shown(r)}\n")
    verb = "would change" if (check or diff) else "changed"
    left = f", {len(broken)} left as they are" if broken else ""
    sys.stderr.write(f"{len(changed)} file(s) {verb}, {len(results) - len(changed) - len(broken)} already canonical{left}\n")
    raise typer.Exit(1 if broken or ((check or diff) and changed) else 0)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="Where to create the workspace.", file_okay=False)] = Path("."),
    org: Annotated[Optional[str], typer.Option("--org", metavar="NAME", help="Organisation name. Default: the folder's name.")] = None,
    team: Annotated[str, typer.Option("--team", metavar="TEAM", help="Slug of the first team.")] = "core",
    period: Annotated[
        Optional[str], typer.Option("--period", metavar="PERIOD", help="The first period, e.g. 2026-Q4. Default: the current quarter.")
    ] = None,
    lead: Annotated[
        Optional[str], typer.Option("--lead", metavar="PERSON", help="Slug of the team's lead. Default: from $USER.")
    ] = None,
) -> None:
    """Create a workspace: okrfile.yaml and a first OKR set with a commented example.

    Never overwrites: if any file it would write exists, it writes nothing and exits 1.
    """
    from okrfile.scaffold import ScaffoldError, in_git_repository, plan_workspace, write_new_files

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
    if files.hooks is not None:  # the repository's own pre-commit config: init never writes it, and says what to add
        console.print(f"{files.hooks.config} is yours, so init left it alone; for okrfile's hooks, add this to its `repos:`")
        console.print(files.hooks.snippet, end="", soft_wrap=True)  # YAML wrapped at the terminal's edge would not paste
    import shlex

    shown = shlex.quote(str(directory))  # a path with a space is copied and pasted as one
    console.print(f"✓ next: edit the OKR set, then run `okrfile validate -w {shown}` and `okrfile status -w {shown}`")
    if not in_git_repository(directory):
        # history, cadence, --at and the pre-commit hook read git: without a repository there is none
        console.print(
            f"  then keep it in git: `cd {shown} && git init && git add -A && git commit -m 'OKRs'`, "
            "and `pre-commit install` for the hook"
        )


@app.command()
def schema(
    kind: Annotated[
        Optional[str],
        typer.Argument(help="okrfile (okrfile.yaml), okr-set (okrs/<period>/<team>.yaml) or impact-map (maps/<id>.yaml).", show_default=False),
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", "-o", metavar="DIR", help="Write every schema as <name>.schema.json into this folder.", file_okay=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Overwrite schema files that differ.")] = False,
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
    written, refused = write_files({out / name: shipped(name) for name in names}, force=force)
    console = _console(stderr=True)
    for path in refused:
        console.print(f"{path}: exists and differs; pass --force to overwrite")
    if refused:
        raise typer.Exit(1)
    for name in names:
        console.print(f"wrote {out / name}" if out / name in written else f"{out / name} is up to date")


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
