"""Score the extractor against external test suites nobody on this team wrote.

Run ``python -m checks.extraction.evaluate``. Suites:

* Microsoft Recognizers-Text English specs (MIT), read from
  ``../shared/benchmarks/recognizers-text`` beside the repository, or from the
  directory in ``RECOGNIZERS_TEXT_DIR``. Cases whose ``NotSupported`` names python
  are skipped, as the upstream Python port does.
* quantulum3's own ``quantities.json`` from the installed package.

Layers measured: ``NumberModel`` measures the plain number layer
(:func:`~checks.extraction.numbers.find_numbers`); every other suite measures
:func:`~checks.extraction.extract_claims`, keeping the claims of the kinds the
suite is about (percent, money, date, duration; all numeric kinds for quantulum3).

Matching, one-to-one and greedy, per input text:

* value match: a prediction overlaps the expected span (at least one character in
  common) and has the same normalised value (relative tolerance 1e-6). The
  DateTime extractor specs carry no values, so there a value match is an
  overlapping prediction of the right kind ("found"). Expected currency results
  without an amount (a bare "dollar") are left out of the value scores and kept
  in the span scores. Amounts in cents/pence are compared in the major unit
  (the specs give "50 cents" the value 50, the extractor 0.5 USD). quantulum3
  gives ranges as midpoints; a range claim is compared through its midpoint.
* span match: the prediction's start and end equal the expected ones exactly.

Precision is matched predictions over predictions; recall is matched expected
results over expected results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import extract_claims
from .claims import COUNT, DATE, DURATION, MONEY, PERCENT, QUANTITY
from .numbers import find_numbers

REPO_ROOT = Path(__file__).resolve().parents[2]
MINOR_UNITS = {"Cent", "Pence", "Penny"}


def recognizers_dir() -> Path:
    env = os.environ.get("RECOGNIZERS_TEXT_DIR")
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "benchmarks" / "recognizers-text"


def quantulum_tests_path() -> Path | None:
    try:
        import quantulum3
    except ImportError:
        return None
    path = Path(quantulum3.__file__).parent / "_lang" / "en_US" / "tests"
    path = path / "quantities.json"
    return path if path.exists() else None


@dataclass
class Expected:
    start: int
    end: int  # exclusive
    value: float | None
    scored_value: bool = True


@dataclass
class Predicted:
    start: int
    end: int
    value: float | None


@dataclass
class Score:
    suite: str
    layer: str
    cases: int = 0
    skipped: int = 0
    expected_values: int = 0
    expected_spans: int = 0
    predicted: int = 0
    value_hits_expected: int = 0
    value_hits_predicted: int = 0
    span_hits: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def value_precision(self) -> float:
        return self._ratio(self.value_hits_predicted, self.predicted)

    @property
    def value_recall(self) -> float:
        return self._ratio(self.value_hits_expected, self.expected_values)

    @property
    def span_precision(self) -> float:
        return self._ratio(self.span_hits, self.predicted)

    @property
    def span_recall(self) -> float:
        return self._ratio(self.span_hits, self.expected_spans)


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _overlap(p: Predicted, e: Expected) -> bool:
    return p.start < e.end and e.start < p.end


def _score_case(
    score: Score,
    text: str,
    expected: list[Expected],
    predicted: list[Predicted],
    check_values: bool,
) -> None:
    score.cases += 1
    score.predicted += len(predicted)
    score.expected_spans += len(expected)
    # value matching
    used: set[int] = set()
    value_matched_pred: set[int] = set()
    for e in expected:
        if e.scored_value:
            score.expected_values += 1
        for pi, p in enumerate(predicted):
            if pi in used or not _overlap(p, e):
                continue
            if check_values and not _same_value(p.value, e.value):
                continue
            used.add(pi)
            value_matched_pred.add(pi)
            if e.scored_value:
                score.value_hits_expected += 1
            break
        else:
            if e.scored_value:
                got = [(text[p.start : p.end], p.value) for p in predicted]
                score.misses.append(
                    f"{text[e.start : e.end]!r}={e.value} in {text[:90]!r}; got {got}"
                )
    # a prediction overlapping an unscored (valueless) expected result is no error
    for pi, p in enumerate(predicted):
        if pi not in value_matched_pred and any(
            not e.scored_value and _overlap(p, e) for e in expected
        ):
            value_matched_pred.add(pi)
    score.value_hits_predicted += len(value_matched_pred)
    spans = {(p.start, p.end) for p in predicted}
    score.span_hits += sum((e.start, e.end) in spans for e in expected)


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as fh:
        return json.load(fh)


def _expected_recognizers(case: dict, parse_value: Callable) -> list[Expected]:
    out = []
    for r in case.get("Results", []):
        start = r["Start"]
        end = start + r["Length"] if "Length" in r else r["End"] + 1
        value, scored = parse_value(r)
        out.append(Expected(start, end, value, scored))
    return out


def _claims_of(text: str, kinds: Iterable[str]) -> list:
    kinds = set(kinds)
    return [c for c in extract_claims(text) if c.kind in kinds]


def _number_value(r: dict):
    v = r.get("Resolution", {}).get("value")
    return (float(v), True) if v not in (None, "null") else (None, False)


def _percent_value(r: dict):
    v = r.get("Resolution", {}).get("value")
    if v in (None, "null"):
        return None, False
    return float(v.rstrip("%")), True


def _currency_value(r: dict):
    res = r.get("Resolution", {})
    v = res.get("value")
    if v in (None, "null"):
        return None, False
    value = float(v)
    if res.get("unit") in MINOR_UNITS:
        value /= 100
    return value, True


def _no_value(r: dict):
    return None, True


def _as_float(v) -> float | None:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return None


SUITES = {
    "NumberModel": ("Number/NumberModel.json", "find_numbers", _number_value, True),
    "PercentModel": ("Number/PercentModel.json", (PERCENT,), _percent_value, True),
    "CurrencyModel": (
        "NumberWithUnit/CurrencyModel.json",
        (MONEY,),
        _currency_value,
        True,
    ),
    "DateExtractor": ("DateTime/DateExtractor.json", (DATE,), _no_value, False),
    "DurationExtractor": (
        "DateTime/DurationExtractor.json",
        (DURATION,),
        _no_value,
        False,
    ),
}


def _predict(layer, text: str) -> list[Predicted]:
    if layer == "find_numbers":
        return [Predicted(s, e, float(v)) for s, e, v in find_numbers(text)]
    return [
        Predicted(c.start, c.end, _as_float(c.value)) for c in _claims_of(text, layer)
    ]


def evaluate_recognizers(name: str, base: Path | None = None) -> Score:
    """Score one Recognizers-Text suite by name (a key of ``SUITES``)."""
    rel, layer, parse_value, check_values = SUITES[name]
    base = base or recognizers_dir()
    label = (
        layer if isinstance(layer, str) else "extract_claims[" + ",".join(layer) + "]"
    )
    score = Score(name, label)
    for case in _load(base / rel):
        if "python" in str(case.get("NotSupported", "")).lower():
            score.skipped += 1
            continue
        text = case["Input"]
        expected = _expected_recognizers(case, parse_value)
        _score_case(score, text, expected, _predict(layer, text), check_values)
    return score


def evaluate_quantulum(path: Path | None = None) -> Score | None:
    """Score extract_claims on quantulum3's own quantities.json."""
    path = path or quantulum_tests_path()
    if path is None:
        return None
    kinds = {COUNT, MONEY, PERCENT, QUANTITY, DURATION, DATE}
    score = Score("quantulum3 quantities.json", "extract_claims[numeric kinds]")
    for case in json.loads(path.read_text(encoding="utf-8")):
        text = case["req"]
        expected = []
        pos = 0
        for r in case["res"]:
            surface = r["surface"]
            start = text.find(surface, pos)
            if start < 0:
                start = text.find(surface)
            if start < 0:
                continue
            pos = start + len(surface)
            expected.append(Expected(start, start + len(surface), float(r["value"])))
        predicted = []
        for c in _claims_of(text, kinds):
            value = c.value
            if c.kind == DATE and isinstance(value, str) and value.isdigit():
                value = int(value)
            value = _as_float(value)
            if value is not None and c.value_high is not None:
                value = (value + c.value_high) / 2
            predicted.append(Predicted(c.start, c.end, value))
        _score_case(score, text, expected, predicted, True)
    return score


