from celery import shared_task

from . import webhooks


@shared_task(acks_late=True)
def ping_task(value: str) -> str:
    """Echo ``value``; used by health checks and to prove a worker is serving."""
    return value


@shared_task(acks_late=True, ignore_result=True)
def webhook_delivery_send_task(delivery_id: int) -> None:
    # Retries are scheduled by the service with exponential backoff.
    webhooks.webhook_delivery_send(delivery_id=delivery_id)


@shared_task(acks_late=True, ignore_result=True)
def webhook_deliveries_sweep_task() -> int:
    return webhooks.webhook_deliveries_sweep()
