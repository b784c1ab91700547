from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checks.models import Claim
from newsroom import services
from newsroom.models import Draft
from reviews import services as reviews
from reviews.models import CorrectionRequest

from .conftest import BODY, extracted

pytestmark = pytest.mark.django_db


def rows_in_order(html, texts):
    table = html.split('id="queue"')[1]
    return sorted(texts, key=lambda t: table.index(t) if t in table else 10**9)


def test_reviewer_queue_shows_their_assignments_most_check_worthy_first(
    client, editor, reviewer, claims
):
    mine = [claims["40 vehicles"], claims["11 remaining buses"]]
    reviews.claims_assign(claims=mine, assignee=reviewer, assigned_by=editor)
    client.force_login(reviewer)
    html = client.get(reverse("admin:desk_queue")).content.decode()
    assert "40 vehicles" in html
    assert "11 remaining buses" in html
    assert "85 fighters" not in html.split('id="queue"')[1]
    ordered = sorted(mine, key=lambda c: -c.checkworthiness)
    assert rows_in_order(html, [c.text for c in mine]) == [c.text for c in ordered]


def test_queue_tabs_filter_unassigned_and_overdue(client, editor, reviewer, claims):
    late = claims["40 vehicles"]
    reviews.claim_assign(
        claim=late,
        assignee=reviewer,
        assigned_by=editor,
        due_at=timezone.now() - timedelta(days=1),
    )
    client.force_login(editor)
    unassigned = client.get(reverse("admin:desk_queue") + "?view=unassigned")
    assert "40 vehicles" not in unassigned.content.decode().split('id="queue"')[1]
    overdue = client.get(reverse("admin:desk_queue") + "?view=overdue").content.decode()
    table = overdue.split('id="queue"')[1]
    assert "40 vehicles" in table
    assert "(overdue)" in table
    assert "85 fighters" not in table


def test_queue_counts_claims_per_status_and_filters_by_status(client, editor, claims):
    reviews.claim_waive(claim=claims["85 fighters"], editor=editor, reason="opinion")
    client.force_login(editor)
    html = client.get(reverse("admin:desk_queue") + "?view=all").content.decode()
    assert f"All <strong>{len(claims)}</strong>" in html
    assert "WAIVED</span> <strong>1</strong>" in html
    waived = client.get(reverse("admin:desk_queue") + "?view=all&status=waived")
    table = waived.content.decode().split('id="queue"')[1]
    assert "85 fighters" in table
    assert "40 vehicles" not in table


