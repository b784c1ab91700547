"""Who may do what: every role against every API action and every admin view.

The lists of endpoints and admin views are read from the URL configuration and
the admin registry, and must match the tables below exactly: a new endpoint or
admin view fails ``test_every_*_is_in_the_matrix`` until someone decides who
may use it. Each action is tried by each role in a savepoint that is rolled
back afterwards, so every role starts from the same database; a refusal must
leave the database exactly as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .conftest import BODY_A, EVIDENCE

pytestmark = pytest.mark.django_db

ANONYMOUS, REPORTER, REVIEWER, EDITOR = "anonymous", "reporter", "reviewer", "editor"
ROLES = [ANONYMOUS, REPORTER, REVIEWER, EDITOR]
NOBODY: frozenset[str] = frozenset()
MEMBERS = frozenset({REPORTER, REVIEWER, EDITOR})
WRITERS = frozenset({REPORTER, EDITOR})
CHECKERS = frozenset({REVIEWER, EDITOR})
EDITORS = frozenset({EDITOR})


@dataclass(frozen=True)
class Action:
    allowed: frozenset[str]
    path: Callable
    body: Callable | None = None
    success: int = 200


def _assignee(w, user):
    # A reviewer takes a free claim for themselves; others assign it to one.
    return {"assignee": user.pk if user == w.reviewer else w.reviewer.pk}


API: dict[tuple[str, str], Action] = {
    ("api:api-root", "get"): Action(MEMBERS, lambda w: "/api/v1/"),
    ("api-schema", "get"): Action(MEMBERS, lambda w: "/api/schema/"),
    ("api-docs", "get"): Action(MEMBERS, lambda w: "/api/docs/"),
    ("api:me", "get"): Action(MEMBERS, lambda w: "/api/v1/me/"),
    ("api:extract", "post"): Action(
        MEMBERS, lambda w: "/api/v1/extract/", lambda w, u: {"text": BODY_A}
    ),
    ("api:article-list", "get"): Action(MEMBERS, lambda w: "/api/v1/articles/"),
    ("api:article-list", "post"): Action(
        WRITERS,
        lambda w: "/api/v1/articles/",
        lambda w, u: {"title": "Bridge reopens", "body": "The bridge cost $5 million."},
        success=201,
    ),
    ("api:article-detail", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/articles/{w.a.pk}/"
    ),
    ("api:article-publish", "post"): Action(
        EDITORS, lambda w: f"/api/v1/articles/{w.c.pk}/publish/", lambda w, u: {}
    ),
    ("api:article-jsonld", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/articles/{w.b.pk}/jsonld/"
    ),
    ("api:draft-list", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/articles/{w.a.pk}/drafts/"
    ),
    ("api:draft-list", "post"): Action(
        WRITERS,
        lambda w: f"/api/v1/articles/{w.a.pk}/drafts/",
        lambda w, u: {"title": w.a.title, "body": BODY_A + " Later 50 trucks came."},
        success=201,
    ),
    ("api:draft-detail", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/articles/{w.a.pk}/drafts/1/"
    ),
    ("api:draft-diff", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/articles/{w.a.pk}/drafts/1/diff/"
    ),
    ("api:claim-list", "get"): Action(MEMBERS, lambda w: "/api/v1/claims/"),
    ("api:claim-detail", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/claims/{w.free.pk}/"
    ),
    ("api:claim-review-assign", "post"): Action(
        CHECKERS, lambda w: f"/api/v1/claims/{w.free.pk}/assign/", _assignee
    ),
    ("api:claim-review-verdict", "post"): Action(
        CHECKERS,
        lambda w: f"/api/v1/claims/{w.mine.pk}/verdict/",
        lambda w, u: {
            "rating": "verified",
            "explanation": "The hospital's list has 12 names.",
            "evidence": EVIDENCE,
        },
    ),
    ("api:claim-review-sign-off", "post"): Action(
        EDITORS, lambda w: f"/api/v1/claims/{w.verified.pk}/sign-off/", lambda w, u: {}
    ),
    ("api:claim-review-reopen", "post"): Action(
        EDITORS,
        lambda w: f"/api/v1/claims/{w.signed.pk}/reopen/",
        lambda w, u: {"reason": "New figures from the council."},
    ),
    ("api:claim-review-waive", "post"): Action(
        EDITORS,
        lambda w: f"/api/v1/claims/{w.free.pk}/waive/",
        lambda w, u: {"reason": "opinion"},
    ),
    ("api:claim-review-evidence", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/claims/{w.signed.pk}/evidence/"
    ),
    ("api:claim-review-claimreview", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/claims/{w.signed.pk}/claimreview/"
    ),
    ("api:correction-list", "get"): Action(MEMBERS, lambda w: "/api/v1/corrections/"),
    ("api:correction-list", "post"): Action(
        MEMBERS,
        lambda w: "/api/v1/corrections/",
        lambda w, u: {
            "claim": w.b_free.pk,
            "problem": "The hospital says 13.",
            "proposed_text": "13 people",
            "evidence": EVIDENCE,
        },
        success=201,
    ),
    ("api:correction-detail", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/corrections/{w.b_open.pk}/"
    ),
    ("api:correction-assess", "post"): Action(
        CHECKERS,
        lambda w: f"/api/v1/corrections/{w.b_open.pk}/assess/",
        lambda w, u: {"accept": True, "notes": "The utility confirms."},
    ),
    ("api:correction-reject", "post"): Action(
        EDITORS,
        lambda w: f"/api/v1/corrections/{w.accepted.pk}/reject/",
        lambda w, u: {"reason": "The hospital's list is not final."},
    ),
    ("api:correction-sign-off", "post"): Action(
        EDITORS,
        lambda w: f"/api/v1/corrections/{w.accepted.pk}/sign-off/",
        lambda w, u: {},
    ),
    # Reporters read the trail here, though the admin hides it from them.
    ("api:audit-event-list", "get"): Action(MEMBERS, lambda w: "/api/v1/audit/"),
    ("api:audit-event-detail", "get"): Action(
        MEMBERS, lambda w: f"/api/v1/audit/{w.audit_event.pk}/"
    ),
    ("api:webhook-subscription-list", "get"): Action(
        EDITORS, lambda w: "/api/v1/webhooks/subscriptions/"
    ),
    ("api:webhook-subscription-list", "post"): Action(
        EDITORS,
        lambda w: "/api/v1/webhooks/subscriptions/",
        lambda w, u: {"url": "https://cms.example.org/hooks", "events": []},
        success=201,
    ),
    ("api:webhook-subscription-detail", "get"): Action(
        EDITORS, lambda w: f"/api/v1/webhooks/subscriptions/{w.subscription.pk}/"
    ),
    ("api:webhook-subscription-detail", "patch"): Action(
        EDITORS,
        lambda w: f"/api/v1/webhooks/subscriptions/{w.subscription.pk}/",
        lambda w, u: {"active": False},
    ),
    ("api:webhook-subscription-detail", "delete"): Action(
        EDITORS,
        lambda w: f"/api/v1/webhooks/subscriptions/{w.subscription.pk}/",
        success=204,
    ),
    ("api:webhook-delivery-list", "get"): Action(
        EDITORS, lambda w: "/api/v1/webhooks/deliveries/"
    ),
    ("api:webhook-delivery-detail", "get"): Action(
        EDITORS, lambda w: f"/api/v1/webhooks/deliveries/{w.delivery.pk}/"
    ),
    ("api:webhook-delivery-redeliver", "post"): Action(
        EDITORS,
        lambda w: f"/api/v1/webhooks/deliveries/{w.delivery.pk}/redeliver/",
        lambda w, u: {},
        success=202,
    ),
}


def _patterns(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                pattern.namespace or namespace,
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern


def _view_methods(callback) -> list[str]:
    if getattr(callback, "actions", None):
        # DRF adds "head" to a viewset's actions once it has served a GET.
        return [m for m in callback.actions if m != "head"]
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view, m)]


def api_endpoints() -> set[tuple[str, str]]:
    found = set()
    for route, namespace, pattern in _patterns(get_resolver().url_patterns):
        # DRF's ".json" suffix routes repeat the plain ones.
        if not route.startswith("api/") or "format" in route:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        found |= {(name, method) for method in _view_methods(pattern.callback)}
    return found


def db_state() -> dict:
    """Every row of the project's tables (the test database is small)."""
    labels = ("newsroom", "checks", "reviews", "auth", "authtoken")
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for label in labels
        for model in apps.get_app_config(label).get_models()
    }


