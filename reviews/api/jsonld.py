"""schema.org JSON-LD: ClaimReview for signed-off claims, NewsArticle corrections."""

from django.conf import settings

from checks.models import Claim
from newsroom.models import Article
from reviews.models import CorrectionNote, Rating, Verdict

# A 1-5 scale for search engines; ``alternateName`` carries the verdict itself.
RATING_VALUES = {
    Rating.FALSE: 1,
    Rating.DISPUTED: 2,
    Rating.NEEDS_CONTEXT: 3,
    Rating.VERIFIED: 5,
}


def _organization() -> dict:
    org = {"@type": "Organization", "name": settings.NEWSROOM_ORGANIZATION_NAME}
    if settings.NEWSROOM_ORGANIZATION_URL:
        org["url"] = settings.NEWSROOM_ORGANIZATION_URL
    return org


def article_url(article: Article) -> str:
    return settings.NEWSROOM_ARTICLE_URL.format(slug=article.slug, id=article.pk)


def claim_review_jsonld(*, claim: Claim, verdict: Verdict) -> dict:
    """ClaimReview of a claim whose ``verdict`` is signed off."""
    article = claim.article
    url = article_url(article)
    rating = {
        "@type": "Rating",
        "alternateName": Rating(verdict.rating).label,
        "ratingExplanation": verdict.explanation,
    }
    if verdict.rating in RATING_VALUES:
        rating.update(
            ratingValue=RATING_VALUES[verdict.rating], bestRating=5, worstRating=1
        )
    claim_author = (
        {"@type": "Person", "name": claim.speaker} if claim.speaker else _organization()
    )
    appearance = {"@type": "NewsArticle", "url": url, "headline": article.title}
    if article.published_at:
        appearance["datePublished"] = article.published_at.isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{url}#claim-{claim.pk}",
        "claimReviewed": claim.text,
        "datePublished": verdict.signed_off_at.date().isoformat(),
        "author": _organization(),
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": claim_author,
            "appearance": [appearance],
        },
    }


def article_jsonld(*, article: Article, notes: list[CorrectionNote]) -> dict:
    """NewsArticle with its published correction notes (``CorrectionComment``)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": article_url(article),
        "headline": article.title,
        "publisher": _organization(),
        "dateModified": article.updated_at.isoformat(),
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    if notes:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.text,
                "datePublished": note.published_at.isoformat(),
            }
            for note in notes
        ]
    return data
