"""The SPARQL 1.1 Service Description of the endpoint.

The result and input formats it lists are read from the format table
(:mod:`graph.sparql.formats`): every SPARQL results format and RDF answer format, and the RDF formats
the Graph Store reads from a request body (N3 aside, which it reads but does not advertise)."""

from __future__ import annotations

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import RDF

from graph.sparql.formats import RESULTS, STORE_FORMATS

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def service_description(endpoint: str, updates: bool, fmt: str = "turtle") -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint, serialized with rdflib (``fmt``: its plugin name)."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    answers = [f.iri for f in RESULTS.values()] + [f.iri for f in STORE_FORMATS.values()]
    for iri in answers:
        g.add((service, SD.resultFormat, URIRef(iri)))
    for rdf in STORE_FORMATS.values():
        if rdf.body:
            g.add((service, SD.inputFormat, URIRef(rdf.iri)))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.feature, SD.EmptyGraphs))
    g.add((service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    dataset = BNode()
    default_graph = BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    return g.serialize(format=fmt).encode("utf-8")
