"""The `okrfile` executable.

`okrfile validate` is a pre-commit hook, run on every commit; loading typer costs it
~150 ms (typer brings pydantic), more than validating a team's files. So validate (and
history, whose warm run is one cache read) are parsed here with argparse and run by
frontend; everything else, and `--help`, goes to the typer app in cli.py.
tests/test_startup.py keeps the parsers' options equal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


class _NotParsed(Exception):
    """Options this parser does not take: typer says what is wrong, as for every command."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs):
        super().__init__(allow_abbrev=False, **kwargs)  # typer takes no --form for --format either

    def error(self, message: str):
        raise _NotParsed(message)


def validate_parser() -> argparse.ArgumentParser:
    from okrfile.frontend import VALIDATE_FORMATS

    parser = _Parser(prog="okrfile validate", add_help=False)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--workspace", "-w", type=Path)
    parser.add_argument("--format", "-f", choices=VALIDATE_FORMATS, default="text")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--at")
    parser.add_argument("--all", action="store_true", dest="all_files")
    parser.add_argument("--today")
    return parser


def history_parser() -> argparse.ArgumentParser:
    from okrfile.frontend import HISTORY_FORMATS

    parser = _Parser(prog="okrfile history", add_help=False)
    parser.add_argument("ref", nargs="?")
    parser.add_argument("--workspace", "-w", type=Path)
    parser.add_argument("--period", "-p")
    parser.add_argument("--format", "-f", choices=HISTORY_FORMATS, default="table")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--today")
    parser.add_argument("--at")
    return parser


# commands served without typer: the pre-commit hook, and history (its warm run is
# a cache read, where typer's start-up would be most of the time)
FAST = {"validate": (validate_parser, lambda options: _validate(options)), "history": (history_parser, lambda options: _history(options))}


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] and args[0] in FAST and not {"-h", "--help"} & set(args):
        parser, run = FAST[args[0]]
        try:
            options = parser().parse_args(args[1:])
        except _NotParsed:
            pass  # bad options: typer's message below, the same as every command gives
        else:
            sys.exit(_guard(run, options))
    from okrfile.cli import main as typer_main

    typer_main()


def _validate(options: argparse.Namespace) -> int:
    from okrfile.frontend import run_validate

    return run_validate(
        options.paths,
        options.workspace,
        options.format,
        options.strict,
        options.no_cache,
        sys.stdout,
        sys.stderr,
        options.at,
        options.all_files,
        options.today,
    )


def _history(options: argparse.Namespace) -> int:
    from okrfile.frontend import run_history

    return run_history(
        options.ref, options.workspace, options.period, options.format, options.no_cache, sys.stdout, sys.stderr, options.today, options.at
    )


def _guard(run, args) -> int:
    """No traceback ever reaches a user."""
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`okrfile validate | head`)
        return 0
    except Exception as exc:  # a bug in okrfile: say so plainly
        if os.environ.get("OKRFILE_DEBUG"):
            raise
        sys.stderr.write(
            f"okrfile: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in okrfile; run again with OKRFILE_DEBUG=1 for the traceback and please report it.\n"
        )
        return 2
