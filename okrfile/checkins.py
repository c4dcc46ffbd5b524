"""Weekly updates resolved against the OKR sets: who reported which key result's value.

Each update block names an objective (`O1`, or `team/O1` for another team's) and a key
result; here it becomes a CheckIn with a typed value, or a Diagnostic saying why not.
Status and the digest read values from the check-ins; the OKR file's `current:` is the
fallback when a key result has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections import defaultdict
from typing import Any, Iterator

from okrfile.diagnostics import Diagnostic, Loc
from okrfile.model import CheckIn, KeyResult, Objective, Update, Workspace
from okrfile.periods import parse_week, period_of_week, week_problem
from okrfile.suggest import closest, did_you_mean

# lint warnings said here, not by a rule in lint.py: they need the check-ins' resolution
WARNINGS = ("L012", "L014")

_NUMBER = re.compile(r"^(?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>.*)$")
_DONE = {"done": True, "yes": True, "true": True, "not done": False, "no": False, "false": False, "open": False}


def resolve_checkins(ws: Workspace, membership: Any = None) -> tuple[list[CheckIn], list[Diagnostic]]:
    """`membership` (history.membership): when objectives and key results came into their
    OKR sets and went out of them; an update naming one gone since its week is a record,
    not a mistake (L012)."""
    checkins: list[CheckIn] = []
    diagnostics: list[Diagnostic] = []
    index = index_objectives(ws)
    for update in ws.updates:
        found, problems = resolve_update(update, ws, index, membership)
        checkins += found
        diagnostics += problems
    # within a week the owner's report comes last, so it is the one that counts (L010)
    checkins.sort(key=lambda c: (c.ref, c.week, c.by_owner, c.person))
    return checkins, diagnostics + _targets_said(checkins, index)


def _targets_said(checkins: list[CheckIn], index: ObjectiveIndex) -> list[Diagnostic]:
    """A target an update gives (`/ Target: 12`, `- Target: 12`) that is not its key result's
    (L014). An update does not move a target: the OKR file's counts, and history shows when
    it moved. Only each key result's latest check-in that gives one is judged, as L007 judges
    the latest value: one written before the target moved is a record of its week."""
    latest: dict[tuple[str, str], CheckIn] = {}
    for checkin in checkins:  # sorted: the one that counts last
        if checkin.block.target is not None:
            latest[(checkin.period, checkin.ref)] = checkin
    from okrfile.lint import _shown  # as L007 shows a value

    said = []
    for (period, ref), checkin in latest.items():
        objective_ref, kr_id = ref.rsplit("/", 1)
        kr = next((k for k in index.by_period[period][objective_ref].key_results if k.id == kr_id), None)
        expected = None if kr is None else True if kr.type == "milestone" else kr.target if kr.type == "metric" else kr.threshold
        if expected is None or kr.type is None:
            continue  # no target to compare with: the OKR file's own errors say why
        written, problem = _value(kr, checkin.block.target, checkin.block.locs["target"])
        if (problem is None and written == expected) or _g_form_of(checkin.block.target, expected):
            continue
        which = "threshold" if kr.type in ("stay_above", "stay_below") else "target"
        shown = _shown(expected) + ("" if not kr.unit else kr.unit if kr.unit == "%" else f" {kr.unit}")
        said.append(
            Diagnostic.at(
                checkin.block.locs["target"],
                "L014",
                f"Target `{checkin.block.target}` is not {kr.id}'s {which}, {shown}: an update does not change it, "
                f"the OKR file's counts; correct the update, or the OKR file if the {which} moved",
            )
        )
    return said


def _g_form_of(text: str, expected: float | bool) -> bool:
    """`okrfile checkin` once wrote a large target as `{:g}` does (1.5e+06): a draft written
    then agrees when its exponent form is the target exactly. `{:g}` also rounded to six
    digits (1.23457e+06 for 1234567, 0.123457 for 0.1234567): such a target is not the
    OKR file's, whoever wrote it, and L014 says so."""
    if expected is True or "e" not in text.lower():
        return False
    try:
        return float(text) == expected
    except ValueError:
        return False


