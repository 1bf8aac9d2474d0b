"""Counted amounts: "390 prisoners each", "69 missiles and 298 drones", "at least 12", "over 150",
"approximately 50%", "three-day", with a qualifier (ng:Exactly, ng:AtLeast, ng:MoreThan,
ng:Approximately, ng:AtMost), what is counted as worded, and a normalised measure
(reference/measures.csv).  Nodes are written when an event or claim uses them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rdflib import RDF, XSD, Literal, URIRef
from spacy.tokens import Token

from graph import iris
from graph.extract.context import ExtractionContext, QuantityMention
from graph.extract.registry import register_extractor
from graph.namespace import NG

WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
MULTIPLIERS = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
NUMERIC = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
QUALIFIERS = [
    (("at", "least"), NG.AtLeast),
    (("no", "fewer", "than"), NG.AtLeast),
    (("more", "than"), NG.MoreThan),
    (("over",), NG.MoreThan),
    (("above",), NG.MoreThan),
    (("exceeding",), NG.MoreThan),
    (("upwards", "of"), NG.MoreThan),
    (("at", "most"), NG.AtMost),
    (("up", "to"), NG.AtMost),
    (("fewer", "than"), NG.AtMost),
    (("less", "than"), NG.AtMost),
    (("under",), NG.AtMost),
    (("nearly",), NG.AtMost),
    (("almost",), NG.AtMost),
    (("about",), NG.Approximately),
    (("approximately",), NG.Approximately),
    (("around",), NG.Approximately),
    (("roughly",), NG.Approximately),
    (("some",), NG.Approximately),
    (("an", "estimated"), NG.Approximately),
    (("estimated",), NG.Approximately),
    (("exactly",), NG.Exactly),
]
SUBORDINATORS = {"including", "among", "of", "with"}
CLOCK_WORDS = {
    "a.m.",
    "p.m.",
    "am",
    "pm",
    "a.m",
    "p.m",
    "utc",
    "gmt",
    "cet",
    "cest",
    "est",
    "edt",
    "pst",
    "pdt",
}


def parse_number(tok: Token) -> int | Decimal | None:
    text = tok.text.lower()
    if NUMERIC.match(text):
        try:
            value: int | Decimal = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    elif text in WORD_NUMBERS:
        value = Decimal(WORD_NUMBERS[text])
    else:
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in MULTIPLIERS:
        value = value * MULTIPLIERS[nxt.lower_]
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else value


def _qualifier(tok: Token) -> URIRef:
    doc = tok.doc
    before = [doc[k].lower_ for k in range(max(0, tok.i - 3), tok.i)]
    for words, q in QUALIFIERS:
        if tuple(before[-len(words) :]) == words:
            return q
    return NG.Exactly


def _counted(tok: Token) -> Token:
    """The noun a number counts ("390 prisoners" -> prisoners); the number itself if none."""
    head = tok.head
    if tok.dep_ in {"nummod", "quantmod", "compound", "amod", "npadvmod"} and head.pos_ in {"NOUN", "PROPN"}:
        return head
    if tok.i + 1 < len(tok.doc):
        nxt = tok.doc[tok.i + 1]
        if nxt.text in {"%", "-"} or nxt.lower_ in MULTIPLIERS:
            k = tok.i + 2 if nxt.text == "-" else tok.i + 1
            if k < len(tok.doc) and tok.doc[k].pos_ in {"NOUN", "PROPN", "SYM"}:
                return tok.doc[k]
            return nxt
    return tok


def _counts_text(noun: Token, num: Token) -> str:
    if noun.i == num.i:
        return ""
    doc = noun.doc
    left = noun.i
    while left - 1 > num.i and doc[left - 1].dep_ in {"compound", "amod"}:
        left -= 1
    right = noun.i + 1
    if (
        right < len(doc)
        and doc[right].lower_ == "of"
        and right + 1 < len(doc)
        and doc[right + 1].pos_ in {"NOUN", "PROPN"}
    ):
        right += 2
    words = doc[left:right].text
    for c in noun.children:
        if c.lower_ == "each" or (c.dep_ == "conj" and c.pos_ == "NOUN"):
            words += " and " + c.text if c.dep_ == "conj" else " each"
    return words


def _measure(ctx: ExtractionContext, noun: Token, num: Token, lemmas: set[str]) -> tuple[str, str]:
    key_lemma = "%" if noun.text in {"%"} or noun.lower_ in {"percent", "per"} else noun.lemma_.lower()
    # a unit noun such as "day" of "three-day period"
    for md in ctx.gaz.measures:
        if md.counted and key_lemma not in md.counted and noun.lower_ not in md.counted:
            continue
        if md.context and not (set(md.context) & lemmas):
            continue
        if not md.counted and md.key != "count":
            continue
        return md.key, md.unit
    return "count", ""


@register_extractor("quantities")
def extract_quantities(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    date_spans = [(d.start_char, d.end_char) for d in ctx.dates]
    for sent in doc.sents:
        if sent.start in ctx.title_sents:
            continue
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        found: list[QuantityMention] = []
        for tok in sent:
            if not (tok.like_num or tok.lower_ in WORD_NUMBERS):
                continue
            if tok.ent_type_ in {"ORDINAL", "MONEY"} and tok.lower_ not in WORD_NUMBERS:
                continue
            if any(a <= tok.idx < b for a, b in date_spans):
                continue
            if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "for":
                continue  # the second half of "1,000-for-1,000"
            if (
                tok.i >= 1 and doc[tok.i - 1].text in {"-", "–"} and doc[tok.i - 2].like_num
                if tok.i >= 2
                else False
            ):
                continue  # ranges "10-12" keep their first figure
            if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in CLOCK_WORDS:
                continue  # a time of day ("5 p.m.", "2100 UTC"), not a count
            value = parse_number(tok)
            if value is None:
                continue
            if tok.lower_ in WORD_NUMBERS and value < 2:
                continue
            noun = _counted(tok)
            if noun.i == tok.i and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in {"years", "year"}:
                noun = doc[tok.i + 1]
            key, unit = _measure(ctx, noun, tok, lemmas)
            q = QuantityMention(
                tok.i,
                tok.idx,
                tok.idx + len(tok),
                value,
                _qualifier(tok),
                _counts_text(noun, tok),
                key,
                unit or None,
                noun.i,
            )
            found.append(q)
        nouns = {q.noun: q for q in found if q.noun != q.tok}
        for q in found:
            t = doc[q.noun]
            steps = 0
            via_sub = False
            while t.head.i != t.i and steps < 5:
                if t.dep_ == "conj":
                    break
                if t.lower_ in SUBORDINATORS or t.dep_ == "relcl":
                    via_sub = True
                t = t.head
                steps += 1
                other = nouns.get(t.i)
                if other is not None and other is not q and via_sub:
                    q.principal = False
                    break
                if t.lower_ in SUBORDINATORS:
                    via_sub = True
        ctx.quantities.extend(found)


def quantity_node(ctx: ExtractionContext, q: QuantityMention) -> URIRef:
    """The ng:Quantity node of a quantity mention, written on first use."""
    if q.iri is not None:
        return q.iri
    node = ctx.new_node("quantity")
    g = ctx.g
    g.add((node, RDF.type, NG.Quantity))
    if isinstance(q.value, int):
        g.add((node, NG.value, Literal(q.value, datatype=XSD.integer)))
    else:
        g.add((node, NG.value, Literal(q.value, datatype=XSD.decimal)))
    if q.counts:
        g.add((node, NG.counts, Literal(q.counts)))
    measure = iris.entity_iri("measure", q.measure)
    g.add((node, NG.measure, measure))
    if (measure, RDF.type, None) not in ctx.eg:
        md = next((m for m in ctx.gaz.measures if m.key == q.measure), None)
        ctx.eg.add((measure, RDF.type, NG.Measure))
        ctx.eg.add((measure, NG.name, Literal(md.label if md else q.measure)))
    g.add((node, NG.qualifier, q.qualifier))
    if q.unit:
        g.add((node, NG.unit, Literal(q.unit)))
    doc = ctx.doc
    noun = doc[q.noun]
    a = min(q.start_char, noun.idx)
    b = max(q.end_char, noun.idx + len(noun))
    # include the qualifier words before the number
    k = q.tok
    while (
        k > 0
        and doc[k - 1].lower_
        in {
            "at",
            "least",
            "more",
            "than",
            "over",
            "about",
            "approximately",
            "around",
            "nearly",
            "almost",
            "up",
            "to",
            "some",
            "roughly",
            "under",
            "exactly",
        }
        and q.qualifier != NG.Exactly
    ):
        k -= 1
        a = min(a, doc[k].idx)
    ctx.fact(node, a, b, 0.85)
    q.iri = node
    ctx.stats["quantities"] += 1
    return node
