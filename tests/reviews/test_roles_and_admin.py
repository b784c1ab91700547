import pytest
from django.urls import reverse

from checks.models import ClaimStatus
from newsroom.errors import TransitionError
from reviews import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "permission", "granted"),
    [
        ("editor", "reviews.sign_off_verdict", True),
        ("editor", "reviews.sign_off_correction", True),
        ("editor", "reviews.waive_claim", True),
        ("reviewer", "reviews.add_verdict", True),
        ("reviewer", "reviews.assess_correction", True),
        ("reviewer", "reviews.sign_off_verdict", False),
        ("reviewer", "reviews.waive_claim", False),
        ("reporter", "reviews.add_correctionrequest", True),
        ("reporter", "reviews.add_verdict", False),
        ("reporter", "reviews.view_auditevent", False),
    ],
)
def test_role_groups_hold_the_review_permissions(request, who, permission, granted):
    assert request.getfixturevalue(who).has_perm(permission) is granted


@pytest.mark.parametrize(
    "model",
    [
        "auditevent",
        "assignment",
        "verdict",
        "waiver",
        "publication",
        "correctionrequest",
        "correctionnote",
    ],
)
def test_the_admin_lists_review_history_read_only(admin_client, model, make_claim):
    make_claim()
    response = admin_client.get(reverse(f"admin:reviews_{model}_changelist"))
    assert response.status_code == 200
    assert admin_client.get(reverse(f"admin:reviews_{model}_add")).status_code == 403


def test_a_rated_status_without_a_verdict_cannot_be_signed_off(make_claim, editor):
    claim = make_claim(status=ClaimStatus.VERIFIED)
    with pytest.raises(TransitionError, match="no verdict to sign off"):
        services.claim_sign_off(claim=claim, editor=editor)
