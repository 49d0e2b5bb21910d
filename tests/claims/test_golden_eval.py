"""Regression guard: the extractor against the hand-annotated gold set (tests/golden/claims).

Floors are the figures measured on 2026-11-21 with extractor claims-2 (BENCHMARKS.md, Claims)
minus a margin of 0.03, rounded down;
lowering one needs a reason in the commit. Needs the nlp extra (skips loudly without it).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.conftest import REPO
from tests.golden.claims.build_annotations import load_texts

from newstrace.claims import article_claims
from newstrace.claims.evaluate import match_claims, parse_gold, score_claims, speaker_error_kind

GOLD = REPO / "tests" / "golden" / "claims" / "annotations.jsonl"
FLOORS = {"precision": 0.96, "recall": 0.78, "speaker_accuracy": 0.97, "content_f1": 0.89}


@pytest.fixture(scope="module")
def evaluated(nlp: Any):
    records = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    gold, docs = parse_gold(records)
    texts = load_texts()
    predicted = {d: article_claims(d, texts[d], nlp) for d in docs}
    return gold, docs, predicted


def test_gold_set_is_the_declared_one():
    records = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    gold, docs = parse_gold(records)
    texts = load_texts()
    assert len(docs) >= 30 and set(docs) == set(texts)
    for g in gold:  # every span indexes the text it was annotated on
        text = texts[g.doc]
        assert text[g.content_span[0] : g.content_span[1]] == g.content
        assert text[g.speaker_span[0] : g.speaker_span[1]] == g.speaker
        if g.cue_span is not None:
            assert text[g.cue_span[0] : g.cue_span[1]] == g.cue


def test_scores_stay_above_the_measured_floors(evaluated):
    gold, docs, predicted = evaluated
    scores, _ = score_claims(predicted, gold, docs)
    measured = {
        "precision": scores.precision,
        "recall": scores.recall,
        "speaker_accuracy": scores.speaker_accuracy,
        "content_f1": scores.content_f1,
    }
    low = {k: round(v, 3) for k, v in measured.items() if v < FLOORS[k]}
    assert not low, f"below the floors {FLOORS}: {low} (all: {measured})"


def test_no_claim_is_credited_to_another_source_of_the_article(evaluated):
    """The worst error (e.g. the ministry's claim credited to the party that rebutted it)."""
    gold, docs, predicted = evaluated
    bad = []
    for doc in docs:
        doc_gold = [g for g in gold if g.doc == doc]
        cue_m, bare_m = match_claims(predicted[doc], doc_gold)
        for m in cue_m + bare_m:
            if not m.speaker_ok and speaker_error_kind(m.claim, m.gold, doc_gold) == "another source":
                bad.append((doc, m.claim.speaker, m.gold.speaker, m.gold.content[:60]))
    assert not bad
