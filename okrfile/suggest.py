""""Did you mean" hints for misspelt keys, slugs and references."""

from __future__ import annotations

import difflib


def did_you_mean(word: str, choices) -> str:
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean `{matches[0]}`?" if matches else ""
