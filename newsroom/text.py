"""Validation and normalisation of article text."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError

from .models import TITLE_MAX_LENGTH


def text_normalize(text: str) -> str:
    """Use ``\\n`` line endings; nothing else about the text is changed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL byte"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an unpaired surrogate (invalid Unicode)"
    return None


def draft_content_validate(*, title: str, body: str) -> None:
    """Raise ``ValidationError`` (per field) unless title and body can be saved."""
    errors: dict[str, list[str]] = {}
    if not isinstance(title, str) or not title.strip():
        errors.setdefault("title", []).append("The title may not be empty.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors.setdefault("title", []).append(
            f"The title has {len(title):,} characters; "
            f"the limit is {TITLE_MAX_LENGTH:,}."
        )
    elif problem := _text_problem(title):
        errors.setdefault("title", []).append(f"The title {problem}.")

    limit = settings.DRAFT_BODY_MAX_CHARS
    if not isinstance(body, str) or not body.strip():
        errors.setdefault("body", []).append("The body may not be empty.")
    elif len(body) > limit:
        errors.setdefault("body", []).append(
            f"The body has {len(body):,} characters; the limit is {limit:,}."
        )
    elif problem := _text_problem(body):
        errors.setdefault("body", []).append(f"The body {problem}.")
    if errors:
        raise ValidationError(errors)


def content_hash(*, title: str, body: str) -> str:
    return hashlib.sha256(f"{title}\x00{body}".encode()).hexdigest()