def _not_there(loc: Loc, code: str, message: str, hint: str, membership: Any, ref: str, week: str, person: str | None) -> Diagnostic | None:
    """An update naming what its OKR set does not hold: a mistake (E405, E406). Unless the
    history shows it removed on or after the day the update's week began: then an update
    committed while it was there is a record of its time, and nothing is said (history
    shows the removal); one committed after, or not yet, is told its value no longer
    counts (L012). Removed only before that week, it is a mistake, said plainly (with a
    hint: a renumbered key result is the usual cause)."""
    if membership is None:
        return Diagnostic.at(loc, code, message + hint)
    start = parse_week(week)
    events = membership.events.get(ref, [])
    removals = [e for e in events if e.field == "removed"]
    since = [e for e in removals if e.date.date() >= start]
    if since:
        posted = membership.posted.get((person, week))
        # there when it was committed, or when the merge that brought it from its branch was
        # (history then reads it with that merge's files)
        if posted is not None and (_there_at(events, posted.date) or (posted.landed is not None and _there_at(events, posted.landed))):
            return None
        return Diagnostic.at(loc, "L012", f"{message} since {removed_when(since[-1])}, after this week began; its value no longer counts")
    if removals:
        return Diagnostic.at(loc, code, f"{message}: it was removed on {removed_when(removals[-1])}, before this week{hint}")
    if membership.shallow:
        from okrfile.history import MAYBE_BEFORE_THE_CUT

        hint += f"; {MAYBE_BEFORE_THE_CUT}"
    return Diagnostic.at(loc, code, message + hint)


def _there_at(events: list, moment: Any) -> bool:
    """Whether it was in its OKR set at `moment`: there from the start unless first added
    later, then as its last coming or going before that moment left it."""
    there = not events or events[0].field != "added"
    for event in events:
        # git dates are whole seconds: a removal in the same second as the post came after it
        # (scripted commits; a post cannot name what is already gone)
        if event.date > moment or (event.date == moment and event.field == "removed"):
            break
        there = event.field == "added"
    return there


def removed_when(change: Any) -> str:
    """`2026-10-14 (commit abc1234567)`, or `(not committed yet)` for a removal in the working tree."""
    return f"{change.date.date()} " + (f"(commit {change.commit[:10]})" if change.commit else "(not committed yet)")


@dataclass
class ObjectiveIndex:
    """What update blocks name: {period: {team/O1: objective}}, and the OKR files that
    did not parse, whose objectives nobody can know (their own errors say why)."""

    by_period: dict[str, dict[str, Objective]]
    unreadable: set[tuple[str, str]]  # (period, team) from the path of an OKR file that did not parse


def index_objectives(ws: Workspace) -> ObjectiveIndex:
    by_period: dict[str, dict[str, Objective]] = defaultdict(dict)
    unreadable = set()
    for okr_set in ws.okr_sets:
        if okr_set.loc is None and okr_set.path_period and okr_set.path_team:
            by_period[okr_set.path_period]  # the period has OKR sets, even if this one is unreadable
            unreadable.add((okr_set.path_period, okr_set.path_team))
        if okr_set.period and okr_set.team:
            for objective in okr_set.objectives:
                if objective.id:
                    by_period[okr_set.period][f"{okr_set.team}/{objective.id}"] = objective
    return ObjectiveIndex(by_period, unreadable)


def _at(update: Update, key: str) -> Loc:
    return update.locs.get(key, update.loc)


