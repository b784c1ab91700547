"""Re-anchoring: follow claims from one draft to the next.

Pure Python, no database: the services load the previous draft's claims, call
:func:`claims_anchor` and write the plan it returns.

Identity
    A claim is one checkable statement of an article. Its *fingerprint* is a
    SHA-256 of its kind and normalised value, high value, unit, qualifier,
    subject and speaker (for quotes the value is the normalised quoted words; a
    claim without a value uses its normalised words), so it does not depend on
    where the claim sits in the text or how the number is written ("600" and
    "six hundred" are the same claim).

The same statement twice in one draft
    Extracted claims with the same fingerprint in one draft are *one* claim with
    several mentions: checking the figure once checks every place it appears.
    Because the group is keyed by its fingerprint, it keeps its identity across
    drafts however many times it appears. When one of two mentions is edited
    (600 and 600 become 600 and 700) the claim is carried by the mention that
    still reads 600, and 700 is a new claim (the consistency check then flags
    the two conflicting figures).

Matching order (each claim of the previous draft and each claim of the new
draft is matched at most once)
    1. Position: each mention of an old claim is mapped into the new body with
       the text diff. A span of unchanged text maps exactly; a span touched by an
       edit maps to the region the edit replaced it with. New claims of the same
       kind overlapping the mapped span are candidates when something of the
       claim is kept (the figure, its subject and unit, the speaker, or most of
       the quoted words), ranked by: same fingerprint, exact mapping, overlap
       length, nearness. Candidates are taken greedily in that order (so an
       unchanged claim wins over an edited neighbour); one with the same
       fingerprint is ``carried``, one with another fingerprint is ``changed``
       (same place, new value, subject, speaker or quoted words).
    2. Fingerprint: old and new claims still unmatched with equal fingerprints
       are ``carried``. This is what keeps a moved paragraph's claims.
    3. Context: old and new claims still unmatched with the same kind and the
       same subject and unit (or, for quotes and attributions, the same speaker)
       are ``changed`` when that pairing is unique on both sides: a paragraph
       moved *and* edited, or a figure restated in a rewritten sentence.
    4. Dormant claims: a new claim whose fingerprint equals that of a claim of
       the article that was removed in an earlier draft brings that claim back
       (``carried``, its review history intact), e.g. after ``draft_restore``.
    5. Whatever is left: new claims are ``new``; old claims are ``removed``.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsroom.selectors import TextDiff, text_diff

NEW = "new"
CARRIED = "carried"
CHANGED = "changed"
REMOVED = "removed"

# Fields that make up a claim's identity, in fingerprint order.
IDENTITY_FIELDS = (
    "kind",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "subject",
    "speaker",
)
SPEAKER_KINDS = frozenset({"quote", "attribution"})
FIGURE_KINDS = frozenset({"count", "money", "percent", "quantity", "duration"})

_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w%.$€£-]+")


def text_key(text: str | None) -> str:
    """Normalise free text for comparison: case, accents, punctuation, spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.replace("’", "'").replace("‘", "'")
    text = _NON_WORD.sub(" ", text).strip(" .-")
    text = " ".join(text.split())
    return _LEADING_ARTICLE.sub("", text)


