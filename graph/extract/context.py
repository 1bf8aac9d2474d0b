"""The state one extraction run shares between extractors: the parsed article, the graphs being
written, resolved mentions, dates, quantities and events found so far."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS, SDO
from spacy.tokens import Doc, Span

from graph import iris
from graph.extract.gazetteer import Gazetteer
from graph.extract.names import Entry
from graph.model import Article
from graph.namespace import NG
from graph.placenames import of_place

OA = URIRef("http://www.w3.org/ns/oa#")
OA_HAS_SOURCE = URIRef(str(OA) + "hasSource")
OA_HAS_SELECTOR = URIRef(str(OA) + "hasSelector")
OA_QUOTE = URIRef(str(OA) + "TextQuoteSelector")
OA_POSITION = URIRef(str(OA) + "TextPositionSelector")
OA_EXACT = URIRef(str(OA) + "exact")
OA_PREFIX = URIRef(str(OA) + "prefix")
OA_SUFFIX = URIRef(str(OA) + "suffix")
OA_START = URIRef(str(OA) + "start")
OA_END = URIRef(str(OA) + "end")

CONTEXT_CHARS = 32
SDO_MENTIONS = SDO.mentions


def date_literal(value: str) -> Literal:
    """ISO date, year-month or year as the matching XSD literal."""
    if len(value) == 4:
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


@dataclass
class Mention:
    """One resolved mention of an entity in the text."""

    start: int  # token indices in the doc
    end: int
    text: str
    iri: URIRef
    kind: str  # person | organization | place | collective
    rdf_type: str
    name: str
    entry: Entry | None = None


@dataclass
class DateMention:
    start_char: int
    end_char: int
    start: str  # ISO value (date, year-month or year)
    end: str
    explicit: bool  # carries a year or was fully given
    since: bool = False  # inside a "since ..." phrase: a start, not an event date
    tok: int = -1  # head token index


@dataclass
class QuantityMention:
    tok: int  # the number token
    start_char: int
    end_char: int
    value: int | Decimal
    qualifier: URIRef
    counts: str
    measure: str
    unit: str | None
    noun: int  # token index of what is counted (or the number itself)
    principal: bool = True
    used_by_event: bool = False
    iri: URIRef | None = None


@dataclass
class EventMention:
    etype: str  # NG class local name
    trigger: int  # token index
    sent_start: int
    sent_end: int  # char offsets of the sentence
    start: str | None = None
    end: str | None = None
    places: list[URIRef] = field(default_factory=list)
    participants: list[tuple[URIRef, str]] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    expected_parts: int | None = None
    new: bool = True  # introduces an event (dated or quantified) rather than referring back
    label: str = ""


class ExtractionContext:
    def __init__(self, article: Article, doc: Doc, gaz: Gazetteer, activity: URIRef) -> None:
        self.article = article
        self.doc = doc
        self.text = article.text
        self.gaz = gaz
        self.sid = article.sid
        self.src = article.source_iri
        self.activity = activity
        self.g = Graph()
        self.eg = Graph()
        self.counters: dict[str, int] = defaultdict(int)
        self.mentions: list[Mention] = []
        self.mention_at: dict[int, Mention] = {}
        self.entities: dict[URIRef, Mention] = {}
        self.dates: list[DateMention] = []
        self.quantities: list[QuantityMention] = []
        self.events: list[EventMention] = []
        self.event_list: list[tuple[EventMention, URIRef]] = []  # the events written, with their IRIs
        self.holdings: list[dict[str, Any]] = []
        self.title_sents: set[int] = set()  # start token of sentences that are title lines
        self.published: date | None = article.published
        self.stats: dict[str, int] = defaultdict(int)
        self._article_state: tuple[str | None] | None = None

    def article_state(self) -> str | None:
        """The state, or first-level sub-national unit, the article is most about: the one its names
        and adjectives point to most often (a headline counts three times), the first named on a tie;
        None where it names none. Bare names ("the Senate", "the National Guard") resolve to it."""
        if self._article_state is None:
            votes: Counter[str] = Counter()
            first: dict[str, int] = {}
            for ent in self.doc.ents:
                if ent.label_ not in {"GPE", "NORP", "LOC"}:
                    continue
                text = ent.text.removeprefix("the ").removesuffix("'s").removesuffix("’s")
                e = self.gaz.country(text)
                if e is None and ent.label_ != "NORP":
                    e = self.gaz.subdivision(text)
                if e is None:
                    continue
                votes[e.name] += 3 if ent.sent.start in self.title_sents else 1
                first.setdefault(e.name, ent.start)
            best = max(votes, key=lambda n: (votes[n], -first[n])) if votes else None
            self._article_state = (best,)
        return self._article_state[0]

    # --- nodes -------------------------------------------------------------------------------
    def new_node(self, kind: str) -> URIRef:
        self.counters[kind] += 1
        return iris.node_iri(self.sid, kind, self.counters[kind])

    def sentence_of(self, tok: int) -> Span:
        return self.doc[tok].sent

    def evidence(self, start: int, end: int) -> URIRef:
        """An ng:Evidence node for text[start:end], with quote and position selectors."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        ev = self.new_node("evidence")
        quote = URIRef(f"{ev}/quote")
        pos = URIRef(f"{ev}/position")
        g = self.g
        g.add((ev, RDF.type, NG.Evidence))
        g.add((ev, OA_HAS_SOURCE, self.src))
        g.add((ev, OA_HAS_SELECTOR, quote))
        g.add((ev, OA_HAS_SELECTOR, pos))
        sent = self.doc.char_span(start, end, alignment_mode="expand")
        if sent is not None and len(sent):
            s = sent[0].sent
            g.add((ev, NG.sentence, Literal(text[s.start_char : s.end_char].strip())))
        g.add((quote, RDF.type, OA_QUOTE))
        g.add((quote, OA_EXACT, Literal(text[start:end])))
        g.add((quote, OA_PREFIX, Literal(text[max(0, start - CONTEXT_CHARS) : start])))
        g.add((quote, OA_SUFFIX, Literal(text[end : end + CONTEXT_CHARS])))
        g.add((pos, RDF.type, OA_POSITION))
        g.add((pos, OA_START, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((pos, OA_END, Literal(end, datatype=XSD.nonNegativeInteger)))
        return ev

    def fact(self, node: URIRef, start: int, end: int, confidence: float) -> URIRef:
        """Provenance every extracted fact carries; returns its evidence node."""
        ev = self.evidence(start, end)
        self.g.add((node, NG.reportedBy, self.src))
        self.g.add((node, NG.evidence, ev))
        self.g.add((node, NG.confidence, Literal(Decimal(str(round(confidence, 2))), datatype=XSD.decimal)))
        self.g.add((node, PROV.wasGeneratedBy, self.activity))
        return ev

    # --- entities ----------------------------------------------------------------------------
    def entity(
        self,
        kind: str,
        rdf_type: str,
        name: str,
        entry: Entry | None = None,
        alias: str | None = None,
        mention: bool = True,
        key: str | None = None,
    ) -> URIRef:
        """IRI of a shared entity, describing it in the entity graph (names, aliases, links); with
        ``mention`` (the default) the article is recorded as naming it (schema:mentions). ``key``
        mints the IRI where the name alone does not identify the entity: a bare body name of one
        state ("Senate", key "Senate of Puerto Rico")."""
        iri = iris.entity_iri(kind, key or name)
        eg = self.eg
        if (iri, RDF.type, None) not in eg:
            eg.add((iri, RDF.type, getattr(NG, rdf_type)))
            eg.add((iri, NG.name, Literal(name)))
            if entry is not None and entry.wikidata:
                eg.add((iri, NG.wikidataId, Literal(entry.wikidata)))
            if entry is not None and entry.state and kind == "place":
                eg.add((iri, NG.stateOf, iris.entity_iri("organization", entry.state)))
            if entry is not None and entry.origin != "reference" and entry.source:
                # bulk world knowledge (ISO 3166, GeoNames): the record the fact comes from
                eg.add((iri, RDFS.seeAlso, URIRef(entry.source)))
        if alias and alias != name:
            eg.add((iri, NG.alias, Literal(alias)))
        if mention:
            self.g.add((self.src, SDO.mentions, iri))
        return iri

    def add_mention(self, m: Mention) -> None:
        self.mentions.append(m)
        self.entities.setdefault(m.iri, m)
        for i in range(m.start, m.end):
            self.mention_at[i] = m

    def place_of_state(self, state_name: str, entry: Entry | None = None) -> URIRef:
        """The country as a place (ng:stateOf its state), for event places."""
        iri = iris.entity_iri("place", state_name)
        if (iri, RDF.type, None) not in self.eg:
            self.eg.add((iri, RDF.type, NG.Place))
            self.eg.add((iri, NG.name, Literal(state_name)))
            self.eg.add((iri, NG.stateOf, iris.entity_iri("organization", state_name)))
        return iri

    def office(self, key: str, title: str, jurisdiction: str | None) -> URIRef:
        """The office node (entity graph) for a canonical office key and jurisdiction."""
        od = self.gaz.office_by_key.get(key)
        iri = iris.office_iri(key, jurisdiction)
        if (iri, RDF.type, None) not in self.eg:
            eg = self.eg
            name = od.name if od else title
            eg.add((iri, RDF.type, NG.Office))
            eg.add((iri, NG.name, Literal(of_place(name, jurisdiction))))
            if jurisdiction:
                j = self.gaz.lookup(jurisdiction)
                jkind = j.kind if j else "organization"
                jiri = iris.entity_iri(jkind, j.name if j else jurisdiction)
                if (jiri, RDF.type, None) not in eg:  # named, so the office reads "of Türkiye"
                    eg.add((jiri, RDF.type, getattr(NG, j.rdf_type if j else "Organization")))
                    eg.add((jiri, NG.name, Literal(j.name if j else jurisdiction)))
                eg.add((iri, NG.officeOf, jiri))
                eg.add((iri, NG.jurisdiction, jiri))
            if od is not None:
                # exclusivity between offices is stated by the reference data, which knows
                # which offices a jurisdiction has (`newsgraph reference load`)
                eg.add((iri, NG.singleSeat, Literal(od.single_seat)))
        return iri
