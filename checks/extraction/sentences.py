"""Sentence spans: sentencex segments, further split at line breaks."""

from __future__ import annotations

import bisect
import re

import sentencex

_LINE_RE = re.compile(r"[^\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence, whitespace trimmed, in order.

    News texts put headlines, bylines and captions on lines of their own, so a
    line break always ends a sentence.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for seg in sentencex.segment("en", text):
        if not seg:
            continue
        at = text.find(seg, cursor)
        if at < 0:  # the segmenter altered the text; fall back to lines
            return _line_spans(text)
        cursor = at + len(seg)
        for m in _LINE_RE.finditer(seg):
            s, e = at + m.start(), at + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                spans.append((s, e))
    return spans


def _line_spans(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


class SentenceIndex:
    """Find the sentence enclosing a span."""

    def __init__(self, text: str):
        self.spans = sentence_spans(text)
        self.starts = [s for s, _ in self.spans]
        self.text = text

    def enclosing(self, start: int, end: int) -> tuple[int, int]:
        """Return the smallest run of sentences covering ``[start, end)``."""
        if not self.spans:
            return start, end
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        j = max(bisect.bisect_left(self.starts, end) - 1, i)
        s = min(self.spans[i][0], start)
        e = max(self.spans[j][1], end)
        return s, e

    def line_of(self, pos: int) -> tuple[int, int]:
        """Return the span of the line (paragraph) holding ``pos``."""
        s = self.text.rfind("\n", 0, pos) + 1
        e = self.text.find("\n", pos)
        return s, len(self.text) if e < 0 else e
