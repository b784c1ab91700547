"""Everything under ``/api/v1/``."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from checks.api.extract import ExtractView
from checks.api.views import ClaimViewSet
from reviews.api import views as review_views

from . import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
# Detail-only actions, under the same prefix (no list or detail routes of its own).
router.register("claims", review_views.ClaimReviewViewSet, basename="claim-review")
router.register("corrections", review_views.CorrectionViewSet, basename="correction")
router.register("audit", review_views.AuditEventViewSet, basename="audit-event")
router.register(
    "webhooks/subscriptions",
    views.WebhookSubscriptionViewSet,
    basename="webhook-subscription",
)
router.register(
    "webhooks/deliveries", views.WebhookDeliveryViewSet, basename="webhook-delivery"
)

draft_list = views.DraftViewSet.as_view({"get": "list", "post": "create"})
draft_detail = views.DraftViewSet.as_view({"get": "retrieve"})
draft_diff = views.DraftViewSet.as_view({"get": "diff"})

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("extract/", ExtractView.as_view(), name="extract"),
    path("articles/<int:article_pk>/drafts/", draft_list, name="draft-list"),
    path(
        "articles/<int:article_pk>/drafts/<int:number>/",
        draft_detail,
        name="draft-detail",
    ),
    path(
        "articles/<int:article_pk>/drafts/<int:number>/diff/",
        draft_diff,
        name="draft-diff",
    ),
    path(
        "articles/<int:pk>/publish/",
        review_views.ArticlePublishView.as_view(),
        name="article-publish",
    ),
    path(
        "articles/<int:pk>/jsonld/",
        review_views.ArticleJsonLdView.as_view(),
        name="article-jsonld",
    ),
    path("", include(router.urls)),
]
