"""Cross-file checks on the loaded model: ids, references, paths, periods.

Each check takes the Workspace and yields Diagnostics; none of them reads a file.
The model may be partial (a file with schema errors), so every check tolerates None.
"""

from __future__ import annotations

import math
from typing import Iterator

from okrfile.codes import CODES, is_lint_rule
from okrfile.diagnostics import Diagnostic, Loc
from okrfile.model import KR_ALLOWED, KR_REQUIRED, KR_VALUE_FIELDS, Config, KeyResult, OKRSet, Workspace
from okrfile.periods import resolve_period
from okrfile.schema.config import FORMAT_VERSION
from okrfile.schema.types import LARGEST
from okrfile.suggest import did_you_mean



def check_semantics(workspace: Workspace) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    config = workspace.config
    if config is not None and config.loc is not None:
        out += _check_config(config)
    kr_refs = {
        (s.period, f"{s.team}/{o.id}/{kr.id}") for s in workspace.okr_sets for o in s.objectives for kr in o.key_results
    }
    for okr_set in workspace.okr_sets:
        out += _check_okr_set(okr_set, config, kr_refs)
    out += _duplicate_sets(workspace)
    out += _check_alignment(workspace)
    for path, suppressions in workspace.suppressions.items():
        for s in suppressions:
            cols = dict(s.code_cols)  # each code at its own column
            for code in sorted(s.codes):
                if not is_lint_rule(code):
                    out.append(Diagnostic.at(Loc(path, s.line, cols.get(code, s.col)), "E312", _not_a_rule(code)))
    return out


def _usable(config: Config | None, section: str) -> bool:
    """The section loaded cleanly, so a name missing from it is a real problem
    (and not an echo of the section's own schema error)."""
    return config is not None and config.loc is not None and section not in config.broken


def _at(obj, key: str) -> Loc:
    return obj.locs.get(key, obj.loc)


def _check_config(config: Config) -> Iterator[Diagnostic]:
    if config.version is not None and config.version != FORMAT_VERSION:
        yield Diagnostic.at(
            _at(config, "okrfile"), "E206", f"format version {config.version} is not one this okrfile reads ({FORMAT_VERSION})"
        )
    for period in config.periods.values():
        if period.start and period.end and period.end <= period.start:
            yield Diagnostic.at(period.loc, "E310", f"period {period.id} ends on {period.end}, not after its start {period.start}")
    for team in config.teams.values():
        if team.lead and _usable(config, "people") and team.lead not in config.people:
            yield Diagnostic.at(
                _at(team, "lead"),
                "E302",
                f"team {team.slug}'s lead `{team.lead}` is not in people" + did_you_mean(team.lead, config.people),
            )
        if team.parent and team.parent not in config.teams:
            yield Diagnostic.at(
                _at(team, "parent"),
                "E303",
                f"team {team.slug}'s parent `{team.parent}` is not in teams" + did_you_mean(team.parent, config.teams),
            )
    yield from _team_cycles(config)
    for person in config.people.values():
        if person.team and _usable(config, "teams") and person.team not in config.teams:
            yield Diagnostic.at(
                _at(person, "team"),
                "E303",
                f"{person.slug}'s team `{person.team}` is not in teams" + did_you_mean(person.team, config.teams),
            )
        if person.tz and _valid_timezone(person.tz) is False:
            yield Diagnostic.at(
                _at(person, "tz"), "E209", f"{person.slug}'s tz `{person.tz}` is not an IANA time zone like Europe/Berlin"
            )
    yield from _duplicate_emails(config)
    # A band rejected (E207) is not what the user meant, and the default standing in for
    # it is not what they wrote: comparing them would quote a value nobody wrote.
    if config.yellow >= config.green and not {"scoring.green", "scoring.yellow"} & config.broken:
        written = [band for band in ("green", "yellow") if f"scoring.{band}" in config.locs]
        shown = {
            band: f"{value:g}" + ("" if band in written else ", the default")
            for band, value in (("green", config.green), ("yellow", config.yellow))
        }
        yield Diagnostic.at(
            config.locs.get(f"scoring.{written[0]}", config.locs.get("scoring", config.loc)) if written else config.loc,
            "E313",
            f"scoring.green ({shown['green']}) must be above scoring.yellow ({shown['yellow']})",
        )
    # each code at its own list item; the list's own place only if an item's is unknown
    ignore_loc = config.locs.get("lint.ignore", config.loc)
    item_locs = getattr(config.lint_ignore, "locs", [])
    for i, code in enumerate(config.lint_ignore):
        if not is_lint_rule(code):
            yield Diagnostic.at(item_locs[i] if i < len(item_locs) else ignore_loc, "E312", _not_a_rule(code))


