"""Impact maps as a terminal tree, as Mermaid (for Markdown, wikis and the status page), and as JSON."""

from __future__ import annotations

from okrfile.impactmaps import split_ref
from okrfile.mapreport import MapKR, MapReport
from okrfile.render.values import score_text

STATUS_WORDS = {"planned": "planned", "in_progress": "in progress", "done": "done", "dropped": "dropped"}


def map_json(report: MapReport) -> dict:
    from okrfile.status import json_number

    m = report.impact_map
    return {
        "id": m.id,
        "period": m.period,
        "path": m.path,
        "why": m.why,
        "aligns_to": {"ref": m.aligns_to, "title": report.aligns_to_title} if m.aligns_to else None,
        "who": [
            {
                "actor": actor.name,
                "how": [
                    {
                        "impact": impact.title,
                        "delivered": {"done": report.rollups[(a, i)].done, "of": report.rollups[(a, i)].planned},
                        "score": json_number(report.rollups[(a, i)].score),
                        "grade": report.rollups[(a, i)].grade,
                        "what": [
                            {
                                "deliverable": d.title,
                                "status": d.status,
                                "krs": [_kr_json(report.krs[ref]) for ref in d.krs],
                            }
                            for d in impact.deliverables
                        ],
                    }
                    for i, impact in enumerate(actor.impacts)
                ],
            }
            for a, actor in enumerate(m.actors)
        ],
    }


def _kr_json(kr: MapKR) -> dict:
    from okrfile.status import json_number

    return {
        "ref": kr.ref, "period": kr.period, "title": kr.title, "score": json_number(kr.score), "grade": kr.grade, "on_track": kr.on_track,
    }


def render_map_tree(report: MapReport):
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    from okrfile.render.terminal import GRADE_STYLE

    m = report.impact_map
    head = Text.assemble((m.id or m.path, "bold"), (f"  {m.period}", "dim"))
    lines = [head, Text.assemble(("Why  ", "dim"), m.why or "")]
    if m.aligns_to:
        lines.append(Text.assemble(("Aligns to  ", "dim"), m.aligns_to, f" {report.aligns_to_title or ''}".rstrip()))
    tree = Tree(Group(*lines), guide_style="dim")
    for a, actor in enumerate(m.actors):
        who = tree.add(Text.assemble(("who  ", "dim"), (actor.name or "", "bold")))
        for i, impact in enumerate(actor.impacts):
            rollup = report.rollups[(a, i)]
            moving = f"  {rollup.done}/{rollup.planned} done · key results {score_text(rollup.score)}"
            how = who.add(
                Text.assemble(("how  ", "dim"), (impact.title or "", "italic"), (moving, GRADE_STYLE.get(rollup.grade, "dim").replace("bold ", "")))
            )
            for d in impact.deliverables:
                style = "dim strike" if d.status == "dropped" else ""
                # a non-breaking hyphen: rich wraps at spaces, and `[in` / `progress]` reads badly
                badge = f"[{STATUS_WORDS.get(d.status, d.status)}]".replace(" ", "\u2011")
                what = how.add(Text.assemble(("what  ", "dim"), (d.title or "", style), "  ", (badge, "dim")))
                if not d.krs and d.status != "dropped":
                    what.add(Text("moves no key result (L011)", style="yellow"))
                for ref in d.krs:
                    kr = report.krs[ref]
                    what.add(
                        Text.assemble(
                            (ref, "cyan"),
                            f" {kr.title or '(not found)'}  ",
                            (score_text(kr.score), "bold"),
                            " ",
                            (kr.grade or "–", GRADE_STYLE.get(kr.grade, "dim")),
                        )
                    )
    return tree


def render_map_mermaid(report: MapReport) -> str:
    """A left-to-right Mermaid flowchart: why -> who -> how -> what, and dotted arrows
    from each deliverable to the key results it should move, coloured by grade."""
    m = report.impact_map
    out = ["graph LR", f'  why["<b>Why</b><br/>{_label(m.why or m.id or "")}"]']
    if m.aligns_to:
        out += [f'  aligned(["{_label(m.aligns_to)}<br/>{_label(report.aligns_to_title or "")}"])', "  why -.->|aligns to| aligned"]
    kr_nodes: dict[tuple, str] = {}  # one node per key result, however the map writes it
    edges: set[tuple[str, str]] = set()
    styles: list[str] = []
    for a, actor in enumerate(m.actors, start=1):
        actor_id = f"a{a}"
        out += [f'  {actor_id}["{_label(actor.name)}"]', f"  why --> {actor_id}"]
        for i, impact in enumerate(actor.impacts, start=1):
            impact_id = f"{actor_id}i{i}"
            out += [f'  {impact_id}(["{_label(impact.title)}"])', f"  {actor_id} --> {impact_id}"]
            for n, d in enumerate(impact.deliverables, start=1):
                what_id = f"{impact_id}d{n}"
                status = STATUS_WORDS.get(d.status, d.status)
                out += [f'  {what_id}["{_label(d.title)}<br/><i>{_label(status)}</i>"]', f"  {impact_id} --> {what_id}"]
                if d.status == "dropped":
                    styles.append(f"  class {what_id} dropped")
                elif not d.krs:  # moves no key result (L011), done or not: outlined red
                    styles.append(f"  class {what_id} {'doneunanchored' if d.status == 'done' else 'unanchored'}")
                elif d.status == "done":
                    styles.append(f"  class {what_id} done")
                for ref in d.krs:
                    kr = report.krs[ref]
                    key = (kr.period, split_ref(ref, m.period)[1])
                    if key not in kr_nodes:
                        kr_nodes[key] = kr_id = f"k{len(kr_nodes) + 1}"
                        score = f"{score_text(kr.score)} {kr.grade}" if kr.grade else score_text(kr.score)
                        out.append(f'  {kr_id}{{{{"{_label(ref)}<br/>{_label(kr.title or "not found")}<br/>{score}"}}}}')
                        if kr.grade:
                            styles.append(f"  class {kr_id} {kr.grade}")
                    if (what_id, kr_nodes[key]) not in edges:
                        edges.add((what_id, kr_nodes[key]))
                        out.append(f"  {what_id} -.-> {kr_nodes[key]}")
    out += [
        "  classDef green fill:#dcfce7,stroke:#16a34a",
        "  classDef yellow fill:#fef9c3,stroke:#ca8a04",
        "  classDef red fill:#fee2e2,stroke:#dc2626",
        "  classDef done stroke:#16a34a,stroke-width:2px",
        "  classDef dropped stroke-dasharray:4 4,color:#6b7280",
        "  classDef unanchored stroke:#dc2626,stroke-dasharray:2 2",
        "  classDef doneunanchored stroke:#dc2626,stroke-width:2px,stroke-dasharray:2 2",
        *styles,
    ]
    return "\n".join(out) + "\n"


_ENTITIES = {"#": "#35;", "&": "#38;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;", "\n": "<br/>"}


def _label(text: str | None) -> str:
    """Text inside a quoted Mermaid label, with what Mermaid would read as markup
    (quotes, tags, entity codes, a backtick's markdown string) written as entity codes."""
    return "".join(_ENTITIES.get(ch, ch) for ch in (text or "").strip())
