"""The reviewer and editor screens, mounted on the admin site.

``desk_install(site)`` adds the desk URLs (``/admin/desk/...`` and the
per-article workspace, audit trail and actions under
``/admin/newsroom/article/<id>/``) ahead of the site's own, and gives the admin
index a summary of the user's queue.
"""

from __future__ import annotations

from django.urls import path
from django.views.decorators.http import require_POST

from . import views


def desk_urls(site) -> list:
    def view(func, *, post_only=False):
        def call(request, **kwargs):
            return func(site, request, **kwargs)

        if post_only:
            call = require_POST(call)
        return site.admin_view(call)

    article = "newsroom/article/<int:pk>/"
    return [
        path("desk/queue/", view(views.claim_queue), name="desk_queue"),
        path("desk/sign-off/", view(views.sign_off_queue), name="desk_sign_off"),
        path(
            "desk/sign-off/<int:claim_id>/",
            view(views.sign_off_from_queue, post_only=True),
            name="desk_sign_off_claim",
        ),
        path(
            "desk/corrections/<int:correction_id>/",
            view(views.correction_detail),
            name="desk_correction",
        ),
        path(
            article + "workspace/",
            view(views.article_workspace),
            name="newsroom_article_workspace",
        ),
        path(
            article + "claims/<int:claim_id>/<slug:action>/",
            view(views.claim_action, post_only=True),
            name="newsroom_article_claim_action",
        ),
        path(
            article + "publish/",
            view(views.article_publish, post_only=True),
            name="newsroom_article_publish",
        ),
        path(
            article + "drafts/<int:number>/extract/",
            view(views.draft_extraction_rerun, post_only=True),
            name="newsroom_draft_extract",
        ),
        path(
            article + "audit/", view(views.article_audit), name="newsroom_article_audit"
        ),
    ]


def desk_install(site) -> None:
    """Mount the desk screens on ``site`` (idempotent)."""
    if getattr(site, "_desk_installed", False):
        return
    site._desk_installed = True
    site_urls = site.get_urls
    site_index = site.index

    def get_urls():
        return desk_urls(site) + site_urls()

    def index(request, extra_context=None):
        return site_index(
            request,
            extra_context={**views.desk_summary(request), **(extra_context or {})},
        )

    site.get_urls = get_urls
    site.index = index
