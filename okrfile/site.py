"""`okrfile site`: the static status page a CI job publishes.

One self-contained `index.html` (no script, no web font, nothing fetched: it opens from
a CI artifact or a file:// URL as it does from GitHub or GitLab Pages) beside the JSON it
was made from, `status.json` and `history.json`, for scripts. The page is the status
report and, when the workspace is in a git repository, the history report: values over
time, moved goalposts and who posted on time.

Building the page is this module's; its HTML is render/site.py's and the templates'.
Writing it never replaces a file okrfile did not write, unless asked (--force).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrfile.model import Workspace
from okrfile.status import StatusReport

# in every page okrfile writes: what tells a page it may replace from a person's own
GENERATOR = "okrfile"
PAGE = "index.html"
DATA = ("status.json", "history.json")


class SiteError(Exception):
    """The page cannot be written where it was asked (a person's file there, not a folder)."""


@dataclass
class SitePage:
    title: str
    status: StatusReport
    history: Any = None  # historyreport.HistoryReport, when there is a git history to read
    no_history: str | None = None  # why there is none: no git repository, nothing committed
    shallow: bool = False  # a shallow clone: the history stops at its cut
    commit: str | None = None  # the commit the page shows (HEAD, or --at's), abbreviated
    version: str = ""
    people: dict[str, str] = field(default_factory=dict)  # person -> name, for the cadence table
    members: dict[str, list[str]] = field(default_factory=dict)  # team -> its people, in okrfile.yaml order
    digest: Any = None  # digest.Digest of the latest week with check-ins (wins, blockers, help needed)
    maps: list = field(default_factory=list)  # mapreport.MapReport of the period's impact maps

    @property
    def rated_week(self) -> str | None:
        """The latest week some team has an on-time rate for: this week's check-in day may not be over."""
        cadence = self.history.cadence if self.history is not None else None
        if cadence is None:
            return None
        return next((w for w in reversed(cadence.weeks) if any(rates.get(w) is not None for rates in cadence.teams.values())), None)


def build_page(
    root: Path, ws: Workspace, status: StatusReport, found: Any, today_given: bool, at: str | None = None, no_history: str = ""
) -> SitePage:
    """The page for `status`'s period. `found`: the git history (history.History), or None
    when there is none, `no_history` saying why. `today_given`: the report is as of
    --today's end, not as of now (or --at's revision), as `okrfile history --today` reports."""
    from okrfile import __version__
    from okrfile.cadence import team_members

    page = SitePage(
        title=ws.config.org or root.resolve().name,
        status=status,
        version=__version__,
        commit=_commit(root, at) if found is not None else None,
        people={slug: person.name or slug for slug, person in ws.config.people.items()},
        members=team_members(ws),
    )
    page.digest = _latest_digest(ws, status, found)
    from okrfile.mapreport import map_report

    page.maps = [map_report(ws, m, status.today) for m in ws.maps if m.period == status.period]
    if found is None:
        page.no_history = no_history or "no git history to read"
        return page
    from okrfile.historyreport import HistoryReportError, history_report
    from okrfile.periods import end_of_day

    page.shallow = found.shallow
    try:
        now = end_of_day(status.today) if today_given else found.as_of
        page.history = history_report(found, None, status.period, status.today, now, reach=None if today_given else found.reach)
    except HistoryReportError as exc:
        page.no_history = str(exc)
    except (OverflowError, ValueError):  # a --today at the end of the calendar
        page.no_history = f"{status.today} is beyond the dates okrfile can reckon with"
    return page


def _latest_digest(ws: Workspace, status: StatusReport, found: Any):
    """The digest of the week holding the page's day (or the period's last day), once anyone
    has checked in for it; before that (a Monday morning), of the week before. None before
    the period began."""
    from okrfile.cadence import first_posts
    from okrfile.digest import DigestError, build_digest
    from okrfile.periods import shift_week, week_of

    day = min(status.today, status.end)  # a period that has ended: its last week
    if day < status.start:
        return None
    week = week_of(day)
    if not any(u.week == week and u.says_something() for u in ws.updates):
        week = shift_week(week, -1)
    try:
        digest = build_digest(ws, week, first_posts(ws, found))
    except DigestError:  # the week before the period began
        return None
    return digest if digest.period == status.period else None


def _commit(root: Path, at: str | None) -> str | None:
    """The commit the page shows (--at's, else HEAD), abbreviated; None outside git."""
    from okrfile.history import HistoryError, Repository

    try:
        repo = Repository(root)
        sha = repo.resolve(at) if at else repo.need_head()
    except HistoryError:
        return None
    return sha[:12]


def write_site(out: Path, files: dict[str, str], force: bool = False) -> list[Path]:
    """Write `files` (name -> text) into `out`, each whole or not at all. A file there
    already is replaced only if okrfile wrote it (the page says so, and the JSON came with
    it), or with `force`. Checks every file before writing any: nothing half-replaced."""
    from okrfile.scaffold import atomic_write

    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder; pick another --out")
    ours = _written_by_okrfile(out / PAGE)
    theirs = [name for name in files if (out / name).exists() and not (force or ours)]
    if theirs:
        raise SiteError(
            f"{out} holds {', '.join(theirs)}, which okrfile did not write; pick an empty --out, or pass --force to replace "
            + ("it" if len(theirs) == 1 else "them")
        )
    for name in files:
        if (out / name).is_dir():
            raise SiteError(f"{out / name} is a folder; pick another --out")
    written = []
    for name, text in files.items():
        atomic_write(out / name, text, overwrite=True)
        written.append(out / name)
    return written


def _written_by_okrfile(page: Path) -> bool:
    try:
        with open(page, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}' in head
