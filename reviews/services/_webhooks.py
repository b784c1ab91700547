"""The single places where the review workflow announces events to webhooks.

Each helper is called inside the transaction that made the change, so an outbox
write here commits (or rolls back) with it.
"""

from newsroom.webhooks import webhook_event_emit


def claim_status_changed(*, claim, from_state: str, actor) -> None:
    """Announce ``claim.status_changed``."""
    webhook_event_emit(
        event="claim.status_changed",
        payload={
            "claim": claim.pk,
            "article": claim.article_id,
            "from_status": from_state,
            "to_status": claim.status,
            "version": claim.version,
            "actor": actor.get_username() if actor is not None else None,
        },
    )


def article_published(*, publication) -> None:
    """Announce ``article.published``."""
    webhook_event_emit(
        event="article.published",
        payload={
            "article": publication.article_id,
            "draft": publication.draft.number,
            "publication": publication.pk,
            "published_at": publication.published_at,
            "correction": publication.correction_id,
        },
    )


def correction_published(*, correction, note) -> None:
    """Announce ``correction.published``."""
    webhook_event_emit(
        event="correction.published",
        payload={
            "correction": correction.pk,
            "article": correction.article_id,
            "claim": correction.claim_id,
            "note": note.text,
            "old_text": note.old_text,
            "new_text": note.new_text,
            "published_at": note.published_at,
        },
    )