def resolve_update(
    update: Update, ws: Workspace, index: ObjectiveIndex, membership: Any = None
) -> tuple[list[CheckIn], list[Diagnostic]]:
    """One update's check-ins, against `index_objectives(ws)` (built once for many updates)."""
    if update.loc is None:
        return [], []  # the file failed to parse; its own diagnostics say why
    problems: list[Diagnostic] = []
    config = ws.config
    if update.person and update.path_person and update.person != update.path_person:
        problems.append(
            Diagnostic.at(_at(update, "person"), "E402", f"person `{update.person}` but the file is named {update.path_person}.md")
        )
    if update.week and update.path_week and update.week != update.path_week:
        problems.append(
            Diagnostic.at(_at(update, "week"), "E402", f"week {update.week} but the file is in updates/{update.path_week}/")
        )
    person = config.people.get(update.person or "") if config else None
    if update.person and config is not None and config.loc is not None and "people" not in config.broken and person is None:
        hint = did_you_mean(update.person, config.people) or "; add them under `people:` in okrfile.yaml"
        problems.append(Diagnostic.at(_at(update, "person"), "E403", f"`{update.person}` is not in people{hint}"))
    if not update.week:
        return [], problems
    if parse_week(update.week) is None:
        problems.append(Diagnostic.at(_at(update, "week"), "E204", f"{update.week} {week_problem(update.week)}"))
        return [], problems
    period = period_of_week(config, update.week, sorted(index.by_period))
    if period is None:
        problems.append(
            Diagnostic.at(_at(update, "week"), "E404", f"week {update.week} falls in no period that has OKR sets")
        )
        return [], problems
    team = person.team if person is not None else None
    found: list[CheckIn] = []
    seen: dict[str, Loc] = {}
    heading_problems: set[Loc] = set()  # a heading's problem is said once, not once per block under it
    for block in update.blocks:
        if "/" not in block.objective and team is None:
            continue  # whose team `O1` means is unknown: E403 says why
        ref = block.objective if "/" in block.objective else f"{team}/{block.objective}"
        if (period, ref.split("/")[0]) in index.unreadable:
            continue  # that team's OKR file did not parse: its own errors say why
        in_period = index.by_period[period]
        objective = in_period.get(ref)
        # only when the heading's title is not the objective's: whose is it? (a scan)
        titled = None
        if objective is None or not _title_matches(objective.title, block.objective_title):
            titled = _titled(in_period, block.objective_title)
        if objective is None:
            match = titled or closest(ref, in_period)
            # as the heading would say it: the team only when it is another team's, or the heading named one
            if match and "/" not in block.objective and match.startswith(f"{team}/"):
                match = match.split("/", 1)[1]
            hint = f"; did you mean `{match}`?" if match else ""
            if not re.search(r"\d", block.objective) and "/" not in block.objective:
                hint = f"; start the heading with the objective's id, like `### OKR: O1 {block.objective} …`"
            if block.objective_loc not in heading_problems:
                heading_problems.add(block.objective_loc)
                message = f"{block.objective} is not an objective in {period}"
                # only a heading that names an objective (team/O1) can name a removed one
                known = membership if ref.count("/") == 1 else None
                said = _not_there(block.objective_loc, "E405", message, hint, known, f"{period}/{ref}", update.week, update.person)
                problems += [said] if said is not None else []
            continue
        if titled and titled != ref and not _title_matches(objective.title, block.objective_title):
            if block.objective_loc in heading_problems:
                continue
            heading_problems.add(block.objective_loc)
            problems.append(
                Diagnostic.at(
                    block.objective_loc,
                    "E414",
                    f"{block.objective} is {ref} \"{objective.title}\", but the heading's title is {titled}'s"
                    + _heading_advice(block.objective, titled, team),
                )
            )
            continue
        kr = next((k for k in objective.key_results if k.id == block.kr_id), None)
        if kr is None:
            # the key result whose title the block gives; else one of a like id, unless its title says otherwise
            titled_kr = next((k for k in objective.key_results if k.id and block.title and _title_matches(k.title, block.title)), None)
            like = closest(block.kr_id, [k.id for k in objective.key_results if k.id])
            like_kr = next((k for k in objective.key_results if k.id == like), None)
            suggested = titled_kr.id if titled_kr else like if like_kr and _title_matches(like_kr.title, block.title) else None
            hint = f"; did you mean `{suggested}`?" if suggested else ""
            message = f"{block.kr_id} is not a key result of {ref}"
            said = _not_there(block.loc, "E406", message, hint, membership, f"{period}/{ref}/{block.kr_id}", update.week, update.person)
            problems += [said] if said is not None else []
            continue
        other = _titled_kr(in_period, ref, kr, block.title) if block.title and not _title_matches(kr.title, block.title) else None
        if other is not None and _named_then(membership, f"{period}/{ref}/{kr.id}", block.title, update):
            # posted while its id had this title, renumbered since: a record of its week, about the
            # key result now under another id, so its value counts for neither (nor in history)
            continue
        if other is not None:
            # as the update would write it: the key result alone under its own heading, else with the objective
            shown = other.split("/", 2)[2] if other.startswith(f"{ref}/") else other.split("/", 1)[1] if other.startswith(f"{team}/") else other
            problems.append(
                Diagnostic.at(block.loc, "E414", f"{kr.id} is \"{kr.title}\", but this title is {shown}'s; which one is it?")
            )
            continue
        kr_ref = f"{ref}/{kr.id}"
        if kr_ref in seen:
            problems.append(Diagnostic.at(block.loc, "E410", f"{kr.id} is already reported at line {seen[kr_ref].line}"))
            continue
        seen[kr_ref] = block.loc
        value, problem = _value(kr, block.current, block.locs.get("current"))
        if problem is not None:
            problems.append(problem)
        if block.draft:
            continue  # placeholders left in (E409): a draft, not a report
        owner = kr.owner or objective.owner
        found.append(
            CheckIn(
                kr_ref, period, update.week, update.person or "", value, block.status, block.score, block, update.path,
                by_owner=bool(owner) and owner == update.person,
            )
        )
    return found, problems


