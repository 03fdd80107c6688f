"""A real Celery worker over Redis runs a real task against the test database.

Runs in CI's second pass (REQUIRE_SERVICES=1, PostgreSQL + Redis); skipped on the embedded
default, where tasks run in-process.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from athletes import services
from athletes.models import Athlete, Invitation
from tests.conftest import need

ROOT = Path(__file__).resolve().parent.parent


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def worker(transactional_db, tmp_path):
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
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield tmp_path
    process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output)


def wait_for(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.services
def test_a_real_worker_sends_the_invitation_email_once(worker, coach):
    from coach.celery import app

    assert app.conf.task_always_eager is False
    athlete = Athlete.objects.create(coach=coach, first_name="Ingrid", email="ingrid@example.com")
    invitation = services.invitation_send(athlete=athlete, invited_by=coach)

    def sent():
        invitation.refresh_from_db()
        return invitation.email_sent_at is not None and any(worker.iterdir())

    assert wait_for(sent), "the worker did not send the invitation within 30 s"
    [message] = [path.read_text() for path in worker.iterdir()]
    assert "ingrid@example.com" in message
    assert f"/invite/{invitation.key}/" in message

    # Enqueued again, the task finds its work claimed and sends nothing more.
    from athletes.tasks import invitation_email_task

    invitation_email_task.delay(invitation.pk)
    time.sleep(2)
    assert len(list(worker.iterdir())) == 1
    assert Invitation.objects.get(pk=invitation.pk).email_sent_at == invitation.email_sent_at


@pytest.mark.services
def test_a_real_worker_sends_a_batch_of_plan_changes_once(worker, athlete):
    """Three edits, and the batch's task run twice by the worker: one email (docs/running.md
    §4.14)."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.workouts.test_block_calendar import make_block
    from workouts import services as plan_services
    from workouts.models import PlanChange, SessionKind
    from workouts.tasks import plan_changes_email_task

    block = make_block(athlete, race_date=timezone.localdate() + timedelta(weeks=10))
    for n in (1, 2, 3):
        plan_services.session_save(
            block=block,
            date=timezone.localdate() + timedelta(days=n),
            kind=SessionKind.EASY,
            title="",
            notes="",
            stages=[],
        )
    assert PlanChange.objects.filter(sent_at=None).count() == 3
    plan_changes_email_task.delay(athlete.pk)  # what the batch's countdown does, now
    plan_changes_email_task.delay(athlete.pk)

    assert wait_for(lambda: any(worker.iterdir())), "no email within 30 s"
    time.sleep(2)
    [message] = [path.read_text() for path in worker.iterdir()]
    assert athlete.user.email in message
    assert "Subject: Your plan changed: 3 sessions of the next days" in message
    assert not PlanChange.objects.filter(sent_at=None).exists()
