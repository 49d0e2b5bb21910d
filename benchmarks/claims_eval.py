"""Claims extraction scored against the hand-annotated gold set (tests/golden/claims).

Run: PYTHONPATH=src python benchmarks/claims_eval.py [--errors] [--format text|json]

Prints cue precision/recall/F1, speaker accuracy on matched cues and content overlap F1 for
the whole set, its tuning part and its held-out part (see tests/golden/claims/README.md);
``--errors`` lists missed and spurious cues and wrong speakers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.golden.claims.build_annotations import load_texts  # noqa: E402

from newstrace.claims import Claim, article_claims, load_pipeline  # noqa: E402
from newstrace.claims.evaluate import (  # noqa: E402
    ClaimScores,
    GoldAttribution,
    match_claims,
    parse_gold,
    score_claims,
    speaker_error_kind,
)

GOLD = REPO / "tests" / "golden" / "claims" / "annotations.jsonl"
HELD_OUT_FROM = 17  # docs in annotation order: 2 seeds + 15 ECB+ tuning, then 15 held out


def load_gold() -> tuple[list[GoldAttribution], list[str], dict[str, str]]:
    """Gold attributions, annotated doc ids in order, and their texts."""
    records = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    gold, docs = parse_gold(records)
    texts = load_texts()
    order = list(texts)  # seeds, then ECB+ in line order: the order of the split
    docs = sorted(docs, key=order.index)
    return gold, docs, texts


def parts(docs: list[str]) -> dict[str, list[str]]:
    """The whole set, its tuning part and its held-out part."""
    return {"all": docs, "tuning": docs[:HELD_OUT_FROM], "held-out": docs[HELD_OUT_FROM:]}


def row(name: str, s: ClaimScores) -> str:
    return (
        f"| {name} | {s.docs} | {s.gold_cues} | {s.predicted_cues} | {s.matched_cues} | {s.precision:.3f} "
        f"| {s.recall:.3f} | {s.f1:.3f} | {s.speaker_accuracy:.3f} ({s.speaker_right}/{s.matched_cues}) "
        f"| {s.content_f1:.3f} | {s.matched_bare}/{s.gold_bare} ({s.bare_speaker_right} right), "
        f"{s.predicted_bare} predicted |"
    )


def errors(predicted: dict[str, list[Claim]], gold: list[GoldAttribution], docs: list[str]) -> None:
    """Missed and spurious cues and wrong speakers, one line each."""
    for doc in docs:
        doc_gold = [g for g in gold if g.doc == doc]
        claims = predicted[doc]
        cue_m, _ = match_claims(claims, doc_gold)
        hit_g = {id(m.gold) for m in cue_m}
        hit_c = {id(m.claim) for m in cue_m}
        for g in doc_gold:
            if g.cue_span is not None and id(g) not in hit_g:
                print(f"MISSED  {doc}: [{g.speaker}] [{g.cue}] {g.content[:90]!r}")
        for c in claims:
            if c.cue_start is not None and id(c) not in hit_c:
                print(f"SPURIOUS {doc}: [{c.speaker}] [{c.cue}] {c.content[:90]!r}")
        for m in cue_m:
            if not m.speaker_ok:
                kind = speaker_error_kind(m.claim, m.gold, doc_gold)
                print(
                    f"SPEAKER {doc} ({kind}): predicted [{m.claim.speaker}] gold [{m.gold.speaker}]"
                    f" [{m.gold.cue}] {m.gold.content[:70]!r}"
                )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    gold, docs, texts = load_gold()
    nlp = load_pipeline()
    t0 = time.perf_counter()
    predicted = {d: article_claims(d, texts[d], nlp) for d in docs}
    elapsed = time.perf_counter() - t0
    scores = {name: score_claims(predicted, gold, ds)[0] for name, ds in parts(docs).items()}
    if args.format == "json":
        out = {
            n: {
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "speaker_accuracy": s.speaker_accuracy,
                "content_f1": s.content_f1,
                "gold_cues": s.gold_cues,
                "predicted_cues": s.predicted_cues,
                "matched_cues": s.matched_cues,
            }
            for n, s in scores.items()
        }
        print(json.dumps(out, indent=1))
    else:
        print(
            "| part | docs | gold cues | predicted cues | matched | cue P | cue R | cue F1 "
            "| speaker acc. | content F1 | cue-less quotations matched |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for name, s in scores.items():
            print(row(name, s))
        print(f"\nextraction {elapsed:.1f} s for {len(docs)} articles", file=sys.stderr)
    if args.errors:
        errors(predicted, gold, docs)


if __name__ == "__main__":
    main()
