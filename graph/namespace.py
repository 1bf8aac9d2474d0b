"""The newsgraph vocabulary as a Python namespace.

Generated in spirit from ``ontology/newsgraph.ttl`` and kept in sync with it by
``tests/test_ontology.py``: every term here is declared in the ontology and every term the
ontology declares is here.  ``_fail = True`` makes a typo such as ``NG.Persn`` raise at once.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

NG_IRI = "https://w3id.org/newsgraph/ontology#"


class NG(DefinedNamespace):
    """Terms of the newsgraph ontology (``ng:``)."""

    _NS = Namespace(NG_IRI)
    _fail = True

    # --- Actors -------------------------------------------------------------------------
    Actor: URIRef  # anything that can act, assert or take part: person, organisation, collective
    Person: URIRef
    Organization: URIRef
    State: URIRef  # a sovereign state acting as an organisation (also described as a place)
    GovernmentBody: URIRef
    ArmedForce: URIRef  # an armed force or one of its units
    IntelligenceService: URIRef
    MediaOutlet: URIRef
    NGO: URIRef
    InternationalOrganization: URIRef
    Collective: URIRef  # an unnamed group credited with a claim ("Ukrainian officials")
    Place: URIRef

    # --- Offices --------------------------------------------------------------------------
    Office: URIRef  # a post of a state or organisation (org:Post)
    OfficeHolding: URIRef  # n-ary: holder, office, start, end, as-of, status
    HoldingStatus: URIRef  # skos:Concept class of statuses
    Current: URIRef
    Former: URIRef
    Acting: URIRef
    Nominated: URIRef
    Appointed: URIRef
    Outgoing: URIRef
    Historical: URIRef  # a past holding the text mentions (statue, "the 16th president", the dead); exported as former
    Elect: URIRef  # chosen, not yet in office (president-elect); exported as appointed
    Caretaker: URIRef  # interim or caretaker holder; exported as acting
    Candidate: URIRef  # runs or is proposed for the office, does not hold it
    Unspecified: URIRef

    # --- Events ---------------------------------------------------------------------------
    Event: URIRef
    PrisonerExchange: URIRef
    Attack: URIRef
    Negotiation: URIRef
    Statement: URIRef
    Appointment: URIRef
    Dismissal: URIRef
    OtherEvent: URIRef
    EventStatus: URIRef  # skos:Concept class: reported (happened) or announced (planned)
    Reported: URIRef
    Announced: URIRef  # scheduled, planned, due by a deadline: may lie after publication
    Participation: URIRef  # n-ary: an actor in a role in an event
    Role: URIRef  # skos:Concept class of participant roles
    Quantity: URIRef  # a counted amount: value, what is counted, unit, qualifier
    Qualifier: URIRef  # skos:Concept class: exactly, at least, more than ("over"), about, at most ("up to")
    Exactly: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    Approximately: URIRef
    AtMost: URIRef
    Measure: URIRef  # skos:Concept class of normalised "what is counted" keys

    # --- Claims, sources, evidence, provenance ----------------------------------------------
    Claim: URIRef
    Source: URIRef  # a news article
    Evidence: URIRef  # a Web Annotation specific resource: a span of a source's text
    Extraction: URIRef  # a prov:Activity that produced an article's graph
    ReferenceDataset: URIRef  # background knowledge with its own provenance
    Contradiction: URIRef  # recorded conflict between statements
    Severity: URIRef  # its members are sh:Violation, sh:Warning, sh:Info

    # --- Concept schemes ------------------------------------------------------------------------
    HoldingStatusScheme: URIRef  # skos:ConceptScheme of the HoldingStatus concepts
    QualifierScheme: URIRef  # skos:ConceptScheme of the Qualifier concepts
    EventStatusScheme: URIRef  # skos:ConceptScheme of the EventStatus concepts

    # --- Object properties ---------------------------------------------------------------------
    holder: URIRef  # OfficeHolding -> Person (org:member)
    office: URIRef  # OfficeHolding -> Office (cf. org:holds)
    status: URIRef  # OfficeHolding -> HoldingStatus
    officeOf: URIRef  # Office -> Organization (org:postIn)
    jurisdiction: URIRef  # Office -> State or Place (owl:unionOf)
    exclusiveWith: URIRef  # Office <-> Office: cannot be held together by one person
    participant: URIRef  # Event -> Actor (direct link, always written)
    participation: URIRef  # Event -> Participation
    agent: URIRef  # Participation -> Actor
    role: URIRef  # Participation -> Role
    place: URIRef  # Event -> Place
    partOf: URIRef  # Event -> Event (a phase of a whole)
    hasPart: URIRef  # inverse of partOf
    quantity: URIRef  # Event or Claim -> Quantity
    measure: URIRef  # Quantity -> Measure
    qualifier: URIRef  # Quantity -> Qualifier
    claimant: URIRef  # Claim -> Actor (who asserts)
    reportedBy: URIRef  # Claim or any fact -> Source (who reports)
    about: URIRef  # Claim -> anything it is about
    outlet: URIRef  # Source -> MediaOutlet
    evidence: URIRef  # any fact -> Evidence
    sameEventAs: URIRef  # Event <-> Event reported separately but the same
    eventStatus: URIRef  # Event -> EventStatus (absent: reported)
    disputes: URIRef  # statement -> statement it conflicts with
    supports: URIRef  # statement -> statement it corroborates
    involves: URIRef  # Contradiction -> statement
    severity: URIRef  # Contradiction -> Severity
    referenceEntity: URIRef  # mention entity -> reference entity
    stateOf: URIRef  # Place -> State whose territory it is (for countries)

    # --- Datatype properties -------------------------------------------------------------------
    name: URIRef  # canonical display name
    alias: URIRef  # another spelling used somewhere
    wikidataId: URIRef  # a verified Wikidata QID
    singleSeat: URIRef  # Office: true when one holder at a time
    officeTitle: URIRef  # OfficeHolding: the office as worded in the text
    startDate: URIRef
    endDate: URIRef
    asOf: URIRef  # the date on which a statement is made to hold
    label: URIRef  # short label of an event or claim
    value: URIRef  # Quantity numeric value
    counts: URIRef  # Quantity: what is counted, as worded
    unit: URIRef
    expectedParts: URIRef  # Event: number of parts that make its complete breakdown
    content: URIRef  # Claim: short paraphrase
    quote: URIRef  # Claim: the words quoted, when quoted
    unattributed: URIRef  # Claim credited to nobody in the text
    confidence: URIRef  # 0..1 confidence of an extracted fact
    sentence: URIRef  # Evidence: the whole sentence the fact came from
    text: URIRef  # Source: the stored article text that offsets point into
    contentHash: URIRef  # Source: sha256 of the stored text
    articleName: URIRef  # Source: input file name without extension, or record id
    publishedInferred: URIRef  # Source: the publication date was inferred from the text
    retrieved: URIRef  # Source: when it was retrieved or ingested
    inGraph: URIRef  # Source -> the IRI of its named graph
    softwareVersion: URIRef
    modelName: URIRef
    modelVersion: URIRef
    rule: URIRef  # Contradiction: the shape or rule that found it
    message: URIRef  # Contradiction: human-readable explanation
    detectedAt: URIRef
    validatedAt: URIRef  # Source: when what it touches was validated and its contradictions recorded
