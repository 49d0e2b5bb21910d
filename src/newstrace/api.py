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
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from newstrace.align import AlignConfig, align_texts
from newstrace.engines.local import (
    PipelineConfig,
    Progress,
    document_fingerprints,
    find_reuse,
    run_pending,
)
from newstrace.index import select_candidates
from newstrace.ingest import ReaderConfig, read_paths
from newstrace.provenance import Trace, trace_document
from newstrace.records import Article, IngestProblem, Passage, ReuseLink
from newstrace.store import SQLiteStore

__all__ = ["Corpus", "IngestReport", "compare", "open"]

_BATCH = 200  # documents per write transaction during ingest


def compare(a: str | Article, b: str | Article, config: AlignConfig | None = None) -> list[Passage]:
    """Align two texts (or articles) directly, without a store.

    Returns the passages of ``a`` reused in ``b`` with character spans into both texts.
    """
    text_a = a.text if isinstance(a, Article) else a
    text_b = b.text if isinstance(b, Article) else b
    return align_texts(text_a, text_b, config)


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: counts per outcome and every problem met."""

    ingested: int = 0
    duplicate: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    links: int = 0
    problems: list[IngestProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """``True`` when no input was lost."""
        return self.failed == 0

    def count(self, problem: IngestProblem) -> None:
        """Record a problem under its status."""
        self.problems.append(problem)
        if problem.status == "failed":
            self.failed += 1
        elif problem.status == "skipped":
            self.skipped += 1
        else:
            self.warnings += 1


class Corpus:
    """A collection of articles in a store, with their reuse links."""

    def __init__(self, db: str | Path = "newstrace.db", config: PipelineConfig | None = None):
        self.config = config or PipelineConfig()
        self.store = SQLiteStore(db)

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
        return self.store.delete_article(doc_id)

    def links(self, doc_id: str | None = None) -> Iterator[ReuseLink]:
        """Stored reuse links, of one document or all."""
        return self.store.links(doc_id)

    def trace(self, doc: str | Article) -> Trace:
        """Where each passage of a document came from.

        ``doc`` is a stored document id, or an :class:`Article` that is not stored: it is
        compared against the store without being added to it.
        """
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
        shared = self.store.shared_counts(hashes, self.config.index.max_df)
        chosen = select_candidates(shared, self.config.index, query_keys=int(hashes.shape[0]))
        keys = [k for k, _ in chosen]
        docs = self.store.articles_by_key(keys)
        earlier = [docs[k] for k in keys if k in docs and docs[k].id != article.id]
        return [link for _, link in find_reuse(article, earlier, self.config)]

    def check(self) -> list[str]:
        """Integrity problems of the store (empty when sound)."""
        return self.store.check()

    def counts(self) -> dict[str, int]:
        """Documents, links and pending work."""
        return self.store.counts()


def open(db: str | Path = "newstrace.db", config: PipelineConfig | None = None) -> Corpus:
    """Open (or create) a store; the same as ``Corpus(db, config)``."""
    return Corpus(db, config)
