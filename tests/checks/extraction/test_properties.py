"""Properties that hold for any input text."""

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checks.extraction import CLAIM_KINDS, extract_claims

NEWSY = st.lists(
    st.sampled_from(
        [
            "600",
            "1,250",
            "3.7",
            "$4.5 million",
            "£2.1bn",
            "40%",
            "eight",
            "Forty-two",
            "one",
            "of",
            "the",
            "at least",
            "between",
            "and",
            "August",
            "28,",
            "2017",
            "Thursday",
            "“",
            "”",
            '"',
            ",",
            ".",
            "\n",
            "said",
            "Ryan Dillon",
            "according to",
            "told reporters",
            "weeks",
            "km",
            "-",
            "hundreds of",
            "a dozen",
            "Section",
            "230",
            "at 3:30",
            "p.m.",
            "1990s",
        ]
    ),
    max_size=40,
).map(" ".join)
SURROGATE_FREE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
)
PROPS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _check_invariants(text: str) -> None:
    claims = extract_claims(text)
    for c in claims:
        assert c.kind in CLAIM_KINDS
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        assert c.sentence_start <= c.start
        assert c.end <= c.sentence_end <= len(text)
        assert 0.0 <= c.checkworthiness <= 1.0
    keys = [(c.start, c.end, c.kind, c.text) for c in claims]
    assert keys == sorted(keys)


@PROPS
@given(SURROGATE_FREE)
@example("")
@example("\x00\x01\x02\u200b\ufeff")
@example("“unterminated quote, 5 people")
def test_spans_lie_in_any_unicode_text(text):
    _check_invariants(text)


@PROPS
@given(NEWSY)
def test_spans_lie_in_news_like_text(text):
    _check_invariants(text)


@PROPS
@given(NEWSY)
def test_output_is_deterministic(text):
    assert extract_claims(text) == extract_claims(text)


def test_a_megabyte_of_punctuation_returns_quickly():
    text = ".,;:!?-—“”\"'()[]{}%$£€/\\" * 40_000
    start = time.perf_counter()
    claims = extract_claims(text)
    assert time.perf_counter() - start < 30
    for c in claims:
        assert text[c.start : c.end] == c.text
