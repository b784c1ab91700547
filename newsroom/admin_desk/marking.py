"""Cut a text into display segments at the offsets of marked spans.

Pure Python: the workspace and the compare view slice a draft's body at its
claim mentions and let the template escape every slice, so no user text is ever
marked safe. Spans may overlap or nest (a quote containing a figure); each
segment carries the innermost span covering it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mark:
    """A span ``[start, end)`` of the text with what to show for it."""

    start: int
    end: int
    key: Any
    label: str = ""
    css: str = ""
    url: str = ""


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark | None = None
    # Marks starting at this segment (anchors) and ending after it (badges).
    opens: tuple[Mark, ...] = field(default_factory=tuple)
    closes: tuple[Mark, ...] = field(default_factory=tuple)


def text_marked(
    text: str, marks: list[Mark], *, start: int = 0, end: int | None = None
) -> list[Segment]:
    """Split ``text[start:end]`` into segments at every mark boundary.

    Marks outside the range are ignored and marks crossing its edges are cut to
    it; a mark's badge (``closes``) is only emitted where the mark really ends,
    and its anchor (``opens``) only where it really starts.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    usable = [m for m in marks if m.start < m.end and m.start < end and start < m.end]
    cuts = {start, end}
    for m in usable:
        cuts.add(max(m.start, start))
        cuts.add(min(m.end, end))
    points = sorted(cuts)
    segments: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [m for m in usable if m.start <= a and b <= m.end]
        inner = min(covering, key=lambda m: (m.end - m.start, m.start), default=None)
        segments.append(
            Segment(
                text=text[a:b],
                mark=inner,
                opens=tuple(m for m in covering if m.start == a),
                # Innermost first, so badges read outwards after the text.
                closes=tuple(
                    sorted(
                        (m for m in covering if m.end == b),
                        key=lambda m: m.end - m.start,
                    )
                ),
            )
        )
    return segments
