"""Claims on drafts: extraction in the background and re-anchoring across drafts.

Every new draft is queued for extraction after its transaction commits
(``draft_extraction_enqueue``); the Celery task calls ``draft_claims_extract``,
which extracts the body's claims and matches them to the claims of the previous
draft (``checks.anchoring``) in one transaction. Drafts of an article are
extracted in order: a draft whose predecessors are still waiting extracts them
first. A draft left pending or running too long (the broker was down, a worker
died) is queued again by ``draft_extraction_sweep``.

Claims are extracted from the body only: mention offsets are body offsets.
"""

import datetime
import logging
from collections.abc import Sequence
from functools import partial

from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsroom.models import Draft
from newsroom.queueing import task_enqueue
from newsroom.services import draft_extraction_fields_update
from newsroom.webhooks import webhook_event_emit

from . import anchoring
from .models import Claim, ClaimMention, ClaimOutcome, ClaimStatus, ClaimSuggestion

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Longer than CELERY_TASK_TIME_LIMIT, so a running extraction is never swept.
EXTRACTION_STALE_AFTER = datetime.timedelta(minutes=5)
VERIFIED_STATUSES = frozenset({ClaimStatus.VERIFIED, ClaimStatus.SIGNED_OFF})
SUGGESTIONS_PER_CLAIM = 3
# A figure repeated with many values (a table in prose) would otherwise give
# every claim a warning per other claim.
CONFLICTS_PER_CLAIM = 5

WARNING_CONFLICTING_FIGURE = "conflicting_figure"
WARNING_CHANGED_AFTER_VERIFICATION = "changed_after_verification"

Status = Draft.ExtractionStatus


def draft_extraction_enqueue(*, draft: Draft) -> None:
    """Queue claim extraction for a new draft once its transaction commits.

    A broker that cannot be reached does not fail the save: the draft stays
    ``pending`` and the sweeper queues it again later.
    """
    draft_extraction_fields_update(draft=draft, extraction_queued_at=timezone.now())
    transaction.on_commit(partial(_extraction_publish, draft_id=draft.pk))


def _extraction_publish(*, draft_id: int) -> bool:
    from .tasks import draft_claims_extract_task

    return task_enqueue(draft_claims_extract_task, args=(draft_id,))


def draft_extraction_sweep(
    *, stale_after: datetime.timedelta = EXTRACTION_STALE_AFTER
) -> int:
    """Queue again the drafts left pending or running for longer than ``stale_after``.

    Return how many drafts were queued. Stops at the first broker error: the
    next sweep tries again.
    """
    cutoff = timezone.now() - stale_after
    stale = (
        Draft.objects.filter(
            extraction_status__in=[Status.PENDING, Status.RUNNING],
        )
        .filter(
            Q(extraction_queued_at__isnull=True) | Q(extraction_queued_at__lte=cutoff)
        )
        .order_by("article_id", "number")
        .only("pk", "extraction_queued_at")
    )
    queued = 0
    for draft in stale:
        draft_extraction_fields_update(draft=draft, extraction_queued_at=timezone.now())
        if not _extraction_publish(draft_id=draft.pk):
            break
        queued += 1
    return queued


def draft_claims_extract(*, draft_id: int) -> Draft:
    """Extract the claims of a draft and anchor them to the previous draft's.

    Idempotent: a draft already ``done`` is returned untouched, without a single
    write. Earlier drafts of the article still waiting are extracted first so
    claims move forward one draft at a time (failed drafts are skipped). Transient
    database errors are re-raised for the task to retry; any other error marks
    the draft ``failed`` with the error text.
    """
    draft = Draft.objects.select_related("article").get(pk=draft_id)
    if draft.extraction_status == Status.DONE:
        return draft
    waiting = Draft.objects.filter(
        article_id=draft.article_id,
        number__lt=draft.number,
        extraction_status__in=[Status.PENDING, Status.RUNNING],
    ).order_by("number")
    for earlier in waiting.select_related("article"):
        _draft_extract_one(draft=earlier)
    return _draft_extract_one(draft=draft)


