"""Outlet profiles: how much of each outlet's text is copied from other outlets, and spun.

The outlet of an article is its ``source`` (passim's ``series``), else the site of its URL.
Reuse between two articles of the same outlet is its own boilerplate and is not counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from newstrace.provenance.model import OutletProfile, OutletSource
from newstrace.records import Article, ReuseLink

__all__ = ["outlet_of", "outlet_profiles"]


def outlet_of(article: Article) -> str | None:
    """The outlet: ``source`` if set, else the URL's host without ``www.``, else ``None``.

    Example:
        >>> outlet_of(Article("a", "t", url="https://www.ansamed.info/x.html"))
        'ansamed.info'
    """
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url if "//" in article.url else "//" + article.url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def _union(spans: list[tuple[int, int]]) -> int:
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


def outlet_profiles(articles: Iterable[Article], links: Iterable[ReuseLink]) -> list[OutletProfile]:
    """Profile every outlet that has documents; highest copied share first.

    A document's copied characters are the union of its spans in links whose source is a
    document of another outlet. ``spun_share`` is the share of the copied passages' aligned
    words that were substituted.
    """
    outlet: dict[str, str] = {}
    docs: dict[str, int] = defaultdict(int)
    chars: dict[str, int] = defaultdict(int)
    for a in articles:
        name = outlet_of(a)
        if name is None:
            continue
        outlet[a.id] = name
        docs[name] += 1
        chars[name] += len(a.text)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    by_source: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    words: dict[str, int] = defaultdict(int)
    spun: dict[str, int] = defaultdict(int)
    for lk in links:
        src = lk.source
        if src is None:
            continue
        copy = lk.doc_b if src == lk.doc_a else lk.doc_a
        mine, theirs = outlet.get(copy), outlet.get(src)
        if mine is None or theirs is None or mine == theirs:
            continue
        p = lk.passage
        span = (p.b_start, p.b_end) if copy == lk.doc_b else (p.a_start, p.a_end)
        spans[copy].append(span)
        by_source[(copy, theirs)].append(span)
        words[mine] += p.matched + len(p.substitutions)
        spun[mine] += len(p.substitutions)
    copied = _per_outlet({d: _union(s) for d, s in spans.items()}, outlet)
    from_whom: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (copy, theirs), s in by_source.items():
        from_whom[outlet[copy]][theirs] += _union(s)
    profiles = []
    for name in docs:
        total = max(1, chars[name])
        sources = sorted(((o, n / total) for o, n in from_whom[name].items()), key=lambda x: (-x[1], x[0]))
        profiles.append(
            OutletProfile(
                name,
                docs[name],
                chars[name],
                copied.get(name, 0) / total,
                spun[name] / words[name] if words[name] else 0.0,
                tuple(OutletSource(o, s) for o, s in sources),
            )
        )
    profiles.sort(key=lambda p: (-p.copied_share, p.outlet))
    return profiles


def _per_outlet(per_doc: Mapping[str, int], outlet: Mapping[str, str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for doc, n in per_doc.items():
        out[outlet[doc]] += n
    return out
