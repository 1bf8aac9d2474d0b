"""Reference data: files, loading into the store, the Wikidata refresh and the CLI."""

from __future__ import annotations

import csv
import re

from click.testing import CliRunner

from api.cli import cli
from graph import iris
from graph.config import reference_dir
from graph.extract.gazetteer import load_gazetteer
from graph.ingest.reference import load_reference
from graph.store import OxigraphStore

PREFIX = "PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "


def test_every_reference_row_has_a_source_url():
    for path in sorted(reference_dir().glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
        if "source" not in (rows[0] if rows else {}):
            continue
        for row in rows:
            assert re.match(r"https://", row["source"]), f"{path.name}: {row}"


def test_wikidata_ids_are_well_formed_and_rare():
    gaz = load_gazetteer()
    qids = [e.wikidata for e in gaz.entries if e.wikidata]
    assert all(re.fullmatch(r"Q[1-9]\d*", q) for q in qids)
    assert len(qids) < len(gaz.entries) / 2  # only the checked ones, not one per entity


def test_load_reference_into_store():
    st = OxigraphStore(None)
    counts = load_reference(st)
    assert counts["holdings"] > 40
    rows = st.select(
        PREFIX
        + f"""SELECT ?start ?end ?src WHERE {{ GRAPH <{iris.reference_graph_iri()}> {{
        ?h ng:holder <{iris.entity_iri("person", "Dmytro Kuleba")}> ;
           ng:office <{iris.office_iri("foreign-minister", "Ukraine")}> ;
           ng:startDate ?start ; ng:endDate ?end ; prov:wasDerivedFrom ?src }} }}"""
    ).rows
    assert [(str(r["start"]), str(r["end"])) for r in rows] == [("2020-03-04", "2024-09-05")]
    office = iris.office_iri("president", "United States")
    trump = st.select(
        PREFIX
        + f"""SELECT ?start WHERE {{ ?h ng:office <{office}> ;
        ng:holder <{iris.entity_iri("person", "Donald Trump")}> ; ng:startDate ?start }} ORDER BY ?start"""
    ).rows
    assert [str(r["start"]) for r in trump] == ["2017-01-20", "2025-01-20"]
    assert st.ask(
        PREFIX
        + f"""ASK {{ GRAPH <{iris.entity_graph_iri()}> {{
        <{office}> ng:singleSeat true ; ng:exclusiveWith <{iris.office_iri("vice-president", "United States")}> .
        <{iris.entity_iri("person", "Volodymyr Zelensky")}> ng:alias "Zelenskyy" ; ng:wikidataId "Q3881" }} }}"""
    )
    # exclusivity only between offices the data declares: the United States has no prime minister
    assert not st.ask(
        PREFIX
        + f"ASK {{ <{office}> ng:exclusiveWith <{iris.office_iri('prime-minister', 'United States')}> }}"
    )
    load_reference(st)  # idempotent: the reference graph is replaced
    assert (
        len(
            st.select(
                PREFIX + f"SELECT ?h WHERE {{ GRAPH <{iris.reference_graph_iri()}> "
                "{ ?h a ng:OfficeHolding } }"
            ).rows
        )
        == counts["holdings"]
    )


# The Wikidata refresh: tests/test_wikidata.py.


def test_cli_reference_load(tmp_path):
    res = CliRunner().invoke(cli, ["reference", "load", "--store", str(tmp_path / "st")])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("loaded ")