def api_client(world, role) -> APIClient:
    client = APIClient()
    if role != ANONYMOUS:
        token, _ = Token.objects.get_or_create(user=world.users[role])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_every_api_endpoint_is_in_the_matrix():
    assert api_endpoints() == set(API)


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, role):
    client = api_client(world, role)
    user = world.users.get(role)
    wrong = []
    for (name, method), action in API.items():
        with transaction.atomic():
            before = db_state()
            body = action.body(world, user) if action.body else None
            response = getattr(client, method)(action.path(world), body, format="json")
            changed = db_state() != before
            transaction.set_rollback(True)
        code = response.status_code
        if role in action.allowed:
            if code != action.success:
                wrong.append(
                    f"{method.upper()} {name}: {code}, {response.content[:300]}"
                )
        elif code != (401 if role == ANONYMOUS else 403) or changed:
            wrong.append(f"{method.upper()} {name}: not refused ({code}, {changed=})")
    assert not wrong, "\n".join(wrong)


# --- Admin ------------------------------------------------------------------

# Model admin access per role: "view" covers the list, the change form (read
# only without "change") and the history; "add" and "delete" their own views.
ADMIN_MODELS: dict[str, dict[str, frozenset[str]]] = {
    "auth.Group": {"view": NOBODY, "add": NOBODY, "delete": NOBODY},
    "auth.User": {"view": NOBODY, "add": NOBODY, "delete": NOBODY},
    "authtoken.TokenProxy": {"view": NOBODY, "add": NOBODY, "delete": NOBODY},
    "newsroom.Desk": {"view": MEMBERS, "add": NOBODY, "delete": NOBODY},
    "newsroom.Article": {"view": MEMBERS, "add": WRITERS, "delete": NOBODY},
    "newsroom.Draft": {"view": MEMBERS, "add": NOBODY, "delete": NOBODY},
    "newsroom.WebhookSubscription": {
        "view": EDITORS,
        "add": EDITORS,
        "delete": EDITORS,
    },
    "newsroom.WebhookDelivery": {"view": EDITORS, "add": NOBODY, "delete": NOBODY},
    "checks.Claim": {"view": CHECKERS, "add": NOBODY, "delete": NOBODY},
    "reviews.AuditEvent": {"view": CHECKERS, "add": NOBODY, "delete": NOBODY},
    "reviews.Assignment": {"view": CHECKERS, "add": NOBODY, "delete": NOBODY},
    "reviews.Verdict": {"view": CHECKERS, "add": NOBODY, "delete": NOBODY},
    "reviews.Waiver": {"view": CHECKERS, "add": NOBODY, "delete": NOBODY},
    "reviews.Publication": {"view": MEMBERS, "add": NOBODY, "delete": NOBODY},
    "reviews.CorrectionRequest": {"view": MEMBERS, "add": NOBODY, "delete": NOBODY},
    "reviews.CorrectionNote": {"view": MEMBERS, "add": NOBODY, "delete": NOBODY},
}

