"""The PAN commands: `pan`, `pan-eval` and `pan-generate`, run as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.cli.test_cli import run

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
SUSP, SRC = "suspicious-document00001.txt", "source-document00001.txt"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """The seed pair in PAN layout: 000 (the spun copy) is suspicious, 004 its source."""
    copy = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    source = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    _write(tmp_path / "susp" / SUSP, copy)
    _write(tmp_path / "src" / SRC, source)
    _write(tmp_path / "pairs", f"{SUSP} {SRC}\n")
    return tmp_path


def test_pan_writes_the_documented_xml_for_the_seed_pair(seed_corpus: Path, seed_expected: dict) -> None:
    out = run("pan", "--pairs", seed_corpus / "pairs", "--src", seed_corpus / "src",
              "--susp", seed_corpus / "susp", "--out", seed_corpus / "det", "-j", "1")
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    xml = seed_corpus / "det" / "suspicious-document00001-source-document00001.xml"
    root = ET.parse(xml).getroot()
    assert root.tag == "document" and root.get("reference") == SUSP
    found = sorted(
        (int(f.get("this_offset")), int(f.get("this_length")), int(f.get("source_offset")),
         int(f.get("source_length")))
        for f in root.iter("feature")
    )
    assert all(f.get("name") == "detected-plagiarism" and f.get("source_reference") == SRC
               for f in root.iter("feature"))
    gold = sorted(
        (r["copy_start"], r["copy_end"] - r["copy_start"],
         r["source_start"], r["source_end"] - r["source_start"])
        for r in seed_expected["reuse"]
    )
    assert found == gold


def test_pan_names_a_pair_with_a_missing_file_and_goes_on(seed_corpus: Path) -> None:
    _write(seed_corpus / "pairs", f"{SUSP} {SRC}\nsuspicious-document00002.txt {SRC}\n")
    out = run("pan", "--pairs", seed_corpus / "pairs", "--src", seed_corpus / "src",
              "--susp", seed_corpus / "susp", "--out", seed_corpus / "det")
    assert out.returncode == 1
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "suspicious-document00002.txt" in errors[0]
    assert "1 of 2 pairs aligned" in out.stderr
    assert [p.name for p in (seed_corpus / "det").iterdir()] == [
        "suspicious-document00001-source-document00001.xml"
    ]


def test_pan_rejects_a_malformed_pairs_file(seed_corpus: Path) -> None:
    _write(seed_corpus / "pairs", f"{SUSP}\n")
    out = run("pan", "--pairs", seed_corpus / "pairs", "--src", seed_corpus / "src",
              "--susp", seed_corpus / "susp", "--out", seed_corpus / "det")
    assert out.returncode == 1
    assert "line 1" in out.stderr and len(out.stderr.strip().splitlines()) == 1


def _feature(name: str, this: tuple[int, int], source: tuple[int, int], obfuscation: str = "") -> str:
    extra = f' obfuscation="{obfuscation}"' if obfuscation else ""
    return (f'<feature name="{name}"{extra} this_offset="{this[0]}" this_length="{this[1]}" '
            f'source_reference="{SRC}" source_offset="{source[0]}" source_length="{source[1]}"/>')


def _xml(folder: Path, suspicious: str, features: list[str]) -> None:
    body = "\n".join(features)
    _write(folder / f"{Path(suspicious).stem}-{Path(SRC).stem}.xml",
           f'<document reference="{suspicious}">\n{body}\n</document>\n')


def test_pan_eval_scores_a_hand_computed_case(tmp_path: Path) -> None:
    # One truth case of 100 characters in each text; two detections cover its first and
    # last 25: recall 0.5, precision 1, granularity 2, plagdet = F1 / log2(1 + 2).
    _xml(tmp_path / "truth", SUSP, [_feature("plagiarism", (0, 100), (0, 100), "reorder")])
    _xml(tmp_path / "det", SUSP, [
        _feature("detected-plagiarism", (0, 25), (0, 25)),
        _feature("detected-plagiarism", (75, 25), (75, 25)),
    ])
    # A negative pair with a detection lowers nothing here but is counted.
    _write(tmp_path / "pairs", f"{SUSP} {SRC}\nsuspicious-document00002.txt {SRC}\n")
    negative = _feature("detected-plagiarism", (0, 10), (0, 10))
    _xml(tmp_path / "det", "suspicious-document00002.txt", [negative])
    out = run("pan-eval", "--truth", tmp_path / "truth", "--detections", tmp_path / "det",
              "--pairs", tmp_path / "pairs", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    kind = data["by_kind"]["reorder"]
    assert kind["recall"] == pytest.approx(0.5)
    assert kind["precision"] == pytest.approx(1.0)
    assert kind["granularity"] == pytest.approx(2.0)
    f1 = 2 * 0.5 * 1.0 / 1.5
    assert kind["plagdet"] == pytest.approx(f1 / 1.584962500721156)
    assert data["negative_pairs"] == 1 and data["negative_pairs_detected"] == 1
    # Overall, the negative's detection is a false positive: 10 of 60 detected characters.
    assert data["overall"]["precision"] == pytest.approx((1.0 + 1.0 + 0.0) / 3)
    text = run("pan-eval", "--truth", tmp_path / "truth", "--detections", tmp_path / "det")
    assert text.returncode == 0 and "| det | reorder | 1 | " in text.stdout


def test_pan_eval_names_an_unreadable_xml_file(tmp_path: Path) -> None:
    _write(tmp_path / "truth" / "broken.xml", "<document reference=")
    (tmp_path / "det").mkdir()
    out = run("pan-eval", "--truth", tmp_path / "truth", "--detections", tmp_path / "det")
    assert out.returncode == 1 and "broken.xml" in out.stderr


def test_pan_generate_then_pan_then_pan_eval_round_trip(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    gen = run("pan-generate", "--out", corpus, "--seed", "5", "--pairs-per-kind", "3",
              "--kinds", "verbatim,alias,negative")
    assert gen.returncode == 0, gen.stderr
    pairs = (corpus / "pairs").read_text().splitlines()
    assert len(pairs) == 9 and len(list((corpus / "truth").glob("*.xml"))) == 9
    det = run("pan", "--pairs", corpus / "pairs", "--src", corpus / "src", "--susp", corpus / "susp",
              "--out", tmp_path / "det")
    assert det.returncode == 0, det.stderr
    assert len(list((tmp_path / "det").glob("*.xml"))) == 9
    score = run("pan-eval", "--truth", corpus / "truth", "--detections", tmp_path / "det",
                "--pairs", corpus / "pairs", "--format", "json")
    data = json.loads(score.stdout)
    assert set(data["by_kind"]) == {"verbatim", "alias"}
    assert data["negative_pairs"] == 3 and data["negative_pairs_detected"] == 0
    assert data["by_kind"]["verbatim"]["recall"] > 0.9
