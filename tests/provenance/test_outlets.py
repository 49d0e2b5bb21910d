import pytest

from newstrace.provenance import outlet_of, outlet_profiles
from newstrace.records import Article, Direction, Passage, ReuseLink, Substitution


def test_outlet_is_series_else_site():
    assert outlet_of(Article("a", "t", source="ansa", url="https://x.org/1")) == "ansa"
    assert outlet_of(Article("a", "t", url="https://www.Example.com/a")) == "example.com"
    assert outlet_of(Article("a", "t")) is None


def test_content_farm_profile():
    wire = Article("w1", "w" * 100, source="wire")
    farm1 = Article("f1", "f" * 100, source="farm")
    farm2 = Article("f2", "f" * 100, source="farm")
    sub = Substitution(0, 2, 0, 3, "US", "USA")
    links = [
        ReuseLink("w1", "f1", Passage(0, 50, 0, 50, 0.9, 9, (sub,)), Direction.A_TO_B),
        ReuseLink("w1", "f2", Passage(0, 30, 10, 40, 1.0, 10), Direction.A_TO_B),
        ReuseLink("f1", "f2", Passage(60, 90, 60, 90, 1.0, 10), Direction.A_TO_B),  # same outlet: boilerplate
        ReuseLink("w1", "f2", Passage(60, 90, 60, 90, 1.0, 10), Direction.UNDETERMINED),
    ]
    profiles = outlet_profiles([wire, farm1, farm2], links)
    assert [p.outlet for p in profiles] == ["farm", "wire"]
    farm = profiles[0]
    assert farm.documents == 2 and farm.chars == 200
    assert farm.copied_share == pytest.approx(80 / 200)
    assert farm.spun_share == pytest.approx(1 / 20)
    assert [(s.outlet, s.share) for s in farm.sources] == [("wire", pytest.approx(0.4))]
    assert profiles[1].copied_share == 0.0 and profiles[1].sources == ()
