"""Claim extraction: pull checkable claims out of a news text.

Pure Python, no Django: ``extract_claims(text)`` returns
:class:`ExtractedClaim` records sorted by offset.
"""

from .claims import CLAIM_KINDS, ExtractedClaim
from .engine import extract_claims
from .numbers import find_numbers

__all__ = ["CLAIM_KINDS", "ExtractedClaim", "extract_claims", "find_numbers"]
