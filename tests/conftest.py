"""The actors every test needs: a coach, a second coach (the outsider), athletes, an admin."""

import os
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from athletes.models import Athlete, RaceResult, Role, User

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CI = bool(os.environ.get("CI"))

# No timed assertions in tests: a busy machine must not fail a property (speed is benchmarked).
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")


BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items):
    """Every test under tests/browser is a browser test (`-m browser` selects them all, as CI's
    services pass does to run them apart from the tests it runs two at a time)."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


# Held by the live server while it answers a request, and by the test's own thread for each
# of its queries while a live server runs (see _share_the_database): on the embedded default
# both threads use the one connection of the in-memory test database.
SHARED_DATABASE = threading.RLock()


def _one_request_at_a_time() -> None:
    """The browser tests' server answers one request at a time. The block page loads far weeks
    as they scroll into view, several at once, and on the embedded default the test database
    is an in-memory SQLite that the server's threads share through one connection: answered
    together, they broke it ("bad parameter or other API misuse"). Django's plain WSGIServer
    closes each connection after its answer, so a browser's parallel requests just queue."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        # Requests are answered in the server's own thread, whose database connections
        # LiveServerThread.run() has already set to the test's.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

        def process_request(self, request, client_address):
            with SHARED_DATABASE:
                super().process_request(request, client_address)

    LiveServerThread.server_class = OneAtATime

    # The database is flushed after each browser test: never while the server still answers a
    # request of that test's page (a week loading late), or the flush fails on a locked table.
    from django.test import TransactionTestCase

    flush = TransactionTestCase._fixture_teardown

    def flush_alone(self):
        with SHARED_DATABASE:
            flush(self)

    TransactionTestCase._fixture_teardown = flush_alone


_one_request_at_a_time()


def need(condition: bool, reason: str, *, required: bool = REQUIRE_SERVICES) -> None:
    """Skip when a service is missing, or fail when the run promised it (REQUIRE_SERVICES=1)."""
    if condition:
        return
    if required:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def make_user(email, role=Role.ATHLETE, first="Test", last="Person", **fields):
    return User.objects.create_user(
        email=email,
        password="pw-for-tests-9",
        first_name=first,
        last_name=last,
        role=role,
        **fields,
    )


@pytest.fixture
def coach(db):
    return make_user("coach@example.com", Role.COACH, "Maria", "Hernández")


def add_5k(athlete, *, days_ago: int = 5, time_s: float = 1197) -> RaceResult:
    """A recent 5K for the athlete; 19:57 is VDOT 50, Daniels' table value."""
    return RaceResult.objects.create(
        athlete=athlete,
        date=timezone.localdate() - timedelta(days=days_ago),
        distance_m=5000,
        time_s=time_s,
        name="Parkrun",
    )


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def other_coach(db):
    return make_user("other.coach@example.com", Role.COACH, "Peter", "Lindgren")


@pytest.fixture
def athlete(coach):
    user = make_user("runner@example.com", Role.ATHLETE, "Amara", "Okafor")
    return Athlete.objects.create(
        coach=coach, user=user, first_name="Amara", last_name="Okafor", email=user.email
    )


@pytest.fixture
def other_athlete(other_coach):
    user = make_user("someone.else@example.com", Role.ATHLETE, "Lukas", "Berg")
    return Athlete.objects.create(
        coach=other_coach, user=user, first_name="Lukas", last_name="Berg", email=user.email
    )


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser(email="admin@example.com", password="pw-for-tests-9")


@pytest.fixture(scope="module")
def chromium_path():
    # CI installs Chromium, so there a missing browser is a failure, not a skip.
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    need(bool(path), f"Chromium not found at {CHROMIUM}", required=REQUIRE_SERVICES or CI)
    return path


@pytest.fixture(scope="module")
def _playwright(django_db_setup):
    """Playwright for one module, started after the test database exists.

    Its sync API leaves an event loop running in this thread, and Django refuses database
    calls beside one (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set: it is
    set for exactly as long as the loop runs, so other modules' tests are unaffected.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            yield playwright


@pytest.fixture(scope="module")
def browser(_playwright, chromium_path):
    browser = _playwright.chromium.launch(
        executable_path=chromium_path,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    _close(context, page)


def _close(context, page) -> None:
    """Close the browser's pages once htmx has no request in flight: a week of the block
    page still loading as the test ends would otherwise hold the test database while it is
    flushed ("database table is locked")."""
    try:
        page.wait_for_function("!document.querySelector('.htmx-request')", timeout=15_000)
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception:  # a page closed or never loaded: nothing in flight to wait for
        pass
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    _close(context, page)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started after the test database is made so that it stops
    before the database is dropped: stopped after, its thread's connection (kept open for
    CONN_MAX_AGE) made PostgreSQL refuse the drop ("being accessed by other users") whenever
    a browser test ran last."""
    return live_server


@pytest.fixture(autouse=True)
def _share_the_database(request):
    """A browser test's own queries (a session deleted "in another tab", a check of what was
    saved) wait while the live server answers a request: sharing the in-memory database's one
    connection, a delete during a week's load failed with "database table is locked". This
    holds the lock one query at a time: a test's write of several queries in one transaction
    (a delete and its cascade) holds `SHARED_DATABASE` itself, whole."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return

    def one_at_a_time(execute, sql, params, many, context):
        with SHARED_DATABASE:
            return execute(sql, params, many, context)

    with connection.execute_wrapper(one_at_a_time):
        yield


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tests run tasks in-process, even in the services pass; the worker test opts out."""
    from coach.celery import app

    eager = "services" not in request.keywords
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def builtin_templates(transactional_db):
    """The built-in templates, made by the data migration's own function, for tests that flush
    the database (live_server does, after each test, built-ins included). serialized_rollback
    cannot bring them back: while Playwright's event loop runs in the test thread, asgiref
    hands Django a fresh connection per context, which lacks the serialized contents."""
    import importlib

    from django.apps import apps as django_apps

    from workouts.models import ProgressionTemplate

    migration = importlib.import_module("workouts.migrations.0002_builtin_templates")
    migration.create_builtins(django_apps, None)
    return ProgressionTemplate.objects.filter(owner=None)


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def real_worker(transactional_db, tmp_path):
    """A real Celery worker over Redis, on the test database (PostgreSQL), for the services
    pass (REQUIRE_SERVICES=1); skipped on the embedded default. Mark the test
    `@pytest.mark.services` so that its own tasks go to the broker too. Yields the folder
    the worker's emails are written to; the worker's log is printed when it stops."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    redis_url = os.environ.get("REDIS_URL", "")
    need(bool(redis_url) and redis_answers(redis_url), "REDIS_URL is not set or Redis is down")
    need(connection.vendor == "postgresql", "the worker test shares PostgreSQL with the tests")
    db = settings.DATABASES["default"]
    env = os.environ | {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_URL": f"file://{tmp_path}",
        "REDIS_URL": redis_url,
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coach",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            "celery",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield tmp_path
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)
