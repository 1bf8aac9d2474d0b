"""RDF and SPARQL result formats, and content negotiation: one table, one negotiator.

The table
    :data:`RDF` holds one :class:`RdfFormat` per RDF serialization, keyed on our short name
    (``turtle``, ``ntriples``, ...), and :data:`RESULTS` one :class:`ResultsFormat` per SPARQL
    results serialization (``json``, ``xml``, ``csv``, ``tsv``).  A record names what only we know:
    the names a user may type (``--format``, ``format=``), the extra media types clients send for it,
    and rdflib's parser/serializer plugin.  Everything pyoxigraph knows is read from it: the media
    type, the file extension, whether the format holds named graphs (``supports_datasets``), the W3C
    format IRI.  tests/test_store.py checks the records against pyoxigraph's
    ``RdfFormat.from_media_type``/``from_extension`` and rdflib's plugin registry, so the table cannot
    drift from the libraries that do the parsing and writing.

    Every other view is derived from the table: the formats import and export take
    (:data:`STORE_FORMATS`), the media types a SPARQL answer may have (:data:`ANSWER_MEDIA`), the
    ``format=`` parameter (:data:`FORMAT_PARAM`), the Graph Store request bodies we read
    (:data:`BODY_MEDIA`), the media type -> rdflib name map the REST API serializes with
    (:data:`RDF_MEDIA`).

The negotiator
    :func:`parse_accept` ranks an Accept header; :func:`negotiate` picks one of a list of offers
    from it.  The SPARQL endpoint (:func:`choose_media`, with media type aliases), the Graph Store,
    the REST API and the browser redirects all use these two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from graph.errors import InputError

# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialization: our names for it, and what pyoxigraph and rdflib call it."""

    #: our short name (``--format``, ``format=``, ``Store.import_data(fmt=...)``)
    name: str
    #: pyoxigraph's format: media type, file extension and dataset support are read from it
    ox: ox.RdfFormat
    #: rdflib's parser and serializer plugin name
    rdflib: str
    #: other names ``--format`` and ``format=`` accept
    aliases: tuple[str, ...] = ()
    #: other media types clients send for it (pyoxigraph's ``from_media_type`` knows them too)
    media_aliases: tuple[str, ...] = ()
    #: file extensions pyoxigraph does not know but users have
    extensions: tuple[str, ...] = ()
    #: imported, exported and written as a SPARQL answer; False: only read from Graph Store bodies
    store: bool = True
    #: read from a Graph Store request body (into one graph)
    body: bool = True
    #: the W3C format IRI when pyoxigraph's differs from the one the service description has always given
    iri_override: str | None = None

    @property
    def media_type(self) -> str:
        return self.ox.media_type

    @property
    def extension(self) -> str:
        return self.ox.file_extension

    @property
    def dataset(self) -> bool:
        """True for formats that hold named graphs (TriG, N-Quads, JSON-LD)."""
        return self.ox.supports_datasets

    @property
    def iri(self) -> str:
        return self.iri_override or self.ox.iri


@dataclass(frozen=True)
class ResultsFormat:
    """One SPARQL results serialization (SELECT and ASK answers)."""

    name: str
    ox: ox.QueryResultsFormat
    media_aliases: tuple[str, ...] = ()

    @property
    def media_type(self) -> str:
        return self.ox.media_type.split(";")[0]  # pyoxigraph adds '; charset=utf-8' to CSV and TSV

    @property
    def iri(self) -> str:
        return self.ox.iri


#: Our RDF formats, in the order the CLI lists them.
RDF: dict[str, RdfFormat] = {
    f.name: f
    for f in (
        RdfFormat(
            "turtle", ox.RdfFormat.TURTLE, "turtle", aliases=("ttl",), media_aliases=("application/x-turtle",)
        ),
        RdfFormat(
            "ntriples",
            ox.RdfFormat.N_TRIPLES,
            "nt",
            aliases=("nt", "n-triples"),
            media_aliases=("text/plain",),
        ),
        RdfFormat("nquads", ox.RdfFormat.N_QUADS, "nquads", aliases=("nq", "n-quads"), body=False),
        RdfFormat("trig", ox.RdfFormat.TRIG, "trig", body=False),
        RdfFormat(
            "jsonld",
            ox.RdfFormat.JSON_LD,
            "json-ld",
            aliases=("json-ld",),
            iri_override="http://www.w3.org/ns/formats/JSON-LD",
        ),
        RdfFormat("rdfxml", ox.RdfFormat.RDF_XML, "xml", aliases=("xml", "rdf", "owl"), extensions=("owl",)),
        # N3 is read from Graph Store bodies only; a client asking for it is answered Turtle (which is N3)
        RdfFormat("n3", ox.RdfFormat.N3, "n3", store=False),
    )
}

#: SPARQL results formats; the first is the default answer to SELECT and ASK.
RESULTS: dict[str, ResultsFormat] = {
    f.name: f
    for f in (
        ResultsFormat("json", ox.QueryResultsFormat.JSON, media_aliases=("application/json",)),
        ResultsFormat("xml", ox.QueryResultsFormat.XML, media_aliases=("application/xml", "text/xml")),
        ResultsFormat("csv", ox.QueryResultsFormat.CSV),
        ResultsFormat("tsv", ox.QueryResultsFormat.TSV),
    )
}

