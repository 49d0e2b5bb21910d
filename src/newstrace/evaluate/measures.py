"""PAN text-alignment measures: macro precision and recall, granularity and plagdet.

The definitions follow Potthast et al. (2010), "An Evaluation Framework for Plagiarism
Detection", as implemented by PAN's official ``perfmeasures`` script (used unchanged for the
2013-2015 text alignment tasks):

- A case (or a detection) is a pair of character sets: a span of the suspicious document and
  a span of the source document.
- A detection *detects* a case when both belong to the same document pair and they overlap on
  the suspicious side **and** on the source side.
- Recall of a case = characters of the case (suspicious + source) covered by the detections
  that detect it, divided by the case's characters; macro recall averages over all cases.
  Precision is the same with the roles of cases and detections swapped.
- Granularity = mean number of detections per detected case (1 when nothing is detected).
- plagdet = F1(precision, recall) / log2(1 + granularity).

As in the official script, exact duplicate annotations count once (it reads them into a set),
and with no cases and no detections both precision and recall are 1; with only one of the two
empty both are 0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Case",
    "Evaluation",
    "Scores",
    "evaluate",
    "granularity",
    "macro_precision",
    "macro_recall",
    "plagdet",
    "score",
]

_PairKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Case:
    """A plagiarism case (truth) or a detection: two half-open character spans.

    Attributes:
        suspicious: the suspicious document's name (``suspicious-document00001.txt``).
        susp_start, susp_end: the span in the suspicious document.
        source: the source document's name.
        src_start, src_end: the span in the source document.
        obfuscation: the obfuscation kind of a truth case (``verbatim``, ``synonym-25``),
            ``None`` for detections and for truth without the attribute.
    """

    suspicious: str
    susp_start: int
    susp_end: int
    source: str
    src_start: int
    src_end: int
    obfuscation: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.susp_start <= self.susp_end or not 0 <= self.src_start <= self.src_end:
            raise ValueError(
                "Case spans must satisfy 0 <= start <= end, got suspicious "
                f"[{self.susp_start}, {self.susp_end}) and source "
                f"[{self.src_start}, {self.src_end})"
            )

    @property
    def pair(self) -> tuple[str, str]:
        """The ``(suspicious, source)`` document pair."""
        return (self.suspicious, self.source)

    @property
    def chars(self) -> int:
        """Characters on both sides: suspicious span plus source span."""
        return (self.susp_end - self.susp_start) + (self.src_end - self.src_start)


@dataclass(frozen=True, slots=True)
class Scores:
    """PAN scores of a set of detections against a set of cases.

    Attributes:
        precision, recall: macro-averaged character precision and recall, 0..1.
        granularity: mean detections per detected case, >= 1.
        plagdet: F1 / log2(1 + granularity).
        cases, detections: how many distinct cases and detections were scored.
        detected_cases: cases detected by at least one detection.
    """

    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int
    detected_cases: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A corpus evaluation: overall scores, scores per obfuscation kind, and negatives.

    Attributes:
        overall: all cases against all detections (detections in negative pairs lower
            the precision).
        by_kind: per obfuscation kind of the truth cases, sorted by kind.
        negative_pairs: listed pairs without any truth case.
        negative_pairs_detected: negative pairs that got at least one detection.
    """

    overall: Scores
    by_kind: Mapping[str, Scores]
    negative_pairs: int
    negative_pairs_detected: int

    @property
    def negative_detected_share(self) -> float:
        """Share of negative pairs with any detection (0 when there are no negatives)."""
        return self.negative_pairs_detected / self.negative_pairs if self.negative_pairs else 0.0


def _unique(annotations: Iterable[Case]) -> list[Case]:
    return list(dict.fromkeys(annotations))


def _detects(a: Case, b: Case) -> bool:
    """Whether two annotations of the same pair overlap on both sides (PAN's ``is_overlapping``)."""
    return (
        a.suspicious == b.suspicious
        and a.source == b.source
        and b.susp_end > a.susp_start
        and b.susp_start < a.susp_end
        and b.src_end > a.src_start
        and b.src_start < a.src_end
    )


