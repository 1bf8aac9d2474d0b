"""Events (prisoner exchanges, attacks, negotiations, appointments, dismissals, other) with their
dates, places, participants and quantities.  A mention with its own date or count introduces an
event; a definite mention without a date ("the talks", "this swap") refers back to the latest
event of its type.  Mentions of one type and date merge into one event; an event whose dates lie
within another's multi-day event of the same type is one of its parts (ng:partOf), and the whole
gets ng:expectedParts when the text gives its length in days ("three-day")."""

from __future__ import annotations

from datetime import date

from rdflib import RDF, XSD, Literal, URIRef

from graph import iris
from graph.extract.context import DateMention, EventMention, ExtractionContext, date_literal
from graph.extract.quantities import quantity_node
from graph.extract.registry import register_extractor
from graph.namespace import NG

EVENT_CLASSES = {
    "prisoner_exchange": "PrisonerExchange",
    "attack": "Attack",
    "negotiation": "Negotiation",
    "appointment": "Appointment",
    "dismissal": "Dismissal",
    "statement": "Statement",
    "other": "OtherEvent",
}
LABELS = {
    "PrisonerExchange": "prisoner exchange",
    "Attack": "attack",
    "Negotiation": "talks",
    "Appointment": "appointment",
    "Dismissal": "dismissal",
    "Statement": "statement",
    "OtherEvent": "event",
}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her"}
HEAD_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "appos"}
OTHER_WORDS = {"subsequent", "another", "next", "later", "previous", "earlier", "future", "further"}
PLACE_PREPS = {"in", "on", "at", "near", "across", "over", "against", "into", "around"}


def _triggers(ctx: ExtractionContext, sent) -> list[tuple[int, str]]:
    lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
    seen_types = {e.etype for e in ctx.events}
    out = []
    for tok in sent:
        rules = ctx.gaz.event_triggers.get(tok.lemma_.lower()) or ctx.gaz.event_triggers.get(tok.lower_)
        if not rules:
            continue
        for etype, pos, requires in rules:
            if pos != "any" and tok.pos_ != pos and not (pos == "NOUN" and tok.pos_ == "PROPN"):
                continue
            if pos == "any" and tok.pos_ not in {"NOUN", "PROPN", "VERB"}:
                continue
            cls = EVENT_CLASSES.get(etype, "OtherEvent")
            need = [r for r in requires.split(";") if r]
            if need and not (set(need) & lemmas) and cls not in seen_types:
                continue
            if (
                tok.dep_ == "compound"
                and tok.head.pos_ in {"NOUN", "PROPN"}
                and tok.head.lemma_.lower() not in ctx.gaz.event_triggers
            ):
                continue  # "exchange data", "exchange mechanisms"
            if tok.head.lower_ in {"per", "each"} or any(
                c.lower_ in {"per", "each", "every"} for c in tok.children
            ):
                continue
            out.append((tok.i, cls))
            break
    return out


def _label_start(ctx: ExtractionContext, sent) -> int:
    """Start of a date label that opens the sentence's line ("May 24, 2025: ..."), else the sentence."""
    text = ctx.text
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    prefix = text[line_start : sent.start_char]
    if prefix.strip() and prefix.rstrip().endswith(":") and len(prefix) < 40:
        return line_start
    return sent.start_char


def _date_for(ctx: ExtractionContext, trig: int, sent_dates: list[DateMention]) -> DateMention | None:
    doc = ctx.doc
    tok = doc[trig]
    anchors = {trig}
    if tok.dep_ in HEAD_DEPS:
        anchors.add(tok.head.i)
        if tok.head.dep_ == "prep":
            anchors.add(tok.head.head.i)
    for dm in sent_dates:
        if dm.tok < 0:
            continue
        t = doc[dm.tok]
        for _ in range(6):
            if t.i in anchors:
                return dm
            if t.head.i == t.i:
                break
            t = t.head
    return None


def _is_definite(ctx: ExtractionContext, trig: int) -> bool:
    tok = ctx.doc[trig]
    if tok.pos_ == "VERB":
        return False
    return any(c.dep_ in {"det", "poss"} and c.lower_ in DEFINITE for c in tok.children)


def _is_indefinite(ctx: ExtractionContext, trig: int) -> bool:
    tok = ctx.doc[trig]
    return tok.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.children)


