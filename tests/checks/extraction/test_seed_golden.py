"""Golden tests on the seed article: every figure a fact-checker must see."""

import datetime as dt

import pytest

from checks.extraction import extract_claims

from .conftest import seed_paths

PATHS = seed_paths()
pytestmark = pytest.mark.skipif(not PATHS, reason="seed article not found")


@pytest.fixture(params=PATHS, ids=lambda p: p.parent.name + "/" + p.name)
def seed(request):
    text = request.param.read_text(encoding="utf-8")
    return text, extract_claims(text)


def _find(claims, kind, text):
    hits = [c for c in claims if c.kind == kind and text in c.text]
    assert hits, f"no {kind} claim containing {text!r}"
    return hits[0]


@pytest.mark.parametrize(
    ("surface", "value", "subject"),
    [
        ("600", 600, "ISIS terrorists"),
        ("40 vehicles", 40, "vehicles"),
        ("85 fighters", 85, "fighters"),
        ("11 remaining buses", 11, "remaining buses"),
        ("eight Lebanese soldiers", 8, "Lebanese soldiers"),
        ("One Hezbollah terrorist", 1, "Hezbollah terrorist"),
    ],
)
def test_seed_counts_have_value_and_subject(seed, surface, value, subject):
    _, claims = seed
    claim = _find(claims, "count", surface)
    assert claim.value == value
    assert claim.subject == subject
    assert claim.qualifier is None


def test_seed_two_weeks_is_a_duration(seed):
    _, claims = seed
    claim = _find(claims, "duration", "two weeks")
    assert (claim.value, claim.unit) == (2, "week")


def test_seed_photo_date_is_one_date_not_two_numbers(seed):
    _, claims = seed
    claim = _find(claims, "date", "August 28, 2017")
    assert claim.value == "2017-08-28"
    assert not [c for c in claims if c.kind == "count" and c.value in (28, 2017)]


def test_seed_spokesman_quote_has_his_name(seed):
    _, claims = seed
    quote = _find(claims, "quote", "It presented an opportunity")
    assert "Ryan Dillon" in quote.speaker
    assert quote.value.startswith("It presented an opportunity for the coalition")


def test_seed_prime_minister_quotes_both_have_abadi(seed):
    _, claims = seed
    first = _find(claims, "quote", "We consider it an insult")
    second = _find(claims, "quote", "We are fighting terrorism in Iraq")
    assert "Abadi" in first.speaker
    assert "Abadi" in second.speaker
    assert second.value.endswith("We don't send them to Syria.")


def test_seed_according_to_attribution_names_the_observatory(seed):
    _, claims = seed
    claim = _find(claims, "attribution", "according to")
    assert claim.speaker == "the U.K.-based Syrian Observatory for Human Rights"


def test_seed_later_mention_resolves_to_full_name(seed):
    _, claims = seed
    claim = _find(claims, "attribution", "Dillon told reporters")
    assert "Ryan Dillon" in claim.speaker


def test_seed_one_of_few_areas_is_not_a_count(seed):
    text, claims = seed
    at = text.index("one of few areas")
    assert not [c for c in claims if c.kind == "count" and c.start <= at < c.end]


def test_seed_byline_caption_and_updated_rank_below_body_figures(seed):
    text, claims = seed
    body_start = text.index("The ISIS convoy that was making")
    front = [c for c in claims if c.start < body_start]
    assert front, "the caption date should be found"
    body_figures = [
        c for c in claims if c.kind == "count" and c.start >= body_start and c.subject
    ]
    assert len(body_figures) >= 6
    assert max(c.checkworthiness for c in front) < min(
        c.checkworthiness for c in body_figures
    )


def test_seed_quotes_with_speakers_rank_above_round_durations(seed):
    _, claims = seed
    quote = _find(claims, "quote", "We consider it")
    weeks = _find(claims, "duration", "two weeks")
    assert quote.checkworthiness > weeks.checkworthiness


def test_seed_relative_dates_resolve_against_publication(seed):
    text, _ = seed
    claims = extract_claims(text, published=dt.date(2017, 9, 8))
    thursday = [c for c in claims if c.kind == "date" and c.text == "Thursday"]
    assert thursday
    assert {c.value for c in thursday} == {"2017-09-07"}
    month = _find(claims, "date", "earlier this month")
    assert month.value == "2017-09"
