"""Events on news wording: the four scored kinds (attacks, talks, appointments, exchanges) with their
dates and counts, what is not an event (figures of speech, conditions, negations, descriptions),
announced events, and which node a mention becomes across articles."""

from __future__ import annotations

from datetime import date

from rdflib import RDF, URIRef

from graph.extract import extract_article
from graph.model import Article
from graph.namespace import NG

PUB = date(2024, 3, 20)  # a Wednesday


def run(text: str, published: date | None = PUB, name: str = "t"):
    return extract_article(Article(name=name, text=text, published=published))


def events(res, cls: URIRef) -> list[URIRef]:
    return sorted(res.article_graph.subjects(RDF.type, cls))


def start(res, ev: URIRef) -> str | None:
    v = res.article_graph.value(ev, NG.startDate)
    return None if v is None else str(v)


def values(res, ev: URIRef) -> set[int]:
    g = res.article_graph
    return {int(g.value(q, NG.value)) for q in g.objects(ev, NG.quantity)}


def test_a_verbless_headline_and_an_exchange_of_hostages() -> None:
    """The repro of the hang: a sentence whose root is a noun, before an exchange."""
    res = run(
        "Statement on hostages\nThe exchange of 50 hostages for 150 prisoners on November 22, 2023.",
        published=date(2023, 11, 23),
    )
    (ev,) = events(res, NG.PrisonerExchange)
    assert start(res, ev) == "2023-11-22"
    assert {50, 150} <= values(res, ev)


def test_shooting_with_date_and_toll() -> None:
    res = run(
        "Shooting in a market\nOn Saturday, a gunman shot shoppers at a market in Lyon, killing "
        "seven people and injuring twelve."
    )
    (ev,) = events(res, NG.Attack)
    assert start(res, ev) == "2024-03-16"
    assert {7, 12} <= values(res, ev)


def test_stabbing_and_car_bomb_are_attacks() -> None:
    res = run(
        "Attacks\nA car bomb exploded outside a police station in Kabul on Monday, killing four officers. "
        "In a separate incident on Tuesday, a man stabbed three people at a station in Oslo."
    )
    assert {start(res, e) for e in events(res, NG.Attack)} == {"2024-03-18", "2024-03-19"}


def test_figurative_attacks_are_not_attacks() -> None:
    res = run(
        "Debate\nThe senator attacked the proposal on Monday. The former minister died of a heart "
        "attack on Tuesday. The two parties are locked in a court battle over the vote."
    )
    assert events(res, NG.Attack) == []


def test_talks_need_a_partner() -> None:
    res = run(
        "Talks\nThe foreign minister met with her French counterpart in Geneva on Monday. "
        "The committee will meet on Thursday. The plan does not meet the needs of farmers."
    )
    (ev,) = events(res, NG.Negotiation)
    assert start(res, ev) == "2024-03-18"


def test_an_undated_phone_call_with_someone_is_talks() -> None:
    res = run(
        "Call\nThe announcement came after the prime minister had a phone call with the Turkish president."
    )
    assert len(events(res, NG.Negotiation)) == 1


def test_appointment_steps_are_separate_events() -> None:
    """A confirmation and a swearing-in on one day are two events, not one."""
    res = run(
        "New governor\nOn Friday, the state senate confirmed the nominee, and she was sworn in as "
        "governor on Friday evening. The assembly has not confirmed the deputy.",
        published=date(2024, 3, 23),
    )
    evs = events(res, NG.Appointment)
    assert len(evs) == 2
    assert {start(res, e) for e in evs} == {"2024-03-22"}


def test_descriptions_conditions_and_negations_are_no_appointments() -> None:
    res = run(
        "Parliament\nThe newly elected president gave a speech. If the senate confirms him, he will serve "
        "until 2026. The senate did not confirm the judge. Voters may wish to re-elect them."
    )
    assert events(res, NG.Appointment) == []


def test_elected_to_a_post_and_became_minister() -> None:
    res = run(
        "Career\nShe was elected to the regional assembly. She became finance minister in 1998 and was "
        "elected president in 2005.",
    )
    assert sorted(start(res, e) for e in events(res, NG.Appointment)) == ["1998", "2005"]


def test_announced_events_are_marked() -> None:
    res = run(
        "Summit\nThe two leaders will meet with each other in Geneva on March 30, 2024. The foreign "
        "ministers met with the envoy in Vienna on March 18, 2024."
    )
    g = res.article_graph
    status = {start(res, e): g.value(e, NG.eventStatus) for e in events(res, NG.Negotiation)}
    assert status == {"2024-03-30": NG.Announced, "2024-03-18": None}


