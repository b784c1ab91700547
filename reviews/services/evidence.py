from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator

from newsroom.errors import DomainError

from ..models import Evidence

_url_validate = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class EvidenceItem:
    """A source to attach: a web page (``url``) or an uploaded ``document``."""

    url: str = ""
    title: str = ""
    excerpt: str = ""
    accessed_on: date | None = None
    document: File | None = None


def evidence_items_clean(
    items: Iterable[EvidenceItem | Mapping],
) -> list[EvidenceItem]:
    """Validate evidence input; raise ``DomainError`` naming the bad item."""
    cleaned = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            item = EvidenceItem(**item)
        url = (item.url or "").strip()
        if not url and not item.document:
            raise DomainError(f"Evidence item {n} needs a link or a document.")
        if url:
            try:
                _url_validate(url)
            except ValidationError:
                raise DomainError(
                    f"Evidence item {n}: “{url}” is not a valid http or https link.",
                    data={"field": "evidence", "item": n},
                ) from None
        cleaned.append(
            EvidenceItem(
                url=url,
                title=(item.title or "").strip()[:300],
                excerpt=(item.excerpt or "").strip(),
                accessed_on=item.accessed_on,
                document=item.document,
            )
        )
    return cleaned


def evidence_create(*, items: list[EvidenceItem], added_by, **owner) -> list[Evidence]:
    """Store cleaned evidence for one owner (``verdict=`` or ``correction=``)."""
    rows = []
    for item in items:
        row = Evidence(
            url=item.url,
            title=item.title,
            excerpt=item.excerpt,
            accessed_on=item.accessed_on,
            added_by=added_by,
            **owner,
        )
        if item.document:
            row.document.save(item.document.name, item.document, save=False)
        row.save()
        rows.append(row)
    return rows