def evaluate_all(base: Path | None = None) -> list[Score]:
    base = base or recognizers_dir()
    scores = []
    if base.is_dir():
        scores = [evaluate_recognizers(name, base) for name in SUITES]
    q = evaluate_quantulum()
    if q is not None:
        scores.append(q)
    return scores


def format_table(scores: list[Score]) -> str:
    head = (
        f"{'suite':<27} {'layer':<32} {'cases':>5} {'exp':>4} {'pred':>4} "
        f"{'val P':>6} {'val R':>6} {'span P':>6} {'span R':>6}"
    )
    lines = [head, "-" * len(head)]
    for s in scores:
        lines.append(
            f"{s.suite:<27} {s.layer:<32} {s.cases:>5} {s.expected_spans:>4} "
            f"{s.predicted:>4} {s.value_precision:>6.3f} {s.value_recall:>6.3f} "
            f"{s.span_precision:>6.3f} {s.span_recall:>6.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list value misses")
    args = parser.parse_args(argv)
    scores = evaluate_all()
    if not scores:
        sys.stderr.write(f"no suites found (looked in {recognizers_dir()})\n")
        return 1
    sys.stdout.write(format_table(scores) + "\n")
    sys.stdout.write(
        "value: overlapping span and same value (DateTime suites: overlapping "
        "span of the right kind); span: exact start and end.\n"
    )
    if args.misses:
        for s in scores:
            for m in s.misses:
                sys.stdout.write(f"[{s.suite}] {m}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
