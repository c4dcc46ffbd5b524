"""The parse cache: what okrfile computed from a workspace's files, keyed by their bytes.

Parsing is most of `okrfile validate`'s time on a big workspace. Two levels, both in
the user's cache folder (never in the repository), one pair of files per workspace:

- the result: the diagnostics of the whole workspace, reused when no file changed;
  a small file, so an unchanged workspace validates without loading any model (and
  likewise the git history, reused while HEAD has not moved);
- the parses: each file's model and diagnostics, reused for every file whose bytes are
  unchanged, so editing one file of a thousand re-parses one.

Anything unexpected (another okrfile version, another workspace, a truncated or foreign
file) is ignored, and a cache that cannot be written is not written: the cache makes
okrfile faster, never wrong and never failing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1


def default_directory() -> Path:
    if os.environ.get("OKRFILE_CACHE_DIR"):
        return Path(os.environ["OKRFILE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "okrfile"


def code_fingerprint() -> str:
    """okrfile's version and its code files' sizes and times: a new release, or an
    edited checkout, never reads what an older okrfile wrote."""
    from okrfile import __version__

    package = Path(__file__).parent
    stamp = hashlib.blake2b(__version__.encode(), digest_size=16)
    for folder in (package, package / "schema"):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                stamp.update(f"{entry.name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return stamp.hexdigest()


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


class Cache:
    def __init__(self, root: Path, directory: Path | None = None):
        self.root = str(root)
        base = (directory or default_directory()) / hashlib.blake2b(self.root.encode(), digest_size=12).hexdigest()
        self.base = base
        self.parses_file = base.with_suffix(".parses.pickle")
        self.fingerprint = code_fingerprint()
        self._old: dict[str, tuple[bytes, Any]] | None = None  # read on first use
        self._new: dict[str, tuple[bytes, Any]] = {}
        self._hits = 0

    # whole results: one value per name, valid for one key (a content digest, a commit)

    def result(self, digest: bytes, name: str = "result") -> Any | None:
        stored = self._load(self.base.with_suffix(f".{name}.pickle"))
        if stored is not None and stored.get("digest") == digest:
            return stored.get("payload")
        return None

    def last_result(self, name: str = "result") -> tuple[bytes, Any] | None:
        """The value stored under `name` and the key it was stored for, whatever that was."""
        stored = self._load(self.base.with_suffix(f".{name}.pickle"))
        if stored is None or not isinstance(stored.get("digest"), bytes):
            return None
        return stored["digest"], stored.get("payload")

    def store_result(self, digest: bytes, payload: Any, name: str = "result") -> None:
        self._dump(self.base.with_suffix(f".{name}.pickle"), {"digest": digest, "payload": payload})

    # each file's parse

    def parse(self, path: str, digest: bytes) -> Any | None:
        if self._old is None:
            stored = self._load(self.parses_file)
            entries = stored.get("entries") if stored is not None else None
            self._old = entries if isinstance(entries, dict) else {}
        entry = self._old.get(path)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == digest:
            self._new[path] = entry
            self._hits += 1
            return entry[1]
        return None

    def store_parse(self, path: str, digest: bytes, payload: Any) -> None:
        self._new[path] = (digest, payload)

    def save_parses(self) -> None:
        """Keep the entries this run used (dropping deleted files), if anything changed."""
        if self._old is not None and self._new.keys() == self._old.keys() and self._hits == len(self._new):
            return
        self._dump(self.parses_file, {"entries": self._new})

    # files

    def _load(self, file: Path) -> dict | None:
        try:
            with open(file, "rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # missing, truncated, foreign, unreadable: as if empty
            return None
        if (
            isinstance(stored, dict)
            and stored.get("format") == FORMAT
            and stored.get("fingerprint") == self.fingerprint
            and stored.get("root") == self.root
        ):
            return stored
        return None

    def _dump(self, file: Path, content: dict) -> None:
        stored = {"format": FORMAT, "fingerprint": self.fingerprint, "root": self.root, **content}
        tmp = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".okrfile-", dir=file.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, file)
        except Exception:  # a read-only home, a full disk: run without a cache
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
