import pytest

from checks.models import Claim, ClaimKind, ClaimMention, ClaimStatus
from newsroom import services as newsroom_services
from newsroom.models import Draft

BODY = (
    "The deal allowed 600 fighters to leave the area. "
    "Officials said 40 vehicles were destroyed. "
    "The convoy waited for two weeks in the desert."
)


def draft_extracted(draft: Draft) -> Draft:
    """Mark a draft's extraction done, as the extraction job would."""
    newsroom_services.draft_extraction_fields_update(
        draft=draft, extraction_status=Draft.ExtractionStatus.DONE
    )
    return draft


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every test makes several users; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def article(reporter):
    article = newsroom_services.article_create(
        title="Convoy reaches its destination", body=BODY, author=reporter
    )
    draft_extracted(article.drafts.get())
    return article


@pytest.fixture
def make_claim(article):
    """Create a claim mentioned in the article's latest draft at ``text``."""

    def make(
        text: str = "600 fighters",
        *,
        target=None,
        checkworthiness: float = 0.9,
        status: str = ClaimStatus.UNCHECKED,
        **fields,
    ) -> Claim:
        target = target or article
        draft = target.drafts.order_by("-number").first()
        start = draft.body.index(text)
        claim = Claim.objects.create(
            article=target,
            kind=fields.pop("kind", ClaimKind.COUNT),
            status=status,
            text=text,
            checkworthiness=checkworthiness,
            fingerprint=f"fp-{text}",
            first_draft=draft,
            last_draft=draft,
            **fields,
        )
        ClaimMention.objects.create(
            claim=claim,
            draft=draft,
            start=start,
            end=start + len(text),
            text=text,
            sentence_start=0,
            sentence_end=len(draft.body),
        )
        return claim

    return make


@pytest.fixture
def evidence():
    return [
        {
            "url": "https://www.example.org/report",
            "title": "Observatory report",
            "excerpt": "About 600 fighters left the area.",
        }
    ]
