"""Extraction: one article in, its named graph and entity descriptions out.

``extract_article(article)`` parses the text once with spaCy (``load_nlp()``, cached per process),
then runs the registered extractors named in ``pipeline.toml`` in order over a shared
``ExtractionContext``, and writes the article's ``ng:Source`` node and ``ng:Extraction`` activity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV, SDO
from spacy.language import Language
from spacy.tokens import Doc, Token

from graph import __version__, iris
from graph.extract.context import ExtractionContext
from graph.extract.dates import find_dates, infer_publication, resolve_dates
from graph.extract.gazetteer import gazetteer
from graph.extract.nlp import load_nlp, model_meta
from graph.extract.registry import pipeline, register_extractor, registered
from graph.model import Article, ExtractionResult
from graph.namespace import NG

__all__ = [
    "extract_article",
    "extract_articles",
    "load_nlp",
    "register_extractor",
    "registered",
    "ExtractionContext",
]

_TERMINAL = re.compile(r"[.!?:;'\"”’)]\s*$")


def _title_sentences(ctx: ExtractionContext) -> set[int]:
    """Sentences on short lines without closing punctuation: headlines, section titles, teasers."""
    text = ctx.text
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        words = stripped.split()
        if words and len(words) <= 25 and not _TERMINAL.search(stripped):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    out: set[int] = set()
    if not spans:
        return out
    for sent in ctx.doc.sents:
        a, b = sent.start_char, sent.end_char
        if any(a < e and s < b for s, e in spans):
            out.add(sent.start)
    return out


def _under_since(tok: Token) -> bool:
    """A date inside a "since ..." clause or phrase marks a starting point, not an event's date."""
    t = tok
    for _ in range(6):
        if t.lower_ == "since" or any(c.dep_ == "mark" and c.lower_ == "since" for c in t.children):
            return True
        if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
            return False
        t = t.head
    return False


def headline_of(article: Article) -> str | None:
    if article.title:
        return article.title
    for line in article.text.splitlines():
        if line.strip():
            return line.strip()
    return None


def extract_article(article: Article) -> ExtractionResult:
    """The article's graph (source node, facts with evidence, activity) and the entity descriptions."""
    started = datetime.now(UTC)
    nlp = load_nlp()
    return _extract(article, nlp(article.text), started)


def extract_articles(articles: Iterable[Article], batch_size: int = 16) -> Iterator[ExtractionResult]:
    """Like ``extract_article`` over many articles, parsing them in batches (``nlp.pipe``)."""
    nlp = load_nlp()
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _batch(nlp, pending)
            pending = []
    if pending:
        yield from _batch(nlp, pending)


def _batch(nlp: Language, batch: list[Article]) -> Iterator[ExtractionResult]:
    started = datetime.now(UTC)
    for article, doc in zip(batch, nlp.pipe([a.text for a in batch], batch_size=len(batch)), strict=True):
        yield _extract(article, doc, started)
        started = datetime.now(UTC)


def _extract(article: Article, doc: Doc, started: datetime) -> ExtractionResult:
    nlp = load_nlp()
    gaz = gazetteer()
    raw_dates = find_dates(article.text)
    if article.published is None:
        inferred = infer_publication(raw_dates)
        if inferred is not None:
            article.published = inferred
            article.published_inferred = True
    sid = article.sid
    activity = iris.activity_iri(sid, started.strftime("%Y%m%dT%H%M%S%fZ"))
    ctx = ExtractionContext(article, doc, gaz, activity)
    ctx.dates = resolve_dates(raw_dates, article.published, article.published_inferred, article.text)
    for dm in ctx.dates:
        span = doc.char_span(dm.start_char, dm.end_char, alignment_mode="expand")
        dm.tok = span.root.i if span is not None and len(span) else -1
        if dm.tok >= 0 and not dm.since:
            dm.since = _under_since(doc[dm.tok])
    ctx.title_sents = _title_sentences(ctx)
    for _name, extractor in pipeline():
        extractor(ctx)
    _write_source(ctx, started, nlp)
    stats = dict(ctx.stats)
    stats["triples"] = len(ctx.g)
    return ExtractionResult(article=article, article_graph=ctx.g, entity_graph=ctx.eg, stats=stats)


def _write_source(ctx: ExtractionContext, started: datetime, nlp: Language) -> None:
    a = ctx.article
    g = ctx.g
    src = ctx.src
    g.add((src, RDF.type, NG.Source))
    g.add((src, RDF.type, SDO.NewsArticle))
    g.add((src, NG.articleName, Literal(a.name)))
    headline = headline_of(a)
    if headline:
        g.add((src, SDO.headline, Literal(headline)))
    if a.url:
        g.add((src, SDO.url, URIRef(a.url)))
    if a.outlet:
        # the outlet publishes the article; it is not an organisation the text names (unless it does)
        entry = ctx.gaz.lookup(a.outlet, "organization", world=False)
        outlet = ctx.entity("organization", "MediaOutlet", a.outlet, entry, mention=False)
        g.add((src, NG.outlet, outlet))
    if a.published is not None:
        g.add((src, SDO.datePublished, Literal(a.published.isoformat(), datatype=XSD.date)))
        if a.published_inferred:
            g.add((src, NG.publishedInferred, Literal(True)))
    retrieved = a.retrieved if a.retrieved.tzinfo else a.retrieved.replace(tzinfo=UTC)
    g.add((src, NG.retrieved, Literal(retrieved.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)))
    g.add((src, NG.contentHash, Literal(a.content_hash)))
    g.add((src, SDO.inLanguage, Literal(a.language)))
    g.add((src, NG.text, Literal(a.text)))
    g.add((src, NG.inGraph, a.graph_iri))
    act = ctx.activity
    g.add((src, PROV.wasGeneratedBy, act))
    agent = iris.software_agent_iri(__version__)
    g.add((act, RDF.type, NG.Extraction))
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, PROV.used, src))
    g.add((act, PROV.wasAssociatedWith, agent))
    g.add((act, PROV.startedAtTime, _dt(started)))
    g.add((act, PROV.endedAtTime, _dt(datetime.now(UTC))))
    name, version = model_meta(nlp)
    g.add((act, NG.modelName, Literal(name)))
    g.add((act, NG.modelVersion, Literal(version)))
    g.add((agent, RDF.type, PROV.SoftwareAgent))
    g.add((agent, NG.softwareVersion, Literal(__version__)))


def _dt(value: datetime) -> Literal:
    return Literal(value.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
