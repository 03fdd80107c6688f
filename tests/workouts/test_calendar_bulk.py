"""Bulk edits of a block's calendar as the services and views write them: a week copied onto
another, a session repeated weekly, a rest day inserted or taken out with the following
sessions moving along (race day and the taper never), a template applied to chosen days.
Every refusal changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from athletes.models import Athlete
from athletes.paces import MARATHON_M
from tests.conftest import add_5k
from workouts import services
from workouts.models import PlannedSession, ProgressionTemplate, SessionKind, TemplateStage
from workouts.plan_text import parse_plan

BASE_RUN = "40min easy, 15min steady, 10min marathon"


def next_saturday(weeks_ahead: int = 20):
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def make_block(athlete):
    """An 18-week block for a Saturday race: weeks run Sunday to Saturday; base is weeks
    1–6, the taper weeks 17–18 (from the Sunday 13 days before the race)."""
    return services.block_create(
        athlete=athlete,
        race_name="Valencia Marathon",
        race_date=next_saturday(),
        race_distance_m=MARATHON_M,
        n_weeks=18,
    )


@pytest.fixture
def block(athlete):
    add_5k(athlete)
    return make_block(athlete)


def day_of(block, week: int, weekday: int):
    """The day of week `week` of the block that falls on `weekday` (0 = Monday)."""
    start = block.start + timedelta(weeks=week - 1)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def taper_start(block):
    return day_of(block, 17, 6)  # weeks start on Sunday, the day after the race's weekday


def add(block, day, plan=BASE_RUN, kind=SessionKind.PROGRESSION, **fields):
    values = {"title": "", "notes": ""} | fields
    session, _ = services.session_save(
        block=block, date=day, kind=kind, stages=parse_plan(plan) if plan else [], **values
    )
    return session


def easy(block, day, **fields):
    return add(block, day, plan="", kind=SessionKind.EASY, **fields)


def calendar_state(block):
    """Everything a bulk edit may change, for "nothing changed" checks."""
    return sorted(
        (
            s.pk,
            s.date,
            s.original_date,
            s.kind,
            s.title,
            s.notes,
            s.version,
            tuple(s.stage_values()),
        )
        for s in PlannedSession.objects.filter(block=block).prefetch_related("stages")
    )


def sessions_on(block, day):
    return list(PlannedSession.objects.filter(block=block, date=day).prefetch_related("stages"))


# -- Copy a week onto another ---------------------------------------------------------------


def test_copies_every_session_of_a_week_day_for_day_with_its_stages(block):
    tuesday, thursday = day_of(block, 2, 1), day_of(block, 2, 3)
    add(block, tuesday, title="Thirds", notes="Relaxed start")
    easy(block, thursday, notes="Flat route")

    done = services.block_week_copy(block=block, from_week=2, to_week=4)

    [run] = sessions_on(block, tuesday + timedelta(weeks=2))
    assert (run.kind, run.title, run.notes) == (SessionKind.PROGRESSION, "Thirds", "Relaxed start")
    assert run.stage_values() == parse_plan(BASE_RUN)
    assert run.original_date == run.date and not run.locked and not run.proposed
    [copied_easy] = sessions_on(block, thursday + timedelta(weeks=2))
    assert (copied_easy.kind, copied_easy.notes) == (SessionKind.EASY, "Flat route")
    assert len(sessions_on(block, tuesday)) == 1  # the week copied is left as it was
    assert done.summary == "Copied 2 sessions of week 2 onto week 4."


def test_keeps_what_the_target_week_holds_and_says_so(block):
    add(block, day_of(block, 2, 1))
    there = easy(block, day_of(block, 4, 3))

    done = services.block_week_copy(block=block, from_week=2, to_week=4)

    assert PlannedSession.objects.filter(pk=there.pk).exists()
    assert any("Kept what week 4 held already" in note for note in done.notes)
    assert any("tick “replace”" in note for note in done.notes)


def test_replace_deletes_what_the_target_week_holds_but_locked_sessions(block):
    add(block, day_of(block, 2, 1))
    there = easy(block, day_of(block, 4, 3))
    locked = easy(block, day_of(block, 4, 4))
    services.session_lock(session=locked, locked=True)

    done = services.block_week_copy(block=block, from_week=2, to_week=4, replace=True)

    assert not PlannedSession.objects.filter(pk=there.pk).exists()
    assert PlannedSession.objects.filter(pk=locked.pk).exists()
    assert "Replaced 1 session of week 4." in done.notes


def test_refuses_a_copy_that_lands_a_progression_run_in_the_last_10_days(block):
    add(block, day_of(block, 15, 3), plan="60min easy, 30min steady, 30min marathon")
    easy(block, day_of(block, 15, 4))
    before = calendar_state(block)

    with pytest.raises(services.BlockRejected, match="before the race; leave the last 10 days"):
        services.block_week_copy(block=block, from_week=15, to_week=17, replace=True)

    assert calendar_state(block) == before


def test_never_copies_the_race(block):
    before = calendar_state(block)

    with pytest.raises(services.BlockRejected, match="Week 18 has no session to copy"):
        services.block_week_copy(block=block, from_week=18, to_week=16)

    assert calendar_state(block) == before


def test_leaves_out_a_session_that_would_land_on_race_day(block):
    easy(block, day_of(block, 10, 5))
    easy(block, day_of(block, 10, 1))

    done = services.block_week_copy(block=block, from_week=10, to_week=18)

    [race] = sessions_on(block, block.race_date)
    assert race.kind == SessionKind.RACE
    assert any("its day in week 18 is a race" in note for note in done.notes)


@pytest.mark.parametrize("weeks", [(2, 2), (0, 3), (2, 19)])
def test_refuses_a_week_that_is_not_another_of_the_block(block, weeks):
    add(block, day_of(block, 2, 1))
    before = calendar_state(block)

    with pytest.raises(services.BlockRejected):
        services.block_week_copy(block=block, from_week=weeks[0], to_week=weeks[1])

    assert calendar_state(block) == before


# -- Repeat a session weekly ----------------------------------------------------------------


def test_repeats_a_session_on_its_weekday_for_n_weeks(block):
    tuesday = day_of(block, 1, 1)
    session = easy(block, tuesday, title="Recovery jog")

    done = services.session_repeat_weekly(session=session, n_weeks=3)

    for k in (1, 2, 3):
        [copy] = sessions_on(block, tuesday + timedelta(weeks=k))
        assert (copy.kind, copy.title, copy.original_date) == (
            SessionKind.EASY,
            "Recovery jog",
            copy.date,
        )
    assert not sessions_on(block, tuesday + timedelta(weeks=4))
    assert "weekly for 3 weeks" in done.summary


def test_a_progression_run_repeated_stops_at_the_taper_and_says_so(block):
    tuesday = day_of(block, 14, 1)
    session = add(block, tuesday, plan="60min easy, 30min steady, 25min marathon")

    done = services.session_repeat_weekly(session=session, n_weeks=4)

    assert len(sessions_on(block, tuesday + timedelta(weeks=2))) == 1  # week 16
    assert not sessions_on(block, tuesday + timedelta(weeks=3))  # week 17: the taper
    assert any("Stopped at the taper" in note for note in done.notes)


@pytest.mark.parametrize("n_weeks", [0, 30, 5])
def test_refuses_a_repeat_beyond_the_block_and_changes_nothing(block, n_weeks):
    session = easy(block, day_of(block, 15, 1))
    before = calendar_state(block)

    with pytest.raises(services.BlockRejected):
        services.session_repeat_weekly(session=session, n_weeks=n_weeks)

    assert calendar_state(block) == before


def test_refuses_to_repeat_the_race(block):
    race = PlannedSession.objects.get(block=block, kind=SessionKind.RACE)

    with pytest.raises(services.BlockRejected, match="A race is not repeated"):
        services.session_repeat_weekly(session=race, n_weeks=1)


# -- Insert or remove a rest day ------------------------------------------------------------


def test_inserting_a_rest_day_moves_every_following_session_up_to_the_taper(block):
    day = day_of(block, 3, 1)
    before_day = easy(block, day - timedelta(days=1))
    on_day = add(block, day)
    later = easy(block, day_of(block, 9, 4))
    in_taper = easy(block, day_of(block, 17, 1))

    done = services.block_rest_day_insert(block=block, day=day)

    for session, moved in ((on_day, 1), (later, 1), (before_day, 0), (in_taper, 0)):
        stored = PlannedSession.objects.get(pk=session.pk)
        assert stored.date == session.date + timedelta(days=moved)
        assert stored.original_date == session.date  # moved or not, it keeps its first day
    race = PlannedSession.objects.get(block=block, kind=SessionKind.RACE)
    assert race.date == block.race_date
    [rest] = sessions_on(block, day)
    assert rest.kind == SessionKind.REST
    assert done.summary.startswith(f"Inserted a rest day on {day:%a} {day.day}")


def test_refuses_a_rest_day_that_would_push_a_session_into_the_taper(block):
    add(block, day_of(block, 5, 1))
    last = easy(block, taper_start(block) - timedelta(days=1))
    before = calendar_state(block)

    with pytest.raises(services.BlockRejected) as refused:
        services.block_rest_day_insert(block=block, day=day_of(block, 5, 1))

    message = refused.value.messages[0]
    assert message.startswith("Nothing moved: the easy run on ")
    assert f"{last.date:%a} {last.date.day}" in message and "taper" in message
    assert calendar_state(block) == before


def test_refuses_a_rest_day_in_the_taper_or_outside_the_block(block):
    easy(block, day_of(block, 16, 1))
    before = calendar_state(block)

    for day in (taper_start(block), block.race_date, block.start - timedelta(days=1)):
        with pytest.raises(services.BlockRejected):
            services.block_rest_day_insert(block=block, day=day)
        with pytest.raises(services.BlockRejected):
            services.block_rest_day_remove(block=block, day=day)

    assert calendar_state(block) == before


def test_a_rest_day_shift_stops_at_a_b_race(block):
    b_race_day = day_of(block, 8, 5)
    b_race = PlannedSession.objects.create(
        block=block, date=b_race_day, kind=SessionKind.RACE, title="Half", original_date=None
    )
    before_race = easy(block, day_of(block, 8, 2))
    after_race = easy(block, day_of(block, 9, 2))

    services.block_rest_day_insert(block=block, day=day_of(block, 8, 0))

    assert PlannedSession.objects.get(pk=b_race.pk).date == b_race_day
    assert PlannedSession.objects.get(pk=before_race.pk).date == before_race.date + timedelta(1)
    assert PlannedSession.objects.get(pk=after_race.pk).date == after_race.date


def test_removing_a_rest_day_moves_the_following_sessions_a_day_earlier(block):
    rest_day = day_of(block, 4, 0)
    rest = add(block, rest_day, plan="", kind=SessionKind.REST)
    later = add(block, day_of(block, 4, 2))
    in_taper = easy(block, day_of(block, 17, 1))

    services.block_rest_day_remove(block=block, day=rest_day)

    assert not PlannedSession.objects.filter(pk=rest.pk).exists()
    moved = PlannedSession.objects.get(pk=later.pk)
    assert (moved.date, moved.original_date) == (later.date - timedelta(days=1), later.date)
    assert moved.is_moved
    assert PlannedSession.objects.get(pk=in_taper.pk).date == in_taper.date


def test_insert_then_remove_leaves_the_sessions_where_they_were(block):
    day = day_of(block, 6, 3)
    session = easy(block, day_of(block, 6, 4))

    services.block_rest_day_insert(block=block, day=day)
    services.block_rest_day_remove(block=block, day=day)

    back = PlannedSession.objects.get(pk=session.pk)
    assert (back.date, back.original_date, back.is_moved) == (session.date, session.date, False)


def test_refuses_to_remove_a_day_that_holds_a_run(block):
    day = day_of(block, 4, 1)
    easy(block, day)
    easy(block, day_of(block, 4, 3))
    before = calendar_state(block)

    with pytest.raises(services.BlockRejected, match="holds a easy run|holds an? easy run"):
        services.block_rest_day_remove(block=block, day=day)

    assert calendar_state(block) == before


# -- Apply a template to chosen days --------------------------------------------------------


def base_template(coach):
    template = ProgressionTemplate.objects.create(owner=coach, name="Base builder", phase="base")
    TemplateStage.objects.bulk_create(
        TemplateStage.from_value(stage, position=i, template=template)
        for i, stage in enumerate(parse_plan(BASE_RUN))
    )
    return template


def test_applies_a_template_to_chosen_days_replacing_easy_runs(block, coach):
    template = base_template(coach)
    days = [day_of(block, 2, 2), day_of(block, 3, 2)]
    replaced = easy(block, days[1])

    done = services.block_template_apply(block=block, template=template, days=days)

    for day in days:
        [run] = sessions_on(block, day)
        assert (run.kind, run.template_id, run.title) == (
            SessionKind.PROGRESSION,
            template.pk,
            "Base builder",
        )
        assert run.stage_values() == parse_plan(BASE_RUN)
    assert not PlannedSession.objects.filter(pk=replaced.pk).exists()
    assert not any("No paces" in note for note in done.notes)


def test_an_athlete_without_paces_still_gets_the_runs_and_is_told_what_is_missing(coach):
    amara = Athlete.objects.create(coach=coach, first_name="Amara", last_name="Okafor")
    block = make_block(amara)
    day = day_of(block, 2, 2)

    done = services.block_template_apply(block=block, template=base_template(coach), days=[day])

    assert len(sessions_on(block, day)) == 1
    assert (
        "No paces for Amara yet: the runs are placed by zone (their easy, steady and marathon "
        "targets are missing); add a race result to resolve their targets."
    ) in done.notes


def test_refuses_a_template_on_a_day_of_the_last_10_and_applies_none(block, coach):
    before = calendar_state(block)
    days = [day_of(block, 5, 2), block.race_date - timedelta(days=3)]

    with pytest.raises(services.BlockRejected, match="leave the last 10 days"):
        services.block_template_apply(block=block, template=base_template(coach), days=days)

    assert calendar_state(block) == before


# -- The views ------------------------------------------------------------------------------


def test_copying_a_week_from_the_calendar_says_what_it_did(coach_client, block):
    add(block, day_of(block, 2, 1))

    response = coach_client.post(
        reverse("block-week-copy", args=[block.pk]),
        {"from_week": 2, "to_week": 3},
        follow=True,
    )

    assert "Copied 1 session of week 2 onto week 3." in response.content.decode()
    assert len(sessions_on(block, day_of(block, 3, 1))) == 1


def test_a_bad_week_number_gets_a_message_not_a_500(coach_client, block):
    response = coach_client.post(
        reverse("block-week-copy", args=[block.pk]), {"from_week": 2, "to_week": "x"}, follow=True
    )

    assert "Nothing copied: Give a whole number of weeks from 1 to 30." in (
        response.content.decode()
    )


def test_the_calendar_offers_the_bulk_edits_in_its_menus(coach_client, block):
    easy(block, day_of(block, 2, 1))

    page = coach_client.get(reverse("block-detail", args=[block.pk])).content.decode()

    assert reverse("block-week-copy", args=[block.pk]) in page
    assert reverse("block-rest-day-insert", args=[block.pk]) in page
    assert "Repeat weekly for" in page


def test_applying_a_template_from_its_page(coach_client, block, coach):
    template = base_template(coach)

    page = coach_client.get(reverse("template-detail", args=[template.pk])).content.decode()
    response = coach_client.post(
        reverse("template-apply", args=[template.pk]),
        {"block": block.pk, "weekdays": ["2"], "first_week": 2, "last_week": 3},
        follow=True,
    )

    assert "Apply to days of a block" in page
    assert "Applied “Base builder” to 2 days of the block" in response.content.decode()
    assert len(sessions_on(block, day_of(block, 3, 2))) == 1


def outsider_posts(block, session, template):
    return [
        (reverse("block-week-copy", args=[block.pk]), {"from_week": 2, "to_week": 3}),
        (reverse("session-repeat", args=[session.pk]), {"n_weeks": 2}),
        (reverse("block-rest-day-insert", args=[block.pk]), {"date": session.date.isoformat()}),
        (reverse("block-rest-day-remove", args=[block.pk]), {"date": session.date.isoformat()}),
        (reverse("template-apply", args=[template.pk]), {"block": block.pk, "weekdays": ["2"]}),
    ]


def test_other_coach_gets_404_on_every_bulk_edit(client, other_coach, block, coach):
    session = easy(block, day_of(block, 2, 1))
    template = base_template(coach)
    client.force_login(other_coach)
    before = calendar_state(block)

    for url, data in outsider_posts(block, session, template):
        assert client.post(url, data).status_code == 404, url

    assert calendar_state(block) == before


def test_other_coach_cannot_apply_a_builtin_template_to_someone_elses_block(
    client, other_coach, block
):
    builtin = ProgressionTemplate.objects.create(owner=None, name="Thirds", phase="base")
    client.force_login(other_coach)

    response = client.post(
        reverse("template-apply", args=[builtin.pk]), {"block": block.pk, "weekdays": ["2"]}
    )

    assert response.status_code == 302
    assert PlannedSession.objects.filter(block=block, template=builtin).count() == 0
