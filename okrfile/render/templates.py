"""The jinja2 environment: a workspace's templates/ folder overrides the built-in ones."""

from __future__ import annotations

from pathlib import Path


def environment(root: Path | None):
    import jinja2

    from okrfile.render.values import percent, share

    loaders = []
    if root is not None and (root / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(root / "templates")))
    loaders.append(jinja2.PackageLoader("okrfile", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown and Slack text, not HTML
    )
    env.filters["percent"] = percent
    env.filters["share"] = share
    env.filters["status_word"] = lambda s: (s or "none").capitalize()
    # Slack mrkdwn: &, < and > are control characters (api.slack.com, "Formatting text")
    env.filters["slack"] = lambda t: str(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return env


def render(root: Path | None, name: str, **context) -> str:
    return environment(root).get_template(name).render(**context)
