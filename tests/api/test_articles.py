from datetime import timedelta

import pytest
from django.utils import timezone

from newsroom import services
from newsroom.models import Article, Desk, Draft
from newsroom.roles import EDITOR, REPORTER, REVIEWER

pytestmark = pytest.mark.django_db

NEW_ARTICLE = {
    "title": "Floods close the bridge",
    "body": "About 300 homes were flooded on Tuesday.",
    "byline": "Rita Reporter",
}


def test_reporter_creates_an_article_with_its_first_draft(client_for, reporter):
    response = client_for(reporter).post("/api/v1/articles/", NEW_ARTICLE)

    assert response.status_code == 201
    data = response.json()
    assert data["title"] == "Floods close the bridge"
    assert data["status"] == "draft"
    assert data["latest_draft"]["number"] == 1
    assert data["latest_draft"]["body"] == NEW_ARTICLE["body"]
    assert data["latest_draft"]["extraction"]["status"] in {
        "pending",
        "running",
        "done",
        "failed",
    }
    assert data["created_by"]["username"] == reporter.username
    assert Draft.objects.filter(article_id=data["id"]).count() == 1


def test_article_can_be_filed_on_a_desk_by_slug(client_for, editor):
    Desk.objects.create(name="Metro", slug="metro")
    response = client_for(editor).post(
        "/api/v1/articles/", {**NEW_ARTICLE, "desk": "metro"}
    )
    assert response.status_code == 201
    assert response.json()["desk"] == "metro"


def test_reviewer_may_not_create_articles(client_for, reviewer):
    response = client_for(reviewer).post("/api/v1/articles/", NEW_ARTICLE)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Article.objects.exists()


def test_an_empty_body_is_refused_on_the_body_field(client_for, reporter):
    response = client_for(reporter).post(
        "/api/v1/articles/", {**NEW_ARTICLE, "body": "   "}
    )
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]


def test_a_retried_create_with_the_same_idempotency_key_creates_one_article(
    client_for, reporter
):
    client = client_for(reporter)
    first = client.post("/api/v1/articles/", NEW_ARTICLE, HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/articles/", NEW_ARTICLE, HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Article.objects.count() == 1


def test_list_filters_by_status_desk_and_update_time(client_for, reviewer, reporter):
    metro = Desk.objects.create(name="Metro", slug="metro")
    on_desk = services.article_create(
        title="On the desk", body="Body one.", author=reporter, desk=metro
    )
    other = services.article_create(
        title="Elsewhere", body="Body two.", author=reporter
    )
    Article.objects.filter(pk=other.pk).update(
        status=Article.Status.PUBLISHED,
        updated_at=timezone.now() - timedelta(days=3),
    )
    client = client_for(reviewer)

    def ids(query):
        response = client.get(f"/api/v1/articles/{query}")
        assert response.status_code == 200
        return {a["id"] for a in response.json()["results"]}

    assert ids("") == {on_desk.pk, other.pk}
    assert ids("?desk=metro") == {on_desk.pk}
    assert ids("?status=published") == {other.pk}
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert ids(f"?updated_since={since.replace('+', '%2B')}") == {on_desk.pk}


def test_an_invalid_filter_is_a_400_naming_the_parameter(client_for, reviewer):
    response = client_for(reviewer).get("/api/v1/articles/?status=lost")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_detail_shows_the_live_and_latest_drafts(client_for, reviewer, article):
    services.draft_save(
        article=article,
        title=article.title,
        body="The convoy of 41 trucks arrived on Monday.",
        author=article.created_by,
    )
    Article.objects.filter(pk=article.pk).update(
        live_draft=article.drafts.get(number=1)
    )
    response = client_for(reviewer).get(f"/api/v1/articles/{article.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["live_draft"]["number"] == 1
    assert data["latest_draft"]["number"] == 2
    assert data["latest_draft"]["body"].startswith("The convoy of 41 trucks")
    assert data["draft_count"] == 2


@pytest.mark.parametrize("drafts", [1, 6])
def test_detail_runs_a_constant_number_of_queries(
    client_for, reviewer, article, drafts, django_assert_max_num_queries
):
    for n in range(drafts - 1):
        services.draft_save(
            article=article,
            title=article.title,
            body=f"Version {n}.",
            author=article.created_by,
        )
    client = client_for(reviewer)
    with django_assert_max_num_queries(7):
        response = client.get(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200


@pytest.mark.parametrize("page_size", [2, 40])
def test_list_runs_a_constant_number_of_queries_whatever_the_page_size(
    client_for, reviewer, reporter, page_size, django_assert_max_num_queries
):
    for n in range(40):
        services.article_create(title=f"Story {n}", body="Text.", author=reporter)
    client = client_for(reviewer)
    with django_assert_max_num_queries(6):
        response = client.get(f"/api/v1/articles/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("role", [REPORTER, REVIEWER, EDITOR])
def test_me_shows_the_user_and_their_roles(client_for, make_user, role):
    user = make_user(f"user-{role}", role)
    response = client_for(user).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == f"user-{role}"
    assert response.json()["roles"] == [role]


def test_a_user_without_a_newsroom_role_is_refused(client_for, make_user):
    outsider = make_user("outsider")
    response = client_for(outsider).get("/api/v1/articles/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_session_authentication_works_for_logged_in_staff(reviewer):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(reviewer)
    assert client.get("/api/v1/me/").json()["username"] == reviewer.username


def test_token_from_drf_create_token_authenticates(reviewer):
    from io import StringIO

    from django.core.management import call_command
    from rest_framework.test import APIClient

    out = StringIO()
    call_command("drf_create_token", reviewer.username, stdout=out)
    key = out.getvalue().split()[2]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200
