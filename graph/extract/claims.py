"""Claims: what someone asserts, with the speaker (ng:claimant) kept apart from the outlet that
reports it (ng:reportedBy).

The forms news uses, and how each is read:

* reported speech: a reporting verb (said, told, added, announced, stated, claimed, denied, warned,
  explained, argued, wrote, tweeted, confirmed, reported, ...) with its subject as the speaker; each
  conjoined clause it reports ("said X and Y would ...") and each coordinated reporting verb
  ("expressed opposition and suggested that ...") is a claim of its own, while a participle that
  elaborates a verb ("confirmed the completion, writing that ...") makes one claim with it; verbs
  that report only with a clause or "as" ("declared a state of emergency", "stressed the
  importance of") are acts, not claims;
* "according to X", "according to a statement by X", "in a statement, X ...", "X's spokesperson
  said" (the organisation speaks), "announced by X" (a passive with its agent);
* quotations (double, or single in the British style): a quote framed by a speaker before it
  ('X said: "..."', 'X wrote on Twitter, "..."', "X commented — ... — "..."") or after it
  ('"...", X said.'), and a quote with no frame of its own that follows a credited sentence (the
  same speaker goes on); each asserting sentence of the quote is one claim, with the quoted sentence
  as its evidence (questions, exclamations, wishes and requests assert nothing; a short sentence
  or one opening "And"/"So" goes on with the claim before it); a quoted phrase inside a clause
  with no reporting verb is the words of the clause's subject;
* reported speech going on: a parenthetical "the statement said" reports the clause it
  interrupts, and a next sentence in the reported future ("would") is the same speaker's;
* interview transcripts: a paragraph opening with a speaker's label ("((Jane Roe))", "Jane Roe:")
  and the answers after it are that person's;
* speakers: a resolved person or organisation (a surname the article gave in full; "the ministry"
  after "the Interior Ministry"; "a spokesman for X" is X), a pronoun (the last credited person),
  a title ("the Ukrainian president", "the governor": the holder named in the article), "the
  statement" (whoever made the statement last credited), a collective ("officials", "police",
  "local media", "a source within the ministry", "the minister's critics");
* what nobody is credited with is the outlet's (ng:unattributed true): figures the text states,
  and what it hedges as reported ("reportedly", "it was reported that", "according to reports");
  a figure whose subject names its source ("death tolls provided by officials") is the source's,
  and a figure the same speaker restates later is the claim already made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from spacy.tokens import Span, Token

from graph.extract.context import ExtractionContext, QuantityMention
from graph.extract.names import fold
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
    "underline",
    "underscore",
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
    "maintain",
    "express",
    "characterize",
    "characterise",
    "contend",
    "testify",
    "recall",
    "observe",
    "conclude",
    "concede",
    "reiterate",
    "hint",
    "caution",
    "remark",
    "mention",
    "point",
    "disclose",
    "forecast",
    "attack",
}
# verbs that carry a quotation set off after them, or that say "the same speaker goes on"
FRAME_ONLY_VERBS = {"continue", "speak", "conclude", "reply", "respond", "go", "ask"}
# verbs that report only with a clause ("maintained that ...", not "maintained an appearance")
CLAUSE_VERBS = {
    "maintain",
    "observe",
    "recall",
    "mention",
    "hint",
    "point",
    "remark",
    "conclude",
    "concede",
    "caution",
    "forecast",
    "testify",
    "post",
    "add",
    # with only an object these are acts ("declared a state of emergency", "wrote a letter",
    # "commented on the matter"), not assertions
    "declare",
    "write",
    "tweet",
    "comment",
    "tell",
    "say",
    "state",
    "note",
    "explain",
    "argue",
    "insist",
    "suggest",
    "indicate",
    "assert",
    # with only an object these are commitments of things ("pledged funds"), not of a course ("pledged to")
    "pledge",
    "promise",
    "vow",
    # with only an object these name a topic ("stressed the importance of ..."), not a proposition
    "highlight",
    "stress",
    "emphasize",
    "emphasise",
    "underline",
    "underscore",
}
# verbs whose object may be a person and still report a stance ("accused him of ...")
AT_PERSONS = {"accuse", "blame", "praise", "criticize", "criticise", "condemn", "attack", "urge"}
# verbs that report only with "as": "described it as", "attacked the inquiry as"
AS_VERBS = {"describe", "characterize", "characterise", "attack"}
# a reporting verb whose object is a person ("confirmed him", "praised her") reports no assertion
PERSONAL_PRONOUNS = {"him", "her", "them", "me", "us", "you"}
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
    "critic",
    "supporter",
    "opponent",
    "activist",
    "protester",
    "protestor",
    "researcher",
    "scientist",
    "doctor",
    "journalist",
    "aide",
    "ally",
    "organizer",
    "organiser",
    "rescuer",
    "survivor",
    "spokesman",
    "spokeswoman",
    "medic",
    "staff",
    "worker",
    "employee",
    "member",
    "media",
    "medium",  # the lemma spaCy gives "media"
    "news",
    "newspaper",
    "broadcaster",
}
# groups of people a possessive names ("the minister's critics"): the group speaks, not the possessor
PEOPLE_GROUPS = {
    "critic",
    "supporter",
    "opponent",
    "ally",
    "aide",
    "official",
    "adviser",
    "advisor",
    "lawyer",
    "attorney",
}
# mouthpieces: "the ministry's spokesperson said" credits the ministry
MOUTHPIECES = {"spokesperson", "spokesman", "spokeswoman", "representative", "office", "press"}
# documents that speak for their author: "the statement said", "according to a report by X"
DOCUMENT_NOUNS = {
    "statement",
    "announcement",
    "release",
    "report",
    "letter",
    "tweet",
    "post",
    "message",
    "communiqué",
    "communique",
    "memo",
    "document",
    "filing",
    "study",
    "survey",
    "data",
    "figure",
    "estimate",
    "account",
    "notice",
    "toll",
    "tally",
    "count",
    "projection",
}
PRONOUNS = {"he", "she"}
QUOTE = re.compile(r"(?:^|(?<=[\s(\[]))['‘“\"](.+?)['’”\"](?=[\s.,;:!?)\]]|$)")
SINGLE_QUOTE_MAX = 600
OPENING_CONTEXT = set(" \t([{—–-:,/")
CLOSING_CONTEXT = set(" \t.,;:!?)]}—–-/")
# a transcript's speaker label at the start of a paragraph: "((Jane Roe))", "Jane Roe:"
TRANSCRIPT_LABEL = re.compile(r"^(?:\(\(([^()]{2,60})\)\)|([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}):\s)")
# text left out of a quote before a new sentence: "[…] We", "[...] The"
ELLIPSIS = re.compile(r"\s*[\[(](?:…|\.\.\.)[\])]\s+(?=[A-Z])")
# a quoted sentence of fewer words goes on with the claim before it
SHORT_SENTENCE = 8
# words that open a sentence going on with the one before
GOING_ON = {"and", "so", "but", "or", "also", "plus"}
# a person credited within this many sentences is what "he"/"she" refers to before any other
PRONOUN_REACH = 4


@dataclass
class _State:
    """What the walk over the article remembers: who spoke in which sentence."""

    speaker_of_sent: dict[int, URIRef] = field(default_factory=dict)  # sentence start token -> speaker
    persons: list[tuple[int, URIRef]] = field(default_factory=list)  # (sentence number, person credited)
    documents: dict[str, URIRef] = field(default_factory=dict)  # "statement" -> its author
    # (speaker, value, measure or what is counted) -> sentence of the claim that stated it first
    figures: dict[tuple[URIRef | None, object, str], int] = field(default_factory=dict)
    reported_future: set[int] = field(default_factory=set)  # sentences reporting what "would" happen
    # interview answers: (start char, end char, the interviewee)
    answers: list[tuple[int, int, URIRef | None]] = field(default_factory=list)
    sent_no: int = 0


# --- quotations -----------------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the outermost quoted passages (inside the marks), paragraph by paragraph:
    double quotes, and single quotes outside them. Straight quotes open or close by what stands beside them, so a quote nested in a quote
    ('... The "United States" is ...') stays inside its outer one; a quote left open at the end of a
    paragraph runs to its end (news convention for a quote continuing in the next paragraph)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        depth = 0
        start = 0
        n = len(para)
        for i, ch in enumerate(para):
            if ch not in '“”"':
                continue
            prev = para[i - 1] if i else " "
            nxt = para[i + 1] if i + 1 < n else " "
            if ch == "“":
                opening = True
            elif ch == "”":
                opening = False
            elif prev in OPENING_CONTEXT and nxt not in " \t":
                opening = True
            elif nxt in CLOSING_CONTEXT and prev not in " \t":
                opening = False
            else:
                opening = depth == 0
            if opening:
                if depth == 0:
                    start = i + 1
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0 and i > start:
                    spans.append((pos + start, pos + i))
        if depth > 0 and n > start:
            spans.append((pos + start, pos + n))
        doubles = [(a - pos, b - pos) for a, b in spans if a >= pos]
        spans.extend((pos + a, pos + b) for a, b in _single_quotes(para, doubles))
        pos += len(para) + 1
    return sorted(spans)


def _single_quotes(para: str, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Passages in single quotes (the British style: He said: 'We will stay.'), outside double quotes:
    an opening mark after a space or the paragraph start, before a letter or digit; the closing
    one before a space, punctuation or the end (so "don't" and "’90s" close nothing), at least two
    words between."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(para)
    while i < n:
        ch = para[i]
        if ch in "‘'" and (i == 0 or para[i - 1] in OPENING_CONTEXT) and i + 1 < n and para[i + 1].isalnum():
            if _inside(doubles, i) or any(a - 1 == i for a, _ in doubles):
                i += 1
                continue
            closer = "’" if ch == "‘" else "'"
            j = i + 1
            while j < n and j - i < SINGLE_QUOTE_MAX:
                if (
                    para[j] == closer
                    and para[j - 1] not in " \t"
                    and (j + 1 == n or para[j + 1] in CLOSING_CONTEXT)
                ):
                    break
                j += 1
            if j < n and j - i < SINGLE_QUOTE_MAX and para[j] == closer and len(para[i + 1 : j].split()) >= 2:
                out.append((i + 1, j))
                i = j + 1
                continue
        i += 1
    return out


def _inside(spans: list[tuple[int, int]], char: int) -> bool:
    return any(a <= char < b for a, b in spans)


def _asserts(span: Span) -> bool:
    """A declarative sentence: at least four words, a subject and a finite verb; not a question, an
    exclamation or a wish ("May God give him strength.")."""
    words = [t for t in span if t.is_alpha]
    if len(words) < 4 or span.text.rstrip(" '\"”’,").endswith(("?", "!")):
        return False
    if words[0].text == "May" and words[0].tag_ == "MD":
        return False
    roots = [t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)]
    return any(
        c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}
        for r in roots
        if r.pos_ in {"VERB", "AUX"}
        for c in r.children
    )


# --- speakers -------------------------------------------------------------------------------


def _mention_in(ctx: ExtractionContext, tok: Token, adjectives: bool = True):
    """The entity a phrase names: its head, or a name compounded, possessive or in apposition to
    it; ``adjectives=False`` leaves out demonyms ("Ukrainian officials" are a group, not Ukraine)."""
    deps = {"compound", "amod", "poss", "appos"} if adjectives else {"compound", "poss", "appos"}
    for t in [tok, *[c for c in tok.children if c.dep_ in deps and (adjectives or c.pos_ != "ADJ")]]:
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


def _collective(ctx: ExtractionContext, tok: Token) -> URIRef:
    """A group named by a common noun, with what the text says of it: "Ukrainian officials",
    "a source within the central Interior Ministry", "the minister's critics"."""
    doc = ctx.doc
    left = tok.left_edge.i
    while left < tok.i and doc[left].dep_ in {"det", "predet"}:
        left += 1
    right = tok.i
    # "the ministry of internal affairs"; and for one unnamed person, where they sit: "a source
    # within the ministry" (a group keeps its own words: "critics from across the spectrum")
    places = (
        {"of"} if tok.tag_ in {"NNS", "NNPS"} else {"of", "within", "in", "from", "at", "inside", "close"}
    )
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in places:
            right = c.right_edge.i
        break
    name = doc[left : right + 1].text.strip().rstrip(",")
    name = name[0].upper() + name[1:]
    return ctx.entity("collective", "Collective", name)


def _person_pronoun(ctx: ExtractionContext, tok: Token, state: _State) -> URIRef | None:
    """ "he"/"she": a person credited in the sentence before; else the person the sentence before
    is about (its subject: "X paid tribute to Y. He said ..." is X); else one credited lately;
    else the last person named. Never, in an interview answer, the one answering: they say "I",
    and their "he"/"she" is someone else ("my mom ... she's like ...")."""
    me = _answerer(state.answers, tok.idx)
    if me is not None:
        others = [x for x in ctx.mentions if x.kind == "person" and x.start < tok.i and x.iri != me]
        same = [x for x in others if ctx.doc[x.start].sent.start == tok.sent.start]
        return same[-1].iri if same else None
    # "X broke the news when he revealed ...": a person named as a subject before it in its sentence
    for x in reversed(ctx.mentions):
        if x.kind == "person" and tok.sent.start <= x.start < tok.i and _subject_head(ctx.doc[x.start]):
            return x.iri
    recent = [(n, iri) for n, iri in state.persons if state.sent_no - n <= PRONOUN_REACH]
    if recent and state.sent_no - recent[-1][0] <= 1:
        return recent[-1][1]
    sent = tok.sent
    prev = ctx.doc[sent.start - 1].sent if sent.start > 0 else None
    if prev is not None:
        subj = _person_subject(ctx, prev)
        if subj is not None:
            return subj
    if recent:
        return recent[-1][1]
    prior = [x for x in ctx.mentions if x.kind == "person" and x.start < tok.i]
    return prior[-1].iri if prior else None


def _subject_head(tok: Token) -> Token | None:
    """The subject a name is (part of: compounded or in apposition), or None."""
    head = tok
    for _ in range(3):
        if head.dep_ in {"compound", "appos", "flat"} and head.head.i != head.i:
            head = head.head
    return head if head.dep_ in {"nsubj", "nsubjpass"} else None


def _person_subject(ctx: ExtractionContext, sent: Span) -> URIRef | None:
    """The person named as the subject of a sentence's main verb."""
    for x in ctx.mentions:
        if x.kind == "person" and sent.start <= x.start < sent.end:
            head = _subject_head(ctx.doc[x.start])
            if head is not None and head.head.i == sent.root.i:
                return x.iri
    return None


