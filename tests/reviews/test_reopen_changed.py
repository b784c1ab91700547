import pytest

from checks.models import ClaimStatus
from reviews import selectors, services
from reviews.models import AuditEvent, Rating

pytestmark = pytest.mark.django_db


def _verdict(claim, reviewer, evidence, rating=Rating.VERIFIED):
    return services.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating=rating,
        explanation="Matches the observatory's count.",
        evidence=evidence,
    )


@pytest.fixture
def signed_off_claim(make_claim, reviewer, editor, evidence):
    claim = make_claim()
    services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    _verdict(claim, reviewer, evidence)
    return services.claim_sign_off(claim=claim, editor=editor)


@pytest.mark.parametrize(
    "status",
    [
        ClaimStatus.VERIFIED,
        ClaimStatus.DISPUTED,
        ClaimStatus.FALSE,
        ClaimStatus.UNVERIFIABLE,
        ClaimStatus.NEEDS_CONTEXT,
        ClaimStatus.SIGNED_OFF,
        ClaimStatus.WAIVED,
    ],
)
def test_a_changed_claim_with_a_verdict_signoff_or_waiver_is_reopened(
    make_claim, article, status
):
    claim = make_claim(status=status)
    draft = article.drafts.get()
    services.claims_reopen_changed(
        claims=[claim], draft=draft, changes={claim.pk: {"value": [600, 700]}}
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REOPENED
    assert claim.version == 2
    event = AuditEvent.objects.get(action="claim.reopen_changed")
    assert event.actor is None
    assert event.draft == draft
    assert (event.from_state, event.to_state) == (status, ClaimStatus.REOPENED)
    assert event.data == {"changes": {"value": [600, 700]}}
    assert event.article_id == article.pk


@pytest.mark.parametrize(
    "status", [ClaimStatus.UNCHECKED, ClaimStatus.ASSIGNED, ClaimStatus.REOPENED]
)
def test_a_changed_claim_still_awaiting_its_verdict_keeps_its_status(
    make_claim, article, status
):
    claim = make_claim(status=status)
    services.claims_reopen_changed(
        claims=[claim], draft=article.drafts.get(), changes={claim.pk: {}}
    )
    claim.refresh_from_db()
    assert claim.status == status
    assert claim.version == 1
    assert not AuditEvent.objects.filter(action="claim.reopen_changed").exists()


def test_reopening_keeps_the_earlier_verdict_in_history_but_not_in_force(
    signed_off_claim, article
):
    verdict = selectors.claim_current_verdict(claim=signed_off_claim)
    assert verdict.signed_off_by is not None

    services.claims_reopen_changed(
        claims=[signed_off_claim], draft=article.drafts.get(), changes={}
    )
    signed_off_claim.refresh_from_db()

    assert selectors.claim_current_verdict(claim=signed_off_claim) is None
    assert list(selectors.claim_verdicts(claim=signed_off_claim)) == [verdict]


def test_current_verdict_is_the_latest_one(make_claim, reviewer, editor, evidence):
    claim = make_claim()
    services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    first = _verdict(claim, reviewer, evidence, Rating.DISPUTED)
    second = _verdict(claim, reviewer, evidence, Rating.FALSE)
    claim.refresh_from_db()
    assert selectors.claim_current_verdict(claim=claim) == second
    assert list(selectors.claim_verdicts(claim=claim)) == [second, first]


def test_current_verdict_is_none_for_an_unchecked_claim(make_claim):
    assert selectors.claim_current_verdict(claim=make_claim()) is None
