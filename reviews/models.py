"""Review workflow records: assignments, verdicts with evidence, waivers,
publications, corrections and the append-only audit trail.

Claim *status* lives on ``checks.Claim``; the rows here are its history.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from newsroom.errors import ImmutableError


class AppendOnlyQuerySet(models.QuerySet):
    """Refuse bulk rewrites of rows that are history."""

    def update(self, **kwargs):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} are append-only.")

    def delete(self):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} are append-only.")


class AppendOnlyModel(models.Model):
    """A row that is written once and never changed or deleted.

    This is an invariant of the audit trail, not a business rule; PostgreSQL
    enforces it too with a trigger (migration ``0002``).
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(
                f"{self._meta.verbose_name_plural.capitalize()} are append-only."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(
            f"{self._meta.verbose_name_plural.capitalize()} are append-only."
        )


class AuditEvent(AppendOnlyModel):
    """One thing that happened: a transition, assignment, verdict, sign-off, ..."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # None when the system acted (re-anchoring reopening a changed claim).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    article = models.ForeignKey(
        "newsroom.Article",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    draft = models.ForeignKey(
        "newsroom.Draft",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["article", "created_at"]),
            models.Index(fields=["object_type", "object_id", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["actor", "created_at"]),
        ]

    def __str__(self):
        return f"{self.action} {self.object_type}#{self.object_id}"


class Assignment(models.Model):
    """One assignment of a claim to a reviewer; the latest one is in force."""

    claim = models.ForeignKey(
        "checks.Claim", on_delete=models.CASCADE, related_name="assignments"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim", "created_at", "pk"]
        indexes = [models.Index(fields=["assignee", "created_at"])]

    def __str__(self):
        return f"claim {self.claim_id} → {self.assignee}"


class Rating(models.TextChoices):
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"
    FALSE = "false", "False"
    UNVERIFIABLE = "unverifiable", "Unverifiable"
    NEEDS_CONTEXT = "needs_context", "Needs context"


class Verdict(models.Model):
    """A reviewer's rating of a claim. A new verdict supersedes, never overwrites.

    Only the sign-off fields are written after creation.
    """

    claim = models.ForeignKey(
        "checks.Claim", on_delete=models.CASCADE, related_name="verdicts"
    )
    # The draft the claim was read in when it was rated.
    draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(max_length=20, choices=Rating.choices)
    explanation = models.TextField(help_text="Shown to readers.")
    internal_notes = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # Set when a signed-off correction produced this verdict.
    correction = models.OneToOneField(
        "CorrectionRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verdict",
    )

    class Meta:
        ordering = ["claim", "created_at", "pk"]
        indexes = [models.Index(fields=["claim", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__in=Rating.values),
                name="verdict_rating_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(signed_off_by=models.F("reviewer")),
                name="verdict_four_eyes",
            ),
        ]
        permissions = [
            ("assign_claim", "Can assign claims to reviewers"),
            ("sign_off_verdict", "Can sign off a verdict"),
            ("waive_claim", "Can waive a claim"),
            ("reopen_claim", "Can reopen a claim"),
        ]

    def __str__(self):
        return f"{self.get_rating_display()} (claim {self.claim_id})"


class Evidence(models.Model):
    """A source behind a verdict or a correction request: a link or a document."""

    verdict = models.ForeignKey(
        Verdict,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    correction = models.ForeignKey(
        "CorrectionRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    excerpt = models.TextField(blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    document = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verdict__isnull=False, correction__isnull=True)
                | models.Q(verdict__isnull=True, correction__isnull=False),
                name="evidence_for_verdict_or_correction",
            ),
            models.CheckConstraint(
                condition=~models.Q(url="", document=""),
                name="evidence_has_url_or_document",
            ),
        ]

    def __str__(self):
        return self.title or self.url or self.document.name


class Waiver(models.Model):
    """An editor's decision that a claim needs no check."""

    class Reason(models.TextChoices):
        NOT_CHECKWORTHY = "not_checkworthy", "Not check-worthy"
        OPINION = "opinion", "Opinion"
        DUPLICATE = "duplicate", "Duplicate of another claim"
        COMMON_KNOWLEDGE = "common_knowledge", "Common knowledge"
        OTHER = "other", "Other"

    claim = models.ForeignKey(
        "checks.Claim", on_delete=models.CASCADE, related_name="waivers"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["claim", "created_at", "pk"]

    def __str__(self):
        return f"claim {self.claim_id} waived: {self.get_reason_display()}"


class Publication(models.Model):
    """One time a draft went live."""

    article = models.ForeignKey(
        "newsroom.Article", on_delete=models.PROTECT, related_name="publications"
    )
    draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.PROTECT, related_name="+"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    correction = models.OneToOneField(
        "CorrectionRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication",
    )
    published_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["article", "published_at", "pk"]
        indexes = [models.Index(fields=["article", "-published_at"])]

    def __str__(self):
        return f"{self.article} draft {self.draft.number} at {self.published_at}"


class CorrectionRequest(models.Model):
    """A request to correct a claim of a published article."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting assessment"
        ACCEPTED = "accepted", "Accepted, awaiting sign-off"
        REJECTED = "rejected", "Rejected"
        PUBLISHED = "published", "Signed off and published"

    article = models.ForeignKey(
        "newsroom.Article", on_delete=models.PROTECT, related_name="correction_requests"
    )
    claim = models.ForeignKey(
        "checks.Claim", on_delete=models.PROTECT, related_name="correction_requests"
    )
    # The live draft when the request was made, and the claim's wording there.
    draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.PROTECT, related_name="+"
    )
    original_text = models.TextField()
    problem = models.TextField(help_text="What is wrong.")
    proposed_text = models.TextField(
        help_text="Replacement for the claim's wording in the published text."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessment_notes = models.TextField(blank=True)
    rejection_reason = models.TextField(blank=True)

    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # The draft made from the fix; re-anchoring recognises it (see
    # ``claims_reopen_changed``).
    corrected_draft = models.OneToOneField(
        "newsroom.Draft",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["article", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(assessed_by=models.F("requested_by")),
                name="correction_assessor_not_requester",
            ),
            models.CheckConstraint(
                condition=~models.Q(signed_off_by=models.F("requested_by"))
                & ~models.Q(signed_off_by=models.F("assessed_by")),
                name="correction_four_eyes",
            ),
        ]
        permissions = [
            ("assess_correction", "Can assess a correction request"),
            ("sign_off_correction", "Can sign off a correction"),
        ]

    def __str__(self):
        return f"Correction of claim {self.claim_id} ({self.get_status_display()})"


class CorrectionNote(AppendOnlyModel):
    """The public note appended to an article when a correction is published."""

    article = models.ForeignKey(
        "newsroom.Article", on_delete=models.PROTECT, related_name="correction_notes"
    )
    number = models.PositiveIntegerField()
    correction = models.OneToOneField(
        CorrectionRequest, on_delete=models.PROTECT, related_name="note"
    )
    draft = models.ForeignKey(
        "newsroom.Draft", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    old_text = models.TextField()
    new_text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="correction_note_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="correction_note_number_positive",
            ),
        ]

    def __str__(self):
        return f"Correction {self.number} to {self.article}"
