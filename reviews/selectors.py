"""Every non-trivial read of the review workflow: queues, history, the gate."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from checks.models import Claim, ClaimMention, ClaimStatus
from newsroom.models import Article, Draft

from .models import (
    Assignment,
    AuditEvent,
    CorrectionNote,
    CorrectionRequest,
    Publication,
    Rating,
    Verdict,
)

DEFAULT_PUBLISH_THRESHOLD = 0.5
# Claims in these states no longer block publication.
CLEARED = frozenset({ClaimStatus.SIGNED_OFF, ClaimStatus.WAIVED})
AWAITING_VERDICT = frozenset({ClaimStatus.ASSIGNED, ClaimStatus.REOPENED})


def claim_current_verdict(*, claim: Claim) -> Verdict | None:
    """The verdict in force: the latest one, while the claim has a verdict.

    None for a claim that is unchecked, assigned, reopened (its earlier verdicts
    are history, see ``claim_verdicts``) or waived.
    """
    if claim.status not in {*Rating.values, ClaimStatus.SIGNED_OFF}:
        return None
    return claim.verdicts.order_by("-pk").first()


def claim_verdicts(*, claim: Claim) -> QuerySet[Verdict]:
    """Every verdict of the claim, newest first, with its evidence."""
    return (
        claim.verdicts.select_related("reviewer", "signed_off_by", "draft")
        .prefetch_related("evidence")
        .order_by("-pk")
    )


def claim_assignments(*, claim: Claim) -> QuerySet[Assignment]:
    return claim.assignments.select_related("assignee", "assigned_by").order_by("-pk")


def claims_awaiting_sign_off(*, article: Article | None = None) -> QuerySet[Claim]:
    qs = Claim.objects.filter(status__in=Rating.values)
    if article is not None:
        qs = qs.filter(article=article)
    return qs.select_related("article", "assignee").order_by("updated_at", "pk")


def claims_assigned_to(*, user, overdue: bool = False) -> QuerySet[Claim]:
    """The claims a reviewer still has to rate, earliest due first."""
    qs = Claim.objects.filter(assignee=user, status__in=AWAITING_VERDICT)
    if overdue:
        qs = qs.filter(due_at__lt=timezone.now())
    return qs.select_related("article").order_by("due_at", "pk")


def claims_overdue(*, now: datetime | None = None) -> QuerySet[Claim]:
    """Assigned claims still without a verdict past their due date."""
    return (
        Claim.objects.filter(
            status__in=AWAITING_VERDICT,
            assignee__isnull=False,
            due_at__lt=now or timezone.now(),
        )
        .select_related("article", "assignee")
        .order_by("assignee", "due_at", "pk")
    )


def publish_threshold(*, article: Article) -> float:
    if article.desk_id is None:
        return DEFAULT_PUBLISH_THRESHOLD
    return article.desk.checkworthiness_threshold


def publish_blockers(*, draft: Draft) -> list[Claim]:
    """Claims mentioned in ``draft`` that keep it from being published.

    A claim blocks when its checkworthiness is at or above the desk's threshold
    (``Desk.checkworthiness_threshold``; 0.5 without a desk) and it is neither
    signed off nor waived. Ordered by where they first appear in the draft.
    """
    threshold = publish_threshold(article=draft.article)
    first_start: dict[int, int] = {}
    for claim_id, start in (
        ClaimMention.objects.filter(draft=draft, claim__checkworthiness__gte=threshold)
        .exclude(claim__status__in=CLEARED)
        .order_by("start")
        .values_list("claim_id", "start")
    ):
        first_start.setdefault(claim_id, start)
    claims = Claim.objects.filter(pk__in=first_start)
    return sorted(claims, key=lambda c: (first_start[c.pk], c.pk))


def corrections_awaiting_assessment(
    *, article: Article | None = None
) -> QuerySet[CorrectionRequest]:
    qs = CorrectionRequest.objects.filter(status=CorrectionRequest.Status.OPEN)
    if article is not None:
        qs = qs.filter(article=article)
    return qs.select_related("article", "claim", "requested_by").order_by(
        "created_at", "pk"
    )


def corrections_awaiting_sign_off(
    *, article: Article | None = None
) -> QuerySet[CorrectionRequest]:
    qs = CorrectionRequest.objects.filter(status=CorrectionRequest.Status.ACCEPTED)
    if article is not None:
        qs = qs.filter(article=article)
    return qs.select_related("article", "claim", "assessed_by").order_by(
        "assessed_at", "pk"
    )


def audit_events(
    *,
    article: Article | None = None,
    obj=None,
    actor=None,
    action: str | None = None,
    since: datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The audit trail, oldest first, filtered by article, object, actor, time."""
    qs = AuditEvent.objects.select_related("actor", "draft")
    if article is not None:
        qs = qs.filter(article=article)
    if obj is not None:
        qs = qs.filter(object_type=obj._meta.label_lower, object_id=obj.pk)
    if actor is not None:
        qs = qs.filter(actor=actor)
    if action is not None:
        qs = qs.filter(action=action)
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return qs.order_by("created_at", "pk")


def article_audit_trail(*, article: Article) -> QuerySet[AuditEvent]:
    return audit_events(article=article)


def correction_note_default_text(*, correction: CorrectionRequest) -> str:
    """The public note used when the signing editor writes none."""
    return (
        f"An earlier version of this article said “{correction.original_text}”. "
        f"It now says “{correction.proposed_text}”."
    )


def correction_live_mention(*, claim: Claim, article: Article) -> ClaimMention | None:
    """Where a correction of ``claim`` applies: its first mention in the live draft."""
    return (
        ClaimMention.objects.filter(claim=claim, draft_id=article.live_draft_id)
        .order_by("start")
        .first()
    )


def correction_body_applied(
    *, correction: CorrectionRequest, live_body: str, mention: ClaimMention
) -> str:
    """The live text with the correction's wording in place of ``mention``."""
    return (
        live_body[: mention.start] + correction.proposed_text + live_body[mention.end :]
    )


def article_correction_notes(*, article: Article) -> QuerySet[CorrectionNote]:
    return CorrectionNote.objects.filter(article=article).order_by("number")


def article_publications(*, article: Article) -> QuerySet[Publication]:
    return (
        Publication.objects.filter(article=article)
        .select_related("draft", "editor")
        .order_by("-published_at", "-pk")
    )
