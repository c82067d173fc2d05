"""GET /metrics in the Prometheus text format: requests, latency and alerts by level; counts and times only, no text."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

# Requests of a few milliseconds up to a long upload read with the semantic layer.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


class Metrics:
    """One registry per app, so two apps in one process (tests) keep their own counts."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "lurewatch_http_requests",
            "HTTP requests answered, by method, route template and status",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "lurewatch_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ("route",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.alerts = Counter(
            "lurewatch_alerts", "Alerts raised by POST /v1/messages, by risk level", ("level",), registry=self.registry
        )
        self.messages = Counter(
            "lurewatch_messages", "Live messages read by POST /v1/messages", registry=self.registry
        )
        self.conversations = Counter(
            "lurewatch_conversations_analyzed", "Conversations analysed by POST /v1/analyze", registry=self.registry
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method if method in METHODS else "other", route, str(status)).inc()
        self.latency.labels(route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
