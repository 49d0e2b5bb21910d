"""Pure view functions: markup nesting, segments, document and compare views, story graph."""

from __future__ import annotations

from newstrace.provenance.model import Origins, Segment, Story, StoryEntry
from newstrace.provenance.trace import Trace, TracedPassage
from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution
from newstrace.web.graph import MAX_NODES, layout_story, story_edges
from newstrace.web.markup import Mark, Node, flatten, nest
from newstrace.web.views import compare_view, document_view, parse_span, safe_url, segments_from_trace


def _plain(nodes: list[Node]) -> str:
    return "".join(n.text if n.mark is None else _plain(n.children) for n in nodes)


def _marks(nodes: list[Node]) -> list[Mark]:
    out = []
    for n in nodes:
        if n.mark is not None:
            out.append(n.mark)
            out.extend(_marks(n.children))
    return out


def test_nest_keeps_the_text_and_cuts_crossing_marks():
    text = "0123456789"
    nodes = nest(text, [[Mark(2, 6, id="outer")], [Mark(4, 8, id="inner")], [Mark(3, 3, id="pt")]])
    assert _plain(nodes) == text
    inner = [m for m in _marks(nodes) if m.start >= 4 and m.end <= 8 and m.css == ""]
    assert [(m.start, m.end) for m in inner if m.id != "outer"][:2] == [(4, 6), (6, 8)]
    assert [m.id for m in _marks(nodes)].count("inner") == 1
    assert any(m.id == "pt" and m.start == m.end == 3 for m in _marks(nodes))


def test_flatten_first_mark_wins():
    out = flatten([Mark(3, 9, css="a"), Mark(0, 12, css="b")])
    assert [(m.start, m.end, m.css) for m in out] == [(0, 3, "b"), (3, 9, "a"), (9, 12, "b")]


def test_parse_span_and_safe_url():
    assert parse_span("3-7", 10) == (3, 7)
    assert parse_span("7-3", 10) is None and parse_span("3-11", 10) is None and parse_span("x", 10) is None
    assert safe_url("https://ansamed.info/a") == "https://ansamed.info/a"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//x"):
        assert safe_url(bad) is None


def _tp(start, end, other, role, score=1.0, subs=()):
    return TracedPassage(start, end, other, start + 100, end + 100, role, score, 5, "", subs)


def test_segments_from_trace_prefer_known_sources_and_skip_copies():
    doc = Article("d", "x" * 100)
    trace = Trace(
        doc, (_tp(10, 40, "u", "undetermined"), _tp(30, 60, "s", "source"), _tp(70, 90, "c", "copy")), True
    )
    segs = segments_from_trace(trace)
    assert [(s.start, s.end, s.label, s.source_doc) for s in segs] == [
        (0, 10, "own", None),
        (10, 30, "undetermined", "u"),
        (30, 60, "copied", "s"),
        (60, 100, "own", None),
    ]


def test_document_view_uses_origins_when_given():
    doc = Article("d", "a" * 50)
    trace = Trace(doc, (_tp(0, 20, "b", "undetermined"),), True)
    origins = Origins(
        "d",
        50,
        (Segment(0, 20, "copied", "root", 5, 25, ("root", "b", "d"), 1), Segment(20, 50, "own")),
        (("root", 0.4),),
        False,
    )
    view = document_view(trace, origins, {}, None)
    assert view.basis == "origins" and [k.doc_id for k in view.legend] == ["root"]
    links = [m for m in _marks(view.nodes) if m.tag == "a"]
    assert [m.href for m in links] == ["/doc/root?hl=5-25#p-5-25"]
    assert _plain(view.nodes) == doc.text


def test_document_view_highlight_is_one_element_holding_the_span():
    doc = Article("d", "abcdefghijklmnopqrstuvwxyz")
    trace = Trace(doc, (_tp(2, 10, "o", "undetermined"), _tp(5, 20, "p", "copy")), True)
    view = document_view(trace, None, {}, (5, 20))
    target = [n for n in view.nodes if n.mark is not None and n.mark.id == "p-5-20"]
    assert len(target) == 1 and _plain(target[0].children) == doc.text[5:20]
    ids = [m.id for m in _marks(view.nodes) if m.id]
    assert len(ids) == len(set(ids)) and "p-2-10" in ids


def test_compare_view_marks_pairs_and_substitutions():
    a, b = Article("a", "the US said no"), Article("b", "so the USA said no")
    p = Passage(0, 14, 3, 18, 0.9, 3, (Substitution(4, 6, 7, 10, "US", "USA"),))
    view = compare_view(a, b, [p])
    ma, mb = _marks(view.nodes_a), _marks(view.nodes_b)
    assert (ma[0].id, ma[0].href, mb[0].id, mb[0].href) == ("pa-1", "#pb-1", "pb-1", "#pa-1")
    assert [(m.tag, a.text[m.start : m.end]) for m in ma if m.tag == "del"] == [("del", "US")]
    assert [(m.tag, b.text[m.start : m.end]) for m in mb if m.tag == "ins"] == [("ins", "USA")]


def _story(n: int) -> Story:
    entries = tuple(StoryEntry(f"d{i}", f"2017-11-{10 + i % 9:02d}", f"o{i % 3}", f"t{i}") for i in range(n))
    return Story("s1", "d0", entries, ("o0", "o1", "o2"))


def _link(a, b, direction=Direction.A_TO_B):
    return ReuseLink(a, b, Passage(0, 5, 0, 5, 1.0, 5), direction)


def test_story_graph_marks_the_first_article_and_draws_directed_and_open_edges():
    links = [
        _link("d0", "d1"),
        _link("d0", "d1"),
        _link("d2", "d1", Direction.UNDETERMINED),
        _link("d0", "elsewhere"),
    ]
    graph = layout_story(_story(3), links)
    assert [n.first for n in graph.nodes] == [True, False, False]
    assert len({n.y for n in graph.nodes}) == 3  # one lane per outlet
    assert [n.x for n in graph.nodes] == sorted(n.x for n in graph.nodes)
    edges = {(e.source, e.target, e.directed): e.passages for e in graph.edges}
    assert edges == {("d0", "d1", True): 2, ("d1", "d2", False): 1}
    assert all(e.path.startswith("M") for e in graph.edges)


def test_story_graph_caps_what_it_draws():
    graph = layout_story(_story(MAX_NODES + 7), [])
    assert len(graph.nodes) == MAX_NODES and graph.omitted == 7
    assert story_edges([_link("x", "y")], {"x"}) == {}
