"""SPARQL text and media: terms, formats and content negotiation, guards, running one query.

The lowest layer above the foundation modules: nothing here knows a store, a server or a route.
"""
