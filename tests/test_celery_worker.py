"""A real Celery worker over Redis runs a real task against the test database.

Runs in CI's second pass (REQUIRE_SERVICES=1, PostgreSQL + Redis); skipped on the embedded
default, where tasks run in-process.
"""

import time

import pytest

from athletes import services
from athletes.models import Athlete, Invitation


@pytest.fixture
def worker(real_worker):
    """The real worker of tests/conftest.py (`real_worker`, reusable by any services test)."""
    return real_worker


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
        # The file backend creates the message's file, then writes it: wait for its text.
        invitation.refresh_from_db()
        written = [path for path in worker.iterdir() if "ingrid@example.com" in path.read_text()]
        return invitation.email_sent_at is not None and bool(written)

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


@pytest.mark.services
def test_a_real_worker_reads_an_uploaded_fit_file(worker, athlete):
    """The upload's relay publishes after commit (from its thread); the worker claims, reads,
    pairs and reviews the file (docs/running.md §3.11)."""
    from tests.workouts.test_activity_files import fit_run
    from tests.workouts.test_run_logs import two_days_ago_at
    from workouts import log_pipeline, run_logs
    from workouts.models import LogOutbox, LogStatus, RunLog

    data = fit_run(seconds=900, start=two_days_ago_at(7))
    [log] = run_logs.run_log_files_upload(
        athlete=athlete, by=athlete.user, files=[("morning.fit", data)]
    ).logs
    for thread in log_pipeline.relay_threads:
        thread.join(timeout=10)

    def read():
        return RunLog.objects.get(pk=log.pk).status == LogStatus.DONE

    assert wait_for(read), "the worker did not read the file within 30 s"
    done = RunLog.objects.get(pk=log.pk)
    assert (done.attempts, done.duration_s, done.started_at) == (1, 899, two_days_ago_at(7))
    assert done.review["series"]["t"]
    assert not LogOutbox.objects.filter(log=done).exists()


@pytest.mark.services
def test_with_redis_unreachable_an_upload_waits_then_the_sweep_hands_it_to_the_worker(
    worker, athlete
):
    """The outbox (issue 9): with the broker unreachable the upload still succeeds and leaves a
    queued log and its row; once the broker answers, the sweep hands it over, read once."""
    from coach.celery import app
    from tests.workouts.test_activity_files import fit_run
    from tests.workouts.test_run_logs import two_days_ago_at
    from workouts import log_pipeline, run_logs
    from workouts.models import LogOutbox, LogStatus, RunLog

    broker = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        data = fit_run(seconds=600, start=two_days_ago_at(9))
        [log] = run_logs.run_log_files_upload(
            athlete=athlete, by=athlete.user, files=[("late.fit", data)]
        ).logs
        for thread in log_pipeline.relay_threads:
            thread.join(timeout=10)
    finally:
        app.conf.broker_url = broker
    time.sleep(1)
    assert RunLog.objects.get(pk=log.pk).status == LogStatus.QUEUED
    assert LogOutbox.objects.get(log=log).relayed_at is None

    assert log_pipeline.run_logs_sweep() == 1
    assert wait_for(lambda: RunLog.objects.get(pk=log.pk).status == LogStatus.DONE)
    assert RunLog.objects.get(pk=log.pk).attempts == 1
    assert log_pipeline.run_logs_sweep() == 0
