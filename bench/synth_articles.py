"""Synthetic news articles for benchmarks: varied wording, made-up facts, about 800 words each.

Names come from the gazetteers in ``reference/`` when they are there (``persons.csv``,
``countries.csv``, ``places.csv``, column ``name``), else from small built-in lists of made-up
names.  Sentences are drawn from templates about office holders, prisoner exchanges, attacks,
negotiations and statements, with numbers, dates and quotes, so that extraction has real work.
Deterministic for a given seed.

    python bench/synth_articles.py --n 5 --out /tmp/synth    # write 5 .txt files
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MADE_UP_PERSONS = [
    "Arlen Vosk",
    "Mira Tolvanen",
    "Dario Kestrel",
    "Ilse Marrow",
    "Tomas Brevik",
    "Ana Solberg",
    "Pavel Orsk",
    "Lena Quist",
    "Ruben Hale",
    "Sofia Drummond",
    "Viktor Lanne",
    "Nadia Ferro",
    "Oskar Lind",
    "Hana Petrel",
    "Jonas Wexley",
    "Elena Marsk",
    "Felix Arbor",
    "Greta Holm",
]
MADE_UP_STATES = [
    ("Valdoria", "Valdorian"),
    ("Ostrava Republic", "Ostravan"),
    ("Kestania", "Kestanian"),
    ("Lorvia", "Lorvian"),
    ("Marendia", "Marendian"),
    ("Tesk", "Teskish"),
]
MADE_UP_PLACES = [
    "Port Alden",
    "Vesk",
    "Harrowgate",
    "Lindmark",
    "Corvel",
    "Tarn",
    "Ostby",
    "Welmar",
    "Brask",
    "Kelloway",
    "Sarn",
    "Dunmere",
]
OFFICES = [
    "Foreign Minister",
    "Defence Minister",
    "Prime Minister",
    "President",
    "Interior Minister",
    "Chief of the General Staff",
    "Finance Minister",
]
STATUS_WORDS = ["", "", "", "former ", "acting ", "newly appointed "]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _gazetteer_names(file: str, limit: int = 200) -> list[str]:
    path = ROOT / "reference" / file
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [r["name"].strip() for r in rows if r.get("name", "").strip()][:limit]


@dataclass
class Lexicon:
    persons: list[str]
    states: list[tuple[str, str]]  # (name, adjective)
    places: list[str]

    @classmethod
    def load(cls) -> Lexicon:
        persons = _gazetteer_names("persons.csv") or MADE_UP_PERSONS
        places = _gazetteer_names("places.csv") or MADE_UP_PLACES
        states: list[tuple[str, str]] = []
        path = ROOT / "reference" / "countries.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                for r in csv.DictReader(line for line in fh if not line.startswith("#")):
                    adj = (r.get("adjectives") or r.get("adjective") or "").split(";")[0].strip()
                    if r.get("name") and adj:
                        states.append((r["name"].strip(), adj))
        return cls(persons, states or MADE_UP_STATES, places)


def _fmt(d: date, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == 1:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.day}"


def _sentence(rng: random.Random, lex: Lexicon, day: date) -> str:
    p, q = rng.sample(lex.persons, 2)
    (s1, a1), (s2, a2) = rng.sample(lex.states, 2)
    place = rng.choice(lex.places)
    office = rng.choice(OFFICES)
    status = rng.choice(STATUS_WORDS)
    n = rng.choice([12, 45, 69, 120, 150, 298, 303, 307, 390, 1000, 1200, 8000])
    m = rng.randrange(2, 90)
    when = _fmt(day - timedelta(days=rng.randrange(0, 4)), rng)
    templates = [
        f"{a1} {status}{office} {p} said on {when} that talks with {s2} would continue in {place}.",
        f"{s1} and {s2} exchanged {n} prisoners each on {when}, officials in {place} confirmed.",
        f"According to {a1} officials, {s2} launched {m} missiles and {n} drones at {place} overnight.",
        f'"We will not accept these terms," {p}, the {a1} {office}, told reporters in {place}.',
        f"{p} has served as {office} of {s1} since {MONTHS[rng.randrange(12)]} {day.year - rng.randrange(1, 6)}.",
        f"At least {m} people were killed and {n} injured when strikes hit {place} on {when}.",
        f"The {a2} delegation, led by {q}, arrived in {place} for a second round of negotiations.",
        f"{q} described the meeting with {p} as constructive, but no ceasefire was agreed.",
        f"More than {n} civilians remain detained, {a1} {office} {p} said in a statement.",
        f"Analysts in {place} said the exchange of {n} detainees could open the way to broader talks between {s1} and {s2}.",
        f"{s2} said its air defences shot down {m} of the drones, a figure {a1} officials disputed.",
        f"On {when}, {p} was appointed {office} of {s1}, replacing {q}.",
        f"The agreement, reached after {m} hours of talks in {place}, covers about {n} prisoners of war.",
        f"{q}, a former {office} of {s2}, criticised the deal as premature.",
        f"Officials expect a further {m} detainees to be released by the end of {MONTHS[day.month - 1]}.",
    ]
    return rng.choice(templates)


def synth_article(i: int, seed: int = 0, words: int = 800, lex: Lexicon | None = None) -> tuple[str, str]:
    """(name, text) of one synthetic article: a headline line, then paragraphs up to ``words`` words."""
    rng = random.Random(f"{seed}-{i}")
    lex = lex or Lexicon.load()
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 300))
    (s1, _), (s2, _) = rng.sample(lex.states, 2)
    headline = rng.choice(
        [
            f"{s1} and {s2} Resume Talks in {rng.choice(lex.places)}",
            f"Prisoner Exchange Between {s1} and {s2} Completed",
            f"Overnight Strikes Hit {rng.choice(lex.places)} as Talks Stall",
            f"New {rng.choice(OFFICES)} Named in {s1}",
        ]
    )
    paras: list[str] = []
    count = 0
    while count < words:
        para = " ".join(_sentence(rng, lex, day) for _ in range(rng.randrange(3, 6)))
        paras.append(para)
        count += len(para.split())
    return f"synth_{seed}_{i:05d}", headline + "\n\n" + "\n\n".join(paras) + "\n"


def synth_corpus(n: int, seed: int = 0, words: int = 800) -> list[tuple[str, str]]:
    lex = Lexicon.load()
    return [synth_article(i, seed, words, lex) for i in range(n)]


def write_corpus(folder: Path, n: int, seed: int = 0, words: int = 800) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in synth_corpus(n, seed, words):
        p = folder / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10, help="number of articles")
    ap.add_argument("--seed", type=int, default=0, help="random seed")
    ap.add_argument("--words", type=int, default=800, help="approximate words per article")
    ap.add_argument("--out", type=Path, required=True, help="folder to write .txt files into")
    args = ap.parse_args()
    paths = write_corpus(args.out, args.n, args.seed, args.words)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
