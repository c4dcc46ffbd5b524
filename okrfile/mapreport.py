"""An impact map with the state of what it names: each key result scored as `status`
scores it, and each impact's roll-up (is what we build moving the goal?)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from okrfile.impactmaps import split_ref
from okrfile.model import ImpactMap, Workspace
from okrfile.suggest import did_you_mean


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