def _document_author(
    ctx: ExtractionContext, tok: Token, state: _State, remembered: bool = True
) -> URIRef | None:
    """ "a statement by X", "X's statement", "a report released by X"; "the statement" once one
    was credited (``remembered``)."""
    for c in tok.children:
        if c.dep_ in {"poss", "compound"}:  # "the ministry's statement", "the government statement"
            who = _speaker(ctx, c, state, documents=False)
            if who is not None:
                return who
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"by", "from", "of"}:
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return _speaker(ctx, objs[0], state, documents=False)
        if c.dep_ == "acl":
            for a in c.children:
                if a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ in {"by", "from"}):
                    objs = [o for o in a.children if o.dep_ == "pobj"]
                    if objs:
                        return _speaker(ctx, objs[0], state, documents=False)
    if not remembered:
        return None
    if any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in tok.children) or any(
        c.dep_ == "amod" for c in tok.children
    ):
        return state.documents.get(tok.lemma_.lower())
    return None


def _sourced_figure(ctx: ExtractionContext, sent: Span, state: _State) -> URIRef | None:
    """A sentence whose subject names its own source: "Death tolls provided by officials exceeded
    100", "Figures from the health ministry show 300 new cases"."""
    root = sent.root
    for subj in (c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}):
        if subj.pos_ == "NOUN" and subj.lemma_.lower() in DOCUMENT_NOUNS:
            return _document_author(ctx, subj, state, remembered=False)
    return None


