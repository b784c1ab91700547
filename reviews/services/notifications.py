"""Email notifications; the Celery tasks in ``reviews.tasks`` call these.

Each one re-reads the state, so a late or repeated run sends nothing stale.
"""

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection

from checks.models import ClaimStatus
from newsroom.roles import EDITOR, REVIEWER

from ..models import Assignment, CorrectionRequest, Verdict
from ..selectors import claims_overdue


def _emails_send(messages: list[tuple[str, str, str]]) -> int:
    """Send ``(to, subject, body)`` messages, one per recipient, over one connection."""
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(
            [
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[to],
                    connection=connection,
                )
                for to, subject, body in messages
            ]
        )


def _role_emails(*roles: str, exclude: set[int] = frozenset()) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .exclude(email="")
        .exclude(pk__in=exclude)
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )


def _claim_line(claim) -> str:
    due = f" (due {claim.due_at:%Y-%m-%d %H:%M %Z})" if claim.due_at else ""
    return f"- #{claim.pk} in “{claim.article}”: {claim.text[:120]}{due}"


def assignments_notify(*, assignment_ids: list[int]) -> int:
    """Email reviewers the claims just assigned to them that they still hold."""
    by_assignee = defaultdict(list)
    for assignment in Assignment.objects.filter(pk__in=assignment_ids).select_related(
        "claim__article", "assignee", "assigned_by"
    ):
        claim = assignment.claim
        still_current = (
            claim.assignee_id == assignment.assignee_id
            and claim.status == ClaimStatus.ASSIGNED
            and claim.assignments.order_by("-pk").values_list("pk", flat=True)[0]
            == assignment.pk
        )
        if still_current and assignment.assignee.email:
            by_assignee[assignment.assignee].append(assignment)
    messages = []
    for assignee, assignments in by_assignee.items():
        lines = "\n".join(_claim_line(a.claim) for a in assignments)
        by = assignments[0].assigned_by.get_username()
        messages.append(
            (
                assignee.email,
                f"{len(assignments)} claim(s) assigned to you",
                f"{by} assigned you these claims to check:\n\n{lines}\n",
            )
        )
    return _emails_send(messages)


def verdict_awaiting_sign_off_notify(*, verdict_id: int) -> int:
    """Tell editors (other than the reviewer) a verdict awaits their sign-off."""
    verdict = (
        Verdict.objects.select_related("claim__article", "reviewer")
        .filter(pk=verdict_id)
        .first()
    )
    if verdict is None or verdict.signed_off_at is not None:
        return 0
    claim = verdict.claim
    latest = claim.verdicts.order_by("-pk").values_list("pk", flat=True)[0]
    if claim.status != verdict.rating or latest != verdict.pk:
        return 0
    subject = f"Verdict awaiting sign-off: claim #{claim.pk}"
    body = (
        f"{verdict.reviewer.get_username()} rated a claim in “{claim.article}” "
        f"as {verdict.get_rating_display()}:\n\n{claim.text}\n\n"
        f"{verdict.explanation}\n\nSign it off: {claim.get_absolute_url()}\n"
    )
    return _emails_send(
        [
            (to, subject, body)
            for to in _role_emails(EDITOR, exclude={verdict.reviewer_id})
        ]
    )


def correction_request_notify(*, correction_id: int) -> int:
    """Tell reviewers and editors a correction request awaits assessment."""
    correction = (
        CorrectionRequest.objects.select_related("article", "requested_by")
        .filter(pk=correction_id, status=CorrectionRequest.Status.OPEN)
        .first()
    )
    if correction is None:
        return 0
    subject = f"Correction requested: “{correction.article}”"
    body = (
        f"{correction.requested_by.get_username()} asks to correct "
        f"“{correction.original_text}” to “{correction.proposed_text}”.\n\n"
        f"What is wrong: {correction.problem}\n"
    )
    recipients = _role_emails(REVIEWER, EDITOR, exclude={correction.requested_by_id})
    return _emails_send([(to, subject, body) for to in recipients])


def assignments_overdue_remind(*, now: datetime | None = None) -> int:
    """Email each reviewer the list of their overdue claims; return emails sent."""
    by_assignee = defaultdict(list)
    for claim in claims_overdue(now=now):
        if claim.assignee.email and claim.assignee.is_active:
            by_assignee[claim.assignee].append(claim)
    return _emails_send(
        [
            (
                assignee.email,
                f"Reminder: {len(claims)} overdue claim(s)",
                "These claims are past their due date:\n\n"
                + "\n".join(_claim_line(c) for c in claims)
                + "\n",
            )
            for assignee, claims in by_assignee.items()
        ]
    )
