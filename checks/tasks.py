from celery import shared_task
from django.db import InterfaceError, OperationalError

from newsroom.models import Draft

from . import services


@shared_task(
    acks_late=True,
    # The draft row is the result. Without this, queueing also subscribes to the
    # Redis result store, whose errors escape the broker-down handling.
    ignore_result=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def draft_claims_extract_task(draft_id: int) -> str:
    try:
        draft = services.draft_claims_extract(draft_id=draft_id)
    except Draft.DoesNotExist:
        return "gone"  # its article was deleted after the draft was queued
    return draft.extraction_status


@shared_task(acks_late=True)
def draft_extraction_sweep_task() -> int:
    return services.draft_extraction_sweep()
