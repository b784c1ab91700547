"""Corrections after publication.

open (anyone in the newsroom) → assess (a reviewer: accept or reject) →
sign off (an editor who neither requested nor assessed it) or reject.

Signing off applies the fix at the claim's span of the live draft as a new
draft, records the correction as the claim's signed-off verdict, publishes the
new draft and appends a numbered public correction note. The new draft is
recorded as the correction's ``corrected_draft``, which is how
``claims_reopen_changed`` knows that re-anchoring's "changed" for that claim is
the correction itself and keeps it signed off.
"""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from checks.models import Claim, ClaimStatus
from newsroom.errors import DomainError, TransitionError
from newsroom.models import Article
from newsroom.queueing import task_enqueue_on_commit
from newsroom.roles import EDITOR, REPORTER, REVIEWER, role_require
from newsroom.services import draft_save

from ..models import CorrectionNote, CorrectionRequest, Evidence, Rating, Verdict
from ..selectors import (
    correction_body_applied,
    correction_live_mention,
    correction_note_default_text,
)
from . import _webhooks
from .audit import audit_record
from .claims import _claim_transition, claim_lock
from .evidence import EvidenceItem, evidence_create, evidence_items_clean

IN_PROGRESS = (CorrectionRequest.Status.OPEN, CorrectionRequest.Status.ACCEPTED)


def _correction_lock(correction: CorrectionRequest) -> CorrectionRequest:
    return CorrectionRequest.objects.select_for_update().get(pk=correction.pk)


def _correction_state_require(correction: CorrectionRequest, *allowed: str, action):
    if correction.status not in allowed:
        raise TransitionError(
            f"Cannot {action} a correction request that is "
            f"{correction.get_status_display().lower()}.",
            data={"status": correction.status},
        )


@transaction.atomic
def correction_request_open(
    *,
    claim: Claim,
    requester,
    problem: str,
    proposed_text: str,
    evidence: Iterable[EvidenceItem | Mapping] = (),
) -> CorrectionRequest:
    """Ask to correct a claim of a published article, with evidence."""
    role_require(requester, REPORTER, REVIEWER, EDITOR, action="request a correction")
    problem, proposed_text = (problem or "").strip(), (proposed_text or "").strip()
    if not problem:
        raise DomainError("Say what is wrong.", data={"field": "problem"})
    if not proposed_text:
        raise DomainError(
            "Give the corrected wording.", data={"field": "proposed_text"}
        )
    items = evidence_items_clean(evidence)
    if not items:
        raise DomainError(
            "A correction request needs at least one evidence item.",
            data={"field": "evidence"},
        )
    claim = claim_lock(claim=claim)
    article = Article.objects.get(pk=claim.article_id)
    if article.status != Article.Status.PUBLISHED:
        raise TransitionError(
            "Only claims of a published article can be corrected; edit the draft "
            "instead."
        )
    mention = correction_live_mention(claim=claim, article=article)
    if mention is None:
        raise TransitionError("The claim does not appear in the published text.")
    if proposed_text == mention.text:
        raise DomainError(
            "The corrected wording is the same as the published one.",
            data={"field": "proposed_text"},
        )
    pending = claim.correction_requests.filter(status__in=IN_PROGRESS).first()
    if pending is not None:
        raise TransitionError(
            f"A correction of this claim is already in progress (#{pending.pk}).",
            data={"correction": pending.pk},
        )
    correction = CorrectionRequest.objects.create(
        article=article,
        claim=claim,
        draft_id=article.live_draft_id,
        original_text=mention.text,
        problem=problem,
        proposed_text=proposed_text,
        requested_by=requester,
    )
    evidence_create(items=items, added_by=requester, correction=correction)
    audit_record(
        actor=requester,
        action="correction.open",
        obj=correction,
        to_state=correction.status,
        draft=correction.draft,
        data={"claim": claim.pk, "old": mention.text, "new": proposed_text},
    )
    from ..tasks import correction_request_notify_task

    task_enqueue_on_commit(correction_request_notify_task, args=(correction.pk,))
    return correction


@transaction.atomic
def correction_assess(
    *, correction: CorrectionRequest, reviewer, accept: bool, notes: str = ""
) -> CorrectionRequest:
    """Accept or reject a correction request; a rejection needs its reason."""
    role_require(reviewer, REVIEWER, EDITOR, action="assess a correction request")
    notes = (notes or "").strip()
    if not accept and not notes:
        raise DomainError("Say why the request is rejected.", data={"field": "notes"})
    correction = _correction_lock(correction)
    _correction_state_require(
        correction, CorrectionRequest.Status.OPEN, action="assess"
    )
    if correction.requested_by_id == reviewer.pk:
        raise TransitionError(
            "You requested this correction; someone else must assess it."
        )
    from_state = correction.status
    correction.status = (
        CorrectionRequest.Status.ACCEPTED
        if accept
        else CorrectionRequest.Status.REJECTED
    )
    correction.assessed_by = reviewer
    correction.assessed_at = timezone.now()
    correction.assessment_notes = notes
    fields = ["status", "assessed_by", "assessed_at", "assessment_notes"]
    if not accept:
        correction.rejection_reason = notes
        fields.append("rejection_reason")
    correction.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=reviewer,
        action="correction.accept" if accept else "correction.reject",
        obj=correction,
        from_state=from_state,
        to_state=correction.status,
        data={"notes": notes},
    )
    return correction


