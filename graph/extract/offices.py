"""Office holdings as the text states them: titles before names ("Russian Deputy Defense Minister
A. Example", "Former U.S. President B. Example"), plural titles ("Presidents A and B"),
appositions ("C. Example, Ukraine's chief of military intelligence"), relative clauses
("who has led the Coordination Headquarters since June 2022"), with status (former, then-,
acting, outgoing, appointed, nominated) and start dates ("since June 2022")."""

from __future__ import annotations

from rdflib import RDF, Literal

from graph.extract.context import ExtractionContext, Mention, date_literal
from graph.extract.gazetteer import fold
from graph.extract.registry import register_extractor
from graph.namespace import NG

# the last word of an office title (the lexicon of offices lives in reference/offices.csv)
TITLE_HEADS = {
    "president",
    "presidents",
    "minister",
    "ministers",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "chief",
    "head",
    "chancellor",
    "commander",
    "envoy",
    "ambassador",
    "governor",
    "mayor",
    "premier",
    "director",
    "adviser",
    "advisor",
    "aide",
    "ombudsman",
    "prosecutor",
    "speaker",
    "negotiator",
    "chairman",
    "chairwoman",
    "chair",
    "leader",
    "commissioner",
    "representative",
    "secretary-general",
    "pm",
}
OF_HEADS = {
    "chief",
    "head",
    "minister",
    "secretary",
    "commander",
    "director",
    "president",
    "chairman",
    "chair",
    "leader",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "governor",
    "mayor",
    "ambassador",
    "envoy",
}
STATUS_WORDS = {
    "former": NG.Former,
    "ex": NG.Former,
    "previous": NG.Former,
    "erstwhile": NG.Former,
    "late": NG.Former,
    "then": NG.Unspecified,
    "acting": NG.Acting,
    "interim": NG.Acting,
    "outgoing": NG.Outgoing,
    "incoming": NG.Appointed,
    "newly": NG.Appointed,
    "new": NG.Appointed,
    "designate": NG.Appointed,
    "nominated": NG.Nominated,
    "nominee": NG.Nominated,
    "current": NG.Current,
    "sitting": NG.Current,
}
LEAD_VERBS = {"lead", "head", "chair", "run", "command", "direct", "oversee"}
ZONE_WORDS = {"'s", "’s", "-", "of", "for", "and", "the"}


def _title_key(ctx: ExtractionContext, title: str) -> str:
    words = fold(title).split()
    for i in range(len(words)):
        od = ctx.gaz.titles.get(" ".join(words[i:]))
        if od is not None and (i == 0 or od.key not in {"head", "minister"}):
            return od.key
    from graph import iris

    return iris.slug(title.rstrip("s") if title.lower().endswith("ents") else title)


def _country_of(ctx: ExtractionContext, i: int) -> str | None:
    """The country a token names or qualifies ("Ukrainian", "Ukraine's", "U.S.")."""
    tok = ctx.doc[i]
    m = ctx.mention_at.get(i)
    if m is not None and m.rdf_type == "State":
        return m.name
    e = ctx.gaz.country(tok.text)
    return e.name if e is not None else None


def _holding(
    ctx: ExtractionContext,
    m: Mention,
    title: str,
    status,
    jurisdiction: str | None,
    start: int,
    end: int,
    since: str | None,
    confidence: float,
    seen: set,
) -> None:
    title = title.strip(" ,'’-")
    if not title:
        return
    key = _title_key(ctx, title)
    if jurisdiction is None:
        for h in ctx.gaz.offices_of(m.name):
            if h.office == key:
                jurisdiction = h.jurisdiction
                break
    sig = (m.iri, key, jurisdiction, status)
    if sig in seen:
        return
    seen.add(sig)
    office = ctx.office(key, title, jurisdiction)
    node = ctx.new_node("holding")
    g = ctx.g
    g.add((node, RDF.type, NG.OfficeHolding))
    g.add((node, NG.holder, m.iri))
    g.add((node, NG.office, office))
    g.add((node, NG.officeTitle, Literal(title)))
    g.add((node, NG.status, status))
    if ctx.published is not None:
        g.add((node, NG.asOf, date_literal(ctx.published.isoformat())))
    if since:
        g.add((node, NG.startDate, date_literal(since)))
    doc = ctx.doc
    ctx.fact(node, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), confidence)
    ctx.holdings.append(
        {
            "person": m.iri,
            "name": m.name,
            "office": key,
            "jurisdiction": jurisdiction,
            "status": status,
            "title": title,
        }
    )
    ctx.stats["holdings"] += 1


