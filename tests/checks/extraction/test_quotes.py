"""Direct quotes with their speakers, and attributions."""

STRAIGHT = (
    'Officials met on Monday. "We will rebuild the bridge," Mayor Ellen Okafor said.'
)
CURLY = (
    "Officials met on Monday. “We will rebuild the bridge,” Mayor Ellen Okafor said."
)


def test_curly_and_straight_quotes_give_the_same_value(one_claim):
    a = one_claim(STRAIGHT, "quote")
    b = one_claim(CURLY, "quote")
    assert a.value == b.value == "We will rebuild the bridge"
    assert a.speaker == b.speaker == "Mayor Ellen Okafor"
    assert a.text == '"We will rebuild the bridge,"'


def test_quote_split_around_its_attribution_gives_two_quotes_one_speaker(claims_of):
    text = (
        "“We consider it an insult,” Abadi told reporters. "
        "“We don’t send them to Syria.”"
    )
    quotes = claims_of(text, "quote")
    assert [q.value for q in quotes] == [
        "We consider it an insult",
        "We don't send them to Syria.",
    ]
    assert [q.speaker for q in quotes] == ["Abadi", "Abadi"]


def test_said_before_the_quote_names_the_speaker(one_claim):
    text = 'Dr. Priya Raman said: "These numbers are still far too high."'
    assert one_claim(text, "quote").speaker == "Dr. Priya Raman"


def test_partial_quote_inside_a_sentence_is_a_quote(one_claim):
    text = "Haider al-Abadi called the deal “an insult to the Iraqi people.”"
    claim = one_claim(text, "quote")
    assert claim.value == "an insult to the Iraqi people."
    assert "Abadi" in claim.speaker


def test_surname_resolves_to_the_fullest_earlier_mention(claims_of):
    text = (
        "Iraqi Prime Minister Haider al-Abadi criticised the deal.\n"
        "“Moving them is unacceptable,” Abadi told reporters."
    )
    (quote,) = claims_of(text, "quote")
    assert quote.speaker == "Iraqi Prime Minister Haider al-Abadi"


def test_he_said_resolves_to_the_last_named_speaker(claims_of):
    text = (
        "“The water came up fast,” said resident Marta Kowalski.\n"
        "“We lost everything in an hour,” she said."
    )
    quotes = claims_of(text, "quote")
    assert [q.speaker for q in quotes] == ["Marta Kowalski", "Marta Kowalski"]


def test_one_word_scare_quotes_are_not_quotes(claims_of):
    assert claims_of('The so-called "experts" disagreed.', "quote") == []


def test_according_to_gives_an_attribution_with_its_source(one_claim):
    text = "One fighter was released, according to the U.K.-based Syrian Observatory."
    claim = one_claim(text, "attribution")
    assert claim.text == "according to the U.K.-based Syrian Observatory"
    assert claim.speaker == "the U.K.-based Syrian Observatory"


def test_told_reporters_and_said_in_a_statement_are_attributions(claims_of):
    text = (
        "Colonel Ryan Dillon spoke on Monday.\n"
        "Dillon told reporters that the convoy had stopped.\n"
        "The Northvale Health Authority said in a statement that waits fell."
    )
    speakers = [c.speaker for c in claims_of(text, "attribution")]
    assert speakers == ["Colonel Ryan Dillon", "Northvale Health Authority"]


def test_quotes_with_a_named_speaker_rank_high(claims_of):
    named, anonymous = claims_of(
        "“We will rebuild the bridge soon,” Mayor Ellen Okafor said.\n"
        "“Nobody will rebuild that bridge soon.”",
        "quote",
    )
    assert named.checkworthiness > anonymous.checkworthiness
    assert named.checkworthiness >= 0.7
