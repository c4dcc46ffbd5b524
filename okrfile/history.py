"""The repository's history: values over time, moved goalposts, who posted when.

The audit trail SaaS tools keep in a database is the git log. It is read in one pass
through gitpython's `git` wrapper: one `git log --raw` over the workspace's files, and
one persistent `git cat-file --batch` for the blobs, each blob parsed once (by its id,
which names its content). Never a diff per commit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from okrfile.model import Config, OKRSet, Update, Workspace
from okrfile.periods import end_of_day, parse_week
from okrfile.workspace import CONFIG_NAME, FileData, Snapshot

_DATE = "%Y-%m-%d"
_LOG_CHUNK = 1 << 16  # bytes of `git log` read at a time
# blob ids out with `git cat-file --batch` at a time: 48 of 65 bytes (SHA-256; 41 with
# SHA-1), 3.1 KB, under the smallest pipe buffer (4 KB: Windows, or Linux once a user
# holds over 1024 pipes)
_ASKED = 48
_PARSED = ("config", "okr-set", "update")  # the kinds of file history reads (not impact maps)


# what a reference the files do not hold may be in a shallow clone, and the way to know
MAYBE_BEFORE_THE_CUT = "this is a shallow clone: if it was removed before the cut, fetch all history (`git fetch --unshallow`, `fetch-depth: 0`)"


class HistoryError(Exception):
    """No history to read (not a git repository, no commits, an unknown revision)."""


@dataclass
class Change:
    status: str  # A, M, D, R (renamed), C (copied), T (type changed)
    old_blob: str
    new_blob: str
    old_path: str  # relative to the workspace
    path: str


@dataclass
class Commit:
    sha: str
    date: dt.datetime  # the author date: when the person did it
    author: str
    email: str
    committed: dt.datetime | None = None  # the committer date: when it came into a repository (a rebase, an amend)
    changes: list[Change] = field(default_factory=list)
    # as the log links them, first parent first: the nearest earlier commits it lists; at the
    # edge of a range read on from a cached run, git's own parents, which it may never have
    # listed (they changed no workspace file); none at a shallow clone's cut
    parents: list[str] = field(default_factory=list)
    landed: dt.datetime | None = None  # the latest of its dates and its landing merge's: when others could see it


@dataclass
class Point:
    date: dt.datetime
    value: Any  # a number, or True / False for a milestone
    source: str  # the file the value was in
    commit: str
    author: str
    week: str = ""  # the week of the update it was reported in; "" for `current:` in the OKR file
    by_owner: bool = True  # reported by the key result's owner (or from the OKR file)
    corrects: Any = None  # the value this one replaced: the same update's for the same week, edited
    # when an edit replaced this value (a typo fixed): kept, so a report as of an earlier day still has it
    replaced: dt.datetime | None = None


@dataclass
class GoalpostChange:
    ref: str  # period/team/O1/KR1 (or period/team/O1 for an objective)
    date: dt.datetime
    commit: str
    author: str
    field: str  # start, target, type, title; or added / removed
    old: Any
    new: Any
    # when it came to HEAD's line, if later than `date` (committed or merged later): a change
    # authored before the period began but landed after it moved the goalposts all the same
    landed: dt.datetime | None = None

    @property
    def in_effect(self) -> dt.datetime:
        """When the change took effect on HEAD's line: what a report as of a day goes by."""
        return max(self.date, self.landed) if self.landed is not None else self.date


@dataclass
class Posted:
    date: dt.datetime
    commit: str
    landed: dt.datetime | None = None  # written on a branch: when the merge that brought it to HEAD's line was made


@dataclass
class History:
    commits: int
    points: dict[str, list[Point]]  # by period/team/O1/KR1, oldest first
    goalposts: list[GoalpostChange]  # the changes made after their period began, by date
    first_posted: dict[tuple[str, str], Posted]  # (person, week) -> the commit that added the update
    shallow: bool = False
    skipped: list[str] = field(default_factory=list)  # file versions that did not parse (conflict markers, not UTF-8)
    # the config and OKR sets committed at HEAD, without field positions (history
    # reports no diagnostics, and the cache stays small); updates are in `posted`
    workspace: Workspace | None = None
    posted: set[tuple[str, str]] = field(default_factory=set)  # (person, week) of the updates at HEAD
    started: dt.datetime | None = None  # the first commit: no update was due before the workspace existed
    as_of: dt.datetime | None = None  # read up to an earlier revision (--at): when it stood
    newest: dt.datetime | None = None  # the latest date of a commit read (clocks disagree: not always HEAD's)
    reach: dt.datetime | None = None  # with as_of: the latest moment a commit up to that revision is dated
    as_of_day: dt.date | None = None  # and the day to report as of (a date's own day, not the next midnight)
    # every change to an OKR set that had one before, planning included: which are moved goalposts
    # is judged at the end, by the periods as HEAD's config has them, whatever order commits came in
    changes: list[GoalpostChange] = field(default_factory=list)
    # in a shallow clone, the values of the updates already there at the cut, which give the
    # timelines none (when they were posted is beyond it), by period/team/O1/KR1:
    # (week, reported by the owner, value)
    at_the_cut: dict[str, list[tuple[str, bool, Any]]] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # the updates HEAD holds that do not parse: their values do not count

    def moved(self, ref: str) -> list[GoalpostChange]:
        return [g for g in self.goalposts if g.ref == ref]


def _is_null(sha: str) -> bool:
    """No file: the old side of an added file, the new side of a deleted one."""
    return not sha.strip("0")


def _day(rev: str) -> dt.date | None:
    """The day a revision names as YYYY-MM-DD, or None when it names no day."""
    try:
        return dt.datetime.strptime(rev, _DATE).date()
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", rev):
            raise HistoryError(f"{rev} is not a real date (YYYY-MM-DD)") from None
        return None


