"""Persons, organisations and places: the model's entities plus the gazetteer ruler's, with the
small model's usual confusions fixed, and resolved to one IRI per real-world actor within an
article (surname-only mentions join the full name) and across articles (gazetteer aliases)."""

from __future__ import annotations

import re

from spacy.tokens import Span

from graph.extract.context import ExtractionContext, Mention
from graph.extract.gazetteer import Entry, fold, name_key
from graph.extract.registry import register_extractor

SETTLEMENT_NOUNS = {
    "town",
    "city",
    "village",
    "settlement",
    "region",
    "area",
    "oblast",
    "province",
    "district",
    "locality",
    "community",
    "hamlet",
    "front",
    "direction",
}
PLACE_PREPS = {"in", "near", "across", "to", "from", "around", "outside", "towards", "toward", "into", "at"}
# words that introduce a person's name ("regional governor Oleh Kiper")
PERSON_TITLES = {
    "governor",
    "mayor",
    "minister",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "commander",
    "chief",
    "head",
    "ambassador",
    "envoy",
    "senator",
    "chancellor",
    "premier",
    "secretary",
    "official",
    "adviser",
    "advisor",
    "lawmaker",
    "deputy",
    "colonel",
    "lieutenant",
    "captain",
    "sergeant",
    "prosecutor",
    "judge",
    "patriarch",
    "leader",
}
# words the small model sometimes folds into names
NAME_STOP = {
    "president",
    "minister",
    "former",
    "then",
    "acting",
    "said",
    "says",
    "breaking",
    "news",
    "related",
}
TITLE_HEADS = {
    "minister",
    "ministers",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chief",
    "head",
    "president",
    "commander",
    "envoy",
    "ambassador",
    "official",
    "officials",
}
GENERIC_ORG = re.compile(
    r"^(the\s+)?(war|conflict|invasion|talks|exchange|government|ceasefire|peace|news)$", re.I
)


def _clean(span: Span) -> tuple[int, int]:
    """Token bounds without a leading article and a trailing possessive."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and doc[s].lower_ in {"the", "a", "an"}:
        s += 1
    while e > s and (doc[e - 1].text in {"'s", "’s", "'", "’"} or doc[e - 1].is_punct):
        e -= 1
    return s, e


def _entry_from_id(ctx: ExtractionContext, ent_id: str) -> Entry | None:
    if not ent_id or "|" not in ent_id:
        return None
    kind, name = ent_id.split("|", 1)
    e = ctx.gaz.by_alias.get(fold(name))
    return e if e is not None and e.kind == kind else None


def _looks_like_name(text: str) -> bool:
    toks = text.split()
    if not toks or any(ch.isdigit() for ch in text):
        return False
    if any(t.lower() in NAME_STOP for t in toks):
        return False
    return all(
        t[0].isupper() or t.lower() in {"de", "von", "der", "van", "al", "bin", "la", "le"} for t in toks
    )


@register_extractor("entities")
def extract_entities(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    gaz = ctx.gaz
    persons: list[tuple[int, int, str, Entry | None]] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in {"PERSON", "ORG", "GPE", "LOC", "FAC"}:
            continue
        s, e = _clean(ent)
        if s >= e:
            continue
        text = doc[s:e].text
        entry = _entry_from_id(ctx, ent.ent_id_) or gaz.lookup(text)
        in_title = ent.sent.start in ctx.title_sents
        if entry is None and in_title:
            continue  # title-case headlines fool the model; trust only the gazetteers there
        if entry is not None:
            if entry.kind == "person":
                persons.append((s, e, text, entry))
            else:
                _add(ctx, s, e, text, entry.kind, entry.rdf_type, entry.name, entry)
            continue
        if label == "PERSON":
            if _is_place_in_disguise(ctx, ent):
                _add(ctx, s, e, text, "place", "Place", text, None)
            elif _looks_like_name(text):
                persons.append((s, e, text, None))
        elif label == "ORG":
            if GENERIC_ORG.match(text) or not any(c.isupper() for c in text) or len(text) < 2:
                continue
            if doc[s].pos_ in {"VERB", "ADV"} or doc[e - 1].pos_ in {"VERB", "ADP"}:
                continue
            if e < len(doc) and doc[e].lower_ in TITLE_HEADS:
                continue  # "Defense" of "Defense Minister": part of a title, not an organisation
            if e - s == 1 and s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in TITLE_HEADS:
                continue  # "State" of "Secretary of State"
            _add(ctx, s, e, text, "organization", "Organization", text, None)
        elif label in {"GPE", "LOC"}:
            if not text[0].isupper():
                continue
            if e - s >= 2 and s > 0 and doc[s - 1].lower_ in PERSON_TITLES and _looks_like_name(text):
                persons.append((s, e, text, None))  # "governor Oleh Kiper": a person, not a place
                continue
            _add(ctx, s, e, text, "place", "Place", text, None)
    _resolve_persons(ctx, persons)
    _office_of_person(ctx)
    _drop_title_only(ctx)


def _drop_title_only(ctx: ExtractionContext) -> None:
    """Entities named only in headlines and section titles (often teasers for other stories) are
    not the article's: keep those the body mentions too."""
    in_body = {m.iri for m in ctx.mentions if ctx.doc[m.start].sent.start not in ctx.title_sents}
    if not in_body:
        return
    from graph.extract.context import SDO_MENTIONS

    for m in ctx.mentions:
        if m.iri not in in_body:
            ctx.g.remove((ctx.src, SDO_MENTIONS, m.iri))
    ctx.mentions = [m for m in ctx.mentions if m.iri in in_body]
    ctx.mention_at = {i: m for i, m in ctx.mention_at.items() if m.iri in in_body}
    ctx.entities = {k: v for k, v in ctx.entities.items() if k in in_body}


