"""Articles, drafts, the current user and webhooks: thin views over the services."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from newsroom import selectors, services, webhooks
from newsroom.models import Article, Draft, WebhookDelivery, WebhookSubscription

from . import serializers as s
from .idempotency import IDEMPOTENCY_PARAMETER, idempotent
from .pagination import IdCursorPagination
from .permissions import IsEditor, IsNewsroomMember

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid input"),
    403: OpenApiResponse(s.ErrorSerializer, description="Refused for your role"),
    404: OpenApiResponse(s.ErrorSerializer, description="Not found"),
}
CREATE_ERRORS = {
    **ERRORS,
    413: OpenApiResponse(s.ErrorSerializer, description="Request body too large"),
    422: OpenApiResponse(s.ErrorSerializer, description="Idempotency-Key reused"),
}


def query_params(serializer_class, request) -> dict:
    """Validate query parameters; invalid ones are a 400 like any input."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _draft_queryset():
    return Draft.objects.select_related("author", "restored_from")


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        parameters=[s.ArticleFilterSerializer],
        responses={200: s.ArticleSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="An article with its live and latest drafts",
        responses={200: s.ArticleDetailSerializer, **ERRORS},
    ),
    create=extend_schema(
        summary="Create an article with its first draft",
        request=s.ArticleCreateSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: s.ArticleDetailSerializer, **CREATE_ERRORS},
    ),
)
class ArticleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_value_regex = r"\d+"
    serializer_class = s.ArticleSerializer

    def get_queryset(self):
        if self.action == "list":
            return selectors.article_list(
                **query_params(s.ArticleFilterSerializer, self.request)
            ).order_by("-updated_at", "-pk")
        return selectors.article_list().select_related(
            "created_by", "live_draft__author", "live_draft__restored_from"
        )

    def get_serializer_class(self):
        if self.action == "list":
            return s.ArticleSerializer
        return s.ArticleDetailSerializer

    def _detail(self, article: Article) -> dict:
        article.latest_draft = selectors.draft_latest(article=article)
        if article.latest_draft is not None:
            # One query for the latest draft with its related rows.
            article.latest_draft = _draft_queryset().get(pk=article.latest_draft.pk)
        return s.ArticleDetailSerializer(
            article, context=self.get_serializer_context()
        ).data

    def retrieve(self, request, *args, **kwargs):
        return Response(self._detail(self.get_object()))

    @idempotent
    def create(self, request):
        serializer = s.ArticleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = services.article_create(
            author=request.user, **serializer.validated_data
        )
        article = self.get_queryset().get(pk=article.pk)
        return Response(self._detail(article), status=status.HTTP_201_CREATED)


class DraftViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The drafts of one article, by number."""

    lookup_field = "number"
    lookup_value_regex = r"\d+"
    serializer_class = s.DraftSerializer

    def get_throttles(self):
        if self.action == "create":
            self.throttle_scope = "drafts"
        return super().get_throttles()

    def article(self) -> Article:
        if not hasattr(self, "_article"):
            self._article = get_object_or_404(Article, pk=self.kwargs["article_pk"])
        return self._article

    def get_queryset(self):
        return _draft_queryset().filter(article=self.article()).order_by("number")

    def get_serializer_class(self):
        if self.action == "list":
            return s.DraftSummarySerializer
        return s.DraftSerializer

    @extend_schema(
        summary="List an article's drafts (without their bodies)",
        responses={200: s.DraftSummarySerializer(many=True), **ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One draft, with its text and extraction status",
        responses={200: s.DraftSerializer, **ERRORS},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Save the next draft",
        description=(
            "201 with the new draft; 200 with the latest draft when the text is "
            "unchanged (nothing is saved)."
        ),
        request=s.DraftCreateSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: s.DraftSerializer,
            200: s.DraftSerializer,
            **CREATE_ERRORS,
        },
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        article = self.article()
        serializer = s.DraftCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft, created = services.draft_save(
            article=article, author=request.user, **serializer.validated_data
        )
        draft = _draft_queryset().get(pk=draft.pk)
        return Response(
            s.DraftSerializer(draft).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        summary="What changed between two drafts",
        parameters=[s.DiffQuerySerializer],
        responses={200: s.DraftDiffSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, *args, **kwargs):
        new = self.get_object()
        against = query_params(s.DiffQuerySerializer, request).get("against")
        if against is None:
            old = selectors.draft_previous(draft=new) or new
        else:
            old = get_object_or_404(self.get_queryset(), number=against)
        return Response(selectors.draft_diff(old=old, new=new).to_dict())


class MeView(GenericAPIView):
    serializer_class = s.MeSerializer
    pagination_class = None

    @extend_schema(summary="The authenticated user and their roles")
    def get(self, request):
        return Response(s.MeSerializer(request.user).data)


@extend_schema_view(
    list=extend_schema(summary="List webhook subscriptions (editors)"),
    retrieve=extend_schema(summary="One webhook subscription"),
    create=extend_schema(
        summary="Subscribe a URL to events",
        request=s.WebhookSubscriptionCreateSerializer,
        responses={201: s.WebhookSubscriptionCreatedSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a subscription",
        request=s.WebhookSubscriptionUpdateSerializer,
        responses={200: s.WebhookSubscriptionSerializer, **ERRORS},
    ),
    destroy=extend_schema(summary="Delete a subscription and its deliveries"),
)
class WebhookSubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticated, IsNewsroomMember, IsEditor]
    serializer_class = s.WebhookSubscriptionSerializer
    queryset = WebhookSubscription.objects.select_related("owner").order_by("pk")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request):
        serializer = s.WebhookSubscriptionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscription_create(
            owner=request.user, **serializer.validated_data
        )
        return Response(
            s.WebhookSubscriptionCreatedSerializer(subscription).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        serializer = s.WebhookSubscriptionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription = webhooks.webhook_subscription_update(
            subscription=self.get_object(),
            actor=request.user,
            **serializer.validated_data,
        )
        return Response(s.WebhookSubscriptionSerializer(subscription).data)

    def perform_destroy(self, instance):
        webhooks.webhook_subscription_delete(
            subscription=instance, actor=self.request.user
        )


@extend_schema_view(
    list=extend_schema(
        summary="List webhook deliveries, newest first (editors)",
        parameters=[s.WebhookDeliveryFilterSerializer],
    ),
    retrieve=extend_schema(summary="One webhook delivery"),
)
class WebhookDeliveryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_value_regex = r"\d+"
    permission_classes = [IsAuthenticated, IsNewsroomMember, IsEditor]
    serializer_class = s.WebhookDeliverySerializer
    pagination_class = IdCursorPagination

    def get_queryset(self):
        qs = WebhookDelivery.objects.all()
        if self.action == "list":
            filters = query_params(s.WebhookDeliveryFilterSerializer, self.request)
            if "subscription" in filters:
                qs = qs.filter(subscription_id=filters["subscription"])
            if "status" in filters:
                qs = qs.filter(status=filters["status"])
            if "event" in filters:
                qs = qs.filter(event=filters["event"])
        return qs

    @extend_schema(
        summary="Send a delivery again now",
        request=None,
        responses={202: s.WebhookDeliverySerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        delivery = webhooks.webhook_delivery_redeliver(
            delivery=self.get_object(), actor=request.user
        )
        delivery.refresh_from_db()
        return Response(
            s.WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED
        )
