"""Events (prisoner and hostage exchanges, attacks, negotiations, appointments, dismissals, other)
with their dates, places, participants and quantities.

What is an event: a trigger word (reference/event_triggers.csv) in its frame -- talks have a
partner ("met with X", "a meeting between ..."), an election or becoming is to a post, a
confirmation confirms someone, a launch launches a weapon; not a figure of speech ("attacked the
proposal", "a court battle", "a heart attack"), a natural force ("an earthquake struck"), a
negated, conditional or participial verb ("had not confirmed him", "if the Senate confirms me",
"the newly elected president"), or a word of a name ("Pillow Talk").

Which event a mention is: a mention with its own date or count introduces an event, and so does an
undated one the wording reports as having happened (a finite past verb, a named event such as "the
Raqqa battle", "a phone call with X"); a definite mention without a date ("the talks", "this
swap") refers back to the latest event of its kind, preferring one of the last month over a
background event.  Mentions of one type, date and -- for appointments -- step (election,
confirmation, swearing-in, other) merge into one event; an event whose dates lie within another's
multi-day event of the same type is one of its parts (ng:partOf), and the whole gets
ng:expectedParts when the text gives its length in days ("three-day").  Events announced for the
future ("will", "is due to", "scheduled", a date after publication) get ng:eventStatus
ng:Announced.  Event IRIs: see graph.iris.event_iri (one node across articles only when type,
dates and the states taking part, or the places, agree)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rdflib import RDF, XSD, Literal, URIRef
from spacy.tokens import Span, Token

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
# the steps of filling a post are events of their own: a confirmation, then a swearing-in
APPOINTMENT_STEPS = {
    "swear": "inauguration",
    "inaugurate": "inauguration",
    "inauguration": "inauguration",
    "confirm": "confirmation",
    "elect": "election",
}
# verbs that report an event only with a partner or a post: "X met (with) Y", "X became minister"
FRAMES = {
    "meet": ({"dobj"}, {"with"}),
    "become": ({"attr", "oprd"}, set()),
    "elect": ({"attr", "oprd", "dobj", "xcomp"}, {"as"}),  # to a post, not "to the Senate"
    "confirm": ({"dobj"}, set()),  # "confirmed him", not "confirmed a vote will be held"
    "vote": (set(), {"into"}),  # "voted into office"
}
PARTNER_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
PARTNER_WORDS = {
    "counterpart", "delegation", "delegate", "leader", "official", "envoy", "representative",
    "president", "minister", "ambassador", "negotiator", "chancellor", "premier", "king", "head",
    "other", "another",  # "met with each other"
}  # fmt: skip
NON_EVENT_COMPOUNDS = {"heart", "panic", "asthma", "anxiety", "court", "legal", "custody"}  # "a heart attack"
NAME_ENTS = {"WORK_OF_ART", "ORG", "PERSON", "PRODUCT", "FAC", "LAW", "GPE", "LOC"}
NATURAL = {
    "earthquake", "quake", "storm", "hurricane", "typhoon", "cyclone", "tornado", "flood", "wildfire",
    "tsunami", "lightning", "virus", "pandemic", "disease", "outbreak", "landslide", "avalanche",
}  # fmt: skip
ILLNESS = {
    "cancer",
    "illness",
    "disease",
    "addiction",
    "depression",
    "leukemia",
    "tumour",
    "tumor",
    "covid-19",
}
SIDES_WORDS = {"bilateral", "trilateral", "quadrilateral", "multilateral", "face-to-face", "summit"}
ACTIVE_ONLY = {"meet"}  # "X was met with applause" is no meeting
CONDITIONAL = {"if", "unless", "whether"}
HEAD_FRAMES = {"fire": {"open"}}  # the word a trigger must depend on
WEAPONS = {
    "attack", "strike", "airstrike", "drone", "missile", "rocket", "offensive", "assault", "raid",
    "bomb", "shell", "artillery", "barrage", "bombardment", "operation",
}  # fmt: skip
POSTS = {
    "office",
    "presidency",
    "post",
    "position",
    "power",
    "premiership",
    "throne",
    "oath",
    "command",
    "seat",
}
OBJECT_FRAMES = {
    "launch": WEAPONS,
    "assume": POSTS,
    "resume": POSTS,
    "take": POSTS,
}  # a word the trigger's object (or complement) must contain
FUTURE_AUX = {"will", "shall", "'ll", "would", "wo"}
MODAL_AUX = FUTURE_AUX | {"could", "can", "may", "might", "should", "must", "ca"}
SCHEDULING = {"schedule", "plan", "due", "set", "slate", "expect", "intend", "prepare"}
# an undated attack without a count is an attack only among words of violence ("attacked the
# inquiry" is not one)
VIOLENCE = {
    "kill", "die", "dead", "death", "injure", "wound", "casualty", "bomb", "gun", "gunman", "shoot",
    "explosive", "explode", "militant", "troop", "soldier", "civilian", "police", "rocket", "missile",
    "drone", "weapon", "fighter", "hostage", "victim",
}  # fmt: skip
RECENT_DAYS = 31  # "the attack" refers back to the latest event of its kind this recent, if any


def _step(ctx: ExtractionContext, trig: int) -> str:
    tok = ctx.doc[trig]
    return APPOINTMENT_STEPS.get(tok.lemma_.lower(), APPOINTMENT_STEPS.get(tok.lower_, ""))


def _clause_verb(tok: Token) -> Token:
    """The verb governing a token (itself when it is one); bounded walk, tokens compared by index."""
    t = tok
    for _ in range(8):
        if t.pos_ in {"VERB", "AUX"} or t.head.i == t.i:
            return t
        t = t.head
    return t


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def _told_as_past(tok: Token) -> bool:
    """A past-tense verb governs the mention (up to the sentence root)."""
    t = tok
    for _ in range(12):
        if t.tag_ in {"VBD", "VBN"}:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _announced(ctx: ExtractionContext, trig: int, start: str | None) -> bool:
    """Announced for the future: "will meet", "is due to be sworn in", "the election to be held on",
    "scheduled for", or a date after publication."""
    pub = ctx.article.published
    tok = ctx.doc[trig]
    verb = _clause_verb(tok)
    if start and pub is not None and not _told_as_past(tok):  # "was killed on Monday": past
        n = min(len(start), 10)
        if start[:n] > pub.isoformat()[:n]:
            return True
    t = verb
    for _ in range(3):
        aux = _aux(t)
        if aux & FUTURE_AUX or t.lemma_.lower() in SCHEDULING:
            return True
        if "to" in aux and t.dep_ == "acl":  # "the election to be held on August 9"
            return True
        if t.dep_ not in {"xcomp", "ccomp", "acl"} or t.head.i == t.i:
            break
        t = t.head
    return any(c.lemma_.lower() in SCHEDULING for c in tok.children if c.dep_ in {"amod", "acl"})


def _irrealis(ctx: ExtractionContext, trig: int) -> bool:
    """A verb for what may, should or is wished to happen ("may serve", "wish to re-elect them")."""
    tok = ctx.doc[trig]
    return tok.pos_ in {"VERB", "AUX"} and bool(_aux(tok) & (MODAL_AUX | {"to"}))


def _under_past_verb(tok: Token) -> bool:
    """The noun is the object or subject of a past finite verb, or in a phrase under one."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if tok.dep_ not in {"dobj", "nsubj", "nsubjpass", "pobj"} or head.pos_ not in {"VERB", "AUX"}:
        return False
    return head.tag_ == "VBD" and not (_aux(head) & MODAL_AUX)