class Repository:
    """The git repository around a workspace, read through gitpython's `git` wrapper."""

    def __init__(self, root: Path):
        try:
            import git
        except ImportError:  # gitpython refuses to import when no git executable is found
            raise HistoryError("git is not installed (or not on PATH); history needs it") from None
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise HistoryError(f"{root} is not in a git repository; history needs one (git init, then commit)") from None
        if self.repo.bare:
            raise HistoryError("the repository is bare: it has no working tree to hold a workspace")
        self.git = self.repo.git
        self.top = Path(self.repo.working_tree_dir).resolve()
        prefix = root.resolve().relative_to(self.top).as_posix()
        self.prefix = "" if prefix == "." else prefix + "/"
        self._blobs: dict[str, bytes | None] = {}
        self._batch = None  # the `git cat-file --batch` process, once started
        self._queued: deque[str] = deque()  # ids to ask it for, next first
        self._pending: deque[str] = deque()  # ids asked of it, not yet answered, oldest first
        self._asked: set[str] = set()  # the ids of both, to look up
        try:
            self.head = self.git.rev_parse("--verify", "-q", "HEAD")
        except git.GitCommandError:
            if not self.git.rev_list("-n1", "--all").strip():
                raise HistoryError("the repository has no commits yet; commit the workspace first") from None
            self.head = None  # a branch with no commits yet (git checkout --orphan): --at may name another

    def need_head(self) -> str:
        if self.head is None:
            branch = self.git.symbolic_ref("-q", "--short", "HEAD", with_exceptions=False).strip() or "HEAD"
            raise HistoryError(f"the current branch ({branch}) has no commits yet; commit the workspace, or name a commit or branch with --at")
        return self.head

    def shallow(self) -> bool:
        return bool(self.shallow_boundary())  # a shallow clone is one that lists where it was cut

    def shallow_boundary(self) -> set[str]:
        """The commits a shallow clone stops at. Their parents are missing, so every file
        in them looks newly added that day: their dates say nothing about when."""
        found = Path(self.git.rev_parse("--git-path", "shallow").strip())
        try:
            return set((found if found.is_absolute() else self.top / found).read_text().split())
        except OSError:
            return set()

    def resolve(self, rev: str) -> str:
        """A commit id for a commit, tag, branch or a date (YYYY-MM-DD: the last commit on or before that day)."""
        import git

        day = _day(rev)

        def unshallow() -> str:  # asked only when the revision is not found
            return "; this is a shallow clone: `git fetch --unshallow` brings the older commits" if self.shallow() else ""

        try:
            if day is not None:
                if day > dt.date.today():
                    raise HistoryError(f"{rev} is in the future; --at reads what was committed by a day that has come")
                # commits by their committer date: when they came into the repository, as `git log --before` has it
                # git dates are whole seconds, and --before takes the moment it names; --first-parent:
                # HEAD's own line (main), not a branch commit that was merged only later
                before = f"--before={end_of_day(day).replace(microsecond=0).isoformat()}"
                found = self.git.rev_list("-1", "--first-parent", before, self.need_head()).strip()
                if not found:
                    raise HistoryError(f"no commit on or before {rev}{unshallow()}")
                return found
            return self.git.rev_parse("--verify", "-q", f"{rev}^{{commit}}").strip()
        except git.GitCommandError:
            raise HistoryError(f"{rev!r} is not a commit, tag, branch or date (YYYY-MM-DD) in this repository{unshallow()}") from None

    def blob(self, sha: str) -> bytes | None:
        """A blob's bytes (None if the repository lacks it); each read once."""
        if _is_null(sha):
            return None
        if sha not in self._blobs and sha not in self._asked:
            self.ask_blobs([sha])
        while sha not in self._blobs:
            self._answer()
        return self._blobs.get(sha)

    def take_blob(self, sha: str) -> bytes | None:
        """A blob's bytes, forgotten here once taken: history keeps what it parsed, not the text."""
        data = self.blob(sha)
        self._blobs.pop(sha, None)
        return data

    def read_blobs(self, shas) -> None:
        """Read blobs now, through one persistent `git cat-file --batch`."""
        self.ask_blobs(shas)
        while self._pending:
            self._answer()

    def ask_blobs(self, shas) -> None:
        """Queue blobs for `git cat-file --batch` and go on: git inflates the next ones
        while the caller parses those it has, and `blob()` reads each answer when it is
        wanted, in the order asked. Only _ASKED ids are out with git at a time, fewer
        bytes than the smallest pipe holds, so writing one never blocks: else git could
        block writing answers nobody reads while we block writing ids it does not read.
        Each answer read sends the next queued id."""
        if self._batch is None:
            import subprocess

            self._batch = self.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
        for sha in dict.fromkeys(shas):
            if sha not in self._blobs and sha not in self._asked and not _is_null(sha):
                self._queued.append(sha)
                self._asked.add(sha)
        self._send()

    def _send(self) -> None:
        if len(self._pending) > _ASKED // 2:
            return  # git has plenty to do: top the window up in halves, one write each, not per id
        ask = self._batch.stdin
        while self._queued and len(self._pending) < _ASKED:
            sha = self._queued.popleft()
            ask.write(f"{sha}\n".encode())
            self._pending.append(sha)
        ask.flush()

    def _answer(self) -> None:
        """Read the answer to the oldest id out with git, and send the next."""
        sha = self._pending.popleft()
        self._asked.discard(sha)
        answers = self._batch.stdout
        header = answers.readline().split()
        if len(header) != 3:  # `<id> missing`
            self._blobs[sha] = None
        else:
            self._blobs[sha] = answers.read(int(header[2]))
            answers.read(1)  # the newline after each blob
        self._send()

    def close(self) -> None:
        if self._batch is not None:
            import git

            batch, self._batch = self._batch, None
            self._pending.clear()
            self._queued.clear()
            self._asked.clear()
            batch.stdin.close()
            batch.stdout.read()  # answers still owed: git cannot exit while its pipe is full
            try:
                batch.wait()
            except git.GitCommandError:
                pass  # git stopped with us (Ctrl-C): whatever it says, we asked nothing more of it

    def relative(self, path: str) -> str | None:
        """A repository path as the workspace names it, or None if outside it."""
        if not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def walk(self, wanted=lambda path: True, since: str | None = None, meanwhile=None) -> Iterator[Commit]:
        """Every commit that touched the workspace's files (after `since`, an ancestor of
        HEAD), newest first, with what it changed, as one `git log` finds them. The blobs
        of the paths `wanted` names are read as each stretch of the log arrives, so git
        walks on while the caller parses. `meanwhile` runs once git log has started: it
        orders the commits before it says anything, time the caller can use."""
        paths = self._paths()
        # --full-history: a merge that kept one side's version must not hide the other side's
        # commits; --date-order: no parent before its children, even with clocks that disagree;
        # --parents: each commit's parents among those listed, so each has the files of its own
        # line; a merge's changes are those from its first parent (what it brought in)
        log = self.git.log(
            "--raw", "--no-abbrev", "-z", "--find-renames", "--full-history", "--date-order", "--parents",
            # (before git 2.31, -m: a merge once per parent, first parent first; the rest are skipped)
            "--diff-merges=first-parent" if self.merge_diffs() else "-m",
            "--format=%x1e%H%x00%P%x00%aI%x00%cI%x00%aN%x00%aE", f"{since}..{self.head}" if since else self.head, "--", *paths,
            as_process=True,
        )
        if meanwhile is not None:
            meanwhile()
        tokens: list[bytes] = []
        pending, last = b"", None
        while True:
            chunk = log.stdout.read1(_LOG_CHUNK)
            pieces = (pending + chunk).split(b"\0")
            pending = pieces.pop() if chunk else b""  # the last piece may be cut short
            tokens += pieces
            commits, used = _read_log_tokens(tokens, self, final=not chunk)
            del tokens[:used]
            kept = []
            for commit in commits:  # -m lists a merge once per parent, in a row: the first is kept
                if commit.sha != last:
                    kept.append(commit)
                last = commit.sha
            commits = kept
            self.ask_blobs(c.new_blob for commit in commits for c in commit.changes if c.path and wanted(c.path))
            yield from commits
            if not chunk:
                break
        log.wait()  # a failed git log raises here

    def _paths(self) -> list[str]:
        return [f"{self.prefix}{CONFIG_NAME}", f"{self.prefix}okrs", f"{self.prefix}updates"]

    def last_change(self, sha: str) -> str | None:
        """The nearest commit on `sha`'s first-parent line that changed the workspace's files
        (`sha` itself if it did), or None."""
        import git

        try:
            return self.git.rev_list("-1", "--first-parent", sha, "--", *self._paths()).strip() or None
        except git.GitCommandError:
            return None

    def versions(self, sha: str, path: str) -> list[str]:
        """The blob ids a workspace file had in `sha`'s past, newest first."""
        import git

        try:
            # the line the replay follows: first parents, a merge's own version included
            merges = "--diff-merges=first-parent" if self.merge_diffs() else "-m"
            log = self.git.log("--format=", "--raw", "--no-abbrev", "--no-renames", "-z", "--first-parent", merges, sha, "--", f"{self.prefix}{path}")
        except git.GitCommandError:
            return []
        fields = log.replace("\n", "").split("\0")
        return [f.split()[3] for f in fields if f.startswith(":") and not _is_null(f.split()[3])]

    def merge_diffs(self) -> bool:
        """Whether git can show a merge's changes from its first parent (2.31, March 2021)."""
        return tuple(self.git.version_info[:2]) >= (2, 31)

    def on_first_parent_line(self, commit: str) -> bool:
        """Whether `commit` is on HEAD's first-parent line (main's own commits and merges),
        not only in its past: a branch that merged main in has main's commits land elsewhere."""
        import git

        if commit == self.head:
            return True
        try:
            listed = self.git.rev_list("--first-parent", "--parents", f"{commit}..{self.head}").split("\n")
        except git.GitCommandError:
            return False
        last = listed[-1].split() if listed and listed[-1] else []
        return len(last) > 1 and last[1] == commit

    def tree(self, sha: str) -> list[tuple[str, str]]:
        """(path in the workspace, blob id) of every file of the workspace at a commit."""
        listing = self.git.ls_tree("-r", "-z", "--full-tree", sha, "--", self.prefix or ".", strip_newline_in_stdout=False)
        files = []
        for record in listing.split("\0"):
            if not record:
                continue
            meta, path = record.split("\t", 1)
            _, object_type, blob = meta.split()
            workspace_path = self.relative(path)
            if object_type == "blob" and workspace_path is not None:
                files.append((workspace_path, blob))
        return files

    def files_at(self, rev: str) -> Snapshot:
        """The workspace as it was at a revision, read from git without touching the working tree."""
        from okrfile.workspace import classify

        sha = self.resolve(rev)
        entries = [(path, classify(path), blob) for path, blob in self.tree(sha)]
        entries = [(path, kind, blob) for path, kind, blob in entries if kind is not None]
        self.read_blobs(blob for _, kind, blob in entries if not kind.startswith("stray"))
        files = [
            FileData.from_bytes(path, kind, None if kind.startswith("stray") else self.blob(blob))
            for path, kind, blob in sorted(entries)
        ]
        self.close()
        if not any(f.kind == "config" for f in files):
            raise HistoryError(f"{rev} has no {self.prefix}{CONFIG_NAME}: the workspace did not exist there yet")
        moment = self.moment_of(rev, sha)
        root = self.top / self.prefix if self.prefix else self.top
        return Snapshot(root, files, _day(rev) or moment.date(), moment, sha)

    def moment_of(self, rev: str, sha: str) -> dt.datetime:
        """When a revision (resolved to `sha`) stood: the end of the day a date names (or
        now, today), maybe long after its last commit; else the commit's own time."""
        asked = _day(rev)
        if asked is not None:
            return min(end_of_day(asked), dt.datetime.now().astimezone())
        # in local time, as a date's day is: the day it reports as of is the machine's (TZ)
        return dt.datetime.fromisoformat(self.git.log("-1", "--format=%cI", sha).strip()).astimezone()


