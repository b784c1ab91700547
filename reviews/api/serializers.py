from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.api.serializers import UserRefSerializer
from reviews.models import (
    AuditEvent,
    CorrectionNote,
    CorrectionRequest,
    Evidence,
    Publication,
    Rating,
    Verdict,
    Waiver,
)


class EvidenceSerializer(serializers.ModelSerializer):
    added_by = UserRefSerializer(read_only=True)
    document = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "url",
            "title",
            "excerpt",
            "accessed_on",
            "document",
            "added_by",
            "created_at",
        ]

    def get_document(self, evidence) -> str:
        return evidence.document.name if evidence.document else ""


class ClaimEvidenceSerializer(EvidenceSerializer):
    verdict = serializers.IntegerField(source="verdict_id", allow_null=True)

    class Meta(EvidenceSerializer.Meta):
        fields = [*EvidenceSerializer.Meta.fields, "verdict"]


class EvidenceInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    excerpt = serializers.CharField(required=False, allow_blank=True)
    accessed_on = serializers.DateField(required=False, allow_null=True)


class VerdictSerializer(serializers.ModelSerializer):
    draft = serializers.IntegerField(source="draft.number", read_only=True)
    reviewer = UserRefSerializer(read_only=True)
    signed_off_by = UserRefSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id",
            "rating",
            "explanation",
            "internal_notes",
            "draft",
            "reviewer",
            "created_at",
            "signed_off_by",
            "signed_off_at",
            "correction",
            "evidence",
        ]


class AssignInputSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(min_value=1, help_text="A user id.")
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class VerdictInputSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    explanation = serializers.CharField(help_text="Shown to readers.")
    internal_notes = serializers.CharField(required=False, allow_blank=True)
    evidence = EvidenceInputSerializer(many=True, required=False)


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class WaiveInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Waiver.Reason.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class PublishInputSerializer(serializers.Serializer):
    draft = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The draft number to publish (default: the latest draft).",
    )


class PublicationSerializer(serializers.ModelSerializer):
    draft = serializers.IntegerField(source="draft.number", read_only=True)
    editor = UserRefSerializer(read_only=True)

    class Meta:
        model = Publication
        fields = ["id", "article", "draft", "editor", "correction", "published_at"]


class CorrectionNoteSerializer(serializers.ModelSerializer):
    draft = serializers.IntegerField(source="draft.number", read_only=True)

    class Meta:
        model = CorrectionNote
        fields = ["number", "text", "old_text", "new_text", "draft", "published_at"]


class CorrectionSerializer(serializers.ModelSerializer):
    draft = serializers.IntegerField(source="draft.number", read_only=True)
    corrected_draft = serializers.IntegerField(
        source="corrected_draft.number", read_only=True, allow_null=True
    )
    requested_by = UserRefSerializer(read_only=True)
    assessed_by = UserRefSerializer(read_only=True, allow_null=True)
    signed_off_by = UserRefSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    note = serializers.SerializerMethodField()

    class Meta:
        model = CorrectionRequest
        fields = [
            "id",
            "article",
            "claim",
            "draft",
            "status",
            "original_text",
            "problem",
            "proposed_text",
            "requested_by",
            "created_at",
            "assessed_by",
            "assessed_at",
            "assessment_notes",
            "rejection_reason",
            "signed_off_by",
            "signed_off_at",
            "corrected_draft",
            "evidence",
            "note",
            "updated_at",
        ]

    @extend_schema_field(CorrectionNoteSerializer(allow_null=True))
    def get_note(self, correction):
        note = getattr(correction, "note", None)
        return CorrectionNoteSerializer(note).data if note is not None else None


class CorrectionOpenSerializer(serializers.Serializer):
    claim = serializers.IntegerField(min_value=1)
    problem = serializers.CharField()
    proposed_text = serializers.CharField()
    evidence = EvidenceInputSerializer(many=True)


class CorrectionAssessSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    notes = serializers.CharField(required=False, allow_blank=True)


class CorrectionSignOffSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The public correction note (a default is written when blank).",
    )


class CorrectionRejectSerializer(serializers.Serializer):
    reason = serializers.CharField()


class CorrectionFilterSerializer(serializers.Serializer):
    article = serializers.IntegerField(required=False, min_value=1)
    claim = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(
        choices=CorrectionRequest.Status.choices, required=False
    )


class AuditEventSerializer(serializers.ModelSerializer):
    actor = UserRefSerializer(read_only=True, allow_null=True)
    draft = serializers.IntegerField(source="draft.number", allow_null=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "action",
            "object_type",
            "object_id",
            "article",
            "draft",
            "from_state",
            "to_state",
            "data",
        ]


class AuditFilterSerializer(serializers.Serializer):
    article = serializers.IntegerField(required=False, min_value=1)
    object_type = serializers.CharField(
        required=False, help_text="e.g. `checks.claim`, `reviews.correctionrequest`."
    )
    object_id = serializers.IntegerField(required=False, min_value=1)
    actor = serializers.IntegerField(required=False, min_value=1)
    action = serializers.CharField(required=False, help_text="e.g. `claim.sign_off`.")
    since = serializers.DateTimeField(required=False)
