"""The pipeline of uploaded files (docs/running.md §3.11): the outbox and its relay, the sweep,
and the task that reads a queued log: claimed once, failed for good on a bad file, retried
within a bound on a transient error, and an upload that succeeds with the broker down."""

import threading
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from coach.celery import app
from tests.conftest import need
from tests.workouts.test_activity_files import fit_run
from tests.workouts.test_run_logs import (
    add_session,
    block,
    fresh,
    make_block,
    two_days_ago_at,
    upload,
)
from workouts import log_pipeline, run_logs
from workouts.log_pipeline import MAX_ATTEMPTS, run_log_process, run_logs_sweep
from workouts.models import LogOutbox, LogPairing, LogStatus, RunLog
from workouts.progression import Stage
from workouts.tasks import process_run_log_task, run_logs_sweep_task

__all__ = ["block"]  # the fixture, for these tests too

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def queued(athlete, seconds=600, hour=7, name="run.fit", **kwargs):
    data = fit_run(seconds=seconds, start=two_days_ago_at(hour), **kwargs)
    [log] = upload(athlete, [(name, data)]).logs
    return log


def test_the_task_run_twice_reads_the_file_once(athlete, block):
    log = queued(athlete)
    assert process_run_log_task.delay(log.pk).get() == LogStatus.DONE
    done = fresh(log)
    assert process_run_log_task.delay(log.pk).get() == ""
    again = fresh(log)
    assert (again.status, again.attempts, again.updated_at) == (
        LogStatus.DONE,
        1,
        done.updated_at,
    )
    assert again.review == done.review


def test_a_processed_log_is_dated_on_the_athletes_local_day_of_its_start(athlete, block):
    athlete.user.time_zone = "Pacific/Auckland"  # UTC+12 or +13: 14:00 UTC is the next day
    athlete.user.save()
    log = queued(athlete, hour=14)
    run_log_process(log_id=log.pk)
    assert fresh(log).date == two_days_ago_at(14).date() + timedelta(days=1)


def test_a_processed_log_is_reviewed_against_its_session(athlete, block):
    start = two_days_ago_at(7)
    session = add_session(block, start.date(), stages=[Stage(duration_s=2400, zone="easy")])
    log = queued(athlete, seconds=601)
    run_log_process(log_id=log.pk)
    log = fresh(log)
    assert (log.session, log.pairing) == (session, LogPairing.SAME_DAY)
    assert log.compliance == "orange"  # 10 of the 40 minutes
    assert [f["code"] for f in log.review["findings"]] == ["short"]
    assert log.review["stages"][0]["zone"] == "easy"
    assert (log.sport, log.sub_sport, log.device) == ("running", "track", "development 7")
    assert log.distance_m == pytest.approx(1800, abs=5)
    assert log.avg_hr == 150
    session.refresh_from_db()
    assert session.targets_frozen_on == session.date


def test_a_file_of_another_sport_fails_with_its_reason_and_no_retry(athlete, block):
    log = queued(athlete, sport="cycling")
    assert run_log_process(log_id=log.pk) == LogStatus.FAILED
    log = fresh(log)
    assert log.status == LogStatus.FAILED
    assert log.error == "This is a cycling activity: only runs can be logged"
    assert log.attempts == 1
    assert not LogOutbox.objects.exists()
    assert run_log_process(log_id=log.pk) == ""


def test_a_damaged_file_fails_with_its_reason(athlete, block):
    data = bytearray(fit_run(seconds=60, start=two_days_ago_at(7)))
    data[-1] ^= 0xFF  # the file's checksum no longer matches
    [log] = upload(athlete, [("run.fit", bytes(data))]).logs
    run_log_process(log_id=log.pk)
    assert "checksum does not match" in fresh(log).error


def test_overlapping_recordings_are_one_run_the_later_fails(athlete, block):
    first = queued(athlete, seconds=1200, name="watch.fit")
    second = queued(athlete, seconds=1200, name="phone.fit", events=[{"event": "lap"}])
    run_log_process(log_id=first.pk)
    run_log_process(log_id=second.pk)
    assert fresh(first).status == LogStatus.DONE
    later = fresh(second)
    assert later.status == LogStatus.FAILED
    day = run_logs.day_name(two_days_ago_at(7).date())
    assert later.error == f"This is the same run as the one logged on {day}: it is kept once."
    assert later.session is None


