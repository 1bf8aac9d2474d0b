"""The ontology: it parses, it is linted, it matches ``graph.namespace.NG`` and HermiT finds it consistent.

``ontology/newsgraph.ttl`` is written by hand for people (docs/development.md), so these tests check
the text as well as the graph: sorted prefixes, and for every ``ng:`` term an ``rdfs:label``, a
full-sentence ``rdfs:comment`` and ``rdfs:isDefinedBy``, in that order.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from graph.namespace import NG, NG_IRI

ROOT = Path(__file__).resolve().parent.parent
TTL = ROOT / "ontology" / "newsgraph.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/newsgraph/ontology")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    RDFS.Datatype,
}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"  # rdflib's XSD namespace warns when pytest inspects it
BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), XSD_IRI)

needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="HermiT needs a Java runtime and no `java` is on PATH"
)


@pytest.fixture(scope="module")
def text() -> str:
    return TTL.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(TTL, format="turtle")


def ng_terms(g: Graph) -> set[URIRef]:
    """Every ng: IRI that the ontology types (declares)."""
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NG_IRI)}


def local(iri: URIRef) -> str:
    return str(iri)[len(NG_IRI) :]


# --- Header and namespace sync ---------------------------------------------------------------------


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.created):
        assert onto.value(ONTOLOGY_IRI, prop) is not None, f"the ontology header lacks {prop}"


def test_declared_terms_equal_namespace(onto: Graph) -> None:
    declared = {local(t) for t in ng_terms(onto)}
    in_python = set(NG.__annotations__)
    assert declared - in_python == set(), "declared in the ontology but missing from graph/namespace.py"
    assert in_python - declared == set(), "in graph/namespace.py but not declared in the ontology"


def test_no_ng_iri_used_without_declaration(onto: Graph) -> None:
    declared = ng_terms(onto)
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(NG_IRI)}
    assert used - declared == set()


# --- Lint ------------------------------------------------------------------------------------------


def test_every_term_has_one_label_one_comment_and_is_defined_by(onto: Graph) -> None:
    problems = []
    for term in sorted(ng_terms(onto)):
        labels = list(onto.objects(term, RDFS.label))
        comments = list(onto.objects(term, RDFS.comment))
        if len(labels) != 1:
            problems.append(f"{local(term)}: {len(labels)} rdfs:label")
        if len(comments) != 1:
            problems.append(f"{local(term)}: {len(comments)} rdfs:comment")
        elif not str(comments[0]).rstrip().endswith("."):
            problems.append(f"{local(term)}: rdfs:comment does not end with a full stop")
        elif not str(comments[0])[:1].isupper():
            problems.append(f"{local(term)}: rdfs:comment does not start with a capital letter")
        if list(onto.objects(term, RDFS.isDefinedBy)) != [ONTOLOGY_IRI]:
            problems.append(f"{local(term)}: rdfs:isDefinedBy is not <{ONTOLOGY_IRI}>")
    assert problems == []


def test_prefix_block_is_sorted(text: str) -> None:
    prefixes = re.findall(r"^@prefix\s+([A-Za-z0-9_-]*):", text, flags=re.MULTILINE)
    assert prefixes, "no @prefix lines found"
    assert prefixes == sorted(prefixes)
    assert len(prefixes) == len(set(prefixes))


def term_blocks(text: str) -> dict[str, str]:
    """ng:Term -> the text of the block that describes it, from its subject line to the closing full stop."""
    blocks = {}
    for m in re.finditer(r"^ng:(\w+)\n(.*?\s\.)\n", text, flags=re.MULTILINE | re.DOTALL):
        blocks[m.group(1)] = m.group(2)
    return blocks


def test_term_blocks_put_label_comment_is_defined_by_first_in_order(text: str, onto: Graph) -> None:
    blocks = term_blocks(text)
    assert set(blocks) == {local(t) for t in ng_terms(onto)}, "every ng: term needs its own block"
    problems = []
    for name, block in blocks.items():
        predicates = [
            line.split()[0] for line in block.splitlines() if line.startswith("    ") and line.split()
        ]
        if predicates[:4] != ["a", "rdfs:label", "rdfs:comment", "rdfs:isDefinedBy"]:
            problems.append(f"ng:{name} starts with {predicates[:4]}")
    assert problems == []


def test_banner_groups_present(text: str) -> None:
    groups = re.findall(r"^# (\w[\w ]*)\n# =+$", text, flags=re.MULTILINE)
    for wanted in (
        "Actors",
        "Places",
        "Offices",
        "Events",
        "Quantities",
        "Claims",
        "Sources and evidence",
        "Provenance",
        "Contradictions",
        "Concept schemes",
    ):
        assert wanted in groups


# --- OWL 2 DL hygiene (structural checks a profile checker would make) -------------------------------


def test_no_iri_is_both_a_datatype_and_an_object_property(onto: Graph) -> None:
    dp = set(onto.subjects(RDF.type, OWL.DatatypeProperty))
    op = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    ap = set(onto.subjects(RDF.type, OWL.AnnotationProperty))
    assert dp & op == set()
    assert (dp | op) & ap == set()


def test_every_external_term_in_an_axiom_is_declared(onto: Graph) -> None:
    declared = {s for t in DECLARATION_TYPES for s in onto.subjects(RDF.type, t)}
    properties = {s for t in PROPERTY_TYPES for s in onto.subjects(RDF.type, t)}

    def builtin(iri: URIRef) -> bool:
        return str(iri).startswith(BUILTIN_NAMESPACES)

    class_positions = (
        RDFS.subClassOf,
        RDFS.domain,
        RDFS.range,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        RDF.type,
    )
    undeclared = set()
    for _s, p, o in onto:
        if not builtin(p) and p not in properties:
            undeclared.add(p)
        if p in class_positions and isinstance(o, URIRef) and not builtin(o) and o not in declared:
            undeclared.add(o)
        if p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.onProperty) and o not in properties:
            undeclared.add(o)
    assert undeclared == set()


def test_concepts_are_individuals_concepts_and_in_their_scheme(onto: Graph) -> None:
    for cls, scheme, members in (
        (
            NG.HoldingStatus,
            NG.HoldingStatusScheme,
            {
                "Current",
                "Former",
                "Acting",
                "Nominated",
                "Appointed",
                "Outgoing",
                "Historical",
                "Elect",
                "Caretaker",
                "Candidate",
                "Unspecified",
            },
        ),
        (NG.EventStatus, NG.EventStatusScheme, {"Reported", "Announced"}),
        (NG.Qualifier, NG.QualifierScheme, {"Exactly", "AtLeast", "MoreThan", "Approximately", "AtMost"}),
    ):
        found = {local(c) for c in onto.subjects(RDF.type, cls)}
        assert found == members
        for name in members:
            concept = URIRef(NG_IRI + name)
            assert {OWL.NamedIndividual, SKOS.Concept, cls} <= set(onto.objects(concept, RDF.type))
            assert (concept, SKOS.inScheme, scheme) in onto
            broader = set(onto.objects(concept, SKOS.broader))
            # a top concept of its scheme, or narrower than one (historical is a kind of former)
            assert ((scheme, SKOS.hasTopConcept, concept) in onto) != bool(broader)
            assert all((scheme, SKOS.hasTopConcept, b) in onto for b in broader)
        assert (cls, RDFS.subClassOf, SKOS.Concept) in onto


def test_alignments(onto: Graph) -> None:
    prov = Namespace("http://www.w3.org/ns/prov#")
    org = Namespace("http://www.w3.org/ns/org#")
    schema = Namespace("https://schema.org/")
    oa = Namespace("http://www.w3.org/ns/oa#")
    expected = {
        NG.Actor: {prov.Agent},
        NG.Person: {prov.Person, schema.Person, NG.Actor},
        NG.Organization: {org.Organization, prov.Organization, schema.Organization, NG.Actor},
        NG.Collective: {NG.Actor},
        NG.State: {NG.Organization},
        NG.Office: {org.Post},
        NG.OfficeHolding: {org.Membership},
        NG.Place: {schema.Place, prov.Location},
        NG.Event: {schema.Event},
        NG.Claim: {prov.Entity},
        NG.Source: {schema.NewsArticle, prov.Entity},
        NG.Evidence: {oa.SpecificResource},
        NG.Extraction: {prov.Activity},
        NG.Measure: {SKOS.Concept},
        NG.Role: {SKOS.Concept},
    }
    for cls, supers in expected.items():
        assert supers <= set(onto.objects(cls, RDFS.subClassOf)), local(cls)
    for sub, sup in (
        (NG.holder, org.member),
        (NG.name, SKOS.prefLabel),
        (NG.alias, SKOS.altLabel),
        (NG.startDate, schema.startDate),
        (NG.endDate, schema.endDate),
    ):
        assert (sub, RDFS.subPropertyOf, sup) in onto
    assert (NG.partOf, OWL.inverseOf, NG.hasPart) in onto
    assert (NG.exclusiveWith, RDF.type, OWL.SymmetricProperty) in onto


# --- Reasoning with HermiT (via owlready2) -----------------------------------------------------------

EXAMPLE_DATA = """
@prefix ng:   <https://w3id.org/newsgraph/ontology#> .
@prefix ex:   <https://w3id.org/newsgraph/id/test/> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

