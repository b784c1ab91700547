"""Forms of the reviewer and editor screens: input validation only.

Whether a transition is allowed is the review services' decision; these forms
only check that the input is well formed.
"""

from django import forms
from django.contrib.auth import get_user_model

from checks.models import ClaimKind, ClaimStatus
from newsroom.roles import REVIEWER

RATINGS = [
    ("verified", "Verified"),
    ("disputed", "Disputed"),
    ("false", "False"),
    ("unverifiable", "Unverifiable"),
    ("needs_context", "Needs context"),
]

WAIVE_REASONS = [
    ("not_checkworthy", "Not check-worthy"),
    ("opinion", "Opinion"),
    ("duplicate", "Duplicate of another claim"),
    ("common_knowledge", "Common knowledge"),
    ("other", "Other"),
]


def reviewer_choices():
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=REVIEWER)
        .order_by("username")
        .distinct()
    )
    return users


class VersionedForm(forms.Form):
    """Carries the claim version the user saw, so a stale page is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class QueueFilterForm(forms.Form):
    VIEWS = [
        ("mine", "My assignments"),
        ("unassigned", "Unassigned"),
        ("overdue", "Overdue"),
        ("all", "All claims"),
    ]
    view = forms.ChoiceField(choices=VIEWS, required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *ClaimStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        choices=[("", "Any kind"), *ClaimKind.choices], required=False
    )
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(queryset=None, empty_label=None)
    due_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Optional.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewer_choices()


class BulkAssignForm(forms.Form):
    claims = forms.TypedMultipleChoiceField(coerce=int, choices=())
    assignee = forms.ModelChoiceField(queryset=None, empty_label=None)
    due_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args, claim_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewer_choices()
        self.fields["claims"].choices = [(pk, pk) for pk in claim_ids]


class VerdictForm(VersionedForm):
    rating = forms.ChoiceField(choices=RATINGS, widget=forms.RadioSelect)
    explanation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="Shown to readers."
    )
    internal_notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(forms.Form):
    url = forms.URLField(label="URL", required=False, assume_scheme="https")
    title = forms.CharField(required=False, max_length=300)
    excerpt = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    accessed_on = forms.DateField(
        label="Date accessed",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def evidence(self) -> dict | None:
        data = self.cleaned_data
        if not data or not data.get("url"):
            return None
        return {k: v for k, v in data.items() if v not in (None, "")}


EvidenceFormSet = forms.formset_factory(EvidenceForm, extra=2, max_num=5)


class WaiveForm(VersionedForm):
    reason = forms.ChoiceField(choices=WAIVE_REASONS)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(VersionedForm):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionOpenForm(forms.Form):
    problem = forms.CharField(
        label="What is wrong", widget=forms.Textarea(attrs={"rows": 3})
    )
    proposed_text = forms.CharField(
        label="Corrected wording",
        help_text="Replaces the claim's wording in the published text.",
    )
    evidence_url = forms.URLField(
        label="Evidence URL", required=False, assume_scheme="https"
    )
    evidence_title = forms.CharField(required=False, max_length=300)


class CorrectionAssessForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionSignOffForm(forms.Form):
    note = forms.CharField(
        label="Public correction note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave blank for the standard wording shown in the preview.",
    )


class CorrectionRejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
