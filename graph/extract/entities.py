"""Persons, organisations and places: the model's entities plus the gazetteer ruler's, typed by the
evidence the article gives, and resolved to one IRI per real-world actor.

Typing: spaCy's label stands unless the rules have better evidence: a name the article also uses for a
person (its full name, its surname, "X, who ..."), a title before a name ("Prime Minister of India
<name>"), a settlement word or a place preposition, the world's places (ISO 3166, GeoNames).
ORG, PRODUCT, WORK_OF_ART, NORP, EVENT and LAW are never persons on the model's word alone.

Within an article, short forms join the full name: a surname, a first name, first + last of a longer
name ("<first>" and "<first> <middle> <last>"), an acronym and its expansion ("Syrian Democratic
Forces (SDF)"). Across articles, entities meet only by the same normalised name and kind (the IRI is
minted from kind and name), or by a reference row (gazetteer, with its Wikidata id where known); a
person named by one word only, with no full name in the article, stays the article's own. A bare
body name ("Senate", "National Guard", "Parliament") is named with the state that qualifies it in the
text ("Louisiana's National Guard", "the Belarusian KGB") or, failing that, the state the article is
about, so bodies of different states never merge."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graph.extract.context import ExtractionContext, Mention
from graph.extract.names import Entry, fold, name_key
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
# words that introduce a person's name ("regional governor <name>", "Queen <name> II")
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
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "emperor",
    "sheikh",
    "speaker",
    "chairman",
    "chairwoman",
    "chair",
    "mp",
    "congressman",
    "congresswoman",
    "representative",
    "rep.",
    "sen.",
    "gov.",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "candidate",
    "member",
    "director",
    "coach",
    "ceo",
    "executive",
    "sheriff",
    "archbishop",
    "bishop",
    "cardinal",
    "imam",
    "rabbi",
    "commissioner",
    "inspector",
    "superintendent",
    "treasurer",
    "comptroller",
    "auditor",
    "ombudsman",
    "historian",
    "professor",
    "economist",
    "analyst",
    "activist",
    "lawyer",
    "attorney",
    "officer",
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
    "majesty",  # honorifics stand for a name, they are none: "Her Majesty", "His Excellency"
    "highness",
    "excellency",
    "holiness",
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
    r"^(the\s+)?(war|conflict|invasion|talks|exchange|government|ceasefire|peace|news|state|states)$", re.I
)
# words that mark a name as an organisation's, a body's or a facility's rather than a person's
ORG_WORDS = {
    "party", "council", "ministry", "committee", "group", "company", "corporation", "corp", "inc", "ltd",
    "llc", "bank", "university", "college", "school", "agency", "office", "department", "service",
    "services", "forces", "force", "army", "navy", "court", "assembly", "house", "senate", "parliament",
    "congress", "union", "association", "front", "movement", "league", "network", "news", "times", "post",
    "airlines", "airways", "institute", "foundation", "commission", "federation", "organization",
    "organisation", "guard", "police", "bureau", "authority", "board", "club", "fund", "trust", "centre",
    "center", "hospital", "church", "government", "cabinet", "directorate", "brigade", "battalion",
    "regiment", "division", "fleet", "command", "tribunal", "chamber", "society", "alliance",
    "coalition", "camp", "press", "media", "radio", "tv", "television", "channel", "journal", "herald",
    "tribune", "records", "studios", "motors", "holdings", "international", "republic", "kingdom",
    "state", "city", "county", "province", "region", "island", "islands", "river", "valley", "mountains",
    "sea", "ocean", "airport", "station", "street", "square", "bridge", "park", "act", "treaty",
    "store", "stores", "shop", "shops", "market", "supermarket", "mart", "band", "orchestra", "choir",
    "airline", "air", "label", "brewery", "pharmacy", "restaurant", "cafe", "café", "festival",
    "forum", "survey", "patrol", "institution", "clinic", "laboratory", "laboratories",
}  # fmt: skip
# the last word of a facility's name: the facility is a place ("Army Research and Referral Hospital")
FAC_WORDS = {
    "hospital", "airport", "stadium", "arena", "bridge", "prison", "jail", "palace", "hotel", "church",
    "cathedral", "mosque", "temple", "synagogue", "square", "station", "base", "port", "harbour", "harbor",
    "museum", "dam", "tower", "mall", "plant", "camp", "hall",
}  # fmt: skip
# the last word of a law's or a document's name: not an organisation
LAW_WORDS = {
    "act",
    "acts",
    "bill",
    "treaty",
    "amendment",
    "law",
    "accord",
    "accords",
    "convention",
    "charter",
}
# nouns a party adjective qualifies ("Republican senator", "Conservative MP", "the Democratic nomination")
PARTY_MEMBER_NOUNS = {
    "senator", "senators", "mp", "mps", "mep", "meps", "lawmaker", "lawmakers", "legislator", "legislators",
    "congressman", "congresswoman", "congressmen", "congresswomen", "nominee", "nomination", "primary",
    "primaries", "caucus", "whip", "chairman", "chairwoman", "politician", "politicians", "governor",
    "governors", "party", "councillor", "councillors", "councilman", "councilwoman", "committee",
}  # fmt: skip
# words a bare body name is made of: "Senate", "National Guard", "Armed Forces", "Supreme Court",
# "Interior Ministry", "House of Representatives" name a different body in every state
BODY_WORDS = {
    "parliament", "senate", "congress", "assembly", "house", "council", "court", "cabinet", "government",
    "ministry", "army", "navy", "guard", "forces", "force", "police", "legislature", "commission",
    "committee", "chamber", "representatives", "commons", "lords", "supreme", "constitutional", "national",
    "legislative", "federal", "state", "interior", "foreign", "defence", "defense", "justice", "armed",
    "air", "coast", "border", "military", "security", "intelligence", "service", "judiciary", "upper",
    "lower", "high", "central", "election", "electoral", "bank", "treasury", "finance",
    "health", "education", "affairs", "internal", "home", "office", "presidency", "prosecutor", "general",
    "attorney", "department", "agency", "guards", "marines", "gendarmerie", "reserve", "popular",
    "people's", "peoples", "provincial", "regional", "municipal", "city", "county", "district", "of", "the",
    "and", "for", "college", "duma", "diet", "majlis", "knesset", "bundestag", "rada",
}  # fmt: skip
# body words that only qualify another ("National", "Federal", "Foreign" in "Foreign Minister")
BODY_MODIFIERS = {
    "national", "federal", "foreign", "state", "attorney", "district", "supreme", "constitutional",
    "legislative", "internal", "popular", "provincial", "regional", "municipal", "electoral", "election",
    "central", "upper", "lower", "high", "armed", "coast", "border", "general", "interior", "home",
    "defence", "defense", "justice", "finance", "health", "education", "affairs", "security",
    "intelligence", "military", "air", "people's", "peoples", "city", "county", "prosecutor",
}  # fmt: skip
ROMAN = re.compile(r"^[IVX]{1,4}$")
TIME_ZONE = re.compile(r"^(UTC|GMT|EST|EDT|CST|CDT|PST|PDT|CET|CEST|EET|EEST)([+-]\d{1,2}(:\d\d)?)?$")
SPEECH_LEMMAS = {
    "say", "tell", "add", "write", "announce", "state", "claim", "deny", "warn", "comment", "note",
    "tweet", "explain", "argue", "insist", "reply", "respond", "ask", "urge", "accuse", "criticize",
    "criticise", "praise", "call", "vow", "pledge", "describe", "post", "share", "reveal", "confirm",
    "thank", "apologize", "apologise", "congratulate", "react", "mock", "slam", "blast", "publish",
}  # fmt: skip
# labels the model gives names that are not persons
NON_PERSON_LABELS = {"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "EVENT", "LAW", "LANGUAGE", "FAC", "GPE", "LOC"}
# prepositions before a platform or product rather than a person ("via Twitter", "on Safari")
MEDIUM_PREPS = {"via", "on", "through", "using", "onto"}
# what a statement goes out as, on a platform ("a post on Twitter", "a video on YouTube")
MEDIUM_NOUNS = {"post", "message", "video", "statement", "account", "page", "tweet", "livestream", "stream"}
# the last word of a place's name ("General Santos City", "Hudson River")
PLACE_WORDS = {
    "city", "county", "province", "island", "islands", "river", "valley", "mountains", "sea", "ocean",
    "street", "square", "bridge", "park", "airport", "district", "region", "peninsula", "lake", "bay",
    "boulevard", "avenue", "road", "highway",
}  # fmt: skip
NAME_PARTICLES = {"de", "von", "der", "van", "al", "bin", "la", "le", "da", "di", "del", "dos", "el", "ibn"}


@dataclass
class Cand:
    """A candidate mention: token bounds, the model's label, a reference entry where the ruler knew it."""

    start: int
    end: int
    label: str
    entry: Entry | None = None
    origin: str = "model"  # model | title | speaker | acronym | party
    _text: tuple[int, int, str] | None = None

    def text(self, ctx: ExtractionContext) -> str:
        if self._text is not None and self._text[:2] == (self.start, self.end):
            return self._text[2]
        self._text = (self.start, self.end, self._compute_text(ctx))
        return self._text[2]

    def _compute_text(self, ctx: ExtractionContext) -> str:
        span = ctx.doc[self.start : self.end]
        if any(t.text in {"[", "]", "(", ")"} for t in span):  # "[<first> al] <last>" in a quote
            return " ".join(t.text for t in span if t.text not in {"[", "]", "(", ")"})
        return span.text


