"""Reading a user's file into text: the only place that turns bytes into str.

Users' files are data, never trusted: a folder, a huge file, bytes that are not UTF-8,
or conflict markers each become a Diagnostic rather than an exception. A byte-order
mark and Windows line endings are accepted as if they were not there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from okrfile.diagnostics import Diagnostic, Loc

MAX_BYTES = 8 * 1024 * 1024  # an OKR file is a few KiB; anything this big is a mistake

_CONFLICT = re.compile(r"^(<<<<<<<|=======|>>>>>>>|\|\|\|\|\|\|\|)(?: |$)", re.MULTILINE)


@dataclass(slots=True)
class Source:
    path: str  # relative to the workspace, posix
    text: str


def read_bytes(file: Path, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, or why they cannot be read (never an exception)."""
    start = Loc(display, 1, 1)
    try:
        st = file.stat()
    except OSError as exc:
        return None, [Diagnostic.at(start, "E109", f"cannot read the file: {exc.strerror or exc}")]
    if not os.path.isfile(file):
        return None, [Diagnostic.at(start, "E106", "expected a file, found a folder or special file")]
    if st.st_size > MAX_BYTES:
        size = st.st_size / (1024 * 1024)
        return None, [
            Diagnostic.at(start, "E104", f"file is {size:.1f} MiB; okrfile reads files up to {MAX_BYTES // (1024 * 1024)} MiB")
        ]
    try:
        return file.read_bytes(), []
    except OSError as exc:
        return None, [Diagnostic.at(start, "E109", f"cannot read the file: {exc.strerror or exc}")]


def decode_source(data: bytes, display: str) -> tuple[Source | None, list[Diagnostic]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1  # characters, as elsewhere
        return None, [
            Diagnostic.at(
                Loc(display, line, col),
                "E100",
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        ]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    diagnostics = []
    if "<<<<<<<" in text or ">>>>>>>" in text:
        for match in _CONFLICT.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            diagnostics.append(
                Diagnostic.at(
                    Loc(display, line, 1),
                    "E108",
                    f"merge-conflict marker `{match.group(1)}`: resolve the conflict",
                )
            )
        if diagnostics:
            return None, diagnostics
    return Source(display, text), []
