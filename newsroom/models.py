from django.conf import settings
from django.db import models
from django.urls import reverse

from .errors import ImmutableError

TITLE_MAX_LENGTH = 300


class Desk(models.Model):
    """A section of the newsroom with its own publish threshold."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Claims at or above this checkworthiness must be signed off or waived before
    # a draft of one of the desk's articles can be published.
    checkworthiness_threshold = models.FloatField(default=0.5)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checkworthiness_threshold__gte=0)
                & models.Q(checkworthiness_threshold__lte=1),
                name="desk_threshold_between_0_and_1",
            )
        ]

    def __str__(self):
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=TITLE_MAX_LENGTH, unique=True)
    desk = models.ForeignKey(
        Desk, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    byline = models.CharField(max_length=200, blank=True)
    # Headline extras that are not checked text: photo caption, source date, ...
    metadata = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    live_draft = models.ForeignKey(
        "Draft", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-updated_at"]),
            models.Index(fields=["desk", "-updated_at"]),
        ]
        permissions = [("publish_article", "Can publish an article")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:newsroom_article_change", args=[self.pk])


class Draft(models.Model):
    """One immutable version of an article.

    A change is a new draft. Only the extraction bookkeeping fields may be updated
    after creation (see ``EXTRACTION_FIELDS``).
    """

    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="drafts"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafts_written",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    content_hash = models.CharField(max_length=64)
    change_note = models.CharField(max_length=500, blank=True)
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    extraction_status = models.CharField(
        max_length=10,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    extraction_error = models.TextField(blank=True)
    extraction_attempts = models.PositiveIntegerField(default=0)
    extraction_queued_at = models.DateTimeField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    EXTRACTION_FIELDS = frozenset(
        {
            "extraction_status",
            "extraction_error",
            "extraction_attempts",
            "extraction_queued_at",
            "extracted_at",
        }
    )

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="draft_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="draft_number_positive"
            ),
        ]
        indexes = [models.Index(fields=["extraction_status", "extraction_queued_at"])]

    def __str__(self):
        return f"{self.article} — draft {self.number}"

    def save(self, *args, **kwargs):
        # An invariant, not a rule: nothing may rewrite history. Updates of the
        # extraction bookkeeping go through ``update()`` in the services.
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if (
                update_fields is None
                or not set(update_fields) <= self.EXTRACTION_FIELDS
            ):
                raise ImmutableError("Drafts are immutable: save a new draft instead.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("admin:newsroom_draft_change", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise ImmutableError("Drafts are immutable and cannot be deleted.")


class WebhookEvent(models.TextChoices):
    DRAFT_EXTRACTED = "draft.extracted", "Draft extracted"
    CLAIM_STATUS_CHANGED = "claim.status_changed", "Claim status changed"
    ARTICLE_PUBLISHED = "article.published", "Article published"
    CORRECTION_PUBLISHED = "correction.published", "Correction published"


class WebhookSubscription(models.Model):
    """An outside system that wants to hear about some events."""

    url = models.URLField(max_length=500)
    # Shared with the receiver, which checks the HMAC signature of every delivery.
    secret = models.CharField(max_length=128)
    # Event names from ``WebhookEvent``; an empty list means every event.
    events = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    description = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.url

    def wants(self, event: str) -> bool:
        return self.active and (not self.events or event in self.events)


class WebhookDelivery(models.Model):
    """One event to send to one subscription: the outbox row."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=50, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} → {self.subscription_id} ({self.status})"


class IdempotencyRecord(models.Model):
    """The response to a request sent with an ``Idempotency-Key`` header."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    # SHA-256 of method, path and the canonical JSON body.
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="idempotency_key_unique_per_user"
            )
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
