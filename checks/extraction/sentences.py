"""Sentence spans: sentencex segments, further split at line breaks."""

from __future__ import annotations

import bisect
import re

import sentencex

_LINE_RE = re.compile(r"[^\n]+")
_MAX_CHUNK = 4000
_NEWLINE_RE = re.compile(r"\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each sentence, whitespace trimmed, in order.

    News texts put headlines, bylines and captions on lines of their own, so a
    line break always ends a sentence.
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE_RE.finditer(text):
        for lo, hi in _chunks(text, line.start(), line.end()):
            if not _segment(text, lo, hi, spans):
                spans.extend(_line_spans(text[lo:hi], lo))
    return spans


def _chunks(text: str, lo: int, hi: int):
    """Cut very long lines at a space: the segmenter slows down on them."""
    while hi - lo > _MAX_CHUNK:
        cut = text.rfind(" ", lo + _MAX_CHUNK // 2, lo + _MAX_CHUNK)
        if cut < 0:
            cut = lo + _MAX_CHUNK
        yield lo, cut
        lo = cut
    yield lo, hi


def _segment(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> bool:
    chunk = text[lo:hi]
    cursor = 0
    found = []
    for seg in sentencex.segment("en", chunk):
        if not seg:
            continue
        at = chunk.find(seg, cursor)
        if at < 0:  # the segmenter altered the text
            return False
        cursor = at + len(seg)
        s, e = lo + at, lo + at + len(seg)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            found.append((s, e))
    spans.extend(found)
    return True


def _line_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.start() + offset, m.end() + offset
        while s < e and text[s - offset].isspace():
            s += 1
        while e > s and text[e - 1 - offset].isspace():
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
        self.newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]

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
        i = bisect.bisect_left(self.newlines, pos)
        s = self.newlines[i - 1] + 1 if i > 0 else 0
        e = self.newlines[i] if i < len(self.newlines) else len(self.text)
        return s, e
