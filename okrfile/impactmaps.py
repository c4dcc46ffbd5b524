"""Impact maps against the OKRs: their checks, and the map with each key result's state.

An impact map (maps/<id>.yaml) says why (the goal), who (actors), how (the impacts
sought from them) and what (deliverables), and names the key results each deliverable
should move. The checks keep those references true; the report puts each key result's
score beside the deliverables meant to move it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from okrfile.diagnostics import Diagnostic
from okrfile.model import ImpactMap, Workspace
from okrfile.suggest import did_you_mean


def check_maps(ws: Workspace) -> Iterator[Diagnostic]:
    from okrfile.periods import resolve_period

    kr_refs = {(s.period, f"{s.team}/{o.id}/{k.id}") for s in ws.okr_sets for o in s.objectives for k in o.key_results}
    objectives = {(s.period, f"{s.team}/{o.id}") for s in ws.okr_sets for o in s.objectives}
    # an OKR file that did not parse may hold the target: its own errors say what to fix
    unloaded = {(s.path_period, s.path_team) for s in ws.okr_sets if s.loc is None}
    first: dict[str, ImpactMap] = {}
    for impact_map in ws.maps:
        if impact_map.loc is None:
            continue
        at = impact_map.locs.get
        if impact_map.id and impact_map.path_id and impact_map.id != impact_map.path_id:
            yield Diagnostic.at(at("id", impact_map.loc), "E501", f"map id `{impact_map.id}` but the file is named {impact_map.path_id}.yaml")
        if impact_map.id in first:
            yield Diagnostic.at(at("id", impact_map.loc), "E300", f"map id {impact_map.id} is used twice; the first is {first[impact_map.id].path}")
        elif impact_map.id:
            first[impact_map.id] = impact_map
        period = impact_map.period
        if period and resolve_period(ws.config, period) is None:
            yield Diagnostic.at(
                at("period", impact_map.loc), "E309", f"period `{period}` is not in okrfile.yaml periods and is not a calendar quarter like 2026-Q4"
            )
            continue
        target = impact_map.aligns_to
        if target and period and (period, target) not in objectives and (period, target.split("/")[0]) not in unloaded:
            known = [ref for p, ref in objectives if p == period]
            yield Diagnostic.at(
                at("aligns_to", impact_map.loc), "E301", f"the map aligns to {target}, which is not an objective in {period}" + did_you_mean(target, known)
            )
        for actor in impact_map.actors:
            for impact in actor.impacts:
                for deliverable in impact.deliverables:
                    locs = getattr(deliverable.krs, "locs", [])
                    for i, ref in enumerate(deliverable.krs):
                        ref_period, team_ref = split_ref(ref, period)
                        if ref_period is None:
                            continue  # the map has no period: E201 says so
                        if (ref_period, team_ref) in kr_refs or (ref_period, team_ref.split("/")[0]) in unloaded:
                            continue
                        known = [r for p, r in kr_refs if p == ref_period]
                        hint = did_you_mean(team_ref, known) if known else f"; {ref_period} has no OKR sets (yet)"
                        yield Diagnostic.at(
                            locs[i] if i < len(locs) else deliverable.locs.get("krs", deliverable.loc),
                            "E500",
                            f"deliverable `{deliverable.title}` names {ref}, which is not a key result in {ref_period}{hint}",
                        )


def split_ref(ref: str, period: str | None) -> tuple[str | None, str]:
    """(period, team/O1/KR1) of `team/O1/KR1` (in the map's period) or `2026-Q4/team/O1/KR1`."""
    parts = ref.split("/")
    if len(parts) == 4:
        return parts[0], "/".join(parts[1:])
    return period, ref


@dataclass
class MapKR:
    ref: str  # as the map names it
    period: str | None
    title: str | None
    score: float | None
    grade: str | None
    on_track: bool | None


@dataclass
class Rollup:
    """Is what we build moving the goal? One impact's deliverables and their key results."""

    done: int  # deliverables done
    planned: int  # deliverables not dropped
    score: float | None  # the mean score of the key results they name (each once)
    grade: str | None


@dataclass
class MapReport:
    impact_map: ImpactMap
    krs: dict[str, MapKR]  # by the reference as the map names it
    aligns_to_title: str | None
    rollups: dict[tuple[int, int], Rollup]  # by (actor, impact) index


def map_report(ws: Workspace, impact_map: ImpactMap, today: dt.date) -> MapReport:
    """The map with the state of every key result it names, as `status` scores them today."""
    from okrfile.status import StatusError, build_status

    statuses: dict[tuple[str | None, str], object] = {}
    wanted = {split_ref(ref, impact_map.period)[0] for a in impact_map.actors for i in a.impacts for d in i.deliverables for ref in d.krs}
    for period in sorted(p for p in wanted | {impact_map.period} if p):
        try:
            report = build_status(ws, period, today)
        except StatusError:
            continue  # a period without OKR sets: E500 already says so
        for team in report.teams:
            for objective in team.objectives:
                statuses[(period, objective.ref)] = objective
                for kr in objective.key_results:
                    statuses[(period, kr.ref)] = kr
    krs: dict[str, MapKR] = {}
    for actor in impact_map.actors:
        for impact in actor.impacts:
            for deliverable in impact.deliverables:
                for ref in deliverable.krs:
                    key = split_ref(ref, impact_map.period)
                    kr = statuses.get(key)
                    krs[ref] = MapKR(
                        ref, key[0], getattr(kr, "title", None), getattr(kr, "score", None), getattr(kr, "grade", None), getattr(kr, "on_track", None)
                    )
    aligned = statuses.get((impact_map.period, impact_map.aligns_to)) if impact_map.aligns_to else None
    return MapReport(impact_map, krs, getattr(aligned, "title", None), _rollups(ws, impact_map, krs))


def _rollups(ws: Workspace, impact_map: ImpactMap, krs: dict[str, MapKR]) -> dict[tuple[int, int], Rollup]:
    from okrfile import scoring

    config = ws.config
    out = {}
    for a, actor in enumerate(impact_map.actors):
        for i, impact in enumerate(actor.impacts):
            live = [d for d in impact.deliverables if d.status != "dropped"]
            named = {(krs[ref].period, split_ref(ref, impact_map.period)[1]): krs[ref] for d in live for ref in d.krs}
            score = scoring.mean([kr.score for kr in named.values() if kr.score is not None])
            grade = scoring.grade(score, config.green, config.yellow) if config else scoring.grade(score)
            out[(a, i)] = Rollup(sum(d.status == "done" for d in live), len(live), score, grade)
    return out


class MapError(Exception):
    """No such map, or no map at all: a usage problem."""


def select_maps(ws: Workspace, map_id: str | None) -> list[ImpactMap]:
    """The map with this id (or path, maps/<id>.yaml), or every map (in file order)."""
    maps = [m for m in ws.maps if m.loc is not None]
    if not maps:
        raise MapError("no impact maps in maps/; write maps/<id>.yaml (README: An impact map)")
    if map_id is None:
        return maps
    map_id = map_id_of(map_id)
    found = [m for m in maps if m.id == map_id]
    if not found:
        ids = [m.id for m in maps if m.id]
        raise MapError(f"no impact map with id {map_id} (maps: {', '.join(ids)})" + did_you_mean(map_id, ids))
    return found


def map_id_of(name: str) -> str:
    """`async-adoption` from `async-adoption`, `maps/async-adoption.yaml` or `async-adoption.yml`."""
    from pathlib import PurePath

    path = PurePath(name)
    return path.stem if path.suffix in (".yaml", ".yml") else name
