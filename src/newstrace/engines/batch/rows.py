"""The batch output's tables as plain rows, and the rule that picks one version per id.

Both engines write the same tables (``documents``, ``links`` and ``stories``); the column lists here
are the single definition from which the Parquet (pyarrow) and Spark schemas are built.
Rows are dicts of plain Python values, so they cross process and JVM boundaries unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newstrace.provenance.blocking import StoryRow
from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution

__all__ = [
    "DOCUMENT_COLUMNS",
    "LINK_COLUMNS",
    "STORY_COLUMNS",
    "SUBSTITUTION_COLUMNS",
    "Resolution",
    "article_row",
    "link_row",
    "resolve_versions",
    "row_article",
    "row_link",
    "row_story",
    "story_row",
]

DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "int64"),  # processing order: a document is aligned with every document of smaller key
    ("doc_id", "string"),
    ("content_hash", "string"),
    ("text", "string"),
    ("source", "string?"),
    ("url", "string?"),
    ("published", "string?"),
    ("title", "string?"),
    ("author", "string?"),
    ("origin", "string?"),
    ("meta", "string"),  # JSON object, as the SQLite store keeps it
)
"""``(name, type)`` of each document column; a ``?`` marks a nullable column."""

SUBSTITUTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("a_start", "int64"),
    ("a_end", "int64"),
    ("b_start", "int64"),
    ("b_end", "int64"),
    ("a_text", "string"),
    ("b_text", "string"),
)

LINK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_a", "string"),  # the earlier-processed document (smaller key)
    ("doc_b", "string"),
    ("a_start", "int64"),
    ("a_end", "int64"),
    ("b_start", "int64"),
    ("b_end", "int64"),
    ("score", "double"),
    ("matched", "int64"),
    ("substitutions", "substitutions"),  # list of SUBSTITUTION_COLUMNS structs
    ("direction", "string"),  # a_to_b, b_to_a or undetermined
    ("reason", "string"),
)


STORY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "string"),
    ("story_id", "string"),  # story_id_of(first_doc), as the store names stories
    ("first_doc", "string"),  # the story's earliest article
    ("block", "string"),  # id of the first document (smallest key) of the block clustered
)


def story_row(row: StoryRow) -> dict[str, Any]:
    """One ``stories`` row."""
    return {"doc_id": row.doc_id, "story_id": row.story_id, "first_doc": row.first_doc, "block": row.block}


def row_story(row: Mapping[str, Any]) -> StoryRow:
    """The :class:`StoryRow` of a ``stories`` row."""
    return StoryRow(row["doc_id"], row["story_id"], row["first_doc"], row["block"])


def _meta_json(meta: Mapping[str, Any]) -> str:
    """``meta`` serialised exactly as the SQLite store serialises it."""
    return json.dumps(dict(meta), ensure_ascii=False, default=str)


def article_row(key: int, article: Article) -> dict[str, Any]:
    """One ``documents`` row."""
    return {
        "key": key,
        "doc_id": article.id,
        "content_hash": article.content_hash,
        "text": article.text,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "title": article.title,
        "author": article.author,
        "origin": article.origin,
        "meta": _meta_json(article.meta),
    }


def row_article(row: Mapping[str, Any]) -> Article:
    """The :class:`Article` of a ``documents`` row (``meta`` decoded from JSON)."""
    meta = row.get("meta") or "{}"
    return Article(
        id=row["doc_id"],
        text=row["text"],
        source=row.get("source"),
        url=row.get("url"),
        published=row.get("published"),
        title=row.get("title"),
        author=row.get("author"),
        origin=row.get("origin"),
        meta=json.loads(meta) if isinstance(meta, str) else dict(meta),
    )


def link_row(link: ReuseLink) -> dict[str, Any]:
    """One ``links`` row."""
    p = link.passage
    subs = [
        {
            "a_start": s.a_start,
            "a_end": s.a_end,
            "b_start": s.b_start,
            "b_end": s.b_end,
            "a_text": s.a_text,
            "b_text": s.b_text,
        }
        for s in p.substitutions
    ]
    return {
        "doc_a": link.doc_a,
        "doc_b": link.doc_b,
        "a_start": p.a_start,
        "a_end": p.a_end,
        "b_start": p.b_start,
        "b_end": p.b_end,
        "score": p.score,
        "matched": p.matched,
        "substitutions": subs,
        "direction": link.direction.value,
        "reason": link.reason,
    }


def _field(value: Any, name: str) -> Any:
    return value[name] if isinstance(value, Mapping) else getattr(value, name)


def row_link(row: Mapping[str, Any]) -> ReuseLink:
    """The :class:`ReuseLink` of a ``links`` row (substitutions as dicts or Spark rows)."""
    subs = tuple(
        Substitution(*(_field(s, name) for name, _ in SUBSTITUTION_COLUMNS))
        for s in row.get("substitutions") or ()
    )
    passage = Passage(
        int(row["a_start"]),
        int(row["a_end"]),
        int(row["b_start"]),
        int(row["b_end"]),
        float(row["score"]),
        int(row["matched"]),
        subs,
    )
    return ReuseLink(row["doc_a"], row["doc_b"], passage, Direction(row["direction"]), row["reason"])


@dataclass(frozen=True, slots=True)
class Resolution:
    """Which occurrence of one document id is kept, as the SQLite store would keep it.

    Attributes:
        key: the processing-order key of the kept version.
        keep: index (into the occurrences given) of the version kept.
        duplicate: later occurrences with the text already held (ignored).
        replaced: later occurrences with a different text (each replaced the one held).
    """

    key: int
    keep: int
    duplicate: int
    replaced: int


def resolve_versions(occurrences: Sequence[tuple[int, str]]) -> Resolution:
    """Resolve the ``(ordinal, content_hash)`` occurrences of one id in reading order.

    This is the store's rule (``SQLiteStore.put_article``): the same id with the same text
    adds nothing; with a different text it replaces the document, which moves to the end
    of the processing order. The version kept is therefore the first one of the final run
    of equal texts, and its key is that occurrence's ordinal.

    Example:
        >>> resolve_versions([(5, "h1"), (9, "h1")])
        Resolution(key=5, keep=0, duplicate=1, replaced=0)
        >>> resolve_versions([(5, "h1"), (7, "h2"), (9, "h2")]).key
        7
    """
    if not occurrences:
        raise ValueError("resolve_versions needs at least one occurrence")
    order = sorted(range(len(occurrences)), key=lambda i: occurrences[i][0])
    duplicate = replaced = 0
    held = order[0]
    for i in order[1:]:
        if occurrences[i][1] == occurrences[held][1]:
            duplicate += 1
        else:
            replaced += 1
            held = i
    return Resolution(occurrences[held][0], held, duplicate, replaced)
