"""Numbers, money, percentages and quantities: what is and is not a figure."""

import pytest

from checks.extraction import CLAIM_KINDS, ExtractedClaim, find_numbers


def test_claim_kinds_are_the_eight_documented_ones():
    assert set(CLAIM_KINDS) == {
        "count",
        "money",
        "percent",
        "quantity",
        "duration",
        "date",
        "quote",
        "attribution",
    }


def test_claims_are_frozen_and_serialisable(one_claim):
    import json

    claim = one_claim("Police arrested 12 people.", "count")
    assert isinstance(claim, ExtractedClaim)
    with pytest.raises(AttributeError):
        claim.value = 13
    assert json.loads(json.dumps(claim.to_dict()))["value"] == 12


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The city has 1,250 basements.", 1250),
        ("It measured 3.7 tremors.", 3.7),
        ("There were eight Lebanese soldiers.", 8),
        ("There were eleven soldiers.", 11),
        ("Forty-two schools closed.", 42),
        ("One Hezbollah terrorist was held.", 1),
        ("About 1.2 billion people live there.", 1_200_000_000),
        ("He bought a dozen eggs.", 12),
        ("She hired two dozen doctors.", 24),
        ("It has three hundred and forty-two thousand residents.", 342_000),
    ],
)
def test_counts_are_normalised(one_claim, text, value):
    assert one_claim(text, "count").value == value


def test_idiom_one_of_the_worst_is_not_a_count(claims_of):
    assert claims_of("It was one of the worst storms.", "count") == []


def test_pronoun_one_is_not_a_count(claims_of):
    assert claims_of("The one you mentioned was closed.", "count") == []
    assert claims_of("Which one do you prefer?", "count") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The plan costs $4.5 million.", 4_500_000, "USD"),
        ("It spent £2.1bn on trains.", 2_100_000_000, "GBP"),
        ("A grant of €350 million arrived.", 350_000_000, "EUR"),
        ("Give me 5 dollars.", 5, "USD"),
        ("Profit was 100 billion yuan.", 100_000_000_000, "CNY"),
        ("Profit improved to 361 million pounds.", 361_000_000, "GBP"),
        ("Shares fell 50 cents.", 0.5, "USD"),
        ("It raised US$ 150 million.", 150_000_000, "USD"),
        ("It cost thirteen dollars and forty-five cents.", 13.45, "USD"),
    ],
)
def test_money_has_value_and_iso_currency(one_claim, text, value, unit):
    claim = one_claim(text, "money")
    assert claim.value == pytest.approx(value)
    assert claim.unit == unit


def test_pounds_of_weight_are_not_money(claims_of):
    assert claims_of("She lost 20 pounds last year.", "money") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Turnout was 40%.", 40, "%"),
        ("Taxes rise 3.5 percent.", 3.5, "%"),
        ("Support rose 12 percentage points.", 12, "percentage point"),
    ],
)
def test_percentages(one_claim, text, value, unit):
    claim = one_claim(text, "percent")
    assert (claim.value, claim.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The road is 4,000 km long.", 4000, "kilometre"),
        ("Nearly 90 millimetres of rain fell.", 90, "millimetre"),
        ("The fish weighed 12 kg.", 12, "kilogram"),
        ("They walked 3 miles.", 3, "mile"),
    ],
)
def test_quantities_have_singular_units(one_claim, text, value, unit):
    claim = one_claim(text, "quantity")
    assert (claim.value, claim.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The buses were stranded for two weeks.", 2, "week"),
        ("Work will take 18 months.", 18, "month"),
        ("The meeting lasted three hours.", 3, "hour"),
        ("We waited half an hour.", 0.5, "hour"),
    ],
)
def test_durations_have_singular_units(one_claim, text, value, unit):
    claim = one_claim(text, "duration")
    assert (claim.value, claim.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("At least 300 residents attended.", "at least"),
        ("More than 40,000 homes lost power.", "more than"),
        ("Nearly 90 people died.", "nearly"),
        ("About 12,000 customers waited.", "about"),
        ("Some 600 fighters left.", "some"),
        ("Roughly 14,500 people work there.", "roughly"),
        ("Up to 500 workers may go.", "up to"),
        ("Almost 200 houses burned.", "almost"),
        ("Over 70 trucks arrived.", "over"),
        ("Fewer than 30 voters came.", "fewer than"),
    ],
)
def test_qualifiers_are_kept(one_claim, text, qualifier):
    assert one_claim(text, "count").qualifier == qualifier


def test_range_between_has_low_and_high(one_claim):
    claim = one_claim("Between 200 and 300 people marched.", "count")
    assert (claim.value, claim.value_high, claim.subject) == (200, 300, "people")


def test_range_of_money_shares_the_currency(one_claim):
    claim = one_claim("A forecast of $4.6 billion to $4.8 billion.", "money")
    assert (claim.value, claim.value_high, claim.unit) == (
        4_600_000_000,
        4_800_000_000,
        "USD",
    )


def test_range_scale_applies_to_both_ends(one_claim):
    claim = one_claim("Between 2 and 3 million people voted.", "count")
    assert (claim.value, claim.value_high) == (2_000_000, 3_000_000)


def test_compound_modifier_gives_the_subject(one_claim):
    claim = one_claim("The 40-vehicle convoy left.", "count")
    assert (claim.value, claim.subject) == (40, "vehicle")


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Hundreds of people gathered.", 100, "hundreds of"),
        ("Tens of thousands of sandbags were used.", 10_000, "tens of thousands of"),
    ],
)
def test_vague_plurals_are_counts_with_their_hedge(one_claim, text, value, qualifier):
    claim = one_claim(text, "count")
    assert (claim.value, claim.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "The 101st Airborne arrived.",
        "It is the second-largest city.",
        "The meeting starts at 3:30 p.m.",
        "Doors open at 5 pm sharp.",
        "Call 555-123-4567 for details.",
        "Section 230 protects platforms.",
        "Under § 12 of the act, fines apply.",
        "She waited in Room 101 alone.",
        "It happened in 2017 again.",
        "Music of the 1990s returned.",
    ],
)
def test_ordinals_times_phones_sections_rooms_and_years_are_not_counts(claims_of, text):
    assert claims_of(text, "count", "quantity", "money", "percent") == []


def test_years_and_decades_are_dates(claims_of):
    dates = claims_of("It began in 2017 and echoed the 1990s.", "date")
    assert [c.value for c in dates] == ["2017", "1990/1999"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,234,567", [1234567]),
        ("two thirds", [pytest.approx(2 / 3)]),
        ("one and a half", [1.5]),
        ("half a dozen", [6]),
        ("4 thousand 3 hundred and 21", [4321]),
        ("10k", [10_000]),
        ("192.168.1.2", [192, 168, 1, 2]),
        ("the 180ml liquid", []),
        ("Let's try one last time", [1]),
    ],
)
def test_find_numbers_reads_digits_words_scales_and_fractions(text, values):
    assert [v for _, _, v in find_numbers(text)] == values


def test_find_numbers_spans_point_into_the_text():
    text = "It cost twenty-one trillion three hundred."
    ((start, end, value),) = find_numbers(text)
    assert text[start:end] == "twenty-one trillion three hundred"
    assert value == 21_000_000_000_300
