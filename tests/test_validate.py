"""Engines agree, incremental validation finds what a full pass finds, results explain themselves,
contradictions become data, and reports parse."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from api.cli import cli
from graph import iris
from graph.namespace import NG
from graph.store import OxigraphStore
from graph.validate import report as reports
from graph.validate.contradictions import agreeing_quantities
from graph.validate.record import record_contradictions, support_counts
from graph.validate.results import ValidationError, ValidationResult
from graph.validate.run import validate_all, validate_sources
from graph.validate.scope import touched_nodes
from graph.validate.shacl import issues_from_report
from graph.validate.shapes import NGSH, ShapesError, parse_shapes

FIX = Path(__file__).parent / "fixtures" / "shapes"
ID = "https://w3id.org/newsgraph/id/"
SRC_A = URIRef(f"{ID}source/aaaaaaaaaaaaaaaa")
SRC_B = URIRef(f"{ID}source/bbbbbbbbbbbbbbbb")
SRC_D = URIRef(f"{ID}source/dddddddddddddddd")
VIOLATING = sorted((FIX / "violating").glob("*.trig"))
CONFORMING = sorted((FIX / "conforming").glob("*.trig"))


def load(paths: list[Path], store: OxigraphStore | None = None) -> OxigraphStore:
    store = store or OxigraphStore(None)
    for f in [FIX / "base.trig", *paths]:
        store.import_data(f.read_bytes(), "trig")
    return store


@pytest.fixture(scope="module")
def everything() -> OxigraphStore:
    return load(VIOLATING)


@pytest.fixture(scope="module")
def full_sparql(everything: OxigraphStore) -> ValidationResult:
    return validate_all(everything, "sparql")


# ---------------------------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------------------------


def _sparql_values(result: ValidationResult) -> set[tuple[object, object, object]]:
    return {
        (i.source_shape, i.focus_node, i.value)
        for i in result.raw_issues
        if i.constraint_component == SH.SPARQLConstraintComponent
    }


def test_engines_agree_on_all_violating_fixtures(
    everything: OxigraphStore, full_sparql: ValidationResult
) -> None:
    reference = validate_all(everything, "pyshacl", explain_results=False)
    assert len(reference.key_set()) > 60
    assert full_sparql.key_set() == reference.key_set(), (
        f"only sparql: {full_sparql.key_set() - reference.key_set()}\nonly pyshacl: {reference.key_set() - full_sparql.key_set()}"
    )
    assert _sparql_values(full_sparql) == _sparql_values(reference)


def test_engines_agree_on_conforming_fixtures() -> None:
    store = load(CONFORMING)
    sparql = validate_all(store, "sparql", explain_results=False)
    reference = validate_all(store, "pyshacl", explain_results=False)
    assert sparql.key_set() == reference.key_set() == set()
    assert sparql.conforms and reference.conforms


def test_unknown_engine_is_an_error(everything: OxigraphStore) -> None:
    with pytest.raises(ValidationError):
        validate_all(everything, "jena")


def test_unsupported_shape_feature_is_refused() -> None:
    g = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
        ex:P a sh:PropertyShape ; sh:path ex:p ; sh:uniqueLang true .""",
        format="turtle",
    )
    with pytest.raises(ShapesError):
        parse_shapes(g)


# ---------------------------------------------------------------------------------------------
# Incremental validation
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [SRC_A, SRC_B, SRC_D])
def test_incremental_equals_full_pass_restricted(
    everything: OxigraphStore, full_sparql: ValidationResult, source: URIRef
) -> None:
    focus, new = touched_nodes(everything, [source])
    fset, nset = set(focus), set(new)
    expected = {
        i.key
        for i in full_sparql.raw_issues
        if i.focus_node in fset
        or (i.constraint_component == SH.SPARQLConstraintComponent and i.value in nset)
    }
    got = validate_sources(everything, [source])
    assert got.key_set() == expected
    assert got.key_set()  # every source graph here has something wrong
    assert got.key_set() < full_sparql.key_set() or source == SRC_A


