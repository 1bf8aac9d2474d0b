"""Validation: the SHACL shapes in ``shapes/`` checked against the store, by two engines.

The parts, each in its module (lowest first; none imports one listed after it):

* ``shapes``: the shapes files read into an rdflib graph (for pySHACL) and a model (for the SPARQL
  engine); the rules treated apart (conflicts between statements, mirrored pairs).
* ``results``: ``Issue``, ``ValidationResult``, severities, ``dedupe`` (one order of results).
* ``compile``: the shapes compiled to SPARQL text; ``engine``: ``SparqlEngine`` runs it on a store.
* ``shacl``: the pySHACL bridge (the reference engine).
* ``scope``: what a validation of some sources covers.
* ``contradictions``: one conflict, one result; agreeing quantities.
* ``explain``: the statements a result involves, described for people.
* ``record``: what reads or writes the validation graph (contradictions, ``ng:validatedAt``).
* ``pool``: a full pass shared among processes; ``reasoning``: the entity graph against the
  ontology; ``report``: reports in Turtle, JSON-LD, JSON and HTML.
* ``run``: the entry points, ``validate_all`` and ``validate_sources``.

This file imports nothing: ``from graph.validate.run import validate_all`` names where a thing lives.
"""
