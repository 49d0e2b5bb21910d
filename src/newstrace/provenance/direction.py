"""Who copied whom: the earlier publication is the source; equal or missing times say so."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from newstrace.records import Article, Direction

__all__ = ["decide_direction", "parse_published"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_published(value: str | None) -> tuple[datetime, int] | None:
    """Parse an ISO 8601 date or time into ``(instant, precision)``.

    Precision is 1 for a year, 2 for a month, 3 for a day and 4 for a time. Times without
    a zone are taken as UTC. Returns ``None`` for missing or unreadable values.

    Example:
        >>> parse_published("2017-11-14")[1], parse_published("2017-11-14T16:04+01:00")[1]
        (3, 4)
    """
    if not value:
        return None
    text = value.strip()
    try:
        if _DATE.match(text):
            parts = text.split("-")
            padded = "-".join(parts + ["01"] * (3 - len(parts)))
            return datetime.fromisoformat(padded).replace(tzinfo=UTC), len(parts)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment, 4


def _truncate(moment: datetime, precision: int) -> tuple[int, ...]:
    utc = moment.astimezone(UTC) if precision == 4 else moment
    full = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    return full[: min(precision, 3)] if precision < 4 else full


def decide_direction(a: Article, b: Article) -> tuple[Direction, str]:
    """Which of two documents that share a passage is the source, and why.

    Dates are compared at the coarser precision of the two: ``2017-11-14`` and
    ``2017-11-14T16:04`` are the same day, so the answer is undetermined rather than a guess.
    """
    pa, pb = parse_published(a.published), parse_published(b.published)
    if pa is None or pb is None:
        missing = " and ".join(d.id for d, p in ((a, pa), (b, pb)) if p is None)
        return Direction.UNDETERMINED, f"no publication date for {missing}"
    precision = min(pa[1], pb[1])
    ta, tb = _truncate(pa[0], precision), _truncate(pb[0], precision)
    if ta < tb:
        return Direction.A_TO_B, f"{a.id} published first ({a.published} < {b.published})"
    if tb < ta:
        return Direction.B_TO_A, f"{b.id} published first ({b.published} < {a.published})"
    return Direction.UNDETERMINED, f"same publication date ({a.published}, {b.published})"