# Facts shaped as in docs/data-model.md.  Dates are left out: xsd:date, xsd:gYearMonth and xsd:gYear are
# outside the OWL 2 datatype map and HermiT refuses literals of those types (UnsupportedDatatypeException).
CONSISTENT_EXAMPLE = """
ex:person-p a ng:Person ; ng:name "P" ; ng:alias "Pe" .
ex:organization-s a ng:State ; ng:name "S" .
ex:place-c a ng:Place ; ng:stateOf ex:organization-s .
ex:office-fm a ng:Office ; ng:officeOf ex:organization-s ; ng:jurisdiction ex:organization-s ;
    ng:singleSeat true ; ng:exclusiveWith ex:office-pm .
ex:office-pm a ng:Office .
ex:source-1 a ng:Source ; ng:contentHash "ab" ; ng:retrieved "2026-11-22T14:00:00Z"^^xsd:dateTime .
ex:source-1-evidence-1 a ng:Evidence ; oa:hasSource ex:source-1 ; oa:hasSelector ex:source-1-evidence-1-q ;
    ng:sentence "P is the foreign minister." .
ex:source-1-evidence-1-q a oa:TextQuoteSelector ; oa:exact "P" .
ex:source-1-holding-1 a ng:OfficeHolding ; ng:holder ex:person-p ; ng:office ex:office-fm ;
    ng:status ng:Current ; ng:reportedBy ex:source-1 ; ng:evidence ex:source-1-evidence-1 ;
    ng:confidence 0.9 .
ex:event-e a ng:PrisonerExchange ; ng:participant ex:organization-s ; ng:place ex:place-c ;
    ng:partOf ex:event-whole ; ng:quantity ex:source-1-quantity-1 .
ex:event-whole a ng:PrisonerExchange ; ng:expectedParts 3 .
ex:source-1-quantity-1 a ng:Quantity ; ng:value 307 ; ng:qualifier ng:Exactly .
ex:source-1-claim-1 a ng:Claim ; ng:claimant ex:person-p ; ng:about ex:event-e ; ng:reportedBy ex:source-1 .
ex:contradiction-1 a ng:Contradiction ; ng:severity sh:Violation ; ng:involves ex:source-1-holding-1 .
"""

