from newstrace.provenance import origins_of
from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution


def link(a, b, a_span, b_span, direction=Direction.A_TO_B, subs=()):
    return ReuseLink(a, b, Passage(*a_span, *b_span, 1.0, 20, subs), direction, "test", 0.9)


def test_copy_of_a_copy_traces_to_the_origin_with_its_path():
    a, b, c = Article("A", "a" * 100), Article("B", "b" * 100), Article("C", "c" * 100)
    links = [link("A", "B", (10, 60), (20, 70)), link("B", "C", (20, 70), (0, 50))]
    o = origins_of(c, links, {x.id: x for x in (a, b, c)})
    copied = [s for s in o.segments if s.label == "copied"]
    assert len(copied) == 1
    seg = copied[0]
    assert (seg.start, seg.end, seg.source_doc, seg.path) == (0, 50, "A", ("A", "B", "C"))
    assert (seg.source_start, seg.source_end) == (10, 60)
    assert o.shares == (("A", 0.5),)
    assert not o.composite


def test_segments_cover_the_text_in_order():
    a, b = Article("A", "a" * 50), Article("B", "b" * 80)
    o = origins_of(b, [link("A", "B", (0, 30), (40, 70))], {"A": a, "B": b})
    spans = [(s.start, s.end, s.label) for s in o.segments]
    assert spans == [(0, 40, "own"), (40, 70, "copied"), (70, 80, "own")]
    # seen from the source, the passage is its own text
    o = origins_of(a, [link("A", "B", (0, 30), (40, 70))], {"A": a, "B": b})
    assert [s.label for s in o.segments] == ["own"]


def test_undetermined_links_are_labelled_so():
    a, b = Article("A", "a" * 50), Article("B", "b" * 50)
    o = origins_of(b, [link("A", "B", (0, 50), (0, 50), Direction.UNDETERMINED)], {"A": a, "B": b})
    assert [(s.label, s.source_doc) for s in o.segments] == [("undetermined", "A")]
    assert o.shares == ()


def test_composite_of_two_sources_with_shares_and_spin():
    a, c, b = Article("A", "a" * 100), Article("C", "c" * 100), Article("B", "b" * 100)
    sub = Substitution(5, 7, 5, 8, "US", "USA")
    links = [link("A", "B", (0, 40), (0, 40), subs=(sub,)), link("C", "B", (0, 20), (60, 80))]
    o = origins_of(b, links, {x.id: x for x in (a, b, c)})
    assert o.composite and "2 origins" in o.composite_reason
    assert o.shares == (("A", 0.4), ("C", 0.2))
    assert [s.spun for s in o.segments if s.source_doc == "A"] == [1]


def test_cycles_do_not_loop():
    a, b = Article("A", "a" * 50), Article("B", "b" * 50)
    links = [link("A", "B", (0, 20), (0, 20)), link("A", "B", (30, 50), (30, 50), Direction.B_TO_A)]
    o = origins_of(b, links, {"A": a, "B": b})
    assert {s.source_doc for s in o.segments if s.label == "copied"} == {"A"}
