"""Rows of the store's tables to records and back."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution

__all__ = ["article_of", "link_of", "link_row"]


def article_of(row: sqlite3.Row | tuple[Any, ...]) -> Article:
    _, doc_id, text, source, url, published, title, author, origin, meta = row
    return Article(doc_id, text, source, url, published, title, author, origin, json.loads(meta))



def link_row(ka: int, kb: int, link: ReuseLink) -> tuple[Any, ...]:
    p = link.passage
    subs = [[s.a_start, s.a_end, s.b_start, s.b_end, s.a_text, s.b_text] for s in p.substitutions]
    return (
        ka,
        kb,
        p.a_start,
        p.a_end,
        p.b_start,
        p.b_end,
        p.score,
        p.matched,
        json.dumps(subs, ensure_ascii=False),
        link.direction.value,
        link.reason,
        link.confidence,
    )


def link_of(row: tuple[Any, ...]) -> ReuseLink:
    doc_a, doc_b, a0, a1, b0, b1, score, matched, subs, direction, reason, confidence = row
    substitutions = tuple(Substitution(*s) for s in json.loads(subs))
    passage = Passage(a0, a1, b0, b1, score, matched, substitutions)
    return ReuseLink(doc_a, doc_b, passage, Direction(direction), reason, float(confidence))
