"""The claims scorer on small hand-computed cases (no spaCy needed)."""

from __future__ import annotations

import pytest

from newstrace.claims import Claim
from newstrace.claims.evaluate import (
    GoldAttribution,
    content_f1,
    parse_gold,
    same_entity,
    score_claims,
    speaker_error_kind,
    speaker_right,
)

#        0         1         2         3         4         5         6         7
#        0123456789012345678901234567890123456789012345678901234567890123456789012345
TEXT = "Police said the man fled. The CIT denies it, Mr Guest said. Guest added more."


def _claim(speaker: tuple[int, int], cue: tuple[int, int] | None, content: tuple[int, int], **kw) -> Claim:
    return Claim(
        doc="d",
        index=0,
        speaker=TEXT[speaker[0] : speaker[1]],
        speaker_start=speaker[0],
        speaker_end=speaker[1],
        cue=TEXT[cue[0] : cue[1]] if cue else "",
        cue_start=cue[0] if cue else None,
        cue_end=cue[1] if cue else None,
        content=TEXT[content[0] : content[1]],
        content_start=content[0],
        content_end=content[1],
        **kw,
    )


def _gold(speaker: tuple[int, int], cue: tuple[int, int] | None, content: tuple[int, int]) -> GoldAttribution:
    return GoldAttribution(
        doc="d",
        speaker=TEXT[speaker[0] : speaker[1]],
        speaker_span=speaker,
        cue=TEXT[cue[0] : cue[1]] if cue else None,
        cue_span=cue,
        content=TEXT[content[0] : content[1]],
        content_span=content,
        direct=False,
    )


POLICE = _gold((0, 6), (7, 11), (12, 24))  # Police | said | the man fled
CIT = _gold((26, 33), (34, 40), (41, 43))  # The CIT | denies | it
GUEST = _gold((45, 53), (54, 58), (26, 43))  # Mr Guest | said | The CIT denies it
ADDED = _gold((60, 65), (66, 71), (72, 76))  # Guest | added | more


def test_content_f1_by_hand():
    assert content_f1((0, 10), (0, 10)) == 1.0
    assert content_f1((0, 10), (10, 20)) == 0.0
    # overlap 5: precision 5/10, recall 5/5 -> F1 2/3
    assert content_f1((0, 10), (5, 10)) == pytest.approx(2 / 3)


def test_same_entity():
    assert same_entity("Mr Guest", "Assistant chief fire officer Peter Guest")
    assert same_entity("The ministry", "the Russian defence ministry")
    assert not same_entity("police", "Vancouver police Const. Tim Fanning")
    assert not same_entity("The Indians", "The Indian navy")
    assert not same_entity("he", "he")  # pronouns only match by span


def test_scores_by_hand():
    gold = [POLICE, CIT, GUEST, ADDED]
    predicted = {
        "d": [
            _claim((0, 6), (7, 11), (12, 25)),  # right; content 12/13 chars -> F1 24/25
            _claim((26, 33), (54, 58), (26, 43)),  # cue of GUEST, speaker the CIT: wrong speaker
            _claim((60, 65), (0, 6), (12, 24)),  # cue "Police": overlaps POLICE's speaker, no cue
        ]
    }
    scores, matches = score_claims(predicted, gold, ["d"])
    # 3 predicted cues, 2 overlap a gold cue (POLICE, GUEST); 4 gold cues.
    assert (scores.predicted_cues, scores.gold_cues, scores.matched_cues) == (3, 4, 2)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 4)
    assert scores.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert scores.speaker_right == 1 and scores.speaker_accuracy == pytest.approx(0.5)
    assert scores.content_f1 == pytest.approx((24 / 25 + 1.0) / 2)
    wrong = next(m for m in matches if not m.speaker_ok)
    # The CIT is the source of another attribution here: the worst kind of error.
    assert speaker_error_kind(wrong.claim, wrong.gold, gold) == "another source"


def test_resolved_pronoun_and_bare_quotation():
    text_gold = GoldAttribution(
        doc="d",
        speaker="it",
        speaker_span=(41, 43),
        cue=None,
        cue_span=None,
        content="x",
        content_span=(72, 76),
        direct=True,
        speaker_ref="The CIT",
        speaker_ref_span=(26, 33),
    )
    # Speaker resolved to the antecedent span, mention on the pronoun: right.
    c = _claim((26, 33), None, (72, 76), mention_start=41, mention_end=43)
    assert speaker_right(c, text_gold)
    scores, _ = score_claims({"d": [c]}, [text_gold], ["d"])
    assert (scores.gold_bare, scores.predicted_bare, scores.matched_bare) == (1, 1, 1)
    assert scores.bare_speaker_right == 1
    assert scores.predicted_cues == 0 and scores.precision == 0.0  # bare quotes are not cues


def test_parse_gold_keeps_empty_docs():
    gold, docs = parse_gold(
        [
            {
                "doc_id": "a",
                "speaker": "X",
                "speaker_start": 0,
                "speaker_end": 1,
                "cue": "said",
                "cue_start": 2,
                "cue_end": 6,
                "content": "y",
                "content_start": 7,
                "content_end": 8,
                "direct": False,
            },
            {"doc_id": "b", "no_attribution": True},
        ]
    )
    assert docs == ["a", "b"] and len(gold) == 1 and gold[0].cue_span == (2, 6)
    scores, _ = score_claims({"b": [_claim((0, 6), (7, 11), (12, 24))]}, gold, docs)
    assert scores.precision == 0.0 and scores.recall == 0.0  # a claim in an empty doc is spurious
