"""Ingestion end to end with the real extractor: report, atomic writes, re-ingest, versions, CLI.

One store is ingested once per module (spaCy is slow to start) and closed; tests reopen it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED
from rdflib import Literal, URIRef
from rdflib.namespace import PROV

from api.cli import cli
from graph import iris
from graph.ingest.pipeline import IngestReport, ingest
from graph.ingest.readers import Overrides, read_inputs
from graph.model import Article, ExtractionResult
from graph.namespace import NG
from graph.sparql.terms import sparql_term
from graph.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = SHARED / "corpus" / "seeds"
FIX = Path(__file__).resolve().parent / "fixtures" / "inputs"
BAD = FIX / "bad"

GOOD_INPUTS = [str(SEEDS), str(FIX / "good")]
BAD_INPUTS = [str(BAD), str(BAD / "unknown_type.docx")]
# read errors expected from BAD_INPUTS: 5 bad files in the folder, 5 bad JSON Lines records,
# and the explicitly named unknown file type
EXPECTED_FAILURES = 11
EXPECTED_STORED = {
    "000_909867b9078e4d81",
    "004_9c3dde283f6020c7",
    "exchange_page",
    "jsonl-second-phase",
    "jsonl-no-metadata",
    "jsonl-good-among-bad",
}


def stored_names(store: Store) -> list[str]:
    res = store.select(f"SELECT ?n WHERE {{ GRAPH ?g {{ ?s {sparql_term(NG.articleName)} ?n }} }}")
    return sorted(str(r["n"]) for r in res.rows)


def source_text(store: Store, source: URIRef) -> str | None:
    res = store.select(f"SELECT ?t WHERE {{ {sparql_term(source)} {sparql_term(NG.text)} ?t }}")
    return str(res.rows[0]["t"]) if res.rows else None


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, IngestReport]]:
    path = tmp_path_factory.mktemp("ingest") / "store"
    with open_store(str(path)) as store:
        report = ingest(GOOD_INPUTS + BAD_INPUTS, store, workers=1)
    yield path, report


@pytest.fixture()
def store(ingested: tuple[Path, IngestReport]) -> Iterator[Store]:
    with open_store(str(ingested[0])) as st:
        yield st


# ---------------------------------------------------------------------------------------------
# One batch: report and store
# ---------------------------------------------------------------------------------------------


def test_report_counts_and_messages(ingested: tuple[Path, IngestReport]) -> None:
    _, report = ingested
    stored = {o.name for o in report.outcomes if o.status == "stored"}
    assert stored == EXPECTED_STORED, [(o.origin, o.message) for o in report.errors]
    assert report.stored == len(EXPECTED_STORED)
    assert report.failed == EXPECTED_FAILURES
    assert report.unchanged == 0
    assert not report.ok
    messages = {o.origin.replace(str(BAD) + "/", ""): o.message for o in report.errors}
    assert "empty file" in messages["empty.txt"]
    assert "binary file" in messages["binary.txt"]
    assert "not UTF-8" in messages["latin1.txt"]
    assert "only whitespace" in messages["whitespace.txt"]
    assert "no article text" in messages["no_article.html"]
    assert "unknown file type" in messages["unknown_type.docx"]
    assert "not valid JSON" in messages["records.jsonl:1"]
    assert "no 'text' field" in messages["records.jsonl:2"]
    assert "must be a string" in messages["records.jsonl:3"]
    data = report.to_dict()
    assert (data["stored"], data["failed"], data["unchanged"]) == (len(EXPECTED_STORED), EXPECTED_FAILURES, 0)
    json.dumps(data)  # the report is JSON-ready


def test_validation_summary_when_available(ingested: tuple[Path, IngestReport]) -> None:
    _, report = ingested
    assert report.validation is not None or report.validation_error is not None


def test_store_holds_exactly_the_stored_articles(store: Store) -> None:
    assert stored_names(store) == sorted(EXPECTED_STORED)
    graphs = set(store.graphs())
    assert iris.entity_graph_iri() in graphs


def test_each_article_is_provenance_complete(store: Store) -> None:
    articles = [a for a in read_inputs(GOOD_INPUTS) if isinstance(a, Article)]
    assert {a.name for a in articles} <= EXPECTED_STORED
    for a in articles:
        g = sparql_term(a.graph_iri)
        s = sparql_term(a.source_iri)
        assert source_text(store, a.source_iri) == a.text, a.name
        assert store.ask(
            f"ASK {{ GRAPH {g} {{ {s} {sparql_term(NG.contentHash)} "
            f"{sparql_term(Literal(a.content_hash))} }} }}"
        ), a.name
        assert store.ask(
            f"ASK {{ GRAPH {g} {{ {s} {sparql_term(PROV.wasGeneratedBy)} ?act . "
            f"?act {sparql_term(PROV.used)} {s} }} }}"
        ), a.name
        assert store.ask(
            f"ASK {{ GRAPH {g} {{ {s} {sparql_term(NG.articleName)} {sparql_term(Literal(a.name))} }} }}"
        ), a.name


def test_seed_text_is_stored_clean(store: Store) -> None:
    seed = next(a for a in read_inputs([str(SEEDS / "004_9c3dde283f6020c7.txt")]) if isinstance(a, Article))
    text = source_text(store, seed.source_iri)
    assert text is not None
    assert "Related:" not in text and "News Russia" not in text
    assert text.count("Complete Second Phase of Major Prisoner Exchange") == 0


# ---------------------------------------------------------------------------------------------
# Re-ingest, versions, atomicity
# ---------------------------------------------------------------------------------------------


def test_reingest_changes_nothing(store: Store) -> None:
    before = store.count()
    dump_before = store.export("nquads")
    report = ingest(GOOD_INPUTS, store, workers=1)
    assert report.unchanged == len(EXPECTED_STORED) - 1  # jsonl-good-among-bad is in bad/
    assert report.stored == 0 and report.failed == 0 and report.ok
    assert store.count() == before
    assert store.export("nquads") == dump_before


def test_changed_version_replaces_the_old_one(tmp_path: Path) -> None:
    url = "https://news.example.org/2025/06/01/talks"
    p = tmp_path / "talks.txt"
    p.write_text(
        "Talks Resume\n\nDelegations from Russia and Ukraine met in Istanbul on June 1, 2025.\n",
        encoding="utf-8",
    )
    with open_store(str(tmp_path / "store")) as st:
        first = ingest([str(p)], st, workers=1, overrides=Overrides(url=url))
        assert first.stored == 1
        source = URIRef(first.outcomes[0].source or "")
        p.write_text(
            "Talks Resume\n\nDelegations from Russia and Ukraine met in Istanbul on June 2, 2025, "
            "a day later than planned.\n",
            encoding="utf-8",
        )
        second = ingest([str(p)], st, workers=1, overrides=Overrides(url=url))
        assert second.stored == 1 and second.outcomes[0].source == str(source)
        assert stored_names(st) == ["talks"]  # one source, not two
        text = source_text(st, source)
        assert text is not None and "June 2, 2025" in text and "June 1, 2025" not in text
        hashes = st.select(f"SELECT ?h WHERE {{ {sparql_term(source)} {sparql_term(NG.contentHash)} ?h }}")
        assert len(hashes.rows) == 1
        third = ingest([str(p)], st, workers=1, overrides=Overrides(url=url))
        assert third.unchanged == 1 and third.stored == 0


def test_same_name_different_source_keeps_both(tmp_path: Path) -> None:
    for d, day in (("a", 3), ("b", 4)):
        (tmp_path / d).mkdir()
        (tmp_path / d / "story.txt").write_text(
            f"Talks Resume\n\nDelegations met in Istanbul on June {day}, 2025.\n", encoding="utf-8"
        )
    with open_store(str(tmp_path / "store")) as st:
        report = ingest([str(tmp_path / "a"), str(tmp_path / "b")], st, workers=1)
        assert report.stored == 2
        assert stored_names(st) == ["story", "story"]


def test_failed_extraction_writes_nothing_and_the_rest_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extractor failure costs only its article: the real extractor runs for the others."""
    from graph.ingest import extraction as ingest_mod

    real = ingest_mod._extractor()

    def failing_for_one(article: Article) -> ExtractionResult:
        if article.name == "breaks":
            raise ValueError("cannot parse this one")
        return real(article)

    monkeypatch.setattr(ingest_mod, "_extractor", lambda: failing_for_one)
    for name in ("breaks", "works"):
        (tmp_path / f"{name}.txt").write_text(
            f"Headline {name}\n\nThe talks in Istanbul on May 16, 2025 were about {name}.\n", encoding="utf-8"
        )
    with open_store(str(tmp_path / "store")) as st:
        report = ingest([str(tmp_path / "breaks.txt"), str(tmp_path / "works.txt")], st, workers=1)
        by_name = {o.name: o for o in report.outcomes}
        assert by_name["breaks"].status == "error"
        assert "cannot parse this one" in by_name["breaks"].message
        assert by_name["works"].status == "stored"
        assert stored_names(st) == ["works"]
        broken = next(a for a in read_inputs([str(tmp_path / "breaks.txt")]) if isinstance(a, Article))
        assert broken.graph_iri not in st.graphs()