# The desk's own screens (GET), and Django's views any staff user may open. Every
# newsroom member reads the desk (reporters too); what they may do there is
# decided by the services, below.
ADMIN_PAGES: dict[str, tuple[frozenset[str], Callable]] = {
    "index": (MEMBERS, lambda w: []),
    "password_change": (MEMBERS, lambda w: []),
    "password_change_done": (MEMBERS, lambda w: []),
    "desk_queue": (MEMBERS, lambda w: []),
    "desk_sign_off": (MEMBERS, lambda w: []),
    "desk_correction": (MEMBERS, lambda w: [w.b_open.pk]),
    "newsroom_article_workspace": (MEMBERS, lambda w: [w.a.pk]),
    "newsroom_article_audit": (MEMBERS, lambda w: [w.a.pk]),
    "newsroom_draft_compare": (MEMBERS, lambda w: [w.draft.pk]),
}
# The desk's actions only take a POST. A refusal is the service's: the page
# comes back with its message as an error, and nothing is written.
ADMIN_POSTS: dict[str, tuple[frozenset[str], Callable, dict]] = {
    "desk_sign_off_claim": (EDITORS, lambda w: [w.verified.pk], {}),
    "newsroom_article_claim_action": (
        EDITORS,
        lambda w: [w.a.pk, w.free.pk, "waive"],
        {"reason": "opinion", "version": "1"},
    ),
    "newsroom_article_publish": (EDITORS, lambda w: [w.c.pk], {"draft": "1"}),
    # Queueing extraction again is harmless: any member may.
    "newsroom_draft_extract": (MEMBERS, lambda w: [w.a.pk, 1], {}),
}
# Django's own views that are not about the newsroom's data.
ADMIN_NOT_ROLE_BOUND = {
    "login",
    "logout",
    "jsi18n",
    "autocomplete",
    "view_on_site",
    "app_list",
}
MODEL_VIEWS = ("changelist", "add", "change", "history", "delete")