def test_queue_runs_the_same_number_of_queries_for_more_claims(
    client, editor, article, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("admin:desk_queue") + "?view=all"
    client.get(url)  # warm the session and the user's groups
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        more = services.article_create(
            title=f"More {n}", body=BODY.replace("40", str(41 + n)), author=editor
        )
        extracted(more.drafts.get())
    assert Claim.objects.count() > 3 * article.claims.count()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_editor_bulk_assigns_claims_from_the_queue(client, editor, reviewer, claims):
    picked = [claims["40 vehicles"].pk, claims["85 fighters"].pk]
    client.force_login(editor)
    response = client.post(
        reverse("admin:desk_queue") + "?view=all",
        {"claims": picked, "assignee": reviewer.pk},
        follow=True,
    )
    assert "Assigned 2 claims to rev." in response.content.decode()
    assert set(
        Claim.objects.filter(assignee=reviewer).values_list("pk", flat=True)
    ) == set(picked)


def test_a_reviewer_cannot_bulk_assign(client, reviewer, other_reviewer, claims):
    client.force_login(reviewer)
    html = client.get(reverse("admin:desk_queue") + "?view=all").content.decode()
    assert 'id="bulk-assign"' not in html
    response = client.post(
        reverse("admin:desk_queue") + "?view=all",
        {"claims": [claims["40 vehicles"].pk], "assignee": other_reviewer.pk},
    )
    assert response.status_code == 403
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def rated(claim, *, reviewer, editor):
    reviews.claim_assign(claim=claim, assignee=reviewer, assigned_by=editor)
    reviews.claim_verdict_record(
        claim=claim,
        reviewer=reviewer,
        rating="verified",
        explanation="Confirmed by the coalition.",
        evidence=[{"url": "https://example.org/a"}],
    )
    return Claim.objects.get(pk=claim.pk)


def test_sign_off_queue_lists_verdicts_and_signs_off(client, editor, reviewer, claims):
    claim = rated(claims["40 vehicles"], reviewer=reviewer, editor=editor)
    client.force_login(editor)
    html = client.get(reverse("admin:desk_sign_off")).content.decode()
    assert "Verdicts awaiting sign-off (1)" in html
    assert "Confirmed by the coalition." in html
    response = client.post(
        reverse("admin:desk_sign_off_claim", args=[claim.pk]),
        {"version": claim.version},
        follow=True,
    )
    assert "Signed off claim" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "signed_off"


def test_sign_off_queue_hides_the_button_from_the_verdicts_own_reviewer(
    client, make_user, editor, claims
):
    from newsroom.roles import EDITOR, REVIEWER

    both = make_user("robin", REVIEWER, EDITOR)
    claim = rated(claims["40 vehicles"], reviewer=both, editor=editor)
    client.force_login(both)
    html = client.get(reverse("admin:desk_sign_off")).content.decode()
    assert "Your verdict: another editor signs it off." in html
    assert f'aria-label="Sign off claim {claim.pk}"' not in html
    response = client.post(
        reverse("admin:desk_sign_off_claim", args=[claim.pk]),
        {"version": claim.version},
        follow=True,
    )
    assert "cannot sign it off" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "verified"


def test_compare_marks_claim_outcomes(client, editor, article, claims):
    body = article.drafts.get().body
    new_body = body.replace("600", "700").replace(
        "Those attacks left the 11 remaining buses stranded for two weeks.", ""
    )
    draft2, _ = services.draft_save(
        article=article, title="Convoy", body=new_body, author=editor
    )
    extracted(draft2)
    client.force_login(editor)
    url = reverse("admin:newsroom_draft_compare", args=[draft2.pk])
    html = client.get(url).content.decode()
    table = html.split('id="claim-outcomes"')[1]
    assert "CHANGED" in table
    assert "REMOVED" in table
    assert "CARRIED" in table
    assert "11 remaining buses" in table.split("REMOVED")[1]
    inline = html.split('id="compare-inline"')[1]
    assert '<span class="badge oc-carried">CARRIED</span>' in inline
    side = client.get(url + "?layout=side").content.decode()
    assert 'id="compare-old"' in side
    assert 'id="compare-new"' in side


def test_compare_escapes_the_text(client, editor, article):
    draft2, _ = services.draft_save(
        article=article,
        title="Convoy",
        body=BODY + '\n<img src=x onerror="window.__xss=1">',
        author=editor,
    )
    client.force_login(editor)
    url = reverse("admin:newsroom_draft_compare", args=[draft2.pk])
    for layout in ("inline", "side"):
        html = client.get(url + f"?layout={layout}").content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=" in html


def test_audit_trail_lists_what_happened(client, editor, reviewer, claims):
    rated(claims["40 vehicles"], reviewer=reviewer, editor=editor)
    client.force_login(reviewer)
    html = client.get(
        reverse("admin:newsroom_article_audit", args=[claims["40 vehicles"].article_id])
    ).content.decode()
    assert "claim.verdict" in html
    assert "assigned → verified" in html


def test_admin_index_leads_to_the_queues(client, editor, reviewer, claims):
    reviews.claim_assign(
        claim=claims["40 vehicles"], assignee=reviewer, assigned_by=editor
    )
    client.force_login(reviewer)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="link-my-queue"' in html
    assert "1 open claim assigned to you" in html
    assert 'id="link-sign-off"' not in html
    client.force_login(editor)
    assert 'id="link-sign-off"' in client.get(reverse("admin:index")).content.decode()


def test_failed_extraction_can_be_run_again(
    client, editor, article, django_capture_on_commit_callbacks
):
    draft2, _ = services.draft_save(
        article=article, title="Convoy", body=BODY + "\nMore.", author=editor
    )
    services.draft_extraction_fields_update(
        draft=draft2, extraction_status="failed", extraction_error="Boom"
    )
    client.force_login(editor)
    html = client.get(
        reverse("admin:newsroom_article_workspace", args=[article.pk])
    ).content.decode()
    assert "Boom" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:newsroom_draft_extract", args=[article.pk, 2]), follow=True
        )
    assert "was queued again" in response.content.decode()
    assert Draft.objects.get(pk=draft2.pk).extraction_status == "done"


