from datetime import timedelta

import pytest
from django.utils import timezone

from checks.models import Claim
from newsroom import services

pytestmark = pytest.mark.django_db


def claim_ids(client, query):
    response = client.get(f"/api/v1/claims/{query}")
    assert response.status_code == 200, response.json()
    return {c["id"] for c in response.json()["results"]}


def test_list_shows_the_claims_of_an_article(client_for, reviewer, seed_article):
    response = client_for(reviewer).get(
        f"/api/v1/claims/?article={seed_article.pk}&page_size=200"
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == Claim.objects.filter(article=seed_article).count() > 5
    first = results[0]
    assert first["status"] == "unchecked"
    assert first["version"] >= 1
    assert first["first_draft"] == first["last_draft"] == 1


def test_filters_by_status_kind_assignee_overdue_and_checkworthiness(
    client_for, reviewer, seed_article
):
    client = client_for(reviewer)
    claims = list(Claim.objects.filter(article=seed_article).order_by("pk"))
    mine, late = claims[0], claims[1]
    Claim.objects.filter(pk=mine.pk).update(status="assigned", assignee=reviewer)
    Claim.objects.filter(pk=late.pk).update(
        status="assigned", due_at=timezone.now() - timedelta(days=1)
    )

    assert claim_ids(client, "?assignee=me") == {mine.pk}
    assert claim_ids(client, f"?assignee={reviewer.pk}") == {mine.pk}
    assert claim_ids(client, "?overdue=true") == {late.pk}
    assert claim_ids(client, "?status=assigned") == {mine.pk, late.pk}
    assert claim_ids(client, "?status=assigned,unchecked&page_size=200") == {
        c.pk for c in claims
    }
    quotes = {c.pk for c in claims if c.kind == "quote"}
    assert quotes
    assert claim_ids(client, "?kind=quote") == quotes
    worthy = {c.pk for c in claims if c.checkworthiness >= 0.7}
    assert claim_ids(client, "?min_checkworthiness=0.7&page_size=200") == worthy


def test_draft_filter_keeps_the_claims_mentioned_in_that_draft(
    client_for, reviewer, reporter, seed_article
):
    from checks.services import draft_claims_extract

    draft, _ = services.draft_save(
        article=seed_article,
        title=seed_article.title,
        body="Only 40 vehicles remained.",
        author=reporter,
    )
    draft_claims_extract(draft_id=draft.pk)
    client = client_for(reviewer)
    in_new = claim_ids(client, f"?draft={draft.pk}")
    assert in_new
    assert all(c.last_draft_id == draft.pk for c in Claim.objects.filter(pk__in=in_new))


def test_invalid_filters_are_a_400_naming_them(client_for, reviewer):
    response = client_for(reviewer).get(
        "/api/v1/claims/?status=lost&min_checkworthiness=2"
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "min_checkworthiness"}


def test_cursor_pages_cover_every_claim_once(client_for, reviewer, seed_article):
    client = client_for(reviewer)
    seen, url = [], f"/api/v1/claims/?article={seed_article.pk}&page_size=4"
    while url:
        page = client.get(url).json()
        seen += [c["id"] for c in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen))
    assert set(seen) == set(
        Claim.objects.filter(article=seed_article).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("page_size", [2, 50])
def test_list_runs_a_constant_number_of_queries_whatever_the_page_size(
    client_for, reviewer, seed_article, page_size, django_assert_max_num_queries
):
    Claim.objects.filter(article=seed_article).update(assignee=reviewer)
    client = client_for(reviewer)
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/claims/?page_size={page_size}")
    assert len(response.json()["results"]) == min(page_size, Claim.objects.count())


def test_detail_shows_mentions_history_and_an_etag(
    client_for, reviewer, seed_article, seed_body
):
    claim = Claim.objects.filter(article=seed_article, kind="quote").first()
    response = client_for(reviewer).get(f"/api/v1/claims/{claim.pk}/")

    assert response.status_code == 200
    assert response["ETag"] == f'"{claim.version}"'
    data = response.json()
    [mention] = data["mentions"]
    body = seed_article.drafts.get().body
    assert body[mention["start"] : mention["end"]] == mention["text"]
    assert [(h["draft"], h["outcome"]) for h in data["history"]] == [(1, "new")]
    assert data["verdict"] is None
    assert data["verdicts"] == []
    assert isinstance(data["warnings"], list)
    assert isinstance(data["suggestions"], list)


def test_detail_answers_304_when_the_etag_still_matches(
    client_for, reviewer, seed_article
):
    claim = Claim.objects.filter(article=seed_article).first()
    client = client_for(reviewer)
    response = client.get(
        f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=f'"{claim.version}"'
    )
    assert response.status_code == 304


@pytest.mark.parametrize("revisions", [1, 4])
def test_detail_runs_a_constant_number_of_queries(
    client_for,
    reviewer,
    reporter,
    seed_article,
    seed_body,
    revisions,
    django_assert_max_num_queries,
):
    from checks.services import draft_claims_extract

    for n in range(revisions - 1):
        draft, _ = services.draft_save(
            article=seed_article,
            title=seed_article.title,
            body=seed_body + f"\n\nUpdate {n}.",
            author=reporter,
        )
        draft_claims_extract(draft_id=draft.pk)
    claim = Claim.objects.filter(article=seed_article).first()
    client = client_for(reviewer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert len(response.json()["history"]) == revisions


def test_an_unknown_claim_is_a_404(client_for, reviewer):
    assert client_for(reviewer).get("/api/v1/claims/424242/").status_code == 404


def test_extract_returns_what_the_extractor_finds_and_stores_nothing(
    client_for, reviewer, seed_body
):
    from checks.extraction import extract_claims

    response = client_for(reviewer).post("/api/v1/extract/", {"text": seed_body})

    assert response.status_code == 200
    claims = response.json()["claims"]
    assert claims == [c.to_dict() for c in extract_claims(seed_body)]
    assert any(c["text"] == "85 fighters" for c in claims)
    assert all(seed_body[c["start"] : c["end"]] == c["text"] for c in claims)
    assert not Claim.objects.exists()


def test_extract_refuses_an_empty_text(client_for, reviewer):
    response = client_for(reviewer).post("/api/v1/extract/", {"text": ""})
    assert response.status_code == 400
    assert "text" in response.json()["error"]["fields"]
