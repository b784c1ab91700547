from django.db import models

from newsroom.models import Article, Draft

from ..models import AuditEvent


def _article_id_of(obj: models.Model) -> int | None:
    if isinstance(obj, Article):
        return obj.pk
    return getattr(obj, "article_id", None)


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model,
    from_state: str | None = None,
    to_state: str | None = None,
    draft: Draft | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one event to the audit trail; ``actor`` None means the system.

    Call it inside the transaction that makes the change, so the change and its
    record commit together.
    """
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        article_id=_article_id_of(obj),
        draft=draft,
        from_state=from_state or "",
        to_state=to_state or "",
        data=data or {},
    )
