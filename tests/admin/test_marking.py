from newsroom.admin_desk.marking import Mark, text_marked

TEXT = "They took out 40 vehicles and 85 fighters."


def joined(segments):
    return "".join(s.text for s in segments)


def test_segments_rebuild_the_text_exactly():
    marks = [Mark(14, 25, key=1, label="VERIFIED"), Mark(30, 41, key=2)]
    segments = text_marked(TEXT, marks)
    assert joined(segments) == TEXT
    assert [s.text for s in segments if s.mark] == ["40 vehicles", "85 fighters"]


def test_badge_follows_the_end_of_its_span_only():
    segments = text_marked(TEXT, [Mark(14, 25, key=1, label="VERIFIED")])
    closing = [s for s in segments if s.closes]
    assert [s.text for s in closing] == ["40 vehicles"]
    assert closing[0].closes[0].label == "VERIFIED"


def test_nested_spans_mark_the_innermost_claim_and_close_both():
    outer = Mark(5, 25, key="quote")
    inner = Mark(14, 25, key="figure")
    segments = text_marked(TEXT, [outer, inner])
    assert joined(segments) == TEXT
    by_text = {s.text: s for s in segments}
    assert by_text["took out "].mark is outer
    assert by_text["40 vehicles"].mark is inner
    assert [m.key for m in by_text["40 vehicles"].closes] == ["figure", "quote"]


def test_a_range_cuts_marks_but_keeps_badges_where_marks_really_end():
    mark = Mark(14, 25, key=1, label="NEW")
    head = text_marked(TEXT, [mark], start=0, end=17)
    tail = text_marked(TEXT, [mark], start=17, end=len(TEXT))
    assert joined(head) + joined(tail) == TEXT
    assert not any(s.closes for s in head)
    assert [s.text for s in tail if s.closes] == ["vehicles"]
    assert [s.text for s in head if s.opens] == ["40 "]


def test_marks_outside_the_text_or_empty_are_ignored():
    segments = text_marked(TEXT, [Mark(100, 120, key=1), Mark(3, 3, key=2)])
    assert segments == text_marked(TEXT, [])
    assert joined(segments) == TEXT
