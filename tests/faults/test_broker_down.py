import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from checks.extraction import extract_claims
from checks.models import ClaimMention
from checks.tasks import draft_extraction_sweep_task
from newsroom import services
from newsroom.models import Draft
from newsroom.workers import celery_connections_reset

from .conftest import wait_for

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]

BODY = (
    "The convoy of {n} trucks arrived on Monday. Officials said {m} people were hurt."
)


def test_drafts_saved_while_the_broker_is_down_are_extracted_once_it_is_back(
    start_worker, own_redis, celery_on_own_redis, reporter
):
    article = services.article_create(
        title="Convoy reaches the city", body=BODY.format(n=40, m=12), author=reporter
    )
    token = Token.objects.create(user=reporter)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    own_redis.stop()
    started = time.monotonic()
    response = api.post(
        f"/api/v1/articles/{article.pk}/drafts/",
        {"title": article.title, "body": BODY.format(n=41, m=13)},
    )
    assert response.status_code == 201, response.content
    assert response.json()["extraction"]["status"] == "pending"
    via_service, created = services.draft_save(
        article=article,
        title=article.title,
        body=BODY.format(n=42, m=14),
        author=reporter,
    )
    assert created
    # Failing fast: a newsroom with a broken broker can still save its work.
    assert time.monotonic() - started < 10
    drafts = Draft.objects.filter(article=article).order_by("number")
    assert [d.number for d in drafts] == [1, 2, 3]
    assert set(drafts.values_list("extraction_status", flat=True)) == {"pending"}

    own_redis.start()
    # Only this process's result store needs a fresh connection: it waits for
    # the sweeper's answer below. Publishing reconnects on its own.
    celery_connections_reset(celery_on_own_redis)
    start_worker()
    # The sweeper queues again what has waited longer than its grace period.
    drafts.update(extraction_queued_at=timezone.now() - datetime.timedelta(hours=1))
    assert draft_extraction_sweep_task.delay().get(timeout=30) == 3
    wait_for(
        lambda: set(drafts.values_list("extraction_status", flat=True)) == {"done"},
        timeout=60,
        interval=0.2,
        what="the swept drafts to be extracted",
    )
    for draft in drafts:
        found = ClaimMention.objects.filter(draft=draft).values_list("start", "end")
        assert sorted(found) == [(c.start, c.end) for c in extract_claims(draft.body)]
    assert ClaimMention.objects.filter(draft=drafts.last(), text="42 trucks").exists()

    # With the broker back, a new draft is queued and extracted at once.
    fourth, _ = services.draft_save(
        article=article,
        title=article.title,
        body=BODY.format(n=43, m=15),
        author=reporter,
    )
    wait_for(
        lambda: Draft.objects.get(pk=fourth.pk).extraction_status == "done",
        timeout=30,
        interval=0.2,
        what="a draft saved after the broker came back to be extracted",
    )


@pytest.mark.redis
def test_with_the_cache_redis_down_too_the_admin_still_logs_in_and_saves_drafts(
    celery_on_own_redis, own_redis, reporter, settings
):
    # As in production by default: the cache (login and API throttles) lives
    # in the broker's Redis.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
        }
    }
    article = services.article_create(
        title="Convoy reaches the city", body=BODY.format(n=40, m=12), author=reporter
    )
    own_redis.stop()
    browser = Client()
    login = browser.post(
        "/admin/login/?next=/admin/",
        {"username": reporter.username, "password": "pw-for-tests-1"},
    )
    assert login.status_code == 302, "logging in must not depend on the cache"
    response = browser.post(
        reverse("admin:newsroom_article_change", args=[article.pk]),
        {"title": article.title, "body": BODY.format(n=41, m=13), "byline": ""},
    )
    assert response.status_code == 302
    latest = article.drafts.order_by("-number").first()
    assert (latest.number, latest.extraction_status) == (2, "pending")