def test_a_transient_error_retries_and_then_reads(athlete, block, monkeypatch):
    log = queued(athlete)
    calls = []
    real = log_pipeline.read_activity

    def flaky(data, name):
        calls.append(name)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(data, name)

    monkeypatch.setattr(log_pipeline, "read_activity", flaky)
    process_run_log_task.delay(log.pk)  # eager: Celery's retry runs at once
    log = fresh(log)
    assert (log.status, log.attempts) == (LogStatus.DONE, 2)


def test_a_transient_error_is_retried_within_a_bound_then_fails(athlete, block, monkeypatch):
    log = queued(athlete)

    def down(data, name):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(log_pipeline, "read_activity", down)
    process_run_log_task.delay(log.pk)
    log = fresh(log)
    assert (log.status, log.attempts) == (LogStatus.FAILED, MAX_ATTEMPTS)
    assert log.error == (
        f"This file could not be read just now ({MAX_ATTEMPTS} tries): upload it again later."
    )


def test_a_transient_error_puts_the_log_back_in_the_queue(athlete, block, monkeypatch):
    log = queued(athlete)
    monkeypatch.setattr(
        log_pipeline, "read_activity", lambda data, name: (_ for _ in ()).throw(OperationalError())
    )
    with pytest.raises(log_pipeline.Transient):
        run_log_process(log_id=log.pk)
    assert (fresh(log).status, fresh(log).attempts) == (LogStatus.QUEUED, 1)
    assert log_pipeline.backoff_s(0) == 10 and log_pipeline.backoff_s(99) == 600


def test_a_file_too_slow_to_read_fails(athlete, block, monkeypatch):
    log = queued(athlete)

    def slow(data, name):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(log_pipeline, "read_activity", slow)
    assert run_log_process(log_id=log.pk) == LogStatus.FAILED
    assert fresh(log).error == "This file took too long to read: it is not read."


def test_an_error_of_ours_fails_the_log_with_a_plain_message(athlete, block, monkeypatch, caplog):
    log = queued(athlete)
    monkeypatch.setattr(log_pipeline, "file_review", lambda *a, **k: 1 / 0)
    assert run_log_process(log_id=log.pk) == LogStatus.FAILED
    assert fresh(log).error == "This file could not be read (an error on our side, noted)."
    assert "ZeroDivisionError" in caplog.text


def test_a_log_deleted_before_it_is_read_is_left_alone(athlete, block):
    log = queued(athlete)
    RunLog.objects.filter(pk=log.pk).update(status=LogStatus.PROCESSING)
    RunLog.objects.filter(pk=log.pk).update(status=LogStatus.QUEUED)
    run_logs.run_log_delete(log=fresh(log), by=athlete.user)
    assert run_log_process(log_id=log.pk) == ""


def test_a_log_queued_again_while_read_is_saved_by_the_later_run_only(athlete, block, monkeypatch):
    log = queued(athlete)
    real = log_pipeline.read_activity

    def requeued_meanwhile(data, name):
        run_logs.log_pipeline.run_log_requeue(log=fresh(log))
        return real(data, name)

    monkeypatch.setattr(log_pipeline, "read_activity", requeued_meanwhile)
    assert run_log_process(log_id=log.pk) == ""
    assert fresh(log).status == LogStatus.QUEUED


def test_the_worker_locks_the_athlete_before_the_log_as_the_services_do(
    transactional_db, athlete, monkeypatch
):
    """A request holding the athlete (every service of run_logs.py) and writing the log, while
    the worker reads it: on PostgreSQL the worker taking the log first was a deadlock."""
    need(connection.vendor == "postgresql", "row locks need PostgreSQL", required=False)
    make_block(athlete)
    data = fit_run(seconds=600, start=two_days_ago_at(7))
    [log] = run_logs.run_log_files_upload(
        athlete=athlete, by=athlete.user, files=[("run.fit", data)], relay=False
    ).logs
    real_lock = run_logs.lock
    worker_at_lock, request_holds = threading.Event(), threading.Event()
    errors = []

    def lock(who):  # the worker waits here until the request holds the athlete
        if threading.current_thread().name == "worker":
            worker_at_lock.set()
            request_holds.wait(timeout=10)
        real_lock(who)

    monkeypatch.setattr(run_logs, "lock", lock)

    def worker():
        try:
            errors.extend([] if run_log_process(log_id=log.pk) else ["nothing claimed"])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=worker, name="worker")
    thread.start()
    assert worker_at_lock.wait(timeout=10)
    with transaction.atomic():
        real_lock(athlete)
        request_holds.set()
        RunLog.objects.filter(pk=log.pk).update(notes="windy")
    thread.join(timeout=30)
    assert errors == []
    assert (fresh(log).status, fresh(log).notes) == (LogStatus.DONE, "windy")


