"""Claims in the forms news uses: reporting verbs, "according to", quotations framed before or after,
quotes that go on from a credited sentence, speakers resolved to persons, groups and organisations,
and what nobody is credited with left to the outlet. Hand-written news-style sentences (fictional
names), each with the speaker and evidence expected."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import RDF, URIRef

from graph.extract import extract_article
from graph.extract.claims import quote_spans
from graph.model import Article
from graph.namespace import NG

OA_SELECTOR = URIRef("http://www.w3.org/ns/oa#hasSelector")
OA_EXACT = URIRef("http://www.w3.org/ns/oa#exact")


def claims(text: str) -> list[tuple[str, str]]:
    """(speaker name or 'outlet', evidence) of every claim extracted from the text."""
    res = extract_article(Article(name="t", text=text, published=date(2024, 3, 14), outlet="Example News"))
    g, eg = res.article_graph, res.entity_graph
    out = []
    for c in g.subjects(RDF.type, NG.Claim):
        who = g.value(c, NG.claimant)
        speaker = "outlet" if who is None else str(eg.value(who, NG.name))
        ev = g.value(c, NG.evidence)
        exact = ""
        for sel in g.objects(ev, OA_SELECTOR):
            value = g.value(sel, OA_EXACT)
            if value is not None:
                exact = str(value)
        out.append((speaker, exact))
    return out


def has(found: list[tuple[str, str]], speaker: str, evidence: str) -> bool:
    return any(s == speaker and evidence in e for s, e in found)


CASES = [
    # reported speech, the speaker before the verb
    (
        "Mayor Elena Varga said the bridge would reopen in June.",
        [("Elena Varga", "the bridge would reopen in June")],
    ),
    # a quote with the speaker after it
    (
        '"The bridge will reopen in June," Elena Varga told reporters on Tuesday.',
        [("Elena Varga", "The bridge will reopen in June")],
    ),
    # a quote set off by a colon: each sentence of it is a claim
    (
        'Elena Varga said: "The bridge is safe. Our engineers have checked every cable."',
        [("Elena Varga", "The bridge is safe."), ("Elena Varga", "Our engineers have checked every cable.")],
    ),
    # a quote with no frame of its own goes on from the credited sentence before it
    (
        "Tomas Lindqvist criticised the plan on Monday. "
        '"The plan wastes money. Nobody asked the residents of the valley."',
        [("Tomas Lindqvist", "The plan wastes money."), ("Tomas Lindqvist", "Nobody asked the residents")],
    ),
    # a pronoun: the person credited last
    (
        "Tomas Lindqvist spoke at the council meeting. He added that the budget was far too small.",
        [("Tomas Lindqvist", "the budget was far too small")],
    ),
    # according to a collective
    (
        "According to police, the fire started in the kitchen of the restaurant.",
        [("Police", "the fire started in the kitchen")],
    ),
    # "X said Y, according to Z": X speaks
    (
        "Elena Varga said the vote had been unfair, according to the Daily Courier.",
        [("Elena Varga", "the vote had been unfair")],
    ),
    # one unnamed person and where they sit
    (
        "A source within the finance ministry said the figures had been changed.",
        [("Source within the finance ministry", "the figures had been changed")],
    ),
    # a group a possessive names speaks, not the possessor
    (
        "Elena Varga opened the bridge. According to Varga's critics, the opening is a stunt before the election.",
        [("Varga's critics", "the opening is a stunt")],
    ),
    # two clauses reported by one verb are two claims
    (
        "Elena Varga said the army had withdrawn and the border crossing would reopen on Friday.",
        [("Elena Varga", "the army had withdrawn"), ("Elena Varga", "the border crossing would reopen")],
    ),
    # a figure whose subject names its source
    (
        "Death tolls provided by officials to journalists exceeded 140 on Saturday.",
        [("Officials", "Death tolls provided by officials to journalists exceeded 140")],
    ),
    # "the ministry": the organisation named before with that word
    (
        "The Interior Ministry opened an inquiry on Monday. The ministry said 40 officers had been suspended.",
        [("Interior Ministry", "40 officers had been suspended")],
    ),
    # the media as a source; an unnamed source leaves the claim to the outlet
    (
        "According to local media, the school districts announced that classes would resume.",
        [("Local media", "classes would resume")],
    ),
    (
        "Over a thousand people were reported to have reached the border by Sunday.",
        [("outlet", "were reported to have reached the border")],
    ),
    # the name conjoined to a title in an inverted frame
    (
        '"Stripes may confuse the flies," said study co-author and research fellow Tomas Lindqvist.',
        [("Tomas Lindqvist", "Stripes may confuse the flies")],
    ),
    # a hedge nobody is credited with is the outlet's
    (
        "The fire was reportedly caused by a faulty heater in the basement.",
        [("outlet", "The fire was reportedly caused by a faulty heater")],
    ),
    # a passive with its agent
    (
        "The resignation of the treasurer was announced by Elena Varga on Friday.",
        [("Elena Varga", "The resignation of the treasurer was announced")],
    ),
    # a quoted phrase inside the speaker's own clause
    (
        'Elena Varga called the decision "a disgrace to the whole city" on Monday.',
        [("Elena Varga", "a disgrace to the whole city")],
    ),
    # an organisation's spokesperson speaks for it
    (
        "The Interior Ministry's spokesperson said the border would stay closed until Friday.",
        [("Interior Ministry", "the border would stay closed until Friday")],
    ),
    (
        "A spokesman for the Interior Ministry said the border would stay closed until Friday.",
        [("Interior Ministry", "the border would stay closed until Friday")],
    ),
    # "the governor": the person the article names in that post
    (
        "Governor Elena Varga visited the flooded town on Monday. "
        "The governor said the state would pay for the repairs.",
        [("Elena Varga", "the state would pay for the repairs")],
    ),
    # "described X as": the parser hangs "as" on the object
    (
        "Elena Varga described the plan as a disaster for the town.",
        [("Elena Varga", "described the plan as a disaster")],
    ),
    # "he": the subject of the sentence before, not the person named as its object
    (
        "Elena Varga died on Sunday aged 68. Tomas Lindqvist, the information minister paid tribute to "
        "Varga. He said the town had lost its best engineer.",
        [("Tomas Lindqvist", "the town had lost its best engineer")],
    ),
    # "he" after a person named as the subject of the same sentence
    (
        "Tomas Lindqvist opened the meeting. Elena Varga broke the news when she revealed that the "
        "harbour would close.",
        [("Elena Varga", "the harbour would close")],
    ),
    # collectives
    ("Witnesses said the gunmen fled in a white van.", [("Witnesses", "the gunmen fled in a white van")]),
    ("Officials warned that the dam could break within hours.", [("Officials", "the dam could break")]),
    # "in a statement ... denied", "tweeted that"
    (
        "In a statement, the Interior Ministry denied that any protester had been detained.",
        [("Interior Ministry", "denied that any protester had been detained")],
    ),
    (
        "Acme Corp tweeted that its servers had been restored.",
        [("Acme Corp", "its servers had been restored")],
    ),
    # the verb before its subject after a quote, and a collective with a colon
    ('"We are not leaving," said Elena Varga.', [("Elena Varga", "We are not leaving")]),
    ('Police said: "Two suspects have been arrested."', [("Police", "Two suspects have been arrested.")]),
    # reported speech going on in the next sentence, in the reported future
    (
        "Elena Varga said the army would withdraw from the valley. "
        "The police would take over the checkpoints in April.",
        [("Elena Varga", "The police would take over the checkpoints")],
    ),
    # a parenthetical "the statement said" reports the clause it interrupts
    (
        "In a statement, Elena Varga announced that the bridge would close. "
        "The repairs, the statement said, had been delayed by the floods.",
        [("Elena Varga", "had been delayed by the floods")],
    ),
    # "the statement" speaks for whoever made the statement
    (
        "In a statement, Elena Varga announced that the bridge would close. "
        "The statement also said the repairs would take two years.",
        [("Elena Varga", "the repairs would take two years")],
    ),
]


def test_words_left_out_of_a_quote_part_two_sentences() -> None:
    found = claims(
        'Elena Varga said: "So long as the roads stay closed, the villages in the valley will run '
        'out of food and fuel [...] We have to open the mountain pass before the first snow."'
    )
    assert has(found, "Elena Varga", "We have to open the mountain pass before the first snow.")
    assert not has(found, "Elena Varga", "fuel [...] We have to")


def test_short_or_continuing_quoted_sentences_go_on_with_the_claim_before() -> None:
    found = claims(
        'Tomas Lindqvist said: "The explosion was very powerful. The roof has gone. '
        "The council ignored every warning about the old gas pipes. And nobody checked the boiler "
        'in the basement for years."'
    )
    assert [e for s, e in found if s == "Tomas Lindqvist"] == [
        "The explosion was very powerful. The roof has gone.",
        "The council ignored every warning about the old gas pipes. And nobody checked the boiler "
        "in the basement for years.",
    ]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_claim_speaker_and_evidence(text: str, expected: list[tuple[str, str]]) -> None:
    found = claims(text)
    for speaker, evidence in expected:
        assert has(found, speaker, evidence), (speaker, evidence, found)


NOT_CLAIMS = [
    # a reporting verb with a person as its object asserts nothing
    "The city council confirmed him as treasurer on Monday.",
    # "maintain" without a clause is not reporting
    "The company wants to maintain an appearance of calm during the merger.",
    # a request in a quote is not an assertion
    'Elena Varga said: "Please stay at home tonight."',
    # "stressed the importance of ..." names a topic, it asserts no proposition
    "Elena Varga stressed the importance of clean water for the schools of the district.",
    # nor an exclamation or a wish
    'Elena Varga said: "What a wonderful day for this city!"',
    'Elena Varga wrote: "May the river spare our homes this winter."',
    # a negated reporting verb asserts nothing; "As of today" is no "as" complement
    "As of today, the mayor Elena Varga has not commented on the flooding on her Twitter account.",
    "Tomas Lindqvist did not say whether the bridge would reopen before the winter.",
    # a question asserts nothing, even with "according to"; nor a quoted question
    "According to you, what is the significance of the ruling for the valley?",
    'Elena Varga answered a question about the valley with "What is the valley?"',
    # a quoted term modifying a noun is not the subject's words
    'Elena Varga has repeatedly voted against a "car free" centre in the old town.',
    # a question of the text's own, even with a reporting verb
    "Had the Interior Ministry ever warned you that the bridge was unsafe?",
    "Did Elena Varga say that the bridge was unsafe?",
    # a pledge of a thing, not of a course
    "The Interior Ministry has pledged funds for the reconstruction of the bridge.",
    # a quoted name of a thing the subject acts on
    'The next day, Elena Varga held a "Salute to the Valley" in the town square in which she gave a speech.',
]


@pytest.mark.parametrize("text", NOT_CLAIMS, ids=[t[:40] for t in NOT_CLAIMS])
def test_not_a_claim(text: str) -> None:
    assert claims(text) == []


def test_one_claim_per_verb_of_a_speaker_that_reports_a_clause() -> None:
    # "confirmed the completion, writing that ...": the clause is the claim, not the act
    found = claims(
        "Elena Varga confirmed the completion of the works, writing on social media that the bridge was open."
    )
    assert [s for s, _ in found] == ["Elena Varga"]
    assert "the bridge was open" in found[0][1]


def test_quote_spans_keep_a_nested_quote_inside() -> None:
    text = 'He wrote, "The "United States" is not holding them." Then he left.'
    spans = quote_spans(text)
    assert [text[a:b] for a, b in spans] == ['The "United States" is not holding them.']


def test_quote_spans_single_quotes_british_style() -> None:
    text = (
        "The soldiers' families don't know. She said: 'We will stay here. Nobody can move us.' Then she left."
    )
    assert [text[a:b] for a, b in quote_spans(text)] == ["We will stay here. Nobody can move us."]
    text = "She said, \u2018We won\u2019t go, ever.\u2019 He would \u2018immediately\u2019 act."
    assert [text[a:b] for a, b in quote_spans(text)] == ["We won\u2019t go, ever."]


def test_single_quoted_speech_is_claimed() -> None:
    found = claims("Elena Varga said: 'The bridge is safe. Our engineers have checked every cable.'")
    assert has(found, "Elena Varga", "Our engineers have checked every cable.")


def test_quote_spans_curly_and_open_to_paragraph_end() -> None:
    text = "She said, \u201cWe will stay.\u201d\n\u201cWe will not leave this town\n"
    spans = quote_spans(text)
    assert [text[a:b] for a, b in spans] == ["We will stay.", "We will not leave this town"]


def test_quote_with_speaker_after_credits_the_speaker_not_the_previous_one() -> None:
    found = claims(
        "Tomas Lindqvist said the plan was costly. "
        '"The plan saves money for every family," Elena Varga replied on Tuesday.'
    )
    assert has(found, "Elena Varga", "The plan saves money for every family")
    assert not has(found, "Tomas Lindqvist", "The plan saves money")


def test_a_figure_restated_later_is_not_a_new_claim() -> None:
    found = claims(
        "Tomas Lindqvist said 120 houses had been flooded by the river. "
        "The storm reached the coast on Sunday. Lindqvist later said 120 houses had been flooded."
    )
    assert [s for s, _ in found].count("Tomas Lindqvist") == 1


def test_interview_answers_are_the_interviewees() -> None:
    found = claims(
        "Example News spoke to the candidate Elena Varga about her campaign.\n\n"
        "How big is the district?\n\n"
        "((Elena Varga)) The district has about 45,000 voters in 12 towns.\n\n"
        "Most of them work in the harbour, and 3,000 of them lost their jobs last year.\n\n"
        "What would you change?\n\n"
        "((Example News)) Our readers counted 40 closed shops.\n"
    )
    assert has(found, "Elena Varga", "about 45,000 voters")
    assert has(found, "Elena Varga", "3,000 of them lost their jobs")
    assert has(found, "outlet", "40 closed shops")
    assert not has(found, "outlet", "45,000 voters")


def test_he_or_she_in_an_interview_answer_is_not_the_one_answering() -> None:
    found = claims(
        "Example News spoke to the candidate Elena Varga.\n\n"
        "How did it start?\n\n"
        "((Elena Varga)) I told my mother about the plan. She said the plan would ruin the harbour.\n"
    )
    assert not has(found, "Elena Varga", "the plan would ruin the harbour")


def test_what_a_reported_clause_says_others_did_is_part_of_that_claim() -> None:
    # "noted that the council rejected ...": one claim, the speaker's, not one for the council too
    found = claims(
        "Elena Varga also noted that the Interior Ministry rejected the plan, and that the harbour "
        "might close if talks failed."
    )
    assert {s for s, _ in found} == {"Elena Varga"}
    assert has(found, "Elena Varga", "the Interior Ministry rejected the plan")
