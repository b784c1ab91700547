import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from newsroom import webhooks
from newsroom.models import WebhookDelivery, WebhookSubscription

from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

SECRET = "s3cret-for-the-receiver-0123456789"


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


@pytest.fixture
def subscription(editor, receiver):
    return webhooks.webhook_subscription_create(
        url=receiver.url, owner=editor, secret=SECRET, events=["article.published"]
    )


def emit_and_send(django_capture_on_commit_callbacks, event="article.published"):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            webhooks.webhook_event_emit(event=event, payload={"article": 7})


def test_editor_subscribes_and_sees_the_secret_once(client_for, editor):
    client = client_for(editor)
    response = client.post(
        "/api/v1/webhooks/subscriptions/",
        {"url": "https://cms.example.org/hooks", "events": ["claim.status_changed"]},
    )
    assert response.status_code == 201
    created = response.json()
    assert len(created["secret"]) >= 32
    listed = client.get(f"/api/v1/webhooks/subscriptions/{created['id']}/").json()
    assert "secret" not in listed
    assert listed["events"] == ["claim.status_changed"]


def test_unknown_events_are_refused(client_for, editor):
    response = client_for(editor).post(
        "/api/v1/webhooks/subscriptions/",
        {"url": "https://cms.example.org/hooks", "events": ["claim.eaten"]},
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["events.0"]


@pytest.mark.parametrize("role_fixture", ["reporter", "reviewer"])
def test_only_editors_manage_subscriptions(client_for, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    response = client_for(user).post(
        "/api/v1/webhooks/subscriptions/", {"url": "https://cms.example.org/hooks"}
    )
    assert response.status_code == 403
    assert client_for(user).get("/api/v1/webhooks/deliveries/").status_code == 403


def test_editor_pauses_and_deletes_a_subscription(client_for, editor, subscription):
    client = client_for(editor)
    path = f"/api/v1/webhooks/subscriptions/{subscription.pk}/"
    assert client.patch(path, {"active": False}).json()["active"] is False
    assert client.delete(path).status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_an_event_is_stored_only_for_interested_active_subscriptions(editor):
    wanted = webhooks.webhook_subscription_create(
        url="https://a.example.org/", owner=editor, events=["article.published"]
    )
    every = webhooks.webhook_subscription_create(
        url="https://b.example.org/", owner=editor
    )
    webhooks.webhook_subscription_create(
        url="https://c.example.org/", owner=editor, events=["draft.extracted"]
    )
    webhooks.webhook_subscription_create(
        url="https://d.example.org/", owner=editor, active=False
    )
    with transaction.atomic():
        deliveries = webhooks.webhook_event_emit(
            event="article.published", payload={"article": 1}
        )
    assert {d.subscription_id for d in deliveries} == {wanted.pk, every.pk}


def test_deliveries_roll_back_with_the_change_that_emitted_them(subscription):
    def publish_that_fails():
        with transaction.atomic():
            webhooks.webhook_event_emit(event="article.published", payload={})
            raise RuntimeError("the publish failed")

    with pytest.raises(RuntimeError):
        publish_that_fails()
    assert not WebhookDelivery.objects.exists()


def test_nothing_is_sent_before_commit(
    subscription, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            webhooks.webhook_event_emit(event="article.published", payload={})
    assert receiver.requests == []
    assert len(callbacks) == 1


def test_the_receiver_gets_a_signed_request_it_can_verify(
    subscription, receiver, django_capture_on_commit_callbacks
):
    emit_and_send(django_capture_on_commit_callbacks)

    [request] = receiver.requests
    headers = request["headers"]
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Newsroom-Event"] == "article.published"
    assert headers["X-Newsroom-Delivery"] == str(delivery.pk)
    assert webhooks.webhook_signature_verify(
        secret=SECRET,
        timestamp=headers["X-Newsroom-Timestamp"],
        body=request["body"],
        signature=headers["X-Newsroom-Signature"],
    )
    assert not webhooks.webhook_signature_verify(
        secret="another-secret",
        timestamp=headers["X-Newsroom-Timestamp"],
        body=request["body"],
        signature=headers["X-Newsroom-Signature"],
    )
    body = json.loads(request["body"])
    assert body["event"] == "article.published"
    assert body["data"] == {"article": 7}
    assert delivery.status == "delivered"
    assert delivery.last_response_code == 200


def test_signature_is_hmac_sha256_of_timestamp_dot_body():
    import hashlib
    import hmac

    expected = hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert (
        webhooks.webhook_signature(secret="key", timestamp=1700000000, body=b"{}")
        == f"sha256={expected}"
    )


def test_a_failing_receiver_is_retried_later_and_redelivered_by_hand(
    client_for, editor, subscription, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 500
    emit_and_send(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert delivery.last_response_code == 500
    assert "HTTP 500" in delivery.last_error
    wait = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert 25 <= wait <= 35

    receiver.status = 204
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            f"/api/v1/webhooks/deliveries/{delivery.pk}/redeliver/"
        )
    assert response.status_code == 202
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempts == 2
    assert delivery.last_response_code == 204
    assert len(receiver.requests) == 2
    # The receiver can tell a retry from a new event.
    ids = {r["headers"]["X-Newsroom-Delivery"] for r in receiver.requests}
    assert ids == {str(delivery.pk)}


def test_an_unreachable_receiver_is_recorded_as_an_error(
    editor, django_capture_on_commit_callbacks
):
    webhooks.webhook_subscription_create(url="http://127.0.0.1:9/", owner=editor)
    emit_and_send(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"
    assert delivery.last_response_code is None
    assert delivery.last_error


def test_webhook_tasks_go_to_the_webhooks_queue():
    from newsroom.celery import app

    route = app.amqp.router.route({}, "newsroom.tasks.webhook_delivery_send_task")
    assert route["queue"].name == "webhooks"


def test_retries_back_off_exponentially_below_the_visibility_timeout(settings):
    waits = [webhooks.webhook_backoff_seconds(attempts=n) for n in range(1, 10)]
    assert waits[:4] == [30, 60, 120, 240]
    assert waits == sorted(waits)
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert max(waits) < visibility


def test_a_failure_schedules_the_next_attempt_with_a_countdown(
    subscription, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    from newsroom.celery import app
    from newsroom.tasks import webhook_delivery_send_task

    receiver.status = 503
    with transaction.atomic():
        [delivery] = webhooks.webhook_event_emit(event="article.published", payload={})
    scheduled = []
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    monkeypatch.setattr(
        webhook_delivery_send_task,
        "apply_async",
        lambda args, countdown: scheduled.append((args, countdown)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.webhook_delivery_send(delivery_id=delivery.pk)
    assert scheduled == [([delivery.pk], 30)]


def test_retries_stop_after_the_maximum_attempts(
    subscription, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.status = 500
    emit_and_send(django_capture_on_commit_callbacks)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    delivery = WebhookDelivery.objects.get()
    webhooks.webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert delivery.next_attempt_at is None
    # A stray duplicate task does not send again.
    assert webhooks.webhook_delivery_send(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 2


def test_a_delivery_is_not_sent_before_it_is_due(subscription, receiver):
    with transaction.atomic():
        [delivery] = webhooks.webhook_event_emit(event="article.published", payload={})
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() + timedelta(hours=1))
    assert webhooks.webhook_delivery_send(delivery_id=delivery.pk) is None
    assert receiver.requests == []


def test_the_sweeper_resends_deliveries_stuck_pending(
    subscription, receiver, django_capture_on_commit_callbacks
):
    with transaction.atomic():
        # Emitted, but the task was lost (no on-commit callback ran).
        webhooks.webhook_event_emit(event="article.published", payload={})
    WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(hours=1))
    assert webhooks.webhook_deliveries_sweep() == 1
    assert WebhookDelivery.objects.get().status == "delivered"
    assert len(receiver.requests) == 1
    assert webhooks.webhook_deliveries_sweep() == 0


def test_deliveries_can_be_filtered_by_status(
    client_for, editor, subscription, receiver, django_capture_on_commit_callbacks
):
    emit_and_send(django_capture_on_commit_callbacks)
    client = client_for(editor)
    delivered = client.get("/api/v1/webhooks/deliveries/?status=delivered").json()
    assert [d["event"] for d in delivered["results"]] == ["article.published"]
    pending = client.get("/api/v1/webhooks/deliveries/?status=pending").json()
    assert pending["results"] == []


def test_admin_action_redelivers(
    admin_client, subscription, receiver, django_capture_on_commit_callbacks
):
    receiver.status = 500
    emit_and_send(django_capture_on_commit_callbacks)
    receiver.status = 200
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/newsroom/webhookdelivery/",
            {"action": "redeliver", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_workflow_events_reach_subscribers(
    client_for, editor, reviewer, reporter, seed_body
):
    from checks.models import Claim
    from checks.services import draft_claims_extract
    from newsroom import services

    webhooks.webhook_subscription_create(url="https://hooks.example.org/", owner=editor)
    article = services.article_create(title="Convoy", body=seed_body, author=reporter)
    draft_claims_extract(draft_id=article.drafts.get().pk)
    extracted = WebhookDelivery.objects.get(event="draft.extracted")
    assert extracted.payload["article"] == article.pk
    assert extracted.payload["draft"] == 1

    claim = Claim.objects.filter(article=article).first()
    client_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/assign/", {"assignee": reviewer.pk}
    )
    changed = WebhookDelivery.objects.get(event="claim.status_changed")
    assert changed.payload["claim"] == claim.pk
    assert (changed.payload["from_status"], changed.payload["to_status"]) == (
        "unchecked",
        "assigned",
    )

    for c in Claim.objects.filter(article=article):
        client_for(editor).post(
            f"/api/v1/claims/{c.pk}/waive/", {"reason": "not_checkworthy"}
        )
    client_for(editor).post(f"/api/v1/articles/{article.pk}/publish/")
    published = WebhookDelivery.objects.get(event="article.published")
    assert published.payload["article"] == article.pk
    assert published.payload["draft"] == 1


def test_a_refused_transition_announces_nothing(client_for, editor, seed_article):
    from checks.models import Claim

    webhooks.webhook_subscription_create(url="https://hooks.example.org/", owner=editor)
    claim = Claim.objects.filter(article=seed_article).first()
    response = client_for(editor).post(f"/api/v1/claims/{claim.pk}/sign-off/")
    assert response.status_code == 409
    assert not WebhookDelivery.objects.filter(event="claim.status_changed").exists()