def _speaker(ctx: ExtractionContext, tok: Token, state: _State, documents: bool = True) -> URIRef | None:
    low = tok.lower_
    lemma = tok.lemma_.lower()
    m = ctx.mention_at.get(tok.i)
    if m is not None:
        return m.iri
    if low in PRONOUNS:
        return _person_pronoun(ctx, tok, state)
    if tok.pos_ == "NOUN" and lemma in DOCUMENT_NOUNS:
        return _document_author(ctx, tok, state) if documents else None
    if tok.pos_ == "NOUN" and lemma in PEOPLE_GROUPS and any(c.dep_ == "poss" for c in tok.children):
        return _collective(ctx, tok)
    if lemma in MOUTHPIECES:
        m = _mention_in(ctx, tok)
        if m is not None:
            return m.iri
        # "a spokesman for the ministry", "a representative of the company"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"for", "of"}:
                for o in c.children:
                    if o.dep_ == "pobj" and (o.i in ctx.mention_at or _mention_in(ctx, o) is not None):
                        return _speaker(ctx, o, state, documents=False)
    holder = _title_holder(ctx, tok)
    if holder is not None:
        return holder
    m = _mention_in(ctx, tok, adjectives=not (tok.pos_ == "NOUN" and lemma in COLLECTIVE_NOUNS))
    if m is None and tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        # "the ministry" after "the Interior Ministry": the organisation named before with that word
        named = [
            x
            for x in ctx.mentions
            if x.kind == "organization" and x.start < tok.i and lemma in x.name.lower().split()
        ]
        if named:
            return named[-1].iri
    if m is not None:
        return m.iri
    if tok.pos_ == "PROPN":
        # "Former US Ambassador to the United Nations Jane Roe wrote": a title parsed as the head
        names = [ctx.mention_at[t.i] for t in tok.subtree if t.i in ctx.mention_at]
        persons = [x for x in names if x.kind == "person"]
        if persons:
            return persons[-1].iri
        # a surname the article gave in full before ("Jane Roe ... Roe said"), when one person has it
        same = {x.iri for x in ctx.mentions if x.kind == "person" and tok.text in x.name.split()[1:]}
        if len(same) == 1:
            return same.pop()
    if lemma in COLLECTIVE_NOUNS and tok.pos_ in {"NOUN", "PROPN"}:
        return _collective(ctx, tok)
    return None


