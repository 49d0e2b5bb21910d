"""The PAN text-alignment interface: pairs file, detection and truth XML, parallel detection.

Layout (PAN 2013-2015 text alignment):

- ``pairs``: one line per pair, ``suspicious-documentNNNNN.txt source-documentMMMMM.txt``.
- one XML file per pair, ``suspicious-documentNNNNN-source-documentMMMMM.xml``::

      <document reference="suspicious-documentNNNNN.txt">
      <feature name="detected-plagiarism" this_offset="5" this_length="120"
               source_reference="source-documentMMMMM.txt" source_offset="9" source_length="118"/>
      </document>

  Truth files use ``name="plagiarism"`` and may carry ``obfuscation="..."``.

Offsets and lengths count characters of the files decoded as UTF-8 (Python ``str`` indices),
with newlines kept as they are in the file.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from newstrace.evaluate.measures import Case, Evaluation, evaluate
from newstrace.records import Passage

__all__ = [
    "DETECTION",
    "TRUTH",
    "AlignFn",
    "DetectionRun",
    "PanPair",
    "annotation_path",
    "detect_pair",
    "detect_pairs",
    "evaluate_corpus",
    "evaluate_dirs",
    "passages_to_cases",
    "read_annotation_dir",
    "read_annotations",
    "read_pairs",
    "read_text",
    "write_annotations",
    "write_pairs",
    "write_text",
]

DETECTION = "detected-plagiarism"
TRUTH = "plagiarism"

AlignFn = Callable[[str, str], list[Passage]]
"""``align(source_text, suspicious_text)``: Passage ``a_*`` = source, ``b_*`` = suspicious."""


@dataclass(frozen=True, slots=True)
class PanPair:
    """One line of a PAN pairs file: a suspicious document and a source document (file names)."""

    suspicious: str
    source: str

    @property
    def key(self) -> tuple[str, str]:
        """``(suspicious, source)``, as in :attr:`Case.pair`."""
        return (self.suspicious, self.source)


@dataclass(frozen=True, slots=True)
class DetectionRun:
    """What a detection run did and how long it took.

    Attributes:
        pairs: pairs aligned.
        detections: detections written.
        wall_seconds: elapsed time of the whole run.
        busy_seconds: CPU seconds spent on the pairs (reading, aligning, writing), summed over
            all workers; unlike wall time it does not grow when other jobs share the cores.
        workers: worker processes used (1 = in the calling process).
        failures: one line per pair that could not be aligned (a missing or undecodable
            file); no detection file is written for it and the other pairs go on.
    """

    pairs: int
    detections: int
    wall_seconds: float
    busy_seconds: float
    workers: int
    failures: tuple[str, ...] = ()

    @property
    def pairs_per_core_second(self) -> float:
        """Throughput of one core: pairs divided by the summed per-pair time."""
        return self.pairs / self.busy_seconds if self.busy_seconds > 0 else 0.0


def read_text(path: Path) -> str:
    """Read a document as PAN counts it: UTF-8, newlines untranslated."""
    return Path(path).read_bytes().decode("utf-8")


def write_text(path: Path, text: str) -> None:
    """Write a document so that :func:`read_text` gives back ``text`` exactly."""
    Path(path).write_bytes(text.encode("utf-8"))


def read_pairs(path: Path) -> list[PanPair]:
    """Read a PAN pairs file; blank lines are skipped.

    Raises:
        ValueError: a line does not hold exactly two file names.
    """
    pairs = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 2:
            raise ValueError(
                f"{path}: line {number}: expected 'suspicious-documentN.txt source-documentM.txt', "
                f"got {line!r}"
            )
        pairs.append(PanPair(fields[0], fields[1]))
    return pairs


def write_pairs(path: Path, pairs: Iterable[PanPair]) -> None:
    """Write a PAN pairs file, one ``suspicious source`` line per pair."""
    write_text(path, "".join(f"{p.suspicious} {p.source}\n" for p in pairs))


def annotation_path(directory: Path, pair: PanPair) -> Path:
    """The XML file of a pair: ``<suspicious stem>-<source stem>.xml`` in ``directory``."""
    return Path(directory) / f"{Path(pair.suspicious).stem}-{Path(pair.source).stem}.xml"


def _int_attribute(node: ET.Element, name: str, path: Path) -> int:
    value = node.get(name)
    if value is None or not value.strip().isdigit():
        raise ValueError(f"{path}: feature attribute {name}={value!r} is not a non-negative integer")
    return int(value)


def read_annotations(path: Path, name: str = DETECTION) -> list[Case]:
    """Read the cases of one PAN XML file.

    Features are kept when their ``name`` ends with ``name`` (as PAN's script does) and they
    carry a source reference; intrinsic features (no source) are skipped.
    """
    try:
        root = ET.fromstring(Path(path).read_bytes())
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML ({exc})") from exc
    reference = root.get("reference")
    if root.tag != "document" or reference is None:
        raise ValueError(f'{path}: expected <document reference="...">, got <{root.tag}>')
    cases = []
    for node in root.iter("feature"):
        if not node.get("name", "").endswith(name) or node.get("source_reference") is None:
            continue
        this_offset = _int_attribute(node, "this_offset", path)
        source_offset = _int_attribute(node, "source_offset", path)
        cases.append(
            Case(
                suspicious=reference,
                susp_start=this_offset,
                susp_end=this_offset + _int_attribute(node, "this_length", path),
                source=node.get("source_reference", ""),
                src_start=source_offset,
                src_end=source_offset + _int_attribute(node, "source_length", path),
                obfuscation=node.get("obfuscation"),
            )
        )
    return cases


def write_annotations(path: Path, suspicious: str, cases: Iterable[Case], name: str = DETECTION) -> None:
    """Write one PAN XML file for the suspicious document ``suspicious``.

    Cases are written in suspicious-offset order; ``obfuscation`` is written when set.
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<document reference={quoteattr(suspicious)}>",
    ]
    for case in sorted(cases, key=lambda c: (c.susp_start, c.susp_end, c.src_start, c.src_end)):
        if case.suspicious != suspicious:
            raise ValueError(f"case of {case.suspicious!r} written to the file of {suspicious!r}")
        obfuscation = f" obfuscation={quoteattr(case.obfuscation)}" if case.obfuscation else ""
        lines.append(
            f"<feature name={quoteattr(name)}{obfuscation}"
            f' this_offset="{case.susp_start}" this_length="{case.susp_end - case.susp_start}"'
            f" source_reference={quoteattr(case.source)}"
            f' source_offset="{case.src_start}" source_length="{case.src_end - case.src_start}"/>'
        )
    lines.append("</document>\n")
    write_text(path, "\n".join(lines))