def _title_matches(title: str | None, written: str) -> bool:
    """A written title matches when it is the title or its start (people abbreviate)."""
    if not written:
        return True
    normal = " ".join((title or "").lower().split())
    wanted = " ".join(written.lower().rstrip(".…").split())
    return normal.startswith(wanted)


def _titled(objectives: dict[str, Objective], written: str) -> str | None:
    """The one objective whose title the heading's text is, if exactly one."""
    if not written:
        return None
    matches = [ref for ref, o in objectives.items() if _title_matches(o.title, written)]
    return matches[0] if len(matches) == 1 else None


def _heading_advice(written: str, titled: str, team: str | None) -> str:
    """How to name the objective whose title the heading gives: by its id alone when it is the
    writer's own team's, else with its team."""
    if titled.startswith(f"{team}/"):
        return f"; if that is the one, write `### OKR: {titled.split('/', 1)[1]} …`"
    return f"; if that is the one, write the team, like `### OKR: {titled} …`" if "/" not in written else ""


def _named_then(membership: Any, ref: str, written: str, update: Update) -> bool:
    """Whether the key result `ref` had the title `written` when the update was committed
    (or landed from its branch), as the history shows."""
    posted = membership.posted.get((update.person, update.week)) if membership is not None else None
    if posted is None:
        return False
    return any(
        (title := membership.title_at(ref, moment)) is not None and _title_matches(title, written)
        for moment in (posted.date, posted.landed)
        if moment is not None
    )


def _titled_kr(objectives: dict[str, Objective], ref: str, kr: KeyResult, written: str) -> str | None:
    """The other key result whose title a block's text is (team/O1/KR2): one of the same
    objective's, else the one key result of the period's other objectives, if exactly one.
    Under the wrong heading, a block would else give its value to a key result it is not about."""
    own = objectives[ref]
    siblings = [k for k in own.key_results if k is not kr and k.id and _title_matches(k.title, written)]
    if siblings:
        return f"{ref}/{siblings[0].id}"
    elsewhere = [
        f"{oref}/{k.id}" for oref, o in objectives.items() if oref != ref for k in o.key_results if k.id and _title_matches(k.title, written)
    ]
    return elsewhere[0] if len(elsewhere) == 1 else None


