import xml.etree.ElementTree as ET

from newstrace.provenance import graph_edges, to_gexf, to_graphml
from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution

ARTS = [
    Article("a<1>", "x" * 100, source="wire", published="2020-01-01", title='Q & "A"\x01'),
    Article("b", "y" * 50, url="https://site.org/b"),
]
SUB = Substitution(0, 2, 0, 3, "US", "USA")
LINKS = [
    ReuseLink("a<1>", "b", Passage(0, 20, 10, 30, 1.0, 5, (SUB,)), Direction.B_TO_A, "r", 0.7),
    ReuseLink("a<1>", "b", Passage(40, 60, 20, 40, 1.0, 5), Direction.B_TO_A, "r", 0.7),
]


def test_one_edge_per_pair_from_source_to_copy():
    (edge,) = graph_edges(LINKS, {a.id: len(a.text) for a in ARTS})
    assert (edge.source, edge.target, edge.direction) == ("b", "a<1>", "determined")
    assert edge.share == 0.4 and edge.spin == 1 and edge.passages == 2 and edge.confidence == 0.7


def test_graphml_parses_with_attributes():
    edges = graph_edges(LINKS, {a.id: len(a.text) for a in ARTS})
    root = ET.fromstring(to_graphml(ARTS, edges, {"b": "story-1"}))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = root.find("g:graph", ns)
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): {d.get("key"): d.text for d in n} for n in graph.findall("g:node", ns)}
    assert nodes["a<1>"]["n_outlet"] == "wire" and nodes["b"]["n_outlet"] == "site.org"
    assert nodes["a<1>"]["label"] == 'Q & "A"' and nodes["b"]["n_story"] == "story-1"
    (edge,) = graph.findall("g:edge", ns)
    data = {d.get("key"): d.text for d in edge}
    assert (edge.get("source"), edge.get("target")) == ("b", "a<1>")
    assert data["e_share"] == "0.4" and data["e_spin"] == "1"


def test_gexf_parses():
    edges = graph_edges(LINKS, {a.id: len(a.text) for a in ARTS})
    root = ET.fromstring(to_gexf(ARTS, edges, {}))
    ns = {"x": "http://gexf.net/1.3"}
    assert len(root.findall(".//x:node", ns)) == 2
    (edge,) = root.findall(".//x:edge", ns)
    values = {v.get("for"): v.get("value") for v in edge.iter("{http://gexf.net/1.3}attvalue")}
    assert values["direction"] == "determined" and values["spin"] == "1"
