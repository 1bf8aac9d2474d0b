"""The entity graph against the ontology (graph/validate/reasoning.py): the SPARQL check names exactly the
individuals owlready2's HermiT reasoner finds inconsistent, on one fixture per kind of axiom."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef

from graph import iris
from graph.store import OxigraphStore
from graph.validate.reasoning import (
    DISJOINT_RULE,
    entity_issues,
    graph_inconsistent,
    java_available,
    owl_inconsistent,
    reasoner_check,
    sparql_inconsistent,
)

PREFIXES = """@prefix ng: <https://w3id.org/newsgraph/ontology#> .
@prefix id: <https://w3id.org/newsgraph/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: name -> (entity graph, the individuals that break the ontology)
FIXTURES: dict[str, tuple[str, set[str]]] = {
    "consistent": (
        """id:organization/x a ng:State ; ng:name "X" ; ng:wikidataId "Q1" .
        id:place/x a ng:Place ; ng:name "X" ; ng:stateOf id:organization/x .
        id:office/president--x a ng:Office ; ng:name "President of X" ; ng:singleSeat true ;
            ng:officeOf id:organization/x ; ng:jurisdiction id:organization/x ;
            ng:exclusiveWith id:office/prime-minister--x .
        id:office/prime-minister--x a ng:Office ; ng:name "Prime Minister of X" .
        id:organization/bbc a ng:MediaOutlet, ng:Organization ; ng:name "BBC" .""",
        set(),
    ),
    "person and organisation": (
        """id:person/aldi a ng:Person, ng:Organization ; ng:name "Aldi" .
        id:person/ok a ng:Person ; ng:name "Ok" .""",
        {"person/aldi"},
    ),
    "person and a subclass of organisation": (
        """id:person/bbc a ng:Person, ng:MediaOutlet ; ng:name "BBC" .""",
        {"person/bbc"},
    ),
    "collective and organisation": (
        """id:collective/army a ng:Collective, ng:ArmedForce ; ng:name "army" .""",
        {"collective/army"},
    ),
    "place and person": (
        """id:place/benin a ng:Place, ng:Person ; ng:name "Benin" .""",
        {"place/benin"},
    ),
    "place and state may overlap": (
        """id:place/benin a ng:Place, ng:State ; ng:name "Benin" .""",
        set(),
    ),
    "office and actor": (
        """id:office/mayor a ng:Office, ng:Person ; ng:name "Mayor" .""",
        {"office/mayor"},
    ),
    "range: a person as a place's state": (
        """id:place/kyiv a ng:Place ; ng:name "Kyiv" ; ng:stateOf id:person/jane .
        id:person/jane a ng:Person ; ng:name "Jane" .""",
        {"person/jane"},
    ),
    "domain: a person with a state": (
        """id:person/jane a ng:Person ; ng:name "Jane" ; ng:stateOf id:organization/x .
        id:organization/x a ng:State ; ng:name "X" .""",
        {"person/jane"},
    ),
    "union range: a collective as a jurisdiction": (
        """id:office/mayor--crowd a ng:Office ; ng:name "Mayor" ; ng:jurisdiction id:collective/crowd .
        id:collective/crowd a ng:Collective ; ng:name "crowd" .""",
        {"collective/crowd"},
    ),
    "union range: an organisation may be a state": (
        """id:office/mayor--acme a ng:Office ; ng:name "Mayor" ; ng:jurisdiction id:organization/acme .
        id:organization/acme a ng:Organization ; ng:name "Acme" .""",
        set(),
    ),
    "union range: a government body is an organisation, so may be a state": (
        """id:office/head--ministry a ng:Office ; ng:name "Head" ; ng:jurisdiction id:organization/ministry .
        id:organization/ministry a ng:GovernmentBody ; ng:name "Ministry" .""",
        set(),
    ),
    # literal values are the shapes' business: both checks leave them out
    "functional data property": (
        """id:person/jane a ng:Person ; ng:name "Jane" ; ng:wikidataId "Q1", "Q2" .""",
        set(),
    ),
    "symmetric property: exclusive with a person": (
        """id:office/president--x a ng:Office ; ng:name "President" ; ng:exclusiveWith id:person/jane .
        id:person/jane a ng:Person ; ng:name "Jane" .""",
        {"person/jane"},
    ),
    "datatype": (
        """id:office/president--x a ng:Office ; ng:name "President" ; ng:singleSeat "yes" .""",
        set(),
    ),
}


def _turtle(body: str) -> str:
    # id:kind/name is written for readability; Turtle wants the full IRI for a local part with "/"
    return PREFIXES + re.sub(r"\bid:([\w/\-]+)", r"<https://w3id.org/newsgraph/id/\1>", body)


def _graph(body: str) -> Graph:
    return Graph().parse(data=_turtle(body), format="turtle")


def _ids(found: dict[URIRef, str]) -> set[str]:
    base = "https://w3id.org/newsgraph/id/"
    return {str(k).removeprefix(base) for k in found}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_sparql_check_finds_the_fixtures_breaks(name: str) -> None:
    body, expected = FIXTURES[name]
    assert _ids(graph_inconsistent(_graph(body))) == expected


@pytest.mark.skipif(not java_available(), reason="owlready2's reasoner needs Java")
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_reasoner_agrees_with_the_sparql_check(name: str) -> None:
    body, expected = FIXTURES[name]
    g = _graph(body)
    assert reasoner_check(g) == (not expected)
    # every individual, checked by the reasoner one by one: exactly the SPARQL check's
    subjects = sorted({s for s in g.all_nodes() if isinstance(s, URIRef) and "/id/" in str(s)})
    assert _ids(owl_inconsistent(g, subjects)) == expected == _ids(graph_inconsistent(g))


def test_checks_on_a_store() -> None:
    st = OxigraphStore(None)
    body, _ = FIXTURES["person and organisation"]
    st.import_data(_turtle(body).encode(), "turtle", iris.entity_graph_iri())
    found = sparql_inconsistent(st)
    assert _ids(found) == {"person/aldi"}
    # per-article: only the nodes asked about
    assert sparql_inconsistent(st, [URIRef("https://w3id.org/newsgraph/id/person/ok")]) == {}
    issues = entity_issues(st, reasoner=False)
    assert [(i.source_shape, str(i.focus_node)) for i in issues] == [
        (DISJOINT_RULE, "https://w3id.org/newsgraph/id/person/aldi")
    ]
    assert "Organization" in issues[0].message and "Person" in issues[0].message
    if java_available():
        owl = entity_issues(st, reasoner=True)
        assert [i.focus_node for i in owl] == [i.focus_node for i in issues]
