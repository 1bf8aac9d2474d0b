"""Claims: what someone asserts, with the speaker (ng:claimant) kept apart from the outlet that
reports it (ng:reportedBy).  Attribution comes from reporting verbs (said, stated, confirmed,
announced, wrote, noted, described as, ...) and "according to X"; the speaker is a resolved person
or organisation, a pronoun's latest person, a title-only phrase ("the Ukrainian president") or a
collective ("Ukrainian officials").  Figures the text states without credit are the outlet's
claims: ng:unattributed true."""

from __future__ import annotations

import re

from rdflib import RDF, Literal, URIRef
from spacy.tokens import Span, Token

from graph.extract.context import ExtractionContext, QuantityMention
from graph.extract.gazetteer import fold
from graph.extract.quantities import quantity_node
from graph.extract.registry import register_extractor
from graph.namespace import NG

REPORT_VERBS = {
    "say",
    "state",
    "confirm",
    "announce",
    "write",
    "note",
    "tell",
    "add",
    "claim",
    "report",
    "warn",
    "estimate",
    "suggest",
    "highlight",
    "condemn",
    "accuse",
    "insist",
    "argue",
    "indicate",
    "describe",
    "advocate",
    "assert",
    "declare",
    "stress",
    "emphasize",
    "emphasise",
    "explain",
    "deny",
    "allege",
    "predict",
    "promise",
    "vow",
    "pledge",
    "urge",
    "demand",
    "acknowledge",
    "admit",
    "reveal",
    "post",
    "tweet",
    "comment",
    "celebrate",
    "praise",
    "criticize",
    "criticise",
    "threaten",
    "welcome",
    "dismiss",
    "reject",
    "blame",
    "call",
}
COLLECTIVE_NOUNS = {
    "official",
    "analyst",
    "expert",
    "leader",
    "source",
    "authority",
    "observer",
    "diplomat",
    "commander",
    "investigator",
    "prosecutor",
    "witness",
    "resident",
    "lawmaker",
    "spokesperson",
    "representative",
    "intelligence",
    "government",
    "military",
    "ministry",
    "army",
    "police",
    "service",
    "monitor",
    "agency",
}
PRONOUNS = {"he", "she"}
QUOTE = re.compile(r"(?:^|(?<=[\s(\[]))['‘“\"](.+?)['’”\"](?=[\s.,;:!?)\]]|$)")


def _mention_in(ctx: ExtractionContext, tok: Token):
    for t in [tok, *[c for c in tok.children if c.dep_ in {"compound", "amod", "poss"}]]:
        m = ctx.mention_at.get(t.i)
        if m is not None:
            return m
    return None


def _title_holder(ctx: ExtractionContext, tok: Token) -> URIRef | None:
    """ "the Ukrainian president": the holder named in this article, else the reference holder."""
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det"]
    country = None
    for t in words:
        e = ctx.gaz.country(t.text)
        if e is not None:
            country = e.name
    title = " ".join(t.text for t in words if ctx.gaz.country(t.text) is None and t.text not in {"'s", "’s"})
    od = ctx.gaz.titles.get(fold(title))
    if od is None or od.key in {"head", "minister", "spokesperson"}:
        return None
    for h in ctx.holdings:
        if h["office"] == od.key and (country is None or h["jurisdiction"] == country):
            return h["person"]
    if country is None or ctx.published is None:
        return None
    holders = ctx.gaz.holders(od.key, country, ctx.published.isoformat())
    if len(holders) == 1:
        entry = ctx.gaz.lookup(holders[0].person, "person")
        name = entry.name if entry else holders[0].person
        return ctx.entity("person", "Person", name, entry)
    return None


def _speaker(ctx: ExtractionContext, tok: Token) -> URIRef | None:
    m = _mention_in(ctx, tok)
    if m is not None:
        return m.iri
    low = tok.lower_
    if low in PRONOUNS:
        prior = [x for x in ctx.mentions if x.kind == "person" and x.start < tok.i]
        return prior[-1].iri if prior else None
    holder = _title_holder(ctx, tok)
    if holder is not None:
        return holder
    if tok.lemma_.lower() in COLLECTIVE_NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
        left = tok.left_edge.i
        doc = ctx.doc
        while left < tok.i and doc[left].dep_ in {"det", "predet"}:
            left += 1
        name = doc[left : tok.i + 1].text.strip()
        if name.lower() in {"it", "they"}:
            return None
        name = name[0].upper() + name[1:]
        return ctx.entity("collective", "Collective", name)
    return None


