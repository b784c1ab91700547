"""Read-only admin for claims; the reviewer workflow has its own pages."""

from django.contrib import admin

from .models import Claim, ClaimMention, ClaimOutcome, ClaimSuggestion


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClaimMentionInline(ReadOnlyMixin, admin.TabularInline):
    model = ClaimMention
    fields = ["draft", "start", "end", "text"]
    readonly_fields = fields
    extra = 0


class ClaimOutcomeInline(ReadOnlyMixin, admin.TabularInline):
    model = ClaimOutcome
    fields = ["draft", "outcome", "changes", "created_at"]
    readonly_fields = fields
    extra = 0


class ClaimSuggestionInline(ReadOnlyMixin, admin.TabularInline):
    model = ClaimSuggestion
    fk_name = "claim"
    fields = ["source_claim", "source_status", "source_rating", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Claim)
class ClaimAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "text",
        "kind",
        "status",
        "checkworthiness",
        "article",
        "last_draft",
        "assignee",
        "due_at",
    ]
    list_filter = ["status", "kind", "article__desk", "article__status"]
    list_select_related = ["article", "last_draft", "last_draft__article", "assignee"]
    search_fields = ["text", "subject", "speaker", "article__title"]
    readonly_fields = [
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
        "fingerprint",
        "warnings",
        "first_draft",
        "last_draft",
        "assignee",
        "due_at",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [ClaimOutcomeInline, ClaimMentionInline, ClaimSuggestionInline]
