"""Dates: absolute, numeric, partial and relative ones."""

import datetime as dt
import subprocess
import sys

import pytest

from .conftest import REPO_ROOT

PUBLISHED = dt.date(2017, 9, 8)  # a Friday


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Photo taken August 28, 2017.", "August 28, 2017", "2017-08-28"),
        ("It opened on 15 June 2016.", "15 June 2016", "2016-06-15"),
        ("Filed 02/22/2016 in court.", "02/22/2016", "2016-02-22"),
        ("The vote was in August 2017.", "August 2017", "2017-08"),
        ("Sales fell in 2017 as well.", "2017", "2017"),
        ("It echoes the 1990s.", "1990s", "1990/1999"),
        (
            "He arrived Monday, January 12th, 2016.",
            "Monday, January 12th, 2016",
            "2016-01-12",
        ),
    ],
)
def test_absolute_dates_have_iso_values(one_claim, text, surface, value):
    claim = one_claim(text, "date")
    assert (claim.text, claim.value) == (surface, value)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The group confirmed Thursday that it left.", "Thursday", "2017-09-07"),
        ("Officials met yesterday.", "yesterday", "2017-09-07"),
        ("He spoke earlier this month.", "earlier this month", "2017-09"),
        ("Prices rose last week.", "last week", "2017-W35"),
        ("It was signed last year.", "last year", "2016"),
        ("The talks ended two days ago.", "two days ago", "2017-09-06"),
        ("The deal was brokered in August.", "August", "2017-08"),
    ],
)
def test_relative_dates_resolve_against_published(one_claim, text, surface, value):
    claim = one_claim(text, "date", published=PUBLISHED)
    assert (claim.text, claim.value) == (surface, value)


def test_relative_dates_keep_their_text_without_published(one_claim):
    claim = one_claim("The group confirmed Thursday that it left.", "date")
    assert (claim.text, claim.value) == ("Thursday", None)


def test_month_and_day_without_year_take_the_publication_year(one_claim):
    assert one_claim("Talks resume on March 3.", "date").value is None
    claim = one_claim("Talks resume on March 3.", "date", published=PUBLISHED)
    assert claim.value == "2018-03-03"


@pytest.mark.parametrize(
    "text",
    [
        "About 3/4 of voters agreed.",
        "The shop is open 24/7 now.",
        "They may one day return.",
        "It was the first time in the second round.",
    ],
)
def test_fractions_idioms_and_ordinals_are_not_dates(claims_of, text):
    assert claims_of(text, "date") == []


def test_dateparser_is_not_imported_by_the_engine():
    code = (
        "import sys; from checks.extraction import extract_claims; "
        "extract_claims('On August 28, 2017, 40 people left on Thursday.'); "
        "print('dateparser' in sys.modules, "
        "any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["False", "False"]
