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
from .evidence import EvidenceItem

__all__ = [
    "EvidenceItem",
    "audit_record",
    "claim_assign",
    "claim_lock",
    "claim_reopen",
    "claim_sign_off",
    "claim_verdict_record",
    "claim_waive",
    "claims_assign",
    "claims_reopen_changed",
]
