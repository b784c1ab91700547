"""Review actions on claims, publishing, corrections and the audit trail.

Every action calls one service of ``reviews.services``; the services hold the
rules and raise ``PermissionRefused`` (403), ``TransitionError`` (409, or 412 for
a stale ``If-Match``) and ``DomainError``/``ValidationError`` (400).
"""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from checks import selectors as claim_selectors
from checks.api.serializers import ClaimDetailSerializer
from checks.api.views import claim_detail_data
from checks.models import Claim, ClaimStatus
from newsroom import selectors as newsroom_selectors
from newsroom.api.etag import (
    IF_MATCH_PARAMETER,
    etag,
    if_match_version,
    stale_as_precondition_failed,
)
from newsroom.api.pagination import IdCursorPagination
from newsroom.api.serializers import ErrorSerializer
from newsroom.api.views import query_params
from newsroom.errors import TransitionError
from newsroom.models import Article, Draft
from reviews import selectors, services
from reviews.models import CorrectionRequest, Evidence

from . import jsonld
from . import serializers as s

ERRORS = {
    code: OpenApiResponse(ErrorSerializer, description=description)
    for code, description in [
        (400, "Invalid input"),
        (403, "Refused for your role"),
        (404, "Not found"),
        (409, "Refused in the current state"),
    ]
}
TRANSITION_ERRORS = {
    **ERRORS,
    412: OpenApiResponse(ErrorSerializer, description="Stale If-Match"),
}


