"""The status page as files: `index.html` from the site templates (a workspace's
templates/site/ overrides them), and the JSON it shows, for scripts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from okrfile.site import MARKER, PAGE, SitePage


def render_site(page: SitePage, root: Path | None) -> dict[str, str]:
    """name -> text, for site.write_site. Raises templates.TemplateError for a mistake in
    the workspace's own site template."""
    from okrfile.render.history import describe_change, history_to_json
    from okrfile.render.templates import render
    from okrfile.status import report_to_json

    html = render(
        root, "site/index.html.j2", page=page, charts=_charts(page), history=page.history, status=page.status, describe=describe_change
    )
    return {
        PAGE: _marked(html, page.version),
        "status.json": json.dumps(report_to_json(page.status), indent=2, ensure_ascii=False) + "\n",
        # null when there is no git history to read: a stale file of an earlier run never stays
        "history.json": json.dumps(history_to_json(page.history) if page.history else None, indent=2, ensure_ascii=False) + "\n",
    }


def _charts(page: SitePage) -> dict[str, str]:
    """Each key result's values over the period as inline SVG, by its ref as status has it
    (team/O1/KR1); none for a milestone, or without values."""
    from markupsafe import Markup

    from okrfile.render.svg import values_chart
    from okrfile.render.values import number

    if page.history is None:
        return {}
    status = page.status
    utc = dt.timezone.utc
    start = dt.datetime.combine(status.start, dt.time(), tzinfo=utc)
    end = dt.datetime.combine(status.end + dt.timedelta(days=1), dt.time(), tzinfo=utc)
    until = dt.datetime.combine(status.today + dt.timedelta(days=1), dt.time(), tzinfo=utc)
    krs = {kr.ref: kr for team in status.teams for objective in team.objectives for kr in objective.key_results}
    charts = {}
    for kept in page.history.key_results:
        ref = kept.ref.split("/", 1)[1]  # without the period
        kr = krs.get(ref)
        values = sorted((p.date, p.value) for p in kept.points if not isinstance(p.value, bool))
        if kr is None or kr.type == "milestone" or not values:
            continue
        shown = " → ".join(number(v) for _, v in values[-6:])
        if kr.type in ("stay_above", "stay_below"):
            line = f", stay {'≥' if kr.type == 'stay_above' else '≤'} {number(kr.threshold)}"
        else:
            line = f", target {number(kr.target)}" if kr.target is not None else ""
        label = f"{ref}: {'… → ' if len(values) > 6 else ''}{shown}{line}{' ' + kr.unit if kr.unit and line else ''}"
        target = kr.threshold if kr.type in ("stay_above", "stay_below") else kr.target
        field = "threshold" if kr.type in ("stay_above", "stay_below") else "target"
        changes = sorted((g.in_effect, g.old, g.new) for g in kept.moved if g.field == field)
        moves = [(start, changes[0][1]), *((when, new) for when, _, new in changes)] if changes else None
        chart = values_chart(values, start, end, target, kr.start, label, until, held=kept.counted, moves=moves)
        if chart:
            charts[ref] = Markup(chart)  # values_chart escapes what it writes of users' text
    return charts


def _marked(html: str, version: str) -> str:
    """The page with okrfile's generator tag, which tells a later run the page is its own to
    replace: a workspace's own layout may have left it out."""
    if MARKER in html:
        return html
    tag = f'{MARKER} {version}">'
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    return f"{html[: head.end()]}\n{tag}{html[head.end():]}" if head else f"{tag}\n{html}"
