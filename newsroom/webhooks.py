"""Signed webhooks with an outbox.

``webhook_event_emit`` is called inside the transaction that changes state: it
stores one ``WebhookDelivery`` per interested subscription (the outbox), and only
after commit enqueues ``webhook_delivery_send_task`` for each. A delivery that
fails is tried again with exponential backoff; one whose task was lost (broker
down at commit, worker killed) is picked up by ``webhook_deliveries_sweep``.

Every request is a ``POST`` of JSON ``{"id", "event", "created_at", "data"}`` with
the headers ``X-Newsroom-Event``, ``X-Newsroom-Delivery`` (the delivery id, the
same on every attempt), ``X-Newsroom-Timestamp`` (Unix seconds) and
``X-Newsroom-Signature: sha256=<hex>``: the HMAC-SHA256, keyed with the
subscription's secret, of ``f"{timestamp}.{body}"``. Receivers should compare the
signature in constant time and refuse old timestamps. Any 2xx answer is success.
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import WebhookDelivery, WebhookEvent, WebhookSubscription
from .queueing import task_enqueue
from .roles import EDITOR, role_require

logger = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 30
# Countdowns stay well below the broker's visibility timeout (3600 s).
BACKOFF_MAX_SECONDS = 1800
# A delivery being sent is leased for this long beyond the request timeout, so
# the sweeper does not send it a second time meanwhile.
SEND_LEASE_SECONDS = 60
# Pending deliveries this late are presumed lost and enqueued again.
SWEEP_GRACE_SECONDS = 120
RESPONSE_EXCERPT_CHARS = 500


def webhook_signature(*, secret: str, timestamp: int | str, body: bytes | str) -> str:
    """Return ``sha256=<hex>`` for ``body`` sent at ``timestamp``."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    message = f"{timestamp}.{body}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_signature_verify(
    *, secret: str, timestamp: int | str, body: bytes | str, signature: str
) -> bool:
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, signature)


def _events_validate(events) -> list[str]:
    events = list(events or [])
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown:
        raise ValidationError({"events": [f"Unknown events: {', '.join(unknown)}."]})
    return sorted(set(events))


def _url_validate(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": ["Only http and https URLs are allowed."]})


@transaction.atomic
def webhook_subscription_create(
    *,
    url: str,
    owner,
    events: list[str] | None = None,
    secret: str | None = None,
    description: str = "",
    active: bool = True,
) -> WebhookSubscription:
    role_require(owner, EDITOR, action="manage webhook subscriptions")
    _url_validate(url)
    return WebhookSubscription.objects.create(
        url=url,
        owner=owner,
        events=_events_validate(events),
        secret=secret or secrets.token_hex(32),
        description=description,
        active=active,
    )


@transaction.atomic
def webhook_subscription_update(
    *, subscription: WebhookSubscription, actor, **fields
) -> WebhookSubscription:
    role_require(actor, EDITOR, action="manage webhook subscriptions")
    allowed = {"url", "events", "secret", "description", "active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Cannot update {sorted(unknown)}")
    subscription = WebhookSubscription.objects.select_for_update().get(
        pk=subscription.pk
    )
    if "url" in fields:
        _url_validate(fields["url"])
    if "events" in fields:
        fields["events"] = _events_validate(fields["events"])
    for name, value in fields.items():
        setattr(subscription, name, value)
    subscription.save(update_fields=[*fields, "updated_at"])
    return subscription


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, actor) -> None:
    role_require(actor, EDITOR, action="manage webhook subscriptions")
    subscription.delete()


def _enqueue(delivery_ids: list[int]) -> None:
    from .tasks import webhook_delivery_send_task

    # What cannot be queued stays pending for the sweeper.
    for delivery_id in delivery_ids:
        task_enqueue(webhook_delivery_send_task, args=(delivery_id,))


