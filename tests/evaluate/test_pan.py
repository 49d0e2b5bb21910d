"""The PAN interface: pairs files, XML round trips, character offsets, parallel detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.align import align_texts
from newstrace.evaluate.baseline import align_difflib
from newstrace.evaluate.measures import Case
from newstrace.evaluate.pan import (
    DETECTION,
    TRUTH,
    PanPair,
    annotation_path,
    detect_pairs,
    evaluate_corpus,
    passages_to_cases,
    read_annotation_dir,
    read_annotations,
    read_pairs,
    read_text,
    write_annotations,
    write_pairs,
    write_text,
)
from newstrace.records import Passage

SUSP, SRC = "suspicious-document00001.txt", "source-document00001.txt"
SHARED = (
    "The ministry also said that the coalition's aviation tried to disturb Russia's Aerospace "
    "Forces near Abu Kamal to ensure safe exit of terrorists in the east of the country."
)


def test_read_pairs_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "pairs"
    path.write_text(f"{SUSP} {SRC}\n\n  suspicious-document00002.txt\t{SRC}  \n")
    assert read_pairs(path) == [PanPair(SUSP, SRC), PanPair("suspicious-document00002.txt", SRC)]


def test_read_pairs_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs"
    path.write_text(f"{SUSP} {SRC}\n{SUSP}\n")
    with pytest.raises(ValueError, match="line 2"):
        read_pairs(path)


def test_pairs_round_trip(tmp_path: Path) -> None:
    pairs = [
        PanPair(SUSP, SRC),
        PanPair("suspicious-document00009.txt", "source-document00003.txt"),
    ]
    write_pairs(tmp_path / "pairs", pairs)
    assert read_pairs(tmp_path / "pairs") == pairs


def test_annotation_path_joins_the_stems(tmp_path: Path) -> None:
    path = annotation_path(tmp_path, PanPair(SUSP, SRC))
    assert path.name == "suspicious-document00001-source-document00001.xml"


def test_xml_round_trip_keeps_offsets_and_obfuscation(tmp_path: Path) -> None:
    cases = [
        Case(SUSP, 120, 300, SRC, 0, 175, obfuscation="synonym-25"),
        Case(SUSP, 5, 90, SRC, 400, 480, obfuscation='odd "kind" & <more>'),
    ]
    path = tmp_path / "truth.xml"
    write_annotations(path, SUSP, cases, TRUTH)
    back = read_annotations(path, TRUTH)
    assert back == sorted(cases, key=lambda c: c.susp_start)
    assert [c.obfuscation for c in back] == ['odd "kind" & <more>', "synonym-25"]
    assert read_annotations(path, DETECTION) == []  # "plagiarism" is not a detection


def test_reads_pan_files_written_by_other_tools(tmp_path: Path) -> None:
    path = tmp_path / "det.xml"
    path.write_text(
        '<document reference="suspicious-document00001.txt">\n'
        '<feature name="about" authors="x"/>\n'
        '<feature name="detected-plagiarism" this_offset="10" this_length="5" '
        'source_reference="source-document00001.txt" source_offset="3" source_length="7"/>\n'
        '<feature name="plagiarism" type="artificial" obfuscation="random" this_language="en" '
        'this_offset="0" this_length="4" source_reference="source-document00002.txt" '
        'source_offset="1" source_length="2"/>\n'
        "</document>\n"
    )
    assert read_annotations(path) == [Case(SUSP, 10, 15, SRC, 3, 10)]
    truth = read_annotations(path, TRUTH)  # names ending in "plagiarism", as PAN's script
    assert [c.obfuscation for c in truth] == [None, "random"]


def test_bad_offset_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "det.xml"
    path.write_text(
        '<document reference="s.txt"><feature name="detected-plagiarism" this_offset="-1" '
        'this_length="5" source_reference="r.txt" source_offset="0" source_length="1"/></document>'
    )
    with pytest.raises(ValueError, match="this_offset"):
        read_annotations(path)


def test_offsets_count_characters_of_utf8_text_with_newlines_kept(tmp_path: Path) -> None:
    text = "Türkiye\r\nsaid “no”.\n"
    write_text(tmp_path / "doc.txt", text)
    assert (tmp_path / "doc.txt").read_bytes() == text.encode("utf-8")
    assert read_text(tmp_path / "doc.txt") == text
    assert read_text(tmp_path / "doc.txt").index("said") == 9


def test_passages_map_a_to_source_and_b_to_suspicious() -> None:
    passage = Passage(a_start=1, a_end=20, b_start=30, b_end=50, score=1.0, matched=5)
    empty = Passage(a_start=3, a_end=3, b_start=4, b_end=4, score=0.0, matched=0)
    cases = passages_to_cases([passage, empty], PanPair(SUSP, SRC))
    assert cases == [Case(SUSP, 30, 50, SRC, 1, 20)]


def _tiny_corpus(root: Path) -> list[PanPair]:
    for sub in ("src", "susp", "truth"):
        (root / sub).mkdir(parents=True)
    prefix = "Unrelated opening words about the weather in the hills today.\n"
    write_text(root / "src" / SRC, "Some other start of the source.\n" + SHARED + "\nEnd.")
    write_text(root / "susp" / SUSP, prefix + SHARED + "\nA closing line.")
    write_text(root / "susp" / "suspicious-document00002.txt", "Nothing in common here at all.")
    pairs = [PanPair(SUSP, SRC), PanPair("suspicious-document00002.txt", SRC)]
    write_pairs(root / "pairs", pairs)
    source_start = len("Some other start of the source.\n")
    truth = Case(
        SUSP,
        len(prefix),
        len(prefix) + len(SHARED),
        SRC,
        source_start,
        source_start + len(SHARED),
        "verbatim",
    )
    write_annotations(annotation_path(root / "truth", pairs[0]), SUSP, [truth], TRUTH)
    write_annotations(annotation_path(root / "truth", pairs[1]), pairs[1].suspicious, [], TRUTH)
    return pairs


def swap_aligner(a: str, b: str) -> list[Passage]:
    """Reports the whole of both texts: checks that a is the source and b the suspicious text."""
    assert "source" in a
    return [Passage(0, len(a), 0, len(b), 1.0, 1)]


def test_detect_pairs_in_process_calls_align_source_first(tmp_path: Path) -> None:
    pairs = _tiny_corpus(tmp_path / "corpus")
    run = detect_pairs(
        pairs,
        tmp_path / "corpus/src",
        tmp_path / "corpus/susp",
        tmp_path / "det",
        swap_aligner,
        workers=1,
        progress=False,
    )
    assert (run.pairs, run.detections, run.workers) == (2, 2, 1)
    assert run.pairs_per_core_second > 0
    found = read_annotation_dir(tmp_path / "det")
    assert {c.suspicious for c in found} == {SUSP, "suspicious-document00002.txt"}


def test_detect_pairs_in_worker_processes_and_evaluate(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    pairs = _tiny_corpus(corpus)
    run = detect_pairs(
        pairs,
        corpus / "src",
        corpus / "susp",
        tmp_path / "det",
        align_difflib,
        workers=2,
        progress=False,
    )
    assert run.workers == 2 and run.detections == 1
    result = evaluate_corpus(corpus, tmp_path / "det")
    assert result.overall.recall > 0.95 and result.overall.precision == 1
    assert list(result.by_kind) == ["verbatim"]
    assert (result.negative_pairs, result.negative_pairs_detected) == (1, 0)


def test_detect_pairs_refuses_unpicklable_aligners(tmp_path: Path) -> None:
    pairs = _tiny_corpus(tmp_path / "corpus")
    with pytest.raises(TypeError, match="module-level function"):
        detect_pairs(
            pairs,
            tmp_path / "corpus/src",
            tmp_path / "corpus/susp",
            tmp_path / "det",
            lambda a, b: [],
            workers=2,
            progress=False,
        )


def failing_aligner(a: str, b: str) -> list[Passage]:
    raise ValueError("boom")


def test_detect_pairs_names_the_failing_pair_and_goes_on(tmp_path: Path) -> None:
    pairs = _tiny_corpus(tmp_path / "corpus")
    run = detect_pairs(
        pairs[:1],
        tmp_path / "corpus/src",
        tmp_path / "corpus/susp",
        tmp_path / "det",
        failing_aligner,
        workers=1,
        progress=False,
    )
    assert len(run.failures) == 1
    assert run.failures[0].startswith(f"{SUSP} {SRC}: alignment failed") and "boom" in run.failures[0]
    assert not list((tmp_path / "det").glob("*.xml"))


def test_detect_pairs_reports_missing_and_undecodable_files(tmp_path: Path) -> None:
    pairs = _tiny_corpus(tmp_path / "corpus")
    (tmp_path / "corpus/susp" / pairs[0].suspicious).write_bytes(b"caf\xe9 latin-1 text")
    missing = PanPair(pairs[1].suspicious, "source-document09999.txt")
    run = detect_pairs(
        [pairs[0], missing], tmp_path / "corpus/src", tmp_path / "corpus/susp", tmp_path / "det",
        align_texts, workers=1, progress=False,
    )
    assert len(run.failures) == 2
    assert any("not UTF-8" in f and f.startswith(pairs[0].suspicious) for f in run.failures)
    assert any("No such file" in f and f.endswith("source-document09999.txt") for f in run.failures)
