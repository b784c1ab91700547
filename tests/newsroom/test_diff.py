import pytest

from newsroom import selectors, services
from newsroom.selectors import text_diff

OLD = "Hezbollah allowed 600 ISIS terrorists to leave. “It is an insult,” Abadi said."


def apply_ops(old: str, ops) -> str:
    """Rebuild the new text from the old one and the diff's changes only."""
    out, pos = [], 0
    for op in ops:
        out.append(old[pos : op.old_start])
        out.append(op.new_text)
        pos = op.old_end
    out.append(old[pos:])
    return "".join(out)


def test_a_changed_figure_is_one_replace_with_offsets_in_both_texts():
    new = OLD.replace("600", "700")
    diff = text_diff(OLD, new)
    (change,) = diff.changes
    assert change.op == "replace"
    assert OLD[change.old_start : change.old_end] == change.old_text
    assert new[change.new_start : change.new_end] == change.new_text
    assert "6" in change.old_text
    assert "7" in change.new_text


def test_offsets_count_characters_not_bytes_with_curly_quotes():
    new = OLD.replace("insult", "outrage")
    diff = text_diff(OLD, new)
    (change,) = diff.changes
    assert OLD[change.old_start : change.old_end] == change.old_text
    assert new[change.new_start : change.new_end] == change.new_text
    assert change.old_start > OLD.index("“")


def test_insertions_and_deletions_have_empty_spans_on_one_side():
    new = "Breaking: " + OLD.replace(" to leave", "")
    diff = text_diff(OLD, new)
    kinds = [op.op for op in diff.changes]
    assert kinds == ["insert", "delete"]
    insert, delete = diff.changes
    assert insert.old_start == insert.old_end == 0
    assert new[insert.new_start : insert.new_end] == "Breaking: "
    assert delete.new_start == delete.new_end
    assert delete.old_text == " to leave"


@pytest.mark.parametrize(
    "new",
    [
        "",
        OLD,
        OLD[::-1],
        "Completely different text with 700 figures.",
        "“" + OLD + "” — élan, naïve, 東京, 🙂",
    ],
)
def test_the_changes_rebuild_the_new_text_exactly(new):
    diff = text_diff(OLD, new)
    assert apply_ops(OLD, diff.changes) == new
    # Ops tile both texts without gaps.
    assert "".join(op.old_text for op in diff.ops) == OLD
    assert "".join(op.new_text for op in diff.ops) == new


def test_map_span_follows_unchanged_text_and_refuses_changed_text():
    new = "UPDATE. " + OLD.replace("600", "700")
    diff = text_diff(OLD, new)
    start = OLD.index("Abadi")
    mapped = diff.map_span(start, start + 5)
    assert new[mapped[0] : mapped[1]] == "Abadi"
    six = OLD.index("600")
    assert diff.map_span(six, six + 3) is None
    assert diff.map_offset(six) is None


@pytest.mark.django_db
def test_draft_diff_compares_two_stored_drafts(reporter):
    article = services.article_create(title="Convoy", body=OLD, author=reporter)
    draft2, _ = services.draft_save(
        article=article, title="Convoy", body=OLD.replace("600", "700"), author=reporter
    )
    diff = selectors.draft_diff(old=article.drafts.get(number=1), new=draft2)
    data = diff.to_dict()
    assert data["old"] == 1
    assert data["new"] == 2
    assert not data["title_changed"]
    assert len(data["body"]) == 1
