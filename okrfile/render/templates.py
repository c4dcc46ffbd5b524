"""The jinja2 environment: a workspace's templates/ folder overrides the built-in ones.

A workspace's own template is the user's file: a typo in a tag, a name the template is
not given or a filter used on the wrong thing is reported as TemplateError, naming the
file and line. okrfile's built-in templates failing is a bug, and surfaces as one.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path


class TemplateError(Exception):
    """A workspace template that does not compile or render: `path:line: what is wrong`.
    The user's file, not okrfile: the command line says it in one line and exits 1."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        super().__init__(f"{path}{f':{line}' if line else ''}: {problem}")


def environment(root: Path | None):
    import jinja2

    from okrfile.render import values

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
        # HTML (the status page) escapes users' text; Markdown and Slack text are not HTML
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    )
    env.filters["percent"] = values.percent
    env.filters["share"] = values.share
    env.filters["score"] = values.score_text
    env.filters["kr_values"] = values.kr_values
    env.filters["pace_word"] = values.pace_word
    env.filters["reported"] = values.reported
    env.filters["goalposts_note"] = values.goalposts_note
    env.filters["when"] = lambda moment: moment.strftime("%Y-%m-%d %H:%M %z")
    env.filters["when_day"] = lambda moment: moment.date().isoformat()
    # a deadline is the next midnight: say the day it ends
    env.filters["deadline"] = lambda due: f"the end of {(due - dt.timedelta(microseconds=1)).date()} ({due.strftime('%z')})"
    env.filters["status_word"] = lambda s: (s or "none").capitalize()
    # Slack mrkdwn: &, < and > are control characters (api.slack.com, "Formatting text")
    env.filters["slack"] = lambda t: str(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return env


def render(root: Path | None, name: str, **context) -> str:
    """Template `name` (the workspace's, else the built-in one) with `context`; raises
    TemplateError for a mistake in the workspace's own template."""
    import jinja2

    env = environment(root)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:  # also an unknown filter or test
        where = _users(root, exc.filename)
        if where is None:
            raise
        raise TemplateError(where, exc.lineno, f"template syntax error: {exc.message}") from None
    except UnicodeDecodeError as exc:
        where = _users(root, str(root / "templates" / name)) if root is not None else None
        if where is None:
            raise
        raise TemplateError(where, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except Exception as exc:
        where, line = _users_frame(root, exc)
        if where is None:
            if isinstance(exc, OSError) and root is not None and getattr(exc, "filename", None):
                where = _users(root, exc.filename)  # the workspace's template cannot be read
                if where is not None:
                    raise TemplateError(where, None, f"cannot read it: {exc.strerror or exc}") from None
            raise
        if isinstance(exc, jinja2.UndefinedError):
            given = ", ".join(sorted(context))
            problem = f"{exc.message}; this template is given {given} (see okrfile's own {name} for what they hold)"
        elif isinstance(exc, jinja2.TemplateNotFound):
            problem = f"no template {exc.name!r}, neither in templates/ nor among okrfile's own"
        else:
            problem = f"{type(exc).__name__}: {exc}"
        raise TemplateError(where, line, problem) from None


def _users(root: Path | None, filename: str | None) -> str | None:
    """The file as the person at the current folder names it, if it is in the
    workspace's templates/ folder; None for okrfile's own templates."""
    if root is None or not filename:
        return None
    folder = os.path.normpath(root / "templates")
    full = os.path.normpath(filename)
    if os.path.commonpath([folder, full]) != folder:
        return None
    from okrfile.diagnostics import display_path

    return display_path(root, Path(os.path.relpath(full, root)).as_posix(), Path.cwd().resolve())


def _users_frame(root: Path | None, exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost line of a workspace template on the exception's way (jinja2 puts
    each template line it ran into the traceback as a frame of the template's file)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        where = _users(root, tb.tb_frame.f_code.co_filename)
        if where is not None:
            found = (where, tb.tb_lineno)
        tb = tb.tb_next
    return found