def _covered(start: int, end: int, spans: Iterable[tuple[int, int]]) -> int:
    """Number of characters of ``[start, end)`` covered by the union of ``spans``."""
    clipped = sorted((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
    total, reach = 0, start
    for s, e in clipped:
        s = max(s, reach)
        if e > s:
            total += e - s
            reach = e
    return total


def _by_pair(annotations: Iterable[Case]) -> dict[_PairKey, list[Case]]:
    index: dict[_PairKey, list[Case]] = defaultdict(list)
    for annotation in annotations:
        index[annotation.pair].append(annotation)
    return index


def _mean_coverage(targets: Sequence[Case], others: Sequence[Case]) -> float:
    """Mean over ``targets`` of the share of each target's characters covered by ``others``."""
    if not targets and not others:
        return 1.0
    if not targets or not others:
        return 0.0
    index = _by_pair(others)
    total = 0.0
    for target in targets:
        hits = [o for o in index.get(target.pair, ()) if _detects(target, o)]
        if not hits or not target.chars:
            continue
        covered = _covered(target.susp_start, target.susp_end, [(h.susp_start, h.susp_end) for h in hits])
        covered += _covered(target.src_start, target.src_end, [(h.src_start, h.src_end) for h in hits])
        total += covered / target.chars
    return total / len(targets)


def macro_recall(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Macro-averaged character recall of ``detections`` over ``cases``.

    Example:
        >>> case = Case("s.txt", 0, 100, "r.txt", 0, 100)
        >>> macro_recall([case], [Case("s.txt", 0, 50, "r.txt", 0, 50)])
        0.5
    """
    return _mean_coverage(_unique(cases), _unique(detections))


def macro_precision(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Macro-averaged character precision: recall with cases and detections swapped."""
    return _mean_coverage(_unique(detections), _unique(cases))


def _detections_per_case(cases: Sequence[Case], detections: Sequence[Case]) -> list[int]:
    index = _by_pair(detections)
    return [sum(_detects(case, d) for d in index.get(case.pair, ())) for case in cases]


def granularity(cases: Iterable[Case], detections: Iterable[Case]) -> float:
    """Mean number of detections per detected case; 1 when no case is detected.

    Example:
        >>> case = Case("s.txt", 0, 100, "r.txt", 0, 100)
        >>> first = Case("s.txt", 0, 50, "r.txt", 0, 50)
        >>> second = Case("s.txt", 50, 100, "r.txt", 50, 100)
        >>> granularity([case], [first, second])
        2.0
    """
    counts = [n for n in _detections_per_case(_unique(cases), _unique(detections)) if n]
    return sum(counts) / len(counts) if counts else 1.0


def plagdet(precision: float, recall: float, granularity: float) -> float:
    """PAN's overall score: F1 of precision and recall divided by log2(1 + granularity)."""
    if precision <= 0 or recall <= 0 or granularity < 1:
        return 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + granularity)


def score(cases: Iterable[Case], detections: Iterable[Case]) -> Scores:
    """All PAN measures of ``detections`` against ``cases``.

    Example:
        >>> case = Case("s.txt", 0, 100, "r.txt", 0, 100)
        >>> score([case], [case]).plagdet
        1.0
    """
    unique_cases, unique_detections = _unique(cases), _unique(detections)
    precision = macro_precision(unique_cases, unique_detections)
    recall = macro_recall(unique_cases, unique_detections)
    gran = granularity(unique_cases, unique_detections)
    detected = sum(1 for n in _detections_per_case(unique_cases, unique_detections) if n)
    return Scores(
        precision=precision,
        recall=recall,
        granularity=gran,
        plagdet=plagdet(precision, recall, gran),
        cases=len(unique_cases),
        detections=len(unique_detections),
        detected_cases=detected,
    )


def _detection_kinds(detection: Case, pair_cases: Sequence[Case]) -> set[str]:
    """The kinds a detection is scored under: those of the cases it detects, else its pair's."""
    hit = {c.obfuscation for c in pair_cases if c.obfuscation and _detects(c, detection)}
    return hit or {c.obfuscation for c in pair_cases if c.obfuscation}


def evaluate(
    cases: Iterable[Case],
    detections: Iterable[Case],
    pairs: Iterable[tuple[str, str]] = (),
) -> Evaluation:
    """Score a corpus overall, per obfuscation kind, and count negative pairs with detections.

    A detection counts under the kinds of the cases it detects; a false positive counts under
    the kinds of its pair's cases. Detections in pairs without cases count only overall.

    Args:
        cases: truth cases, with ``obfuscation`` set where the truth carries it.
        detections: the system's detections.
        pairs: the ``(suspicious, source)`` pairs of the corpus; those without a truth case
            are the negatives.
    """
    unique_cases, unique_detections = _unique(cases), _unique(detections)
    cases_by_pair = _by_pair(unique_cases)
    kinds = sorted({c.obfuscation for c in unique_cases if c.obfuscation})
    detections_by_kind: dict[str, list[Case]] = defaultdict(list)
    for detection in unique_detections:
        for kind in _detection_kinds(detection, cases_by_pair.get(detection.pair, ())):
            detections_by_kind[kind].append(detection)
    by_kind = {
        kind: score([c for c in unique_cases if c.obfuscation == kind], detections_by_kind[kind])
        for kind in kinds
    }
    negatives = [p for p in dict.fromkeys(pairs) if p not in cases_by_pair]
    detected_pairs = {d.pair for d in unique_detections}
    return Evaluation(
        overall=score(unique_cases, unique_detections),
        by_kind=by_kind,
        negative_pairs=len(negatives),
        negative_pairs_detected=sum(1 for p in negatives if p in detected_pairs),
    )
