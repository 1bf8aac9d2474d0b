"""The SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations


def service_description(endpoint: str, updates: bool, fmt: str = "turtle") -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint, serialized with rdflib."""
    from rdflib import BNode, Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    service = BNode()
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, URIRef(endpoint)))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    if updates:
        g.add((service, sd.supportedLanguage, sd.SPARQL11Update))
    for f in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "TriG",
        "N-Quads",
    ):
        g.add((service, sd.resultFormat, formats[f]))
    for f in ("Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        g.add((service, sd.inputFormat, formats[f]))
    g.add((service, sd.feature, sd.UnionDefaultGraph))
    g.add((service, sd.feature, sd.EmptyGraphs))
    g.add((service, sd.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    dataset = BNode()
    default_graph = BNode()
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, sd.Graph))
    return g.serialize(format=fmt).encode("utf-8")
