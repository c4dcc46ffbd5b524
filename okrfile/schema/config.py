"""okrfile.yaml: workspace settings."""

from __future__ import annotations

import re

from okrfile.model import WEEKDAYS, Config, Period, Person, Team
from okrfile.periods import PERIOD_ID
from okrfile.schema.types import Boolean, Date, Enum, Field, ListOf, Located, MapOf, Number, Record, Text

SLUG = r"^[a-z0-9][a-z0-9_-]*$"
SLUG_HINT = "a slug (lowercase letters, digits, - and _)"
FORMAT_VERSION = 1


def slug_of(text: str) -> str:
    """The slug a person likely meant: `Lena` for lena, `Ana Lima` for ana-lima."""
    return re.sub(r"[\s.]+", "-", text.strip().lower())


def slug(doc: str = "") -> Text:
    return Text(SLUG, SLUG_HINT, doc, fix=slug_of)


def _period(located: Located) -> Period:
    v = located.values
    return Period("", v.get("start"), v.get("end"), located.loc)


def _team(located: Located) -> Team:
    return Team("", **located.values, loc=located.loc, locs=located.locs)


def _person(located: Located) -> Person:
    return Person("", **located.values, loc=located.loc, locs=located.locs)


PERIOD = Record(
    "period",
    {"start": Field(Date(), True, "first day"), "end": Field(Date(), True, "last day")},
    _period,
)
TEAM = Record(
    "team",
    {
        "name": Field(Text(), doc="display name"),
        "lead": Field(slug(), doc="a person's slug"),
        "parent": Field(slug(), doc="the parent team's slug"),
    },
    _team,
)
PERSON = Record(
    "person",
    {
        "name": Field(Text(), doc="display name"),
        "team": Field(slug(), doc="the team's slug"),
        "tz": Field(Text(), doc="IANA time zone, e.g. Europe/Berlin"),
        "email": Field(Text(), doc="matched against `git config user.email`"),
    },
    _person,
)
CONFIG = Record(
    "okrfile.yaml",
    {
        "okrfile": Field(Number(integer=True), True, "format version, 1"),
        "org": Field(Text(), doc="organisation name"),
        "periods": Field(MapOf(Text(PERIOD_ID, "a period id"), PERIOD), doc="periods beyond calendar quarters (2026-Q4)"),
        "teams": Field(MapOf(slug(), TEAM)),
        "people": Field(MapOf(slug(), PERSON)),
        "checkin": Field(Record("checkin", {"day": Field(Enum(WEEKDAYS), doc="updates are due by the end of this day")})),
        "scoring": Field(
            Record(
                "scoring",
                {
                    "green": Field(Number(minimum=0, maximum=1), doc="score at or above this is green"),
                    "yellow": Field(Number(minimum=0, maximum=1), doc="score at or above this is yellow"),
                },
            )
        ),
        "lint": Field(
            Record(
                "lint",
                {
                    "ignore": Field(ListOf(Text(r"^[A-Z][0-9]{3}$", "a rule code like L001")), doc="rule codes to switch off"),
                    "strict": Field(Boolean(), doc="treat warnings as errors, like --strict"),
                },
            )
        ),
    },
    doc="okrfile workspace settings",
    # the one format version this okrfile reads (semantics.py says so as E206)
    rules={"allOf": [{"properties": {"okrfile": {"const": FORMAT_VERSION}}}]},
)


def build_config(located: Located | None, path: str) -> Config:
    config = Config(path)
    if located is None:
        return config
    v = located.values
    config.loc, config.locs = located.loc, located.locs
    config.broken = {key for key in located.locs if key not in v}
    config.version = v.get("okrfile")
    config.org = v.get("org")
    for attr, key in (("periods", "periods"), ("teams", "teams"), ("people", "people")):
        entries = {}
        for name, (obj, loc) in v.get(key, {}).items():
            if key == "periods":
                obj.id = name
            else:
                obj.slug = name
            entries[name] = obj
        setattr(config, attr, entries)
    if "checkin" in v:
        config.checkin_day = v["checkin"].values.get("day", config.checkin_day)
    if "scoring" in v:
        config.green = v["scoring"].values.get("green", config.green)
        config.yellow = v["scoring"].values.get("yellow", config.yellow)
        config.locs.update({f"scoring.{k}": loc for k, loc in v["scoring"].locs.items()})
        # a band written but rejected (E207) leaves the default in force: semantics must not
        # compare that default as if the user had written it (E313)
        config.broken |= {f"scoring.{k}" for k in v["scoring"].locs if k not in v["scoring"].values}
    if "lint" in v:
        config.lint_ignore = v["lint"].values.get("ignore", [])
        config.lint_strict = v["lint"].values.get("strict", False)
        config.locs.update({f"lint.{k}": loc for k, loc in v["lint"].locs.items()})
    return config
