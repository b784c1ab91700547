from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from checks.models import Claim, ClaimKind, ClaimMention, ClaimStatus, ClaimSuggestion
from newsroom.api.serializers import UserRefSerializer
from reviews.api.serializers import VerdictSerializer


class ClaimSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id", read_only=True)
    first_draft = serializers.IntegerField(source="first_draft.number", read_only=True)
    last_draft = serializers.IntegerField(source="last_draft.number", read_only=True)
    assignee = UserRefSerializer(allow_null=True, read_only=True)
    value = serializers.JSONField(allow_null=True)
    value_high = serializers.JSONField(allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "kind",
            "status",
            "version",
            "text",
            "value",
            "value_high",
            "unit",
            "subject",
            "qualifier",
            "speaker",
            "checkworthiness",
            "first_draft",
            "last_draft",
            "assignee",
            "due_at",
            "created_at",
            "updated_at",
        ]


class MentionSerializer(serializers.ModelSerializer):
    draft = serializers.IntegerField(source="draft.number", read_only=True)

    class Meta:
        model = ClaimMention
        fields = ["draft", "start", "end", "text", "sentence_start", "sentence_end"]


class HistoryEntrySerializer(serializers.Serializer):
    draft = serializers.IntegerField(source="draft.number")
    outcome = serializers.CharField()
    changes = serializers.DictField()
    mentions = serializers.SerializerMethodField()

    @extend_schema_field(MentionSerializer(many=True))
    def get_mentions(self, entry):
        return [
            {
                "draft": entry.draft.number,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "sentence_start": m.sentence_start,
                "sentence_end": m.sentence_end,
            }
            for m in entry.mentions
        ]


class WarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    draft = serializers.IntegerField(allow_null=True)
    other_claim_id = serializers.IntegerField(allow_null=True)


class SuggestionSerializer(serializers.ModelSerializer):
    source_article = serializers.IntegerField(source="source_claim.article_id")
    source_text = serializers.CharField(source="source_claim.text")

    class Meta:
        model = ClaimSuggestion
        fields = [
            "id",
            "source_claim",
            "source_article",
            "source_text",
            "source_status",
            "source_rating",
            "source_explanation",
            "created_at",
        ]


class ClaimFilterSerializer(serializers.Serializer):
    article = serializers.IntegerField(required=False, min_value=1)
    draft = serializers.IntegerField(
        required=False, min_value=1, help_text="A draft id: claims mentioned in it."
    )
    status = serializers.MultipleChoiceField(
        choices=ClaimStatus.choices,
        required=False,
        help_text="One or more statuses, comma-separated.",
    )
    kind = serializers.MultipleChoiceField(
        choices=ClaimKind.choices,
        required=False,
        help_text="One or more kinds, comma-separated.",
    )
    assignee = serializers.CharField(required=False, help_text="A user id, or `me`.")
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    min_checkworthiness = serializers.FloatField(
        required=False, min_value=0, max_value=1
    )

    def to_internal_value(self, data):
        # Comma-separated lists as well as repeated parameters.
        data = data.copy()
        for name in ("status", "kind"):
            if name in data:
                values = [v for raw in data.getlist(name) for v in raw.split(",") if v]
                data.setlist(name, values)
        return super().to_internal_value(data)

    def validate_assignee(self, value):
        if value == "me":
            return value
        if not value.isdigit():
            raise serializers.ValidationError("Give a user id or `me`.")
        return int(value)


class ClaimDetailSerializer(ClaimSerializer):
    """A claim with where it appears, its history, warnings and verdicts.

    The view passes ``mentions``, ``history``, ``warnings``, ``suggestions``,
    ``verdict`` and ``verdicts`` as attributes computed by the selectors.
    """

    mentions = MentionSerializer(
        source="mentions_in_last_draft",
        many=True,
        read_only=True,
        help_text="Where the claim appears in its latest draft.",
    )
    history = HistoryEntrySerializer(many=True, read_only=True)
    warnings = WarningSerializer(source="warnings_list", many=True, read_only=True)
    suggestions = SuggestionSerializer(
        source="suggestions_list", many=True, read_only=True
    )
    verdict = VerdictSerializer(
        read_only=True, allow_null=True, help_text="The verdict in force, if any."
    )
    verdicts = VerdictSerializer(source="verdicts_list", many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "mentions",
            "history",
            "warnings",
            "suggestions",
            "verdict",
            "verdicts",
        ]