def webhook_event_emit(*, event: str, payload: dict) -> list[WebhookDelivery]:
    """Store a delivery of ``event`` for every interested subscription.

    Call it inside the transaction that made the change: the deliveries commit
    or roll back with it, and sending starts only after commit.
    """
    if event not in WebhookEvent.values:
        raise ValueError(f"Unknown webhook event {event!r}")
    # Round-trip through JSON so dates and decimals are stored as sent.
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    now = timezone.now()
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(active=True) if s.wants(event)
    ]
    if not subscriptions:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=s, event=event, payload=payload, next_attempt_at=now
            )
            for s in subscriptions
        ]
    )
    ids = [d.pk for d in deliveries]
    if None in ids:  # backends that do not return ids from bulk inserts
        deliveries = list(
            WebhookDelivery.objects.filter(
                subscription__in=subscriptions, event=event, created_at__gte=now
            )
        )
        ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))
    return deliveries


def webhook_request_body(delivery: WebhookDelivery) -> bytes:
    envelope = {
        "id": delivery.pk,
        "event": delivery.event,
        "created_at": delivery.created_at,
        "data": delivery.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def webhook_backoff_seconds(*, attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failed attempt."""
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def _claim_for_sending(delivery_id: int, *, force: bool) -> WebhookDelivery | None:
    """Lease a due pending delivery for one attempt, or return ``None``."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return None
        # A little slack: a countdown may fire a moment before next_attempt_at.
        if (
            not force
            and delivery.next_attempt_at
            and delivery.next_attempt_at > now + timedelta(seconds=5)
        ):
            return None
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + timedelta(
            seconds=settings.WEBHOOK_TIMEOUT_SECONDS + SEND_LEASE_SECONDS
        )
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    return delivery


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """Send one attempt; return ``(status code or None, error text)``."""
    subscription = delivery.subscription
    body = webhook_request_body(delivery)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - URL scheme checked on save
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Newsroom-Webhooks/1.0",
            "X-Newsroom-Event": delivery.event,
            "X-Newsroom-Delivery": str(delivery.pk),
            "X-Newsroom-Timestamp": str(timestamp),
            "X-Newsroom-Signature": webhook_signature(
                secret=subscription.secret, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS
        ) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        excerpt = exc.read(RESPONSE_EXCERPT_CHARS).decode("utf-8", "replace")
        return exc.code, f"HTTP {exc.code}: {excerpt}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def webhook_delivery_send(
    *, delivery_id: int, force: bool = False
) -> WebhookDelivery | None:
    """Make one attempt at a pending delivery that is due; schedule the next.

    Returns the delivery, or ``None`` when there was nothing to send (already
    delivered, given up, not due yet or being sent by another worker), which
    makes a duplicate task harmless.
    """
    delivery = _claim_for_sending(delivery_id, force=force)
    if delivery is None:
        return None
    code, error = _post(delivery)
    now = timezone.now()
    fields = ["status", "last_response_code", "last_error", "next_attempt_at"]
    delivery.last_response_code = code
    delivery.last_error = error[:2000]
    retry_in = None
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        fields.append("delivered_at")
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        retry_in = webhook_backoff_seconds(attempts=delivery.attempts)
        delivery.next_attempt_at = now + timedelta(seconds=retry_in)
    with transaction.atomic():
        delivery.save(update_fields=fields)
        if retry_in is not None:
            transaction.on_commit(lambda: _retry_schedule(delivery.pk, retry_in))
    logger.info(
        "webhook delivery %s (%s) to %s: attempt %s, response %s, %s",
        delivery.pk,
        delivery.event,
        delivery.subscription.url,
        delivery.attempts,
        code,
        delivery.status,
    )
    return delivery


def _retry_schedule(delivery_id: int, countdown: int) -> None:
    from .celery import app
    from .tasks import webhook_delivery_send_task

    if app.conf.task_always_eager:
        # In-process mode cannot wait: the delivery stays pending with its
        # next_attempt_at, for the sweeper or a redeliver.
        return
    task_enqueue(webhook_delivery_send_task, args=(delivery_id,), countdown=countdown)


@transaction.atomic
def webhook_delivery_redeliver(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send a delivery again now, whatever happened to it before."""
    role_require(actor, EDITOR, action="redeliver webhooks")
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.delivered_at = None
    delivery.save(update_fields=["status", "next_attempt_at", "delivered_at"])
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def webhook_deliveries_sweep(*, now: datetime | None = None) -> int:
    """Enqueue pending deliveries that should have been sent by now."""
    now = now or timezone.now()
    ids = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=now - timedelta(seconds=SWEEP_GRACE_SECONDS),
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )
    _enqueue(ids)
    return len(ids)
