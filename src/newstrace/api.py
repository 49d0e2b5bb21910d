"""The Python API: ``newstrace.compare`` and ``newstrace.open(db)``.

The CLI and the web UI are thin layers over these functions.

Example:
    >>> import newstrace
    >>> with newstrace.open(":memory:") as corpus:                     # doctest: +SKIP
    ...     report = corpus.ingest(["data/seeds"])
    ...     trace = corpus.trace("000_fc4f809c70dd1bba.txt")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from newstrace.align import AlignConfig, align_texts
from newstrace.claims import (
    EXTRACTOR_VERSION,
    Claim,
    ClaimGroup,
    ClaimLink,
    Encoder,
    LinkConfig,
    article_claims,
    group_claims,
    link_claims,
    load_pipeline,
)
from newstrace.engines.local import (
    PipelineConfig,
    Progress,
    document_fingerprints,
    find_reuse,
    run_pending,
)
from newstrace.engines.provenance import ensure_stories
from newstrace.index import effective_max_df, select_candidates
from newstrace.ingest import ReaderConfig, read_paths
from newstrace.provenance import (
    Origins,
    OutletProfile,
    Story,
    Trace,
    build_stories,
    graph_edges,
    origins_of,
    outlet_profiles,
    to_gexf,
    to_graphml,
    trace_document,
)
from newstrace.records import Article, ImageAppearance, IngestProblem, Passage, ReuseLink
from newstrace.reports import IngestReport
from newstrace.store import SQLiteStore
from newstrace.store.claims import ClaimTable

if TYPE_CHECKING:
    from newstrace.engines.images import ImageIndexReport, ImageQuery
    from newstrace.images import ImageConfig
    from newstrace.store.images import ImageIndex

__all__ = ["Corpus", "IngestReport", "compare", "open"]

_BATCH = 200  # documents per write transaction during ingest
_MAX_TRACE_DOCS = 200  # documents followed back when tracing one document's origins


def compare(a: str | Article, b: str | Article, config: AlignConfig | None = None) -> list[Passage]:
    """Align two texts (or articles) directly, without a store.

    Returns the passages of ``a`` reused in ``b`` with character spans into both texts.
    """
    text_a = a.text if isinstance(a, Article) else a
    text_b = b.text if isinstance(b, Article) else b
    return align_texts(text_a, text_b, config)


class Corpus:
    """A collection of articles in a store, with their reuse links."""

    def __init__(self, db: str | Path = "newstrace.db", config: PipelineConfig | None = None):
        self.config = config or PipelineConfig()
        self.store = SQLiteStore(db)
        self._image_index: ImageIndex | None = None

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Iterable[str],
        *,
        reader_config: ReaderConfig | None = None,
        stdin: BinaryIO | None = None,
        progress: Progress | None = None,
        on_problem: Callable[[IngestProblem], None] | None = None,
        align: bool = True,
    ) -> IngestReport:
        """Read files, store new documents, then index and align whatever is pending."""
        report = IngestReport()
        batch: list[Article] = []
        with self.store.writer():  # a second ingest into this store waits for this one
            for item in read_paths(paths, reader_config, stdin=stdin):
                if isinstance(item, IngestProblem):
                    report.count(item)
                    if on_problem is not None:
                        on_problem(item)
                    continue
                batch.append(item)
                if len(batch) >= _BATCH:
                    self._store_batch(batch, report, progress)
            self._store_batch(batch, report, progress)
            if align:
                report.links = self.update(progress)["links"]
        return report

    def _store_batch(self, batch: list[Article], report: IngestReport, progress: Progress | None) -> None:
        if not batch:
            return
        for result in self.store.put_articles(batch):
            if result == "added":
                report.ingested += 1
            elif result == "replaced":
                report.replaced += 1
            else:
                report.duplicate += 1
        batch.clear()
        if progress is not None:
            progress("read", report.ingested + report.replaced + report.duplicate, 0)

    def update(self, progress: Progress | None = None) -> dict[str, int]:
        """Index and align the documents still pending (resumes an interrupted run)."""
        return run_pending(self.store, self.config, progress)

    def get(self, doc_id: str) -> Article | None:
        """A stored document by id."""
        return self.store.get_article(doc_id)

    def delete(self, doc_id: str) -> bool:
        """Remove a document with its index entries and reuse links."""
        with self.store.writer():
            return self.store.delete_article(doc_id)

    def links(self, doc_id: str | None = None) -> Iterator[ReuseLink]:
        """Stored reuse links, of one document or all."""
        return self.store.links(doc_id)

    def trace(self, doc: str | Article) -> Trace:
        """Where each passage of a document came from.

        ``doc`` is a stored document id, or an :class:`Article` that is not stored: it is
        compared against the store without being added to it.
        """
        with self.store.snapshot():  # one consistent state while an ingest writes
            if isinstance(doc, str):
                article = self.store.get_article(doc)
                if article is None:
                    raise KeyError(f"no document with id {doc!r} in {self.store.path}")
                links = list(self.store.links(doc))
                stored = True
            else:
                article, links, stored = doc, self._query(doc), False
            others = {lk.doc_a for lk in links} | {lk.doc_b for lk in links}
            keys = [k for k in (self.store.key_of(o) for o in others) if k is not None]
            articles = {a.id: a for a in self.store.articles_by_key(keys).values()}
        return trace_document(article, links, articles, stored)

    def _query(self, article: Article) -> list[ReuseLink]:
        hashes = document_fingerprints(article, self.config)
        max_df = effective_max_df(self.config.index, self.store.count_indexed())
        shared = self.store.shared_counts(hashes, max_df, anchor_df=self.config.index.max_df)
        chosen = select_candidates(shared, self.config.index, query_keys=int(hashes.shape[0]))
        keys = [k for k, _ in chosen]
        docs = self.store.articles_by_key(keys)
        earlier = [docs[k] for k in keys if k in docs and docs[k].id != article.id]
        return [link for _, link in find_reuse(article, earlier, self.config)]

    # -- provenance ---------------------------------------------------------------------
    def origins(self, doc_id: str) -> Origins | None:
        """A stored document's text split into own and copied segments (``None``: no such id).

        Copied passages are followed back through the documents they came from, so each
        segment names its origin and the path it travelled.
        """
        doc = self.store.get_article(doc_id)
        if doc is None:
            return None
        links: dict[tuple[str, str, int, int], ReuseLink] = {}
        articles = {doc.id: doc}
        todo, seen = [doc.id], {doc.id}
        while todo and len(seen) <= _MAX_TRACE_DOCS:
            current = todo.pop()
            for lk in self.store.links(current):
                p = lk.passage
                links[(lk.doc_a, lk.doc_b, p.a_start, p.b_start)] = lk
                src = lk.source
                if src is not None and src != current and src not in seen:
                    seen.add(src)
                    todo.append(src)
        for other in {d for lk in links.values() for d in (lk.doc_a, lk.doc_b)} - set(articles):
            found = self.store.get_article(other)
            if found is not None:
                articles[other] = found
        return origins_of(doc, list(links.values()), articles)

    def story_assignment(self) -> dict[str, str]:
        """``doc_id -> story_id`` for every document (computed when the store has changed)."""
        return ensure_stories(self.store, self.config.stories, self.config.blocks)

    def stories(self) -> list[Story]:
        """Every story, largest first."""
        assignment = self.story_assignment()
        return build_stories(self.store.iter_articles(), assignment, self.store.links())

    def story(self, story_id: str) -> Story | None:
        """One story by id."""
        return next((s for s in self.stories() if s.story_id == story_id), None)

    def story_of(self, doc_id: str) -> str | None:
        """The id of the story a document belongs to."""
        return self.story_assignment().get(doc_id)

    def outlets(self) -> list[OutletProfile]:
        """Every outlet's profile, highest copied share first."""
        return outlet_profiles(self.store.iter_articles(), self.store.links())

    def outlet(self, name: str) -> OutletProfile | None:
        """One outlet's profile."""
        return next((p for p in self.outlets() if p.outlet == name), None)

    def graph(self, fmt: str = "graphml") -> str:
        """The provenance graph as ``graphml`` or ``gexf`` text."""
        if fmt not in ("graphml", "gexf"):
            raise ValueError(f"graph format must be graphml or gexf, not {fmt!r}")
        articles = list(self.store.iter_articles())
        edges = graph_edges(self.store.links(), {a.id: len(a.text) for a in articles})
        writer = to_graphml if fmt == "graphml" else to_gexf
        return writer(articles, edges, self.story_assignment())
    # -- claims (needs the nlp extra) -------------------------------------------------
    def claims(self, doc: str | Article) -> list[Claim]:
        """The attributed claims of a document, with the claims each one rebuts.

        ``doc`` is a stored id (claims are extracted once and kept in the store) or an
        :class:`Article` that is not stored (extracted, not kept).

        Raises:
            KeyError: no stored document has this id.
            NLPUnavailable: the ``nlp`` extra is not installed.
        """
        if isinstance(doc, Article):
            return article_claims(doc.id, doc.text, load_pipeline())
        table = ClaimTable(self.store)
        stored = table.get(doc, EXTRACTOR_VERSION)
        if stored is not None:
            return stored
        article = self.store.get_article(doc)
        if article is None:
            raise KeyError(f"no document with id {doc!r} in {self.store.path}")
        found = article_claims(article.id, article.text, load_pipeline())
        table.put(article.id, found, EXTRACTOR_VERSION)
        return found

    def extract_claims(self, progress: Progress | None = None) -> int:
        """Extract and store the claims of every document that lacks them; returns how many
        documents were processed (an interrupted run resumes where it stopped)."""
        table = ClaimTable(self.store)
        pending = table.pending(EXTRACTOR_VERSION)
        nlp = load_pipeline() if pending else None
        for done, doc_id in enumerate(pending, 1):
            article = self.store.get_article(doc_id)
            if article is not None:
                table.put(doc_id, article_claims(doc_id, article.text, nlp), EXTRACTOR_VERSION)
            if progress is not None:
                progress("claims", done, len(pending))
        return len(pending)

    def all_claims(self, progress: Progress | None = None) -> list[Claim]:
        """Every stored document's claims (extracting those still missing)."""
        self.extract_claims(progress)
        return list(ClaimTable(self.store).all(EXTRACTOR_VERSION))

    def claim_links(self, config: LinkConfig | None = None, embeddings: bool = True,
                    progress: Progress | None = None) -> list[ClaimLink]:
        """Links between claims of different documents that state the same thing.

        With ``embeddings`` (and the MiniLM package installed) paraphrases are also found
        by sentence-embedding cosine; otherwise by TF-IDF cosine.
        """
        return link_claims(self.all_claims(progress), config, _encoder() if embeddings else None)

    def claim_groups(self, doc: str | None = None, *, min_carriers: int = 2, config: LinkConfig | None = None,
                     embeddings: bool = True, progress: Progress | None = None) -> list[ClaimGroup]:
        """Claims followed across documents: carriers with dates, first appearance and the
        documents that rebut them; only groups touching ``doc`` when given."""
        claims = self.all_claims(progress)
        links = link_claims(claims, config, _encoder() if embeddings else None)
        docs = {c.doc for c in claims}
        keys = [k for k in (self.store.key_of(d) for d in docs) if k is not None]
        articles = {a.id: a for a in self.store.articles_by_key(keys).values()}
        groups = group_claims(claims, links, articles, min_carriers)
        if doc is not None:
            groups = [g for g in groups if any(c.doc == doc for c in (*g.carriers, *g.rebuttals))]
        return groups
    # -- pictures (the ``images`` extra) ---------------------------------------------------
    def index_images(
        self,
        paths: Iterable[str],
        *,
        config: ImageConfig | None = None,
        date: str | None = None,
        source_url: str | None = None,
        progress: Progress | None = None,
        on_problem: Callable[[IngestProblem], None] | None = None,
        workers: int = 1,
    ) -> ImageIndexReport:
        """Index the pictures behind ``paths``: picture files, videos, HTML and WARC articles.

        ``workers > 1`` signs pictures in that many processes (the store is written here).
        """
        from newstrace.engines.images import index_inputs
        from newstrace.images import ImageConfig, image_inputs

        config = config or ImageConfig()
        items = image_inputs(paths, config, date=date, source_url=source_url)
        return index_inputs(self._images(), items, config, progress, on_problem, workers)

    def query_image(self, path: str | Path, *, config: ImageConfig | None = None) -> ImageQuery:
        """Where a picture (or the picture it was cut or edited from) was seen, earliest first.

        Raises:
            ValueError: the file is not a readable picture (the message names it).
        """
        from newstrace.engines.images import query_index
        from newstrace.images import ImageConfig, ImageInput, read_image_file

        config = config or ImageConfig()
        item = read_image_file(Path(path), config)
        if not isinstance(item, ImageInput):
            raise ValueError(str(item))
        return query_index(self._images(), item.rgb, config, str(path))

    def images_of(self, doc_id: str) -> list[ImageAppearance]:
        """The pictures indexed from one article (for its document page)."""
        return self._images().of_document(doc_id)

    def _images(self) -> ImageIndex:
        from newstrace.store.images import ImageIndex

        if self._image_index is None:
            self._image_index = ImageIndex(self.store)
        return self._image_index

    def check(self) -> list[str]:
        """Integrity problems of the store (empty when sound)."""
        return self.store.check()

    def counts(self) -> dict[str, int]:
        """Documents, links and pending work."""
        return self.store.counts()


def _encoder() -> Encoder | None:
    from newstrace.claims.embed import minilm_encoder

    encoder: Encoder | None = minilm_encoder()
    return encoder


def open(db: str | Path = "newstrace.db", config: PipelineConfig | None = None) -> Corpus:
    """Open (or create) a store; the same as ``Corpus(db, config)``."""
    return Corpus(db, config)