# ---------------------------------------------------------------------------------------------
# Views of the table
# ---------------------------------------------------------------------------------------------

#: Formats import and export take, by our name.
STORE_FORMATS: dict[str, RdfFormat] = {n: f for n, f in RDF.items() if f.store}

#: media type -> rdflib plugin name of the RDF formats an answer may have, default (Turtle) first
RDF_MEDIA: dict[str, str] = {f.media_type: f.rdflib for f in STORE_FORMATS.values()}

#: media type -> record of the formats a Graph Store request body may have, aliases included
BODY_MEDIA: dict[str, RdfFormat] = {
    m: f for f in RDF.values() if f.body for m in (f.media_type, *f.media_aliases)
}

DEFAULT_RESULT = RESULTS["json"].media_type
DEFAULT_GRAPH = RDF["turtle"].media_type

#: What a SPARQL answer may be: 'results' (SELECT, ASK) or 'graph' (CONSTRUCT, DESCRIBE), default first.
ANSWER_MEDIA: dict[str, list[str]] = {
    "results": [f.media_type for f in RESULTS.values()],
    "graph": list(RDF_MEDIA),
}

#: Media types clients send for one we answer with (application/json: SPARQL JSON results; text/n3:
#: Turtle, which N3 readers read).
ACCEPT_ALIASES: dict[str, str] = {
    **{alias: f.media_type for f in RESULTS.values() for alias in f.media_aliases},
    **{alias: f.media_type for f in STORE_FORMATS.values() for alias in f.media_aliases},
    RDF["n3"].media_type: DEFAULT_GRAPH,
}

#: Names a client may give in a ``format=`` parameter instead of an Accept header: the results
#: formats' names, then the RDF formats' names and aliases ('xml' stays SPARQL XML results).
FORMAT_PARAM: dict[str, str] = {
    **{n: f.media_type for n, f in RESULTS.items()},
    **{n: f.media_type for f in STORE_FORMATS.values() for n in (f.name, *f.aliases) if n not in RESULTS},
}


def rdf_format(name: str) -> RdfFormat:
    """The import/export format a user named (``turtle``, ``ttl``, ``n-quads``, ...)."""
    key = name.lower().strip()
    for f in STORE_FORMATS.values():
        if key == f.name or key in f.aliases:
            return f
    raise InputError(f"unknown RDF format {name!r}; use one of {', '.join(STORE_FORMATS)}")


def format_from_path(path: str | Path) -> RdfFormat:
    """The import format of a file, from its extension (pyoxigraph's, and ``owl``)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    known = ox.RdfFormat.from_extension(suffix) if suffix else None
    for f in STORE_FORMATS.values():
        if f.ox == known or suffix in f.extensions:
            return f
    raise InputError(f"cannot tell the RDF format of {path!s} from its extension; pass --format")


def media_from_name(filename: str) -> str | None:
    """The media type of an uploaded file from its name (a multipart Graph Store part without one)."""
    if "." not in filename:
        return None
    known = ox.RdfFormat.from_extension(filename.rsplit(".", 1)[-1].lower())
    return next((f.media_type for f in RDF.values() if f.body and f.ox == known), None)


# ---------------------------------------------------------------------------------------------
# Content negotiation
# ---------------------------------------------------------------------------------------------


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q); q=0 ranges dropped."""
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


def negotiate(
    accept: str | None,
    offers: Sequence[str],
    default: str | None = None,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """The offer the client prefers (q-values, then specificity, then header order).

    ``type/*`` gets ``default`` when it matches, else the first offer that does; ``*/*``, and an
    Accept header that names nothing offered, get ``default`` (``offers[0]`` when None): lenient
    rather than 406.  ``aliases`` maps media types clients send to the offer they mean."""
    fallback = default or offers[0]
    for media, _q in parse_accept(accept):
        if aliases:
            media = aliases.get(media, media)
        if media in offers:
            return media
        if media == "*/*":
            return fallback
        if media.endswith("/*"):
            major = media[:-1]
            if fallback.startswith(major):
                return fallback
            for offer in offers:
                if offer.startswith(major):
                    return offer
    return fallback


def choose_media(accept: str | None, kind: Literal["results", "graph"]) -> str:
    """The media type a SPARQL answer is written in: ``kind`` is 'results' (SELECT/ASK) or 'graph'."""
    return negotiate(accept, ANSWER_MEDIA[kind], aliases=ACCEPT_ALIASES)


def answer_format(media: str) -> RdfFormat | ResultsFormat:
    """The table's record for a media type :func:`choose_media` returned."""
    found: list[RdfFormat | ResultsFormat] = [f for f in RESULTS.values() if f.media_type == media]
    found += [f for f in STORE_FORMATS.values() if f.media_type == media]
    if not found:
        raise KeyError(media)
    return found[0]