def _read_log_tokens(tokens: list[bytes], repo: Repository, final: bool) -> tuple[list[Commit], int]:
    """Commits from the NUL-separated pieces of `git log --raw -z`, and how many pieces
    they used. A commit is `\\x1e<id>`, parents, date, name, email, then per change `:modes ids
    status` and one path (two for a rename or copy). Pieces are taken by position, so a
    name or path may hold any byte but NUL. Without `final`, a commit that may go on in
    the next stretch of the log waits for it."""
    commits, i, count = [], 0, len(tokens)
    while i < count:
        head = tokens[i].lstrip(b"\n")
        if not head.startswith(b"\x1e"):
            i += 1  # the empty piece at the very end
            continue
        if i + 6 > count:
            break
        sha, parents, date, committed, author, email = (t.decode("utf-8", "replace") for t in (head[1:], *tokens[i + 1 : i + 6]))
        commit = Commit(sha, dt.datetime.fromisoformat(date), author, email, dt.datetime.fromisoformat(committed), parents=parents.split())
        j, whole = i + 6, True
        while j < count and tokens[j].lstrip(b"\n").startswith(b":"):
            meta = tokens[j].lstrip(b"\n")[1:].decode("ascii", "replace").split()
            status = meta[4][0]
            names = 2 if status in "RC" else 1
            if j + 1 + names > count:
                whole = False
                break
            found = [t.decode("utf-8", "replace") for t in tokens[j + 1 : j + 1 + names]]
            old_rel, new_rel = repo.relative(found[0]), repo.relative(found[-1])
            if new_rel is not None or old_rel is not None:
                commit.changes.append(Change(status, meta[2], meta[3], old_rel or "", new_rel or ""))
            j += 1 + names
        if not final and (not whole or j == count):
            break
        commits.append(commit)
        i = j
    return commits, i


@dataclass
class _Replay:
    """Where a replay of the commits stands: enough to go on with the commits that came
    after it, so a run after a new commit reads that commit, not the whole history."""

    history: History
    head: str  # the last commit replayed
    boundary: set[str]  # a shallow clone's cut when it was read
    # by commit, the config and OKR sets of its own line, by path (the last version of each that
    # parsed): what its updates name. Commits that changed neither share their parent's dict
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    line: list[str] = field(default_factory=list)  # HEAD's first-parent line, newest first, as far as states keeps it
    replayed: set[int] = field(default_factory=set)  # every commit replayed, by its id's first 60 bits
    # the files at `head`, by path: (blob, config or OKR set or, for an update, (person, week) if it says something)
    at_head: dict[str, tuple[str, Any]] = field(default_factory=dict)
    undated: set[tuple[str, str]] = field(default_factory=set)  # (person, week) of updates already there at a shallow cut
    skipped: set[tuple[str, str]] = field(default_factory=set)  # (blob, path) of versions that did not parse
    # by path, the newest version that parsed (commit date, sha, config or OKR set): what stands in
    # for a file broken at HEAD, the same whichever order branches were replayed in
    good: dict[str, tuple[dt.datetime, str, Any]] = field(default_factory=dict)
    mailmap: str = ""  # mailmap_stamp() when it was read: the authors' names come from it


# histories read up to a revision in this process, by (root, its commit, shallow cut):
# nothing is kept on disk for them, and one command may need one twice
_READ_AT: dict[tuple, History] = {}


