"""Input and output serializers for articles, drafts, users and webhooks."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.models import (
    Article,
    Desk,
    Draft,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from newsroom.roles import ROLES, user_has_role


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField())
    )
    data = serializers.DictField(required=False)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "is_superuser",
            "roles",
        ]

    def get_roles(self, user) -> list[str]:
        return [role for role in ROLES if user_has_role(user, role)]


class ExtractionSerializer(serializers.Serializer):
    status = serializers.CharField(source="extraction_status")
    error = serializers.CharField(source="extraction_error")
    attempts = serializers.IntegerField(source="extraction_attempts")
    queued_at = serializers.DateTimeField(
        source="extraction_queued_at", allow_null=True
    )
    extracted_at = serializers.DateTimeField(allow_null=True)


class DraftSummarySerializer(serializers.ModelSerializer):
    author = UserRefSerializer(allow_null=True)
    restored_from = serializers.SerializerMethodField()
    extraction = ExtractionSerializer(source="*")

    class Meta:
        model = Draft
        fields = [
            "number",
            "title",
            "author",
            "created_at",
            "change_note",
            "content_hash",
            "restored_from",
            "extraction",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_restored_from(self, draft) -> int | None:
        restored = draft.restored_from
        return restored.number if restored is not None else None


class DraftSerializer(DraftSummarySerializer):
    class Meta(DraftSummarySerializer.Meta):
        fields = [*DraftSummarySerializer.Meta.fields, "body"]


class DeskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Desk
        fields = ["id", "name", "slug", "checkworthiness_threshold"]


class ArticleSerializer(serializers.ModelSerializer):
    desk = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    draft_count = serializers.IntegerField(read_only=True)
    latest_draft_number = serializers.IntegerField(read_only=True)
    live_draft_number = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "slug",
            "status",
            "desk",
            "byline",
            "published_at",
            "created_at",
            "updated_at",
            "draft_count",
            "latest_draft_number",
            "live_draft_number",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_live_draft_number(self, article) -> int | None:
        live = article.live_draft
        return live.number if live is not None else None


class ArticleDetailSerializer(ArticleSerializer):
    created_by = UserRefSerializer()
    live_draft = DraftSerializer(allow_null=True)
    latest_draft = DraftSerializer(allow_null=True)

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "metadata",
            "created_by",
            "live_draft",
            "latest_draft",
        ]


class ArticleCreateSerializer(serializers.Serializer):
    title = serializers.CharField(trim_whitespace=False)
    body = serializers.CharField(trim_whitespace=False)
    desk = serializers.SlugRelatedField(
        slug_field="slug", queryset=Desk.objects.all(), required=False, allow_null=True
    )
    slug = serializers.SlugField(max_length=300, required=False)
    byline = serializers.CharField(max_length=200, required=False, allow_blank=True)
    metadata = serializers.DictField(required=False)
    change_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True
    )

    def validate_slug(self, value):
        if Article.objects.filter(slug=value).exists():
            raise serializers.ValidationError("An article with this slug exists.")
        return value


class ArticleFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Article.Status.choices, required=False)
    desk = serializers.SlugField(required=False)
    updated_since = serializers.DateTimeField(required=False)


class DraftCreateSerializer(serializers.Serializer):
    title = serializers.CharField(trim_whitespace=False)
    body = serializers.CharField(trim_whitespace=False)
    change_note = serializers.CharField(
        max_length=500, required=False, allow_blank=True
    )


class DiffQuerySerializer(serializers.Serializer):
    against = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The draft number to compare with (default: the previous draft).",
    )


class DiffOpSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["insert", "delete", "replace", "equal"])
    old_start = serializers.IntegerField()
    old_end = serializers.IntegerField()
    new_start = serializers.IntegerField()
    new_end = serializers.IntegerField()
    old_text = serializers.CharField()
    new_text = serializers.CharField()


class DraftDiffSerializer(serializers.Serializer):
    old = serializers.IntegerField(help_text="The older draft's number.")
    new = serializers.IntegerField(help_text="The newer draft's number.")
    title_changed = serializers.BooleanField()
    title = DiffOpSerializer(many=True)
    body = DiffOpSerializer(many=True)


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    owner = UserRefSerializer(read_only=True)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices),
        required=False,
        help_text="Events to receive; empty for every event.",
    )

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "events",
            "active",
            "description",
            "owner",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["owner", "created_at", "updated_at"]


class WebhookSubscriptionCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), required=False
    )
    secret = serializers.CharField(
        min_length=16,
        max_length=128,
        required=False,
        help_text="Shared secret for the signature; generated when omitted.",
    )
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    active = serializers.BooleanField(required=False, default=True)


class WebhookSubscriptionUpdateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEvent.choices), required=False
    )
    secret = serializers.CharField(min_length=16, max_length=128, required=False)
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    active = serializers.BooleanField(required=False)


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    """Shown once, on creation: the secret receivers verify signatures with."""

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event",
            "payload",
            "status",
            "attempts",
            "next_attempt_at",
            "last_attempt_at",
            "last_response_code",
            "last_error",
            "delivered_at",
            "created_at",
        ]


class WebhookDeliveryFilterSerializer(serializers.Serializer):
    subscription = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(
        choices=WebhookDelivery.Status.choices, required=False
    )
    event = serializers.ChoiceField(choices=WebhookEvent.choices, required=False)
