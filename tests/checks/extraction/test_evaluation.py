"""Scores on external test suites: Microsoft Recognizers-Text and quantulum3.

The goals are value recall (see ``checks.extraction.evaluate`` for the matching
rules); each suite skips when its files are not on this machine.
"""

import pytest

from checks.extraction import evaluate

GOALS = {
    "NumberModel": 0.95,
    "PercentModel": 0.95,
    "CurrencyModel": 0.95,
    "DateExtractor": 0.90,
    "DurationExtractor": 0.90,
}


@pytest.mark.parametrize(("suite", "goal"), GOALS.items())
def test_value_recall_meets_the_goal(suite, goal):
    base = evaluate.recognizers_dir()
    if not (base / evaluate.SUITES[suite][0]).exists():
        pytest.skip(f"Recognizers-Text specs not found in {base}")
    score = evaluate.evaluate_recognizers(suite, base)
    assert score.expected_values > 0
    assert score.value_recall >= goal, score.misses


def test_quantulum_suite_runs_and_finds_most_values():
    score = evaluate.evaluate_quantulum()
    if score is None:
        pytest.skip("quantulum3 is not installed")
    assert score.cases > 50
    assert score.value_recall >= 0.75
