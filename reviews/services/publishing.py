from django.db import transaction
from django.utils import timezone

from checks.models import Claim, ClaimMention
from newsroom.errors import TransitionError
from newsroom.models import Article, Draft
from newsroom.roles import EDITOR, role_require

from ..models import CorrectionRequest, Publication
from ..selectors import publish_blockers
from . import _webhooks
from .audit import audit_record


def _blockers_message(draft: Draft, blockers: list[Claim]) -> str:
    listed = "; ".join(
        f"#{c.pk} “{c.text[:80]}” ({c.get_status_display().lower()})" for c in blockers
    )
    return (
        f"Draft {draft.number} cannot be published: {len(blockers)} claim(s) must "
        f"be signed off or waived first: {listed}."
    )


@transaction.atomic
def article_publish(*, article: Article, draft: Draft, editor) -> Publication:
    """Publish ``draft`` once every check-worthy claim in it is cleared.

    Refused while the draft's claims are not extracted yet (they are unknown),
    and while ``publish_blockers`` lists claims; the refusal lists them in its
    message and in ``data["blocking_claims"]``.
    """
    role_require(editor, EDITOR, action="publish an article")
    article = Article.objects.select_for_update().get(pk=article.pk)
    draft = Draft.objects.select_related("article__desk").get(pk=draft.pk)
    if draft.article_id != article.pk:
        raise TransitionError("That draft belongs to another article.")
    if article.status == Article.Status.PUBLISHED and article.live_draft_id == draft.pk:
        raise TransitionError(f"Draft {draft.number} is already live.")
    if draft.extraction_status != Draft.ExtractionStatus.DONE:
        state = draft.get_extraction_status_display().lower()
        raise TransitionError(
            f"Draft {draft.number} cannot be published until its claims have been "
            f"extracted (extraction is {state}).",
            data={"extraction_status": draft.extraction_status},
        )
    # Hold the claims of the draft still while deciding, so none is reopened
    # between the check and the commit.
    list(
        Claim.objects.select_for_update()
        .filter(pk__in=ClaimMention.objects.filter(draft=draft).values("claim_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    blockers = publish_blockers(draft=draft)
    if blockers:
        raise TransitionError(
            _blockers_message(draft, blockers),
            data={"blocking_claims": [c.pk for c in blockers]},
        )
    return article_publish_locked(article=article, draft=draft, editor=editor)


def article_publish_locked(
    *,
    article: Article,
    draft: Draft,
    editor,
    correction: CorrectionRequest | None = None,
) -> Publication:
    """Make ``draft`` live; the caller holds the article's row lock and decided."""
    from_state = article.status
    publication = Publication.objects.create(
        article=article, draft=draft, editor=editor, correction=correction
    )
    article.status = Article.Status.PUBLISHED
    article.live_draft = draft
    # ``published_at`` is the first publication; later ones are in Publication.
    fields = ["status", "live_draft", "updated_at"]
    if article.published_at is None:
        article.published_at = publication.published_at or timezone.now()
        fields.append("published_at")
    article.save(update_fields=fields)
    audit_record(
        actor=editor,
        action="article.publish",
        obj=article,
        from_state=from_state,
        to_state=article.status,
        draft=draft,
        data={
            "publication": publication.pk,
            "draft_number": draft.number,
            "correction": correction.pk if correction else None,
        },
    )
    _webhooks.article_published(publication=publication)
    return publication
