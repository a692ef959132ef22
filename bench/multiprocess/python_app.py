# The anchor: the Python client's multi-process mode under uWSGI, as its documentation sets it up.
# Every worker counts requests and observes a latency histogram; /metrics merges the per-process files.
import time

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

REQUESTS = Counter("app_requests_total", "Requests handled.", ["path"])
LATENCY = Histogram("app_request_duration_seconds", "Request latency.", ["path"])


def application(environ, start_response):
    if environ["PATH_INFO"] == "/metrics":
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
        return [body]
    start = time.perf_counter()
    REQUESTS.labels("/work").inc()
    LATENCY.labels("/work").observe(time.perf_counter() - start)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]