def read_history(root: Path, cache: bool = True, at: str | None = None) -> History:
    """Replay the workspace's files commit by commit: values, goalposts, first posts.
    Each blob is parsed once (by blob id and path). With `cache`, the replay is kept:
    while HEAD stays where it is the next run reads nothing, and once HEAD has moved on
    from it (new commits, a pull) only the commits since are read and replayed. `at`:
    the history up to an earlier revision instead (read afresh; it leaves HEAD's alone)."""
    from okrfile.cache import content_digest
    from okrfile.workspace import classify, parse_file

    store = last = None
    if cache:
        from okrfile.cache import Cache

        store = Cache(root)
    if store is not None and at is None:
        # nothing committed (or fetched, in a shallow clone) since the last run: the same history.
        # It is kept apart from the replay, which only a run after new commits needs to load
        head = _committed_head(root)
        kept = store.last_result(name="history") if head else None
        if kept is not None and kept[0] == head[0].encode() and isinstance(kept[1], History):
            kept[1].shallow = head[1]
            return kept[1]
        last = store.last_result(name="history-replay") if kept is not None and head else None
        if last is not None and (last[0] != kept[0] or not isinstance(last[1], _Replay)):
            last = None
        elif last is not None:
            last[1].history = kept[1]
    repo = Repository(root)
    repo.head = repo.resolve(at) if at is not None else repo.need_head()
    boundary = repo.shallow_boundary()
    asked = (str(root), repo.head, frozenset(boundary))
    if at is not None and asked in _READ_AT:
        # `status --at` asks twice: for L012 while checking (by commit id), then for the report (as given)
        history = _READ_AT[asked]
        _stood(history, repo, at)
        return history
    earlier = last[1] if last is not None and isinstance(last[1], _Replay) else None
    mailmap = mailmap_stamp(repo.top)
    if earlier is not None and (
        earlier.boundary != boundary or getattr(earlier, "mailmap", "") != mailmap or not repo.on_first_parent_line(earlier.head)
    ):
        # history was rewritten, a shallow clone deepened, .mailmap names the authors otherwise, or
        # HEAD is a branch that merged the commit read last (its commits now land on the branch's
        # line by that merge): read it all again
        earlier = None
    replay = earlier or _Replay(History(0, {}, [], {}, shallow=bool(boundary)), repo.head, boundary, mailmap=mailmap)
    history = replay.history
    parsed: dict[tuple[str, str], Any] = {}  # (blob, path) -> model object, or None when it does not parse
    leniently: set[tuple[str, str]] = set()  # (blob, path) of updates read past bytes that are not UTF-8
    broken: list[tuple[str, str]] = []  # (blob, path) of versions that did not parse, new in this run

    def parse(blob: str, path: str, kind: str):
        key = (blob, path)
        if key not in parsed:
            data = repo.take_blob(blob)
            # the version in the working tree was parsed by the last check (validate, status):
            # its parse is in the cache under the same content digest
            known = store.parse(path, content_digest(data)) if store is not None and data is not None else None
            obj = known[0] if known is not None else None if data is None else parse_file(data, path, kind)[0]
            if kind == "update" and data is not None and getattr(obj, "loc", None) is None:
                # a stray byte that is not UTF-8 (an editor's Latin-1 "é"): what the update says is
                # readable all the same, and its values are its author's, not those of whoever fixes
                # the byte. (At HEAD it is still one status cannot read: _take_head knows it by this.)
                readable = data.decode("utf-8", "replace").encode()
                if readable != data:
                    obj = parse_file(readable, path, kind)[0]
                    leniently.add(key)
            if obj is None or getattr(obj, "loc", None) is None:
                obj = None
                if key not in replay.skipped:  # a version seen by an earlier run is said once
                    broken.append(key)
            parsed[key] = obj
        return parsed[key]

    # parse while git log walks on (it lists newest first), then replay oldest first
    commits = []
    head_files = []

    def meanwhile():  # while git log orders the commits: HEAD's files, which the end needs
        head_files.extend(_head_files(replay, repo, parse))

    try:
        walk = repo.walk(wanted=lambda path: classify(path) in _PARSED, since=earlier.head if earlier else None, meanwhile=meanwhile)
        for commit in walk:
            if _short_id(commit.sha) in replay.replayed:
                # replayed last time: `git log since..HEAD` should list none of since's own past,
                # but can list a few when committer dates are out of order (a clock that was wrong)
                continue
            for change in commit.changes:
                kind = classify(change.path) if change.path and change.status != "D" else None
                if kind in _PARSED:
                    parse(change.new_blob, change.path, kind)
            commits.append(commit)
        commits.reverse()
        # those that changed a workspace file themselves: a merge brings its branches' (and which
        # merges git lists depends on the range it reads)
        history.commits += sum(1 for commit in commits if commit.changes and len(commit.parents) < 2)
        history.newest = max([commit.date for commit in commits] + ([history.newest] if history.newest else []), default=None)
        _replay(root, replay, commits, parse, repo)
        replay.head = repo.head
        _take_head(root, replay, head_files, parse, leniently)
        _say_skipped(replay, broken, commits)
    finally:
        repo.close()
    for points in history.points.values():
        # the owner's report of a week is the one that counts (L010): others' go, whichever came first
        owned = {p.week for p in points if p.week and p.by_owner}
        points[:] = [p for p in points if p.by_owner or p.week not in owned]
        points.sort(key=_timeline_order)
    config = history.workspace.config if history.workspace is not None else None
    history.goalposts = sorted((c for c in history.changes if _period_started(config, c)), key=lambda change: change.date)
    if at is not None:
        _stood(history, repo, at)
        _READ_AT[asked] = history
    elif store is not None:
        key = _cache_key(repo.head, boundary, replay.mailmap).encode()
        store.store_result(key, history, name="history")
        replay.history = None  # stored on its own, above
        store.store_result(key, replay, name="history-replay")
        replay.history = history
    return history


def _stood(history: History, repo: Repository, at: str) -> None:
    """When the revision `at` names stood, and the day to report as of. A commit dated later
    than the one `at` found (a wrong clock, a commit made after midnight and pushed before a
    colleague's dated the day before) is in its files all the same: what it did is reported
    too, as `status --at` shows it (`reach`); the clock that judges which check-in days are
    over stays at `as_of`."""
    history.as_of = repo.moment_of(at, repo.head)
    history.reach = max(history.as_of, history.newest) if history.newest is not None else history.as_of
    history.as_of_day = _day(at) or history.as_of.date()


def _say_skipped(replay: _Replay, broken: list[tuple[str, str]], commits: list[Commit]) -> None:
    """Each version that did not parse, named by the first commit that brought it (what to
    look at, whichever order the versions were parsed in and wherever HEAD is now)."""
    broken_now = set(broken)
    for commit in commits:
        for change in commit.changes:
            key = (change.new_blob, change.path)
            if key in broken_now and key not in replay.skipped:
                replay.skipped.add(key)
                replay.history.skipped.append(f"{change.path} in commit {commit.sha[:10]}")
    for key in broken:  # not brought by a commit read now: named by its blob id
        if key not in replay.skipped:
            replay.skipped.add(key)
            replay.history.skipped.append(f"{key[1]}, version {key[0][:10]}")


@dataclass
class Membership:
    """When objectives and key results came into their OKR sets and went out of them after
    their period began: what tells an update naming a removed one, a record of its week,
    from a mistake (checkins, L012)."""

    events: dict[str, list[GoalpostChange]]  # by period/team/O1(/KR1): added and removed, by date
    shallow: bool = False  # a shallow clone: removals before the cut are unknown
    posted: dict[tuple[str, str], Posted] = field(default_factory=dict)  # (person, week): the commit that first added it
    key: str = "-"  # what it was read from (HEAD, a shallow cut, an --at commit): "-" for no history
    # by period/team/O1/KR1: every change of its title, by date (planning too; one not yet
    # committed dated now): what it was called when an update named it
    titles: dict[str, list[GoalpostChange]] = field(default_factory=dict)

    def title_at(self, ref: str, moment: dt.datetime) -> str | None:
        """The key result's title at `moment`, if a change of it is known (else None)."""
        changes = self.titles.get(ref, [])
        before = [c for c in changes if c.in_effect <= moment]
        if before:
            return before[-1].new
        return changes[0].old if changes else None


