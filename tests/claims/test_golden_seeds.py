"""The golden case of the issue: the seed articles' attributed claims and the rebuttal."""

from __future__ import annotations

from newstrace.claims import Claim
from newstrace.claims.speakers import same_speaker


def _find(claims: list[Claim], words: str) -> Claim:
    hits = [c for c in claims if words.lower() in c.content.lower()]
    assert hits, f"no claim with content containing {words!r}: {[c.content for c in claims]}"
    return hits[0]


def test_offsets_index_the_stored_text(seed_claims):
    for text, claims in seed_claims.values():
        assert claims
        for c in claims:
            assert text[c.speaker_start : c.speaker_end] == c.speaker
            assert text[c.content_start : c.content_end] == c.content
            if c.cue_start is not None:
                assert text[c.cue_start : c.cue_end] == c.cue
            if c.channel_start is not None:
                assert text[c.channel_start : c.channel_end] == c.channel


def test_ministry_via_tass_says_us_helps_isis(seed_claims):
    for key in ("004", "000"):
        c = _find(seed_claims[key][1], "allies are helping Islamic State")
        assert c.speaker.lower() == "the russian defence ministry"
        assert c.channel == "Tass news agency"
        assert c.cue == "is quoted by Tass news agency as saying"
        assert not c.direct  # only "directly" is quoted


def test_ministry_says_us_refused_to_bomb_the_convoy(seed_claims):
    c = _find(seed_claims["004"][1], "The US refused to bomb an ISIS convoy")
    assert c.speaker == "The defence ministry" and c.direct and c.cue == ""
    c = _find(seed_claims["000"][1], "The US refused to bomb an ISIS convoy")
    assert "ministry" in c.speaker.lower() or "MOD" in c.speaker


def test_cit_rebuts_the_ministry_and_is_never_the_ministry(seed_claims):
    claims = seed_claims["004"][1]
    cit = _find(claims, "used an image of presumed jihadists")
    assert cit.speaker == "the Conflict Intelligence Team"
    assert cit.channel == "its statement"
    targets = [claims[i] for i in cit.rebuts]
    assert targets and all("ministry" in t.speaker.lower() for t in targets)
    assert _find(claims, "allies are helping Islamic State").index in cit.rebuts
    # The worst error: a claim of the ministry credited to the party that rebutted it.
    for c in claims:
        if "ministry" in c.content.lower() and ("videogame" in c.content or "error" in c.content):
            assert not same_speaker(c.speaker, "the Russian defence ministry")
        if c.rebuts:
            assert all(not same_speaker(claims[t].speaker, c.speaker) for t in c.rebuts)


def test_yildirim_warns_freed_isis_members_will_kill_innocents(seed_claims):
    claims = seed_claims["004"][1]
    c = _find(claims, "will be the cause of the death of innocent people")
    assert c.speaker == "Turkish Premier Binali Yildirim" and c.cue == "said"
    later = _find(claims, "One terrorist group has left Raqqa")
    assert later.speaker == "Yildirim" and later.direct
    assert later.content.startswith("The terrorists of YPG")  # the quotation spans two sentences


def test_pronoun_it_resolves_to_the_ministry_not_to_the_subject_of_the_content(seed_claims):
    text, claims = seed_claims["000"]
    c = _find(claims, "the coalition's attack aircraft entered the airspace")
    assert text[c.mention_start : c.mention_end] == "it"
    assert c.speaker == "The ministry" and c.speaker_start < c.content_start
    assert c.resolved


def test_no_claim_for_sentences_without_a_speaker(seed_claims):
    for _, claims in seed_claims.values():
        assert not any('tried to disturb" the Russian aviation' in c.content for c in claims)
        assert not any("online ridicule" in c.content for c in claims)
        assert not any(c.speaker == "The flags" for c in claims)