def _subjects(tok: Token) -> list[Token]:
    """The subjects of a verb, climbing from a participle, infinitive or conjoined verb to the
    clause that has one ("She spoke ..., and promised to ...")."""
    t = tok
    for _ in range(3):
        subj = [c for c in t.children if c.dep_ in {"nsubj"}]
        if subj:
            return subj
        if t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"}:
            return [t.head]
        if t.dep_ in {"advcl", "xcomp", "conj", "ccomp", "relcl"} and t.head.i != t.i:
            if t.dep_ == "relcl" and t.head.pos_ in {"NOUN", "PROPN", "PRON"}:
                return []
            t = t.head
            continue
        return []
    return []


def _subject(tok: Token) -> Token | None:
    subj = _subjects(tok)
    return subj[0] if subj else None


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


@dataclass
class _Attribution:
    who: URIRef
    verb: Token
    frame_only: bool = False  # "X continued", "X spoke to the press:": a quote's frame, no content


def _speakers_of(ctx: ExtractionContext, toks: list[Token], state: _State) -> list[URIRef]:
    """The speaker the first subject that names one names, with those conjoined with it by name
    ("the ministry and Vyasna")."""
    for tok in toks:
        who = _speaker(ctx, tok, state)
        if who is None:
            # "said study co-author and research fellow Jane Roe": the name conjoined
            named = [ctx.mention_at[c.i] for c in tok.children if c.dep_ == "conj" and c.i in ctx.mention_at]
            who = _speaker(ctx, tok.doc[named[0].start], state) if named else None
        if who is None:
            continue
        out = [who]
        for c in tok.children:
            m = ctx.mention_at.get(c.i) if c.dep_ == "conj" else None
            if m is not None and m.iri not in out:
                out.append(m.iri)
        return out
    return []


def _clausal(verb: Token, quotes: list[tuple[int, int]]) -> bool:
    """The verb reports a clause or a quotation, not only a thing ("confirmed the completion")."""
    if any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        return True
    if verb.dep_ == "parataxis":  # "which, the statement said, nations refused": the clause it interrupts
        return True
    # "maintained an inquiry is what ...": a complement without "that" the parser took for a
    # conjunct (a conjunct with no "and" before it)
    if any(c.dep_ == "cc" for c in verb.children):
        pass
    elif any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and c.i > verb.i for c in verb.children):
        return True
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.is_quote and _inside(quotes, nxt.idx + 1)


def _reports_inside(outer: Token, inner: Token) -> bool:
    """``inner`` stands in the clause ``outer`` reports ("noted [that the House rejected ...]")."""
    if outer.lower_ == "according":
        return False
    for c in outer.children:
        if c.dep_ == "ccomp" and c.left_edge.i <= inner.i <= c.right_edge.i:
            # not an aside the outlet or another speaker adds ("— which the BBC noted as ... —")
            t = inner
            for _ in range(12):
                if any(x.tag_ in {"WDT", "WP"} for x in t.children):
                    return False
                if t.i == c.i or t.head.i == t.i:
                    break
                if t.dep_ in {"relcl", "parataxis", "advcl"}:
                    return False
                t = t.head
            return True
    return False


def _as_complement(verb: Token) -> bool:
    """ "described it as vile", "attacked the inquiry as a stunt": an "as" after the verb, not "As
    of today, X has ..." before it, "as well" or a clause's "as" ("attacked as soldiers slept")."""
    doc = verb.doc
    # the parser hangs "as" on the verb or on its object ("described [the plan as a disaster]")
    heads = [verb, *[c for c in verb.children if c.dep_ == "dobj"]]
    return any(
        c.lower_ == "as"
        and c.i > verb.i
        and c.dep_ != "mark"
        and not (c.i + 1 < len(doc) and doc[c.i + 1].lower_ in {"of", "well"})
        for h in heads
        for c in h.children
    )


