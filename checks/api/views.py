"""Claims: the review queue and one claim with everything a reviewer needs."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from checks import selectors
from checks.models import Claim
from newsroom.api.etag import etag
from newsroom.api.pagination import ClaimCursorPagination
from newsroom.api.serializers import ErrorSerializer
from newsroom.api.views import query_params
from newsroom.models import Article, Draft

from . import serializers as s

ERRORS = {
    400: OpenApiResponse(ErrorSerializer),
    404: OpenApiResponse(ErrorSerializer),
}


def claim_detail_data(claim: Claim, *, context=None) -> dict:
    """Serialize one claim with its mentions, history, warnings and verdicts."""
    from reviews import selectors as review_selectors

    history = selectors.claim_history(claim=claim)
    claim.history = history
    claim.mentions_in_last_draft = next(
        (e.mentions for e in reversed(history) if e.draft.pk == claim.last_draft_id),
        [],
    )
    claim.warnings_list = selectors.claim_warnings(claim=claim)
    claim.suggestions_list = list(selectors.claim_suggestions(claim=claim))
    verdicts = list(review_selectors.claim_verdicts(claim=claim))
    current = review_selectors.claim_current_verdict(claim=claim)
    claim.verdict = next((v for v in verdicts if current and v.pk == current.pk), None)
    claim.verdicts_list = verdicts
    serializer = s.ClaimDetailSerializer(claim, context=context)
    return serializer.data


@extend_schema_view(
    list=extend_schema(
        summary="The claims, filtered (the review queue)",
        parameters=[s.ClaimFilterSerializer],
        responses={200: s.ClaimSerializer(many=True), **ERRORS},
    ),
)
class ClaimViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = r"\d+"
    serializer_class = s.ClaimSerializer
    pagination_class = ClaimCursorPagination
    queryset = Claim.objects.none()

    def get_queryset(self):
        if self.action != "list":
            return selectors.claim_list()
        filters = dict(query_params(s.ClaimFilterSerializer, self.request))
        if "article" in filters:
            filters["article"] = get_object_or_404(Article, pk=filters["article"])
        if "draft" in filters:
            filters["draft"] = get_object_or_404(Draft, pk=filters["draft"])
        if filters.get("assignee") == "me":
            filters["assignee"] = self.request.user
        elif "assignee" in filters:
            # Filtering by id needs no user row; an unknown id matches nothing.
            filters["assignee"] = get_user_model()(pk=filters["assignee"])
        for name in ("status", "kind"):
            if name in filters:
                filters[name] = sorted(filters[name]) or None
        return selectors.claim_list(**filters)

    @extend_schema(
        summary="One claim: mentions, history across drafts, warnings, verdicts",
        responses={200: s.ClaimDetailSerializer, 304: None, **ERRORS},
    )
    def retrieve(self, request, pk=None):
        claim = get_object_or_404(selectors.claim_list(), pk=pk)
        tag = etag(claim.version)
        if request.headers.get("If-None-Match") == tag:
            response = Response(status=304)
        else:
            response = Response(
                claim_detail_data(claim, context=self.get_serializer_context())
            )
        response["ETag"] = tag
        return response
