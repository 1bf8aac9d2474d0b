"""Background lexicons read from ``reference/`` (never written in Python): countries with their
adjectives, places, organisations, persons, offices and their title variants, office holdings and
measures.  Loaded once per process."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.config import reference_dir
from graph.extract.names import Entry, fold, name_key, split_list
from graph.extract.world import World, build_world


@dataclass
class OfficeDef:
    key: str
    name: str  # "Foreign Minister"
    variants: list[str]
    single_seat: bool
    exclusive_with: list[str]
    source: str | None = None


@dataclass
class Holding:
    person: str
    office: str  # office key
    jurisdiction: str | None
    title: str
    start: str | None
    end: str | None
    source: str


@dataclass
class MeasureDef:
    key: str
    label: str
    unit: str
    counted: list[str]  # lemmas of what is counted
    context: list[str]  # lemmas that must occur in the clause (any), empty = none needed


@dataclass
class Gazetteer:
    entries: list[Entry]
    offices: list[OfficeDef]
    holdings: list[Holding]
    measures: list[MeasureDef]
    event_triggers: dict[str, list[tuple[str, str, str]]]  # lemma -> [(event type, pos, required lemmas)]
    by_alias: dict[str, Entry] = field(default_factory=dict)
    by_key: dict[str, Entry] = field(default_factory=dict)
    adjectives: dict[str, Entry] = field(default_factory=dict)
    titles: dict[str, OfficeDef] = field(default_factory=dict)
    office_by_key: dict[str, OfficeDef] = field(default_factory=dict)
    world: World | None = None  # bulk world knowledge (ISO 3166, GeoNames); None: reference rows only

    def __post_init__(self) -> None:
        for e in self.entries:
            for n in [e.name, *e.aliases]:
                self.by_alias.setdefault(fold(n), e)
                if e.kind == "person":
                    self.by_key.setdefault(name_key(n), e)
            for a in e.adjectives:
                self.adjectives.setdefault(fold(a), e)
        for o in self.offices:
            self.office_by_key[o.key] = o
            for v in [o.name, *o.variants]:
                self.titles.setdefault(fold(v), o)

    def lookup(self, text: str, kind: str | None = None, world: bool = True) -> Entry | None:
        """An entity by name or alias: reference rows first, then (``world``) the bulk sources: states
        (ISO 3166-1) for any kind but person, and sub-national units and cities for kind None or "place"."""
        e = self.by_alias.get(fold(text))
        if e is None and (kind in (None, "person")):
            e = self.by_key.get(name_key(text))
            if e is not None and e.kind != "person":
                e = None
        if e is None and world and kind != "person":
            e = self.country(text, adjectives=False)
            if e is None and kind in (None, "place"):
                e = self.place(text)
        if e is not None and kind is not None and e.kind != kind:
            return None
        return e

    def country(self, text: str, adjectives: bool = True) -> Entry | None:
        """A state by name, alias, ISO code or (``adjectives``) adjective/demonym: "Ukrainian", "U.S.",
        "Afghan", "Belarusian"."""
        f = fold(text)
        if not f:
            return None
        e = self.by_alias.get(f)
        if e is not None and e.rdf_type == "State":
            return e
        if adjectives and f in self.adjectives:
            return self.adjectives[f]
        w = self.world
        if w is None:
            return None
        e = w.countries.get(f)
        if e is None and adjectives:
            e = w.adjectives.get(f)
        if e is None and f.startswith("the "):
            e = w.countries.get(f[4:])
        if e is not None and len(f) <= 3 and not text.isupper():
            return None  # ISO codes only as written in capitals ("UK", not "uk")
        return e

    def subdivision(self, text: str, state: str | None = None) -> Entry | None:
        """A first-level sub-national unit (ISO 3166-2: US state, province, oblast, region ...), optionally
        of a given state; its ``state`` is the country it belongs to."""
        w = self.world
        if w is None:
            return None
        f = fold(text)
        for e in w.subdivisions.get(f, []):
            if state is None or e.state == state:
                return e
        return None

    def city(self, text: str, state: str | None = None) -> Entry | None:
        """A city (GeoNames, 15,000 people or more), the most populous of that name unless ``state`` is
        given; its ``state`` is the country, ``region`` the subdivision where known."""
        w = self.world
        if w is None:
            return None
        for e in w.cities.get(fold(text), []):
            if state is None or e.state == state:
                return e
        return None

    def place(self, text: str, state: str | None = None) -> Entry | None:
        """A place below the state: reference places, then ISO 3166-2 subdivisions, then GeoNames cities."""
        e = self.by_alias.get(fold(text))
        if e is not None and e.kind == "place" and (state is None or e.state in (None, state)):
            return e
        return self.subdivision(text, state) or self.city(text, state)

    def state_of(self, text: str) -> str | None:
        """The state a name belongs to: the state itself ("France", "French"), a sub-national unit
        ("Florida" -> United States) or a city ("Gdansk" -> Poland); None when unknown."""
        e = self.country(text)
        if e is not None:
            return e.name
        e = self.lookup(text, world=False)
        if e is not None and e.kind != "person":
            return e.state
        e = self.place(text)
        return e.state if e is not None else None

    def jurisdiction(self, text: str) -> Entry | None:
        """What a title's jurisdiction word names: a state (by name or adjective), else a sub-national
        unit, else a city ("Florida Governor", "mayor of Gdansk", "the Mexican President")."""
        return self.country(text) or self.subdivision(text) or self.place(text)

    def holders(self, office: str, jurisdiction: str | None, on: str | None) -> list[Holding]:
        """Reference holders of an office on a date (ISO prefix comparison)."""
        out = []
        for h in self.holdings:
            if h.office != office or (jurisdiction and h.jurisdiction != jurisdiction):
                continue
            if on and h.start and h.start[: len(on)] > on:
                continue
            if on and h.end and h.end[: len(on)] <= on:
                continue
            out.append(h)
        return out

    def offices_of(self, person: str) -> list[Holding]:
        return [h for h in self.holdings if h.person == person]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {k: (v or "").strip() for k, v in row.items() if k}
            for row in csv.DictReader(line for line in fh if not line.startswith("#"))
        ]


def _truthy(v: str) -> bool:
    return v.strip().lower() in {"1", "true", "yes", "y"}


def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    folder = folder or reference_dir()
    entries: list[Entry] = []
    for r in _rows(folder / "countries.csv"):
        entries.append(
            Entry(
                "organization",
                "State",
                r["name"],
                split_list(r.get("aliases")),
                r.get("wikidata") or None,
                r.get("source"),
                r["name"],
                split_list(r.get("adjectives")),
            )
        )
    for r in _rows(folder / "places.csv"):
        entries.append(
            Entry(
                "place",
                "Place",
                r["name"],
                split_list(r.get("aliases")),
                r.get("wikidata") or None,
                r.get("source"),
                r.get("state") or None,
            )
        )
    for r in _rows(folder / "organizations.csv"):
        entries.append(
            Entry(
                "organization",
                r.get("type") or "Organization",
                r["name"],
                split_list(r.get("aliases")),
                r.get("wikidata") or None,
                r.get("source"),
                r.get("country") or None,
            )
        )
    for r in _rows(folder / "persons.csv"):
        entries.append(
            Entry(
                "person",
                "Person",
                r["name"],
                split_list(r.get("aliases")),
                r.get("wikidata") or None,
                r.get("source"),
            )
        )
    offices = [
        OfficeDef(
            r["key"],
            r["name"],
            split_list(r.get("variants")),
            _truthy(r.get("single_seat", "")),
            split_list(r.get("exclusive_with")),
            r.get("source"),
        )
        for r in _rows(folder / "offices.csv")
    ]
    holdings = [
        Holding(
            r["person"],
            r["office"],
            r.get("jurisdiction") or None,
            r.get("title") or "",
            r.get("start") or None,
            r.get("end") or None,
            r["source"],
        )
        for r in _rows(folder / "holdings.csv")
    ]
    measures = [
        MeasureDef(
            r["key"],
            r["label"],
            r.get("unit", ""),
            split_list(r.get("counted")),
            split_list(r.get("context")),
        )
        for r in _rows(folder / "measures.csv")
    ]

    world = build_world(entries, folder / "demonyms.csv")
    known = {id(e) for e in entries}
    for e in world.by_code.values():
        if id(e) not in known:
            known.add(id(e))
            entries.append(e)
    triggers: dict[str, list[tuple[str, str, str]]] = {}
    for r in _rows(folder / "event_triggers.csv"):
        triggers.setdefault(r["lemma"].lower(), []).append(
            (r["type"], r.get("pos") or "any", r.get("requires", ""))
        )
    return Gazetteer(entries, offices, holdings, measures, triggers, world=world)


@lru_cache(maxsize=2)
def gazetteer(folder: str | None = None) -> Gazetteer:
    return load_gazetteer(Path(folder) if folder else None)
