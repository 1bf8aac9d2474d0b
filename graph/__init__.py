"""newsgraph: news articles to an RDF knowledge graph with provenance and SHACL validation."""

__version__ = "0.1.0"