def membership(root: Path, workspace: Workspace, at: str | None = None, cache: bool = True, day: dt.date | None = None) -> Membership:
    """Read from the history up to `at`. Checking the files on disk (no `at`), what HEAD
    holds and they do not is being removed now, or on `day` (--today): the commit that
    removes it runs the pre-commit hook before it exists."""
    key = history_key(root, at, day)
    try:
        found = read_history(root, cache=cache, at=at)
    except HistoryError:
        return Membership({})
    config = found.workspace.config if found.workspace is not None else None
    changes = list(found.goalposts)
    titles = [c for c in found.changes if c.field == "title"]
    if at is None and found.workspace is not None:
        held = _refs(workspace)
        now = end_of_day(day) if day is not None else dt.datetime.now().astimezone()
        for ref, title in _refs(found.workspace).items():
            change = GoalpostChange(ref, now, "", "", "removed", title, None)
            if ref not in held and _period_started(config, change):  # as when it is committed
                changes.append(change)
            elif ref in held and held[ref] != title:  # retitled, or renumbered, in this commit
                titles.append(GoalpostChange(ref, now, "", "", "title", title, held[ref]))
    by_ref: dict[str, list[GoalpostChange]] = {}
    for change in sorted(titles, key=lambda change: change.in_effect):
        by_ref.setdefault(change.ref, []).append(change)
    return Membership(comings_and_goings(changes), found.shallow, key=key, posted=found.first_posted, titles=by_ref)


def comings_and_goings(changes: list[GoalpostChange]) -> dict[str, list[GoalpostChange]]:
    """By period/team/O1(/KR1), when it was added to its OKR set and removed, by date."""
    events: dict[str, list[GoalpostChange]] = {}
    for change in sorted(changes, key=lambda change: change.date):
        if change.field in ("added", "removed"):
            events.setdefault(change.ref, []).append(change)
    return events


def history_key(root: Path, at: str | None = None, day: dt.date | None = None) -> str:
    """What a history read now would be read from: a result that asked the history holds
    while this stays the same. One git call, no gitpython. For the files on disk, the day
    too: a removal not yet committed is dated by it."""
    if at is not None:
        return f"at {at}"
    head = _committed_head(root)
    return f"{head[0] if head is not None else '-'} {day or dt.date.today()}"


def _refs(workspace: Workspace) -> dict[str, str]:
    """Every objective and key result, by period/team/O1(/KR1), with its title."""
    refs = {}
    for okr_set in workspace.okr_sets:
        for objective in okr_set.objectives:
            refs[f"{okr_set.period}/{okr_set.team}/{objective.id}"] = objective.title or ""
            for kr in objective.key_results:
                refs[f"{okr_set.period}/{okr_set.team}/{objective.id}/{kr.id}"] = kr.title or ""
    return refs


def _head_files(replay: _Replay, repo: Repository, parse) -> list[tuple[str, str, str]]:
    """(path, kind, blob) of the files history reads, at HEAD; those changed since the last
    run are parsed now (most are the newest versions the walk would parse anyway)."""
    from okrfile.workspace import classify

    files = [(path, classify(path), blob) for path, blob in repo.tree(repo.head)]
    files = [(path, kind, blob) for path, kind, blob in files if kind in _PARSED]
    new = [(path, kind, blob) for path, kind, blob in files if replay.at_head.get(path, ("",))[0] != blob]
    repo.ask_blobs(blob for _, _, blob in new)
    for path, kind, blob in new:
        parse(blob, path, kind)
    return files


def _take_head(root: Path, replay: _Replay, files: list[tuple[str, str, str]], parse, leniently: set) -> None:
    """The config, OKR sets and posted updates as HEAD has them: a merge's result, which
    no single commit's change gives. Files unchanged since the last run are not read. An
    update HEAD holds that does not parse (read only past a byte that is not UTF-8, too) is
    no post and gives no last value until fixed, as status and silence leave it out."""
    history, at_head = replay.history, {}
    for path, kind, blob in files:
        known = replay.at_head.get(path)
        if known is not None and known[0] == blob:
            at_head[path] = known
            continue
        found = parse(blob, path, kind)
        if kind == "update" and (blob, path) in leniently:
            found = None
        if kind == "update" and found is not None:
            found = (found.person, found.week) if found.says_something() else False  # False: a draft, None: broken
        at_head[path] = (blob, found)
    replay.at_head = at_head
    history.posted, config, sets = set(), None, []
    history.unreadable = {path for path, (_, found) in at_head.items() if found is None and path.startswith("updates/")}
    for path, (_, found) in sorted(at_head.items()):
        if found is None and path in replay.good:
            # an OKR file or config broken at HEAD: the newest version that was not (asked anew:
            # commits read since may hold a newer one)
            found = replay.good[path][2]
        if not found:
            continue
        if path.startswith("updates/"):
            history.posted.add(found)
        elif path.startswith("okrs/"):
            sets.append(_without_positions(found))
        else:
            config = _without_positions(found)
    history.workspace = Workspace(root, config, okr_sets=sets)
    history.at_the_cut = _at_the_cut(replay, parse) if history.shallow else {}


def _at_the_cut(replay: _Replay, parse) -> dict[str, list[tuple[str, bool, Any]]]:
    """The values of HEAD's updates that were already there at a shallow clone's cut, as
    HEAD's OKR files name them: what `status` counts, though no timeline can date them."""
    from okrfile.checkins import FILE_LEVEL, index_objectives, resolve_update

    workspace = replay.history.workspace
    index, values = index_objectives(workspace), {}
    for path, (blob, found) in sorted(replay.at_head.items()):
        if not path.startswith("updates/") or found is None or found not in replay.undated:
            continue
        update = parse(blob, path, "update")
        checkins, problems = resolve_update(update, workspace, index) if update is not None else ([], [])
        if any(problem.code in FILE_LEVEL for problem in problems):
            continue
        for checkin in checkins:
            if checkin.value is not None:
                values.setdefault(f"{checkin.period}/{checkin.ref}", []).append((checkin.week, checkin.by_owner, checkin.value))
    return values


def _timeline_order(point: Point) -> tuple:
    """A timeline reads by date, and commits made out of date order (backfilled, rebased)
    join it where they belong. A week's update is placed within its week (UTC): one posted
    late, after the next week's, comes before it, as the latest week's value is the one
    that counts (status). Values of one commit (a team adopting okrfile mid-period commits
    weeks of updates at once) go by their week, and the OKR file's `current:` after them."""
    moment = point.date
    monday = parse_week(point.week) if point.week else None
    if monday is not None:
        start = dt.datetime.combine(monday, dt.time(0), tzinfo=dt.timezone.utc)
        moment = min(max(moment, start), start + dt.timedelta(days=7, microseconds=-1))
    return (moment, not point.week, point.week)


def _gone_before(history: History, checkin) -> bool:
    """Whether the key result a check-in names was out of its OKR set when the check-in's
    week began (removed, not added back): a stale block, which `validate` calls E406."""
    ref, start = f"{checkin.period}/{checkin.ref}", parse_week(checkin.week)
    last = None
    for change in history.changes:
        if change.ref == ref and change.field in ("added", "removed") and change.date.date() < start:
            if last is None or change.date >= last.date:
                last = change
    return last is not None and last.field == "removed"


