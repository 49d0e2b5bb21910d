"""The provenance stage over a store: directions of reuse links, then stories.

Runs after alignment (``run_pending`` calls :func:`run_provenance`), and lazily when a
reader asks for stories of a store whose state has changed since they were computed. The
algorithms are the pure functions of :mod:`newstrace.provenance`; this module only reads the
store, calls them and writes the results back, each result set in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from newstrace.provenance import StoryConfig, cluster_stories, resolve_directions
from newstrace.store import SQLiteStore

__all__ = ["ensure_stories", "run_provenance", "stories_state", "update_directions"]

Progress = Callable[[str, int, int], None]


def update_directions(store: SQLiteStore) -> int:
    """Decide the direction of every stored link (times, then textual evidence).

    Skipped when the store has not changed since the last run. Returns the number of links
    whose direction, confidence or reason changed.
    """
    state = store.state()
    if store.get_state("directions") == state:
        return 0
    rows = list(store.link_ids())
    articles = {a.id: a for a in store.iter_articles()} if rows else {}
    decisions = resolve_directions((lk for _, lk in rows), articles)
    changes = []
    for link_id, lk in rows:
        d = decisions.get((lk.doc_a, lk.doc_b))
        if d is None:
            continue
        if (d.direction, d.confidence, d.reason) != (lk.direction, lk.confidence, lk.reason):
            changes.append((link_id, d.direction.value, d.confidence, d.reason))
    store.set_directions(changes)
    store.set_state("directions", store.state())
    return len(changes)


def stories_state(store: SQLiteStore, config: StoryConfig | None = None) -> str:
    """The bookkeeping value stored stories are current for (store state and settings)."""
    return store.state() + ":" + repr(config or StoryConfig())


def ensure_stories(store: SQLiteStore, config: StoryConfig | None = None) -> dict[str, str]:
    """The story of every document, recomputed only when the store changed since last time."""
    state = stories_state(store, config)
    if store.get_state("stories") == state:
        return store.stories()
    articles = list(store.iter_articles())
    assignment = cluster_stories(articles, list(store.links()), config)
    store.put_stories(assignment, state)
    return assignment


def run_provenance(
    store: SQLiteStore,
    config: StoryConfig | None = None,
    progress: Progress | None = None,
    *,
    stories: bool = True,
) -> dict[str, int]:
    """Directions, then stories (skipped when ``stories`` is false: a batch run computes
    them by block); returns counts of the work done."""
    if progress is not None:
        progress("provenance", 0, 2)
    changed = update_directions(store)
    if progress is not None:
        progress("provenance", 1, 2)
    found = len(set(ensure_stories(store, config).values())) if stories else 0
    if progress is not None:
        progress("provenance", 2, 2)
    return {"directions_changed": changed, "stories": found}
