"""One pass over the letters of a text, shared by the number and date scans."""

from __future__ import annotations

import re

_LETTER_RUN_RE = re.compile(r"[A-Za-z]+")

Word = tuple[int, int, str]  # start, end, lower-cased word


def words_in(text: str, vocabulary: frozenset[str]) -> list[Word]:
    """Return the words of ``text`` whose lower-case form is in ``vocabulary``."""
    out = []
    for m in _LETTER_RUN_RE.finditer(text):
        w = m.group().lower()
        if w in vocabulary:
            out.append((m.start(), m.end(), w))
    return out
