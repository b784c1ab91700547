"""Admin for articles and their drafts.

Editing an article in the admin saves a new draft through ``draft_save``; drafts
themselves are read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import selectors, services, webhooks
from .admin_desk import desk_install
from .admin_desk.views import compare_context
from .errors import DomainError
from .models import Article, Desk, Draft, WebhookDelivery, WebhookSubscription
from .roles import EDITOR, user_has_role
from .text import draft_content_validate, text_normalize


class ArticleDraftForm(forms.ModelForm):
    """The article's fields plus the text of its next draft."""

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}), strip=False
    )
    change_note = forms.CharField(
        required=False, max_length=500, help_text="What changed in this draft."
    )

    class Meta:
        model = Article
        fields = ["title", "desk", "byline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            latest = selectors.draft_latest(article=self.instance)
            if latest is not None:
                self.fields["body"].initial = latest.body
                # A view-only form (a reviewer's) has no model fields to fill.
                if "title" in self.fields:
                    self.fields["title"].initial = latest.title

    def clean(self):
        data = super().clean()
        if "title" in data and "body" in data:
            # The services' own check, shown beside the fields.
            draft_content_validate(
                title=data["title"], body=text_normalize(data["body"])
            )
        return data


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "checkworthiness_threshold"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleDraftForm
    list_display = [
        "title",
        "workspace_link",
        "desk",
        "status",
        "latest_draft",
        "updated_at",
    ]
    list_filter = ["status", "desk"]
    search_fields = ["title", "slug", "byline"]
    readonly_fields = [
        "draft_history",
        "status",
        "live_draft",
        "published_at",
        "created_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return selectors.article_list()

    @admin.display(description="Review")
    def workspace_link(self, article):
        return format_html(
            '<a href="{}">Workspace</a>',
            reverse("admin:newsroom_article_workspace", args=[article.pk]),
        )

    @admin.display(description="Drafts", ordering="latest_draft_number")
    def latest_draft(self, article):
        return article.latest_draft_number

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["title", "desk", "byline"]}),
            ("Next draft", {"fields": ["body", "change_note"]}),
        ]
        if obj is not None:
            fieldsets.insert(0, ("Drafts", {"fields": ["draft_history"]}))
            fieldsets.append(
                (
                    "Publication",
                    {
                        "fields": [
                            "status",
                            "live_draft",
                            "published_at",
                            "created_by",
                            "created_at",
                        ]
                    },
                )
            )
        return fieldsets

    @admin.display(description="Draft history")
    def draft_history(self, article):
        rows = format_html_join(
            "\n",
            '<tr><td><a href="{}">Draft {}</a></td><td>{}</td><td>{}</td><td>{}</td>'
            "<td>{}</td><td>{}</td></tr>",
            (
                (
                    reverse("admin:newsroom_draft_change", args=[d.pk]),
                    d.number,
                    d.created_at.strftime("%Y-%m-%d %H:%M"),
                    d.author or "—",
                    d.change_note,
                    d.get_extraction_status_display(),
                    format_html(
                        '<a href="{}">Compare with draft {}</a>',
                        reverse("admin:newsroom_draft_compare", args=[d.pk]),
                        d.number - 1,
                    )
                    if d.number > 1
                    else "—",
                )
                for d in article.drafts.select_related("author").order_by("-number")
            ),
        )
        return format_html(
            '<table class="draft-history"><thead><tr><th>Draft</th><th>Saved</th>'
            "<th>Author</th><th>What changed</th><th>Claims</th><th></th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"added" if add else "changed": {"fields": ["draft"]}}]

    def save_form(self, request, form, change):
        data = form.cleaned_data
        try:
            if not change:
                return services.article_create(
                    title=data["title"],
                    body=data["body"],
                    author=request.user,
                    desk=data.get("desk"),
                    byline=data.get("byline", ""),
                    change_note=data.get("change_note", ""),
                )
            article = form.instance
            draft, created = services.draft_save(
                article=article,
                title=data["title"],
                body=data["body"],
                author=request.user,
                change_note=data.get("change_note", ""),
            )
        except DomainError as error:
            raise PermissionDenied(error.message) from error
        if data.get("desk") != article.desk or data.get("byline") != article.byline:
            Article.objects.filter(pk=article.pk).update(
                desk=data.get("desk"), byline=data.get("byline", "")
            )
        if created:
            messages.success(request, f"Saved as draft {draft.number}.")
        else:
            messages.info(request, "Nothing changed: no new draft was saved.")
        return article

    def save_model(self, request, obj, form, change):
        """The services saved everything in ``save_form``."""

    def save_related(self, request, form, formsets, change):
        """Drafts are immutable and saved by the services only."""


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "author", "created_at", "extraction_status"]
    list_filter = ["extraction_status"]
    search_fields = ["article__title", "title"]
    fields = [
        "article",
        "number",
        "title",
        "author",
        "created_at",
        "change_note",
        "restored_from",
        "content_hash",
        "extraction_status",
        "extraction_error",
        "extracted_at",
        "body_display",
        "compare_link",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Body")
    def body_display(self, draft):
        return format_html(
            '<div class="draft-body" style="white-space: pre-wrap; '
            'max-width: 60em">{}</div>',
            draft.body,
        )

    @admin.display(description="Compare")
    def compare_link(self, draft):
        if draft.number == 1:
            return "This is the first draft."
        url = reverse("admin:newsroom_draft_compare", args=[draft.pk])
        return format_html('<a href="{}">Compare with previous draft</a>', url)

    def get_urls(self):
        return [
            path(
                "<int:pk>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="newsroom_draft_compare",
            ),
        ] + super().get_urls()

    def compare_view(self, request, pk):
        new = get_object_or_404(Draft.objects.select_related("article"), pk=pk)
        if not self.has_view_permission(request, new):
            raise PermissionDenied
        against = request.GET.get("against")
        if against:
            old = get_object_or_404(Draft, article_id=new.article_id, number=against)
        else:
            old = selectors.draft_previous(draft=new)
        if old is None:
            messages.info(
                request, "This is the first draft: there is nothing to compare."
            )
            old = new
        diff = selectors.draft_diff(old=old, new=new)
        layout = "side" if request.GET.get("layout") == "side" else "inline"
        context = {
            **compare_context(old=old, new=new, diff=diff, layout=layout),
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Compare draft {old.number} with draft {new.number}",
            "article": new.article,
            "old": old,
            "new": new,
            "diff": diff,
            "drafts": new.article.drafts.only("number").order_by("number"),
        }
        return TemplateResponse(request, "admin/newsroom/draft/compare.html", context)


class EditorOnlyAdmin(admin.ModelAdmin):
    """Webhooks are the editors' business (as in the API)."""

    def has_module_permission(self, request):
        return user_has_role(request.user, EDITOR)

    def has_view_permission(self, request, obj=None):
        return user_has_role(request.user, EDITOR)

    def has_add_permission(self, request):
        return user_has_role(request.user, EDITOR)

    def has_change_permission(self, request, obj=None):
        return user_has_role(request.user, EDITOR)

    def has_delete_permission(self, request, obj=None):
        return user_has_role(request.user, EDITOR)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(EditorOnlyAdmin):
    list_display = ["url", "events", "active", "owner", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["owner", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in ["url", "events", "secret", "description", "active"]
            if name in form.cleaned_data
        }
        if change:
            webhooks.webhook_subscription_update(
                subscription=obj, actor=request.user, **fields
            )
        else:
            obj.pk = webhooks.webhook_subscription_create(
                owner=request.user, **fields
            ).pk

    def delete_model(self, request, obj):
        webhooks.webhook_subscription_delete(subscription=obj, actor=request.user)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(EditorOnlyAdmin):
    list_display = [
        "pk",
        "event",
        "subscription",
        "status",
        "attempts",
        "last_response_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
    actions = ["redeliver"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected deliveries again now")
    def redeliver(self, request, queryset):
        try:
            for delivery in queryset:
                webhooks.webhook_delivery_redeliver(
                    delivery=delivery, actor=request.user
                )
        except DomainError as exc:
            messages.error(request, exc.message)
            return
        messages.success(request, f"Redelivering {queryset.count()} deliveries.")


desk_install(admin.site)
