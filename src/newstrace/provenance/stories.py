"""Stories: clusters of articles about one event, from content similarity and reuse links.

:func:`cluster_stories` is the pure stage function (the local and Spark engines both call
it); :func:`build_stories` turns its assignment into :class:`Story` records with a first
article, a timeline and the outlets.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newstrace.normalize import NormalizeConfig
from newstrace.provenance.agglomerate import LinkageConfig, average_linkage
from newstrace.provenance.direction import parse_published
from newstrace.provenance.model import Story, StoryEntry
from newstrace.provenance.outlets import outlet_of
from newstrace.provenance.similarity import FeaturePair, article_features, similarity_pairs
from newstrace.records import Article, ReuseLink

__all__ = ["StoryConfig", "build_stories", "cluster_stories", "story_id_of"]


@dataclass(frozen=True, slots=True)
class StoryConfig:
    """Settings of story clustering.

    Attributes:
        linkage: merge threshold, cohesion guard and time window (days) of the clustering.
        names_weight: weight of the names-and-numbers cosine in the similarity (0..1).
        reuse_similarity: similarity given to a pair of articles that share a passage of at
            least ``reuse_min_words`` matching words (when their content similarity is lower).
        normalize: how words are canonicalised.
        neighbours: each article keeps its similarity to this many most similar articles
            only (``None``: to all); bounds the similarity graph at millions of articles.

    Calibration: threshold 0.2, cohesion 0.6, min_cohesive 5, names_weight 0.3 were chosen
    by a grid search on the ECB+ development topics (odd topic numbers) only;
    BENCHMARKS.md reports the held-out test topics (even numbers) separately.
    reuse_min_words 40 (not 15): on the development topics both score the same or 40 is
    better (ARI 0.882 vs 0.882/0.8818); shorter shared passages there are often background
    paragraphs that two different events share. neighbours 50: on ECB+ every split scores
    the same ARI with 30, 50, 100 or all neighbours (20: all topics 0.902 instead of 0.904);
    50 leaves a margin for larger stories.
    """

    linkage: LinkageConfig = field(
        default_factory=lambda: LinkageConfig(threshold=0.2, cohesion=0.6, min_cohesive=5, window=30.0)
    )
    names_weight: float = 0.3
    reuse_similarity: float = 0.6
    reuse_min_words: int = 40
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    neighbours: int | None = 50

    def __post_init__(self) -> None:
        if self.neighbours is not None and self.neighbours < 1:
            raise ValueError(f"StoryConfig.neighbours must be at least 1 or None, got {self.neighbours}")
        if not 0.0 <= self.names_weight <= 1.0:
            raise ValueError(f"StoryConfig.names_weight must be in [0, 1], got {self.names_weight}")
        if not 0.0 <= self.reuse_similarity <= 1.0:
            raise ValueError(f"StoryConfig.reuse_similarity must be in [0, 1], got {self.reuse_similarity}")


def story_id_of(first_doc: str) -> str:
    """The stable id of the story whose earliest article is ``first_doc``.

    Example:
        >>> story_id_of("004_5d9cfa0761f81c81.txt")
        'story-6eaac91a0573'
    """
    return "story-" + hashlib.sha1(first_doc.encode("utf-8")).hexdigest()[:12]


def _day(article: Article) -> float | None:
    parsed = parse_published(article.published)
    return None if parsed is None else parsed[0].timestamp() / 86400.0


def _time_key(article: Article) -> tuple[int, float, str]:
    day = _day(article)
    return (0, day, article.id) if day is not None else (1, 0.0, article.id)


def first_article(members: Sequence[Article], links: Iterable[ReuseLink]) -> Article:
    """The earliest member: by publication time, else the one no other member copied from.

    Among undated members, a document that is the source of a reuse link inside the story
    and the copy of none comes first; ties fall back to the id, so the answer is stable.
    """
    ids = {a.id for a in members}
    copied = {
        lk.doc_b if lk.source == lk.doc_a else lk.doc_a
        for lk in links
        if lk.source is not None and lk.doc_a in ids and lk.doc_b in ids
    }
    sources = {lk.source for lk in links if lk.source in ids and lk.doc_a in ids and lk.doc_b in ids}
    dated = [a for a in members if _day(a) is not None]
    if dated:
        return min(dated, key=_time_key)
    return min(members, key=lambda a: (a.id in copied, a.id not in sources, a.id))


def cluster_stories(
    articles: Sequence[Article],
    links: Iterable[ReuseLink],
    config: StoryConfig | None = None,
    features: Mapping[str, FeaturePair] | None = None,
) -> dict[str, str]:
    """Assign every article to a story: ``doc_id -> story_id``.

    Independent of the order of ``articles`` and ``links``. ``features`` may hold
    precomputed :func:`article_features` by id (the rest are computed).
    """
    config = config or StoryConfig()
    docs = sorted({a.id: a for a in articles}.values(), key=lambda a: a.id)
    index = {a.id: i for i, a in enumerate(docs)}
    feats = [
        features[a.id] if features and a.id in features else article_features(a.text, config.normalize)
        for a in docs
    ]
    rows, cols, sims = similarity_pairs(
        feats, config.names_weight, floor=config.linkage.threshold / 4, neighbours=config.neighbours
    )
    edges = {(int(i), int(j)): float(s) for i, j, s in zip(rows, cols, sims, strict=True)}
    link_list = list(links)
    for lk in link_list:
        if lk.passage.matched < config.reuse_min_words or lk.doc_a not in index or lk.doc_b not in index:
            continue
        a, b = sorted((index[lk.doc_a], index[lk.doc_b]))
        if a != b:
            edges[(a, b)] = max(edges.get((a, b), 0.0), config.reuse_similarity)
    labels = average_linkage(
        len(docs),
        [(i, j, s) for (i, j), s in sorted(edges.items())],
        [_day(a) for a in docs],
        config.linkage,
    )
    groups: dict[int, list[Article]] = defaultdict(list)
    for doc, label in zip(docs, labels, strict=True):
        groups[label].append(doc)
    by_doc = _links_by_doc(link_list)
    out: dict[str, str] = {}
    for members in groups.values():
        sid = story_id_of(first_article(members, _links_of(members, by_doc)).id)
        out.update({a.id: sid for a in members})
    return out


def _links_by_doc(links: Iterable[ReuseLink]) -> dict[str, list[ReuseLink]]:
    """Each document's links (a link is listed under both of its documents)."""
    by_doc: dict[str, list[ReuseLink]] = defaultdict(list)
    for lk in links:
        by_doc[lk.doc_a].append(lk)
        if lk.doc_b != lk.doc_a:
            by_doc[lk.doc_b].append(lk)
    return by_doc


