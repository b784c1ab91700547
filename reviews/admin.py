"""Basic admin registrations. Changes go through the services; history is read-only."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .models import (
    Assignment,
    AuditEvent,
    CorrectionNote,
    CorrectionRequest,
    Evidence,
    Publication,
    Verdict,
    Waiver,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History rows: viewable, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ["url", "title", "excerpt", "accessed_on", "document", "added_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "action",
        "object_type",
        "object_id",
        "from_state",
        "to_state",
        "actor",
        "article",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "article"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "assignee", "assigned_by", "due_at", "created_at"]
    list_select_related = ["claim", "assignee", "assigned_by"]


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["claim", "rating", "reviewer", "signed_off_by", "created_at"]
    list_filter = ["rating"]
    list_select_related = ["claim", "reviewer", "signed_off_by"]
    inlines = [EvidenceInline]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["claim", "reason", "editor", "created_at"]
    list_filter = ["reason"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["article", "draft", "editor", "correction", "published_at"]
    list_select_related = ["article", "draft", "editor"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "article",
        "claim",
        "status",
        "requested_by",
        "created_at",
        "desk_link",
    ]
    list_filter = ["status"]
    list_select_related = ["article", "claim", "requested_by"]
    inlines = [EvidenceInline]

    @admin.display(description="Assess, preview, sign off")
    def desk_link(self, correction):
        return format_html(
            '<a href="{}">Open</a>',
            reverse("admin:desk_correction", args=[correction.pk]),
        )


@admin.register(CorrectionNote)
class CorrectionNoteAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "old_text", "new_text", "published_at"]
    list_select_related = ["article"]
