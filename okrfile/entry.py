"""The `okrfile` executable.

`okrfile validate` is a pre-commit hook, run on every commit; loading typer costs it
~150 ms (typer brings pydantic), more than validating a team's files. So validate is
parsed here with argparse and run by frontend.run_validate; everything else, and
`validate --help`, goes to the typer app in cli.py. tests/test_startup.py keeps the two
parsers' options equal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def validate_parser() -> argparse.ArgumentParser:
    from okrfile.frontend import VALIDATE_FORMATS

    parser = argparse.ArgumentParser(prog="okrfile validate", add_help=False)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--workspace", "-w", type=Path)
    parser.add_argument("--format", "-f", choices=VALIDATE_FORMATS, default="text")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--at")
    return parser


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["validate"] and not {"-h", "--help"} & set(args):
        sys.exit(_guard(_validate, args[1:]))
    from okrfile.cli import main as typer_main

    typer_main()


def _validate(args: list[str]) -> int:
    from okrfile.frontend import run_validate

    options = validate_parser().parse_args(args)  # exits 2 with a usage line on bad options
    return run_validate(
        options.paths, options.workspace, options.format, options.strict, options.no_cache, sys.stdout, sys.stderr, options.at
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
