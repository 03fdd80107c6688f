"""Word when the plan changes (docs/running.md §4.14): one email per batch of changes to the
athlete's next 7 days, the opt-in daily email at their local time, notices to the coach, and
an unsubscribe link in each that works without a login."""

import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from athletes.models import PlanVisibility
from tests.conftest import add_5k
from tests.workouts.test_block_calendar import add_session, make_block
from workouts import plan_emails, services
from workouts.models import (
    CoachNotice,
    DailyEmail,
    EmailSettings,
    PlanChange,
    PlanChangeKind,
    SessionKind,
)
from workouts.plan_changes import BATCH_DELAY_S, SessionState, plan_diff, untold
from workouts.progression import Stage
from workouts.targets import athlete_today

pytestmark = pytest.mark.django_db

PROGRESSION = [
    Stage(duration_s=1800, zone="easy"),
    Stage(duration_s=1200, zone="steady"),
    Stage(duration_s=600, zone="marathon"),
]


@pytest.fixture
def block(athlete):
    return make_block(athlete, race_date=timezone.localdate() + timedelta(weeks=10))


@pytest.fixture
def today(athlete):
    return athlete_today(athlete)


def save(block, day, *, session=None, kind=SessionKind.EASY, title="", stages=()):
    session, _ = services.session_save(
        block=block, session=session, date=day, kind=kind, title=title, notes="", stages=stages
    )
    return session


def send(athlete, now=None) -> bool:
    return plan_emails.plan_changes_email_send(athlete_id=athlete.pk, now=now)


def text(message) -> str:
    return message.body


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


# -- What counts as a change (pure) ----------------------------------------------------------


def test_plan_diff_tells_adds_moves_changes_and_deletes_near_today(today):
    def state(days, version=1):
        return SessionState(today + timedelta(days=days), version, "Easy run")

    before = {1: state(1), 2: state(2), 3: state(3), 4: state(20), 5: state(30)}
    after = {1: state(4), 2: state(2, version=2), 4: state(5), 5: state(31), 6: state(6)}
    changes = plan_diff(before, after, first=today, last=today + timedelta(days=6))
    assert {(c.session_id, c.what) for c in changes} == {
        (1, PlanChangeKind.MOVED),
        (2, PlanChangeKind.CHANGED),
        (3, PlanChangeKind.DELETED),
        (4, PlanChangeKind.MOVED),  # from far ahead into the next days
        (6, PlanChangeKind.ADDED),
    }  # 5 moved between two far days: not told
    assert next(c for c in changes if c.session_id == 1).from_date == today + timedelta(days=1)


# -- Change batches ----------------------------------------------------------------------------


def test_a_batch_of_three_edits_sends_one_email(
    athlete, block, today, django_capture_on_commit_callbacks
):
    add_5k(athlete)
    with django_capture_on_commit_callbacks() as enqueued:
        run = save(
            block, today + timedelta(days=1), kind=SessionKind.PROGRESSION, stages=PROGRESSION
        )
        easy = save(block, today + timedelta(days=2))
        services.session_move(session=run, date=today + timedelta(days=3))
    assert PlanChange.objects.filter(athlete=athlete, sent_at=None).count() == 3
    assert len(enqueued) == 1  # only the batch's first change enqueues its email

    assert send(athlete) is True
    [message] = mail.outbox
    assert message.to == [athlete.user.email]
    assert message.subject == "Your plan changed: 2 sessions of the next days"
    body = text(message)
    assert "Added: Progression run" in body  # added then moved in one batch: new to them
    assert f"Added: Easy run, {easy.date:%A} {easy.date.day}" in body
    assert "Moved" not in body
    # The stages at the athlete's own paces, and the link to the session's page.
    assert re.search(r"30 min easy, \d:\d\d–\d:\d\d /km", body)
    assert f"/me/sessions/{run.pk}/" in body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Open the session" in html


def test_running_the_task_twice_sends_one_email(athlete, block, today):
    save(block, today + timedelta(days=1))
    from workouts.tasks import plan_changes_email_task

    assert plan_changes_email_task.run(athlete.pk) is True
    assert plan_changes_email_task.run(athlete.pk) is False
    assert len(mail.outbox) == 1
    day = today + timedelta(days=1)
    assert mail.outbox[0].subject == f"Your plan changed: Easy run, {day:%a} {day.day} {day:%b}"
    assert not PlanChange.objects.filter(sent_at=None).exists()


