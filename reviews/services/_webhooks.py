"""The single places where the review workflow announces events to webhooks.

Each helper is called inside the transaction that made the change, so an outbox
write here commits (or rolls back) with it.
"""


def claim_status_changed(*, claim, from_state: str, actor) -> None:
    """Announce ``claim.status_changed``."""


def article_published(*, publication) -> None:
    """Announce ``article.published``."""


def correction_published(*, correction, note) -> None:
    """Announce ``correction.published``."""
