"""The provenance graph as GraphML or GEXF (both open in Gephi).

Nodes are documents (label, outlet, date, story); edges are document pairs that share text,
pointing from source to copy when the direction is known (``direction`` says
``"determined"`` or ``"undetermined"``), with the share of the copy's text the pair covers,
the number of spun words, the passages and the confidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from newstrace.provenance.outlets import outlet_of
from newstrace.records import Article, ReuseLink

__all__ = ["GraphEdge", "graph_edges", "to_gexf", "to_graphml"]

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(value: str) -> str:
    """XML character data, without the characters XML 1.0 forbids."""
    return _escape(_NOT_XML.sub("", value))


def quoteattr(value: str) -> str:
    """A quoted XML attribute value, without the characters XML 1.0 forbids."""
    return _quoteattr(_NOT_XML.sub("", value))


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """All passages two documents share, from source to copy when known."""

    source: str
    target: str
    direction: str
    share: float
    spin: int
    passages: int
    confidence: float


def graph_edges(links: Iterable[ReuseLink], lengths: Mapping[str, int]) -> list[GraphEdge]:
    """One edge per document pair, in a stable order."""
    pairs: dict[tuple[str, str], list[ReuseLink]] = defaultdict(list)
    for lk in links:
        pairs[(lk.doc_a, lk.doc_b)].append(lk)
    edges = []
    for (a, b), group in sorted(pairs.items()):
        src = group[0].source
        target = a if src == b else b
        spans = sorted(
            (lk.passage.a_start, lk.passage.a_end) if target == a else (lk.passage.b_start, lk.passage.b_end)
            for lk in group
        )
        covered, end = 0, -1
        for s, e in spans:
            if e > end:
                covered += e - max(s, end)
                end = e
        edges.append(
            GraphEdge(
                src or a,
                target,
                "determined" if src else "undetermined",
                round(covered / max(1, lengths.get(target, 0)), 4),
                sum(len(lk.passage.substitutions) for lk in group),
                len(group),
                round(max(lk.confidence for lk in group), 3),
            )
        )
    return edges


_NODE_ATTRS = (("outlet", "string"), ("published", "string"), ("story", "string"), ("chars", "int"))
_EDGE_ATTRS = (
    ("direction", "string"),
    ("share", "double"),
    ("spin", "int"),
    ("passages", "int"),
    ("confidence", "double"),
)


def _node_values(a: Article, stories: Mapping[str, str]) -> tuple[str, ...]:
    return (outlet_of(a) or "", a.published or "", stories.get(a.id, ""), str(len(a.text)))


def _edge_values(e: GraphEdge) -> tuple[str, ...]:
    return (e.direction, str(e.share), str(e.spin), str(e.passages), str(e.confidence))


def to_graphml(articles: Iterable[Article], edges: Iterable[GraphEdge], stories: Mapping[str, str]) -> str:
    """A directed GraphML document."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    ]
    out += [f'  <key id="n_{k}" for="node" attr.name="{k}" attr.type="{t}"/>' for k, t in _NODE_ATTRS]
    out += [f'  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{t}"/>' for k, t in _EDGE_ATTRS]
    out.append('  <graph id="newstrace" edgedefault="directed">')
    for a in articles:
        out.append(f"    <node id={quoteattr(a.id)}>")
        out.append(f'      <data key="label">{escape(a.title or a.id)}</data>')
        for (k, _), v in zip(_NODE_ATTRS, _node_values(a, stories), strict=True):
            out.append(f'      <data key="n_{k}">{escape(v)}</data>')
        out.append("    </node>")
    for n, e in enumerate(edges):
        out.append(f'    <edge id="e{n}" source={quoteattr(e.source)} target={quoteattr(e.target)}>')
        for (k, _), v in zip(_EDGE_ATTRS, _edge_values(e), strict=True):
            out.append(f'      <data key="e_{k}">{escape(v)}</data>')
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def to_gexf(articles: Iterable[Article], edges: Iterable[GraphEdge], stories: Mapping[str, str]) -> str:
    """A directed GEXF 1.3 document."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        '  <graph defaultedgetype="directed" mode="static">',
        '    <attributes class="node">',
    ]
    out += [
        f'      <attribute id="{k}" title="{k}" type="{t.replace("int", "integer")}"/>'
        for k, t in _NODE_ATTRS
    ]
    out += ["    </attributes>", '    <attributes class="edge">']
    out += [
        f'      <attribute id="{k}" title="{k}" type="{t.replace("int", "integer")}"/>'
        for k, t in _EDGE_ATTRS
    ]
    out += ["    </attributes>", "    <nodes>"]
    for a in articles:
        out.append(f"      <node id={quoteattr(a.id)} label={quoteattr(a.title or a.id)}>")
        out.append("        <attvalues>")
        for (k, _), v in zip(_NODE_ATTRS, _node_values(a, stories), strict=True):
            out.append(f'          <attvalue for="{k}" value={quoteattr(v)}/>')
        out += ["        </attvalues>", "      </node>"]
    out += ["    </nodes>", "    <edges>"]
    for n, e in enumerate(edges):
        out.append(
            f'      <edge id="e{n}" source={quoteattr(e.source)} target={quoteattr(e.target)} '
            f'weight="{max(e.share, 1e-6)}">'
        )
        out.append("        <attvalues>")
        for (k, _), v in zip(_EDGE_ATTRS, _edge_values(e), strict=True):
            out.append(f'          <attvalue for="{k}" value={quoteattr(v)}/>')
        out += ["        </attvalues>", "      </edge>"]
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)