def _attributions(
    ctx: ExtractionContext, sent: Span, quotes: list[tuple[int, int]], state: _State, frame: bool = False
) -> list[_Attribution]:
    """Who the sentence credits, by which verb. ``frame``: the verbs that set off a quotation,
    where "he added," or "she continued." is enough."""
    found: list[_Attribution] = []
    for tok in sent:
        if _inside(quotes, tok.idx):
            continue
        lemma = tok.lemma_.lower()
        speaker_toks: list[Token] = []
        frame_only = False
        if lemma in REPORT_VERBS and tok.pos_ == "VERB":
            # "was announced by", "a report released by", "when asked about": passive, the agent speaks
            passive = any(c.dep_ == "auxpass" for c in tok.children) or (
                tok.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)
            )
            if lemma == "call" and not any(
                c.lower_ in {"for", "on"} or c.dep_ == "oprd" for c in tok.children
            ):
                continue
            if lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
                continue
            if not frame and lemma in CLAUSE_VERBS and not _clausal(tok, quotes) and not _as_complement(tok):
                continue
            if not frame and lemma in AS_VERBS and not (_as_complement(tok) or _clausal(tok, quotes)):
                continue
            if not frame and any(c.dep_ == "neg" for c in tok.children):
                continue  # "has not commented", "did not say whether": nothing asserted
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if objs and not _clausal(tok, quotes):
                m = ctx.mention_at.get(objs[0].i)
                if objs[0].lower_ in PERSONAL_PRONOUNS or (
                    m is not None and m.kind == "person" and lemma not in AT_PERSONS
                ):
                    continue  # "confirmed him", "told her": no assertion
            if passive:
                agent = _agent(tok)
                if agent is None:
                    continue
                speaker_toks = [agent]
            else:
                speaker_toks = _subjects(tok)
        elif lemma == "ask" and tok.pos_ == "VERB" and any(c.dep_ == "xcomp" for c in tok.children):
            speaker_toks = _subjects(tok)  # "asking voters to vote early": a call, like "urged"
        elif lemma in FRAME_ONLY_VERBS and tok.pos_ == "VERB":
            speaker_toks = _subjects(tok)
            frame_only = True
        elif tok.lower_ == "according":
            to = [c for c in tok.children if c.lower_ == "to"]
            objs = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
            speaker_toks = objs[:1]
        if not speaker_toks:
            continue
        for who in _speakers_of(ctx, speaker_toks, state):
            if not any(a.who == who and a.verb.i == tok.i for a in found):
                found.append(_Attribution(who, tok, frame_only))
    # "X said Y, according to Z": X speaks; Z is only where the outlet read it
    if any(a.verb.lower_ != "according" and not a.frame_only for a in found):
        found = [a for a in found if a.verb.lower_ != "according"]
    if frame:
        return found
    # "He noted that the House rejected the plan": what the reported clause says others said is
    # part of the claim that reports it, not a claim of its own
    found = [a for a in found if not any(_reports_inside(b.verb, a.verb) for b in found if b is not a)]
    # one speaker, a verb and a participle elaborating it: "confirmed the completion, writing that
    # ..." has one claim, the clause; "condemned the attack, calling it vile" has one, the first.
    # Coordinated verbs ("expressed opposition and suggested that ...") are claims each.
    out: list[_Attribution] = []
    for a in found:
        if a.frame_only or a.verb.lower_ == "according" or _clausal(a.verb, quotes):
            out.append(a)
            continue
        mine = [b for b in found if b.who == a.who and b is not a and not b.frame_only]
        if any(
            _clausal(b.verb, quotes) and b.verb.head.i == a.verb.i and b.verb.dep_ != "conj" for b in mine
        ):
            continue
        if any(a.verb.head.i == b.verb.i and a.verb.dep_ != "conj" for b in mine):
            continue
        out.append(a)
    return out


# --- what a claim says, and its evidence ----------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" '‘’\"“”,")


def _verb_span(verb: Token, skip: set[int]) -> tuple[int, int]:
    """Token range of a reporting verb with what it governs, less conjoined verbs and other
    reporting verbs (each their own claim)."""
    lo, hi = verb.i, verb.i
    for c in verb.children:
        if c.dep_ in {"conj", "cc"} or c.i in skip or (c.dep_ == "punct" and c.i > verb.i):
            continue
        lo, hi = min(lo, c.left_edge.i), max(hi, c.right_edge.i)
    return lo, hi


def _reported(verb: Token, skip: set[int]) -> list[tuple[int, int]]:
    """The clauses a reporting verb reports: "said [A] and [B]" gives two, each with its own subject."""
    if verb.dep_ == "parataxis" and not any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        lo, hi = _verb_span(verb.head, skip | {verb.i})
        return [(lo, hi)]
    lo, hi = _verb_span(verb, skip)
    comps = [c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}]
    if not comps:
        return [(lo, hi)]
    comp = comps[0]
    # "said [A] and [B]" where each has its subject; "promised to [A] and [B]"
    conjs = [
        x
        for x in comp.children
        if x.dep_ == "conj"
        and x.pos_ in {"VERB", "AUX"}
        and (
            comp.dep_ == "xcomp"
            or any(s.dep_ in {"nsubj", "nsubjpass", "expl"} for s in x.children)
            or any(s.dep_ == "aux" and s.tag_ == "MD" for s in x.children)
        )
    ]
    if not conjs:
        return [(lo, hi)]
    first_end = conjs[0].left_edge.i - 1
    while first_end > comp.i and verb.doc[first_end].dep_ in {"cc", "punct"}:
        first_end -= 1
    pieces = [(lo, first_end)]
    for x in conjs:
        end = x.right_edge.i
        pieces.append((x.left_edge.i, min(end, hi)))
    return pieces


