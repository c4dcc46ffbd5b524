"""Cross-file checks on the loaded model: ids, references, paths, periods.

Each check takes the Workspace and yields Diagnostics; none of them reads a file.
The model may be partial (a file with schema errors), so every check tolerates None.
"""

from __future__ import annotations

from typing import Iterator

from okrfile.codes import CODES
from okrfile.diagnostics import Diagnostic, Loc
from okrfile.model import Config, KeyResult, OKRSet, Workspace
from okrfile.periods import resolve_period

# fields that only mean something for some key result types
_FIELDS_BY_TYPE = {
    "metric": {"start", "target", "current"},
    "milestone": {"done"},
    "stay_above": {"threshold", "current"},
    "stay_below": {"threshold", "current"},
}
_TYPE_FIELDS = {"start", "target", "current", "done", "threshold"}


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
    out += _check_alignment(workspace)
    for path, suppressions in workspace.suppressions.items():
        for s in suppressions:
            for code in sorted(s.codes - CODES.keys()):
                out.append(Diagnostic.at(Loc(path, s.line, s.col), "E312", f"`{code}` is not a rule code"))
    return out


def _at(obj, key: str) -> Loc:
    return obj.locs.get(key, obj.loc)


def _check_config(config: Config) -> Iterator[Diagnostic]:
    if config.version is not None and config.version != 1:
        yield Diagnostic.at(_at(config, "okrfile"), "E206", f"format version {config.version} is not one this okrfile reads (1)")
    for period in config.periods.values():
        if period.start and period.end and period.end <= period.start:
            yield Diagnostic.at(period.loc, "E310", f"period {period.id} ends on {period.end}, not after its start {period.start}")
    for team in config.teams.values():
        if team.lead and team.lead not in config.people:
            yield Diagnostic.at(_at(team, "lead"), "E302", f"team {team.slug}'s lead `{team.lead}` is not in people")
        if team.parent and team.parent not in config.teams:
            yield Diagnostic.at(_at(team, "parent"), "E303", f"team {team.slug}'s parent `{team.parent}` is not in teams")
    yield from _team_cycles(config)
    for person in config.people.values():
        if person.team and person.team not in config.teams:
            yield Diagnostic.at(_at(person, "team"), "E303", f"{person.slug}'s team `{person.team}` is not in teams")
    if config.yellow >= config.green:
        yield Diagnostic.at(
            config.locs.get("scoring.green", config.locs.get("scoring", config.loc)),
            "E313",
            f"scoring.green ({config.green:g}) must be above scoring.yellow ({config.yellow:g})",
        )
    ignore_loc = config.locs.get("lint.ignore", config.loc)
    for code in config.lint_ignore:
        if code not in CODES:
            yield Diagnostic.at(ignore_loc, "E312", f"`{code}` in lint.ignore is not a rule code")


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
    if config is not None and config.loc is not None and okr_set.team and okr_set.team not in config.teams:
        yield Diagnostic.at(_at(okr_set, "team"), "E303", f"team `{okr_set.team}` is not in okrfile.yaml teams")

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
            for ref in initiative.supports:
                full = _full_kr_ref(ref, okr_set.team, objective.id)
                if (okr_set.period, full) not in kr_refs:
                    yield Diagnostic.at(
                        _at(initiative, "supports"),
                        "E305",
                        f"initiative `{initiative.title}` supports {ref}, but {full} is not a key result in {okr_set.period}",
                    )


def _check_key_result(kr: KeyResult) -> Iterator[Diagnostic]:
    where = f"key result {kr.id}"
    if kr.type == "metric":
        for name in ("start", "target"):
            if name not in kr.locs:
                yield Diagnostic.at(kr.loc, "E201", f"{where} is a metric and needs `{name}`")
        if kr.start is not None and kr.start == kr.target:
            yield Diagnostic.at(
                _at(kr, "target"),
                "E308",
                f"{where} starts at its target ({kr.target:g}); use type stay_above or stay_below to hold a line",
            )
    elif kr.type in ("stay_above", "stay_below") and "threshold" not in kr.locs:
        yield Diagnostic.at(kr.loc, "E201", f"{where} is {kr.type} and needs `threshold`")
    allowed = _FIELDS_BY_TYPE.get(kr.type, _TYPE_FIELDS)
    for name in sorted(_TYPE_FIELDS - allowed, key=lambda n: kr.locs[n].line if n in kr.locs else 0):
        if name in kr.locs:
            yield Diagnostic.at(kr.locs[name], "E208", f"`{name}` does not apply to a {kr.type} key result")


def _full_kr_ref(ref: str, team: str | None, objective_id: str | None) -> str:
    """`KR2` within its objective, `O1/KR2` within the team, or `team/O1/KR2`."""
    parts = ref.split("/")
    if len(parts) == 1:
        return f"{team}/{objective_id}/{ref}"
    if len(parts) == 2:
        return f"{team}/{ref}"
    return ref


def _check_alignment(workspace: Workspace) -> Iterator[Diagnostic]:
    objectives = {
        (s.period, f"{s.team}/{o.id}") for s in workspace.okr_sets for o in s.objectives if s.team and o.id
    }
    for okr_set in workspace.okr_sets:
        for objective in okr_set.objectives:
            target = objective.aligns_to
            if target and (okr_set.period, target) not in objectives:
                yield Diagnostic.at(
                    _at(objective, "aligns_to"),
                    "E301",
                    f"{objective.id} aligns to {target}, which is not an objective in {okr_set.period}",
                )
