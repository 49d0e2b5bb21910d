"""Direction of the links of a batch output, decided by the provenance stage's rule.

The local engine decides every stored link's direction after alignment with
:func:`newstrace.provenance.resolve_directions` (publication times, then textual evidence such
as wire credits and composites, which needs all of a document's links). A Spark run writes
its links first and then applies the same function here, so both engines give the same
directions and reasons.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from newstrace.engines.batch.results import read_documents, read_links, write_table
from newstrace.engines.batch.rows import LINK_COLUMNS, link_row
from newstrace.provenance import resolve_directions

__all__ = ["resolve_output_directions"]


def resolve_output_directions(out: Path) -> int:
    """Re-decide the direction of every link in ``out/links``; returns how many changed.

    The links table is rewritten beside the old one and swapped in with a rename, so an
    interrupted call leaves the previous table in place.
    """
    links = list(read_links(out))
    if not links:
        return 0
    needed = {lk.doc_a for lk in links} | {lk.doc_b for lk in links}
    articles = {a.id: a for _, a in read_documents(out) if a.id in needed}
    decisions = resolve_directions(links, articles)
    resolved, changed = [], 0
    for lk in links:
        d = decisions.get((lk.doc_a, lk.doc_b))
        if d is not None and (d.direction, d.reason) != (lk.direction, lk.reason):
            lk = dataclasses.replace(lk, direction=d.direction, confidence=d.confidence, reason=d.reason)
            changed += 1
        resolved.append(lk)
    fresh, old = out / "links.resolved", out / "links.previous"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    write_table(fresh, LINK_COLUMNS, (link_row(lk) for lk in resolved))
    (out / "links").rename(old)
    fresh.rename(out / "links")
    shutil.rmtree(old)
    return changed
