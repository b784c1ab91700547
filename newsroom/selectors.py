"""Every non-trivial read of articles and drafts."""

from dataclasses import asdict, dataclass
from functools import cached_property

from diff_match_patch import diff_match_patch
from django.db.models import Count, Max, QuerySet

from .models import Article, Draft

DIFF_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class DiffOp:
    """One span of a diff with offsets into both texts (end exclusive).

    ``op`` is ``equal``, ``insert`` (empty in the old text), ``delete`` (empty in
    the new text) or ``replace``.
    """

    op: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    old_text: str
    new_text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TextDiff:
    old: str
    new: str
    ops: tuple[DiffOp, ...]

    @cached_property
    def changes(self) -> tuple[DiffOp, ...]:
        return tuple(op for op in self.ops if op.op != "equal")

    def map_offset(self, old_offset: int) -> int | None:
        """Map an offset of the old text into the new text.

        Returns ``None`` when the character at ``old_offset`` was deleted or
        replaced; offsets at the end of the text map to the end of the new text.
        """
        for op in self.ops:
            if op.old_start <= old_offset < op.old_end:
                if op.op == "equal":
                    return op.new_start + (old_offset - op.old_start)
                return None
        return len(self.new) if old_offset >= len(self.old) else None

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map ``[start, end)`` when the span is unchanged text, else ``None``."""
        for op in self.ops:
            if op.op == "equal" and op.old_start <= start and end <= op.old_end:
                shift = op.new_start - op.old_start
                return start + shift, end + shift
        return None

    def touches(self, start: int, end: int) -> list[DiffOp]:
        """The changes that overlap or border ``[start, end)`` in the old text."""
        return [
            op
            for op in self.changes
            if op.old_start < end
            and start < op.old_end
            or (op.op == "insert" and start <= op.old_start <= end)
        ]


def text_diff(old: str, new: str) -> TextDiff:
    """Diff two texts character by character, cleaned up to readable spans.

    diff-match-patch bounds the time spent on very different long texts
    (``DIFF_TIMEOUT_SECONDS``), still returning a valid if coarser diff.
    """
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT_SECONDS
    raw = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(raw)

    ops: list[DiffOp] = []
    old_pos = new_pos = 0
    i = 0
    while i < len(raw):
        kind, chunk = raw[i]
        if kind == 0:
            ops.append(
                DiffOp(
                    "equal",
                    old_pos,
                    old_pos + len(chunk),
                    new_pos,
                    new_pos + len(chunk),
                    chunk,
                    chunk,
                )
            )
            old_pos += len(chunk)
            new_pos += len(chunk)
            i += 1
            continue
        # Gather a run of deletions and insertions into one change.
        deleted, inserted = [], []
        while i < len(raw) and raw[i][0] != 0:
            (deleted if raw[i][0] < 0 else inserted).append(raw[i][1])
            i += 1
        old_text, new_text = "".join(deleted), "".join(inserted)
        op = (
            "replace" if old_text and new_text else ("delete" if old_text else "insert")
        )
        ops.append(
            DiffOp(
                op,
                old_pos,
                old_pos + len(old_text),
                new_pos,
                new_pos + len(new_text),
                old_text,
                new_text,
            )
        )
        old_pos += len(old_text)
        new_pos += len(new_text)
    return TextDiff(old=old, new=new, ops=tuple(ops))


@dataclass(frozen=True)
class DraftDiff:
    old: Draft
    new: Draft
    title: TextDiff
    body: TextDiff

    def to_dict(self) -> dict:
        return {
            "old": self.old.number,
            "new": self.new.number,
            "title_changed": bool(self.title.changes),
            "title": [op.to_dict() for op in self.title.changes],
            "body": [op.to_dict() for op in self.body.changes],
        }


def draft_diff(*, old: Draft, new: Draft) -> DraftDiff:
    """Compare two drafts: the changed spans, with offsets into both bodies."""
    return DraftDiff(
        old=old,
        new=new,
        title=text_diff(old.title, new.title),
        body=text_diff(old.body, new.body),
    )


def draft_latest(*, article: Article) -> Draft | None:
    return article.drafts.order_by("-number").first()


def draft_previous(*, draft: Draft) -> Draft | None:
    return (
        Draft.objects.filter(article_id=draft.article_id, number__lt=draft.number)
        .order_by("-number")
        .first()
    )


def article_list(
    *, status: str | None = None, desk: str | None = None, updated_since=None
) -> QuerySet[Article]:
    qs = Article.objects.select_related("desk", "live_draft").annotate(
        draft_count=Count("drafts"), latest_draft_number=Max("drafts__number")
    )
    if status:
        qs = qs.filter(status=status)
    if desk:
        qs = qs.filter(desk__slug=desk)
    if updated_since:
        qs = qs.filter(updated_at__gte=updated_since)
    return qs
