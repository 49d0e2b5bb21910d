"""The benchmark corpus generator: layout, truth offsets per kind, negatives, determinism."""

from __future__ import annotations

import difflib
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from newstrace.evaluate.pan import TRUTH, annotation_path, read_annotations, read_pairs, read_text
from newstrace.evaluate.synth import GeneratedPair, GeneratorConfig, generate
from newstrace.evaluate.synth.corpus import shares_run

from .conftest import PLAIN_KINDS, REPO, SEEDS, need_wordnet

Corpus = tuple[Path, list[GeneratedPair]]


def _texts(root: Path, pair: GeneratedPair) -> tuple[str, str]:
    return read_text(root / "src" / pair.pair.source), read_text(root / "susp" / pair.pair.suspicious)


def _spans(root: Path, pair: GeneratedPair) -> tuple[str, str]:
    """(source span text, suspicious span text) of the pair's single truth case."""
    source, suspicious = _texts(root, pair)
    [case] = pair.cases
    return source[case.src_start : case.src_end], suspicious[case.susp_start : case.susp_end]


def _changed_source_words(source: str, spun: str) -> int:
    a, b = source.split(), spun.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag != "equal")


def _blocks_changed(source: str, spun: str) -> int:
    a, b = source.split(), spun.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(1 for tag, *_ in ops if tag != "equal")


def test_config_is_validated() -> None:
    with pytest.raises(ValueError, match="kinds"):
        GeneratorConfig(kinds=("verbatim", "paraphrase"))
    with pytest.raises(ValueError, match="distinct"):
        GeneratorConfig(kinds=("verbatim", "verbatim"))
    with pytest.raises(ValueError, match="composite"):
        GeneratorConfig(pairs_per_kind=1)
    with pytest.raises(ValueError, match="min_words"):
        GeneratorConfig(min_words=300, max_words=200)


def test_missing_corpus_says_what_to_pass(tmp_path: Path) -> None:
    config = GeneratorConfig(kinds=("verbatim",), corpus=tmp_path / "none.jsonl")
    with pytest.raises(FileNotFoundError, match="corpus="):
        generate(config, tmp_path / "out")


def test_layout_and_truth_files(plain_corpus: Corpus) -> None:
    root, pairs = plain_corpus
    assert Counter(p.kind for p in pairs) == {kind: 3 for kind in PLAIN_KINDS}
    assert [(p.suspicious, p.source) for p in read_pairs(root / "pairs")] == [
        (p.pair.suspicious, p.pair.source) for p in pairs
    ]
    for pair in pairs:
        truth = read_annotations(annotation_path(root / "truth", pair.pair), TRUTH)
        assert truth == list(pair.cases)
        assert all(case.obfuscation == pair.kind for case in truth)
        assert (root / "src" / pair.pair.source).is_file()
    assert len((root / "manifest.jsonl").read_text().splitlines()) == len(pairs)


def test_refuses_to_overwrite_a_corpus(plain_corpus: Corpus) -> None:
    root, _ = plain_corpus
    with pytest.raises(FileExistsError, match="empty folder"):
        generate(GeneratorConfig(kinds=("verbatim",), pairs_per_kind=1), root)


def test_verbatim_and_composite_spans_hold_the_same_text(plain_corpus: Corpus) -> None:
    root, pairs = plain_corpus
    for pair in pairs:
        if pair.kind in ("verbatim", "composite"):
            source_span, suspicious_span = _spans(root, pair)
            assert source_span == suspicious_span
            assert 50 <= len(source_span.split()) <= 200


def test_composite_pages_copy_from_several_sources(plain_corpus: Corpus) -> None:
    _, pairs = plain_corpus
    pages = Counter(p.pair.suspicious for p in pairs if p.kind == "composite")
    assert all(2 <= n <= 4 for n in pages.values())


def test_alias_spans_differ_by_the_recorded_swaps(plain_corpus: Corpus) -> None:
    root, pairs = plain_corpus
    for pair in (p for p in pairs if p.kind == "alias"):
        source_span, suspicious_span = _spans(root, pair)
        assert pair.info["replaced"] >= 1
        assert _blocks_changed(source_span, suspicious_span) == pytest.approx(pair.info["replaced"], abs=1)


