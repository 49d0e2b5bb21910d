"""Group seeds into passage candidates, splitting on gaps in each text separately.

Following Sanchez-Perez et al. (PAN 2014), a group of seeds is split wherever the seeds,
sorted by their position in one text, leave a gap longer than ``max_gap``; the parts are
split again by the other text, until nothing splits. Because each text is looked at on its
own, a passage whose sentences were reordered stays one group: its seeds are contiguous
in both texts even though they are not in the same order.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["cluster_seeds"]

Index = npt.NDArray[np.int64]


def _split(positions: Index, members: Index, width: int, max_gap: int) -> list[Index]:
    """Split ``members`` (indices into ``positions``) where sorted positions leave a gap."""
    order = members[np.argsort(positions[members], kind="stable")]
    pos = positions[order]
    reach = np.maximum.accumulate(pos + width)  # end of the covered region so far
    breaks = np.flatnonzero(pos[1:] > reach[:-1] + max_gap) + 1
    return np.split(order, breaks) if breaks.shape[0] else [order]


def cluster_seeds(i: Index, j: Index, width: int, max_gap: int) -> list[Index]:
    """Partition seeds ``(i[k], j[k])`` into groups that are dense in both texts.

    Args:
        i, j: seed start positions in text A and text B.
        width: words each seed covers (the n-gram length).
        max_gap: the most words between seeds, in either text, inside one group.

    Returns:
        Lists of seed indices, one per group, each sorted by position in text A.
    """
    if i.shape[0] == 0:
        return []
    done: list[Index] = []
    todo: list[tuple[Index, int]] = [(np.arange(i.shape[0], dtype=np.int64), 0)]
    while todo:
        members, axis = todo.pop()
        positions = i if axis == 0 else j
        parts = _split(positions, members, width, max_gap)
        if len(parts) > 1:
            todo.extend((p, 1 - axis) for p in parts)
            continue
        # Stable along this axis: check the other one, unless it was just checked.
        other = j if axis == 0 else i
        parts = _split(other, members, width, max_gap)
        if len(parts) > 1:
            todo.extend((p, axis) for p in parts)
        else:
            done.append(np.sort(members))
    done.sort(key=lambda g: (int(i[g].min()), int(j[g].min())))
    return done
