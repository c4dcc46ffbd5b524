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
MARKER = '<meta name="generator" content="okrfile'
PAGE = "index.html"


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

    removed: dict[str, list] = field(default_factory=dict)  # team -> key results taken out during the period

    @property
    def rated_week(self) -> str | None:
        """The latest week everyone's check-in day is over in (each has a mark), and some
        team has a rate: a week half judged would show a rate that still changes."""
        cadence = self.history.cadence if self.history is not None else None
        if cadence is None:
            return None
        judged = (
            w for w in reversed(cadence.weeks)
            if all(marks.get(w, "not_due") != "not_due" for marks in cadence.people.values()) and any(rates.get(w) is not None for rates in cadence.teams.values())
        )
        return next(judged, None)


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
        for kr in page.history.key_results:
            if kr.removed:
                page.removed.setdefault(kr.ref.split("/")[1], []).append(kr)
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
    """Write `files` (name -> text) into `out`. A file there already is replaced only if
    okrfile wrote it (the page says so, and the JSON came with it), or with `force`; a link,
    a pipe or anything but a plain file only with `force`, and then the link itself, never
    what it points to. Every file is written to a temporary one first and all are renamed
    into place together: a failure leaves the page before whole."""
    import os
    import stat

    from okrfile.scaffold import mode_for, write_temporary

    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder; pick another --out")
    present: dict[str, os.stat_result] = {}
    for name in files:
        try:
            present[name] = os.lstat(out / name)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(present[name].st_mode):
            raise SiteError(f"{out / name} is a folder; pick another --out")
    plain = {name for name, st in present.items() if stat.S_ISREG(st.st_mode)}
    ours = PAGE in plain and _written_by_okrfile(out / PAGE)
    theirs = [name for name in present if not force and (not ours or name not in plain)]
    if theirs:
        raise SiteError(
            f"{out} holds {', '.join(theirs)}, which okrfile did not write (or not a plain file); pick an empty --out, "
            "or pass --force to replace " + ("it" if len(theirs) == 1 else "them")
        )
    out.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    temporary: dict[str, str] = {}
    try:
        for name, text in files.items():
            # a page is for everyone to read (GitHub Pages refuses files others cannot)
            temporary[name] = write_temporary(out / name, text, mode_for(out / name) if name in plain else 0o666 & ~umask)
        for name, temp in temporary.items():
            os.replace(temp, out / name)  # a link is replaced itself: rename does not follow it
    finally:
        for temp in temporary.values():
            if os.path.lexists(temp):
                os.unlink(temp)
    return [out / name for name in files]


def _written_by_okrfile(page: Path) -> bool:
    """The page carries okrfile's generator tag (render_site puts it in, whatever the layout)."""
    try:
        with open(page, encoding="utf-8", errors="replace") as handle:
            return MARKER in handle.read(1 << 20)
    except OSError:
        return False