def read_annotation_dir(directory: Path, name: str = DETECTION) -> list[Case]:
    """Read the cases of every ``*.xml`` file in ``directory`` (sorted by file name)."""
    return [case for path in sorted(Path(directory).glob("*.xml")) for case in read_annotations(path, name)]


def passages_to_cases(passages: Iterable[Passage], pair: PanPair) -> list[Case]:
    """Turn aligner output (``a`` = source, ``b`` = suspicious) into detections of ``pair``."""
    return [
        Case(pair.suspicious, p.b_start, p.b_end, pair.source, p.a_start, p.a_end)
        for p in passages
        if p.b_end > p.b_start and p.a_end > p.a_start
    ]


def detect_pair(align: AlignFn, pair: PanPair, src_dir: Path, susp_dir: Path, out_dir: Path) -> int:
    """Align one pair (``align(source, suspicious)``), write its detection XML, return the count."""
    source = read_text(Path(src_dir) / pair.source)
    suspicious = read_text(Path(susp_dir) / pair.suspicious)
    cases = passages_to_cases(align(source, suspicious), pair)
    target = annotation_path(out_dir, pair)
    partial = target.with_name(target.name + ".part")
    write_annotations(partial, pair.suspicious, cases)
    partial.replace(target)  # a killed run never leaves a half-written detection file
    return len(cases)