def value_key(value: Any) -> Any:
    """Normalise a JSON value: 600.0 is 600, strings compare as :func:`text_key`."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        return text_key(value)
    if isinstance(value, dict):
        return {str(k): value_key(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [value_key(v) for v in value]
    return text_key(str(value))


def claim_fields(extracted: Any) -> dict[str, Any]:
    """The normalised identity fields of an extracted claim (or a stored one).

    A claim without a value (a relative date such as "Thursday") is identified
    by its words instead.
    """
    value = extracted.value if extracted.value is not None else extracted.text
    return {
        "kind": extracted.kind,
        "value": value_key(value),
        "value_high": value_key(extracted.value_high),
        "unit": text_key(extracted.unit),
        "qualifier": text_key(extracted.qualifier),
        "subject": text_key(extracted.subject),
        "speaker": text_key(extracted.speaker),
    }


def claim_fingerprint(fields: dict[str, Any]) -> str:
    """SHA-256 (hex, 64 characters) of the identity fields."""
    payload = json.dumps(
        [fields.get(name) for name in IDENTITY_FIELDS],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def claim_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """``{field: [before, after]}`` for the identity fields that differ."""
    return {
        name: [before.get(name), after.get(name)]
        for name in IDENTITY_FIELDS
        if before.get(name) != after.get(name)
    }


@dataclass(frozen=True)
class PriorClaim:
    """A claim of the previous draft (or a dormant one: ``spans`` empty)."""

    claim_id: int
    fingerprint: str
    fields: dict[str, Any]
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ClaimGroup:
    """The extracted claims of the new draft that share one fingerprint."""

    fingerprint: str
    fields: dict[str, Any]
    mentions: tuple[Any, ...]

    @property
    def start(self) -> int:
        return self.mentions[0].start


@dataclass(frozen=True)
class Anchor:
    """Where a claim group of the new draft comes from."""

    group: ClaimGroup
    outcome: str
    claim_id: int | None = None
    changes: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class AnchorPlan:
    anchors: tuple[Anchor, ...]
    removed: tuple[int, ...]

    def by_outcome(self, outcome: str) -> list[Anchor]:
        return [a for a in self.anchors if a.outcome == outcome]


def claims_group(extracted: Iterable[Any]) -> list[ClaimGroup]:
    """Group extracted claims by fingerprint, in order of first appearance.

    Two extracted claims on exactly the same span keep only the more
    check-worthy one: a span is one mention.
    """
    by_span: dict[tuple[int, int], Any] = {}
    for item in extracted:
        span = (item.start, item.end)
        if item.end <= item.start:
            continue
        kept = by_span.get(span)
        if kept is None or item.checkworthiness > kept.checkworthiness:
            by_span[span] = item
    groups: dict[str, list[Any]] = {}
    fields_by_fp: dict[str, dict[str, Any]] = {}
    for item in sorted(by_span.values(), key=lambda c: (c.start, c.end)):
        fields = claim_fields(item)
        fp = claim_fingerprint(fields)
        groups.setdefault(fp, []).append(item)
        fields_by_fp.setdefault(fp, fields)
    return [
        ClaimGroup(fingerprint=fp, fields=fields_by_fp[fp], mentions=tuple(items))
        for fp, items in groups.items()
    ]


def _map_start(diff: TextDiff, pos: int) -> int:
    for op in diff.ops:
        if op.old_start <= pos < op.old_end:
            if op.op == "equal":
                return op.new_start + (pos - op.old_start)
            return op.new_start
    return len(diff.new)


def _map_end(diff: TextDiff, pos: int) -> int:
    for op in diff.ops:
        if op.old_start < pos <= op.old_end:
            if op.op == "equal":
                return op.new_start + (pos - op.old_start)
            return op.new_end
    return 0


def _mapped_span(diff: TextDiff, start: int, end: int) -> tuple[int, int, bool]:
    """The new span of an old one, and whether it is unchanged text."""
    exact = diff.map_span(start, end)
    if exact is not None:
        return exact[0], exact[1], True
    new_start, new_end = _map_start(diff, start), _map_end(diff, end)
    if new_end < new_start:
        new_start, new_end = new_end, new_start
    return new_start, new_end, False


def _words(value: Any) -> set[str]:
    return set(str(value or "").split())


def _related(claim: PriorClaim, group: ClaimGroup) -> bool:
    """Whether a claim could have been edited into ``group`` in place.

    Same kind, and something kept: the figure (its subject was edited), the
    subject and unit (the figure was edited), the speaker, or most of the
    quoted words. Without this, rewritten text would turn every old claim into
    a "changed" one.
    """
    old, new = claim.fields, group.fields
    if claim.fingerprint == group.fingerprint:
        return True
    if old["kind"] != new["kind"]:
        return False
    if old["kind"] in SPEAKER_KINDS:
        if old["speaker"] and old["speaker"] == new["speaker"]:
            return True
        before, after = _words(old["value"]), _words(new["value"])
        return bool(before | after) and len(before & after) * 2 >= len(before | after)
    if (old["value"], old["value_high"]) == (new["value"], new["value_high"]):
        return True
    return bool(old["subject"] or old["unit"]) and (
        (old["subject"], old["unit"]) == (new["subject"], new["unit"])
    )


def _context_key(fields: dict[str, Any]) -> tuple | None:
    if fields["kind"] in SPEAKER_KINDS:
        return (fields["kind"], fields["speaker"]) if fields["speaker"] else None
    if not fields["subject"]:
        return None
    return (fields["kind"], fields["unit"], fields["subject"])


def claims_anchor(
    *,
    old_body: str,
    new_body: str,
    prior: Sequence[PriorClaim],
    extracted: Iterable[Any],
    dormant: Sequence[PriorClaim] = (),
    diff: TextDiff | None = None,
) -> AnchorPlan:
    """Match the claims extracted from ``new_body`` to the claims of ``old_body``.

    ``prior`` are the claims mentioned in the previous draft with their spans in
    ``old_body``; ``dormant`` are earlier claims of the article no longer
    mentioned, most recently seen first. See the module docstring for the
    matching order. Every group of the new draft gets exactly one anchor, and
    every prior claim is either anchored once or listed in ``removed``.
    """
    groups = claims_group(extracted)
    matched_old: dict[int, int] = {}  # claim id -> group index
    matched_new: dict[int, tuple[int, str]] = {}  # group index -> (claim id, outcome)

    def match(claim: PriorClaim, index: int) -> None:
        outcome = CARRIED if claim.fingerprint == groups[index].fingerprint else CHANGED
        matched_old[claim.claim_id] = index
        matched_new[index] = (claim.claim_id, outcome)

    # 1. Position.
    if prior and groups:
        diff = diff if diff is not None else text_diff(old_body, new_body)
        spans = sorted(
            (mention.start, mention.end, index)
            for index, group in enumerate(groups)
            for mention in group.mentions
        )
        starts = [span[0] for span in spans]
        longest = max(end - start for start, end, _ in spans)
        candidates = []
        for claim in prior:
            for start, end in claim.spans:
                new_start, new_end, exact = _mapped_span(diff, start, end)
                first = bisect.bisect_left(starts, new_start - longest)
                for m_start, m_end, index in itertools.islice(spans, first, None):
                    if m_start >= new_end:
                        break
                    overlap = min(new_end, m_end) - max(new_start, m_start)
                    if overlap <= 0 or not _related(claim, groups[index]):
                        continue
                    score = (
                        claim.fingerprint == groups[index].fingerprint,
                        exact,
                        overlap,
                        -abs(m_start - new_start),
                    )
                    candidates.append((score, claim, index))
        candidates.sort(key=lambda c: c[0], reverse=True)
        for _score, claim, index in candidates:
            if claim.claim_id not in matched_old and index not in matched_new:
                match(claim, index)

    # 2. Fingerprint (moved text).
    prior_by_fp = {}
    for claim in prior:
        if claim.claim_id not in matched_old:
            prior_by_fp.setdefault(claim.fingerprint, claim)
    for index, group in enumerate(groups):
        claim = prior_by_fp.get(group.fingerprint)
        if index not in matched_new and claim and claim.claim_id not in matched_old:
            match(claim, index)

    # 3. Context (moved and edited), only where the pairing is unambiguous.
    old_by_key: dict[tuple, list[PriorClaim]] = {}
    for claim in prior:
        key = _context_key(claim.fields)
        if key and claim.claim_id not in matched_old:
            old_by_key.setdefault(key, []).append(claim)
    new_by_key: dict[tuple, list[int]] = {}
    for index, group in enumerate(groups):
        key = _context_key(group.fields)
        if key and index not in matched_new:
            new_by_key.setdefault(key, []).append(index)
    for key, indexes in new_by_key.items():
        olds = old_by_key.get(key, [])
        if len(indexes) == 1 and len(olds) == 1:
            match(olds[0], indexes[0])

    # 4. Dormant claims brought back.
    taken = set(matched_old)
    dormant_by_fp = {}
    for claim in dormant:
        if claim.claim_id not in taken:
            dormant_by_fp.setdefault(claim.fingerprint, claim)
    for index, group in enumerate(groups):
        claim = dormant_by_fp.get(group.fingerprint)
        if index not in matched_new and claim and claim.claim_id not in matched_old:
            match(claim, index)

    # 5. The rest.
    fields_by_id = {c.claim_id: c.fields for c in (*prior, *dormant)}
    anchors = []
    for index, group in enumerate(groups):
        if index not in matched_new:
            anchors.append(Anchor(group=group, outcome=NEW))
            continue
        claim_id, outcome = matched_new[index]
        changes = (
            claim_changes(fields_by_id[claim_id], group.fields)
            if outcome == CHANGED
            else {}
        )
        anchors.append(
            Anchor(group=group, outcome=outcome, claim_id=claim_id, changes=changes)
        )
    removed = tuple(c.claim_id for c in prior if c.claim_id not in matched_old)
    return AnchorPlan(anchors=tuple(anchors), removed=removed)


def figure_conflicts(
    claims: Sequence[tuple[int, dict[str, Any]]],
) -> dict[int, list[int]]:
    """Claims stating different figures for the same thing in one draft.

    ``claims`` are ``(claim id, identity fields)``; two figures conflict when
    they have the same kind, unit and (non-empty) subject but different values.
    Returns, for each claim in a conflict, the ids of the claims it conflicts
    with.
    """
    by_key: dict[tuple, list[tuple[int, dict[str, Any]]]] = {}
    for claim_id, fields in claims:
        if fields["kind"] not in FIGURE_KINDS or not fields["subject"]:
            continue
        by_key.setdefault(
            (fields["kind"], fields["unit"], fields["subject"]), []
        ).append((claim_id, fields))
    conflicts: dict[int, list[int]] = {}
    for members in by_key.values():
        for claim_id, fields in members:
            others = [
                other_id
                for other_id, other in members
                if other_id != claim_id
                and (other["value"], other["value_high"])
                != (fields["value"], fields["value_high"])
            ]
            if others:
                conflicts[claim_id] = others
    return conflicts