def test_parallel_workers_store_the_same_graphs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.ingest import pipeline as ingest_mod

    monkeypatch.setattr(ingest_mod, "PARALLEL_MIN", 2)
    texts = [
        f"Talks Round {i}\n\nDelegations from Russia and Ukraine met in Istanbul on May {i}, 2025 "
        f"and exchanged {100 + i} prisoners.\n"
        for i in range(1, 4)
    ]
    for i, t in enumerate(texts):
        (tmp_path / f"r{i}.txt").write_text(t, encoding="utf-8")
    counts = []
    for workers in (1, 2):
        with open_store(str(tmp_path / f"store{workers}")) as st:
            report = ingest([str(tmp_path)], st, workers=workers)
            assert report.stored == 3, [(o.origin, o.message) for o in report.errors]
            assert stored_names(st) == ["r0", "r1", "r2"]
            counts.append({str(g): len(st.export("ntriples", g).splitlines()) for g in st.graphs()})
    assert counts[0] == counts[1]


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def test_cli_ingest_seeds_exit_0(ingested: tuple[Path, IngestReport]) -> None:
    res = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--store", str(ingested[0]), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "stored: 0  unchanged: 2  failed: 0" in res.output


def test_cli_bad_file_exit_1_and_good_ones_stored(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Talks Resume\n\nDelegations met in Istanbul on June 3, 2025.\n", encoding="utf-8")
    store_path = tmp_path / "store"
    res = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(good),
            str(BAD / "binary.txt"),
            "--store",
            str(store_path),
            "--no-progress",
            "--outlet",
            "Example Daily",
            "--published",
            "2025-06-03",
        ],
    )
    assert res.exit_code == 1, res.output
    assert "stored: 1  unchanged: 0  failed: 1" in res.stdout
    assert f"failed: {BAD / 'binary.txt'}: binary file" in res.stderr
    with open_store(str(store_path)) as st:
        assert stored_names(st) == ["good"]
        assert st.ask(
            f'ASK {{ ?s {sparql_term(NG.articleName)} "good" ; '
            f'<https://schema.org/datePublished> ?d . FILTER(STR(?d) = "2025-06-03") }}'
        )


