import pytest

from checks.models import Claim
from reviews.models import AuditEvent

pytestmark = pytest.mark.django_db

EVIDENCE = [{"url": "https://centcom.example.mil/release", "title": "CENTCOM release"}]


@pytest.fixture
def claim(seed_article):
    return Claim.objects.filter(article=seed_article, text="85 fighters").get()


def post(client, claim, action, data=None, version=None):
    headers = {} if version is None else {"HTTP_IF_MATCH": f'"{version}"'}
    return client.post(f"/api/v1/claims/{claim.pk}/{action}/", data or {}, **headers)


def verified(client_for, reviewer, claim):
    """Take the claim and record a 'verified' verdict as ``reviewer``."""
    client = client_for(reviewer)
    assert post(client, claim, "assign", {"assignee": reviewer.pk}).status_code == 200
    response = post(
        client,
        claim,
        "verdict",
        {"rating": "verified", "explanation": "Matches CENTCOM.", "evidence": EVIDENCE},
    )
    assert response.status_code == 200, response.json()
    return response


def test_reviewer_takes_a_claim_and_the_etag_moves_on(client_for, reviewer, claim):
    response = post(
        client_for(reviewer),
        claim,
        "assign",
        {"assignee": reviewer.pk},
        version=claim.version,
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "assigned"
    assert data["assignee"]["username"] == reviewer.username
    assert response["ETag"] == f'"{claim.version + 1}"'


def test_reviewer_may_not_assign_a_claim_to_someone_else(
    client_for, reviewer, other_reviewer, claim
):
    response = post(
        client_for(reviewer), claim, "assign", {"assignee": other_reviewer.pk}
    )
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "unchecked"


def test_editor_assigns_to_a_reviewer_with_a_due_date(
    client_for, editor, reviewer, claim
):
    response = post(
        client_for(editor),
        claim,
        "assign",
        {"assignee": reviewer.pk, "due_at": "2030-01-01T12:00:00Z"},
    )
    assert response.status_code == 200
    assert response.json()["due_at"].startswith("2030-01-01T12:00:00")


def test_assigning_to_an_unknown_user_is_a_400(client_for, editor, claim):
    response = post(client_for(editor), claim, "assign", {"assignee": 999999})
    assert response.status_code == 400
    assert "assignee" in response.json()["error"]["fields"]


def test_a_stale_if_match_is_refused_with_412(client_for, reviewer, claim):
    client = client_for(reviewer)
    post(client, claim, "assign", {"assignee": reviewer.pk})
    response = post(
        client,
        claim,
        "verdict",
        {"rating": "verified", "explanation": "ok", "evidence": EVIDENCE},
        version=claim.version,
    )
    assert response.status_code == 412
    error = response.json()["error"]
    assert error["code"] == "precondition_failed"
    assert error["data"]["current_version"] == claim.version + 1
    assert Claim.objects.get(pk=claim.pk).status == "assigned"


def test_a_malformed_if_match_is_a_400(client_for, reviewer, claim):
    response = client_for(reviewer).post(
        f"/api/v1/claims/{claim.pk}/assign/",
        {"assignee": reviewer.pk},
        HTTP_IF_MATCH="yesterday",
    )
    assert response.status_code == 400
    assert "If-Match" in response.json()["error"]["fields"]


def test_verdict_records_rating_and_evidence(client_for, reviewer, claim):
    data = verified(client_for, reviewer, claim).json()
    assert data["status"] == "verified"
    assert data["verdict"]["rating"] == "verified"
    assert data["verdict"]["evidence"][0]["url"] == EVIDENCE[0]["url"]
    evidence = client_for(reviewer).get(f"/api/v1/claims/{claim.pk}/evidence/").json()
    assert [e["url"] for e in evidence] == [EVIDENCE[0]["url"]]


def test_a_verdict_without_evidence_is_refused_on_the_evidence_field(
    client_for, reviewer, claim
):
    client = client_for(reviewer)
    post(client, claim, "assign", {"assignee": reviewer.pk})
    response = post(
        client, claim, "verdict", {"rating": "false", "explanation": "Wrong."}
    )
    assert response.status_code == 400
    assert "evidence" in response.json()["error"]["fields"]


def test_a_verdict_on_an_unassigned_claim_is_a_409(client_for, editor, claim):
    response = post(
        client_for(editor),
        claim,
        "verdict",
        {"rating": "verified", "explanation": "ok", "evidence": EVIDENCE},
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_refused"


def test_another_editor_signs_off_but_not_a_reviewer(
    client_for, reviewer, editor, claim
):
    verified(client_for, reviewer, claim)
    assert post(client_for(reviewer), claim, "sign-off").status_code == 403
    response = post(client_for(editor), claim, "sign-off")
    assert response.status_code == 200
    assert response.json()["status"] == "signed_off"
    assert response.json()["verdict"]["signed_off_by"]["username"] == editor.username


def test_the_editor_who_gave_the_verdict_cannot_sign_it_off(client_for, editor, claim):
    verified(client_for, editor, claim)
    response = post(client_for(editor), claim, "sign-off")
    assert response.status_code == 409
    assert "cannot sign it off" in response.json()["error"]["message"]


def test_signing_off_an_unchecked_claim_is_a_409(client_for, editor, claim):
    response = post(client_for(editor), claim, "sign-off")
    assert response.status_code == 409


def test_editor_waives_and_reopens_with_a_reason(client_for, editor, reviewer, claim):
    client = client_for(editor)
    assert (
        post(client_for(reviewer), claim, "waive", {"reason": "opinion"}).status_code
        == 403
    )
    waived = post(client, claim, "waive", {"reason": "opinion"})
    assert waived.json()["status"] == "waived"
    no_reason = post(client, claim, "reopen", {"reason": " "})
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["error"]["fields"]
    reopened = post(client, claim, "reopen", {"reason": "New figures from the DoD"})
    assert reopened.json()["status"] == "reopened"


def test_an_unknown_waiver_reason_is_a_400(client_for, editor, claim):
    response = post(client_for(editor), claim, "waive", {"reason": "bored"})
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_claimreview_of_a_signed_off_claim_of_the_seed_article(
    client_for, reviewer, editor, claim, settings
):
    settings.NEWSROOM_ORGANIZATION_NAME = "The Daily Check"
    url = f"/api/v1/claims/{claim.pk}/claimreview/"
    assert client_for(reviewer).get(url).status_code == 409
    verified(client_for, reviewer, claim)
    post(client_for(editor), claim, "sign-off")

    response = client_for(reviewer).get(url)
    assert response.status_code == 200
    review = response.json()
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "85 fighters"
    assert review["reviewRating"]["alternateName"] == "Verified"
    assert review["author"] == {"@type": "Organization", "name": "The Daily Check"}
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"]
    assert review["itemReviewed"]["appearance"][0]["headline"] == claim.article.title
    assert review["datePublished"]
    assert review["url"].endswith(f"#claim-{claim.pk}")


def test_publish_is_refused_while_claims_block_it(client_for, editor, seed_article):
    response = client_for(editor).post(f"/api/v1/articles/{seed_article.pk}/publish/")
    assert response.status_code == 409
    blocking = response.json()["error"]["data"]["blocking_claims"]
    assert Claim.objects.get(pk=blocking[0]).checkworthiness >= 0.5


def _clear_blockers(client_for, editor, article):
    client = client_for(editor)
    for claim in Claim.objects.filter(article=article):
        post(client, claim, "waive", {"reason": "not_checkworthy"})


def test_editor_publishes_once_blockers_are_cleared(
    client_for, editor, reporter, seed_article
):
    _clear_blockers(client_for, editor, seed_article)
    refused = client_for(reporter).post(f"/api/v1/articles/{seed_article.pk}/publish/")
    assert refused.status_code == 403
    response = client_for(editor).post(
        f"/api/v1/articles/{seed_article.pk}/publish/", {"draft": 1}
    )
    assert response.status_code == 200
    assert response.json()["draft"] == 1
    article = client_for(reporter).get(f"/api/v1/articles/{seed_article.pk}/").json()
    assert article["status"] == "published"
    assert article["live_draft"]["number"] == 1


def test_a_correction_goes_from_request_to_published_note(
    client_for, reporter, reviewer, editor, other_editor, seed_article, claim
):
    _clear_blockers(client_for, editor, seed_article)
    client_for(editor).post(f"/api/v1/articles/{seed_article.pk}/publish/")
    opened = client_for(reporter).post(
        "/api/v1/corrections/",
        {
            "claim": claim.pk,
            "problem": "CENTCOM said 58.",
            "proposed_text": "58 fighters",
            "evidence": EVIDENCE,
        },
    )
    assert opened.status_code == 201, opened.json()
    correction = opened.json()
    assert correction["status"] == "open"
    path = f"/api/v1/corrections/{correction['id']}"

    assert (
        client_for(reporter).post(f"{path}/assess/", {"accept": True}).status_code
        == 403
    )
    assessed = client_for(reviewer).post(f"{path}/assess/", {"accept": True})
    assert assessed.json()["status"] == "accepted"
    signed = client_for(other_editor).post(
        f"{path}/sign-off/", {"note": "We misstated the number of fighters."}
    )
    assert signed.status_code == 200, signed.json()
    assert signed.json()["status"] == "published"
    assert signed.json()["note"]["text"] == "We misstated the number of fighters."

    article = client_for(reviewer).get(f"/api/v1/articles/{seed_article.pk}/").json()
    assert "58 fighters" in article["live_draft"]["body"]
    jsonld = client_for(reviewer).get(f"/api/v1/articles/{seed_article.pk}/jsonld/")
    assert jsonld.json()["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "We misstated the number of fighters.",
            "datePublished": jsonld.json()["correction"][0]["datePublished"],
        }
    ]
    listed = client_for(reviewer).get(f"/api/v1/corrections/?article={seed_article.pk}")
    assert [c["id"] for c in listed.json()["results"]] == [correction["id"]]


def test_an_editor_rejects_an_accepted_correction_with_a_reason(
    client_for, reporter, reviewer, editor, seed_article, claim
):
    _clear_blockers(client_for, editor, seed_article)
    client_for(editor).post(f"/api/v1/articles/{seed_article.pk}/publish/")
    opened = client_for(reporter).post(
        "/api/v1/corrections/",
        {
            "claim": claim.pk,
            "problem": "Wrong.",
            "proposed_text": "86 fighters",
            "evidence": EVIDENCE,
        },
    )
    path = f"/api/v1/corrections/{opened.json()['id']}"
    too_early = client_for(editor).post(f"{path}/reject/", {"reason": "No."})
    assert too_early.status_code == 409
    no_notes = client_for(reviewer).post(f"{path}/assess/", {"accept": False})
    assert "notes" in no_notes.json()["error"]["fields"]
    client_for(reviewer).post(f"{path}/assess/", {"accept": True})
    assert (
        client_for(reporter).post(f"{path}/reject/", {"reason": "no"}).status_code
        == 403
    )
    response = client_for(editor).post(
        f"{path}/reject/", {"reason": "The source is a rumour."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["rejection_reason"] == "The source is a rumour."


def test_a_correction_of_an_unpublished_article_is_a_409(client_for, reporter, claim):
    response = client_for(reporter).post(
        "/api/v1/corrections/",
        {
            "claim": claim.pk,
            "problem": "Wrong.",
            "proposed_text": "86 fighters",
            "evidence": EVIDENCE,
        },
    )
    assert response.status_code == 409


def test_the_audit_trail_lists_what_happened_filterable_and_read_only(
    client_for, reviewer, editor, claim
):
    verified(client_for, reviewer, claim)
    client = client_for(editor)
    response = client.get(
        f"/api/v1/audit/?object_type=checks.claim&object_id={claim.pk}"
    )
    actions = [e["action"] for e in response.json()["results"]]
    assert actions == ["claim.assign", "claim.verdict"]
    first = response.json()["results"][0]
    assert first["actor"]["username"] == reviewer.username
    assert (first["from_state"], first["to_state"]) == ("unchecked", "assigned")
    by_action = client.get("/api/v1/audit/?action=claim.verdict").json()["results"]
    assert [e["object_id"] for e in by_action] == [claim.pk]
    assert client.post("/api/v1/audit/", {}).status_code == 405
    assert AuditEvent.objects.count() == 2


def test_audit_pages_with_a_cursor(client_for, editor, seed_article):
    _clear_blockers(client_for, editor, seed_article)
    client = client_for(editor)
    seen, url = [], f"/api/v1/audit/?article={seed_article.pk}&page_size=3"
    while url:
        page = client.get(url).json()
        seen += [e["id"] for e in page["results"]]
        url = page["next"]
    assert seen == sorted(seen)
    assert len(seen) == AuditEvent.objects.filter(article=seed_article).count() > 3