def _claim(
    ctx: ExtractionContext,
    sent: Span,
    who: URIRef | None,
    content: str,
    q: QuantityMention | None,
    confidence: float,
    span: tuple[int, int] | None = None,
    quote: str | None = None,
    state: _State | None = None,
) -> None:
    if q is not None and state is not None:
        # a figure restated by the same speaker later in the article ("... over 150 ..." in the
        # lead and again in the body) is the claim already made, not a new one
        # (a figure distinctive enough, >= 10, or the same thing counted: "two" recurs for many things)
        key = (who, q.value, q.measure if q.value >= 10 else q.counts)
        first = state.figures.setdefault(key, sent.start)
        if first != sent.start:
            return
    node = ctx.new_node("claim")
    g = ctx.g
    g.add((node, RDF.type, NG.Claim))
    if who is not None:
        g.add((node, NG.claimant, who))
    else:
        g.add((node, NG.unattributed, Literal(True)))
    g.add((node, NG.content, Literal(content[:300])))
    if quote is not None:
        g.add((node, NG.quote, Literal(quote)))
    else:
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
    a, b = span if span is not None else (sent.start_char, sent.end_char)
    ctx.fact(node, a, b, confidence)
    ctx.stats["claims"] += 1


def _events_in(ctx: ExtractionContext, sent: Span) -> list[URIRef]:
    out = []
    for em, iri in ctx.event_list:
        if em.sent_start == sent.start_char:
            out.append(iri)
    return out


def _events_with_quantity(ctx: ExtractionContext, q: QuantityMention) -> list[URIRef]:
    """ "'303 defenders are home', he wrote": a claim whose figure an event of the article carries
    (same value, same measure) is about that event."""
    out = []
    for em, iri in ctx.event_list:
        # the same measure, or a figure distinctive enough (>= 10) that wording differences in
        # what is counted ("defenders" vs "prisoners each") do not matter
        if any(x.value == q.value and (x.measure == q.measure or q.value >= 10) for x in em.quantities):
            out.append(iri)
    return out if len(out) == 1 else []


def _hedged(sent: Span) -> bool:
    """The outlet passes on what it does not credit: "reportedly", "it was reported that",
    "according to reports"."""
    for t in sent:
        # on what the sentence asserts, not on a circumstance tucked into a phrase ("..., with
        # forces reportedly advancing")
        if t.lower_ in {"reportedly", "allegedly", "purportedly"} and t.head.dep_ not in {"pcomp", "pobj"}:
            return True
        # "it was reported that ...", "it is believed ...", "over a thousand were reported to have ..."
        if (
            t.lemma_.lower() in {"report", "say", "believe", "understand", "claim", "think", "estimate"}
            and t.pos_ == "VERB"
            and any(c.dep_ == "auxpass" for c in t.children)
            and _agent(t) is None
            and (
                any(c.dep_ in {"nsubjpass", "expl"} and c.lower_ == "it" for c in t.children)
                or any(c.dep_ == "xcomp" for c in t.children)
            )
        ):
            return True
        # "according to reports", "according to local news": a source the text does not name
        if t.lower_ == "according":
            return True
    return False


# --- the walk over the article --------------------------------------------------------------


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _quote_speaker(
    ctx: ExtractionContext,
    sents: list[Span],
    first: int,
    last: int,
    qa: int,
    qb: int,
    quotes: list[tuple[int, int]],
    state: _State,
    prefix: str,
) -> tuple[URIRef | None, int | None]:
    """Who a set-off quote is credited to, and the verb that frames it."""
    head = sents[first]
    before = [a for a in _attributions(ctx, head, quotes, state, frame=True) if a.verb.idx < qa]
    if before:
        # the main clause's verb, not one in an aside ("X commented — which the BBC noted as ... —")
        best = min(before, key=lambda a: (_depth(a.verb), -a.verb.i))
        return best.who, best.verb.i
    tail = sents[last]
    after = [a for a in _attributions(ctx, tail, quotes, state, frame=True) if a.verb.idx >= qb]
    if after:
        return after[0].who, after[0].verb.i
    # "The president, also on Twitter, defended his decision, "...": any verb of the frame with a speaker
    for t in head:
        if t.idx >= qa:
            break
        if t.pos_ == "VERB" and not _inside(quotes, t.idx):
            subj = _subject(t)
            who = _speaker(ctx, subj, state) if subj is not None else None
            if who is not None:
                return who, t.i
    # a quote with no frame of its own goes on from a credited sentence
    if not prefix and first > 0 and sents[first - 1].start in state.speaker_of_sent:
        return state.speaker_of_sent[sents[first - 1].start], None
    return None, None


def _opens_quote(sent: Span, quotes: list[tuple[int, int]]) -> bool:
    return any(a == sent.start_char + 1 for a, _ in quotes)


def _quoting_subject(
    ctx: ExtractionContext, sent: Span, quotes: list[tuple[int, int]], state: _State
) -> list[tuple[_Attribution, tuple[int, int]]]:
    """A quoted phrase inside a clause with no reporting verb ("she was directing the committees
    to "proceed with their investigations"") is the words of the clause's subject."""
    for qa, qb in quotes:
        if not (sent.start_char <= qa < sent.end_char) or len(ctx.text[qa:qb].split()) < 2:
            continue
        if ctx.text[qa:qb].rstrip(" '\"”’").endswith("?"):
            continue  # a quoted question ("responded with "What is ...?"") asserts nothing
        part = ctx.doc.char_span(qa, min(qb, sent.end_char), alignment_mode="expand")
        if part is None or not len(part):
            continue
        tops = [x for x in part if not (part.start <= x.head.i < part.end) or x.head.i == x.i]
        if tops and all(_names_a_thing(x) for x in tops):
            continue
        t = part[0]
        for _ in range(8):
            if t.pos_ in {"VERB", "AUX"} and not _inside(quotes, t.idx) or t.head.i == t.i:
                break
            t = t.head
        if t.pos_ not in {"VERB", "AUX"} or _inside(quotes, t.idx):
            continue
        # the words of the one who acts in the main clause; not a name or term quoted in a
        # modifier ("Roe, reportedly nicknamed "the king of coal", was ...") or a passive
        if t.dep_ not in {"ROOT", "conj"} or any(c.dep_ == "auxpass" for c in t.children):
            continue
        for subj in _subjects(t):
            if _inside(quotes, subj.idx):
                continue
            who = _speaker(ctx, subj, state)
            if who is not None:
                return [(_Attribution(who, t), (sent.start, sent.end - 1))]
    return []


