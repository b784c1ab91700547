"""Every write to articles and drafts."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify

from .models import Article, Desk, Draft
from .roles import EDITOR, REPORTER, role_require
from .text import content_hash, draft_content_validate, text_normalize


def _slug_unique(title: str) -> str:
    base = slugify(title)[:280] or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _draft_created(draft: Draft) -> None:
    """Start the background work a new draft needs, once the draft is committed."""
    from checks.services import draft_extraction_enqueue

    draft_extraction_enqueue(draft=draft)


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    author,
    desk: Desk | None = None,
    slug: str | None = None,
    byline: str = "",
    metadata: dict | None = None,
    change_note: str = "",
) -> Article:
    """Create an article with its first draft."""
    role_require(author, REPORTER, EDITOR, action="create an article")
    body = text_normalize(body)
    draft_content_validate(title=title, body=body)
    article = Article.objects.create(
        title=title,
        slug=slug or _slug_unique(title),
        desk=desk,
        byline=byline,
        metadata=metadata or {},
        created_by=author,
    )
    draft = Draft.objects.create(
        article=article,
        number=1,
        title=title,
        body=body,
        author=author,
        content_hash=content_hash(title=title, body=body),
        change_note=change_note[:500] or "First draft",
    )
    _draft_created(draft)
    return article


def draft_save(
    *,
    article: Article,
    title: str,
    body: str,
    author,
    change_note: str = "",
    restored_from: Draft | None = None,
) -> tuple[Draft, bool]:
    """Save a new version of ``article``; return ``(draft, created)``.

    Saving text identical to the latest draft is a no-op that returns the latest
    draft with ``created=False``. Numbers are gapless: the article row is locked
    while the next number is taken, and the unique constraint backs that up.
    """
    role_require(author, REPORTER, EDITOR, action="save a draft")
    body = text_normalize(body)
    draft_content_validate(title=title, body=body)
    digest = content_hash(title=title, body=body)
    for attempt in range(3):
        try:
            return _draft_save_locked(
                article_pk=article.pk,
                title=title,
                body=body,
                digest=digest,
                author=author,
                change_note=change_note,
                restored_from=restored_from,
            )
        except IntegrityError:
            # Only reachable where row locks are not available (SQLite without
            # IMMEDIATE transactions); the constraint kept the numbers unique.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _draft_save_locked(
    *, article_pk, title, body, digest, author, change_note, restored_from
) -> tuple[Draft, bool]:
    article = Article.objects.select_for_update().get(pk=article_pk)
    latest = article.drafts.order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        return latest, False
    number = (article.drafts.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = Draft.objects.create(
        article=article,
        number=number,
        title=title,
        body=body,
        author=author,
        content_hash=digest,
        change_note=change_note[:500],
        restored_from=restored_from,
    )
    fields = ["updated_at"]
    if article.title != title:
        article.title = title
        fields.append("title")
    article.save(update_fields=fields)
    _draft_created(draft)
    return draft, True


def draft_restore(*, article: Article, number: int, author) -> tuple[Draft, bool]:
    """Save an old draft's text again as the newest draft."""
    old = Draft.objects.get(article=article, number=number)
    return draft_save(
        article=article,
        title=old.title,
        body=old.body,
        author=author,
        change_note=f"Restored draft {old.number}",
        restored_from=old,
    )


def draft_extraction_fields_update(
    *, draft: Draft, unless_done: bool = False, **fields
) -> bool:
    """Update a draft's extraction bookkeeping, the only mutable part of a draft.

    With ``unless_done``, a draft whose extraction another worker has finished
    meanwhile is left as it is (and False returned): a late "running" or
    "failed" must never overwrite "done".
    """
    unknown = set(fields) - Draft.EXTRACTION_FIELDS
    if unknown:
        from .errors import ImmutableError

        raise ImmutableError(f"Drafts are immutable; cannot change {sorted(unknown)}.")
    rows = Draft.objects.filter(pk=draft.pk)
    if unless_done:
        rows = rows.exclude(extraction_status=Draft.ExtractionStatus.DONE)
    if not rows.update(**fields):
        return False
    for name, value in fields.items():
        setattr(draft, name, value)
    return True