INCONSISTENT_EXAMPLES = {
    "person-and-organization": "ex:x a ng:Person, ng:Organization .",
    "event-and-claim": "ex:x a ng:Attack, ng:Claim .",
    "holder-is-an-organization": "ex:h a ng:OfficeHolding ; ng:holder ex:o . ex:o a ng:GovernmentBody .",
    "confidence-above-one": "ex:q a ng:Quantity ; ng:confidence 1.5 .",
    "two-statuses-that-differ": "ex:h a ng:OfficeHolding ; ng:status ng:Current, ng:Former .",
}


def reason(tmp_path: Path, extra_turtle: str | None = None) -> object:
    """Load the ontology (plus optional data) into a fresh owlready2 World and run HermiT over it."""
    owlready2 = pytest.importorskip("owlready2")
    g = Graph().parse(TTL, format="turtle")
    if extra_turtle is not None:
        g.parse(data=EXAMPLE_DATA + textwrap.dedent(extra_turtle), format="turtle")
    nt = tmp_path / "newsgraph.nt"
    g.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


@needs_java
def test_hermit_finds_the_ontology_consistent_and_every_class_satisfiable(tmp_path: Path) -> None:
    world = reason(tmp_path)
    assert list(world.inconsistent_classes()) == []
    # Sanity check that the ontology really was loaded and reasoned over.
    assert world.search_one(iri=str(NG.OfficeHolding)) is not None


@needs_java
def test_hermit_finds_the_data_model_example_consistent(tmp_path: Path) -> None:
    world = reason(tmp_path, CONSISTENT_EXAMPLE)
    assert list(world.inconsistent_classes()) == []


@needs_java
@pytest.mark.parametrize("case", sorted(INCONSISTENT_EXAMPLES))
def test_hermit_rejects_inconsistent_examples(tmp_path: Path, case: str) -> None:
    import owlready2

    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        reason(tmp_path, INCONSISTENT_EXAMPLES[case])


def test_a_bnode_free_term_list_is_not_empty(onto: Graph) -> None:
    # Guards the tests above against passing vacuously on an empty or unparsed file.
    assert len(ng_terms(onto)) > 100
    assert not any(isinstance(s, BNode) for s in ng_terms(onto))


# --- Generated documentation -----------------------------------------------------------------------


def test_committed_html_docs_match_the_ontology(tmp_path: Path) -> None:
    """docs/ontology/index.html is what scripts/build_docs.sh makes from the current ontology."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ontology_docs", ROOT / "scripts" / "ontology_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.render(TTL)
    for name in NG.__annotations__:
        assert f'id="{name}"' in fresh, f"ng:{name} has no section in the generated page"
    committed = ROOT / "docs" / "ontology" / "index.html"
    assert committed.exists(), "run scripts/build_docs.sh"
    assert committed.read_text(encoding="utf-8") == fresh, (
        "docs/ontology/index.html is stale: run scripts/build_docs.sh"
    )