def _timed_detect(
    align: AlignFn, pair: PanPair, src_dir: Path, susp_dir: Path, out_dir: Path
) -> tuple[int, float, str | None]:
    """``(detections, cpu seconds, failure)``; a failing pair is named and the run goes on."""
    started = time.process_time()
    names = f"{pair.suspicious} {pair.source}"
    try:
        found = detect_pair(align, pair, src_dir, susp_dir, out_dir)
    except UnicodeDecodeError as exc:
        failure = f"{names}: not UTF-8 ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        failure = f"{names}: {exc.strerror}: {exc.filename}"
    except Exception as exc:  # an aligner bug: name the pair, keep the other pairs going
        failure = f"{names}: alignment failed: {exc!r}"
    else:
        return found, time.process_time() - started, None
    return 0, time.process_time() - started, failure


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _start_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _check_picklable(align: AlignFn) -> None:
    try:
        pickle.dumps(align)
    except Exception as exc:
        raise TypeError(
            f"align={align!r} cannot be sent to worker processes ({exc}); pass a module-level "
            "function (or functools.partial of one), or use workers=1"
        ) from exc


def _submit_all(
    executor: Executor, align: AlignFn, pairs: Sequence[PanPair], dirs: tuple[Path, Path, Path]
) -> list[Future[tuple[int, float, str | None]]]:
    return [executor.submit(_timed_detect, align, pair, *dirs) for pair in pairs]


def detect_pairs(
    pairs: Sequence[PanPair],
    src_dir: Path,
    susp_dir: Path,
    out_dir: Path,
    align: AlignFn,
    workers: int = 0,
    progress: bool = True,
) -> DetectionRun:
    """Align every pair and write one detection XML per pair into ``out_dir``.

    Args:
        pairs: the pairs to align (see :func:`read_pairs`).
        src_dir, susp_dir: folders holding the source and suspicious documents.
        out_dir: where the detection files go (created if missing).
        align: ``align(source_text, suspicious_text) -> list[Passage]``; must be picklable
            (a module-level function) when ``workers != 1``.
        workers: worker processes; 0 means one per available core, 1 runs in this process.
        progress: show a rich progress bar on stderr.
    """
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    workers = workers or _cpu_count()
    dirs = (Path(src_dir), Path(susp_dir), Path(out_dir))
    started = time.perf_counter()
    results: list[tuple[int, float, str | None]] = []
    with _progress_bar(progress, len(pairs)) as advance:
        if workers == 1:
            for pair in pairs:
                results.append(_timed_detect(align, pair, *dirs))
                advance()
        else:
            _check_picklable(align)
            # not fork: forking a process that runs threads (the pool's, the progress bar's)
            # can deadlock; Python 3.14 makes the same choice by default
            with ProcessPoolExecutor(max_workers=workers, mp_context=_start_context()) as executor:
                for future in as_completed(_submit_all(executor, align, pairs, dirs)):
                    results.append(future.result())
                    advance()
    return DetectionRun(
        pairs=len(pairs),
        detections=sum(found for found, _, _ in results),
        wall_seconds=time.perf_counter() - started,
        busy_seconds=sum(seconds for _, seconds, _ in results),
        workers=workers,
        failures=tuple(sorted(failure for _, _, failure in results if failure)),
    )


@contextmanager
def _progress_bar(enabled: bool, total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr (or nothing); yields the ``advance()`` callable."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), disable=not enabled) as bar:
        task = bar.add_task("aligning pairs", total=total)
        yield lambda: bar.advance(task)


def evaluate_dirs(
    truth_dir: Path, detections_dir: Path, pairs: Sequence[PanPair] | None = None
) -> Evaluation:
    """Score the detection XML in ``detections_dir`` against the truth XML in ``truth_dir``.

    With ``pairs``, only the listed pairs count and listed pairs without truth cases are the
    negatives; without it, every file in both folders counts and there are no negatives.
    """
    truth = read_annotation_dir(truth_dir, TRUTH)
    found = read_annotation_dir(detections_dir, DETECTION)
    if pairs is None:
        return evaluate(truth, found)
    listed = {p.key for p in pairs}
    return evaluate(
        [c for c in truth if c.pair in listed], [d for d in found if d.pair in listed], [p.key for p in pairs]
    )


def evaluate_corpus(corpus_dir: Path, detections_dir: Path) -> Evaluation:
    """Score the detection XML in ``detections_dir`` against a PAN corpus folder.

    ``corpus_dir`` holds ``pairs`` and ``truth/``; pairs without truth cases are negatives.
    Detections of pairs not listed in ``pairs`` are ignored.
    """
    return evaluate_dirs(Path(corpus_dir) / "truth", detections_dir, read_pairs(Path(corpus_dir) / "pairs"))
