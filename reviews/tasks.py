"""Notification jobs: thin, ids only; the services re-check the state."""

from celery import shared_task

from .services import notifications

# SMTP and connection failures are OSErrors; anything else is a bug, not retried.
_RETRY = {
    "acks_late": True,
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


# Nobody waits for a notification's result; storing it would only make queueing
# depend on the result store too.
@shared_task(**_RETRY, ignore_result=True)
def assignments_notify_task(assignment_ids: list[int]) -> int:
    return notifications.assignments_notify(assignment_ids=assignment_ids)


@shared_task(**_RETRY, ignore_result=True)
def verdict_awaiting_sign_off_notify_task(verdict_id: int) -> int:
    return notifications.verdict_awaiting_sign_off_notify(verdict_id=verdict_id)


@shared_task(**_RETRY, ignore_result=True)
def correction_request_notify_task(correction_id: int) -> int:
    return notifications.correction_request_notify(correction_id=correction_id)


@shared_task(**_RETRY)
def assignments_overdue_remind_task() -> int:
    return notifications.assignments_overdue_remind()