def _since_in(ctx: ExtractionContext, a: int, b: int) -> str | None:
    lo, hi = ctx.doc[a].idx, ctx.doc[b - 1].idx + len(ctx.doc[b - 1])
    for dm in ctx.dates:
        if dm.since and lo <= dm.start_char < hi:
            return dm.start
    return None


@register_extractor("offices")
def extract_offices(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    seen: set = set()
    persons = [m for m in ctx.mentions if m.kind == "person"]
    for m in persons:
        if doc[m.start].sent.start in ctx.title_sents:
            continue
        _prenominal(ctx, m, persons, seen)
        _apposition(ctx, m, seen)
        _relative_lead(ctx, m, seen)
        _appointed_as(ctx, m, seen)


APPOINT_VERBS = {
    "appoint": NG.Appointed,
    "name": NG.Appointed,
    "nominate": NG.Nominated,
    "elect": NG.Appointed,
    "install": NG.Appointed,
    "promote": NG.Appointed,
}


def _appointed_as(ctx: ExtractionContext, m: Mention, seen: set) -> None:
    """ "appointed X as the new commander-in-chief", "X was named foreign minister"."""
    doc = ctx.doc
    root = doc[m.end - 1]
    verb = root.head
    if root.dep_ not in {"dobj", "nsubjpass"} or verb.lemma_.lower() not in APPOINT_VERBS:
        return
    phrase = None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"as", "to"}:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                phrase = objs[0]
        elif child.dep_ in {"oprd", "attr", "xcomp"} and child.pos_ in {"NOUN", "PROPN"}:
            phrase = child
    if phrase is None:
        return
    toks = [t for t in phrase.subtree if t.i >= phrase.left_edge.i]
    lo, hi = toks[0].i, toks[-1].i + 1
    jurisdiction = None
    words: list[str] = []
    for t in doc[lo:hi]:
        country = _country_of(ctx, t.i)
        if country is not None and not words:
            jurisdiction = country
            continue
        if t.lower_ in {"the", "a", "an", "new", "'s", "’s"} and not words:
            continue
        if t.pos_ == "PUNCT" and t.text not in {"-"}:
            break
        mention = ctx.mention_at.get(t.i)
        if mention is not None and mention.kind == "organization" and mention.rdf_type != "State":
            jurisdiction = jurisdiction or mention.name
        elif country is not None:
            jurisdiction = jurisdiction or country
        words.append(t.text_with_ws)
    title = "".join(words).strip()
    if not title or not any(
        w.strip().lower() in ctx.gaz.titles
        or w.strip().lower() in TITLE_HEADS
        or "-in-" in w
        or w.strip().lower() in {"chief", "head", "commander", "governor"}
        for w in words
    ):
        return
    status = APPOINT_VERBS[verb.lemma_.lower()]
    start = min(lo, m.start, verb.i)
    end = max(hi, m.end, verb.i + 1)
    _holding(ctx, m, title, status, jurisdiction, start, end, None, 0.8, seen)


def _prenominal(ctx: ExtractionContext, m: Mention, persons: list[Mention], seen: set) -> None:
    doc = ctx.doc
    sent_start = doc[m.start].sent.start
    i = m.start - 1
    zone_start = m.start
    while i >= sent_start:
        tok = doc[i]
        low = tok.lower_
        other = ctx.mention_at.get(i)
        if other is not None and other.kind == "person":
            break
        if (
            other is not None
            or tok.pos_ in {"PROPN", "NOUN", "ADJ"}
            or low in ZONE_WORDS
            or low in STATUS_WORDS
        ):
            if low in {"and", "the", "of", "for"} and (
                i == sent_start or doc[i - 1].pos_ not in {"PROPN", "NOUN", "ADJ"}
            ):
                break  # "Secretary of State X" goes on; "... of X" with nothing before does not
            if tok.pos_ == "PUNCT" and low != "-":
                break
            zone_start = i
            i -= 1
            continue
        break
    while zone_start < m.start and doc[zone_start].lower_ in {"and", "the", "of", "for"}:
        zone_start += 1
    if zone_start == m.start:
        return
    last = doc[m.start - 1]
    if (
        last.lower_ not in TITLE_HEADS
        and not any(  # "Secretary General", "foreign policy chief"
            fold(doc[k : m.start].text) in ctx.gaz.titles
            for k in range(max(zone_start, m.start - 4), m.start)
        )
    ):
        return
    status = NG.Current
    jurisdiction: str | None = None
    words: list[str] = []
    for k in range(zone_start, m.start):
        tok = doc[k]
        low = tok.lower_.strip("-")
        if low in STATUS_WORDS and not words:
            status = STATUS_WORDS[low]
            k + 1
            continue
        if (low == "" and not tok.text.strip("-")) and not words:
            k + 1
            continue
        country = _country_of(ctx, k)
        mention = ctx.mention_at.get(k)
        if not words and country is not None:
            jurisdiction = jurisdiction or country
            k + 1
            continue
        if not words and tok.text in {"'s", "’s"}:
            k + 1
            continue
        if mention is not None and mention.kind == "organization" and mention.rdf_type != "State":
            jurisdiction = mention.name
        words.append(tok.text_with_ws)
    if not words:
        return
    title = "".join(words).strip()
    if title.lower() in {"the", "of"}:
        return
    _holding(ctx, m, title, status, jurisdiction, zone_start, m.end, None, 0.9, seen)
    # plural titles: "Presidents A and B"
    if last.tag_ in {"NNS", "NNPS"} or (last.lower_.endswith("s") and last.lemma_.lower() != last.lower_):
        singular = title[:-1] if title.endswith("s") else title
        k = m.end
        while k + 1 < len(doc) and doc[k].lower_ in {"and", ","}:
            nxt = ctx.mention_at.get(k + 1)
            if nxt is None or nxt.kind != "person":
                break
            _holding(ctx, nxt, singular, status, None, zone_start, nxt.end, None, 0.8, seen)
            k = nxt.end


