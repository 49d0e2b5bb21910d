"""The provenance stage over a store: directions of reuse links, then stories.

Runs after alignment (``run_pending`` calls :func:`run_provenance`), and lazily when a
reader asks for stories of a store whose state has changed since they were computed. The
algorithms are the pure functions of :mod:`newstrace.provenance`; this module only reads the
store, calls them and writes the results back, each result set in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from functools import partial

from newstrace.normalize import NormalizeConfig
from newstrace.provenance import BlockConfig, StoryConfig, blocked_stories, resolve_directions
from newstrace.provenance.block_run import PackedFeatures, packed_features
from newstrace.store import SQLiteStore

__all__ = ["ensure_stories", "run_provenance", "stories_state", "update_directions"]

Progress = Callable[[str, int, int], None]


def update_directions(store: SQLiteStore) -> int:
    """Decide the direction of every stored link (times, then textual evidence).

    Skipped when the store has not changed since the last run. When links were only added
    since then, only the pairs touching a document with a new link are decided again (the
    evidence of a pair reads the links of its two documents); otherwise every pair is.
    Returns the number of links whose direction, confidence or reason changed.
    """
    state = store.state()
    if store.get_state("directions") == state:
        return 0
    affected = _added_links_docs(store)
    if affected is None:
        rows, keep = list(store.link_ids()), None
    else:
        rows, keep = store.links_around(affected)
    articles = store.articles_by_id({d for _, lk in rows for d in (lk.doc_a, lk.doc_b)})
    decisions = resolve_directions((lk for _, lk in rows), articles)
    changes = []
    for link_id, lk in rows:
        if keep is not None and lk.doc_a not in keep and lk.doc_b not in keep:
            continue  # decided again from links that may be incomplete for it: keep as stored
        d = decisions.get((lk.doc_a, lk.doc_b))
        if d is None:
            continue
        if (d.direction, d.confidence, d.reason) != (lk.direction, lk.confidence, lk.reason):
            changes.append((link_id, d.direction.value, d.confidence, d.reason))
    store.set_directions(changes)
    count, last = store.reuse_totals()
    store.set_state("directions_links", f"{count}:{last}")
    store.set_state("directions", state)
    return len(changes)


def _added_links_docs(store: SQLiteStore) -> set[int] | None:
    """Documents of the links added since the last direction run; ``None``: decide all again.

    ``None`` when there was no earlier run or when any link was removed since (a replaced or
    deleted document), since a removal changes the evidence of pairs no new link touches.
    """
    seen = store.get_state("directions_links")
    if seen is None:
        return None
    count, last = (int(x) for x in seen.split(":"))
    added = store.linked_after(last)
    now, _ = store.reuse_totals()
    if now != count + store.count_links_after(last):
        return None
    return added


def stories_state(
    store: SQLiteStore, config: StoryConfig | None = None, blocks: BlockConfig | None = None
) -> str:
    """The bookkeeping value stored stories are current for (store state and settings)."""
    return f"{store.state()}:{config or StoryConfig()!r}:{blocks or BlockConfig()!r}"


def ensure_stories(
    store: SQLiteStore,
    config: StoryConfig | None = None,
    blocks: BlockConfig | None = None,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> dict[str, str]:
    """The story of every document, recomputed only when the store changed since last time.

    Stories are clustered block by block (:func:`blocked_stories`, the batch engines' rule):
    a store of at most ``blocks.max_block`` documents is one block. The documents are read
    twice (keys and features first, texts again block by block), so no text is held for the
    whole store; features are computed in ``workers`` processes.
    """
    config = config or StoryConfig()
    state = stories_state(store, config, blocks)
    if store.get_state("stories") == state:
        return store.stories()
    with ExitStack() as stack:
        featurize = None
        if workers > 1:
            pool = stack.enter_context(ProcessPoolExecutor(workers))
            featurize = partial(_featurize, pool, workers, config.normalize)
        rows = blocked_stories(
            store.iter_keyed_articles(), list(store.links()), config, blocks or BlockConfig(),
            fetch=store.articles_by_key, featurize=featurize, progress=progress,
            total=store.counts()["documents"],
        )
    assignment = {r.doc_id: r.story_id for r in rows}
    store.put_stories(assignment, state)
    return assignment


def _featurize(
    pool: ProcessPoolExecutor, workers: int, config: NormalizeConfig, texts: list[str]
) -> list[PackedFeatures]:
    step = -(-len(texts) // workers)
    parts = [texts[i : i + step] for i in range(0, len(texts), step)]
    return [f for part in pool.map(partial(packed_features, config=config), parts) for f in part]


def run_provenance(
    store: SQLiteStore,
    config: StoryConfig | None = None,
    progress: Progress | None = None,
    *,
    stories: bool = True,
    blocks: BlockConfig | None = None,
    workers: int = 1,
) -> dict[str, int]:
    """Directions, then stories (skipped when ``stories`` is false: a batch run computes
    them by block); returns counts of the work done."""
    if progress is not None:
        progress("provenance", 0, 2)
    changed = update_directions(store)
    if progress is not None:
        progress("provenance", 1, 2)
    found = 0
    if stories:
        found = len(set(ensure_stories(store, config, blocks, workers=workers, progress=progress).values()))
    if progress is not None:
        progress("provenance", 2, 2)
    return {"directions_changed": changed, "stories": found}