def _said_by(history: History, path: str) -> dict[tuple[str, str, str], Any]:
    """The values an update file gave, by (period, key result, week), as replayed so far: the
    latest of each (by date, not by where a point sits in the list: a cached run has sorted it)."""
    latest: dict[tuple[str, str, str], Point] = {}
    for ref, points in history.points.items():
        period, _, kr = ref.partition("/")
        for point in points:
            key = (period, kr, point.week)
            if point.source == path and point.replaced is None and (key not in latest or (point.date, point.commit) > (latest[key].date, latest[key].commit)):
                latest[key] = point
    return {key: point.value for key, point in latest.items()}


def _keep_good(replay: _Replay, path: str, commit: Commit, found: Any) -> None:
    if found is not None and (path not in replay.good or replay.good[path][:2] <= (commit.date, commit.sha)):
        replay.good[path] = (commit.date, commit.sha, found)


# how many of the newest commits of HEAD's first-parent line keep their files in the cache:
# a branch made from one of them is read on from it; one made from an older commit reads
# that commit's OKR files from its tree (a few hundred ms in a big workspace)
_LINE_KEPT = 32


def _first_parent_line(commits: list[Commit]) -> list[str]:
    """HEAD's first-parent line (main's own commits and merges) among the commits listed,
    newest first (`commits` is oldest first). Its top is the one commit no other lists as
    a parent: HEAD, or the last commit before it that changed the workspace's files."""
    by_sha = {commit.sha: commit for commit in commits}
    children = {parent for commit in commits for parent in commit.parents}
    tips = [commit.sha for commit in reversed(commits) if commit.sha not in children]
    line, sha = [], tips[0] if tips else None
    while sha in by_sha:
        line.append(sha)
        sha = by_sha[sha].parents[0] if by_sha[sha].parents else None
    return line


def _short_id(sha: str) -> int:
    return int(sha[:15], 16)


def _landings(commits: list[Commit], line: list[str]) -> dict[str, str]:
    """For each commit, the commit of HEAD's first-parent line (main's own) that brought it
    in: itself when it is on that line, else the merge. Commits oldest first."""
    by_sha = {commit.sha: commit for commit in commits}
    landing: dict[str, str] = {}
    for merge in reversed(line):
        landing[merge] = merge
        brought = list(by_sha[merge].parents[1:])
        while brought:
            sha = brought.pop()
            if sha in by_sha and sha not in landing:
                landing[sha] = merge
                brought.extend(by_sha[sha].parents)
    return landing


def _kept(found: Any, kind: str) -> Any:
    """A version as the replay keeps it: without field positions (history says nothing
    about lines, and the cache of every version stays small)."""
    return _without_positions(found) if found is not None and kind in ("okr-set", "config") else found


def _with_changes(state: dict[str, Any], commit: Commit, parse) -> dict[str, Any]:
    """A commit's config and OKR sets, by path: its first parent's with what it changed (the
    same dict when it changed neither). A version that does not parse leaves the last one
    that did (renamed with it)."""
    from okrfile.workspace import classify

    own = False
    for change in commit.changes:
        old_path = change.old_path or change.path
        carried = state.get(old_path) if change.status in "RD" else None
        kind = classify(change.path) if change.path and change.status != "D" and not _is_null(change.new_blob) else None
        if carried is None and kind not in ("config", "okr-set"):
            continue
        if not own:
            state, own = dict(state), True
        if change.status in "RD":
            state.pop(old_path, None)
        if kind in ("config", "okr-set"):
            found = _kept(parse(change.new_blob, change.path, kind), kind) or carried or state.get(change.path)
            if found is not None:
                state[change.path] = found
    return state


