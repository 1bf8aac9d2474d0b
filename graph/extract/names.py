"""Names as the gazetteers compare them (folding, spelling-tolerant keys, ``;``-separated lists) and
the gazetteer entry itself: the lowest part of extraction, shared by the reference rows
(graph/extract/gazetteer.py) and the bulk world knowledge (graph/extract/world.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_POSSESSIVE = re.compile(r"'s\b")
_PUNCT = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower-case, accents and punctuation removed, spaces collapsed."""
    if text.isascii():
        norm = text.casefold()
    else:
        norm = unicodedata.normalize("NFKD", text.replace("’", "'"))
        norm = "".join(c for c in norm if not unicodedata.combining(c)).casefold()
    norm = _POSSESSIVE.sub("", norm)
    norm = _PUNCT.sub("", norm)
    return " ".join(norm.split())


_ENDING = re.compile(r"(iy|yy|yi|ii|ij|ei|ey|y|i)$")


def name_key(text: str) -> str:
    """A spelling-tolerant key: transliteration variants ("-sky/-skyy/-skiy", "Sergei/Sergey") meet."""
    return " ".join(_ENDING.sub("Y", tok) for tok in fold(text).split())


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


@dataclass
class Entry:
    """One entity of the gazetteers."""

    kind: str  # person | organization | place
    rdf_type: str  # NG class local name
    name: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    source: str | None = None
    state: str | None = None  # for places and organisations: the country they belong to
    adjectives: list[str] = field(default_factory=list)  # for countries
    origin: str = "reference"  # reference (reference/*.csv) | pycountry (ISO 3166) | geonames
    code: str | None = None  # ISO 3166-1 alpha-2, ISO 3166-2 code, or GeoNames id
    place_kind: str | None = None  # for world places: city, state, province, region ...
    region: str | None = None  # for cities: the first-level subdivision they lie in, where known
    population: int = 0
