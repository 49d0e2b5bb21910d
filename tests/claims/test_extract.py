"""Extraction rules on small inline texts, and generality on ECB+ articles."""

from __future__ import annotations

import json

import pytest
from tests.conftest import REPO

from newstrace.claims import ClaimsConfig, article_claims, extract_claims
from newstrace.claims.cues import SPEAKER_NOUNS


def test_according_to_at_the_start_and_at_the_end(nlp):
    text = (
        "According to police, the driver fled the scene before dawn.\n"
        "Five people were hurt in the blast, according to the fire department."
    )
    claims = extract_claims("d", text, nlp)
    assert [(c.speaker, c.cue) for c in claims] == [
        ("police", "According to"),
        ("the fire department", "according to"),
    ]
    assert claims[0].content == "the driver fled the scene before dawn"
    assert claims[1].content == "Five people were hurt in the blast"


def test_negated_cue_and_cue_inside_a_quotation_are_not_claims(nlp):
    text = (
        "The minister did not say that taxes would rise.\n"
        '"He said nothing about it," a colleague told reporters.'
    )
    claims = extract_claims("d", text, nlp)
    assert all("taxes" not in c.content for c in claims)
    assert [c.speaker for c in claims] == ["a colleague"]
    assert claims[0].channel == "reporters" and claims[0].direct


def test_unresolvable_pronoun_is_dropped_not_guessed(nlp):
    claims = extract_claims("d", "It said the bridge would reopen on Monday next week.", nlp)
    assert claims == []


def test_he_resolves_to_a_person_not_to_an_organisation(nlp):
    text = (
        "The company said profits fell sharply in the third quarter.\n"
        "Chief executive John Smith said the fall would not last long.\n"
        "The market will recover by the spring, he said."
    )
    claims = extract_claims("d", text, nlp)
    last = claims[-1]
    assert last.speaker == "Chief executive John Smith"
    assert text[last.mention_start : last.mention_end] == "he"


def test_bare_quotation_needs_a_recent_claim(nlp):
    text = 'The weather was cold.\n"We will never give up on this city."'
    assert extract_claims("d", text, nlp) == []
    config = ClaimsConfig(quote_window=0)
    text2 = 'The mayor said the city would rebuild quickly.\n"We will never give up on this city."'
    assert len(extract_claims("d", text2, nlp, config)) == 1
    assert len(extract_claims("d", text2, nlp)) == 2


def _plausible_head(word: str) -> bool:
    lower = word.lower()
    singular = {lower, lower.removesuffix("s"), lower.removesuffix("es"), lower.removesuffix("ies") + "y"}
    agent = lower.removesuffix("s").endswith(("er", "or", "ist", "ian", "ant", "ent"))
    return word[0].isupper() or bool(singular & SPEAKER_NOUNS) or agent


@pytest.fixture(scope="module")
def ecb_sample(nlp):
    lines = (REPO / "data" / "ecbplus" / "ecbplus_docs.jsonl").read_text("utf-8").splitlines()
    docs = [json.loads(line) for line in lines[::25]]  # every 25th article: 40 articles
    return [(d["text"], article_claims(d["doc_id"], d["text"], nlp)) for d in docs]


def test_ecbplus_offsets_and_speakers_are_plausible(ecb_sample, nlp):
    found = [(text, c) for text, claims in ecb_sample for c in claims]
    assert len(found) >= 20, "the rules should find claims in ordinary news"
    pronouns = {"he", "she", "it", "they", "i", "we", "you", "who", "which", "that", "this"}
    for text, c in found:
        assert text[c.speaker_start : c.speaker_end] == c.speaker
        assert text[c.content_start : c.content_end] == c.content
        assert c.cue_start is None or text[c.cue_start : c.cue_end] == c.cue
        assert c.speaker.lower() not in pronouns, c
        # the speaker is a name or a noun phrase about people, organisations or media
        assert _plausible_head(c.speaker.split(" of ")[0].split()[-1]), c.speaker
        assert not (c.speaker_start < c.content_end and c.content_start < c.speaker_end)
