"""Helpers for the claim extraction tests (no database needed)."""

from pathlib import Path

import pytest

from checks.extraction import extract_claims

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED_SEED = REPO_ROOT.parent / "shared" / "seeds" / "000_2c9396910bf7380a.txt"
REPO_SEED = REPO_ROOT / "seeds" / "isis-convoy" / "source.txt"


def seed_paths() -> list[Path]:
    return [p for p in (SHARED_SEED, REPO_SEED) if p.exists()]


@pytest.fixture
def claims_of():
    """Return the claims of a text, optionally only those of some kinds."""

    def run(text, *kinds, **kwargs):
        claims = extract_claims(text, **kwargs)
        return [c for c in claims if not kinds or c.kind in kinds]

    return run


@pytest.fixture
def one_claim(claims_of):
    """Return the single claim of a kind in a text (fails if not exactly one)."""

    def run(text, kind, **kwargs):
        found = claims_of(text, kind, **kwargs)
        assert len(found) == 1, [(c.kind, c.text) for c in claims_of(text)]
        return found[0]

    return run
