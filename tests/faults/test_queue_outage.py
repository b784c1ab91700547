"""A Redis that goes away never turns a saved change into an error.

A closed port stands in for the outage, so these run without any service.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from checks.models import Claim, ClaimMention, ClaimStatus
from newsroom import services as newsroom_services
from newsroom.models import Draft
from reviews import services as review_services
from reviews.models import AuditEvent

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}"
    )
    return client


def test_the_api_keeps_serving_when_the_throttle_cache_is_down(
    cache_down, reporter, broker_down
):
    client = token_client(reporter)
    created = client.post(
        "/api/v1/articles/",
        {"title": "Convoy", "body": "The convoy carried 600 fighters."},
        format="json",
    )
    assert created.status_code == 201, created.content
    article_id = created.json()["id"]
    listed = client.get("/api/v1/articles/")
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()["results"]] == [article_id]
    # Saved, and waiting for the sweeper since the broker is down too.
    assert Draft.objects.get(article_id=article_id).extraction_status == "pending"


@pytest.fixture
def claim(reporter):
    article = newsroom_services.article_create(
        title="Convoy", body="The convoy carried 600 fighters.", author=reporter
    )
    draft = article.drafts.get()
    claim = Claim.objects.create(
        article=article,
        kind="count",
        text="600 fighters",
        value=600,
        subject="fighters",
        fingerprint="fp-600",
        first_draft=draft,
        last_draft=draft,
        checkworthiness=0.8,
    )
    start = draft.body.index("600 fighters")
    ClaimMention.objects.create(
        claim=claim,
        draft=draft,
        start=start,
        end=start + len("600 fighters"),
        text="600 fighters",
        sentence_start=0,
        sentence_end=len(draft.body),
    )
    return claim


def test_an_assignment_is_saved_and_answered_when_the_broker_is_down(
    claim, editor, reviewer, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        review_services.claim_assign(
            claim=claim,
            assignee=reviewer,
            assigned_by=editor,
            due_at=timezone.now() + timedelta(days=1),
        )
    assert callbacks  # the notification was due to be queued, and that failed quietly
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ASSIGNED
    assert claim.assignee == reviewer
    assert AuditEvent.objects.filter(action__contains="assign").exists()


def test_a_correction_request_is_saved_when_the_broker_is_down(
    claim, editor, reporter, broker_down, django_capture_on_commit_callbacks
):
    # Corrections need a published claim; publishing is not this test's subject.
    claim.article.status = "published"
    claim.article.live_draft = claim.last_draft
    claim.article.save(update_fields=["status", "live_draft"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        correction = review_services.correction_request_open(
            claim=claim,
            requester=reporter,
            problem="The figure was 300.",
            proposed_text="300 fighters",
            evidence=[{"url": "https://example.org/report", "title": "Report"}],
        )
    assert callbacks
    correction.refresh_from_db()
    assert correction.proposed_text == "300 fighters"
