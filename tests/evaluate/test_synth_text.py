"""Detokenising, WordNet reading, alias and synonym spinning, reordering."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newstrace.evaluate.synth.detokenise import detokenise, detokenise_line
from newstrace.evaluate.synth.obfuscate import assemble, reorder
from newstrace.evaluate.synth.spin import AliasTable, content_words, spin_aliases, spin_synonyms
from newstrace.evaluate.synth.wordnet import WordNet, WordNetMissingError

TEXT = (
    "The government announced new measures to protect the economy after a difficult year.\n"
    "Officials said the plan would create jobs and reduce costs for small companies.\n"
    "Critics warned that the proposal ignored the needs of rural families and workers."
)


@pytest.mark.parametrize(
    ("tokens", "prose"),
    [
        ("Center , her rep told People .", "Center, her rep told People."),
        ("`` We could n't , '' she said .", '"We couldn\'t," she said.'),
        (
            "the actress 's rep ( Jack ) paid $ 5 for 70 % .",
            "the actress's rep (Jack) paid $5 for 70%.",
        ),
        ("a 90 - day stay at 12 : 49 PM", "a 90-day stay at 12:49 PM"),
        ('religious freedoms , " said the prosecutor', 'religious freedoms," said the prosecutor'),
        ('" It is over , " he said .', '"It is over," he said.'),
        ("The Angels ' offer", "The Angels' offer"),
        ("Google ’ s search", "Google’s search"),
        ("http : / / www . example . com / a _ b", "http://www.example.com/a_b"),
        ("I 'm not just a party girl . ``", "I'm not just a party girl.\""),
    ],
)
def test_detokenise_line(tokens: str, prose: str) -> None:
    assert detokenise_line(tokens) == prose


def test_detokenise_keeps_lines() -> None:
    assert detokenise("A , b .\nC .") == "A, b.\nC."


def test_alias_spinning_uses_the_table_classes() -> None:
    table = AliasTable.load()
    text = "The US and Russia met the UN.\nRussia said us Americans like turkey."
    result = spin_aliases(text, table, random.Random(3))
    assert result.replaced == result.eligible == 4
    assert "us Americans like turkey." in result.text  # pronoun, nationality, bird untouched
    assert [old for old, _ in result.substitutions] == ["US", "Russia", "UN", "Russia"]
    assert all(new.lower() != old.lower() for old, new in result.substitutions)
    assert spin_aliases(text, table, random.Random(3)) == result


def test_alias_spinning_fits_case_and_full_stops() -> None:
    table = AliasTable([["U.S.", "USA"], ["the Netherlands", "Holland"]])
    assert spin_aliases("Aid came from the U.S.", table, random.Random(0)).text == "Aid came from the USA."
    assert spin_aliases("It was the USA.", table, random.Random(0)).text == "It was the U.S."
    assert spin_aliases("Holland won.", table, random.Random(0)).text == "The Netherlands won."
    assert spin_aliases("The Netherlands won.", table, random.Random(0)).text == "Holland won."


def test_wordnet_missing_says_how_to_install(tmp_path: Path) -> None:
    with pytest.raises(WordNetMissingError, match="apt-get install wordnet-base"):
        WordNet(tmp_path)


def test_wordnet_lemmas_and_synonyms(wordnet: WordNet) -> None:
    readings = {(a.lemma, a.pos, a.irregular) for a in wordnet.analyse("said")}
    assert ("say", "v", True) in readings
    assert ("attack", "n", False) in {(a.lemma, a.pos, a.irregular) for a in wordnet.analyse("attacks")}
    assert "incontrovertible" in wordnet.synonyms("irrefutable", "a")
    assert "ready to hand" in wordnet.synonyms("handy", "a", max_senses=10)


def test_content_words_skip_stopwords_and_names(wordnet: WordNet) -> None:
    words = [TEXT[s:e] for s, e, _ in content_words(TEXT + " Later Smith spoke.", wordnet)]
    assert "government" in words and "announced" in words and "Officials" in words
    assert not {"The", "the", "to", "after", "Smith"} & set(words)


@pytest.mark.parametrize("share", [0.1, 0.25, 0.4, 0.6, 0.8])
def test_synonym_share_is_honest(wordnet: WordNet, share: float) -> None:
    result = spin_synonyms(TEXT, share, wordnet, random.Random(5))
    assert result.eligible >= 20
    assert result.share == pytest.approx(share, abs=1.5 / result.eligible)
    assert len(result.substitutions) == result.replaced
    assert result.text.count("\n") == 2
    assert spin_synonyms(TEXT, share, wordnet, random.Random(5)) == result


def test_synonyms_keep_capitals_and_inflection(wordnet: WordNet) -> None:
    result = spin_synonyms(TEXT, 1.0, wordnet, random.Random(1))
    for old, new in result.substitutions:
        assert old[0].isupper() == new[0].isupper(), (old, new)
        if old.endswith("ed") and old[:-2] not in ("need",):
            assert new.endswith(("ed", "d")) or " " in new, (old, new)
    assert spin_synonyms(TEXT, 0.0, wordnet, random.Random(1)).text == TEXT
    with pytest.raises(ValueError, match="share"):
        spin_synonyms(TEXT, 1.5, wordnet, random.Random(1))


def test_reorder_shuffles_and_edits() -> None:
    sentences = [line for line in TEXT.split("\n")]
    result = reorder(sentences, ["Our own remark goes here."], random.Random(2))
    assert result.order != (0, 1, 2) and -1 in result.order
    assert result.order[0] != -1 and result.order[-1] != -1
    assert "Our own remark goes here." in result.text
    assert result.deleted_words == result.inserted_words == 3


def test_assemble_places_inserts_in_order() -> None:
    host = [f"Host sentence {i}." for i in range(5)]
    text, spans = assemble(host, ["First copied.", "Second copied."], random.Random(4))
    assert [text[s:e] for s, e in spans] == ["First copied.", "Second copied."]
    assert spans[0][1] < spans[1][0]
    assert all(h in text for h in host)