def _nearest(trig: int, sent_dates: list[DateMention]) -> DateMention | None:
    cands = [d for d in sent_dates if d.tok >= 0]
    if not cands:
        return None
    return min(cands, key=lambda d: abs(d.tok - trig))


@register_extractor("events")
def extract_events(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    mentions: list[EventMention] = []
    latest: dict[str, EventMention] = {}
    for sent in doc.sents:
        if sent.start in ctx.title_sents:
            continue
        trigs = _triggers(ctx, sent)
        if not trigs:
            continue
        lo = _label_start(ctx, sent)
        sent_dates = [d for d in ctx.dates if lo <= d.start_char < sent.end_char and not d.since]
        sent_quants = [q for q in ctx.quantities if sent.start <= q.tok < sent.end]
        local: dict[str, EventMention] = {}
        by_trigger: dict[int, EventMention] = {}
        skipped: set[int] = set()  # triggers of other, undated events: their numbers are not ours
        owned = {id(d) for trig, _ in trigs if (d := _date_for(ctx, trig, sent_dates)) is not None}
        other_classes = {  # "a subsequent exchange saw 307 released": the whole sentence is about it
            cls for trig, cls in trigs if any(c.lower_ in OTHER_WORDS for c in doc[trig].children)
        }
        for trig, cls in trigs:
            tok = doc[trig]
            own = _date_for(ctx, trig, sent_dates)
            if cls in other_classes and (own is None or own.start_char < sent.start_char):
                skipped.add(trig)
                continue
            free_dates = [d for d in sent_dates if id(d) not in owned] or (
                [d for d in sent_dates if any(em.etype == cls for em in local.values())]
            )
            if any(c.lower_ in OTHER_WORDS for c in tok.children) and (
                own is None or own.start_char < sent.start_char
            ):  # undated here, or dated only by a list item's label
                skipped.add(trig)
                continue  # "a subsequent exchange": another event, not dated here
            plural = tok.tag_ in {"NNS", "NNPS"}
            if own is None and _is_definite(ctx, trig) and cls in latest:
                em = EventMention(cls, trig, sent.start_char, sent.end_char, new=False)
            else:
                dm = own or _nearest(trig, free_dates)
                if dm is None and plural:
                    continue  # "prisoner exchanges" in general
                em = EventMention(
                    cls,
                    trig,
                    sent.start_char,
                    sent.end_char,
                    dm.start if dm else None,
                    dm.end if dm else None,
                )
            prev = local.get(cls)
            if prev is not None and (prev.start == em.start or em.start is None or not em.new):
                by_trigger[trig] = prev  # one mention per type and date in a sentence
                continue
            local[cls] = em
            by_trigger[trig] = em
            mentions.append(em)
        # quantities go to the event whose words govern them, else to the nearest trigger
        sent_events = [m for m in mentions if m.sent_start == sent.start_char]
        for q in sent_quants:
            if not by_trigger:
                break
            target = None
            t = doc[q.tok]
            governed_by_other = False
            for _ in range(6):
                if t.i in by_trigger:
                    target = by_trigger[t.i]
                    break
                if t.i in skipped:
                    governed_by_other = True
                    break
                if t.head.i == t.i:
                    break
                t = t.head
            if governed_by_other:
                continue
            if target is None:
                nearest = min(list(by_trigger) + list(skipped), key=lambda i: abs(i - q.tok))
                if nearest in skipped:
                    continue
                target = by_trigger[nearest]
            target.quantities.append(q)
            if target.new and target.start is not None:
                q.used_by_event = True
        for em in sent_events:
            if not em.new:
                continue
            trig_tok = doc[em.trigger]
            clause = trig_tok
            for _ in range(len(sent)):  # a walk up the tree: bounded, tokens compared by index
                if clause.pos_ in {"VERB", "AUX"} or clause.head.i == clause.i:
                    break
                clause = clause.head
            lo_t, hi_t = clause.left_edge.i, clause.right_edge.i + 1
            for m in ctx.mentions:
                if not (max(sent.start, lo_t) <= m.start < min(sent.end, hi_t)):
                    continue
                if m.kind == "place" or (
                    m.rdf_type == "State" and m.start > 0 and doc[m.start - 1].lower_ in PLACE_PREPS
                ):
                    iri = ctx.place_of_state(m.name, m.entry) if m.rdf_type == "State" else m.iri
                    if iri not in em.places:
                        em.places.append(iri)
                elif m.rdf_type == "State" and all(m.iri != p for p, _ in em.participants):
                    em.participants.append((m.iri, m.name))
            if em.new:
                latest[em.etype] = em
    _build(ctx, mentions)


def _build(ctx: ExtractionContext, mentions: list[EventMention]) -> None:
    """Merge mentions into events and write them."""
    events: list[EventMention] = []
    by_key: dict[tuple[str, str | None, str | None], EventMention] = {}
    last_of_type: dict[str, EventMention] = {}
    evidence: dict[int, list[EventMention]] = {}
    for em in mentions:
        target: EventMention | None
        if not em.new:
            target = last_of_type.get(em.etype)
        elif em.start is None:
            # "a landmark exchange involving 1,000": an indefinite, undated mention is an event of
            # its own, not the last one of its type
            target = None if _is_indefinite(ctx, em.trigger) else last_of_type.get(em.etype)
            if target is None and (not em.quantities or em.etype == "OtherEvent"):
                continue
        else:
            target = by_key.get((em.etype, em.start, em.end))
        if target is None:
            target = EventMention(em.etype, em.trigger, em.sent_start, em.sent_end, em.start, em.end)
            events.append(target)
            evidence[id(target)] = []
            if em.start is not None:
                by_key[(em.etype, em.start, em.end)] = target
        evidence[id(target)].append(em)
        for q in em.quantities:
            if all(q is not x for x in target.quantities):
                target.quantities.append(q)
        for pl in em.places:
            if pl not in target.places:
                target.places.append(pl)
        for pa in em.participants:
            if pa not in target.participants:
                target.participants.append(pa)
        last_of_type[em.etype] = target
    iri_of: dict[int, URIRef] = {}
    for ev in events:
        names = sorted({n for _, n in ev.participants})
        iri = iris.event_iri(LABELS[ev.etype], ev.start, ev.end, names)
        iri_of[id(ev)] = iri
        g = ctx.g
        g.add((iri, RDF.type, getattr(NG, ev.etype)))
        label = (
            LABELS[ev.etype]
            + (f" {ev.start}" if ev.start else "")
            + (f" to {ev.end}" if ev.end and ev.end != ev.start else "")
        )
        g.add((iri, NG.label, Literal(label)))
        if ev.start:
            g.add((iri, NG.startDate, date_literal(ev.start)))
            g.add((iri, NG.endDate, date_literal(ev.end or ev.start)))
        for p_iri, _ in ev.participants:
            g.add((iri, NG.participant, p_iri))
        for p in ev.places:
            g.add((iri, NG.place, p))
        for q in ev.quantities:
            g.add((iri, NG.quantity, quantity_node(ctx, q)))
        first = True
        for em in evidence[id(ev)]:
            if first:
                ctx.fact(iri, em.sent_start, em.sent_end, 0.7 if ev.start else 0.5)
                first = False
            elif em.new:
                g.add((iri, NG.evidence, ctx.evidence(em.sent_start, em.sent_end)))
        ctx.stats["events"] += 1
    # parts of a whole: same type, dates within a multi-day event
    for whole in events:
        if not whole.start or not whole.end or whole.start == whole.end or len(whole.start) < 10:
            continue
        parts = [
            e
            for e in events
            if e is not whole
            and e.etype == whole.etype
            and e.start
            and e.end
            and whole.start <= e.start
            and e.end <= whole.end
        ]
        for part in parts:
            ctx.g.add((iri_of[id(part)], NG.partOf, iri_of[id(whole)]))
            ctx.g.add((iri_of[id(whole)], NG.hasPart, iri_of[id(part)]))
        try:
            span = (date.fromisoformat(whole.end[:10]) - date.fromisoformat(whole.start[:10])).days + 1
        except ValueError:
            continue
        for q in whole.quantities:
            if q.measure == "duration-days" and q.value == span:
                ctx.g.add((iri_of[id(whole)], NG.expectedParts, Literal(span, datatype=XSD.integer)))
                break
    ctx.event_iris = {id(e): iri_of[id(e)] for e in events}  # type: ignore[attr-defined]
    ctx.event_list = [(e, iri_of[id(e)]) for e in events]  # type: ignore[attr-defined]
    ctx.events = events