def _apposition(ctx: ExtractionContext, m: Mention, seen: set) -> None:
    """ "X, Ukraine's chief of military intelligence, ..." / "X, the Russian foreign minister"."""
    doc = ctx.doc
    if m.end + 2 >= len(doc) or doc[m.end].text != ",":
        return
    sent_end = doc[m.start].sent.end
    k = m.end + 1
    status = NG.Current
    jurisdiction: str | None = None
    start_words = k
    while k < sent_end and doc[k].lower_ in {"the", "a", "an"} | set(STATUS_WORDS):
        if doc[k].lower_ in STATUS_WORDS:
            status = STATUS_WORDS[doc[k].lower_]
        k += 1
        start_words = k
    country = _country_of(ctx, k) if k < sent_end else None
    if country is not None:
        jurisdiction = country
        k += 1
        if k < sent_end and doc[k].text in {"'s", "’s"}:
            k += 1
        start_words = k
    end = k
    while end < sent_end and (
        doc[end].pos_ in {"NOUN", "PROPN", "ADJ", "ADP", "DET", "CCONJ"} or doc[end].text in {"-", "'s", "’s"}
    ):
        if doc[end].lower_ in {"who", "which", "that"}:
            break
        end += 1
    if end == start_words or (
        end < sent_end
        and doc[end].text not in {",", ".", ";", "—", "–", ")"}
        and doc[end].lower_ not in {"who", "said", "says"}
    ):
        return
    phrase = doc[start_words:end]
    heads = [t for t in phrase if t.lower_ in TITLE_HEADS]
    if not heads or len(phrase) > 10:
        return
    title = phrase.text
    for t in phrase:
        mention = ctx.mention_at.get(t.i)
        if mention is not None and mention.kind == "organization" and mention.rdf_type != "State":
            jurisdiction = mention.name
    _holding(ctx, m, title, status, jurisdiction, m.start, end, None, 0.8, seen)


def _relative_lead(ctx: ExtractionContext, m: Mention, seen: set) -> None:
    """ "X, who has led ORG since June 2022" / "X, who heads ORG": head of that organisation."""
    doc = ctx.doc
    sent = doc[m.start].sent
    for tok in sent:
        if tok.lemma_.lower() not in LEAD_VERBS or tok.pos_ != "VERB":
            continue
        subj = [c for c in tok.children if c.dep_ in {"nsubj"}]
        who = subj[0] if subj else None
        if who is None:
            continue
        if who.lower_ in {"who"}:
            anchor = tok.head if tok.dep_ == "relcl" else None
            # the relative clause hangs off the person, or off an apposition of the person
            if anchor is None or (
                anchor.i not in range(m.start, m.end) and anchor.head.i not in range(m.start, m.end)
            ):
                continue
        elif who.i not in range(m.start, m.end):
            continue
        objs = [c for c in tok.children if c.dep_ in {"dobj", "obj"}]
        if not objs:
            continue
        obj = objs[0]
        org = None
        for t in obj.subtree:
            mm = ctx.mention_at.get(t.i)
            if mm is not None and mm.kind == "organization":
                org = mm
                break
        if org is None:
            continue
        since = _since_in(ctx, tok.i, tok.right_edge.i + 1)
        title = f"head of {doc[obj.left_edge.i : obj.i + 1].text}"
        _holding(ctx, m, title, NG.Current, org.name, tok.i, obj.i + 1, since, 0.75, seen)
