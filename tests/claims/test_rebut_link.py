"""Rebuttals and cross-article linking: pure functions over hand-made Claim records."""

from __future__ import annotations

import pytest

from newstrace.claims import Claim, LinkConfig, find_rebuttals, group_claims, link_claims, with_rebuttals
from newstrace.claims.quotes import quote_regions
from newstrace.records import Article


def claim(doc: str, index: int, speaker: str, content: str, cue: str = "said") -> Claim:
    return Claim(doc, index, speaker, 0, len(speaker), cue, 0, len(cue), content, 0, len(content))


MINISTRY = "The US refused to bomb an ISIS convoy fleeing from Abu Kamal"


def test_a_rebuttal_names_the_disputed_party_and_calls_it_false():
    claims = [
        claim("a", 0, "the Russian defence ministry", MINISTRY),
        claim(
            "a", 1, "the Conflict Intelligence Team", "the ministry used an image from a videogame trailer"
        ),
        claim("a", 2, "the Conflict Intelligence Team", "the ministry published its statement on Tuesday"),
    ]
    rebuttals = find_rebuttals(claims)
    assert [(r.claim, r.target) for r in rebuttals] == [(1, 0)]
    marked = with_rebuttals(claims)
    assert marked[1].rebuts == (0,) and marked[0].rebuts == () and marked[2].rebuts == ()


def test_a_denial_repeating_the_content_is_a_rebuttal_and_the_same_speaker_never_rebuts_itself():
    claims = [
        claim("a", 0, "Police", "the suspect fled the country before the trial"),
        claim("a", 1, "His lawyer", "the suspect fled the country", cue="denied"),
        claim("a", 2, "Police", "the suspect fled the country", cue="denied"),
    ]
    assert [(r.claim, r.target) for r in find_rebuttals(claims)] == [(1, 0)]


def test_spun_copies_link_verbatim_and_a_denial_does_not_join_the_claim():
    claims = [
        claim("a", 0, "The defence ministry", "jihadist fighters operate with US support near the river"),
        claim("b", 0, "The defence ministry", "jihadist fighters operate with USA support near the river"),
        claim("c", 0, "The CIT", "jihadist fighters operate with US support near the river", cue="denied"),
        claim("c", 1, "Yildirim", "freed members of ISIS will cause the death of innocent people"),
    ]
    links = link_claims(claims)
    assert [(lk.a_doc, lk.b_doc, lk.method) for lk in links] == [("a", "b", "verbatim")]
    assert links[0].score == 1.0


def test_paraphrase_needs_the_same_speaker():
    text = "the coalition refused to strike the retreating terrorists despite repeated Russian proposals"
    para = "despite repeated Russian proposals the coalition refused to strike retreating terrorists"
    same = [claim("a", 0, "The ministry", text), claim("b", 0, "Russia's Defense Ministry", para)]
    other = [claim("a", 0, "The ministry", text), claim("b", 0, "Turkish Premier Binali Yildirim", para)]
    config = LinkConfig(verbatim=0.99)  # force the paraphrase path
    assert [lk.method for lk in link_claims(same, config)] == ["paraphrase"]
    assert link_claims(other, config) == []


def test_groups_list_carriers_first_appearance_and_rebuttals():
    claims = [
        claim("late", 0, "the ministry", MINISTRY),
        claim("early", 0, "the ministry", MINISTRY),
        claim("early", 1, "the CIT", "the ministry used an image from a videogame"),
    ]
    claims = with_rebuttals(claims)
    articles = {
        "late": Article("late", "x", source="content farm", published="2017-11-14T20:00:00"),
        "early": Article("early", "x", source="ANSAmed", published="2017-11-14T16:04:00"),
    }
    [group] = group_claims(claims, link_claims(claims), articles)
    assert [c.doc for c in group.carriers] == ["early", "late"]
    assert group.first is not None and group.first.doc == "early" and group.first.source == "ANSAmed"
    assert [(r.doc, r.speaker) for r in group.rebuttals] == [("early", "the CIT")]
    undated = {"late": articles["late"], "early": Article("early", "x")}
    [group] = group_claims(claims, link_claims(claims), undated)
    assert group.first is None and "no publication date" in group.first_reason


def test_link_config_is_validated():
    with pytest.raises(ValueError, match="verbatim"):
        LinkConfig(verbatim=0)


def test_quote_regions_pair_marks_within_a_paragraph():
    text = "“One,” he said. \"Two\nunclosed. `` Three '' end"
    assert [text[a:b] for a, b in quote_regions(text)] == ["“One,”", "`` Three ''"]
