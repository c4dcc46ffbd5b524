""""Did you mean" hints for misspelt keys, slugs and references."""

from __future__ import annotations

import difflib


def did_you_mean(word: str, choices) -> str:
    """`; did you mean `X`?` for the closest choice; nothing when no choice is close."""
    match = closest(word, choices)
    return f"; did you mean `{match}`?" if match is not None else ""


def closest(word: str, choices) -> str | None:
    """The closest choice by typing mistakes (a swapped pair of letters counts as one),
    else by difflib's similarity; None when no choice is close."""
    choices = sorted(choices)
    limit = len(word) // 3  # words under three letters get no edit-distance guess
    lowered = word.lower()
    near = [(d, c) for c in choices if abs(len(c) - len(word)) <= limit and (d := edits(lowered, c.lower(), limit)) <= limit]
    if near:
        best = min(d for d, _ in near)
        tied = [c for d, c in near if d == best]
        return max(tied, key=lambda c: difflib.SequenceMatcher(None, word, c).ratio())
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def edits(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and
    swaps of neighbouring letters, each one edit; anything over `limit` as limit + 1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1  # every way on costs more: stop early (long lists of names)
        previous2, previous = previous, row
    return previous[len(b)]
