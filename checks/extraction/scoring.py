"""Checkworthiness: a 0..1 score that ranks claims for reviewers.

The score starts from what kind of claim it is, then moves with what makes a
claim worth a reviewer's time:

* kind: money and percentages 0.65, counts and quantities 0.55, quotes 0.5,
  attributions 0.5, dates 0.4, durations 0.35;
* specificity: a figure that is not round (85, 3.7, $48.2 million) +0.1; a
  round duration or a vague one ("several days") -0.1; a count whose subject
  is known +0.1, a bare number without one -0.15;
* sourcing: a figure in a sentence that names its source ("according to",
  "told reporters") +0.1; a quote with a named speaker +0.3, an unattributed one
  -0.1, a quote of under four words -0.1;
* a hedge ("at least", "nearly") +0.05: the bound itself needs checking;
* where it stands: headline, byline and other short lines without a verb x0.4;
  photo captions x0.5; "Updated:"/"Published:" lines x0.2.
"""

from __future__ import annotations

import re

from .claims import ATTRIBUTION, COUNT, DATE, DURATION, MONEY, PERCENT, QUANTITY, QUOTE

BASE = {
    MONEY: 0.65,
    PERCENT: 0.65,
    COUNT: 0.55,
    QUANTITY: 0.55,
    QUOTE: 0.5,
    ATTRIBUTION: 0.5,
    DATE: 0.4,
    DURATION: 0.35,
}
_CAPTION_RE = re.compile(
    r"(?:REUTERS/|Reuters/|AP Photo|AFP(?:/| via)|Getty Images|Photo:|Photograph:|"
    r"Credit:|/ ?Shutterstock|Courtesy of|Image:)"
)
_STAMP_RE = re.compile(r"^\s*(?:Updated|Published|Last updated|Posted)\b[^\n]*", re.I)
_SOURCED_RE = re.compile(
    r"\baccording to\b|\b(?:told|tells) (?:reporters|journalists)\b|\bsaid\b|"
    r"\bsays\b|\bestimated\b|\breported\b|\bconfirmed\b|\bdata\b|\bfigures\b",
    re.I,
)
_VERBISH_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|said|says|did|does|be)\b|"
    r"\w+ed\b|[.!?]\s*$"
)


def line_factor(line: str) -> float:
    """Weight of the line (paragraph) a claim sits on."""
    if _STAMP_RE.match(line):
        return 0.2
    if _CAPTION_RE.search(line):
        return 0.5
    words = line.split()
    if len(words) < 12 and not _VERBISH_RE.search(line):
        return 0.4
    return 1.0


def sourced(sentence: str) -> bool:
    """Tell whether a sentence names where its figures come from."""
    return _SOURCED_RE.search(sentence) is not None


def _is_round(value) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    if value == 0:
        return True
    if isinstance(value, float) and not value.is_integer():
        return False
    v = abs(int(value))
    while v % 10 == 0:
        v //= 10
    return v < 10 or abs(value) in (12, 24, 15)


def score(  # noqa: PLR0913
    kind: str,
    *,
    value=None,
    subject=None,
    qualifier=None,
    speaker=None,
    quote_words: int = 0,
    sourced: bool = False,
    line_weight: float = 1.0,
) -> float:
    """Return the checkworthiness of one claim (see the module docstring)."""
    s = BASE.get(kind, 0.4)
    if kind in (COUNT, MONEY, PERCENT, QUANTITY):
        if value is not None and not _is_round(value):
            s += 0.1
        if sourced:
            s += 0.1
        if qualifier:
            s += 0.05
    if kind == COUNT:
        s += 0.1 if subject else -0.15
    if kind == DURATION and (value is None or _is_round(value)):
        s -= 0.1
    if kind == QUOTE:
        s += 0.3 if speaker else -0.1
        if quote_words < 4:
            s -= 0.1
    if kind == ATTRIBUTION and speaker and speaker[:1].isupper():
        s += 0.1
    s *= line_weight
    return round(min(max(s, 0.0), 1.0), 3)
