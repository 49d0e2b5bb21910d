"""Stories of a batch output: blocked as the Spark job and the store block them.

Every face cuts the corpus into the same blocks (:func:`newstrace.provenance.story_blocks`;
the Spark job builds the same graph with DataFrame operations) and clusters each block with
:func:`newstrace.provenance.cluster_stories`, through
:func:`newstrace.provenance.blocked_stories`.
"""

from __future__ import annotations

from pathlib import Path

from newstrace.engines.batch.results import read_documents, read_links, write_table
from newstrace.engines.batch.rows import STORY_COLUMNS, story_row
from newstrace.provenance import BlockConfig, StoryConfig, blocked_stories

__all__ = ["write_output_stories"]


def write_output_stories(out: Path, stories: StoryConfig, blocks: BlockConfig) -> int:
    """Compute the stories of the run in ``out`` and write ``out/stories``; returns how many."""
    rows = blocked_stories(list(read_documents(out)), list(read_links(out)), stories, blocks)
    write_table(out / "stories", STORY_COLUMNS, (story_row(r) for r in rows))
    return len({r.story_id for r in rows})
