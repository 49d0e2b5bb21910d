from hypothesis import given
from hypothesis import strategies as st

from newstrace.normalize import AliasTable, NormalizeConfig, Normalizer, normalize


def surfaces(text):
    seq = normalize(text)
    return [seq.surface(i) for i in range(len(seq))]


def test_alias_phrases_become_one_token_with_the_phrase_span():
    assert surfaces("The United States and Russian Federation") == [
        "The", "United States", "and", "Russian Federation",
    ]
    # a leading article that is part of the alias ("the Russian Federation") goes with it,
    # so "Russia faced" and "the Russian Federation faced" align word for word
    assert surfaces("and the Russian Federation") == ["and", "the Russian Federation"]


def test_aliases_share_a_canonical_id():
    ids = [normalize(t).ids[0] for t in ("US", "U.S.", "USA", "United States", "America")]
    assert len(set(ids)) == 1
    assert normalize("Russia").ids[0] == normalize("Russian Federation").ids[0]


def test_acronym_aliases_are_case_sensitive():
    # the pronoun "us" is not the United States; the bird is not the country
    assert normalize("us").ids[0] != normalize("US").ids[0]
    assert normalize("turkey").ids[0] != normalize("Turkey").ids[0]
    assert normalize("TURKEY").ids[0] != normalize("Turkey").ids[0]


def test_case_accents_and_inflection_fold():
    a, b = normalize("Helping the Fighters café"), normalize("helped the fighter cafe")
    assert a.ids.tolist() == b.ids.tolist()


def test_function_words_are_not_content():
    seq = normalize("the convoy of the ministry")
    assert seq.content.tolist() == [False, True, False, False, True]


def test_config_can_turn_off_aliases_and_stemming():
    plain = Normalizer(NormalizeConfig(aliases=False, stem=False))
    assert plain.normalize("US").ids[0] != plain.normalize("USA").ids[0]
    assert plain.normalize("helping").ids[0] != plain.normalize("helped").ids[0]


def test_alias_table_longest_match_first():
    table = AliasTable({"us": ["United States", "United States of America"], "x": ["States"]})
    assert table.find(["United", "States", "of", "America", "States"]) == [(0, 4, "us"), (4, 5, "x")]


@given(st.text(max_size=300))
def test_canonical_spans_are_ordered_and_inside_the_text(text):
    seq = normalize(text)
    starts, ends = seq.starts.tolist(), seq.ends.tolist()
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert all(e1 <= s2 for e1, s2 in zip(ends, starts[1:], strict=False))


def test_a_full_word_cache_is_cleared_without_losing_the_texts_words(monkeypatch):
    from newstrace.normalize import canon

    monkeypatch.setattr(canon, "_CACHE_LIMIT", 6)
    fresh = canon.Normalizer()
    text = "Rescuers searched the rubble in Bergamo on Monday"
    expected = canon.Normalizer().normalize(text).ids.tolist()
    fresh.normalize("the in on alpha beta")  # five words cached, three of them in the text
    assert fresh.normalize(text).ids.tolist() == expected  # five new: cleared, all eight learnt
    assert len(fresh._cache) <= 8