def published(article, editor):
    for claim in article.claims.all():
        reviews.claim_waive(claim=claim, editor=editor, reason="not_checkworthy")
    reviews.article_publish(article=article, draft=article.drafts.get(), editor=editor)


def test_correction_is_previewed_then_signed_off_and_its_note_shown(
    client, reporter, reviewer, editor, other_editor, article, claims
):
    published(article, editor)
    claim = claims["600 ISIS terrorists"]
    client.force_login(reporter)
    response = client.post(
        reverse(
            "admin:newsroom_article_claim_action",
            args=[article.pk, claim.pk, "correction"],
        ),
        {
            "problem": "The deal covered 300 fighters.",
            "proposed_text": "300 ISIS terrorists",
            "evidence_url": "https://example.org/deal",
            "evidence_title": "Deal terms",
        },
        follow=True,
    )
    correction = CorrectionRequest.objects.get()
    url = reverse("admin:desk_correction", args=[correction.pk])
    assert response.redirect_chain[-1][0] == url
    client.force_login(reviewer)
    client.post(url, {"step": "assess", "decision": "accept", "notes": "Checked."})
    client.force_login(other_editor)
    preview = client.post(
        url, {"step": "preview", "note": "We misstated the number of fighters."}
    ).content.decode()
    assert "<del>600 ISIS terrorists</del><ins>300 ISIS terrorists</ins>" in preview
    assert "We misstated the number of fighters." in preview
    assert CorrectionRequest.objects.get().status == "accepted"
    client.post(
        url, {"step": "sign-off", "note": "We misstated the number of fighters."}
    )
    assert CorrectionRequest.objects.get().status == "published"
    html = client.get(
        reverse("admin:newsroom_article_workspace", args=[article.pk])
    ).content.decode()
    assert "Correction 1" in html
    assert "We misstated the number of fighters." in html
    text = html.split('id="article-text"')[1].split("</div>")[0]
    assert "300 ISIS terrorists" in text
    assert "600 ISIS" not in text


def test_the_requester_cannot_assess_their_own_correction(
    client, editor, reviewer, article, claims
):
    published(article, editor)
    correction = reviews.correction_request_open(
        claim=claims["600 ISIS terrorists"],
        requester=reviewer,
        problem="Wrong.",
        proposed_text="300 ISIS terrorists",
        evidence=[{"url": "https://example.org/deal"}],
    )
    client.force_login(reviewer)
    url = reverse("admin:desk_correction", args=[correction.pk])
    response = client.post(
        url, {"step": "assess", "decision": "accept", "notes": ""}, follow=True
    )
    assert "someone else must assess it" in response.content.decode()
    assert CorrectionRequest.objects.get().status == "open"


def test_correction_requests_list_links_to_the_desk_page(
    client, editor, reviewer, article, claims
):
    published(article, editor)
    correction = reviews.correction_request_open(
        claim=claims["600 ISIS terrorists"],
        requester=reviewer,
        problem="Wrong.",
        proposed_text="300 ISIS terrorists",
        evidence=[{"url": "https://example.org/deal"}],
    )
    client.force_login(editor)
    html = client.get(
        reverse("admin:reviews_correctionrequest_changelist")
    ).content.decode()
    assert reverse("admin:desk_correction", args=[correction.pk]) in html