# -- The sweep ------------------------------------------------------------------------------


def test_the_sweep_hands_over_what_was_never_relayed(athlete, block):
    log = queued(athlete)  # no commit in this test: the relay never ran
    assert run_logs_sweep_task.delay().get() == 1
    assert fresh(log).status == LogStatus.DONE
    assert run_logs_sweep() == 0


def test_the_sweep_leaves_a_recent_relay_and_resends_a_stale_one(athlete, block):
    log = queued(athlete)
    now = timezone.now()
    LogOutbox.objects.update(relayed_at=now - timedelta(seconds=30), relays=1)
    assert run_logs_sweep(now=now) == 0
    assert fresh(log).status == LogStatus.QUEUED
    LogOutbox.objects.update(relayed_at=now - timedelta(minutes=3))
    assert run_logs_sweep(now=now) == 1
    assert fresh(log).status == LogStatus.DONE


def test_the_sweep_requeues_a_log_a_dead_worker_left_processing(athlete, block, settings):
    log = queued(athlete)
    now = timezone.now()
    long_ago = now - timedelta(seconds=settings.RUN_LOG_TASK_TIME_LIMIT + 60)
    RunLog.objects.filter(pk=log.pk).update(status=LogStatus.PROCESSING, claimed_at=long_ago)
    LogOutbox.objects.update(relayed_at=long_ago)
    assert run_logs_sweep(now=now) == 1
    assert (fresh(log).status, fresh(log).attempts) == (LogStatus.DONE, 1)


def test_the_sweep_leaves_a_log_being_read(athlete, block):
    log = queued(athlete)
    now = timezone.now()
    RunLog.objects.filter(pk=log.pk).update(status=LogStatus.PROCESSING, claimed_at=now)
    assert run_logs_sweep(now=now) == 0
    assert fresh(log).status == LogStatus.PROCESSING


def test_a_log_being_read_keeps_its_row_so_the_sweep_resends_it_if_its_worker_dies(
    athlete, block, settings
):
    log = queued(athlete)
    now = timezone.now()
    RunLog.objects.filter(pk=log.pk).update(status=LogStatus.PROCESSING, claimed_at=now, attempts=1)
    LogOutbox.objects.update(relayed_at=now, relays=1)
    assert run_logs_sweep(now=now + timedelta(minutes=1)) == 0  # a sweep while it is read
    assert LogOutbox.objects.filter(log=log).exists()
    dead = now + timedelta(seconds=settings.RUN_LOG_TASK_TIME_LIMIT + 60)  # then it died
    assert run_logs_sweep(now=dead) == 1
    assert (fresh(log).status, fresh(log).attempts) == (LogStatus.DONE, 2)


def test_the_sweep_fails_a_log_that_stopped_its_worker_too_often(athlete, block, settings):
    log = queued(athlete)
    now = timezone.now()
    RunLog.objects.filter(pk=log.pk).update(
        status=LogStatus.PROCESSING, claimed_at=now - timedelta(hours=1), attempts=MAX_ATTEMPTS
    )
    assert run_logs_sweep(now=now) == 0
    log = fresh(log)
    assert log.status == LogStatus.FAILED
    assert log.error == f"This file could not be read: reading it stopped {MAX_ATTEMPTS} times."
    assert not LogOutbox.objects.exists()


def test_the_sweep_leaves_a_log_its_uploader_reads_itself_until_it_is_stale(athlete, block):
    data = fit_run(seconds=600, start=two_days_ago_at(7))
    [log] = run_logs.run_log_files_upload(
        athlete=athlete,
        by=None,
        files=[("run.fit", data)],
        relay=False,  # import_activity
    ).logs
    assert run_logs_sweep() == 0  # the command is reading it: no worker takes it meanwhile
    assert run_logs_sweep(now=timezone.now() + timedelta(minutes=3)) == 1  # the command died
    assert fresh(log).status == LogStatus.DONE


def test_the_sweep_hands_over_a_log_once_whatever_its_rows(athlete, block):
    log = queued(athlete)
    LogOutbox.objects.create(log=log)
    assert run_logs_sweep() == 1


