"""The coach's review queue and the marks on reviewed runs (docs/running.md §3.12): its order
(pain, then serious, then warning, then clean; newest first within a rank), its filters, marks
one by one and in bulk (all or nothing), and who may see or mark what."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.workouts.test_block_calendar import add_session, make_block
from workouts import review_queue, targets
from workouts.models import LogReviewMark, LogStatus, ReviewState, RunLog, SessionKind

pytestmark = pytest.mark.django_db

SERIOUS = {"code": "finish-too-hard", "severity": "serious", "message": "The finish was too hard."}
WARNING = {"code": "surge", "severity": "warning", "message": "A surge in the steady stage."}


def add_log(athlete, *, days_ago=1, findings=(), pain="", status=LogStatus.DONE, **fields):
    day = targets.athlete_today(athlete) - timedelta(days=days_ago)
    review = {"findings": list(findings), "stages": []} if status == LogStatus.DONE else None
    return RunLog.objects.create(
        athlete=athlete,
        date=day,
        status=status,
        review=review,
        pain_note=pain,
        compliance=fields.pop("compliance", "green"),
        **fields,
    )


def queue_pks(**filters):
    return [row.log.pk for row in review_queue.review_queue(**filters).rows]


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


def test_queue_orders_pain_then_serious_then_warning_then_clean(coach, athlete):
    clean = add_log(athlete, days_ago=1)
    warning = add_log(athlete, days_ago=2, findings=[WARNING])
    serious = add_log(athlete, days_ago=3, findings=[WARNING, SERIOUS])
    pain = add_log(athlete, days_ago=4, pain="Left calf tight from 5 km.")
    assert queue_pks(coach=coach) == [pain.pk, serious.pk, warning.pk, clean.pk]


def test_queue_puts_the_newest_first_within_a_rank(coach, athlete):
    older = add_log(athlete, days_ago=5, findings=[WARNING])
    newer = add_log(athlete, days_ago=2, findings=[WARNING])
    assert queue_pks(coach=coach) == [newer.pk, older.pk]


def test_a_pain_note_of_blanks_is_no_pain():
    assert review_queue.queue_rank("  \n", [WARNING]) == review_queue.WARNING
    assert review_queue.queue_rank("sore knee", []) == review_queue.PAIN
    assert review_queue.queue_rank("", None) == review_queue.CLEAN


def test_queue_holds_only_reviewed_unmarked_runs_of_the_coachs_athletes(
    coach, athlete, other_athlete
):
    mine = add_log(athlete)
    add_log(athlete, status=LogStatus.QUEUED)
    add_log(athlete, status=LogStatus.FAILED)
    add_log(other_athlete)
    marked = add_log(athlete, days_ago=3)
    LogReviewMark.objects.create(log=marked, state=ReviewState.FINE, set_by=coach)
    assert queue_pks(coach=coach) == [mine.pk]
    assert queue_pks(coach=coach, state=ReviewState.FINE) == [marked.pk]


def test_queue_filters_by_finding_code_athlete_and_phase(coach, athlete):
    from athletes.models import Athlete

    second = Athlete.objects.create(coach=coach, first_name="Ben", last_name="Ode", email="b@x.org")
    surge = add_log(athlete, findings=[WARNING])
    hard = add_log(athlete, days_ago=2, findings=[SERIOUS])
    theirs = add_log(second, findings=[WARNING])
    assert set(queue_pks(coach=coach, code="surge")) == {surge.pk, theirs.pk}
    assert queue_pks(coach=coach, athlete_id=second.pk) == [theirs.pk]
    # A run on a session of a block: its phase is the block's on the run's day.
    today = targets.athlete_today(athlete)
    block = make_block(athlete, race_date=today + timedelta(weeks=8))
    session = add_session(block, today - timedelta(days=1), SessionKind.PROGRESSION)
    hard.session = session
    hard.date = session.date
    hard.save()
    phase = block.as_value().phase_on(session.date)
    assert queue_pks(coach=coach, phase=phase) == [hard.pk]
    other = "base" if phase != "base" else "taper"
    assert queue_pks(coach=coach, phase=other) == []


def test_queue_page_shows_rows_gravest_first(coach_client, athlete):
    add_log(athlete, days_ago=1, findings=[WARNING])
    add_log(athlete, days_ago=2, pain="Sharp pain in the right shin.")
    html = coach_client.get(reverse("review-queue")).content.decode()
    assert html.index("Sharp pain in the right shin.") < html.index("A surge in the steady stage.")
    assert 'data-rank="pain"' in html and "Near plan" not in html and "On plan" in html


def test_queue_page_refuses_a_bad_filter_with_its_message(coach_client, athlete):
    add_log(athlete)
    data = {"code": "nonsense", "athlete": "9" * 30, "state": "zzz", "phase": "summer"}
    response = coach_client.get(reverse("review-queue"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a finding from the list." in html
    assert "Choose one of your athletes from the list." in html
    assert "Choose a review state from the list." in html
    assert "Choose a phase from the list." in html
    assert 'data-testid="queue-row"' not in html


def test_bulk_mark_marks_every_ticked_run(coach, coach_client, athlete):
    a, b, c = add_log(athlete), add_log(athlete, days_ago=2), add_log(athlete, days_ago=3)
    LogReviewMark.objects.create(log=b, state=ReviewState.ATTENTION, set_by=coach)
    response = coach_client.post(
        reverse("review-queue-mark"), {"log": [a.pk, b.pk], "mark": "fine", "code": "surge"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("review-queue") + "?code=surge"
    marks = {m.log_id: m for m in LogReviewMark.objects.all()}
    assert {pk: m.state for pk, m in marks.items()} == {a.pk: "fine", b.pk: "fine"}
    assert marks[a.pk].set_by == coach
    assert queue_pks(coach=coach) == [c.pk]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mark": "fine"}, "Tick at least one run to mark."),
        ({"mark": "bogus", "log": ["LOG"]}, "Choose a review state"),
        ({"mark": "fine", "log": ["LOG", "x"]}, "nothing was marked"),
        ({"mark": "fine", "log": ["LOG", "9" * 30]}, "nothing was marked"),
        ({"mark": "fine", "log": ["LOG", "²"]}, "nothing was marked"),
        ({"mark": "fine", "log": ["LOG", "OTHER"]}, "nothing was marked"),
    ],
)
def test_bulk_mark_refuses_bad_input_and_marks_nothing(
    coach_client, athlete, other_athlete, data, message
):
    mine, theirs = add_log(athlete), add_log(other_athlete)
    if "log" in data:
        data["log"] = [{"LOG": mine.pk, "OTHER": theirs.pk}.get(v, v) for v in data["log"]]
    response = coach_client.post(reverse("review-queue-mark"), data, follow=True)
    assert message in response.content.decode()
    assert not LogReviewMark.objects.exists()


def test_mark_one_from_the_review_page_in_place(coach, coach_client, athlete):
    log = add_log(athlete)
    url = reverse("coach-log-review-state", args=[log.pk])
    response = coach_client.post(url, {"mark": "attention"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saved." in html and "Needs attention, marked" in html
    assert LogReviewMark.objects.get(log=log).state == ReviewState.ATTENTION
    page = coach_client.get(reverse("coach-log", args=[log.pk])).content.decode()
    assert 'data-testid="review-state"' in page
    assert '<option value="attention" selected>' in page


def test_mark_one_from_the_queue_comes_back_to_it(coach_client, athlete):
    log = add_log(athlete)
    url = reverse("coach-log-review-state", args=[log.pk])
    response = coach_client.post(url, {"mark": "fine", "from": "queue", "athlete": athlete.pk})
    assert response["Location"] == reverse("review-queue") + f"?athlete={athlete.pk}"
    assert LogReviewMark.objects.get(log=log).state == ReviewState.FINE


def test_mark_one_refuses_a_bad_state(coach_client, athlete):
    log = add_log(athlete)
    url = reverse("coach-log-review-state", args=[log.pk])
    response = coach_client.post(url, {"mark": "great"}, headers={"HX-Request": "true"})
    assert "Choose a review state" in response.content.decode()
    assert not LogReviewMark.objects.exists()


def test_mark_one_refuses_a_run_not_yet_read(coach_client, athlete):
    log = add_log(athlete, status=LogStatus.QUEUED)
    url = reverse("coach-log-review-state", args=[log.pk])
    response = coach_client.post(url, {"mark": "fine"}, follow=True)
    assert "not reviewed yet" in response.content.decode()
    assert not LogReviewMark.objects.exists()


def test_other_coach_gets_404_marking(client, other_coach, athlete):
    log = add_log(athlete)
    client.force_login(other_coach)
    url = reverse("coach-log-review-state", args=[log.pk])
    assert client.post(url, {"mark": "fine"}).status_code == 404
    assert not LogReviewMark.objects.exists()


def test_other_coachs_queue_does_not_show_my_athletes(client, other_coach, athlete):
    add_log(athlete, pain="Swollen kneecap after 10 km")
    client.force_login(other_coach)
    html = client.get(reverse("review-queue")).content.decode()
    assert "Swollen kneecap" not in html and 'data-testid="queue-empty"' in html


def test_athlete_never_reaches_the_queue(client, athlete):
    log = add_log(athlete)
    client.force_login(athlete.user)
    assert client.get(reverse("review-queue")).status_code in (403, 404)
    response = client.post(reverse("review-queue-mark"), {"log": [log.pk], "mark": "fine"})
    assert response.status_code in (403, 404)
    assert not LogReviewMark.objects.exists()
    page = client.get(reverse("athlete-log", args=[log.pk])).content.decode()
    assert 'data-testid="review-state"' not in page


def test_queue_is_in_the_coachs_nav(coach_client):
    html = coach_client.get(reverse("review-queue")).content.decode()
    assert f'href="{reverse("review-queue")}" aria-current="page"' in html


def test_marking_the_same_state_again_keeps_who_and_when(coach, other_coach, athlete):
    log = add_log(athlete)
    assert review_queue.log_review_mark(log=log, state="new", by=coach).pk is None
    assert not LogReviewMark.objects.exists()
    first = review_queue.log_review_mark(log=log, state="fine", by=coach)
    again = review_queue.log_review_mark(log=log, state="fine", by=other_coach)
    assert again.set_by == coach and again.set_at == first.set_at
