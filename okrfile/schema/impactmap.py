"""An impact map: maps/<id>.yaml, why, who, how, what, tied to the OKRs."""

from __future__ import annotations

from okrfile.model import INITIATIVE_STATUSES, Actor, Deliverable, Impact, ImpactMap
from okrfile.periods import PERIOD_ID
from okrfile.schema.config import slug
from okrfile.schema.okrset import ALIGNS_TO
from okrfile.schema.types import Enum, Field, ListOf, Located, Record, Text

# team/O1/KR1 in the map's period, or 2026-Q4/team/O1/KR1 in any period
MAP_KR_REF = r"^([0-9]{4}-[A-Za-z0-9-]+/)?[a-z0-9][a-z0-9_-]*/[A-Za-z][A-Za-z0-9_-]*/[A-Za-z][A-Za-z0-9_-]*$"
MAP_KR_HINT = "a key result reference like platform/O1/KR2"


def _deliverable(located: Located) -> Deliverable:
    return Deliverable(located.values.pop("deliverable", None), **located.values, loc=located.loc, locs=located.locs)


def _impact(located: Located) -> Impact:
    v = located.values
    return Impact(v.get("impact"), v.get("what", []), loc=located.loc, locs=located.locs)


def _actor(located: Located) -> Actor:
    v = located.values
    return Actor(v.get("actor"), v.get("how", []), loc=located.loc, locs=located.locs)


DELIVERABLE = Record(
    "deliverable",
    {
        "deliverable": Field(Text(), True, "what: something to build or do"),
        "krs": Field(
            ListOf(Text(MAP_KR_REF, MAP_KR_HINT), allow_single=True), doc="the key results it should move, like platform/O1/KR2"
        ),
        "status": Field(Enum(INITIATIVE_STATUSES), doc="planned (default) | in_progress | done | dropped"),
    },
    _deliverable,
)
IMPACT = Record(
    "impact",
    {
        "impact": Field(Text(), True, "how: the change in the actor's behaviour that serves the goal"),
        "what": Field(ListOf(DELIVERABLE, what="deliverable"), doc="the deliverables that should cause it"),
    },
    _impact,
)
ACTOR = Record(
    "actor",
    {
        "actor": Field(Text(), True, "who: whose behaviour can help or hinder the goal"),
        "how": Field(ListOf(IMPACT, what="impact"), doc="the impacts sought from this actor"),
    },
    _actor,
)
IMPACT_MAP = Record(
    "impact map",
    {
        "id": Field(slug(), True, "the map's id, also its file name: maps/<id>.yaml"),
        "period": Field(Text(PERIOD_ID, "a period id like 2026-Q4"), True),
        "why": Field(Text(), True, "the goal, measurable"),
        "aligns_to": Field(Text(ALIGNS_TO, "a TEAM/OBJECTIVE reference like platform/O1"), doc="TEAM/OBJECTIVE in the same period"),
        "who": Field(ListOf(ACTOR, min_items=1, what="actor"), True, "the actors"),
    },
    doc="an impact map: maps/<id>.yaml",
)


def build_map(located: Located | None, path: str, path_id: str | None) -> ImpactMap:
    impact_map = ImpactMap(path, path_id=path_id)
    if located is None:
        return impact_map
    v = located.values
    impact_map.loc, impact_map.locs = located.loc, located.locs
    impact_map.id = v.get("id")
    impact_map.period = v.get("period")
    impact_map.why = v.get("why")
    impact_map.aligns_to = v.get("aligns_to")
    impact_map.actors = v.get("who", [])
    return impact_map