def test_reorder_keeps_most_source_words_in_another_order(plain_corpus: Corpus) -> None:
    root, pairs = plain_corpus
    for pair in (p for p in pairs if p.kind == "reorder"):
        source_span, suspicious_span = _spans(root, pair)
        source_words, copied = Counter(source_span.split()), Counter(suspicious_span.split())
        kept = sum((source_words & copied).values())
        assert kept >= 0.9 * sum(source_words.values())
        assert pair.info["order"] != sorted(pair.info["order"])


def test_negatives_have_no_truth_and_share_no_run(plain_corpus: Corpus) -> None:
    root, pairs = plain_corpus
    for pair in (p for p in pairs if p.kind == "negative"):
        source, suspicious = _texts(root, pair)
        assert pair.cases == ()
        assert read_annotations(annotation_path(root / "truth", pair.pair), TRUTH) == []
        assert not shares_run(source, suspicious, 8)


def test_host_text_shares_nothing_with_the_source(plain_corpus: Corpus) -> None:
    root, pairs = plain_corpus
    for pair in (p for p in pairs if p.cases):
        source, suspicious = _texts(root, pair)
        page = [case for p in pairs_of_page(pairs, pair) for case in p.cases]
        spans = sorted((case.susp_start, case.susp_end) for case in page)
        edges = [0, *[x for span in spans for x in span], len(suspicious)]
        outside = [suspicious[edges[i] : edges[i + 1]] for i in range(0, len(edges), 2)]
        assert not any(shares_run(source, part, 8) for part in outside)


def pairs_of_page(pairs: list[GeneratedPair], pair: GeneratedPair) -> list[GeneratedPair]:
    return [p for p in pairs if p.pair.suspicious == pair.pair.suspicious]


def test_synonym_spans_change_the_recorded_share(corpus: Corpus) -> None:
    root, pairs = corpus
    for pair in (p for p in pairs if p.kind.startswith("synonym")):
        source_span, suspicious_span = _spans(root, pair)
        info = pair.info
        target = int(pair.kind.split("-")[1]) / 100
        assert info["achieved_share"] == pytest.approx(info["replaced"] / info["eligible"], abs=1e-4)
        assert info["achieved_share"] == pytest.approx(target, abs=0.1)
        changed = _changed_source_words(source_span, suspicious_span)
        assert changed == pytest.approx(info["replaced"], abs=max(1, 0.1 * info["replaced"]))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(plain_corpus: Corpus, tmp_path: Path) -> None:
    root, _ = plain_corpus
    again = tmp_path / "again"
    generate(GeneratorConfig(pairs_per_kind=3, seed=3, kinds=PLAIN_KINDS, extra_sources=SEEDS), again)
    assert _files(again) == _files(root)


def test_same_seed_gives_identical_spins(corpus: Corpus, tmp_path: Path) -> None:
    need_wordnet()
    root, _ = corpus
    again = tmp_path / "again"
    generate(GeneratorConfig(pairs_per_kind=3, seed=7, extra_sources=SEEDS), again)
    assert _files(again) == _files(root)


def test_other_seed_gives_other_files(tmp_path: Path) -> None:
    one = generate(GeneratorConfig(kinds=("verbatim",), pairs_per_kind=2, seed=1), tmp_path / "a")
    two = generate(GeneratorConfig(kinds=("verbatim",), pairs_per_kind=2, seed=2), tmp_path / "b")
    assert [p.info for p in one] != [p.info for p in two]


def test_benchmark_script_prints_the_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("pan_bench", REPO / "benchmarks" / "pan_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    args = ["--pairs-per-kind", "2", "--kinds", "verbatim,negative", "--baseline-only"]
    assert bench.main([*args, "--no-progress", "--workers", "1", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| difflib baseline | verbatim | 2 |" in out
    assert "| difflib baseline | negative | 2 |" in out
    assert "pairs/s/core" in out
