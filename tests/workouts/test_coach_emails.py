"""The coach's emails of their athletes' runs (docs/running.md §3.14): one per run with
findings or a daily batch (the coach's choice), a pain note at once either way, the weekly
digest on Monday at the coach's local time, each sent once, each with its own unsubscribe."""

import re
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from tests.conftest import make_user
from tests.workouts.test_block_calendar import add_session, make_block
from workouts import coach_emails, targets
from workouts.models import (
    CoachEmail,
    CoachEmailKind,
    EmailSettings,
    LogReviewMark,
    LogStatus,
    ProgressionTemplate,
    ReviewState,
    RunEmailBatch,
    RunLog,
    SessionKind,
)
from workouts.progression import Stage

pytestmark = pytest.mark.django_db

SERIOUS = {"code": "finish-too-hard", "severity": "serious", "message": "The finish was too hard."}
WARNING = {"code": "surge", "severity": "warning", "message": "A surge in the steady stage."}
NEW_YORK = ZoneInfo("America/New_York")


def add_log(athlete, *, days_ago=0, day=None, findings=(), pain="", created_ago=None, **fields):
    day = day or targets.athlete_today(athlete) - timedelta(days=days_ago)
    run = RunLog.objects.create(
        athlete=athlete,
        date=day,
        status=LogStatus.DONE,
        review={"findings": list(findings), "stages": []},
        pain_note=pain,
        compliance=fields.pop("compliance", "green"),
        logged_by=fields.pop("logged_by", athlete.user),
        **fields,
    )
    if created_ago is not None:
        RunLog.objects.filter(pk=run.pk).update(created_at=timezone.now() - created_ago)
    return run


def choose(coach, **fields) -> EmailSettings:
    row, _ = EmailSettings.objects.update_or_create(user=coach, defaults=fields)
    return row


def send_run(run, now=None) -> bool:
    return coach_emails.coach_run_email_send(log_id=run.pk, now=now)


def told_at(run):
    return RunLog.objects.get(pk=run.pk).coach_told_at


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def unsubscribe_path(message) -> str:
    [link] = [link for link in links(message.body) if "/email/unsubscribe/" in link]
    return urlsplit(link).path


def last_monday(athlete):
    today = targets.athlete_today(athlete)
    return today - timedelta(days=today.weekday())


# -- One email per run, or a daily batch ------------------------------------------------------


def test_each_mode_sends_one_email_per_run_with_findings(coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.EACH)
    run = add_log(athlete, findings=[WARNING, SERIOUS])
    assert send_run(run) is True
    [message] = mail.outbox
    assert message.to == [coach.email]
    day = run.date
    assert message.subject == (
        f"Amara Okafor's run of {day:%a} {day.day} {day:%b}: finish too hard"
    )
    assert "Finish too hard: The finish was too hard. (and 1 more finding)" in message.body
    assert settings.SITE_URL + reverse("coach-log", args=[run.pk]) in message.body
    assert settings.SITE_URL + reverse("review-queue") in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Open the review" in html
    assert told_at(run) is not None


def test_daily_mode_waits_for_the_batch_then_sends_every_run_in_one(coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.DAILY)
    warned = add_log(athlete, findings=[WARNING])
    serious = add_log(athlete, days_ago=1, findings=[SERIOUS])
    clean = add_log(athlete)
    assert send_run(warned) is False and send_run(serious) is False
    assert mail.outbox == [] and told_at(warned) is None

    day = targets.athlete_today(athlete)
    assert coach_emails.coach_batch_send(coach=coach, day=day) is True
    [message] = mail.outbox
    assert message.subject == "Your athletes' runs: 2 to look at"
    assert "since the last batch" in message.body
    assert "Surge: A surge in the steady stage." in message.body
    assert "Finish too hard" in message.body
    assert told_at(warned) and told_at(serious) and told_at(clean) is None
    # Told in the batch, a run reviewed again (a fix) is not told again.
    assert send_run(warned) is False


def test_turned_off_run_emails_send_nothing_in_either_mode(coach, athlete):
    for mode in RunEmailBatch.values:
        choose(coach, runs=False, runs_batch=mode)
        run = add_log(athlete, findings=[SERIOUS], pain="Left knee sore")
        assert send_run(run) is False
    noon = datetime.combine(targets.athlete_today(athlete), time(12), tzinfo=NEW_YORK)
    choose(coach, runs=False, digest=False)
    assert coach_emails.coach_batches_send(now=noon) == 0
    assert mail.outbox == []
    assert not RunLog.objects.exclude(coach_told_at=None).exists()


