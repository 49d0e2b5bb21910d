"""The same claim across articles, and the groups it forms: who carried it, first, and who
rebutted it.

Two claims of different articles are linked when

- their contents are near-verbatim: canonical words (stems, name aliases, so a spun "USA"
  meets "US", as in :mod:`newstrace.normalize`) nearly equal in order (Indel similarity);
- or they paraphrase each other: TF-IDF cosine over canonical words, or sentence-embedding
  cosine when an encoder is given, above a threshold, and the speakers match;

and neither or both dispute something (a denial is not the claim it denies).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from newstrace.claims.model import Carrier, Claim, ClaimGroup, ClaimLink
from newstrace.claims.rebut import disputes
from newstrace.claims.speakers import same_speaker
from newstrace.normalize import normalize
from newstrace.records import Article

__all__ = ["Encoder", "LinkConfig", "group_claims", "link_claims"]

Encoder = Callable[[list[str]], npt.NDArray[np.float32]]  # texts -> unit vectors, one row each


@dataclass(frozen=True, slots=True)
class LinkConfig:
    """Thresholds of claim linking.

    Calibration (seeds, ECB+ wire reprints, by hand): verbatim copies score above 0.9 and
    spun ones above 0.8; unrelated claims sharing a few names stay below 0.5. MiniLM cosines
    of paraphrases in ECB+ topics run 0.75-0.9; unrelated claims about one event 0.5-0.7.
    """

    verbatim: float = 0.75
    tfidf: float = 0.6
    embedding: float = 0.8
    max_df: int = 50
    min_shared: int = 2

    def __post_init__(self) -> None:
        for name in ("verbatim", "tfidf", "embedding"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"LinkConfig.{name} must lie in (0, 1]")


def _words(claim: Claim) -> list[int]:
    seq = normalize(claim.content)
    return [int(i) for i, keep in zip(seq.ids.tolist(), seq.content.tolist(), strict=True) if keep]


def link_claims(
    claims: Sequence[Claim], config: LinkConfig | None = None, encoder: Encoder | None = None
) -> list[ClaimLink]:
    """Links between claims of different articles that state the same thing."""
    config = config or LinkConfig()
    words = [_words(c) for c in claims]
    df: Counter[int] = Counter(w for ws in words for w in set(ws))
    postings: dict[int, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in set(ws):
            if df[w] <= config.max_df:
                postings[w].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for docs in postings.values():
        for x, i in enumerate(docs):
            for j in docs[x + 1 :]:
                shared[(i, j)] += 1
    n = len(claims)
    idf = {w: math.log((1 + n) / (1 + f)) + 1.0 for w, f in df.items()}
    vectors = [_tfidf(ws, idf) for ws in words]
    scores: dict[tuple[int, int], tuple[float, str]] = {}
    for (i, j), count in shared.items():
        if count < config.min_shared or claims[i].doc == claims[j].doc:
            continue
        verbatim = Indel.normalized_similarity(words[i], words[j])
        if verbatim >= config.verbatim:
            scores[(i, j)] = (verbatim, "verbatim")
        else:
            cos = sum(v * vectors[j].get(w, 0.0) for w, v in vectors[i].items())
            if cos >= config.tfidf:
                scores[(i, j)] = (cos, "paraphrase")
    if encoder is not None and n > 1:
        for i, j, cos in _embedding_pairs(claims, encoder, config.embedding):
            if (i, j) not in scores:
                scores[(i, j)] = (cos, "paraphrase")
    out = []
    for (i, j), (score, method) in sorted(scores.items()):
        a, b = claims[i], claims[j]
        if disputes(a) != disputes(b) or (method == "paraphrase" and not same_speaker(a.speaker, b.speaker)):
            continue
        out.append(ClaimLink(a.doc, a.index, b.doc, b.index, round(score, 4), method))
    return out


def _tfidf(words: list[int], idf: Mapping[int, float]) -> dict[int, float]:
    tf = Counter(words)
    vec = {w: c * idf[w] for w, c in tf.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _embedding_pairs(
    claims: Sequence[Claim], encoder: Encoder, threshold: float, block: int = 1024
) -> list[tuple[int, int, float]]:
    vecs = encoder([c.content for c in claims])
    out = []
    for start in range(0, len(claims), block):
        sims = vecs[start : start + block] @ vecs.T
        for r, j in zip(*np.nonzero(sims >= threshold), strict=True):
            i = start + int(r)
            if i < int(j) and claims[i].doc != claims[int(j)].doc:
                out.append((i, int(j), float(sims[r, j])))
    return out


def _carrier(claim: Claim, article: Article | None) -> Carrier:
    source = article.source if article else None
    published = article.published if article else None
    return Carrier(claim.doc, claim.index, source, published, claim.speaker, claim.content)


def _order(c: Carrier) -> tuple[bool, str, str, int]:
    return (c.published is None, c.published or "", c.doc, c.index)


def group_claims(
    claims: Sequence[Claim],
    links: Sequence[ClaimLink],
    articles: Mapping[str, Article],
    min_carriers: int = 2,
) -> list[ClaimGroup]:
    """Claims joined by links into groups, with carriers, first appearance and rebuttals."""
    key = {(c.doc, c.index): i for i, c in enumerate(claims)}
    parent = list(range(len(claims)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lk in links:
        a, b = root(key[(lk.a_doc, lk.a_index)]), root(key[(lk.b_doc, lk.b_index)])
        parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(claims)):
        members[root(i)].append(i)
    rebutters: dict[int, set[int]] = defaultdict(set)  # group root -> roots of groups rebutting it
    for i, c in enumerate(claims):
        for t in c.rebuts:
            if (c.doc, t) in key:
                rebutters[root(key[(c.doc, t)])].add(root(i))
    groups = []
    for r, idx in members.items():
        carriers = sorted((_carrier(claims[i], articles.get(claims[i].doc)) for i in idx), key=_order)
        if len({c.doc for c in carriers}) < min_carriers:
            continue
        rebuttals = sorted(
            (
                _carrier(claims[i], articles.get(claims[i].doc))
                for g in rebutters.get(r, ())
                for i in members[g]
            ),
            key=_order,
        )
        first, reason = _first(carriers)
        groups.append(
            ClaimGroup(
                f"{carriers[0].doc}#{carriers[0].index}",
                carriers[0].speaker,
                carriers[0].content,
                tuple(carriers),
                first,
                reason,
                tuple(rebuttals),
            )
        )
    return sorted(groups, key=lambda g: (-len(g.carriers), g.id))


def _first(carriers: list[Carrier]) -> tuple[Carrier | None, str]:
    dated = [c for c in carriers if c.published]
    if not dated:
        return None, "no carrier has a publication date"
    if len(dated) < len(carriers):
        return None, f"undetermined: {len(carriers) - len(dated)} carrier(s) have no publication date"
    if len(dated) > 1 and dated[0].published == dated[1].published:
        return None, "the earliest carriers share a publication time"
    return dated[0], "earliest publication date"
