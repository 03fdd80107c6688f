"""Measuring pages as a benchmark sees them: their SQL queries and median server time."""

import statistics
import time
from contextlib import contextmanager

from django.db import connection
from django.template.base import PartialTemplate, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, _TestState

WARM_UP = 3  # requests first, so templates, URL resolver and caches are warm, as on a server
RUNS = 15


def measure(pages: list[tuple[Client, str]]) -> list[tuple[int, float]]:
    """For each page (a client logged in, a url), the SQL queries of one request and the median server time, in seconds,
    of RUNS requests after WARM_UP, around the test client (no network). The pages are
    requested in turn, one of each per round, so a machine busy for a while slows all of
    them alike; the median, so one slowed request does not decide a figure."""
    queries = []
    for client, url in pages:
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        queries.append(len(captured))  # now: the log it reads is reset by the next request
    times: list[list[float]] = [[] for _ in pages]
    with as_a_server_renders():
        for _ in range(RUNS):
            for (client, url), url_times in zip(pages, times, strict=True):
                started = time.perf_counter()
                response = client.get(url)
                url_times.append(time.perf_counter() - started)
                assert response.status_code == 200
    return [(n, statistics.median(t)) for n, t in zip(queries, times, strict=True)]


@contextmanager
def as_a_server_renders():
    """Templates rendered as a server renders them, without the test instrumentation: under
    test, every template and include sends a signal and the test client copies its context,
    a cost per included template that no server pays and that would grow with the page."""
    saved = _TestState.saved_data
    instrumented = Template._render, PartialTemplate._render
    Template._render, PartialTemplate._render = saved.template_render, saved.partial_template_render
    try:
        yield
    finally:
        Template._render, PartialTemplate._render = instrumented


def half_of_linear(scale: float) -> float:
    """The growth in time allowed when the data grows `scale` times: half of linear, so
    3.75 times the weeks may take at most 2.375 times as long, 10 times the athletes 5.5."""
    return 1 + (scale - 1) / 2


def table(title: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    """Print figures as a small table under a title."""
    cells = [tuple(str(cell) for cell in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n{title}")
    for n, row in enumerate(cells):
        print("  " + "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            print("  " + "  ".join("-" * width for width in widths))
