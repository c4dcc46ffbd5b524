"""JSON Schemas (draft 2020-12) of the file formats, generated from the same records
the validator uses. The generated files ship in okrfile/schema/json/; a test keeps
them equal to what this module produces (`python -m okrfile.schema.export` rewrites them).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = {
    "okrfile": ("okrfile.schema.json", "okrfile.yaml: workspace settings"),
    "okr-set": ("okr-set.schema.json", "okrs/<period>/<team>.yaml: one team's OKRs for one period"),
    "impact-map": ("impact-map.schema.json", "maps/<id>.yaml: an impact map (why, who, how, what) tied to the OKRs"),
}


def generate() -> dict[str, dict]:
    """File name -> schema."""
    from okrfile.schema.config import CONFIG
    from okrfile.schema.impactmap import IMPACT_MAP
    from okrfile.schema.okrset import OKR_SET

    records = {"okrfile": CONFIG, "okr-set": OKR_SET, "impact-map": IMPACT_MAP}
    out = {}
    for kind, (filename, title) in KINDS.items():
        schema = {"$schema": DRAFT, "title": title}
        schema.update(records[kind].json_schema())
        out[filename] = schema
    return out


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shipped(filename: str) -> str:
    """The schema file as shipped inside the package."""
    return resources.files("okrfile.schema").joinpath("json", filename).read_text(encoding="utf-8")


if __name__ == "__main__":
    folder = Path(__file__).parent / "json"
    folder.mkdir(exist_ok=True)
    for name, schema in generate().items():
        (folder / name).write_text(dumps(schema), encoding="utf-8")
