"""Extraction components on small hand-written texts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import SHARED
from rdflib import RDF, Literal, URIRef

from graph import iris
from graph.extract import extract_article
from graph.extract.dates import find_dates, infer_publication, resolve_dates
from graph.extract.registry import pipeline, register_extractor, registered
from graph.model import Article
from graph.namespace import NG

OA = "http://www.w3.org/ns/oa#"


def run(text: str, published: date | None = date(2025, 5, 26)):
    return extract_article(Article(name="t", text=text, published=published))


def holdings(res) -> list[dict]:
    g = res.article_graph
    out = []
    for h in g.subjects(RDF.type, NG.OfficeHolding):
        out.append(
            {
                "holder": g.value(h, NG.holder),
                "office": g.value(h, NG.office),
                "title": str(g.value(h, NG.officeTitle)),
                "status": g.value(h, NG.status),
                "start": g.value(h, NG.startDate),
            }
        )
    return out


def person(name: str) -> URIRef:
    return iris.entity_iri("person", name)


def test_title_before_name():
    res = run("Russian Deputy Defense Minister Alexander Fomin said the talks would resume.")
    (h,) = holdings(res)
    assert h["holder"] == person("Alexander Fomin")
    assert h["title"] == "Deputy Defense Minister"
    assert h["office"] == iris.office_iri("deputy-defence-minister", "Russia")
    assert h["status"] == NG.Current


def test_title_with_of_and_org_prefixed_titles():
    res = run(
        "U.S. Secretary of State Antony Blinken met NATO Secretary General Mark Rutte and "
        "U.N. Secretary-General Antonio Guterres."
    )
    by_holder = {h["holder"]: h for h in holdings(res)}
    assert by_holder[person("Antony Blinken")]["title"] == "Secretary of State"
    assert by_holder[person("Antony Blinken")]["office"] == iris.office_iri(
        "foreign-minister", "United States"
    )
    assert by_holder[person("Mark Rutte")]["title"].endswith("Secretary General")
    assert by_holder[person("António Guterres")]["title"].endswith("Secretary-General")


def test_appointed_as_title():
    res = run(
        "President Volodymyr Zelensky on Thursday appointed Oleksandr Syrskyi as the new "
        "commander-in-chief of the armed forces."
    )
    (h,) = [h for h in holdings(res) if h["holder"] == person("Oleksandr Syrskyi")]
    assert h["status"] == NG.Appointed
    assert h["title"].startswith("commander-in-chief")


def test_titled_name_is_a_person_not_a_place():
    res = run("Four people were killed in Odesa, according to regional governor Oleh Kiper.")
    eg = res.entity_graph
    kiper = iris.entity_iri("person", "Oleh Kiper")
    assert (kiper, RDF.type, NG.Person) in eg
    assert (iris.entity_iri("place", "Oleh Kiper"), RDF.type, NG.Place) not in eg


def test_apposition_and_since_clause():
    res = run(
        "Kyrylo Budanov, Ukraine's chief of military intelligence who has led the Coordination "
        "Headquarters since June 2022, spoke to reporters."
    )
    hs = {h["title"]: h for h in holdings(res)}
    assert hs["chief of military intelligence"]["office"] == iris.office_iri(
        "military-intelligence-chief", "Ukraine"
    )
    lead = hs["head of the Coordination Headquarters"]
    assert lead["start"] == Literal("2022-06", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth"))


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Former U.S. President Joe Biden met the delegation in Kyiv.", NG.Former),
        ("Acting Foreign Minister Andrii Sybiha met the delegation in Kyiv.", NG.Acting),
        ("Outgoing Prime Minister Denys Shmyhal met the delegation in Kyiv.", NG.Outgoing),
    ],
)
def test_holding_status(text, status):
    (h,) = holdings(run(text))
    assert h["status"] == status


def test_plural_title():
    res = run("Presidents Vladimir Putin and Volodymyr Zelensky did not meet in Istanbul.")
    got = {(h["holder"], h["title"]) for h in holdings(res)}
    assert (person("Vladimir Putin"), "Presidents") in got
    assert (person("Volodymyr Zelensky"), "President") in got


def test_date_range_and_weekdays():
    text = "The swap ran from May 23-25, 2025. It began Friday, May 23. Saturday saw more releases, and it ended on Sunday."
    raw = find_dates(text)
    assert infer_publication(raw) == date(2025, 5, 25)
    resolved = resolve_dates(raw, date(2025, 5, 25), True)
    values = [(d.start, d.end) for d in resolved]
    assert values[0] == ("2025-05-23", "2025-05-25")
    assert ("2025-05-24", "2025-05-24") in values  # Saturday after Friday, May 23
    assert values[-1] == ("2025-05-25", "2025-05-25")  # Sunday


def test_weekday_against_publication_date():
    raw = find_dates("Officials said on Sunday that the talks had failed.")
    (d,) = resolve_dates(raw, date(2025, 5, 28), False)  # a Wednesday
    assert d.start == "2025-05-25"


def quantities(res) -> dict:
    g = res.article_graph
    return {
        g.value(q, NG.value).toPython(): (g.value(q, NG.qualifier), g.value(q, NG.measure))
        for q in g.subjects(RDF.type, NG.Quantity)
    }


def test_quantities_with_qualifiers():
    res = run(
        "The attacks killed at least 12 people. Ukrainian forces shot down 45 cruise missiles and "
        "over 150 drones, the air force said."
    )
    qs = quantities(res)
    assert qs[12] == (NG.AtLeast, iris.entity_iri("measure", "fatalities"))
    assert qs[45] == (NG.Exactly, iris.entity_iri("measure", "missiles-intercepted"))
    assert qs[150][0] == NG.MoreThan


def test_exchange_event_with_parts_and_counts():
    text = (
        "Russia and Ukraine released 1,000 prisoners each over a three-day period from May 23-25, 2025. "
        "The exchange began on Friday, May 23, when both sides released 390 prisoners each, including "
        "120 civilians. Saturday saw the exchange of 307 soldiers from each side."
    )
    res = run(text, None)
    g = res.article_graph
    events = list(g.subjects(RDF.type, NG.PrisonerExchange))
    by_start = {str(g.value(e, NG.startDate)): e for e in events}
    assert {"2025-05-23", "2025-05-24"} <= set(by_start)
    whole = [e for e in events if str(g.value(e, NG.endDate)) == "2025-05-25"][0]
    assert g.value(whole, NG.expectedParts).toPython() == 3
    assert (by_start["2025-05-24"], NG.partOf, whole) in g
    assert res.article.published == date(2025, 5, 25) and res.article.published_inferred


def claims(res) -> list[tuple]:
    g = res.article_graph
    return [(g.value(c, NG.claimant), g.value(c, NG.unattributed)) for c in g.subjects(RDF.type, NG.Claim)]


def test_claims_speaker_and_outlet():
    res = run(
        "Russian Foreign Minister Sergei Lavrov said that Moscow would present a draft. "
        "According to Yuriy Ihnat, Russia launched 69 missiles. "
        "The strikes hit over 30 towns."
    )
    got = claims(res)
    assert (person("Sergei Lavrov"), None) in got
    assert (person("Yuriy Ihnat"), None) in got
    assert (None, Literal(True)) in got
    for c in res.article_graph.subjects(RDF.type, NG.Claim):
        assert res.article_graph.value(c, NG.reportedBy) == res.article.source_iri


def test_collective_and_pronoun_speakers():
    res = run(
        "Ukrainian officials described it as the largest attack. Volodymyr Zelensky spoke in Kyiv. "
        "He said the talks had failed."
    )
    got = {c for c, _ in claims(res)}
    assert iris.entity_iri("collective", "Ukrainian officials") in got
    assert person("Volodymyr Zelensky") in got


def test_one_iri_per_actor():
    res = run(
        "Volodymyr Zelenskyy met Sergey Lavrov's envoy. Zelensky said Türkiye and Turkey are one. "
        "Sergei Lavrov agreed."
    )
    eg = res.entity_graph
    persons = set(eg.subjects(RDF.type, NG.Person))
    assert persons == {person("Volodymyr Zelensky"), person("Sergei Lavrov")}
    assert eg.value(person("Volodymyr Zelensky"), NG.wikidataId) == Literal("Q3881")
    assert (iris.entity_iri("organization", "Türkiye"), RDF.type, NG.State) in eg
    assert eg.value(person("Sergei Lavrov"), NG.wikidataId) is None  # none recorded: none invented


def test_surname_only_joins_full_name():
    res = run(
        "Oleh Synehubov, the regional governor, said the shelling went on. Synehubov added that "
        "power was cut."
    )
    assert set(res.entity_graph.subjects(RDF.type, NG.Person)) == {person("Oleh Synehubov")}


def test_headline_is_its_own_sentence_and_places_not_persons():
    res = run(
        "Strikes Hit Kharkiv\nRussia struck towns like Zolochiv and Bohodukhiv overnight, officials said."
    )
    eg = res.entity_graph
    assert (iris.entity_iri("place", "Kharkiv"), RDF.type, NG.Place) in eg
    assert not any("zolochiv" in str(p) for p in eg.subjects(RDF.type, NG.Person))


def test_nationality_is_not_a_place():
    res = run("Ukrainian drones struck a depot, the Ukrainian military said.")
    assert not list(res.entity_graph.subjects(RDF.type, NG.Place))
    assert not list(res.entity_graph.subjects(RDF.type, NG.State))


def test_every_evidence_span_reproduces_its_quote():
    root = SHARED / "corpus" / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))] or [
        "Russian Foreign Minister Sergei Lavrov said 12 people died."
    ]
    for text in texts:
        res = run(text, None)
        g = res.article_graph
        stored = str(g.value(res.article.source_iri, NG.text))
        n = 0
        for ev in g.subjects(RDF.type, NG.Evidence):
            sels = list(g.objects(ev, URIRef(OA + "hasSelector")))
            exact = next(
                str(g.value(s, URIRef(OA + "exact"))) for s in sels if g.value(s, URIRef(OA + "exact"))
            )
            pos = next(s for s in sels if g.value(s, URIRef(OA + "start")) is not None)
            start, end = int(g.value(pos, URIRef(OA + "start"))), int(g.value(pos, URIRef(OA + "end")))
            assert stored[start:end] == exact
            n += 1
        assert n > 10


def test_every_fact_has_provenance():
    res = run("Russian Foreign Minister Sergei Lavrov said 12 people died in the attack on Kyiv on Sunday.")
    g = res.article_graph
    activity = g.value(res.article.source_iri, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"))
    assert (activity, RDF.type, NG.Extraction) in g
    assert g.value(activity, NG.modelName) is not None
    for cls in (NG.OfficeHolding, NG.Claim, NG.Quantity, NG.Attack):
        nodes = list(g.subjects(RDF.type, cls))
        assert nodes, cls
        for node in nodes:
            assert g.value(node, NG.evidence) is not None
            assert isinstance(g.value(node, NG.confidence).toPython(), Decimal)
            assert g.value(node, URIRef("http://www.w3.org/ns/prov#wasGeneratedBy")) == activity


def test_registry_plugs_in_a_new_extractor(tmp_path, monkeypatch):
    @register_extractor("test_marker")
    def marker(ctx):
        ctx.g.add((ctx.src, NG.label, Literal("marked")))

    cfg = tmp_path / "pipeline.toml"
    cfg.write_text(
        '[pipeline]\nmodules = ["graph.extract.entities"]\nextractors = ["entities", "test_marker"]\n'
    )
    assert [n for n, _ in pipeline(str(cfg))] == ["entities", "test_marker"]
    assert "test_marker" in registered()
    monkeypatch.setenv("NEWSGRAPH_PIPELINE", str(cfg))
    res = run("Sergei Lavrov spoke.")
    assert (res.article.source_iri, NG.label, Literal("marked")) in res.article_graph
    assert not list(res.article_graph.subjects(RDF.type, NG.OfficeHolding))


def _stable(g):
    return {(x, p, o) for x, p, o in g if p != NG.retrieved and "activity" not in str(x) + str(o)}


def test_batch_extraction_matches_single():
    from graph.extract import extract_articles

    texts = [
        "Russian Foreign Minister Sergei Lavrov said 12 people died.",
        "Zelensky spoke in Kyiv on Monday.",
    ]
    arts = (Article(name=f"b{i}", text=t, published=date(2025, 5, 26)) for i, t in enumerate(texts))
    batch = list(extract_articles(arts))
    single = [run(t) for t in texts]
    for b, s in zip(batch, single, strict=True):
        assert b.article.name.startswith("b")
        assert len(_stable(b.article_graph)) == len(_stable(s.article_graph)) > 10


def test_a_bare_weekday_in_a_report_is_the_one_before_publication_unless_the_sentence_looks_ahead() -> None:
    """A dateline gives the story's full date (the publication day, a Thursday): "on Saturday" in a
    past-tense report is the Saturday before it, "will meet on Saturday" the one after."""
    text = (
        "August 8, 2019\n"
        "On Saturday morning, a gunman shot shoppers at a store. "
        "The two leaders will meet on Saturday in Geneva."
    )
    past, future = (
        d for d in resolve_dates(find_dates(text), date(2019, 8, 8), False, text) if not d.explicit
    )
    assert (past.start, future.start) == ("2019-08-03", "2019-08-10")
