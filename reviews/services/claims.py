"""Claim lifecycle: one service per transition.

::

    unchecked ─assign→ assigned ─verdict→ verified | disputed | false
        │                 ▲                 | unverifiable | needs_context
        │                 │                          │ sign off (another editor)
        │              reopened ◀─ changed draft ─ signed_off
        └─ waive (editor, any open state) → waived ─ reopen (editor) → reopened

Every service locks the claim row, checks the role and the state, bumps
``claim.version`` (the API's ETag), saves with ``update_fields`` and writes an
audit event in the same transaction. Notifications go out after commit.

A reviewer may take an unassigned claim for themselves (newsroom fact-checkers
pick from the queue); only editors assign claims to others or take over a claim
someone else holds.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from checks.models import Claim, ClaimStatus
from newsroom.errors import DomainError, PermissionRefused, TransitionError
from newsroom.models import Draft
from newsroom.queueing import task_enqueue_on_commit
from newsroom.roles import EDITOR, REVIEWER, role_require, user_has_role

from ..models import Assignment, CorrectionRequest, Rating, Verdict, Waiver
from . import _webhooks
from .audit import audit_record
from .evidence import EvidenceItem, evidence_create, evidence_items_clean

VERDICT_STATUSES = frozenset(Rating.values)
ASSIGNABLE = frozenset(
    {ClaimStatus.UNCHECKED, ClaimStatus.ASSIGNED, ClaimStatus.REOPENED}
)
VERDICT_OPEN = (
    frozenset({ClaimStatus.ASSIGNED, ClaimStatus.REOPENED}) | VERDICT_STATUSES
)
WAIVABLE = ASSIGNABLE | VERDICT_STATUSES
REOPENABLE = frozenset({ClaimStatus.SIGNED_OFF, ClaimStatus.WAIVED}) | VERDICT_STATUSES


def _status_label(status: str) -> str:
    return ClaimStatus(status).label.lower()


def claim_lock(*, claim: Claim, expected_version: int | None = None) -> Claim:
    """Lock the claim's row and return it fresh; refuse a stale ``expected_version``."""
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if expected_version is not None and expected_version != locked.version:
        raise TransitionError(
            f"The claim changed since you loaded it (version {expected_version}, "
            f"now {locked.version}); reload and try again.",
            data={
                "code": "version_mismatch",
                "expected_version": expected_version,
                "current_version": locked.version,
            },
        )
    return locked


def _state_require(claim: Claim, allowed: Iterable[str], action: str) -> None:
    if claim.status not in allowed:
        raise TransitionError(
            f"Cannot {action} a claim that is {_status_label(claim.status)}.",
            data={"status": claim.status},
        )


def _claim_transition(
    *,
    claim: Claim,
    to_state: str,
    actor,
    action: str,
    draft: Draft | None = None,
    data: dict | None = None,
    fields: Iterable[str] = (),
) -> Claim:
    from_state = claim.status
    claim.status = to_state
    claim.version += 1
    claim.save(update_fields=["status", "version", "updated_at", *fields])
    audit_record(
        actor=actor,
        action=action,
        obj=claim,
        from_state=from_state,
        to_state=to_state,
        draft=draft,
        data=data,
    )
    if from_state != to_state:
        _webhooks.claim_status_changed(claim=claim, from_state=from_state, actor=actor)
    return claim


def _assign_locked(
    *, claim: Claim, assignee, assigned_by, due_at: datetime | None, note: str
) -> Assignment:
    _state_require(claim, ASSIGNABLE, "assign")
    if not user_has_role(assigned_by, EDITOR):
        # A reviewer only takes a free claim for themselves.
        if assignee.pk != assigned_by.pk:
            raise PermissionRefused(
                "Only an editor can assign a claim to someone else."
            )
        if claim.assignee_id not in (None, assigned_by.pk):
            raise PermissionRefused(
                "This claim is assigned to someone else; only an editor can "
                "reassign it."
            )
    assignment = Assignment.objects.create(
        claim=claim,
        assignee=assignee,
        assigned_by=assigned_by,
        due_at=due_at,
        note=note[:500],
    )
    previous = claim.assignee_id
    claim.assignee = assignee
    claim.due_at = due_at
    _claim_transition(
        claim=claim,
        to_state=ClaimStatus.ASSIGNED,
        actor=assigned_by,
        action="claim.assign",
        draft=claim.last_draft,
        data={
            "assignment": assignment.pk,
            "assignee": assignee.pk,
            "previous_assignee": previous,
            "due_at": due_at,
        },
        fields=["assignee", "due_at"],
    )
    return assignment


