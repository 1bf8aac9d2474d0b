"""The one place that mints IRIs.

Shared entities (persons, organisations, places, offices, events) get stable IRIs derived from
their canonical names, so every article that mentions them points at the same node.  Article-scoped
nodes (holdings, quantities, claims, evidence) live under their source's IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from rdflib import URIRef

from graph.config import base_iri

ENTITY_KINDS = ("person", "organization", "place", "office", "event", "collective", "measure")


def slug(text: str) -> str:
    """ASCII, lower-case, hyphenated form of a name: 'Türkiye' -> 'turkiye'."""
    norm = unicodedata.normalize("NFKD", text)
    norm = "".join(c for c in norm if not unicodedata.combining(c))
    norm = re.sub(r"[^A-Za-z0-9]+", "-", norm).strip("-").lower()
    return norm or "x" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def short_hash(*parts: str, length: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


def entity_iri(kind: str, name: str) -> URIRef:
    """IRI of a shared entity, e.g. ``entity_iri('person', 'Jane Example')``."""
    if kind not in ENTITY_KINDS:
        raise ValueError(f"unknown entity kind {kind!r}; expected one of {', '.join(ENTITY_KINDS)}")
    return URIRef(f"{base_iri()}{kind}/{slug(name)}")


def office_iri(title: str, jurisdiction: str | None) -> URIRef:
    """An office is a post of one jurisdiction: 'foreign-minister' of 'ukraine'."""
    key = slug(title) + ("--" + slug(jurisdiction) if jurisdiction else "")
    return URIRef(f"{base_iri()}office/{key}")


def event_iri(
    event_type: str,
    start: str | None,
    end: str | None,
    participants: Iterable[str] = (),
    places: Iterable[str] = (),
    source: str | None = None,
    local: str | int | None = None,
) -> URIRef:
    """Mentions in different sources are one event only when type, dates and participants, or
    type, dates and places, agree: a dated event is keyed on its participants (the caller passes
    the stable ones, e.g. the states taking part: articles name people and "both sides"
    inconsistently) when it has any, else on its places; an event with neither, or without a date,
    cannot be told apart
    from another of its type in another source and stays the source's own (keyed on ``source`` and
    ``local``, e.g. the sentence that introduced it).  So "an attack on Saturday" in El Paso and
    one on the same Saturday in Christchurch are two events, and so are two undated attacks."""
    who = sorted({str(p) for p in participants})
    where = sorted({str(p) for p in places})
    if start and who:
        anchor = ["with", *who]
    elif start and where:
        anchor = ["in", *where]
    else:
        anchor = ["source", source or "", str(local if local is not None else "")]
    key = short_hash(event_type, start or "", end or "", *anchor, length=12)
    return URIRef(f"{base_iri()}event/{slug(event_type)}-{start or 'undated'}-{key}")


def source_id(url: str | None, content_hash: str) -> str:
    """An article is identified by its URL when given, else by its content hash."""
    return short_hash(url) if url else content_hash[:16]


def source_iri(sid: str) -> URIRef:
    return URIRef(f"{base_iri()}source/{sid}")


def source_graph_iri(sid: str) -> URIRef:
    return URIRef(f"{base_iri()}graph/source/{sid}")


def node_iri(sid: str, kind: str, n: int | str) -> URIRef:
    """Article-scoped node: a holding, quantity, claim or evidence of one source."""
    return URIRef(f"{base_iri()}source/{sid}/{kind}/{n}")


def entity_graph_iri() -> URIRef:
    """The graph that describes shared entities once (types, names, aliases, links)."""
    return URIRef(f"{base_iri()}graph/entities")


def reference_graph_iri() -> URIRef:
    """The graph of background knowledge (office holders over time, with sources)."""
    return URIRef(f"{base_iri()}graph/reference")


def validation_graph_iri() -> URIRef:
    """The graph of recorded contradictions (``ng:disputes``) found by validation."""
    return URIRef(f"{base_iri()}graph/validation")


def activity_iri(sid: str, stamp: str) -> URIRef:
    return URIRef(f"{base_iri()}activity/{sid}/{slug(stamp)}")


def software_agent_iri(version: str) -> URIRef:
    return URIRef(f"{base_iri()}agent/newsgraph-{slug(version)}")


def reference_holding_iri(key: str) -> URIRef:
    """A holding from the reference data (office holders over time), keyed by its data row."""
    return URIRef(f"{base_iri()}reference/holding/{slug(key)}")


def contradiction_iri(rule: str, statements: Iterable[str]) -> URIRef:
    """A recorded contradiction: one per rule (a shape IRI) and set of statements involved, so
    recording the same conflict again mints the same IRI."""
    key = short_hash(str(rule), *sorted(str(s) for s in statements))
    return URIRef(f"{base_iri()}contradiction/{key}")
