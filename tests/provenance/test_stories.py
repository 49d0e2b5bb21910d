import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.provenance import StoryConfig, build_stories, cluster_stories, story_id_of
from newstrace.provenance.agglomerate import LinkageConfig, average_linkage
from newstrace.records import Article, Direction, Passage, ReuseLink

QUAKE = [
    "A strong earthquake of magnitude 6.1 struck Lombardy near Bergamo on Monday, killing three people.",
    "The Bergamo earthquake damaged churches in Lombardy; rescuers searched rubble for survivors.",
    "Rescuers in Lombardy said the magnitude 6.1 quake near Bergamo left three people dead.",
]
RACE = [
    "Lewis Hamilton won the Monaco Grand Prix on Sunday ahead of Max Verstappen.",
    "Hamilton held off Verstappen to win in Monaco, his third Grand Prix victory of the season.",
    "Verstappen finished second behind Hamilton at the Monaco Grand Prix after a late safety car.",
]


def articles():
    out = [Article(f"q{i}", t) for i, t in enumerate(QUAKE)]
    return out + [Article(f"r{i}", t) for i, t in enumerate(RACE)]


def test_two_events_make_two_stories():
    assignment = cluster_stories(articles(), [])
    assert len({assignment[f"q{i}"] for i in range(3)}) == 1
    assert len({assignment[f"r{i}"] for i in range(3)}) == 1
    assert assignment["q0"] != assignment["r0"]


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_assignment_and_ids_do_not_depend_on_input_order(rnd: random.Random):
    docs = articles()
    expected = cluster_stories(docs, [])
    rnd.shuffle(docs)
    assert cluster_stories(docs, []) == expected


def test_reuse_link_joins_articles_with_little_vocabulary_in_common():
    a = Article("a", "Lombardy earthquake kills three near Bergamo.")
    b = Article("b", "Hamilton wins the Monaco Grand Prix ahead of Verstappen.")
    assert len(set(cluster_stories([a, b], []).values())) == 2
    short = ReuseLink("a", "b", Passage(0, 10, 0, 10, 1.0, 20), Direction.A_TO_B)
    assert len(set(cluster_stories([a, b], [short]).values())) == 2  # a short shared passage is not enough
    link = ReuseLink("a", "b", Passage(0, 10, 0, 10, 1.0, 50), Direction.A_TO_B)
    assert len(set(cluster_stories([a, b], [link]).values())) == 1


def test_time_window_keeps_distant_dates_apart():
    docs = [Article("a", QUAKE[0], published="2020-01-01"), Article("b", QUAKE[2], published="2023-06-01")]
    assert len(set(cluster_stories(docs, []).values())) == 2
    none = StoryConfig(linkage=LinkageConfig(threshold=0.2, cohesion=0.6, min_cohesive=5, window=None))
    assert len(set(cluster_stories(docs, [], none).values())) == 1


def test_story_records_first_article_timeline_and_outlets():
    docs = [
        Article("late", QUAKE[1], source="farm", published="2020-01-03"),
        Article("early", QUAKE[0], source="wire", published="2020-01-01T08:00Z"),
        Article("nodate", QUAKE[2], url="https://www.site.org/x"),
    ]
    assignment = cluster_stories(docs, [])
    (story,) = build_stories(docs, assignment, [])
    assert story.first_doc == "early" and story.story_id == story_id_of("early")
    assert [e.doc_id for e in story.timeline] == ["early", "late", "nodate"]
    assert story.outlets == ("wire", "farm", "site.org") and story.size == 3


def test_undated_first_article_is_the_uncopied_source():
    docs = [Article("b", QUAKE[0]), Article("a", QUAKE[1])]
    link = ReuseLink("a", "b", Passage(0, 10, 0, 10, 1.0, 30), Direction.B_TO_A)
    (story,) = build_stories(docs, cluster_stories(docs, [link]), [link])
    assert story.first_doc == "b" and story.timeline[0].doc_id == "b"


def test_cohesion_guard_keeps_two_tight_groups_apart():
    tight = [(i, j, 0.9) for g in (range(5), range(5, 10)) for i in g for j in g if i < j]
    bridge = [(i, j, 0.4) for i in range(5) for j in range(5, 10)]
    days = [None] * 10
    loose = LinkageConfig(threshold=0.3, cohesion=0.0)
    guarded = LinkageConfig(threshold=0.3, cohesion=0.6, min_cohesive=5)
    assert len(set(average_linkage(10, tight + bridge, days, loose))) == 1
    assert average_linkage(10, tight + bridge, days, guarded) == [0] * 5 + [5] * 5
