"""Generate a PAN text-alignment corpus of reused, spun and reordered news passages.

Every suspicious document is built from real articles: a passage of 50-200 words cut at
sentence boundaries from a source article (ECB+ or extra plain-text articles), obfuscated by
kind, and placed between the sentences of a host article from another ECB+ topic. Negatives
are two articles of one ECB+ topic but different events (subtopics). ECB+ holds real wire
reprints, so hosts, fillers and negatives are checked for runs of ``min_shared_run`` identical
words shared with their source; such candidates are dropped.

Output (``out_dir``): ``src/``, ``susp/``, ``pairs``, ``truth/<susp>-<src>.xml`` (feature name
``plagiarism`` with ``obfuscation="<kind>"``) and ``manifest.jsonl`` (one line per pair: the
articles used and what the obfuscation changed, such as the synonym share achieved).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newstrace.evaluate.synth.corpus import (
    Doc,
    load_ecbplus,
    load_text_doc,
    pick_passage,
    shares_run,
    word_ngrams,
)
from newstrace.evaluate.synth.layout import CorpusWriter, GeneratedPair, Page, Reuse
from newstrace.evaluate.synth.obfuscate import assemble, reorder
from newstrace.evaluate.synth.spin import AliasTable, spin_aliases, spin_synonyms
from newstrace.evaluate.synth.wordnet import DEFAULT_WORDNET_DIR, WordNet

__all__ = [
    "DEFAULT_CORPUS",
    "KINDS",
    "SYNONYM_SHARES",
    "GeneratedPair",
    "GeneratorConfig",
    "generate",
]

_log = logging.getLogger(__name__)

SYNONYM_SHARES = {f"synonym-{p}": p / 100 for p in (10, 25, 40, 60, 80)}
KINDS = ("verbatim", "alias", *SYNONYM_SHARES, "reorder", "composite", "negative")
DEFAULT_CORPUS = Path(__file__).resolve().parents[4] / "data" / "ecbplus" / "ecbplus_docs.jsonl"
"""``data/ecbplus/ecbplus_docs.jsonl`` of the source checkout (not part of the wheel)."""


@dataclass(frozen=True, slots=True)
class GeneratorConfig:
    """Settings of :func:`generate`.

    Attributes:
        pairs_per_kind: PAN pairs per kind (a composite page yields 2-4 pairs).
        seed: all randomness derives from it; equal configs give identical files.
        kinds: which kinds to generate, from :data:`KINDS`.
        min_words, max_words: length of a copied passage in words.
        host_words: host text kept around the passage (whole sentences, at most this many words).
        min_shared_run: consecutive identical words that make two articles related.
        corpus: the ECB+ ``ecbplus_docs.jsonl``.
        extra_sources: more plain-text articles used as sources only (one topic together).
        wordnet_dir: WordNet database folder (Debian's ``wordnet-base``).
    """

    pairs_per_kind: int = 40
    seed: int = 1
    kinds: tuple[str, ...] = KINDS
    min_words: int = 50
    max_words: int = 200
    host_words: int = 500
    min_shared_run: int = 8
    corpus: Path = DEFAULT_CORPUS
    extra_sources: tuple[Path, ...] = field(default=())
    wordnet_dir: Path = DEFAULT_WORDNET_DIR

    def __post_init__(self) -> None:
        unknown = [k for k in self.kinds if k not in KINDS]
        if unknown or not self.kinds or len(set(self.kinds)) < len(self.kinds):
            raise ValueError(f"kinds must be distinct names from {', '.join(KINDS)}; got {self.kinds}")
        if self.pairs_per_kind < 1 or ("composite" in self.kinds and self.pairs_per_kind < 2):
            raise ValueError(f"pairs_per_kind must be >= 1 (>= 2 with composite), got {self.pairs_per_kind}")
        if not 1 <= self.min_words <= self.max_words:
            raise ValueError(f"need 1 <= min_words <= max_words, got {self.min_words} and {self.max_words}")
        if self.host_words < 1 or self.min_shared_run < 2:
            raise ValueError(
                f"need host_words >= 1 and min_shared_run >= 2, got {self.host_words} "
                f"and {self.min_shared_run}"
            )


class _Context:
    """The articles, lazily loaded resources and relatedness checks shared by the kinds."""

    def __init__(self, config: GeneratorConfig) -> None:
        if not Path(config.corpus).is_file():
            raise FileNotFoundError(
                f"ECB+ corpus not found at {config.corpus}: pass GeneratorConfig(corpus=...) "
                "pointing at ecbplus_docs.jsonl (the source checkout has it in data/ecbplus/)"
            )
        self.config = config
        self.docs = load_ecbplus(config.corpus)
        self.sources = self.docs + [load_text_doc(p) for p in config.extra_sources]
        self.hosts = [d for d in self.docs if sum(map(d.is_prose, range(len(d.sentences)))) >= 3]
        self._ngrams: dict[str, frozenset[tuple[str, ...]]] = {}
        self._aliases: AliasTable | None = None
        self._wordnet: WordNet | None = None
        self._alias_weights: list[int] | None = None
        self.dropped_negatives = 0

    @property
    def aliases(self) -> AliasTable:
        if self._aliases is None:
            self._aliases = AliasTable.load()
        return self._aliases

    @property
    def wordnet(self) -> WordNet:
        if self._wordnet is None:
            self._wordnet = WordNet(self.config.wordnet_dir)
        return self._wordnet

    def related(self, a: Doc, b: Doc) -> bool:
        """Same topic, or a shared run of ``min_shared_run`` words."""
        if a.topic == b.topic:
            return True
        for doc in (a, b):
            if doc.id not in self._ngrams:
                self._ngrams[doc.id] = word_ngrams(doc.text, self.config.min_shared_run)
        return not self._ngrams[a.id].isdisjoint(self._ngrams[b.id])

    def unrelated_doc(self, rng: random.Random, others: Sequence[Doc]) -> Doc | None:
        """A random host article related to none of ``others`` (a few tries)."""
        for _ in range(20):
            doc = rng.choice(self.hosts)
            if not any(self.related(doc, other) for other in others):
                return doc
        return None

    def alias_weights(self) -> list[int]:
        """Per source article, its count of name aliases (spinners work where names are)."""
        if self._alias_weights is None:
            self._alias_weights = [len(self.aliases.find(d.text)) for d in self.sources]
        return self._alias_weights

    def passage(
        self,
        rng: random.Random,
        accept: Callable[[Doc, int, int], bool] | None = None,
        weights: Sequence[int] | None = None,
    ) -> tuple[Doc, int, int] | None:
        """A random source article (chance by ``weights``) and a run ``[i, j)`` it accepts."""
        doc = rng.choices(self.sources, weights)[0] if weights else rng.choice(self.sources)
        cfg = self.config
        check = None if accept is None else (lambda i, j: accept(doc, i, j))
        run = pick_passage(doc, rng, cfg.min_words, cfg.max_words, check)
        return None if run is None else (doc, *run)

    def host_sentences(self, host: Doc) -> list[str]:
        """The leading sentences of ``host``, at most ``host_words`` words (at least one)."""
        kept: list[str] = []
        words = 0
        for i in range(len(host.sentences)):
            words += host.words(i)
            if kept and words > self.config.host_words:
                break
            kept.append(host.sentence(i))
        return kept


def _span(doc: Doc, i: int, j: int) -> tuple[int, int]:
    return (doc.sentences[i][0], doc.sentences[j - 1][1])


def _page(ctx: _Context, rng: random.Random, reuses: Sequence[Reuse]) -> Page | None:
    """Place the reused passages, in order, between the sentences of an unrelated host."""
    host = ctx.unrelated_doc(rng, [r.source for r in reuses])
    if host is None:
        return None
    text, spans = assemble(ctx.host_sentences(host), [r.text for r in reuses], rng)
    return Page(text, host.id, tuple(reuses), tuple(spans))


def _copied(ctx: _Context, rng: random.Random, kind: str) -> Page | None:
    """One passage, verbatim or spun (``alias``, ``synonym-NN``)."""
    aliases = ctx.aliases
    if kind == "alias":

        def has_alias(doc: Doc, i: int, j: int) -> bool:
            return bool(aliases.find(doc.text[slice(*_span(doc, i, j))]))

        picked = ctx.passage(rng, has_alias, ctx.alias_weights())
    else:
        picked = ctx.passage(rng)
    if picked is None:
        return None
    doc, i, j = picked
    span = _span(doc, i, j)
    original = doc.text[span[0] : span[1]]
    if kind == "verbatim":
        return _page(ctx, rng, [Reuse(doc, span, original, {})])
    if kind == "alias":
        spun = spin_aliases(original, aliases, rng)
    else:
        spun = spin_synonyms(original, SYNONYM_SHARES[kind], ctx.wordnet, rng)
    info = {
        "target_share": SYNONYM_SHARES.get(kind, 1.0),
        "achieved_share": round(spun.share, 4),
        "replaced": spun.replaced,
        "eligible": spun.eligible,
        "substitutions": [list(s) for s in spun.substitutions],
    }
    return _page(ctx, rng, [Reuse(doc, span, spun.text, info)])


def _reordered(ctx: _Context, rng: random.Random) -> Page | None:
    """One passage of >= 3 sentences, shuffled, with own sentences and words edited in."""
    picked = ctx.passage(rng, lambda d, i, j: j - i >= 3)
    if picked is None:
        return None
    doc, i, j = picked
    filler = ctx.unrelated_doc(rng, [doc])
    if filler is None:
        return None
    prose = [k for k in range(len(filler.sentences)) if filler.is_prose(k)]
    own = [filler.sentence(k) for k in sorted(rng.sample(prose, min(len(prose), rng.randint(1, 2))))]
    result = reorder([doc.sentence(k) for k in range(i, j)], own, rng)
    info = {
        "order": list(result.order),
        "own_sentences": result.inserted_sentences,
        "inserted_words": result.inserted_words,
        "deleted_words": result.deleted_words,
        "filler_doc": filler.id,
    }
    return _page(ctx, rng, [Reuse(doc, _span(doc, i, j), result.text, info)])


def _composite(ctx: _Context, rng: random.Random, remaining: int) -> Page | None:
    """2-4 verbatim passages from unrelated articles, interleaved with host text."""
    sizes = [k for k in (2, 3, 4) if k <= remaining and remaining - k != 1] or [remaining]
    count = rng.choice(sizes)
    reuses: list[Reuse] = []
    for _ in range(20 * count):
        picked = ctx.passage(rng)
        if picked is None or any(ctx.related(picked[0], r.source) for r in reuses):
            continue
        doc, i, j = picked
        span = _span(doc, i, j)
        reuses.append(Reuse(doc, span, doc.text[span[0] : span[1]], {"pieces": count}))
        if len(reuses) == count:
            return _page(ctx, rng, reuses)
    return None


def _negative(ctx: _Context, rng: random.Random) -> Page | None:
    """Two articles of one ECB+ topic about different events, sharing no run of words."""
    source = rng.choice(ctx.docs)
    others = [d for d in ctx.docs if d.topic == source.topic and d.subtopic != source.subtopic]
    if not others:
        return None
    suspicious = rng.choice(others)
    text = "\n".join(ctx.host_sentences(suspicious))  # as long as a host text
    if shares_run(source.text, text, ctx.config.min_shared_run):
        ctx.dropped_negatives += 1
        return None
    return Page(text, suspicious.id, (Reuse(source, None, "", {}),), (None,))


def _make(ctx: _Context, rng: random.Random, kind: str, remaining: int) -> Page | None:
    if kind == "reorder":
        return _reordered(ctx, rng)
    if kind == "composite":
        return _composite(ctx, rng, remaining)
    if kind == "negative":
        return _negative(ctx, rng)
    return _copied(ctx, rng, kind)


def _pages(ctx: _Context, kind: str) -> list[Page]:
    wanted = ctx.config.pairs_per_kind
    rng = random.Random(f"{ctx.config.seed}/{kind}")
    pages: list[Page] = []
    made = 0
    for _ in range(100 * wanted + 100):
        page = _make(ctx, rng, kind, wanted - made)
        if page is not None:
            pages.append(page)
            made += len(page.reuses)
        if made >= wanted:
            return pages
    raise RuntimeError(
        f"could make only {made} of {wanted} {kind!r} pairs from {ctx.config.corpus}; "
        "lower pairs_per_kind or widen min_words..max_words"
    )


def generate(config: GeneratorConfig, out_dir: Path) -> list[GeneratedPair]:
    """Generate the corpus described by ``config`` into the empty folder ``out_dir``.

    Raises:
        FileNotFoundError: the ECB+ corpus is missing.
        WordNetMissingError: a synonym kind is asked for and WordNet is not installed
            (``apt-get install wordnet-base``).
        FileExistsError: ``out_dir`` already holds a corpus.

    Example:
        >>> pairs = generate(GeneratorConfig(pairs_per_kind=2), Path("out/pan"))  # doctest: +SKIP
    """
    ctx = _Context(config)
    if any(k in SYNONYM_SHARES for k in config.kinds):
        _ = ctx.wordnet  # fail before writing anything
    writer = CorpusWriter(out_dir)
    for kind in config.kinds:
        for page in _pages(ctx, kind):
            writer.add(kind, page)
    if ctx.dropped_negatives:
        _log.info("dropped %d negative candidates sharing text", ctx.dropped_negatives)
    return writer.finish()
