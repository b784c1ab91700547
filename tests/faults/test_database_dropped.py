import psycopg
import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from checks.models import Claim, ClaimMention
from checks.services import draft_claims_extract
from newsroom import services
from newsroom.models import Draft
from reviews import services as review_services
from reviews.models import AuditEvent, Evidence, Verdict

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BODY = "The convoy of 40 trucks arrived on Monday. Officials said 12 people were hurt."


def backend_terminate() -> None:
    """Kill this thread's database connection from a second connection.

    Exactly what a failover, a restarted pgbouncer or an idle-session reaper
    does to a request in flight; the server itself keeps running.
    """
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (
            True,
        )


def api_for(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user)}")
    return client


def request_finished() -> None:
    # What Django does at the end of every request (the test client skips it):
    # a connection that failed is closed, and the next request opens a new one.
    connection.close_if_unusable_or_obsolete()


def test_a_draft_post_whose_connection_dies_mid_transaction_saves_nothing(
    reporter, monkeypatch
):
    article = services.article_create(title="Convoy", body=BODY, author=reporter)
    api = api_for(reporter)
    import checks.services

    enqueue = checks.services.draft_extraction_enqueue

    def enqueue_then_lose_the_connection(*, draft):
        enqueue(draft=draft)  # the draft row is written, not yet committed
        backend_terminate()

    monkeypatch.setattr(
        checks.services, "draft_extraction_enqueue", enqueue_then_lose_the_connection
    )
    response = api.post(
        f"/api/v1/articles/{article.pk}/drafts/",
        {"title": "Convoy", "body": BODY.replace("40", "41")},
    )
    request_finished()

    assert response.status_code == 500
    assert response.json() == {
        "error": {
            "code": "server_error",
            "message": "Internal server error.",
            "fields": {},
        }
    }
    assert list(article.drafts.values_list("number", flat=True)) == [1]
    assert not Draft.objects.filter(body__contains="41 trucks").exists()

    # The next request gets a new connection and saves the draft.
    monkeypatch.undo()
    retry = api.post(
        f"/api/v1/articles/{article.pk}/drafts/",
        {"title": "Convoy", "body": BODY.replace("40", "41")},
    )
    assert retry.status_code == 201
    assert retry.json()["number"] == 2
    assert ClaimMention.objects.filter(draft__number=2, text="41 trucks").exists()


def test_a_verdict_whose_connection_dies_before_commit_leaves_no_trace(
    reporter, reviewer, editor, monkeypatch
):
    article = services.article_create(title="Convoy", body=BODY, author=reporter)
    draft_claims_extract(draft_id=article.drafts.get().pk)
    claim = Claim.objects.get(article=article, text="40 trucks")
    review_services.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    claim.refresh_from_db()
    events_before = AuditEvent.objects.count()
    import reviews.services.claims

    audit_record = reviews.services.claims.audit_record

    def audit_then_lose_the_connection(**kwargs):
        event = audit_record(**kwargs)  # verdict, evidence, status and audit written
        backend_terminate()
        return event

    monkeypatch.setattr(
        reviews.services.claims, "audit_record", audit_then_lose_the_connection
    )
    response = api_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/verdict/",
        {
            "rating": "verified",
            "explanation": "The ministry's list has 40 trucks.",
            "evidence": [{"url": "https://example.org/list"}],
        },
        HTTP_IF_MATCH=f'"{claim.version}"',
    )
    request_finished()

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    after = Claim.objects.get(pk=claim.pk)
    assert (after.status, after.version) == ("assigned", claim.version)
    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.count() == events_before
