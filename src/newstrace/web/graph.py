"""A story's provenance graph laid out for a server-drawn SVG (no script, no CDN).

Articles sit on a time axis (their order in the story's timeline) and in one lane per
outlet; reuse links between them are curves, with an arrow from source to copy when the
direction is known and dashed when it is not. Pure functions: records in, coordinates out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newstrace.provenance.model import Story
from newstrace.records import ReuseLink

__all__ = ["MAX_NODES", "GraphEdge", "GraphNode", "StoryGraph", "layout_story", "story_edges"]

MAX_NODES = 80  # beyond this the picture is unreadable; the page lists the rest
_MAX_LANES = 12
_X_STEP, _Y_STEP, _MARGIN, _RADIUS = 70, 56, 40, 11


@dataclass(frozen=True, slots=True)
class GraphNode:
    """An article placed in the picture."""

    doc_id: str
    x: int
    y: int
    label: str
    first: bool
    outlet: str | None
    published: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """Reuse between two placed articles (``directed``: from source to copy)."""

    source: str
    target: str
    path: str
    directed: bool
    passages: int


@dataclass(frozen=True, slots=True)
class StoryGraph:
    """The laid-out picture: size, nodes, edges, lanes and how many articles were left out."""

    width: int
    height: int
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    lanes: tuple[tuple[str, int], ...]
    omitted: int
    radius: int = _RADIUS


def story_edges(links: Iterable[ReuseLink], members: set[str]) -> dict[tuple[str, str, bool], int]:
    """Passages per ``(from, to, directed)`` between members, one entry per pair and direction.

    Undirected pairs are keyed in sorted order; each link should be given once.
    """
    counts: dict[tuple[str, str, bool], int] = {}
    for link in links:
        if link.doc_a not in members or link.doc_b not in members or link.doc_a == link.doc_b:
            continue
        src = link.source
        if src is None:
            a, b = sorted((link.doc_a, link.doc_b))
            key = (a, b, False)
        else:
            key = (src, link.doc_b if src == link.doc_a else link.doc_a, True)
        counts[key] = counts.get(key, 0) + 1
    return counts


def _curve(x1: int, y1: int, x2: int, y2: int) -> str:
    bend = max(18, abs(x2 - x1) // 4) if y1 == y2 else 0
    cx, cy = (x1 + x2) // 2, (y1 + y2) // 2 - bend
    return f"M{x1},{y1} Q{cx},{cy} {x2},{y2}"


def layout_story(story: Story, links: Iterable[ReuseLink]) -> StoryGraph:
    """Place the story's articles (time left to right, one lane per outlet) and its links."""
    shown = story.timeline[:MAX_NODES]
    lanes: dict[str, int] = {}
    for entry in shown:
        key = entry.outlet or "(unknown outlet)"
        if key not in lanes:
            lanes[key] = len(lanes) % _MAX_LANES
    nodes = []
    for n, entry in enumerate(shown):
        lane = lanes[entry.outlet or "(unknown outlet)"]
        nodes.append(
            GraphNode(
                entry.doc_id,
                _MARGIN + n * _X_STEP,
                _MARGIN + 16 + lane * _Y_STEP,
                str(n + 1),
                entry.doc_id == story.first_doc,
                entry.outlet,
                entry.published,
                entry.title,
            )
        )
    where = {node.doc_id: node for node in nodes}
    edges = []
    for (src, dst, directed), count in sorted(story_edges(links, set(where)).items()):
        a, b = where[src], where[dst]
        edges.append(GraphEdge(src, dst, _curve(a.x, a.y, b.x, b.y), directed, count))
    used_lanes = min(len(lanes), _MAX_LANES) or 1
    width = 2 * _MARGIN + max(0, len(nodes) - 1) * _X_STEP + 160
    height = 2 * _MARGIN + 16 + (used_lanes - 1) * _Y_STEP
    lane_rows = tuple(
        (name, _MARGIN + 16 + lane * _Y_STEP)
        for name, lane in lanes.items()
        if list(lanes).index(name) < _MAX_LANES
    )
    return StoryGraph(width, height, tuple(nodes), tuple(edges), lane_rows, max(0, story.size - len(shown)))