def _subject(tok: Token) -> Token | None:
    t = tok
    for _ in range(3):
        subj = [c for c in t.children if c.dep_ in {"nsubj"}]
        if subj:
            return subj[0]
        if t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"}:
            return t.head
        if t.dep_ in {"advcl", "xcomp", "conj", "ccomp", "relcl"} and t.head is not t:
            if t.dep_ == "relcl" and t.head.pos_ in {"NOUN", "PROPN", "PRON"}:
                return None
            t = t.head
            continue
        return None
    return None


def _attributions(ctx: ExtractionContext, sent: Span) -> list[tuple[URIRef, Token]]:
    found: list[tuple[URIRef, Token]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        speaker_tok = None
        if lemma in REPORT_VERBS and tok.pos_ == "VERB":
            if any(c.dep_ == "auxpass" for c in tok.children):
                continue
            if lemma == "call" and not any(
                c.lower_ in {"for", "on"} or c.dep_ == "oprd" for c in tok.children
            ):
                continue
            speaker_tok = _subject(tok)
        elif tok.lower_ == "according":
            to = [c for c in tok.children if c.lower_ == "to"]
            objs = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
            speaker_tok = objs[0] if objs else None
        if speaker_tok is None:
            continue
        who = _speaker(ctx, speaker_tok)
        if who is not None and all(w != who for w, _ in found):
            found.append((who, tok))
    return found


def _content(sent: Span, verb: Token) -> str:
    comp = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}]
    if comp:
        span = sent.doc[comp[0].left_edge.i : comp[0].right_edge.i + 1]
        text = span.text
    else:
        text = sent.text
    return " ".join(text.split()).strip(" '‘’\"“”")


def _claim(
    ctx: ExtractionContext,
    sent: Span,
    who: URIRef | None,
    content: str,
    q: QuantityMention | None,
    confidence: float,
) -> None:
    node = ctx.new_node("claim")
    g = ctx.g
    g.add((node, RDF.type, NG.Claim))
    if who is not None:
        g.add((node, NG.claimant, who))
    else:
        g.add((node, NG.unattributed, Literal(True)))
    g.add((node, NG.content, Literal(content[:300])))
    for m in QUOTE.finditer(sent.text):
        if len(m.group(1).split()) >= 2:
            g.add((node, NG.quote, Literal(m.group(1))))
    if q is not None:
        g.add((node, NG.quantity, quantity_node(ctx, q)))
    about = _events_in(ctx, sent)
    if not about and q is not None:
        about = _events_with_quantity(ctx, q)
    for ev_iri in about:
        g.add((node, NG.about, ev_iri))
    a = sent.start_char
    b = sent.end_char
    ctx.fact(node, a, b, confidence)
    ctx.stats["claims"] += 1


def _events_in(ctx: ExtractionContext, sent: Span) -> list[URIRef]:
    out = []
    for em, iri in getattr(ctx, "event_list", []):
        if em.sent_start == sent.start_char:
            out.append(iri)
    return out


def _events_with_quantity(ctx: ExtractionContext, q: QuantityMention) -> list[URIRef]:
    """ "'303 defenders are home', he wrote": a claim whose figure an event of the article carries
    (same value, same measure) is about that event."""
    out = []
    for em, iri in getattr(ctx, "event_list", []):
        # the same measure, or a figure distinctive enough (>= 10) that wording differences in
        # what is counted ("defenders" vs "prisoners each") do not matter
        if any(x.value == q.value and (x.measure == q.measure or q.value >= 10) for x in em.quantities):
            out.append(iri)
    return out if len(out) == 1 else []


@register_extractor("claims")
def extract_claims(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    for sent in doc.sents:
        if sent.start in ctx.title_sents or len(sent) < 4:
            continue
        quants = [q for q in ctx.quantities if sent.start <= q.tok < sent.end and q.principal]
        attributions = _attributions(ctx, sent)
        for who, verb in attributions:
            content = _content(sent, verb)
            if quants:
                for q in quants:
                    _claim(ctx, sent, who, content, q, 0.7)
            else:
                _claim(ctx, sent, who, content, None, 0.7)
        if attributions:
            continue
        for q in quants:
            if q.used_by_event:
                continue
            _claim(ctx, sent, None, " ".join(sent.text.split()), q, 0.6)
