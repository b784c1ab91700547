"""Every write of the review workflow (re-exported from the modules below)."""

from .audit import audit_record
from .claims import (
    claim_assign,
    claim_lock,
    claim_reopen,
    claim_sign_off,
    claim_verdict_record,
    claim_waive,
    claims_assign,
    claims_reopen_changed,
)
from .corrections import (
    correction_assess,
    correction_reject,
    correction_request_open,
    correction_sign_off,
)
from .evidence import EvidenceItem
from .publishing import article_publish

__all__ = [
    "EvidenceItem",
    "article_publish",
    "audit_record",
    "claim_assign",
    "claim_lock",
    "claim_reopen",
    "claim_sign_off",
    "claim_verdict_record",
    "claim_waive",
    "claims_assign",
    "claims_reopen_changed",
    "correction_assess",
    "correction_reject",
    "correction_request_open",
    "correction_sign_off",
]