def test_new_article_conflict_found_from_both_sides_and_reported_once() -> None:
    store = load([])
    assert validate_sources(store, [SRC_B]).conforms
    store.import_data((FIX / "violating" / "single-seat-overlap.trig").read_bytes(), "trig")
    result = validate_sources(store, [SRC_B])
    focus = {(i.source_shape, str(i.focus_node).removeprefix(ID)) for i in result.raw_issues}
    assert (NGSH.SingleSeatOverlapShape, "reference/holding/sybiha-foreign-minister") in focus
    assert (NGSH.SingleSeatOverlapShape, "source/bbbbbbbbbbbbbbbb/holding/9") in focus
    (one,) = [i for i in result.issues if i.source_shape == NGSH.SingleSeatOverlapShape]
    assert len(one.sides) == 2
    assert str(one.focus_node).removeprefix(ID) == "source/bbbbbbbbbbbbbbbb/holding/9"  # the article's side
    assert {str(n).removeprefix(ID) for n in one.involves} == {
        "source/bbbbbbbbbbbbbbbb/holding/9",
        "reference/holding/sybiha-foreign-minister",
    }
    assert len(one.statements) == 2
    assert result.scope == [SRC_B]


def test_one_conflict_one_result_whichever_engine() -> None:
    """Mirrored results and several statements of one conflict fold into one result, the same for
    both engines; other results stay as they are."""
    store = load(
        [FIX / "violating" / "single-seat-overlap.trig", FIX / "violating" / "quantity-disagreement.trig"]
    )
    a = validate_all(store, "sparql", explain_results=False)
    b = validate_all(store, "pyshacl", explain_results=False)
    assert [(i.key, i.value, i.conflict_key) for i in a.issues] == [
        (i.key, i.value, i.conflict_key) for i in b.issues
    ]
    assert len(a.raw_issues) == 5 and len(a.issues) == 3
    numbers = next(i for i in a.issues if i.source_shape == NGSH.QuantityDisagreementShape)
    assert numbers.conflict_key is not None and "measure" in numbers.conflict_key
    assert len(numbers.sides) == 2 and len(numbers.involves) == 2


def test_two_statements_against_one_are_one_result() -> None:
    """Kuleba "appointed" and "interim" foreign minister on a day the reference gives Sybiha: four
    engine results (each holding against the reference, from both sides), one conflict with the
    three statements and their evidence; the caretaker holding after Kuleba's term is the other."""
    store = load([FIX / "violating" / "claims-about-now.trig"])
    result = validate_all(store)
    assert len(result.raw_issues) == 5 and len(result.issues) == 2
    seat = next(i for i in result.issues if i.source_shape == NGSH.SingleSeatOverlapShape)
    assert len(seat.sides) == 4
    assert {str(n).removeprefix(ID) for n in seat.involves} == {
        "source/bbbbbbbbbbbbbbbb/holding/60",
        "source/bbbbbbbbbbbbbbbb/holding/61",
        "reference/holding/sybiha-foreign-minister",
    }
    assert str(seat.focus_node).removeprefix(ID).startswith("source/")  # an article's statement first
    assert [s.facts["holder"] for s in seat.statements].count("Dmytro Kuleba") == 2
    assert any(s.evidence for s in seat.statements) and any(s.derived_from for s in seat.statements)
    # recorded as one contradiction involving all three
    counts = record_contradictions(store, result)
    assert counts["contradictions"] == 2 and counts["disputes"] == 5


def test_incremental_pyshacl_matches_sparql() -> None:
    store = load([FIX / "violating" / "parts-sum.trig", FIX / "violating" / "quantity-disagreement.trig"])
    a = validate_sources(store, [SRC_B], "sparql")
    b = validate_sources(store, [SRC_B], "pyshacl")
    assert a.key_set() == b.key_set() and a.key_set()


# ---------------------------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------------------------


def test_results_explain_themselves() -> None:
    store = load([FIX / "violating" / "single-seat-overlap.trig"])
    result = validate_all(store)
    issue = next(
        i
        for i in result.issues
        if i.source_shape == NGSH.SingleSeatOverlapShape
        and i.focus_node == URIRef(f"{ID}source/bbbbbbbbbbbbbbbb/holding/9")
    )
    article, reference = issue.statements
    assert article.kind == "office holding"
    assert article.facts["holder"] == "Dmytro Kuleba"
    assert article.facts["office"] == "Foreign Minister of Ukraine"
    assert article.facts["as of"] == "2025-05-26" and article.facts["status"] == "Current"
    (src,) = article.sources
    assert (src.title, src.outlet, src.url) == (
        "Prisoners come home",
        "Wire News",
        "https://example.org/wire-news/home",
    )
    (ev,) = article.evidence
    assert ev.exact == "Ukrainian President Volodymyr Zelensky"
    assert ev.sentence and ev.sentence.startswith("Ukrainian President")
    assert reference.facts["holder"] == "Andrii Sybiha" and reference.facts["start"] == "2024-09-05"
    assert reference.derived_from == ["https://www.wikidata.org/wiki/Q4120987"]
    assert reference.sources == []