def _is_specific(ctx: ExtractionContext, trig: int) -> bool:
    """A mention of one event that happened, even without a date: a finite past verb ("Rosselló
    appointed X"), a named event ("the Raqqa battle"), or "a phone conversation with X"."""
    tok = ctx.doc[trig]
    if tok.pos_ in {"VERB", "AUX"}:
        aux = _aux(tok)
        if aux & MODAL_AUX or "to" in aux:
            return False
        if tok.tag_ == "VBD":
            return True
        return tok.tag_ == "VBN" and bool({"was", "were", "been", "had", "has", "have"} & aux)
    if _is_definite(ctx, trig) and _under_past_verb(tok):
        return True  # "joined the talks", "died in the attack": the one the reader knows of
    if tok.tag_ in {"NNS", "NNPS"}:
        return False
    kids = list(tok.children)
    if any(c.dep_ in {"compound", "poss", "nmod"} and c.pos_ == "PROPN" for c in kids):
        return True
    return _is_indefinite(ctx, trig) and any(
        c.dep_ == "prep" and c.lower_ in {"with", "between"} for c in kids
    )


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
            if tok.pos_ in {"VERB", "AUX"} and (
                tok.dep_ == "amod" or any(c.dep_ == "neg" for c in tok.children)
            ):
                continue  # "the newly elected president", "had not confirmed him"
            if tok.pos_ in {"VERB", "AUX"} and any(
                c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in tok.children
            ):
                continue  # "if the Senate confirms me"
            head_words = HEAD_FRAMES.get(tok.lemma_.lower())
            if head_words and tok.head.lemma_.lower() not in head_words:
                continue  # "opened fire", not "caught fire"
            objects = OBJECT_FRAMES.get(tok.lemma_.lower())
            if objects and not any(
                w.lemma_.lower() in objects
                for c in tok.children
                if c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd", "nsubjpass"}
                for w in c.subtree
            ):
                continue  # "launched drones", not "launched its first crewed mission"
            if any(
                c.dep_ in {"compound", "amod"} and c.lemma_.lower() in NON_EVENT_COMPOUNDS
                for c in tok.children
            ):
                continue
            if tok.lemma_.lower() == "meet" and not _has_partner(tok):
                continue  # "meet their needs", "meet the deadline"
            if tok.lemma_.lower() == "attack" and tok.pos_ == "VERB" and not (_words(sent) & VIOLENCE):
                continue  # "attacked the media"
            if tok.pos_ == "PROPN" and tok.ent_type_ in NAME_ENTS:
                continue  # "Pillow Talk", "Battle Creek": a word of a name
            if tok.lower_ == "talk":
                continue  # "a talk at a think tank" is a speech; talks are "talks"
            if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.lower() in NATURAL for c in tok.children):
                continue  # "an earthquake struck", "the storm hit"
            if any(
                c.dep_ == "prep" and c.lower_ in {"with", "against"} and g.lemma_.lower() in NATURAL | ILLNESS
                for c in tok.children
                for g in c.children
            ):
                continue  # "a battle with cancer"
            if tok.lemma_.lower() == "meeting" and not _meeting_of_sides(tok):
                continue  # "the annual meeting of a learned society" is no talks
            frame = FRAMES.get(tok.lemma_.lower())
            if frame and (
                not any(
                    c.dep_ in frame[0] or (c.dep_ == "prep" and c.lower_ in frame[1]) for c in tok.children
                )
                or (tok.lemma_.lower() in ACTIVE_ONLY and any(c.dep_ == "auxpass" for c in tok.children))
            ):
                continue  # "the Senate will meet on Monday" (no partner), "was met with applause"
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


