"""Wikidata as the world reference (graph/ingest/wikidata.py, ``newsgraph reference refresh``).

There is no network here: a real HTTP server on 127.0.0.1 answers the refresh's real httpx POST
with tests/fixtures/wikidata/holders.srj.json, a hand-written fixture in the format of Wikidata's
SPARQL JSON results (see its README).  The refresh asks for the offices the store mentions, caches
what it keeps, and validation finds against those holdings what it finds against
reference/holdings.csv.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from api.cli import cli
from graph import iris
from graph.config import reference_dir
from graph.extract.gazetteer import load_gazetteer
from graph.ingest.reference import refresh
from graph.ingest.wikidata import (
    WantedOffice,
    WikidataError,
    build_query,
    cache_path,
    holdings_from_results,
    read_cache,
    statement_url,
    wanted_offices,
)
from graph.store import OxigraphStore, Store

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata" / "holders.srj.json"
PREFIX = "PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
UKRAINE_FM = WantedOffice("foreign-minister", "Ukraine", "Q212")
UKRAINE_PRESIDENT = WantedOffice("president", "Ukraine", "Q212")


class FixtureServer:
    """A real HTTP server that answers every SPARQL query with the fixture and records the queries."""

    def __init__(self, body: bytes) -> None:
        self.queries: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode("utf-8"))
                outer.queries.append(form.get("query", [""])[0])
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def wikidata() -> Iterator[FixtureServer]:
    server = FixtureServer(FIXTURE.read_bytes())
    yield server
    server.close()


@pytest.fixture
def reference_without_fm(tmp_path: Path) -> Path:
    """A copy of reference/ whose holdings.csv lacks Ukraine's foreign ministers: what validation
    then knows about them comes from Wikidata only."""
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir(), folder)
    csv_path = folder / "holdings.csv"
    lines = csv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    csv_path.write_text(
        "".join(line for line in lines if ",foreign-minister,Ukraine," not in line), encoding="utf-8"
    )
    (folder / "wikidata-holders.json").unlink(missing_ok=True)
    return folder


def test_the_fixture_says_it_is_hand_written() -> None:
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert "HAND-WRITTEN" in doc["_comment"]
    assert "hand-written" in (FIXTURE.parent / "README.md").read_text(encoding="utf-8").lower()


def test_query_asks_for_the_wanted_offices_and_jurisdictions() -> None:
    gaz = load_gazetteer()
    q = build_query([UKRAINE_FM, WantedOffice("governor", "Florida", None)], gaz)
    assert "wd:Q212" in q and '"Florida"@en' in q
    assert "minister of foreign affairs" in q and "governor" in q
    for prop in ("P39", "P580", "P582", "P1001", "P1906", "P1313"):
        assert prop in q
    assert "DeprecatedRank" in q


def test_results_keep_dated_rows_of_wanted_offices_with_their_statement() -> None:
    gaz = load_gazetteer()
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    held = holdings_from_results(data, [UKRAINE_FM, UKRAINE_PRESIDENT], gaz)
    assert [(h.person, h.office, h.jurisdiction, h.start, h.end) for h in held] == [
        ("Dmytro Kuleba", "foreign-minister", "Ukraine", "2020-03-04", "2024-09-05"),
        ("Andrii Sybiha", "foreign-minister", "Ukraine", "2024-09-05", None),
        ("Volodymyr Zelenskyy", "president", "Ukraine", "2019-05-20", None),
    ]
    assert (
        held[0].source == "https://www.wikidata.org/wiki/Q900001#Q900001$11111111-aaaa-4aaa-8aaa-000000000001"
    )
    # the gazetteer's name of a holder it knows
    assert held[2].holding(gaz).person == "Volodymyr Zelensky"
    # only the offices asked for
    assert [h.office for h in holdings_from_results(data, [UKRAINE_PRESIDENT], gaz)] == ["president"]
    with pytest.raises(WikidataError):
        holdings_from_results({"boolean": True}, [UKRAINE_FM], gaz)


def test_statement_url() -> None:
    assert (
        statement_url("http://www.wikidata.org/entity/statement/Q42-F078E5B3-F9A8-480E-B7AC-D97778CBBEF9")
        == "https://www.wikidata.org/wiki/Q42#Q42$F078E5B3-F9A8-480E-B7AC-D97778CBBEF9"
    )


def _conflicts(store: Store) -> set[tuple[str, str]]:
    from graph.validate.run import validate_all

    res = validate_all(store, workers=1)
    out = set()
    for i in res.issues:
        shape = str(i.source_shape).rsplit("#", 1)[-1]
        if shape in ("CurrentHolderAfterTermShape", "SingleSeatOverlapShape"):
            out.add((shape, i.message))
    return out


def _kuleba_conflicts(store: Store) -> set[str]:
    return {shape for shape, msg in _conflicts(store) if "Kuleba" in msg}


def test_refresh_end_to_end_validation_uses_wikidata(
    tmp_path: Path, wikidata: FixtureServer, reference_without_fm: Path
) -> None:
    from graph.ingest.pipeline import ingest
    from graph.ingest.reference import load_reference

    gaz = load_gazetteer(reference_without_fm)
    st = OxigraphStore(None)
    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    rep = ingest([str(seed)], st, workers=1, validate=False, reference=False)
    assert rep.stored == 1
    load_reference(st, gaz)
    # without the CSV's foreign ministers nothing says Kuleba's term ended
    assert _kuleba_conflicts(st) == set()

    wanted = wanted_offices(st, gaz)
    assert UKRAINE_FM in wanted  # the article's office, with Ukraine's QID from the reference data

    cache = tmp_path / "wikidata-holders.json"
    res = refresh(st, endpoint=wikidata.url, cache=cache, gaz=gaz)
    assert res.holdings == 3 and res.cache == cache
    assert len(wikidata.queries) == 1 and "wd:Q212" in wikidata.queries[0]
    assert [h.person for h in read_cache(cache)] == ["Dmytro Kuleba", "Andrii Sybiha", "Volodymyr Zelenskyy"]

    rows = st.select(
        PREFIX
        + f"""SELECT ?start ?end ?src WHERE {{ GRAPH <{iris.reference_graph_iri()}> {{
        ?h ng:holder <{iris.entity_iri("person", "Dmytro Kuleba")}> ;
           ng:office <{iris.office_iri("foreign-minister", "Ukraine")}> ;
           ng:startDate ?start ; ng:endDate ?end ; prov:wasDerivedFrom ?src }} }}"""
    ).rows
    assert [(str(r["start"]), str(r["end"]), str(r["src"])) for r in rows] == [
        (
            "2020-03-04",
            "2024-09-05",
            "https://www.wikidata.org/wiki/Q900001#Q900001$11111111-aaaa-4aaa-8aaa-000000000001",
        )
    ]
    # every holder is an entity with one name
    sybiha = iris.entity_iri("person", "Andrii Sybiha")
    assert st.ask(PREFIX + f'ASK {{ <{sybiha}> a ng:Person ; ng:name "Andrii Sybiha" }}')
    # validation against Wikidata's holdings finds what it finds against the CSV's
    assert _kuleba_conflicts(st) == {"CurrentHolderAfterTermShape", "SingleSeatOverlapShape"}

    # a reload keeps the cached holdings (reference load reads the cache)
    counts = load_reference(st, gaz, wikidata_cache=cache)
    assert counts["wikidata"] == 3
    assert _kuleba_conflicts(st) == {"CurrentHolderAfterTermShape", "SingleSeatOverlapShape"}


def test_same_conflicts_as_with_the_csv(
    tmp_path: Path, wikidata: FixtureServer, reference_without_fm: Path
) -> None:
    """The seed's Kuleba conflicts are the same whether the CSV or Wikidata says when he served."""
    from graph.ingest.pipeline import ingest
    from graph.ingest.reference import load_reference

    seed = sorted(SEEDS.glob("000_*.txt"))[0]
    csv_store = OxigraphStore(None)
    ingest([str(seed)], csv_store, workers=1, validate=False, reference=False)
    load_reference(csv_store)  # the full reference/, foreign ministers from holdings.csv
    wd_store = OxigraphStore(None)
    ingest([str(seed)], wd_store, workers=1, validate=False, reference=False)
    gaz = load_gazetteer(reference_without_fm)
    load_reference(wd_store, gaz)
    refresh(wd_store, endpoint=wikidata.url, cache=tmp_path / "c.json", gaz=gaz)
    assert _kuleba_conflicts(csv_store) == _kuleba_conflicts(wd_store)


