"""Each shape has a conforming and a violating example (tests/fixtures/shapes/), and the results
name the shape (sh:sourceShape) and the node (sh:focusNode) exactly.

Per-fixture results come from the SPARQL engine; tests/test_validate.py proves that pySHACL gives
the same (shape, focus node, severity) set on all of these fixtures together.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from graph.store import OxigraphStore
from graph.validate.engine import SparqlEngine
from graph.validate.results import ValidationResult
from graph.validate.run import validate_all
from graph.validate.shapes import NGSH, load_shapes

FIX = Path(__file__).parent / "fixtures" / "shapes"
ID = "https://w3id.org/newsgraph/id/"
A = "source/aaaaaaaaaaaaaaaa"
B = "source/bbbbbbbbbbbbbbbb"
V, W, INFO = "Violation", "Warning", "Info"


def load(*files: str) -> OxigraphStore:
    store = OxigraphStore(None)
    for f in ("base.trig", *files):
        store.import_data((FIX / f).read_bytes(), "trig")
    return store


def keys(result: ValidationResult) -> set[tuple[str, str, str]]:
    return {
        (str(s).split("#")[1], str(f).removeprefix(ID), str(sev).split("#")[1])
        for s, f, sev in result.key_set()
    }


EXPECTED: dict[str, set[tuple[str, str, str]]] = {
    "single-seat-overlap.trig": {
        ("SingleSeatOverlapShape", f"{B}/holding/9", V),
        ("SingleSeatOverlapShape", "reference/holding/sybiha-foreign-minister", V),
        ("CurrentHolderAfterTermShape", f"{B}/holding/9", V),
    },
    "former-holder-in-office.trig": {("FormerHolderInOfficeShape", f"{B}/holding/10", V)},
    "claims-about-now.trig": {
        ("SingleSeatOverlapShape", f"{B}/holding/60", V),
        ("SingleSeatOverlapShape", f"{B}/holding/61", V),
        ("SingleSeatOverlapShape", "reference/holding/sybiha-foreign-minister", V),
        ("CurrentHolderAfterTermShape", f"{B}/holding/61", V),
    },
    "unresolved-office.trig": {("UnresolvedOfficeShape", "office/governor", INFO)},
    "holder-unknown-to-reference.trig": {("HolderUnknownToReferenceShape", f"{B}/holding/81", INFO)},
    "merged-event.trig": {("Event-startDate", "event/attack-merged-x", V)},
    "exclusive-offices.trig": {
        ("ExclusiveOfficesShape", f"{B}/holding/11", V),
        ("ExclusiveOfficesShape", f"{B}/holding/1", V),
        ("ExclusiveOfficesShape", "reference/holding/zelensky-president", V),
    },
    "parts-sum.trig": {("PartsSumShape", "event/prisoner-exchange-2025-04-01-whole", V)},
    "quantity-disagreement.trig": {
        ("QuantityDisagreementShape", f"{A}/quantity/2", W),
        ("QuantityDisagreementShape", f"{B}/quantity/2", W),
    },
    "event-after-publication.trig": {("EventAfterPublicationShape", "event/attack-2025-06-01-x", W)},
    "source.trig": {
        (f"Source-{p}", "source/dddddddddddddddd", V)
        for p in (
            "articleName",
            "contentHash",
            "datePublished",
            "headline",
            "inGraph",
            "inLanguage",
            "outlet",
            "publishedInferred",
            "retrieved",
            "text",
            "url",
            "wasGeneratedBy",
        )
    },
    "extraction.trig": {
        (f"Extraction-{p}", "activity/aaaaaaaaaaaaaaaa/second", V)
        for p in ("endedAtTime", "startedAtTime", "used", "wasAssociatedWith")
    },
    "office-holding.trig": {
        *(
            (f"OfficeHolding-{p}", f"{A}/holding/30", V)
            for p in ("asOf", "endDate", "holder", "office", "officeTitle", "startDate", "status")
        ),
        ("StartNotAfterEndShape", "reference/holding/backwards", V),
    },
    "office.trig": {
        *(
            (f"Office-{p}", "office/mayor--kyiv", V)
            for p in ("exclusiveWith", "jurisdiction", "name", "officeOf", "singleSeat")
        ),
        ("Office-name", "office/nameless", V),
        # the OWL check of full passes (graph/validate/reasoning.py): exclusive with an office and a
        # jurisdiction, so an office and a state or place, which are disjoint
        ("OntologyConsistencyRule", "place/kyiv", V),
    },
    "event.trig": {
        *(
            (f"Event-{p}", "event/negotiation-2025-05-16-x", V)
            for p in (
                "endDate",
                "expectedParts",
                "label",
                "partOf",
                "participant",
                "quantity",
                "reportedBy",
                "startDate",
            )
        ),
        ("StartNotAfterEndShape", "event/negotiation-2025-05-16-x", V),
    },
    "quantity.trig": {
        ("Quantity-counts", f"{A}/quantity/42", V),
        ("Quantity-measure", f"{A}/quantity/43", V),
        ("Quantity-measure", f"{A}/quantity/44", V),
        ("Quantity-qualifier", f"{A}/quantity/44", V),
        *(("Quantity-value", f"{A}/quantity/{n}", V) for n in (40, 41, 42, 43)),
    },
    "claim.trig": {
        ("Claim-claimant", f"{A}/claim/51", V),
        ("Claim-content", f"{A}/claim/50", V),
        ("Claim-quantity", f"{A}/claim/51", V),
        ("Claim-reportedBy", f"{A}/claim/51", V),
        ("Claim-unattributed", f"{A}/claim/51", V),
        ("ClaimAttributionShape", f"{A}/claim/50", V),
        ("ClaimAttributionShape", f"{A}/claim/51", V),
    },
    "evidence.trig": {
        ("Evidence-hasSource", f"{A}/evidence/60", V),
        ("Evidence-positionSelector", f"{A}/evidence/60", V),
        ("Evidence-sentence", f"{A}/evidence/60", V),
        ("EvidenceOffsetsShape", f"{A}/evidence/61", V),
        ("EvidenceOffsetsShape", f"{A}/evidence/62", V),
        ("TextPositionSelector-end", f"{A}/evidence/63/position", V),
        ("TextPositionSelector-start", f"{A}/evidence/62/position", V),
        ("TextPositionSelector-start", f"{A}/evidence/63/position", V),
        ("TextQuoteSelector-exact", f"{A}/evidence/63/quote", V),
        ("TextQuoteSelector-prefix", f"{A}/evidence/63/quote", V),
        ("TextQuoteSelector-suffix", f"{A}/evidence/63/quote", V),
        ("Evidence-quoteSelector", f"{A}/evidence/64", V),
    },
    "reported-fact.trig": {
        ("ReportedFact-confidence", f"{A}/quantity/70", V),
        ("ReportedFact-evidence", f"{A}/quantity/70", V),
        ("ReportedFact-reportedBy", f"{A}/quantity/70", V),
    },
    "entities.trig": {
        ("Collective-name", "collective/tagged", V),
        ("Organization-name", "organization/twice-named", V),
        ("Person-name", "person/nameless", V),
        ("Place-name", "place/nameless", V),
        ("Place-alias", "place/odd", V),
    },
}

# Near misses that must raise nothing: see each file's header.
CONFORMING = sorted(p.name for p in (FIX / "conforming").glob("*.trig"))


def test_base_conforms_and_exercises_every_node_shape() -> None:
    store = load()
    result = validate_all(store, "sparql")
    assert keys(result) == set()
    assert result.conforms
    engine = SparqlEngine(store)
    nodes = [r["s"] for r in store.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER isIRI(?s) }").rows]
    targets = engine._targets_of(nodes)
    empty = [str(ns.iri) for ns in engine.shapes.node_shapes if not targets[ns.iri]]
    assert empty == [], f"node shapes without a conforming instance in base.trig: {empty}"


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_violating_example(fixture: str) -> None:
    result = validate_all(load(f"violating/{fixture}"), "sparql")
    assert keys(result) == EXPECTED[fixture]


@pytest.mark.parametrize("fixture", CONFORMING)
def test_conforming_near_miss(fixture: str) -> None:
    result = validate_all(load(f"conforming/{fixture}"), "sparql")
    assert keys(result) == set()


def test_conforming_near_misses_exist() -> None:
    assert len(CONFORMING) >= 4


def test_every_shape_has_a_violating_example() -> None:
    shapes = load_shapes()
    covered = {k[0] for ks in EXPECTED.values() for k in ks}
    all_shapes = set()
    for ns in shapes.node_shapes:
        if ns.sparql:
            all_shapes.add(ns.iri.split("#")[1])
        all_shapes.update(ps.iri.split("#")[1] for ps in ns.properties)
    # aliases are the same rule for every entity class; one example stands for all
    missing = {s for s in all_shapes - covered if not s.endswith("-alias")}
    assert missing == set()


def test_seed_article_errors_found_by_name() -> None:
    """The seed's Kuleba and Trump mistakes, with the statements and dates they conflict with."""
    result = validate_all(
        load("violating/single-seat-overlap.trig", "violating/former-holder-in-office.trig")
    )
    by_shape = {(i.source_shape, i.focus_node): i for i in result.issues}
    kuleba = by_shape[(NGSH.CurrentHolderAfterTermShape, URIRef(f"{ID}{B}/holding/9"))]
    assert kuleba.value == URIRef(f"{ID}reference/holding/kuleba-foreign-minister")
    assert "2024-09-05" in kuleba.message and "Dmytro Kuleba" in kuleba.message
    trump = by_shape[(NGSH.FormerHolderInOfficeShape, URIRef(f"{ID}{B}/holding/10"))]
    assert trump.value == URIRef(f"{ID}reference/holding/trump-president-2")
    assert "2025-01-20" in trump.message


# ---------------------------------------------------------------------------------------------
# The shapes files are written for people
# ---------------------------------------------------------------------------------------------

SHAPE_FILES = sorted((Path(__file__).parent.parent / "shapes").glob("*.ttl"))


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.name)
def test_shape_file_style(path: Path) -> None:
    text = path.read_text()
    assert text.startswith("# newsgraph SHACL shapes"), "header comment first"
    prefixes = re.findall(r"^@prefix (\w*):", text, flags=re.M)
    assert prefixes == sorted(prefixes), "prefix block sorted"
    assert "# ----" in text, "banner comments"
    g = Graph().parse(path)
    for shape in set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape)):
        for p in (SH.name, SH.description, SH.message, SH.severity):
            assert g.value(shape, p) is not None, f"{shape} lacks {p}"
