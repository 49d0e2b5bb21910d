from hypothesis import given
from hypothesis import strategies as st

from newstrace.normalize import tokenize


def test_offsets_point_into_text():
    text = "The U.S.-led coalition's pro-US area, 15-km zone."
    words, starts, ends = tokenize(text)
    assert words == ["The", "U.S.", "led", "coalition", "s", "pro", "US", "area", "15", "km", "zone"]
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == words


def test_cjk_characters_are_single_tokens_and_accents_stay_in_words():
    words, _, _ = tokenize("Café 東京 déjà-vu")
    assert words == ["Café", "東", "京", "déjà", "vu"]


def test_empty_and_punctuation_only():
    assert tokenize("")[0] == []
    assert tokenize(" ...!? \n")[0] == []


@given(st.text())
def test_spans_round_trip_on_any_text(text):
    words, starts, ends = tokenize(text)
    assert len(words) == len(starts) == len(ends)
    for w, s, e in zip(words, starts.tolist(), ends.tolist(), strict=True):
        assert 0 <= s < e <= len(text)
        assert text[s:e] == w
    assert all(a <= b for a, b in zip(starts.tolist(), starts.tolist()[1:], strict=False))
