"""Serving: query executors and worker processes, the Graph Store Protocol, replicas of the store."""
