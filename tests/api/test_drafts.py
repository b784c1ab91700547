import pytest

from newsroom import services
from newsroom.models import Draft

pytestmark = pytest.mark.django_db

NEXT = {
    "title": "Convoy reaches the city",
    "body": "The convoy of 41 trucks arrived on Monday. Officials said 12 people "
    "were hurt.",
    "change_note": "Truck count from the ministry",
}


def url(article, suffix=""):
    return f"/api/v1/articles/{article.pk}/drafts/{suffix}"


def test_posting_changed_text_saves_the_next_draft(client_for, reporter, article):
    response = client_for(reporter).post(url(article), NEXT)

    assert response.status_code == 201
    data = response.json()
    assert data["number"] == 2
    assert data["change_note"] == "Truck count from the ministry"
    assert data["author"]["username"] == reporter.username
    assert set(data["extraction"]) == {
        "status",
        "error",
        "attempts",
        "queued_at",
        "extracted_at",
    }
    assert article.drafts.count() == 2


def test_posting_unchanged_text_saves_nothing_and_returns_the_latest(
    client_for, reporter, article
):
    latest = article.drafts.get(number=1)
    response = client_for(reporter).post(
        url(article), {"title": latest.title, "body": latest.body}
    )
    assert response.status_code == 200
    assert response.json()["number"] == 1
    assert article.drafts.count() == 1


def test_editor_may_save_drafts_but_reviewer_may_not(
    client_for, editor, reviewer, article
):
    assert client_for(editor).post(url(article), NEXT).status_code == 201
    refused = client_for(reviewer).post(url(article), {**NEXT, "body": "Other."})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "Only a reporter or editor can save a draft."
    )


def test_a_retried_post_with_the_same_idempotency_key_saves_one_draft(
    client_for, reporter, article
):
    client = client_for(reporter)
    first = client.post(url(article), NEXT, HTTP_IDEMPOTENCY_KEY="cms-42")
    # Someone else saves in between; the retry must still not create a draft.
    services.draft_save(article=article, title="T", body="Another.", author=reporter)
    retry = client.post(url(article), NEXT, HTTP_IDEMPOTENCY_KEY="cms-42")

    assert first.status_code == retry.status_code == 201
    assert retry.json()["number"] == first.json()["number"] == 2
    assert article.drafts.count() == 3


def test_the_same_idempotency_key_with_a_different_body_is_refused(
    client_for, reporter, article
):
    client = client_for(reporter)
    client.post(url(article), NEXT, HTTP_IDEMPOTENCY_KEY="cms-43")
    response = client.post(
        url(article), {**NEXT, "body": "Something else."}, HTTP_IDEMPOTENCY_KEY="cms-43"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert article.drafts.count() == 2


def test_idempotency_keys_belong_to_their_user(client_for, reporter, editor, article):
    client_for(reporter).post(url(article), NEXT, HTTP_IDEMPOTENCY_KEY="same")
    other = client_for(editor).post(
        url(article), {**NEXT, "body": "Editor's text."}, HTTP_IDEMPOTENCY_KEY="same"
    )
    assert other.status_code == 201
    assert article.drafts.count() == 3


def test_a_refused_request_does_not_use_up_its_idempotency_key(
    client_for, reporter, article
):
    client = client_for(reporter)
    bad = client.post(url(article), {**NEXT, "body": ""}, HTTP_IDEMPOTENCY_KEY="k")
    good = client.post(url(article), NEXT, HTTP_IDEMPOTENCY_KEY="k")
    assert bad.status_code == 400
    assert good.status_code == 201


def test_one_draft_by_number_with_its_text(client_for, reviewer, article):
    response = client_for(reviewer).get(url(article, "1/"))
    assert response.status_code == 200
    assert response.json()["body"].startswith("The convoy of 40 trucks")


def test_an_unknown_draft_number_is_a_json_404(client_for, reviewer, article):
    response = client_for(reviewer).get(url(article, "9/"))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_draft_list_shows_every_version_without_bodies(
    client_for, reviewer, reporter, article
):
    client_for(reporter).post(url(article), NEXT)
    response = client_for(reviewer).get(url(article))
    results = response.json()["results"]
    assert [d["number"] for d in results] == [1, 2]
    assert "body" not in results[0]
    assert results[0]["extraction"]["status"] in {"pending", "running", "done"}


def test_diff_shows_the_changed_span_with_offsets(
    client_for, reviewer, reporter, article
):
    client_for(reporter).post(url(article), NEXT)
    response = client_for(reviewer).get(url(article, "2/diff/?against=1"))

    assert response.status_code == 200
    data = response.json()
    assert (data["old"], data["new"], data["title_changed"]) == (1, 2, False)
    [change] = data["body"]
    old_body = Draft.objects.get(article=article, number=1).body
    assert old_body[change["old_start"] : change["old_end"]] == change["old_text"]
    assert change["old_text"] == "0"
    assert change["new_text"] == "1"


def test_diff_defaults_to_the_previous_draft(client_for, reviewer, reporter, article):
    client_for(reporter).post(url(article), NEXT)
    data = client_for(reviewer).get(url(article, "2/diff/")).json()
    assert (data["old"], data["new"]) == (1, 2)


def test_diff_against_a_missing_draft_is_a_404(client_for, reviewer, article):
    response = client_for(reviewer).get(url(article, "1/diff/?against=7"))
    assert response.status_code == 404
