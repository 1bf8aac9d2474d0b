"""The actor network: who is linked to whom, how strongly, and on what evidence.

Nodes are actors (persons, organisations, states and other organisation kinds, collectives).
Edges come from three kinds of fact, each kept on the edge with the source that states it:

* ``event``: two actors are participants of one event in one source's description of it;
* ``claim``: a claim by one actor (``ng:claimant``) is about another (``ng:about``);
* ``office``: a person holds an office of an organisation (``ng:holder`` / ``ng:office`` /
  ``ng:officeOf``), as an article states it or as the reference data records it.

An edge's ``weight`` is the number of *independent* sources behind it: articles of one outlet
count once, articles without a known outlet count one each, reference facts count once per cited
source.  The network can be cut to a time window (facts whose dates overlap it) and to one event
type (then only co-participation edges of that type remain).

Reading the store is done once into an :class:`ActorFacts` index; :meth:`ActorFacts.graph` then
builds filtered :class:`networkx.Graph` views cheaply.  Evidence sentences are fetched only for the
edges a caller looks at (:func:`path`, :func:`edge_evidence`).

Modules: ``facts`` (reading the store, filtering), ``measures`` (centrality, communities), ``paths``
(neighbourhoods, evidence paths), ``export`` (JSON, GraphML, GEXF, SVG, PNG), ``views`` (the pages'
view models, with page links from ``graph.read.pages``).  This package re-exports the public names.
"""

from __future__ import annotations

from graph.network.export import export, layout, svg, to_json
from graph.network.facts import (
    ACTOR_KINDS,
    EDGE_KINDS,
    EVENT_CLASSES,
    ActorFacts,
    Fact,
    actor_network,
    cached_facts,
    load_facts,
)
from graph.network.measures import betweenness, centrality, communities, pagerank
from graph.network.paths import edge_evidence, ego, path
from graph.read.dates import date_bounds

__all__ = [
    "ACTOR_KINDS",
    "EDGE_KINDS",
    "EVENT_CLASSES",
    "ActorFacts",
    "Fact",
    "actor_network",
    "betweenness",
    "cached_facts",
    "centrality",
    "communities",
    "date_bounds",
    "edge_evidence",
    "ego",
    "export",
    "layout",
    "load_facts",
    "pagerank",
    "path",
    "svg",
    "to_json",
]
