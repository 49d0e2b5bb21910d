"""Render PAN evaluations: a Markdown table per kind, and plain JSON values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from newstrace.evaluate.measures import Evaluation, Scores
from newstrace.evaluate.synth.generate import KINDS

__all__ = ["evaluation_dict", "evaluation_table"]

_HEADER = [
    "| system | kind | pairs | plagdet | precision | recall | granularity | neg. detected |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
]


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def _negatives(evaluation: Evaluation) -> str:
    if not evaluation.negative_pairs:
        return "–"
    share = evaluation.negative_detected_share
    return f"{evaluation.negative_pairs_detected}/{evaluation.negative_pairs} ({share:.0%})"


def _row(system: str, kind: str, pairs: int | str, scores: Scores | None, negatives: str) -> str:
    if scores is None:
        measures = ["–"] * 4
    else:
        measures = [f"{scores.plagdet:.3f}", f"{scores.precision:.3f}", f"{scores.recall:.3f}"]
        measures.append(f"{scores.granularity:.3f}")
    return "| " + " | ".join([system, kind, str(pairs), *measures, negatives]) + " |"


def evaluation_table(
    results: Sequence[tuple[str, Evaluation]],
    pairs_by_kind: Mapping[str, int] | None = None,
    total_pairs: Mapping[str, int] | None = None,
) -> str:
    """A Markdown table: one row per system and obfuscation kind, negatives, then all.

    ``pairs_by_kind`` gives the pair counts per kind (the truth cases are shown otherwise);
    ``total_pairs`` the pairs each system ran.

    Example:
        >>> from newstrace.evaluate import Case, evaluate
        >>> c = Case("s.txt", 0, 10, "r.txt", 0, 10, obfuscation="verbatim")
        >>> print(evaluation_table([("x", evaluate([c], [c]))]).splitlines()[2])
        | x | verbatim | 1 | 1.000 | 1.000 | 1.000 | 1.000 | – |
    """
    lines = list(_HEADER)
    for system, evaluation in results:
        for kind in sorted(evaluation.by_kind, key=_kind_order):
            scores = evaluation.by_kind[kind]
            pairs = (pairs_by_kind or {}).get(kind, scores.cases)
            lines.append(_row(system, kind, pairs, scores, "–"))
        if evaluation.negative_pairs:
            lines.append(_row(system, "negative", evaluation.negative_pairs, None, _negatives(evaluation)))
        total: int | str = (total_pairs or {}).get(system, "")
        lines.append(_row(system, "**all**", total, evaluation.overall, _negatives(evaluation)))
    return "\n".join(lines)


def _scores(scores: Scores) -> dict[str, Any]:
    return {
        "plagdet": scores.plagdet,
        "precision": scores.precision,
        "recall": scores.recall,
        "granularity": scores.granularity,
        "cases": scores.cases,
        "detections": scores.detections,
        "detected_cases": scores.detected_cases,
    }


def evaluation_dict(evaluation: Evaluation) -> dict[str, Any]:
    """Plain JSON values: ``overall``, ``by_kind`` and the negatives."""
    return {
        "overall": _scores(evaluation.overall),
        "by_kind": {k: _scores(evaluation.by_kind[k]) for k in sorted(evaluation.by_kind, key=_kind_order)},
        "negative_pairs": evaluation.negative_pairs,
        "negative_pairs_detected": evaluation.negative_pairs_detected,
    }
