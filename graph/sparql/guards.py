"""Checks on SPARQL text before it reaches the engine: nesting depth, federation, local files, graph
IRIs, and the protocol's USING clauses.

Every executor (graph/serve/executor.py) runs :func:`check_sparql` before a query or update reaches
pyoxigraph or a remote server; the HTTP shell runs :func:`check_iri` on Graph Store targets and
:func:`with_using` on updates that carry ``using-graph-uri``; the CLI asks :func:`query_form` which
result a query gives.  All of them read the text with one small lexer, :func:`_scan`, which knows
strings, IRIs and comments well enough that a keyword inside them is not taken for one.

Sections: the lexer (and the query form it tells), the guards, the protocol's USING clauses.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.errors import InputError, QuerySyntaxError
from graph.sparql.terms import iri_term, to_oxigraph

#: deepest ( { [ nesting accepted; much deeper nesting overflows the SPARQL parser's stack
MAX_NESTING = 200

# ---------------------------------------------------------------------------------------------
# The lexer
# ---------------------------------------------------------------------------------------------


def _scan(text: str) -> tuple[list[tuple[int, int, str, int]], int]:
    """The one SPARQL lexer here: (start, end, upper-cased word, brace depth) of every keyword outside
    strings, IRIs and comments, and the deepest ( { [ nesting.  '<' opens an IRI when a '>' follows
    with no space in between; otherwise it is a comparison."""
    words: list[tuple[int, int, str, int]] = []
    i, n, braces, depth, deepest = 0, len(text), 0, 0, 0
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<":
            j = text.find(">", i)
            i = j + 1 if j > 0 and not any(ch.isspace() for ch in text[i:j]) else i + 1
        elif c in "({[":
            braces += c == "{"
            depth += 1
            deepest = max(deepest, depth)
            i += 1
        elif c in ")}]":
            braces -= c == "}"
            depth -= 1
            i += 1
        elif c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ":_-?$")):
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-:"):
                j += 1
            words.append((i, j, text[i:j].upper(), braces))
            i = j
        else:
            i += 1
    return words, deepest


def _top_level_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, upper-cased word) of the keywords outside braces, strings, IRIs and comments."""
    return [(i, j, w) for i, j, w, braces in _scan(text)[0] if braces == 0]


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword after the prologue (SELECT when
    there is none; the engine then says what is wrong).  An IRI or comment holding one of the words,
    or a ``#`` in a PREFIX IRI, does not mislead it."""
    return next((w for _i, _j, w in _top_level_words(text) if w in QUERY_FORMS), "SELECT")


# ---------------------------------------------------------------------------------------------
# The guards
# ---------------------------------------------------------------------------------------------


def check_sparql(text: str, update: bool = False) -> None:
    """Refuse what an open endpoint must not do, before any engine sees it.

    SERVICE (federation) would let any client make the server fetch URLs; LOAD would read URLs
    and local files; nesting deeper than MAX_NESTING overflows the parser's stack."""
    found, deepest = _scan(text)
    words = {w for _, _, w, _ in found}
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(
            f"the query is nested {deepest} levels deep; at most {MAX_NESTING} are accepted"
        )
    if "SERVICE" in words:
        raise QuerySyntaxError("SERVICE (federated query) is disabled on this endpoint")
    if update and "LOAD" in words:
        raise QuerySyntaxError(
            "LOAD is disabled on this endpoint: send the data with the Graph Store Protocol (PUT or "
            "POST /store) or INSERT DATA"
        )


def check_iri(iri: str) -> None:
    """Refuse a graph IRI pyoxigraph would not take (spaces, no scheme, ...) with an InputError (400)."""
    try:
        to_oxigraph(URIRef(iri))
    except Exception as exc:
        raise InputError(f"not a valid graph IRI: {iri[:200]!r}") from exc


# ---------------------------------------------------------------------------------------------
# The protocol's USING clauses
# ---------------------------------------------------------------------------------------------


def with_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Apply protocol ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses of each
    DELETE/INSERT ... WHERE operation; an update that has USING or WITH itself is refused."""
    for iri in using + using_named:
        check_iri(iri)
    words = _top_level_words(update)
    if any(w in ("USING", "WITH") for _s, _e, w in words):
        raise InputError("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH")
    clause = " ".join(
        [f"USING {iri_term(u)}" for u in using] + [f"USING NAMED {iri_term(u)}" for u in using_named]
    )
    out, last = [], 0
    prev, prev_end = "", 0
    for start, end, word in words:
        shorthand = prev == "DELETE" and not update[prev_end:start].strip()  # DELETE WHERE { }
        if word == "WHERE" and not shorthand:
            out.append(update[last:start])
            out.append(clause + " ")
            last = start
        prev, prev_end = word, end
    out.append(update[last:])
    return "".join(out)