def admin_view_names() -> set[str]:
    return {
        pattern.name
        for _, _, pattern in _patterns(admin.site.get_urls())
        if pattern.name
    }


def test_every_admin_view_is_in_the_matrix():
    registered = {model._meta.label for model in admin.site._registry}
    assert registered == set(ADMIN_MODELS)
    model_views = {
        f"{label.lower().replace('.', '_')}_{view}"
        for label in registered
        for view in MODEL_VIEWS
    }
    # The user admin's own password form is a superuser's (auth.User: nobody).
    model_views.add("auth_user_password_change")
    assert admin_view_names() == (
        model_views | set(ADMIN_PAGES) | set(ADMIN_POSTS) | ADMIN_NOT_ROLE_BOUND
    )


def _instance_pk(model):
    # Not values_list: DRF's TokenProxy answers to its user's id as ``pk``.
    instance = model._default_manager.order_by("pk").first()
    return instance.pk if instance is not None else None


def admin_gets(world) -> list[tuple[str, str, frozenset[str]]]:
    gets = []
    for model in admin.site._registry:
        access = ADMIN_MODELS[model._meta.label]
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pk = _instance_pk(model)
        assert pk is not None, f"the world needs a {model._meta.label}"
        gets += [
            (f"{prefix}_changelist", reverse(f"{prefix}_changelist"), access["view"]),
            (f"{prefix}_add", reverse(f"{prefix}_add"), access["add"]),
            (
                f"{prefix}_change",
                reverse(f"{prefix}_change", args=[pk]),
                access["view"],
            ),
            (
                f"{prefix}_history",
                reverse(f"{prefix}_history", args=[pk]),
                access["view"],
            ),
            (
                f"{prefix}_delete",
                reverse(f"{prefix}_delete", args=[pk]),
                access["delete"],
            ),
        ]
    user_pk = world.users[EDITOR].pk
    gets.append(
        (
            "admin:auth_user_password_change",
            reverse("admin:auth_user_password_change", args=[user_pk]),
            NOBODY,
        )
    )
    for name, (allowed, args) in ADMIN_PAGES.items():
        gets.append(
            (f"admin:{name}", reverse(f"admin:{name}", args=args(world)), allowed)
        )
    return gets


def admin_client(world, role) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    return client


def _refused(role, response, *, by_message: bool = False) -> bool:
    if role == ANONYMOUS:
        return response.status_code == 302 and response["Location"].startswith(
            "/admin/login/"
        )
    if by_message and response.status_code == 302:
        return any(
            m.level == messages.ERROR for m in get_messages(response.wsgi_request)
        )
    return response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_admin_matrix(world, role):
    client = admin_client(world, role)
    wrong = []
    for name, url, allowed in admin_gets(world):
        with transaction.atomic():
            before = db_state()
            response = client.get(url)
            changed = db_state() != before
            transaction.set_rollback(True)
        if role in allowed:
            if response.status_code != 200:
                wrong.append(f"GET {name}: {response.status_code}")
        elif not _refused(role, response) or changed:
            wrong.append(f"GET {name}: not refused ({response.status_code})")
    for name, (allowed, args, data) in ADMIN_POSTS.items():
        if role in allowed:
            continue  # the desk's own tests post these for real
        with transaction.atomic():
            before = db_state()
            response = client.post(reverse(f"admin:{name}", args=args(world)), data)
            changed = db_state() != before
            transaction.set_rollback(True)
        if not _refused(role, response, by_message=True) or changed:
            wrong.append(f"POST {name}: not refused ({response.status_code})")
    assert not wrong, "\n".join(wrong)