def _value(kr: KeyResult, text: str | None, loc: Loc | None) -> tuple[float | bool | None, Diagnostic | None]:
    if text is None or kr.type is None:
        return None, None  # no value, or a type okrfile does not know (E203 says so): nothing to check
    if kr.type == "milestone":
        done = _DONE.get(text.strip().lower())
        if done is None:
            return None, Diagnostic.at(loc, "E407", f"`{text}` for milestone {kr.id}: write `done` or `not done`")
        return done, None
    match = _NUMBER.match(text.strip())
    unit = match.group("unit").strip() if match else ""
    if match is None or (unit and unit not in (kr.unit or "", "%")):
        expected = f" (in {kr.unit})" if kr.unit else ""
        hint = f"; declare `unit: {unit}` on the key result, or write the number alone" if match and not kr.unit else ""
        return None, Diagnostic.at(loc, "E407", f"`{text}` is not a number{expected} for {kr.id}{hint}")
    digits = match.group("number").replace(",", "")
    # written as the OKR file's YAML would be: 30 an int, 30.0 a float
    from okrfile.schema.types import LARGEST  # here: a warm `validate` (the hook) never loads the schema

    # (a long run of digits is refused before Python converts it: int() stops at 4300 digits)
    value = (float(digits) if "." in digits else int(digits)) if len(digits) <= 40 else float("inf")
    if not abs(value) <= LARGEST:  # a typo, and beyond what scores and sums keep exact (as in the OKR file)
        return None, Diagnostic.at(loc, "E207", f"`{text.strip()[:40]}` for {kr.id}: okrfile takes numbers up to {LARGEST:g}")
    return value, None


def latest_by_ref(checkins: list[CheckIn], period: str, until_week: str | None = None) -> dict[str, list[CheckIn]]:
    """Each key result's check-ins in a period (up to a week), oldest first, one per
    week: the one that counts when two people reported it (L010)."""
    return _one_a_week(checkins, period, until_week, lambda checkin: checkin.value is not None)


def reports_by_ref(checkins: list[CheckIn], period: str, until_week: str | None = None) -> dict[str, list[CheckIn]]:
    """As latest_by_ref, with the check-ins that give a Status but no value too: a block
    with a Status and Blockers alone, or one whose Current was in error (E407). A key
    result's reported status is its latest report's; its value, its latest value's."""
    return _one_a_week(checkins, period, until_week, lambda checkin: checkin.value is not None or checkin.status is not None)


def _one_a_week(checkins: list[CheckIn], period: str, until_week: str | None, keep) -> dict[str, list[CheckIn]]:
    out: dict[str, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:  # sorted: within a week, the one that counts comes last
        if checkin.period == period and keep(checkin) and (until_week is None or checkin.week <= until_week):
            found = out[checkin.ref]
            if found and found[-1].week == checkin.week:
                found[-1] = checkin
            else:
                found.append(checkin)
    return out


def disagreements(ws: Workspace) -> Iterator[tuple[KeyResult, CheckIn]]:
    """OKR-file values that differ from the latest check-in of their key result (one
    whose week has come: a future week's does not count yet, L009)."""
    import datetime as dt

    from okrfile.periods import week_of

    this_week = week_of(ws.as_of or dt.date.today())
    for okr_set in ws.okr_sets:
        if not okr_set.period:
            continue
        history = latest_by_ref(ws.checkins, okr_set.period, this_week)
        for objective in okr_set.objectives:
            for kr in objective.key_results:
                checkins = history.get(f"{okr_set.team}/{objective.id}/{kr.id}")
                if not checkins:
                    continue
                latest = checkins[-1]
                written = kr.done if kr.type == "milestone" else kr.current
                if written is not None and written != latest.value:
                    yield kr, latest


# errors that make a whole update untrustworthy; other errors lose one block's value
FILE_LEVEL = {"E100", "E101", "E102", "E104", "E105", "E106", "E108", "E109", "E112", "E200", "E201", "E204", "E400", "E402", "E403", "E404"}
