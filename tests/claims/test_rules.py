"""The cue rules added in claims-2, on small inline texts (not the gold articles)."""

from __future__ import annotations

from newstrace.claims import extract_claims
from newstrace.claims.cues import is_denial_cue


def _pairs(text: str, nlp) -> list[tuple[str, str, str]]:
    return [(c.speaker, c.cue or "", c.content) for c in extract_claims("d", text, nlp)]


def test_a_denial_with_a_noun_phrase_object(nlp):
    text = "The army has denied the allegations.\nThe rebel commander denied any role in the attack."
    assert _pairs(text, nlp) == [
        ("The army", "has denied", "the allegations"),
        ("The rebel commander", "denied", "any role in the attack"),
    ]


def test_a_denial_of_a_pronoun_or_to_someone_is_no_claim(nlp):
    text = "The minister denied it.\nThe court denied him bail after the hearing."
    assert _pairs(text, nlp) == []


def test_denial_cue_after_an_auxiliary():
    assert is_denial_cue("has denied") and is_denial_cue("denied") and not is_denial_cue("has said")


def test_participle_after_a_channel_noun_takes_the_speaker_of_the_clause(nlp):
    text = "The ministry issued a statement saying that the border would stay closed until May."
    assert _pairs(text, nlp) == [("The ministry", "saying", "the border would stay closed until May")]


def test_participle_on_a_reported_clause_without_subject(nlp):
    text = "Smith said there was no crime, explaining that the money had been a gift from his aunt."
    speakers = {(s, cue) for s, cue, _ in _pairs(text, nlp)}
    assert ("Smith", "explaining") in speakers


def test_new_reporting_verbs(nlp):
    text = (
        "Analysts expect the bank to cut interest rates again in March.\n"
        "The governor insisted that the budget was balanced."
    )
    assert [(s, cue) for s, cue, _ in _pairs(text, nlp)] == [
        ("Analysts", "expect"),
        ("The governor", "insisted"),
    ]


def test_continued_reports_speech_only_around_a_quotation(nlp):
    quoted = '"We have not seen anything like this before," Jones continued.'
    assert [(s, cue) for s, cue, _ in _pairs(quoted, nlp)] == [("Jones", "continued")]
    assert _pairs("The police continued that the search had been called off for the night.", nlp) == []


def test_a_modal_cue_reports_nothing_yet(nlp):
    text = "Fans will agree that the new coach is the perfect choice for the club."
    assert _pairs(text, nlp) == []


def test_according_to_after_an_opening_adverbial(nlp):
    text = "In the meantime, according to the memo, officials should delay all new permits."
    assert _pairs(text, nlp) == [("the memo", "according to", "officials should delay all new permits")]


def test_a_spaced_initial_ends_no_sentence(nlp):
    text = "Councilman Jumaane D . Williams said the protest had been peaceful until midnight ."
    claims = extract_claims("d", text, nlp)
    assert len(claims) == 1 and claims[0].content.startswith("the protest had been peaceful")
