import pytest
from django.urls import reverse

from checks.models import ClaimStatus
from newsroom import services
from reviews import services as reviews

from .conftest import extracted

pytestmark = pytest.mark.django_db


def workspace(article, **params):
    url = reverse("admin:newsroom_article_workspace", args=[article.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def test_workspace_highlights_every_claim_with_a_status_label(
    client, reviewer, article, claims
):
    client.force_login(reviewer)
    html = client.get(workspace(article)).content.decode()
    for claim in claims.values():
        assert f'data-claim="{claim.pk}">{claim.text}</a>' in html
    assert html.count('<span class="badge st-unchecked"') >= len(claims)
    assert "UNCHECKED" in html
    assert f"0 of {len(claims)} claims in draft 1 signed off or waived" in html


def test_workspace_badge_follows_the_status(client, reviewer, editor, article, claims):
    claim = claims["40 vehicles"]
    reviews.claim_waive(claim=claim, editor=editor, reason="opinion")
    client.force_login(reviewer)
    html = client.get(workspace(article)).content.decode()
    assert (
        f'data-claim="{claim.pk}">40 vehicles</a><span class="badge st-waived"' in html
    )
    assert "WAIVED" in html
    assert f"1 of {len(claims)} claims in draft 1 signed off or waived" in html


def test_a_claim_opens_with_its_history_and_verdict_form(
    client, reviewer, article, claims
):
    claim = claims["600 ISIS terrorists"]
    client.force_login(reviewer)
    html = client.get(workspace(article, claim=claim.pk)).content.decode()
    assert 'id="claim-panel"' in html
    assert "History across drafts" in html
    assert 'id="verdict-form"' in html
    assert "Date accessed" in html
    # Reviewers do not see the editor's controls.
    assert 'id="waive-form"' not in html


def test_editor_sees_waive_and_assign_controls(client, editor, article, claims):
    client.force_login(editor)
    html = client.get(
        workspace(article, claim=claims["85 fighters"].pk)
    ).content.decode()
    assert 'id="waive-form"' in html
    assert "Assign" in html


def test_user_text_is_escaped_in_the_workspace(client, editor):
    body = (
        "They took out 40 vehicles. <script>window.__xss=1</script> and "
        '<img src=x onerror="window.__xss=1"> 85 fighters.'
    )
    article = services.article_create(title="<b>T</b>", body=body, author=editor)
    extracted(article.drafts.get())
    client.force_login(editor)
    html = client.get(workspace(article)).content.decode()
    assert "<script>window.__xss" not in html
    # The extractor may mark the "1" as a figure, so only the tags are checked.
    assert "&lt;script&gt;window.__xss=" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=" in html
    assert "<b>T</b>" not in html


def test_publish_blockers_are_listed(client, editor, article, claims):
    client.force_login(editor)
    html = client.get(workspace(article)).content.decode()
    assert 'id="publish-blockers"' in html
    assert "must be signed off or waived before draft 1 can be published" in html
    assert "600 ISIS terrorists" in html.split('id="publish-blockers"')[1]


def test_publishing_with_blockers_is_refused_with_the_list(
    client, editor, article, claims
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:newsroom_article_publish", args=[article.pk]),
        {"draft": 1},
        follow=True,
    )
    html = response.content.decode()
    assert "cannot be published" in html
    assert "600 ISIS terrorists" in html
    article.refresh_from_db()
    assert article.status == "draft"


def test_editor_publishes_once_every_blocking_claim_is_waived(
    client, editor, article, claims
):
    for claim in claims.values():
        reviews.claim_waive(claim=claim, editor=editor, reason="not_checkworthy")
    client.force_login(editor)
    html = client.get(workspace(article)).content.decode()
    assert "Nothing blocks publication of draft 1" in html
    response = client.post(
        reverse("admin:newsroom_article_publish", args=[article.pk]),
        {"draft": 1},
        follow=True,
    )
    assert "Published draft 1." in response.content.decode()
    article.refresh_from_db()
    assert article.status == "published"
    assert article.live_draft.number == 1


def test_a_reviewer_cannot_publish(client, reviewer, editor, article, claims):
    for claim in claims.values():
        reviews.claim_waive(claim=claim, editor=editor, reason="not_checkworthy")
    client.force_login(reviewer)
    assert 'id="publish-button"' not in client.get(workspace(article)).content.decode()
    response = client.post(
        reverse("admin:newsroom_article_publish", args=[article.pk]),
        {"draft": 1},
        follow=True,
    )
    assert "Only an editor can publish an article." in response.content.decode()
    article.refresh_from_db()
    assert article.status == "draft"


def test_an_older_draft_can_be_opened(client, editor, article, claims):
    draft2, _ = services.draft_save(
        article=article,
        title="Convoy",
        body=article.drafts.get().body.replace("600", "700"),
        author=editor,
    )
    extracted(draft2)
    client.force_login(editor)
    old = client.get(workspace(article, draft=1)).content.decode()
    new = client.get(workspace(article)).content.decode()
    assert ">600 ISIS terrorists</a>" in old
    assert ">700 ISIS terrorists</a>" in new
    assert "Draft 1 of 2" in old


def test_people_outside_the_newsroom_are_refused(client, make_user, article):
    client.force_login(make_user("visitor"))
    assert client.get(workspace(article)).status_code == 403
    assert client.get(reverse("admin:desk_queue")).status_code == 403


def test_claim_status_constants_cover_the_legend(client, reviewer, article):
    client.force_login(reviewer)
    html = client.get(workspace(article)).content.decode()
    for _value, label in ClaimStatus.choices:
        assert label.upper() in html


def test_claim_history_shows_each_drafts_outcome(client, editor, article, claims):
    claim = claims["600 ISIS terrorists"]
    draft2, _ = services.draft_save(
        article=article,
        title="Convoy",
        body=article.drafts.get().body.replace("600", "700"),
        author=editor,
    )
    extracted(draft2)
    client.force_login(editor)
    html = client.get(workspace(article, claim=claim.pk)).content.decode()
    history = html.split('id="claim-history"')[1].split("</table>")[0]
    assert '<span class="badge oc-new">NEW</span>' in history
    assert '<span class="badge oc-changed">CHANGED</span>' in history
    assert "600 → 700" in history