def _duplicate_emails(config: Config) -> Iterator[Diagnostic]:
    """`okrfile checkin` finds who you are by your git email: two people with one email
    would make it pick the first without a word. Compared as checkin compares them."""
    first: dict[str, str] = {}
    for person in config.people.values():
        if not person.email:
            continue
        key = person.email.strip().lower()
        if key in first:
            yield Diagnostic.at(
                _at(person, "email"),
                "E316",
                f"{person.slug}'s email `{person.email}` is also {first[key]}'s; "
                "`okrfile checkin` tells people apart by it",
            )
        else:
            first[key] = person.slug


def _not_a_rule(code: str) -> str:
    if code in CODES:
        return f"`{code}` is an error, not a lint rule; errors cannot be switched off"
    return f"`{code}` is not a rule code (lint rules are L001-L{max(c for c in CODES if c.startswith('L'))[1:]})"


def _team_cycles(config: Config) -> Iterator[Diagnostic]:
    reported: set[str] = set()
    for start in config.teams:
        chain, team = [], start
        while team in config.teams and team not in chain:
            chain.append(team)
            team = config.teams[team].parent
        if team in chain and team not in reported:
            cycle = chain[chain.index(team):]
            reported.update(cycle)
            first = config.teams[team]
            yield Diagnostic.at(_at(first, "parent"), "E304", "teams form a parent cycle: " + " -> ".join(cycle + [team]))


def _check_okr_set(okr_set: OKRSet, config: Config | None, kr_refs: set[tuple]) -> Iterator[Diagnostic]:
    if okr_set.loc is None:
        return
    if okr_set.team and okr_set.path_team and okr_set.team != okr_set.path_team:
        yield Diagnostic.at(
            _at(okr_set, "team"), "E306", f"team `{okr_set.team}` but the file is named {okr_set.path_team}.yaml"
        )
    if okr_set.period and okr_set.path_period and okr_set.period != okr_set.path_period:
        yield Diagnostic.at(
            _at(okr_set, "period"), "E307", f"period `{okr_set.period}` but the file is in okrs/{okr_set.path_period}/"
        )
    if okr_set.period and resolve_period(config, okr_set.period) is None:
        yield Diagnostic.at(
            _at(okr_set, "period"),
            "E309",
            f"period `{okr_set.period}` is not in okrfile.yaml periods and is not a calendar quarter like 2026-Q4",
        )
    if _usable(config, "teams") and okr_set.team and okr_set.team not in config.teams:
        yield Diagnostic.at(
            _at(okr_set, "team"),
            "E303",
            f"team `{okr_set.team}` is not in okrfile.yaml teams" + did_you_mean(okr_set.team, config.teams),
        )

    seen_objectives: dict[str, Loc] = {}
    for objective in okr_set.objectives:
        if objective.id in seen_objectives:
            yield Diagnostic.at(
                _at(objective, "id"), "E300", f"objective id {objective.id} is used twice (first at line {seen_objectives[objective.id].line})"
            )
        elif objective.id:
            seen_objectives[objective.id] = _at(objective, "id")
        seen_krs: dict[str, Loc] = {}
        for kr in objective.key_results:
            if kr.id in seen_krs:
                yield Diagnostic.at(
                    _at(kr, "id"), "E300", f"key result id {kr.id} is used twice in {objective.id} (first at line {seen_krs[kr.id].line})"
                )
            elif kr.id:
                seen_krs[kr.id] = _at(kr, "id")
            yield from _check_key_result(kr)
        for initiative in objective.initiatives:
            locs = getattr(initiative.supports, "locs", [])
            for i, ref in enumerate(initiative.supports):
                full = _full_kr_ref(ref, okr_set.team, objective.id)
                if (okr_set.period, full) not in kr_refs:
                    yield Diagnostic.at(
                        locs[i] if i < len(locs) else _at(initiative, "supports"),
                        "E305",
                        f"initiative `{initiative.title}` supports {ref}, but {full} is not a key result in {okr_set.period}",
                    )