def _is_place_in_disguise(ctx: ExtractionContext, ent: Span) -> bool:
    """A 'person' listed among places, or after 'in'/'near', is a place."""
    doc = ctx.doc
    if len(ent) > 2:
        return False
    head = ent.root
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in PERSON_TITLES:
        return False  # "regional governor Oleh Kiper"
    if head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according":
        return False  # "according to X": a speaker
    if prev is not None and prev.lower_ in PLACE_PREPS and prev.lower_ != "to":
        return True
    for t in [head, *head.conjuncts]:
        if t.ent_type_ in {"GPE", "LOC"} and t.i not in range(ent.start, ent.end):
            return True
    # "towns like X and Y", "villages such as X", "the village of X"
    first = head
    for _ in range(len(doc)):  # bounded; spaCy tokens compare by index, never by identity
        if first.dep_ != "conj" or first.head.i == first.i:
            break
        first = first.head
    j = first.left_edge.i if first.dep_ != "conj" else first.i
    j = min(j, ent.start)
    prev_words = [doc[k].lemma_.lower() for k in range(max(0, j - 3), j)]
    if (
        prev_words
        and prev_words[-1] in {"like", "including", "as", "of"}
        and any(w in SETTLEMENT_NOUNS for w in prev_words[:-1])
    ):
        return True
    t = head
    for _ in range(4):
        if t.head.i == t.i:
            break
        t = t.head
        if t.lemma_.lower() in SETTLEMENT_NOUNS:
            return True
        if t.dep_ not in {"conj", "pobj", "prep", "appos", "compound"} and t.pos_ not in {"ADP", "PROPN"}:
            break
    return bool(head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPS)


def _add(
    ctx: ExtractionContext,
    s: int,
    e: int,
    text: str,
    kind: str,
    rdf_type: str,
    name: str,
    entry: Entry | None,
) -> Mention:
    iri = ctx.entity(kind, rdf_type, name, entry, alias=text)
    m = Mention(s, e, text, iri, kind, rdf_type, name, entry)
    ctx.add_mention(m)
    return m


def _resolve_persons(ctx: ExtractionContext, persons: list[tuple[int, int, str, Entry | None]]) -> None:
    """Full names first; then surname-only mentions join the full name they end."""
    by_surname: dict[str, tuple[str, Entry | None]] = {}
    for _s, _e, text, entry in sorted(persons, key=lambda p: -len(p[2].split())):
        name = entry.name if entry else text
        if entry is not None:
            for n in [entry.name, *entry.aliases]:
                by_surname.setdefault(name_key(n.split()[-1]), (name, entry))
        if len(text.split()) > 1:
            by_surname.setdefault(name_key(text.split()[-1]), (name, entry))
    for s, e, text, entry in persons:
        name = entry.name if entry else text
        if entry is None:
            key = name_key(text.split()[-1])
            if key in by_surname:
                name, entry = by_surname[key]
        _add(ctx, s, e, text, "person", "Person", name, entry)


def _office_of_person(ctx: ExtractionContext) -> None:
    """ "<head of state>'s office" is the office of that post ("Office of the President of X")."""
    doc = ctx.doc
    for m in list(ctx.mentions):
        if m.kind != "person" or m.end + 1 >= len(doc):
            continue
        if doc[m.end].text not in {"'s", "’s"} or doc[m.end + 1].lower_ != "office":
            continue
        for h in ctx.gaz.offices_of(m.name):
            od = ctx.gaz.office_by_key.get(h.office)
            if od is None or not h.jurisdiction:
                continue
            org = ctx.gaz.lookup(f"Office of the {od.name} of {h.jurisdiction}", "organization")
            if org is not None:
                _add(
                    ctx,
                    m.start,
                    m.end + 2,
                    doc[m.start : m.end + 2].text,
                    "organization",
                    org.rdf_type,
                    org.name,
                    org,
                )
                break
