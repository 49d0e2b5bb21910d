"""The alignment engine on the canonical seed case and on constructed edits."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.align import AlignConfig, align_texts

TOLERANCE = 5  # characters, as in the seed check


def test_seed_pair_finds_exactly_the_three_gold_passages(seed_texts, seed_expected):
    source, copy = seed_texts
    passages = align_texts(source, copy)
    assert len(passages) == 3
    for gold in seed_expected["reuse"]:
        hits = [
            p for p in passages
            if abs(p.a_start - gold["source_start"]) <= TOLERANCE
            and abs(p.a_end - gold["source_end"]) <= TOLERANCE
            and abs(p.b_start - gold["copy_start"]) <= TOLERANCE
            and abs(p.b_end - gold["copy_end"]) <= TOLERANCE
        ]
        assert len(hits) == 1, gold
        subs = [[s.a_text, s.b_text] for s in hits[0].substitutions]
        assert subs == gold.get("substitutions", [])


def test_spans_and_substitution_offsets_point_into_both_texts(seed_texts):
    source, copy = seed_texts
    for p in align_texts(source, copy):
        assert source[p.a_start : p.a_end].split()[0] == copy[p.b_start : p.b_end].split()[0]
        for s in p.substitutions:
            assert source[s.a_start : s.a_end] == s.a_text
            assert copy[s.b_start : s.b_end] == s.b_text
            assert p.a_start <= s.a_start < s.a_end <= p.a_end


PASSAGE = (
    "The defence ministry claims the jihadist fighters operate disguised as members of the "
    "Syrian Democratic Forces with US support and that the government offensive on Abu Kamal "
    "has interrupted American plans to create a pro-US area on the eastern shore of the river."
)
HOST_A = "Officials in Rome discussed the budget for next year at length on Monday. "
HOST_B = "A storm closed several schools in the north of the country on Friday morning. "


def test_synonym_and_name_spinning_is_one_passage_with_substitutions():
    spun = (PASSAGE.replace("claims", "asserts").replace("US support", "USA support")
            .replace("fighters", "militants").replace("eastern shore", "eastern bank"))
    passages = align_texts(HOST_A + PASSAGE, HOST_B + spun)
    assert len(passages) == 1
    subs = {(s.a_text, s.b_text) for s in passages[0].substitutions}
    assert subs == {("claims", "asserts"), ("US", "USA"), ("fighters", "militants"),
                    ("shore", "bank")}
    assert passages[0].a_start == len(HOST_A)
    assert passages[0].b_start == len(HOST_B)


def test_reordered_sentences_are_reported_as_one_passage():
    s1 = "The coalition's attack aircraft entered the airspace over the zone around the city. "
    s2 = "The ministry said the coalition tried to disturb the Aerospace Forces near the border. "
    s3 = "Such actions show that the rapid advance of the troops disrupted plans to create authorities. "
    a = HOST_A + s1 + s2 + s3 + HOST_A
    b = HOST_B + s3 + s1 + s2 + HOST_B
    passages = align_texts(a, b)
    assert len(passages) == 1
    assert passages[0].a_start == len(HOST_A)
    assert passages[0].b_start == len(HOST_B)


def test_unrelated_texts_on_one_topic_share_nothing():
    a = ("Russia said the United States helped fighters of Islamic State leave the city of "
         "Raqqa last month, and the ministry published photographs as proof.")
    b = ("Analysts found that photographs published by the ministry came from a video game; "
         "the United States denied helping Islamic State fighters in Raqqa.")
    assert align_texts(a, b) == []


def test_short_shared_phrase_is_not_reuse():
    a = "Yesterday the Syrian Democratic Forces entered the town after heavy fighting."
    b = "Analysts doubt that the Syrian Democratic Forces can hold it for long."
    assert align_texts(a, b) == []


def test_tiny_and_empty_inputs():
    assert align_texts("", "") == []
    assert align_texts("one", "one") == []
    sentence = "Twelve words long is this sentence that both of the documents share today."
    assert len(align_texts(sentence, sentence)) == 1


def test_config_validation_says_how_to_fix():
    import pytest

    with pytest.raises(ValueError, match="min_words"):
        AlignConfig(ngram=5, min_words=3)


def test_repetitive_document_is_bounded():
    text = "The same sentence is repeated here again. " * 5000
    assert align_texts(text, text) == []  # every seed n-gram is too frequent to be evidence


words = st.sampled_from(
    ["convoy", "ministry", "fighters", "border", "city", "aircraft", "river", "the", "of", "a"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, max_size=80), st.lists(words, max_size=80))
def test_any_passage_lies_inside_both_texts(xs, ys):
    a, b = " ".join(xs), " ".join(ys)
    for p in align_texts(a, b):
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
        assert 0.0 < p.score <= 1.0


OWN = ("Local residents interviewed on Tuesday by our correspondent described long queues at the "
       "only open bakery, a shortage of fuel for generators and a school that has been closed since "
       "the spring floods damaged its roof. ")
S = [
    "The coalition's attack aircraft entered the airspace over the zone around the city late on Monday. ",
    "The ministry said the coalition tried to disturb the Aerospace Forces operating near the border. ",
    "Such actions show that the rapid advance of the troops disrupted plans to create new authorities. ",
    "Officials in the capital declined to comment on the report when reached by telephone on Tuesday. ",
]


def test_shuffled_sentences_with_own_text_inside_are_one_passage():
    # The copier shuffled the sentences and wrote a sentence of its own between them:
    # PAN counts this as one case, so one passage must cover it.
    a = HOST_A + "".join(S) + HOST_A
    b = HOST_B + S[2] + S[0] + OWN + S[3] + S[1] + HOST_B
    passages = align_texts(a, b)
    assert len(passages) == 1
    (p,) = passages
    assert (p.a_start, p.b_start) == (len(HOST_A), len(HOST_B))
    assert p.a_end >= len(HOST_A) + len("".join(S)) - 2
    assert p.b_end >= len(HOST_B) + len(S[2] + S[0] + OWN + S[3] + S[1]) - 2


def test_passages_far_apart_in_the_copy_stay_two():
    # Neighbours in the source, but the copy put more of other material between them than
    # it took from the source (a composite page): two reuse cases, as in the seed pair.
    other = OWN * 2  # about 65 words, twice the copied text
    a = HOST_A + S[0] + S[1] + HOST_A
    b = HOST_B + S[0] + other + S[1] + HOST_B
    passages = align_texts(a, b)
    assert len(passages) == 2
    assert passages[0].b_end <= len(HOST_B + S[0])
    assert passages[1].b_start >= len(HOST_B + S[0] + other)