def test_a_pain_note_goes_at_once_in_daily_mode(coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.DAILY)
    run = add_log(athlete, pain="  Left   knee sore\nafter 5 km ")
    assert send_run(run) is True
    [message] = mail.outbox
    day = run.date
    assert message.subject == f"Pain noted: Amara Okafor's run of {day:%a} {day.day} {day:%b}"
    assert "Pain or injury: Left knee sore after 5 km" in message.body
    # The batch does not tell it again.
    assert coach_emails.coach_batch_send(coach=coach, day=day) is False
    assert len(mail.outbox) == 1


def test_a_run_without_findings_or_pain_is_never_emailed(coach, athlete):
    for mode in RunEmailBatch.values:
        choose(coach, runs_batch=mode)
        assert send_run(add_log(athlete)) is False
    assert coach_emails.coach_batch_send(coach=coach, day=targets.athlete_today(athlete)) is False
    assert mail.outbox == []


def test_the_run_task_run_twice_sends_one_email(coach, athlete):
    from workouts.tasks import coach_run_email_task

    choose(coach, runs_batch=RunEmailBatch.EACH)
    run = add_log(athlete, findings=[SERIOUS])
    assert coach_run_email_task.run(run.pk) is True
    assert coach_run_email_task.run(run.pk) is False
    assert len(mail.outbox) == 1


def test_the_beat_run_twice_sends_one_batch(coach, athlete):
    coach.time_zone = "America/New_York"
    coach.save()
    add_log(athlete, findings=[WARNING])
    add_log(athlete, findings=[SERIOUS], days_ago=1)
    now = datetime.combine(timezone.localdate() + timedelta(days=1), time(7, 5), tzinfo=NEW_YORK)
    if now.weekday() == 0:  # a Monday sends the digest too: not this test's business
        choose(coach, digest=False)
    before = now.replace(hour=6, minute=50)
    assert coach_emails.coach_batches_send(now=before) == 0  # before 07:00 in New York
    assert coach_emails.coach_batches_send(now=now) == 1
    assert coach_emails.coach_batches_send(now=now + timedelta(minutes=15)) == 0
    [message] = mail.outbox
    assert message.subject == "Your athletes' runs: 2 to look at"
    assert CoachEmail.objects.filter(kind=CoachEmailKind.DAILY).count() == 1