def _draft_extract_one(*, draft: Draft) -> Draft:
    from .extraction import extract_claims

    if not draft_extraction_fields_update(
        draft=draft,
        unless_done=True,
        extraction_status=Status.RUNNING,
        extraction_attempts=draft.extraction_attempts + 1,
    ):
        draft.refresh_from_db(fields=list(Draft.EXTRACTION_FIELDS))
        return draft  # another worker finished it meanwhile
    try:
        extracted = extract_claims(draft.body, published=_reference_date(draft))
        with transaction.atomic():
            locked = Draft.objects.select_for_update().get(pk=draft.pk)
            if locked.extraction_status == Status.DONE:
                return locked
            _draft_claims_store(draft=locked, extracted=extracted)
            draft_extraction_fields_update(
                draft=locked,
                extraction_status=Status.DONE,
                extraction_error="",
                extracted_at=timezone.now(),
            )
            webhook_event_emit(
                event="draft.extracted",
                payload={
                    "article": locked.article_id,
                    "draft": locked.number,
                    "draft_id": locked.pk,
                    "claims_found": len(extracted),
                },
            )
            return locked
    except TRANSIENT_ERRORS:
        raise
    # The extractor is heuristic code run on arbitrary text: whatever it raises
    # is recorded on the draft for the newsroom to see instead of being retried.
    except Exception as exc:  # noqa: BLE001
        logger.exception("Claim extraction of draft %s failed.", draft.pk)
        draft_extraction_fields_update(
            draft=draft,
            unless_done=True,
            extraction_status=Status.FAILED,
            extraction_error=f"{type(exc).__name__}: {exc}"[:5000],
        )
        return draft


def _reference_date(draft: Draft) -> datetime.date | None:
    """The date relative dates ("Thursday") are resolved against.

    The article's own date (``metadata["date"]``), never the publication time:
    publishing must not change how an unchanged sentence reads, or every
    relative date would come out "changed" in the first draft after it.
    """
    value = (draft.article.metadata or {}).get("date")
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _stored_fields(claim: Claim) -> dict:
    return anchoring.claim_fields(claim)


def _prior_claim(claim: Claim, spans=()) -> anchoring.PriorClaim:
    return anchoring.PriorClaim(
        claim_id=claim.pk,
        fingerprint=claim.fingerprint,
        fields=_stored_fields(claim),
        spans=tuple(spans),
    )


def _claim_values(group: anchoring.ClaimGroup) -> dict:
    """The claim's stored fields from the first mention of its group."""
    first = group.mentions[0]
    return {
        "kind": first.kind,
        "text": first.text,
        "value": first.value,
        "value_high": first.value_high,
        "unit": (first.unit or "")[:40],
        "subject": (first.subject or "")[:300],
        "qualifier": (first.qualifier or "")[:60],
        "speaker": (first.speaker or "")[:300],
        "checkworthiness": min(
            1.0, max(0.0, max(m.checkworthiness for m in group.mentions))
        ),
        "fingerprint": group.fingerprint,
    }


CLAIM_RESTATED_FIELDS = [
    "kind",
    "text",
    "value",
    "value_high",
    "unit",
    "subject",
    "qualifier",
    "speaker",
    "checkworthiness",
    "fingerprint",
    "warnings",
]


def _draft_claims_store(*, draft: Draft, extracted: Sequence) -> None:
    """Write the claims of ``draft``: a constant number of queries, any claim count.

    A draft extracted late, after a later draft of the article (it had failed and
    was run again), only gets its mentions and outcomes: the claims already
    describe the later draft, so they are neither rewritten nor reopened.
    """
    previous = (
        Draft.objects.filter(
            article_id=draft.article_id,
            number__lt=draft.number,
            extraction_status=Status.DONE,
        )
        .order_by("-number")
        .only("pk", "body", "number")
        .first()
    )
    overtaken = Draft.objects.filter(
        article_id=draft.article_id,
        number__gt=draft.number,
        extraction_status=Status.DONE,
    ).exists()
    spans: dict[int, list[tuple[int, int]]] = {}
    if previous is not None:
        for claim_id, start, end in ClaimMention.objects.filter(
            draft=previous
        ).values_list("claim_id", "start", "end"):
            spans.setdefault(claim_id, []).append((start, end))
    # Locked so a verdict given meanwhile is seen before deciding to reopen.
    prior_claims = {
        c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=list(spans))
    }
    prior = [_prior_claim(prior_claims[pk], spans[pk]) for pk in sorted(spans)]

    groups = anchoring.claims_group(extracted)
    dormant_claims = {
        c.pk: c
        for c in Claim.objects.filter(
            article_id=draft.article_id,
            fingerprint__in=[g.fingerprint for g in groups],
        )
        .exclude(pk__in=list(spans))
        .order_by("-last_draft__number", "-pk")
    }
    plan = anchoring.claims_anchor(
        old_body=previous.body if previous else "",
        new_body=draft.body,
        prior=prior,
        extracted=extracted,
        dormant=[_prior_claim(c) for c in dormant_claims.values()],
    )
    existing = {**dormant_claims, **prior_claims}

    created = iter(
        Claim.objects.bulk_create(
            [
                Claim(
                    article_id=draft.article_id,
                    first_draft=draft,
                    last_draft=draft,
                    **_claim_values(anchor.group),
                )
                for anchor in plan.by_outcome(anchoring.NEW)
            ]
        )
    )
    claim_of = {
        index: next(created)
        if anchor.outcome == anchoring.NEW
        else existing[anchor.claim_id]
        for index, anchor in enumerate(plan.anchors)
    }
    if not overtaken:
        _claims_advance(draft=draft, plan=plan, claim_of=claim_of, existing=existing)

    ClaimMention.objects.bulk_create(
        [
            ClaimMention(
                claim=claim_of[index],
                draft=draft,
                start=mention.start,
                end=mention.end,
                text=mention.text,
                sentence_start=mention.sentence_start,
                sentence_end=mention.sentence_end,
            )
            for index, anchor in enumerate(plan.anchors)
            for mention in anchor.group.mentions
        ]
    )
    ClaimOutcome.objects.bulk_create(
        [
            ClaimOutcome(
                claim=claim_of[index],
                draft=draft,
                outcome=anchor.outcome,
                changes=anchor.changes,
            )
            for index, anchor in enumerate(plan.anchors)
        ]
        + [
            ClaimOutcome(claim_id=pk, draft=draft, outcome=ClaimOutcome.Outcome.REMOVED)
            for pk in plan.removed
        ]
    )

    fresh = [
        claim_of[i]
        for i, a in enumerate(plan.anchors)
        if a.outcome in (anchoring.NEW, anchoring.CHANGED)
    ]
    if fresh and not overtaken:
        claim_suggestions_link(claims=fresh)


