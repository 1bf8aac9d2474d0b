"""graph/placenames.py: when a place name takes "the"."""

from __future__ import annotations

import pytest

from graph.placenames import of_place, takes_the, with_the


@pytest.mark.parametrize(
    "name",
    [
        "United States",
        "United Kingdom",
        "United Arab Emirates",
        "Russian Federation",
        "Czech Republic",
        "Dominican Republic",
        "Netherlands",
        "Philippines",
        "Solomon Islands",
        "Gaza Strip",
        "West Bank",
        "Black Sea",
        "Golan Heights",
        "Republic of Moldova",
        "Isle of Man",
        "Sea of Azov",
        "District of Columbia",
        "Gambia",
        "Middle East",
    ],
)
def test_names_that_take_the(name: str) -> None:
    assert takes_the(name)
    assert with_the(name) == f"the {name}"


@pytest.mark.parametrize(
    "name",
    [
        "Ukraine",
        "Puerto Rico",
        "Wales",
        "Honduras",
        "Bosnia and Herzegovina",
        "Vatican City",
        "Snake Island",
        "The Hague",
        "Korea, Republic of",
        "",
    ],
)
def test_bare_proper_names(name: str) -> None:
    assert not takes_the(name)


def test_of_place() -> None:
    assert of_place("President", "United States") == "President of the United States"
    assert of_place("President", "Ukraine") == "President of Ukraine"
    assert of_place("Senate", "Philippines") == "Senate of the Philippines"
    assert of_place("Secretary-General", None) == "Secretary-General"