def _links_of(members: Sequence[Article], by_doc: Mapping[str, list[ReuseLink]]) -> list[ReuseLink]:
    """The links touching ``members`` (what :func:`first_article` reads), without repeats."""
    seen: dict[int, ReuseLink] = {}
    for a in members:
        for lk in by_doc.get(a.id, ()):
            seen[id(lk)] = lk
    return list(seen.values())


def build_stories(
    articles: Iterable[Article], assignment: Mapping[str, str], links: Iterable[ReuseLink]
) -> list[Story]:
    """Story records from an assignment: largest first, then by id."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        sid = assignment.get(a.id)
        if sid is not None:
            groups[sid].append(a)
    by_doc = _links_by_doc(links)
    stories = []
    for sid, members in groups.items():
        timeline = sorted(members, key=_time_key)
        first = first_article(members, _links_of(members, by_doc))
        if _day(first) is None:  # undated: the first article opens the timeline
            timeline.remove(first)
            timeline.insert(0, first)
        outlets: list[str] = []
        for a in timeline:
            name = outlet_of(a)
            if name is not None and name not in outlets:
                outlets.append(name)
        entries = tuple(StoryEntry(a.id, a.published, outlet_of(a), a.title) for a in timeline)
        stories.append(Story(sid, first.id, entries, tuple(outlets)))
    stories.sort(key=lambda s: (-s.size, s.story_id))
    return stories
