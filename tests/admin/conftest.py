import pytest

from checks.services import draft_claims_extract
from newsroom import services

BODY = (
    "Coalition forces took out 40 vehicles and 85 fighters near the border.\n"
    "The Hezbollah deal allowed 600 ISIS terrorists to leave the area.\n"
    "Those attacks left the 11 remaining buses stranded for two weeks."
)


def extracted(draft):
    """Run the claim extraction a saved draft gets after commit, here and now."""
    return draft_claims_extract(draft_id=draft.pk)


@pytest.fixture
def article(editor):
    article = services.article_create(title="Convoy", body=BODY, author=editor)
    extracted(article.drafts.get())
    return article


@pytest.fixture
def claims(article):
    return {c.text: c for c in article.claims.order_by("pk")}
