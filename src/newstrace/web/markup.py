"""Text markup for the pages: a text cut into nested, non-overlapping marked ranges.

The templates never build HTML from strings: they walk the :class:`Node` tree this module
returns and let Jinja2 escape every piece of text. All functions here are pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Mark", "Node", "flatten", "nest"]


@dataclass(frozen=True, slots=True)
class Mark:
    """A marked range of a text and how to show it.

    Attributes:
        start, end: half-open character span.
        tag: ``"a"`` (a link), ``"mark"`` (a highlight) or ``"span"``.
        css: CSS classes.
        id: element id, put on the first piece only when the range is cut.
        href: link target (internal URLs only).
        title: tooltip text.
        pair: id of a partner element (the aligned passage on the other side).
    """

    start: int
    end: int
    tag: str = "span"
    css: str = ""
    id: str | None = None
    href: str | None = None
    title: str | None = None
    pair: str | None = None


@dataclass(slots=True)
class Node:
    """Plain text (``mark is None``) or a marked range holding child nodes."""

    text: str = ""
    mark: Mark | None = None
    children: list[Node] = field(default_factory=list)


def flatten(marks: Sequence[Mark]) -> list[Mark]:
    """Drop overlaps: earlier marks in ``marks`` win, later ones are clipped to the gaps.

    Example:
        >>> [(m.start, m.end) for m in flatten([Mark(5, 10), Mark(0, 7), Mark(8, 12)])]
        [(0, 5), (5, 10), (10, 12)]
    """
    taken: list[tuple[int, int]] = []
    out: list[Mark] = []
    for m in marks:
        pieces = [(m.start, m.end)]
        for s, e in taken:
            pieces = [
                part
                for ps, pe in pieces
                for part in ((ps, min(pe, s)), (max(ps, e), pe))
                if part[0] < part[1]
            ]
        for n, (s, e) in enumerate(pieces):
            out.append(_clip(m, s, e, keep_id=n == 0))
        taken.append((m.start, m.end))
    out.sort(key=lambda k: (k.start, k.end))
    return out


def _clip(mark: Mark, start: int, end: int, keep_id: bool) -> Mark:
    return Mark(
        start, end, mark.tag, mark.css, mark.id if keep_id else None, mark.href, mark.title, mark.pair
    )


def nest(text: str, layers: Sequence[Sequence[Mark]], start: int = 0, end: int | None = None) -> list[Node]:
    """Cut ``text[start:end]`` into nodes; ``layers[0]`` outermost, each layer free of overlaps.

    A mark with ``start == end`` is a point (an empty element, such as a link anchor).

    A mark of an inner layer that crosses the boundary of an outer one is cut in two, so
    the tree is always well nested; its id stays on the first piece.

    Example:
        >>> nodes = nest("abcdef", [[Mark(1, 4, css="x")], [Mark(3, 5, css="y")]])
        >>> [(n.text, n.mark.css if n.mark else None) for n in nodes]
        [('a', None), ('', 'x'), ('', 'y'), ('f', None)]
    """
    end = len(text) if end is None else end
    if not layers:
        return [Node(text[start:end])] if start < end else []
    outer, inner = layers[0], layers[1:]
    nodes: list[Node] = []
    pos = start
    seen_ids: set[str] = set()
    for mark in sorted(outer, key=lambda m: (m.start, m.end)):
        if mark.start == mark.end:  # a point (an anchor): kept only where it lies
            if start <= mark.start < end and pos <= mark.start:
                if pos < mark.start:
                    nodes.extend(nest(text, inner, pos, mark.start))
                nodes.append(Node("", mark))
                pos = mark.start
            continue
        s, e = max(mark.start, start, pos), min(mark.end, end)
        if s >= e:
            continue
        if pos < s:
            nodes.extend(nest(text, inner, pos, s))
        keep = mark.id is not None and mark.id not in seen_ids and s == mark.start
        if mark.id is not None:
            seen_ids.add(mark.id)
        nodes.append(Node("", _clip(mark, s, e, keep), nest(text, inner, s, e)))
        pos = e
    if pos < end:
        nodes.extend(nest(text, inner, pos, end))
    return nodes
