"""``POST /api/v1/extract/``: run the extractor on posted text, store nothing."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from newsroom.api.serializers import ErrorSerializer
from newsroom.text import text_normalize


class ExtractRequestSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=False)
    published = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Publication date, to resolve relative dates (“last Tuesday”).",
    )

    def validate_text(self, value):
        limit = settings.DRAFT_BODY_MAX_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(
                f"The text has {len(value):,} characters; the limit is {limit:,}."
            )
        if "\x00" in value:
            raise serializers.ValidationError("The text contains a NUL byte.")
        return text_normalize(value)


class ExtractedClaimSerializer(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    value_high = serializers.JSONField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    subject = serializers.CharField(allow_null=True)
    qualifier = serializers.CharField(allow_null=True)
    speaker = serializers.CharField(allow_null=True)
    sentence_start = serializers.IntegerField()
    sentence_end = serializers.IntegerField()
    checkworthiness = serializers.FloatField(min_value=0, max_value=1)


class ExtractResponseSerializer(serializers.Serializer):
    claims = ExtractedClaimSerializer(many=True)


class ExtractView(GenericAPIView):
    serializer_class = ExtractRequestSerializer
    throttle_scope = "extract"
    pagination_class = None

    @extend_schema(
        summary="Extract claims from a text without storing anything",
        request=ExtractRequestSerializer,
        responses={
            200: ExtractResponseSerializer,
            400: OpenApiResponse(ErrorSerializer),
            413: OpenApiResponse(ErrorSerializer),
            429: OpenApiResponse(ErrorSerializer),
        },
    )
    def post(self, request):
        from checks.extraction import extract_claims

        serializer = ExtractRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claims = extract_claims(
            serializer.validated_data["text"],
            published=serializer.validated_data.get("published"),
        )
        return Response({"claims": [claim.to_dict() for claim in claims]})
