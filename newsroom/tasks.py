from celery import shared_task


@shared_task(acks_late=True)
def ping_task(value: str) -> str:
    """Echo ``value``; used by health checks and to prove a worker is serving."""
    return value