def _check_key_result(kr: KeyResult) -> Iterator[Diagnostic]:
    if kr.type is None:
        return  # an unknown type (E203): which fields it needs is unknowable
    where = f"key result {kr.id}"
    for name in KR_REQUIRED[kr.type]:
        if name not in kr.locs:  # absent or null; a wrong value is E202 already
            yield Diagnostic.at(kr.loc, "E201", f"{where} is a {kr.type} and needs `{name}`")
    if kr.type == "metric" and kr.start is not None and kr.start == kr.target:
        yield Diagnostic.at(
            _at(kr, "target"),
            "E308",
            f"{where} starts at its target ({kr.target:g}); use type stay_above or stay_below to hold a line",
        )
    elif kr.type == "metric" and kr.start is not None and kr.target is not None and _range_too_small(kr.start, kr.target):
        yield Diagnostic.at(
            _at(kr, "target"),
            "E315",
            f"{where} goes from {_number(kr.start)} to {_number(kr.target)}, too close together to measure progress between: "
            "a value's progress would be past any number; state it in a unit in which they are further apart",
        )
    for name in sorted(set(KR_VALUE_FIELDS) - set(KR_ALLOWED[kr.type]), key=lambda n: _at(kr, n).line):
        if name in kr.locs:
            yield Diagnostic.at(kr.locs[name], "E208", f"`{name}` does not apply to a {kr.type} key result")


def _number(value: float) -> str:
    """`:g` (48, not 48.0), unless repr says it exactly in fewer characters (1e-320, which
    `:g` writes 9.99989e-321) or `:g` rounds it off."""
    text, exact = f"{value:g}", repr(value)
    return text if float(text) == value and len(text) <= len(exact) else exact


def _range_too_small(start: float, target: float) -> bool:
    """Whether some value okrfile takes (up to LARGEST either way) would have a progress
    past the largest float: `(current - start) / (target - start)` overflows."""
    return not math.isfinite(2 * LARGEST / abs(target - start))


def _full_kr_ref(ref: str, team: str | None, objective_id: str | None) -> str:
    """`KR2` within its objective, `O1/KR2` within the team, or `team/O1/KR2`."""
    parts = ref.split("/")
    if len(parts) == 1:
        return f"{team}/{objective_id}/{ref}"
    if len(parts) == 2:
        return f"{team}/{ref}"
    return ref


def _duplicate_sets(workspace: Workspace) -> Iterator[Diagnostic]:
    first: dict[tuple, OKRSet] = {}
    for okr_set in workspace.okr_sets:
        if okr_set.loc is None or not okr_set.team or not okr_set.period:
            continue
        key = (okr_set.period, okr_set.team)
        if key in first:
            yield Diagnostic.at(
                _at(okr_set, "team"),
                "E314",
                f"a second OKR set for team {okr_set.team} in {okr_set.period}; the first is {first[key].path}",
            )
        else:
            first[key] = okr_set


def _check_alignment(workspace: Workspace) -> Iterator[Diagnostic]:
    objectives = {
        (s.period, f"{s.team}/{o.id}") for s in workspace.okr_sets for o in s.objectives if s.team and o.id
    }
    # a set that failed to load may hold the target: its own errors say what to fix
    unloaded = {(s.path_period, s.path_team) for s in workspace.okr_sets if s.loc is None}
    for okr_set in workspace.okr_sets:
        if not okr_set.period:
            continue
        for objective in okr_set.objectives:
            target = objective.aligns_to
            if not target or (okr_set.period, target.split("/")[0]) in unloaded:
                continue
            if (okr_set.period, target) not in objectives:
                same_period = [ref for period, ref in objectives if period == okr_set.period]
                yield Diagnostic.at(
                    _at(objective, "aligns_to"),
                    "E301",
                    f"{objective.id} aligns to {target}, which is not an objective in {okr_set.period}"
                    + did_you_mean(target, same_period),
                )


def _valid_timezone(name: str) -> bool | None:
    """None when this machine has no time zone data to judge by."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
        return True
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        try:
            zoneinfo.ZoneInfo("Europe/Berlin")
        except zoneinfo.ZoneInfoNotFoundError:
            return None
        return False
