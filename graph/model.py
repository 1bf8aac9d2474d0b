"""Plain data passed between the readers, the extractors and the writer."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from rdflib import Graph, URIRef

from graph import iris


@dataclass
class Article:
    """One news article as read from a file, record or URL, after boilerplate removal.

    ``text`` is what gets stored (``ng:text``) and what evidence offsets point into.
    """

    name: str  # input file name without extension, or the JSON Lines record's id
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_inferred: bool = False
    retrieved: datetime = field(default_factory=lambda: datetime.now(UTC))
    language: str = "en"
    origin: str = ""  # where it came from (path, path:line, URL), for messages

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def sid(self) -> str:
        return iris.source_id(self.url, self.content_hash)

    @property
    def source_iri(self) -> URIRef:
        return iris.source_iri(self.sid)

    @property
    def graph_iri(self) -> URIRef:
        return iris.source_graph_iri(self.sid)


@dataclass
class ExtractionResult:
    """What extraction produces for one article: its own graph and the entity descriptions it adds."""

    article: Article
    article_graph: Graph  # goes into the article's named graph, replacing any earlier version
    entity_graph: Graph  # added to the shared entity graph
    stats: dict[str, int] = field(default_factory=dict)
