import pytest
from django.test import Client
from django.urls import reverse

from .conftest import BODY_A
from .test_permission_matrix import db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_browser(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["editor"])
    return client


def article_change(w):
    return (
        reverse("admin:newsroom_article_change", args=[w.a.pk]),
        {"title": w.a.title, "body": BODY_A + " Later 50 trucks came.", "byline": ""},
    )


# Forms an editor submits in the admin, each with data it would accept.
ADMIN_FORMS = {
    "new draft from the article form": article_change,
    "new article": lambda w: (
        reverse("admin:newsroom_article_add"),
        {"title": "Bridge reopens", "body": "The bridge cost $5 million."},
    ),
    "claim waived from the workspace": lambda w: (
        reverse(
            "admin:newsroom_article_claim_action", args=[w.a.pk, w.free.pk, "waive"]
        ),
        {"reason": "opinion", "version": str(w.free.version)},
    ),
    "verdict signed off": lambda w: (
        reverse("admin:desk_sign_off_claim", args=[w.verified.pk]),
        {"version": str(w.verified.version)},
    ),
    "article published": lambda w: (
        reverse("admin:newsroom_article_publish", args=[w.c.pk]),
        {"draft": "1"},
    ),
    "webhook subscription added": lambda w: (
        reverse("admin:newsroom_webhooksubscription_add"),
        {"url": "https://cms.example.org/hooks", "events": "[]", "active": "on"},
    ),
    "password changed": lambda w: (
        reverse("admin:password_change"),
        {
            "old_password": "pw-for-tests-1",
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    ),
}


@pytest.mark.parametrize("form", ADMIN_FORMS)
def test_an_admin_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(
    world, editor_browser, form
):
    url, data = ADMIN_FORMS[form](world)
    before = db_state()
    response = editor_browser.post(url, data)
    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content
    assert db_state() == before


def test_the_same_form_with_its_token_goes_through(world, editor_browser):
    url, data = article_change(world)
    page = editor_browser.get(url)
    token = page.context["csrf_token"]
    response = editor_browser.post(url, {**data, "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert world.a.drafts.count() == 2


def test_the_login_form_needs_its_token_too(world):
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "eddie", "password": "pw-for-tests-1"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_api_with_a_browser_session_needs_a_csrf_token(world, editor_browser):
    before = db_state()
    response = editor_browser.post(
        "/api/v1/articles/",
        {"title": "Bridge reopens", "body": "The bridge cost $5 million."},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert db_state() == before