def test_a_failed_send_releases_the_runs_and_the_batch(coach, athlete, monkeypatch):
    run = add_log(athlete, findings=[WARNING])
    day = targets.athlete_today(athlete)

    def broken(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(coach_emails, "email_send", broken)
    with pytest.raises(OSError):
        coach_emails.coach_batch_send(coach=coach, day=day)
    assert told_at(run) is None and not CoachEmail.objects.exists()
    monkeypatch.undo()
    assert coach_emails.coach_batch_send(coach=coach, day=day) is True


def test_a_run_the_coach_logged_is_not_emailed_to_them(coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.EACH)
    run = add_log(athlete, pain="Calf tight", logged_by=coach)
    assert send_run(run) is False
    choose(coach, runs_batch=RunEmailBatch.DAILY)
    assert coach_emails.coach_batch_send(coach=coach, day=run.date) is False
    assert mail.outbox == []


def test_old_runs_never_told_are_not_emailed(coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.EACH)
    old = add_log(athlete, days_ago=3, pain="Shin pain", created_ago=timedelta(days=3))
    assert send_run(old) is False
    choose(coach, runs_batch=RunEmailBatch.DAILY)
    assert coach_emails.coach_batch_send(coach=coach, day=targets.athlete_today(athlete)) is False
    assert mail.outbox == [] and told_at(old) is None


def test_a_run_of_another_coachs_athlete_is_not_in_my_batch(coach, athlete, other_athlete):
    add_log(other_athlete, findings=[SERIOUS])
    assert coach_emails.coach_batch_send(coach=coach, day=targets.athlete_today(athlete)) is False
    assert mail.outbox == []


def test_the_beat_sends_a_run_whose_task_was_lost(coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.EACH, digest=False)
    fresh = add_log(athlete, findings=[SERIOUS])  # its own task is on its way
    lost = add_log(athlete, findings=[SERIOUS], created_ago=timedelta(minutes=10))
    clean = add_log(athlete, created_ago=timedelta(minutes=10))
    assert coach_emails.coach_batches_send() == 1
    assert told_at(lost) and told_at(fresh) is None and told_at(clean) is None
    # In daily mode the beat sends a lost pain note at once, and keeps a finding for the batch
    # (today's batch is done here).
    choose(coach, runs_batch=RunEmailBatch.DAILY, digest=False)
    now = timezone.now()
    CoachEmail.objects.create(
        coach=coach, kind=CoachEmailKind.DAILY, period=coach_emails._local(coach, now).date()
    )
    pain = add_log(athlete, pain="Knee", created_ago=timedelta(minutes=10))
    waiting = add_log(athlete, findings=[WARNING], created_ago=timedelta(minutes=10))
    assert coach_emails.coach_batches_send(now=now) == 1
    assert told_at(pain) and told_at(waiting) is None
    assert len(mail.outbox) == 2


def test_the_run_email_is_enqueued_when_a_run_by_hand_is_logged(
    coach, athlete, django_capture_on_commit_callbacks
):
    from workouts import run_logs

    choose(coach, runs_batch=RunEmailBatch.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        log = run_logs.run_log_create(
            athlete=athlete,
            by=athlete.user,
            session=None,
            data={"date": targets.athlete_today(athlete), "duration_s": 1800, "pain_note": "Hip"},
            stages=[],
        )
    [message] = mail.outbox
    assert message.subject.startswith("Pain noted: Amara Okafor's run")
    assert told_at(log) is not None
    # Changed and reviewed again: told once.
    with django_capture_on_commit_callbacks(execute=True):
        run_logs.run_log_update(
            log=log, by=athlete.user, version=log.version, data={"notes": "x"}, stages=[]
        )
    assert len(mail.outbox) == 1


def test_the_run_email_is_enqueued_when_a_files_review_is_stored(
    athlete, django_capture_on_commit_callbacks, monkeypatch
):
    from tests.workouts.test_activity_files import fit_run
    from tests.workouts.test_run_logs import two_days_ago_at
    from workouts import run_logs

    asked = []
    monkeypatch.setattr(
        coach_emails, "coach_run_email_send", lambda *, log_id: asked.append(log_id) or False
    )
    with django_capture_on_commit_callbacks(execute=True):
        [log] = run_logs.run_log_files_upload(
            athlete=athlete,
            by=athlete.user,
            files=[("run.fit", fit_run(seconds=600, start=two_days_ago_at(7)))],
        ).logs
    assert RunLog.objects.get(pk=log.pk).status == LogStatus.DONE
    assert asked == [log.pk]


# -- Unsubscribing ------------------------------------------------------------------------------


def test_the_run_emails_unsubscribe_link_turns_only_them_off(client, coach, athlete):
    choose(coach, runs_batch=RunEmailBatch.EACH)
    send_run(add_log(athlete, findings=[SERIOUS]))
    message = mail.outbox[0]
    path = unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{path}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = client.post(path)
    assert "You get no more emails of your athletes&#x27; runs" in response.text
    stored = EmailSettings.objects.get(user=coach)
    assert stored.runs is False and stored.digest is True
    assert send_run(add_log(athlete, findings=[SERIOUS])) is False


def test_the_digests_unsubscribe_link_turns_only_it_off(client, coach, athlete):
    coach_emails.coach_digest_send(coach=coach, monday=last_monday(athlete))
    client.post(unsubscribe_path(mail.outbox[0]))
    stored = EmailSettings.objects.get(user=coach)
    assert stored.digest is False and stored.runs is True


# -- The weekly digest --------------------------------------------------------------------------


@pytest.fixture
def week(coach, athlete):
    """A past week and a coming one for the athlete (in miles), and a second athlete."""
    athlete.units = "mi"
    athlete.save()
    monday = last_monday(athlete)
    block = make_block(athlete, race_date=monday + timedelta(weeks=10))
    past = [monday - timedelta(days=7 - n) for n in range(7)]  # Monday to Sunday
    sessions = [add_session(block, day, SessionKind.EASY) for day in past[:4]]
    add_session(block, past[4], SessionKind.REST)  # never missed, never counted
    for session, colour in zip(sessions[:3], ("green", "yellow", "orange"), strict=True):
        add_log(athlete, day=session.date, compliance=colour, session=session)
    template = ProgressionTemplate.objects.create(
        owner=coach, name="Steady to marathon", phase="base"
    )
    coming = add_session(
        block,
        monday + timedelta(days=2),
        SessionKind.PROGRESSION,
        [Stage(duration_s=1800, zone="easy"), Stage(distance_m=8046.72, zone="marathon")],
    )
    coming.template = template
    coming.save()
    add_session(block, monday + timedelta(days=8), SessionKind.PROGRESSION, [])  # a week later
    second = Athlete.objects.create(coach=coach, first_name="Bea", last_name="Adams")
    return {"monday": monday, "block": block, "coming": coming, "second": second}


def test_the_digest_tells_who_needs_a_word_pain_first(coach, athlete, week):
    monday = week["monday"]
    warned = add_log(athlete, day=monday - timedelta(days=1), findings=[WARNING])
    serious = add_log(athlete, day=monday - timedelta(days=4), findings=[SERIOUS])
    pain = add_log(week["second"], day=monday - timedelta(days=6), pain="Achilles stiff")
    marked = add_log(athlete, day=monday - timedelta(days=2), findings=[SERIOUS])
    LogReviewMark.objects.create(log=marked, state=ReviewState.FINE)
    add_log(athlete, day=monday - timedelta(days=9), pain="Too long ago")
    add_log(athlete, day=monday - timedelta(days=3))  # clean
    digest = coach_emails.coach_digest(coach, monday=monday)
    assert [run.pk for run in digest.attention] == [pain.pk, serious.pk, warned.pk]
    assert digest.attention[0].pain == "Achilles stiff"
    assert digest.attention[1].finding_words == "Finish too hard: The finish was too hard."


def test_the_digest_tells_each_athletes_week_in_words(coach, athlete, week):
    digest = coach_emails.coach_digest(coach, monday=week["monday"])
    assert [(w.athlete, w.words) for w in digest.weeks] == [
        ("Bea Adams", "nothing planned"),
        ("Amara Okafor", "1 on plan, 1 near plan, 1 off plan, 1 missed"),
    ]


def test_the_digest_lists_the_weeks_progression_runs_in_the_athletes_units(coach, athlete, week):
    digest = coach_emails.coach_digest(coach, monday=week["monday"])
    [run] = digest.coming
    assert (run.athlete, run.date) == ("Amara Okafor", week["coming"].date)
    assert run.title == "Progression run: Steady to marathon"
    assert run.stages == "30 min easy + 5 mi marathon"


def test_the_digest_email_goes_once_with_its_links(coach, athlete, week):
    from workouts.tasks import coach_batches_task  # noqa: F401 (the beat's task exists)

    add_log(athlete, day=week["monday"] - timedelta(days=1), pain="Knee")
    monday = week["monday"]
    assert coach_emails.coach_digest_send(coach=coach, monday=monday) is True
    assert coach_emails.coach_digest_send(coach=coach, monday=monday) is False
    [message] = mail.outbox
    assert message.subject.startswith(f"Your week ahead, from {monday:%a} {monday.day} {monday:%b}")
    body = message.body
    assert body.index("WHO NEEDS A WORD") < body.index("Pain or injury: Knee")
    assert "Amara Okafor: 1 on plan, 1 near plan, 1 off plan, 1 missed" in body
    assert "Progression run: Steady to marathon (30 min easy + 5 mi marathon)" in body
    assert f"/blocks/{week['block'].pk}/#day-{week['coming'].date.isoformat()}" in body
    assert reverse("coach-dashboard") in body and "/email/unsubscribe/" in body
    assert "Steady to marathon" in message.alternatives[0][0]


def test_the_digest_goes_on_monday_at_the_coachs_time_in_new_york(coach, athlete):
    coach.time_zone = "America/New_York"
    coach.save()
    choose(coach, runs=False)  # only the digest here
    monday = last_monday(athlete) + timedelta(weeks=1)
    at_seven_utc = datetime.combine(monday, time(7, 0), tzinfo=ZoneInfo("UTC"))  # 2:00 there
    assert coach_emails.coach_batches_send(now=at_seven_utc) == 0
    ny = datetime.combine(monday, time(6, 50), tzinfo=NEW_YORK)
    assert coach_emails.coach_batches_send(now=ny) == 0
    assert coach_emails.coach_batches_send(now=ny.replace(hour=7, minute=0)) == 1
    assert coach_emails.coach_batches_send(now=ny.replace(hour=7, minute=15)) == 0
    tuesday = ny.replace(hour=7) + timedelta(days=1)
    assert coach_emails.coach_batches_send(now=tuesday) == 0
    [claim] = CoachEmail.objects.filter(kind=CoachEmailKind.WEEKLY)
    assert claim.period == monday and len(mail.outbox) == 1


def test_no_digest_when_turned_off(coach, athlete):
    choose(coach, digest=False, runs=False)
    monday = last_monday(athlete) + timedelta(weeks=1)
    assert coach_emails.coach_batches_send(now=datetime.combine(monday, time(12), NEW_YORK)) == 0
    assert mail.outbox == []


def _team(coach, n: int, monday, *, first: int):
    for i in range(first, first + n):
        user = make_user(f"runner{i}@example.com", first="Runner", last=f"N{i:02}")
        athlete = Athlete.objects.create(
            coach=coach, user=user, first_name="Runner", last_name=f"N{i:02}", units="mi"
        )
        block = make_block(athlete, race_date=monday + timedelta(weeks=10))
        for d in range(4):
            session = add_session(block, monday - timedelta(days=7 - d), SessionKind.EASY)
            if d % 2:
                add_log(
                    athlete,
                    day=session.date,
                    session=session,
                    compliance="yellow",
                    findings=[WARNING],
                    pain="Sore" if d == 3 else "",
                )
        template = ProgressionTemplate.objects.create(
            owner=coach, name=f"Template {i}", phase="base"
        )
        coming = add_session(
            block,
            monday + timedelta(days=i % 7),
            SessionKind.PROGRESSION,
            [Stage(duration_s=1200, zone="easy"), Stage(distance_m=3000, zone="steady")],
        )
        coming.template = template
        coming.save()


def test_the_digest_reads_as_many_queries_for_3_athletes_as_for_12(coach):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    counts = []
    for first, n in ((0, 3), (3, 9)):
        _team(coach, n, monday, first=first)
        with CaptureQueriesContext(connection) as queries:
            digest = coach_emails.coach_digest(coach, monday=monday)
        counts.append(len(queries))
        assert len(digest.weeks) == first + n
        assert len(digest.attention) == 2 * (first + n) and len(digest.coming) == first + n
    assert counts[0] == counts[1]


# -- The settings page ------------------------------------------------------------------------


def test_it_lets_a_coach_choose_an_email_per_run_and_saves_back_unchanged(coach_client, coach):
    coach.time_zone = "America/New_York"
    coach.save()
    url = reverse("email-settings")
    page = coach_client.get(url)
    assert "America/New York" in page.text and 'type="radio"' in page.text
    chosen = {
        "coach_notices": "on",
        "runs": "on",
        "runs_batch": "each",
        "runs_time": "06:30",
        "digest": "on",
    }
    assert coach_client.post(url, chosen).status_code == 302
    stored = EmailSettings.objects.get(user=coach)
    assert (stored.runs_batch, stored.runs_time, stored.runs, stored.digest) == (
        RunEmailBatch.EACH,
        time(6, 30),
        True,
        True,
    )
    form = coach_client.get(url).context["form"]
    again = {name: form[name].value() for name in form.fields}
    again = {name: value for name, value in again.items() if value not in (False, None)}
    again = {k: "on" if v is True else str(v)[:5] for k, v in again.items()}
    assert coach_client.post(url, again).status_code == 302
    saved = EmailSettings.objects.get(user=coach)
    assert [getattr(saved, f) for f in chosen] == [getattr(stored, f) for f in chosen]


def test_it_refuses_a_batch_mode_that_is_not_one(coach_client, coach):
    response = coach_client.post(
        reverse("email-settings"), {"runs": "on", "runs_batch": "hourly", "runs_time": "07:00"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not EmailSettings.objects.exists()


def test_an_athlete_never_sees_the_coachs_email_choices(client, athlete):
    client.force_login(athlete.user)
    page = client.get(reverse("email-settings")).text
    assert "runs_batch" not in page and "digest" not in page
