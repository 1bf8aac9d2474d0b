"""Readers: plain text, HTML, JSON Lines, folders, globs, URLs; boilerplate; bad inputs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import SHARED

from graph.ingest.readers import (
    Overrides,
    ReadError,
    clean_paragraphs,
    dates_in,
    infer_published,
    read_inputs,
)
from graph.model import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = SHARED / "corpus" / "seeds"
SEED_000 = SEEDS / "000_909867b9078e4d81.txt"
SEED_004 = SEEDS / "004_9c3dde283f6020c7.txt"
FIX = Path(__file__).resolve().parent / "fixtures" / "inputs"

needs_seeds = pytest.mark.skipif(
    not SEED_000.exists() or not SEED_004.exists(), reason="seed corpus not found"
)


def read_one(path: str | Path, **kw: object) -> Article | ReadError:
    items = list(read_inputs([str(path)], Overrides(**kw)))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def article(path: str | Path, **kw: object) -> Article:
    item = read_one(path, **kw)
    assert isinstance(item, Article), item
    return item


# ---------------------------------------------------------------------------------------------
# Plain text and the seeds' boilerplate
# ---------------------------------------------------------------------------------------------


@needs_seeds
def test_seed_000_plain_text() -> None:
    a = article(SEED_000)
    assert a.name == "000_909867b9078e4d81"
    assert a.title == (
        "Historic 1,000-for-1,000 Prisoner Exchange Between Russia and Ukraine "
        "Completed Amid Massive Airstrikes"
    )
    assert a.text.startswith("Breaking: Largest Prisoner Exchange Since War Began")
    # the "Discover More" block and everything after it are gone
    assert "Discover More" not in a.text
    assert "Netflix" not in a.text and "Denmark" not in a.text and "News Russia" not in a.text
    assert a.text.endswith("have been 'liberated' by Russian forces.")
    # the article's own content is kept whole
    assert "Yuriy Ihnat" in a.text and "Dmytro Kuleba" in a.text
    assert a.published == date(2025, 5, 25) and a.published_inferred
    assert a.url is None and a.outlet is None


@needs_seeds
def test_seed_004_crumb_repeated_headline_ads_related() -> None:
    a = article(SEED_004)
    headline = "Russia and Ukraine Complete Second Phase of Major Prisoner Exchange"
    assert a.title == headline
    assert headline not in a.text  # printed three times in the file, kept once, as the title
    assert "News Russia" not in a.text  # section crumb
    assert a.text.startswith("On May 24, 2025, Russia and Ukraine released 307 prisoners")
    assert "Related:" not in a.text
    assert "Fire Cubes" not in a.text and "Power Banks" not in a.text  # product pitches
    assert a.text.endswith("strategic vigilance.")
    # section headings and bullet points of the article stay
    assert "Key Developments & Timeline" in a.text
    assert "February 2022: Russia launched a full-scale invasion" in a.text
    assert a.published == date(2025, 5, 24) and a.published_inferred


def test_plain_text_paragraphs_and_furniture(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text(
        "World > Europe\n"
        "Talks Resume in Geneva\n"
        "Talks Resume in Geneva\n\n"
        "Delegations met in Geneva on 3 March 2024 for a second round.\n"
        "Advertisement\n"
        "The talks ended without a joint statement.\n"
        "Read more: Another story entirely\n"
        "Share this article\n",
        encoding="utf-8",
    )
    a = article(p)
    assert a.title == "Talks Resume in Geneva"
    assert a.text == (
        "Delegations met in Geneva on 3 March 2024 for a second round.\n\n"
        "The talks ended without a joint statement."
    )
    assert a.published == date(2024, 3, 3)


def test_trailer_heading_early_in_text_is_kept() -> None:
    # "Read more" in the first half is not taken as the start of a trailer
    _, paras = clean_paragraphs(
        ["Headline here", "Read more", "First real paragraph.", "Second.", "Third."], headline_first=True
    )
    assert paras == ["First real paragraph.", "Second.", "Third."]
    _, paras = clean_paragraphs(
        ["Headline", "One.", "Two.", "Three.", "Discover More", "Other story."], headline_first=True
    )
    assert paras == ["One.", "Two.", "Three."]


def test_body_lines_with_dashes_are_not_taken_for_ads() -> None:
    # a pitch-shaped line is only dropped at the end of the text
    lines = ["Headline", "Kyiv Region – Air defence was active overnight, officials said.", "Last paragraph."]
    _, paras = clean_paragraphs(lines, headline_first=True)
    assert paras == lines[1:]


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


def test_dates_in_text() -> None:
    text = "From May 23-25, 2025; on 4 June 2024; ISO 2023-01-31; bad Feb 30, 2024; Sept 9, 2022."
    assert dates_in(text) == [date(2025, 5, 25), date(2022, 9, 9), date(2024, 6, 4), date(2023, 1, 31)]


def test_inferred_date_never_after_reading() -> None:
    text = "Talks on May 16, 2025 prepared the summit planned for January 10, 2031."
    assert infer_published(text, date(2026, 1, 1)) == date(2025, 5, 16)
    assert infer_published("No dates here, only May 2025.", date(2026, 1, 1)) is None


def test_overrides_apply_to_every_input(tmp_path: Path) -> None:
    for n in ("a", "b"):
        (tmp_path / f"{n}.txt").write_text(f"Headline {n}\n\nBody of {n} on May 1, 2025.\n", encoding="utf-8")
    items = list(
        read_inputs(
            [str(tmp_path)],
            Overrides(published=date(2020, 2, 2), outlet="Outlet X", url="https://example.org/x"),
        )
    )
    assert [i.name for i in items] == ["a", "b"]
    for a in items:
        assert isinstance(a, Article)
        assert (a.published, a.published_inferred, a.outlet, a.url) == (
            date(2020, 2, 2),
            False,
            "Outlet X",
            "https://example.org/x",
        )


def test_no_date_no_publication(tmp_path: Path) -> None:
    p = tmp_path / "undated.txt"
    p.write_text("Headline\n\nNothing in this text says when it happened.\n", encoding="utf-8")
    a = article(p)
    assert a.published is None and not a.published_inferred


# ---------------------------------------------------------------------------------------------
# HTML and JSON Lines
# ---------------------------------------------------------------------------------------------


def test_html_page() -> None:
    a = article(FIX / "good" / "exchange_page.html")
    assert a.name == "exchange_page"
    assert a.title == "Historic 1,000-for-1,000 Prisoner Exchange Between Russia and Ukraine Completed"
    assert a.url == "https://news.example.org/2025/05/25/prisoner-exchange-completed"
    assert a.outlet == "Example Daily"
    assert a.published == date(2025, 5, 25) and not a.published_inferred
    assert a.text.startswith("Russia and Ukraine have successfully completed")
    assert "Three-Day Exchange Process" in a.text
    assert a.text.endswith("including Iranian-designed Shahed drones.")
    for gone in (
        "Home",
        "tracking code",
        "font-family",
        "Advertisement",
        "Buy the new phone",
        "Denmark",
        "Share this",
        "Copyright",
        "By A. Reporter",
        "News",
    ):
        assert gone not in a.text, gone
    assert a.title not in a.text


def test_jsonl_records() -> None:
    items = list(read_inputs([str(FIX / "good" / "records.jsonl")]))
    assert [type(i) for i in items] == [Article, Article]
    full, bare = items
    assert isinstance(full, Article) and isinstance(bare, Article)
    assert full.name == "jsonl-second-phase"
    assert (full.url, full.outlet, full.published, full.published_inferred) == (
        "https://news.example.org/2025/05/24/second-phase",
        "Example Wire",
        date(2025, 5, 24),
        False,
    )
    assert full.title == "Russia and Ukraine Complete Second Phase of Major Prisoner Exchange"
    assert full.title not in full.text and "Related:" not in full.text
    assert full.origin.endswith("records.jsonl:1")
    assert bare.name == "jsonl-no-metadata" and bare.title is None
    assert bare.published == date(2025, 5, 20) and bare.published_inferred
    assert bare.text.startswith("Ukrainian officials have long advocated")


def test_jsonl_record_without_id_is_named_by_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "batch.jsonl"
    p.write_text(
        "\n" + json.dumps({"text": "A record with only a text, written on May 2, 2025."}) + "\n",
        encoding="utf-8",
    )
    assert article(p).name == "batch-2"


# ---------------------------------------------------------------------------------------------
# Folders, globs, URLs
# ---------------------------------------------------------------------------------------------


def test_folder_is_read_recursively_and_skips_unknown_types() -> None:
    items = list(read_inputs([str(FIX)]))
    origins = [i.origin for i in items]
    assert any(o.endswith("good/exchange_page.html") for o in origins)
    assert any(o.endswith("good/records.jsonl:2") for o in origins)
    assert not any("unknown_type" in o for o in origins)  # not a known extension: skipped in folders
    assert not any(o.endswith("README.md") for o in origins)


def test_glob(tmp_path: Path) -> None:
    sub = tmp_path / "x" / "y"
    sub.mkdir(parents=True)
    (sub / "deep.txt").write_text("Deep Headline\n\nDeep text of the article.\n", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Top Headline\n\nTop text of the article.\n", encoding="utf-8")
    names = [i.name for i in read_inputs([str(tmp_path / "**" / "*.txt")])]
    assert sorted(names) == ["deep", "top"]
    nothing = list(read_inputs([str(tmp_path / "*.html")]))
    assert len(nothing) == 1 and isinstance(nothing[0], ReadError)
    assert "no file matches" in nothing[0].message


def test_url_without_network_is_a_clear_error() -> None:
    # this test environment has no network; where it has, the error is a refused/invalid host
    item = read_one("http://newsgraph-test.invalid/2025/story.html")
    assert isinstance(item, ReadError)
    assert item.origin == "http://newsgraph-test.invalid/2025/story.html"
    assert item.message.startswith("cannot fetch")
    assert item.name == "story"


# ---------------------------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------------------------

BAD = FIX / "bad"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.txt", "empty file"),
        ("whitespace.txt", "only whitespace"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "not UTF-8"),
        ("no_article.html", "no article text"),
        ("unknown_type.docx", "unknown file type '.docx'"),
    ],
)
def test_bad_file(name: str, expected: str) -> None:
    item = read_one(BAD / name)
    assert isinstance(item, ReadError)
    assert item.origin == str(BAD / name)
    assert expected in item.message
    assert expected in str(item) and str(BAD / name) in str(item)


def test_bad_jsonl_lines_each_get_an_error_and_good_lines_are_read() -> None:
    items = list(read_inputs([str(BAD / "records.jsonl")]))
    errors = {i.origin.rsplit(":", 1)[1]: i.message for i in items if isinstance(i, ReadError)}
    assert "not valid JSON" in errors["1"]
    assert "no 'text' field" in errors["2"]
    assert "field 'title' must be a string, not list" in errors["3"]
    assert "field 'published'" in errors["4"]
    assert "must be a JSON object" in errors["5"]
    good = [i for i in items if isinstance(i, Article)]
    assert [g.name for g in good] == ["jsonl-good-among-bad"]


def test_size_limit(tmp_path: Path) -> None:
    p = tmp_path / "long.txt"
    p.write_text("Headline\n\n" + "word " * 100, encoding="utf-8")
    item = read_one(p, max_bytes=100)
    assert isinstance(item, ReadError) and "over the size limit of 100 bytes" in item.message
    assert isinstance(read_one(p, max_bytes=10_000), Article)
    jl = tmp_path / "long.jsonl"
    jl.write_text(json.dumps({"id": "r", "text": "word " * 100}) + "\n", encoding="utf-8")
    item = read_one(jl, max_bytes=100)
    assert isinstance(item, ReadError) and "size limit" in item.message


def test_headline_only_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "title_only.txt"
    p.write_text("Just A Headline\n\n", encoding="utf-8")
    item = read_one(p)
    assert isinstance(item, ReadError) and "no article text" in item.message


def test_missing_path_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text("Fine Headline\n\nA fine article body.\n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "missing.txt"), str(BAD / "binary.txt"), str(good)]))
    assert [type(i) for i in items] == [ReadError, ReadError, Article]
    assert isinstance(items[0], ReadError) and items[0].message == "no such file or folder"
