"""Ingestion: reading inputs, the extraction pipeline, writing articles and the entity graph, reference data."""