def _claims_advance(
    *, draft: Draft, plan, claim_of: dict[int, Claim], existing: dict[int, Claim]
) -> None:
    """Bring the claims of ``plan`` up to ``draft``: fields, status, warnings.

    Most claims of a new draft are carried unchanged, so only what changes is
    rewritten, claims whose statement changed apart from those whose warnings
    did (``bulk_update``'s cost grows with rows times fields).
    """
    now = timezone.now()
    restated: set[int] = set()
    rewarned: set[int] = set()
    for index, anchor in enumerate(plan.anchors):
        if anchor.outcome == anchoring.NEW:
            continue
        claim = claim_of[index]
        claim._status_before = claim.status
        for name, value in _claim_values(anchor.group).items():
            if getattr(claim, name) != value:
                setattr(claim, name, value)
                restated.add(claim.pk)
        claim.last_draft = draft
        claim.updated_at = now

    changed = {
        claim_of[i].pk: a.changes
        for i, a in enumerate(plan.anchors)
        if a.outcome == anchoring.CHANGED
    }
    reopened: set[int] = set()
    if changed:
        # The claim now says something else: a new version for API clients.
        Claim.objects.filter(pk__in=list(changed)).update(version=F("version") + 1)
        claims_reopen(
            claims=[existing[pk] for pk in changed], draft=draft, changes=changed
        )
        # The review workflow decides: a change made by a signed-off correction,
        # for one, does not reopen its claim.
        reopened = set(
            Claim.objects.filter(
                pk__in=list(changed), status=ClaimStatus.REOPENED
            ).values_list("pk", flat=True)
        )

    warnings = _draft_warnings(
        draft=draft, plan=plan, claim_of=claim_of, reopened=reopened
    )
    present = [claim_of[i] for i in range(len(plan.anchors))]
    for claim in present:
        if claim.warnings != warnings.get(claim.pk, []):
            claim.warnings = warnings.get(claim.pk, [])
            rewarned.add(claim.pk)
    for pk in plan.removed:
        claim = existing[pk]
        # Conflicts are about a draft's text; a claim no longer in it has none.
        kept = [w for w in claim.warnings if w["code"] != WARNING_CONFLICTING_FIGURE]
        if kept != claim.warnings:
            claim.warnings = kept
            rewarned.add(pk)
    everything = {c.pk: c for c in (*existing.values(), *present)}
    moved_on = [
        claim_of[i].pk for i, a in enumerate(plan.anchors) if a.outcome != anchoring.NEW
    ]
    if moved_on:
        Claim.objects.filter(pk__in=moved_on).update(last_draft=draft, updated_at=now)
    if restated:
        Claim.objects.bulk_update(
            [everything[pk] for pk in restated], CLAIM_RESTATED_FIELDS
        )
    if rewarned - restated:
        Claim.objects.bulk_update(
            [everything[pk] for pk in rewarned - restated], ["warnings"]
        )