# ---------------------------------------------------------------------------------------------
# Contradictions are data
# ---------------------------------------------------------------------------------------------


def test_record_contradictions_and_query_them() -> None:
    store = load(
        [FIX / "violating" / "single-seat-overlap.trig", FIX / "violating" / "quantity-disagreement.trig"]
    )
    before = {g: len(store.export("nquads", g)) for g in store.graphs()}
    result = validate_all(store)
    counts = record_contradictions(store, result)
    # Kuleba/Sybiha (one, reported from both sides), Kuleba after term, 390 vs 400 (one, both sides)
    assert counts["contradictions"] == 3
    assert counts["supports"] == 1  # Kyiv Daily's and Wire News's 1000 for the whole exchange
    vg = iris.validation_graph_iri()
    rows = store.select(f"""PREFIX ng: <{NG}>
        SELECT ?rule (COUNT(DISTINCT ?c) AS ?n) WHERE {{ GRAPH <{vg}> {{ ?c a ng:Contradiction ; ng:rule ?rule ;
        ng:involves ?s ; ng:message ?m ; ng:detectedAt ?t ; ng:severity ?sev }} }} GROUP BY ?rule""").rows
    found = {str(r["rule"]).split("#")[1]: int(str(r["n"])) for r in rows}
    assert found == {
        "SingleSeatOverlapShape": 1,
        "CurrentHolderAfterTermShape": 1,
        "QuantityDisagreementShape": 1,
    }
    assert store.ask(f"""PREFIX ng: <{NG}> ASK {{ GRAPH <{vg}> {{
        <{ID}source/bbbbbbbbbbbbbbbb/holding/9> ng:disputes <{ID}reference/holding/sybiha-foreign-minister> }} }}""")
    # nothing else touched, and recording again adds no second copy
    after = {g: len(store.export("nquads", g)) for g in store.graphs() if g != vg}
    assert after == before
    size = len(store.export("nquads", vg))
    assert record_contradictions(store, validate_all(store))["contradictions"] == 0
    assert (
        store.select(
            f"PREFIX ng: <{NG}> SELECT (COUNT(?c) AS ?n) WHERE {{ GRAPH <{vg}> {{ ?c a ng:Contradiction }} }}"
        )
        .rows[0]["n"]
        .toPython()
        == 3
    )  # type: ignore[union-attr]
    assert len(store.export("nquads", vg)) >= size


def test_support_counts() -> None:
    store = load([FIX / "violating" / "quantity-disagreement.trig"])
    record_contradictions(store, validate_all(store))
    whole_a = URIRef(f"{ID}source/aaaaaaaaaaaaaaaa/quantity/1")
    day1_a = URIRef(f"{ID}source/aaaaaaaaaaaaaaaa/quantity/2")
    assert support_counts(store, whole_a) == {"supports": 1, "disputes": 0}
    assert support_counts(store, day1_a) == {"supports": 0, "disputes": 1}


def test_no_support_between_mentions_merged_on_an_undated_event() -> None:
    """Two sources' equal numbers on an undated event node (mentions of several events merged)
    support nothing; the same numbers on a dated event of one type do."""
    store = load([])
    base = len(agreeing_quantities(store))
    prov = "<http://www.w3.org/ns/prov#wasGeneratedBy>"
    for event, dated in (("attack-undated-y", False), ("attack-2025-04-20-y", True)):
        lines = [f"<{ID}event/{event}> a <{NG}Attack> ."]
        if dated:
            lines.append(
                f'<{ID}event/{event}> <{NG}startDate> "2025-04-20"^^<http://www.w3.org/2001/XMLSchema#date> .'
            )
        for src in ("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"):
            q = f"<{ID}source/{src}/quantity/{event}>"
            lines.append(f"<{ID}event/{event}> <{NG}quantity> {q} .")
            lines.append(
                f"{q} a <{NG}Quantity> ; <{NG}value> 7 ; <{NG}measure> <{ID}measure/fatalities> ; "
                f"<{NG}reportedBy> <{ID}source/{src}> ; {prov} <{ID}activity/{src}/run> ."
            )
        store.import_data("\n".join(lines).encode(), "turtle")
        assert len(agreeing_quantities(store)) == base + (1 if dated else 0)