def test_the_beat_runs_the_sweep_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["run-logs-sweep"]
    assert entry == {"task": "workouts.tasks.run_logs_sweep_task", "schedule": 60}
    assert settings.RUN_LOG_TASK_SOFT_TIME_LIMIT < settings.RUN_LOG_TASK_TIME_LIMIT
    assert process_run_log_task.soft_time_limit == settings.RUN_LOG_TASK_SOFT_TIME_LIMIT
    assert process_run_log_task.time_limit == settings.RUN_LOG_TASK_TIME_LIMIT
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0


# -- The relay, and the broker down ---------------------------------------------------------


@pytest.fixture
def conf():
    """Celery's settings for one test (the broker, eager or not), restored after it."""
    saved = app.conf.task_always_eager, app.conf.broker_url
    yield app.conf
    app.conf.task_always_eager, app.conf.broker_url = saved


def wait_for_relays() -> None:
    for thread in list(log_pipeline.relay_threads):
        thread.join(timeout=30)
        assert not thread.is_alive()
    log_pipeline.relay_threads.clear()


def test_with_the_broker_down_an_upload_succeeds_and_waits_for_the_sweep(
    athlete, block, conf, django_capture_on_commit_callbacks
):
    conf.task_always_eager, conf.broker_url = False, CLOSED_PORT_BROKER
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        log = queued(athlete)
    assert len(callbacks) == 1
    wait_for_relays()
    assert fresh(log).status == LogStatus.QUEUED
    [row] = LogOutbox.objects.all()
    assert (row.relayed_at, row.relays) == (None, 0)
    assert run_logs_sweep() == 0  # still down: the row stays
    assert LogOutbox.objects.get().relays == 0

    # The broker is back (here: tasks in-process again): the sweep hands it over, read once.
    conf.task_always_eager = True
    assert run_logs_sweep() == 1
    assert (fresh(log).status, fresh(log).attempts) == (LogStatus.DONE, 1)
    assert run_logs_sweep() == 0


def test_the_upload_does_not_wait_for_a_broker_that_does_not_answer(
    athlete, block, conf, monkeypatch, django_capture_on_commit_callbacks
):
    conf.task_always_eager = False
    answer = threading.Event()
    published = []

    def hangs(log_id):
        published.append(log_id)
        answer.wait(timeout=30)  # a broker that takes its time
        raise TimeoutError("no answer")

    monkeypatch.setattr(log_pipeline, "_publish", hangs)
    with django_capture_on_commit_callbacks(execute=True):
        log = queued(athlete)
    # The upload is done while the relay still waits on the broker.
    [thread] = log_pipeline.relay_threads
    assert thread.is_alive() and thread.daemon
    answer.set()
    wait_for_relays()
    assert published == [log.pk]
    assert LogOutbox.objects.get().relayed_at is None


def test_on_the_embedded_default_the_upload_is_read_on_commit(
    athlete, block, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        log = queued(athlete)
    assert fresh(log).status == LogStatus.DONE
    assert log_pipeline.relay_threads == []


def test_new_weather_on_a_file_log_reads_it_again_for_the_heat(
    athlete, block, django_capture_on_commit_callbacks
):
    start = two_days_ago_at(7)
    add_session(block, start.date(), stages=[Stage(duration_s=600, zone="easy")])
    with django_capture_on_commit_callbacks(execute=True):
        log = queued(athlete, seconds=601)
    log = fresh(log)
    assert log.review["heat_adjusted"] is False
    with django_capture_on_commit_callbacks(execute=True):
        run_logs.run_log_update(
            log=log,
            by=athlete.user,
            version=log.version,
            data={"temp_c": 30, "dew_point_c": 24},
            stages=[],
        )
    log = fresh(log)
    assert log.status == LogStatus.DONE
    assert log.review["heat_adjusted"] is True


def test_a_file_log_moved_off_its_session_by_a_manual_pairing_is_read_again(
    athlete, block, django_capture_on_commit_callbacks
):
    start = two_days_ago_at(7)
    session = add_session(block, start.date(), stages=[Stage(duration_s=600, zone="easy")])
    with django_capture_on_commit_callbacks(execute=True):
        file_log = queued(athlete, seconds=601)
    assert fresh(file_log).session == session
    hand = run_logs.run_log_create(
        athlete=athlete,
        by=athlete.user,
        session=None,
        data={"date": start.date() - timedelta(days=3), "duration_s": 600},
        stages=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_logs.run_log_pair(log=fresh(hand), by=athlete.user, session=session)
    moved = fresh(file_log)
    assert (moved.session, moved.status) == (None, LogStatus.DONE)
    assert moved.review["split_by"] is None  # reviewed again, as a run not planned
