"""Provenance stage: direction of reuse links, origins, stories, outlets and the graph.

Every function here is pure (records in, records out); the engines and the Python API
read the store, call them and write the results back.
"""

from newstrace.provenance.block_run import blocked_stories
from newstrace.provenance.blocking import (
    BlockConfig,
    StoryRow,
    article_day,
    block_keys,
    block_stories,
    reuse_pairs,
    story_blocks,
)
from newstrace.provenance.direction import decide_direction, parse_published
from newstrace.provenance.evidence import DirectionDecision, resolve_direction, resolve_directions
from newstrace.provenance.graph import GraphEdge, graph_edges, to_gexf, to_graphml
from newstrace.provenance.model import Origins, OutletProfile, OutletSource, Segment, Story, StoryEntry
from newstrace.provenance.origins import origins_of
from newstrace.provenance.outlets import outlet_of, outlet_profiles
from newstrace.provenance.scoring import adjusted_rand_index, bcubed
from newstrace.provenance.stories import StoryConfig, build_stories, cluster_stories, story_id_of
from newstrace.provenance.trace import Trace, TracedPassage, trace_document

__all__ = [
    "BlockConfig",
    "DirectionDecision",
    "GraphEdge",
    "Origins",
    "OutletProfile",
    "OutletSource",
    "Segment",
    "Story",
    "StoryConfig",
    "StoryEntry",
    "StoryRow",
    "Trace",
    "TracedPassage",
    "adjusted_rand_index",
    "article_day",
    "bcubed",
    "block_keys",
    "block_stories",
    "blocked_stories",
    "build_stories",
    "cluster_stories",
    "decide_direction",
    "graph_edges",
    "origins_of",
    "outlet_of",
    "outlet_profiles",
    "parse_published",
    "resolve_direction",
    "resolve_directions",
    "reuse_pairs",
    "story_blocks",
    "story_id_of",
    "to_gexf",
    "to_graphml",
    "trace_document",
]
