"""The thread on a logged run between the athlete and their coach (docs/running.md §3.12): both
read it on the review page, the athlete is emailed of the coach's comment once (a task run
twice sends one email), the coach sees the athlete's reply as "new comment" in the queue, bad
input saves nothing, and nobody else reaches the thread; and the coach's private notes on a
run or an athlete, which the athlete's pages never contain."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.workouts.test_block_calendar import add_session, make_block
from tests.workouts.test_review_queue import add_log
from workouts import review_queue, targets
from workouts.models import (
    COMMENT_MAX_CHARS,
    AthleteCoachNote,
    LogCoachNote,
    LogComment,
    SessionKind,
)
from workouts.tasks import log_comment_email_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(athlete):
    return add_log(athlete)


def comment_url(side, log):
    return reverse(f"{side}-log-comment", args=[log.pk])


def test_coach_comment_shows_to_the_athlete_and_emails_them_once(
    client, coach, athlete, log, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coach)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(comment_url("coach", log), {"text": "Easy this week, please."})
    assert response["Location"].endswith(reverse("coach-log", args=[log.pk]) + "#comments")
    assert len(callbacks) == 1
    comment = LogComment.objects.get()
    assert comment.by_coach and comment.author == coach and comment.emailed_at is not None
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [athlete.email]
    assert "Maria Hernández commented on your run" in mail.subject
    assert "Easy this week, please." in mail.body
    assert reverse("athlete-log", args=[log.pk]) in mail.body
    # The task run again (a redelivery) sends nothing more.
    assert log_comment_email_task.apply(args=[comment.pk]).get() is False
    assert len(mailoutbox) == 1
    client.force_login(athlete.user)
    html = client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert "Easy this week, please." in html and "Your coach" in html


def test_email_task_run_twice_sends_one_email(coach, log, mailoutbox):
    comment = LogComment.objects.create(log=log, author=coach, by_coach=True, text="Well run.")
    assert log_comment_email_task.apply(args=[comment.pk]).get() is True
    assert log_comment_email_task.apply(args=[comment.pk]).get() is False
    assert len(mailoutbox) == 1


def test_a_failed_send_releases_the_claim(coach, log, monkeypatch, mailoutbox):
    comment = LogComment.objects.create(log=log, author=coach, by_coach=True, text="Well run.")

    def refuse(self, *args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(OSError):
        review_queue.log_comment_email_send(comment_id=comment.pk)
    comment.refresh_from_db()
    assert comment.emailed_at is None
    monkeypatch.undo()
    assert review_queue.log_comment_email_send(comment_id=comment.pk) is True
    assert len(mailoutbox) == 1


def test_athlete_reply_emails_nobody_and_is_new_in_the_queue(
    client, coach, athlete, log, mailoutbox, django_capture_on_commit_callbacks
):
    review_queue.log_comment_add(log=log, author=coach, text="How was the calf?")
    client.force_login(athlete.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url("athlete", log), {"text": "Fine after 2 km."})
    assert mailoutbox == []
    assert LogComment.objects.filter(by_coach=False).count() == 1
    client.force_login(coach)
    queue = client.get(reverse("review-queue")).content.decode()
    assert 'data-testid="queue-new-comment"' in queue
    page = client.get(reverse("coach-log", args=[log.pk])).content.decode()
    assert "Fine after 2 km." in page and athlete.full_name in page
    # Answered: no longer new.
    review_queue.log_comment_add(log=log, author=coach, text="Good.")
    queue = client.get(reverse("review-queue")).content.decode()
    assert 'data-testid="queue-new-comment"' not in queue


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \r\n  ", "the comment is empty"),
        ("x" * (COMMENT_MAX_CHARS + 1), f"Keep a comment to {COMMENT_MAX_CHARS} characters"),
    ],
)
def test_bad_comment_is_refused_and_nothing_saved(client, coach, log, text, message):
    client.force_login(coach)
    response = client.post(comment_url("coach", log), {"text": text}, follow=True)
    assert message in response.content.decode()
    assert not LogComment.objects.exists()


def test_crlf_counts_once_and_blanks_are_trimmed(coach, log):
    text = "a\r\n" * (COMMENT_MAX_CHARS // 2 - 1) + "  "
    comment = review_queue.log_comment_add(log=log, author=coach, text=text)
    assert "\r" not in comment.text and not comment.text.endswith(" ")


def test_other_coach_and_other_athlete_get_404(client, other_coach, other_athlete, log):
    client.force_login(other_coach)
    assert client.post(comment_url("coach", log), {"text": "Hi"}).status_code == 404
    client.force_login(other_athlete.user)
    assert client.post(comment_url("athlete", log), {"text": "Hi"}).status_code == 404
    assert not LogComment.objects.exists()


def test_athlete_cannot_use_the_coach_url(client, athlete, log):
    client.force_login(athlete.user)
    assert client.post(comment_url("coach", log), {"text": "Hi"}).status_code in (403, 404)
    assert not LogComment.objects.exists()


# -- The coach's private notes ---------------------------------------------------------------

RUN_NOTE = "Private: she hides pain, ask twice."
ATHLETE_NOTE = "Private: knee surgery 2019, watch downhill runs."


def test_private_notes_show_to_the_coach_and_never_to_the_athlete(
    client, coach, athlete, log, mailoutbox, django_capture_on_commit_callbacks
):
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=8))
    session = add_session(block, log.date, SessionKind.EASY)
    log.session = session
    log.save()
    client.force_login(coach)
    note_url = reverse("coach-log-note", args=[log.pk])
    client.post(note_url, {"about": "run", "text": RUN_NOTE})
    client.post(note_url, {"about": "athlete", "text": ATHLETE_NOTE})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(comment_url("coach", log), {"text": "Nice and steady."})
    page = client.get(reverse("coach-log", args=[log.pk])).content.decode()
    assert RUN_NOTE in page and ATHLETE_NOTE in page
    other = add_log(athlete, days_ago=3)
    assert ATHLETE_NOTE in client.get(reverse("coach-log", args=[other.pk])).content.decode()

    client.force_login(athlete.user)
    pages = [
        reverse("athlete-log", args=[log.pk]),
        reverse("athlete-log-status", args=[log.pk]),
        reverse("athlete-log", args=[other.pk]),
        reverse("athlete-session", args=[session.pk]),
        reverse("me"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Private:" not in html and 'data-testid="coach-notes"' not in html, url
    assert "Nice and steady." in client.get(pages[0]).content.decode()
    assert all("Private:" not in m.body for m in mailoutbox) and len(mailoutbox) == 1


def test_emptying_a_note_deletes_it(client, coach, log):
    client.force_login(coach)
    url = reverse("coach-log-note", args=[log.pk])
    client.post(url, {"about": "run", "text": RUN_NOTE})
    assert LogCoachNote.objects.get(log=log).text == RUN_NOTE
    response = client.post(url, {"about": "run", "text": "  "}, follow=True)
    assert "Deleted your private note on the run." in response.content.decode()
    assert not LogCoachNote.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"about": "run", "text": "x" * (COMMENT_MAX_CHARS + 1)}, "Keep a note to 2000"),
        ({"about": "weather", "text": "hi"}, "on the run or the athlete"),
    ],
)
def test_bad_note_is_refused_and_nothing_saved(client, coach, log, data, message):
    client.force_login(coach)
    response = client.post(reverse("coach-log-note", args=[log.pk]), data, follow=True)
    assert message in response.content.decode()
    assert not LogCoachNote.objects.exists() and not AthleteCoachNote.objects.exists()


def test_notes_are_the_coachs_alone(client, other_coach, athlete, log):
    client.force_login(other_coach)
    url = reverse("coach-log-note", args=[log.pk])
    assert client.post(url, {"about": "run", "text": "x"}).status_code == 404
    client.force_login(athlete.user)
    assert client.post(url, {"about": "run", "text": "x"}).status_code in (403, 404)
    assert not LogCoachNote.objects.exists()


def test_a_former_coachs_notes_do_not_show_to_the_new_coach(
    client, coach, other_coach, athlete, log
):
    client.force_login(coach)
    url = reverse("coach-log-note", args=[log.pk])
    client.post(url, {"about": "run", "text": RUN_NOTE})
    client.post(url, {"about": "athlete", "text": ATHLETE_NOTE})
    athlete.coach = other_coach
    athlete.save()
    client.force_login(other_coach)
    page = client.get(reverse("coach-log", args=[log.pk])).content.decode()
    assert RUN_NOTE not in page and ATHLETE_NOTE not in page
    assert "empty it to delete it" not in page
    client.post(url, {"about": "run", "text": "Mine now."})
    page = client.get(reverse("coach-log", args=[log.pk])).content.decode()
    assert "Mine now." in page


def test_a_comment_to_an_athlete_without_an_account_does_not_claim_an_email(
    client, coach, mailoutbox, django_capture_on_commit_callbacks
):
    from athletes.models import Athlete

    runner = Athlete.objects.create(
        coach=coach, first_name="No", last_name="Login", email="n@x.org"
    )
    log = add_log(runner)
    client.force_login(coach)
    assert "they are told by email" not in client.get(reverse("coach-log", args=[log.pk])).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(comment_url("coach", log), {"text": "Well run."}, follow=True)
    assert "Comment sent." in response.text and "told by email" not in response.text
    assert LogComment.objects.get().text == "Well run." and mailoutbox == []


def test_saving_a_note_unchanged_keeps_when_it_was_written(coach, log):
    first = review_queue.coach_note_save(coach=coach, log=log, text=RUN_NOTE)
    again = review_queue.coach_note_save(coach=coach, log=log, text=RUN_NOTE + "\r\n")
    assert again.updated_at == first.updated_at and LogCoachNote.objects.count() == 1


def test_the_comment_email_unsubscribes_from_comments_only(client, coach, athlete, log, mailoutbox):
    """Every email has a working unsubscribe (docs/running.md §4.14): the comment email's link
    turns off comment emails, and the next comment is not emailed; plan emails stay on."""
    from workouts.plan_emails import email_settings_for

    first = review_queue.log_comment_add(log=log, author=coach, text="Nice finish.")
    assert log_comment_email_task.apply(args=[first.pk]).get() is True
    mail = mailoutbox[0]
    link = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in mail.body and "Stop emails when your coach comments on a run" in mail.body
    client.post(
        link.split("testserver", 1)[-1] if "testserver" in link else link[link.index("/", 8) :]
    )
    settings = email_settings_for(athlete.user)
    assert settings.comments is False and settings.plan_changes is True
    second = review_queue.log_comment_add(log=log, author=coach, text="And again.")
    assert log_comment_email_task.apply(args=[second.pk]).get() is False
    assert len(mailoutbox) == 1