def _clean(span: Span) -> tuple[int, int]:
    """Token bounds without a leading article and a trailing possessive."""
    s, e = span.start, span.end
    doc = span.doc
    while s < e and doc[s].lower_ in {"the", "a", "an"}:
        s += 1
    while e > s and (doc[e - 1].text in {"'s", "’s", "'", "’"} or doc[e - 1].is_punct):
        e -= 1
    if (
        e - s > 1
        and e < len(doc)
        and doc[e].text == ":"
        and doc[e - 1].lower_ in {"image", "photo", "picture"}
    ):
        e -= 1  # a caption's credit line: "<name> Image: <credit>"
    while s < e and doc[s].is_punct:
        s += 1
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
    if not (toks[0][0].isupper() and toks[-1][0].isupper()):
        return False
    return all(t[0].isupper() or t.lower() in NAME_PARTICLES for t in toks)


def _name_shaped(text: str) -> bool:
    """Two to four capitalised words with no word that marks an organisation or a place."""
    toks = text.split()
    if not 2 <= len(toks) <= 4 or not _looks_like_name(text):
        return False
    if any(t.lower().strip(".,") in ORG_WORDS for t in toks):
        return False
    return not any(t.isupper() and len(t) > 1 for t in toks)  # "ERV", "NBC News"


