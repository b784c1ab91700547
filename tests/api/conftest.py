import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from newsroom import services


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for(db):
    """An API client authenticated with the user's token."""

    def make(user) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def article(reporter):
    return services.article_create(
        title="Convoy reaches the city",
        body="The convoy of 40 trucks arrived on Monday. Officials said 12 people "
        "were hurt.",
        author=reporter,
    )


@pytest.fixture
def seed_article(reporter, seed_body):
    """The seed article with its claims extracted (as the Celery task would)."""
    from checks.services import draft_claims_extract

    article = services.article_create(
        title="Coalition strikes ISIS convoy", body=seed_body, author=reporter
    )
    draft_claims_extract(draft_id=article.drafts.get().pk)
    return article
