"""The correction loop on the seed article, through real extraction and re-anchoring."""

import pytest
from django.core import mail

from checks.models import ClaimMention, ClaimOutcome, ClaimStatus
from newsroom import services as newsroom_services
from newsroom.errors import TransitionError
from newsroom.models import Article, Draft
from reviews import selectors, services
from reviews.models import AuditEvent, Rating, Waiver

pytestmark = pytest.mark.django_db
SOURCE = {
    "url": "https://www.syriahr.com/en/",
    "title": "Syrian Observatory for Human Rights",
    "excerpt": "308 ISIS fighters and 331 civilians left Al-Qalamoun.",
}


def mention_of(draft: Draft, snippet: str) -> ClaimMention:
    pos = draft.body.index(snippet)
    return ClaimMention.objects.select_related("claim").get(
        draft=draft, start__lte=pos, end__gt=pos
    )


def test_correcting_600_isis_terrorists_on_the_seed_article(
    settings,
    seed_body,
    reporter,
    reviewer,
    editor,
    other_editor,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        article = newsroom_services.article_create(
            title="ISIS convoy reaches its destination", body=seed_body, author=reporter
        )
    first = article.drafts.get()
    assert first.extraction_status == Draft.ExtractionStatus.DONE
    claim = mention_of(first, "600 ISIS terrorists").claim
    assert claim.value == 600

    # The gate names the figure until it is checked and signed off.
    with pytest.raises(TransitionError) as refused:
        services.article_publish(article=article, draft=first, editor=editor)
    assert claim.pk in refused.value.data["blocking_claims"]

    services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    services.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating=Rating.VERIFIED,
        explanation="The deal's terms as reported allowed 600 fighters to leave.",
        evidence=[{"url": "https://example.org/deal", "title": "Deal terms"}],
    )
    services.claim_sign_off(claim=claim, editor=other_editor)
    for blocker in selectors.publish_blockers(draft=first):
        services.claim_waive(
            claim=blocker, editor=editor, reason=Waiver.Reason.NOT_CHECKWORTHY
        )
    services.article_publish(article=article, draft=first, editor=editor)

    with django_capture_on_commit_callbacks(execute=True):
        correction = services.correction_request_open(
            claim=claim,
            requester=reporter,
            problem="The observatory counted 308 fighters; the rest were civilians.",
            proposed_text="308 ISIS terrorists",
            evidence=[SOURCE],
        )
    assert mail.outbox  # reviewers and editors were told
    services.correction_assess(
        correction=correction, reviewer=reviewer, accept=True, notes="Confirmed."
    )
    with django_capture_on_commit_callbacks(execute=True):
        note = services.correction_sign_off(
            correction=correction,
            editor=other_editor,
            note="We misstated how many ISIS fighters the deal let leave.",
        )

    article = Article.objects.get(pk=article.pk)
    corrected = article.live_draft
    assert corrected.number == 2
    assert corrected.extraction_status == Draft.ExtractionStatus.DONE
    assert "allowed 308 ISIS terrorists and their family" in corrected.body
    assert (note.number, note.old_text, note.new_text) == (
        1,
        "600 ISIS terrorists",
        "308 ISIS terrorists",
    )

    # Re-anchoring kept the claim's identity, saw the change, and left it signed
    # off with the correction as its verdict.
    mention = mention_of(corrected, "308 ISIS terrorists")
    assert mention.claim_id == claim.pk
    claim.refresh_from_db()
    assert claim.value == 308
    assert claim.status == ClaimStatus.SIGNED_OFF
    assert ClaimOutcome.objects.get(claim=claim, draft=corrected).outcome == "changed"
    verdict = selectors.claim_current_verdict(claim=claim)
    assert verdict.correction == correction
    history = list(selectors.claim_verdicts(claim=claim))
    assert [(v.draft.number, v.signed_off_by) for v in history] == [
        (2, other_editor),
        (1, other_editor),
    ]
    assert AuditEvent.objects.filter(
        action="claim.change_covered_by_correction", object_id=claim.pk
    ).exists()
    assert not AuditEvent.objects.filter(
        action="claim.reopen_changed", object_id=claim.pk
    ).exists()
    # Nothing else was disturbed: the corrected draft could be published as is.
    assert selectors.publish_blockers(draft=corrected) == []