def _input(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ClaimReviewViewSet(viewsets.GenericViewSet):
    """Transitions of one claim. Each answers with the claim and its new ETag."""

    lookup_value_regex = r"\d+"
    queryset = Claim.objects.all()
    serializer_class = ClaimDetailSerializer

    def _transition(self, request, service, **kwargs):
        claim = get_object_or_404(Claim, pk=self.kwargs["pk"])
        try:
            service(claim=claim, expected_version=if_match_version(request), **kwargs)
        except TransitionError as exc:
            raise stale_as_precondition_failed(exc) from exc
        claim = claim_selectors.claim_list().get(pk=claim.pk)
        response = Response(
            claim_detail_data(claim, context=self.get_serializer_context())
        )
        response["ETag"] = etag(claim.version)
        return response

    @extend_schema(
        summary="Assign the claim to a reviewer",
        request=s.AssignInputSerializer,
        parameters=[IF_MATCH_PARAMETER],
        responses={200: ClaimDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = _input(s.AssignInputSerializer, request)
        assignee = get_user_model().objects.filter(pk=data.pop("assignee")).first()
        if assignee is None:
            return self._unknown_user()
        return self._transition(
            request,
            services.claim_assign,
            assignee=assignee,
            assigned_by=request.user,
            **data,
        )

    def _unknown_user(self):
        from rest_framework.exceptions import ValidationError

        raise ValidationError({"assignee": ["No such user."]})

    @extend_schema(
        summary="Record a verdict with its evidence",
        request=s.VerdictInputSerializer,
        parameters=[IF_MATCH_PARAMETER],
        responses={200: ClaimDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def verdict(self, request, pk=None):
        data = _input(s.VerdictInputSerializer, request)
        return self._transition(
            request,
            services.claim_verdict_record,
            reviewer=request.user,
            rating=data["rating"],
            explanation=data["explanation"],
            internal_notes=data.get("internal_notes", ""),
            evidence=[
                services.EvidenceItem(**item) for item in data.get("evidence", [])
            ],
        )

    @extend_schema(
        summary="Sign off the claim's verdict (an editor other than its reviewer)",
        request=None,
        parameters=[IF_MATCH_PARAMETER],
        responses={200: ClaimDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        return self._transition(request, services.claim_sign_off, editor=request.user)

    @extend_schema(
        summary="Reopen a verdict, sign-off or waiver",
        request=s.ReopenInputSerializer,
        parameters=[IF_MATCH_PARAMETER],
        responses={200: ClaimDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = _input(s.ReopenInputSerializer, request)
        return self._transition(
            request, services.claim_reopen, editor=request.user, reason=data["reason"]
        )

    @extend_schema(
        summary="Waive the check of a claim",
        request=s.WaiveInputSerializer,
        parameters=[IF_MATCH_PARAMETER],
        responses={200: ClaimDetailSerializer, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def waive(self, request, pk=None):
        data = _input(s.WaiveInputSerializer, request)
        return self._transition(
            request,
            services.claim_waive,
            editor=request.user,
            reason=data["reason"],
            note=data.get("note", ""),
        )

    @extend_schema(
        summary="The evidence behind the claim's verdicts, newest first",
        responses={200: s.ClaimEvidenceSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def evidence(self, request, pk=None):
        claim = get_object_or_404(Claim, pk=pk)
        rows = (
            Evidence.objects.filter(verdict__claim=claim)
            .select_related("added_by")
            .order_by("-pk")
        )
        return Response(s.ClaimEvidenceSerializer(rows, many=True).data)

    @extend_schema(
        summary="schema.org ClaimReview of a signed-off claim (JSON-LD)",
        responses={200: dict, 404: ERRORS[404], 409: ERRORS[409]},
    )
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None):
        claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
        verdict = selectors.claim_current_verdict(claim=claim)
        if claim.status != ClaimStatus.SIGNED_OFF or verdict is None:
            raise TransitionError(
                "Only a signed-off claim has a ClaimReview; this claim is "
                f"{claim.get_status_display().lower()}.",
                data={"status": claim.status},
            )
        return Response(jsonld.claim_review_jsonld(claim=claim, verdict=verdict))


class ArticlePublishView(GenericAPIView):
    serializer_class = s.PublishInputSerializer
    pagination_class = None

    @extend_schema(
        summary="Publish a draft once its check-worthy claims are cleared",
        description=(
            "409 while claims block it; `error.data.blocking_claims` lists their ids."
        ),
        request=s.PublishInputSerializer,
        responses={200: s.PublicationSerializer, **ERRORS},
    )
    def post(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        number = _input(s.PublishInputSerializer, request).get("draft")
        if number is None:
            draft = newsroom_selectors.draft_latest(article=article)
        else:
            draft = get_object_or_404(Draft, article=article, number=number)
        publication = services.article_publish(
            article=article, draft=draft, editor=request.user
        )
        return Response(s.PublicationSerializer(publication).data)


class ArticleJsonLdView(GenericAPIView):
    pagination_class = None
    serializer_class = s.CorrectionNoteSerializer

    @extend_schema(
        summary="schema.org NewsArticle (JSON-LD) with its correction notes",
        responses={200: dict, 404: ERRORS[404]},
    )
    def get(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        notes = list(selectors.article_correction_notes(article=article))
        return Response(jsonld.article_jsonld(article=article, notes=notes))


def _correction_queryset():
    return CorrectionRequest.objects.select_related(
        "draft",
        "corrected_draft",
        "requested_by",
        "assessed_by",
        "signed_off_by",
        "note__draft",
    ).prefetch_related("evidence__added_by")


@extend_schema_view(
    list=extend_schema(
        summary="Correction requests, newest first",
        parameters=[s.CorrectionFilterSerializer],
    ),
    retrieve=extend_schema(summary="One correction request"),
)
class CorrectionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_value_regex = r"\d+"
    serializer_class = s.CorrectionSerializer

    def get_queryset(self):
        qs = _correction_queryset()
        if self.action == "list":
            filters = query_params(s.CorrectionFilterSerializer, self.request)
            for name in ("article", "claim", "status"):
                if name in filters:
                    qs = qs.filter(**{name: filters[name]})
        return qs.order_by("-created_at", "-pk")

    def _respond(self, correction, code=status.HTTP_200_OK):
        correction = _correction_queryset().get(pk=correction.pk)
        return Response(s.CorrectionSerializer(correction).data, status=code)

    @extend_schema(
        summary="Ask to correct a claim of a published article",
        request=s.CorrectionOpenSerializer,
        responses={201: s.CorrectionSerializer, **ERRORS},
    )
    def create(self, request):
        data = _input(s.CorrectionOpenSerializer, request)
        claim = get_object_or_404(Claim, pk=data["claim"])
        correction = services.correction_request_open(
            claim=claim,
            requester=request.user,
            problem=data["problem"],
            proposed_text=data["proposed_text"],
            evidence=[services.EvidenceItem(**item) for item in data["evidence"]],
        )
        return self._respond(correction, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Accept or reject a correction request (a reviewer or editor)",
        request=s.CorrectionAssessSerializer,
        responses={200: s.CorrectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        data = _input(s.CorrectionAssessSerializer, request)
        correction = services.correction_assess(
            correction=self.get_object(),
            reviewer=request.user,
            accept=data["accept"],
            notes=data.get("notes", ""),
        )
        return self._respond(correction)

    @extend_schema(
        summary="Sign off an accepted correction: publish it with its note",
        request=s.CorrectionSignOffSerializer,
        responses={200: s.CorrectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        data = _input(s.CorrectionSignOffSerializer, request)
        correction = self.get_object()
        services.correction_sign_off(
            correction=correction, editor=request.user, note=data.get("note", "")
        )
        return self._respond(correction)

    @extend_schema(
        summary="Reject a correction request (an editor)",
        request=s.CorrectionRejectSerializer,
        responses={200: s.CorrectionSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = _input(s.CorrectionRejectSerializer, request)
        correction = services.correction_reject(
            correction=self.get_object(), editor=request.user, reason=data["reason"]
        )
        return self._respond(correction)


class AuditCursorPagination(IdCursorPagination):
    ordering = "pk"


@extend_schema_view(
    list=extend_schema(
        summary="The audit trail, oldest first (read-only)",
        parameters=[s.AuditFilterSerializer],
    ),
    retrieve=extend_schema(summary="One audit event"),
)
class AuditEventViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lookup_value_regex = r"\d+"
    serializer_class = s.AuditEventSerializer
    pagination_class = AuditCursorPagination

    def get_queryset(self):
        if self.action != "list":
            return selectors.audit_events()
        filters = query_params(s.AuditFilterSerializer, self.request)
        qs = selectors.audit_events(
            action=filters.get("action"), since=filters.get("since")
        )
        if "article" in filters:
            qs = qs.filter(article_id=filters["article"])
        if "actor" in filters:
            qs = qs.filter(actor_id=filters["actor"])
        if "object_type" in filters:
            qs = qs.filter(object_type=filters["object_type"])
        if "object_id" in filters:
            qs = qs.filter(object_id=filters["object_id"])
        return qs
