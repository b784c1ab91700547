import pytest
from django.test import Client
from django.urls import reverse

from checks.models import Claim
from newsroom.roles import EDITOR, REVIEWER
from reviews import services as reviews
from reviews.models import AuditEvent, Verdict

pytestmark = pytest.mark.django_db


def action_url(claim, action):
    return reverse(
        "admin:newsroom_article_claim_action", args=[claim.article_id, claim.pk, action]
    )


def verdict_data(claim, **extra):
    return {
        "version": claim.version,
        "rating": "verified",
        "explanation": "Coalition figures confirm it.",
        "internal_notes": "",
        "evidence-TOTAL_FORMS": 2,
        "evidence-INITIAL_FORMS": 0,
        "evidence-0-url": "https://example.org/strikes",
        "evidence-0-title": "Coalition strike report",
        "evidence-0-excerpt": "40 vehicles destroyed",
        "evidence-0-accessed_on": "2017-09-14",
        **extra,
    }


def state(claim):
    fresh = Claim.objects.get(pk=claim.pk)
    return fresh.status, fresh.version, fresh.assignee_id


def test_editor_assigns_a_claim_from_the_workspace(client, editor, reviewer, claims):
    claim = claims["40 vehicles"]
    client.force_login(editor)
    response = client.post(
        action_url(claim, "assign"),
        {"version": claim.version, "assignee": reviewer.pk},
        follow=True,
    )
    assert "Assigned to rev." in response.content.decode()
    assert state(claim)[0] == "assigned"
    assert state(claim)[2] == reviewer.pk


def test_assigned_reviewer_records_a_verdict_with_evidence(
    client, editor, reviewer, claims
):
    claim = reviews.claim_assign(
        claim=claims["40 vehicles"], assignee=reviewer, assigned_by=editor
    )
    client.force_login(reviewer)
    response = client.post(
        action_url(claim, "verdict"), verdict_data(claim), follow=True
    )
    html = response.content.decode()
    assert "Verdict recorded: Verified." in html
    assert "Coalition strike report" in html
    assert state(claim)[0] == "verified"
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.evidence.get().excerpt == "40 vehicles destroyed"


def test_a_verdict_by_a_reviewer_it_is_not_assigned_to_is_refused(
    client, editor, reviewer, other_reviewer, claims
):
    claim = reviews.claim_assign(
        claim=claims["40 vehicles"], assignee=reviewer, assigned_by=editor
    )
    before = state(claim)
    client.force_login(other_reviewer)
    response = client.post(
        action_url(claim, "verdict"), verdict_data(claim), follow=True
    )
    assert "Only the reviewer the claim is assigned to" in response.content.decode()
    assert state(claim) == before
    assert not Verdict.objects.filter(claim=claim).exists()


def test_an_invalid_verdict_form_keeps_the_input_and_changes_nothing(
    client, editor, reviewer, claims
):
    claim = reviews.claim_assign(
        claim=claims["40 vehicles"], assignee=reviewer, assigned_by=editor
    )
    before = state(claim)
    client.force_login(reviewer)
    response = client.post(
        action_url(claim, "verdict"),
        verdict_data(claim, explanation="", **{"evidence-0-url": "not a url"}),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in html
    assert "Enter a valid URL." in html
    assert "Coalition strike report" in html  # the typed input is kept
    assert state(claim) == before


def test_a_stale_page_is_refused(client, editor, reviewer, claims):
    claim = claims["40 vehicles"]
    stale = claim.version
    reviews.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    before = state(claim)
    client.force_login(editor)
    response = client.post(
        action_url(claim, "waive"),
        {"version": stale, "reason": "opinion", "note": ""},
        follow=True,
    )
    assert "The claim changed since you loaded it" in response.content.decode()
    assert state(claim) == before


def test_editor_signs_off_a_verdict(client, editor, other_editor, claims):
    claim = reviews.claim_assign(
        claim=claims["40 vehicles"], assignee=other_editor, assigned_by=editor
    )
    reviews.claim_verdict_record(
        claim=claim,
        reviewer=other_editor,
        rating="verified",
        explanation="Confirmed.",
        evidence=[{"url": "https://example.org/a"}],
    )
    claim.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        action_url(claim, "sign-off"), {"version": claim.version}, follow=True
    )
    assert "Signed off." in response.content.decode()
    assert state(claim)[0] == "signed_off"


def test_the_reviewer_of_a_verdict_sees_no_sign_off_button_and_is_refused(
    client, make_user, editor, claims
):
    both = make_user("robin", REVIEWER, EDITOR)
    claim = reviews.claim_assign(
        claim=claims["40 vehicles"], assignee=both, assigned_by=editor
    )
    reviews.claim_verdict_record(
        claim=claim,
        reviewer=both,
        rating="verified",
        explanation="Confirmed.",
        evidence=[{"url": "https://example.org/a"}],
    )
    claim.refresh_from_db()
    before = state(claim)
    client.force_login(both)
    page = client.get(
        reverse("admin:newsroom_article_workspace", args=[claim.article_id])
        + f"?claim={claim.pk}"
    ).content.decode()
    assert 'id="sign-off-button"' not in page
    response = client.post(
        action_url(claim, "sign-off"), {"version": claim.version}, follow=True
    )
    assert "cannot sign it off" in response.content.decode()
    assert state(claim) == before


@pytest.mark.parametrize("action", ["waive", "reopen", "sign-off"])
def test_reviewers_are_refused_editor_actions(client, reviewer, claims, action):
    claim = claims["85 fighters"]
    before = state(claim)
    events = AuditEvent.objects.count()
    client.force_login(reviewer)
    response = client.post(
        action_url(claim, action),
        {"version": claim.version, "reason": "opinion", "note": "x"},
        follow=True,
    )
    assert "Only an editor can" in response.content.decode()
    assert state(claim) == before
    assert AuditEvent.objects.count() == events


def test_editor_waives_and_reopens_a_claim(client, editor, claims):
    claim = claims["85 fighters"]
    client.force_login(editor)
    client.post(
        action_url(claim, "waive"),
        {"version": claim.version, "reason": "opinion", "note": ""},
    )
    assert state(claim)[0] == "waived"
    claim.refresh_from_db()
    response = client.post(
        action_url(claim, "reopen"),
        {"version": claim.version, "reason": "It is a figure after all."},
        follow=True,
    )
    assert "Reopened." in response.content.decode()
    assert state(claim)[0] == "reopened"


def test_a_reviewer_takes_an_unassigned_claim(client, reviewer, claims):
    claim = claims["85 fighters"]
    client.force_login(reviewer)
    page = client.get(
        reverse("admin:newsroom_article_workspace", args=[claim.article_id])
        + f"?claim={claim.pk}"
    ).content.decode()
    assert 'id="take-button"' in page
    client.post(
        action_url(claim, "assign"), {"version": claim.version, "assignee": reviewer.pk}
    )
    assert state(claim)[2] == reviewer.pk


def test_claim_actions_need_post_and_a_csrf_token(editor, claims):
    claim = claims["85 fighters"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(action_url(claim, "waive")).status_code == 405
    response = client.post(
        action_url(claim, "waive"), {"version": claim.version, "reason": "opinion"}
    )
    assert response.status_code == 403
    assert state(claim)[0] == "unchecked"


def test_a_claim_of_another_article_is_not_found(client, editor, claims):
    claim = claims["85 fighters"]
    client.force_login(editor)
    url = reverse(
        "admin:newsroom_article_claim_action",
        args=[claim.article_id + 1000, claim.pk, "waive"],
    )
    assert client.post(url, {"reason": "opinion"}).status_code == 404