def _words(span: Span) -> set[str]:
    return {t.lemma_.lower() for t in span}


def _has_partner(verb: Token) -> bool:
    """The other side of a meeting is someone: a person, organisation or state, or an official."""
    sides = [c for c in verb.children if c.dep_ == "dobj"] + [
        g
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "with"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return any(
        s.pos_ in {"PROPN", "PRON"} or s.ent_type_ in PARTNER_ENTS or s.lemma_.lower() in PARTNER_WORDS
        for s in sides
    )


def _meeting_of_sides(tok: Token) -> bool:
    """A meeting is talks when it has sides: "with X", "between X and Y", "bilateral", "of the
    leaders of X and Y", "X's meeting with"; not "the annual meeting of a society"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"with", "between"}:
            return True
        if c.dep_ in {"amod", "compound"} and c.lemma_.lower() in SIDES_WORDS:
            return True
        if c.dep_ == "poss" and c.ent_type_ in {"PERSON", "GPE", "NORP"}:
            return True
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if any(o.ent_type_ in {"GPE", "NORP"} or o.lemma_.lower() in PARTNER_WORDS for o in objs):
                return True
    return False


def _label_start(ctx: ExtractionContext, sent) -> int:
    """Start of a date label that opens the sentence's line ("May 24, 2025: ..."), else the sentence."""
    text = ctx.text
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    prefix = text[line_start : sent.start_char]
    if prefix.strip() and prefix.rstrip().endswith(":") and len(prefix) < 40:
        return line_start
    return sent.start_char


def _date_for(
    ctx: ExtractionContext, trig: int, sent_dates: list[DateMention], since_dates: Sequence[DateMention] = ()
) -> DateMention | None:
    """The date the parse ties to a trigger: one directly under it first ("an assault in Ghazni in
    August 2018", even inside a "since" phrase), then one under the word it depends on."""
    doc = ctx.doc
    tok = doc[trig]

    def reaches(dm: DateMention, anchors: set[int], through_since: bool = True) -> bool:
        t = doc[dm.tok]
        for _ in range(6):
            if t.i in anchors:
                return True
            if t.head.i == t.i or (not through_since and t.lower_ == "since"):
                return False
            t = t.head
        return False

    for dm in sent_dates:
        if dm.tok >= 0 and reaches(dm, {trig}):
            return dm
    for dm in since_dates:  # "since an assault in August 2018", not "the first talks since 2022"
        if dm.tok >= 0 and reaches(dm, {trig}, through_since=False):
            return dm
    anchors = {trig}
    t = tok
    for _ in range(3):  # "On Friday, X resigned and Y was sworn in": the date of the whole sentence
        if t.pos_ not in {"VERB", "AUX"} or t.dep_ not in {"conj", "advcl"}:
            break
        t = t.head
        anchors.add(t.i)
    if tok.dep_ in HEAD_DEPS:
        anchors.add(tok.head.i)
        if tok.head.dep_ == "prep":
            anchors.add(tok.head.head.i)
    for dm in sent_dates:
        if dm.tok >= 0 and reaches(dm, anchors):
            return dm
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
    states: set[URIRef] = set()  # participants that are states: what an event's IRI is keyed on
    for sent in doc.sents:
        if sent.start in ctx.title_sents:
            continue
        trigs = _triggers(ctx, sent)
        if not trigs:
            continue
        lo = _label_start(ctx, sent)
        sent_dates = [d for d in ctx.dates if lo <= d.start_char < sent.end_char and not d.since]
        since_dates = [d for d in ctx.dates if sent.start_char <= d.start_char < sent.end_char and d.since]
        sent_quants = [q for q in ctx.quantities if sent.start <= q.tok < sent.end]
        local: dict[str, EventMention] = {}
        by_trigger: dict[int, EventMention] = {}
        skipped: set[int] = set()  # triggers of other, undated events: their numbers are not ours
        owned = {
            id(d) for trig, _ in trigs if (d := _date_for(ctx, trig, sent_dates, since_dates)) is not None
        }
        other_classes = {  # "a subsequent exchange saw 307 released": the whole sentence is about it
            cls for trig, cls in trigs if any(c.lower_ in OTHER_WORDS for c in doc[trig].children)
        }
        for trig, cls in trigs:
            tok = doc[trig]
            own = _date_for(ctx, trig, sent_dates, since_dates)
            introduces = _is_indefinite(ctx, trig) or _is_specific(ctx, trig)
            if cls in other_classes and not introduces and (own is None or own.start_char < sent.start_char):
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
            if own is None and _is_definite(ctx, trig) and cls in latest and not _is_specific(ctx, trig):
                em = EventMention(cls, trig, sent.start_char, sent.end_char, new=False)
            else:
                dm = own or (None if plural else _nearest(trig, free_dates))
                if dm is None and plural and not _is_specific(ctx, trig):
                    continue  # "prisoner exchanges" in general, "failed negotiations ... October 31"
                em = EventMention(
                    cls,
                    trig,
                    sent.start_char,
                    sent.end_char,
                    dm.start if dm else None,
                    dm.end if dm else None,
                )
            key = cls + ":" + _step(ctx, trig)
            prev = local.get(key)
            if prev is not None and (
                prev.start == em.start or (em.start is None and not _is_indefinite(ctx, trig)) or not em.new
            ):
                by_trigger[trig] = prev  # one mention per type, step and date in a sentence
                continue
            local[key] = em
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
                if by_trigger[nearest].etype == "Negotiation":
                    continue  # "In a meeting that day he was told of 40 people under the rubble"
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
            # "X condemned the attack": who comments on an event named as the object of a verb of
            # judging or reporting takes no part in it (unlike "X launched an attack")
            commentators: set[int] = set()
            if clause.i != trig_tok.i and clause.lemma_.lower() in COMMENT_VERBS:
                for c in clause.children:
                    if c.dep_ in {"nsubj", "nsubjpass"}:
                        commentators.update(range(c.left_edge.i, c.right_edge.i + 1))
            for m in ctx.mentions:
                if not (max(sent.start, lo_t) <= m.start < min(sent.end, hi_t)):
                    continue
                if m.start in commentators and m.kind in {"person", "organization"} and m.rdf_type != "State":
                    continue
                if m.kind == "place" or (
                    m.rdf_type == "State" and m.start > 0 and doc[m.start - 1].lower_ in PLACE_PREPS
                ):
                    iri = ctx.place_of_state(m.name, m.entry) if m.rdf_type == "State" else m.iri
                    if iri not in em.places:
                        em.places.append(iri)
                    continue
                if m.rdf_type == "State":
                    states.add(m.iri)
                if (m.rdf_type == "State" or m.kind in {"person", "organization"}) and all(
                    m.iri != p for p, _ in em.participants
                ):
                    em.participants.append((m.iri, m.name))
            if em.new:
                latest[em.etype] = em
    _build(ctx, mentions, states)


def _recent(ctx: ExtractionContext, ev: EventMention) -> bool:
    pub = ctx.article.published
    if ev.start is None or pub is None:
        return True
    last = ev.end or ev.start
    last += {4: "-12-31", 7: "-28"}.get(len(last), "")
    try:
        end = date.fromisoformat(last[:10])
    except ValueError:
        return True
    return (pub - end).days <= RECENT_DAYS


def _antecedent(
    ctx: ExtractionContext,
    cands: list[EventMention],
    step: str,
    step_of: dict[int, str],
    undated: bool = False,
) -> EventMention | None:
    """The event "the attack" refers back to: the latest of its kind (and step, for appointments),
    preferring those of the last month over background events ("the deadliest since an assault in
    August 2018")."""
    same = [e for e in cands if step_of.get(id(e), "") == step] or ([] if undated else cands)
    recent = [e for e in same if _recent(ctx, e)]
    pool = recent or same
    return pool[-1] if pool else None


def _violent(ctx: ExtractionContext, em: EventMention) -> bool:
    sent = ctx.doc.char_span(em.sent_start, em.sent_end, alignment_mode="expand")
    return sent is not None and bool(_words(sent) & VIOLENCE)


#: verbs of judging or reporting: their subject comments on the event that is their object
COMMENT_VERBS = {
    "condemn",
    "denounce",
    "criticise",
    "criticize",
    "praise",
    "welcome",
    "hail",
    "celebrate",
    "applaud",
    "decry",
    "deplore",
    "mourn",
    "report",
    "confirm",
    "describe",
    "call",
    "announce",
    "acknowledge",
    "note",
    "mention",
    "discuss",
    "comment",
    "blame",
    "deny",
    "question",
    "investigate",
}

#: events that always have two sides; an article names them once and then says "each side"
TWO_SIDED = {"PrisonerExchange", "Negotiation"}


def _sides_from_context(events: list[EventMention], states: set[URIRef]) -> None:
    """ "Saturday saw the exchange of 307 prisoners from each side": a two-sided event whose states
    the sentence does not name takes them from the article's other events of its type, when those
    name one set of states only (an article about one exchange between two states)."""
    for etype in TWO_SIDED:
        named = {
            frozenset(p for p, _ in ev.participants if p in states) for ev in events if ev.etype == etype
        } - {frozenset()}
        if len(named) != 1:
            continue
        sides = [
            (p, n) for ev in events if ev.etype == etype for p, n in ev.participants if p in next(iter(named))
        ]
        for ev in events:
            if ev.etype == etype and not any(p in states for p, _ in ev.participants):
                for pa in dict.fromkeys(sides):
                    ev.participants.append(pa)


def _build(ctx: ExtractionContext, mentions: list[EventMention], states: set[URIRef]) -> None:
    """Merge mentions into events and write them."""
    events: list[EventMention] = []
    by_key: dict[tuple[str, str, str | None, str | None], EventMention] = {}
    of_type: dict[str, list[EventMention]] = {}
    evidence: dict[int, list[EventMention]] = {}
    announced: dict[int, bool] = {}
    step_of: dict[int, str] = {}
    for em in mentions:
        target: EventMention | None
        step = _step(ctx, em.trigger)
        if not em.new:
            target = _antecedent(ctx, of_type.get(em.etype, []), step, step_of)
        elif em.start is None:
            # "a landmark exchange involving 1,000": an indefinite, undated mention is an event of
            # its own, not the last one of its type; so is a named one ("the Raqqa battle")
            specific = _is_specific(ctx, em.trigger)
            own = _is_indefinite(ctx, em.trigger)
            target = None if own else _antecedent(ctx, of_type.get(em.etype, []), step, step_of, undated=True)
            if target is None and (
                em.etype == "OtherEvent"
                or _irrealis(ctx, em.trigger)
                or not (em.quantities or specific)
                or (em.etype == "Attack" and not em.quantities and not _violent(ctx, em))
            ):
                continue
        else:
            target = by_key.get((em.etype, step, em.start, em.end))
        if target is None:
            target = EventMention(em.etype, em.trigger, em.sent_start, em.sent_end, em.start, em.end)
            events.append(target)
            evidence[id(target)] = []
            step_of[id(target)] = step
            announced[id(target)] = _announced(ctx, em.trigger, em.start)
            if em.start is not None:
                by_key[(em.etype, step, em.start, em.end)] = target
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
        lst = of_type.setdefault(em.etype, [])
        if target in lst:
            lst.remove(target)
        lst.append(target)
    _sides_from_context(events, states)
    iri_of: dict[int, URIRef] = {}
    for ev in events:
        iri = iris.event_iri(
            LABELS[ev.etype] + (f" {step_of[id(ev)]}" if step_of[id(ev)] else ""),
            ev.start,
            ev.end,
            participants=(str(p) for p, _ in ev.participants if p in states),
            places=(str(p) for p in ev.places),
            source=ctx.sid,
            local=ev.sent_start,
        )
        iri_of[id(ev)] = iri
        g = ctx.g
        g.add((iri, RDF.type, getattr(NG, ev.etype)))
        if announced.get(id(ev)):
            g.add((iri, NG.eventStatus, NG.Announced))
        label = (
            (step_of[id(ev)] or LABELS[ev.etype])
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
    ctx.event_list = [(e, iri_of[id(e)]) for e in events]
    ctx.events = events