@transaction.atomic
def correction_reject(
    *, correction: CorrectionRequest, editor, reason: str
) -> CorrectionRequest:
    """Decline to sign off an accepted correction; the reason is kept."""
    role_require(editor, EDITOR, action="reject a correction")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "Say why the correction is rejected.", data={"field": "reason"}
        )
    correction = _correction_lock(correction)
    _correction_state_require(
        correction, CorrectionRequest.Status.ACCEPTED, action="reject"
    )
    from_state = correction.status
    correction.status = CorrectionRequest.Status.REJECTED
    correction.rejection_reason = reason
    correction.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(
        actor=editor,
        action="correction.reject",
        obj=correction,
        from_state=from_state,
        to_state=correction.status,
        data={"reason": reason},
    )
    return correction


@transaction.atomic
def correction_sign_off(
    *, correction: CorrectionRequest, editor, note: str = ""
) -> CorrectionNote:
    """Apply, publish and announce an accepted correction.

    ``note`` is the public correction note (a default describing the change is
    used when blank). The corrected draft is published without waiting for its
    extraction: it differs from the live draft only at the corrected span,
    which this sign-off covers.
    """
    from .publishing import article_publish_locked

    role_require(editor, EDITOR, action="sign off a correction")
    article = Article.objects.select_for_update().get(pk=correction.article_id)
    correction = _correction_lock(correction)
    _correction_state_require(
        correction, CorrectionRequest.Status.ACCEPTED, action="sign off"
    )
    if editor.pk in (correction.requested_by_id, correction.assessed_by_id):
        raise TransitionError(
            "A correction must be signed off by an editor who neither requested "
            "nor assessed it."
        )
    if article.status != Article.Status.PUBLISHED:
        raise TransitionError("The article is not published.")
    claim = claim_lock(claim=correction.claim)
    live = article.live_draft
    mention = correction_live_mention(claim=claim, article=article)
    if mention is None:
        raise TransitionError(
            "The claim no longer appears in the published text; the correction "
            "cannot be applied."
        )
    current = live.body[mention.start : mention.end]
    if current != correction.original_text:
        raise TransitionError(
            f"The published wording changed since the request (now “{current}”); "
            "open a new request."
        )
    note_text = (note or "").strip() or correction_note_default_text(
        correction=correction
    )
    body = correction_body_applied(
        correction=correction, live_body=live.body, mention=mention
    )
    draft, _ = draft_save(
        article=article,
        title=live.title,
        body=body,
        author=editor,
        change_note=f"Correction: “{correction.original_text}” → "
        f"“{correction.proposed_text}”",
    )

    now = timezone.now()
    correction.status = CorrectionRequest.Status.PUBLISHED
    correction.signed_off_by = editor
    correction.signed_off_at = now
    correction.corrected_draft = draft
    correction.save(
        update_fields=[
            "status",
            "signed_off_by",
            "signed_off_at",
            "corrected_draft",
            "updated_at",
        ]
    )

    verdict = Verdict.objects.create(
        claim=claim,
        draft=draft,
        rating=Rating.VERIFIED,
        explanation=note_text,
        internal_notes=correction.assessment_notes,
        reviewer=correction.assessed_by,
        signed_off_by=editor,
        signed_off_at=now,
        correction=correction,
    )
    for item in correction.evidence.all():
        Evidence.objects.create(
            verdict=verdict,
            url=item.url,
            title=item.title,
            excerpt=item.excerpt,
            accessed_on=item.accessed_on,
            document=item.document.name,
            added_by=item.added_by,
        )
    _claim_transition(
        claim=claim,
        to_state=ClaimStatus.SIGNED_OFF,
        actor=editor,
        action="claim.correct",
        draft=draft,
        data={"correction": correction.pk, "verdict": verdict.pk},
    )

    article_publish_locked(
        article=article, draft=draft, editor=editor, correction=correction
    )
    number = (
        CorrectionNote.objects.filter(article=article).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    correction_note = CorrectionNote.objects.create(
        article=article,
        number=number,
        correction=correction,
        draft=draft,
        text=note_text,
        old_text=correction.original_text,
        new_text=correction.proposed_text,
    )
    audit_record(
        actor=editor,
        action="correction.sign_off",
        obj=correction,
        from_state=CorrectionRequest.Status.ACCEPTED,
        to_state=correction.status,
        draft=draft,
        data={"note": correction_note.number, "verdict": verdict.pk},
    )
    _webhooks.correction_published(correction=correction, note=correction_note)
    return correction_note
