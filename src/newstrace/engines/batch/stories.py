"""Stories of a batch output: blocked as the Spark job blocks them, clustered by the store's rule.

Both engines cut the corpus into the same blocks (:func:`newstrace.provenance.story_blocks`;
the Spark job builds the same graph with DataFrame operations) and cluster each block with
:func:`newstrace.provenance.cluster_stories`. A corpus of at most ``BlockConfig.max_block``
documents is one block, so its stories are exactly those the SQLite store computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newstrace.engines.batch.results import read_documents, read_links, write_table
from newstrace.engines.batch.rows import STORY_COLUMNS, story_row
from newstrace.provenance import (
    BlockConfig,
    StoryConfig,
    StoryRow,
    article_day,
    block_keys,
    block_stories,
    reuse_pairs,
    story_blocks,
)
from newstrace.provenance.similarity import article_features
from newstrace.records import Article, ReuseLink

__all__ = ["batch_stories", "write_output_stories"]


def batch_stories(
    documents: Sequence[tuple[int, Article]],
    links: Sequence[ReuseLink],
    stories: StoryConfig,
    blocks: BlockConfig,
) -> list[StoryRow]:
    """Every document's story, by block; ``documents`` are ``(key, article)``."""
    feats = {a.id: article_features(a.text, stories.normalize) for _, a in documents}
    key_of = {a.id: key for key, a in documents}
    keys = {key: block_keys(feats[a.id], article_day(a), blocks) for key, a in documents}
    pairs = [(key_of[a], key_of[b]) for a, b in reuse_pairs(links, blocks) if a in key_of and b in key_of]
    block_of = story_blocks(keys, pairs, blocks)
    members: dict[int, list[Article]] = {}
    for key, a in documents:
        members.setdefault(block_of[key], []).append(a)
    by_block: dict[int, list[ReuseLink]] = {}
    for lk in links:
        ka, kb = key_of.get(lk.doc_a), key_of.get(lk.doc_b)
        if ka is not None and kb is not None and block_of[ka] == block_of[kb]:
            by_block.setdefault(block_of[ka], []).append(lk)
    id_of = {key: a.id for key, a in documents}
    rows: list[StoryRow] = []
    for block in sorted(members):
        rows += block_stories(id_of[block], members[block], by_block.get(block, []), stories, feats)
    return rows


def write_output_stories(out: Path, stories: StoryConfig, blocks: BlockConfig) -> int:
    """Compute the stories of the run in ``out`` and write ``out/stories``; returns how many."""
    rows = batch_stories(list(read_documents(out)), list(read_links(out)), stories, blocks)
    write_table(out / "stories", STORY_COLUMNS, (story_row(r) for r in rows))
    return len({r.story_id for r in rows})
