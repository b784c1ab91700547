"""The pure re-anchoring function: claims followed from one text to the next."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.anchoring import (
    CARRIED,
    CHANGED,
    NEW,
    PriorClaim,
    claim_fields,
    claim_fingerprint,
    claims_anchor,
    figure_conflicts,
)

from .conftest import toy_extract


class Article:
    """Follow claim ids across successive texts, as the services do."""

    def __init__(self, text: str):
        self._ids = itertools.count(1)
        self.claims: dict[int, dict] = {}  # id -> fields
        self.dormant: dict[int, dict] = {}
        self.spans: dict[int, list[tuple[int, int]]] = {}
        self.text = ""
        self.plan = None
        self.edit(text)

    def edit(self, new_text: str):
        prior = [
            PriorClaim(
                cid, claim_fingerprint(self.claims[cid]), self.claims[cid], tuple(s)
            )
            for cid, s in self.spans.items()
        ]
        dormant = [
            PriorClaim(cid, claim_fingerprint(fields), fields)
            for cid, fields in reversed(self.dormant.items())
        ]
        plan = claims_anchor(
            old_body=self.text,
            new_body=new_text,
            prior=prior,
            extracted=toy_extract(new_text),
            dormant=dormant,
        )
        spans = {}
        for anchor in plan.anchors:
            cid = anchor.claim_id if anchor.claim_id is not None else next(self._ids)
            self.claims[cid] = anchor.group.fields
            self.dormant.pop(cid, None)
            spans[cid] = [(m.start, m.end) for m in anchor.group.mentions]
        for cid in plan.removed:
            self.dormant[cid] = self.claims[cid]
        self.text, self.spans, self.plan = new_text, spans, plan
        return plan

    def id_of(self, snippet: str) -> int:
        """The claim mentioned at ``snippet`` in the current text."""
        pos = self.text.index(snippet)
        for cid, spans in self.spans.items():
            if any(s <= pos < e for s, e in spans):
                return cid
        raise AssertionError(f"no claim at {snippet!r}")

    def outcome_of(self, snippet: str) -> str:
        cid = self.id_of(snippet)
        return next(a.outcome for a in self.plan.anchors if a.claim_id == cid)

    def anchor_of(self, snippet: str):
        cid = self.id_of(snippet)
        for anchor in self.plan.anchors:
            if anchor.claim_id == cid:
                return anchor
        return next(
            a
            for a in self.plan.anchors
            if a.outcome == NEW
            and any(
                m.start <= self.text.index(snippet) < m.end for m in a.group.mentions
            )
        )


BODY = (
    "The deal allowed 600 ISIS terrorists to leave the area.\n"
    "Coalition strikes took out 40 vehicles on the road.\n"
    "“We consider it an insult to the Iraqi people,” Haider Abadi said.\n"
    "The convoy stayed in the desert for two weeks.\n"
)


def test_text_inserted_before_a_claim_keeps_it_carried():
    article = Article(BODY)
    figure = article.id_of("600 ISIS")
    article.edit("Breaking news from the border.\n" + BODY)
    assert article.id_of("600 ISIS") == figure
    assert article.outcome_of("600 ISIS") == CARRIED
    assert article.plan.removed == ()
    assert not article.plan.by_outcome(NEW)


def test_a_moved_paragraph_is_carried_not_removed_and_new():
    article = Article(BODY)
    ids = {s: article.id_of(s) for s in ("600 ISIS", "40 vehicles", "We consider")}
    lines = BODY.splitlines(keepends=True)
    article.edit(lines[2] + lines[3] + lines[1] + lines[0])
    assert {s: article.id_of(s) for s in ids} == ids
    assert {a.outcome for a in article.plan.anchors} == {CARRIED}
    assert article.plan.removed == ()


def test_a_neighbouring_word_edited_keeps_the_figure_carried():
    article = Article(BODY)
    figure = article.id_of("40 vehicles")
    article.edit(BODY.replace("Coalition strikes took out", "Coalition jets destroyed"))
    assert article.id_of("40 vehicles") == figure
    assert article.outcome_of("40 vehicles") == CARRIED


def test_the_figure_itself_edited_is_the_same_claim_changed():
    article = Article(BODY)
    figure = article.id_of("600 ISIS")
    article.edit(BODY.replace("600 ISIS", "700 ISIS"))
    anchor = article.anchor_of("700 ISIS")
    assert anchor.claim_id == figure
    assert anchor.outcome == CHANGED
    assert anchor.changes == {"value": [600, 700]}


def test_a_reworded_quote_is_the_same_claim_changed():
    article = Article(BODY)
    quote = article.id_of("We consider")
    article.edit(BODY.replace("an insult to the Iraqi people", "an affront to Iraqis"))
    anchor = article.anchor_of("We consider")
    assert anchor.claim_id == quote
    assert anchor.outcome == CHANGED
    assert anchor.changes["value"] == [
        "we consider it an insult to the iraqi people",
        "we consider it an affront to iraqis",
    ]


def test_a_new_speaker_for_the_same_words_changes_the_quote():
    article = Article(BODY)
    quote = article.id_of("We consider")
    article.edit(BODY.replace("Haider Abadi", "Ryan Dillon"))
    anchor = article.anchor_of("We consider")
    assert (anchor.claim_id, anchor.outcome) == (quote, CHANGED)
    assert anchor.changes == {"speaker": ["haider abadi", "ryan dillon"]}


def test_a_deleted_sentence_removes_its_claim_and_keeps_the_others():
    article = Article(BODY)
    gone, kept = article.id_of("40 vehicles"), article.id_of("600 ISIS")
    article.edit(
        BODY.replace("Coalition strikes took out 40 vehicles on the road.\n", "")
    )
    assert article.plan.removed == (gone,)
    assert article.id_of("600 ISIS") == kept


def test_the_same_figure_twice_is_one_claim_with_two_mentions_across_drafts():
    text = BODY + "Officials confirmed 600 ISIS terrorists had left.\n"
    article = Article(text)
    claim = article.id_of("600 ISIS terrorists to")
    assert article.spans[claim] == [
        (m.start(), m.start() + len("600 ISIS terrorists"))
        for m in __import__("re").finditer("600 ISIS terrorists", text)
    ]
    article.edit("Update.\n" + text)
    assert article.id_of("600 ISIS terrorists had") == claim
    assert len(article.spans[claim]) == 2
    assert article.outcome_of("600 ISIS terrorists had") == CARRIED


def test_editing_one_of_two_mentions_keeps_the_claim_and_adds_a_new_one():
    text = BODY + "Officials confirmed 600 ISIS terrorists had left.\n"
    article = Article(text)
    claim = article.id_of("600 ISIS terrorists to")
    article.edit(text.replace("confirmed 600", "confirmed 700"))
    assert article.id_of("600 ISIS terrorists to") == claim
    assert article.outcome_of("600 ISIS terrorists to") == CARRIED
    assert article.anchor_of("700 ISIS").outcome == NEW


def test_a_whole_article_rewrite_removes_the_old_claims():
    article = Article(BODY)
    old_ids = set(article.spans)
    article.edit("Markets rose by 12 points on Monday as 300 traders returned.\n")
    assert set(article.plan.removed) == old_ids
    assert {a.outcome for a in article.plan.anchors} == {NEW}


def test_a_paragraph_moved_and_its_figure_edited_is_changed():
    article = Article(BODY)
    figure = article.id_of("600 ISIS")
    lines = BODY.splitlines(keepends=True)
    article.edit(lines[1] + lines[2] + lines[3] + lines[0].replace("600", "650"))
    anchor = article.anchor_of("650 ISIS")
    assert (anchor.claim_id, anchor.outcome) == (figure, CHANGED)


def test_a_claim_removed_then_restored_comes_back_with_its_identity():
    article = Article(BODY)
    figure = article.id_of("40 vehicles")
    article.edit(
        BODY.replace("Coalition strikes took out 40 vehicles on the road.\n", "")
    )
    article.edit(BODY)
    assert article.id_of("40 vehicles") == figure
    assert article.outcome_of("40 vehicles") == CARRIED


def test_figures_that_disagree_on_the_same_subject_conflict():
    claims = [
        (1, claim_fields(c))
        for c in toy_extract("It allowed 600 fighters out. Later 300 fighters left.")
    ]
    claims = [(i, fields) for i, (_, fields) in enumerate(claims, start=1)]
    assert figure_conflicts(claims) == {1: [2], 2: [1]}
    same = [(1, claims[0][1]), (2, claims[0][1])]
    assert figure_conflicts(same) == {}


# --- Property: any edit of any text -------------------------------------------

WORDS = [
    "600",
    "700",
    "40",
    "fighters",
    "ISIS",
    "terrorists",
    "the",
    "convoy",
    "“We",
    "left”",
    "Haider",
    "Abadi",
    "said",
    ".",
    "\n",
    "vehicles",
    "2",
]
SENTENCES = [
    "The deal allowed 600 ISIS terrorists to leave.",
    "The deal allowed 700 ISIS terrorists to leave.",
    "Strikes took out 40 vehicles.",
    "Strikes took out 40 trucks.",
    "“We consider it an insult,” Haider Abadi said.",
    "“We consider it an affront,” Haider Abadi said.",
    "“We consider it an insult,” Ryan Dillon said.",
]
# Whole claim-bearing sentences (moved, repeated, edited) mixed with loose words.
texts = st.lists(
    st.one_of(st.sampled_from(SENTENCES), st.sampled_from(WORDS)), max_size=30
).map(" ".join)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(first=texts, second=texts, third=texts)
def test_anchoring_any_edit_keeps_identities_unique_and_spans_valid(
    first, second, third
):
    article = Article(first)
    for text in (second, third):
        before = {cid: claim_fingerprint(f) for cid, f in article.claims.items()}
        previous = set(article.spans)
        plan = article.edit(text)
        matched = [a.claim_id for a in plan.anchors if a.claim_id is not None]
        # One claim per group, every previous claim anchored once or removed.
        assert len(matched) == len(set(matched))
        assert set(plan.removed).isdisjoint(matched)
        assert previous <= set(matched) | set(plan.removed)
        for anchor in plan.anchors:
            if anchor.outcome == CARRIED:
                assert before[anchor.claim_id] == anchor.group.fingerprint
            if anchor.outcome == CHANGED:
                assert anchor.changes
            for mention in anchor.group.mentions:
                assert 0 <= mention.start < mention.end <= len(text)
                assert text[mention.start : mention.end] == mention.text

    # Saving the same text again (a title-only edit) keeps every claim as it is.
    spans = dict(article.spans)
    plan = article.edit(third)
    assert plan.removed == ()
    assert all(a.outcome == CARRIED for a in plan.anchors)
    assert article.spans == spans