def _replay(root: Path, replay: _Replay, commits: list[Commit], parse, repo: Repository) -> None:
    """Each commit's changes in turn, oldest first: values, goalposts and first posts.
    Each commit has its own line's config and OKR sets, and an update's blocks name the key
    results of its own commit's, whatever order branches are replayed in; failing that, those
    of the merge that brought it to HEAD's line (a key result added on main while the update
    was on a branch): such an update's values are added when that merge is replayed. A
    commit's files are kept only while a later commit needs them, and in the cache for
    HEAD and the newest commits of its line."""
    from collections import Counter, OrderedDict

    from okrfile.checkins import FILE_LEVEL, index_objectives, resolve_update
    from okrfile.workspace import classify

    history, states = replay.history, replay.states
    line = _first_parent_line(commits)
    landing = _landings(commits, line)
    dates = {commit.sha: commit.date for commit in commits}
    by_sha = {commit.sha: commit for commit in commits}
    for commit in commits:
        merge = by_sha.get(landing.get(commit.sha, commit.sha), commit)
        commit.landed = max(d for d in (commit.date, commit.committed, merge.date, merge.committed) if d is not None)
    kept = set(line[:_LINE_KEPT]) | set(replay.line) | {repo.head}
    uses = Counter(parent for commit in commits for parent in commit.parents)  # as a parent, by commits still to come
    deferred: dict[str, list] = {}  # by the merge that lands them: updates to read with its files
    built: OrderedDict = OrderedDict()  # by id() of a state: (the state, its workspace, its objective index)

    def of(sha: str) -> dict[str, Any]:
        if sha not in states:
            # a commit the log did not list (it changed no workspace file) before the range read
            # now, or no longer kept: a branch made from it last month. Its files are those of the
            # last commit on its line that changed them, if kept; else as its tree has them, a file
            # that does not parse there standing as the last version before it that did
            changed = repo.last_change(sha)
            if changed in states:
                states[sha] = states[changed]
            else:
                found = {}
                for path, blob in repo.tree(sha):
                    kind = classify(path)
                    if kind in ("config", "okr-set"):
                        versions = [blob] if parse(blob, path, kind) is not None else repo.versions(sha, path)
                        parsed = next((p for p in (parse(v, path, kind) for v in versions) if p is not None), None)
                        if parsed is not None:
                            found[path] = _kept(parsed, kind)
                states[sha] = found
        return states[sha]

    def against(state: dict[str, Any]) -> tuple[Workspace, Any]:
        if id(state) not in built:
            sets = [state[path] for path in sorted(state) if path != CONFIG_NAME]
            ws = Workspace(root, state.get(CONFIG_NAME), okr_sets=sets)
            built[id(state)] = (state, ws, index_objectives(ws))  # the state held: its id is not reused
            if len(built) > 8:
                built.popitem(last=False)
        built.move_to_end(id(state))
        return built[id(state)][1:]

    def resolve(update: Update, own: dict, landed: dict | None) -> list:
        found, problems = resolve_update(update, *against(own))
        if any(problem.code in FILE_LEVEL for problem in problems):
            return []  # its person or week is wrong (not its folder's, nobody): status leaves it out whole
        if not problems or landed is None or landed is own:
            return found
        said = {(c.period, c.ref, c.week) for c in found}
        more, _ = resolve_update(update, *against(landed))
        return found + [c for c in more if (c.period, c.ref, c.week) not in said and not _gone_before(history, c)]

    def add_points(commit: Commit, change: Change, update: Update, own: dict, landed: dict | None) -> None:
        old_path = change.old_path or change.path
        said = {}  # what the update's version before this commit said: an edit restating a value adds no point
        if not _is_null(change.old_blob) and classify(old_path) == "update":
            earlier_version = parse(change.old_blob, old_path, "update")
            if earlier_version is not None:
                said = {(c.period, c.ref, c.week): c.value for c in resolve(earlier_version, own, landed)}
            else:  # its version before did not parse: what it said when it last did
                said = _said_by(history, old_path)
        for checkin in resolve(update, own, landed):
            before_value = said.get((checkin.period, checkin.ref, checkin.week))
            if checkin.value is None or before_value == checkin.value:
                continue
            points = history.points.setdefault(f"{checkin.period}/{checkin.ref}", [])
            # the same update's value for the same week, changed (a typo fixed): the correction
            # stands in the timeline in its place, and says what it corrects
            corrected = max(
                (p for p in points if p.source == old_path and p.week == checkin.week and p.value == before_value and p.replaced is None),
                key=lambda p: (p.date, p.commit),
                default=None,
            ) if before_value is not None else None
            if corrected is not None:
                corrected.replaced = commit.date
            points.append(
                Point(
                    commit.date, checkin.value, change.path, commit.sha, commit.author, checkin.week, checkin.by_owner,
                    corrected.value if corrected is not None else None,
                )
            )

    def settled_in_updates(merge: Commit, state: dict) -> None:
        """The values of a merge's updates that the timeline does not end on for that week: a
        conflict settled by hand, or one side's value taken over the other side's later one."""
        for change in merge.changes:
            if change.status == "D" or not change.path or _is_null(change.new_blob) or classify(change.path) != "update":
                continue
            update = parse(change.new_blob, change.path, "update")
            if update is None:
                continue
            old_path = change.old_path or change.path
            earlier = parse(change.old_blob, old_path, "update") if not _is_null(change.old_blob) and classify(old_path) == "update" else None
            ours = {(c.period, c.ref, c.week): c.value for c in resolve(earlier, state, None)} if earlier is not None else {}
            for checkin in resolve(update, state, None):
                if checkin.value is None:
                    continue
                points = history.points.setdefault(f"{checkin.period}/{checkin.ref}", [])
                said = [p for p in points if p.week == checkin.week and p.source in (change.path, old_path) and p.replaced is None]
                latest = max(said, key=lambda p: p.date, default=None)
                if (latest.value if latest is not None else ours.get((checkin.period, checkin.ref, checkin.week))) == checkin.value:
                    continue  # the value the timeline ends on already: one side's, taken as it was
                # settled by hand, or one side's value that an other side's later one would hide
                points.append(Point(merge.date, checkin.value, change.path, merge.sha, merge.author, checkin.week, checkin.by_owner))

    for commit in commits:
        parent = commit.parents[0] if commit.parents else None
        before = of(parent) if parent else {}
        if not before and not history.shallow:
            # it began the workspace: its parent had no config or OKR set (the earliest, if
            # branches began it apart; not a later commit dated before it). In a shallow clone
            # the first is where the clone was cut
            history.started = commit.date if history.started is None else min(history.started, commit.date)
        state = states[commit.sha] = _with_changes(before, commit, parse)
        replay.replayed.add(_short_id(commit.sha))
        if len(commit.parents) < 2:
            _replay_commit(replay, commit, before, state, parse, landing, dates, deferred, add_points)
        elif commit.sha not in replay.boundary:
            # a merge brings what its branches' commits did, each replayed on its own; only a value
            # it settled itself (a conflict resolved by hand) is its own
            _settled_by_merge(history, commit, state, [before, *(of(other) for other in commit.parents[1:])])
            # in its updates too, once its branches' values are in (they wait for the merge that lands them)
            lands = landing.get(commit.sha, commit.sha)
            settled = lambda landed, merge=commit, own=state: settled_in_updates(merge, own)  # noqa: E731
            deferred.setdefault(lands, []).append(settled)
        for late in deferred.pop(commit.sha, []):
            late(state)
        for done in commit.parents:
            uses[done] -= 1
            if uses[done] <= 0 and done not in kept:
                states.pop(done, None)
        if uses[commit.sha] <= 0 and commit.sha not in kept:
            states.pop(commit.sha, None)
    if repo.head not in states:
        # HEAD changed no workspace file: the files of the last commit of its line that did
        states[repo.head] = states[line[0]] if line else of(repo.head)
    replay.line = (line + replay.line)[:_LINE_KEPT]
    keep = set(replay.line) | {repo.head}
    for sha in [sha for sha in states if sha not in keep]:
        del states[sha]


def _settled_by_merge(history: History, merge: Commit, state: dict, sides: list[dict]) -> None:
    """The values of a merge's OKR files that none of the merged sides had: settled by hand."""
    from okrfile.workspace import classify

    for change in merge.changes:
        new = state.get(change.path) if change.path and classify(change.path) == "okr-set" else None
        if new is None or new.loc is None:
            continue
        # by key result, whatever file holds it on each side (one side may have renamed it)
        had = [{ref: value for okr_set in side.values() if isinstance(okr_set, OKRSet) for ref, value in _values(okr_set).items()} for side in sides]
        for ref, value in _values(new).items():
            if value is not None and all(side.get(ref) != value for side in had):
                history.points.setdefault(ref, []).append(Point(merge.date, value, change.path, merge.sha, merge.author))


def _values(okr_set: OKRSet | None) -> dict[str, Any]:
    """Each key result's value in an OKR file (done for a milestone), by period/team/O1/KR1."""
    if okr_set is None:
        return {}
    return {
        f"{okr_set.period}/{okr_set.team}/{objective.id}/{kr.id}": kr.done if kr.type == "milestone" else kr.current
        for objective in okr_set.objectives
        for kr in objective.key_results
    }


def _replay_commit(replay: _Replay, commit: Commit, before: dict, state: dict, parse, landing, dates, deferred, add_points) -> None:
    """One commit's own changes: goalposts, the OKR file's values, first posts, and the
    values of its updates (later, with the merge that lands it, when its own files do not
    know a key result they name)."""
    from okrfile.workspace import classify

    history = replay.history
    for change in commit.changes:
        # what changed is what this commit changed from its parent's version (the old path's,
        # for a rename): not from the last version replayed, which may be another branch's
        old_path = change.old_path or change.path
        previous = None
        if not _is_null(change.old_blob) and classify(old_path) == "okr-set":
            # a parent's version that did not parse: the last one that did (a fix restates no
            # value; a deleted or renamed broken file takes that one's key results)
            previous = parse(change.old_blob, old_path, "okr-set") or before.get(old_path)
        if change.status == "D" and previous is not None:
            _record_removal(history, commit, previous)  # a deleted OKR set takes its key results with it
        if change.status == "D" or _is_null(change.new_blob) or not change.path:
            continue
        kind = classify(change.path)
        if kind == "config":
            _keep_good(replay, change.path, commit, parse(change.new_blob, change.path, "config"))
        elif kind == "okr-set":
            new = parse(change.new_blob, change.path, "okr-set")
            if new is None:
                continue
            _keep_good(replay, change.path, commit, new)
            if commit.sha not in replay.boundary:  # a shallow clone's cut: when its values were set is unknown
                _compare_sets(history, commit, previous, new, change.path)
        elif kind == "update":
            update = parse(change.new_blob, change.path, "update")
            if update is None:
                continue
            first = (update.person, update.week)
            if commit.sha in replay.boundary:
                # not when it was posted, nor when its values were; a later edit is not its first post
                if update.says_something():
                    replay.undated.add(first)
                continue
            earliest = history.first_posted.get(first)
            if update.says_something() and first not in replay.undated and (earliest is None or commit.date < earliest.date):
                # the earliest commit that made it a report (a template committed early is not one),
                # whatever order branches are replayed in
                lands = landing.get(commit.sha, commit.sha)
                history.first_posted[first] = Posted(commit.date, commit.sha, dates.get(lands) if lands != commit.sha else None)
            lands = landing.get(commit.sha, commit.sha)
            if lands == commit.sha:
                add_points(commit, change, update, state, None)
            else:
                # its values wait for the merge that lands it: its files may not know what the update names
                deferred.setdefault(lands, []).append(
                    lambda landed, commit=commit, change=change, update=update, own=state: add_points(commit, change, update, own, landed)
                )


