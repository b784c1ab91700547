"""Fixtures for claims on drafts.

``toy_extract`` is a small, predictable extractor (figures followed by what they
count, quoted segments with their speaker) that follows the contract of
``checks.extraction.extract_claims``. Re-anchoring tests use it so that they
test the anchoring and not the heuristics of the real engine; the end-to-end
tests (seeds, the worker, the benchmark) use the real engine.
"""

import re

import pytest

from checks.extraction.claims import ExtractedClaim

_FIGURE = re.compile(r"\b(\d[\d,]*)\s+((?:[A-Z][\w-]+\s+)?[a-z]+)")
_QUOTE = re.compile(r"“([^”]+)”(?:,?\s+([A-Z]\w+(?:\s+[A-Z]\w+)?)\s+said)?")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= start:
            begin = match.end()
        elif match.start() >= end - 1:
            return begin, match.end()
    return begin, len(text)


def toy_extract(text: str, *, published=None) -> list[ExtractedClaim]:
    claims = []
    for match in _FIGURE.finditer(text):
        s_start, s_end = _sentence(text, match.start(), match.end())
        claims.append(
            ExtractedClaim(
                kind="count",
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                value=int(match.group(1).replace(",", "")),
                subject=match.group(2),
                sentence_start=s_start,
                sentence_end=s_end,
                checkworthiness=0.8,
            )
        )
    for match in _QUOTE.finditer(text):
        start, end = match.start(1) - 1, match.end(1) + 1
        s_start, s_end = _sentence(text, start, end)
        claims.append(
            ExtractedClaim(
                kind="quote",
                start=start,
                end=end,
                text=text[start:end],
                value=" ".join(re.findall(r"\w+", match.group(1).lower())),
                speaker=match.group(2),
                sentence_start=s_start,
                sentence_end=s_end,
                checkworthiness=0.6,
            )
        )
    return sorted(claims, key=lambda c: (c.start, c.end))


@pytest.fixture
def toy_extractor(monkeypatch):
    """Make the services extract claims with ``toy_extract``."""
    import checks.extraction

    monkeypatch.setattr(checks.extraction, "extract_claims", toy_extract)
    return toy_extract


@pytest.fixture
def article_factory(reporter, django_capture_on_commit_callbacks):
    """Create an article and run its extraction, as a save does after commit."""
    from newsroom.services import article_create

    def make(body: str, *, title: str = "Convoy", author=None):
        with django_capture_on_commit_callbacks(execute=True):
            return article_create(title=title, body=body, author=author or reporter)

    return make


@pytest.fixture
def save(reporter, django_capture_on_commit_callbacks):
    """Save a new draft of an article and run what its commit triggers."""
    from newsroom.services import draft_save

    def save_(article, body: str, *, title: str | None = None, author=None):
        with django_capture_on_commit_callbacks(execute=True):
            draft, _created = draft_save(
                article=article,
                title=title or article.title,
                body=body,
                author=author or reporter,
            )
        draft.refresh_from_db()
        return draft

    return save_