def test_refresh_fails_with_one_line_error_without_network(tmp_path: Path) -> None:
    from graph.ingest.reference import ReferenceError, load_reference, refresh_from_wikidata

    st = OxigraphStore(None)
    with pytest.raises(ReferenceError, match="mentions no office"):
        refresh_from_wikidata(
            st, endpoint="http://127.0.0.1:9/sparql", timeout_s=2, cache=tmp_path / "c.json"
        )
    load_reference(st)  # the reference offices are offices the store mentions
    with pytest.raises(ReferenceError, match="cannot query Wikidata"):
        refresh_from_wikidata(
            st, endpoint="http://127.0.0.1:9/sparql", timeout_s=2, cache=tmp_path / "c.json"
        )
    assert not (tmp_path / "c.json").exists()
    res = CliRunner().invoke(
        cli,
        ["reference", "load", "--store", str(tmp_path / "st")],
    )
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(
        cli,
        [
            "reference",
            "refresh",
            "--endpoint",
            "http://127.0.0.1:9/sparql",
            "--timeout",
            "2",
            "--cache",
            str(tmp_path / "c.json"),
            "--store",
            str(tmp_path / "st"),
        ],
    )
    assert res.exit_code == 1
    assert res.output.strip().count("\n") == 0 and res.output.startswith("error: cannot query Wikidata")


def test_cli_refresh_against_the_fixture_server(tmp_path: Path, wikidata: FixtureServer) -> None:
    store = str(tmp_path / "st")
    assert CliRunner().invoke(cli, ["reference", "load", "--store", store]).exit_code == 0
    cache = tmp_path / "holders.json"
    res = CliRunner().invoke(
        cli, ["reference", "refresh", "--endpoint", wikidata.url, "--cache", str(cache), "--store", store]
    )
    assert res.exit_code == 0, res.output
    assert res.output.startswith("fetched 3 holdings of ")
    assert cache.exists() and wikidata.queries
    assert cache_path(cache) == cache