def test_the_attack_refers_back_to_the_recent_one_not_the_background_one() -> None:
    res = run(
        "Bombing\nA car bomb was on Monday rammed into a police base in Herat. Officials called it the "
        "deadliest since an assault in Kunduz in August 2018, which killed 40 soldiers. A spokesman said "
        "the attack had killed 23 people."
    )
    by_start = {start(res, e): e for e in events(res, NG.Attack)}
    assert set(by_start) == {"2024-03-18", "2018-08"}
    assert 23 in values(res, by_start["2024-03-18"])
    assert 40 in values(res, by_start["2018-08"])
    assert 23 not in values(res, by_start["2018-08"])


def test_a_time_of_day_is_not_a_count() -> None:
    res = run("Oath\nThe governor was sworn in at 5 p.m. local time (2100 UTC) on Friday.")
    g = res.article_graph
    assert {int(v) for v in g.objects(None, NG.value)} & {5, 2100} == set()


def test_two_articles_one_event_only_when_date_and_place_or_participants_agree() -> None:
    a = run(
        "Shooting\nOn Saturday, a gunman opened fire at a supermarket in El Paso, killing 22 people.",
        name="a",
    )
    b = run(
        "Mosque attack\nOn Saturday, a gunman opened fire at a mosque in Christchurch, killing 49 people.",
        name="b",
    )
    c = run("Toll rises\nThe shooting at a supermarket in El Paso on Saturday killed 22 people.", name="c")
    (ea,) = events(a, NG.Attack)
    (eb,) = events(b, NG.Attack)
    (ec,) = events(c, NG.Attack)
    assert start(a, ea) == start(b, eb) == start(c, ec) == "2024-03-16"
    assert ea != eb  # same type and day, different places: two events
    assert ea == ec  # same type, day and place: one event


def test_undated_events_stay_with_their_article() -> None:
    text = "Talks\nThe prime minister had a phone call with the Turkish president."
    (ea,) = events(run(text, name="a"), NG.Negotiation)
    (eb,) = events(run(text + " It went well.", name="b"), NG.Negotiation)
    assert ea != eb


def test_conferences_illness_disasters_and_awards_are_not_scored_events() -> None:
    res = run(
        "Notes\nTwo studies were presented on Monday at the annual meeting of a chemistry society in Lyon. "
        "The singer died on Tuesday after a long battle with cancer. An earthquake struck the coast on "
        "Monday, injuring 25 people. The actress was nominated for an award in 1959. In his talk at a "
        "think tank on Tuesday, the minister spoke about energy."
    )
    assert events(res, NG.Negotiation) == []
    assert events(res, NG.Attack) == []
    assert events(res, NG.Appointment) == []


def test_a_stabbing_needs_no_toll() -> None:
    res = run("Mayor stabbed\nThe mayor was stabbed on stage during a charity concert on Sunday.")
    (ev,) = events(res, NG.Attack)
    assert start(res, ev) == "2024-03-17"
    assert res.article_graph.value(ev, NG.eventStatus) is None  # reported, not announced


def test_taking_office_and_talks_the_reader_knows_of() -> None:
    res = run(
        "New speaker\nThe veteran lawmaker yesterday resumed the office of Speaker of the House. "
        "The foreign minister of Italy joined the talks as an observer."
    )
    (ap,) = events(res, NG.Appointment)
    assert start(res, ap) == "2024-03-19"
    assert len(events(res, NG.Negotiation)) == 1
    none = run("Tea\nShe took a seat and resumed her reading. Peace talks are often slow.")
    assert events(none, NG.Appointment) == [] and events(none, NG.Negotiation) == []


def test_each_side_of_an_exchange_is_the_states_the_article_names() -> None:
    res = run(
        "Prisoner swap\nOn Monday, Norway and Finland held a prisoner exchange, releasing 40 prisoners each. "
        "Tuesday saw the exchange of 25 detainees from each side."
    )
    g = res.article_graph
    exchanges = events(res, NG.PrisonerExchange)
    assert len(exchanges) == 2
    for ev in exchanges:
        names = {str(g.value(p, NG.name)) for p in g.objects(ev, NG.participant)} | {
            str(p).rsplit("/", 1)[-1] for p in g.objects(ev, NG.participant)
        }
        assert {"norway", "finland"} <= names, (ev, names)


def test_who_condemns_an_attack_takes_no_part_in_it() -> None:
    res = run(
        "Strike on the capital\nOn Sunday, Prime Minister Anna Lindqvist condemned a missile attack on "
        "Oslo that killed three people."
    )
    g = res.article_graph
    (ev,) = events(res, NG.Attack)
    assert not any("lindqvist" in str(p) for p in g.objects(ev, NG.participant))
