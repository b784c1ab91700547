import pytest

import checks.services
import reviews.services.claims
import reviews.services.publishing
from checks.models import Claim, ClaimOutcome
from checks.services import draft_claims_extract
from newsroom.errors import TransitionError
from newsroom.models import Article
from reviews import services as review_services
from reviews.models import AuditEvent, Publication

from .conftest import BODY, Side, waits_for_a_lock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def claim_actions(claim: Claim) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="checks.claim", object_id=claim.pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_assignment_waiting_on_a_reopening_extraction_assigns_the_reopened_claim(
    verified, next_draft, editor, other_reviewer, gate, monkeypatch
):
    draft = next_draft(BODY.replace("40 trucks", "45 trucks"))
    monkeypatch.setattr(
        checks.services, "claims_reopen", gate.wrap(checks.services.claims_reopen)
    )
    extraction = Side(lambda: draft_claims_extract(draft_id=draft.pk))
    extraction.start()
    assert gate.reached.wait(10), "the extraction never got to reopening"
    # The extraction now holds the claim's row lock, its new version unwritten.
    assignment = Side(
        lambda: review_services.claim_assign(
            claim=Claim.objects.get(pk=verified.pk),
            assignee=other_reviewer,
            assigned_by=editor,
        )
    )
    assignment.start()
    assert waits_for_a_lock(assignment)
    gate.opened.set()
    extraction.outcome()
    assignment.outcome()

    assert extraction.error is None
    assert assignment.error is None
    claim = Claim.objects.get(pk=verified.pk)
    assert (claim.status, claim.assignee, claim.text) == (
        "assigned",
        other_reviewer,
        "45 trucks",
    )
    # Changed text, reopening and assignment each gave a new version.
    assert claim.version == verified.version + 3
    assert claim_actions(claim)[-3:] == [
        "claim.verdict",
        "claim.reopen_changed",
        "claim.assign",
    ]


def test_an_assignment_based_on_the_claim_before_it_changed_is_refused(
    verified, next_draft, editor, reviewer, other_reviewer, gate, monkeypatch
):
    seen_version = verified.version  # what the editor's screen showed
    draft = next_draft(BODY.replace("40 trucks", "45 trucks"))
    monkeypatch.setattr(
        checks.services, "claims_reopen", gate.wrap(checks.services.claims_reopen)
    )
    extraction = Side(lambda: draft_claims_extract(draft_id=draft.pk))
    extraction.start()
    assert gate.reached.wait(10)
    assignment = Side(
        lambda: review_services.claim_assign(
            claim=verified,
            assignee=other_reviewer,
            assigned_by=editor,
            expected_version=seen_version,
        )
    )
    assignment.start()
    assert waits_for_a_lock(assignment)
    gate.opened.set()
    extraction.outcome()
    assignment.outcome()

    assert extraction.error is None
    assert isinstance(assignment.error, TransitionError)
    assert assignment.error.data["code"] == "version_mismatch"
    assert "changed since you loaded it" in assignment.error.message
    claim = Claim.objects.get(pk=verified.pk)
    # Reopened for a new check, still with the reviewer who had it.
    assert (claim.status, claim.assignee) == ("reopened", reviewer)
    assert claim_actions(claim)[-2:] == ["claim.verdict", "claim.reopen_changed"]


def test_an_extraction_waiting_on_an_assignment_keeps_the_new_assignee(
    trucks, next_draft, editor, reviewer, gate, monkeypatch
):
    draft = next_draft(BODY.replace("40 trucks", "45 trucks"))
    monkeypatch.setattr(
        reviews.services.claims,
        "audit_record",
        gate.wrap(reviews.services.claims.audit_record),
    )
    assignment = Side(
        lambda: review_services.claim_assign(
            claim=trucks, assignee=reviewer, assigned_by=editor
        )
    )
    assignment.start()
    assert gate.reached.wait(10)
    # The assignment has written the assignee and holds the row, uncommitted.
    extraction = Side(lambda: draft_claims_extract(draft_id=draft.pk))
    extraction.start()
    assert waits_for_a_lock(extraction)
    gate.opened.set()
    assignment.outcome()
    extraction.outcome()

    assert assignment.error is None
    assert extraction.error is None
    claim = Claim.objects.get(pk=trucks.pk)
    # Neither write lost the other's: the assignee and the new figure both stay.
    assert (claim.status, claim.assignee, claim.text) == (
        "assigned",
        reviewer,
        "45 trucks",
    )
    assert claim.version == trucks.version + 2
    assert ClaimOutcome.objects.get(claim=claim, draft=draft).outcome == "changed"
    assert claim_actions(claim) == ["claim.assign"]


def test_a_publish_deciding_on_a_signed_off_claim_commits_before_the_reopen(
    article, verified, next_draft, editor, other_editor, gate, monkeypatch
):
    review_services.claim_sign_off(claim=verified, editor=other_editor)
    for claim in Claim.objects.filter(article=article).exclude(pk=verified.pk):
        review_services.claim_waive(
            claim=claim, editor=editor, reason="not_checkworthy"
        )
    live = article.drafts.get(number=1)
    draft = next_draft(BODY.replace("40 trucks", "45 trucks"))
    monkeypatch.setattr(
        reviews.services.publishing,
        "article_publish_locked",
        gate.wrap(reviews.services.publishing.article_publish_locked),
    )
    publish = Side(
        lambda: review_services.article_publish(
            article=article, draft=live, editor=editor
        )
    )
    publish.start()
    assert gate.reached.wait(10), "the publish never got past its checks"
    extraction = Side(lambda: draft_claims_extract(draft_id=draft.pk))
    extraction.start()
    # The claims the publish decided on are held until it commits.
    assert waits_for_a_lock(extraction)
    gate.opened.set()
    publish.outcome()
    extraction.outcome()

    assert publish.error is None
    assert extraction.error is None
    article.refresh_from_db()
    assert (article.status, article.live_draft) == (Article.Status.PUBLISHED, live)
    assert Publication.objects.get().draft == live
    trail = list(
        AuditEvent.objects.filter(
            action__in=["article.publish", "claim.reopen_changed"]
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert trail == ["article.publish", "claim.reopen_changed"]
    # The changed figure now blocks the next draft until it is checked again.
    with pytest.raises(TransitionError, match="must be signed off or waived"):
        review_services.article_publish(article=article, draft=draft, editor=editor)
