"""The claim record returned by the extractor."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

COUNT = "count"
MONEY = "money"
PERCENT = "percent"
QUANTITY = "quantity"
DURATION = "duration"
DATE = "date"
QUOTE = "quote"
ATTRIBUTION = "attribution"

CLAIM_KINDS = (COUNT, MONEY, PERCENT, QUANTITY, DURATION, DATE, QUOTE, ATTRIBUTION)


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One checkable statement found in a text.

    ``start``/``end`` are ``str`` offsets into the text given to
    :func:`~checks.extraction.extract_claims`, and ``text == source[start:end]``.
    """

    kind: str
    start: int
    end: int
    text: str
    value: Any = None
    value_high: Any = None
    unit: str | None = None
    subject: str | None = None
    qualifier: str | None = None
    speaker: str | None = None
    sentence_start: int = 0
    sentence_end: int = 0
    checkworthiness: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict of all fields."""
        return dataclasses.asdict(self)
