"""Claims on drafts. (Extraction wiring lands with the claims-on-drafts work.)"""


def draft_extraction_enqueue(*, draft) -> None:
    """Enqueue claim extraction for a newly saved draft (after commit)."""
