import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from newsroom import webhooks
from newsroom.models import WebhookDelivery

from .conftest import free_port, wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

SECRET = "receiver-secret-0123456789abcdef0123"


class ReceiverOnPort:
    """A receiver that can come up on a port chosen while it was down."""

    def __init__(self, port: int):
        self.received: list[dict] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(
                    {
                        "at": time.monotonic(),
                        "delivery": self.headers["X-Newsroom-Delivery"],
                        "valid": webhooks.webhook_signature_verify(
                            secret=SECRET,
                            timestamp=self.headers["X-Newsroom-Timestamp"],
                            body=body,
                            signature=self.headers["X-Newsroom-Signature"],
                        ),
                        "data": json.loads(body)["data"],
                    }
                )
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_receiver_that_was_down_gets_every_delivery_once_after_the_backoff(
    start_worker, editor
):
    port = free_port()  # nothing listens there yet: connections are refused
    webhooks.webhook_subscription_create(
        url=f"http://127.0.0.1:{port}/hooks",
        owner=editor,
        secret=SECRET,
        events=["article.published"],
    )
    start_worker()
    with transaction.atomic():
        for article in (1, 2, 3):
            webhooks.webhook_event_emit(
                event="article.published", payload={"article": article}
            )
    deliveries = WebhookDelivery.objects.order_by("pk")

    def all_failed_once():
        rows = list(deliveries.all())
        return rows if all(d.attempts == 1 and d.last_error for d in rows) else None

    failed = wait_for(all_failed_once, timeout=30, interval=0.1, what="attempts")
    first_attempt_done = time.monotonic()
    for delivery in failed:
        assert delivery.status == "pending"
        assert delivery.last_response_code is None
        assert "Connection refused" in delivery.last_error
        wait = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
        assert wait == pytest.approx(
            webhooks.webhook_backoff_seconds(attempts=1), abs=1
        )

    receiver = ReceiverOnPort(port)
    try:
        # The worker's own scheduled retries deliver them: no sweeper, no redeliver.
        wait_for(
            lambda: set(deliveries.values_list("status", flat=True)) == {"delivered"},
            timeout=webhooks.webhook_backoff_seconds(attempts=1) + 20,
            interval=0.5,
            what="the retries to reach the receiver",
        )
        time.sleep(1)  # room for a duplicate to arrive, if there were one
    finally:
        receiver.close()

    assert sorted(r["delivery"] for r in receiver.received) == sorted(
        str(d.pk) for d in deliveries
    )
    assert sorted(r["data"]["article"] for r in receiver.received) == [1, 2, 3]
    assert all(r["valid"] for r in receiver.received)
    # Not retried before the backoff had passed.
    assert min(r["at"] for r in receiver.received) - first_attempt_done >= 25
    assert set(deliveries.values_list("attempts", flat=True)) == {2}