def test_supports_scoped_to_sources() -> None:
    store = load([])
    assert agreeing_quantities(store, [SRC_B]) == {
        (URIRef(f"{ID}source/aaaaaaaaaaaaaaaa/quantity/1"), URIRef(f"{ID}source/bbbbbbbbbbbbbbbb/quantity/1"))
    }
    assert agreeing_quantities(store, [SRC_D]) == set()


# ---------------------------------------------------------------------------------------------
# Reports and the command line
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kuleba_result() -> ValidationResult:
    return validate_all(
        load(
            [FIX / "violating" / "single-seat-overlap.trig", FIX / "violating" / "quantity-disagreement.trig"]
        )
    )


def test_turtle_and_jsonld_reports_parse(kuleba_result: ValidationResult) -> None:
    for fmt, rdf_fmt in (("turtle", "turtle"), ("jsonld", "json-ld")):
        g = Graph().parse(data=reports.render(kuleba_result, fmt), format=rdf_fmt)
        (report,) = g.subjects(RDF.type, SH.ValidationReport)
        assert g.value(report, SH.conforms).toPython() is False  # type: ignore[union-attr]
        # one sh:result per conflict; the other side of each as its sh:detail
        assert len(list(g.objects(report, SH.result))) == len(kuleba_result.issues) == 3
        assert len(list(g.subjects(SH.detail, None))) == 2
        assert {i.key for i in issues_from_report(g)} == kuleba_result.key_set()


def test_json_summary(kuleba_result: ValidationResult) -> None:
    data = json.loads(reports.render(kuleba_result, "json"))
    assert set(data) >= {"conforms", "engine", "scope", "counts", "rules", "results"}
    assert data["counts"] == {"violations": 2, "warnings": 1, "infos": 0}
    single = next(r for r in data["results"] if r["shape"].endswith("#SingleSeatOverlapShape"))
    assert len(single["sides"]) == 2 and len(single["involves"]) == 2 and len(single["statements"]) == 2
    first = data["results"][0]
    assert set(first) >= {"shape", "severity", "focusNode", "value", "message", "statements"}
    assert first["statements"][0]["sources"][0]["url"].startswith("https://example.org/")


def test_html_report(kuleba_result: ValidationResult) -> None:
    html = reports.render(kuleba_result, "html")
    assert "<mark>Ukrainian President Volodymyr Zelensky</mark> said 1000 prisoners" in html
    assert '<a href="https://example.org/wire-news/home">Prisoners come home</a>' in html
    assert "single-seat office held twice" in html and "sources disagree on a number" in html
    assert html.count("one conflict, 2 statements, seen 2 times") == 2  # Kuleba/Sybiha, 390/400
    assert "<script" not in html and "<link" not in html and "<style>" in html
    assert html.index("Violation") < html.index("sources disagree on a number")


def _disk_store(tmp_path: Path, files: list[Path]) -> str:
    path = tmp_path / "store"
    store = load(files, OxigraphStore(path))
    store.close()
    del store
    gc.collect()
    return str(path)


def test_cli_exit_status(tmp_path: Path) -> None:
    runner = CliRunner()
    warn_only = _disk_store(tmp_path / "w", [FIX / "violating" / "quantity-disagreement.trig"])
    res = runner.invoke(cli, ["validate", "--store", warn_only, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["counts"]["warnings"] == 1  # one disagreement, seen from both sides
    bad = _disk_store(tmp_path / "v", [FIX / "violating" / "single-seat-overlap.trig"])
    out = tmp_path / "r.ttl"
    res = runner.invoke(
        cli,
        [
            "validate",
            "--store",
            bad,
            "--format",
            "turtle",
            "--output",
            str(out),
            "--source",
            str(SRC_B),
            "--record",
        ],
    )
    assert res.exit_code == 1, res.output
    g = Graph().parse(out, format="turtle")
    assert (None, SH.sourceShape, NGSH.SingleSeatOverlapShape) in g
    res = runner.invoke(cli, ["validate", "--store", bad, "--engine", "nope"])
    assert res.exit_code != 0
