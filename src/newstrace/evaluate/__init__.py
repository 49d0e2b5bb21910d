"""evaluate stage: PAN text-alignment interface, PAN measures, baseline and benchmark corpus.

Example:
    >>> from newstrace.evaluate import Case, score
    >>> case = Case("suspicious-document00001.txt", 0, 100, "source-document00001.txt", 0, 100)
    >>> score([case], [case]).plagdet
    1.0
"""

from newstrace.evaluate.baseline import BaselineConfig, align_difflib
from newstrace.evaluate.measures import (
    Case,
    Evaluation,
    Scores,
    evaluate,
    granularity,
    macro_precision,
    macro_recall,
    plagdet,
    score,
)
from newstrace.evaluate.pan import (
    DETECTION,
    TRUTH,
    AlignFn,
    DetectionRun,
    PanPair,
    annotation_path,
    detect_pair,
    detect_pairs,
    evaluate_corpus,
    evaluate_dirs,
    passages_to_cases,
    read_annotation_dir,
    read_annotations,
    read_pairs,
    read_text,
    write_annotations,
    write_pairs,
    write_text,
)

__all__ = [
    "DETECTION",
    "TRUTH",
    "AlignFn",
    "BaselineConfig",
    "Case",
    "DetectionRun",
    "Evaluation",
    "PanPair",
    "Scores",
    "align_difflib",
    "annotation_path",
    "detect_pair",
    "detect_pairs",
    "evaluate",
    "evaluate_corpus",
    "evaluate_dirs",
    "granularity",
    "macro_precision",
    "macro_recall",
    "passages_to_cases",
    "plagdet",
    "read_annotation_dir",
    "read_annotations",
    "read_pairs",
    "read_text",
    "score",
    "write_annotations",
    "write_pairs",
    "write_text",
]
