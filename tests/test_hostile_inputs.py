"""Hostile articles: each one gets a per-article error or is stored whole; none stops a batch.

The inputs are generated at test time into a temporary folder (see tests/fixtures/hostile/README.md):
some are large (50 MB), and all are easy to describe in code.  Three layers are exercised:

* the readers (``graph.ingest.readers.read_inputs``): an Article or a ReadError per input, never an exception;
* ingestion in-process (``graph.ingest.pipeline.ingest``): per-article outcomes; an article that fails leaves
  nothing in the store, one that is stored is provenance-complete;
* the CLI (``newsgraph ingest``) over a folder of all of them plus a good article: exit status 1, one
  line per failure, no traceback, and the good article stored.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent
SEEDS = SHARED / "corpus" / "seeds"
NEWSGRAPH = [str(Path(sys.executable).parent / "newsgraph")]

GOOD_TEXT = (
    "Ministers meet in Vesk to discuss a prisoner exchange\n\n"
    "Foreign Minister Arlen Vosk of Valdoria met his counterpart in Vesk on May 24, 2025. "
    "The two sides agreed to exchange 120 prisoners each, officials said on Saturday.\n"
)

MB = 1024 * 1024
T = TypeVar("T")


def _names_sentence(n: int) -> str:
    rng = random.Random(7)
    first = ["Arlen", "Mira", "Dario", "Ilse", "Tomas", "Ana", "Pavel", "Lena", "Ruben", "Sofia"]
    last = ["Vosk", "Tolvanen", "Kestrel", "Marrow", "Brevik", "Solberg", "Orsk", "Quist", "Hale"]
    names = [f"{rng.choice(first)} {rng.choice(last)}{i}" for i in range(n)]
    return "Officials named " + ", ".join(names) + " as members of the delegation."


def _deep_html(levels: int) -> str:
    return (
        "<html><head><title>Deep</title></head><body><article><h1>Deeply nested page</h1>"
        + "<div>" * levels
        + "<p>Foreign Minister Arlen Vosk said on May 24, 2025 that talks would go on.</p>"
        + "</div>" * levels
        + "</article></body></html>"
    )


@dataclass
class Kind:
    """One kind of hostile input: a file name, its bytes, and what must come of it.

    ``expect``: "error" (every article in it must fail with a read/extraction error) or "any"
    (stored whole, or a per-article error: either is acceptable, a crash is not)."""

    filename: str
    make: Callable[[], bytes]
    expect: str


KINDS: dict[str, Kind] = {
    "empty": Kind("empty.txt", lambda: b"", "error"),
    "whitespace": Kind("whitespace.txt", lambda: b" \t\n\r\n   \n\xc2\xa0\n\t", "error"),
    "bom_only": Kind("bom_only.txt", lambda: b"\xef\xbb\xbf", "error"),
    "binary_nul": Kind("binary.txt", lambda: random.Random(1).randbytes(4096) + b"\x00", "error"),
    "binary_no_nul": Kind(
        "binary_no_nul.txt", lambda: bytes(128 + b % 128 for b in random.Random(2).randbytes(4096)), "error"
    ),
    "latin1": Kind(
        "latin1.txt", lambda: "Café in Zürich\n\nSmörgåsbord served déjà vu.".encode("latin-1"), "error"
    ),
    "utf16": Kind("utf16.txt", lambda: GOOD_TEXT.encode("utf-16"), "error"),
    "utf16_html": Kind(
        "utf16.html", lambda: f"<html><body><p>{GOOD_TEXT}</p></body></html>".encode("utf-16"), "error"
    ),
    "nul_in_html": Kind(
        "nul.html", lambda: b"<html><body><article><p>Text\x00more</p></article></body></html>", "error"
    ),
    "huge_50mb_text": Kind(
        "huge.txt", lambda: b"Headline\n" + b"All quiet on the front today. " * (50 * MB // 29), "error"
    ),
    "huge_50mb_jsonl": Kind(
        "huge.jsonl",
        lambda: json.dumps({"id": "huge", "text": "word " * (50 * MB // 5)}).encode() + b"\n",
        "error",
    ),
    "deep_html_10k": Kind("deep.html", lambda: _deep_html(10_000).encode(), "any"),
    "broken_html": Kind(
        "broken.html",
        lambda: (
            b"<html><body><article><h1>Broken <b>page</h1><p<<>>Officials said <i>on May 24, 2025 "
            b"that 40 prisoners were freed.</p></p></div><p>Unclosed <a href='x>link <!-- open comment"
            b"<p>more text after the comment?<script>while(1){}"
        ),
        "any",
    ),
    "no_article_html": Kind(
        "no_article.html",
        lambda: (
            b"<html><head><script>var a=1;</script><style>p{}</style></head><body><nav><a href='/'>Home</a>"
            b"<a href='/world'>World</a></nav><footer>Copyright 2025</footer></body></html>"
        ),
        "error",
    ),
    "markup_only_html": Kind("markup_only.html", lambda: b"<html></html>", "error"),
    "only_headline": Kind("only_headline.txt", lambda: b"Just a headline\n", "error"),
    "names_10k": Kind(
        "names.txt", lambda: ("Delegation named\n" + _names_sentence(10_000) + "\n").encode(), "any"
    ),
    "control_chars": Kind(
        "control.txt",
        lambda: (
            "Control characters everywhere\n"
            "Foreign Minister Arlen\x07 Vosk\x01 said\x02 on May 24, 2025 \x1b[31mthat\x1b[0m 12 prisoners "
            "were\x0b freed\x0c in\x1c Vesk\x1d.\x7f\x85 The \x08talks \x7fwill go on.\n"
        ).encode(),
        "any",
    ),
    "long_line_no_spaces": Kind("long_line.txt", lambda: b"Long line\n" + b"a" * 1_500_000 + b".\n", "any"),
    "many_lines": Kind("many_lines.txt", lambda: b"Many lines\n" + b"Short line here.\n" * 200_000, "any"),
    "rtl_emoji": Kind(
        "rtl_emoji.txt",
        lambda: (
            "عنوان الخبر 🇺🇦🤝🇷🇺\n"
            "قال وزير الخارجية إن 307 أسرى أُفرج عنهم يوم 24 مايو 2025. "
            "שר החוץ אמר כי השיחות יימשכו. 👩🏽‍⚖️ Z̴̢̛a̷l̸g̵o̶ text \u202etxet desrever\u202c and "
            "Foreign Minister Arlen Vosk 🙂 said on May 24, 2025 that 12 prisoners were freed.\n"
        ).encode(),
        "any",
    ),
    "weird_filename": Kind("we\u0301ird name;\t$(rm -rf x)'\".txt", lambda: GOOD_TEXT.encode(), "any"),
    "unknown_extension": Kind("article.docx", lambda: b"PK\x03\x04 not a docx", "error"),
    "jsonl_deep_json": Kind("deep_json.jsonl", lambda: b"[" * 100_000 + b"]" * 100_000 + b"\n", "error"),
    "jsonl_bad_url": Kind(
        "bad_url.jsonl",
        lambda: (
            b'{"id": "bad-url", "url": "not a url", "text": "Officials said on May 24, 2025 that 3 were freed."}\n'
            b'{"id": "js-url", "url": "javascript:alert(1)//<x>", "text": "Officials said that 4 were freed."}\n'
        ),
        "any",
    ),
    "jsonl_lone_surrogate": Kind(
        "surrogate.jsonl",
        lambda: (
            b'{"id": "sur", "title": "Lone \\ud800 surrogate", "text": "Officials said \\udfff on May 24, 2025 that 3 were freed."}\n'
        ),
        "any",
    ),
}

# JSON Lines records, one a line, each with its own expectation.
JSONL_RECORDS: list[tuple[str, str]] = [
    ("not json at all", "error"),
    ('{"id": "trunc", "text": "cut off', "error"),
    ("[1, 2, 3]", "error"),
    ('"just a string"', "error"),
    ("null", "error"),
    ('{"id": "no-text", "title": "Missing text"}', "error"),
    ('{"id": "null-text", "text": null}', "error"),
    ('{"id": "int-text", "text": 123}', "error"),
    ('{"id": "nan-text", "text": NaN}', "error"),
    ('{"id": "list-title", "title": ["a"], "text": "Officials said 3 were freed."}', "error"),
    ('{"id": true, "text": "Officials said 3 were freed."}', "error"),
    ('{"id": "dict-published", "published": {"y": 2025}, "text": "Officials said 3 were freed."}', "error"),
    (
        '{"id": "nonsense-date", "published": "next tuesday-ish", "text": "Officials said 3 were freed."}',
        "error",
    ),
    ('{"id": "impossible-date", "published": "2025-13-45", "text": "Officials said 3 were freed."}', "error"),
    ('{"id": "zero-date", "published": "0000-00-00", "text": "Officials said 3 were freed."}', "error"),
    ('{"id": "empty-text", "text": "   "}', "error"),
    (
        '{"id": "future-date", "published": "2999-01-01", "text": "Officials said on Monday that 3 were freed."}',
        "any",
    ),
    ('{"id": "year-99999", "published": "99999-01-01", "text": "Officials said that 4 were freed."}', "any"),
    (
        '{"id": "good", "title": "Ministers meet", "text": ' + json.dumps(GOOD_TEXT.split("\n", 2)[2]) + "}",
        "stored",
    ),
]
KINDS["jsonl_records"] = Kind(
    "records.jsonl", lambda: ("\n".join(line for line, _ in JSONL_RECORDS) + "\n").encode(), "per-record"
)


def bug(reason: str) -> pytest.MarkDecorator:
    """A known bug in code under test, reported to its owners; strict, so a fix shows up as XPASS."""
    return pytest.mark.xfail(reason="BUG: " + reason, strict=True)


# Fixed: deep HTML (iterative walk), deeply nested JSON, lone surrogates and non-IRI urls now give
# per-article errors (graph/ingest/readers.py check_article). Any new known bug goes here with bug(...).
READER_BUGS: dict[str, pytest.MarkDecorator] = {}
INGEST_BUGS: dict[str, pytest.MarkDecorator] = {**READER_BUGS}


def with_bugs(names: list[str], bugs: dict[str, pytest.MarkDecorator]) -> list:  # type: ignore[type-arg]
    return [pytest.param(n, marks=bugs[n]) if n in bugs else n for n in names]


def must_not_raise(fn: Callable[[], T]) -> T:
    """Call fn; an exception fails the test with one line.  The failure is raised outside the
    except block: pytest renders a chained 1000-frame RecursionError for many minutes."""
    try:
        return fn()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - whatever escapes is the finding
        message = f"escaped: {type(exc).__name__}: {str(exc)[:300]}"
    pytest.fail(message, pytrace=False)


def write_kind(folder: Path, kind: Kind) -> Path:
    path = folder / kind.filename
    path.write_bytes(kind.make())
    return path


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for kind in KINDS.values():
        write_kind(folder, kind)
    return folder


def test_at_least_twenty_kinds() -> None:
    assert len(KINDS) + len(JSONL_RECORDS) >= 40 and len(KINDS) >= 20


# ---------------------------------------------------------------------------------------------
# Readers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", with_bugs(sorted(KINDS), READER_BUGS))
def test_reader_yields_article_or_read_error(name: str, hostile_dir: Path) -> None:
    from graph.ingest.readers import ReadError, read_inputs
    from graph.model import Article

    path = hostile_dir / KINDS[name].filename
    items = must_not_raise(lambda: list(read_inputs([str(path)])))
    assert items, "every input gives at least one article or error"
    for item in items:
        assert isinstance(item, Article | ReadError)
        if isinstance(item, ReadError):
            assert item.message.strip() and "\n" not in item.message and "Traceback" not in item.message
            assert len(item.message) < 500, item.message[:600]
        else:
            assert item.text.strip() and "\x00" not in item.text
            item.content_hash  # noqa: B018 - the text can be hashed (encoded as UTF-8)
    kind = KINDS[name]
    if kind.expect == "error":
        assert all(isinstance(i, ReadError) for i in items), [str(i)[:200] for i in items]
    if kind.expect == "per-record":
        assert len(items) == len(JSONL_RECORDS)
        for item, (line, want) in zip(items, JSONL_RECORDS, strict=True):
            if want == "error":
                assert isinstance(item, ReadError), f"{line[:60]!r} should be refused"
            elif want == "stored":
                assert isinstance(item, Article), str(item)


def test_future_jsonl_date_is_kept_or_refused_clearly(hostile_dir: Path) -> None:
    from graph.ingest.readers import read_inputs
    from graph.model import Article

    items = list(read_inputs([str(hostile_dir / "records.jsonl")]))
    future = items[
        [line for line, _ in JSONL_RECORDS].index(next(r for r, _ in JSONL_RECORDS if "future-date" in r))
    ]
    if isinstance(future, Article):
        assert future.published is not None and future.published.year == 2999
        assert future.published_inferred is False


# ---------------------------------------------------------------------------------------------
# Ingestion in-process: per-article outcomes, failed articles leave nothing, stored ones are whole
# ---------------------------------------------------------------------------------------------


def _source_graphs(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(g) for g in store.graphs() if "/graph/source/" in str(g)]


def _complete(store, graph: str) -> bool:  # type: ignore[no-untyped-def]
    return store.ask(
        "PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        f"ASK {{ GRAPH <{graph}> {{ ?s a ng:Source ; ng:inGraph <{graph}> ; ng:text ?t ; ng:contentHash ?h ; "
        "prov:wasGeneratedBy ?a . ?a a ng:Extraction ; prov:used ?s } }"
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", with_bugs(sorted(KINDS), INGEST_BUGS))
def test_ingest_hostile_input(name: str, hostile_dir: Path, tmp_path: Path) -> None:
    from graph.ingest.pipeline import ingest
    from graph.store import OxigraphStore

    store = OxigraphStore(tmp_path / "store")
    try:
        report = must_not_raise(
            lambda: ingest([str(hostile_dir / KINDS[name].filename)], store, workers=1, validate=False)
        )
        assert report.outcomes
        stored = {o.source for o in report.outcomes if o.status == "stored"}
        for o in report.outcomes:
            assert o.status in ("stored", "error"), o
            if o.status == "error":
                assert o.message.strip() and "\n" not in o.message and "Traceback" not in o.message, o.message
                if o.source and o.source not in stored:
                    sid = o.source.rsplit("/", 1)[-1]
                    assert not any(g.endswith("/" + sid) for g in _source_graphs(store)), (
                        "failed article left data"
                    )
        graphs = _source_graphs(store)
        assert len(graphs) == len(stored)
        for g in graphs:
            assert _complete(store, g), f"{g} is not provenance-complete"
        kind = KINDS[name]
        if kind.expect == "error":
            assert report.stored == 0 and not _source_graphs(store), [o.message for o in report.outcomes]
        if kind.expect == "per-record":
            assert report.stored >= 1 and report.failed >= sum(1 for _, w in JSONL_RECORDS if w == "error")
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------
# The CLI over the whole folder: the batch goes on past every bad input
# ---------------------------------------------------------------------------------------------


def _run(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    return subprocess.run(
        NEWSGRAPH + args, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env, errors="replace"
    )


@pytest.mark.slow
def test_cli_batch_goes_past_every_hostile_input(hostile_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (good / seed.name).write_bytes(seed.read_bytes())
    store = tmp_path / "store"
    proc = _run(["ingest", str(hostile_dir), str(good), "--store", str(store), "--json", "--workers", "1"])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-3000:])
    report = json.loads(proc.stdout)
    by_origin = {a["origin"]: a for a in report["articles"]}
    assert by_origin[str(good / seed.name)]["status"] == "stored"
    failed_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("failed: ")]
    assert len(failed_lines) == report["failed"] >= 15
    # the docx is skipped inside a folder; every other hostile file gave at least one outcome
    for kind in KINDS.values():
        if kind.filename.endswith(".docx"):
            continue
        path = str(hostile_dir / kind.filename)
        assert any(o == path or o.startswith(path + ":") for o in by_origin), (
            f"no outcome for {kind.filename}"
        )
    # and the store holds exactly the stored articles, each whole
    from graph.store import OxigraphStore

    st = OxigraphStore(store)
    try:
        graphs = _source_graphs(st)
        assert len(graphs) == report["stored"]
        assert all(_complete(st, g) for g in graphs)
    finally:
        st.close()


def test_cli_nonsense_published_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(GOOD_TEXT)
    store = tmp_path / "store"
    for bad in ("next tuesday-ish", "2025-02-30", "'; DROP ALL; --"):
        proc = _run(["ingest", str(art), "--store", str(store), "--published", bad])
        assert proc.returncode == 2, (bad, proc.returncode, proc.stderr)
        assert "Traceback" not in proc.stderr and "--published" in proc.stderr, proc.stderr
    assert not store.exists() or not any(store.iterdir()) or _count(store) == 0


def _count(store: Path) -> int:
    from graph.store import OxigraphStore

    st = OxigraphStore(store)
    try:
        return st.count()
    finally:
        st.close()


def _stored_sources(store: Path) -> int:
    from graph.store import OxigraphStore

    st = OxigraphStore(store)
    try:
        return len(_source_graphs(st))
    finally:
        st.close()


@pytest.mark.slow
def test_cli_future_published_is_stored_as_given_or_refused(tmp_path: Path) -> None:
    art = tmp_path / "a.txt"
    art.write_text(GOOD_TEXT)
    store = tmp_path / "store"
    proc = _run(["ingest", str(art), "--store", str(store), "--published", "2999-12-31", "--json"])
    assert "Traceback" not in proc.stderr
    if proc.returncode == 0:
        from graph.store import OxigraphStore

        st = OxigraphStore(store)
        try:
            rows = st.select("SELECT ?d WHERE { ?s <https://schema.org/datePublished> ?d }").rows
            assert [str(r["d"]) for r in rows] == ["2999-12-31"]
        finally:
            st.close()
    else:
        assert proc.returncode in (1, 2) and "2999" in proc.stderr, proc.stderr
        assert _stored_sources(store) == 0
