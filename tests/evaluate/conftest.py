"""Fixtures of the evaluate tests: WordNet (skipped loudly when missing) and small corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.evaluate.synth import (
    DEFAULT_CORPUS,
    KINDS,
    GeneratedPair,
    GeneratorConfig,
    WordNet,
    generate,
    wordnet_available,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = tuple(sorted((REPO / "data" / "seeds").glob("*.txt")))
NO_WORDNET = "wordnet-base not installed: apt-get install wordnet-base"
PLAIN_KINDS = tuple(k for k in KINDS if not k.startswith("synonym"))


def need_wordnet() -> None:
    """Skip the calling test, loudly, when WordNet is missing."""
    if not wordnet_available():
        pytest.skip(NO_WORDNET)


def need_corpus() -> None:
    if not DEFAULT_CORPUS.is_file():
        pytest.fail(f"the bundled ECB+ corpus is missing: {DEFAULT_CORPUS}")


@pytest.fixture(scope="session")
def wordnet() -> WordNet:
    need_wordnet()
    return WordNet()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[GeneratedPair]]:
    """Three pairs of every kind (skipped without WordNet), seed articles as extra sources."""
    need_wordnet()
    need_corpus()
    out = tmp_path_factory.mktemp("pan") / "corpus"
    config = GeneratorConfig(pairs_per_kind=3, seed=7, extra_sources=SEEDS)
    return out, generate(config, out)


@pytest.fixture(scope="session")
def plain_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[GeneratedPair]]:
    """Every kind that needs no WordNet, three pairs each."""
    need_corpus()
    out = tmp_path_factory.mktemp("pan") / "plain"
    config = GeneratorConfig(pairs_per_kind=3, seed=3, kinds=PLAIN_KINDS, extra_sources=SEEDS)
    return out, generate(config, out)
