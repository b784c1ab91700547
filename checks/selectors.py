"""Every non-trivial read of claims. Each runs a constant number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from newsroom.models import Article, Draft

from .models import Claim, ClaimMention, ClaimOutcome, ClaimStatus, ClaimSuggestion

# Statuses in which a claim still waits for a reviewer (for ``overdue``).
OPEN_STATUSES = (ClaimStatus.UNCHECKED, ClaimStatus.ASSIGNED, ClaimStatus.REOPENED)


def claim_list(
    *,
    article: Article | None = None,
    draft: Draft | None = None,
    status: str | Iterable[str] | None = None,
    kind: str | Iterable[str] | None = None,
    assignee=None,
    overdue: bool | None = None,
    min_checkworthiness: float | None = None,
) -> QuerySet[Claim]:
    """Claims, filtered; ``draft`` keeps the claims mentioned in that draft.

    ``overdue=True`` keeps open claims (unchecked, assigned, reopened) whose due
    date has passed; ``overdue=False`` the others.
    """
    qs = Claim.objects.select_related(
        "article", "assignee", "first_draft", "last_draft"
    )
    if article is not None:
        qs = qs.filter(article=article)
    if draft is not None:
        qs = qs.filter(
            pk__in=ClaimMention.objects.filter(draft=draft).values("claim_id")
        )
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else list(status))
    if kind:
        qs = qs.filter(kind__in=[kind] if isinstance(kind, str) else list(kind))
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    if overdue is not None:
        late = Q(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if min_checkworthiness is not None:
        qs = qs.filter(checkworthiness__gte=min_checkworthiness)
    return qs


def draft_claims(*, draft: Draft) -> QuerySet[ClaimMention]:
    """The mentions of a draft in text order, with their claims, for highlighting."""
    return (
        ClaimMention.objects.filter(draft=draft)
        .select_related("claim", "claim__assignee")
        .order_by("start", "end")
    )


@dataclass(frozen=True)
class ClaimHistoryEntry:
    """What happened to a claim in one draft, and where it appeared."""

    draft: Draft
    outcome: str
    changes: dict
    mentions: list[ClaimMention] = field(default_factory=list)


def claim_history(*, claim: Claim) -> list[ClaimHistoryEntry]:
    """The claim's outcome and mentions in each draft, oldest draft first."""
    outcomes = (
        ClaimOutcome.objects.filter(claim=claim)
        .select_related("draft")
        .order_by("draft__number")
    )
    mentions: dict[int, list[ClaimMention]] = {}
    for mention in ClaimMention.objects.filter(claim=claim).order_by("start"):
        mentions.setdefault(mention.draft_id, []).append(mention)
    return [
        ClaimHistoryEntry(
            draft=outcome.draft,
            outcome=outcome.outcome,
            changes=outcome.changes,
            mentions=mentions.get(outcome.draft_id, []),
        )
        for outcome in outcomes
    ]


@dataclass(frozen=True)
class ClaimWarning:
    claim: Claim
    code: str
    message: str
    draft: int | None
    other_claim_id: int | None = None


def claim_warnings(
    *, article: Article | None = None, claim: Claim | None = None
) -> list[ClaimWarning]:
    """The consistency warnings of an article's claims (or of one claim).

    Two queries: the claims, and the claims they conflict with (whose current
    wording completes the message).

    Codes: ``conflicting_figure`` (the latest draft mentioning the claim gives
    another figure for the same subject: see ``other_claim_id``) and
    ``changed_after_verification`` (the figure changed while it was verified or
    signed off; kept until the reopened claim is checked again).
    """
    qs = Claim.objects.select_related("article", "last_draft")
    if article is not None:
        qs = qs.filter(article=article)
    if claim is not None:
        qs = qs.filter(pk=claim.pk)
    claims = [c for c in qs if c.warnings]
    other_ids = {w.get("other_claim_id") for c in claims for w in c.warnings}
    others = Claim.objects.in_bulk(other_ids - {None}) if other_ids - {None} else {}
    result = []
    for c in claims:
        for w in c.warnings:
            other = others.get(w.get("other_claim_id"))
            message = w["message"]
            if w["code"] == "conflicting_figure" and other is not None:
                message = f"{message[:-1]}: “{other.text}”."
            result.append(
                ClaimWarning(
                    claim=c,
                    code=w["code"],
                    message=message,
                    draft=w.get("draft"),
                    other_claim_id=w.get("other_claim_id"),
                )
            )
    return result


def claim_suggestions(
    *, claim: Claim | None = None, article: Article | None = None
) -> QuerySet[ClaimSuggestion]:
    """Verdicts from other articles offered for reuse, newest first."""
    qs = ClaimSuggestion.objects.select_related(
        "claim", "source_claim", "source_claim__article"
    ).order_by("-created_at", "-pk")
    if claim is not None:
        qs = qs.filter(claim=claim)
    if article is not None:
        qs = qs.filter(claim__article=article)
    return qs


def article_claims_with_history(*, article: Article) -> QuerySet[Claim]:
    """An article's claims with their outcomes and mentions prefetched."""
    return Claim.objects.filter(article=article).prefetch_related(
        Prefetch("outcomes", queryset=ClaimOutcome.objects.select_related("draft")),
        Prefetch("mentions", queryset=ClaimMention.objects.order_by("draft", "start")),
    )


@dataclass(frozen=True)
class DraftsComparison:
    """The claims of two drafts and what happened to each between them."""

    outcomes: dict  # claim id → new, carried, changed or removed
    changes: dict  # claim id → {field: [before, after]} for changed claims
    claims: dict  # claim id → Claim
    old_mentions: list
    new_mentions: list


def claim_outcomes_between(*, old: Draft, new: Draft) -> DraftsComparison:
    """Claim outcomes from ``old`` to ``new``, across any number of drafts.

    For consecutive drafts these are the recorded outcomes. Across several
    drafts a claim mentioned in both is ``changed`` if any draft in between
    changed it, else ``carried``; a claim only in the newer draft is ``new``
    and one only in the older draft ``removed`` (swapped when comparing
    backwards).
    """
    claims = {c.pk: c for c in article_claims_with_history(article=new.article)}
    low, high = sorted([old, new], key=lambda d: d.number)
    outcomes, changes = {}, {}
    old_mentions, new_mentions = [], []
    for claim in claims.values():
        mentions = list(claim.mentions.all())
        in_old = [m for m in mentions if m.draft_id == old.pk]
        in_new = [m for m in mentions if m.draft_id == new.pk]
        old_mentions += in_old
        new_mentions += in_new
        if not in_old and not in_new or old.pk == new.pk:
            continue
        between = [
            o
            for o in claim.outcomes.all()
            if low.number < o.draft.number <= high.number
        ]
        changed = [o for o in between if o.outcome == "changed"]
        if in_old and in_new:
            outcomes[claim.pk] = "changed" if changed else "carried"
            if changed:
                changes[claim.pk] = changed[-1].changes
        elif in_new:
            outcomes[claim.pk] = "new" if high == new else "removed"
        else:
            outcomes[claim.pk] = "removed" if high == new else "new"
    return DraftsComparison(
        outcomes=outcomes,
        changes=changes,
        claims=claims,
        old_mentions=sorted(old_mentions, key=lambda m: (m.start, m.end)),
        new_mentions=sorted(new_mentions, key=lambda m: (m.start, m.end)),
    )
