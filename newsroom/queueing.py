"""Queueing background work without ever failing a change that was saved.

Work is queued after the transaction commits. If the broker cannot take it
(Redis down, a network fault), the committed change stands: the failure is
logged and the periodic sweepers pick up what they track (pending drafts,
pending webhook deliveries).
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def task_enqueue(task, *, args=(), countdown: int | None = None) -> bool:
    """Send ``task`` to the broker; return False (and log) when it cannot be sent."""
    try:
        task.apply_async(args=list(args), countdown=countdown)
    except Exception:  # noqa: BLE001 - kombu, redis and socket errors alike
        logger.exception(
            "Could not queue %s%r; the broker is unreachable.", task.name, args
        )
        return False
    return True


def task_enqueue_on_commit(task, *, args=(), countdown: int | None = None) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(task_enqueue, task, args=args, countdown=countdown))
