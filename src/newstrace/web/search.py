"""Pasted text and uploaded files: read with the ingest readers, traced without storing.

An upload is written to a private temporary folder under a cleaned file name (never a path
the client chose) so the same readers as ``newstrace ingest`` parse it (txt, JSONL, HTML,
WARC). It is only added to the store when the user asks, and never replaces a stored
document of the same id with a different text.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from newstrace.api import Corpus, IngestReport
from newstrace.ingest import read_paths
from newstrace.provenance.trace import Trace
from newstrace.records import Article, IngestProblem

__all__ = ["SearchResult", "clean_filename", "pasted_filename", "search"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def clean_filename(name: str | None, default: str = "upload.txt") -> str:
    """A bare, harmless file name from what the client sent (no folders, no dots in front).

    Example:
        >>> clean_filename("../../etc/passwd")
        'passwd'
        >>> clean_filename("C:\\\\news\\\\story one.html")
        'story_one.html'
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE.sub("_", base).strip("._")[:120]
    return base or default


def pasted_filename(text: str) -> str:
    """A stable id for pasted text: ``pasted-`` and the start of its hash."""
    return f"pasted-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.txt"


@dataclass(slots=True)
class SearchResult:
    """What a search found: each document read, its trace, and what happened to it."""

    traces: list[Trace] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    total: int = 0
    added: IngestReport | None = None
    refused: list[str] = field(default_factory=list)


def _read(path: Path, shown_name: str) -> tuple[list[Article], list[str]]:
    articles: list[Article] = []
    problems: list[str] = []
    for item in read_paths([str(path)]):
        if isinstance(item, IngestProblem):
            where = f"{shown_name}: {item.location}" if item.location else shown_name
            problems.append(f"{item.status}: {where}: {item.message}")
        else:
            articles.append(replace(item, origin=f"upload:{shown_name}"))
    return articles, problems


def search(corpus: Corpus, data: bytes, filename: str, *, add: bool = False, limit: int = 20) -> SearchResult:
    """Trace the documents in ``data`` (a file's bytes) against the store.

    With ``add``, they are ingested afterwards (and traced as stored documents), unless one
    of their ids is already stored with a different text.
    """
    name = clean_filename(filename)
    result = SearchResult()
    with tempfile.TemporaryDirectory(prefix="newstrace-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        articles, result.problems = _read(path, name)
        result.total = len(articles)
        if add and articles:
            result.refused = [
                f"{a.id}: a different document with this id is already stored; rename the file to add it"
                for a in articles
                if (old := corpus.get(a.id)) is not None and old.content_hash != a.content_hash
            ]
            if not result.refused:
                result.added = corpus.ingest([str(path)])
    for article in articles[:limit]:
        stored = result.added is not None and corpus.get(article.id) is not None
        result.traces.append(corpus.trace(article.id if stored else article))
    return result
