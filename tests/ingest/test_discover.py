"""Inputs: folders, globs, stdin, missing paths; choosing a reader by name or by content."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newstrace.ingest import READERS, STDIN, discover, read_input, read_paths, reader_for
from newstrace.records import Article, IngestProblem


def tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return tree(
        tmp_path / "corpus",
        {
            "b.txt": b"Second\nbody b",
            "a.txt": b"First\nbody a",
            "README.md": b"Notes about this folder",
            ".hidden.txt": b"hidden",
            ".git/config.txt": b"hidden folder",
            "sub/c.jsonl": b'{"id": "c1", "text": "jsonl one"}\n{"id": "c2", "text": "two"}\n',
            "sub/deeper/d.text": b"Deep\ntext",
        },
    )


def test_folders_are_walked_sorted_without_hidden_files(corpus: Path) -> None:
    found = discover([str(corpus)])
    assert [p.relative_to(corpus).as_posix() for p in found if isinstance(p, Path)] == [
        "README.md",
        "a.txt",
        "b.txt",
        "sub/c.jsonl",
        "sub/deeper/d.text",
    ]
    assert not [p for p in found if isinstance(p, IngestProblem)]


def test_read_paths_reads_every_format_with_stable_ids(corpus: Path) -> None:
    first = list(read_paths([str(corpus)]))
    again = list(read_paths([str(corpus)]))
    assert first == again
    assert [a.id for a in first if isinstance(a, Article)] == [
        "README.md", "a.txt", "b.txt", "c1", "c2", "d.text",
    ]  # fmt: skip


def test_globs_are_recursive_and_sorted(corpus: Path) -> None:
    found = discover([str(corpus / "**" / "*.t*")])
    assert [p.name for p in found if isinstance(p, Path)] == ["a.txt", "b.txt", "d.text"]


def test_each_file_is_read_once(corpus: Path) -> None:
    found = discover([str(corpus / "a.txt"), str(corpus), str(corpus / "*.txt")])
    names = [p.name for p in found if isinstance(p, Path)]
    assert names == ["a.txt", "README.md", "b.txt", "c.jsonl", "d.text"]


def test_missing_path_and_empty_glob_are_failed_problems(tmp_path: Path) -> None:
    missing, nomatch = str(tmp_path / "nope.txt"), str(tmp_path / "*.warc.gz")
    assert list(read_paths([missing, nomatch])) == [
        IngestProblem(missing, None, "no such file or directory"),
        IngestProblem(nomatch, None, "glob matched no files"),
    ]


def test_empty_folder_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    [problem] = discover([str(tmp_path / "empty")])
    assert isinstance(problem, IngestProblem) and problem.status == "warning"


def test_problems_come_in_input_order_among_articles(corpus: Path, tmp_path: Path) -> None:
    items = list(read_paths([str(corpus / "a.txt"), str(tmp_path / "gone"), str(corpus / "b.txt")]))
    assert [type(i).__name__ for i in items] == ["Article", "IngestProblem", "Article"]


def test_dash_reads_jsonl_from_stdin_once(corpus: Path) -> None:
    stdin = io.BytesIO(json.dumps({"id": "s", "text": "piped"}).encode() + b"\n")
    assert discover(["-", str(corpus / "a.txt"), "-"]) == [STDIN, corpus / "a.txt"]
    items = list(read_paths(["-"], stdin=stdin))
    assert [(a.id, a.text) for a in items if isinstance(a, Article)] == [("s", "piped")]


def test_read_input_lets_a_caller_count_files_first(corpus: Path) -> None:
    inputs = discover([str(corpus)])
    total = sum(isinstance(i, Path) for i in inputs)
    assert total == 5
    read = [list(read_input(i)) for i in inputs]
    assert len(read) == total


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("a.txt", "txt"),
        ("a.TEXT", "txt"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("A.JSONL.GZ", "jsonl"),
        ("a.ndjson.gz", "jsonl"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("a.xhtml", "html"),
        ("a.warc", "warc"),
        ("a.warc.gz", "warc"),
        ("a.arc.gz", "warc"),
    ],
)
def test_reader_by_file_name(tmp_path: Path, name: str, reader: str) -> None:
    assert reader_for(tmp_path / name).name == reader  # the file need not exist


@pytest.mark.parametrize(
    ("content", "reader"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "warc"),
        (gzip.compress(b'{"id": 1, "text": "x"}\n'), "jsonl"),
        (b'\xef\xbb\xbf  {"id": 1}\n', "jsonl"),
        (b"\n  <!DOCTYPE html><html>", "html"),
        (gzip.compress(b"<html>"), "txt"),  # reported by txt as gzip data, not text
        (b"Just words.\n", "txt"),
        (b"", "txt"),
    ],
)
def test_reader_by_content_when_the_name_says_nothing(
    tmp_path: Path, content: bytes, reader: str
) -> None:
    path = tmp_path / "download.dat"
    path.write_bytes(content)
    assert reader_for(path).name == reader


def test_unreadable_unknown_file_goes_to_txt_which_reports_it(tmp_path: Path) -> None:
    assert reader_for(tmp_path / "nothing.bin") is READERS["txt"]


def test_seed_folder(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[2] / "data" / "seeds"
    items = list(read_paths([str(seeds / "*.txt")]))
    assert [a.id for a in items if isinstance(a, Article)] == [
        "000_fc4f809c70dd1bba.txt",
        "004_5d9cfa0761f81c81.txt",
    ]