def _names_a_thing(top: Token) -> bool:
    """A quoted phrase that names or terms a thing rather than saying something of it: a modifier
    ("voted against a "no deal" exit"), or a noun phrase the clause acts on or with ("held a
    "Salute to America"", "the calculation of "road load""); not a predicate ("called it "a
    disgrace"", "assailed the event as the "darkest ..."", "remains "fully committed"")."""
    if top.dep_ in {"compound", "amod", "nmod"}:
        return True
    if top.pos_ not in {"NOUN", "PROPN"}:
        return False
    if top.dep_ == "pobj":
        return top.head.lower_ != "as"
    return top.dep_ in {"dobj", "nsubj", "nsubjpass", "appos", "npadvmod", "conj"}


def _continued(
    sent: Span,
    prev: Span,
    plans: list[tuple[_Attribution, tuple[int, int]]],
    quotes: list[tuple[int, int]],
    state: _State,
) -> list[tuple[_Attribution, tuple[int, int]]]:
    """Reported speech going on in the next sentence: "The statement said troops would leave.
    Turkey would take over the camps." A main clause in the reported future ("would"), after a
    credited sentence and credited to nobody itself, is the same speaker's."""
    who = state.speaker_of_sent.get(prev.start)
    if prev.start not in state.reported_future:
        return []
    root = sent.root
    if who is None or _inside(quotes, root.idx) or root.pos_ not in {"VERB", "AUX"}:
        return []
    if not any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in root.children):
        return []
    if any(att.verb.i == root.i or lo <= root.i <= hi for att, (lo, hi) in plans):
        return []
    lo, hi = root.left_edge.i, root.right_edge.i
    for _, (a, _b) in plans:
        if lo < a <= hi:
            hi = a - 1
    doc = sent.doc
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ in {"nsubj", "dobj"} and doc[hi].tag_ == "WDT"):
        hi -= 1
    return [(_Attribution(who, root), (lo, hi))]


def _transcript(ctx: ExtractionContext, state: _State) -> list[tuple[int, int, URIRef | None]]:
    """Interview transcripts: a paragraph opening with a speaker's label ("((Jane Roe)) ...",
    "Jane Roe: ...") is that person's, and so are the paragraphs after it up to the next label or
    question. (start, end, speaker) per answer; a label naming no person of the article (the
    interviewer, "Q:") gives the outlet's questions, speaker None."""
    out: list[tuple[int, int, URIRef | None]] = []
    text = ctx.text
    pos = 0
    current: URIRef | None = None
    open_from = -1
    for para in text.split("\n"):
        stripped = para.strip()
        m = TRANSCRIPT_LABEL.match(stripped)
        if m is not None:
            if open_from >= 0 and current is not None:
                out.append((open_from, pos, current))
            label = m.group(1) or m.group(2)
            start = pos + para.index(label)
            span = ctx.doc.char_span(start, start + len(label), alignment_mode="expand")
            current = None
            if span is not None and len(span):
                current = _speaker(ctx, span.root, state)
                if current is not None and "/person/" not in str(current):
                    current = None
            open_from = pos
        elif stripped.endswith("?") and open_from >= 0:
            if current is not None:
                out.append((open_from, pos, current))
            current, open_from = None, -1
        pos += len(para) + 1
    if open_from >= 0 and current is not None:
        out.append((open_from, len(text), current))
    return out


def _answerer(answers: list[tuple[int, int, URIRef | None]], char: int) -> URIRef | None:
    return next((who for a, b, who in answers if a <= char < b), None)


def _remember(ctx: ExtractionContext, state: _State, sent: Span, who: URIRef) -> None:
    state.speaker_of_sent[sent.start] = who
    if "/person/" in str(who):
        state.persons.append((state.sent_no, who))
    for t in sent:
        lemma = t.lemma_.lower()
        if t.pos_ == "NOUN" and lemma in DOCUMENT_NOUNS:
            state.documents[lemma] = who


def _each(quants: list[QuantityMention]) -> list[QuantityMention | None]:
    """One claim per figure, or one without a figure."""
    return list(quants) if quants else [None]


def _quantities(ctx: ExtractionContext, a: int, b: int) -> list[QuantityMention]:
    return [q for q in ctx.quantities if a <= q.tok < b and q.principal]