def _assignments_notify_on_commit(assignments: list[Assignment], assigned_by) -> None:
    from ..tasks import assignments_notify_task

    ids = [a.pk for a in assignments if a.assignee_id != assigned_by.pk]
    if ids:
        task_enqueue_on_commit(assignments_notify_task, args=(ids,))


def _assign_roles_check(*, assignee, assigned_by) -> None:
    role_require(assigned_by, REVIEWER, EDITOR, action="assign claims")
    if not user_has_role(assignee, REVIEWER, EDITOR):
        raise DomainError(
            f"{assignee.get_username()} is not a reviewer or an editor; claims can "
            "only be assigned to them."
        )


@transaction.atomic
def claim_assign(
    *,
    claim: Claim,
    assignee,
    assigned_by,
    due_at: datetime | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Assign ``claim`` to ``assignee`` (reassigning keeps the history)."""
    _assign_roles_check(assignee=assignee, assigned_by=assigned_by)
    claim = claim_lock(claim=claim, expected_version=expected_version)
    assignment = _assign_locked(
        claim=claim,
        assignee=assignee,
        assigned_by=assigned_by,
        due_at=due_at,
        note=note,
    )
    _assignments_notify_on_commit([assignment], assigned_by)
    return claim


@transaction.atomic
def claims_assign(
    *,
    claims: Iterable[Claim],
    assignee,
    assigned_by,
    due_at: datetime | None = None,
    note: str = "",
) -> list[Claim]:
    """Assign several claims at once: all of them, or none when one is refused.

    The reviewer gets one email listing them all.
    """
    _assign_roles_check(assignee=assignee, assigned_by=assigned_by)
    locked = list(
        Claim.objects.select_for_update()
        .filter(pk__in={c.pk for c in claims})
        .order_by("pk")
    )
    assignments = []
    for claim in locked:
        try:
            assignments.append(
                _assign_locked(
                    claim=claim,
                    assignee=assignee,
                    assigned_by=assigned_by,
                    due_at=due_at,
                    note=note,
                )
            )
        except DomainError as exc:
            exc.message = f"Claim {claim.pk}: {exc.message}"
            exc.args = (exc.message,)
            exc.data.setdefault("claim", claim.pk)
            raise
    _assignments_notify_on_commit(assignments, assigned_by)
    return locked


@transaction.atomic
def claim_verdict_record(
    *,
    claim: Claim,
    reviewer,
    rating: str,
    explanation: str,
    internal_notes: str = "",
    evidence: Iterable[EvidenceItem | Mapping] = (),
    expected_version: int | None = None,
) -> Verdict:
    """Record a verdict; it supersedes any earlier one, which stays in history.

    Every rating but ``unverifiable`` needs at least one evidence item.
    """
    role_require(reviewer, REVIEWER, EDITOR, action="record a verdict")
    if rating not in VERDICT_STATUSES:
        raise DomainError(f"Unknown rating “{rating}”.", data={"field": "rating"})
    explanation = (explanation or "").strip()
    if not explanation:
        raise DomainError(
            "A verdict needs an explanation for readers.",
            data={"field": "explanation"},
        )
    items = evidence_items_clean(evidence)
    if rating != Rating.UNVERIFIABLE and not items:
        raise DomainError(
            f"A “{Rating(rating).label}” verdict needs at least one evidence item.",
            data={"field": "evidence"},
        )
    claim = claim_lock(claim=claim, expected_version=expected_version)
    if claim.status == ClaimStatus.UNCHECKED:
        raise TransitionError("Assign the claim before recording a verdict.")
    _state_require(claim, VERDICT_OPEN, "record a verdict on")
    if not user_has_role(reviewer, EDITOR) and claim.assignee_id != reviewer.pk:
        raise PermissionRefused(
            "Only the reviewer the claim is assigned to (or an editor) can record "
            "its verdict."
        )
    verdict = Verdict.objects.create(
        claim=claim,
        draft=claim.last_draft,
        rating=rating,
        explanation=explanation,
        internal_notes=internal_notes,
        reviewer=reviewer,
    )
    evidence_create(items=items, added_by=reviewer, verdict=verdict)
    _claim_transition(
        claim=claim,
        to_state=rating,
        actor=reviewer,
        action="claim.verdict",
        draft=claim.last_draft,
        data={"verdict": verdict.pk, "rating": rating, "evidence": len(items)},
    )
    from ..tasks import verdict_awaiting_sign_off_notify_task

    task_enqueue_on_commit(verdict_awaiting_sign_off_notify_task, args=(verdict.pk,))
    return verdict


@transaction.atomic
def claim_sign_off(
    *, claim: Claim, editor, expected_version: int | None = None
) -> Claim:
    """Sign off the claim's current verdict (never by the reviewer who gave it)."""
    role_require(editor, EDITOR, action="sign off a verdict")
    claim = claim_lock(claim=claim, expected_version=expected_version)
    _state_require(claim, VERDICT_STATUSES, "sign off")
    verdict = claim.verdicts.order_by("-pk").first()
    if verdict is None:
        raise TransitionError("The claim has no verdict to sign off.")
    if verdict.reviewer_id == editor.pk:
        raise TransitionError("The reviewer who gave the verdict cannot sign it off.")
    verdict.signed_off_by = editor
    verdict.signed_off_at = timezone.now()
    verdict.save(update_fields=["signed_off_by", "signed_off_at"])
    return _claim_transition(
        claim=claim,
        to_state=ClaimStatus.SIGNED_OFF,
        actor=editor,
        action="claim.sign_off",
        draft=claim.last_draft,
        data={"verdict": verdict.pk, "rating": verdict.rating},
    )


@transaction.atomic
def claim_waive(
    *,
    claim: Claim,
    editor,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> Claim:
    """Waive the check of a claim (not check-worthy, opinion, duplicate, ...)."""
    role_require(editor, EDITOR, action="waive a claim")
    if reason not in Waiver.Reason.values:
        raise DomainError(
            f"Unknown waiver reason “{reason}”; use one of "
            f"{', '.join(Waiver.Reason.values)}.",
            data={"field": "reason"},
        )
    note = (note or "").strip()
    if reason == Waiver.Reason.OTHER and not note:
        raise DomainError("Say why the claim is waived.", data={"field": "note"})
    claim = claim_lock(claim=claim, expected_version=expected_version)
    _state_require(claim, WAIVABLE, "waive")
    waiver = Waiver.objects.create(claim=claim, editor=editor, reason=reason, note=note)
    return _claim_transition(
        claim=claim,
        to_state=ClaimStatus.WAIVED,
        actor=editor,
        action="claim.waive",
        draft=claim.last_draft,
        data={"waiver": waiver.pk, "reason": reason, "note": note},
    )


@transaction.atomic
def claim_reopen(
    *, claim: Claim, editor, reason: str, expected_version: int | None = None
) -> Claim:
    """Reopen a verdict, sign-off or waiver by hand; it then needs a new verdict."""
    role_require(editor, EDITOR, action="reopen a claim")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why the claim is reopened.", data={"field": "reason"})
    claim = claim_lock(claim=claim, expected_version=expected_version)
    _state_require(claim, REOPENABLE, "reopen")
    return _claim_transition(
        claim=claim,
        to_state=ClaimStatus.REOPENED,
        actor=editor,
        action="claim.reopen",
        draft=claim.last_draft,
        data={"reason": reason},
    )


@transaction.atomic
def claims_reopen_changed(
    *, claims: Iterable[Claim], draft: Draft, changes: Mapping[int, dict]
) -> None:
    """Reopen claims whose wording or value changed in ``draft``.

    Called by re-anchoring (the system acts: audit actor None). A claim with a
    verdict, sign-off or waiver becomes ``reopened``; its verdicts stay in
    history. Unchecked, assigned and already reopened claims stay as they are.

    A draft made by a signed-off correction (``CorrectionRequest.corrected_draft``)
    changed its claim on purpose: that change is covered by the correction's
    signed-off verdict, so the claim is not reopened. Other claims of such a
    draft are treated like any other change.
    """
    pks = sorted({c.pk for c in claims})
    corrected = dict(
        CorrectionRequest.objects.filter(
            corrected_draft=draft,
            status=CorrectionRequest.Status.PUBLISHED,
            claim_id__in=pks,
        ).values_list("claim_id", "pk")
    )
    for claim in Claim.objects.select_for_update().filter(pk__in=pks).order_by("pk"):
        # Keys may have been through JSON (a task argument) and become strings.
        change = changes.get(claim.pk, changes.get(str(claim.pk), {}))
        if claim.pk in corrected:
            audit_record(
                actor=None,
                action="claim.change_covered_by_correction",
                obj=claim,
                from_state=claim.status,
                to_state=claim.status,
                draft=draft,
                data={"changes": change, "correction": corrected[claim.pk]},
            )
        elif claim.status in REOPENABLE:
            _claim_transition(
                claim=claim,
                to_state=ClaimStatus.REOPENED,
                actor=None,
                action="claim.reopen_changed",
                draft=draft,
                data={"changes": change},
            )