def test_cli_json_report(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        cli, ["ingest", str(BAD / "empty.txt"), "--store", str(tmp_path / "s"), "--json", "--no-progress"]
    )
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data["failed"] == 1 and data["stored"] == 0
    assert data["articles"][0]["status"] == "error" and "empty file" in data["articles"][0]["message"]


def test_cli_help_documents_every_option() -> None:
    res = CliRunner().invoke(cli, ["ingest", "--help"])
    assert res.exit_code == 0
    for opt in (
        "--store",
        "--published",
        "--outlet",
        "--url",
        "--workers",
        "--no-progress",
        "--json",
        "--max-size",
    ):
        assert opt in res.output
    cmd = cli.commands["ingest"]
    for param in cmd.params:
        if param.param_type_name == "option":
            assert getattr(param, "help", None), param.name


def test_articles_stored_but_not_validated_are_validated_when_ingested_again(tmp_path: Path) -> None:
    # as after a batch killed between its writes and its validation: stored, never validated
    def validated(st: Store) -> set[str]:
        rows = st.select(
            f"SELECT ?s WHERE {{ GRAPH {sparql_term(iris.validation_graph_iri())} "
            f"{{ ?s {sparql_term(NG.validatedAt)} ?t }} }}"
        ).rows
        return {str(r["s"]) for r in rows}

    def contradictions(st: Store) -> int:
        return len(st.select(f"SELECT ?c WHERE {{ ?c a {sparql_term(NG.Contradiction)} }}").rows)

    with open_store(str(tmp_path / "store")) as st:
        first = ingest([str(SEEDS)], st, workers=1, validate=False)
        assert first.stored == 2 and validated(st) == set() and contradictions(st) == 0
        again = ingest([str(SEEDS)], st, workers=1)
        assert again.unchanged == 2 and again.stored == 0
        assert validated(st) == {o.source for o in again.outcomes}
        assert contradictions(st) > 0  # the seed's stale office claims, now recorded
        assert again.validation is not None and again.validation.violations
        recorded = st.export("nquads")
        third = ingest([str(SEEDS)], st, workers=1)  # validated now: nothing more to do
        assert third.unchanged == 2 and third.validation is None
        assert st.export("nquads") == recorded
