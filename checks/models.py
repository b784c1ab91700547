from django.conf import settings
from django.db import models
from django.urls import reverse


class ClaimKind(models.TextChoices):
    COUNT = "count", "Count"
    MONEY = "money", "Money"
    PERCENT = "percent", "Percentage"
    QUANTITY = "quantity", "Quantity"
    DURATION = "duration", "Duration"
    DATE = "date", "Date"
    QUOTE = "quote", "Quote"
    ATTRIBUTION = "attribution", "Attribution"


class ClaimStatus(models.TextChoices):
    """Where a claim is in review. The review workflow (``reviews``) owns it."""

    UNCHECKED = "unchecked", "Unchecked"
    ASSIGNED = "assigned", "Assigned"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    NEEDS_CONTEXT = "needs_context", "Needs context"
    SIGNED_OFF = "signed_off", "Signed off"
    REOPENED = "reopened", "Reopened"
    WAIVED = "waived", "Waived"


class Claim(models.Model):
    """A checkable statement of one article, followed across its drafts.

    The normalized fields describe the claim as it reads in ``last_draft``; each
    appearance in a draft is a ``ClaimMention``, and what happened to the claim
    in each draft is a ``ClaimOutcome``.
    """

    article = models.ForeignKey(
        "newsroom.Article", on_delete=models.CASCADE, related_name="claims"
    )
    kind = models.CharField(max_length=20, choices=ClaimKind.choices)
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNCHECKED
    )
    # Bumped on every change of state; the API's ETag.
    version = models.PositiveIntegerField(default=1)

    text = models.TextField()
    value = models.JSONField(null=True, blank=True)
    value_high = models.JSONField(null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    qualifier = models.CharField(max_length=60, blank=True)
    speaker = models.CharField(max_length=300, blank=True)
    checkworthiness = models.FloatField(default=0.0)
    # Identifies the claim independently of where it sits in the text.
    fingerprint = models.CharField(max_length=64, db_index=True)
    # Consistency warnings as of the latest extraction that mentions the claim:
    # [{"code", "message", "draft", "other_claim_id"?}], see checks.services.
    warnings = models.JSONField(default=list, blank=True)

    first_draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.PROTECT, related_name="+"
    )
    last_draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.PROTECT, related_name="+"
    )

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    due_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article", "pk"]
        indexes = [
            models.Index(fields=["article", "status"]),
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["assignee", "due_at"]),
            models.Index(fields=["-checkworthiness"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checkworthiness__gte=0)
                & models.Q(checkworthiness__lte=1),
                name="claim_checkworthiness_between_0_and_1",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def get_absolute_url(self):
        return reverse("admin:checks_claim_change", args=[self.pk])


class ClaimMention(models.Model):
    """One appearance of a claim in one draft."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.CASCADE, related_name="claim_mentions"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()

    class Meta:
        ordering = ["draft", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "start", "end"], name="mention_unique_span_per_draft"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="mention_span_not_empty",
            ),
        ]
        indexes = [models.Index(fields=["claim", "draft"])]

    def __str__(self):
        return f"{self.text[:60]} (draft {self.draft_id}, {self.start}–{self.end})"


class ClaimOutcome(models.Model):
    """What happened to a claim when a draft was extracted."""

    class Outcome(models.TextChoices):
        NEW = "new", "New"
        CARRIED = "carried", "Carried"
        CHANGED = "changed", "Changed"
        REMOVED = "removed", "Removed"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="outcomes")
    draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.CASCADE, related_name="claim_outcomes"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # For ``changed``: the fields before and after ({"value": [600, 700], ...}).
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "claim"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "draft"], name="outcome_unique_per_draft"
            )
        ]
        indexes = [models.Index(fields=["draft", "outcome"])]

    def __str__(self):
        return f"{self.claim_id} in draft {self.draft_id}: {self.outcome}"


class ClaimSuggestion(models.Model):
    """An earlier verdict on the same claim in another article, offered for reuse.

    The source's status, rating and explanation are a snapshot taken when the
    suggestion was made; the source claim may be reviewed again later.
    """

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="suggestions"
    )
    source_claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="suggested_to"
    )
    source_status = models.CharField(max_length=20, choices=ClaimStatus.choices)
    source_rating = models.CharField(max_length=20, blank=True)
    source_explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source_claim"], name="suggestion_unique_per_source"
            ),
            models.CheckConstraint(
                condition=~models.Q(claim=models.F("source_claim")),
                name="suggestion_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.claim_id} ← {self.source_claim_id} ({self.source_status})"
