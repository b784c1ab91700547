"""The desk screens' single door to the checks and reviews apps.

Every write is one call to the owning service, which decides whether the user
may make it; every read is one call to a selector. Keeping the calls here keeps
the views free of other apps' signatures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from checks.models import Claim
from newsroom.models import Article, Draft

# --- Reads ---------------------------------------------------------------------


def claim_queue(*, user, view: str, kind=None, article_id=None) -> QuerySet[Claim]:
    """The queue's claims, best first: most check-worthy, then soonest due."""
    from checks import selectors

    filters = {"kind": kind or None, "article": article_id or None}
    if view == "mine":
        filters["assignee"] = user
    elif view == "overdue":
        filters["overdue"] = True
    claims = selectors.claim_list(**filters)
    if view == "unassigned":
        claims = claims.filter(assignee__isnull=True)
    return claims.order_by("-checkworthiness", F("due_at").asc(nulls_last=True), "pk")


def draft_mentions(*, draft: Draft) -> list:
    from checks import selectors

    return list(selectors.draft_claims(draft=draft))


def claim_history(*, claim: Claim) -> list:
    from checks import selectors

    return selectors.claim_history(claim=claim)


def claim_verdicts(*, claim: Claim) -> list:
    """The claim's verdicts, newest first, with their evidence."""
    from reviews import selectors

    return list(selectors.claim_verdicts(claim=claim))


def claim_current_verdict(*, claim: Claim):
    from reviews import selectors

    return selectors.claim_current_verdict(claim=claim)


def claim_warnings(*, claim: Claim) -> list:
    from checks import selectors

    return selectors.claim_warnings(claim=claim)


def claim_suggestions(*, claim: Claim) -> list:
    from checks import selectors

    return list(selectors.claim_suggestions(claim=claim))


@dataclass(frozen=True)
class PublishState:
    blockers: list
    refusal: str
    is_live: bool


def publish_state(*, article: Article, draft: Draft) -> PublishState:
    """What stands between ``draft`` and publication, as the gate sees it."""
    from reviews import selectors

    blockers = list(selectors.publish_blockers(draft=draft))
    refusal = ""
    if draft.extraction_status != Draft.ExtractionStatus.DONE:
        refusal = (
            f"Claim extraction for draft {draft.number} is "
            f"{draft.get_extraction_status_display().lower()}."
        )
    return PublishState(
        blockers=[
            {"claim": c, "badge": c.get_status_display().upper()} for c in blockers
        ],
        refusal=refusal,
        is_live=article.live_draft_id == draft.pk,
    )


def correction_notes(*, article: Article) -> list:
    from reviews import selectors

    return list(selectors.article_correction_notes(article=article))


def article_audit_trail(*, article: Article):
    from reviews import selectors

    return selectors.article_audit_trail(article=article)


def claims_awaiting_sign_off() -> QuerySet[Claim]:
    """Rated claims, with their verdicts' reviewers loaded in the same queries."""
    from reviews import selectors

    return selectors.claims_awaiting_sign_off().prefetch_related("verdicts__reviewer")


def corrections_pending() -> dict:
    from reviews import selectors

    return {
        "assessment": list(selectors.corrections_awaiting_assessment()),
        "sign_off": list(selectors.corrections_awaiting_sign_off()),
    }


def correction_get(*, correction_id: int):
    from reviews.models import CorrectionRequest

    return get_object_or_404(
        CorrectionRequest.objects.select_related(
            "article__live_draft",
            "claim",
            "draft",
            "requested_by",
            "assessed_by",
            "signed_off_by",
        ),
        pk=correction_id,
    )


def correction_preview(*, correction, note: str = "") -> dict:
    """The sentence with the fix applied, and the public note, before sign-off.

    Uses the rules ``reviews.services.correction_sign_off`` applies, so the
    editor sees what will be published.
    """
    from reviews.selectors import (
        correction_body_applied,
        correction_live_mention,
        correction_note_default_text,
    )

    note = (note or "").strip() or correction_note_default_text(correction=correction)
    article = correction.article
    mention = correction_live_mention(claim=correction.claim, article=article)
    if mention is None:
        return {"found": False, "note": note}
    body = correction_body_applied(
        correction=correction, live_body=article.live_draft.body, mention=mention
    )
    # Show the surrounding sentence, not the whole article.
    start = min(mention.sentence_start, mention.start)
    new_end = mention.start + len(correction.proposed_text)
    end = max(mention.sentence_end, mention.end) - mention.end + new_end
    return {
        "found": True,
        "before": body[start : mention.start],
        "old": mention.text,
        "new": body[mention.start : new_end],
        "after": body[new_end:end],
        "note": note,
    }


# --- Writes ----------------------------------------------------------------------


def claim_assign(*, claim, user, assignee, due_at=None, version=None):
    from reviews import services

    return services.claim_assign(
        claim=claim,
        assignee=assignee,
        assigned_by=user,
        due_at=due_at,
        expected_version=version,
    )


def claims_assign(*, claim_ids, assignee, due_at, user) -> int:
    from reviews import services

    claims = list(Claim.objects.filter(pk__in=claim_ids))
    services.claims_assign(
        claims=claims, assignee=assignee, assigned_by=user, due_at=due_at
    )
    return len(claims)


def verdict_record(
    *, claim, user, rating, explanation, internal_notes="", evidence=(), version=None
):
    from reviews import services

    return services.claim_verdict_record(
        claim=claim,
        reviewer=user,
        rating=rating,
        explanation=explanation,
        internal_notes=internal_notes,
        evidence=list(evidence),
        expected_version=version,
    )


def claim_sign_off(*, claim, user, version=None):
    from reviews import services

    return services.claim_sign_off(claim=claim, editor=user, expected_version=version)


def claim_waive(*, claim, user, reason, note="", version=None):
    from reviews import services

    return services.claim_waive(
        claim=claim, editor=user, reason=reason, note=note, expected_version=version
    )


def claim_reopen(*, claim, user, reason, version=None):
    from reviews import services

    return services.claim_reopen(
        claim=claim, editor=user, reason=reason, expected_version=version
    )


def article_publish(*, article, draft, user):
    from reviews import services

    return services.article_publish(article=article, draft=draft, editor=user)


def correction_open(
    *, claim, user, problem, proposed_text, evidence_url="", evidence_title=""
):
    from reviews import services

    evidence = []
    if evidence_url:
        evidence.append(
            {
                "url": evidence_url,
                "title": evidence_title,
                "accessed_on": timezone.localdate(),
            }
        )
    return services.correction_request_open(
        claim=claim,
        requester=user,
        problem=problem,
        proposed_text=proposed_text,
        evidence=evidence,
    )


def correction_assess(*, correction, user, decision, notes=""):
    from reviews import services

    return services.correction_assess(
        correction=correction, reviewer=user, accept=decision == "accept", notes=notes
    )


def correction_reject(*, correction, user, reason):
    from reviews import services

    return services.correction_reject(correction=correction, editor=user, reason=reason)


def correction_sign_off(*, correction, user, note=""):
    from reviews import services

    return services.correction_sign_off(correction=correction, editor=user, note=note)


def draft_extraction_rerun(*, draft):
    """Queue extraction again; a draft already extracted is left as it is."""
    from checks import services

    services.draft_extraction_enqueue(draft=draft)


def drafts_compare(*, old: Draft, new: Draft):
    from checks import selectors

    return selectors.claim_outcomes_between(old=old, new=new)
