"""RDF and SPARQL result formats: the names import/export take, the media types a client may ask
for, and content negotiation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from graph.errors import InputError

# Formats accepted by import/export, by name, with their media types.
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    # name: (media type, is a dataset format holding named graphs)
    "turtle": ("text/turtle", False),
    "ntriples": ("application/n-triples", False),
    "nquads": ("application/n-quads", True),
    "trig": ("application/trig", True),
    "jsonld": ("application/ld+json", True),
    "rdfxml": ("application/rdf+xml", False),
}
FORMAT_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "owl": "rdfxml",
}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
if hasattr(ox.RdfFormat, "JSON_LD"):
    OX_FORMATS["jsonld"] = ox.RdfFormat.JSON_LD


def normalise_format(name: str) -> str:
    key = name.lower().strip()
    key = FORMAT_ALIASES.get(key, key)
    if key not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {name!r}; use one of {', '.join(RDF_FORMATS)}")
    return key


def format_from_path(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    mapping = {
        "ttl": "turtle",
        "nt": "ntriples",
        "nq": "nquads",
        "trig": "trig",
        "jsonld": "jsonld",
        "json": "jsonld",
        "rdf": "rdfxml",
        "xml": "rdfxml",
        "owl": "rdfxml",
    }
    if suffix not in mapping:
        raise InputError(f"cannot tell the RDF format of {path!s} from its extension; pass --format")
    return mapping[suffix]


@dataclass
class SelectResult:
    """Rows of a SELECT query, each a dict from variable name to an rdflib term (None if unbound)."""

    variables: list[str]
    rows: list[dict[str, Node | None]]

    def __iter__(self) -> Iterator[dict[str, Node | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


#: our format names -> rdflib's parser/serializer names
RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


# ---------------------------------------------------------------------------------------------
# Media types and content negotiation
# ---------------------------------------------------------------------------------------------

RESULT_MEDIA = {  # SELECT / ASK
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "text/n3": "text/turtle",
}
DEFAULT_RESULT = "application/sparql-results+json"
DEFAULT_GRAPH = "text/turtle"

# Names a client may give in a ``format=`` parameter instead of an Accept header.
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    out: list[tuple[int, str, float]] = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        out.append((i, media, q))
    out.sort(key=lambda t: (-t[2], -_specificity(t[1]), t[0]))
    return [(m, q) for _, m, q in out if q > 0]


def _specificity(media: str) -> int:
    if media == "*/*":
        return 0
    return 1 if media.endswith("/*") else 2


def choose_media(accept: str | None, kind: str) -> str:
    """The media type to answer with: ``kind`` is 'results' (SELECT/ASK) or 'graph'."""
    table = RESULT_MEDIA if kind == "results" else GRAPH_MEDIA
    default = DEFAULT_RESULT if kind == "results" else DEFAULT_GRAPH
    for media, _q in parse_accept(accept):
        media = ALIASES.get(media, media)
        if media in table:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            if default.startswith(major):
                return default
            for m in table:
                if m.startswith(major):
                    return m
    return default  # lenient: an unknown Accept gets the default rather than 406


PARSE_MEDIA = {  # media type of a Graph Store request body -> rdflib parser
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/n3": "n3",
}
_SUFFIX_MEDIA = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "n3": "text/n3",
}


def media_from_name(filename: str) -> str | None:
    return _SUFFIX_MEDIA.get(filename.rsplit(".", 1)[-1].lower()) if "." in filename else None