def _draft_warnings(
    *, draft: Draft, plan, claim_of: dict[int, Claim], reopened: set[int]
) -> dict:
    """The consistency warnings of every claim mentioned in ``draft``.

    ``reopened``: the claims this draft reopened.
    """
    warnings: dict[int, list[dict]] = {}
    claims = [claim_of[i] for i in range(len(plan.anchors))]
    by_id = {c.pk: c for c in claims}
    conflicts = anchoring.figure_conflicts(
        [(c.pk, anchoring.claim_fields(c)) for c in claims]
    )
    for claim_id, others in conflicts.items():
        # Kept free of the other claim's wording so that the warning stays the
        # same while the conflict lasts; ``claim_warnings`` adds the wording.
        previous = {
            w.get("other_claim_id"): w
            for w in by_id[claim_id].warnings
            if w["code"] == WARNING_CONFLICTING_FIGURE
        }
        warnings[claim_id] = [
            previous.get(other_id)
            or {
                "code": WARNING_CONFLICTING_FIGURE,
                "message": "The draft gives a different figure for the same thing.",
                "other_claim_id": other_id,
                "draft": draft.number,
            }
            for other_id in others[:CONFLICTS_PER_CLAIM]
        ]
    for index, anchor in enumerate(plan.anchors):
        claim = claim_of[index]
        if anchor.outcome == anchoring.NEW:
            continue
        status_before = getattr(claim, "_status_before", claim.status)
        # A warning about a figure changed after its verification lasts until the
        # claim has been checked again (it is no longer reopened).
        kept = [
            w
            for w in claim.warnings
            if w["code"] == WARNING_CHANGED_AFTER_VERIFICATION
            and status_before == ClaimStatus.REOPENED
        ]
        if claim.pk in reopened and status_before in VERIFIED_STATUSES:
            before_after = ", ".join(
                f"{name} {old!r} → {new!r}"
                for name, (old, new) in anchor.changes.items()
            )
            kept.append(
                {
                    "code": WARNING_CHANGED_AFTER_VERIFICATION,
                    "message": (
                        f"Changed in draft {draft.number} after it was "
                        f"{ClaimStatus(status_before).label.lower()}: {before_after}."
                    ),
                    "draft": draft.number,
                }
            )
        if kept:
            warnings.setdefault(claim.pk, [])[:0] = kept
    return warnings


def claims_reopen(*, claims: list[Claim], draft: Draft, changes: dict) -> None:
    """Hand the claims whose statement changed to the review workflow to reopen."""
    from reviews.services import claims_reopen_changed

    claims_reopen_changed(claims=claims, draft=draft, changes=changes)


def _verdict_snapshot(claim: Claim) -> tuple[str, str]:
    from reviews.selectors import claim_current_verdict

    verdict = claim_current_verdict(claim=claim)
    if verdict is None:
        return "", ""
    return (
        str(getattr(verdict, "rating", "") or ""),
        str(getattr(verdict, "explanation", "") or ""),
    )


def claim_suggestions_link(*, claims: Sequence[Claim]) -> list[ClaimSuggestion]:
    """Link claims to verified claims of other articles that say the same thing.

    The same thing is the same fingerprint: kind, value, unit, qualifier,
    subject and speaker. Only verified or signed-off sources are offered, with
    a snapshot of their status and of the current verdict's rating and
    explanation; at most ``SUGGESTIONS_PER_CLAIM`` per claim, newest first.
    """
    by_fp: dict[str, list[Claim]] = {}
    for claim in claims:
        by_fp.setdefault(claim.fingerprint, []).append(claim)
    sources = (
        Claim.objects.filter(fingerprint__in=list(by_fp), status__in=VERIFIED_STATUSES)
        .exclude(article_id__in={c.article_id for c in claims})
        .order_by("-updated_at", "-pk")
    )
    suggestions = []
    per_claim: dict[int, int] = {}
    for source in sources:
        rating, explanation = _verdict_snapshot(source)
        for claim in by_fp[source.fingerprint]:
            if per_claim.get(claim.pk, 0) >= SUGGESTIONS_PER_CLAIM:
                continue
            per_claim[claim.pk] = per_claim.get(claim.pk, 0) + 1
            suggestions.append(
                ClaimSuggestion(
                    claim=claim,
                    source_claim=source,
                    source_status=source.status,
                    source_rating=rating,
                    source_explanation=explanation,
                )
            )
    if suggestions:
        ClaimSuggestion.objects.bulk_create(suggestions, ignore_conflicts=True)
    return suggestions