@register_extractor("claims")
def extract_claims(ctx: ExtractionContext) -> None:
    doc = ctx.doc
    text = ctx.text
    quotes = quote_spans(text)
    sents = list(doc.sents)
    state = _State()
    frames: set[int] = set()  # verbs that only frame a quote
    done_quotes: set[int] = set()
    quoted_sents: set[int] = set()  # sentences whose quoted parts are claims already
    answers = _transcript(ctx, state)
    state.answers = answers
    for n, sent in enumerate(sents):
        state.sent_no = n
        if sent.start in ctx.title_sents or len(sent) < 4:
            continue
        # quotations set off in this sentence: each asserting sentence of the quote is a claim
        for qi, (qa, qb) in enumerate(quotes):
            if qi in done_quotes or not (sent.start_char <= qa < sent.end_char):
                continue
            done_quotes.add(qi)
            prefix = text[sent.start_char : max(sent.start_char, qa - 1)].strip()
            if prefix and prefix[-1] not in ",:—–-":
                continue  # a quoted phrase inside a clause: the sentence's own claim covers it
            last = n
            while last + 1 < len(sents) and sents[last + 1].start_char < qb:
                last += 1
            who, frame = _quote_speaker(ctx, sents, n, last, qa, qb, quotes, state, prefix)
            if who is None:
                continue
            if frame is not None:
                frames.add(frame)
            # (sentence, start, end, figures) of each claim the quote makes
            made: list[tuple[Span, int, int, list[QuantityMention]]] = []
            pieces: list[tuple[Span, int, int]] = []
            for k in range(n, last + 1):
                s = sents[k]
                quoted_sents.add(s.start)
                _remember(ctx, state, s, who)
                a, b = max(s.start_char, qa), min(s.end_char, qb)
                # "... the future […] We have to put aside differences": words left out between
                # two sentences the parser took for one
                for cut in ELLIPSIS.finditer(text, a, b):
                    pieces.append((s, a, cut.start()))
                    a = cut.end()
                pieces.append((s, a, b))
            for s, a, b in pieces:
                part = doc.char_span(a, b, alignment_mode="contract")
                if part is None or not _asserts(part):
                    continue
                quants = _quantities(ctx, part.start, part.end)
                words = [t for t in part if t.is_alpha]
                if made and not quants and (len(words) < SHORT_SENTENCE or words[0].lower_ in GOING_ON):
                    # "The explosion was very powerful. The whole building has collapsed.": a short
                    # sentence, or one opening "And ..."/"So ...", goes on with the claim before it
                    ps, pa, _pb, pq = made[-1]
                    made[-1] = (ps, pa, b, pq)
                    continue
                made.append((s, a, b, quants))
            for s, a, b, quants in made:
                quoted = text[a:b].strip()
                for q in _each(quants):
                    _claim(ctx, s, who, _clean(quoted), q, 0.7, (a, b), quoted.strip(" ,"), state)
            _remember(ctx, state, sent, who)
        end = sent.text.rstrip(" '\"”’\n")
        if end.endswith("?") and not _inside(quotes, sent.start_char + len(end) - 1):
            continue  # a question of the text's own ("Had the federation ever warned you ...?")
        attributions = [
            a for a in _attributions(ctx, sent, quotes, state) if a.verb.i not in frames and not a.frame_only
        ]
        quants = [q for q in _quantities(ctx, sent.start, sent.end) if not _inside(quotes, q.start_char)]
        verbs = {a.verb.i for a in attributions}
        plans: list[tuple[_Attribution, tuple[int, int]]] = []
        for att in attributions:
            if att.verb.lower_ == "according":
                plans.append((att, (sent.start, sent.end - 1)))
                continue
            for piece in _reported(att.verb, verbs - {att.verb.i}):
                plans.append((att, piece))
        if plans and n + 1 < len(sents) and _opens_quote(sents[n + 1], quotes):
            # "X also criticised the decision via Twitter." and a quote after it: the verb frames
            # the quote, which is the claim
            for att, _ in plans:
                if not _clausal(att.verb, quotes):
                    _remember(ctx, state, sent, att.who)
            plans = [(att, piece) for att, piece in plans if _clausal(att.verb, quotes)]
        if not plans and sent.start not in quoted_sents:
            plans = _quoting_subject(ctx, sent, quotes, state)
        if n > 0 and sent.start not in quoted_sents:
            plans = _continued(sent, sents[n - 1], plans, quotes, state) + plans
        whole = len(plans) == 1 and sent.start not in quoted_sents
        speakers = list(dict.fromkeys(att.who for att, _ in plans))
        for att, (lo, hi) in plans:
            if any(doc[i].lower_ in {"would", "'d"} and doc[i].dep_ == "aux" for i in range(lo, hi + 1)):
                state.reported_future.add(sent.start)
            if whole:
                span = (sent.start_char, sent.end_char)
            else:
                span = (doc[lo].idx, doc[hi].idx + len(doc[hi].text))
            content = _clean(text[span[0] : span[1]])
            mine = [q for q in quants if span[0] <= q.start_char < span[1]] or (quants if whole else [])
            if not mine and len(plans) == 1:
                # one speaker's one claim in the sentence: its figures are theirs even where the
                # claim's span stops short of them, or they stand in a quote no quote claim took
                # ("X confirmed the completion, writing that '303 defenders are home.'")
                mine = quants or (
                    _quantities(ctx, sent.start, sent.end) if sent.start not in quoted_sents else []
                )
            if len(speakers) > 1 and len(speakers) == len(quants):
                # "according to X and Y, 18,250 to 63,000 ...": each source its own figure, in order
                mine = [quants[speakers.index(att.who)]]
            for q in _each(mine):
                _claim(ctx, sent, att.who, content, q, 0.7, span, state=state)
            _remember(ctx, state, sent, att.who)
        if plans:
            continue
        if sent.start in quoted_sents:
            continue
        if sent.text.rstrip(" '\"”’").endswith("?"):
            continue  # a question asserts nothing, hedged or not ("According to you, what is ...?")
        answerer = _answerer(answers, sent.start_char) or _sourced_figure(ctx, sent, state)
        if _hedged(sent):
            for q in _each(quants):
                _claim(ctx, sent, answerer, _clean(sent.text), q, 0.6, state=state)
            continue
        for q in quants:
            if q.used_by_event:
                continue
            _claim(ctx, sent, answerer, " ".join(sent.text.split()), q, 0.6, state=state)