@register_extractor("entities")
def extract_entities(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    gaz = ctx.gaz
    cands = _candidates(ctx)
    acronyms = _acronyms(ctx, cands)
    evidence = _PersonEvidence(ctx, cands)
    longer = _longer_bodies(ctx, cands)
    persons: list[tuple[int, int, str, Entry | None]] = []
    outlet = fold(ctx.article.outlet or "")
    for c in cands:
        s, e = c.start, c.end
        text = c.text(ctx)
        label = c.label
        if (outlet and fold(text) == outlet) or _not_an_actor(ctx, c, text):
            continue
        in_title = doc[s].sent.start in ctx.title_sents
        entry = c.entry
        if entry is None and c.origin == "model":
            entry = gaz.lookup(text, world=label in {"GPE", "LOC"})
        if label == "NORP" and (entry is None or entry.kind != "person"):
            _norp(ctx, c, text)
            continue  # a state's adjective is not a mention of the state
        if label == "PERSON" and not evidence.strong(text) and _is_place_in_disguise(ctx, doc[s:e]):
            _add(ctx, s, e, text, "place", "Place", text, None)
            continue
        if entry is not None and entry.origin != "reference" and evidence.is_person(c, text):
            entry = None  # "<surname that is also a city> said": a person the article names
        if entry is None and in_title:
            continue  # title-case headlines fool the model; trust only the gazetteers there
        if entry is not None:
            if entry.kind == "person":
                persons.append((s, e, text, entry))
            elif entry.kind == "place" and entry.origin != "reference":
                _add(ctx, s, e, text, "place", "Place", text, entry)  # the article's spelling
            else:
                _add(ctx, s, e, text, entry.kind, entry.rdf_type, entry.name, entry)
            continue
        acr = acronyms.get(text) if text.isupper() else None
        if acr is not None and c.origin != "acronym":
            kind, rdf, name = acr
            if kind == "law":
                continue  # the acronym of a law the article expands
            _add(ctx, s, e, text, kind, rdf, name, gaz.lookup(name, kind, world=False))
            continue
        if evidence.is_person(c, text):
            persons.append((s, e, text, None))
            continue
        if label == "PERSON":
            if (evidence.place_vote(text) and not evidence.strong(text)) or doc[e - 1].lower_ in PLACE_WORDS:
                _add(ctx, s, e, text, "place", "Place", text, None)  # the model says place elsewhere
            elif (e - s > 1 and any(t.lower_ in ORG_WORDS for t in doc[s:e])) or _apposition(
                doc, c
            ) in ORG_WORDS:
                _organization(ctx, c, text)  # "App Store", "Wagner Group": a word of an organisation's name
            elif _looks_like_name(text) and not evidence.not_a_person(c, text):
                persons.append((s, e, text, None))
        elif label == "ORG":
            _organization(ctx, c, text, longer)
        elif label in {"GPE", "LOC", "FAC"}:
            if not text[0].isupper():
                continue
            root = doc[s:e].root
            if label == "FAC" and root.dep_ == "compound" and root.head.pos_ == "NOUN":
                continue  # "his Truth Social platform": a brand or a product, not a place
            if e - s >= 2 and s > 0 and doc[s - 1].lower_ in PERSON_TITLES and _name_shaped(text):
                persons.append((s, e, text, None))  # "governor <name>": a person, not a place
                continue
            _add(ctx, s, e, text, "place", "Place", text, None)
    _untagged_parties(ctx)
    _bodies_of_places(ctx)
    _resolve_persons(ctx, persons)
    _office_of_person(ctx)
    _drop_title_only(ctx)


def _apposition(doc: Doc, c: Cand) -> str:
    """The head noun of an apposition right after a name ("<name>, a fire service spokesman," ->
    "spokesman"; "<name>, a company based in Ohio," -> "company"), lower-cased; "" where none."""
    if c.end + 1 >= len(doc) or doc[c.end].text != "," or doc[c.end + 1].lower_ not in {"a", "an", "the"}:
        return ""
    for t in doc[c.end + 2 : min(c.end + 8, len(doc))]:
        if t.is_punct:
            break
        if t.dep_ == "appos" and c.start <= t.head.i < c.end and t.tag_ in {"NN", "NNS"}:
            return t.lower_
    return ""


def _not_an_actor(ctx: ExtractionContext, c: Cand, text: str) -> bool:
    """Names of no actor or place in the story: a disease or a virus ("COVID-19"), a time zone after a
    clock time ("2100 UTC"), a platform a statement went out on ("wrote on Twitter", "via Twitter"), a
    common noun the model took for a name ("Photographs showed ...")."""
    doc = ctx.doc
    s, e = c.start, c.end
    if c.entry is not None and c.entry.origin == "reference":
        return False
    if any(len(t.text) > 1 and ("[" in t.text or "]" in t.text) for t in doc[s:e]):
        return True  # "I]t", "W]e": an editor's bracket in a quotation
    if re.search(r"[A-Za-z]-?\d", text) and ("-" in text or c.label != "ORG"):
        return True  # "COVID-19", "R0", "MH17": a disease, a measure, a code; no person or place
    if s > 0 and (doc[s - 1].ent_type_ == "TIME" or re.match(r"^\(?\d{3,4}$|^\d+(:\d+)+$", doc[s - 1].text)):
        return True
    if TIME_ZONE.match(text):
        return True  # "UTC", "GMT+2": a clock, never an actor
    if doc[s].lower_ in {"hurricane", "typhoon", "cyclone", "storm"} and e - s > 1:
        return True  # "Typhoon <name>": a storm, an event, no actor or place
    if (
        e - s == 1
        and text[:1].isupper()
        and re.search(rf"\b(Hurricane|Typhoon|Cyclone|Storm) {re.escape(text)}\b", ctx.text)
    ):
        return True  # "<name> was forecast to ..." after "Hurricane <name>": the storm again
    root = doc[s:e].root
    if root.dep_ == "pobj" and root.head.lower_ in MEDIUM_PREPS and root.head.lower_ != "through":
        verb = root.head.head
        if verb.lemma_.lower() in SPEECH_LEMMAS | MEDIUM_NOUNS:
            return True
    return c.label == "PERSON" and e - s == 1 and doc[s].tag_ in {"NNS", "NN"} and c.origin == "model"


# --- candidates -----------------------------------------------------------------------------------


def _candidates(ctx: ExtractionContext) -> list[Cand]:
    """The model's and the ruler's entities, cleaned and mended (adjacent pieces of one name joined,
    regnal numbers kept), plus names the model missed after a title or before a verb of saying."""
    doc = ctx.doc
    raw: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ not in {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"}:
            continue
        s, e = _clean(ent)
        if s >= e:
            continue
        if ent.label_ == "ORG" and any(t.text == "," for t in doc[s:e]):
            # "the Armed Forces, National Guard": a list the model took for one name
            k = s
            for j in [*(t.i for t in doc[s:e] if t.text == ","), e]:
                a, b = k, j
                while a < b and doc[a].lower_ in {"and", "the", "or"}:
                    a += 1
                if a < b:
                    raw.append(Cand(a, b, ent.label_))
                k = j + 1
            continue
        if (
            ent.label_ in {"ORG", "GPE", "NORP"}
            and 3 <= e - s <= 4
            and _is_title_word(doc[s].lower_)
            and _name_shaped(doc[s + 1 : e].text)
        ):
            raw.append(Cand(s + 1, e, "PERSON", origin="title"))  # "Historian <name>"
            continue
        if e - s >= 3 and (
            ent.label_ == "PERSON"
            or (ent.label_ in {"ORG", "GPE"} and s >= 2 and _is_title_word(doc[s - 2].lower_))
        ):
            k, place = _name_start(ctx, s, e)
            if k > s and (place or ent.label_ == "PERSON"):
                if place:  # "Mayor of <city> <name>": the city keeps a mention of its own
                    raw.append(Cand(s, k, "GPE"))
                raw.append(Cand(k, e, "PERSON", origin="model" if ent.label_ == "PERSON" else "title"))
                continue
        raw.append(Cand(s, e, ent.label_, _entry_from_id(ctx, ent.ent_id_)))
    out: list[Cand] = []
    for c in raw:
        prev = out[-1] if out else None
        pair = (prev.label, c.label) if prev is not None else None
        if (
            prev is not None
            and prev.end == c.start
            and c.label == "PERSON"
            and prev.label in {"GPE", "LOC"}
            and prev.end - prev.start == 1
            and prev.entry is None
            and doc[prev.start].is_title
            and doc[prev.start].lower_ not in ORG_WORDS | BODY_WORDS
            and (prev.start == 0 or doc[prev.start - 1].lower_ not in {"of", "in", "to", "from", "at"})
            and ctx.gaz.jurisdiction(doc[prev.start].text) is None
        ):
            pair = ("PERSON", "PERSON")  # "<first>" + "<last>": a first name the model took for a place
        if (
            prev is not None
            and prev.end == c.start
            and "\n" not in doc[prev.start : c.end].text
            and (
                pair == ("PERSON", "PERSON")
                or (pair in {("ORG", "ORG"), ("ORG", "FAC")} and prev.entry is None and c.entry is None)
            )
        ):
            prev.end = c.end  # "the Army's Research and" + "Referral Hospital"; "<first>" + "<last>"
            prev.label = c.label
            prev.entry = ctx.gaz.lookup(doc[prev.start : prev.end].text, "person", world=False)
            if pair != ("PERSON", "PERSON"):
                prev.entry = None
            continue
        if c.label == "PERSON" and c.end < len(doc) and ROMAN.match(doc[c.end].text):
            c.end += 1  # "<name> II"
        out.append(c)
    taken = {i for c in out for i in range(c.start, c.end)}
    out.extend(_missed_names(ctx, taken))
    out.extend(_missed_bodies(ctx, taken))
    return sorted(out, key=lambda c: c.start)


def _name_start(ctx: ExtractionContext, s: int, e: int) -> tuple[int, bool]:
    """Where the name starts in a model PERSON span that a title opens ("King <name>", "Crown Prince
    <name>", "Immunologist <name>": news names the person without the title) or that the place of a
    title before it opens ("Mayor of <city> <name>"); the rest must be a name of two words or more.
    Returns (start, whether a place was cut off); (s, False) where nothing is cut."""
    doc = ctx.doc
    best = (s, False)
    for k in range(s + 1, min(s + 3, e - 1)):
        if not _name_shaped(doc[k:e].text):
            continue
        word = doc[k - 1].lower_
        if _is_title_word(word) or word.endswith("ologist"):
            best = (k, False)
        elif (
            best[0] == s
            and s > 0
            and doc[s - 1].lower_ == "of"
            and doc[s].is_title
            and ctx.gaz.jurisdiction(doc[s:k].text) is not None
        ):
            best = (k, True)
    return best


def _is_title_word(word: str) -> bool:
    return word in PERSON_TITLES or (word.endswith("s") and word[:-1] in PERSON_TITLES)


def _title_before(doc: Doc, i: int) -> bool:
    """A title word ends right before token i, or a title and its "of/to [the] X" complement do
    ("Prime Minister of India <name>", "Ambassador to the United Nations <name>")."""
    if i <= 0:
        return False
    if _is_title_word(doc[i - 1].lower_):
        return True
    if doc[i - 1].lower_ in {"the", "of", "to", "for"}:
        return False  # "a member of the Rajya Sabha": the complement itself, not a name after it
    j = i - 1
    steps = 0
    while j > 0 and steps < 6 and (doc[j].ent_iob_ != "O" or doc[j].is_title) and not doc[j].is_punct:
        j -= 1
        steps += 1
    while j > 0 and doc[j].lower_ in {"the", "of", "to", "for"}:
        j -= 1
    return j < i - 1 and doc[j].lower_ in PERSON_TITLES and doc[j + 1].lower_ in {"of", "to", "for", "the"}


def _missed_names(ctx: ExtractionContext, taken: set[int]) -> list[Cand]:
    """Runs of capitalised proper nouns the model left untagged, typed as persons where the wording
    says so: a title before them ("Queen <name> II", "Prime Minister of India <name>") or a
    verb of saying after two or three of them ("<first> <last> from the pro-Beijing camp said")."""
    doc = ctx.doc
    out: list[Cand] = []
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        if i in taken or t.pos_ != "PROPN" or not t.is_title or t.ent_iob_ != "O":
            i += 1
            continue
        j = i
        while (
            j < n
            and j - i < 4
            and j not in taken
            and doc[j].ent_iob_ == "O"
            and ((doc[j].pos_ == "PROPN" and doc[j].is_title) or (j > i and ROMAN.match(doc[j].text)))
            and "\n" not in doc[j].whitespace_
        ):
            j += 1
        while i < j - 1 and doc[i].lower_ in PERSON_TITLES:
            i += 1  # "Queen <name> II": the title opens the run
        text = doc[i:j].text
        if doc[i].sent.start not in ctx.title_sents and _looks_like_name(text):
            if any(w.lower() in ORG_WORDS or w.lower() in PERSON_TITLES for w in text.split()):
                pass
            elif doc[j].ent_type_ == "PERSON" if j < n else False:
                pass  # "Chief Executive <name>": the run ends the title, the name follows
            elif _title_before(doc, i) and (j - i >= 2 or doc[i - 1].is_title):
                out.append(Cand(i, j, "PERSON", origin="title"))
            elif (
                j - i >= 2
                and _speaker_of_saying(doc[j - 1])
                and (i == 0 or (doc[i - 1].ent_iob_ == "O" and not doc[i - 1].is_title))
            ):  # not "the U.S. Geological Survey has said": the end of a longer name
                out.append(Cand(i, j, "PERSON", origin="speaker"))
        i = max(j, i + 1)
    return out


def _missed_bodies(ctx: ExtractionContext, taken: set[int]) -> list[Cand]:
    """Body names the model left untagged after a state that qualifies them: "the U.S. Senate", "a vote
    in the U.S. House", "the U.S. Electoral College"."""
    doc = ctx.doc
    out: list[Cand] = []
    for ent in doc.ents:
        if ent.label_ not in {"GPE", "NORP"} or ctx.gaz.country(ent.text) is None:
            continue
        i = j = ent.end
        while j < len(doc) and j - i < 5 and j not in taken and doc[j].ent_iob_ == "O":
            w = doc[j]
            if not (w.is_title or (j > i and w.lower_ == "of")) or w.lower_ not in BODY_WORDS:
                break
            j += 1
        while j > i and doc[j - 1].lower_ == "of":
            j -= 1
        if (
            j == i
            or doc[ent.start].sent.start in ctx.title_sents
            or (doc[j - 1].lower_ in BODY_MODIFIERS and doc[j - 2].lower_ != "of")
        ):
            continue  # "the U.S. Federal government", "Greek Foreign Minister": a modifier, no body
        nxt = doc[j] if j < len(doc) else None
        if nxt is not None and (
            (nxt.is_title and not nxt.is_sent_start and nxt.pos_ in {"PROPN", "NOUN"})
            or nxt.lower_ in PERSON_TITLES | TITLE_HEADS
            or (nxt.lower_ in {"of", "on"} and j + 1 < len(doc) and doc[j + 1].is_title)
        ):
            continue  # part of a longer name or a title: "U.S. Attorney Bash", "the U.S. House Select
            # Committee", "the United States Department of Transportation", "U.S. District Judge"
        out.append(Cand(i, j, "ORG", origin="body"))
    return out


def _speaker_of_saying(tok: Token) -> bool:
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_LEMMAS


def _acronyms(ctx: ExtractionContext, cands: list[Cand]) -> dict[str, tuple[str, str, str]]:
    """ "Long Name (LN)": the acronym names what the long name names, anywhere in the article. The long
    name takes the type of the model's entity it overlaps; the candidates it covers give way to it."""
    doc = ctx.doc
    out: dict[str, tuple[str, str, str]] = {}
    texts = [t.text for t in doc]
    for k in range(2, len(doc) - 1):
        acr = texts[k]
        if texts[k - 1] != "(" or texts[k + 1] != ")" or not (acr.isupper() and acr.isalpha()):
            continue
        if not 2 <= len(acr) <= 6:
            continue
        j = k - 1
        letters: list[str] = []
        start = None
        while j > 0 and len(letters) <= len(acr):
            j -= 1
            w = doc[j]
            if w.lower_ in {"of", "and", "for", "the", "&", "de", "on"} and letters:
                continue
            if not w.is_title and not w.is_upper:
                break
            letters.insert(0, w.text[0].upper())
            if "".join(letters) == acr:
                start = j
                break
        if start is None:
            continue
        over = [c for c in cands if c.start < k - 1 and c.end > start and c.origin != "acronym"]
        words = [t.lower_ for t in doc[start : k - 1]]
        if words[-1] in LAW_WORDS:
            for c in over:  # "the Digital Millennium Copyright Act (DMCA)": a law, no actor or place
                cands.remove(c)
            out[acr] = ("law", "", doc[start : k - 1].text)
            continue
        # the model's label of the longest piece it saw ("Association of America": not "America")
        model = [c for c in over if c.origin == "model"]
        label = max(model, key=lambda c: c.end - c.start).label if model else ""
        if label in {"", "NORP"} or (
            label in {"GPE", "LOC"} and any(w in ORG_WORDS - set(PLACE_WORDS) for w in words[1:])
        ):  # "the Syrian Democratic Forces (SDF)": the model saw only "Syrian"
            label = "ORG" if any(w in ORG_WORDS for w in words) else ""
        kind, rdf = {
            "ORG": ("organization", "Organization"),
            "GPE": ("place", "Place"),
            "LOC": ("place", "Place"),
            "FAC": ("place", "Place"),
        }.get(label, ("", ""))
        if not kind:
            continue
        name = doc[start : k - 1].text
        entry = ctx.gaz.lookup(name, kind, world=False)
        if entry is not None:
            kind, rdf, name = entry.kind, entry.rdf_type, entry.name
        out[acr] = (kind, rdf, name)
        for c in over:
            cands.remove(c)
        cands.append(Cand(start, k - 1, label, entry, origin="acronym"))
    cands.sort(key=lambda c: c.start)
    return out


class _PersonEvidence:
    """What the article says about which names are persons: full names the model tags as persons,
    the parts of those names, and the gazetteer's persons it mentions."""

    def __init__(self, ctx: ExtractionContext, cands: list[Cand]) -> None:
        self.ctx = ctx
        self.full: set[str] = set()
        self.parts: set[str] = set()
        self.strong_parts: set[str] = set()
        self.spans: dict[str, list[Cand]] = {}
        self.votes: dict[str, Counter[str]] = {}
        for c in cands:
            text = c.text(ctx)
            self.votes.setdefault(name_key(text), Counter())[c.label] += 1
            self.spans.setdefault(name_key(text), []).append(c)
        for c in cands:
            text = c.text(ctx)
            if c.entry is not None and c.entry.kind == "person":
                names = [c.entry.name, *c.entry.aliases]
            elif c.label == "PERSON" and _looks_like_name(text) and len(text.split()) > 1:
                names = [text]
            else:
                continue
            for n in names:
                key = name_key(n)
                toks = key.split()
                if c.entry is None and set(self.votes.get(key, ())) & {"GPE", "LOC", "FAC"}:
                    continue  # "Maidan Wardak": a place the model also calls a person
                if c.entry is None and any(t.lower_ in ORG_WORDS for t in ctx.doc[c.start : c.end]):
                    continue  # "App Store"
                if len(toks) > 1:
                    self.full.add(key)
                self.strong_parts.update(t for t in toks if t not in NAME_PARTICLES and len(t) > 1)
        self.parts.update(self.strong_parts)
        for key, votes in self.votes.items():
            if len(key.split()) == 1 and votes["PERSON"] and not (set(votes) & NON_PERSON_LABELS):
                self.parts.add(key)

    def strong(self, text: str) -> bool:
        """A part of a longer name the article gives a person ("<last>" of "<first> al-<last>"), or a full
        name whose surname the article then uses alone for a person ("<first> <last>" ... "<last>")."""
        key = name_key(text)
        toks = key.split()
        if len(toks) == 1:
            return key in self.strong_parts
        return key in self.full and self.votes.get(toks[-1], Counter())["PERSON"] > 0

    def place_vote(self, text: str) -> bool:
        return bool(set(self.votes.get(name_key(text), ())) & {"GPE", "LOC"})

    def is_person(self, c: Cand, text: str) -> bool:
        """Evidence beyond the label that a name is a person's."""
        doc = self.ctx.doc
        if c.label == "PERSON":
            return c.origin != "model"  # the model's persons are weighed by the caller
        key = name_key(text)
        toks = key.split()
        if not toks or not _looks_like_name(text):
            return False
        if key in self.full:
            return True
        if len(toks) == 1:
            return c.label != "PERSON" and key in self.parts and not doc[c.start].is_upper
        if not _name_shaped(text):
            return False
        if any(t in self.parts for t in toks[1:]):
            return True  # "<first> <last>" beside "<other first> <last>"
        if c.end + 1 < len(doc) and doc[c.end].text == "," and doc[c.end + 1].lower_ == "who":
            return True  # "<name>, who was arrested"
        if _apposition(doc, c) in PERSON_TITLES | TITLE_HEADS:
            return True  # "<name>, a fire service spokesman, told ...": the apposition gives a title
        return _title_before(doc, c.start)

    def not_a_person(self, c: Cand, text: str) -> bool:
        """A one-word 'person' the article also types otherwise, or uses as a medium or a modifier:
        "via Twitter", "the <surname> affair", "Brexit" tagged ORG once and PERSON elsewhere."""
        key = name_key(text)
        doc = self.ctx.doc
        if len(key.split()) > 1:  # "Witch Hunt garbage": every use a modifier of a common noun
            uses = [doc[x.end - 1] for x in self.spans.get(key, [c])]
            return all(t.dep_ in {"compound", "amod"} and t.head.pos_ == "NOUN" for t in uses)
        if key in self.full or any(f.split()[-1] == key for f in self.full):
            return False
        votes = self.votes.get(key, Counter())
        if set(votes) & NON_PERSON_LABELS:
            return True
        tok = self.ctx.doc[c.end - 1]
        if tok.dep_ == "pobj" and tok.head.lower_ in MEDIUM_PREPS:
            return True
        word = tok.text
        if (len(word) > 1 and word.isupper()) or word.lower().endswith("ly"):
            return True  # "LEFT", "MAGA"; "Morally", "Majorly": no one's name
        if re.search(r"[a-z][A-Z]", word) and not word.startswith(("Mc", "Mac", "De", "Di", "La", "Le")):
            return True  # "SpaceX", "LibrePlanet": a brand's spelling
        if c.start == tok.sent.start and not _speaker_of_saying(tok):
            # "Findings show ...", "Attendance was ...": a capitalised first word, unless the article
            # also uses the name in mid-sentence
            others = [x for x in self.spans.get(key, []) if x.start != self.ctx.doc[x.start].sent.start]
            if not others:
                return True
        return tok.dep_ in {"compound", "amod"} and tok.head.pos_ == "NOUN"


# --- organisations and groups ---------------------------------------------------------------------


def _longer_bodies(ctx: ExtractionContext, cands: list[Cand]) -> dict[str, Cand]:
    """One-word body names the article also gives in full: "the House" after "the House of
    Representatives", "Congress" after "the Indian National Congress", "the council" after "the
    Legislative Council" (the shortest full name that starts with the word, else the only one that
    contains it)."""
    full: dict[str, Cand] = {}
    doc = ctx.doc
    for c in cands:
        if c.label == "ORG" and c.entry is None and c.end - c.start > 1:
            if doc[c.start].lower_ in PERSON_TITLES | TITLE_HEADS or doc[c.end - 1].lower_ in {"of", "the"}:
                continue  # "Member of Parliament" is a title; "Parliament of the" a broken piece
            full.setdefault(c.text(ctx), c)
    names = sorted(full, key=len)
    out: dict[str, Cand] = {}
    for w in {c.text(ctx) for c in cands if c.label == "ORG" and c.end - c.start == 1}:
        if w.lower() not in BODY_WORDS:
            continue
        starts = [n for n in names if n.split()[0] == w and "," not in n]
        contains = [n for n in names if w in n.split() and "," not in n]
        if starts:
            out[w] = full[starts[0]]
        elif len(contains) == 1:
            out[w] = full[contains[0]]
    return out


def _organization(ctx: ExtractionContext, c: Cand, text: str, longer: dict[str, Cand] | None = None) -> None:
    doc = ctx.doc
    s, e = c.start, c.end
    if not any(ch.isupper() for ch in text):
        # "the ministry of internal affairs of Belarus": a body in lower case, named with its state
        state, qe = _post_qualifier(ctx, e)
        words = text.split()
        if state and len(words) >= 2 and all(w in BODY_WORDS for w in words):
            titled = " ".join(w if w in {"of", "the", "and", "for"} else w.capitalize() for w in words)
            key = f"{titled} of {state}"
            entry = ctx.gaz.lookup(key, "organization", world=False)
            name = entry.name if entry else titled
            _add(ctx, s, e, doc[s:qe].text, "organization", "Organization", name, entry, key=key)
        return
    if GENERIC_ORG.match(text) or len(text) < 2:
        return
    if doc[s].pos_ in {"VERB", "ADV"} or doc[e - 1].pos_ in {"VERB", "ADP", "CCONJ", "DET"}:
        return
    if e < len(doc) and doc[e].lower_ in TITLE_HEADS:
        return  # "Defense" of "Defense Minister": part of a title, not an organisation
    if e - s == 1 and s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in TITLE_HEADS:
        return  # "State" of "Secretary of State"
    last = doc[e - 1].lower_
    if last in LAW_WORDS:
        return  # "the Tenure of Office Act": a law
    if e - s > 2 and doc[s].lower_ in PERSON_TITLES | TITLE_HEADS and doc[s + 1].lower_ == "of":
        return  # "Member of Parliament": a title
    if e - s == 1 and s == doc[s].sent.start and re.match(r"^[A-Z][a-z]+[^s]s$", text):
        return  # "Analysts said ...", "Reports suggest ...": a plural common noun opening a sentence
    fc = (longer or {}).get(text)
    if fc is not None:
        state, _ = _qualifier(ctx, s)
        full = fc.text(ctx)
        key, _alias = _body_name(ctx, fc.start, fc.end, full)
        if state is not None:  # "the U.S. House" after "the U.S. House of Representatives"
            words = full.lower().split()
            key = f"{full} of {state}" if all(w in BODY_WORDS for w in words) else full
            text = _qualifier_text(ctx, s, e)
        entry = ctx.gaz.lookup(key, "organization", world=False)
        if entry is not None:
            _add(ctx, s, e, text, entry.kind, entry.rdf_type, entry.name, entry)
        else:
            _add(ctx, s, e, text, "organization", "Organization", full, None, key=key)
        return
    if last in FAC_WORDS and e - s > 1:
        _add(ctx, s, e, text, "place", "Place", text, None)
        return
    if s > 0 and doc[s - 1].lower_ in PLACE_PREPS - {"to", "from"}:
        place = ctx.gaz.place(text)
        if place is not None:  # "in Ghazni", "in Davao del Sur": the model's ORG is a place the world knows
            _add(ctx, s, e, text, "place", "Place", text, place)
            return
    key, alias = _body_name(ctx, s, e, text)
    entry = ctx.gaz.lookup(key, "organization", world=False)
    if entry is None and key == text:
        entry = ctx.gaz.lookup(alias, "organization", world=False)
    if entry is not None:
        _add(ctx, s, e, alias, entry.kind, entry.rdf_type, entry.name, entry)
    else:
        _add(ctx, s, e, alias, "organization", "Organization", text, None, key=key)


def _qualifier(ctx: ExtractionContext, s: int) -> tuple[str | None, int]:
    """The state or sub-national unit named right before token s ("Belarusian KGB", "U.S. Senate",
    "Louisiana's National Guard"), and where that qualifier starts."""
    doc = ctx.doc
    if s == 0:
        return None, s
    j = s
    if doc[s - 1].text in {"'s", "’s"}:
        j = s - 1
    if j == 0 or doc[j - 1].ent_iob_ == "O":
        return None, s
    k = j - 1
    while k > 0 and doc[k].ent_iob_ == "I":
        k -= 1
    words = doc[k:j].text
    if doc[k].lower_ == "the":
        words = doc[k + 1 : j].text
    e = ctx.gaz.jurisdiction(words)
    if e is None:
        return None, s
    return e.name, k


def _post_qualifier(ctx: ExtractionContext, e: int) -> tuple[str | None, int]:
    """The state named right after token e ("... of Belarus"), and where that phrase ends."""
    doc = ctx.doc
    if e + 1 >= len(doc) or doc[e].lower_ != "of" or doc[e + 1].ent_iob_ != "B":
        return None, e
    k = e + 2
    while k < len(doc) and doc[k].ent_iob_ == "I":
        k += 1
    j = ctx.gaz.jurisdiction(doc[e + 1 : k].text)
    return (j.name, k) if j is not None else (None, e)


def _qualifier_text(ctx: ExtractionContext, s: int, e: int) -> str:
    _, qs = _qualifier(ctx, s)
    text = ctx.doc[qs:e].text
    return text[4:] if text.lower().startswith("the ") else text


def _body_name(ctx: ExtractionContext, s: int, e: int, text: str) -> tuple[str, str]:
    """The key that identifies a body, and the alias the text gives it. A bare body name ("Senate",
    "National Guard", "Armed Forces") is keyed with its state: the one the text puts before or after it
    ("U.S. Senate", "Louisiana's National Guard", "... of Belarus"), else the state the article is
    about; never one state by default. Bodies of different states so never share an IRI."""
    doc = ctx.doc
    state, qs = _qualifier(ctx, s)
    if state is None:
        state, _ = _post_qualifier(ctx, e)
    words = [t.lower_ for t in doc[s:e]]
    bare = all(w in BODY_WORDS for w in words) and any(w not in {"of", "the", "and", "for"} for w in words)
    alias = doc[qs:e].text if state else text
    if alias.lower().startswith("the "):
        alias = alias[4:]
    if not bare:
        return text, alias
    state = state or ctx.article_state()
    if state is None:
        return text, alias
    return f"{text} of {state}", alias


def _norp(ctx: ExtractionContext, c: Cand, text: str) -> None:
    """A group word is an organisation where it names a party ("Republican senator", "Conservative MP",
    "the Democratic nomination"), a place where the world knows it as one and the text uses it so."""
    doc = ctx.doc
    s, e = c.start, c.end
    if ctx.gaz.country(text) is not None or doc[s].sent.start in ctx.title_sents:
        return
    nxt = doc[e] if e < len(doc) else None
    tok = doc[e - 1]
    if (
        e - s == 1
        and text[0].isupper()
        and text.lower().endswith(("ic", "an", "ive", "ist", "our", "al", "ite"))
        and ((nxt is not None and nxt.lower_ in PARTY_MEMBER_NOUNS) or tok.head.lower_ in PARTY_MEMBER_NOUNS)
    ):
        name = f"{text} Party"
        entry = ctx.gaz.lookup(name, "organization", world=False)
        _add(ctx, s, e, text, "organization", "Organization", entry.name if entry else name, entry)
        return
    if s > 0 and doc[s - 1].lower_ in PLACE_PREPS:
        place = ctx.gaz.place(text)
        if place is not None:  # "in Raqqa"
            _add(ctx, s, e, text, "place", "Place", text, place)


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
    if prev is not None and _is_title_word(prev.lower_):
        return False  # "regional governor <name>", "Senators <name> and ..."
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
    if head.dep_ != "pobj" or head.head.lower_ not in PLACE_PREPS:
        return False
    if head.head.lower_ in {"to", "from"} and _name_shaped(ent.text):
        # "went to <first> <last>", "speaking to <first> <last>": a full name after these is a
        # person's unless the world knows it as a place; one word ("to Moon") stays a place
        return ctx.gaz.place(ent.text) is not None or ctx.gaz.country(ent.text, adjectives=False) is not None
    return True


def _add(
    ctx: ExtractionContext,
    s: int,
    e: int,
    text: str,
    kind: str,
    rdf_type: str,
    name: str,
    entry: Entry | None,
    key: str | None = None,
) -> Mention:
    iri = ctx.entity(kind, rdf_type, name, entry, alias=text, key=key)
    m = Mention(s, e, text, iri, kind, rdf_type, name, entry)
    ctx.add_mention(m)
    return m


def _resolve_persons(ctx: ExtractionContext, persons: list[tuple[int, int, str, Entry | None]]) -> None:
    """Full names first; a shorter form joins the longer name whose words it repeats in order (surname,
    first name, first + last of a longer name). Where several could, the one the article introduced
    first: news gives a relative's full name ("his son <name>") and goes on calling its
    subject by the surname."""
    fulls: list[tuple[int, list[str], str, Entry | None]] = []
    for s, _e, text, entry in persons:
        name = entry.name if entry else text
        keys = name_key(name).split()
        if entry is not None:
            for n in [entry.name, *entry.aliases]:
                fulls.append((s, name_key(n).split(), name, entry))
        elif len(keys) > 1:
            fulls.append((s, keys, name, None))
    for s, e, text, entry in persons:
        name = entry.name if entry else text
        if entry is None and fulls:
            keys = [k for k in name_key(text).split() if k not in NAME_PARTICLES]
            best: tuple[int, str, Entry | None] | None = None
            for fs, fkeys, fname, fentry in fulls:
                if len(fkeys) <= len(keys) or not _in_order(keys, fkeys):
                    continue
                rank = fs if fs <= s else 10**6 + fs  # the first introduced before, else after
                if best is None or rank < best[0] or (rank == best[0] and len(fname) > len(best[1])):
                    best = (rank, fname, fentry)
            if best is not None:
                _, name, entry = best
        # one word and no full name anywhere: too little to be the same person as another article's
        key = f"{name} {ctx.sid}" if entry is None and len(name.split()) == 1 else None
        _add(ctx, s, e, text, "person", "Person", name, entry, key=key)


def _in_order(short: list[str], full: list[str]) -> bool:
    it = iter(full)
    return bool(short) and all(any(k == f for f in it) for k in short)


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


def _untagged_parties(ctx: ExtractionContext) -> None:
    """A capitalised party adjective the model left untagged, before a politician's noun: "Conservative
    MP Philip Hammond", "Labour leader", "Republican senators"."""
    doc = ctx.doc
    words = [t.lower_ for t in doc]
    for i in range(len(doc) - 1):
        if words[i + 1] not in PARTY_MEMBER_NOUNS or not words[i].endswith(("ic", "an", "ive", "ist", "our")):
            continue
        tok, nxt = doc[i], doc[i + 1]
        if (
            tok.ent_iob_ != "O"
            or tok.i in ctx.mention_at
            or not tok.is_title
            or (tok.is_sent_start and not nxt.is_upper)
            or tok.pos_ not in {"PROPN", "ADJ"}
            or tok.lower_ in BODY_WORDS
            or not tok.lower_.endswith(("ic", "an", "ive", "ist", "our"))
            or nxt.lower_ not in PARTY_MEMBER_NOUNS
            or tok.sent.start in ctx.title_sents
            or ctx.gaz.country(tok.text) is not None
        ):
            continue
        name = f"{tok.text} Party"
        entry = ctx.gaz.lookup(name, "organization", world=False)
        _add(
            ctx,
            tok.i,
            tok.i + 1,
            tok.text,
            "organization",
            "Organization",
            entry.name if entry else name,
            entry,
        )


LOCAL_BODY_ADJ = {"provincial", "regional", "city", "state", "municipal", "local", "county", "district"}
LOCAL_BODY_NOUNS = {"council", "administration", "government", "legislature", "assembly", "police"}


def _bodies_of_places(ctx: ExtractionContext) -> None:
    """Bodies named by their state or place and a common noun: "the Afghan government" (the Government of
    Afghanistan), "the Maidan Wardak provincial council". The mention covers the common words only, so
    the place keeps its own mention."""
    doc = ctx.doc
    words = [t.lower_ for t in doc]
    for i, w in enumerate(words):
        if i == 0 or doc[i].sent.start in ctx.title_sents or i in ctx.mention_at:
            continue
        if w == "government" and doc[i - 1].ent_iob_ != "O":
            k = i - 1
            while k > 0 and doc[k].ent_iob_ == "I":
                k -= 1
            state = ctx.gaz.country(doc[k:i].text)
            if state is None or doc[k].ent_type_ not in {"NORP", "GPE"}:
                continue
            key = f"Government of {state.name}"
            entry = ctx.gaz.lookup(key, "organization", world=False)
            name = entry.name if entry else key
            _add(ctx, i, i + 1, doc[k : i + 1].text, "organization", "GovernmentBody", name, entry)
        elif w in LOCAL_BODY_ADJ and i + 1 < len(doc) and words[i + 1] in LOCAL_BODY_NOUNS:
            place = ctx.mention_at.get(i - 1)
            if place is None or place.kind != "place" or place.end != i:
                continue
            name = f"{place.name} {w} {words[i + 1]}"
            alias = doc[place.start : i + 2].text
            _add(ctx, i, i + 2, alias, "organization", "GovernmentBody", name, None)
