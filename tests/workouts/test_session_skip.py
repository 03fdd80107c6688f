"""Sessions marked as not run (issue 7, with issue 9's reasons): what can be marked, the undo
of a delete keeping the reason, and a re-plan after two weeks not run resuming the ladders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from workouts import services
from workouts.models import PlannedSession, SessionKind
from workouts.selectors import block_calendar


def saturday_after(weeks: int):
    day = timezone.localdate() + timedelta(weeks=weeks)
    return day + timedelta(days=(5 - day.weekday()) % 7)


@pytest.fixture
def half_past_block(athlete):
    """An 18-week block whose race is ~10 weeks ahead: its first 7 weeks are past, and its
    progression runs proposed."""
    add_5k(athlete)
    block = services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=saturday_after(10),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    services.block_propose(block=block)
    return block


def runs(block):
    return list(block.sessions.filter(kind=SessionKind.PROGRESSION).order_by("date"))


def minutes(session):
    return round(sum(stage.duration_s or 0 for stage in session.stages.all()) / 60)


def test_a_past_session_is_marked_not_run_and_back_as_run(half_past_block):
    first = runs(half_past_block)[0]
    services.session_skip(session=first, reason="ill")
    assert first.skipped_reason == "ill" and first.as_value().missed
    services.session_skip(session=first, reason="")
    assert PlannedSession.objects.get(pk=first.pk).skipped_reason == ""


def test_refuses_to_mark_a_session_still_ahead(half_past_block):
    ahead = next(s for s in runs(half_past_block) if s.date > timezone.localdate())
    with pytest.raises(services.SessionRejected, match="still ahead"):
        services.session_skip(session=ahead, reason="ill")
    assert PlannedSession.objects.get(pk=ahead.pk).skipped_reason == ""


def test_refuses_to_mark_race_day_even_once_it_has_come(half_past_block):
    race = half_past_block.sessions.get(kind=SessionKind.RACE)
    with pytest.raises(services.SessionRejected, match="Race day cannot be marked"):
        services.session_skip(session=race, reason="ill", today=race.date)
    assert PlannedSession.objects.get(pk=race.pk).skipped_reason == ""


def test_refuses_a_reason_not_offered(half_past_block):
    with pytest.raises(services.SessionRejected, match="Choose why it was not run"):
        services.session_skip(session=runs(half_past_block)[0], reason="bored")


def test_the_undo_of_a_delete_keeps_the_reason(half_past_block):
    first = runs(half_past_block)[0]
    services.session_skip(session=first, reason="travel")
    token = services.session_delete(session=first)
    snapshot = services.session_undo_read(token=token)
    restored = services.session_restore(block=half_past_block, snapshot=snapshot)
    assert restored.skipped_reason == "travel"


def test_the_weeks_planned_time_leaves_out_sessions_not_run(half_past_block):
    block = half_past_block
    first = runs(block)[0]
    week = block_calendar(block, today=timezone.localdate()).weeks[0]
    services.session_skip(session=first, reason="ill")
    after = block_calendar(block, today=timezone.localdate()).weeks[0]
    assert round(week.duration_s - after.duration_s) == minutes(first) * 60


def test_refuses_to_mark_a_span_reaching_into_the_days_ahead(half_past_block):
    today = timezone.localdate()
    with pytest.raises(services.BlockRejected, match="still ahead"):
        services.block_skip_range(
            block=half_past_block, start=today, end=today + timedelta(days=3), reason="ill"
        )
    assert not half_past_block.sessions.exclude(skipped_reason="").exists()


def test_the_replan_after_two_weeks_not_run_resumes_the_base_ladder(half_past_block):
    block = half_past_block
    base = runs(block)[:6]  # one a week in base, growing: 45, 50, 55, 65, 70, 75 minutes
    start, end = block.start + timedelta(weeks=3), block.start + timedelta(weeks=5, days=-1)
    assert services.block_skip_range(block=block, start=start, end=end, reason="ill") == 2
    replan = services.block_replan_preview(block=block, from_date=end + timedelta(days=1))
    [change] = replan.changed
    # Weeks 4 and 5 were not run: week 6 resumes after week 3's run, with week 4's step.
    assert change.before.date == base[5].date
    after = round(sum(stage.duration_s for stage in change.after.stages) / 60)
    assert after == minutes(base[3]) < minutes(base[5])
    assert after > minutes(base[2])


# -- Through the pages ------------------------------------------------------------------------


def test_the_chip_menu_marks_a_session_not_run_and_shows_its_reason(coach_client, half_past_block):
    first = runs(half_past_block)[0]
    response = coach_client.post(f"/sessions/{first.pk}/skip/", {"reason": "ill"}, follow=True)
    page = response.content.decode()
    assert "Not run: ill" in page and "Undo: it was run" in page
    assert "is-skipped" in page


def test_the_chip_menu_refuses_a_future_session_with_its_reason(coach_client, half_past_block):
    ahead = next(s for s in runs(half_past_block) if s.date > timezone.localdate())
    response = coach_client.post(f"/sessions/{ahead.pk}/skip/", {"reason": "ill"}, follow=True)
    assert "still ahead" in response.content.decode()
    assert PlannedSession.objects.get(pk=ahead.pk).skipped_reason == ""


def test_another_coach_gets_404_and_marks_nothing(client, other_coach, half_past_block):
    client.force_login(other_coach)
    first = runs(half_past_block)[0]
    assert client.post(f"/sessions/{first.pk}/skip/", {"reason": "ill"}).status_code == 404
    data = {"start": half_past_block.start.isoformat(), "end": first.date.isoformat()}
    url = f"/blocks/{half_past_block.pk}/replan/not-run/"
    assert client.post(url, data | {"reason": "ill"}).status_code == 404
    assert not PlannedSession.objects.exclude(skipped_reason="").exists()


def test_the_bulk_form_marks_the_span_then_previews_the_replan_from_the_next_day(
    coach_client, half_past_block
):
    block = half_past_block
    start, end = block.start + timedelta(weeks=3), block.start + timedelta(weeks=5, days=-1)
    data = {"start": start.isoformat(), "end": end.isoformat(), "reason": "injured"}
    response = coach_client.post(f"/blocks/{block.pk}/replan/not-run/", data, follow=True)
    page = response.content.decode()
    assert "Marked 2 sessions" in page and "(injured)" in page
    assert 'data-testid="replan-preview"' in page
    assert f'name="from" value="{(end + timedelta(days=1)).isoformat()}"' in page
    assert set(block.sessions.exclude(skipped_reason="").values_list("skipped_reason")) == {
        ("injured",)
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end": "soon"}, "is not a date"),
        ({"reason": "bored"}, "Choose why they were not run"),
        ({"start": "1999-01-01"}, "Choose days of the block"),
    ],
)
def test_the_bulk_form_refuses_bad_input_and_marks_nothing(
    coach_client, half_past_block, fields, message
):
    block = half_past_block
    data = {
        "start": (block.start + timedelta(weeks=3)).isoformat(),
        "end": (block.start + timedelta(weeks=4)).isoformat(),
        "reason": "ill",
    } | fields
    response = coach_client.post(f"/blocks/{block.pk}/replan/not-run/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not block.sessions.exclude(skipped_reason="").exists()


def test_a_block_not_yet_begun_offers_no_days_to_mark(coach_client, athlete):
    block = services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=saturday_after(20),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )
    page = coach_client.get(f"/blocks/{block.pk}/replan/").content.decode()
    assert 'data-testid="skip-range"' not in page
    assert "Re-plan from" in page