def _committed_head(root: Path) -> tuple[str, bool] | None:
    """The cached history's key (HEAD, and a shallow clone's cut, which a fetch can
    deepen) and whether the clone is shallow. One `git rev-parse`, run directly:
    importing gitpython alone takes longer (70 ms) than everything else a cached run
    does. None when git says anything unexpected; Repository then tells why."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "rev-parse", "--is-shallow-repository", "--git-path", "shallow", "--show-toplevel", "--verify", "-q", "HEAD"],
            cwd=root, capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    answer = done.stdout.split("\n")
    if done.returncode != 0 or len(answer) < 4 or len(answer[3]) < 40:
        return None
    shallow = answer[0] == "true"
    boundary: set[str] = set()
    if shallow:
        try:
            boundary = set((root / answer[1]).read_text().split())
        except OSError:
            return None
    return _cache_key(answer[3], boundary, mailmap_stamp(Path(answer[2]))), shallow


def mailmap_stamp(top: Path) -> str:
    """What `.mailmap` (in the working tree, where git reads it) says, in brief: authors are
    named as it names them, so a history read under another one is read again."""
    try:
        data = (top / ".mailmap").read_bytes()
    except OSError:
        return ""
    import zlib

    return f"{zlib.crc32(data):08x}{len(data)}"


def _cache_key(head: str, boundary: set[str], mailmap: str) -> str:
    return head + "".join(f" {cut}" for cut in sorted(boundary)) + (f" mailmap {mailmap}" if mailmap else "")


def _without_positions(found: Any) -> Any:
    """An OKR set or config without the positions of its fields, in place: history reports
    no lines, and its cache holds every version it keeps. Where each OKR set, objective, key
    result and config starts (`loc`) stays: a file that did not parse has none, which is
    how the rest tells."""
    if isinstance(found, OKRSet):
        found.locs = {}
        found.objectives = list(found.objectives)
        found.deprioritized = list(found.deprioritized)
        for objective in found.objectives:
            objective.locs = {}
            objective.key_results = list(objective.key_results)
            objective.initiatives = list(objective.initiatives)
            for kr in objective.key_results:
                kr.locs = {}
            for initiative in objective.initiatives:
                initiative.loc, initiative.locs, initiative.supports = None, {}, list(initiative.supports)
    elif isinstance(found, Config):
        found.locs = {}
        found.lint_ignore = list(found.lint_ignore)
        for item in [*found.people.values(), *found.teams.values(), *found.periods.values()]:
            item.loc = None
            if hasattr(item, "locs"):
                item.locs = {}
    return found


def _moved(commit: Commit, ref: str, name: str, old: Any, new: Any) -> GoalpostChange:
    later = commit.landed if commit.landed is not None and commit.landed > commit.date else None
    return GoalpostChange(ref, commit.date, commit.sha, commit.author, name, old, new, later)


def _period_started(config, change: GoalpostChange) -> bool:
    """Whether the change's period had begun when it was made, or when it landed: only then
    is it a moved goalpost rather than planning. Not by its author date alone, which
    `git commit --date` sets to any day."""
    from okrfile.periods import resolve_period

    period = resolve_period(config, change.ref.split("/", 1)[0])
    return period is not None and period.start is not None and change.in_effect.date() > period.start


def _renumbered(history: History, commit: Commit, before: dict, after: dict, prefix: str) -> None:
    """A key result that now has the title another id of its objective had, which went or
    took another title in the same commit: renumbered. Updates name key results by id, so
    the values reported under its old id stay there, and its id's earlier values are another's."""
    went = {  # (objective, title) -> the id that had it and does not now
        (key[2], kr.title): kr.id
        for key, (_, kr) in before.items()
        if kr.title and (key not in after or after[key][1].title != kr.title)
    }
    for key, (objective, kr) in after.items():
        was = before.get(key)
        if was is not None and was[1].title == kr.title:
            continue
        old_id = went.get((key[2], kr.title))
        if old_id is not None and old_id != kr.id:
            ref = f"{prefix}/{objective.id}/{kr.id}"
            history.changes.append(_moved(commit, ref, "renumbered", old_id, kr.id))


def _record_removal(history: History, commit: Commit, old: OKRSet) -> None:
    prefix = f"{old.period}/{old.team}"
    for objective in old.objectives:
        for kr in objective.key_results:
            history.changes.append(_moved(commit, f"{prefix}/{objective.id}/{kr.id}", "removed", kr.title, None))
        history.changes.append(_moved(commit, f"{prefix}/{objective.id}", "removed", objective.title, None))


def _compare_sets(history: History, commit: Commit, old: OKRSet | None, new: OKRSet, path: str) -> None:
    def krs(okr_set: OKRSet | None) -> dict:
        if okr_set is None:
            return {}
        return {(okr_set.period, okr_set.team, o.id, k.id): (o, k) for o in okr_set.objectives for k in o.key_results}

    before, after = krs(old), krs(new)
    prefix = f"{new.period}/{new.team}"
    for key, (objective, kr) in after.items():
        ref = f"{prefix}/{objective.id}/{kr.id}"
        value = kr.done if kr.type == "milestone" else kr.current
        was = before.get(key)
        old_value = None if was is None else (was[1].done if was[1].type == "milestone" else was[1].current)
        if value is not None and (was is None or value != old_value):
            history.points.setdefault(ref, []).append(Point(commit.date, value, path, commit.sha, commit.author))
        if old is None:
            continue
        if was is None:
            history.changes.append(_moved(commit, ref, "added", None, kr.title))
            continue
        for name in ("start", "target", "type", "title", "threshold", "weight"):
            a, b = getattr(was[1], name), getattr(kr, name)
            if a != b:
                history.changes.append(_moved(commit, ref, name, a, b))
    if old is not None:
        for key, (objective, kr) in before.items():
            if key not in after:
                ref = f"{key[0]}/{key[1]}/{objective.id}/{kr.id}"
                history.changes.append(_moved(commit, ref, "removed", kr.title, None))
        _renumbered(history, commit, before, after, prefix)
        same = old.period == new.period and old.team == new.team
        old_objectives = {o.id: o for o in old.objectives} if same else {}
        new_objectives = {o.id: o for o in new.objectives} if same else {}
        for oid in new_objectives.keys() - old_objectives.keys():
            history.changes.append(
                _moved(commit, f"{prefix}/{oid}", "added", None, new_objectives[oid].title)
            )
        for oid in old_objectives.keys() - new_objectives.keys():
            history.changes.append(
                _moved(commit, f"{prefix}/{oid}", "removed", old_objectives[oid].title, None)
            )