def test_the_task_is_enqueued_on_commit_with_the_batch_delay(
    athlete, block, today, django_capture_on_commit_callbacks, monkeypatch
):
    from workouts.tasks import plan_changes_email_task

    calls = []
    monkeypatch.setattr(plan_changes_email_task, "apply_async", lambda **kw: calls.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        save(block, today + timedelta(days=1))
    assert calls == [{"args": (athlete.pk,), "countdown": BATCH_DELAY_S}]


def test_a_move_and_a_delete_are_told_with_the_days(athlete, block, today):
    run = add_session(block, today + timedelta(days=1), SessionKind.EASY)
    gone = add_session(block, today + timedelta(days=2), SessionKind.EASY)
    services.session_move(session=run, date=today + timedelta(days=4))
    services.session_delete(session=gone)
    send(athlete)
    body = text(mail.outbox[0])
    was = today + timedelta(days=1)
    assert f"Moved: Easy run, {run.date:%A} {run.date.day}" in body
    assert f"(was {was:%A} {was.day} {was:%B})" in body
    assert f"Taken off your plan: Easy run, {gone.date:%A} {gone.date.day}" in body


def test_a_session_added_and_deleted_in_one_batch_is_not_told(athlete, block, today):
    session = save(block, today + timedelta(days=1))
    services.session_delete(session=session)
    assert send(athlete) is False
    assert mail.outbox == []


def test_a_change_ten_days_ahead_sends_no_email(athlete, block, today):
    save(block, today + timedelta(days=10))
    far = add_session(block, today + timedelta(days=12), SessionKind.EASY)
    services.session_move(session=far, date=today + timedelta(days=13))
    assert not PlanChange.objects.exists()
    assert send(athlete) is False
    assert plan_emails.plan_changes_sweep(now=timezone.now() + timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_a_hidden_session_is_never_mentioned(athlete, block, today):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 2
    athlete.save()
    save(block, today + timedelta(days=1), title="Shown")
    save(block, today + timedelta(days=5), kind=SessionKind.QUALITY, title="Secret hills")
    send(athlete)
    body = text(mail.outbox[0])
    assert "Shown" in body
    assert "Secret" not in body and "Quality" not in body
    assert "Secret" not in mail.outbox[0].alternatives[0][0]


def test_a_session_moved_out_of_sight_is_told_as_taken_off_without_its_new_day(
    athlete, block, today
):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 3
    athlete.save()
    session = add_session(block, today + timedelta(days=1), SessionKind.EASY)
    services.session_move(session=session, date=today + timedelta(days=6))
    send(athlete)
    body = text(mail.outbox[0])
    hidden_day = today + timedelta(days=6)
    assert "Taken off your plan: Easy run" in body
    assert f"{hidden_day:%A} {hidden_day.day}" not in body


def test_only_a_hidden_session_changed_sends_nothing(athlete, block, today):
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 1
    athlete.save()
    save(block, today + timedelta(days=4))
    assert send(athlete) is False
    assert mail.outbox == []


def test_an_athlete_without_an_account_is_told_nothing(coach, today):
    from athletes.models import Athlete

    athlete = Athlete.objects.create(coach=coach, first_name="No", email="no@example.com")
    block = make_block(athlete, race_date=timezone.localdate() + timedelta(weeks=10))
    save(block, today + timedelta(days=1))
    assert not PlanChange.objects.exists()


def test_the_athletes_own_moves_are_not_emailed_to_them(athlete, block, today):
    session = add_session(block, today + timedelta(days=1), SessionKind.EASY)
    with untold():
        services.session_move(session=session, date=today + timedelta(days=2))
    assert not PlanChange.objects.exists()


def test_seeding_demo_blocks_tells_no_one(athlete):
    from workouts.demo import block_seed

    athlete.goal_race_name, athlete.goal_race_distance_m = "Valencia Marathon", 42195
    athlete.goal_race_date = timezone.localdate() + timedelta(weeks=10)
    athlete.save()
    block = block_seed(athlete, n_weeks=18)
    assert block.sessions.filter(date__lte=timezone.localdate() + timedelta(days=6)).count() > 3
    assert not PlanChange.objects.exists()


def test_a_refused_edit_records_nothing(athlete, block, today):
    with pytest.raises(services.SessionRejected):
        save(block, block.end + timedelta(days=3))
    assert not PlanChange.objects.exists()


def test_a_failed_send_releases_the_batch_for_a_retry(athlete, block, today, monkeypatch):
    save(block, today + timedelta(days=1))

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(OSError):
        send(athlete)
    assert PlanChange.objects.filter(sent_at=None, batch="").count() == 1
    monkeypatch.undo()
    assert send(athlete) is True


def test_the_sweep_sends_a_batch_whose_task_was_lost(athlete, block, today):
    save(block, today + timedelta(days=1))
    assert plan_emails.plan_changes_sweep() == 0  # still inside its delay: its task sends it
    later = timezone.now() + timedelta(seconds=BATCH_DELAY_S + plan_emails.SWEEP_GRACE_S + 1)
    assert plan_emails.plan_changes_sweep(now=later) == 1
    assert plan_emails.plan_changes_sweep(now=later) == 0
    assert len(mail.outbox) == 1


def test_turned_off_plan_change_emails_send_nothing(athlete, block, today):
    EmailSettings.objects.create(user=athlete.user, plan_changes=False)
    save(block, today + timedelta(days=1))
    assert send(athlete) is False
    assert mail.outbox == []


def test_the_email_shows_paces_in_the_athletes_miles_and_heart_rates(athlete, block, today):
    add_5k(athlete)
    athlete.units, athlete.resting_hr_bpm, athlete.max_hr_bpm = "mi", 46, 186
    athlete.save()
    save(block, today + timedelta(days=1), kind=SessionKind.PROGRESSION, stages=PROGRESSION)
    send(athlete)
    body = text(mail.outbox[0])
    assert re.search(r"30 min easy, \d+:\d\d–\d+:\d\d /mi, (≤ )?\d+(–\d+)? bpm", body), body


# -- The daily email ---------------------------------------------------------------------------


@pytest.fixture
def in_oslo(athlete):
    athlete.user.time_zone = "Europe/Oslo"
    athlete.user.save()
    EmailSettings.objects.create(user=athlete.user, daily=True, daily_time=time(6, 30))
    return athlete


def oslo(day, hour, minute=0):
    """A moment given in Oslo local time."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/Oslo"))


def test_the_daily_email_goes_once_at_the_athletes_local_time(in_oslo, block):
    day = timezone.localdate() + timedelta(days=3)
    add_session(block, day, SessionKind.PROGRESSION, PROGRESSION)
    assert plan_emails.daily_emails_send(now=oslo(day, 6, 15)) == 0  # before 6:30 there
    assert plan_emails.daily_emails_send(now=oslo(day, 6, 30)) == 1
    assert plan_emails.daily_emails_send(now=oslo(day, 6, 45)) == 0
    assert plan_emails.daily_emails_send(now=oslo(day, 22, 0)) == 0
    [message] = mail.outbox
    assert message.subject == f"Today, {day:%a} {day.day} {day:%b}: Progression run"
    assert "30 min easy" in message.body
    assert DailyEmail.objects.get().date == day


def test_the_daily_email_uses_the_local_day_not_the_servers(in_oslo, block):
    day = timezone.localdate() + timedelta(days=3)
    add_session(block, day, SessionKind.EASY)
    # 23:30 UTC the evening before is already 00:30 on `day` in Oslo: before 6:30, nothing.
    evening = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(minutes=30)
    assert plan_emails.daily_emails_send(now=evening) == 0


def test_no_daily_email_without_opting_in_or_without_a_session(athlete, block):
    day = timezone.localdate() + timedelta(days=3)
    add_session(block, day, SessionKind.EASY)
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    assert plan_emails.daily_emails_send(now=noon) == 0  # not opted in
    EmailSettings.objects.create(user=athlete.user, daily=True, daily_time=time(6, 0))
    empty = noon + timedelta(days=1)
    assert plan_emails.daily_emails_send(now=empty) == 0  # nothing planned that day
    assert plan_emails.daily_emails_send(now=noon) == 1


def test_the_daily_email_leaves_out_a_hidden_session(athlete, block):
    day = timezone.localdate() + timedelta(days=3)
    add_session(block, day, SessionKind.EASY)
    athlete.plan_visibility, athlete.plan_visible_days = PlanVisibility.WINDOW, 1
    athlete.save()
    EmailSettings.objects.create(user=athlete.user, daily=True, daily_time=time(6, 0))
    # On the day itself the session is visible again (the window moves with today).
    assert plan_emails.daily_email_send(athlete=athlete, day=day) is True
    athlete.plan_visibility, athlete.plan_visible_until = PlanVisibility.UNTIL, day - timedelta(1)
    athlete.save()
    DailyEmail.objects.all().delete()
    assert plan_emails.daily_email_send(athlete=athlete, day=day) is False


# -- Word to the coach -------------------------------------------------------------------------


def test_the_coach_is_told_once(coach, athlete, block, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = plan_emails.coach_notice_send(
            coach=coach,
            athlete=athlete,
            subject="Amara moved a session",
            lines=["Easy run: Tue 3 Dec → Wed 4 Dec"],
        )
    [message] = mail.outbox
    assert message.to == [coach.email] and message.subject == "Amara moved a session"
    assert "Easy run: Tue 3 Dec → Wed 4 Dec" in message.body
    assert f"/blocks/{block.pk}/" in message.body
    assert plan_emails.coach_notice_email_send(notice_id=notice.pk) is False
    assert len(mail.outbox) == 1


def test_a_coach_who_turned_notices_off_is_not_emailed(coach, athlete):
    EmailSettings.objects.create(user=coach, coach_notices=False)
    notice = CoachNotice.objects.create(coach=coach, athlete=athlete, subject="x", lines=[])
    assert plan_emails.coach_notice_email_send(notice_id=notice.pk) is False
    assert mail.outbox == []


# -- Unsubscribing -----------------------------------------------------------------------------


def unsubscribe_link(message) -> str:
    [link] = [link for link in links(message.body) if "/email/unsubscribe/" in link]
    return urlsplit(link).path


def test_following_the_unsubscribe_link_turns_plan_change_emails_off(client, athlete, block, today):
    save(block, today + timedelta(days=1))
    send(athlete)
    message = mail.outbox[0]
    path = unsubscribe_link(message)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{path}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    asked = client.get(path)  # no login; a visit only asks (mail scanners open links)
    assert asked.status_code == 200 and 'data-testid="unsubscribe-confirm"' in asked.text
    assert not EmailSettings.objects.filter(user=athlete.user, plan_changes=False).exists()
    response = client.post(path)
    assert response.status_code == 200
    assert "You get no more emails when your coach changes" in response.text
    settings_row = EmailSettings.objects.get(user=athlete.user)
    assert settings_row.plan_changes is False and settings_row.coach_notices is True
    # Turned off, the next change sends nothing.
    save(block, today + timedelta(days=2))
    assert send(athlete) is False


def test_the_one_click_post_of_a_mail_client_unsubscribes(client, athlete):
    path = reverse(
        "email-unsubscribe", args=[plan_emails.unsubscribe_token(user=athlete.user, kind="daily")]
    )
    EmailSettings.objects.create(user=athlete.user, daily=True)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailSettings.objects.get(user=athlete.user).daily is False


def test_undo_on_the_unsubscribe_page_turns_them_back_on(client, athlete):
    token = plan_emails.unsubscribe_token(user=athlete.user, kind="changes")
    path = reverse("email-unsubscribe", args=[token])
    client.post(path)
    assert EmailSettings.objects.get(user=athlete.user).plan_changes is False
    client.post(path, {"resubscribe": "1"})
    assert EmailSettings.objects.get(user=athlete.user).plan_changes is True


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: t.replace(":", "x", 1)])
def test_a_tampered_unsubscribe_link_says_so_and_changes_nothing(client, athlete, mangle):
    token = plan_emails.unsubscribe_token(user=athlete.user, kind="changes")
    for send_it in (client.get, client.post):
        response = send_it(reverse("email-unsubscribe", args=[mangle(token)]))
        assert response.status_code == 400
    assert "not valid" in response.text and "nothing was changed" in response.text
    assert not EmailSettings.objects.exists()


def test_a_link_for_another_kind_cannot_be_forged_from_one(client, athlete):
    token = plan_emails.unsubscribe_token(user=athlete.user, kind="changes")
    payload = signing.b64_encode(f'{{"u":{athlete.user.pk},"k":"daily"}}'.encode()).decode()
    forged = f"{payload}:{token.rsplit(':', 1)[1]}"
    assert signing.loads(token, salt=plan_emails.UNSUBSCRIBE_SALT)["k"] == "changes"
    response = client.get(reverse("email-unsubscribe", args=[forged]))
    assert response.status_code == 400


def test_the_daily_email_carries_its_own_unsubscribe(client, in_oslo, block):
    day = timezone.localdate() + timedelta(days=3)
    add_session(block, day, SessionKind.EASY)
    plan_emails.daily_email_send(athlete=in_oslo, day=day)
    client.post(unsubscribe_link(mail.outbox[0]))
    assert EmailSettings.objects.get(user=in_oslo.user).daily is False


def test_a_coach_notice_carries_its_own_unsubscribe(client, coach, athlete):
    notice = CoachNotice.objects.create(coach=coach, athlete=athlete, subject="x", lines=[])
    plan_emails.coach_notice_email_send(notice_id=notice.pk)
    client.post(unsubscribe_link(mail.outbox[0]))
    assert EmailSettings.objects.get(user=coach).coach_notices is False


# -- The settings page -------------------------------------------------------------------------


def test_it_lets_an_athlete_opt_in_to_the_daily_email_at_a_time(client, athlete):
    client.force_login(athlete.user)
    url = reverse("email-settings")
    page = client.get(url)
    assert page.status_code == 200
    assert "the day&#x27;s session every day" in page.text or "the day's session" in page.text
    assert "coach_notices" not in page.text
    response = client.post(url, {"plan_changes": "on", "daily": "on", "daily_time": "05:45"})
    assert response.status_code == 302
    stored = EmailSettings.objects.get(user=athlete.user)
    assert stored.daily and stored.plan_changes and stored.daily_time == time(5, 45)


def test_it_refuses_a_time_that_is_not_one(client, athlete):
    client.force_login(athlete.user)
    response = client.post(reverse("email-settings"), {"daily": "on", "daily_time": "25:99"})
    assert response.status_code == 200
    assert "Enter a valid time" in response.text
    assert not EmailSettings.objects.exists()


def test_it_saves_the_defaults_unchanged_without_a_row(client, athlete):
    client.force_login(athlete.user)
    defaults = {"plan_changes": "on", "daily_time": "06:00", "comments": "on"}
    response = client.post(reverse("email-settings"), defaults)
    assert response.status_code == 302
    assert not EmailSettings.objects.exists()


def test_it_shows_a_coach_only_the_coachs_emails(coach_client, coach):
    page = coach_client.get(reverse("email-settings"))
    assert "coach_notices" in page.text and "runs_batch" in page.text
    assert "daily_time" not in page.text and "plan_changes" not in page.text
    coach_client.post(reverse("email-settings"), {"runs_batch": "daily", "runs_time": "07:00"})
    stored = EmailSettings.objects.get(user=coach)
    assert stored.coach_notices is False and stored.runs is False and stored.digest is False


def test_anonymous_gets_the_login_page_for_settings(client):
    response = client.get(reverse("email-settings"))
    assert response.status_code == 302 and "/login/" in response.url


def test_each_person_edits_only_their_own_settings(client, athlete, other_athlete):
    client.force_login(other_athlete.user)
    client.post(reverse("email-settings"), {"daily": "on", "daily_time": "07:00"})
    assert EmailSettings.objects.get().user == other_athlete.user


def test_the_account_page_links_to_the_email_settings(client, athlete):
    client.force_login(athlete.user)
    assert reverse("email-settings") in client.get(reverse("account-settings")).text
