"""Impact maps checked against the OKRs.

An impact map (maps/<id>.yaml) says why (the goal), who (actors), how (the impacts
sought from them) and what (deliverables), and names the key results each deliverable
should move. These checks keep those references true; mapreport.py pairs the map with
each key result's score. Kept small: `okrfile validate` imports it.
"""

from __future__ import annotations

from collections.abc import Iterator

from okrfile.diagnostics import Diagnostic
from okrfile.model import ImpactMap, Workspace
from okrfile.suggest import did_you_mean


def check_maps(ws: Workspace, membership=None) -> Iterator[Diagnostic]:
    """`membership` (history.membership): when key results left their OKR sets, so a
    deliverable naming one that went says when."""
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
                        gone = [e for e in membership.events.get(f"{ref_period}/{team_ref}", []) if e.field == "removed"] if membership else []
                        if gone:  # a map is a plan, not a record: it is still to be fixed, but now it is clear why
                            from okrfile.checkins import removed_when

                            hint = f"; it was removed on {removed_when(gone[-1])}{hint}"
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
