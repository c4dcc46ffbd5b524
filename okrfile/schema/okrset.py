"""An OKR set: okrs/<period>/<team>.yaml, one team's objectives for one period."""

from __future__ import annotations

from okrfile.model import (
    INITIATIVE_STATUSES,
    KINDS,
    KR_ALLOWED,
    KR_REQUIRED,
    KR_TYPES,
    KR_VALUE_FIELDS,
    Initiative,
    KeyResult,
    Objective,
    OKRSet,
)
from okrfile.periods import PERIOD_ID
from okrfile.schema.config import slug
from okrfile.schema.types import Boolean, Date, Enum, Field, ListOf, Located, Number, Record, Text

ITEM_ID = r"^[A-Za-z][A-Za-z0-9_-]*$"
ITEM_ID_HINT = "an id (a letter, then letters, digits, - or _), like O1 or KR2"
ALIGNS_TO = r"^[a-z0-9][a-z0-9_-]*/[A-Za-z][A-Za-z0-9_-]*$"
KR_REF = r"^([a-z0-9][a-z0-9_-]*/)?([A-Za-z][A-Za-z0-9_-]*/)?[A-Za-z][A-Za-z0-9_-]*$"


def _kr(located: Located) -> KeyResult:
    values = located.values
    if "type" in located.locs and "type" not in values:
        values["type"] = None  # named but unknown (E203): no type-specific checks
    return KeyResult(values.pop("id", None), **values, loc=located.loc, locs=located.locs)


def _type_rules() -> dict:
    """KR_REQUIRED and KR_ALLOWED as JSON Schema conditions, for editors."""
    rules = []
    for kr_type in KR_TYPES:
        is_type = {"properties": {"type": {"const": kr_type}}, "required": ["type"]}
        if kr_type == "metric":  # the default type
            is_type = {"anyOf": [{"not": {"required": ["type"]}}, is_type]}
        then: dict = {}
        if KR_REQUIRED[kr_type]:
            then["required"] = list(KR_REQUIRED[kr_type])
        forbidden = [f for f in KR_VALUE_FIELDS if f not in KR_ALLOWED[kr_type]]
        then["not"] = {"anyOf": [{"required": [f]} for f in forbidden]}
        rules.append({"if": is_type, "then": then})
    return {"allOf": rules}


def _initiative(located: Located) -> Initiative:
    return Initiative(located.values.pop("title", None), **located.values, loc=located.loc, locs=located.locs)


def _objective(located: Located) -> Objective:
    return Objective(located.values.pop("id", None), **located.values, loc=located.loc, locs=located.locs)


KEY_RESULT = Record(
    "key result",
    {
        "id": Field(Text(ITEM_ID, ITEM_ID_HINT), True, "unique within the objective, e.g. KR1"),
        "title": Field(Text(), True),
        "type": Field(Enum(KR_TYPES), doc="metric (default) | milestone | stay_above | stay_below"),
        "start": Field(Number(), doc="metric: the value when the period began"),
        "target": Field(Number(), doc="metric: the value to reach; below start for a decreasing metric"),
        "current": Field(Number(), doc="the latest value; check-ins normally carry it"),
        "unit": Field(Text(), doc="shown after values, e.g. h, %, ms"),
        "owner": Field(slug(), doc="a person's slug"),
        "weight": Field(Number(exclusive_minimum=0), doc="weight in the objective's mean, default 1"),
        "done": Field(Boolean(), doc="milestone: whether it is done"),
        "threshold": Field(Number(), doc="stay_above / stay_below: the line to hold"),
    },
    _kr,
    rules=_type_rules(),
)
INITIATIVE = Record(
    "initiative",
    {
        "title": Field(Text(), True),
        "owner": Field(slug()),
        "status": Field(Enum(INITIATIVE_STATUSES)),
        "due": Field(Date()),
        "supports": Field(ListOf(Text(KR_REF, "a key result id like KR2"), allow_single=True), doc="ids of the key results it should move"),
    },
    _initiative,
)
OBJECTIVE = Record(
    "objective",
    {
        "id": Field(Text(ITEM_ID, ITEM_ID_HINT), True, "unique within the file, e.g. O1"),
        "title": Field(Text(), True),
        "why": Field(Text(), doc="why this matters now"),
        "owner": Field(slug(), doc="a person's slug"),
        "kind": Field(Enum(KINDS), doc="committed | aspirational (default)"),
        "aligns_to": Field(Text(ALIGNS_TO, "a TEAM/OBJECTIVE reference like company/O2"), doc="TEAM/OBJECTIVE in the same period"),
        "key_results": Field(ListOf(KEY_RESULT, min_items=1, what="key result"), True),
        "initiatives": Field(ListOf(INITIATIVE), doc="the bets that should move the key results"),
    },
    _objective,
)
OKR_SET = Record(
    "OKR set",
    {
        "period": Field(Text(PERIOD_ID, "a period id like 2026-Q4"), True),
        "team": Field(slug(), True),
        "objectives": Field(ListOf(OBJECTIVE, min_items=1, what="objective"), True),
        "deprioritized": Field(ListOf(Text()), doc="what matters but is not this period's focus"),
    },
    doc="one team's OKRs for one period: okrs/<period>/<team>.yaml",
)


def build_okr_set(located: Located | None, path: str, path_period: str | None, path_team: str | None) -> OKRSet:
    okr_set = OKRSet(path, path_period=path_period, path_team=path_team)
    if located is None:
        return okr_set
    v = located.values
    okr_set.loc, okr_set.locs = located.loc, located.locs
    okr_set.period = v.get("period")
    okr_set.team = v.get("team")
    okr_set.objectives = v.get("objectives", [])
    okr_set.deprioritized = v.get("deprioritized", [])
    return okr_set
