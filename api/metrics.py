"""Prometheus metrics, registered once per process."""

from prometheus_client import Counter, Histogram

__all__ = ["CYPHER_QUERIES", "REQUESTS", "REQUEST_SECONDS", "SEARCH_SECONDS"]

REQUESTS = Counter("careergraph_http_requests_total", "HTTP requests", ["method", "path", "status"])
REQUEST_SECONDS = Histogram(
    "careergraph_http_request_seconds", "HTTP request latency", ["method", "path"]
)
SEARCH_SECONDS = Histogram(
    "careergraph_search_seconds",
    "Ontology search latency, query embedding included",
    ["kind"],
    buckets=(0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1.0),
)
CYPHER_QUERIES = Counter("careergraph_cypher_queries_total", "Analyst Cypher queries", ["outcome"])
