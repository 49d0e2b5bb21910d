from newstrace.provenance.evidence import credited_outlets, resolve_direction, resolve_directions, wire_marks
from newstrace.records import Article, Direction, Passage, ReuseLink


def link(a, b, a_span, b_span, matched=20):
    return ReuseLink(a, b, Passage(*a_span, *b_span, 1.0, matched))


def test_credits_are_found_and_normalised():
    text = (
        'The ministry is quoted by Tass news agency as saying. "Hi," she told CNN. (AP) according to Reuters'
    )
    assert {"tass", "cnn", "ap", "reuters"} <= credited_outlets(text)
    assert credited_outlets("nothing to see here") == set()


def test_wire_marks_before_a_passage():
    text = "Title\n\n(ANSAmed) - Moscow, November 14 - The United States said"
    assert wire_marks(text, text.index("The United"))
    dated = "WASHINGTON (AP) — The president"
    assert wire_marks(dated, dated.index("The"))
    assert not wire_marks("A headline\n\nThe United States said", 12)


def test_dates_decide_first_with_high_confidence():
    a = Article("a", "x", published="2020-01-01T10:00Z")
    b = Article("b", "x (a) credits", published="2020-01-02T10:00Z")
    d = resolve_direction(a, b, [link("a", "b", (0, 1), (0, 1))])
    assert d.direction is Direction.A_TO_B and d.confidence == 0.95 and "published first" in d.reason


def test_a_text_crediting_the_other_outlet_is_the_copy():
    src = Article("wire", "Officials said the dam broke.", source="Reuters")
    copy = Article("blog", "Officials said the dam broke, Reuters reported.", source="blog.example")
    d = resolve_direction(src, copy, [link("wire", "blog", (0, 28), (0, 28))])
    assert d.direction is Direction.A_TO_B and d.confidence >= 0.6
    assert "blog credits Reuters" in d.reason
    d = resolve_direction(copy, src, [link("blog", "wire", (0, 28), (0, 28))])
    assert d.direction is Direction.B_TO_A


def test_no_evidence_or_conflicting_evidence_stays_undetermined():
    a, b = Article("a", "Plain words here."), Article("b", "Plain words here.")
    d = resolve_direction(a, b, [link("a", "b", (0, 17), (0, 17))])
    assert d.direction is Direction.UNDETERMINED and d.confidence == 0.0
    assert "no textual evidence" in d.reason
    # each credits the other's outlet: the evidence cancels out
    a = Article("a", "Words, as told CNN.", source="Fox")
    b = Article("b", "Words, as told Fox.", source="CNN")
    d = resolve_direction(a, b, [link("a", "b", (0, 6), (0, 6))])
    assert d.direction is Direction.UNDETERMINED and "conflicting" in d.reason


def test_composite_holds_material_shared_with_third_documents():
    a = Article("a", "x" * 300)
    c = Article("c", "y" * 300)
    b = Article("b", "x" * 150 + "y" * 150)
    links = [link("a", "b", (0, 150), (0, 150)), link("c", "b", (0, 150), (150, 300))]
    decisions = resolve_directions(links, {x.id: x for x in (a, b, c)})
    assert decisions[("a", "b")].direction is Direction.A_TO_B
    assert decisions[("c", "b")].direction is Direction.A_TO_B
    assert "b is a composite" in decisions[("a", "b")].reason
